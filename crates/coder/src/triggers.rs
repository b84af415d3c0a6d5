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
    /// `---` rows block the pair.
    blocks: bool,
}

/// The lexicon's verb–object patterns, by (verb lemma, object word).
#[derive(Debug, Default)]
pub(crate) struct TreePatterns {
    by_pair: HashMap<(String, String), Vec<Entry>>,
    /// Every inflected form of the patterns' verbs: a sentence with none of them and no token
    /// pattern match has no trigger candidate, and is not parsed.
    verb_forms: std::collections::HashSet<String>,
}

impl TreePatterns {
    pub(crate) fn build(lex: &Lexicon) -> TreePatterns {
        let mut by_pair: HashMap<(String, String), Vec<Entry>> = HashMap::new();
        let mut verb_forms = std::collections::HashSet::new();
        for (i, v) in lex.verbs.iter().enumerate() {
            if v.pattern.starts_with('=') {
                continue;
            }
            let words: Vec<&str> = v.pattern.split_whitespace().collect();
            let rest: &[&str] = match words.as_slice() {
                [_, "*", rest @ ..] => rest,
                [_, rest @ ..] => rest,
                _ => continue,
            };
            let (noun, prep) = match rest {
                [n] => (*n, None),
                [n, p] => (*n, Some(p.to_string())),
                _ => continue,
            };
            if !noun.chars().all(char::is_alphabetic) || prep.as_deref().is_some_and(|p| !p.chars().all(char::is_alphabetic)) {
                continue;
            }
            let verb = words[0].to_lowercase();
            if !verb_forms.contains(&verb) {
                verb_forms.extend(dyad_lexicon::inflect(&verb, &lex.irregular));
                verb_forms.insert(verb.clone());
            }
            by_pair.entry((verb, noun.to_lowercase())).or_default().push(Entry { entry: i as u32, prep, blocks: v.code.is_none() });
        }
        TreePatterns { by_pair, verb_forms }
    }

    /// Whether the word with key `key` may be one of the patterns' verbs.
    pub(crate) fn may_be_verb(&self, key: &str) -> bool {
        self.verb_forms.contains(key)
    }

    /// The entry for verb lemma `verb` with object word `noun`; `preps` are the prepositions of the
    /// verb's and the object's modifiers: a pattern naming one of them comes first, then one naming
    /// none. A blocking row wins over both.
    fn lookup(&self, verb: &str, noun: &str, preps: &[&str]) -> Option<u32> {
        let es = self.by_pair.get(&(verb.to_string(), noun.to_string()))?;
        if es.iter().any(|e| e.blocks) {
            return None;
        }
        es.iter().find(|e| e.prep.as_deref().is_some_and(|p| preps.contains(&p))).or_else(|| es.iter().find(|e| e.prep.is_none())).map(|e| e.entry)
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
        for o in t.children(v).filter(|&c| matches!(t.rel(c), Deprel::Obj | Deprel::NsubjPass)) {
            if !matches!(t.word(o).upos, Upos::Noun | Upos::Propn) {
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
            if let Some(entry) = pats.lookup(&verb, &form, &preps).or_else(|| pats.lookup(&verb, &lemma, &preps)) {
                let (a, b) = (t.word(v).token as usize, t.word(o).token as usize);
                let m = Match { start: a.min(b), end: a.max(b) + 1, node: 0 };
                out.push(VerbHit { m, entry, on_tree: true });
                break;
            }
        }
    }
    out
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
