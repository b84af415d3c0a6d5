//! Verb patterns matched on the dependency tree: a verb's lemma with the head of its object.
//!
//! The lexicon's token patterns allow at most four words between a verb and its object ("hold *
//! talks"); news puts more there ("conducted their first joint ground patrol") or turns the clause
//! around ("troops were deployed by ..."). [`TreePatterns`] indexes the patterns of the form `verb *
//! noun [preposition]` and `verb noun [preposition]` by (verb lemma, noun), and [`matches`] finds
//! them on a parsed sentence through `obj` and `nsubj:pass`, whatever stands between.

use crate::events::VerbHit;
use dyad_lexicon::{Lexicon, Match};
use dyad_model::{Deprel, Upos};
use std::collections::HashMap;

/// One indexed pattern: its entry and the preposition it ends with, if any.
#[derive(Debug, Clone)]
struct Entry {
    entry: u32,
    prep: Option<String>,
    /// The words that must stand right before the object noun ("air defence" in "deliver * air
    /// defence systems to"), lower-cased.
    mods: Vec<String>,
    /// `---` rows block the pair.
    blocks: bool,
}

/// The lexicon's verb–object patterns, by (verb lemma, object word).
#[derive(Debug, Default)]
pub(crate) struct TreePatterns {
    by_pair: HashMap<(String, String), Vec<Entry>>,
    /// Literal `=noun preposition` patterns by noun ("=rejection of"): on the tree the preposition's
    /// phrase may stand after other modifiers ("the rejection by Hungary of a proposal").
    by_noun: HashMap<String, Vec<Entry>>,
    /// Every inflected form of the patterns' verbs: a sentence with none of them and no token
    /// pattern match has no trigger candidate, and is not parsed.
    verb_forms: std::collections::HashSet<String>,
    /// Patterns of a verb and its reciprocal preposition (`reciprocal_case`: "talk with", "clash
    /// with"), by verb lemma: with a coordinated subject the verb alone means it ("Trump and Xi
    /// spoke for 90 minutes").
    by_reciprocal: HashMap<String, u32>,
    /// Patterns of a verb, a gap and a preposition ("accuse * of", "charge * with"), by (verb
    /// lemma, preposition): the token matcher allows four words in the gap; on the tree the
    /// preposition may stand further on in the verb's clause ("charged an official of Iran's
    /// Revolutionary Guards with directing a plot").
    by_verb_prep: HashMap<(String, String), u32>,
}

/// Why a lexicon pattern is not indexed as a tree pattern ([`TreePatterns::build`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Unconverted {
    /// A literal (`=`) pattern other than `noun preposition`: a fixed phrase ("=peace talks"). The
    /// token matcher finds it; its roles are read off the tree as a nominal trigger.
    Nominal,
    /// A bare verb or verb with a particle/preposition ("attack", "meet with"): the token matcher
    /// finds it wherever it stands, so there is no object to match through the tree.
    NoObject,
    /// A gap inside the object or more than one preposition ("send * aid * to Kyiv").
    TooLong,
    /// A gap anywhere but between the verb and its object ("hold talks * with").
    GapElsewhere,
    /// A word that is not all letters ("co-operate", "u.s.").
    NotLetters,
}

impl Unconverted {
    pub fn describe(self) -> &'static str {
        match self {
            Unconverted::Nominal => "literal phrase other than noun + preposition (token matcher only)",
            Unconverted::NoObject => "verb without object noun (the token matcher finds it anywhere)",
            Unconverted::TooLong => "a gap inside the object, or more than one preposition",
            Unconverted::GapElsewhere => "a gap elsewhere than between verb and object",
            Unconverted::NotLetters => "a word that is not all letters",
        }
    }
}

/// A lexicon pattern as the tree matcher takes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TreeShape<'a> {
    /// `verb [*] [modifiers] noun [preposition]`: the verb's lemma with the head of its object,
    /// the object's last word; its other words (`mods`) must stand right before it ("deliver * air
    /// defence systems to": the object "systems" after "air defence").
    Verb { verb: &'a str, mods: &'a [String], noun: &'a str, prep: Option<&'a str> },
    /// `=noun preposition`: an event noun with a modifier of that preposition anywhere in its phrase.
    Noun { noun: &'a str, prep: &'a str },
}

/// How a lexicon verb pattern converts to a tree pattern, or why not.
pub fn convert(v: &dyad_lexicon::VerbEntry) -> Result<TreeShape<'_>, Unconverted> {
    if v.nominal {
        return match v.words.as_slice() {
            [noun, prep] if v.gaps.is_empty() && crate::words::is(crate::words::List::Preposition, prep) && noun.chars().all(char::is_alphabetic) => {
                Ok(TreeShape::Noun { noun: noun.as_str(), prep: prep.as_str() })
            }
            _ => Err(Unconverted::Nominal),
        };
    }
    if v.gaps.iter().any(|&g| g != 1) {
        return Err(Unconverted::GapElsewhere);
    }
    if v.gaps.iter().any(|&g| g > 1) {
        return Err(if v.words.len() == 3 { Unconverted::GapElsewhere } else { Unconverted::TooLong });
    }
    let (verb, object, prep) = match v.words.as_slice() {
        [_] => return Err(Unconverted::NoObject),
        [verb, rest @ .., last] if rest.len() >= 1 && crate::words::is(crate::words::List::Preposition, last) => (verb.as_str(), rest, Some(last.as_str())),
        [verb, rest @ ..] => (verb.as_str(), rest, None),
        [] => return Err(Unconverted::NoObject),
    };
    // A preposition inside the object ("accuse * of genocide against") is not a noun phrase.
    if object.iter().any(|w| crate::words::is(crate::words::List::Preposition, w)) {
        return Err(Unconverted::TooLong);
    }
    let (noun, mods) = match object.split_last() {
        Some((noun, mods)) => (noun.as_str(), mods),
        None => return Err(Unconverted::NoObject),
    };
    if !object.iter().all(|w| w.chars().all(char::is_alphabetic)) || prep.is_some_and(|p| !p.chars().all(char::is_alphabetic)) {
        return Err(Unconverted::NotLetters);
    }
    Ok(TreeShape::Verb { verb, mods, noun, prep })
}

impl TreePatterns {
    pub(crate) fn build(lex: &Lexicon) -> TreePatterns {
        let mut by_pair: HashMap<(String, String), Vec<Entry>> = HashMap::new();
        let mut by_noun: HashMap<String, Vec<Entry>> = HashMap::new();
        let mut verb_forms = std::collections::HashSet::new();
        let mut by_reciprocal = HashMap::new();
        let mut by_verb_prep: HashMap<(String, String), u32> = HashMap::new();
        for (i, v) in lex.verbs.iter().enumerate() {
            if let (false, [verb, prep]) = (v.nominal || v.gaps != [1] || v.code.is_none(), v.words.as_slice()) {
                if crate::words::is(crate::words::List::Preposition, prep) && verb.chars().all(char::is_alphabetic) {
                    let verb = verb.to_lowercase();
                    verb_forms.extend(dyad_lexicon::inflect(&verb, &lex.irregular));
                    by_verb_prep.entry((verb, prep.to_lowercase())).or_insert(i as u32);
                }
            }
            if let (false, [verb, prep]) = (v.nominal || !v.gaps.is_empty() || v.code.is_none(), v.words.as_slice()) {
                let verb = verb.to_lowercase();
                if crate::words::is(crate::words::List::ReciprocalCase, prep) && !by_reciprocal.contains_key(&verb) {
                    verb_forms.extend(dyad_lexicon::inflect(&verb, &lex.irregular));
                    by_reciprocal.insert(verb, i as u32);
                }
            }
            let (verb, mods, noun, prep) = match convert(v) {
                Ok(TreeShape::Verb { verb, mods, noun, prep }) => (verb, mods, noun, prep),
                Ok(TreeShape::Noun { noun, prep }) => {
                    let noun = noun.to_lowercase();
                    verb_forms.insert(noun.clone());
                    by_noun.entry(noun).or_default().push(Entry { entry: i as u32, prep: Some(prep.to_string()), mods: Vec::new(), blocks: v.code.is_none() });
                    continue;
                }
                Err(_) => continue,
            };
            let verb = verb.to_lowercase();
            if !verb_forms.contains(&verb) {
                verb_forms.extend(dyad_lexicon::inflect(&verb, &lex.irregular));
                verb_forms.insert(verb.clone());
            }
            let mods = mods.iter().map(|m| m.to_lowercase()).collect();
            by_pair.entry((verb, noun.to_lowercase())).or_default().push(Entry { entry: i as u32, prep: prep.map(str::to_string), mods, blocks: v.code.is_none() });
        }
        // The pattern's noun in the other number matches too, unless a pattern of its own names it.
        let variants: Vec<((String, String), Vec<Entry>)> =
            by_pair.iter().filter_map(|((v, n), es)| dyad_lexicon::number_variant(n).map(|n2| ((v.clone(), n2), es.clone()))).filter(|(k, _)| !by_pair.contains_key(k)).collect();
        for (k, es) in variants {
            by_pair.entry(k).or_insert(es);
        }
        TreePatterns { by_pair, by_noun, verb_forms, by_reciprocal, by_verb_prep }
    }

    /// The entry for event noun `noun` whose phrase has modifiers with the prepositions `preps`.
    fn lookup_noun(&self, noun: &str, preps: &[&str]) -> Option<u32> {
        let es = self.by_noun.get(noun)?;
        if es.iter().any(|e| e.blocks) {
            return None;
        }
        es.iter().find(|e| e.prep.as_deref().is_some_and(|p| preps.contains(&p))).map(|e| e.entry)
    }

    /// Whether the word with key `key` may be one of the patterns' verbs or event nouns.
    pub(crate) fn may_be_verb(&self, key: &str) -> bool {
        self.verb_forms.contains(key)
    }

    /// The entry for verb lemma `verb` with object word `noun`, the words right before it being
    /// `before` (lower-cased, nearest last); `preps` are the prepositions of the verb's and the
    /// object's modifiers. Of the patterns whose modifier words stand before the noun, the one with
    /// most of them wins; among those, one naming a preposition of `preps` comes first, then one
    /// naming none. A blocking row that fits wins over all.
    fn lookup(&self, verb: &str, noun: &str, before: &[String], preps: &[&str]) -> Option<u32> {
        let es = self.by_pair.get(&(verb.to_string(), noun.to_string()))?;
        let fits = |e: &&Entry| before.ends_with(&e.mods);
        let most = es.iter().filter(fits).map(|e| e.mods.len()).max()?;
        let best: Vec<&Entry> = es.iter().filter(fits).filter(|e| e.mods.len() == most).collect();
        if best.iter().any(|e| e.blocks) {
            return None;
        }
        best.iter().find(|e| e.prep.as_deref().is_some_and(|p| preps.contains(&p))).or_else(|| best.iter().find(|e| e.prep.is_none())).map(|e| e.entry)
    }
}

/// Verb hits read off the tree of a parsed sentence, for verbs no token pattern matched (`taken`
/// says which tokens are already in a hit).
pub(crate) fn matches(ctx: &crate::tree::Ctx, pats: &TreePatterns, taken: &dyn Fn(u32) -> bool) -> Vec<VerbHit> {
    let t = &ctx.tree;
    let mut out = Vec::new();
    for v in 0..t.len() {
        if t.word(v).upos != Upos::Verb || taken(t.word(v).token) || !main_clause(t, v) {
            continue;
        }
        let verb = t.lemma(v).to_lowercase();
        if let Some(&entry) = pats.by_reciprocal.get(&verb).filter(|_| reciprocal_use(t, v)) {
            let a = t.word(v).token as usize;
            out.push(VerbHit { m: Match { start: a, end: a + 1, node: 0 }, entry, on_tree: true });
            continue;
        }
        if let Some(hit) = long_gap(t, pats, v, &verb) {
            out.push(hit);
            continue;
        }
        let objects = t.children(v).filter(|&c| matches!(t.rel(c), Deprel::Obj | Deprel::NsubjPass));
        // A partitive object stands for the noun of its "of" phrase: "held a second round of talks",
        // "launched a wave of strikes".
        let objects: Vec<usize> = objects
            .flat_map(|o| {
                let inner = crate::words::is(crate::words::List::PartitiveNoun, &t.lemma(o).to_lowercase())
                    .then(|| t.children(o).find(|&c| t.rel(c).base() == Deprel::Nmod && t.children_by(c, Deprel::Case).next().is_some_and(|k| t.lemma(k) == "of")))
                    .flatten();
                std::iter::once(o).chain(inner)
            })
            .collect();
        for o in objects {
            // A word the parser made the object or passive subject is a noun whatever its tag:
            // "Talks on a prisoner swap were held" (sentence-initial "Talks" tagged as a verb).
            let nominal_rel = matches!(t.rel(o), Deprel::Obj | Deprel::NsubjPass);
            if !matches!(t.word(o).upos, Upos::Noun | Upos::Propn) && !(nominal_rel && t.word(o).upos == Upos::Verb) {
                continue;
            }
            let mut preps: Vec<&str> = Vec::new();
            for x in [v, o] {
                for c in t.children(x) {
                    if matches!(t.rel(c).base(), Deprel::Obl | Deprel::Nmod) {
                        if let Some(k) = t.children_by(c, Deprel::Case).next() {
                            preps.push(t.lemma(k));
                        }
                    }
                }
            }
            let form = t.text(o).to_lowercase();
            let lemma = t.lemma(o).to_lowercase();
            // The words right before the object noun, for patterns with a compound object.
            let before: Vec<String> = (o.saturating_sub(4)..o).map(|w| t.text(w).to_lowercase()).collect();
            if let Some(entry) = pats.lookup(&verb, &form, &before, &preps).or_else(|| pats.lookup(&verb, &lemma, &before, &preps)) {
                let (a, b) = (t.word(v).token as usize, t.word(o).token as usize);
                let m = Match { start: a.min(b), end: a.max(b) + 1, node: 0 };
                out.push(VerbHit { m, entry, on_tree: true });
                break;
            }
        }
    }
    // Event nouns: "the rejection by Hungary of a proposal", where a token pattern "=rejection of"
    // cannot match across "by Hungary". The preposition's phrase modifies the noun or, as parsers
    // often attach it, the noun's own modifier.
    for n in 0..t.len() {
        if t.word(n).upos != Upos::Noun || taken(t.word(n).token) {
            continue;
        }
        let mut preps: Vec<&str> = Vec::new();
        for c in t.children(n).filter(|&c| t.rel(c).base() == Deprel::Nmod) {
            for x in std::iter::once(c).chain(t.children(c).filter(|&g| t.rel(g).base() == Deprel::Nmod)) {
                if let Some(k) = t.children_by(x, Deprel::Case).next() {
                    preps.push(t.lemma(k));
                }
            }
        }
        if preps.is_empty() {
            continue;
        }
        let form = t.text(n).to_lowercase();
        if let Some(entry) = pats.lookup_noun(&form, &preps) {
            let a = t.word(n).token as usize;
            out.push(VerbHit { m: Match { start: a, end: a + 1, node: 0 }, entry, on_tree: true });
        }
    }
    out
}

/// The words a `verb * preposition` pattern's gap may hold on the token matcher ("accuse * of").
const TOKEN_GAP: usize = 4;

/// A `verb * preposition` pattern ([`TreePatterns::by_verb_prep`]) whose preposition stands further
/// from verb `v` than the token matcher's gap allows, in `v`'s object or in a phrase or gerund
/// under it, not in a clause of its own: "charged an official of Iran's Revolutionary Guards with
/// directing a plot". The hit spans the verb and the preposition.
fn long_gap(t: &dyad_syntax::Tree, pats: &TreePatterns, v: usize, verb: &str) -> Option<VerbHit> {
    if pats.by_verb_prep.is_empty() {
        return None;
    }
    let clause = |x: usize| matches!(t.rel(x).base(), Deprel::Ccomp | Deprel::Advcl | Deprel::Csubj | Deprel::Parataxis | Deprel::Xcomp) || t.rel(x) == Deprel::AclRelcl || t.rel(x) == Deprel::Conj;
    // A phrase that sets the scene (`background_mark`: "after criticism from reformists") is not
    // the pattern's.
    let scene = |x: usize| t.children_by(x, Deprel::Case).any(|k| crate::words::is(crate::words::List::BackgroundMark, &t.lemma(k).to_lowercase()));
    let within = |w: usize| {
        let mut x = t.head(w)?;
        // The preposition's phrase, or the gerund it introduces ("with directing").
        for _ in 0..t.len() {
            if x == v {
                return Some(());
            }
            if clause(x) || scene(x) {
                return None;
            }
            x = t.head(x)?;
        }
        None
    };
    let tv = t.word(v).token as usize;
    (v + 1..t.len()).find_map(|w| {
        let tw = t.word(w).token as usize;
        if tw <= tv + TOKEN_GAP + 1 || !matches!(t.rel(w), Deprel::Case | Deprel::Mark) {
            return None;
        }
        let &entry = pats.by_verb_prep.get(&(verb.to_string(), t.lemma(w).to_lowercase()))?;
        within(w)?;
        Some(VerbHit { m: Match { start: tv, end: tw + 1, node: 0 }, entry, on_tree: true })
    })
}

/// Whether verb `v` is used reciprocally: a coordinated subject ("Trump and Xi spoke", "Indian and
/// Chinese troops clashed") and no object or clause of what was said.
fn reciprocal_use(t: &dyad_syntax::Tree, v: usize) -> bool {
    let coordinated = t.children_by(v, Deprel::Nsubj).any(|s| t.children_by(s, Deprel::Conj).next().is_some());
    let complement = t.children(v).any(|c| matches!(t.rel(c).base(), Deprel::Obj | Deprel::Ccomp | Deprel::Xcomp));
    coordinated && !complement
}

/// Whether `v` heads a main clause or reported speech (the root, a `parataxis` or `ccomp`, or a
/// conjunct of one): tree matches skip verbs in complements and modifiers ("plans to sell weapons",
/// "agreed to allow access"), which the word-order assembler weighs with their governing verb.
fn main_clause(t: &dyad_syntax::Tree, v: usize) -> bool {
    let mut x = v;
    while t.rel(x) == Deprel::Conj {
        match t.head(x) {
            Some(h) => x = h,
            None => break,
        }
    }
    matches!(t.rel(x), Deprel::Root | Deprel::Parataxis | Deprel::Ccomp)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_convert_by_shape_and_say_why_not() {
        let events = "040\t1\t1\tCONSULT\t\tConsult\n190\t-10\t4\tASSAULT\t\tUse force\n";
        let verbs = "040\thold * talks with\n040\thold talks\n040\t=talks with\n190\tattack\n040\thold talks * with\n040\tsend * aid trucks to\n040\thold u.s. talks\n040\t=peace talks\n";
        let (lex, issues) = Lexicon::from_sources([("cameo/events.tsv", events), ("lexicon/verbs/v.tsv", verbs)].map(|(a, b)| (a.to_string(), b.to_string())));
        assert!(issues.is_empty(), "{issues:?}");
        let got: Vec<_> = lex.verbs.iter().map(convert).collect();
        assert_eq!(got[0], Ok(TreeShape::Verb { verb: "hold", mods: &[], noun: "talks", prep: Some("with") }));
        assert_eq!(got[1], Ok(TreeShape::Verb { verb: "hold", mods: &[], noun: "talks", prep: None }));
        assert_eq!(got[2], Ok(TreeShape::Noun { noun: "talks", prep: "with" }));
        assert_eq!(got[3], Err(Unconverted::NoObject));
        assert_eq!(got[4], Err(Unconverted::GapElsewhere));
        assert_eq!(got[5], Ok(TreeShape::Verb { verb: "send", mods: &["aid".to_string()], noun: "trucks", prep: Some("to") }));
        assert_eq!(got[6], Err(Unconverted::NotLetters));
        assert_eq!(got[7], Err(Unconverted::Nominal), "a literal phrase that is not a noun and a preposition");
        let pats = TreePatterns::build(&lex);
        assert!(pats.may_be_verb("holding") && pats.may_be_verb("holds") && !pats.may_be_verb("attacked"));
    }

    /// The number of tree hits in `text` for a lexicon of the `events` and `verbs` rows.
    fn tree_hits(events: &str, verbs: &str, text: &str) -> usize {
        let (lex, issues) = Lexicon::from_sources([("cameo/events.tsv", events), ("lexicon/verbs/v.tsv", verbs)].map(|(a, b)| (a.to_string(), b.to_string())));
        assert!(issues.is_empty(), "{issues:?}");
        let pats = TreePatterns::build(&lex);
        let mut doc = dyad_model::Document::new("t", text);
        dyad_text::process(&mut doc);
        dyad_syntax::Parser::embedded().expect("model").parse_sentence(&mut doc, 0);
        let ctx = crate::tree::Ctx::new(&doc, 0, 0..0).expect("parsed");
        matches(&ctx, &pats, &|_| false).len()
    }

    /// A pattern with a compound object matches on the tree where its modifier words stand right
    /// before the object noun, however far the noun is from the verb; without them it does not.
    #[test]
    fn compound_objects_match_on_the_tree() {
        let hits = |text: &str| tree_hits("072\t-1\t2\tAID\t\tProvide military aid\n", "072\tdeliver * air defence systems to\n", text);
        assert_eq!(hits("Germany delivered another two IRIS-T SLM air defence systems to Ukraine."), 1);
        assert_eq!(hits("Germany delivered another two IRIS-T SLM radar systems to Ukraine."), 0);
    }

    /// A `verb * preposition` pattern matches on the tree when its preposition stands beyond the
    /// token matcher's gap, in the verb's own clause, not in a phrase that sets the scene.
    #[test]
    fn a_verb_and_its_preposition_beyond_the_gap() {
        let hits = |text: &str| tree_hits("112\t-2\t3\tACCUSE\t\tAccuse\n", "112\tcharge * with\n", text);
        assert_eq!(hits("Prosecutors charged a senior official of the country's largest bank with fraud on Monday."), 1);
        assert_eq!(hits("Prosecutors charged a senior official of the country's largest bank on Monday after talks with lawyers."), 0);
    }

    /// The parser's object or passive subject is the pattern's noun even when tagged as a verb
    /// (sentence-initial "Talks").
    #[test]
    fn an_object_tagged_as_a_verb_still_matches() {
        let events = "040\t1\t1\tCONSULT\t\tConsult\n";
        let (lex, issues) = Lexicon::from_sources([("cameo/events.tsv", events), ("lexicon/verbs/v.tsv", "040\thold * talks\n")].map(|(a, b)| (a.to_string(), b.to_string())));
        assert!(issues.is_empty(), "{issues:?}");
        let pats = TreePatterns::build(&lex);
        let mut doc = dyad_model::Document::new("t", "Talks on a large prisoner swap were held in Istanbul on Monday.");
        dyad_text::process(&mut doc);
        dyad_syntax::Parser::embedded().expect("model").parse_sentence(&mut doc, 0);
        let ctx = crate::tree::Ctx::new(&doc, 0, 0..0).expect("parsed");
        assert_eq!(ctx.tree.word(0).upos, Upos::Verb, "the tagger's error this test is about");
        assert_eq!(matches(&ctx, &pats, &|_| false).len(), 1);
    }

}
