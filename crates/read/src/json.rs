//! JSON lines (one document per line) and JSON files (one object or an array of them).

use crate::input::{decode, read_capped, read_line_capped};
use crate::{finish, parse_date, Item, ReadOptions};
use dyad_model::Document;
use serde::Deserialize;
use std::io::{BufReader, Read};

/// The accepted shape of one JSON document. Unknown fields are ignored.
#[derive(Deserialize)]
struct JsonDoc {
    #[serde(default)]
    id: Option<serde_json::Value>,
    #[serde(default)]
    text: Option<serde_json::Value>,
    #[serde(default)]
    date: Option<serde_json::Value>,
    #[serde(default)]
    url: Option<String>,
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    site: Option<String>,
    #[serde(default)]
    lang: Option<String>,
}

/// Turns one parsed JSON value into a document, or the reason it is not one.
fn to_doc(v: serde_json::Value, default_id: String, opts: &ReadOptions) -> Result<Document, String> {
    if !v.is_object() {
        return Err("not a JSON object".into());
    }
    let d: JsonDoc = serde_json::from_value(v).map_err(|e| format!("bad field: {e}"))?;
    let mut text = match d.text {
        Some(serde_json::Value::String(s)) => s,
        Some(_) => return Err("\"text\" is not a string".into()),
        None => return Err("no \"text\" field".into()),
    };
    let id = match d.id {
        Some(serde_json::Value::String(s)) if !s.trim().is_empty() => s,
        Some(serde_json::Value::Number(n)) => n.to_string(),
        _ => default_id,
    };
    let mut doc = Document::new(id, String::new());
    let truncated = crate::input::truncate_str(&mut text, opts.max_doc_bytes);
    doc.text = text;
    if truncated {
        doc.warn("read", format!("document longer than {} bytes: cut", opts.max_doc_bytes));
    }
    match d.date {
        Some(serde_json::Value::String(s)) if !s.trim().is_empty() => match parse_date(&s) {
            Some(date) => {
                doc.offer_date(date, dyad_model::DateSource::Input);
            }
            None => doc.warn("read", format!("unreadable date {s:?} ignored")),
        },
        None | Some(serde_json::Value::Null) => {}
        Some(serde_json::Value::String(_)) => {}
        Some(other) => doc.warn("read", format!("unreadable date {other} ignored")),
    }
    doc.url = d.url.filter(|s| !s.trim().is_empty());
    doc.title = d.title.filter(|s| !s.trim().is_empty());
    doc.site = d.site.filter(|s| !s.trim().is_empty());
    doc.lang = d.lang.map(|s| s.trim().to_ascii_lowercase()).filter(|s| !s.is_empty());
    Ok(doc)
}

/// Streams a JSON-lines input: one document per non-blank line.
pub(crate) struct JsonLines {
    origin: String,
    reader: BufReader<Box<dyn Read + Send>>,
    line_no: usize,
    buf: Vec<u8>,
    opts: ReadOptions,
    done: bool,
}

impl JsonLines {
    pub(crate) fn new(origin: String, r: Box<dyn Read + Send>, opts: ReadOptions) -> JsonLines {
        JsonLines { origin, reader: BufReader::with_capacity(64 * 1024, r), line_no: 0, buf: Vec::new(), opts, done: false }
    }
}

/// How long a JSON line may be before it is skipped: room for an escaped text of the maximum size.
fn line_cap(opts: &ReadOptions) -> usize {
    opts.max_doc_bytes.saturating_mul(2).saturating_add(64 * 1024)
}

impl Iterator for JsonLines {
    type Item = Item;
    fn next(&mut self) -> Option<Item> {
        while !self.done {
            let cap = line_cap(&self.opts);
            let dropped = match read_line_capped(&mut self.reader, &mut self.buf, cap) {
                Ok(Some(d)) => d,
                Ok(None) => {
                    self.done = true;
                    return None;
                }
                Err(e) => {
                    self.done = true;
                    return Some(Item::Problem { origin: self.origin.clone(), message: format!("{}: read error after line {}: {e}", self.origin, self.line_no) });
                }
            };
            self.line_no += 1;
            let here = format!("{}:{}", self.origin, self.line_no);
            if dropped > 0 {
                return Some(problem(&here, format!("line longer than {cap} bytes, skipped")));
            }
            if self.buf.iter().all(|b| b.is_ascii_whitespace()) {
                continue;
            }
            let line = std::mem::take(&mut self.buf);
            let (line, lossy) = decode(line);
            let value: serde_json::Value = match serde_json::from_str(&line) {
                Ok(v) => v,
                Err(e) => return Some(problem(&here, format!("malformed JSON: {e}"))),
            };
            return Some(match to_doc(value, here.clone(), &self.opts) {
                Ok(mut doc) => {
                    if lossy {
                        doc.warn("read", "invalid UTF-8 replaced by U+FFFD");
                    }
                    finish(doc, &here, &self.opts)
                }
                Err(reason) => problem(&here, reason),
            });
        }
        None
    }
}

fn problem(here: &str, reason: impl std::fmt::Display) -> Item {
    Item::Problem { origin: here.to_string(), message: format!("{here}: {reason}") }
}

/// Reads a `.json` file: one document object, or an array of them (the file is held in memory,
/// up to [`ReadOptions::max_file_bytes`]).
pub(crate) fn read_json(origin: &str, r: &mut dyn Read, opts: &ReadOptions) -> Vec<Item> {
    let (bytes, skipped) = match read_capped(r, opts.max_file_bytes) {
        Ok(x) => x,
        Err(e) => return vec![problem(origin, format!("read error: {e}"))],
    };
    if skipped > 0 {
        return vec![problem(origin, format!("JSON file longer than {} bytes, skipped", opts.max_file_bytes))];
    }
    let (text, lossy) = decode(bytes);
    let value: serde_json::Value = match serde_json::from_str(&text) {
        Ok(v) => v,
        Err(e) => return vec![problem(origin, format!("malformed JSON: {e}"))],
    };
    drop(text);
    let one = |v: serde_json::Value, default_id: String| match to_doc(v, default_id.clone(), opts) {
        Ok(mut doc) => {
            if lossy {
                doc.warn("read", "invalid UTF-8 replaced by U+FFFD");
            }
            finish(doc, &default_id, opts)
        }
        Err(reason) => problem(&default_id, reason),
    };
    match value {
        serde_json::Value::Array(items) => {
            if items.is_empty() {
                return vec![problem(origin, "empty document")];
            }
            items.into_iter().enumerate().map(|(i, v)| one(v, format!("{origin}[{i}]"))).collect()
        }
        v => vec![one(v, origin.to_string())],
    }
}
