//! Passes that decide a verb match codes no event: background, reported or hypothetical clauses,
//! negation, nouns, non-finite forms and verbs that only control another.

use super::subject::relative_pronoun;
use super::{OrderCtx, OrderDraft, Recall, Verdict, DEMAND};
use crate::events::{Draft, Note};
use crate::mentions::is_determiner;
use crate::words::{is, List::*};
use dyad_lexicon::CueKind;
use dyad_model::TokenKind;

/// A past-perfect object relative clause recalls an earlier event as background; it is not news of
/// this sentence. The same for any object relative opened by "whom" or "which".
/// "the hostages, whom they had taken two weeks ago", "refugees, whom authorities blame for a border
/// conflict".
pub(super) fn background_relative(ctx: &OrderCtx, d: &mut OrderDraft) -> Verdict {
    let Some(r) = relative_pronoun(ctx, d.head) else { return Verdict::Next };
    let head = d.head;
    let had = head > r + 2 && ctx.key(head - 1) == "had" && matches!(ctx.key(r), "whom" | "which" | "that");
    let subject_inside = (0..ctx.slots().len()).any(|s| ctx.slot_start(s) > r && ctx.slot_end(s) <= head);
    let object_relative = matches!(ctx.key(r), "whom" | "which") && subject_inside && !ctx.verbs()[..d.vi].iter().any(|p| p.m.start > r);
    if (had || object_relative) && subject_inside {
        return Verdict::NoEvent(Recall::Keep);
    }
    Verdict::Next
}

/// What an accusation alleges (its gerunds, the relative clauses and noun events inside it) is no
/// event.
/// "accused the United States of violating human rights, ignoring international law and ...",
/// "accusing Kyiv of supporting rebels who killed ...", "alleging genocide against".
pub(super) fn accusation_contents(ctx: &OrderCtx, d: &mut OrderDraft) -> Verdict {
    let Some(last) = d.memory.drafts.last() else { return Verdict::Next };
    let (head, nominal) = (d.head, ctx.entry(d.vi).nominal);
    let accusation = last.code.in_root(11) && (last.verb.m.start..head).any(|t| ctx.key(t) == "of") || last.code.in_root(11) && nominal && head <= last.verb.m.end + 2;
    let inside = last.verb.m.end <= head && (last.verb.m.end..head).all(|t| !matches!(ctx.key(t), ";" | ":" | "but" | "while"));
    let dependent = ctx.key(head).ends_with("ing") || nominal || (last.verb.m.end..head).any(|t| matches!(ctx.key(t), "who" | "which" | "that"));
    if accusation && inside && dependent {
        return Verdict::NoEvent(Recall::Keep);
    }
    Verdict::Next
}

/// A noun pattern after "since" or after a noun of threat recalls or anticipates an event the
/// sentence is not reporting. (Events in "a week after X did Y" clauses are reported: they are coded.)
/// "since the Russian invasion of Ukraine", "threats of a military attack against Israel".
pub(super) fn background_noun(ctx: &OrderCtx, d: &mut OrderDraft) -> Verdict {
    let head = d.head;
    let nominal = ctx.entry(d.vi).nominal;
    let from = head.saturating_sub(8).max(ctx.start());
    let background = nominal && (from..head).any(|t| ctx.key(t) == "since" && !(t + 1..head).any(|u| matches!(ctx.key(u), "," | ";" | "and" | "but")));
    let threat_of = nominal && (from..head).any(|t| ctx.key(t) == "of" && t > ctx.start() && is(ThreatNoun, ctx.key(t - 1)));
    if background || threat_of {
        return Verdict::NoEvent(Recall::Subject);
    }
    Verdict::Next
}

/// A clause completing a noun of saying is reported, not asserted.
/// "demanded an admission by Moscow that Soviet forces murdered ...", "denied reports that".
pub(super) fn claim_clause(ctx: &OrderCtx, d: &mut OrderDraft) -> Verdict {
    let head = d.head;
    if let Some(that) = (ctx.start()..head).rev().take(12).find(|&t| ctx.key(t) == "that") {
        let noun = (that.saturating_sub(4).max(ctx.start())..that).any(|t| is(ClaimNoun, ctx.key(t)) && !ctx.verbs().iter().any(|p| p.m.start > t && p.m.start < that));
        if noun && !ctx.verbs()[..d.vi].iter().any(|p| p.m.start > that) {
            return Verdict::NoEvent(Recall::Forget);
        }
    }
    Verdict::Next
}

/// The object of a verb without an actor as subject is not the subject of the next one.
/// "A bombing killed one soldier and wounded two others": no event by the soldier.
pub(super) fn actorless_object(ctx: &OrderCtx, d: &mut OrderDraft) -> Verdict {
    if let (Some(s), Some(o)) = (d.source, d.memory.last_object) {
        if s == o.slot && d.memory.prev.is_none_or(|p| p.target != Some(o.slot)) && (o.verb_end..d.head).any(|t| ctx.key(t) == "and") {
            return Verdict::NoEvent(Recall::Forget);
        }
    }
    Verdict::Next
}

/// Any negation cancels the event, unless a refusal cue makes it a rejection (the `refusal` pass).
/// "Turkey did not send troops to Ukraine": no event.
pub(super) fn negation(ctx: &OrderCtx, d: &mut OrderDraft) -> Verdict {
    let window = d.window_start(ctx);
    if super::code::refusal_code(ctx, d).is_none() && ctx.cue(window, d.head, CueKind::Negation).is_some() {
        return Verdict::NoEvent(Recall::Subject);
    }
    Verdict::Next
}

/// "X said Y must do Z" is X's demand on Y; "X demanded that Y do Z" codes only the demand.
/// "Russia said Ukraine must attack ...": Russia's demand on Ukraine, and no attack.
pub(super) fn reported_obligation(ctx: &OrderCtx, d: &mut OrderDraft) -> Verdict {
    let Some(subj) = d.source else { return Verdict::Next };
    let Some(r) = d.memory.drafts.iter().rev().find(|r| r.verb.m.end <= ctx.slot_start(subj)) else { return Verdict::Next };
    let rcode = r.code;
    let demand_of_subject = matches!(rcode.root_number(), 2 | 10) && r.target == Some(subj);
    let obliged = ctx.cue(d.window_start(ctx), d.head, CueKind::Obligation).is_some();
    if demand_of_subject {
        return Verdict::NoEvent(Recall::Subject);
    }
    if obliged && rcode.in_root(1) && r.source != subj {
        let (rs, rv) = (r.source, r.verb.clone());
        let mut notes = std::mem::take(&mut d.notes);
        notes.push(Note::ObligationReportedBy(ctx.doc.slice(ctx.doc.mentions[ctx.slots()[rs][0]].span).to_string()));
        d.memory.drafts.push(Draft { source: rs, target: Some(subj), code: DEMAND, verb: rv, notes });
        return Verdict::NoEvent(Recall::Subject);
    }
    Verdict::Next
}

/// A hypothetical cue in the verb's window or clause cancels the event.
/// "If Russia attacked Ukraine, ...": no attack.
pub(super) fn hypothetical(ctx: &OrderCtx, d: &mut OrderDraft) -> Verdict {
    if ctx.cue(d.window_start(ctx).min(d.clause_start(ctx)), d.head, CueKind::Hypothetical).is_some() {
        return Verdict::NoEvent(Recall::Subject);
    }
    Verdict::Next
}

/// A noun pattern inside the object of the verb before it, or a match used as a noun, is no event
/// ([`super::VerbFacts::absorbed`]).
/// "Russia boycotted all official contact with Ukraine": no contact.
pub(super) fn absorbed(ctx: &OrderCtx, d: &mut OrderDraft) -> Verdict {
    if ctx.facts[d.vi].absorbed {
        return Verdict::NoEvent(Recall::Keep);
    }
    Verdict::Next
}

/// A control verb codes nothing itself: it hands its subject to its complement.
/// "Russia threatened to attack Ukraine": the threat is coded on "attack".
pub(super) fn control_verb(ctx: &OrderCtx, d: &mut OrderDraft) -> Verdict {
    if ctx.facts[d.vi].controls {
        d.memory.controller_subject[d.vi] = d.source;
        return Verdict::NoEvent(Recall::Subject);
    }
    Verdict::Next
}

/// A verb form that does not assert an event by itself: a gerund or participle without an auxiliary
/// ("blowing up", "the curfew imposed in Sudan") or a bare infinitive ("a delegation to visit"),
/// unless a cue before it makes it an intent or a fact ("pledged to visit").
pub(super) fn non_finite(ctx: &OrderCtx, d: &mut OrderDraft) -> Verdict {
    let head = d.head;
    let intent = d.intent_cue(ctx);
    let factive = ctx.cue(head.saturating_sub(3).max(d.window_start(ctx)), head, CueKind::Factive).is_some();
    let cue_covers = d.controlled(ctx) || d.refused || intent.is_some_and(|(_, e)| e + 2 >= head) || factive;
    if ctx.non_finite_form(d.vi, head, ctx.entry(d.vi).nominal, cue_covers, d.code) {
        return Verdict::NoEvent(Recall::Keep);
    }
    Verdict::Next
}

/// A noun pattern inside a purpose clause is no event, nor is a match used as a noun.
/// "to allow medical supplies to reach", "after weeks of violent protests".
pub(super) fn noun_use(ctx: &OrderCtx, d: &mut OrderDraft) -> Verdict {
    let (doc, head) = (ctx.doc, d.head);
    let in_purpose = ctx.entry(d.vi).nominal
        && (d.window_start(ctx)..head).any(|t| {
            ctx.key(t) == "to"
                && t + 1 < head
                && doc.tokens[t + 1].kind == TokenKind::Word
                && !doc.tokens[t + 1].capitalized
                && !is_determiner(ctx.key(t + 1))
                && [CueKind::Intent, CueKind::Factive, CueKind::Refusal].iter().all(|&k| ctx.cue(t.saturating_sub(4).max(ctx.start()), t + 1, k).is_none())
        });
    let facts = &ctx.facts[d.vi];
    if in_purpose || facts.nominal && facts.controller.is_none() {
        return Verdict::NoEvent(Recall::Subject);
    }
    Verdict::Next
}

/// A noun pattern after a possessive names something ongoing, not an event.
/// "its war with Iraq".
pub(super) fn possessed(ctx: &OrderCtx, d: &mut OrderDraft) -> Verdict {
    let head = d.head;
    let possessed = head > ctx.start() && is(Possessive, ctx.key(head - 1));
    if possessed || ctx.entry(d.vi).nominal && (head.saturating_sub(2).max(ctx.start())..head).any(|t| is(Possessive, ctx.key(t))) {
        return Verdict::NoEvent(Recall::Keep);
    }
    Verdict::Next
}
