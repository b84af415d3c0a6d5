//! Passes that find the verb's subject: the nearest actor before it, or the subject it shares with
//! another verb (coordination, control, participle clauses, relative clauses, causatives).

use super::{OrderCtx, OrderDraft, Recall, Verdict};
use crate::events::Note;
use crate::words::{is, List::*};
use dyad_lexicon::CueKind;
use dyad_model::{MentionKind, TokenKind};

/// The subject is the nearest slot before the verb that is not the object of a preposition, nor a
/// role noun modifying a noun pattern ("military cooperation with").
/// "France condemned Russia": France.
pub(super) fn subject(ctx: &OrderCtx, d: &mut OrderDraft) -> Verdict {
    let nominal = ctx.entry(d.vi).nominal;
    for s in (0..ctx.slots().len()).rev() {
        if ctx.slot_end(s) > d.head {
            continue;
        }
        if ctx.after_preposition(s) {
            continue;
        }
        // A role noun used as a modifier of the pattern's noun: "military cooperation with".
        if ctx.slot_end(s) == d.head && nominal && ctx.slots()[s].len() == 1 && ctx.doc.mentions[ctx.slots()[s][0]].kind == MentionKind::Agent {
            continue;
        }
        d.source = Some(s);
        break;
    }
    Verdict::Next
}

/// An appositive between subject and verb: the subject is the name before it.
/// "Pakistan, a key U.S. ally in the war, has refused": Pakistan.
pub(super) fn appositive(ctx: &OrderCtx, d: &mut OrderDraft) -> Verdict {
    let Some(sj) = d.source else { return Verdict::Next };
    let comma_before_verb = (ctx.slot_end(sj)..d.head).any(|t| ctx.key(t) == ",");
    if comma_before_verb {
        if let Some(s2) = (0..sj).rev().find(|&s2| {
            let e = ctx.slot_end(s2);
            e + 1 < ctx.end() && ctx.key(e) == "," && matches!(ctx.key(e + 1), "a" | "an" | "the") && !ctx.after_preposition(s2)
        }) {
            if ctx.slot_start(sj) > ctx.slot_end(s2) {
                d.source = Some(s2);
            }
        }
    }
    Verdict::Next
}

/// The relative pronoun the verb's clause may start with: the last "which", "who", "whom" or "that"
/// in the 12 tokens before it.
pub(super) fn relative_pronoun(ctx: &OrderCtx, head: usize) -> Option<usize> {
    (ctx.start()..head).rev().take(12).find(|&t| matches!(ctx.key(t), "which" | "who" | "whom" | "that"))
}

/// A subject relative clause: the antecedent is the subject. When the antecedent is no actor ("a
/// resolution that aims to"), there is no event.
/// "Macedonia, which is preparing an offensive": Macedonia.
pub(super) fn relative_clause(ctx: &OrderCtx, d: &mut OrderDraft) -> Verdict {
    let Some(r) = relative_pronoun(ctx, d.head) else { return Verdict::Next };
    let slot_between = (0..ctx.slots().len()).any(|s| ctx.slot_start(s) > r && ctx.slot_end(s) <= d.head);
    let verb_between = ctx.verbs()[..d.vi].iter().any(|p| p.m.start > r);
    if !slot_between && !verb_between {
        let ante = (0..ctx.slots().len()).find(|&s| {
            let e = ctx.slot_end(s);
            e == r || (e + 1 == r && ctx.key(e) == ",")
        });
        match ante {
            Some(a) => d.source = Some(a),
            None if ctx.key(r) != "that" || r > ctx.start() && ctx.doc.tokens[r - 1].kind == TokenKind::Word && !is(SpeechForm, ctx.key(r - 1)) => {
                return Verdict::NoEvent(Recall::Forget);
            }
            None => {}
        }
    }
    Verdict::Next
}

/// Coordinated verbs share the subject: when the verb's subject is the verb before's target and
/// "and" stands between, the subject is that verb's.
/// "France condemned Russia and urged Ukraine to talk": France urged.
pub(super) fn coordinated_verbs(ctx: &OrderCtx, d: &mut OrderDraft) -> Verdict {
    if let (Some(s), Some(p)) = (d.source, d.memory.prev) {
        if p.target == Some(s) && (p.verb_end..d.head).any(|t| ctx.key(t) == "and") {
            d.source = Some(p.source);
        }
    }
    Verdict::Next
}

/// Coordinated verb phrases: after "and" or "but" with only auxiliaries before the verb, the subject
/// is the previous verb's.
/// "X has refused to deploy troops in Iraq and has urged ...": X urged.
pub(super) fn coordinated_phrases(ctx: &OrderCtx, d: &mut OrderDraft) -> Verdict {
    if let Some(p) = d.memory.prev {
        if let Some(and_at) = (p.verb_end..d.head).rev().find(|&t| matches!(ctx.key(t), "and" | "but")) {
            let only_aux = (and_at + 1..d.head).all(|t| is(AuxOrAdverb, ctx.key(t)) || ctx.key(t).ends_with("ly"));
            let no_slot = !(0..ctx.slots().len()).any(|s| ctx.slot_start(s) > and_at && ctx.slot_start(s) < d.head);
            if only_aux && no_slot {
                d.source = Some(p.source);
            }
        }
    }
    Verdict::Next
}

/// A participle clause after a comma has the main clause's subject.
/// "Bangladesh rejected an Indian proposal, urging the counterpart to ...", "Moscow expelled six
/// diplomats, accusing them".
pub(super) fn participle_clause(ctx: &OrderCtx, d: &mut OrderDraft) -> Verdict {
    if let Some(p) = d.memory.prev {
        if ctx.key(d.head).ends_with("ing") && d.head > p.verb_end && ctx.key(d.head - 1) == "," {
            d.source = Some(p.source);
        }
    }
    Verdict::Next
}

/// The complement of a control verb takes the control verb's subject.
/// "Russia threatened on Monday to attack Ukraine": Russia attacks.
pub(super) fn controller_subject(ctx: &OrderCtx, d: &mut OrderDraft) -> Verdict {
    if let Some(c) = ctx.facts[d.vi].controller {
        if let Some(cs) = d.memory.controller_subject[c] {
            d.source = Some(cs);
        }
    }
    Verdict::Next
}

/// Causatives: the causing verb's subject is the source and its object the target.
/// "the government ordered the newspaper to suspend publication" is the government's act on the
/// newspaper.
pub(super) fn causative(ctx: &OrderCtx, d: &mut OrderDraft) -> Verdict {
    let head = d.head;
    if head > ctx.start() && ctx.key(head - 1) == "to" {
        if let Some((ca, ce)) = ctx.cue(head.saturating_sub(9).max(ctx.start()), head - 1, CueKind::Causative) {
            let object = (0..ctx.slots().len()).find(|&s| ctx.slot_start(s) >= ce && ctx.slot_end(s) < head);
            let agent = (0..ctx.slots().len()).rev().find(|&s| ctx.slot_end(s) <= ca && !ctx.after_preposition(s));
            if let (Some(o), Some(a)) = (object, agent) {
                d.source = Some(a);
                d.causative_object = Some(o);
                d.notes.push(Note::Causative(ctx.key(ca).to_string()));
            }
        }
    }
    Verdict::Next
}
