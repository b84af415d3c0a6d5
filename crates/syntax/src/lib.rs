//! dyad's syntax stage: it owns everything between the text stage's tokens and a dependency tree.
//!
//! [`Parser::parse_sentence`] maps a sentence's tokens to treebank-style words ([`words`]), tags
//! them with a joint (UPOS, XPOS) class ([`tagger`]), lemmatizes them ([`lemma`]) and parses them
//! with a greedy arc-eager transition parser ([`parser`]), filling the document's syntax layer:
//! [`Document::words`], [`Document::lemmas`] and [`dyad_model::Sentence::words`]. Sentences are parsed
//! only when a stage asks: the coder parses the sentences that can yield an event, `dyad parse` all.
//! [`Tree`] is the view the coder reads: heads, relations, children by relation, paths.
//!
//! The model (trained on UD English-EWT by [`train`], CC BY-SA 4.0 as the treebank) is built into
//! the binary and read in place ([`model`], [`weights`]): loading it decodes only small tables.
//!
//! Invariants: parsing never fails and never panics on any input; every word's span lies inside its
//! sentence, on `char` boundaries; a parsed sentence is one tree (one root, no cycles).

pub mod conllu;
pub mod eval;
pub mod hash;
pub mod kv;
pub mod lemma;
pub mod model;
pub mod parser;
pub mod perceptron;
pub mod tagger;
pub mod train;
mod tree;
pub mod weights;
pub mod words;

pub use model::{Model, ModelError};
pub use tree::Tree;

use dyad_model::{Deprel, Document, Span, Word};
use std::sync::OnceLock;

/// Sentences longer than this many words are parsed in pieces of this size; the pieces' roots are
/// attached to the first piece's root as `parataxis`, and a warning names the sentence. (The text
/// stage already cuts sentences at 200 tokens; hyphens and clitics can make more words.)
pub const MAX_WORDS: usize = 250;

/// The tagger, lemmatizer and parser, with their model.
#[derive(Debug)]
pub struct Parser<'a> {
    model: Model<'a>,
}

/// What the tagger, lemmatizer and parser say of a sequence of words.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Analysis {
    /// Joint tag class of each word (see [`Model::tags`]).
    pub tags: Vec<u16>,
    pub lemmas: Vec<String>,
    /// Head of each word (0-based), `None` for the root.
    pub heads: Vec<Option<u32>>,
    pub deprels: Vec<Deprel>,
}

#[repr(C, align(8))]
struct Aligned<T: ?Sized>(T);

static EMBEDDED: &Aligned<[u8]> = &Aligned(*include_bytes!(concat!(env!("OUT_DIR"), "/model.bin")));

impl Parser<'static> {
    /// The model built into the binary, loaded once per process.
    pub fn embedded() -> Result<&'static Parser<'static>, &'static ModelError> {
        static P: OnceLock<Result<Parser<'static>, ModelError>> = OnceLock::new();
        P.get_or_init(|| Model::from_bytes(&EMBEDDED.0).map(|model| Parser { model })).as_ref()
    }
}

impl<'a> Parser<'a> {
    pub fn new(model: Model<'a>) -> Parser<'a> {
        Parser { model }
    }

    pub fn model(&self) -> &Model<'a> {
        &self.model
    }

    /// Tags, lemmatizes and parses already segmented words.
    pub fn analyse(&self, forms: &[&str]) -> Analysis {
        let m = &self.model;
        let mut a = Analysis::default();
        tagger::tag(&m.tagger, &m.lex, forms, None, &mut a.tags);
        a.lemmas = forms
            .iter()
            .zip(&a.tags)
            .enumerate()
            .map(|(i, (f, &t))| {
                let case = match m.tags.get(t as usize).map(|c| c.upos) {
                    Some(dyad_model::Upos::Propn) => lemma::Case::Keep,
                    Some(dyad_model::Upos::Adj) => lemma::Case::ProperAdjective { first: i == 0 },
                    _ => lemma::Case::Lower,
                };
                lemma::lemmatize(&m.lemma, f, t, case)
            })
            .collect();
        let toks: Vec<parser::Tok> = forms
            .iter()
            .zip(&a.tags)
            .map(|(f, &t)| parser::Tok::new(f, t, m.tags.get(t as usize).map_or("X", |c| c.upos.as_str())))
            .collect();
        let mut feats = Vec::new();
        a.heads = vec![None; forms.len()];
        a.deprels = vec![Deprel::Dep; forms.len()];
        let mut first_root: Option<u32> = None;
        for start in (0..forms.len()).step_by(MAX_WORDS) {
            let end = (start + MAX_WORDS).min(forms.len());
            let p = parser::parse(&m.parser, &m.labeler, &m.groups, &toks[start..end], m.root_label, m.fallback_label, &mut feats);
            for i in 0..end - start {
                let label = m.labels.get(p.labels[i] as usize).copied().unwrap_or(Deprel::Dep);
                match p.heads[i] {
                    Some(h) => {
                        a.heads[start + i] = Some(start as u32 + h);
                        a.deprels[start + i] = label;
                    }
                    None => match first_root {
                        None => {
                            first_root = Some((start + i) as u32);
                            a.deprels[start + i] = Deprel::Root;
                        }
                        Some(r) => {
                            a.heads[start + i] = Some(r);
                            a.deprels[start + i] = Deprel::Parataxis;
                        }
                    },
                }
            }
        }
        a
    }

    /// Parses sentence `s` of `doc` (once: a parsed sentence is left as it is).
    pub fn parse_sentence(&self, doc: &mut Document, s: usize) {
        let Some(sent) = doc.sentences.get(s) else { return };
        if sent.words.is_some() {
            return;
        }
        let range = sent.tokens.start as usize..sent.tokens.end as usize;
        let mut raw = Vec::new();
        self.model.tok.words(&doc.text, &doc.tokens, range, &mut raw);
        let forms: Vec<&str> = raw.iter().map(|w| doc.text.get(w.span.range()).unwrap_or("")).collect();
        let a = self.analyse(&forms);
        if forms.len() > MAX_WORDS {
            doc.warn("syntax", format!("sentence {} has {} words: parsed in pieces of {MAX_WORDS}", s + 1, forms.len()));
        }
        self.store(doc, s, &raw, a);
    }

    fn store(&self, doc: &mut Document, s: usize, raw: &[words::RawWord], a: Analysis) {
        let base = doc.words.len() as u32;
        for (i, w) in raw.iter().enumerate() {
            let start = doc.lemmas.len();
            doc.lemmas.push_str(&a.lemmas[i]);
            let class = self.model.tags.get(a.tags[i] as usize).copied();
            doc.words.push(Word {
                span: w.span,
                token: w.token,
                upos: class.map_or(dyad_model::Upos::X, |c| c.upos),
                xpos: class.map_or_else(Default::default, |c| c.xpos),
                lemma: Span::new(start, doc.lemmas.len()),
                head: a.heads[i].map(|h| base + h),
                deprel: a.deprels[i],
            });
        }
        doc.sentences[s].words = Some(base..doc.words.len() as u32);
    }

    /// Parses every sentence of `doc`.
    pub fn parse_all(&self, doc: &mut Document) {
        for s in 0..doc.sentences.len() {
            self.parse_sentence(doc, s);
        }
    }
}
