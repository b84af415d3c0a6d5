//! Passes that find the verb's target (the first actor after it, a place, a threat's condition) and
//! settle source and target for the passive voice, places, joint action and "between".

use super::{OrderCtx, OrderDraft, LastObject, Recall, Verdict, Voice};
use super::shape::{is_place_noun, opens_clause};
use crate::events::Note;
use crate::mentions::{from_adjective, from_city, is_determiner, is_preposition};
use crate::words::{is, List::*};
use dyad_model::{MentionKind, TokenKind};

/// The target is the first slot after the verb, before the next verb's reach, that is no place
/// qualifier, role-noun modifier or subject of a new clause.
/// "France condemned Russia": Russia.
pub(super) fn target_after(ctx: &OrderCtx, d: &mut OrderDraft) -> Verdict {
    let doc = ctx.doc;
    let limit = ctx.facts[d.vi].reach.max(d.end).min(ctx.end());
    let report = d.code.in_root(1);
    let head = d.head;
    for s in 0..ctx.slots().len() {
        let st = ctx.slot_start(s);
        if st <= head || st >= limit {
            continue;
        }
        if report && (st > d.end + 1 || ctx.slots()[s].iter().any(|&m| doc.mentions[m].kind == MentionKind::Anaphor)) {
            break;
        }
        if st > d.end + 12 {
            break;
        }
        // Not the last word of the pattern itself ("taken hostage"), nor "its troops".
        if st + 1 == d.end && d.end - d.head > 1 {
            continue;
        }
        let bare = ctx.slots()[s].iter().all(|&m| doc.mentions[m].kind == MentionKind::Agent && doc.mentions[m].tokens.len() == 1);
        if bare && st > ctx.start() && is(Possessive, doc.key(st - 1)) {
            continue;
        }
        // "China and Russia held exercises in the Sea of Japan": for a joint subject, a place is
        // not a target (the event is between the subject's members).
        let mut p = st;
        while p > d.end && is_determiner(doc.key(p - 1)) {
            p -= 1;
        }
        let joint = d.source.is_some_and(|s| ctx.slots()[s].len() > 1);
        if p > d.end && joint && is(SettingCase, doc.key(p - 1)) {
            continue;
        }
        // "U.S. and Russian negotiators return to Geneva for talks": a city is their venue.
        if joint && d.code.in_root(4) && ctx.slots()[s].iter().all(|&m| from_city(&doc.mentions[m])) {
            continue;
        }
        // "demanded that Israel ease restrictions": the demand is made of Israel.
        let demand = matches!(d.code.root_number(), 2 | 10);
        let that_at = (d.end..(d.end + 3).min(st)).find(|&t| doc.key(t) == "that");
        let crossed_that = demand && that_at.is_some_and(|t| (t + 1..st).all(|u| is_determiner(doc.key(u))));
        if !crossed_that && (d.end..st).any(|t| opens_clause(doc.key(t))) {
            break;
        }
        // ", the White House announced": the subject of a new clause, not a target.
        let se = ctx.slot_end(s);
        if (d.end..st).any(|t| doc.key(t) == ",") && ctx.verbs().iter().any(|w| w.m.start >= se && w.m.start <= se + 1) {
            break;
        }
        // A role noun used as a modifier is no target: "all official contact with", "a government offensive".
        if ctx.slots()[s].len() == 1 {
            let m = &doc.mentions[ctx.slots()[s][0]];
            let nt = m.tokens.end as usize;
            if m.kind == MentionKind::Agent && m.tokens.len() == 1 && nt < ctx.end() {
                let t = &doc.tokens[nt];
                let k = doc.key(nt);
                if t.kind == TokenKind::Word && !t.capitalized && !is_preposition(k) && !is_determiner(k) && !is(NotNounModifier, k) && !k.ends_with("ed") && !k.ends_with("ly") {
                    continue;
                }
            }
        }
        // "the besieged Bosnian town of Gorazde", "European-based missiles": an adjective naming
        // where something is, no actor.
        if ctx.slots()[s].iter().all(|&m| {
            let m = &doc.mentions[m];
            let nt = m.tokens.end as usize;
            let based = doc.text.get(m.span.end as usize..).is_some_and(|r| r.starts_with("-based"));
            from_adjective(m) && m.actor.sectors.is_empty() && (based || nt < ctx.end() && is_place_noun(doc.key(nt)))
        }) {
            continue;
        }
        // Role nouns inside the pattern are its words ("promised military aid to").
        if st < d.end && ctx.slots()[s].iter().all(|&m| doc.mentions[m].kind == MentionKind::Agent && doc.mentions[m].actor.code.len() <= 3 * doc.mentions[m].actor.sectors.len() + 3 && doc.slice(doc.mentions[m].span).chars().next().is_some_and(|c| c.is_lowercase())) {
            continue;
        }
        d.target = Some(s);
        break;
    }
    Verdict::Next
}

/// The object of a causative verb is the target.
/// "Russia ordered Ukraine to withdraw its troops": Russia's act on Ukraine.
pub(super) fn causative_object(_ctx: &OrderCtx, d: &mut OrderDraft) -> Verdict {
    if let Some(o) = d.causative_object {
        d.target = Some(o);
    }
    Verdict::Next
}

/// A place after "in" is where the event happened: it stands for its country.
/// "imposed a curfew in Algiers": the target is Algeria.
pub(super) fn place_of_object(ctx: &OrderCtx, d: &mut OrderDraft) -> Verdict {
    if let Some(t) = d.target {
        if d.causative_object.is_none() && ctx.located(t) {
            d.notes.push(Note::PlaceTarget);
        }
    }
    Verdict::Next
}

/// The target is remembered, for the `object of an actorless verb` pass on the verbs after.
/// "A bombing killed one soldier and wounded two others": the soldier is killed, not wounding.
pub(super) fn remember_object(_ctx: &OrderCtx, d: &mut OrderDraft) -> Verdict {
    if let Some(t) = d.target {
        d.memory.last_object = Some(LastObject { slot: t, verb_end: d.end });
    }
    Verdict::Next
}

/// The passive voice: the agent after "by" is the source and the subject the target. With no agent,
/// investigations, accusations and arrests are the place's authorities', forces deployed are their
/// own side's show of force, and anything else codes no event.
/// "Ukraine was attacked by Russian troops": Russian troops attacked Ukraine.
pub(super) fn passive(ctx: &OrderCtx, d: &mut OrderDraft) -> Verdict {
    if ctx.facts[d.vi].voice != Voice::Passive {
        return Verdict::Next;
    }
    let (head, end) = (d.head, d.end);
    let subject = d.source;
    // The agent may follow an adverbial: "were deployed along the border with Belarus by Poland's
    // defence ministry".
    let by = (head + 1..(end + 8).min(ctx.end())).take_while(|&t| !matches!(ctx.key(t), "," | ";" | ":" | "and" | "but")).find(|&t| ctx.key(t) == "by");
    let agent = by.and_then(|b| (0..ctx.slots().len()).find(|&s| ctx.slot_start(s) > b && ctx.slot_start(s) <= b + 3));
    match agent {
        // Forces deployed by someone: the agent is the source, the direction stays the target.
        Some(a) if d.code.in_root(15) => {
            d.source = Some(a);
            if d.target.is_some_and(|t| t == a) {
                d.target = None;
            }
            d.notes.push(Note::Passive);
        }
        Some(a) => {
            // "A camp for Congolese refugees was attacked by ...": the nearest actor before the verb
            // is what was acted on, even inside a prepositional phrase.
            let acted_on = subject.or_else(|| (0..ctx.slots().len()).rev().find(|&s| ctx.slot_end(s) <= head));
            d.target = acted_on;
            d.source = Some(a);
            d.notes.push(Note::Passive);
        }
        // "A US national has been put under investigation in Italy", "was arrested in Lebanon":
        // investigations, accusations and arrests with no agent are the place's authorities'.
        None if subject.is_some() && matches!(d.code.root_number(), 9 | 11 | 17) => {
            let place = (0..ctx.slots().len()).find(|&s| ctx.slot_start(s) >= end && ctx.slot_start(s) <= end + 4 && ctx.located(s));
            match place {
                Some(p) => {
                    d.target = subject;
                    d.source = Some(p);
                    d.notes.push(Note::PassiveNoAgent);
                    d.notes.push(Note::PlaceSource);
                }
                None => return Verdict::NoEvent(Recall::Subject),
            }
        }
        // "Thousands of Venezuelan troops were deployed near the border with Guyana": forces deployed
        // or put on alert are their own side's show of force.
        None if subject.is_some() && d.code.in_root(15) => {
            d.notes.push(Note::PassiveOwnForces);
        }
        None => return Verdict::NoEvent(Recall::Subject),
    }
    Verdict::Next
}

/// Violence with no named perpetrator is coded with the country it happened in as the source.
/// "A roadside bombing near Samarra killed one U.S. soldier": Iraq.
pub(super) fn place_perpetrator(ctx: &OrderCtx, d: &mut OrderDraft) -> Verdict {
    if d.source.is_none() && ctx.facts[d.vi].voice == Voice::Active && matches!(d.code.root_number(), 18..=20) {
        let clause_start = d.clause_start(ctx);
        let attack_noun = (clause_start..d.head).any(|t| is(AttackNoun, ctx.key(t)));
        if attack_noun {
            let place = (0..ctx.slots().len()).find(|&s| ctx.slot_start(s) >= clause_start && Some(s) != d.target && ctx.located(s));
            if let Some(p) = place {
                d.source = Some(p);
                d.notes.push(Note::PlacePerpetrator);
                d.notes.push(Note::PlaceSource);
            }
        }
    }
    Verdict::Next
}

/// No target: for protests, force, coercion and violence, the place they happen in stands for it.
/// "Protesters demonstrated in Serbia", "lifted a state of emergency in West Darfur".
pub(super) fn place_target(ctx: &OrderCtx, d: &mut OrderDraft) -> Verdict {
    let own_root = ctx.entry(d.vi).code.map_or(0, |c| c.root_number());
    if d.target.is_none() && ctx.facts[d.vi].voice == Voice::Active && d.source.is_some_and(|s| ctx.slots()[s].len() == 1) && matches!(own_root, 13 | 14 | 17 | 18 | 19 | 20) {
        d.target = (0..ctx.slots().len()).find(|&s| ctx.slot_start(s) > d.end && ctx.located(s));
        if d.target.is_some() {
            d.notes.push(Note::PlaceTarget);
        }
    }
    Verdict::Next
}

/// A threat is aimed at whoever its condition is about.
/// "threatened to stop negotiations if the United States goes ahead with the deployment": the
/// United States.
pub(super) fn threat_condition(ctx: &OrderCtx, d: &mut OrderDraft) -> Verdict {
    if d.target.is_none() && d.code.in_root(13) {
        if let Some(cond) = (d.end..ctx.end()).find(|&t| matches!(ctx.key(t), "if" | "unless")) {
            d.target = (0..ctx.slots().len()).find(|&s| {
                let st = ctx.slot_start(s);
                st > cond && st <= cond + 3 && (cond + 1..st).all(|u| is_determiner(ctx.key(u))) && Some(s) != d.source
            });
            if d.target.is_some() {
                d.notes.push(Note::ThreatCondition);
            }
        }
    }
    Verdict::Next
}

/// Forces shown or mobilised at home have no target.
/// "Iran held drills around the Natanz nuclear site in Iran": no target.
pub(super) fn forces_at_home(ctx: &OrderCtx, d: &mut OrderDraft) -> Verdict {
    if d.code.in_root(15) {
        if let (Some(s), Some(t)) = (d.source, d.target) {
            let country = |x: usize| ctx.doc.mentions[ctx.slots()[x][0]].actor.country.clone();
            if ctx.slots()[t].len() == 1 && country(t).is_some() && country(t) == country(s) {
                d.target = None;
            }
        }
    }
    Verdict::Next
}

/// A source of several members acting together ("South Korea and the United States").
pub(super) fn joint_source(ctx: &OrderCtx, d: &OrderDraft) -> Option<usize> {
    d.source.filter(|&s| ctx.slots()[s].len() > 1)
}

/// A target that is a place, one of the joint subject's members, or an adjective qualifying a thing
/// ("sharing data on North Korean missiles") is not a partner of joint action.
pub(super) fn incidental(ctx: &OrderCtx, joint: Option<usize>, t: usize) -> bool {
    let (doc, slots) = (ctx.doc, ctx.slots());
    ctx.located(t)
        || joint.is_some_and(|j| slots[t].iter().all(|&m| slots[j].iter().any(|&n| doc.mentions[n].actor.code == doc.mentions[m].actor.code)))
        || slots[t].iter().all(|&m| from_adjective(&doc.mentions[m]) && doc.mentions[m].actor.sectors.is_empty())
}

/// Cooperation by a joint source is between its members: an incidental target is dropped.
/// "France and Germany cooperated on Ukrainian grain": between France and Germany.
pub(super) fn joint_cooperation(ctx: &OrderCtx, d: &mut OrderDraft) -> Verdict {
    let joint = joint_source(ctx, d);
    if d.code.in_root(6) && joint.is_some() && d.target.is_some_and(|t| incidental(ctx, joint, t)) {
        d.target = None;
    }
    Verdict::Next
}

/// With no subject, the parties after "between" are the event's.
/// "A ceasefire between India and Pakistan took effect", "talks between Iran and the United States
/// were convened".
pub(super) fn between(ctx: &OrderCtx, d: &mut OrderDraft) -> Verdict {
    let words = &ctx.entry(d.vi).words;
    if d.source.is_none() && words.len() > 1 && words.last().is_some_and(|w| is(Between, w)) {
        if let Some(t) = d.target.filter(|&t| ctx.slots()[t].len() > 1) {
            d.source = Some(t);
            d.target = None;
            d.notes.push(Note::Between);
        }
    }
    Verdict::Next
}
