//! dyad's syntax stage: it owns everything between the text stage's tokens and a dependency tree.
//!
//! [`Parser::parse_sentence`] maps a sentence's tokens to treebank-style words ([`words`]), tags
//! them with a joint (UPOS, XPOS) class ([`tagger`]), lemmatizes them ([`lemma`]) and parses them
//! with a greedy arc-eager transition parser ([`parser`]) (a fronted opener apart from its main
//! clause, [`opener_end`]; a caller's chunks, such as a person's name, as one word, [`merges`]),
//! filling the document's syntax layer:
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
        self.analyse_chunked(forms, &[])
    }

    /// As [`Parser::analyse`], with `chunks` (word ranges, such as the coder's multi-word actor
    /// names) parsed as one word each where they are plain noun phrases (see [`merges`]): the
    /// parser sees "Petro authorised the extradition", not "Colombian President Gustavo Petro
    /// authorised the extradition", whose first adjective it may take for the root. A merged
    /// chunk's last word stands for it; its other words hang on that word (`amod` for an
    /// adjective, `nummod` for a number, `flat` inside a name, else `compound`). Tags and lemmas are
    /// those of the whole sequence.
    pub fn analyse_chunked(&self, forms: &[&str], chunks: &[std::ops::Range<usize>]) -> Analysis {
        let m = &self.model;
        let mut a = Analysis::default();
        tagger::tag(&m.tagger, &m.lex, forms, None, &mut a.tags);
        // Each word's UPOS and XPOS, read once from its joint class.
        let class = |t: u16| m.tags.get(t as usize);
        let mut tags: Vec<dyad_model::Upos> = a.tags.iter().map(|&t| class(t).map_or(dyad_model::Upos::X, |c| c.upos)).collect();
        let mut xpos: Vec<&str> = a.tags.iter().map(|&t| class(t).map_or("", |c| c.xpos.as_str())).collect();
        // A sentence needs a finite verb: with none tagged, the first past participle that no
        // auxiliary or determiner introduces is the past tense ("Tens of thousands of Serbians
        // demonstrated in Belgrade", "The ICC issued arrest warrants", whose verbs the tagger
        // read as participles and the parser then hung on the subject as reduced relatives).
        if let Some(i) = finite_repair(forms, &tags, &xpos) {
            if let Some(vbd) = m.tags.iter().position(|c| c.upos == dyad_model::Upos::Verb && c.xpos.as_str() == "VBD") {
                a.tags[i] = vbd as u16;
                tags[i] = dyad_model::Upos::Verb;
                xpos[i] = "VBD";
            }
        }
        a.lemmas = forms
            .iter()
            .zip(&a.tags)
            .enumerate()
            .map(|(i, (f, &t))| {
                let case = match tags[i] {
                    dyad_model::Upos::Propn => lemma::Case::Keep,
                    dyad_model::Upos::Adj => lemma::Case::ProperAdjective { first: i == 0 },
                    _ => lemma::Case::Lower,
                };
                lemma::lemmatize(&m.lemma, f, t, case)
            })
            .collect();
        // The words the parser sees: every word but the inner words of merged chunks.
        let mut inner_head: Vec<Option<usize>> = vec![None; forms.len()];
        for c in chunks.iter().filter(|c| merges(&tags, c)) {
            for h in &mut inner_head[c.start..c.end - 1] {
                *h = Some(c.end - 1);
            }
        }
        let mut feats = Vec::new();
        a.heads = vec![None; forms.len()];
        a.deprels = vec![Deprel::Dep; forms.len()];
        // A fronted opener ("After talks in Geneva, Washington and Beijing announced ...") is parsed
        // apart from its main clause and hung on the main clause's root.
        let segments: Vec<std::ops::Range<usize>> = match opener_end(forms, &tags, &xpos) {
            Some(e) => vec![0..e, e..forms.len()],
            None => vec![0..forms.len()],
        };
        let mut roots = Vec::new();
        for seg in &segments {
            let keep: Vec<usize> = seg.clone().filter(|&i| inner_head[i].is_none()).collect();
            roots.push(self.parse_words(forms, &a.tags, &keep, &mut a.heads, &mut a.deprels, &mut feats));
        }
        if let [Some(opener), Some(main)] = roots[..] {
            a.heads[opener] = Some(main as u32);
            a.deprels[opener] = if matches!(tags[opener], dyad_model::Upos::Verb | dyad_model::Upos::Aux) { Deprel::Advcl } else { Deprel::Obl };
        }
        for (i, h) in inner_head.iter().enumerate() {
            let Some(h) = *h else { continue };
            a.heads[i] = Some(h as u32);
            a.deprels[i] = match tags[i] {
                dyad_model::Upos::Adj => Deprel::Amod,
                dyad_model::Upos::Num => Deprel::Nummod,
                dyad_model::Upos::Propn if tags[i + 1..=h].iter().all(|&u| u == dyad_model::Upos::Propn) => Deprel::Flat,
                _ => Deprel::Compound,
            };
        }
        a
    }

    /// Parses the words `keep` (indices into `forms`) as one sequence, in pieces of [`MAX_WORDS`],
    /// writing their heads and relations; returns the word that is the root.
    fn parse_words(&self, forms: &[&str], tags: &[u16], keep: &[usize], heads: &mut [Option<u32>], deprels: &mut [Deprel], feats: &mut Vec<u64>) -> Option<usize> {
        let m = &self.model;
        let toks: Vec<parser::Tok> = keep.iter().map(|&i| parser::Tok::new(forms[i], tags[i], m.tags.get(tags[i] as usize).map_or("X", |c| c.upos.as_str()))).collect();
        let mut first_root: Option<usize> = None;
        for start in (0..toks.len()).step_by(MAX_WORDS) {
            let end = (start + MAX_WORDS).min(toks.len());
            let p = parser::parse(&m.parser, &m.labeler, &m.groups, &toks[start..end], m.root_label, m.fallback_label, feats);
            for i in 0..end - start {
                let w = keep[start + i];
                let label = m.labels.get(p.labels[i] as usize).copied().unwrap_or(Deprel::Dep);
                match p.heads[i] {
                    Some(h) => {
                        heads[w] = Some(keep[start + h as usize] as u32);
                        deprels[w] = label;
                    }
                    None => match first_root {
                        None => {
                            first_root = Some(w);
                            heads[w] = None;
                            deprels[w] = Deprel::Root;
                        }
                        Some(r) => {
                            heads[w] = Some(r as u32);
                            deprels[w] = Deprel::Parataxis;
                        }
                    },
                }
            }
        }
        first_root
    }

    /// Parses sentence `s` of `doc` (once: a parsed sentence is left as it is).
    pub fn parse_sentence(&self, doc: &mut Document, s: usize) {
        self.parse_sentence_chunked(doc, s, &[]);
    }

    /// As [`Parser::parse_sentence`], with the token ranges `chunks` (multi-word names) parsed as
    /// one word each where they are plain noun phrases ([`Parser::analyse_chunked`]).
    pub fn parse_sentence_chunked(&self, doc: &mut Document, s: usize, chunks: &[std::ops::Range<u32>]) {
        let Some(sent) = doc.sentences.get(s) else { return };
        if sent.words.is_some() {
            return;
        }
        let range = sent.tokens.start as usize..sent.tokens.end as usize;
        let mut raw = Vec::new();
        self.model.tok.words(&doc.text, &doc.tokens, range, &mut raw);
        let forms: Vec<&str> = raw.iter().map(|w| doc.text.get(w.span.range()).unwrap_or("")).collect();
        // Token ranges to word ranges: the words whose token lies in the range.
        let word_chunks: Vec<std::ops::Range<usize>> = chunks
            .iter()
            .filter_map(|c| {
                let first = raw.iter().position(|w| c.contains(&w.token))?;
                let end = raw.iter().rposition(|w| c.contains(&w.token))? + 1;
                Some(first..end)
            })
            .collect();
        let a = self.analyse_chunked(&forms, &word_chunks);
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

/// Whether the words `c` (with the tags `tags`) are merged into one for the parser: at least two
/// words, all adjectives, nouns, proper nouns or numbers (no case marker, possessive, conjunction
/// or punctuation: "Russia's forces" keeps its structure), ending in a noun or proper noun, and not
/// right after a conjunction (in "Chinese and Russian bombers" the first adjective is coordinated
/// with a word inside), nor followed by another word of its noun phrase (the name "Rapid Support
/// Forces" in "Rapid Support Forces fighters" is not the phrase's head).
pub fn merges(tags: &[dyad_model::Upos], c: &std::ops::Range<usize>) -> bool {
    use dyad_model::Upos;
    c.end <= tags.len()
        && c.len() >= 2
        && (c.start == 0 || tags[c.start - 1] != Upos::Cconj)
        && tags.get(c.end).is_none_or(|u| !matches!(u, Upos::Adj | Upos::Noun | Upos::Propn | Upos::Num))
        && tags[c.clone()].iter().all(|u| matches!(u, Upos::Adj | Upos::Noun | Upos::Propn | Upos::Num))
        && matches!(tags[c.end - 1], Upos::Noun | Upos::Propn)
}

#[cfg(test)]
mod tests {
    use super::*;
    use dyad_model::Upos::*;

    #[test]
    fn which_chunks_merge() {
        let tags = [Adj, Propn, Propn, Propn, Verb, Det, Noun];
        assert!(merges(&tags, &(0..4)), "Colombian President Gustavo Petro");
        assert!(!merges(&tags, &(3..4)), "one word");
        assert!(!merges(&tags, &(3..5)), "a verb inside");
        assert!(!merges(&tags, &(0..3)), "the phrase goes on");
        let coordinated = [Adj, Cconj, Adj, Noun, Verb];
        assert!(!merges(&coordinated, &(2..4)), "Chinese and Russian bombers");
        let possessive = [Propn, Part, Noun, Verb];
        assert!(!merges(&possessive, &(0..3)), "Russia's forces");
    }

    /// Hand-tagged words: (form, UPOS, XPOS).
    fn opener(words: &[(&str, dyad_model::Upos, &str)]) -> Option<usize> {
        let forms: Vec<&str> = words.iter().map(|w| w.0).collect();
        let tags: Vec<dyad_model::Upos> = words.iter().map(|w| w.1).collect();
        let xpos: Vec<&str> = words.iter().map(|w| w.2).collect();
        opener_end(&forms, &tags, &xpos)
    }

    #[test]
    fn fronted_openers_end_at_their_comma() {
        // "After talks in Geneva, Washington and Beijing announced a truce."
        let s = [("After", Adp, "IN"), ("talks", Noun, "NNS"), ("in", Adp, "IN"), ("Geneva", Propn, "NNP"), (",", Punct, ","), ("Washington", Propn, "NNP"), ("and", Cconj, "CC"), ("Beijing", Propn, "NNP"), ("announced", Verb, "VBD"), ("a", Det, "DT"), ("truce", Noun, "NN")];
        assert_eq!(opener(&s), Some(5));
        // "After talks with France, Germany and Britain, Iran agreed to a deal.": the list is the opener's.
        let s = [("After", Adp, "IN"), ("talks", Noun, "NNS"), ("with", Adp, "IN"), ("France", Propn, "NNP"), (",", Punct, ","), ("Germany", Propn, "NNP"), ("and", Cconj, "CC"), ("Britain", Propn, "NNP"), (",", Punct, ","), ("Iran", Propn, "NNP"), ("agreed", Verb, "VBD"), ("to", Adp, "IN"), ("a", Det, "DT"), ("deal", Noun, "NN")];
        assert_eq!(opener(&s), Some(9));
        // "As pressure mounted, Germany, France and Britain voiced solidarity.": the list is the main clause's.
        let s = [("As", Sconj, "IN"), ("pressure", Noun, "NN"), ("mounted", Verb, "VBD"), (",", Punct, ","), ("Germany", Propn, "NNP"), (",", Punct, ","), ("France", Propn, "NNP"), ("and", Cconj, "CC"), ("Britain", Propn, "NNP"), ("voiced", Verb, "VBD"), ("solidarity", Noun, "NN")];
        assert_eq!(opener(&s), Some(4));
        // "Six days after a takeover, the bloc suspended Madagascar."
        let s = [("Six", Num, "CD"), ("days", Noun, "NNS"), ("after", Adp, "IN"), ("a", Det, "DT"), ("takeover", Noun, "NN"), (",", Punct, ","), ("the", Det, "DT"), ("bloc", Noun, "NN"), ("suspended", Verb, "VBD"), ("Madagascar", Propn, "NNP")];
        assert_eq!(opener(&s), Some(6));
        // No opener: a subject first; an adverbial with a finite verb before a reporting clause.
        let s = [("Germany", Propn, "NNP"), (",", Punct, ","), ("France", Propn, "NNP"), ("and", Cconj, "CC"), ("Britain", Propn, "NNP"), ("voiced", Verb, "VBD"), ("solidarity", Noun, "NN")];
        assert_eq!(opener(&s), None);
        let s = [("At", Adp, "IN"), ("least", Adj, "JJS"), ("three", Num, "CD"), ("civilians", Noun, "NNS"), ("were", Aux, "VBD"), ("killed", Verb, "VBN"), ("in", Adp, "IN"), ("Baghdad", Propn, "NNP"), (",", Punct, ","), ("police", Noun, "NNS"), ("said", Verb, "VBD")];
        assert_eq!(opener(&s), None);
    }

    /// An opener is parsed apart and hung on the main clause's root.
    #[test]
    fn an_opener_hangs_on_the_main_clause() {
        let parser = Parser::embedded().expect("model");
        let forms = ["After", "a", "year", "of", "mediation", "by", "Tanzania", ",", "Rwanda", "and", "Burundi", "agreed", "to", "reopen", "the", "border", "."];
        let a = parser.analyse(&forms);
        assert_eq!(a.heads[8], Some(11), "Rwanda is the subject of 'agreed': {a:?}");
        assert_eq!(a.deprels[8], Deprel::Nsubj);
        assert_eq!(a.heads[2], Some(11), "the opener hangs on the main verb: {a:?}");
        assert_eq!(a.heads.iter().filter(|h| h.is_none()).count(), 1, "one root");
    }

    /// A sentence with no finite verb tagged reads its first free past participle as the past tense,
    /// and the parser then makes it the root; a participle introduced by an auxiliary, an article
    /// or followed by its agent's "by" is left alone.
    #[test]
    fn a_sentence_needs_a_finite_verb() {
        let parser = Parser::embedded().expect("model");
        let xpos = |a: &Analysis, i: usize| parser.model().tags[a.tags[i] as usize].xpos.as_str().to_string();
        let forms = ["Tens", "of", "thousands", "of", "Serbians", "demonstrated", "in", "central", "Belgrade", "on", "Saturday", "."];
        let a = parser.analyse(&forms);
        assert_eq!(xpos(&a, 5), "VBD", "{a:?}");
        assert_eq!(a.heads[5], None, "the verb is the root: {a:?}");
        let repair = |words: &[(&str, dyad_model::Upos, &str)]| {
            let forms: Vec<&str> = words.iter().map(|w| w.0).collect();
            let tags: Vec<dyad_model::Upos> = words.iter().map(|w| w.1).collect();
            let xpos: Vec<&str> = words.iter().map(|w| w.2).collect();
            finite_repair(&forms, &tags, &xpos)
        };
        // A finite verb elsewhere: nothing to repair.
        assert_eq!(repair(&[("Russia", Propn, "NNP"), ("said", Verb, "VBD"), ("troops", Noun, "NNS"), ("deployed", Verb, "VBN"), ("there", Adv, "RB")]), None);
        // After an auxiliary, and before its agent's "by": left alone.
        assert_eq!(repair(&[("The", Det, "DT"), ("talks", Noun, "NNS"), ("been", Aux, "VBN"), ("held", Verb, "VBN"), ("there", Adv, "RB")]), None);
        assert_eq!(repair(&[("A", Det, "DT"), ("strike", Noun, "NN"), ("called", Verb, "VBN"), ("by", Adp, "IN"), ("unions", Noun, "NNS")]), None);
        assert_eq!(repair(&[("The", Det, "DT"), ("ICC", Propn, "NNP"), ("issued", Verb, "VBN"), ("warrants", Noun, "NNS")]), Some(2));
    }

    /// A merged chunk is one word to the parser: its inner words hang on its last word, which takes
    /// the chunk's place in the tree; the result is still one tree.
    #[test]
    fn a_merged_chunk_is_parsed_as_its_last_word() {
        let parser = Parser::embedded().expect("model");
        let forms = ["Colombian", "President", "Gustavo", "Petro", "authorised", "the", "extradition", "of", "a", "commander", "."];
        let plain = parser.analyse(&forms);
        let merged = parser.analyse_chunked(&forms, &[0..4]);
        assert_eq!(plain.tags, merged.tags, "tags come from the whole sequence");
        for i in 0..3 {
            assert_eq!(merged.heads[i], Some(3), "{merged:?}");
        }
        assert_eq!(merged.deprels[0], Deprel::Amod);
        assert_eq!(merged.deprels[2], Deprel::Flat);
        assert_eq!(merged.heads[3], Some(4), "the name is the verb's subject: {merged:?}");
        assert_eq!(merged.deprels[3], Deprel::Nsubj);
        assert_eq!(merged.heads.iter().filter(|h| h.is_none()).count(), 1, "one root");
    }
}

/// Where a sentence's fronted opener ends (the index of the word after its comma), when it has one:
/// a first phrase or clause that begins with a preposition, subordinator, "to" or a participle
/// ("After talks in Geneva,", "As pressure mounted,", "Citing the ceasefire,", "To keep ...,"), or
/// with a span of time before "after"/"before" ("Six days after a takeover,"), and that a comma
/// separates from a main clause with a finite verb. Parsed as one sequence, such an opener's last
/// noun swallows a coordinated subject: "After a year of mediation by Tanzania, Rwanda and Burundi
/// agreed" (Rwanda and Burundi are the subject, not more mediators). The opener ends at its first
/// comma, unless what follows that comma, up to the next, is the rest of a list with no verb ("After
/// talks with France, Germany and Britain, Iran agreed").
pub fn opener_end(forms: &[&str], tags: &[dyad_model::Upos], xpos: &[&str]) -> Option<usize> {
    use dyad_model::Upos;
    let n = forms.len().min(tags.len()).min(xpos.len());
    if n < 6 {
        return None;
    }
    let first = forms[0].to_ascii_lowercase();
    let opens = matches!(tags[0], Upos::Adp | Upos::Sconj)
        || first == "to" && tags.get(1) == Some(&Upos::Verb)
        || matches!(xpos[0], "VBG" | "VBN")
        || (1..n.min(4)).any(|i| matches!(forms[i].to_ascii_lowercase().as_str(), "after" | "before" | "since" | "ago") && tags[..i].iter().all(|u| matches!(u, Upos::Num | Upos::Noun | Upos::Adj | Upos::Det)));
    if !opens {
        return None;
    }
    let finite = |r: std::ops::Range<usize>| r.into_iter().any(|i| matches!(xpos[i], "VBD" | "VBZ" | "VBP" | "MD"));
    let commas: Vec<usize> = (1..n).filter(|&i| forms[i] == ",").collect();
    let mut k = 0;
    while k < commas.len() {
        let c = commas[k];
        let next = commas.get(k + 1).copied().unwrap_or(n);
        let list_tail = !finite(c + 1..next) && (c + 1..next).any(|i| tags[i] == Upos::Cconj) && next < n;
        if list_tail {
            k += 1;
            continue;
        }
        // The opener has two words or more and the rest is a clause of its own; an opener with a
        // finite verb is a clause only after a subordinator ("As pressure mounted,"), not in "At
        // least three civilians have been killed in Baghdad, police said".
        let clause_ok = !finite(0..c) || tags[0] == Upos::Sconj || matches!(first.as_str(), "after" | "before" | "since" | "as" | "while" | "when" | "until" | "once" | "although" | "though" | "because" | "if" | "unless" | "whereas");
        return (c >= 2 && c + 1 < n && clause_ok && finite(c + 1..n)).then_some(c + 1);
    }
    None
}

/// The word to read as a finite past tense when sentence `forms` (with UPOS `tags` and XPOS
/// `xpos`) has no finite verb: its first past participle (`VBN`) after a word that is no
/// auxiliary ("was", "had", "been", ...), no article and no preposition ("a planned burning", "by
/// called"), at least two words in, and not followed by its agent's "by" ("a strike called by the
/// unions paralysed ..."). `None` when a finite verb is tagged or no participle fits.
pub fn finite_repair(forms: &[&str], tags: &[dyad_model::Upos], xpos: &[&str]) -> Option<usize> {
    use dyad_model::Upos;
    let n = forms.len().min(tags.len()).min(xpos.len());
    if xpos[..n].iter().any(|x| matches!(*x, "VBD" | "VBZ" | "VBP" | "MD")) {
        return None;
    }
    const AUX: &[&str] = &["be", "is", "are", "was", "were", "been", "being", "am", "'s", "'re", "has", "have", "had", "having", "'ve", "get", "got", "gets", "getting"];
    (2..n).find(|&i| {
        let prev = forms[i - 1].to_ascii_lowercase();
        let prev2 = forms[i - 2].to_ascii_lowercase();
        xpos[i] == "VBN"
            && !AUX.contains(&forms[i].to_ascii_lowercase().as_str())
            && !AUX.contains(&prev.as_str())
            && !AUX.contains(&prev2.as_str())
            && !matches!(prev.as_str(), "a" | "an" | "the")
            && !matches!(tags[i - 1], Upos::Adp | Upos::Sconj | Upos::Cconj | Upos::Punct)
            && !forms.get(i + 1).is_some_and(|f| f.eq_ignore_ascii_case("by"))
    })
}
