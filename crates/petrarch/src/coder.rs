//! A PETRARCH-mode coder: codes a [`Document`] (after [`dyad_text::process`]) with PETRARCH/TABARI
//! dictionaries, by token-sequence matching instead of parse trees.
//!
//! Per sentence: discards are checked; actor and agent phrases are matched (longest first; a space in
//! a dictionary phrase allows up to two words in between, `_` does not); matches are grouped into
//! noun phrases (compounds with "and"/",", agents attached to the actor they precede or follow,
//! "agents of/in/from ACTOR"); verbs are found by their forms, skipping forms used as nouns (after a
//! determiner or preposition); each verb's patterns are tried (the most specific match wins, else
//! the verb's or block's code); the source is the nearest noun phrase before the verb (or before a
//! coordinated verb's subject), the target the first after it, unless the pattern places them.

use crate::dict::{AgentPlace, Dicts, Elem, EventCode, PElem, Word};
use chrono::NaiveDate;
use dyad_model::{Document, TokenKind};
use std::collections::HashMap;

/// Options a validation file can change with `<Config>`.
#[derive(Debug, Clone, PartialEq)]
pub struct Options {
    /// Drop events without both a source and a target.
    pub require_dyad: bool,
    /// Code unknown capitalised phrases of up to this many words as actors named by their text (0: off).
    pub new_actor_length: usize,
    /// Comma-delimited clauses whose word count lies in these ranges are ignored: internal clauses
    /// (`comma_min..=comma_max`), the clause before the first comma (`comma_bmin..=comma_bmax`) and
    /// the one after the last (`comma_emin..=comma_emax`). A maximum of 0 turns that kind off.
    pub comma_min: usize,
    pub comma_max: usize,
    pub comma_bmin: usize,
    pub comma_bmax: usize,
    pub comma_emin: usize,
    pub comma_emax: usize,
}

impl Default for Options {
    /// PETRARCH's defaults.
    fn default() -> Self {
        Options { require_dyad: true, new_actor_length: 0, comma_min: 2, comma_max: 8, comma_bmin: 0, comma_bmax: 0, comma_emin: 2, comma_emax: 8 }
    }
}

/// One coded event: exactly the codes the dictionaries give (`---` for a missing actor).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PEvent {
    pub sentence: usize,
    pub source: String,
    pub target: String,
    pub code: String,
    /// Token range of the verb in the document.
    pub verb: (usize, usize),
    pub line: usize,
    /// Token ranges of the noun phrases that gave the source and the target (None for `---`).
    pub source_tokens: Option<(usize, usize)>,
    pub target_tokens: Option<(usize, usize)>,
}

/// An actor side of an event: its codes and the token range of its noun phrase.
type Side = (Vec<String>, (usize, usize));

/// Pushes a one-sided event with the pattern's forward code, if it has one.
fn emit_one(events: &mut Vec<PEvent>, fwd: &Option<String>, mut e: PEvent) {
    if let Some(c) = fwd {
        e.code = c.clone();
        events.push(e);
    }
}

/// What happened to a document.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Coded {
    pub events: Vec<PEvent>,
    /// A story discard fired (no events).
    pub story_discard: Option<String>,
    /// Sentences dropped by a sentence discard, with the phrase.
    pub sentence_discards: Vec<(usize, String)>,
}

#[derive(Debug, Clone)]
struct Cand {
    words: Vec<Word>,
    id: u32,
}

/// Compiled dictionaries.
pub struct PetrarchCoder {
    pub dicts: Dicts,
    actors: HashMap<String, Vec<Cand>>,
    agents: HashMap<String, Vec<Cand>>,
    discards: HashMap<String, Vec<Cand>>,
    /// First word of a verb form → (verb index, form index).
    verbs: HashMap<String, Vec<(u32, u32)>>,
}

const DETERMINERS: &[&str] = &["a", "an", "the", "its", "their", "his", "her", "our", "my", "your", "this", "these", "those", "every", "each", "no"];
const PREPOSITIONS: &[&str] = &[
    "of", "for", "after", "before", "in", "on", "with", "by", "from", "against", "about", "between", "during", "following", "into", "at", "over", "under", "without", "through", "toward", "towards", "upon", "among", "amid",
];
const SUBORDINATORS: &[&str] = &["after", "when", "which", "who", "while", "because", "if", "since", "until", "whose", "where", "although", "though"];
const AUXILIARIES: &[&str] = &[
    "has", "have", "had", "will", "would", "to", "not", "is", "was", "were", "be", "been", "being", "are", "did", "does", "do", "can", "could", "should", "shall", "may", "might", "must", "n't", "also", "again", "it", "he", "she", "they", "we", "i", "you",
];
const CALENDAR: &[&str] = &[
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december",
];
const CONJ: &[&str] = &["and", ",", "nor", "or"];

fn index(items: impl Iterator<Item = (u32, Vec<Word>)>) -> HashMap<String, Vec<Cand>> {
    let mut m: HashMap<String, Vec<Cand>> = HashMap::new();
    for (id, words) in items {
        if let Some(f) = words.first() {
            m.entry(f.key.clone()).or_default().push(Cand { words, id });
        }
    }
    for v in m.values_mut() {
        v.sort_by(|a, b| b.words.len().cmp(&a.words.len()));
    }
    m
}

/// A matched actor or agent.
#[derive(Debug, Clone)]
struct Unit {
    start: usize,
    end: usize,
    kind: UnitKind,
}

#[derive(Debug, Clone)]
enum UnitKind {
    Actor(Vec<String>),
    Agent(String, AgentPlace),
}

#[derive(Debug, Clone, Default)]
struct Member {
    actor: Option<Vec<String>>,
    agents: Vec<(String, AgentPlace)>,
    /// The actor (and the agents before the last) were taken from the previous member
    /// ("Danish media and government"); "of/in ACTOR" replaces them ("Ithilen and the government of Gondor").
    inherited: bool,
}

#[derive(Debug, Clone)]
struct Np {
    start: usize,
    end: usize,
    members: Vec<Member>,
}

impl Np {
    fn side(&self) -> Side {
        (self.codes(), (self.start, self.end))
    }

    fn codes(&self) -> Vec<String> {
        let mut out = Vec::new();
        for m in &self.members {
            let actors = m.actor.clone().unwrap_or_else(|| vec!["---".to_string()]);
            for a in actors {
                let mut code = a.clone();
                let mut chunks: Vec<String> = chunk3(&a);
                for (c, place) in &m.agents {
                    let cs = chunk3(c);
                    if cs.iter().all(|x| chunks.contains(x)) {
                        continue;
                    }
                    chunks.extend(cs);
                    match place {
                        AgentPlace::Suffix => code.push_str(c),
                        AgentPlace::Prefix => code.insert_str(0, c),
                    }
                }
                if !out.contains(&code) {
                    out.push(code);
                }
            }
        }
        out
    }
}

fn chunk3(s: &str) -> Vec<String> {
    let b = s.as_bytes();
    b.chunks(3).map(|c| String::from_utf8_lossy(c).to_string()).collect()
}

impl PetrarchCoder {
    pub fn new(dicts: Dicts) -> PetrarchCoder {
        let actors = index(dicts.actors.iter().enumerate().flat_map(|(i, a)| a.phrases.iter().map(move |p| (i as u32, p.clone()))));
        let agents = index(dicts.agents.iter().enumerate().flat_map(|(i, a)| a.phrases.iter().map(move |p| (i as u32, p.clone()))));
        let discards = index(dicts.discards.iter().enumerate().map(|(i, d)| (i as u32, d.words.clone())));
        let mut verbs: HashMap<String, Vec<(u32, u32)>> = HashMap::new();
        for (vi, v) in dicts.verbs.verbs.iter().enumerate() {
            for (fi, f) in v.forms.iter().enumerate() {
                verbs.entry(f[0].clone()).or_default().push((vi as u32, fi as u32));
            }
        }
        for v in verbs.values_mut() {
            let vv = &dicts.verbs.verbs;
            v.sort_by(|a, b| vv[b.0 as usize].forms[b.1 as usize].len().cmp(&vv[a.0 as usize].forms[a.1 as usize].len()));
        }
        PetrarchCoder { dicts, actors, agents, discards, verbs }
    }

    /// Matches `words` at `i` (a space allows up to two skipped word tokens); returns the end.
    fn match_words(keys: &[&str], kinds: &[TokenKind], i: usize, words: &[Word], hi: usize) -> Option<usize> {
        let mut p = i;
        for (wi, w) in words.iter().enumerate() {
            if wi == 0 {
                if p >= hi || keys[p] != w.key {
                    return None;
                }
                p += 1;
                continue;
            }
            let joined = words[wi - 1].joined;
            let max_gap = if joined { 0 } else { 2 };
            let mut found = None;
            for g in 0..=max_gap {
                let q = p + g;
                if q >= hi {
                    break;
                }
                if g > 0 && kinds[q - 1] != TokenKind::Word {
                    break;
                }
                if keys[q] == w.key {
                    found = Some(q);
                    break;
                }
            }
            p = found? + 1;
        }
        Some(p)
    }

    fn best(map: &HashMap<String, Vec<Cand>>, keys: &[&str], kinds: &[TokenKind], i: usize, hi: usize) -> Option<(usize, u32)> {
        let cands = map.get(keys[i])?;
        let mut best: Option<(usize, usize, u32)> = None;
        for c in cands {
            if let Some(e) = Self::match_words(keys, kinds, i, &c.words, hi) {
                let n = c.words.len();
                if best.is_none_or(|(bn, be, _)| n > bn || (n == bn && e < be)) {
                    best = Some((n, e, c.id));
                }
            }
        }
        best.map(|(_, e, id)| (e, id))
    }

    /// Codes a document whose text stage has run.
    pub fn code(&self, doc: &Document, opts: &Options) -> Coded {
        let mut out = Coded::default();
        // Underscores in the text join words ("Dol_Amroth"): the coder does not see them.
        let kept: Vec<usize> = (0..doc.tokens.len()).filter(|&i| doc.key(i) != "_").collect();
        let mut pos = vec![0usize; doc.tokens.len() + 1];
        for (j, &i) in kept.iter().enumerate() {
            pos[i] = j;
        }
        let mut next = kept.len();
        for i in (0..doc.tokens.len()).rev() {
            if doc.key(i) == "_" {
                pos[i] = next;
            } else {
                next = pos[i];
            }
        }
        pos[doc.tokens.len()] = kept.len();
        let keys: Vec<&str> = kept.iter().map(|&i| doc.key(i)).collect();
        let kinds: Vec<TokenKind> = kept.iter().map(|&i| doc.tokens[i].kind).collect();
        let caps: Vec<bool> = kept.iter().map(|&i| doc.tokens[i].capitalized).collect();
        let ranges: Vec<(usize, usize)> = doc.sentences.iter().map(|s| (pos[s.tokens.start as usize], pos[s.tokens.end as usize])).collect();
        // Story discards anywhere in the text.
        for &(lo, hi) in &ranges {
            for i in lo..hi {
                if let Some((_, id)) = Self::best(&self.discards, &keys, &kinds, i, hi) {
                    let d = &self.dicts.discards[id as usize];
                    let phrase = d.words.iter().map(|w| w.key.as_str()).collect::<Vec<_>>().join(" ");
                    if d.story {
                        out.story_discard = Some(phrase);
                        return out;
                    }
                }
            }
        }
        for (si, &(lo, hi)) in ranges.iter().enumerate() {
            let mut discarded = None;
            for i in lo..hi {
                if let Some((_, id)) = Self::best(&self.discards, &keys, &kinds, i, hi) {
                    let d = &self.dicts.discards[id as usize];
                    discarded = Some(d.words.iter().map(|w| w.key.as_str()).collect::<Vec<_>>().join(" "));
                    break;
                }
            }
            if let Some(p) = discarded {
                out.sentence_discards.push((si, p));
                continue;
            }
            let first = out.events.len();
            let idx = self.comma_filter(&keys, &kinds, &caps, lo, hi, doc.date, opts);
            let skeys: Vec<&str> = idx.iter().map(|&i| keys[i]).collect();
            let skinds: Vec<TokenKind> = idx.iter().map(|&i| kinds[i]).collect();
            let scaps: Vec<bool> = idx.iter().map(|&i| caps[i]).collect();
            self.code_sentence(&skeys, &skinds, &scaps, si, 0, idx.len(), doc.date, opts, &mut out.events);
            // Back from the filtered sentence's positions to document tokens.
            let back = |(a, b): (usize, usize)| (kept[idx[a]], kept[idx[b - 1]] + 1);
            for e in &mut out.events[first..] {
                e.verb = back(e.verb);
                e.source_tokens = e.source_tokens.filter(|(a, b)| a < b).map(back);
                e.target_tokens = e.target_tokens.filter(|(a, b)| a < b).map(back);
            }
        }
        out
    }

    /// PETRARCH's comma-clause deletion (`comma_*` options) on tokens: drops an initial clause,
    /// a terminal clause and internal clauses whose word counts lie in the configured ranges.
    /// Commas inside a noun phrase ("Mordor, Rohan and Bree") delimit no clause.
    #[allow(clippy::too_many_arguments)]
    fn comma_filter(&self, keys: &[&str], kinds: &[TokenKind], caps: &[bool], lo: usize, hi: usize, date: Option<NaiveDate>, opts: &Options) -> Vec<usize> {
        let all: Vec<usize> = (lo..hi).collect();
        if !(lo..hi).any(|p| keys[p] == ",") {
            return all;
        }
        let (units, _) = self.units(keys, kinds, caps, lo, hi, date, opts);
        let nps = self.group(&units, keys, lo, &|_| false);
        let commas: Vec<usize> = (lo..hi).filter(|&p| keys[p] == "," && !nps.iter().any(|n| n.start < p && p < n.end)).collect();
        if commas.is_empty() {
            return all;
        }
        let words = |a: usize, b: usize| (a..b).filter(|&p| kinds[p] == TokenKind::Word && keys[p].chars().next().is_some_and(|c| c.is_alphabetic())).count();
        let mut deleted = vec![false; hi - lo];
        let del = |a: usize, b: usize, deleted: &mut Vec<bool>| {
            for p in a..b {
                deleted[p - lo] = true;
            }
        };
        let in_range = |n: usize, min: usize, max: usize| max != 0 && n >= min && n <= max;
        let first = commas[0];
        // An initial clause holding a verb is the start of the main clause, not an aside
        // ("Arnor is about to restore complete, full ties ...").
        let has_verb = |a: usize, b: usize| (a..b).any(|p| self.verbs.contains_key(keys[p]));
        if in_range(words(lo, first), opts.comma_bmin, opts.comma_bmax) && !has_verb(lo, first) {
            del(lo, first + 1, &mut deleted);
        }
        let last = *commas.last().unwrap();
        let end = if hi > lo && kinds[hi - 1] == TokenKind::Punct { hi - 1 } else { hi };
        if (last > first || !deleted[first - lo]) && in_range(words(last + 1, end), opts.comma_emin, opts.comma_emax) && !deleted[last - lo] {
            del(last, end, &mut deleted);
        }
        for w in commas.windows(2) {
            let (a, b) = (w[0], w[1]);
            if deleted[a - lo] || deleted[b - lo] {
                continue;
            }
            if in_range(words(a + 1, b), opts.comma_min, opts.comma_max) {
                del(a, b, &mut deleted);
            }
        }
        let kept: Vec<usize> = all.into_iter().filter(|&p| !deleted[p - lo]).collect();
        if kept.is_empty() {
            (lo..hi).collect()
        } else {
            kept
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn code_sentence(&self, keys: &[&str], kinds: &[TokenKind], caps: &[bool], si: usize, lo: usize, hi: usize, date: Option<NaiveDate>, opts: &Options, events: &mut Vec<PEvent>) {
        let (units, covered) = self.units(keys, kinds, caps, lo, hi, date, opts);
        self.code_units(keys, kinds, caps, si, lo, hi, opts, units, covered, events);
    }

    /// Actor, agent (and new-actor) matches in a sentence, and which tokens they cover.
    #[allow(clippy::too_many_arguments)]
    fn units(&self, keys: &[&str], kinds: &[TokenKind], caps: &[bool], lo: usize, hi: usize, date: Option<NaiveDate>, opts: &Options) -> (Vec<Unit>, Vec<bool>) {
        // 1. Actors and agents.
        let mut units: Vec<Unit> = Vec::new();
        let mut covered = vec![false; hi - lo];
        let mut i = lo;
        while i < hi {
            let a = Self::best(&self.actors, keys, kinds, i, hi);
            let g = Self::best(&self.agents, keys, kinds, i, hi);
            match (a, g) {
                (Some((ae, aid)), g) if g.is_none_or(|(ge, _)| ae >= ge) => {
                    let codes = self.dicts.actors[aid as usize].codes_on(date);
                    units.push(Unit { start: i, end: ae, kind: UnitKind::Actor(codes) });
                    for c in &mut covered[i - lo..ae - lo] {
                        *c = true;
                    }
                    i = ae;
                }
                (_, Some((ge, gid))) => {
                    let ag = &self.dicts.agents[gid as usize];
                    units.push(Unit { start: i, end: ge, kind: UnitKind::Agent(ag.code.clone(), ag.place) });
                    for c in &mut covered[i - lo..ge - lo] {
                        *c = true;
                    }
                    // Agents may overlap ("human rights activists" / "rights activists").
                    i += 1;
                }
                _ => i += 1,
            }
        }
        // 1b. New actors: unknown capitalised phrases of up to `new_actor_length` words, coded by
        // their text in quotes ("GRYFFINDOR HEAD MINERVA MCGONAGALL").
        if opts.new_actor_length > 0 {
            let snapshot = covered.clone();
            let free = |p: usize| !snapshot[p - lo] && kinds[p] == TokenKind::Word;
            let mut p = lo;
            while p < hi {
                let starts = free(p) && (caps[p] || (keys[p] == "the" && p + 1 < hi && free(p + 1) && caps[p + 1])) && !CALENDAR.contains(&keys[p]);
                if !starts {
                    p += 1;
                    continue;
                }
                let mut q = p + 1;
                loop {
                    if q >= hi || !free(q) || CALENDAR.contains(&keys[q]) {
                        break;
                    }
                    // A capitalised word, a possessive, or any word ("of", "the") followed by one.
                    let joins = caps[q] || keys[q] == "'s" || (q + 1 < hi && free(q + 1) && caps[q + 1] && !CALENDAR.contains(&keys[q + 1]));
                    if !joins {
                        break;
                    }
                    q += 1;
                }
                let words: Vec<String> = (p..q).filter(|&k| keys[k] != "'s").map(|k| keys[k].to_uppercase()).collect();
                if words.len() <= opts.new_actor_length && !(q == p + 1 && AUXILIARIES.contains(&keys[p])) {
                    units.push(Unit { start: p, end: q, kind: UnitKind::Actor(vec![format!("\"{}\"", words.join(" "))]) });
                    for c in &mut covered[p - lo..q - lo] {
                        *c = true;
                    }
                }
                p = q;
            }
            units.sort_by_key(|u| (u.start, std::cmp::Reverse(u.end)));
        }
        (units, covered)
    }

    #[allow(clippy::too_many_arguments)]
    fn code_units(&self, keys: &[&str], kinds: &[TokenKind], caps: &[bool], si: usize, lo: usize, hi: usize, opts: &Options, units: Vec<Unit>, covered: Vec<bool>, events: &mut Vec<PEvent>) {
        // 2. Verbs.
        let mut verbs: Vec<(usize, usize, Vec<u32>)> = Vec::new();
        let mut i = lo;
        while i < hi {
            if covered[i - lo] {
                i += 1;
                continue;
            }
            let mut found: Option<(usize, Vec<u32>)> = None;
            if let Some(c) = self.verbs.get(keys[i]) {
                for &(vi, fi) in c {
                    let f = &self.dicts.verbs.verbs[vi as usize].forms[fi as usize];
                    if i + f.len() <= hi && f.iter().enumerate().all(|(j, w)| keys[i + j] == w) {
                        match found.as_mut() {
                            None => found = Some((i + f.len(), vec![vi])),
                            Some((e, v)) if *e == i + f.len() && !v.contains(&vi) => v.push(vi),
                            _ => {}
                        }
                    }
                }
            }
            if let Some((e, vi)) = found {
                let prev = if i > lo { keys[i - 1] } else { "" };
                let mut noun = DETERMINERS.contains(&prev) || PREPOSITIONS.contains(&prev) || prev == "'s" || prev == "very";
                // "a brief private visit", "an anti- Gondor parade": adjectives (or a country used
                // as one, for present-tense forms) after a determiner.
                let past = keys[i].ends_with('d');
                let mut j = i;
                let mut steps = 0;
                let mut modifiers = 0;
                while !noun && !past && j > lo && steps < 4 {
                    j -= 1;
                    steps += 1;
                    let k = keys[j];
                    if !covered[j - lo] && (DETERMINERS.contains(&k) || PREPOSITIONS.contains(&k)) {
                        noun = modifiers > 0;
                        break;
                    }
                    let adj = !covered[j - lo] && kinds[j] == TokenKind::Word && !caps[j] && !AUXILIARIES.contains(&k) && !CONJ.contains(&k) && !SUBORDINATORS.contains(&k) && k != "that";
                    let actor_mod = covered[j - lo] && units.iter().any(|u| u.start <= j && j < u.end && matches!(u.kind, UnitKind::Actor(_)));
                    if adj || k == "-" {
                        modifiers += 1;
                    } else if !actor_mod {
                        break;
                    }
                }
                if !noun {
                    verbs.push((i, e, vi));
                    i = e;
                    continue;
                }
            }
            i += 1;
        }
        let is_verb_at = |p: usize| verbs.iter().any(|v| v.0 <= p && p < v.1);
        // Verb chains ("should have acted"): a verb followed by another with only auxiliaries or
        // adverbs between is coded only if one of its patterns matches; then the next is not.
        let chained: Vec<bool> = (0..verbs.len())
            .map(|k| {
                k + 1 < verbs.len() && verbs[k + 1].0 - verbs[k].1 <= 2 && (verbs[k].1..verbs[k + 1].0).all(|p| AUXILIARIES.contains(&keys[p]) || keys[p].ends_with("ly") || keys[p] == "ever")
            })
            .collect();
        let mut skip_next = false;
        // End of the last verb that was coded: verbs in a subordinate clause or an infinitive
        // after it ("restore ties ... after crowds burned", "called on X to be allowed to leave")
        // belong to its event and are not coded on their own.
        let mut last_coded: Option<usize> = None;
        // 3. Noun phrases.
        let nps = self.group(&units, keys, lo, &is_verb_at);
        // 4. Events.
        let mut prev_source: Option<Side> = None;
        let mut prev_verb_end = lo;
        for (vk, (vs, ve, vids)) in verbs.iter().enumerate() {
            let (vs, ve) = (*vs, *ve);
            if std::mem::take(&mut skip_next) {
                continue;
            }
            if let Some(lc) = last_coded {
                let infinitive = (vs > lo && keys[vs - 1] == "to") || (vs > lo + 1 && keys[vs - 2] == "to" && keys[vs - 1] == "be");
                let sub = (lc..vs).rev().find(|&q| SUBORDINATORS.contains(&keys[q]));
                let in_sub = sub.is_some_and(|q| !(q..vs).any(|p| keys[p] == "," || keys[p] == ";"));
                let no_comma = !(lc..vs).any(|p| keys[p] == "," || keys[p] == ";");
                if in_sub || (infinitive && no_comma) {
                    continue;
                }
            }
            let verb = &self.dicts.verbs.verbs[vids[0] as usize];
            let block = &self.dicts.verbs.blocks[verb.block];
            let mut best: Option<(usize, Slots, &EventCode, usize)> = None;
            let mut seen_blocks = Vec::new();
            for &vi in vids {
                let b = self.dicts.verbs.verbs[vi as usize].block;
                if seen_blocks.contains(&b) {
                    continue;
                }
                seen_blocks.push(b);
                for p in &self.dicts.verbs.blocks[b].patterns {
                    if let Some(sl) = self.match_pattern(keys, &nps, lo, hi, vs, ve, &p.before, &p.after, p.verb_joined) {
                        let w = p.weight();
                        if best.as_ref().is_none_or(|b| w > b.0) {
                            best = Some((w, sl, &p.code, p.line));
                        }
                    }
                }
            }
            if chained[vk] {
                if best.is_none() {
                    continue;
                }
                skip_next = true;
            }

            let patterned = best.is_some();
            let (mut slots, code, line) = match best {
                Some((_, sl, c, l)) => (sl, c, l),
                None => (Slots::default(), verb.code.as_ref().unwrap_or(&block.code), verb.line),
            };
            // Passive: "X was (adverb) opposed by Y".
            let passive_by = {
                let be = |p: usize| matches!(keys[p], "was" | "were" | "been" | "be" | "is" | "are" | "being");
                let aux_before = (vs > lo && be(vs - 1)) || (vs > lo + 1 && be(vs - 2) && keys[vs - 1].ends_with("ly"));
                let mut q = ve;
                while q < hi && (keys[q].ends_with("ly") || keys[q] == "earlier") {
                    q += 1;
                }
                if aux_before && q < hi && keys[q] == "by" {
                    nps.iter().position(|n| n.start == q + 1)
                } else {
                    None
                }
            };
            if let (Some(by), None, None) = (passive_by, slots.source, slots.target) {
                let subj = nps.iter().enumerate().rev().find(|(_, n)| n.end <= vs).map(|(i, _)| i);
                if let Some(t) = subj {
                    slots.source = Some(by);
                    slots.target = Some(t);
                    slots.used.push(by);
                    slots.used.push(t);
                }
            }
            // Source.
            let coordinated = vs > lo && (keys[vs - 1] == "and" || (vs > lo + 1 && keys[vs - 2] == "and" && kinds[vs - 1] == TokenKind::Word && !is_np_end(&nps, vs))) && prev_source.is_some() && prev_verb_end < vs;
            let source: Option<Side> = if let Some(s) = slots.source {
                Some(nps[s].side())
            } else if coordinated {
                prev_source.clone()
            } else {
                // Nearest noun phrase before the verb, not crossing a subordinator, not used as target.
                let mut r = None;
                for (ni, np) in nps.iter().enumerate().rev() {
                    if np.end > vs || Some(ni) == slots.target || slots.used.contains(&ni) {
                        continue;
                    }
                    if (np.end..vs).any(|p| SUBORDINATORS.contains(&keys[p])) {
                        break;
                    }
                    // "he said": a pronoun subject is no actor (PETRARCH does not resolve it).
                    if !patterned && (np.end..vs).any(|p| matches!(keys[p], "he" | "she" | "they" | "we" | "i" | "you")) {
                        break;
                    }
                    r = Some(ni);
                    break;
                }
                // The subject is the first noun phrase of the verb's clause (after the previous
                // verb or subordinator): "Gollum, centre of a row between Radagast ..., called".
                if let Some(n) = r {
                    let boundary = (lo..nps[n].start)
                        .rev()
                        .find(|&p| is_verb_at(p) || SUBORDINATORS.contains(&keys[p]) || matches!(keys[p], "that" | ";" | ":"))
                        .map_or(lo, |p| p + 1);
                    if let Some(f) = (0..n).find(|&m| nps[m].start >= boundary && Some(m) != slots.target && !slots.used.contains(&m)) {
                        r = Some(f);
                    }
                }
                r.map(|n| nps[n].side())
            };
            let compound_src = slots.compound.filter(|&n| nps[n].end <= vs).map(|n| nps[n].side());
            let source = source.or(compound_src.clone());
            let target: Option<Side> = if let Some(t) = slots.target.or(slots.compound.filter(|&n| nps[n].start >= ve)) {
                Some(nps[t].side())
            } else {
                let after: Vec<usize> = (0..nps.len()).filter(|&n| nps[n].start >= ve && !slots.used.contains(&n) && Some(n) != slots.source).collect();
                // First noun phrase after the verb; prefer one before the next verb.
                let next_verb = verbs.iter().map(|v| v.0).filter(|&p| p >= ve).min().unwrap_or(hi);
                // A comma that opens a new phrase ("..., a senior official said") ends the search;
                // one inside a list of adjectives ("complete, full ties") does not.
                let comma = (ve..hi)
                    .find(|&p| keys[p] == "," && (p + 1 >= hi || !(kinds[p + 1] == TokenKind::Word && !caps[p + 1] && !DETERMINERS.contains(&keys[p + 1]) && !AUXILIARIES.contains(&keys[p + 1]) && !SUBORDINATORS.contains(&keys[p + 1]) && !matches!(keys[p + 1], "almost" | "several" | "nearly" | "about"))))
                    .unwrap_or(hi);
                let after: Vec<usize> = after.into_iter().filter(|&n| nps[n].start < comma).collect();
                after.iter().copied().find(|&n| nps[n].start < next_verb).or(after.first().copied()).map(|n| nps[n].side())
            };
            prev_source = source.clone();
            prev_verb_end = ve;
            if code.none() {
                continue;
            }
            last_coded = Some(ve);
            let mut emit = |s: &str, sspan: Option<(usize, usize)>, t: &str, tspan: Option<(usize, usize)>| {
                if let Some(c) = &code.fwd {
                    events.push(PEvent { sentence: si, source: s.to_string(), target: t.to_string(), code: c.clone(), verb: (vs, ve), line, source_tokens: sspan, target_tokens: tspan });
                }
                if let Some(c) = &code.rev {
                    events.push(PEvent { sentence: si, source: t.to_string(), target: s.to_string(), code: c.clone(), verb: (vs, ve), line, source_tokens: tspan, target_tokens: sspan });
                }
            };
            match (&source, &target) {
                (Some((ss, sspan)), Some((ts, tspan))) => {
                    for s in ss {
                        for t in ts {
                            if s != t {
                                emit(s, Some(*sspan), t, Some(*tspan));
                            }
                        }
                    }
                }
                (Some((ss, sspan)), None) if compound_src.is_some() && ss.len() > 1 => {
                    for s in ss {
                        for t in ss {
                            if s != t {
                                emit(s, Some(*sspan), t, Some(*sspan));
                            }
                        }
                    }
                }
                (Some((ss, sspan)), None) if !opts.require_dyad => {
                    for s in ss {
                        emit_one(events, &code.fwd, PEvent { sentence: si, source: s.clone(), target: "---".into(), code: String::new(), verb: (vs, ve), line, source_tokens: Some(*sspan), target_tokens: None });
                    }
                }
                (None, Some((ts, tspan))) if !opts.require_dyad => {
                    for t in ts {
                        emit_one(events, &code.fwd, PEvent { sentence: si, source: "---".into(), target: t.clone(), code: String::new(), verb: (vs, ve), line, source_tokens: None, target_tokens: Some(*tspan) });
                    }
                }
                _ => {}
            }
        }
    }

    /// Groups units into noun phrases.
    fn group(&self, units: &[Unit], keys: &[&str], lo: usize, is_verb_at: &dyn Fn(usize) -> bool) -> Vec<Np> {
        let mut nps: Vec<Np> = Vec::new();
        let mut cur: Option<Np> = None;
        // Agent-only members waiting for "of/in/from ACTOR" to distribute over.
        let mut distribute: Option<Vec<Member>> = None;
        let close = |cur: &mut Option<Np>, distribute: &mut Option<Vec<Member>>, nps: &mut Vec<Np>| {
            if let Some(mut np) = cur.take() {
                if let Some(agents) = distribute.take() {
                    let actors: Vec<Member> = np.members.drain(..).collect();
                    for ag in &agents {
                        for ac in &actors {
                            let mut m = ac.clone();
                            let mut a = ag.agents.clone();
                            a.extend(ac.agents.iter().cloned());
                            m.agents = a;
                            np.members.push(m);
                        }
                    }
                    if np.members.is_empty() {
                        np.members = agents;
                    }
                }
                nps.push(np);
            }
        };
        let mut last_end = lo;
        let mut last_agent: Option<UnitKind> = None;
        for u in units {
            if u.start < last_end {
                // Overlapping agent: attach to the current member.
                if let (Some(np), UnitKind::Agent(c, p)) = (cur.as_mut(), &u.kind) {
                    np.members.last_mut().unwrap().agents.push((c.clone(), *p));
                    np.end = np.end.max(u.end);
                    last_end = last_end.max(u.end);
                }
                continue;
            }
            let gap: Vec<&str> = keys[last_end..u.start].to_vec();
            let gap_has_verb = (last_end..u.start).any(is_verb_at);
            let conj = gap.iter().any(|g| CONJ.contains(g)) && !gap.contains(&"'s");
            let link = gap.iter().any(|g| *g == "of" || *g == "in" || *g == "from");
            let others = gap.iter().filter(|g| !CONJ.contains(g) && !DETERMINERS.contains(g) && **g != "'s" && **g != "of" && **g != "in" && **g != "from").count();
            let bad = gap.iter().any(|g| AUXILIARIES.contains(g) || (PREPOSITIONS.contains(g) && *g != "of" && *g != "in" && *g != "from") || SUBORDINATORS.contains(g) || *g == "that" || *g == "." || *g == ";" || *g == ":" || *g == "(" || *g == ")" || *g == "\"");
            let commas = gap.iter().filter(|g| **g == ",").count();
            // ", a senior official": a new phrase, not the next item of a list.
            let new_phrase = gap.first() == Some(&",") && gap.get(1).is_some_and(|g| *g == "a" || *g == "an");
            let conj = conj && !new_phrase;
            let bad = bad || new_phrase;
            let continues = cur.is_some() && !gap_has_verb && !bad && others <= 3 && !(conj && link) && commas < 2 && !(conj && others > 2);
            if !continues || cur.is_none() {
                close(&mut cur, &mut distribute, &mut nps);
                cur = Some(Np { start: u.start, end: u.end, members: vec![self.member(u)] });
                last_end = u.end;
                continue;
            }
            let np = cur.as_mut().unwrap();
            let all_agent_only = np.members.iter().all(|m| m.actor.is_none());
            let m = np.members.last_mut().unwrap();
            match &u.kind {
                UnitKind::Actor(codes) => {
                    if conj {
                        np.members.push(Member { actor: Some(codes.clone()), agents: Vec::new(), inherited: false });
                    } else if m.inherited && link {
                        m.actor = Some(codes.clone());
                        m.agents.retain(|_| false);
                        m.inherited = false;
                        if let Some(UnitKind::Agent(c, p)) = last_agent.clone() {
                            m.agents.push((c, p));
                        }
                    } else if m.actor.is_none() {
                        if link && distribute.is_none() && all_agent_only {
                            distribute = Some(std::mem::take(&mut np.members));
                            np.members.push(Member { actor: Some(codes.clone()), agents: Vec::new(), inherited: false });
                        } else {
                            m.actor = Some(codes.clone());
                        }
                    } else if link {
                        // "Osgiliath soldiers in south Ithilen": a place, not part of this actor.
                        close(&mut cur, &mut distribute, &mut nps);
                        cur = Some(Np { start: u.start, end: u.end, members: vec![self.member(u)] });
                        last_end = u.end;
                        continue;
                    }
                    // else: a second actor in the same phrase is absorbed.
                }
                UnitKind::Agent(c, p) => {
                    if conj {
                        // "Danish media and government": share the actor and earlier agents.
                        let prev = m.clone();
                        let mut nm = Member { actor: prev.actor.clone(), agents: Vec::new(), inherited: prev.actor.is_some() };
                        if prev.actor.is_some() {
                            nm.agents = prev.agents[..prev.agents.len().saturating_sub(1)].to_vec();
                        }
                        nm.agents.push((c.clone(), *p));
                        np.members.push(nm);
                    } else if link && m.actor.is_some() && !m.inherited {
                        close(&mut cur, &mut distribute, &mut nps);
                        cur = Some(Np { start: u.start, end: u.end, members: vec![self.member(u)] });
                        last_end = u.end;
                        continue;
                    } else {
                        m.agents.push((c.clone(), *p));
                    }
                }
            }
            np.end = u.end;
            last_end = u.end;
            if matches!(u.kind, UnitKind::Agent(..)) {
                last_agent = Some(u.kind.clone());
            }
        }
        close(&mut cur, &mut distribute, &mut nps);
        nps
    }

    fn member(&self, u: &Unit) -> Member {
        match &u.kind {
            UnitKind::Actor(c) => Member { actor: Some(c.clone()), agents: Vec::new(), inherited: false },
            UnitKind::Agent(c, p) => Member { actor: None, agents: vec![(c.clone(), *p)], inherited: false },
        }
    }

    /// Tries a pattern around the verb at `vs..ve`.
    #[allow(clippy::too_many_arguments)]
    fn match_pattern(&self, keys: &[&str], nps: &[Np], lo: usize, hi: usize, vs: usize, ve: usize, before: &[PElem], after: &[PElem], verb_joined: bool) -> Option<Slots> {
        let mut slots = Slots::default();
        // After the verb, left to right.
        let mut p = ve;
        let mut joined = verb_joined; // the verb is joined to the next element if written "*_X"
        for (k, e) in after.iter().enumerate() {
            let _ = k;
            p = self.match_elem(keys, nps, p, hi, &e.elem, joined, true, &mut slots)?;
            joined = e.joined;
        }
        // Before the verb, right to left.
        let mut p = vs;
        for (k, e) in before.iter().enumerate().rev() {
            let joined = e.joined;
            let _ = k;
            p = self.match_elem_back(keys, nps, lo, p, &e.elem, joined, &mut slots)?;
        }
        Some(slots)
    }

    /// Matches one element at or after `p`; returns the position after it.
    #[allow(clippy::too_many_arguments)]
    fn match_elem(&self, keys: &[&str], nps: &[Np], p: usize, hi: usize, e: &Elem, joined: bool, _fwd: bool, slots: &mut Slots) -> Option<usize> {
        let limit = if joined { (p + 1).min(hi) } else { hi };
        match e {
            Elem::Word(w) => (p..limit).find(|&q| keys[q] == w).map(|q| q + 1),
            Elem::Syn(s) => {
                let members = self.dicts.verbs.synsets.get(s)?;
                for q in p..limit {
                    for m in members {
                        if q + m.len() <= hi && m.iter().enumerate().all(|(j, w)| keys[q + j] == w) {
                            return Some(q + m.len());
                        }
                    }
                }
                None
            }
            Elem::Skip => {
                if p < hi {
                    // Skips a noun phrase: an actor phrase starting within two words, else a word.
                    let n = (0..nps.len()).find(|&n| nps[n].start >= p && nps[n].start <= p + 1 && !slots.used.contains(&n));
                    Some(n.map_or(p + 1, |n| nps[n].end))
                } else {
                    None
                }
            }
            Elem::Source | Elem::Target | Elem::Compound => {
                let n = (0..nps.len()).find(|&n| nps[n].start >= p && nps[n].start < limit.max(p + 1) && !slots.used.contains(&n))?;
                if joined && nps[n].start != p {
                    return None;
                }
                slots.take(e, n, nps)?;
                Some(nps[n].end)
            }
            Elem::Verb => Some(p),
        }
    }

    /// Matches one element ending at or before `p`; returns its start.
    #[allow(clippy::too_many_arguments)]
    fn match_elem_back(&self, keys: &[&str], nps: &[Np], lo: usize, p: usize, e: &Elem, joined: bool, slots: &mut Slots) -> Option<usize> {
        let low = if joined { p.saturating_sub(1).max(lo) } else { lo };
        match e {
            Elem::Word(w) => (low..p).rev().find(|&q| keys[q] == w),
            Elem::Syn(s) => {
                let members = self.dicts.verbs.synsets.get(s)?;
                for end in (low..p).rev() {
                    for m in members {
                        let n = m.len();
                        if end + 1 >= n && end + 1 - n >= lo && m.iter().enumerate().all(|(j, w)| keys[end + 1 - n + j] == w) {
                            if joined && end + 1 != p {
                                continue;
                            }
                            return Some(end + 1 - n);
                        }
                    }
                    if joined {
                        break;
                    }
                }
                None
            }
            Elem::Skip => {
                if p > lo {
                    let n = (0..nps.len()).find(|&n| nps[n].end <= p && nps[n].end + 1 >= p && !slots.used.contains(&n));
                    Some(n.map_or(p - 1, |n| nps[n].start))
                } else {
                    None
                }
            }
            Elem::Source | Elem::Target | Elem::Compound => {
                let n = (0..nps.len()).rev().find(|&n| nps[n].end <= p && !slots.used.contains(&n))?;
                if joined && nps[n].end != p {
                    return None;
                }
                slots.take(e, n, nps)?;
                Some(nps[n].start)
            }
            Elem::Verb => Some(p),
        }
    }
}

fn is_np_end(nps: &[Np], p: usize) -> bool {
    nps.iter().any(|n| n.end == p)
}

#[derive(Debug, Clone, Default)]
struct Slots {
    source: Option<usize>,
    target: Option<usize>,
    compound: Option<usize>,
    used: Vec<usize>,
}

impl Slots {
    fn take(&mut self, e: &Elem, n: usize, nps: &[Np]) -> Option<()> {
        match e {
            Elem::Source => self.source = Some(n),
            Elem::Target => self.target = Some(n),
            Elem::Compound => {
                if nps[n].members.len() < 2 {
                    return None;
                }
                self.compound = Some(n);
            }
            _ => {}
        }
        self.used.push(n);
        Some(())
    }
}
