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
    Ok(())
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
