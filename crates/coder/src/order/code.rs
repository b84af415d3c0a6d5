//! Passes that derive the event's code from what surrounds the verb: a refusal, a controlling verb,
//! an intent cue, joint drills, peacekeepers; and the demand a report of obligation makes.

use super::target::{incidental, joint_source};
use super::{OrderCtx, OrderDraft, Verdict, DEMAND, MILITARY_COOPERATION, PEACEKEEPING, SHOW_OF_FORCE};
use crate::events::{Draft, Note, VerbHit};
use crate::words::{is, List::*};
use dyad_lexicon::{CueKind, Derivation};
use dyad_model::CameoCode;

/// The rejection a refusal cue in the verb's window makes of its code, if the lexicon derives one.
pub(super) fn refusal_code(ctx: &OrderCtx, d: &OrderDraft) -> Option<CameoCode> {
    ctx.cue(d.window_start(ctx), d.head, CueKind::Refusal).and_then(|_| ctx.lex.events.derive(d.code, Derivation::Refusal))
}

/// "refused to / failed to / will not" + a cooperative verb is a rejection (CAMEO 12).
/// "Turkey refused to meet Russia": Turkey rejects Russia.
pub(super) fn refusal(ctx: &OrderCtx, d: &mut OrderDraft) -> Verdict {
    if let Some(r) = refusal_code(ctx, d) {
        d.notes.push(Note::Refusal { from: d.code, to: r });
        d.code = r;
        d.refused = true;
    }
    Verdict::Next
}

/// The complement of a control verb takes a code derived from both: "threatened to strike" is a
/// threat of that strike, "promised to send" an intent; other controllers give their own code.
/// "Russia threatened to attack Ukraine": a threat of attack.
pub(super) fn complement(ctx: &OrderCtx, d: &mut OrderDraft) -> Verdict {
    if let Some(c) = ctx.facts[d.vi].controller {
        let controlling = ctx.entry(c);
        if let Some(ccode) = controlling.code {
            let new = match ccode.root_number() {
                r @ (3 | 13) => ctx.lex.events.derive(d.code, Derivation::Intent).filter(|n| n.in_root(r)).unwrap_or(ccode),
                _ => ccode,
            };
            d.notes.push(Note::Complement { pattern: controlling.pattern.clone(), from: d.code, to: new });
            d.code = new;
        }
    }
    Verdict::Next
}

/// An intent cue makes the code an intent ("vowed to send troops"); getting ready for force is a
/// show of force (150).
/// "the army prepared to resume shelling": 150.
pub(super) fn intent(ctx: &OrderCtx, d: &mut OrderDraft) -> Verdict {
    let intent = d.intent_cue(ctx);
    let doc = ctx.doc;
    let preparing = intent.is_some_and(|(a, _)| ctx.key(a).starts_with("prepar") || a + 1 < d.head && ctx.key(a + 1).starts_with("prepar"));
    if preparing && matches!(d.code.root_number(), 18..=20) {
        d.notes.push(Note::PreparationForForce { from: d.code, to: SHOW_OF_FORCE });
        d.code = SHOW_OF_FORCE;
    } else if let Some((a, e)) = intent {
        if let Some(new) = ctx.lex.events.derive(d.code, Derivation::Intent) {
            let cue = doc.slice(dyad_model::Span { start: doc.tokens[a].span.start, end: doc.tokens[e - 1].span.end }).to_string();
            d.notes.push(Note::IntentCue { cue, from: d.code, to: new });
            d.code = new;
        }
    }
    Verdict::Next
}

/// Drills held together are military cooperation (062), not a show of force against each other.
/// "South Korea and the United States started their annual military exercises": 062 between them.
pub(super) fn joint_drills(ctx: &OrderCtx, d: &mut OrderDraft) -> Verdict {
    let joint = joint_source(ctx, d);
    if d.code.in_root(15) && joint.is_some() && d.target.is_none_or(|t| incidental(ctx, joint, t)) && ctx.entry(d.vi).words.iter().any(|w| is(DrillNoun, w)) {
        d.notes.push(Note::JointDrills { from: d.code, to: MILITARY_COOPERATION });
        d.code = MILITARY_COOPERATION;
        d.target = None;
    }
    Verdict::Next
}

/// Peacekeepers arriving are no visit but peacekeeping (074).
/// "NATO peacekeeping troops have arrived in Bosnia": 074.
pub(super) fn peacekeepers(ctx: &OrderCtx, d: &mut OrderDraft) -> Verdict {
    let doc = ctx.doc;
    if d.code.in_root(4) && d.source.is_some_and(|s| ctx.slots()[s].iter().all(|&m| doc.slice(doc.mentions[m].span).to_lowercase().contains("peacekeep"))) {
        d.notes.push(Note::Peacekeepers { from: d.code, to: PEACEKEEPING });
        d.code = PEACEKEEPING;
    }
    Verdict::Next
}

/// "X said Y must do Z" when Z is no pattern: still X's demand on Y.
/// "Russia said Ukraine must withdraw": Russia's demand (100) on Ukraine.
pub(super) fn reported_demand(ctx: &OrderCtx, drafts: &mut Vec<Draft>) {
    let reports: Vec<(usize, usize, VerbHit)> = drafts.iter().filter(|d| d.code.in_root(1)).map(|d| (d.source, d.verb.m.end, d.verb.clone())).collect();
    for (src, vend, verb) in reports {
        for t in 0..ctx.slots().len() {
            let (st, se) = (ctx.slot_start(t), ctx.slot_end(t));
            if st < vend || st > vend + 3 || t == src {
                continue;
            }
            if ctx.cue(se, (se + 2).min(ctx.end()), CueKind::Obligation).is_some() && !drafts.iter().any(|d| d.code == "100" && d.target == Some(t)) {
                drafts.push(Draft { source: src, target: Some(t), code: DEMAND, verb: verb.clone(), notes: vec![Note::ObligationReported] });
            }
            break;
        }
    }
}
