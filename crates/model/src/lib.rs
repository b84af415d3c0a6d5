//! The one data model every dyad stage shares: a [`Document`] and its annotation layers.
//!
//! A document enters the pipeline with its text and metadata (filled by the readers), then each
//! stage adds a layer: the text stage fills [`Document::sentences`] and [`Document::tokens`], the
//! coder fills [`Document::mentions`] and [`Document::events`]. Every layer points into
//! [`Document::text`] with byte offsets ([`Span`]); no stage re-parses what an earlier stage parsed.
//!
//! This crate owns no behaviour beyond small accessors: it is the contract between stages.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::ops::Range;

/// A half-open byte range `[start, end)` into [`Document::text`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, Default)]
pub struct Span {
    pub start: u32,
    pub end: u32,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Span {
        Span { start: start as u32, end: end as u32 }
    }
    pub fn range(self) -> Range<usize> {
        self.start as usize..self.end as usize
    }
    pub fn len(self) -> usize {
        (self.end - self.start) as usize
    }
    pub fn is_empty(self) -> bool {
        self.end <= self.start
    }
}

/// How severe a [`Diagnostic`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Something was repaired or skipped; the document was still processed.
    Warning,
    /// The document (or a part of it) could not be processed.
    Error,
}

/// A message about one document, produced by any stage. Stages never fail: they return their
/// result and push diagnostics here.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Diagnostic {
    pub severity: Severity,
    /// Which stage said it ("read", "text", "coder", ...).
    pub stage: &'static str,
    pub message: String,
}

/// A dateline: "ANKARA, March 3 (Reuters) -" in front of the story.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Dateline {
    /// The whole dateline in the original text, if it was in `text` (it is then not part of any sentence).
    pub span: Option<Span>,
    /// The place, as written ("ANKARA").
    pub place: Option<String>,
    /// The agency or outlet ("Reuters").
    pub source: Option<String>,
    /// A date written in the dateline, resolved against the publication date when known.
    pub date: Option<NaiveDate>,
}

/// Where a document's publication date came from. The variants are in order of trust: a date the
/// input states explicitly wins over the page's metadata, which wins over the dateline, and so on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DateSource {
    /// Given with the input: a JSON `date` field or `--date`.
    Input,
    /// The page's own metadata (`article:published_time`, JSON-LD, `<time>`).
    Metadata,
    /// The story's dateline ("KYIV, March 3 (Reuters) -").
    Dateline,
    /// An absolute date in the opening sentences ("On March 11, 2025, ...").
    Text,
    /// A feed entry's published/updated date.
    Feed,
    /// When a crawler fetched the page (a WARC record's date).
    Crawl,
}

impl DateSource {
    /// The name used in output and in the store.
    pub fn as_str(self) -> &'static str {
        match self {
            DateSource::Input => "input",
            DateSource::Metadata => "metadata",
            DateSource::Dateline => "dateline",
            DateSource::Text => "text",
            DateSource::Feed => "feed",
            DateSource::Crawl => "crawl",
        }
    }

    /// The source named by [`DateSource::as_str`].
    pub fn parse(s: &str) -> Option<DateSource> {
        [DateSource::Input, DateSource::Metadata, DateSource::Dateline, DateSource::Text, DateSource::Feed, DateSource::Crawl].into_iter().find(|d| d.as_str() == s)
    }
}

/// One news document with its metadata and annotation layers.
#[derive(Debug, Clone, Default)]
pub struct Document {
    /// Stable identifier (input id, URL or path, with a line number for JSON lines without id).
    pub id: String,
    /// The normalised text. All spans point into it.
    pub text: String,
    /// Publication date.
    pub date: Option<NaiveDate>,
    /// Where [`Document::date`] came from (`None` when there is no date).
    pub date_source: Option<DateSource>,
    pub url: Option<String>,
    pub title: Option<String>,
    /// Outlet or site name.
    pub site: Option<String>,
    /// ISO 639-1 language code if detected or given.
    pub lang: Option<String>,
    pub dateline: Option<Dateline>,

    /// Layer: sentences in text order (text stage).
    pub sentences: Vec<Sentence>,
    /// Layer: tokens in text order (text stage).
    pub tokens: Vec<Token>,
    /// Matching keys of the tokens, concatenated: `tokens[i].key` points here (text stage).
    pub keys: String,
    /// Layer: syntactic words of the parsed sentences, in text order (syntax stage). A sentence's
    /// words are [`Sentence::words`]; sentences nobody asked to parse have none.
    pub words: Vec<Word>,
    /// Lemmas of the words, concatenated: `words[i].lemma` points here (syntax stage).
    pub lemmas: String,
    /// Layer: actor mentions in text order (coder).
    pub mentions: Vec<Mention>,
    /// Layer: coded events in sentence order (coder).
    pub events: Vec<Event>,
    /// Messages from every stage.
    pub diagnostics: Vec<Diagnostic>,
}

impl Document {
    pub fn new(id: impl Into<String>, text: impl Into<String>) -> Document {
        Document { id: id.into(), text: text.into(), ..Document::default() }
    }
    /// The text of a span.
    pub fn slice(&self, span: Span) -> &str {
        self.text.get(span.range()).unwrap_or("")
    }
    /// The matching key of token `i` (lower-cased, accents folded).
    pub fn key(&self, i: usize) -> &str {
        let t = &self.tokens[i];
        &self.keys[t.key.range()]
    }
    /// The lemma of word `i`.
    pub fn lemma(&self, i: usize) -> &str {
        self.lemmas.get(self.words[i].lemma.range()).unwrap_or("")
    }
    /// The words of sentence `s` (empty when it was not parsed).
    pub fn sentence_words(&self, s: usize) -> &[Word] {
        match &self.sentences[s].words {
            Some(r) => &self.words[r.start as usize..r.end as usize],
            None => &[],
        }
    }
    /// The tokens of sentence `s`.
    pub fn sentence_tokens(&self, s: usize) -> &[Token] {
        let r = &self.sentences[s].tokens;
        &self.tokens[r.start as usize..r.end as usize]
    }
    pub fn warn(&mut self, stage: &'static str, message: impl Into<String>) {
        self.diagnostics.push(Diagnostic { severity: Severity::Warning, stage, message: message.into() });
    }
    pub fn error(&mut self, stage: &'static str, message: impl Into<String>) {
        self.diagnostics.push(Diagnostic { severity: Severity::Error, stage, message: message.into() });
    }
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(|d| d.severity == Severity::Error)
    }
    /// Offers a publication date found by `source`. It becomes [`Document::date`] when the
    /// document has none yet or `source` is more trusted than the one that set it ([`DateSource`]'s
    /// order); a date from an equally trusted source does not replace the first one, and a date
    /// set without a source counts as given with the input. Returns whether the date was taken.
    /// Every stage that finds a publication date goes through here, so the precedence holds
    /// whatever order the stages find dates in.
    pub fn offer_date(&mut self, date: NaiveDate, source: DateSource) -> bool {
        let take = match self.date {
            None => true,
            Some(_) => source < self.date_source.unwrap_or(DateSource::Input),
        };
        if take {
            self.date = Some(date);
            self.date_source = Some(source);
        }
        take
    }
}

/// A sentence: its span and the range of its tokens in [`Document::tokens`].
#[derive(Debug, Clone, PartialEq)]
pub struct Sentence {
    pub span: Span,
    pub tokens: Range<u32>,
    /// The range of its words in [`Document::words`], once the syntax stage has parsed it.
    pub words: Option<Range<u32>>,
}

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    Word,
    Number,
    Punct,
}

/// A token: its span in the text and its matching key in [`Document::keys`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Token {
    pub span: Span,
    /// Lower-cased, accent-folded form, as a span of [`Document::keys`].
    pub key: Span,
    pub kind: TokenKind,
    /// The token starts with an upper-case letter.
    pub capitalized: bool,
}

/// A Universal Dependencies part-of-speech tag (UPOS).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum Upos {
    Adj,
    Adp,
    Adv,
    Aux,
    Cconj,
    Det,
    Intj,
    Noun,
    Num,
    Part,
    Pron,
    Propn,
    Punct,
    Sconj,
    Sym,
    Verb,
    X,
}

impl Upos {
    pub const ALL: [Upos; 17] = [Upos::Adj, Upos::Adp, Upos::Adv, Upos::Aux, Upos::Cconj, Upos::Det, Upos::Intj, Upos::Noun, Upos::Num, Upos::Part, Upos::Pron, Upos::Propn, Upos::Punct, Upos::Sconj, Upos::Sym, Upos::Verb, Upos::X];
    /// The tag as UD writes it (`NOUN`, `PROPN`, ...).
    pub fn as_str(self) -> &'static str {
        match self {
            Upos::Adj => "ADJ",
            Upos::Adp => "ADP",
            Upos::Adv => "ADV",
            Upos::Aux => "AUX",
            Upos::Cconj => "CCONJ",
            Upos::Det => "DET",
            Upos::Intj => "INTJ",
            Upos::Noun => "NOUN",
            Upos::Num => "NUM",
            Upos::Part => "PART",
            Upos::Pron => "PRON",
            Upos::Propn => "PROPN",
            Upos::Punct => "PUNCT",
            Upos::Sconj => "SCONJ",
            Upos::Sym => "SYM",
            Upos::Verb => "VERB",
            Upos::X => "X",
        }
    }
    /// Reads a tag as UD writes it.
    pub fn parse(s: &str) -> Option<Upos> {
        Upos::ALL.iter().copied().find(|u| u.as_str() == s)
    }
    /// Nouns, proper nouns and pronouns: the heads of actor phrases.
    pub fn is_nominal(self) -> bool {
        matches!(self, Upos::Noun | Upos::Propn | Upos::Pron)
    }
}

/// A Universal Dependencies relation, with the subtypes English-EWT uses (`nsubj:pass`, `obl:agent`,
/// `acl:relcl`, ...). [`Deprel::base`] drops the subtype.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Deprel {
    Acl,
    AclRelcl,
    Advcl,
    AdvclRelcl,
    Advmod,
    Amod,
    Appos,
    Aux,
    AuxPass,
    Case,
    Cc,
    CcPreconj,
    Ccomp,
    Clf,
    Compound,
    CompoundPrt,
    Conj,
    Cop,
    Csubj,
    CsubjOuter,
    CsubjPass,
    Dep,
    Det,
    DetPredet,
    Discourse,
    Dislocated,
    Expl,
    Fixed,
    Flat,
    Goeswith,
    Iobj,
    List,
    Mark,
    Nmod,
    NmodDesc,
    NmodPoss,
    NmodUnmarked,
    Nsubj,
    NsubjOuter,
    NsubjPass,
    Nummod,
    Obj,
    Obl,
    OblAgent,
    OblUnmarked,
    Orphan,
    Parataxis,
    Punct,
    Reparandum,
    Root,
    Vocative,
    Xcomp,
}

impl Deprel {
    pub const ALL: [Deprel; 52] = [Deprel::Acl, Deprel::AclRelcl, Deprel::Advcl, Deprel::AdvclRelcl, Deprel::Advmod, Deprel::Amod, Deprel::Appos, Deprel::Aux, Deprel::AuxPass, Deprel::Case, Deprel::Cc, Deprel::CcPreconj, Deprel::Ccomp, Deprel::Clf, Deprel::Compound, Deprel::CompoundPrt, Deprel::Conj, Deprel::Cop, Deprel::Csubj, Deprel::CsubjOuter, Deprel::CsubjPass, Deprel::Dep, Deprel::Det, Deprel::DetPredet, Deprel::Discourse, Deprel::Dislocated, Deprel::Expl, Deprel::Fixed, Deprel::Flat, Deprel::Goeswith, Deprel::Iobj, Deprel::List, Deprel::Mark, Deprel::Nmod, Deprel::NmodDesc, Deprel::NmodPoss, Deprel::NmodUnmarked, Deprel::Nsubj, Deprel::NsubjOuter, Deprel::NsubjPass, Deprel::Nummod, Deprel::Obj, Deprel::Obl, Deprel::OblAgent, Deprel::OblUnmarked, Deprel::Orphan, Deprel::Parataxis, Deprel::Punct, Deprel::Reparandum, Deprel::Root, Deprel::Vocative, Deprel::Xcomp];
    /// The relation as UD writes it (`nsubj:pass`).
    pub fn as_str(self) -> &'static str {
        match self {
            Deprel::Acl => "acl",
            Deprel::AclRelcl => "acl:relcl",
            Deprel::Advcl => "advcl",
            Deprel::AdvclRelcl => "advcl:relcl",
            Deprel::Advmod => "advmod",
            Deprel::Amod => "amod",
            Deprel::Appos => "appos",
            Deprel::Aux => "aux",
            Deprel::AuxPass => "aux:pass",
            Deprel::Case => "case",
            Deprel::Cc => "cc",
            Deprel::CcPreconj => "cc:preconj",
            Deprel::Ccomp => "ccomp",
            Deprel::Clf => "clf",
            Deprel::Compound => "compound",
            Deprel::CompoundPrt => "compound:prt",
            Deprel::Conj => "conj",
            Deprel::Cop => "cop",
            Deprel::Csubj => "csubj",
            Deprel::CsubjOuter => "csubj:outer",
            Deprel::CsubjPass => "csubj:pass",
            Deprel::Dep => "dep",
            Deprel::Det => "det",
            Deprel::DetPredet => "det:predet",
            Deprel::Discourse => "discourse",
            Deprel::Dislocated => "dislocated",
            Deprel::Expl => "expl",
            Deprel::Fixed => "fixed",
            Deprel::Flat => "flat",
            Deprel::Goeswith => "goeswith",
            Deprel::Iobj => "iobj",
            Deprel::List => "list",
            Deprel::Mark => "mark",
            Deprel::Nmod => "nmod",
            Deprel::NmodDesc => "nmod:desc",
            Deprel::NmodPoss => "nmod:poss",
            Deprel::NmodUnmarked => "nmod:unmarked",
            Deprel::Nsubj => "nsubj",
            Deprel::NsubjOuter => "nsubj:outer",
            Deprel::NsubjPass => "nsubj:pass",
            Deprel::Nummod => "nummod",
            Deprel::Obj => "obj",
            Deprel::Obl => "obl",
            Deprel::OblAgent => "obl:agent",
            Deprel::OblUnmarked => "obl:unmarked",
            Deprel::Orphan => "orphan",
            Deprel::Parataxis => "parataxis",
            Deprel::Punct => "punct",
            Deprel::Reparandum => "reparandum",
            Deprel::Root => "root",
            Deprel::Vocative => "vocative",
            Deprel::Xcomp => "xcomp",
        }
    }
    /// Reads a relation as UD writes it; unknown relations are `None`.
    pub fn parse(s: &str) -> Option<Deprel> {
        Deprel::ALL.iter().copied().find(|d| d.as_str() == s)
    }
    /// The universal relation without its subtype (`nsubj:pass` → `nsubj`).
    pub fn base(self) -> Deprel {
        match self {
            Deprel::AclRelcl => Deprel::Acl,
            Deprel::AdvclRelcl => Deprel::Advcl,
            Deprel::AuxPass => Deprel::Aux,
            Deprel::CcPreconj => Deprel::Cc,
            Deprel::CompoundPrt => Deprel::Compound,
            Deprel::CsubjOuter => Deprel::Csubj,
            Deprel::CsubjPass => Deprel::Csubj,
            Deprel::DetPredet => Deprel::Det,
            Deprel::NmodDesc => Deprel::Nmod,
            Deprel::NmodPoss => Deprel::Nmod,
            Deprel::NmodUnmarked => Deprel::Nmod,
            Deprel::NsubjOuter => Deprel::Nsubj,
            Deprel::NsubjPass => Deprel::Nsubj,
            Deprel::OblAgent => Deprel::Obl,
            Deprel::OblUnmarked => Deprel::Obl,
            d => d,
        }
    }
}

/// A language-specific part-of-speech tag (for English, the Penn Treebank tag: `VBD`, `NNS`,
/// `-LRB-`), stored inline (at most 7 bytes; longer tags are cut).
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Xpos([u8; 8]);

impl Xpos {
    pub fn new(s: &str) -> Xpos {
        let mut b = [0u8; 8];
        let mut n = 0;
        for c in s.chars() {
            let l = c.len_utf8();
            if n + l > 7 {
                break;
            }
            c.encode_utf8(&mut b[n..n + l]);
            n += l;
        }
        b[7] = n as u8;
        Xpos(b)
    }
    pub fn as_str(&self) -> &str {
        std::str::from_utf8(&self.0[..self.0[7] as usize]).unwrap_or("")
    }
}

impl std::fmt::Debug for Xpos {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:?}", self.as_str())
    }
}

/// One syntactic word of a parsed sentence (the syntax layer). Words follow UD English-EWT's
/// tokenisation, which differs from the text stage's tokens in places ("anti-American" is one word,
/// "cannot" two); each word records the first text-stage token it overlaps.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Word {
    /// Byte span in [`Document::text`] (a part of a token for split contractions such as "can|not").
    pub span: Span,
    /// The first token of [`Document::tokens`] the word overlaps.
    pub token: u32,
    pub upos: Upos,
    /// The Penn Treebank tag (`VBD`, `NNS`, ...).
    pub xpos: Xpos,
    /// The lemma, as a span of [`Document::lemmas`].
    pub lemma: Span,
    /// The head word, as an index into [`Document::words`]; `None` for the sentence's root.
    pub head: Option<u32>,
    pub deprel: Deprel,
}

/// A CAMEO event code: two to four ASCII digits whose first two are its root, 01 to 20 ("0871" is
/// root 08, "Retreat or surrender militarily"). Codes are values, not text: compare them with
/// [`CameoCode::root`], [`CameoCode::in_root`] and [`CameoCode::quad`].
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CameoCode {
    digits: [u8; 4],
    len: u8,
}

/// Why a string is not a [`CameoCode`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadCameoCode(pub String);

impl std::fmt::Display for BadCameoCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "not a CAMEO event code (2 to 4 digits, root 01 to 20): {:?}", self.0)
    }
}

impl std::error::Error for BadCameoCode {}

impl CameoCode {
    /// Parses a code of 2 to 4 digits with a root from 01 to 20.
    pub fn new(s: &str) -> Result<CameoCode, BadCameoCode> {
        let b = s.as_bytes();
        let root = b.get(..2).filter(|r| r.iter().all(u8::is_ascii_digit)).map(|r| (r[0] - b'0') * 10 + (r[1] - b'0'));
        if !(2..=4).contains(&b.len()) || !b.iter().all(u8::is_ascii_digit) || !root.is_some_and(|r| (1..=20).contains(&r)) {
            return Err(BadCameoCode(s.to_string()));
        }
        let mut digits = [0u8; 4];
        digits[..b.len()].copy_from_slice(b);
        Ok(CameoCode { digits, len: b.len() as u8 })
    }

    /// A code written in the program ("0871"); an invalid literal panics, at compile time when
    /// used in a `const`. Codes read from input go through [`CameoCode::new`].
    pub const fn lit(s: &str) -> CameoCode {
        let b = s.as_bytes();
        assert!(b.len() >= 2 && b.len() <= 4, "a CAMEO code has 2 to 4 digits");
        let mut digits = [0u8; 4];
        let mut i = 0;
        while i < b.len() {
            assert!(b[i].is_ascii_digit(), "a CAMEO code is digits");
            digits[i] = b[i];
            i += 1;
        }
        let root = (b[0] - b'0') * 10 + (b[1] - b'0');
        assert!(root >= 1 && root <= 20, "a CAMEO root is 01 to 20");
        CameoCode { digits, len: b.len() as u8 }
    }

    /// The code's digits.
    pub fn as_str(&self) -> &str {
        // Only ASCII digits are ever stored (checked in `new`).
        std::str::from_utf8(&self.digits[..self.len as usize]).unwrap_or("")
    }

    /// The two-digit root ("08" for "0871").
    pub fn root(&self) -> &str {
        &self.as_str()[..2]
    }

    /// The root as a number, 1 to 20.
    pub fn root_number(&self) -> u8 {
        (self.digits[0] - b'0') * 10 + (self.digits[1] - b'0')
    }

    /// Whether the code belongs to root `root` (1 to 20): `in_root(8)` for "0871".
    pub fn in_root(&self, root: u8) -> bool {
        self.root_number() == root
    }

    /// Whether the code is `prefix` or below it in the CAMEO hierarchy ("0871" is below "087").
    pub fn is_under(&self, prefix: &str) -> bool {
        self.as_str().starts_with(prefix)
    }

    /// GDELT's quad class: 1 verbal cooperation (roots 01–05), 2 material cooperation (06–09),
    /// 3 verbal conflict (10–14), 4 material conflict (15–20).
    pub fn quad(&self) -> u8 {
        match self.root_number() {
            1..=5 => 1,
            6..=9 => 2,
            10..=14 => 3,
            _ => 4,
        }
    }
}

impl std::str::FromStr for CameoCode {
    type Err = BadCameoCode;
    fn from_str(s: &str) -> Result<CameoCode, BadCameoCode> {
        CameoCode::new(s)
    }
}

impl std::ops::Deref for CameoCode {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl AsRef<str> for CameoCode {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl std::fmt::Display for CameoCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::fmt::Debug for CameoCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:?}", self.as_str())
    }
}

impl PartialEq<str> for CameoCode {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for CameoCode {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl Serialize for CameoCode {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for CameoCode {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<CameoCode, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        CameoCode::new(&s).map_err(serde::de::Error::custom)
    }
}

/// A resolved actor: CAMEO actor code, ISO-3166 alpha-3 country, sectors.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub struct Actor {
    /// CAMEO actor code, e.g. `RUSGOV`, `IGOUNO`, `TURLEG`.
    pub code: String,
    /// ISO-3166 alpha-3 country, when the actor belongs to one.
    pub country: Option<String>,
    /// CAMEO sector codes (`GOV`, `MIL`, ...), in order.
    pub sectors: Vec<String>,
}

/// How a mention was recognised.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum MentionKind {
    /// A country, organisation or place name.
    Name,
    /// A named person.
    Person,
    /// A role noun, possibly with a country ("Turkish lawmakers").
    Agent,
    /// A capital or seat of power standing for a government ("the Kremlin").
    Metonym,
    /// A pronoun or a title referring back to an earlier mention.
    Anaphor,
}

/// What the first word(s) of a mention name, when they qualify the actor rather than name it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lead {
    /// A country adjective or demonym: "*Albanian* protesters", "*Iraqis*".
    Adjective,
    /// A city, which gives a country but no government: "*Aleppo* residents".
    City,
    /// Anything else (a name, a role noun, a pronoun).
    #[default]
    Other,
}

/// An actor mention in the text.
#[derive(Debug, Clone, PartialEq)]
pub struct Mention {
    pub span: Span,
    /// Token range in [`Document::tokens`].
    pub tokens: Range<u32>,
    pub sentence: u32,
    pub actor: Actor,
    pub kind: MentionKind,
    /// What its first words name (read by the coder; `rule` is only for people).
    pub lead: Lead,
    /// Which lexicon entries produced it, for the event's `rule`.
    pub rule: String,
}

/// How precise a date is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Precision {
    Day,
    Week,
    Month,
    Year,
}

/// An event date and how it was found.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EventDate {
    pub date: NaiveDate,
    pub precision: Precision,
    /// "publication date", or the expression in the text it was resolved from.
    pub how: String,
}

/// A geocoded place.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Place {
    pub name: String,
    /// ISO-3166 alpha-3.
    pub country: Option<String>,
    /// First-level administrative division name.
    pub admin1: Option<String>,
    pub lat: f64,
    pub lon: f64,
    /// How the place was chosen ("sentence: 'in Aleppo'", "dateline").
    pub how: String,
}

/// One side of an event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Participant {
    /// The mention's text.
    pub text: String,
    pub span: Span,
    #[serde(flatten)]
    pub actor: Actor,
}

/// A coded event with its evidence.
#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    pub sentence: u32,
    pub source: Participant,
    pub target: Option<Participant>,
    /// CAMEO event code.
    pub cameo: CameoCode,
    pub goldstein: f32,
    pub quad: u8,
    /// PLOVER 2.0 event type.
    pub plover: String,
    pub mode: Option<String>,
    /// The verb phrase that triggered the event.
    pub verb_span: Span,
    pub date: Option<EventDate>,
    pub place: Option<Place>,
    /// Human-readable account of the lexicon entries and pattern that produced the event.
    pub rule: String,
}

impl Event {
    /// The two-digit CAMEO root.
    pub fn root(&self) -> &str {
        self.cameo.root()
    }
}

#[cfg(test)]
mod tests {
    use super::CameoCode;

    #[test]
    fn cameo_codes_parse_and_classify() {
        let c: CameoCode = "0871".parse().expect("a valid code");
        assert_eq!((c.root(), c.root_number(), c.quad()), ("08", 8, 2));
        assert!(c.in_root(8) && c.is_under("087") && !c.is_under("086"));
        assert_eq!(c.to_string(), "0871");
        for (code, quad) in [("010", 1), ("05", 1), ("0831", 2), ("09", 2), ("112", 3), ("14", 3), ("15", 4), ("20", 4)] {
            assert_eq!(CameoCode::new(code).map(|c| c.quad()), Ok(quad), "{code}");
        }
        for bad in ["", "0", "00", "21", "99", "08711", "--", "---", "0a", " 08", "١٠"] {
            assert!(CameoCode::new(bad).is_err(), "{bad:?} is not a code");
        }
    }
}
