//! What each verb match of a sentence is to its neighbours, worked out before the passes: control
//! verbs and their complements, noun patterns inside another verb's object, how far each verb's object
//! reaches, and the voice.

use super::OrderCtx;
use crate::words::{is, List::*};

/// What one verb match is to the matches around it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct VerbFacts {
    /// The control verb whose complement this match is ("threatened ... to break relations": the
    /// threat controls the break).
    pub controller: Option<usize>,
    /// This match controls the next one: it codes nothing itself.
    pub controls: bool,
    /// A noun pattern inside the object of the verb before it, or a match used as a noun: no event.
    pub absorbed: bool,
    /// The match is used as a noun ("at a jail", "violent protests").
    pub nominal: bool,
    /// Where the match's object may reach: the first token of the next verb that is neither absorbed
    /// nor a bare infinitive ("opened fire to disperse demonstrators" reaches the demonstrators).
    pub reach: usize,
    pub voice: Voice,
}

/// The voice of a verb match.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Voice {
    Active,
    /// "was attacked by X", "were set free by the Taliban".
    Passive,
}

/// The facts of every verb match of the sentence.
pub(super) fn verb_facts(ctx: &OrderCtx) -> Vec<VerbFacts> {
    let n = ctx.verbs().len();
    let controller = controllers(ctx);
    let controls: Vec<bool> = (0..n).map(|i| controller.contains(&Some(i))).collect();
    let mut absorbed = absorbed_nouns(ctx);
    // Matches used as nouns are no events, and do not end the object of the verb before them.
    let nominal: Vec<bool> = (0..n).map(|vi| ctx.used_as_noun(ctx.verbs()[vi].m.start, ctx.entry(vi).nominal, ctx.entry(vi).code)).collect();
    for (vi, n) in nominal.iter().enumerate() {
        if *n && controller[vi].is_none() {
            absorbed[vi] = true;
        }
    }
    let reach: Vec<usize> = (0..n)
        .map(|vi| {
            (vi + 1..n)
                .find(|&m| !absorbed[m] && !(ctx.verbs()[m].m.start > ctx.start() && ctx.key(ctx.verbs()[m].m.start - 1) == "to" && controller[m].is_none()))
                .map_or(ctx.end(), |m| ctx.verbs()[m].m.start)
        })
        .collect();
    (0..n).map(|vi| VerbFacts { controller: controller[vi], controls: controls[vi], absorbed: absorbed[vi], nominal: nominal[vi], reach: reach[vi], voice: voice(ctx, vi) }).collect()
}

/// Control verbs: "threatened on Monday to break relations with Russia" is one event, a threat to
/// break relations; "pledged to send aid" an intent. The complement verb takes the controller's
/// subject and a code derived from both; the controller alone codes nothing.
fn controllers(ctx: &OrderCtx) -> Vec<Option<usize>> {
    let verbs = ctx.verbs();
    let mut controller: Vec<Option<usize>> = vec![None; verbs.len()];
    for vi in 1..verbs.len() {
        let (a, b) = (&verbs[vi - 1], &verbs[vi]);
        let Some(ca) = ctx.entry(vi - 1).code else { continue };
        // A rejection keeps its own object ("rejected a US offer to host a summit"): only intents and
        // threats take their complement's event.
        let ends_to = ctx.key(a.m.end - 1) == "to";
        if !matches!(ca.root_number(), 3 | 13) || b.m.start < a.m.end || b.m.start == a.m.end && !ends_to || b.m.start - a.m.end > 5 {
            continue;
        }
        let between: Vec<&str> = (a.m.end - usize::from(ends_to)..b.m.start).map(|t| ctx.key(t)).collect();
        let in_slot = (0..ctx.slots().len()).any(|s| ctx.slot_start(s) >= a.m.end && ctx.slot_end(s) <= b.m.start);
        if between.last() == Some(&"to") && !in_slot && !between.iter().any(|k| matches!(*k, "," | ";" | "and" | "but")) {
            controller[vi] = Some(vi - 1);
        }
    }
    controller
}

/// A noun pattern in the object of the verb before it is part of that object: "boycott all official
/// contact with the United States", "signed an agreement on energy cooperation with".
fn absorbed_nouns(ctx: &OrderCtx) -> Vec<bool> {
    let verbs = ctx.verbs();
    let mut absorbed = vec![false; verbs.len()];
    for vi in 1..verbs.len() {
        let (a, b) = (&verbs[vi - 1], &verbs[vi]);
        if !ctx.entry(vi).nominal || b.m.start < a.m.end || b.m.start - a.m.end > 6 {
            continue;
        }
        // What is announced or ordered is the act: "Italy announced a suspension of air links with".
        if announces(ctx.entry(vi - 1)) {
            continue;
        }
        let slot_between = (0..ctx.slots().len()).any(|s| ctx.slot_start(s) >= a.m.end && ctx.slot_end(s) <= b.m.start);
        if !slot_between && !(a.m.end..b.m.start).any(|t| matches!(ctx.key(t), "," | ";" | "and" | "but" | "that" | "which")) {
            absorbed[vi] = true;
        }
    }
    absorbed
}

/// Verbs whose object noun is the act itself ("announced a ban on", "ordered a suspension of").
fn announces(e: &dyad_lexicon::VerbEntry) -> bool {
    !e.nominal && e.words.len() == 1 && is(Announce, &e.words[0])
}

/// Passive voice: "was attacked by X". A literal pattern is passive only with its agent: "were set
/// free by the Taliban".
fn voice(ctx: &OrderCtx, vi: usize) -> Voice {
    let v = &ctx.verbs()[vi];
    let head = v.m.start;
    let mut b = head;
    while b > ctx.start() && (is(HedgeAdverb, ctx.key(b - 1)) || ctx.key(b - 1).ends_with("ly")) {
        b -= 1;
    }
    let passive = b > ctx.start()
        && is(PassiveAux, ctx.key(b - 1))
        && !ctx.key(head).ends_with("ing")
        && (!ctx.entry(vi).nominal || (v.m.end..(v.m.end + 3).min(ctx.end())).any(|t| ctx.key(t) == "by"));
    if passive {
        Voice::Passive
    } else {
        Voice::Active
    }
}
