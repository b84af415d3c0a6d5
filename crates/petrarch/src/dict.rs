//! Readers for the PETRARCH/TABARI dictionary formats.
//!
//! Every reader takes the file's text and a name for messages, and returns what it could read plus
//! a list of [`Issue`]s with file and line. A malformed line is reported and skipped; the rest of the
//! file still loads. [`Dicts::load_dir`] with `strict` turns any error into a failure.
//!
//! Phrases are stored as dyad matching keys (lower case, accents folded, tokenised like document
//! text by [`dyad_text::phrase_keys`]), so a dictionary phrase and a sentence compare token by token.

use chrono::NaiveDate;
use std::collections::HashMap;
use std::fmt;
use std::path::Path;

/// A problem in a dictionary file.
#[derive(Debug, Clone, PartialEq)]
pub struct Issue {
    pub file: String,
    pub line: usize,
    pub message: String,
    /// Errors make a line (or entry) unusable; warnings do not.
    pub error: bool,
}

impl fmt::Display for Issue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.file, self.line, self.message)
    }
}

struct Issues<'a> {
    file: &'a str,
    out: Vec<Issue>,
}

impl Issues<'_> {
    fn err(&mut self, line: usize, m: impl Into<String>) {
        self.out.push(Issue { file: self.file.to_string(), line, message: m.into(), error: true });
    }
    fn warn(&mut self, line: usize, m: impl Into<String>) {
        self.out.push(Issue { file: self.file.to_string(), line, message: m.into(), error: false });
    }
}

/// One word of a phrase: its key, and whether the next word must follow it directly
/// (`_` in the dictionary) or may have words in between (a space).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Word {
    pub key: String,
    pub joined: bool,
}

/// Splits a dictionary phrase (`WORDS_JOINED BY_SPACES`) into keyed words.
pub fn phrase_words(phrase: &str) -> Vec<Word> {
    let mut out: Vec<Word> = Vec::new();
    for chunk in phrase.split_whitespace() {
        let parts: Vec<&str> = chunk.split('_').filter(|p| !p.is_empty()).collect();
        for (i, p) in parts.iter().enumerate() {
            let keys = dyad_text::phrase_keys(p);
            let n = keys.len();
            for (j, k) in keys.into_iter().enumerate() {
                let joined = j + 1 < n || i + 1 < parts.len();
                out.push(Word { key: k, joined });
            }
        }
        if let Some(w) = out.last_mut() {
            w.joined = false;
        }
    }
    out
}

/// Strips `#` and `;` comments.
fn strip_comment(line: &str) -> &str {
    let mut depth = 0i32;
    for (i, c) in line.char_indices() {
        match c {
            '[' => depth += 1,
            ']' => depth -= 1,
            '#' | ';' if depth <= 0 => return &line[..i],
            _ => {}
        }
    }
    line
}

/// The content lines of a dictionary file: (line number, raw line, the line without comments,
/// trimmed), skipping XML comment blocks and lines with nothing left.
fn content_lines(text: &str) -> impl Iterator<Item = (usize, &str, &str)> {
    let mut xml = XmlComments::default();
    text.lines().enumerate().filter_map(move |(n, raw)| {
        if xml.skip(raw) {
            return None;
        }
        let t = strip_comment(raw).trim();
        (!t.is_empty()).then_some((n + 1, raw, t))
    })
}

/// Tracks `<!-- ... -->` comment blocks, which may span lines.
#[derive(Default)]
struct XmlComments {
    open: bool,
}

impl XmlComments {
    /// Returns true if the line is (part of) a comment block.
    fn skip(&mut self, line: &str) -> bool {
        let t = line.trim_start();
        if self.open {
            if t.contains("-->") {
                self.open = false;
            }
            return true;
        }
        if t.starts_with("<!") {
            if !t.contains("-->") && !t.contains('>') {
                self.open = true;
            } else if !t.contains("-->") && t.starts_with("<!--") {
                self.open = true;
            }
            return true;
        }
        false
    }
}

/// `YYMMDD` (YY 00–30 → 20YY, else 19YY) or `YYYYMMDD`.
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    if !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let (y, rest) = match s.len() {
        6 => {
            let yy: i32 = s[..2].parse().ok()?;
            (if yy <= 30 { 2000 + yy } else { 1900 + yy }, &s[2..])
        }
        8 => (s[..4].parse().ok()?, &s[4..]),
        _ => return None,
    };
    NaiveDate::from_ymd_opt(y, rest[..2].parse().ok()?, rest[2..].parse().ok()?)
}

/// A code with an optional date restriction.
#[derive(Debug, Clone, PartialEq)]
pub struct DatedCode {
    pub code: String,
    /// Applies on and after this date.
    pub from: Option<NaiveDate>,
    /// Applies up to and including this date (`<D` in a dictionary is read as the day before D).
    pub to: Option<NaiveDate>,
}

impl DatedCode {
    pub fn is_default(&self) -> bool {
        self.from.is_none() && self.to.is_none()
    }
    pub fn covers(&self, d: NaiveDate) -> bool {
        self.from.is_none_or(|f| d >= f) && self.to.is_none_or(|t| d <= t)
    }
}

/// Parses the inside of `[...]` in an actor file: `CODE`, `CODE <DATE`, `CODE >DATE`, `CODE D1-D2`.
fn parse_actor_code(inner: &str) -> Result<DatedCode, String> {
    let inner = inner.trim();
    if inner.is_empty() {
        return Err("empty code".into());
    }
    let code_end = inner.find(|c: char| c.is_whitespace() || c == '<' || c == '>').unwrap_or(inner.len());
    let code = inner[..code_end].to_uppercase();
    let rest = inner[code_end..].trim();
    if code.is_empty() {
        return Err(format!("no code in [{inner}]"));
    }
    if !code.chars().all(|c| c.is_ascii_alphanumeric() || "-#+/".contains(c)) {
        return Err(format!("bad code {code:?}"));
    }
    let mut dc = DatedCode { code, from: None, to: None };
    if rest.is_empty() {
        return Ok(dc);
    }
    let bad = |m: &str| Err(format!("bad date restriction {rest:?}: {m}"));
    if let Some(d) = rest.strip_prefix('<') {
        match parse_date(d).and_then(|d| d.pred_opt()) {
            Some(d) => dc.to = Some(d),
            None => return bad("expected <YYMMDD or <YYYYMMDD"),
        }
    } else if let Some(d) = rest.strip_prefix('>') {
        match parse_date(d) {
            Some(d) => dc.from = Some(d),
            None => return bad("expected >YYMMDD or >YYYYMMDD"),
        }
    } else if let Some((a, b)) = rest.split_once('-') {
        match (parse_date(a), parse_date(b)) {
            (Some(a), Some(b)) if a <= b => {
                dc.from = Some(a);
                dc.to = Some(b);
            }
            (Some(_), Some(_)) => return bad("range ends before it starts"),
            _ => return bad("expected DATE-DATE"),
        }
    } else {
        return bad("expected <DATE, >DATE or DATE-DATE");
    }
    Ok(dc)
}

/// An actor: its phrases (the first plus `+` synonyms) and its codes.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Actor {
    pub phrases: Vec<Vec<Word>>,
    /// Dated codes in file order, then defaults.
    pub codes: Vec<DatedCode>,
    pub line: usize,
}

impl Actor {
    /// The codes that apply on `date` (several for `A/B` entries): the first matching dated code,
    /// else the default, else nothing.
    pub fn codes_on(&self, date: Option<NaiveDate>) -> Vec<String> {
        let pick = match date {
            Some(d) => self.codes.iter().find(|c| !c.is_default() && c.covers(d)),
            None => None,
        }
        .or_else(|| self.codes.iter().find(|c| c.is_default()));
        match pick {
            Some(c) => c.code.split('/').filter(|s| !s.is_empty()).map(str::to_string).collect(),
            None => Vec::new(),
        }
    }
}

/// Reads an actor file.
pub fn read_actors(text: &str, file: &str, out: &mut Vec<Actor>) -> Vec<Issue> {
    let mut iss = Issues { file, out: Vec::new() };
    let mut cur: Option<Actor> = None;
    let flush = |cur: &mut Option<Actor>, out: &mut Vec<Actor>, iss: &mut Issues| {
        if let Some(a) = cur.take() {
            if a.codes.is_empty() {
                iss.err(a.line, "actor has no code");
            } else if a.phrases.is_empty() {
                iss.err(a.line, "actor has no phrase");
            } else {
                out.push(a);
            }
        }
    };
    for (ln, raw, t) in content_lines(text) {
        let indented = raw.starts_with([' ', '\t']);
        // Split "PHRASE [CODE]" ; several [..] blocks may follow.
        let (phrase, codes) = match t.find('[') {
            Some(i) => (t[..i].trim(), &t[i..]),
            None => (t, ""),
        };
        let mut parsed = Vec::new();
        let mut ok = true;
        let mut rest = codes;
        while let Some(i) = rest.find('[') {
            let Some(j) = rest[i..].find(']') else {
                iss.err(ln, format!("unclosed '[' in {t:?}"));
                ok = false;
                break;
            };
            match parse_actor_code(&rest[i + 1..i + j]) {
                Ok(c) => parsed.push(c),
                Err(e) => {
                    iss.err(ln, e);
                    ok = false;
                }
            }
            rest = &rest[i + j + 1..];
        }
        if !rest.trim().is_empty() && ok && !codes.is_empty() {
            iss.warn(ln, format!("text after the code ignored: {:?}", rest.trim()));
        }
        if phrase.is_empty() {
            // A code line (normally indented) for the current actor.
            match cur.as_mut() {
                Some(a) => a.codes.extend(parsed),
                None => iss.err(ln, "code line without an actor"),
            }
            continue;
        }
        if let Some(syn) = phrase.strip_prefix('+') {
            match cur.as_mut() {
                Some(a) => {
                    let w = phrase_words(syn);
                    if w.is_empty() {
                        iss.err(ln, "empty synonym");
                    } else {
                        a.phrases.push(w);
                    }
                    a.codes.extend(parsed);
                }
                None => iss.err(ln, "synonym without an actor"),
            }
            continue;
        }
        if indented && cur.is_some() && parsed.is_empty() {
            iss.err(ln, format!("indented line is neither a code nor a synonym: {t:?}"));
            continue;
        }
        let w = phrase_words(phrase);
        // Consecutive phrase lines before the code lines share them ("IVO_JOSIPOVIC_" /
        // "JOSIPOVIC_" / "\t[HRVGOV ...]").
        if let Some(a) = cur.as_mut() {
            if a.codes.is_empty() && parsed.is_empty() && ok && !w.is_empty() {
                a.phrases.push(w);
                continue;
            }
        }
        flush(&mut cur, out, &mut iss);
        if w.is_empty() {
            iss.err(ln, format!("no words in {phrase:?}"));
            continue;
        }
        if !ok && parsed.is_empty() {
            continue;
        }
        cur = Some(Actor { phrases: vec![w], codes: parsed, line: ln });
    }
    flush(&mut cur, out, &mut iss);
    iss.out
}

/// Where an agent's code goes: `[~GOV]` after the actor code, `[NGO~]` before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AgentPlace {
    Suffix,
    Prefix,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Agent {
    /// Singular and plural phrases.
    pub phrases: Vec<Vec<Word>>,
    pub code: String,
    pub place: AgentPlace,
    pub line: usize,
}

/// Regular English plural of the last word.
pub fn plural(word: &str) -> String {
    let w = word;
    if w.ends_with("ss") || w.ends_with('x') || w.ends_with("ch") || w.ends_with("sh") || w.ends_with('s') || w.ends_with('z') {
        format!("{w}es")
    } else if w.ends_with('y') && !w.ends_with("ay") && !w.ends_with("ey") && !w.ends_with("oy") && !w.ends_with("uy") {
        format!("{}ies", &w[..w.len() - 1])
    } else if w.ends_with("man") {
        format!("{}men", &w[..w.len() - 3])
    } else {
        format!("{w}s")
    }
}

/// Reads an agent file.
pub fn read_agents(text: &str, file: &str, out: &mut Vec<Agent>) -> Vec<Issue> {
    let mut iss = Issues { file, out: Vec::new() };
    let mut sets: HashMap<String, Vec<String>> = HashMap::new();
    for (ln, _, t) in content_lines(text) {
        if t.starts_with('!') && t.contains('=') {
            let (name, vals) = t.split_once('=').unwrap();
            let name = name.trim();
            if !(name.len() > 2 && name.ends_with('!')) {
                iss.err(ln, format!("bad substitution set name {name:?}"));
                continue;
            }
            let v: Vec<String> = vals.split(',').map(|s| s.trim().to_string()).filter(|s| !s.is_empty()).collect();
            if v.is_empty() {
                iss.err(ln, format!("substitution set {name} is empty"));
                continue;
            }
            sets.insert(name.to_string(), v);
            continue;
        }
        let Some(ob) = t.find('[') else {
            iss.err(ln, format!("agent without [code]: {t:?}"));
            continue;
        };
        let Some(cb) = t[ob..].find(']').map(|j| ob + j) else {
            iss.err(ln, format!("unclosed '[' in {t:?}"));
            continue;
        };
        let inner = t[ob + 1..cb].trim();
        let (code, place) = if let Some(c) = inner.strip_prefix('~') {
            (c.trim(), AgentPlace::Suffix)
        } else if let Some(c) = inner.strip_suffix('~') {
            (c.trim(), AgentPlace::Prefix)
        } else {
            iss.err(ln, format!("agent code {inner:?} needs '~' before or after it"));
            continue;
        };
        if code.is_empty() || !code.chars().all(|c| c.is_ascii_alphanumeric()) {
            iss.err(ln, format!("bad agent code {inner:?}"));
            continue;
        }
        let mut head = t[..ob].trim();
        let mut plurals: Option<Vec<&str>> = None;
        if let Some(o) = head.find('{') {
            let Some(c) = head[o..].find('}').map(|j| o + j) else {
                iss.err(ln, "unclosed '{'");
                continue;
            };
            plurals = Some(head[o + 1..c].split_whitespace().collect());
            head = head[..o].trim();
        }
        if head.is_empty() {
            iss.err(ln, "agent without a phrase");
            continue;
        }
        // Expand !SET! substitutions (each set member replaces the marker, glued to its neighbours).
        let mut variants = vec![head.to_string()];
        let mut bad = false;
        while let Some(v) = variants.iter().find(|v| v.contains('!')).cloned() {
            let a = v.find('!').unwrap();
            let Some(b) = v[a + 1..].find('!').map(|j| a + 1 + j) else {
                iss.err(ln, format!("unclosed '!' in {head:?}"));
                bad = true;
                break;
            };
            let name = &v[a..=b];
            let Some(vals) = sets.get(name) else {
                iss.err(ln, format!("unknown substitution set {name}"));
                bad = true;
                break;
            };
            variants.retain(|x| x != &v);
            for val in vals {
                variants.push(format!("{}{}{}", &v[..a], val, &v[b + 1..]));
            }
        }
        if bad {
            continue;
        }
        let mut phrases = Vec::new();
        for v in &variants {
            let w = phrase_words(v);
            if w.is_empty() {
                continue;
            }
            if plurals.is_none() && !v.contains('!') {
                let mut p = w.clone();
                let last = p.last_mut().unwrap();
                last.key = plural(&last.key);
                phrases.push(w);
                phrases.push(p);
            } else {
                phrases.push(w);
            }
        }
        for p in plurals.iter().flatten() {
            let w = phrase_words(p);
            if !w.is_empty() {
                phrases.push(w);
            }
        }
        if phrases.is_empty() {
            iss.err(ln, format!("no words in {head:?}"));
            continue;
        }
        out.push(Agent { phrases, code: code.to_uppercase(), place, line: ln });
    }
    iss.out
}

#[derive(Debug, Clone, PartialEq)]
pub struct Discard {
    pub words: Vec<Word>,
    /// `+`: the whole story is discarded.
    pub story: bool,
    pub line: usize,
}

/// Reads a discard file: one phrase per line, `+PHRASE` discards the story.
pub fn read_discards(text: &str, file: &str, out: &mut Vec<Discard>) -> Vec<Issue> {
    let mut iss = Issues { file, out: Vec::new() };
    for (ln, _, t) in content_lines(text) {
        let (story, p) = match t.strip_prefix('+') {
            Some(p) => (true, p.trim()),
            None => (false, t),
        };
        if p.contains(['[', ']']) {
            iss.err(ln, format!("discard phrases take no code: {t:?}"));
            continue;
        }
        // Discards match exact word sequences.
        let mut words = phrase_words(p);
        for w in words.iter_mut() {
            w.joined = true;
        }
        if words.is_empty() {
            iss.err(ln, "empty discard phrase");
            continue;
        }
        out.push(Discard { words, story, line: ln });
    }
    iss.out
}

/// One element of a verb pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Elem {
    Word(String),
    /// A synonym set (`&NAME`).
    Syn(String),
    /// `$`
    Source,
    /// `+`
    Target,
    /// `%`
    Compound,
    /// `^`
    Skip,
    /// `*`
    Verb,
}

/// A pattern element and whether the next element must follow it directly.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PElem {
    pub elem: Elem,
    pub joined: bool,
}

/// An event code: `[042]`, `[042:043]` (the second for the reverse direction), `[---]` (no event).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventCode {
    pub fwd: Option<String>,
    pub rev: Option<String>,
}

impl EventCode {
    pub fn parse(s: &str) -> Result<EventCode, String> {
        let s = s.trim();
        let one = |x: &str| -> Result<Option<String>, String> {
            let x = x.trim();
            if x == "---" || x.is_empty() {
                Ok(None)
            } else if !x.is_empty() && x.chars().all(|c| c.is_ascii_alphanumeric() || "#+?".contains(c)) {
                Ok(Some(x.to_string()))
            } else {
                Err(format!("bad event code {x:?}"))
            }
        };
        match s.split_once(':') {
            Some((a, b)) => {
                let c = EventCode { fwd: one(a)?, rev: one(b)? };
                Ok(c)
            }
            None => Ok(EventCode { fwd: one(s)?, rev: None }),
        }
    }
    pub fn none(&self) -> bool {
        self.fwd.is_none() && self.rev.is_none()
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Pattern {
    /// The verb is written joined to what follows it (`*_OUT`).
    pub verb_joined: bool,
    pub before: Vec<PElem>,
    pub after: Vec<PElem>,
    pub code: EventCode,
    pub line: usize,
}

impl Pattern {
    /// How specific the pattern is: words and slots it requires.
    pub fn weight(&self) -> usize {
        self.before.len() + self.after.len()
    }
}

/// A verb: its forms (each a word sequence; `verb_at` is the inflected word) and its own code.
#[derive(Debug, Clone, PartialEq)]
pub struct Verb {
    pub forms: Vec<Vec<String>>,
    pub code: Option<EventCode>,
    pub block: usize,
    pub line: usize,
}

/// A `--- NAME [code] ---` block: its default code and patterns.
#[derive(Debug, Clone, PartialEq)]
pub struct Block {
    pub name: String,
    pub code: EventCode,
    pub patterns: Vec<Pattern>,
    pub line: usize,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Verbs {
    /// Synonym sets: name (upper case, with `&`) → member phrases (keys).
    pub synsets: HashMap<String, Vec<Vec<String>>>,
    pub blocks: Vec<Block>,
    pub verbs: Vec<Verb>,
}

/// Regular forms of a verb: base, -s, -ed, -ing.
pub fn verb_forms(base: &str) -> Vec<String> {
    let b = base;
    let mut v = vec![b.to_string()];
    let vowel = |c: char| "aeiou".contains(c);
    let s = if b.ends_with('s') || b.ends_with('x') || b.ends_with("ch") || b.ends_with("sh") || b.ends_with('z') || b.ends_with('o') {
        format!("{b}es")
    } else if b.ends_with('y') && b.len() > 1 && !vowel(b.chars().rev().nth(1).unwrap()) {
        format!("{}ies", &b[..b.len() - 1])
    } else {
        format!("{b}s")
    };
    let ed = if b.ends_with('e') {
        format!("{b}d")
    } else if b.ends_with('y') && b.len() > 1 && !vowel(b.chars().rev().nth(1).unwrap()) {
        format!("{}ied", &b[..b.len() - 1])
    } else {
        format!("{b}ed")
    };
    let ing = if b.ends_with("ie") {
        format!("{}ying", &b[..b.len() - 2])
    } else if b.ends_with('e') && !b.ends_with("ee") && b.len() > 2 {
        format!("{}ing", &b[..b.len() - 1])
    } else {
        format!("{b}ing")
    };
    v.push(s);
    v.push(ed);
    v.push(ing);
    v
}

/// Parses a verb phrase (`WIRE_+TAP`, `LASH OUT`, `+CORDON_OFF`): words and the index of the
/// inflected word (marked `+`, else the first).
fn verb_phrase(p: &str) -> (Vec<String>, usize) {
    let mut words = Vec::new();
    let mut head = None;
    for chunk in p.split(|c: char| c == '_' || c.is_whitespace()).filter(|c| !c.is_empty()) {
        let (plus, w) = match chunk.strip_prefix('+') {
            Some(w) => (true, w),
            None => (false, chunk),
        };
        for k in dyad_text::phrase_keys(w) {
            if plus && head.is_none() {
                head = Some(words.len());
            }
            words.push(k);
        }
    }
    (words, head.unwrap_or(0))
}

fn parse_pattern_side(s: &str, iss: &mut Issues, ln: usize) -> Option<Vec<PElem>> {
    let mut out: Vec<PElem> = Vec::new();
    for chunk in s.split_whitespace() {
        // Split on '_' but keep '+' '$' '%' '^' '*' glued forms apart: "SUGGESTED_+", "IN_*".
        // PETRARCH-2 groups noun phrases in {} and prepositional phrases in (); read as words.
        let chunk = chunk.trim_matches(|c| c == '{' || c == '}' || c == '(' || c == ')');
        let chunk = chunk.replace("*", "_*_");
        let parts: Vec<&str> = chunk.split('_').filter(|p| !p.is_empty()).collect();
        let np = parts.len();
        for (i, p) in parts.iter().enumerate() {
            let joined_after = i + 1 < np;
            let mut push = |e: Elem, joined: bool| out.push(PElem { elem: e, joined });
            match *p {
                "*" => push(Elem::Verb, joined_after),
                "$" => push(Elem::Source, joined_after),
                "+" => push(Elem::Target, joined_after),
                "%" => push(Elem::Compound, joined_after),
                "^" => push(Elem::Skip, joined_after),
                _ if p.starts_with('&') => push(Elem::Syn(p.to_uppercase()), joined_after),
                _ if p.starts_with('+') && p.len() > 1 => {
                    // "+RST" in a pattern: target glued to a word is not meaningful; read as word.
                    iss.warn(ln, format!("'+' glued to {p:?} read as a word"));
                    for k in dyad_text::phrase_keys(&p[1..]) {
                        push(Elem::Word(k), true);
                    }
                    out.last_mut().unwrap().joined = joined_after;
                }
                _ => {
                    let w = p.trim_matches(|c| c == '{' || c == '}' || c == '(' || c == ')');
                    if w.is_empty() {
                        continue;
                    }
                    let keys = dyad_text::phrase_keys(w);
                    let nk = keys.len();
                    for (j, k) in keys.into_iter().enumerate() {
                        push(Elem::Word(k), j + 1 < nk || joined_after);
                    }
                }
            }
        }
    }
    Some(out)
}

/// Reads a verb file (PETRARCH-2 `CAMEO.2.0.txt` or the TABARI-style validation file).
pub fn read_verbs(text: &str, file: &str, out: &mut Verbs) -> Vec<Issue> {
    let mut iss = Issues { file, out: Vec::new() };
    let mut cur_syn: Option<String> = None;
    let mut cur_block: Option<usize> = None;
    for (ln, _, t) in content_lines(text) {
        if t.starts_with("---") {
            // --- NAME [code] ---
            cur_syn = None;
            let inner = t.trim_matches('-').trim();
            let Some(ob) = inner.find('[') else {
                iss.err(ln, format!("verb block without [code]: {t:?}"));
                cur_block = None;
                continue;
            };
            let Some(cb) = inner[ob..].find(']').map(|j| ob + j) else {
                iss.err(ln, format!("unclosed '[' in {t:?}"));
                cur_block = None;
                continue;
            };
            if inner[cb + 1..].contains('[') {
                iss.warn(ln, "only the first code of a block is used");
            }
            match EventCode::parse(&inner[ob + 1..cb]) {
                Ok(code) => {
                    out.blocks.push(Block { name: inner[..ob].trim().to_string(), code, patterns: Vec::new(), line: ln });
                    cur_block = Some(out.blocks.len() - 1);
                }
                Err(e) => {
                    iss.err(ln, e);
                    cur_block = None;
                }
            }
            continue;
        }
        if t.starts_with('&') {
            let name = t.split_whitespace().next().unwrap().to_uppercase();
            out.synsets.entry(name.clone()).or_default();
            cur_syn = Some(name);
            cur_block = None;
            continue;
        }
        if let Some(syn) = &cur_syn {
            if let Some(m) = t.strip_prefix('+') {
                let m = m.trim();
                if m.starts_with('&') {
                    // Embedded set: expanded after reading.
                    out.synsets.get_mut(syn).unwrap().push(vec![m.to_uppercase()]);
                } else {
                    let w: Vec<String> = phrase_words(m).into_iter().map(|w| w.key).collect();
                    if w.is_empty() {
                        iss.err(ln, "empty synonym");
                    } else {
                        out.synsets.get_mut(syn).unwrap().push(w);
                    }
                }
            } else {
                iss.err(ln, format!("synonym set line must start with '+': {t:?}"));
            }
            continue;
        }
        let Some(b) = cur_block else {
            iss.err(ln, format!("line outside a verb block or synonym set: {t:?}"));
            continue;
        };
        if let Some(p) = t.strip_prefix('-') {
            let (Some(ob), Some(cb)) = (p.rfind('['), p.rfind(']')) else {
                iss.err(ln, format!("pattern without [code]: {t:?}"));
                continue;
            };
            if cb < ob {
                iss.err(ln, format!("bad [code] in {t:?}"));
                continue;
            }
            let code = match EventCode::parse(&p[ob + 1..cb]) {
                Ok(c) => c,
                Err(e) => {
                    iss.err(ln, e);
                    continue;
                }
            };
            let body = &p[..ob];
            let Some(elems) = parse_pattern_side(body, &mut iss, ln) else { continue };
            let Some(v) = elems.iter().position(|e| e.elem == Elem::Verb) else {
                iss.err(ln, format!("pattern without '*': {t:?}"));
                continue;
            };
            if elems.iter().filter(|e| e.elem == Elem::Verb).count() > 1 {
                iss.err(ln, format!("pattern with more than one '*': {t:?}"));
                continue;
            }
            let verb_joined = elems[v].joined;
            let before = elems[..v].to_vec();
            let after = elems[v + 1..].to_vec();
            // `before` ends joined to the verb if written `X_*`.
            out.blocks[b].patterns.push(Pattern { verb_joined, before, after, code, line: ln });
            continue;
        }
        // A verb line: WORDS {forms} [code]
        let mut head = t;
        let mut code = None;
        if let Some(ob) = head.find('[') {
            let Some(cb) = head[ob..].find(']').map(|j| ob + j) else {
                iss.err(ln, format!("unclosed '[' in {t:?}"));
                continue;
            };
            match EventCode::parse(&head[ob + 1..cb]) {
                Ok(c) => code = Some(c),
                Err(e) => {
                    iss.err(ln, e);
                    continue;
                }
            }
            head = head[..ob].trim();
        }
        let mut extra: Vec<&str> = Vec::new();
        if let Some(o) = head.find('{') {
            let Some(c) = head[o..].find('}').map(|j| o + j) else {
                iss.err(ln, "unclosed '{'");
                continue;
            };
            extra = head[o + 1..c].split_whitespace().collect();
            head = head[..o].trim();
        }
        let (words, hi) = verb_phrase(head);
        if words.is_empty() {
            iss.err(ln, format!("no verb in {t:?}"));
            continue;
        }
        let mut forms = Vec::new();
        for f in verb_forms(&words[hi]) {
            let mut w = words.clone();
            w[hi] = f;
            forms.push(w);
        }
        for e in extra {
            let (w, _) = verb_phrase(e);
            if !w.is_empty() {
                forms.push(w);
            }
        }
        forms.dedup();
        out.verbs.push(Verb { forms, code, block: b, line: ln });
    }
    // Expand embedded synonym sets (one level deep is what the formats use; repeat to be safe).
    for _ in 0..3 {
        let snapshot = out.synsets.clone();
        for members in out.synsets.values_mut() {
            let mut nm = Vec::new();
            for m in members.drain(..) {
                if m.len() == 1 && m[0].starts_with('&') {
                    match snapshot.get(&m[0]) {
                        Some(inner) => nm.extend(inner.iter().cloned()),
                        None => iss.warn(0, format!("unknown synonym set {} inside a set", m[0])),
                    }
                } else {
                    nm.push(m);
                }
            }
            *members = nm;
        }
    }
    for b in &out.blocks {
        for p in &b.patterns {
            for e in p.before.iter().chain(&p.after) {
                if let Elem::Syn(s) = &e.elem {
                    if !out.synsets.contains_key(s) {
                        iss.err(p.line, format!("unknown synonym set {s}"));
                    }
                }
            }
        }
    }
    iss.out
}

/// With `--strict`, the first error-level issue (and how many more there are) as an error.
pub fn fail_if_strict(issues: &[Issue], strict: bool) -> Result<(), String> {
    match issues.iter().find(|i| i.error) {
        Some(e) if strict => Err(format!("{e} (and {} more issues)", issues.iter().filter(|i| i.error).count() - 1)),
        _ => Ok(()),
    }
}

/// Every dictionary a coder needs.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Dicts {
    pub actors: Vec<Actor>,
    pub agents: Vec<Agent>,
    pub discards: Vec<Discard>,
    pub verbs: Verbs,
}

/// Which reader a file needs, from its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Actors,
    Agents,
    Discards,
    Verbs,
}

impl Kind {
    pub fn of(name: &str) -> Option<Kind> {
        let n = name.to_ascii_lowercase();
        if !n.ends_with(".txt") {
            return None;
        }
        if n.contains("actor") {
            Some(Kind::Actors)
        } else if n.contains("agent") {
            Some(Kind::Agents)
        } else if n.contains("discard") {
            Some(Kind::Discards)
        } else if n.contains("verb") || n.starts_with("cameo.") {
            Some(Kind::Verbs)
        } else {
            None
        }
    }
}

impl Dicts {
    /// Adds one file's text.
    pub fn add(&mut self, kind: Kind, text: &str, name: &str) -> Vec<Issue> {
        match kind {
            Kind::Actors => read_actors(text, name, &mut self.actors),
            Kind::Agents => read_agents(text, name, &mut self.agents),
            Kind::Discards => read_discards(text, name, &mut self.discards),
            Kind::Verbs => read_verbs(text, name, &mut self.verbs),
        }
    }

    /// Reads a file; non-UTF-8 bytes are replaced.
    pub fn add_file(&mut self, kind: Kind, path: &Path) -> std::io::Result<Vec<Issue>> {
        let bytes = std::fs::read(path)?;
        let text = String::from_utf8_lossy(&bytes);
        Ok(self.add(kind, &text, &path.display().to_string()))
    }

    /// Loads every PETRARCH-format dictionary in a folder (by file name: `*actor*`, `*agent*`,
    /// `*discard*`, `*verb*`/`CAMEO.*`), or, when the folder holds a dyad lexicon whose manifest says
    /// `assembly = "petrarch"`, that lexicon ([`crate::dyadfmt`]). With `strict`, any error is
    /// returned as a failure.
    pub fn load_dir(dir: &Path, strict: bool) -> Result<(Dicts, Vec<Issue>), String> {
        if crate::dyadfmt::is_petrarch_lexicon(dir) {
            return crate::dyadfmt::load_dir(dir, strict);
        }
        let mut d = Dicts::default();
        let mut issues = Vec::new();
        let mut names: Vec<_> = std::fs::read_dir(dir)
            .map_err(|e| format!("{}: {e}", dir.display()))?
            .filter_map(|e| e.ok())
            .map(|e| e.path())
            .collect();
        names.sort();
        let mut any = false;
        for p in names {
            let Some(kind) = p.file_name().and_then(|n| n.to_str()).and_then(Kind::of) else { continue };
            any = true;
            issues.extend(d.add_file(kind, &p).map_err(|e| format!("{}: {e}", p.display()))?);
        }
        if !any {
            return Err(format!("{}: no PETRARCH dictionaries (*actor*.txt, *agent*.txt, *discard*.txt, *verb*.txt, CAMEO.*.txt)", dir.display()));
        }
        fail_if_strict(&issues, strict)?;
        Ok((d, issues))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn actors_synonyms_dates_defaults_and_errors() {
        let text = "<!-- a comment\n spanning lines -->\nGONDOR [GON]\n+MINAS_TIRITH\nGOLLUM ; note\n+SMEAGOL\n\t[HOB < 950601]\n\t[HOBGOV 19950601 - 19990815]\n\t[HOBREB > 990816]\nBAD [XX 9901]\nNASGUL  [###]  # comment\nLORIEN [ELR/GAL]\nIVO_\nJOSIPOVIC_\n\t[HRVGOV >20120219]\nNOCODE\n";
        let mut a = Vec::new();
        let iss = read_actors(text, "t.actors", &mut a);
        let errs: Vec<_> = iss.iter().filter(|i| i.error).map(|i| i.line).collect();
        assert_eq!(errs, vec![10, 16], "{iss:?}");
        assert_eq!(a.len(), 5);
        assert_eq!(a[0].phrases.len(), 2);
        assert_eq!(a[0].phrases[1].iter().map(|w| w.key.as_str()).collect::<Vec<_>>(), ["minas", "tirith"]);
        let g = &a[1];
        assert_eq!(g.codes_on(Some(d("1995-05-31"))), ["HOB"]);
        assert_eq!(g.codes_on(Some(d("1995-06-01"))), ["HOBGOV"]);
        assert_eq!(g.codes_on(Some(d("1999-08-15"))), ["HOBGOV"]);
        assert_eq!(g.codes_on(Some(d("1999-08-16"))), ["HOBREB"]);
        assert_eq!(a[2].codes_on(None), ["###"]);
        assert_eq!(a[3].codes_on(None), ["ELR", "GAL"]);
        assert_eq!(a[4].phrases.len(), 2);
        assert_eq!(a[4].codes_on(Some(d("2013-01-01"))), ["HRVGOV"]);
        assert!(a[4].codes_on(Some(d("2010-01-01"))).is_empty());
    }

    #[test]
    fn dates_six_and_eight_digits() {
        assert_eq!(parse_date("300101"), Some(d("2030-01-01")));
        assert_eq!(parse_date("310101"), Some(d("1931-01-01")));
        assert_eq!(parse_date("20121109"), Some(d("2012-11-09")));
        assert_eq!(parse_date("991332"), None);
        assert_eq!(parse_date("1234"), None);
    }

    #[test]
    fn agents_plurals_prefix_suffix_sets_and_errors() {
        let text = "!PERSON! = MAN, WOMAN\nPOLICE {} [~COP]\nGOLDEN_GOOSE {GOLDEN_GEESE} [~GGS]\nRIGHTS_GROUP [NGO~]\nCONGRESS!PERSON! [~LEG]\nMINISTRY [GOV]\nMISSING_CODE\nX!NOPE! [~A]\nSOLDIER [~MILARM]\n";
        let mut a = Vec::new();
        let iss = read_agents(text, "t.agents", &mut a);
        let errs: Vec<_> = iss.iter().filter(|i| i.error).map(|i| i.line).collect();
        assert_eq!(errs, vec![6, 7, 8]);
        let keys = |i: usize| a[i].phrases.iter().map(|p| p.iter().map(|w| w.key.clone()).collect::<Vec<_>>().join(" ")).collect::<Vec<_>>();
        assert_eq!(keys(0), ["police"]);
        assert_eq!(keys(1), ["golden goose", "golden geese"]);
        assert_eq!(a[2].place, AgentPlace::Prefix);
        assert_eq!(keys(3), ["congressman", "congressmen", "congresswoman", "congresswomen"]);
        assert_eq!(keys(4), ["soldier", "soldiers"]);
        assert_eq!(a[4].code, "MILARM");
    }

    #[test]
    fn discards_sentence_and_story() {
        let mut v = Vec::new();
        let iss = read_discards("# c\nMONTHS LATER\n+TYPHOON   # x\nBAD [X]\n", "t.discards", &mut v);
        assert_eq!(iss.len(), 1);
        assert_eq!(iss[0].line, 4);
        assert_eq!(v.len(), 2);
        assert!(!v[0].story && v[1].story);
    }

    #[test]
    fn petrarch2_verbs_synsets_blocks_forms_patterns() {
        let text = "&CURRENCY\n+DOLLARS\n+SWISS FRANCS\n&BOTH\n+&CURRENCY\n+GOLD\n\n---  ACCELERATE   [---]  ---\nHURRY {HURRIES HURRYING HURRIED }\nRUSH\n- * (TO)        [042:043]     # RUSH\n- * {RELIEF ASSISTANCE}   [073]\n- * &CURRENCY [070]\n- * BAD [1x$]\n- NO VERB [010]\n---  OFFEND   [:110]  ---\nOFFEND\n--- NOCODE ---\n";
        let mut v = Verbs::default();
        let iss = read_verbs(text, "t.verbs", &mut v);
        let errs: Vec<_> = iss.iter().filter(|i| i.error).map(|i| i.line).collect();
        assert_eq!(errs, vec![14, 15, 18], "{iss:?}");
        assert_eq!(v.synsets["&BOTH"].len(), 3);
        assert_eq!(v.blocks.len(), 2);
        assert!(v.blocks[0].code.none());
        let p = &v.blocks[0].patterns;
        assert_eq!(p.len(), 3);
        assert_eq!(p[0].code, EventCode { fwd: Some("042".into()), rev: Some("043".into()) });
        assert_eq!(p[0].after, vec![PElem { elem: Elem::Word("to".into()), joined: false }]);
        assert_eq!(p[2].after[0].elem, Elem::Syn("&CURRENCY".into()));
        assert_eq!(v.blocks[1].code, EventCode { fwd: None, rev: Some("110".into()) });
        let hurry: Vec<String> = v.verbs[0].forms.iter().map(|f| f.join(" ")).collect();
        assert!(hurry.contains(&"hurried".to_string()) && hurry.contains(&"hurries".to_string()));
        assert!(v.verbs[1].forms.iter().any(|f| f == &["rushed"]));
    }

    #[test]
    fn tabari_patterns_slots_and_joined_words() {
        let text = "--- BREAK [1717] ---\nBREAK { BROKE BROKEN }\nWIRE_+TAP {WIRE_+TAPPED}\n- + KNOWN_ * IN_ $  [076]\n- $ ^ FOR *  [164]\n- % * [030:030]\n- SO IN_AND_*_OUT_AGAIN NOW [074]\n";
        let mut v = Verbs::default();
        let iss = read_verbs(text, "t.verbs", &mut v);
        assert!(iss.iter().all(|i| !i.error), "{iss:?}");
        let p = &v.blocks[0].patterns;
        assert_eq!(p[0].before, vec![PElem { elem: Elem::Target, joined: false }, PElem { elem: Elem::Word("known".into()), joined: false }]);
        assert_eq!(p[0].after, vec![PElem { elem: Elem::Word("in".into()), joined: false }, PElem { elem: Elem::Source, joined: false }]);
        assert_eq!(p[1].before.iter().map(|e| e.elem.clone()).collect::<Vec<_>>(), vec![Elem::Source, Elem::Skip, Elem::Word("for".into())]);
        assert_eq!(p[2].before[0].elem, Elem::Compound);
        assert_eq!(p[3].before.len(), 3);
        assert!(p[3].before[2].joined && p[3].after[0].elem == Elem::Word("out".into()));
        // "WIRE_+TAP": the second word is inflected.
        assert!(v.verbs[1].forms.iter().any(|f| f == &["wire", "tapped"]));
        assert!(v.verbs[1].forms.iter().any(|f| f == &["wire", "taps"]));
    }
}
