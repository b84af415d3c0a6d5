//! `dyad eval`: precision, recall and F1 against the PLOVER gold-standard records.
//!
//! Scoring unit: the set of (source country, target country, PLOVER type) triples of a record. An
//! actor's "country" is its ISO-3166 alpha-3 country, or the leading code (IGO, NGO, ...) when it
//! has none; a missing target is "-". Reciprocal records (`SRC/TAR` in the markup) compare
//! unordered pairs, so A–B counts once. Events without a PLOVER type (CAMEO statements) are ignored.
//! International organisations without a country compare as one key, `IGO`: the gold file codes
//! international NGOs (Amnesty International, the Red Cross) as IGO, and the score is about countries,
//! not actor types. Records that share a text are one sentence: each is scored against the union of
//! their gold events (the file codes a sentence with two events as two records).
//!
//! Records with `"event": "NONE"` are sentences that must give no event: every PLOVER event coded in
//! them is a false positive, and they are counted apart. Records whose actors' texts occur in
//! the sentence are also scored by **pair** (located by their byte `start` where given, as in
//! `eval/blind3`, else at their first occurrence): a gold (source, target) pair is
//! found when some event's source and target spans overlap the gold spans (a gold event with no
//! target needs an event with none; reciprocal pairs match in either order), whatever its type; for
//! found pairs, the share with the right PLOVER type is reported, and pair recall is broken down by
//! the record's `phenomena` tags.

use anyhow::{bail, Context, Result};
use dyad_coder::Coder;
use dyad_model::Document;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

type Triple = (String, String, String);

/// Older PLOVER draft categories in the gold file → PLOVER 2.0.
fn plover2(event: &str) -> &str {
    match event {
        "DEMAND" => "REQUEST",
        "DISAPPROVE" | "INVESTIGATE" => "ACCUSE",
        "FIGHT" => "ASSAULT",
        e => e,
    }
}

fn country_key(coder: &Coder, code: &str, country: Option<&str>) -> String {
    if let Some(c) = country {
        return c.to_string();
    }
    let head = code.get(..3).unwrap_or(code);
    // Codes the gold file writes in older, non-ISO forms (Japan, Italy, Vietnam).
    let head = match head {
        "NGO" => "IGO",
        "JAP" => "JPN",
        "ITL" => "ITA",
        "VTN" => "VNM",
        h => h,
    };
    coder.lexicon().country_of(head).unwrap_or_else(|| head.to_string())
}

fn actors(v: &Value) -> Vec<String> {
    match v {
        Value::Array(a) => a.iter().filter_map(|x| x.get("code").and_then(Value::as_str)).map(str::to_string).collect(),
        _ => Vec::new(),
    }
}

#[derive(Default, Clone, Copy)]
struct Counts {
    tp: usize,
    fp: usize,
    fn_: usize,
}

impl Counts {
    fn p(&self) -> f64 {
        if self.tp + self.fp == 0 { 0.0 } else { self.tp as f64 / (self.tp + self.fp) as f64 }
    }
    fn r(&self) -> f64 {
        if self.tp + self.fn_ == 0 { 0.0 } else { self.tp as f64 / (self.tp + self.fn_) as f64 }
    }
    fn f1(&self) -> f64 {
        let (p, r) = (self.p(), self.r());
        if p + r == 0.0 { 0.0 } else { 2.0 * p * r / (p + r) }
    }
}

/// The PLOVER gold-standard dev records (CC BY-SA 4.0, eval/fixtures/SOURCES.md), embedded so that
/// `dyad eval` with no FILE works anywhere.
const PLOVER_DEV: &str = include_str!("../../../eval/fixtures/plover-gsr/plover_gsr_dev.json");
const PLOVER_DEV_NAME: &str = "the built-in PLOVER dev records (eval/fixtures/plover-gsr/plover_gsr_dev.json)";

/// Scores the coder on the gold records in `path`, or on the built-in PLOVER dev records.
pub fn run(coder: &Coder, path: Option<&Path>, verbose: bool) -> Result<()> {
    let (text, name) = match path {
        Some(p) => (std::fs::read_to_string(p).with_context(|| format!("reading {}", p.display()))?, p.display().to_string()),
        None => (PLOVER_DEV.to_string(), PLOVER_DEV_NAME.to_string()),
    };
    let records: Vec<Value> = serde_json::from_str(&text).with_context(|| format!("parsing {name} as a JSON list"))?;
    let mut total = Counts::default();
    let mut by_type: BTreeMap<String, Counts> = BTreeMap::new();
    let mut n = 0;
    // Gold events of every record, by text, so that records sharing a sentence score against the union.
    let mut by_text: BTreeMap<&str, BTreeSet<Triple>> = BTreeMap::new();
    for r in &records {
        if let (Some(t), Some((g, _))) = (r.get("text").and_then(Value::as_str), gold_of(coder, r)) {
            by_text.entry(t).or_default().extend(g);
        }
    }
    let mut done: BTreeSet<&str> = BTreeSet::new();
    let mut pairs = PairCounts::default();
    let (mut none_records, mut none_with_event) = (0usize, 0usize);
    for r in &records {
        let Some(event) = r.get("event").and_then(Value::as_str) else { continue };
        if event == "DOCUMENT" {
            continue;
        }
        let Some(sentence) = r.get("text").and_then(Value::as_str) else { continue };
        let id = r.get("id").and_then(Value::as_str).unwrap_or("?");
        if !done.insert(sentence) {
            continue;
        }
        n += 1;
        let Some((_, reciprocal)) = gold_of(coder, r) else { continue };
        let gold = by_text.get(sentence).cloned().unwrap_or_default();
        let date = r.get("date").and_then(Value::as_str).and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok());
        let mut doc = Document::new(id, sentence);
        doc.date = date;
        doc.date_source = date.map(|_| dyad_model::DateSource::Input);
        dyad_text::process(&mut doc);
        coder.code(&mut doc);
        let mut got: BTreeSet<Triple> = BTreeSet::new();
        for e in &doc.events {
            if e.plover.is_empty() {
                continue;
            }
            let s = country_key(coder, &e.source.actor.code, e.source.actor.country.as_deref());
            let t = e.target.as_ref().map_or("-".to_string(), |t| country_key(coder, &t.actor.code, t.actor.country.as_deref()));
            if reciprocal && t != "-" {
                let (x, y) = if s < t { (s, t) } else { (t, s) };
                got.insert((x, y, e.plover.clone()));
            } else {
                got.insert((s, t, e.plover.clone()));
            }
        }
        if event == "NONE" {
            none_records += 1;
            if doc.events.iter().any(|e| !e.plover.is_empty()) {
                none_with_event += 1;
                if verbose {
                    println!("{id} (no event expected): {sentence}");
                    for e in doc.events.iter().filter(|e| !e.plover.is_empty()) {
                        println!("    {} -> {} {} {} | {}", e.source.actor.code, e.target.as_ref().map_or("-", |t| t.actor.code.as_str()), e.cameo, e.plover, e.rule);
                    }
                }
            }
        } else if let Some(gp) = gold_pairs(r, &doc.text, reciprocal) {
            pairs.add(r, &gp, reciprocal, &doc, plover2(event));
        }
        for g in &gold {
            let c = by_type.entry(g.2.clone()).or_default();
            if got.contains(g) {
                total.tp += 1;
                c.tp += 1;
            } else {
                total.fn_ += 1;
                c.fn_ += 1;
            }
        }
        for g in got.difference(&gold) {
            total.fp += 1;
            by_type.entry(g.2.clone()).or_default().fp += 1;
        }
        if verbose && got != gold {
            println!("{id}: {sentence}");
            println!("  expected: {}", fmt(&gold));
            println!("  got:      {}", fmt(&got));
            for e in &doc.events {
                println!("    {} -> {} {} {} | {}", e.source.actor.code, e.target.as_ref().map_or("-", |t| t.actor.code.as_str()), e.cameo, e.plover, e.rule);
            }
        }
    }
    if n == 0 {
        bail!("{name} holds no gold records");
    }
    println!("PLOVER gold records: {n} sentences from {name}");
    println!("{:<12} {:>5} {:>5} {:>5} {:>9} {:>7} {:>6}", "type", "tp", "fp", "fn", "precision", "recall", "F1");
    for (t, c) in &by_type {
        println!("{:<12} {:>5} {:>5} {:>5} {:>9.3} {:>7.3} {:>6.3}", t, c.tp, c.fp, c.fn_, c.p(), c.r(), c.f1());
    }
    println!("{:<12} {:>5} {:>5} {:>5} {:>9.3} {:>7.3} {:>6.3}", "ALL", total.tp, total.fp, total.fn_, total.p(), total.r(), total.f1());
    if none_records > 0 {
        println!("no-event sentences with a PLOVER event: {none_with_event} of {none_records}");
    }
    pairs.print();
    Ok(())
}

/// A gold actor's span in the coded (normalised) text.
type GoldSpan = (usize, usize);

/// Gold (source, target, reciprocal) pairs of a record whose actors' texts are in its sentence;
/// `None` when one is not. Spans are located in the normalised text by the actor's text, nearest to
/// the recorded offset, since normalisation may move bytes (curly quotes, dashes).
fn gold_pairs(r: &Value, norm: &str, reciprocal: bool) -> Option<Vec<(GoldSpan, Option<GoldSpan>)>> {
    let spans = |v: Option<&Value>| -> Option<Vec<GoldSpan>> {
        let Some(Value::Array(a)) = v else { return Some(Vec::new()) };
        a.iter()
            .map(|x| {
                let text = x.get("actorText")?.as_str()?;
                // Older sets name actors without offsets: the first occurrence of the text.
                let start = x.get("start").and_then(Value::as_u64).unwrap_or(0) as usize;
                locate(norm, &dyad_text::normalize(text), start)
            })
            .collect()
    };
    let srcs = spans(r.get("source"))?;
    let tars = spans(r.get("target"))?;
    if srcs.is_empty() {
        return None;
    }
    let mut out = Vec::new();
    if reciprocal {
        let all: Vec<GoldSpan> = srcs.iter().chain(&tars).copied().collect();
        for (i, a) in all.iter().enumerate() {
            for b in &all[i + 1..] {
                out.push((*a, Some(*b)));
            }
        }
    } else {
        for s in &srcs {
            if tars.is_empty() {
                out.push((*s, None));
            }
            for t in &tars {
                out.push((*s, Some(*t)));
            }
        }
    }
    Some(out)
}

/// The occurrence of `needle` in `hay` nearest to byte `near`.
fn locate(hay: &str, needle: &str, near: usize) -> Option<GoldSpan> {
    if needle.is_empty() {
        return None;
    }
    hay.match_indices(needle).map(|(i, _)| i).min_by_key(|&i| i.abs_diff(near)).map(|i| (i, i + needle.len()))
}

fn overlaps(a: GoldSpan, b: dyad_model::Span) -> bool {
    a.0 < b.end as usize && (b.start as usize) < a.1
}

/// Pair recall and type accuracy given the pair, overall and by phenomenon.
#[derive(Default)]
struct PairCounts {
    records: usize,
    records_found: usize,
    records_typed: usize,
    gold_pairs: usize,
    pairs_found: usize,
    by_phenomenon: BTreeMap<String, (usize, usize)>,
    speaker_as_source: usize,
    speaker_records: usize,
}

impl PairCounts {
    fn add(&mut self, r: &Value, gold: &[(GoldSpan, Option<GoldSpan>)], reciprocal: bool, doc: &Document, plover: &str) {
        let matches = |e: &dyad_model::Event, (s, t): &(GoldSpan, Option<GoldSpan>)| -> bool {
            let direct = overlaps(*s, e.source.span)
                && match (t, &e.target) {
                    (None, None) => true,
                    (Some(t), Some(et)) => overlaps(*t, et.span),
                    _ => false,
                };
            let swapped = reciprocal
                && match (t, &e.target) {
                    (Some(t), Some(et)) => overlaps(*t, e.source.span) && overlaps(*s, et.span),
                    _ => false,
                };
            direct || swapped
        };
        self.records += 1;
        self.gold_pairs += gold.len();
        let mut found_any = false;
        let mut typed = false;
        for g in gold {
            let hits: Vec<&dyad_model::Event> = doc.events.iter().filter(|e| matches(e, g)).collect();
            if !hits.is_empty() {
                self.pairs_found += 1;
                found_any = true;
                typed |= hits.iter().any(|e| e.plover == plover);
            }
        }
        self.records_found += found_any as usize;
        self.records_typed += typed as usize;
        if let Some(Value::Array(ph)) = r.get("phenomena") {
            for p in ph.iter().filter_map(Value::as_str) {
                let c = self.by_phenomenon.entry(p.to_string()).or_default();
                c.0 += 1;
                c.1 += found_any as usize;
            }
        }
        if let Some(sp) = r.get("speaker") {
            self.speaker_records += 1;
            let text = sp.get("actorText").and_then(Value::as_str).unwrap_or("");
            let start = sp.get("start").and_then(Value::as_u64).unwrap_or(0) as usize;
            if let Some(span) = locate(&doc.text, &dyad_text::normalize(text), start) {
                if doc.events.iter().any(|e| !e.plover.is_empty() && overlaps(span, e.source.span)) {
                    self.speaker_as_source += 1;
                }
            }
        }
    }

    fn print(&self) {
        if self.records == 0 {
            return;
        }
        let pct = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
        println!(
            "pairs (by span): found for {} of {} records ({:.3}); {} of {} gold pairs ({:.3}); right PLOVER type given the pair: {} of {} ({:.3})",
            self.records_found, self.records, pct(self.records_found, self.records),
            self.pairs_found, self.gold_pairs, pct(self.pairs_found, self.gold_pairs),
            self.records_typed, self.records_found, pct(self.records_typed, self.records_found)
        );
        if self.speaker_records > 0 {
            println!("reported speech: the speaker coded as an event's source in {} of {} records", self.speaker_as_source, self.speaker_records);
        }
        if !self.by_phenomenon.is_empty() {
            println!("{:<20} {:>7} {:>6} {:>6}", "phenomenon", "records", "found", "share");
            for (p, (n, f)) in &self.by_phenomenon {
                println!("{:<20} {:>7} {:>6} {:>6.3}", p, n, f, pct(*f, *n));
            }
        }
    }
}

/// A record's gold triples, and whether it is reciprocal; `None` for document-level records.
fn gold_of(coder: &Coder, r: &Value) -> Option<(BTreeSet<Triple>, bool)> {
    let event = r.get("event").and_then(Value::as_str)?;
    if event == "DOCUMENT" {
        return None;
    }
    let event = plover2(event).to_string();
    let reciprocal = r.pointer("/textInfo/markup").and_then(Value::as_str).is_some_and(|m| m.contains("SRC/TAR"));
    let srcs = actors(r.get("source").unwrap_or(&Value::Null));
    let tars = actors(r.get("target").unwrap_or(&Value::Null));
    let key = |code: &str| country_key(coder, code, None);
    let mut gold: BTreeSet<Triple> = BTreeSet::new();
    if reciprocal {
        let all: Vec<String> = srcs.iter().chain(tars.iter()).map(|c| key(c)).collect();
        for (i, a) in all.iter().enumerate() {
            for b in &all[i + 1..] {
                if a != b {
                    let (x, y) = if a < b { (a, b) } else { (b, a) };
                    gold.insert((x.clone(), y.clone(), event.clone()));
                }
            }
        }
    } else {
        for s in &srcs {
            if tars.is_empty() {
                gold.insert((key(s), "-".into(), event.clone()));
            }
            for t in &tars {
                gold.insert((key(s), key(t), event.clone()));
            }
        }
    }
    Some((gold, reciprocal))
}

/// `dyad eval places [FILE]`: the geocoding suite (default: the built-in `eval/places/places.tsv`).
pub fn places(path: Option<&Path>, verbose: bool) -> Result<std::process::ExitCode> {
    let (text, name) = match path {
        Some(p) => (std::fs::read_to_string(p).with_context(|| format!("reading {}", p.display()))?, p.display().to_string()),
        None => (dyad_geo::suite::BUILTIN.to_string(), "the built-in geocoding suite (eval/places/places.tsv)".to_string()),
    };
    let rows = dyad_geo::suite::score(dyad_geo::Gazetteer::builtin(), &text).map_err(|e| anyhow::anyhow!("{name}: {e}"))?;
    if rows.is_empty() {
        bail!("{name} holds no rows");
    }
    let show = |x: &Option<(String, String)>| x.as_ref().map_or("no place".to_string(), |(n, c)| format!("{n} ({c})"));
    for r in rows.iter().filter(|r| verbose && !r.right) {
        let got = r.got.as_ref().map_or("no place".to_string(), |(n, c, how)| format!("{n} ({c}) by {how}"));
        println!("line {}: {}  [actors: {}]\n  expected: {}\n  got:      {got}", r.line, r.text, r.actors.join(","), show(&r.expected));
    }
    let right = rows.iter().filter(|r| r.right).count();
    let placed: Vec<_> = rows.iter().filter(|r| r.expected.is_some()).collect();
    let placed_right = placed.iter().filter(|r| r.right).count();
    let none_right = right - placed_right;
    println!("geocoding suite: {} texts from {name}", rows.len());
    println!("placed right (name and country): {placed_right} of {} texts with a place", placed.len());
    println!("no place, rightly: {none_right} of {} texts without one", rows.len() - placed.len());
    println!("accuracy: {:.3} ({right} of {})", right as f64 / rows.len() as f64, rows.len());
    Ok(std::process::ExitCode::SUCCESS)
}

fn fmt(s: &BTreeSet<Triple>) -> String {
    s.iter().map(|(a, b, c)| format!("({a} {b} {c})")).collect::<Vec<_>>().join(" ")
}
