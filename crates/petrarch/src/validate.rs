//! PETRARCH validation files (`PETR.UnitTest.records.xml`): reading and running them.
//!
//! The file's `<Environment>` names the dictionaries; `<Config option= value=>` tags between records
//! change options for the records after them; `<Sentence valid="false">` records are skipped. A
//! record passes when the set of (source, target, event code) coded from its `<Text>` equals the
//! expected set; `noevents` expects nothing; `error="sentencediscard"`/`"storydiscard"` expects that
//! discard to fire. The `<Parse>` trees are never read.

use crate::coder::{Options, PetrarchCoder};
use crate::dict::{Dicts, Issue, Kind};
use chrono::NaiveDate;
use dyad_model::Document;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, PartialEq)]
pub enum Expect {
    Events(BTreeSet<(String, String, String)>),
    SentenceDiscard,
    StoryDiscard,
    /// Another error kind (about the parse tree or the dateline of the original file).
    OtherError(String),
}

#[derive(Debug, Clone)]
pub struct Record {
    pub id: String,
    pub date: Option<NaiveDate>,
    pub valid: bool,
    pub text: String,
    pub expect: Expect,
    /// Options in force for this record.
    pub opts: Options,
    pub line: usize,
}

#[derive(Debug, Clone, Default)]
pub struct ValidationFile {
    pub verbfile: Option<String>,
    pub actorfiles: Vec<String>,
    pub agentfile: Option<String>,
    pub discardfile: Option<String>,
    pub records: Vec<Record>,
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&apos;", "'").replace("&amp;", "&")
}

/// Attributes of a tag body (`a="x" b = 'y'`).
pub fn attrs(s: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        while i < b.len() && !(b[i].is_ascii_alphabetic() || b[i] == b'_') {
            i += 1;
        }
        let ns = i;
        while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'_' || b[i] == b'-') {
            i += 1;
        }
        let name = &s[ns..i];
        while i < b.len() && b[i] == b' ' {
            i += 1;
        }
        if i >= b.len() || b[i] != b'=' {
            continue;
        }
        i += 1;
        while i < b.len() && b[i].is_ascii_whitespace() {
            i += 1;
        }
        if i >= b.len() {
            break;
        }
        let q = b[i];
        if q != b'"' && q != b'\'' {
            continue;
        }
        let vs = i + 1;
        let Some(ve) = s[vs..].find(q as char).map(|j| vs + j) else { break };
        out.push((name.to_string(), unescape(&s[vs..ve])));
        i = ve + 1;
    }
    out
}

fn get<'a>(a: &'a [(String, String)], k: &str) -> Option<&'a str> {
    a.iter().find(|(n, _)| n.eq_ignore_ascii_case(k)).map(|(_, v)| v.as_str())
}

fn inner<'a>(s: &'a str, tag: &str) -> Option<&'a str> {
    let o = s.find(&format!("<{tag}>"))? + tag.len() + 2;
    let c = s[o..].find(&format!("</{tag}>"))? + o;
    Some(&s[o..c])
}

fn parse_bool(v: &str) -> Option<bool> {
    match v.trim().to_ascii_lowercase().as_str() {
        "true" => Some(true),
        "false" => Some(false),
        _ => None,
    }
}

/// Applies a `<Config option= value=>`; returns an error message for an unknown or bad option.
pub fn apply_config(opts: &mut Options, option: &str, value: &str) -> Result<(), String> {
    match option {
        "require_dyad" => opts.require_dyad = parse_bool(value).ok_or_else(|| format!("require_dyad: bad value {value:?}"))?,
        "new_actor_length" => opts.new_actor_length = value.trim().parse().map_err(|_| format!("new_actor_length: bad value {value:?}"))?,
        "comma_min" | "comma_max" | "comma_bmin" | "comma_bmax" | "comma_emin" | "comma_emax" => {
            let n: usize = value.trim().parse().map_err(|_| format!("{option}: bad value {value:?}"))?;
            match option {
                "comma_min" => opts.comma_min = n,
                "comma_max" => opts.comma_max = n,
                "comma_bmin" => opts.comma_bmin = n,
                "comma_bmax" => opts.comma_bmax = n,
                "comma_emin" => opts.comma_emin = n,
                _ => opts.comma_emax = n,
            }
        }
        // Stops a PETRARCH run at the first error; nothing to do here.
        "stop_on_error" => {}
        _ => return Err(format!("unknown option {option:?}")),
    }
    Ok(())
}

/// Reads a validation file.
pub fn read(text: &str) -> (ValidationFile, Vec<String>) {
    let mut vf = ValidationFile::default();
    let mut warnings = Vec::new();
    if let Some(env) = inner(text, "Environment") {
        vf.verbfile = inner(env, "Verbfile").map(|s| s.trim().to_string());
        let mut rest = env;
        while let Some(a) = inner(rest, "Actorfile") {
            vf.actorfiles.extend(a.split(',').map(|s| s.trim().to_string()).filter(|s| !s.is_empty()));
            rest = &rest[rest.find("</Actorfile>").unwrap() + 12..];
        }
        vf.agentfile = inner(env, "Agentfile").map(|s| s.trim().to_string());
        vf.discardfile = inner(env, "Discardfile").map(|s| s.trim().to_string());
    }
    let start = text.find("</Environment>").map_or(0, |i| i + 14);
    let mut opts = Options::default();
    let mut pos = start;
    let line_of = |p: usize| text[..p].bytes().filter(|&b| b == b'\n').count() + 1;
    loop {
        let next_cfg = text[pos..].find("<Config").map(|i| pos + i);
        let next_sent = text[pos..].find("<Sentence ").map(|i| pos + i);
        let next_comment = text[pos..].find("<!--").map(|i| pos + i);
        let Some(first) = [next_cfg, next_sent, next_comment].into_iter().flatten().min() else { break };
        if Some(first) == next_comment {
            pos = text[first..].find("-->").map_or(text.len(), |j| first + j + 3);
            continue;
        }
        let tag_end = text[first..].find('>').map_or(text.len(), |j| first + j);
        let tag = &text[first + 1..tag_end];
        if Some(first) == next_cfg {
            let a = attrs(tag);
            if let (Some(o), Some(v)) = (get(&a, "option"), get(&a, "value")) {
                if let Err(e) = apply_config(&mut opts, o, v) {
                    warnings.push(format!("line {}: {e}", line_of(first)));
                }
            }
            pos = tag_end + 1;
            continue;
        }
        let Some(close) = text[tag_end..].find("</Sentence>").map(|j| tag_end + j) else { break };
        let body = &text[tag_end + 1..close];
        let a = attrs(tag);
        let id = get(&a, "id").unwrap_or("?").to_string();
        let date = get(&a, "date").and_then(crate::dict::parse_date);
        let valid = get(&a, "valid").is_none_or(|v| parse_bool(v).unwrap_or(true));
        let text_s = inner(body, "Text").map(|t| unescape(&t.split_whitespace().collect::<Vec<_>>().join(" "))).unwrap_or_default();
        let mut events = BTreeSet::new();
        let mut expect = None;
        let mut rest = body;
        while let Some(i) = rest.find("<EventCoding") {
            let e = rest[i..].find('>').map_or(rest.len(), |j| i + j);
            let ea = attrs(&rest[i + 12..e]);
            if let Some(err) = get(&ea, "error") {
                expect = Some(match err {
                    "sentencediscard" => Expect::SentenceDiscard,
                    "storydiscard" => Expect::StoryDiscard,
                    other => Expect::OtherError(other.to_string()),
                });
            } else if get(&ea, "noevents").is_some() {
                expect = Some(Expect::Events(BTreeSet::new()));
            } else if let (Some(s), Some(t), Some(c)) = (get(&ea, "sourcecode"), get(&ea, "targetcode"), get(&ea, "eventcode")) {
                events.insert((s.to_string(), t.to_string(), c.to_string()));
            }
            rest = &rest[e..];
        }
        let expect = expect.unwrap_or(Expect::Events(events));
        vf.records.push(Record { id, date, valid, text: text_s, expect, opts: opts.clone(), line: line_of(first) });
        pos = close + 11;
    }
    (vf, warnings)
}

impl ValidationFile {
    /// Loads the dictionaries named in `<Environment>`, from `dir` (the validation file's folder
    /// unless `--dicts` says otherwise).
    pub fn load_dicts(&self, dir: &Path, strict: bool) -> Result<(Dicts, Vec<Issue>), String> {
        let mut d = Dicts::default();
        let mut issues = Vec::new();
        if crate::dyadfmt::is_petrarch_lexicon(dir) {
            // An imported lexicon replaces the file's own dictionaries.
            return crate::dyadfmt::load_dir(dir, strict);
        }
        let mut files: Vec<(Kind, PathBuf)> = Vec::new();
        if let Some(v) = &self.verbfile {
            files.push((Kind::Verbs, dir.join(v)));
        }
        for a in &self.actorfiles {
            files.push((Kind::Actors, dir.join(a)));
        }
        if let Some(a) = &self.agentfile {
            files.push((Kind::Agents, dir.join(a)));
        }
        if let Some(a) = &self.discardfile {
            files.push((Kind::Discards, dir.join(a)));
        }
        if files.is_empty() {
            return Dicts::load_dir(dir, strict);
        }
        for (k, p) in files {
            issues.extend(d.add_file(k, &p).map_err(|e| format!("{}: {e}", p.display()))?);
        }
        if strict {
            if let Some(e) = issues.iter().find(|i| i.error) {
                return Err(e.to_string());
            }
        }
        Ok((d, issues))
    }
}

/// The outcome of one record.
#[derive(Debug, Clone)]
pub struct Outcome {
    pub id: String,
    pub pass: bool,
    pub expected: String,
    pub got: String,
}

/// Codes one record's text and compares.
pub fn run_record(coder: &PetrarchCoder, r: &Record) -> Outcome {
    let mut doc = Document::new(r.id.clone(), r.text.clone());
    doc.date = r.date;
    dyad_text::process(&mut doc);
    let coded = coder.code(&doc, &r.opts);
    let got_set: BTreeSet<(String, String, String)> = coded.events.iter().map(|e| (e.source.clone(), e.target.clone(), e.code.clone())).collect();
    let fmt_set = |s: &BTreeSet<(String, String, String)>| {
        if s.is_empty() {
            "no events".to_string()
        } else {
            s.iter().map(|(a, b, c)| format!("{a} {b} {c}")).collect::<Vec<_>>().join("; ")
        }
    };
    let got = if let Some(p) = &coded.story_discard {
        format!("story discard ({p})")
    } else if !coded.sentence_discards.is_empty() && got_set.is_empty() {
        format!("sentence discard ({})", coded.sentence_discards[0].1)
    } else {
        fmt_set(&got_set)
    };
    let (pass, expected) = match &r.expect {
        Expect::Events(e) => (coded.story_discard.is_none() && coded.sentence_discards.is_empty() && *e == got_set, fmt_set(e)),
        Expect::StoryDiscard => (coded.story_discard.is_some(), "story discard".to_string()),
        Expect::SentenceDiscard => (coded.story_discard.is_none() && !coded.sentence_discards.is_empty(), "sentence discard".to_string()),
        Expect::OtherError(k) => (false, format!("error {k}")),
    };
    Outcome { id: r.id.clone(), pass, expected, got }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str = r#"<Validation><Environment>
<Verbfile>v.txt</Verbfile><Actorfile>a.txt</Actorfile><Agentfile>g.txt</Agentfile><Discardfile>d.txt</Discardfile>
</Environment><Sentences>
<!-- <Sentence id="COMMENTED"> </Sentence> -->
<Sentence date="19950101" id="A" valid="true">
<EventCoding sourcecode="ARN" targetcode="GON" eventcode="064"></EventCoding>
<Text>Arnor will restore ties with Gondor.</Text><Parse>(ROOT (S (NP (NNP Ignored))))</Parse>
</Sentence>
<Config option="require_dyad" value="False"></Config>
<Config option="new_actor_length" value="4"></Config>
<Sentence date = "950102" id ="B" valid="false"><EventCoding noevents = "True"></EventCoding><Text>x</Text></Sentence>
<Sentence date="19950101" id="C" valid="true"><EventCoding error="storydiscard"></EventCoding><Text>A typhoon hit Arnor &amp; Gondor.</Text></Sentence>
<Config option="bogus" value="1"></Config>
</Sentences></Validation>"#;

    #[test]
    fn reads_environment_configs_and_expectations() {
        let (vf, warnings) = read(FILE);
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert_eq!(vf.verbfile.as_deref(), Some("v.txt"));
        assert_eq!(vf.actorfiles, ["a.txt"]);
        assert_eq!(vf.records.len(), 3);
        let a = &vf.records[0];
        assert!(a.valid && a.opts.require_dyad && a.opts.new_actor_length == 0);
        assert_eq!(a.text, "Arnor will restore ties with Gondor.");
        assert_eq!(a.expect, Expect::Events([("ARN".to_string(), "GON".to_string(), "064".to_string())].into_iter().collect()));
        let b = &vf.records[1];
        assert!(!b.valid && !b.opts.require_dyad && b.opts.new_actor_length == 4);
        assert_eq!(b.date, NaiveDate::from_ymd_opt(1995, 1, 2));
        assert_eq!(b.expect, Expect::Events(BTreeSet::new()));
        assert_eq!(vf.records[2].expect, Expect::StoryDiscard);
        assert_eq!(vf.records[2].text, "A typhoon hit Arnor & Gondor.");
    }

    #[test]
    fn codes_a_record_with_small_dictionaries() {
        let mut d = Dicts::default();
        d.add(Kind::Actors, "ARNOR [ARN]\nGONDOR [GON]\n", "a");
        d.add(Kind::Agents, "MINISTER [~GOV]\n", "g");
        d.add(Kind::Discards, "+TYPHOON\nBASEBALL\n", "d");
        d.add(Kind::Verbs, "--- RESTORE [064] ---\nRESTORE\n- NOT * [112]\n--- MEET [031:032] ---\nMEET {MET}\n", "v");
        let coder = PetrarchCoder::new(d);
        let (vf, _) = read(FILE);
        assert!(run_record(&coder, &vf.records[0]).pass);
        assert!(run_record(&coder, &vf.records[2]).pass);
        let rec = |t: &str| Record { id: "t".into(), date: None, valid: true, text: t.into(), expect: Expect::Events(BTreeSet::new()), opts: Options::default(), line: 0 };
        let got = |t: &str| run_record(&coder, &rec(t)).got;
        assert_eq!(got("Arnor's ministers did not restore ties with Gondor."), "ARNGOV GON 112");
        assert_eq!(got("Arnor met Gondor."), "ARN GON 031; GON ARN 032");
        assert_eq!(got("Arnor met Gondor at a baseball game."), "sentence discard (baseball)");
    }
}
