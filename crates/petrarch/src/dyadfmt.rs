//! PETRARCH-assembly lexicons in dyad's own file format: tab-separated files with a commented
//! header, one fact per row, and a `lexicon.toml` manifest saying `assembly = "petrarch"`
//! (the format is documented in `docs/petrarch-import.md`).
//!
//! [`write`] turns loaded [`Dicts`] into those files; [`read`] / [`load_dir`] read them back into the
//! same model, so `dyad lexicon import` is lossless: the dictionaries read back compare equal to the
//! ones imported, and the PETRARCH-mode coder gives the same events with either.
//!
//! Files (all optional except the manifest; a folder needs actors and verbs to code anything):
//!
//! - `actors.tsv` — `phrases  code  from  to  source_line`: one row per code of an actor;
//!   consecutive rows with the same `phrases` and `source_line` are one actor.
//! - `agents.tsv` — `phrases  code  place  source_line` with `place` `suffix` or `prefix`.
//! - `discards.tsv` — `phrase  scope  source_line` with `scope` `sentence` or `story`.
//! - `synsets.tsv` — `set  members`.
//! - `verbs.tsv` — `verb  kind  code  reverse  forms  source_line`, `kind` `default` (the verb's own
//!   code, first row of each verb) or `forms` (one word of the verb with all its forms).
//! - `patterns.tsv` — `verb  code  reverse  pattern  source_line`.
//!
//! Phrases are written as matching keys separated by spaces; `..` between two words allows up to
//! two words between them. Patterns are tokens separated by spaces, with slots `{verb}`, `{source}`,
//! `{target}`, `{compound}`, `{skip}` and synonym sets `{set:NAME}`; `..` between two elements allows
//! any words between them, a plain space none. A token written with a leading `\` is literal.

use crate::dict::{Actor, Agent, AgentPlace, Block, DatedCode, Dicts, Discard, Elem, EventCode, Issue, PElem, Pattern, Verb, Verbs, Word};
use chrono::NaiveDate;
use std::collections::HashMap;
use std::fmt::Write;
use std::path::Path;

/// The manifest file of a dyad lexicon folder.
pub const MANIFEST: &str = "lexicon.toml";
/// The files [`write`] produces besides the manifest, in reading order.
pub const FILES: &[&str] = &["synsets.tsv", "verbs.tsv", "patterns.tsv", "actors.tsv", "agents.tsv", "discards.tsv"];

/// The `assembly` a manifest declares (`None` when the file has no such line).
pub fn manifest_assembly(text: &str) -> Option<String> {
    for l in text.lines() {
        let l = l.split('#').next().unwrap_or("").trim();
        if let Some((k, v)) = l.split_once('=') {
            if k.trim() == "assembly" {
                return Some(v.trim().trim_matches('"').trim().to_string());
            }
        }
    }
    None
}

/// Whether `dir` holds a dyad lexicon whose manifest says `assembly = "petrarch"`.
pub fn is_petrarch_lexicon(dir: &Path) -> bool {
    std::fs::read_to_string(dir.join(MANIFEST)).ok().and_then(|t| manifest_assembly(&t)).is_some_and(|a| a == "petrarch")
}

// ---------------------------------------------------------------------------------------------
// Writing

/// The files of an imported lexicon (paths relative to its folder) and notes on the conversion.
#[derive(Debug, Default)]
pub struct Written {
    pub files: Vec<(String, String)>,
    pub notes: Vec<String>,
}

/// Whether a key, written bare, would read back as itself.
fn bare_ok(k: &str) -> bool {
    !(k.is_empty() || k == ".." || k.starts_with(['{', '\\', '#']) || k.contains(['|', '\t', '\n', ' '])) && dyad_text::phrase_keys(k).as_slice() == [k]
}

fn esc(k: &str) -> String {
    if bare_ok(k) {
        k.to_string()
    } else {
        // A literal token: the reader takes what follows the backslash as the key. Keys never hold
        // white space (they come from the tokenizer); `|` is protected by the backslash.
        format!("\\{k}")
    }
}

fn write_phrase(words: &[Word]) -> String {
    let mut s = String::new();
    for (i, w) in words.iter().enumerate() {
        s.push_str(&esc(&w.key));
        if i + 1 < words.len() {
            s.push_str(if w.joined { " " } else { " .. " });
        }
    }
    s
}

fn write_keys(keys: &[String]) -> String {
    keys.iter().map(|k| esc(k)).collect::<Vec<_>>().join(" ")
}

fn write_elem(e: &Elem) -> String {
    match e {
        Elem::Word(w) => esc(w),
        Elem::Syn(s) => format!("{{set:{}}}", s.trim_start_matches('&')),
        Elem::Source => "{source}".into(),
        Elem::Target => "{target}".into(),
        Elem::Compound => "{compound}".into(),
        Elem::Skip => "{skip}".into(),
        Elem::Verb => "{verb}".into(),
    }
}

/// A pattern as tokens: the elements before the verb, `{verb}`, the elements after it.
pub fn write_pattern(p: &Pattern) -> String {
    let mut all: Vec<(String, bool)> = p.before.iter().map(|e| (write_elem(&e.elem), e.joined)).collect();
    all.push(("{verb}".into(), p.verb_joined));
    all.extend(p.after.iter().map(|e| (write_elem(&e.elem), e.joined)));
    let mut s = String::new();
    for (i, (t, joined)) in all.iter().enumerate() {
        s.push_str(t);
        if i + 1 < all.len() {
            s.push_str(if *joined { " " } else { " .. " });
        }
    }
    s
}

fn code_cells(c: &EventCode) -> (String, String) {
    (c.fwd.clone().unwrap_or_else(|| "---".into()), c.rev.clone().unwrap_or_default())
}

fn date_cell(d: Option<NaiveDate>) -> String {
    d.map(|d| d.format("%Y-%m-%d").to_string()).unwrap_or_default()
}

/// Converts dictionaries into dyad-format files. `origin` names where they came from (for headers).
pub fn write(d: &Dicts, origin: &str) -> Written {
    let mut w = Written::default();
    let origin = origin.replace(['\n', '\t', '"'], " ");
    let head = |what: &str, cols: &str, more: &str| {
        format!("# {what} for the PETRARCH assembly (docs/petrarch-import.md), imported by `dyad lexicon import` from {origin}.\n# Columns: {cols}\n{more}")
    };
    w.files.push((
        MANIFEST.into(),
        format!(
            "# A dyad lexicon coded with the PETRARCH assembly (docs/petrarch-import.md).\n# `dyad code --lexicon DIR --lexicon-only` codes with it; `dyad lexicon import` wrote it.\nformat = \"dyad-lexicon\"\nversion = 1\nassembly = \"petrarch\"\nimported_from = \"{origin}\"\n"
        ),
    ));
    // Synonym sets, sorted by name.
    let mut syn = head("Synonym sets", "set\tmembers", "# members: phrases separated by |; patterns refer to a set as {set:NAME}.\n");
    let mut names: Vec<&String> = d.verbs.synsets.keys().collect();
    names.sort();
    for n in names {
        let members: Vec<String> = d.verbs.synsets[n].iter().map(|m| write_keys(m)).collect();
        let _ = writeln!(syn, "{}\t{}", n.trim_start_matches('&'), members.join("|"));
    }
    w.files.push(("synsets.tsv".into(), syn));
    // Verbs: ids are the block names; a name used by several blocks gets `#2`, `#3`... from its
    // second use on (the reader drops the suffix again).
    let mut ids: Vec<String> = Vec::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    for b in &d.verbs.blocks {
        let base = b.name.trim();
        let base = if base.is_empty() || base.contains(['\t', '\n']) { "VERB".to_string() } else { base.to_string() };
        let n = seen.entry(base.clone()).or_insert(0);
        *n += 1;
        let id = if *n == 1 { base.clone() } else { format!("{base}#{n}") };
        if base != b.name {
            w.notes.push(format!("verb block {:?} (line {}) written as verb {id}", b.name, b.line));
        }
        ids.push(id);
    }
    let mut verbs = head(
        "Verbs",
        "verb\tkind\tcode\treverse\tforms\tsource_line",
        "# kind default: the verb's own code (first row of each verb); kind forms: one word of the verb, every form\n# separated by |, with its own code (empty: the default). code --- = no event; reverse: the code with source\n# and target swapped (PETRARCH's paired codes).\n",
    );
    let mut by_block: Vec<Vec<&Verb>> = vec![Vec::new(); d.verbs.blocks.len()];
    let mut order_ok = true;
    let mut last_block = 0;
    for v in &d.verbs.verbs {
        if v.block < last_block {
            order_ok = false;
        }
        last_block = v.block;
        by_block[v.block].push(v);
    }
    if !order_ok {
        // Verb entries of one block come together in the files; a dictionary that interleaves
        // blocks would read back in another order (same matches, different entry order).
        w.notes.push("verb entries of different blocks interleave; written grouped by block".into());
    }
    let mut pats = head(
        "Verb patterns",
        "verb\tcode\treverse\tpattern\tsource_line",
        "# pattern: tokens; {verb} the verb, {source} {target} {compound} {skip} slots, {set:NAME} a synonym set;\n# `..` between two elements: any words may come between them; a plain space: none.\n",
    );
    for (bi, b) in d.verbs.blocks.iter().enumerate() {
        let (c, r) = code_cells(&b.code);
        let _ = writeln!(verbs, "{}\tdefault\t{c}\t{r}\t\t{}", ids[bi], b.line);
        for v in &by_block[bi] {
            let (c, r) = v.code.as_ref().map(code_cells).unwrap_or_default();
            let forms: Vec<String> = v.forms.iter().map(|f| write_keys(f)).collect();
            let _ = writeln!(verbs, "{}\tforms\t{c}\t{r}\t{}\t{}", ids[bi], forms.join("|"), v.line);
        }
        for p in &b.patterns {
            let (c, r) = code_cells(&p.code);
            let _ = writeln!(pats, "{}\t{c}\t{r}\t{}\t{}", ids[bi], write_pattern(p), p.line);
        }
    }
    w.files.push(("verbs.tsv".into(), verbs));
    w.files.push(("patterns.tsv".into(), pats));
    // Actors.
    let mut actors = head(
        "Actors",
        "phrases\tcode\tfrom\tto\tsource_line",
        "# One row per code of an actor; consecutive rows with the same phrases and source_line are one actor.\n# phrases: separated by |; `..` between two words lets up to two words come between them. code: a CAMEO\n# actor code (A/B: several). from/to: first and last day (inclusive) the code applies; none: the default.\n",
    );
    for a in &d.actors {
        let phrases: Vec<String> = a.phrases.iter().map(|p| write_phrase(p)).collect();
        let phrases = phrases.join("|");
        for c in &a.codes {
            let _ = writeln!(actors, "{phrases}\t{}\t{}\t{}\t{}", c.code, date_cell(c.from), date_cell(c.to), a.line);
        }
    }
    w.files.push(("actors.tsv".into(), actors));
    let mut agents = head(
        "Agents",
        "phrases\tcode\tplace\tsource_line",
        "# place suffix: the code goes after the actor's code (USA + GOV = USAGOV); prefix: before it.\n",
    );
    for a in &d.agents {
        let phrases: Vec<String> = a.phrases.iter().map(|p| write_phrase(p)).collect();
        let place = match a.place {
            AgentPlace::Suffix => "suffix",
            AgentPlace::Prefix => "prefix",
        };
        let _ = writeln!(agents, "{}\t{}\t{place}\t{}", phrases.join("|"), a.code, a.line);
    }
    w.files.push(("agents.tsv".into(), agents));
    let mut discards = head("Discards", "phrase\tscope\tsource_line", "# scope sentence: the sentence is not coded; story: the whole document is not.\n");
    for x in &d.discards {
        let _ = writeln!(discards, "{}\t{}\t{}", write_keys(&x.words.iter().map(|w| w.key.clone()).collect::<Vec<_>>()), if x.story { "story" } else { "sentence" }, x.line);
    }
    w.files.push(("discards.tsv".into(), discards));
    w
}

// ---------------------------------------------------------------------------------------------
// Reading

struct Iss<'a> {
    file: &'a str,
    out: &'a mut Vec<Issue>,
}

impl Iss<'_> {
    fn err(&mut self, line: usize, m: impl Into<String>) {
        self.out.push(Issue { file: self.file.to_string(), line, message: m.into(), error: true });
    }
    fn warn(&mut self, line: usize, m: impl Into<String>) {
        self.out.push(Issue { file: self.file.to_string(), line, message: m.into(), error: false });
    }
}

/// Data rows of a file: (line number, cells). Comments and blank lines are skipped.
fn rows(text: &str) -> impl Iterator<Item = (usize, Vec<&str>)> {
    text.lines().enumerate().filter_map(|(n, l)| {
        let l = l.trim_end_matches('\r');
        if l.trim().is_empty() || l.starts_with('#') {
            None
        } else {
            Some((n + 1, l.split('\t').collect()))
        }
    })
}

fn cell<'a>(c: &[&'a str], i: usize) -> &'a str {
    c.get(i).map(|s| s.trim()).unwrap_or("")
}

/// Splits a cell on `|` not preceded by a backslash.
fn split_bar(s: &str) -> Vec<String> {
    let mut out = vec![String::new()];
    let mut chars = s.chars();
    while let Some(ch) = chars.next() {
        match ch {
            '\\' => {
                out.last_mut().unwrap().push(ch);
                if let Some(n) = chars.next() {
                    out.last_mut().unwrap().push(n);
                }
            }
            '|' => out.push(String::new()),
            _ => out.last_mut().unwrap().push(ch),
        }
    }
    out
}

/// A written token → a key: `\x` is literal `x`; anything else is keyed like document text when
/// it makes one key (so hand-written `Kyiv` matches as `kyiv`), else taken as written.
fn key_of(tok: &str) -> String {
    if let Some(t) = tok.strip_prefix('\\') {
        return t.to_string();
    }
    let mut k = dyad_text::phrase_keys(tok);
    if k.len() == 1 {
        k.pop().unwrap()
    } else {
        tok.to_string()
    }
}

/// A phrase with `..` gaps → words.
fn read_phrase(s: &str, gaps: bool) -> Result<Vec<Word>, String> {
    let mut words: Vec<Word> = Vec::new();
    for t in s.split_whitespace() {
        if t == ".." {
            if !gaps {
                return Err(format!("`..` is not allowed in {s:?}"));
            }
            match words.last_mut() {
                Some(w) if w.joined => w.joined = false,
                _ => return Err(format!("`..` must stand between two words in {s:?}")),
            }
            continue;
        }
        words.push(Word { key: key_of(t), joined: true });
    }
    match words.last_mut() {
        Some(w) if w.joined => w.joined = false,
        Some(_) => return Err(format!("`..` must stand between two words in {s:?}")),
        None => return Err("empty phrase".into()),
    }
    Ok(words)
}

fn read_keys(s: &str) -> Result<Vec<String>, String> {
    let mut out = Vec::new();
    for t in s.split_whitespace() {
        if t == ".." {
            return Err(format!("`..` is not allowed in {s:?}"));
        }
        out.push(key_of(t));
    }
    if out.is_empty() {
        return Err("empty phrase".into());
    }
    Ok(out)
}

fn read_phrases(s: &str, gaps: bool) -> Result<Vec<Vec<Word>>, String> {
    split_bar(s).iter().map(|p| read_phrase(p, gaps)).collect()
}

/// The entry's own line: `source_line` if given, else the row's line.
fn line_of(c: &str, row: usize) -> Result<usize, String> {
    if c.is_empty() {
        Ok(row)
    } else {
        c.parse().map_err(|_| format!("source_line {c:?} is not a number"))
    }
}

fn one_code(x: &str) -> Result<Option<String>, String> {
    if x == "---" || x.is_empty() {
        Ok(None)
    } else if x.chars().all(|c| c.is_ascii_alphanumeric() || "#+?".contains(c)) {
        Ok(Some(x.to_string()))
    } else {
        Err(format!("bad event code {x:?}"))
    }
}

/// `code`/`reverse` cells → an event code; `None` when both are empty.
fn read_code(code: &str, rev: &str) -> Result<Option<EventCode>, String> {
    if code.is_empty() {
        return if rev.is_empty() { Ok(None) } else { Err("a reverse code needs a code (--- for none)".into()) };
    }
    Ok(Some(EventCode { fwd: one_code(code)?, rev: one_code(rev)? }))
}

fn read_date(s: &str) -> Result<Option<NaiveDate>, String> {
    if s.is_empty() {
        return Ok(None);
    }
    NaiveDate::parse_from_str(s, "%Y-%m-%d").map(Some).map_err(|_| format!("bad date {s:?} (YYYY-MM-DD)"))
}

fn read_actors(text: &str, file: &str, out: &mut Vec<Actor>, issues: &mut Vec<Issue>) {
    let mut iss = Iss { file, out: issues };
    let mut last: Option<(String, String)> = None;
    for (ln, c) in rows(text) {
        let r = (|| -> Result<(Vec<Vec<Word>>, DatedCode, usize), String> {
            let phrases = read_phrases(cell(&c, 0), true)?;
            let code = cell(&c, 1).to_uppercase();
            if code.is_empty() || !code.chars().all(|ch| ch.is_ascii_alphanumeric() || "-#+/".contains(ch)) {
                return Err(format!("bad actor code {:?}", cell(&c, 1)));
            }
            let (from, to) = (read_date(cell(&c, 2))?, read_date(cell(&c, 3))?);
            if let (Some(f), Some(t)) = (from, to) {
                if t < f {
                    return Err("`to` is before `from`".into());
                }
            }
            Ok((phrases, DatedCode { code, from, to }, line_of(cell(&c, 4), ln)?))
        })();
        match r {
            Ok((phrases, code, line)) => {
                let key = (cell(&c, 0).to_string(), cell(&c, 4).to_string());
                if last.as_ref() == Some(&key) {
                    out.last_mut().unwrap().codes.push(code);
                } else {
                    out.push(Actor { phrases, codes: vec![code], line });
                    last = Some(key);
                }
            }
            Err(e) => iss.err(ln, e),
        }
    }
}

fn read_agents(text: &str, file: &str, out: &mut Vec<Agent>, issues: &mut Vec<Issue>) {
    let mut iss = Iss { file, out: issues };
    for (ln, c) in rows(text) {
        let r = (|| -> Result<Agent, String> {
            let phrases = read_phrases(cell(&c, 0), true)?;
            let code = cell(&c, 1).to_uppercase();
            if code.is_empty() || !code.chars().all(|ch| ch.is_ascii_alphanumeric()) {
                return Err(format!("bad agent code {:?}", cell(&c, 1)));
            }
            let place = match cell(&c, 2) {
                "suffix" | "" => AgentPlace::Suffix,
                "prefix" => AgentPlace::Prefix,
                p => return Err(format!("place {p:?} is neither suffix nor prefix")),
            };
            Ok(Agent { phrases, code, place, line: line_of(cell(&c, 3), ln)? })
        })();
        match r {
            Ok(a) => out.push(a),
            Err(e) => iss.err(ln, e),
        }
    }
}

fn read_discards(text: &str, file: &str, out: &mut Vec<Discard>, issues: &mut Vec<Issue>) {
    let mut iss = Iss { file, out: issues };
    for (ln, c) in rows(text) {
        let r = (|| -> Result<Discard, String> {
            let words = read_keys(cell(&c, 0))?.into_iter().map(|key| Word { key, joined: true }).collect();
            let story = match cell(&c, 1) {
                "sentence" | "" => false,
                "story" => true,
                s => return Err(format!("scope {s:?} is neither sentence nor story")),
            };
            Ok(Discard { words, story, line: line_of(cell(&c, 2), ln)? })
        })();
        match r {
            Ok(d) => out.push(d),
            Err(e) => iss.err(ln, e),
        }
    }
}

fn set_name(s: &str) -> Result<String, String> {
    let s = s.trim().trim_start_matches('&');
    if s.is_empty() || s.contains(char::is_whitespace) || s.contains(['{', '}', '|']) {
        return Err(format!("bad synonym set name {s:?}"));
    }
    Ok(format!("&{}", s.to_uppercase()))
}

fn read_synsets(text: &str, file: &str, out: &mut Verbs, issues: &mut Vec<Issue>) {
    let mut iss = Iss { file, out: issues };
    for (ln, c) in rows(text) {
        let r = (|| -> Result<(String, Vec<Vec<String>>), String> {
            let name = set_name(cell(&c, 0))?;
            let m = cell(&c, 1);
            let members = if m.is_empty() { Vec::new() } else { split_bar(m).iter().map(|p| read_keys(p)).collect::<Result<_, _>>()? };
            Ok((name, members))
        })();
        match r {
            Ok((n, m)) => {
                if out.synsets.insert(n.clone(), m).is_some() {
                    iss.err(ln, format!("synonym set {} defined twice (this row replaces the earlier one)", n.trim_start_matches('&')));
                }
            }
            Err(e) => iss.err(ln, e),
        }
    }
}

/// A pattern; `unknown` collects synonym sets it names that are not defined (such a pattern is
/// kept, as the PETRARCH reader keeps it, and never matches).
fn read_pattern(s: &str, synsets: &HashMap<String, Vec<Vec<String>>>, unknown: &mut Vec<String>) -> Result<Pattern, String> {
    let mut elems: Vec<PElem> = Vec::new();
    for t in s.split_whitespace() {
        if t == ".." {
            match elems.last_mut() {
                Some(e) if e.joined => e.joined = false,
                _ => return Err(format!("`..` must stand between two elements in {s:?}")),
            }
            continue;
        }
        let elem = if let Some(inner) = t.strip_prefix('{').and_then(|x| x.strip_suffix('}')) {
            match inner {
                "verb" => Elem::Verb,
                "source" => Elem::Source,
                "target" => Elem::Target,
                "compound" => Elem::Compound,
                "skip" => Elem::Skip,
                _ => match inner.strip_prefix("set:") {
                    Some(n) => {
                        let n = set_name(n)?;
                        if !synsets.contains_key(&n) {
                            unknown.push(n.trim_start_matches('&').to_string());
                        }
                        Elem::Syn(n)
                    }
                    None => return Err(format!("unknown slot {t:?} (verb, source, target, compound, skip, set:NAME)")),
                },
            }
        } else if t.starts_with('{') {
            return Err(format!("unclosed slot {t:?}"));
        } else {
            Elem::Word(key_of(t))
        };
        elems.push(PElem { elem, joined: true });
    }
    match elems.last_mut() {
        Some(e) if e.joined => e.joined = false,
        Some(_) => return Err(format!("`..` must stand between two elements in {s:?}")),
        None => return Err("empty pattern".into()),
    }
    let verbs: Vec<usize> = elems.iter().enumerate().filter(|(_, e)| e.elem == Elem::Verb).map(|(i, _)| i).collect();
    if verbs.len() != 1 {
        return Err(format!("a pattern needs exactly one {{verb}}: {s:?}"));
    }
    let v = verbs[0];
    Ok(Pattern { verb_joined: elems[v].joined, before: elems[..v].to_vec(), after: elems[v + 1..].to_vec(), code: EventCode { fwd: None, rev: None }, line: 0 })
}

fn read_verbs(text: &str, file: &str, out: &mut Verbs, ids: &mut HashMap<String, usize>, issues: &mut Vec<Issue>) {
    let mut iss = Iss { file, out: issues };
    for (ln, c) in rows(text) {
        let id = cell(&c, 0);
        let r = (|| -> Result<(), String> {
            if id.is_empty() {
                return Err("no verb id".into());
            }
            let line = line_of(cell(&c, 5), ln)?;
            let code = read_code(cell(&c, 2), cell(&c, 3))?;
            match cell(&c, 1) {
                "default" => {
                    if ids.contains_key(id) {
                        return Err(format!("verb {id} has a second default row"));
                    }
                    let code = code.unwrap_or(EventCode { fwd: None, rev: None });
                    // `NAME#2`: the second verb named NAME.
                    let name = match id.rsplit_once('#') {
                        Some((n, k)) if !n.is_empty() && !k.is_empty() && k.bytes().all(|b| b.is_ascii_digit()) => n,
                        _ => id,
                    };
                    out.blocks.push(Block { name: name.to_string(), code, patterns: Vec::new(), line });
                    ids.insert(id.to_string(), out.blocks.len() - 1);
                }
                "forms" => {
                    let Some(&block) = ids.get(id) else {
                        return Err(format!("verb {id} has no default row before this one"));
                    };
                    let forms: Vec<Vec<String>> = split_bar(cell(&c, 4)).iter().map(|f| read_keys(f)).collect::<Result<_, _>>()?;
                    out.verbs.push(Verb { forms, code, block, line });
                }
                k => return Err(format!("kind {k:?} is neither default nor forms")),
            }
            Ok(())
        })();
        if let Err(e) = r {
            iss.err(ln, e);
        }
    }
}

fn read_patterns(text: &str, file: &str, out: &mut Verbs, ids: &HashMap<String, usize>, issues: &mut Vec<Issue>) {
    let mut iss = Iss { file, out: issues };
    for (ln, c) in rows(text) {
        let mut unknown = Vec::new();
        let r = (|| -> Result<(usize, Pattern), String> {
            let id = cell(&c, 0);
            let Some(&block) = ids.get(id) else {
                return Err(format!("unknown verb {id:?} (verbs.tsv has no default row for it)"));
            };
            let code = read_code(cell(&c, 1), cell(&c, 2))?.ok_or("a pattern needs a code (--- for no event)")?;
            let mut p = read_pattern(cell(&c, 3), &out.synsets, &mut unknown)?;
            p.code = code;
            p.line = line_of(cell(&c, 4), ln)?;
            Ok((block, p))
        })();
        match r {
            Ok((b, p)) => {
                for n in unknown {
                    iss.warn(ln, format!("unknown synonym set {n}: the pattern never matches"));
                }
                out.blocks[b].patterns.push(p)
            }
            Err(e) => iss.err(ln, e),
        }
    }
}

/// Reads the files of a PETRARCH-assembly lexicon, given as (file name, text) with names as in
/// [`FILES`] (a leading folder is ignored; messages name the file as given). Malformed rows are
/// reported with file and line and skipped; the rest loads.
pub fn read(files: &[(String, String)]) -> (Dicts, Vec<Issue>) {
    let mut d = Dicts::default();
    let mut issues = Vec::new();
    let get = |n: &str| files.iter().find(|(p, _)| p.rsplit(['/', '\\']).next() == Some(n));
    let mut ids = HashMap::new();
    for &n in FILES {
        let Some((name, text)) = get(n) else { continue };
        match n {
            "synsets.tsv" => read_synsets(text, name, &mut d.verbs, &mut issues),
            "verbs.tsv" => read_verbs(text, name, &mut d.verbs, &mut ids, &mut issues),
            "patterns.tsv" => read_patterns(text, name, &mut d.verbs, &ids, &mut issues),
            "actors.tsv" => read_actors(text, name, &mut d.actors, &mut issues),
            "agents.tsv" => read_agents(text, name, &mut d.agents, &mut issues),
            "discards.tsv" => read_discards(text, name, &mut d.discards, &mut issues),
            _ => unreachable!(),
        }
    }
    (d, issues)
}

/// Loads a PETRARCH-assembly lexicon folder (see [`is_petrarch_lexicon`]). With `strict`, any
/// error is a failure.
pub fn load_dir(dir: &Path, strict: bool) -> Result<(Dicts, Vec<Issue>), String> {
    if !is_petrarch_lexicon(dir) {
        return Err(format!("{}: no {MANIFEST} saying assembly = \"petrarch\"", dir.display()));
    }
    let mut files = Vec::new();
    for &n in FILES {
        let p = dir.join(n);
        if p.is_file() {
            let bytes = std::fs::read(&p).map_err(|e| format!("{}: {e}", p.display()))?;
            files.push((p.display().to_string(), String::from_utf8_lossy(&bytes).into_owned()));
        }
    }
    let (d, issues) = read(&files);
    crate::dict::fail_if_strict(&issues, strict)?;
    Ok((d, issues))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dict::Kind;

    fn sample() -> Dicts {
        let mut d = Dicts::default();
        d.add(Kind::Actors, "GOLLUM\n+SMEAGOL\n\t[HOB < 950601]\n\t[HOBGOV 19950601 - 19990815]\n\t[HOBREB]\nTHE_SHIRE [FRO/BIL]\nABU ABBAS_ [PSE]\n", "a");
        d.add(Kind::Agents, "SOLDIER [~MILARM]\nMSF {} [NGO~]\n", "g");
        d.add(Kind::Discards, "MONTHS LATER\n+TYPHOON\n", "x");
        d.add(Kind::Verbs, "&MONEY\n+DOLLARS\n+SWISS FRANCS\n--- BREAK [1717] ---\nBREAK {BROKE BROKEN}\nWIRE_+TAP [---]\n- * OFF_ TIES [195]\n- * &MONEY [071:072]\n- + * IN $ [075]\n- $ ^ FOR_* [164]\n--- OFFEND [:110] ---\nOFFEND\n", "v");
        d
    }

    #[test]
    fn round_trip_is_exact() {
        let d = sample();
        let w = write(&d, "test");
        let (back, issues) = read(&w.files);
        assert!(issues.is_empty(), "{issues:?}");
        assert_eq!(back, d);
        let verbs = &w.files.iter().find(|(n, _)| n == "patterns.tsv").unwrap().1;
        assert!(verbs.contains("BREAK\t195\t\t{verb} .. off .. ties\t"), "{verbs}");
        assert!(verbs.contains("BREAK\t071\t072\t{verb} .. {set:MONEY}\t"), "{verbs}");
        assert!(verbs.contains("BREAK\t164\t\t{source} .. {skip} .. for {verb}\t"), "{verbs}");
        let actors = &w.files.iter().find(|(n, _)| n == "actors.tsv").unwrap().1;
        assert!(actors.contains("gollum|smeagol\tHOB\t\t1995-05-31\t1\n"), "{actors}");
        assert!(actors.contains("abu .. abbas\tPSE\t"), "{actors}");
    }

    #[test]
    fn malformed_rows_are_reported_with_file_and_line() {
        let files = vec![
            ("l/synsets.tsv".to_string(), "# c\nMONEY\tdollars|euros\n".to_string()),
            ("l/verbs.tsv".to_string(), "BREAK\tdefault\t1717\n BAD\tforms\t\t\tbreak\nBREAK\tforms\tx!\t\tbreak\nBREAK\tforms\t\t\tbreak|breaks\n".to_string()),
            ("l/patterns.tsv".to_string(), "BREAK\t195\t\t{verb} .. off\nBREAK\t195\t\t{verb} {set:NOPE} {bad}\nBREAK\t195\t\toff\nNOVERB\t1\t\t{verb}\nBREAK\t\t\t{verb} x\n".to_string()),
            ("l/actors.tsv".to_string(), "Kyiv\tUKR\nx\tUKR\t2020-13-01\n.. x\tUKR\n".to_string()),
            ("l/agents.tsv".to_string(), "police\tCOP\tmiddle\n".to_string()),
        ];
        let (d, issues) = read(&files);
        let at: Vec<String> = issues.iter().map(|i| format!("{}:{}", i.file, i.line)).collect();
        assert_eq!(at, ["l/verbs.tsv:2", "l/verbs.tsv:3", "l/patterns.tsv:2", "l/patterns.tsv:3", "l/patterns.tsv:4", "l/patterns.tsv:5", "l/actors.tsv:2", "l/actors.tsv:3", "l/agents.tsv:1"], "{issues:?}");
        assert_eq!(d.verbs.verbs.len(), 1);
        assert_eq!(d.verbs.blocks[0].patterns.len(), 1);
        assert_eq!(d.actors.len(), 1);
        assert_eq!(d.actors[0].phrases[0][0].key, "kyiv");
        assert_eq!(d.actors[0].line, 1);
    }

    #[test]
    fn manifest() {
        assert_eq!(manifest_assembly("# x\nformat = \"dyad-lexicon\"\nassembly = \"petrarch\" # y\n").as_deref(), Some("petrarch"));
        assert_eq!(manifest_assembly("assembly = dyad\n").as_deref(), Some("dyad"));
        assert_eq!(manifest_assembly("format = 1\n"), None);
    }
}
