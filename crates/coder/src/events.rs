//! Event assembly: verb patterns, their source and target slots, voice, negation and modality.

use crate::mentions::{from_adjective, from_city, is_determiner, is_preposition};
use crate::tree::Via;
use crate::words::{is, List::*};
use dyad_lexicon::{CueKind, Derivation, Lexicon, Match};
use dyad_model::{CameoCode, Document, Event, MentionKind, Participant, TokenKind};

/// A verb match chosen in a sentence.
#[derive(Debug, Clone)]
pub(crate) struct VerbHit {
    pub m: Match,
    pub entry: u32,
    /// Matched on the dependency tree (verb and object), not on the token sequence.
    pub on_tree: bool,
}

/// Finds the verb matches of a sentence: longest first, left to right, outside mentions.
pub(crate) fn verbs(lex: &Lexicon, doc: &Document, syms: &[u32], range: std::ops::Range<usize>, in_mention: &[bool]) -> Vec<VerbHit> {
    let mut out = Vec::new();
    let mut i = range.start;
    let mut buf = Vec::new();
    let base = range.start;
    // Gaps skip words, numbers, possessives and currency and percent signs ("gave Ukraine $4.5 billion"),
    // not clause punctuation.
    let gap_ok = |t: usize| doc.tokens[t].kind != TokenKind::Punct || matches!(doc.key(t), "'s" | "$" | "€" | "£" | "%");
    while i < range.end {
        if in_mention[i - base] || doc.tokens[i].kind != TokenKind::Word {
            i += 1;
            continue;
        }
        buf.clear();
        lex.verbs_at(&syms[..range.end], i, &gap_ok, &mut buf);
        let mut best: Option<(Match, u32, (usize, usize, bool))> = None;
        for m in &buf {
            for &e in lex.verb_values(m) {
                let v = &lex.verbs[e as usize];
                let rank = (m.end, v.len, v.code.is_none());
                let code_len = v.code.as_ref().map_or(9, |c| c.len());
                let key = (rank.0, rank.1 * 10 + code_len, rank.2);
                if best.as_ref().is_none_or(|(_, _, k)| key > *k) {
                    best = Some((*m, e, key));
                }
            }
        }
        match best {
            Some((m, e, _)) => {
                out.push(VerbHit { m, entry: e, on_tree: false });
                i = m.end;
            }
            None => i += 1,
        }
    }
    out
}

/// Slots: mentions joined by "and", "," or "as well as" act together. A list joined by commas
/// only counts when it ends with "and"/"or" ("France, Germany and Italy"); otherwise the commas
/// separate clauses ("attacked Ukraine, France said").
pub(crate) fn slots(doc: &Document, mentions: std::ops::Range<usize>) -> Vec<Vec<usize>> {
    let mut out: Vec<(Vec<usize>, bool)> = Vec::new(); // (members, last join was a comma)
    for mi in mentions {
        if let Some((last, comma)) = out.last_mut() {
            let prev = &doc.mentions[*last.last().unwrap_or(&mi)];
            let cur = &doc.mentions[mi];
            let gap: Vec<&str> = (prev.tokens.end as usize..cur.tokens.start as usize).map(|t| doc.key(t)).filter(|k| !is_determiner(k)).collect();
            match gap.as_slice() {
                ["and"] | [",", "and"] | ["as", "well", "as"] | ["and", "its"] | ["or"] | [",", "or"] => {
                    last.push(mi);
                    *comma = false;
                    continue;
                }
                [","] => {
                    last.push(mi);
                    *comma = true;
                    continue;
                }
                _ => {}
            }
        }
        out.push((vec![mi], false));
    }
    let mut res = Vec::new();
    for (members, comma) in out {
        if comma {
            // Undo the trailing comma joins.
            let mut split_from = members.len();
            while split_from > 1 {
                let a = &doc.mentions[members[split_from - 2]];
                let b = &doc.mentions[members[split_from - 1]];
                let gap: Vec<&str> = (a.tokens.end as usize..b.tokens.start as usize).map(|t| doc.key(t)).filter(|k| !is_determiner(k)).collect();
                if gap != [","] {
                    break;
                }
                split_from -= 1;
            }
            res.push(members[..split_from].to_vec());
            for &m in &members[split_from..] {
                res.push(vec![m]);
            }
        } else {
            res.push(members);
        }
    }
    res
}

/// The first cue of `kind` within tokens `from..to`, as a token range.
pub(crate) fn cue_in(lex: &Lexicon, syms: &[u32], from: usize, to: usize, kind: CueKind) -> Option<(usize, usize)> {
    let mut i = from;
    while i < to {
        if let Some(m) = lex.cue_at(&syms[..to.max(i)], i) {
            if m.end <= to && lex.cue_values(&m).iter().any(|&c| lex.cues[c as usize].kind == kind) {
                return Some((m.start, m.end));
            }
        }
        i += 1;
    }
    None
}

/// Verbs whose object noun is the act itself ("announced a ban on", "ordered a suspension of").
fn announces(e: &dyad_lexicon::VerbEntry) -> bool {
    !e.nominal && e.words.len() == 1 && is(Announce, &e.words[0])
}

/// Punctuation and words that open a new clause: an object or target is not looked for across them.
fn opens_clause(k: &str) -> bool {
    is(ClauseOpener, k)
}

/// Nouns for places: an adjective before them locates, it does not name an actor ("the Bosnian town of").
fn is_place_noun(k: &str) -> bool {
    is(PlaceNoun, k)
}

/// CAMEO 100 "make a demand, not specified below".
const DEMAND: CameoCode = CameoCode::lit("100");
/// CAMEO 150 "demonstrate military or police power".
const SHOW_OF_FORCE: CameoCode = CameoCode::lit("150");
/// CAMEO 062 "cooperate militarily".
const MILITARY_COOPERATION: CameoCode = CameoCode::lit("062");
/// CAMEO 074 "provide military protection or peacekeeping".
const PEACEKEEPING: CameoCode = CameoCode::lit("074");

pub(crate) struct Sentence<'a> {
    pub lex: &'a Lexicon,
    pub syms: &'a [u32],
    pub s: usize,
    pub range: std::ops::Range<usize>,
    pub slots: Vec<Vec<usize>>,
    pub verbs: Vec<VerbHit>,
}

/// What an assembly step did to a draft. Notes are values: passes decide on their variants, and
/// their text (`Display`) only explains the event in its `rule`.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Note {
    /// "forced Iran to ...": the causing verb's subject is the source (the cue's word).
    Causative(String),
    /// "X said Y must ...": X's demand on Y (the speaker's text).
    ObligationReportedBy(String),
    /// "X said ... Y must": a demand reported after its clause.
    ObligationReported,
    /// "refused to meet": the cooperative code became a rejection.
    Refusal { from: CameoCode, to: CameoCode },
    /// "agreed to lift": the controlling verb's pattern decided the code.
    Complement { pattern: String, from: CameoCode, to: CameoCode },
    /// "prepared to resume shelling": a show of force.
    PreparationForForce { from: CameoCode, to: CameoCode },
    /// "vowed to send troops": the intent cue's text.
    IntentCue { cue: String, from: CameoCode, to: CameoCode },
    /// The target is the place the event happened in.
    PlaceTarget,
    /// The source is the place the event happened in (no named agent).
    PlaceSource,
    Passive,
    PassiveNoAgent,
    /// "troops were deployed" with no agent: the forces are the subject actor's own.
    PassiveOwnForces,
    /// No named perpetrator: the country of the place.
    PlacePerpetrator,
    /// "threatened ... if Iran ...": the target from the threat's condition.
    ThreatCondition,
    /// A joint exercise: a show of force became military cooperation.
    JointDrills { from: CameoCode, to: CameoCode },
    /// Peacekeepers deployed: a show of force became peacekeeping aid.
    Peacekeepers { from: CameoCode, to: CameoCode },
    /// Both parties follow "between" ("a ceasefire between India and Pakistan").
    Between,
    /// The tree confirmed or chose the source, by this relation.
    TreeSource(Via),
    /// The tree confirmed or chose the target, by this relation.
    TreeTarget(Via),
    /// The main trigger had no word-order draft; the tree drafted it, source by this relation.
    TreeMainTrigger(Via),
}

impl std::fmt::Display for Note {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Note::Causative(k) => write!(f, "causative {k:?}"),
            Note::ObligationReportedBy(who) => write!(f, "obligation reported by {who:?}: a demand"),
            Note::ObligationReported => f.write_str("obligation reported: a demand"),
            Note::Refusal { from, to } => write!(f, "refusal: {from} -> {to}"),
            Note::Complement { pattern, from, to } => write!(f, "complement of {pattern:?}: {from} -> {to}"),
            Note::PreparationForForce { from, to } => write!(f, "preparation for force: {from} -> {to}"),
            Note::IntentCue { cue, from, to } => write!(f, "intent cue {cue:?}: {from} -> {to}"),
            Note::PlaceTarget => f.write_str("target from the place of the event"),
            Note::PlaceSource => f.write_str("source from the place of the event"),
            Note::Passive => f.write_str("passive voice"),
            Note::PassiveNoAgent => f.write_str("passive voice with no agent"),
            Note::PassiveOwnForces => f.write_str("passive voice with no agent: the forces are the actor's own"),
            Note::PlacePerpetrator => f.write_str("no named perpetrator: the country of the place"),
            Note::ThreatCondition => f.write_str("target from the threat's condition"),
            Note::JointDrills { from, to } => write!(f, "joint drills: {from} -> {to}"),
            Note::Peacekeepers { from, to } => write!(f, "peacekeepers: {from} -> {to}"),
            Note::Between => f.write_str("parties after \"between\": the event is between them"),
            Note::TreeSource(via) => write!(f, "tree: source by {}", via.as_str()),
            Note::TreeTarget(via) => write!(f, "tree: target by {}", via.as_str()),
            Note::TreeMainTrigger(via) => write!(f, "tree: main trigger with no word-order draft; source by {}", via.as_str()),
        }
    }
}

/// A coded event before dates and places.
pub(crate) struct Draft {
    pub source: usize,
    pub target: Option<usize>,
    pub code: CameoCode,
    pub verb: VerbHit,
    pub notes: Vec<Note>,
}

impl Sentence<'_> {
    fn slot_start(&self, doc: &Document, s: usize) -> usize {
        doc.mentions[self.slots[s][0]].tokens.start as usize
    }
    fn slot_end(&self, doc: &Document, s: usize) -> usize {
        self.slots[s].iter().map(|&m| doc.mentions[m].tokens.end as usize).max().unwrap_or(0)
    }

    /// Whether the slot names where something happens: "in Syria", "near the town of Samarra", "in the
    /// northern city of Kirkuk" — and is made of places only (countries, capitals, cities).
    fn located(&self, doc: &Document, s: usize) -> bool {
        let places = self.slots[s].iter().all(|&m| {
            let m = &doc.mentions[m];
            m.actor.country.is_some() && matches!(m.kind, MentionKind::Name | MentionKind::Metonym) && (m.actor.sectors.is_empty() || m.kind == MentionKind::Metonym)
        });
        if !places {
            return false;
        }
        let mut t = self.slot_start(doc, s);
        // "the (northern) city of": a place noun and "of" before the name.
        if t >= self.range.start + 2 && doc.key(t - 1) == "of" && is_place_noun(doc.key(t - 2)) {
            t -= 2;
            let mut n = 0;
            while t > self.range.start && n < 2 && doc.tokens[t - 1].kind == TokenKind::Word && !doc.tokens[t - 1].capitalized && !is_preposition(doc.key(t - 1)) && !is_determiner(doc.key(t - 1)) {
                t -= 1;
                n += 1;
            }
        }
        while t > self.range.start && is_determiner(doc.key(t - 1)) {
            t -= 1;
        }
        t > self.range.start && is(LocationCase, doc.key(t - 1))
    }

    /// Whether the slot stands after a preposition ("in Syria", "with the divided island of Cyprus"),
    /// except quantity phrases whose head is the actor ("a group of Moroccan diplomats").
    fn after_preposition(&self, doc: &Document, s: usize) -> bool {
        let mut t = self.slot_start(doc, s);
        let mut skipped = 0;
        while t > self.range.start {
            t -= 1;
            let k = doc.key(t);
            if is_determiner(k) {
                continue;
            }
            if is_preposition(k) {
                if k == "of" && t > self.range.start && is(PartNoun, doc.key(t - 1)) {
                    return false;
                }
                return true;
            }
            // Adjectives between a preposition and the actor: "of the divided Mediterranean island".
            let tok = &doc.tokens[t];
            if skipped < 2 && tok.kind == TokenKind::Word && !tok.capitalized && (k.ends_with("ed") || k.ends_with("al") || k.ends_with("ern") || k.ends_with("ing")) {
                skipped += 1;
                continue;
            }
            return false;
        }
        false
    }

    /// A match used as a noun: after a determiner or preposition ("at a jail", "a United Nations appeal
    /// for", "in protest") or a plural after a modifier ("violent protests", "their political demands").
    /// Noun patterns (`=`) are meant as nouns, but after a determiner they name something already known
    /// ("the war against terrorism") — except violent ones, whose noun is usually the news ("an air strike on").
    fn nominal(&self, doc: &Document, head: usize, literal: bool, code: Option<CameoCode>) -> bool {
        if head == self.range.start {
            return false;
        }
        let root = code.map_or(0, |c| c.root_number());
        let prev = doc.key(head - 1);
        let is_det = |k: &str| is(NounDeterminer, k);
        let mut det = is_det(prev) || doc.tokens[head - 1].kind == TokenKind::Number;
        // "a new pact", "all official contact": a determiner, then one modifier.
        // But "a declaration demanding that": a participle of demanding or accusing after a noun.
        let reporting_participle = doc.key(head).ends_with("ing") && matches!(root, 2 | 10 | 11 | 12);
        if !det && !reporting_participle && head >= self.range.start + 2 && !doc.key(head).ends_with("ed") {
            let p = &doc.tokens[head - 1];
            let mod_word = p.kind == TokenKind::Word && !p.capitalized && !is(NoModifier, prev) && !prev.ends_with("ly") && !(0..self.slots.len()).any(|s| self.slot_end(doc, s) == head);
            det = mod_word && is_det(doc.key(head - 2)) && doc.key(head - 2) != "'s";
        }
        if literal {
            // "announced a suspension of air links": the announced noun is the act.
            let announced = (head.saturating_sub(3).max(self.range.start)..head).rev().find(|&t| is(Announce, doc.key(t))).is_some_and(|t| {
                (t + 1..head).all(|u| is_det(doc.key(u)) || doc.tokens[u].kind == TokenKind::Word && !doc.tokens[u].capitalized && !is_preposition(doc.key(u)))
            });
            if announced {
                return false;
            }
            // "wounded two soldiers in a bomb attack": an adjunct of the verb before it.
            let adjunct = (head.saturating_sub(3).max(self.range.start)..head).rev().find(|&t| !is_det(doc.key(t)) && !(doc.tokens[t].kind == TokenKind::Word && !doc.tokens[t].capitalized && t + 1 == head && det)).is_some_and(|t| is_preposition(doc.key(t)));
            return adjunct || det && !matches!(root, 18..=20);
        }
        if det || is_preposition(prev) && !matches!(prev, "to") {
            return true;
        }
        let k = doc.key(head);
        let pt = &doc.tokens[head - 1];
        let in_slot = (0..self.slots.len()).any(|s| self.slot_end(doc, s) == head);
        // A plural noun after "of" and its modifiers: "after weeks of deadly protests", "weeks of
        // sometimes violent "yellow vest" protests".
        if k.ends_with('s') && !k.ends_with("ss") && !in_slot {
            let mut t = head;
            let mut n = 0;
            while t > self.range.start && n < 6 {
                let (pk, ptok) = (doc.key(t - 1), &doc.tokens[t - 1]);
                let modifier = ptok.kind == TokenKind::Word && !ptok.capitalized && !is_preposition(pk) && !is_determiner(pk) || ptok.kind == TokenKind::Punct && matches!(pk, "\"" | "'" | "-");
                if !modifier || (0..self.slots.len()).any(|s| self.slot_end(doc, s) == t) {
                    break;
                }
                t -= 1;
                n += 1;
            }
            if t > self.range.start && t < head && is(EventNounGovernor, doc.key(t - 1)) {
                return true;
            }
        }
        // Adjectives in -ly ("deadly protests") are no adverbs.
        let adverb = prev.ends_with("ly") && !is(LyAdjective, prev);
        k.ends_with('s')
            && !k.ends_with("ss")
            && pt.kind == TokenKind::Word
            && !pt.capitalized
            && !in_slot
            && !adverb
            && !is(VerbLeft, prev)
    }

    /// A verb form that does not assert an event by itself: a gerund or participle without an
    /// auxiliary ("blowing up", "the curfew imposed in Sudan") or a bare infinitive ("a delegation to
    /// visit"), unless a cue before it makes it an intent or a fact ("pledged to visit").
    fn non_finite(&self, doc: &Document, vi: usize, head: usize, pattern_literal: bool, cue_covers: bool, code: CameoCode) -> bool {
        if pattern_literal || cue_covers {
            return false;
        }
        let k = doc.key(head);
        let mut p = head;
        while p > self.range.start && (doc.key(p - 1).ends_with("ly") || is(PreverbAdverb, doc.key(p - 1))) {
            p -= 1;
        }
        if p == self.range.start {
            return false;
        }
        let prev = doc.key(p - 1);
        let aux = is(Auxiliary, prev);
        if prev == "to" {
            return true;
        }
        // "began expelling", "started shelling", "resumed sharing": a phase verb makes the -ing form the
        // event.
        if k.ends_with("ing") && is(PhaseVerb, prev) {
            return false;
        }
        if k.ends_with("ing") {
            // A participle of demanding or accusing reports what the subject did: "issued a declaration
            // demanding that", "rioted, accusing the police of".
            if matches!(code.root_number(), 2 | 10 | 11 | 12) {
                return false;
            }
            return !aux;
        }
        if k.ends_with("ed") || k.ends_with("en") || k.ends_with("wn") {
            // "opened its borders to West Africans ordered out of Nigeria": a participle right after the
            // object of a preposition describes that object.
            // Not after a place: "A bombing near Samarra killed" has its main verb there.
            if !aux && (0..self.slots.len()).any(|s| self.slot_end(doc, s) == p && self.after_preposition(doc, s) && !self.located(doc, s)) {
                return true;
            }
            // Reduced relative: a common noun right before the participle, after the main verb.
            if vi == 0 {
                return false;
            }
            // "urged Tunisian authorities to release opposition figures detained in a crackdown": right
            // after the object of the verb before it (not a reporting verb), a participle describes it.
            let pv = &self.verbs[vi - 1];
            let reporting = self.lex.verbs[pv.entry as usize].code.as_deref().is_some_and(|c| c.starts_with("01"));
            if !aux && !reporting && (0..self.slots.len()).any(|s| {
                let st = self.slot_start(doc, s);
                self.slot_end(doc, s) == p
                    && st >= pv.m.end
                    && (pv.m.end..st).all(|t| !opens_clause(doc.key(t)) && !is(ReportBreak, doc.key(t)))
            }) {
                return true;
            }
            let pt = &doc.tokens[p - 1];
            let in_slot = (0..self.slots.len()).any(|s| self.slot_end(doc, s) == p);
            return !aux && !in_slot && pt.kind == TokenKind::Word && !pt.capitalized && !is(FiniteLeft, prev);
        }
        false
    }

    pub fn assemble(&self, doc: &Document) -> Vec<Draft> {
        let lex = self.lex;
        let mut drafts = Vec::new();
        let question = doc.tokens[self.range.end - 1].kind == TokenKind::Punct && doc.key(self.range.end - 1) == "?";
        if question {
            return drafts;
        }
        let mut prev: Option<(usize, Option<usize>, usize)> = None; // (source slot, target slot, verb end)
        // Control verbs: "threatened on Monday to break relations with Russia" is one event, a threat to
        // break relations; "pledged to send aid" an intent. The complement verb takes the controller's
        // subject and a code derived from both; the controller alone codes nothing.
        let mut controller: Vec<Option<usize>> = vec![None; self.verbs.len()];
        for vi in 1..self.verbs.len() {
            let (a, b) = (&self.verbs[vi - 1], &self.verbs[vi]);
            let Some(ca) = lex.verbs[a.entry as usize].code else { continue };
            // A rejection keeps its own object ("rejected a US offer to host a summit"): only intents and
            // threats take their complement's event.
            let ends_to = doc.key(a.m.end - 1) == "to";
            if !matches!(ca.root_number(), 3 | 13) || b.m.start < a.m.end || b.m.start == a.m.end && !ends_to || b.m.start - a.m.end > 5 {
                continue;
            }
            let between: Vec<&str> = (a.m.end - usize::from(ends_to)..b.m.start).map(|t| doc.key(t)).collect();
            let in_slot = (0..self.slots.len()).any(|s| self.slot_start(doc, s) >= a.m.end && self.slot_end(doc, s) <= b.m.start);
            if between.last() == Some(&"to") && !in_slot && !between.iter().any(|k| matches!(*k, "," | ";" | "and" | "but")) {
                controller[vi] = Some(vi - 1);
            }
        }
        let controls: Vec<bool> = (0..self.verbs.len()).map(|i| controller.contains(&Some(i))).collect();
        // A noun pattern in the object of the verb before it is part of that object: "boycott all
        // official contact with the United States", "signed an agreement on energy cooperation with".
        let mut absorbed = vec![false; self.verbs.len()];
        for vi in 1..self.verbs.len() {
            let (a, b) = (&self.verbs[vi - 1], &self.verbs[vi]);
            if !lex.verbs[b.entry as usize].nominal || b.m.start < a.m.end || b.m.start - a.m.end > 6 {
                continue;
            }
            // What is announced or ordered is the act: "Italy announced a suspension of air links with".
            if announces(&lex.verbs[a.entry as usize]) {
                continue;
            }
            let slot_between = (0..self.slots.len()).any(|s| self.slot_start(doc, s) >= a.m.end && self.slot_end(doc, s) <= b.m.start);
            if !slot_between && !(a.m.end..b.m.start).any(|t| matches!(doc.key(t), "," | ";" | "and" | "but" | "that" | "which")) {
                absorbed[vi] = true;
            }
        }
        // Matches used as nouns are no events, and do not end the object of the verb before them.
        let nominal: Vec<bool> = self
            .verbs
            .iter()
            .map(|v| {
                let e = &lex.verbs[v.entry as usize];
                self.nominal(doc, v.m.start, e.nominal, e.code)
            })
            .collect();
        for (vi, n) in nominal.iter().enumerate() {
            if *n && controller[vi].is_none() {
                absorbed[vi] = true;
            }
        }
        // Where each verb's object may reach: up to the next verb that is neither absorbed nor a bare
        // infinitive ("opened fire to disperse demonstrators" reaches the demonstrators).
        let reach: Vec<usize> = (0..self.verbs.len())
            .map(|vi| {
                (vi + 1..self.verbs.len())
                    .find(|&n| !absorbed[n] && !(self.verbs[n].m.start > self.range.start && doc.key(self.verbs[n].m.start - 1) == "to" && controller[n].is_none()))
                    .map_or(self.range.end, |n| self.verbs[n].m.start)
            })
            .collect();
        let mut controller_subject: Vec<Option<usize>> = vec![None; self.verbs.len()];
        let mut last_object: Option<(usize, usize)> = None;
        for (vi, v) in self.verbs.iter().enumerate() {
            let entry = &lex.verbs[v.entry as usize];
            let Some(code) = entry.code.clone() else { continue };
            let head = v.m.start;
            let next_verb = reach[vi];
            let mut notes = Vec::new();

            // Passive voice: "was attacked by X".
            let mut b = head;
            while b > self.range.start && (is(HedgeAdverb, doc.key(b - 1)) || doc.key(b - 1).ends_with("ly")) {
                b -= 1;
            }
            let head_key = doc.key(head);
            let passive = b > self.range.start
                && is(PassiveAux, doc.key(b - 1))
                && !head_key.ends_with("ing")
                // A literal pattern is passive only with its agent: "were set free by the Taliban".
                && (!entry.nominal || (v.m.end..(v.m.end + 3).min(self.range.end)).any(|t| doc.key(t) == "by"));

            // Subject: the nearest slot before the verb that is not the object of a preposition.
            let mut subject = None;
            for s in (0..self.slots.len()).rev() {
                if self.slot_end(doc, s) > head {
                    continue;
                }
                if self.after_preposition(doc, s) {
                    continue;
                }
                // A role noun used as a modifier of the pattern's noun: "military cooperation with".
                if self.slot_end(doc, s) == head && entry.nominal && self.slots[s].len() == 1 && doc.mentions[self.slots[s][0]].kind == MentionKind::Agent {
                    continue;
                }
                subject = Some(s);
                break;
            }
            // An appositive between subject and verb: "Pakistan, a key U.S. ally in the war, has refused".
            if let Some(sj) = subject {
                let comma_before_verb = (self.slot_end(doc, sj)..head).any(|t| doc.key(t) == ",");
                if comma_before_verb {
                    if let Some(s2) = (0..sj).rev().find(|&s2| {
                        let e = self.slot_end(doc, s2);
                        e + 1 < self.range.end && doc.key(e) == "," && matches!(doc.key(e + 1), "a" | "an" | "the") && !self.after_preposition(doc, s2)
                    }) {
                        if self.slot_start(doc, sj) > self.slot_end(doc, s2) {
                            subject = Some(s2);
                        }
                    }
                }
            }
            // Relative clauses: "Macedonia, which is preparing an offensive" — the antecedent is the subject;
            // when the antecedent is no actor ("a resolution that aims to"), there is no event.
            let rel = (self.range.start..head).rev().take(12).find(|&t| matches!(doc.key(t), "which" | "who" | "whom" | "that"));
            if let Some(r) = rel {
                let slot_between = (0..self.slots.len()).any(|s| self.slot_start(doc, s) > r && self.slot_end(doc, s) <= head);
                let verb_between = self.verbs[..vi].iter().any(|p| p.m.start > r);
                if !slot_between && !verb_between {
                    let ante = (0..self.slots.len()).find(|&s| {
                        let e = self.slot_end(doc, s);
                        e == r || (e + 1 == r && doc.key(e) == ",")
                    });
                    match ante {
                        Some(a) => subject = Some(a),
                        None if doc.key(r) != "that" || r > self.range.start && doc.tokens[r - 1].kind == TokenKind::Word && !is(SpeechForm, doc.key(r - 1)) => {
                            prev = None;
                            continue;
                        }
                        None => {}
                    }
                }
            }
            // "whom they had taken hostage two weeks ago": a past-perfect object relative clause recalls an
            // earlier event as background; it is not news of this sentence.
            if let Some(r) = rel {
                let had = head > r + 2 && doc.key(head - 1) == "had" && matches!(doc.key(r), "whom" | "which" | "that");
                let subject_inside = (0..self.slots.len()).any(|s| self.slot_start(doc, s) > r && self.slot_end(doc, s) <= head);
                // "refugees, whom authorities blame for a border conflict": the same for any object
                // relative opened by "whom" or "which".
                let object_relative = matches!(doc.key(r), "whom" | "which") && subject_inside && !self.verbs[..vi].iter().any(|p| p.m.start > r);
                if (had || object_relative) && subject_inside {
                    continue;
                }
            }
            // "accused the United States of violating human rights, ignoring international law and ...",
            // "accusing Kyiv of supporting rebels who killed ...", "alleging genocide against": what an
            // accusation alleges (its gerunds, the relative clauses and noun events inside it) is no event.
            if let Some(d) = drafts.last() {
                let accusation = d.code.in_root(11) && (d.verb.m.start..head).any(|t| doc.key(t) == "of") || d.code.in_root(11) && entry.nominal && head <= d.verb.m.end + 2;
                let inside = d.verb.m.end <= head && (d.verb.m.end..head).all(|t| !matches!(doc.key(t), ";" | ":" | "but" | "while"));
                let dependent = head_key.ends_with("ing") || entry.nominal || (d.verb.m.end..head).any(|t| matches!(doc.key(t), "who" | "which" | "that"));
                if accusation && inside && dependent {
                    continue;
                }
            }
            // Background: "since the Russian invasion of Ukraine", "threats of a military attack against
            // Israel" recall or anticipate events the sentence is not reporting. (Events in "a week
            // after X did Y" clauses are reported: they are coded.)
            {
                let from = head.saturating_sub(8).max(self.range.start);
                let background = entry.nominal
                    && (from..head).any(|t| doc.key(t) == "since" && !(t + 1..head).any(|u| matches!(doc.key(u), "," | ";" | "and" | "but")));
                let threat_of = entry.nominal && (from..head).any(|t| doc.key(t) == "of" && t > self.range.start && is(ThreatNoun, doc.key(t - 1)));
                if background || threat_of {
                    prev = subject.map(|s| (s, None, v.m.end));
                    continue;
                }
            }
            // "demanded an admission by Moscow that Soviet forces murdered ...", "denied reports that":
            // a clause completing a noun of saying is reported, not asserted.
            if let Some(that) = (self.range.start..head).rev().take(12).find(|&t| doc.key(t) == "that") {
                let noun = (that.saturating_sub(4).max(self.range.start)..that).any(|t| {
                    is(ClaimNoun, doc.key(t))
                        && !self.verbs.iter().any(|p| p.m.start > t && p.m.start < that)
                });
                if noun && !self.verbs[..vi].iter().any(|p| p.m.start > that) {
                    prev = None;
                    continue;
                }
            }
            // Coordinated verbs share the subject: "X condemned Y and urged Z".
            if let (Some(s), Some((ps, Some(pt), pend))) = (subject, prev) {
                if s == pt && (pend..head).any(|t| doc.key(t) == "and") {
                    subject = Some(ps);
                }
            }
            // Coordinated verb phrases: "X has refused to deploy troops in Iraq and has urged ...": after
            // "and" with only auxiliaries before the verb, the subject is the previous verb's.
            if let Some((ps, _, pend)) = prev {
                if let Some(and_at) = (pend..head).rev().find(|&t| matches!(doc.key(t), "and" | "but")) {
                    let only_aux = (and_at + 1..head).all(|t| is(AuxOrAdverb, doc.key(t)) || doc.key(t).ends_with("ly"));
                    let no_slot = !(0..self.slots.len()).any(|s| self.slot_start(doc, s) > and_at && self.slot_start(doc, s) < head);
                    if only_aux && no_slot {
                        subject = Some(ps);
                    }
                }
            }
            // A participle clause after a comma has the main clause's subject: "Bangladesh rejected an
            // Indian proposal, urging the counterpart to ...", "Moscow expelled six diplomats, accusing them".
            if let Some((ps, _, pend)) = prev {
                if head_key.ends_with("ing") && head > pend && doc.key(head - 1) == "," {
                    subject = Some(ps);
                }
            }
            // "A bombing killed one soldier and wounded two others": the object of a verb without an
            // actor as subject is not the subject of the next one.
            if let (Some(s), Some((o, oend))) = (subject, last_object) {
                if s == o && prev.is_none_or(|(_, pt, _)| pt != Some(o)) && (oend..head).any(|t| doc.key(t) == "and") {
                    prev = None;
                    continue;
                }
            }
            if let Some(c) = controller[vi] {
                if let Some(cs) = controller_subject[c] {
                    subject = Some(cs);
                }
            }
            // Causatives: "the government ordered the newspaper to suspend publication" is the
            // government's act on the newspaper.
            let mut causative_object = None;
            if head > self.range.start && doc.key(head - 1) == "to" {
                if let Some((ca, ce)) = cue_in(lex, self.syms, head.saturating_sub(9).max(self.range.start), head - 1, CueKind::Causative) {
                    let object = (0..self.slots.len()).find(|&s| self.slot_start(doc, s) >= ce && self.slot_end(doc, s) < head);
                    let agent = (0..self.slots.len()).rev().find(|&s| self.slot_end(doc, s) <= ca && !self.after_preposition(doc, s));
                    if let (Some(o), Some(a)) = (object, agent) {
                        subject = Some(a);
                        causative_object = Some(o);
                        notes.push(Note::Causative(doc.key(ca).to_string()));
                    }
                }
            }
            let window_start = match (subject, prev) {
                (Some(s), Some((_, _, pend))) => self.slot_end(doc, s).max(pend),
                (Some(s), None) => self.slot_end(doc, s),
                (None, Some((_, _, pend))) => pend.max(head.saturating_sub(4)),
                (None, None) => head.saturating_sub(4).max(self.range.start),
            }
            .max(head.saturating_sub(10));
            let window_start = window_start.min(head);

            // "refused to / failed to / will not" + a cooperative verb is a rejection (CAMEO 12);
            // any other negation cancels the event ("did not send troops").
            let refused = cue_in(lex, self.syms, window_start, head, CueKind::Refusal).and_then(|_| lex.events.derive(code, Derivation::Refusal));
            if refused.is_none() && cue_in(lex, self.syms, window_start, head, CueKind::Negation).is_some() {
                prev = subject.map(|s| (s, None, v.m.end));
                continue;
            }
            // Conditionals reach back to the start of the clause: "If Russia attacked Ukraine, ...".
            let clause_start = {
                let from = subject.map_or(window_start, |s| self.slot_start(doc, s));
                (self.range.start..from).rev().find(|&t| matches!(doc.key(t), "," | ";" | ":" | "\"")).map_or(self.range.start, |t| t + 1)
            };
            // "X said Y must do Z" is X's demand on Y; "X demanded that Y do Z" codes only the demand.
            if let Some(subj) = subject {
                let reported = drafts.iter().rev().find(|d: &&Draft| d.verb.m.end <= self.slot_start(doc, subj));
                if let Some(r) = reported {
                    let rcode = r.code;
                    let demand_of_subject = matches!(rcode.root_number(), 2 | 10) && r.target == Some(subj);
                    let obliged = cue_in(lex, self.syms, window_start, head, CueKind::Obligation).is_some();
                    if demand_of_subject {
                        prev = Some((subj, None, v.m.end));
                        continue;
                    }
                    if obliged && rcode.in_root(1) && r.source != subj {
                        let (rs, rv) = (r.source, r.verb.clone());
                        notes.push(Note::ObligationReportedBy(doc.slice(doc.mentions[self.slots[rs][0]].span).to_string()));
                        drafts.push(Draft { source: rs, target: Some(subj), code: DEMAND, verb: rv, notes });
                        prev = Some((subj, None, v.m.end));
                        continue;
                    }
                }
            }
            if cue_in(lex, self.syms, window_start.min(clause_start), head, CueKind::Hypothetical).is_some() {
                prev = subject.map(|s| (s, None, v.m.end));
                continue;
            }
            if absorbed[vi] {
                continue;
            }
            if controls[vi] {
                controller_subject[vi] = subject;
                prev = subject.map(|s| (s, None, v.m.end));
                continue;
            }
            let mut code = code;
            if let Some(r) = refused {
                notes.push(Note::Refusal { from: code, to: r });
                code = r;
            }
            if let Some(c) = controller[vi] {
                let controlling = &lex.verbs[self.verbs[c].entry as usize];
                if let Some(ccode) = controlling.code {
                    // "threatened to strike" is a threat of that strike, "promised to send" an intent.
                    let new = match ccode.root_number() {
                        r @ (3 | 13) => lex.events.derive(code, Derivation::Intent).filter(|n| n.in_root(r)).unwrap_or(ccode),
                        _ => ccode,
                    };
                    notes.push(Note::Complement { pattern: controlling.pattern.clone(), from: code, to: new });
                    code = new;
                }
            }
            let controlled = controller[vi].is_some() || causative_object.is_some();
            let intent = cue_in(lex, self.syms, window_start, head, CueKind::Intent).filter(|_| !controlled);
            let factive = cue_in(lex, self.syms, head.saturating_sub(3).max(window_start), head, CueKind::Factive).is_some();
            if self.non_finite(doc, vi, head, entry.nominal, controlled || refused.is_some() || intent.is_some_and(|(_, e)| e + 2 >= head) || factive, code) {
                continue;
            }
            // A noun pattern after a possessive names something ongoing, not an event: "its war with Iraq".
            // A noun pattern inside a purpose clause is no event: "to allow medical supplies to reach".
            let in_purpose = entry.nominal
                && (window_start..head).any(|t| {
                    doc.key(t) == "to"
                        && t + 1 < head
                        && doc.tokens[t + 1].kind == TokenKind::Word
                        && !doc.tokens[t + 1].capitalized
                        && !is_determiner(doc.key(t + 1))
                        && [CueKind::Intent, CueKind::Factive, CueKind::Refusal].iter().all(|&k| cue_in(lex, self.syms, t.saturating_sub(4).max(self.range.start), t + 1, k).is_none())
                });
            if in_purpose || nominal[vi] && controller[vi].is_none() {
                prev = subject.map(|s| (s, None, v.m.end));
                continue;
            }
            let possessed = head > self.range.start && is(Possessive, doc.key(head - 1));
            if possessed || entry.nominal && (head.saturating_sub(2).max(self.range.start)..head).any(|t| is(Possessive, doc.key(t))) {
                continue;
            }
            // "the army prepared to resume shelling": getting ready for force is a show of force (150).
            let preparing = intent.is_some_and(|(a, _)| doc.key(a).starts_with("prepar") || a + 1 < head && doc.key(a + 1).starts_with("prepar"));
            if preparing && matches!(code.root_number(), 18..=20) {
                notes.push(Note::PreparationForForce { from: code, to: SHOW_OF_FORCE });
                code = SHOW_OF_FORCE;
            } else if let Some((a, e)) = intent {
                if let Some(new) = lex.events.derive(code, Derivation::Intent) {
                    let cue = doc.slice(dyad_model::Span { start: doc.tokens[a].span.start, end: doc.tokens[e - 1].span.end }).to_string();
                    notes.push(Note::IntentCue { cue, from: code, to: new });
                    code = new;
                }
            }

            // Target: the first slot after the verb head, before the next verb.
            let limit = next_verb.max(v.m.end).min(self.range.end);
            let report = code.in_root(1);
            let mut target = None;
            for s in 0..self.slots.len() {
                let st = self.slot_start(doc, s);
                if st <= head || st >= limit {
                    continue;
                }
                if report && (st > v.m.end + 1 || self.slots[s].iter().any(|&m| doc.mentions[m].kind == MentionKind::Anaphor)) {
                    break;
                }
                if st > v.m.end + 12 {
                    break;
                }
                // Not the last word of the pattern itself ("taken hostage"), nor "its troops".
                if st + 1 == v.m.end && v.m.end - v.m.start > 1 {
                    continue;
                }
                let bare = self.slots[s].iter().all(|&m| doc.mentions[m].kind == MentionKind::Agent && doc.mentions[m].tokens.len() == 1);
                if bare && st > self.range.start && is(Possessive, doc.key(st - 1)) {
                    continue;
                }
                // "China and Russia held exercises in the Sea of Japan": for a joint subject, a place is
                // not a target (the event is between the subject's members).
                let mut p = st;
                while p > v.m.end && is_determiner(doc.key(p - 1)) {
                    p -= 1;
                }
                let joint = subject.is_some_and(|s| self.slots[s].len() > 1);
                if p > v.m.end && joint && is(SettingCase, doc.key(p - 1)) {
                    continue;
                }
                // "U.S. and Russian negotiators return to Geneva for talks": a city is their venue.
                if joint && code.in_root(4) && self.slots[s].iter().all(|&m| from_city(&doc.mentions[m])) {
                    continue;
                }
                // "demanded that Israel ease restrictions": the demand is made of Israel.
                let demand = matches!(code.root_number(), 2 | 10);
                let that_at = (v.m.end..(v.m.end + 3).min(st)).find(|&t| doc.key(t) == "that");
                let crossed_that = demand && that_at.is_some_and(|t| (t + 1..st).all(|u| is_determiner(doc.key(u))));
                if !crossed_that && (v.m.end..st).any(|t| opens_clause(doc.key(t))) {
                    break;
                }
                // ", the White House announced": the subject of a new clause, not a target.
                let se = self.slot_end(doc, s);
                if (v.m.end..st).any(|t| doc.key(t) == ",") && self.verbs.iter().any(|w| w.m.start >= se && w.m.start <= se + 1) {
                    break;
                }
                // A role noun used as a modifier is no target: "all official contact with", "a government offensive".
                if self.slots[s].len() == 1 {
                    let m = &doc.mentions[self.slots[s][0]];
                    let nt = m.tokens.end as usize;
                    if m.kind == MentionKind::Agent && m.tokens.len() == 1 && nt < self.range.end {
                        let t = &doc.tokens[nt];
                        let k = doc.key(nt);
                        if t.kind == TokenKind::Word && !t.capitalized && !is_preposition(k) && !is_determiner(k) && !is(NotNounModifier, k) && !k.ends_with("ed") && !k.ends_with("ly") {
                            continue;
                        }
                    }
                }
                // "the besieged Bosnian town of Gorazde", "European-based missiles": an adjective naming
                // where something is, no actor.
                if self.slots[s].iter().all(|&m| {
                    let m = &doc.mentions[m];
                    let nt = m.tokens.end as usize;
                    let based = doc.text.get(m.span.end as usize..).is_some_and(|r| r.starts_with("-based"));
                    from_adjective(m) && m.actor.sectors.is_empty() && (based || nt < self.range.end && is_place_noun(doc.key(nt)))
                }) {
                    continue;
                }
                // Role nouns inside the pattern are its words ("promised military aid to").
                if st < v.m.end && self.slots[s].iter().all(|&m| doc.mentions[m].kind == MentionKind::Agent && doc.mentions[m].actor.code.len() <= 3 * doc.mentions[m].actor.sectors.len() + 3 && doc.slice(doc.mentions[m].span).chars().next().is_some_and(|c| c.is_lowercase())) {
                    continue;
                }
                target = Some(s);
                break;
            }
            if let Some(o) = causative_object {
                target = Some(o);
            }
            // "imposed a curfew in Algiers": a capital after "in" is where, so it stands for the country.
            if let Some(t) = target {
                if causative_object.is_none() && self.located(doc, t) {
                    notes.push(Note::PlaceTarget);
                }
            }
            if let Some(t) = target {
                last_object = Some((t, v.m.end));
            }
            let (mut source, mut target) = (subject, target);
            if passive {
                // "X was attacked by Y": Y is the source, X the target.
                // The agent may follow an adverbial: "were deployed along the border with Belarus by
                // Poland's defence ministry".
                let by = (head + 1..(v.m.end + 8).min(self.range.end)).take_while(|&t| !matches!(doc.key(t), "," | ";" | ":" | "and" | "but")).find(|&t| doc.key(t) == "by");
                let agent = by.and_then(|b| (0..self.slots.len()).find(|&s| self.slot_start(doc, s) > b && self.slot_start(doc, s) <= b + 3));
                match agent {
                    // Forces deployed by someone: the agent is the source, the direction stays the target.
                    Some(a) if code.in_root(15) => {
                        source = Some(a);
                        if target.is_some_and(|t| t == a) {
                            target = None;
                        }
                        notes.push(Note::Passive);
                    }
                    Some(a) => {
                        // "A camp for Congolese refugees was attacked by ...": the nearest actor before
                        // the verb is what was acted on, even inside a prepositional phrase.
                        let acted_on = subject.or_else(|| (0..self.slots.len()).rev().find(|&s| self.slot_end(doc, s) <= head));
                        target = acted_on;
                        source = Some(a);
                        notes.push(Note::Passive);
                    }
                    // "A US national has been put under investigation in Italy", "was arrested in Lebanon":
                    // investigations, accusations and arrests with no agent are the place's authorities'.
                    None if subject.is_some() && matches!(code.root_number(), 9 | 11 | 17) => {
                        let place = (0..self.slots.len()).find(|&s| self.slot_start(doc, s) >= v.m.end && self.slot_start(doc, s) <= v.m.end + 4 && self.located(doc, s));
                        match place {
                            Some(p) => {
                                target = subject;
                                source = Some(p);
                                notes.push(Note::PassiveNoAgent);
                                notes.push(Note::PlaceSource);
                            }
                            None => {
                                prev = subject.map(|s| (s, None, v.m.end));
                                continue;
                            }
                        }
                    }
                    // "Thousands of Venezuelan troops were deployed near the border with Guyana": forces
                    // deployed or put on alert are their own side's show of force.
                    None if subject.is_some() && code.in_root(15) => {
                        notes.push(Note::PassiveOwnForces);
                    }
                    None => {
                        prev = subject.map(|s| (s, None, v.m.end));
                        continue;
                    }
                }
            }
            // "A roadside bombing near Samarra killed one U.S. soldier": violence with no named
            // perpetrator is coded with the country it happened in as the source.
            if source.is_none() && !passive && matches!(code.root_number(), 18..=20) {
                let attack_noun = (clause_start..head).any(|t| is(AttackNoun, doc.key(t)));
                if attack_noun {
                    let place = (0..self.slots.len()).find(|&s| self.slot_start(doc, s) >= clause_start && Some(s) != target && self.located(doc, s));
                    if let Some(p) = place {
                        source = Some(p);
                        notes.push(Note::PlacePerpetrator);
                        notes.push(Note::PlaceSource);
                    }
                }
            }
            // No target: for protests, force, coercion and violence, the place they happen in stands for it
            // ("demonstrated in Serbia", "lifted a state of emergency in West Darfur").
            let own_root = entry.code.map_or(0, |c| c.root_number());
            if target.is_none() && !passive && source.is_some_and(|s| self.slots[s].len() == 1) && matches!(own_root, 13 | 14 | 17 | 18 | 19 | 20) {
                target = (0..self.slots.len()).find(|&s| self.slot_start(doc, s) > v.m.end && self.located(doc, s));
                if target.is_some() {
                    notes.push(Note::PlaceTarget);
                }
            }
            // A threat is aimed at whoever its condition is about: "threatened to stop negotiations if the
            // United States goes ahead with the deployment".
            if target.is_none() && code.in_root(13) {
                if let Some(cond) = (v.m.end..self.range.end).find(|&t| matches!(doc.key(t), "if" | "unless")) {
                    target = (0..self.slots.len()).find(|&s| {
                        let st = self.slot_start(doc, s);
                        st > cond && st <= cond + 3 && (cond + 1..st).all(|u| is_determiner(doc.key(u))) && Some(s) != source
                    });
                    if target.is_some() {
                        notes.push(Note::ThreatCondition);
                    }
                }
            }
            // Forces shown or mobilised at home ("held drills around the Natanz nuclear site") have no target.
            if code.in_root(15) {
                if let (Some(s), Some(t)) = (source, target) {
                    let country = |x: usize| doc.mentions[self.slots[x][0]].actor.country.clone();
                    if self.slots[t].len() == 1 && country(t).is_some() && country(t) == country(s) {
                        target = None;
                    }
                }
            }
            // "South Korea and the United States started their annual military exercises": drills held
            // together are military cooperation (062), not a show of force against each other.
            let joint = source.filter(|&s| self.slots[s].len() > 1);
            // A target that is a place, one of the joint subject's members, or an adjective qualifying a
            // thing ("sharing data on North Korean missiles") is not a partner of joint action.
            let incidental = |t: usize| {
                self.located(doc, t)
                    || joint.is_some_and(|j| self.slots[t].iter().all(|&m| self.slots[j].iter().any(|&n| doc.mentions[n].actor.code == doc.mentions[m].actor.code)))
                    || self.slots[t].iter().all(|&m| from_adjective(&doc.mentions[m]) && doc.mentions[m].actor.sectors.is_empty())
            };
            if code.in_root(15) && joint.is_some() && target.is_none_or(incidental) && entry.words.iter().any(|w| is(DrillNoun, w)) {
                notes.push(Note::JointDrills { from: code, to: MILITARY_COOPERATION });
                code = MILITARY_COOPERATION;
                target = None;
            }
            if code.in_root(6) && joint.is_some() && target.is_some_and(incidental) {
                target = None;
            }
            // "NATO peacekeeping troops have arrived in Bosnia": peacekeepers arriving are no visit but
            // peacekeeping (074).
            if code.in_root(4) && source.is_some_and(|s| self.slots[s].iter().all(|&m| doc.slice(doc.mentions[m].span).to_lowercase().contains("peacekeep"))) {
                notes.push(Note::Peacekeepers { from: code, to: PEACEKEEPING });
                code = PEACEKEEPING;
            }
            // "A ceasefire between India and Pakistan took effect", "talks between Iran and the United
            // States were convened": with no subject, the parties after "between" are the event's.
            if source.is_none() && entry.words.len() > 1 && entry.words.last().is_some_and(|w| is(Between, w)) {
                if let Some(t) = target.filter(|&t| self.slots[t].len() > 1) {
                    source = Some(t);
                    target = None;
                    notes.push(Note::Between);
                }
            }
            let Some(src) = source else { continue };
            prev = Some((src, target, v.m.end));
            drafts.push(Draft { source: src, target, code, verb: v.clone(), notes });
        }
        // "X said Y must do Z" when Z is no pattern: still X's demand on Y.
        let reports: Vec<(usize, usize, VerbHit)> = drafts.iter().filter(|d| d.code.in_root(1)).map(|d| (d.source, d.verb.m.end, d.verb.clone())).collect();
        for (src, vend, verb) in reports {
            for t in 0..self.slots.len() {
                let (st, se) = (self.slot_start(doc, t), self.slot_end(doc, t));
                if st < vend || st > vend + 3 || t == src {
                    continue;
                }
                if cue_in(lex, self.syms, se, (se + 2).min(self.range.end), CueKind::Obligation).is_some() && !drafts.iter().any(|d| d.code == "100" && d.target == Some(t)) {
                    drafts.push(Draft { source: src, target: Some(t), code: DEMAND, verb: verb.clone(), notes: vec![Note::ObligationReported] });
                }
                break;
            }
        }
        drafts
    }
}

/// Gives the drafts the roles the dependency tree reads (`tree::PASSES`), and drops the drafts of an
/// event noun the tree shows to be supposed ("a blockade by China would ..."): a role the tree fills with
/// actors replaces the word-order guess; a subject the tree finds but that names no actor ("..., a
/// spokesman said") drops the draft, since the word-order guess would be some other actor of the
/// sentence; where the tree finds nothing, the word-order guess stays.
pub(crate) fn tree_roles(ctx: &crate::tree::Ctx, doc: &Document, sent: &mut Sentence, drafts: Vec<Draft>) -> Vec<Draft> {
    let mut out = Vec::with_capacity(drafts.len());
    for mut d in drafts {
        let Some((trigger, matched)) = trigger_of(ctx, &d.verb) else {
            out.push(d);
            continue;
        };
        if ctx.supposed(trigger) {
            continue;
        }
        let f = crate::tree::read_roles(ctx, trigger, matched, &pattern_words(sent.lex, &d.verb), Some(d.code));
        match &f.source {
            Some(r) if r.filled() => {
                let slot = slot_for(&mut sent.slots, &r.mentions);
                if slot != d.source {
                    d.notes.retain(|n| *n != Note::PlaceSource);
                }
                d.source = slot;
                d.notes.push(Note::TreeSource(r.via));
                if r.via == crate::tree::Via::Between {
                    d.notes.push(Note::Between);
                    d.target = None;
                    out.push(d);
                    continue;
                }
            }
            Some(r)
                if r.via == crate::tree::Via::Subject
                    && matches!(ctx.tree.word(r.head).upos, dyad_model::Upos::Noun | dyad_model::Upos::Propn)
                    && !d.notes.contains(&Note::PlaceSource)
                    && !sent.slots[d.source].iter().any(|&m| {
                        // A mention in a clause of the subject is not the subject: "the quake that
                        // hit central Myanmar flattened ...".
                        let word = doc.mentions[m].tokens.clone().find_map(|t| ctx.word_of_token(t));
                        let (phrase, mention) = (ctx.tree.subtree_span(r.head), doc.mentions[m].span);
                        phrase.start <= mention.start && mention.end <= phrase.end && word.is_none_or(|w| ctx.in_clause_of(w, r.head))
                    }) =>
            {
                // The subject is a noun phrase naming no actor the lexicon knows ("a spokesman"),
                // and the word-order guess lies outside it.
                continue;
            }
            _ => {}
        }
        // A target from a prepositional phrase in the source's own country is more often where
        // the event happened ("held drills around the Natanz site") than whom it was aimed at:
        // the word-order guess stays.
        let country = |m: usize| doc.mentions[m].actor.country.clone();
        let source_countries: Vec<Option<String>> = sent.slots[d.source].iter().map(|&m| country(m)).collect();
        let domestic = |r: &crate::tree::Role| matches!(r.via, crate::tree::Via::Oblique | crate::tree::Via::NounModifier) && r.mentions.iter().all(|&m| country(m).is_some() && source_countries.contains(&country(m)));
        if let Some(r) = f.target.as_ref().filter(|r| r.filled() && !domestic(r)) {
            let slot = slot_for(&mut sent.slots, &r.mentions);
            if slot != d.source {
                if Some(slot) != d.target {
                    d.notes.retain(|n| *n != Note::PlaceTarget);
                }
                d.target = Some(slot);
                d.notes.push(Note::TreeTarget(r.via));
            }
        }
        if d.target == Some(d.source) {
            d.target = None;
        }
        out.push(d);
    }
    out
}

/// Drafts for the verb matches the word-order assembler left without a draft, where the tree
/// gives them a source actor: "Then Modi went to Dhaka for a meeting with ...". Negated,
/// conditional and hedged triggers give none ([`crate::tree::Modality`]); "will"/"would" make a
/// cooperative or conflictual act an intent or a threat, as the word-order assembler does.
///
/// The tree adds one draft, from the trigger nearest the root: news sentences code their main
/// event. It does so when the word-order assembler gave the sentence no event (a statement that
/// reports the event, "a meeting between A and B produced no breakthrough, aides said", does not
/// count), or gave events only for triggers deeper in the tree than it (a relative clause, a complement, a trailing participle:
/// "Burkina Faso's junta, which has turned to Russia, expelled three French diplomats accused of
/// subversion" codes the expulsion, whatever else it codes).
pub(crate) fn tree_drafts(ctx: &crate::tree::Ctx, sent: &mut Sentence, drafts: &mut Vec<Draft>) {
    let drafted: Vec<usize> = drafts.iter().filter_map(|d| trigger_of(ctx, &d.verb)).map(|(t, _)| t).collect();
    // A statement ("..., aides said") reports the sentence's event; it does not stand for it.
    let drafted_depth = drafts.iter().filter(|d| d.code.root_number() != 1).filter_map(|d| trigger_of(ctx, &d.verb)).map(|(t, _)| ctx.tree.ancestors(t).count()).min();
    let mut verbs: Vec<(usize, usize, std::ops::Range<usize>, VerbHit)> =
        sent.verbs.iter().filter_map(|h| trigger_of(ctx, h).map(|(t, matched)| (ctx.tree.ancestors(t).count(), t, matched, h.clone()))).collect();
    verbs.sort_by_key(|(depth, _, _, h)| (*depth, h.m.start));
    let before = drafts.len();
    for (depth, trigger, matched, hit) in verbs {
        if drafts.len() > before || drafted_depth.is_some_and(|d| depth >= d) {
            break;
        }
        if drafted.contains(&trigger) {
            continue;
        }
        let Some(code) = sent.lex.verbs[hit.entry as usize].code else { continue };
        let f = crate::tree::read_roles(ctx, trigger, matched, &pattern_words(sent.lex, &hit), Some(code));
        let Some(src) = f.source.as_ref().filter(|r| r.filled()) else { continue };
        let code = match ctx.modality(trigger) {
            crate::tree::Modality::Fact => code,
            crate::tree::Modality::Intent => match sent.lex.events.derive(code, Derivation::Intent) {
                Some(c) => c,
                None => continue,
            },
            crate::tree::Modality::Negated | crate::tree::Modality::Hedged => continue,
        };
        let source = slot_for(&mut sent.slots, &src.mentions);
        let mut notes = vec![Note::TreeMainTrigger(src.via)];
        let target = f.target.as_ref().filter(|r| r.filled()).map(|r| {
            notes.push(Note::TreeTarget(r.via));
            slot_for(&mut sent.slots, &r.mentions)
        });
        let target = target.filter(|&t| t != source);
        if src.via == crate::tree::Via::Between {
            notes.push(Note::Between);
        }
        drafts.push(Draft { source, target, code, verb: hit, notes });
    }
}

/// The trigger word of a verb match (its first verb, else its first noun) and the words matched.
fn trigger_of(ctx: &crate::tree::Ctx, hit: &VerbHit) -> Option<(usize, std::ops::Range<usize>)> {
    let words: Vec<usize> = (hit.m.start as u32..hit.m.end as u32).filter_map(|t| ctx.word_of_token(t)).collect();
    let first = *words.first()?;
    let last = *words.last()?;
    let trigger = words
        .iter()
        .copied()
        .find(|&w| ctx.tree.word(w).upos == dyad_model::Upos::Verb)
        .or_else(|| words.iter().copied().find(|&w| matches!(ctx.tree.word(w).upos, dyad_model::Upos::Noun | dyad_model::Upos::Propn)))
        .unwrap_or(first);
    Some((trigger, first..last + 1))
}

/// The literal words of a verb match's pattern (its `*` gaps and `=` mark left out).
fn pattern_words<'l>(lex: &'l Lexicon, hit: &VerbHit) -> Vec<&'l str> {
    lex.verbs[hit.entry as usize].words.iter().map(String::as_str).collect()
}

/// The slot holding exactly `mentions`, added if no slot does.
fn slot_for(slots: &mut Vec<Vec<usize>>, mentions: &[usize]) -> usize {
    match slots.iter().position(|s| s == mentions) {
        Some(i) => i,
        None => {
            slots.push(mentions.to_vec());
            slots.len() - 1
        }
    }
}

/// Whether an event of `code` done by a joint subject is between its members: acts of cooperation,
/// consultation and fighting, and a ceasefire ("Israel and Hezbollah stopped firing").
fn joint_code(code: CameoCode) -> bool {
    matches!(code.root_number(), 3 | 4 | 5 | 6 | 19) || code == "0871"
}

/// Expands drafts over compound slots into events.
pub(crate) fn expand(lex: &Lexicon, doc: &Document, sent: &Sentence, drafts: Vec<Draft>, out: &mut Vec<Event>) {
    let first = out.len();
    expand_drafts(lex, doc, sent, drafts, out);
    // An event without a target says less than one of the same kind by the same source with a target in
    // the same sentence ("established ties with and opened an embassy in Tehran"): keep the one with.
    let sentence = &out[first..];
    let subsumed: Vec<bool> = sentence
        .iter()
        .map(|e| e.target.is_none() && sentence.iter().any(|o| o.target.is_some() && o.source.actor.code == e.source.actor.code && (o.cameo.root() == e.cameo.root() || !e.plover.is_empty() && o.plover == e.plover)))
        .collect();
    let mut i = 0;
    out.retain(|_| {
        i += 1;
        i <= first || !subsumed[i - first - 1]
    });
}

fn expand_drafts(lex: &Lexicon, doc: &Document, sent: &Sentence, drafts: Vec<Draft>, out: &mut Vec<Event>) {
    let mut seen: Vec<(String, Option<String>, CameoCode)> = Vec::new();
    for d in drafts {
        let info = match lex.events.get(d.code) {
            Some(i) => i,
            None => continue,
        };
        let verb = &lex.verbs[d.verb.entry as usize];
        let srcs = &sent.slots[d.source];
        let mut pairs: Vec<(usize, Option<usize>)> = Vec::new();
        // "Palestinians and Israelis failed to reach agreement on the fate of Palestinian offices": a
        // target that is one of a joint subject's members makes the event between the members.
        let target_in_subject = d.target.is_some_and(|t| srcs.len() > 1 && sent.slots[t].iter().all(|&tm| srcs.iter().any(|&s| doc.mentions[s].actor.code == doc.mentions[tm].actor.code)));
        match d.target.filter(|_| !target_in_subject) {
            Some(t) => {
                for &s in srcs {
                    for &tm in &sent.slots[t] {
                        pairs.push((s, Some(tm)));
                    }
                }
            }
            None => {
                let exchange = !verb.nominal && verb.words.first().is_some_and(|w| is(ExchangeVerb, w));
                let reciprocal = target_in_subject || exchange || joint_code(d.code) || d.notes.iter().any(|n| matches!(n, Note::Refusal { .. } | Note::Between));
                if srcs.len() > 1 && reciprocal {
                    for &a in srcs {
                        for &b in srcs {
                            if a != b {
                                pairs.push((a, Some(b)));
                            }
                        }
                    }
                } else {
                    for &s in srcs {
                        pairs.push((s, None));
                    }
                }
            }
        }
        for (s, t) in pairs {
            let as_country = |m: &dyad_model::Mention| {
                let mut m = m.clone();
                m.actor.code = m.actor.code.get(..3).unwrap_or("").to_string();
                m.actor.sectors.clear();
                m.rule.push_str(" + a place: the country");
                m
            };
            let place_source = d.notes.contains(&Note::PlaceSource).then(|| as_country(&doc.mentions[s]));
            let sm = place_source.as_ref().unwrap_or(&doc.mentions[s]);
            // A place stands for its country, not its government: "imposed a curfew in Algiers".
            let place_target: Option<dyad_model::Mention> = t.map(|t| &doc.mentions[t]).filter(|t| t.kind == MentionKind::Metonym && d.notes.contains(&Note::PlaceTarget)).map(|t| {
                let mut t = t.clone();
                t.actor.code = t.actor.code.get(..3).unwrap_or("").to_string();
                t.actor.sectors.clear();
                t.rule.push_str(" + a place: the country");
                t
            });
            let mut tm = place_target.as_ref().or(t.map(|t| &doc.mentions[t]));
            // The same actor on both sides is one mention seen twice, except where a domestic event
            // happens ("Georgians rallied in Tbilisi": GEO against GEO).
            let placed = d.notes.iter().any(|n| matches!(n, Note::PlaceTarget | Note::PlaceSource));
            if !placed && tm.is_some_and(|t| t.actor.code == sm.actor.code) {
                tm = None;
            }
            if sm.actor.code.is_empty() {
                continue;
            }
            let key = (sm.actor.code.clone(), tm.map(|t| t.actor.code.clone()), d.code.clone());
            if seen.contains(&key) {
                continue;
            }
            seen.push(key);
            let part = |m: &dyad_model::Mention| Participant { text: doc.slice(m.span).to_string(), span: m.span, actor: m.actor.clone() };
            let mut rule = format!("verb {:?} [{}] {}", verb.pattern, verb.code.as_deref().unwrap_or("---"), lex.origin(verb.origin));
            if d.verb.on_tree {
                rule.push_str(if verb.nominal { "; matched on the tree: the event noun and its modifier" } else { "; matched on the tree: the verb and its object" });
            }
            for n in &d.notes {
                rule.push_str(&format!("; {n}"));
            }
            rule.push_str(&format!("; source {:?}: {}", doc.slice(sm.span), sm.rule));
            if let Some(t) = tm {
                rule.push_str(&format!("; target {:?}: {}", doc.slice(t.span), t.rule));
            }
            let vs = doc.tokens[d.verb.m.start].span.start;
            let ve = doc.tokens[d.verb.m.end - 1].span.end;
            out.push(Event {
                sentence: sent.s as u32,
                source: part(sm),
                target: tm.map(part),
                cameo: d.code.clone(),
                goldstein: info.goldstein,
                quad: info.quad,
                plover: info.plover.clone(),
                mode: if info.mode.is_empty() { None } else { Some(info.mode.clone()) },
                verb_span: dyad_model::Span { start: vs, end: ve },
                date: None,
                place: None,
                rule,
            });
        }
    }
}
