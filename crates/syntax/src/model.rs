//! The model file: everything the tagger, lemmatizer and parser learned, in one byte string that is
//! read in place.
//!
//! ```text
//! b"DYADSYN1" | u32 section count | per section: u8 name length, name, u64 length | section bytes...
//! ```
//!
//! Small text sections (`info`, `tags`, `labels`, `tok`: tab-separated lines) are read at load;
//! the lookup tables (`dict`, `amb`, `lemma`: [`crate::kv::Kv`]) and the weights (`tagger`,
//! `parser`: [`crate::weights::Table`]) are used where they lie, so loading decodes almost nothing.

use crate::hash::{feat, str_hash};
use crate::kv::{Kv, KvError, KvWriter};
use crate::lemma::{LemmaTables, Lemmatizer};
use crate::perceptron::Score;
use crate::tagger::{AmbClasses, TagDict, TagLexicon};
use crate::weights::{Table, TableError};
use crate::words::Tokenization;
use dyad_model::{Deprel, Upos, Xpos};
use std::collections::HashMap;

const MAGIC: &[u8; 8] = b"DYADSYN1";

/// Why a model could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ModelError {
    #[error("no syntax model is built in (train one with `dyad-syntax-train`)")]
    Missing,
    #[error("not a dyad syntax model (bad magic)")]
    Magic,
    #[error("model file truncated")]
    Truncated,
    #[error("model section {0:?} missing")]
    Section(&'static str),
    #[error("model section {section:?}, line {line}: {message}")]
    Line { section: &'static str, line: usize, message: String },
    #[error(transparent)]
    Table(#[from] TableError),
    #[error(transparent)]
    Kv(#[from] KvError),
}

/// Keys of the lemma tables.
fn exact_key(form: &str, class: u16) -> u64 {
    feat(901, str_hash(form), class as u64, 0)
}
fn lower_key(lower: &str, class: u16) -> u64 {
    feat(902, str_hash(lower), class as u64, 0)
}
fn rule_key(class: u16, suffix: &str) -> u64 {
    feat(903, str_hash(suffix), class as u64, 0)
}
fn known_key(lemma: &str) -> u64 {
    feat(905, str_hash(lemma), 0, 0)
}

/// What training produced, before it is written as bytes.
#[derive(Debug, Clone, Default)]
pub struct ModelParts {
    pub info: String,
    /// Joint classes, "UPOS XPOS".
    pub tags: Vec<String>,
    pub labels: Vec<String>,
    pub tok: Tokenization,
    pub dict: TagDict,
    pub amb: AmbClasses,
    pub lemma: Lemmatizer,
    pub tagger: Vec<u8>,
    /// The group of each label (see [`crate::parser::Grouping`]).
    pub groups: Vec<u8>,
    /// The transition classifier.
    pub parser: Vec<u8>,
    /// The arc labeller.
    pub labeler: Vec<u8>,
}

fn clean(s: &str) -> bool {
    !s.contains(['\t', '\n', '\r'])
}

impl ModelParts {
    /// The model file's bytes; deterministic (every map is written sorted).
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut sections: Vec<(&str, Vec<u8>)> = Vec::new();
        sections.push(("info", self.info.clone().into_bytes()));
        sections.push(("tags", self.tags.join("\n").into_bytes()));
        sections.push(("labels", self.labels.join("\n").into_bytes()));
        sections.push(("groups", self.groups.iter().map(|g| g.to_string()).collect::<Vec<_>>().join("\n").into_bytes()));
        let mut tok: Vec<String> = Vec::new();
        tok.extend(self.tok.keep_hyphen.iter().filter(|k| clean(k)).map(|k| format!("hyphen\t{k}")));
        tok.extend(self.tok.splits.iter().filter(|(k, _)| clean(k)).map(|(k, l)| {
            format!("split\t{k}\t{}", l.iter().map(|x| x.to_string()).collect::<Vec<_>>().join(","))
        }));
        tok.extend(self.tok.clitics.iter().filter(|k| clean(k)).map(|k| format!("clitic\t{k}")));
        sections.push(("tok", tok.join("\n").into_bytes()));
        let mut dict = KvWriter::default();
        for (&w, &c) in &self.dict.map {
            dict.insert(w, c as u64);
        }
        sections.push(("dict", dict.finish()));
        let mut amb = KvWriter::default();
        for (&w, &h) in &self.amb.map {
            amb.insert(w, h);
        }
        sections.push(("amb", amb.finish()));
        sections.push(("lemma", lemma_section(&self.lemma)));
        sections.push(("tagger", self.tagger.clone()));
        sections.push(("parser", self.parser.clone()));
        sections.push(("labeler", self.labeler.clone()));
        write_sections(&sections)
    }
}

fn write_sections<S: AsRef<[u8]>>(sections: &[(&str, S)]) -> Vec<u8> {
    let mut out = Vec::new();
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&(sections.len() as u32).to_le_bytes());
    for (name, bytes) in sections {
        let bytes = bytes.as_ref();
        out.push(name.len() as u8);
        out.extend_from_slice(name.as_bytes());
        out.extend_from_slice(&(bytes.len() as u64).to_le_bytes());
        out.extend_from_slice(bytes);
    }
    out
}

/// The `lemma` section's bytes; deterministic (strings go to the pool in sorted key order).
pub fn lemma_section(l: &Lemmatizer) -> Vec<u8> {
    let mut lem = KvWriter::default();
    let mut exact: Vec<_> = l.exact.iter().collect();
    exact.sort();
    for ((f, c), l) in exact {
        let v = lem.string(l);
        lem.insert(exact_key(f, *c), v);
    }
    let mut lower: Vec<_> = l.lower.iter().collect();
    lower.sort();
    for ((f, c), l) in lower {
        let v = lem.string(l);
        lem.insert(lower_key(f, *c), v);
    }
    let mut rules: Vec<_> = l.rules.iter().collect();
    rules.sort();
    for ((c, suf), r) in rules {
        let v = lem.string(&r.append);
        lem.insert(rule_key(*c, suf), (r.strip as u64) << 56 | v);
    }
    for k in &l.known {
        lem.insert(known_key(k), 1);
    }
    lem.finish()
}

/// The model `bytes` with section `name` replaced by `new` (every other section byte for byte as it
/// was, in the same order): the lemmatizer can be relearned without touching the weights.
pub fn replace_section(bytes: &[u8], name: &str, new: &[u8]) -> Result<Vec<u8>, ModelError> {
    let mut out: Vec<(&str, &[u8])> = Vec::new();
    for (n, body) in section_list(bytes)? {
        out.push((n, if n == name { new } else { body }));
    }
    if !out.iter().any(|(n, _)| *n == name) {
        return Err(ModelError::Section("the section to replace"));
    }
    Ok(write_sections(&out))
}

/// One joint tag class: its UPOS and XPOS.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TagClass {
    pub upos: Upos,
    pub xpos: Xpos,
}

/// A loaded model. The weight tables borrow the model bytes.
#[derive(Debug)]
pub struct Model<'a> {
    pub info: String,
    pub tags: Vec<TagClass>,
    pub labels: Vec<Deprel>,
    pub root_label: usize,
    /// The label given to extra words under the root, which are attached to the first.
    pub fallback_label: u8,
    pub tok: Tokenization,
    /// Frequent unambiguous words and ambiguity classes (see [`TagLexicon`]).
    pub lex: ModelLex<'a>,
    /// The lemma tables (see [`LemmaTables`]).
    pub lemma: ModelLemmas<'a>,
    pub tagger: Table<'a>,
    pub parser: Table<'a>,
    pub labeler: Table<'a>,
    /// The group of each label (see [`crate::parser::Grouping`]).
    pub groups: Vec<u8>,
}

/// The model's tag dictionary and ambiguity classes, read in place.
#[derive(Debug, Clone, Copy)]
pub struct ModelLex<'a> {
    dict: Kv<'a>,
    amb: Kv<'a>,
}

impl TagLexicon for ModelLex<'_> {
    fn dict(&self, form: u64) -> Option<u16> {
        self.dict.get(form).map(|v| v as u16)
    }
    fn amb(&self, lower: u64) -> u64 {
        self.amb.get(lower).unwrap_or(0)
    }
}

/// The model's lemma tables, read in place.
#[derive(Debug, Clone, Copy)]
pub struct ModelLemmas<'a>(Kv<'a>);

impl LemmaTables for ModelLemmas<'_> {
    fn exact(&self, form: &str, class: u16) -> Option<&str> {
        self.0.get(exact_key(form, class)).and_then(|v| self.0.str(v))
    }
    fn lower(&self, lower: &str, class: u16) -> Option<&str> {
        self.0.get(lower_key(lower, class)).and_then(|v| self.0.str(v))
    }
    fn rule(&self, class: u16, suffix: &str) -> Option<(u8, &str)> {
        let v = self.0.get(rule_key(class, suffix))?;
        Some(((v >> 56) as u8, self.0.str(v & 0x00ff_ffff_ffff_ffff)?))
    }
    fn known(&self, lemma: &str) -> bool {
        self.0.get(known_key(lemma)).is_some()
    }
}

fn sections(bytes: &[u8]) -> Result<HashMap<String, &[u8]>, ModelError> {
    Ok(section_list(bytes)?.into_iter().map(|(n, b)| (n.to_string(), b)).collect())
}

/// The sections in file order.
fn section_list(bytes: &[u8]) -> Result<Vec<(&str, &[u8])>, ModelError> {
    if bytes.is_empty() {
        return Err(ModelError::Missing);
    }
    if bytes.len() < 12 || &bytes[..8] != MAGIC {
        return Err(ModelError::Magic);
    }
    let n = u32::from_le_bytes([bytes[8], bytes[9], bytes[10], bytes[11]]) as usize;
    let mut at = 12;
    let mut out = Vec::new();
    for _ in 0..n {
        let len = *bytes.get(at).ok_or(ModelError::Truncated)? as usize;
        let name = bytes.get(at + 1..at + 1 + len).ok_or(ModelError::Truncated)?;
        at += 1 + len;
        let size = bytes.get(at..at + 8).ok_or(ModelError::Truncated)?;
        let size = u64::from_le_bytes(size.try_into().map_err(|_| ModelError::Truncated)?) as usize;
        at += 8;
        let body = bytes.get(at..at.checked_add(size).ok_or(ModelError::Truncated)?).ok_or(ModelError::Truncated)?;
        at += size;
        let name = std::str::from_utf8(name).map_err(|_| ModelError::Line { section: "header", line: 0, message: "section name not UTF-8".into() })?;
        out.push((name, body));
    }
    Ok(out)
}

fn text<'a>(s: &HashMap<String, &'a [u8]>, name: &'static str) -> Result<&'a str, ModelError> {
    let b = s.get(name).ok_or(ModelError::Section(name))?;
    std::str::from_utf8(b).map_err(|_| ModelError::Line { section: name, line: 0, message: "not UTF-8".into() })
}

fn lines(t: &str) -> impl Iterator<Item = (usize, Vec<&str>)> {
    t.lines().enumerate().filter(|(_, l)| !l.is_empty()).map(|(i, l)| (i + 1, l.split('\t').collect()))
}

impl<'a> Model<'a> {
    pub fn from_bytes(bytes: &'a [u8]) -> Result<Model<'a>, ModelError> {
        let s = sections(bytes)?;
        let bad = |section: &'static str, line: usize, message: &str| ModelError::Line { section, line, message: message.to_string() };
        let mut tags = Vec::new();
        for (i, l) in text(&s, "tags")?.lines().enumerate() {
            let (u, x) = l.split_once(' ').ok_or_else(|| bad("tags", i + 1, "expected 'UPOS XPOS'"))?;
            let upos = Upos::parse(u).ok_or_else(|| bad("tags", i + 1, "unknown UPOS"))?;
            tags.push(TagClass { upos, xpos: Xpos::new(x) });
        }
        let labels: Vec<Deprel> = text(&s, "labels")?.lines().map(|l| Deprel::parse(l).unwrap_or(Deprel::Dep)).collect();
        let groups: Vec<u8> = text(&s, "groups")?
            .lines()
            .enumerate()
            .map(|(i, l)| l.trim().parse::<u8>().map_err(|_| bad("groups", i + 1, "bad group")))
            .collect::<Result<_, _>>()?;
        if groups.len() != labels.len() || groups.first() != Some(&0) || groups.iter().skip(1).any(|&g| g == 0) {
            return Err(bad("groups", 0, "one group per label, the root alone in group 0"));
        }
        let ngroups = groups.iter().map(|&g| g as usize + 1).max().unwrap_or(1);
        let root_label = labels.iter().position(|&d| d == Deprel::Root).ok_or_else(|| bad("labels", 0, "no root label"))?;
        let fallback_label = labels.iter().position(|&d| d == Deprel::Parataxis).unwrap_or(root_label) as u8;
        let mut tok = Tokenization::default();
        for (n, f) in lines(text(&s, "tok")?) {
            match f.as_slice() {
                ["hyphen", k] => {
                    tok.keep_hyphen.insert(k.to_string());
                }
                ["split", k, lens] => {
                    let l: Result<Vec<u8>, _> = lens.split(',').map(str::parse).collect();
                    tok.splits.insert(k.to_string(), l.map_err(|_| bad("tok", n, "bad lengths"))?);
                }
                ["clitic", k] => {
                    tok.clitics.insert(k.to_string());
                }
                _ => return Err(bad("tok", n, "unknown line")),
            }
        }
        let kv = |name: &'static str| -> Result<Kv<'a>, ModelError> { Ok(Kv::new(s.get(name).ok_or(ModelError::Section(name))?)?) };
        let lex = ModelLex { dict: kv("dict")?, amb: kv("amb")? };
        let lemma = ModelLemmas(kv("lemma")?);
        let tagger = Table::new(s.get("tagger").ok_or(ModelError::Section("tagger"))?)?;
        let parser = Table::new(s.get("parser").ok_or(ModelError::Section("parser"))?)?;
        let labeler = Table::new(s.get("labeler").ok_or(ModelError::Section("labeler"))?)?;
        if tagger.classes() != tags.len() || parser.classes() != crate::parser::transitions(ngroups) || labeler.classes() != labels.len() {
            return Err(bad("parser", 0, "class counts do not match the tags and labels"));
        }
        Ok(Model { info: text(&s, "info")?.to_string(), tags, labels, root_label, fallback_label, tok, lex, lemma, tagger, parser, labeler, groups })
    }
}
