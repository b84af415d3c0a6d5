//! The word-order assembler: each verb match's source, target and code, read from the order of
//! words around it. It runs in both modes: with the parser, the tree's roles (`tree.rs`) then
//! correct its drafts; with `--no-syntax` it is all there is.
//!
//! [`assemble`] first works out what each verb match is to its neighbours ([`VerbFacts`]: a control
//! verb, a noun inside another verb's object, how far its object reaches). Then, for each match with a
//! code, it runs the passes of [`PASSES`], in that order, over a typed [`OrderDraft`]: each pass is a
//! small named unit that handles one construction (a relative clause, a causative, a refusal, the
//! passive voice …). A pass may change the draft's roles or code and go on ([`Verdict::Next`]), or say
//! that the match codes no event ([`Verdict::NoEvent`], naming what the next verb remembers of it).
//! A draft that passes every pass with a source is kept; its notes name the passes that last changed
//! its source and its target ("order: source by coordinated verbs"), for the event's `rule`. The
//! passes of [`AFTER`] then run over the sentence's drafts.
//!
//! A pass reads the context ([`OrderCtx`]: sentence, document, lexicon, slots, verb matches and their
//! facts) and the draft; it never reads the text of a note or a pattern. Word classes are data
//! (`data/lexicon/words.tsv`, [`crate::words`]).

mod code;
mod facts;
mod gates;
mod shape;
mod subject;
mod target;
#[cfg(test)]
mod tests;

use crate::events::{cue_in, Draft, Note, Sentence, VerbHit};
use dyad_lexicon::{CueKind, Lexicon, VerbEntry};
use dyad_model::{CameoCode, Document, TokenKind};
pub(crate) use facts::{VerbFacts, Voice};

/// CAMEO 100 "make a demand, not specified below".
const DEMAND: CameoCode = CameoCode::lit("100");
/// CAMEO 150 "demonstrate military or police power".
const SHOW_OF_FORCE: CameoCode = CameoCode::lit("150");
/// CAMEO 062 "cooperate militarily".
pub(crate) const MILITARY_COOPERATION: CameoCode = CameoCode::lit("062");
/// CAMEO 074 "provide military protection or peacekeeping".
const PEACEKEEPING: CameoCode = CameoCode::lit("074");

/// What the passes read and never change: one sentence with its slots and verb matches.
pub(crate) struct OrderCtx<'a> {
    pub sent: &'a Sentence<'a>,
    pub doc: &'a Document,
    pub lex: &'a Lexicon,
    /// For each verb match of the sentence, what it is to its neighbours.
    pub facts: Vec<VerbFacts>,
}

impl<'a> OrderCtx<'a> {
    pub(crate) fn new(sent: &'a Sentence<'a>, doc: &'a Document) -> OrderCtx<'a> {
        let mut ctx = OrderCtx { sent, doc, lex: sent.lex, facts: Vec::new() };
        ctx.facts = facts::verb_facts(&ctx);
        ctx
    }

    /// The sentence's first token.
    pub fn start(&self) -> usize {
        self.sent.range.start
    }

    /// One past the sentence's last token.
    pub fn end(&self) -> usize {
        self.sent.range.end
    }

    pub fn key(&self, t: usize) -> &'a str {
        self.doc.key(t)
    }

    pub fn slots(&self) -> &'a [Vec<usize>] {
        &self.sent.slots
    }

    /// The first token of slot `s`.
    pub fn slot_start(&self, s: usize) -> usize {
        self.doc.mentions[self.sent.slots[s][0]].tokens.start as usize
    }

    /// One past the last token of slot `s`.
    pub fn slot_end(&self, s: usize) -> usize {
        self.sent.slots[s].iter().map(|&m| self.doc.mentions[m].tokens.end as usize).max().unwrap_or(0)
    }

    /// The sentence's verb matches, in text order.
    pub fn verbs(&self) -> &'a [VerbHit] {
        &self.sent.verbs
    }

    /// The lexicon entry of verb match `vi`.
    pub fn entry(&self, vi: usize) -> &'a VerbEntry {
        &self.lex.verbs[self.sent.verbs[vi].entry as usize]
    }

    /// The first cue of `kind` within tokens `from..to`, as a token range.
    pub fn cue(&self, from: usize, to: usize, kind: CueKind) -> Option<(usize, usize)> {
        cue_in(self.lex, self.sent.syms, from, to, kind)
    }
}

/// The verb before: its source, target and where it ends. The next verb may share its subject.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Previous {
    pub source: usize,
    pub target: Option<usize>,
    pub verb_end: usize,
}

/// The last target found after a verb, and where that verb ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct LastObject {
    pub slot: usize,
    pub verb_end: usize,
}

/// What the assembler carries from one verb match to the next.
pub(crate) struct Memory {
    /// The drafts kept so far, in the order of their verbs.
    pub drafts: Vec<Draft>,
    pub prev: Option<Previous>,
    /// For each control verb ("threatened to", "pledged to"), the subject it found: its complement
    /// verb takes it.
    pub controller_subject: Vec<Option<usize>>,
    pub last_object: Option<LastObject>,
}

/// The typed draft of one verb match's event, which the passes fill in.
pub(crate) struct OrderDraft<'m> {
    pub memory: &'m mut Memory,
    /// The verb match's index in [`OrderCtx::verbs`].
    pub vi: usize,
    /// The match's first token.
    pub head: usize,
    /// One past the match's last token.
    pub end: usize,
    /// The event's code: the pattern's, until a pass derives another ("refused to meet": a rejection).
    pub code: CameoCode,
    /// The source slot: the verb's grammatical subject, until the `passive` pass makes the agent the
    /// source.
    pub source: Option<usize>,
    pub target: Option<usize>,
    /// The object of a causative verb ("ordered the newspaper to suspend publication"): the target.
    pub causative_object: Option<usize>,
    /// A refusal cue made the code a rejection.
    pub refused: bool,
    pub notes: Vec<Note>,
}

impl OrderDraft<'_> {
    /// Where cues for the verb (negation, intent, refusal …) are looked for: after the subject and the
    /// verb before, at most 10 tokens before the verb.
    pub fn window_start(&self, ctx: &OrderCtx) -> usize {
        let head = self.head;
        let start = match (self.source, self.memory.prev) {
            (Some(s), Some(p)) => ctx.slot_end(s).max(p.verb_end),
            (Some(s), None) => ctx.slot_end(s),
            (None, Some(p)) => p.verb_end.max(head.saturating_sub(4)),
            (None, None) => head.saturating_sub(4).max(ctx.start()),
        }
        .max(head.saturating_sub(10));
        start.min(head)
    }

    /// The start of the verb's clause: after the last comma, semicolon, colon or quote before the
    /// subject (conditionals reach back to it: "If Russia attacked Ukraine, ...").
    pub fn clause_start(&self, ctx: &OrderCtx) -> usize {
        let from = self.source.map_or(self.window_start(ctx), |s| ctx.slot_start(s));
        (ctx.start()..from).rev().find(|&t| matches!(ctx.key(t), "," | ";" | ":" | "\"")).map_or(ctx.start(), |t| t + 1)
    }

    /// The verb is the complement of a control verb or a causative: its code comes from them, and an
    /// intent cue before it is theirs.
    pub fn controlled(&self, ctx: &OrderCtx) -> bool {
        ctx.facts[self.vi].controller.is_some() || self.causative_object.is_some()
    }

    /// An intent cue in the verb's window ("vowed to", "will"), unless the verb is controlled.
    pub fn intent_cue(&self, ctx: &OrderCtx) -> Option<(usize, usize)> {
        ctx.cue(self.window_start(ctx), self.head, CueKind::Intent).filter(|_| !self.controlled(ctx))
    }

    /// The draft's subject with no target, as the verb before the next one.
    fn subject_only(&self) -> Option<Previous> {
        self.source.map(|s| Previous { source: s, target: None, verb_end: self.end })
    }
}

/// What a pass tells the runner.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Verdict {
    /// Go on with the next pass.
    Next,
    /// The verb match codes no event: its later passes are skipped.
    NoEvent(Recall),
}

/// What the next verb match remembers of one that codes no event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Recall {
    /// Nothing: the next verb does not share this one's subject.
    Forget,
    /// What it remembered before this verb.
    Keep,
    /// This verb's subject, with no target.
    Subject,
}

/// A pass: handles one construction around the verb, on the draft.
pub(crate) type Pass = fn(&OrderCtx, &mut OrderDraft) -> Verdict;

/// The passes over one verb match, in order. Later passes see what earlier ones decided.
pub(crate) const PASSES: &[(&str, Pass)] = &[
    ("subject", subject::subject),
    ("appositive", subject::appositive),
    ("relative clause", subject::relative_clause),
    ("background relative clause", gates::background_relative),
    ("accusation contents", gates::accusation_contents),
    ("background noun", gates::background_noun),
    ("claim clause", gates::claim_clause),
    ("coordinated verbs", subject::coordinated_verbs),
    ("coordinated verb phrases", subject::coordinated_phrases),
    ("participle clause", subject::participle_clause),
    ("object of an actorless verb", gates::actorless_object),
    ("controller's subject", subject::controller_subject),
    ("causative", subject::causative),
    ("negation", gates::negation),
    ("reported obligation", gates::reported_obligation),
    ("hypothetical", gates::hypothetical),
    ("absorbed noun", gates::absorbed),
    ("control verb", gates::control_verb),
    ("refusal", code::refusal),
    ("complement", code::complement),
    ("non-finite", gates::non_finite),
    ("noun use", gates::noun_use),
    ("possessed noun", gates::possessed),
    ("intent", code::intent),
    ("target after the verb", target::target_after),
    ("causative object", target::causative_object),
    ("place of the object", target::place_of_object),
    ("remember the object", target::remember_object),
    ("passive", target::passive),
    ("place perpetrator", target::place_perpetrator),
    ("place target", target::place_target),
    ("threat condition", target::threat_condition),
    ("forces at home", target::forces_at_home),
    ("joint drills", code::joint_drills),
    ("joint cooperation", target::joint_cooperation),
    ("peacekeepers", code::peacekeepers),
    ("between", target::between),
];

/// A pass over all of a sentence's drafts, after the passes over each verb.
pub(crate) type After = fn(&OrderCtx, &mut Vec<Draft>);

/// The passes over a sentence's drafts, in order.
pub(crate) const AFTER: &[(&str, After)] = &[("reported demand", code::reported_demand)];

/// The word-order drafts of a sentence, with the passes of [`PASSES`] and [`AFTER`].
pub(crate) fn assemble(sent: &Sentence, doc: &Document) -> Vec<Draft> {
    assemble_with(sent, doc, PASSES, AFTER)
}

/// The word-order drafts of a sentence, with the given passes. A question codes nothing.
pub(crate) fn assemble_with(sent: &Sentence, doc: &Document, passes: &[(&'static str, Pass)], after: &[(&str, After)]) -> Vec<Draft> {
    let question = doc.tokens[sent.range.end - 1].kind == TokenKind::Punct && doc.key(sent.range.end - 1) == "?";
    if question {
        return Vec::new();
    }
    let ctx = OrderCtx::new(sent, doc);
    let mut memory = Memory { drafts: Vec::new(), prev: None, controller_subject: vec![None; ctx.verbs().len()], last_object: None };
    'verbs: for (vi, v) in ctx.verbs().iter().enumerate() {
        let Some(code) = ctx.entry(vi).code else { continue };
        let mut d = OrderDraft { memory: &mut memory, vi, head: v.m.start, end: v.m.end, code, source: None, target: None, causative_object: None, refused: false, notes: Vec::new() };
        // The passes that last changed the source and the target, named in the event's `rule`.
        let (mut source_by, mut target_by) = (None, None);
        for &(name, pass) in passes {
            let before = (d.source, d.target);
            let verdict = pass(&ctx, &mut d);
            if d.source != before.0 {
                source_by = Some(name);
            }
            if d.target != before.1 {
                target_by = Some(name);
            }
            if let Verdict::NoEvent(recall) = verdict {
                match recall {
                    Recall::Forget => d.memory.prev = None,
                    Recall::Keep => {}
                    Recall::Subject => d.memory.prev = d.subject_only(),
                }
                continue 'verbs;
            }
        }
        let Some(source) = d.source else { continue };
        let (target, code, mut notes) = (d.target, d.code, std::mem::take(&mut d.notes));
        notes.extend(source_by.map(Note::OrderSource));
        notes.extend(target.and(target_by).map(Note::OrderTarget));
        memory.prev = Some(Previous { source, target, verb_end: v.m.end });
        memory.drafts.push(Draft { source, target, code, verb: v.clone(), notes });
    }
    let mut drafts = memory.drafts;
    for (_, pass) in after {
        pass(&ctx, &mut drafts);
    }
    drafts
}
