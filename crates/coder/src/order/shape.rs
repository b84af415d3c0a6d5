//! Where a slot or a verb match stands in its sentence: after a preposition, at a place, used as a
//! noun, in a non-finite form. The passes ask these of [`OrderCtx`].

use super::OrderCtx;
use crate::mentions::{is_determiner, is_preposition};
use crate::words::{is, List::*};
use dyad_model::{CameoCode, MentionKind, TokenKind};

/// Punctuation and words that open a new clause: an object or target is not looked for across them.
pub(super) fn opens_clause(k: &str) -> bool {
    is(ClauseOpener, k)
}

/// Nouns for places: an adjective before them locates, it does not name an actor ("the Bosnian town of").
pub(super) fn is_place_noun(k: &str) -> bool {
    is(PlaceNoun, k)
}

impl OrderCtx<'_> {

    /// Whether the slot names where something happens: "in Syria", "near the town of Samarra", "in the
    /// northern city of Kirkuk" — and is made of places only (countries, capitals, cities).
    pub(super) fn located(&self, s: usize) -> bool {
        let doc = self.doc;
        let places = self.slots()[s].iter().all(|&m| {
            let m = &doc.mentions[m];
            m.actor.country.is_some() && matches!(m.kind, MentionKind::Name | MentionKind::Metonym) && (m.actor.sectors.is_empty() || m.kind == MentionKind::Metonym)
        });
        if !places {
            return false;
        }
        let mut t = self.slot_start(s);
        // "the (northern) city of": a place noun and "of" before the name.
        if t >= self.start() + 2 && doc.key(t - 1) == "of" && is_place_noun(doc.key(t - 2)) {
            t -= 2;
            let mut n = 0;
            while t > self.start() && n < 2 && doc.tokens[t - 1].kind == TokenKind::Word && !doc.tokens[t - 1].capitalized && !is_preposition(doc.key(t - 1)) && !is_determiner(doc.key(t - 1)) {
                t -= 1;
                n += 1;
            }
        }
        while t > self.start() && is_determiner(doc.key(t - 1)) {
            t -= 1;
        }
        t > self.start() && is(LocationCase, doc.key(t - 1))
    }

    /// Whether the slot stands after a preposition ("in Syria", "with the divided island of Cyprus"),
    /// except quantity phrases whose head is the actor ("a group of Moroccan diplomats").
    pub(super) fn after_preposition(&self, s: usize) -> bool {
        let doc = self.doc;
        let mut t = self.slot_start(s);
        let mut skipped = 0;
        while t > self.start() {
            t -= 1;
            let k = doc.key(t);
            if is_determiner(k) {
                continue;
            }
            if is_preposition(k) {
                if k == "of" && t > self.start() && is(PartNoun, doc.key(t - 1)) {
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
    pub(super) fn used_as_noun(&self, head: usize, literal: bool, code: Option<CameoCode>) -> bool {
        let doc = self.doc;
        if head == self.start() {
            return false;
        }
        let root = code.map_or(0, |c| c.root_number());
        let prev = doc.key(head - 1);
        let is_det = |k: &str| is(NounDeterminer, k);
        let mut det = is_det(prev) || doc.tokens[head - 1].kind == TokenKind::Number;
        // "a new pact", "all official contact": a determiner, then one modifier.
        // But "a declaration demanding that": a participle of demanding or accusing after a noun.
        let reporting_participle = doc.key(head).ends_with("ing") && matches!(root, 2 | 10 | 11 | 12);
        if !det && !reporting_participle && head >= self.start() + 2 && !doc.key(head).ends_with("ed") {
            let p = &doc.tokens[head - 1];
            let mod_word = p.kind == TokenKind::Word && !p.capitalized && !is(NoModifier, prev) && !prev.ends_with("ly") && !(0..self.slots().len()).any(|s| self.slot_end(s) == head);
            det = mod_word && is_det(doc.key(head - 2)) && doc.key(head - 2) != "'s";
        }
        if literal {
            // "announced a suspension of air links": the announced noun is the act.
            let announced = (head.saturating_sub(3).max(self.start())..head).rev().find(|&t| is(Announce, doc.key(t))).is_some_and(|t| {
                (t + 1..head).all(|u| is_det(doc.key(u)) || doc.tokens[u].kind == TokenKind::Word && !doc.tokens[u].capitalized && !is_preposition(doc.key(u)))
            });
            if announced {
                return false;
            }
            // "wounded two soldiers in a bomb attack": an adjunct of the verb before it.
            let adjunct = (head.saturating_sub(3).max(self.start())..head).rev().find(|&t| !is_det(doc.key(t)) && !(doc.tokens[t].kind == TokenKind::Word && !doc.tokens[t].capitalized && t + 1 == head && det)).is_some_and(|t| is_preposition(doc.key(t)));
            return adjunct || det && !matches!(root, 18..=20);
        }
        if det || is_preposition(prev) && !matches!(prev, "to") {
            return true;
        }
        let k = doc.key(head);
        let pt = &doc.tokens[head - 1];
        let in_slot = (0..self.slots().len()).any(|s| self.slot_end(s) == head);
        // A plural noun after "of" and its modifiers: "after weeks of deadly protests", "weeks of
        // sometimes violent "yellow vest" protests".
        if k.ends_with('s') && !k.ends_with("ss") && !in_slot {
            let mut t = head;
            let mut n = 0;
            while t > self.start() && n < 6 {
                let (pk, ptok) = (doc.key(t - 1), &doc.tokens[t - 1]);
                let modifier = ptok.kind == TokenKind::Word && !ptok.capitalized && !is_preposition(pk) && !is_determiner(pk) || ptok.kind == TokenKind::Punct && matches!(pk, "\"" | "'" | "-");
                if !modifier || (0..self.slots().len()).any(|s| self.slot_end(s) == t) {
                    break;
                }
                t -= 1;
                n += 1;
            }
            if t > self.start() && t < head && is(EventNounGovernor, doc.key(t - 1)) {
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
    pub(super) fn non_finite_form(&self, vi: usize, head: usize, pattern_literal: bool, cue_covers: bool, code: CameoCode) -> bool {
        let doc = self.doc;
        if pattern_literal || cue_covers {
            return false;
        }
        let k = doc.key(head);
        let mut p = head;
        while p > self.start() && (doc.key(p - 1).ends_with("ly") || is(PreverbAdverb, doc.key(p - 1))) {
            p -= 1;
        }
        if p == self.start() {
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
            if !aux && (0..self.slots().len()).any(|s| self.slot_end(s) == p && self.after_preposition(s) && !self.located(s)) {
                return true;
            }
            // Reduced relative: a common noun right before the participle, after the main verb.
            if vi == 0 {
                return false;
            }
            // "urged Tunisian authorities to release opposition figures detained in a crackdown": right
            // after the object of the verb before it (not a reporting verb), a participle describes it.
            let pv = &self.verbs()[vi - 1];
            let reporting = self.lex.verbs[pv.entry as usize].code.as_deref().is_some_and(|c| c.starts_with("01"));
            if !aux && !reporting && (0..self.slots().len()).any(|s| {
                let st = self.slot_start(s);
                self.slot_end(s) == p
                    && st >= pv.m.end
                    && (pv.m.end..st).all(|t| !opens_clause(doc.key(t)) && !is(ReportBreak, doc.key(t)))
            }) {
                return true;
            }
            let pt = &doc.tokens[p - 1];
            let in_slot = (0..self.slots().len()).any(|s| self.slot_end(s) == p);
            return !aux && !in_slot && pt.kind == TokenKind::Word && !pt.capitalized && !is(FiniteLeft, prev);
        }
        false
    }
}
