//! dyad's readers: they turn inputs into [`dyad_model::Document`]s, robustly and streaming.
//!
//! This crate owns everything between bytes on disk (or stdin) and a [`Document`] with its text
//! and metadata (id, date, URL, title, site, language):
//!
//! * **plain text** (`.txt` or sniffed): one document, id = the path, text as is;
//! * **JSON lines** (`.jsonl`, `.ndjson` or sniffed): one document per line
//!   (`{"id", "text", "date", "url", "title", "site", "lang"}`, only `text` required);
//!   **JSON** (`.json`): one such object or an array of them;
//! * **HTML** (`.html`, `.htm` or sniffed): main-content extraction (dyad's own one-pass tag
//!   scanner, no DOM tree: block elements, boilerplate markers, link density; see `extract.rs`),
//!   title, publication date, canonical URL, site name, `<html lang>`;
//! * **RSS 2.0 / RSS 1.0 / Atom feeds** (`.xml`, `.rss`, `.atom` or sniffed, via `feed-rs`): one
//!   document per item (id = link, else guid), HTML content turned into text;
//! * **WARC archives** (`.warc`, `.warc.gz` or sniffed; see `warc.rs`): HTML responses through the
//!   article extractor, id and URL the target URI, the crawl date only as the last fallback; other
//!   records are [`Item::Skipped`], unreadable ones problems naming the record's byte offset;
//! * **gzip** (`.gz` or sniffed by its magic bytes): decompressed on the fly, the inner name or
//!   content gives the format; a truncated stream gives a problem after the documents read;
//! * **folders** (walked recursively in sorted order), **stdin** (`-`);
//! * byte-level robustness: binary files are skipped, invalid UTF-8 is decoded lossily with a
//!   warning, documents longer than [`ReadOptions::max_doc_bytes`] are cut on a char boundary
//!   without ever reading the whole input into memory.
//!
//! Language: `doc.lang` comes from `<html lang>`, the feed or the JSON `"lang"`, else from
//! `whatlang` (ISO 639-1) when it is reliable; very short texts get none. Reading never depends on
//! the language; [`uncoded_language`] is the later stage that says which documents the coder skips.
//!
//! It does not normalise the text, find datelines or split sentences: that is the text stage.
//! Readers never fail and never panic: what cannot be read becomes an [`Item::Problem`], what was
//! repaired becomes a warning in [`Document::diagnostics`] (stage `"read"`).

mod extract;
mod feed;
mod html;
mod input;
mod json;
mod lang;
mod warc;

pub use extract::explain_page;
pub use lang::{uncoded_language, CODED_LANGUAGES};

use chrono::NaiveDate;
use dyad_model::Document;
use input::Format;
use std::collections::VecDeque;
use std::io::Read;
use std::path::{Path, PathBuf};

/// Options of the readers.
#[derive(Debug, Clone)]
pub struct ReadOptions {
    /// Longer documents are cut (on a char boundary) with a warning. Default 8 MiB.
    pub max_doc_bytes: usize,
    /// The publication date the user gives (`--date`): it wins over page metadata, datelines and
    /// feed dates, not over a JSON document's own `date` field.
    pub default_date: Option<NaiveDate>,
    /// Formats that must be held whole in memory (`.json` files, feeds) are skipped with a
    /// [`Item::Problem`] when longer than this. Default 64 MiB.
    pub max_file_bytes: usize,
    /// When set, every byte read from input files and stdin (before decompression) is added to
    /// it: progress displays compare it with the total size of the inputs.
    pub bytes_read: Option<std::sync::Arc<std::sync::atomic::AtomicU64>>,
}

impl Default for ReadOptions {
    fn default() -> Self {
        ReadOptions { max_doc_bytes: 8 << 20, default_date: None, max_file_bytes: 64 << 20, bytes_read: None }
    }
}

/// Counts the bytes read through it into [`ReadOptions::bytes_read`].
struct Counted<R>(R, std::sync::Arc<std::sync::atomic::AtomicU64>);

impl<R: Read> Read for Counted<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.0.read(buf)?;
        self.1.fetch_add(n as u64, std::sync::atomic::Ordering::Relaxed);
        Ok(n)
    }
}

fn counted(r: Box<dyn Read + Send>, opts: &ReadOptions) -> Box<dyn Read + Send> {
    match &opts.bytes_read {
        Some(c) => Box::new(Counted(r, c.clone())),
        None => r,
    }
}

/// The total size in bytes of the files under `paths` (folders walked as [`read_paths`] does;
/// hidden entries skipped), or `None` when one is stdin or cannot be read.
pub fn total_size(paths: &[PathBuf]) -> Option<u64> {
    let mut total = 0u64;
    let mut pending: Vec<PathBuf> = paths.to_vec();
    while let Some(p) = pending.pop() {
        if p.as_os_str() == "-" {
            return None;
        }
        let meta = std::fs::metadata(&p).ok()?;
        if meta.is_dir() {
            pending.extend(list_dir(&p).ok()?);
        } else {
            total += meta.len();
        }
    }
    Some(total)
}

/// One thing the reader produced, in input order.
#[derive(Debug, Clone)]
pub enum Item {
    /// A document; warnings (lossy UTF-8, truncation, ...) are in its diagnostics.
    Doc(Document),
    /// A document, line or file that could not be read. `origin` names the file, with the line
    /// for JSON lines (`"path:12"`); `message` starts with the origin.
    Problem { origin: String, message: String },
    /// Something in the input that is not a document to code and is left aside on purpose (a WARC
    /// archive's request, metadata and non-HTML records). `reason` is its kind ("WARC request
    /// record", "WARC response with HTTP status 3xx"), for counting; `origin` names the file and
    /// the record's byte offset.
    Skipped { origin: String, reason: String },
}

impl Item {
    /// The document, if this is one.
    pub fn doc(self) -> Option<Document> {
        match self {
            Item::Doc(d) => Some(d),
            Item::Problem { .. } | Item::Skipped { .. } => None,
        }
    }
}

type Source = Box<dyn Iterator<Item = Item> + Send>;

/// Streams the documents of the given paths (`"-"` = stdin) in order. Folders are walked
/// recursively in sorted order (hidden entries, starting with `.`, are skipped). Never panics;
/// never holds more than one document (or one feed / JSON file) in memory.
pub fn read_paths(paths: &[PathBuf], opts: &ReadOptions) -> impl Iterator<Item = Item> + Send + 'static {
    PathItems { pending: paths.iter().cloned().collect(), current: None, opts: opts.clone() }
}

/// Same as [`read_paths`] for one reader with a name (used for tests and stdin). The name's
/// extension, if any, selects the format; otherwise the content is sniffed.
pub fn read_reader(name: &str, r: Box<dyn Read + Send>, opts: &ReadOptions) -> impl Iterator<Item = Item> + Send + 'static {
    open_source(name.to_string(), counted(r, opts), opts.clone())
}

struct PathItems {
    pending: VecDeque<PathBuf>,
    current: Option<Source>,
    opts: ReadOptions,
}

impl Iterator for PathItems {
    type Item = Item;
    fn next(&mut self) -> Option<Item> {
        loop {
            if let Some(cur) = &mut self.current {
                if let Some(item) = cur.next() {
                    return Some(item);
                }
                self.current = None;
            }
            let path = self.pending.pop_front()?;
            if path.as_os_str() == "-" {
                self.current = Some(open_source("<stdin>".into(), counted(Box::new(std::io::stdin()), &self.opts), self.opts.clone()));
                continue;
            }
            let name = path.display().to_string();
            let meta = match std::fs::metadata(&path) {
                Ok(m) => m,
                Err(e) => return Some(problem(&name, format!("cannot open: {e}"))),
            };
            if meta.is_dir() {
                match list_dir(&path) {
                    Ok(children) => {
                        for child in children.into_iter().rev() {
                            self.pending.push_front(child);
                        }
                    }
                    Err(e) => return Some(problem(&name, format!("cannot list folder: {e}"))),
                }
                continue;
            }
            match std::fs::File::open(&path) {
                Ok(f) => self.current = Some(open_source(name, counted(Box::new(f), &self.opts), self.opts.clone())),
                Err(e) => return Some(problem(&name, format!("cannot open: {e}"))),
            }
        }
    }
}

/// The entries of a folder in sorted order, without hidden ones and without symbolic links to
/// folders (which could loop).
fn list_dir(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        if entry.file_name().to_string_lossy().starts_with('.') {
            continue;
        }
        let ft = entry.file_type()?;
        if ft.is_symlink() && entry.path().is_dir() {
            continue;
        }
        out.push(entry.path());
    }
    out.sort();
    Ok(out)
}

/// The kind of a problem, for summaries: `"binary"`, `"empty"`, `"malformed"` (bad JSON,
/// broken feed, corrupt gzip, a JSON object without text) or `"unreadable"` (I/O errors, missing
/// files, over-long inputs).
pub fn problem_kind(origin: &str, message: &str) -> &'static str {
    let reason = message.strip_prefix(origin).unwrap_or(message).trim_start_matches(':').trim_start();
    if reason.starts_with("binary file") {
        "binary"
    } else if reason.starts_with("empty document") || reason.starts_with("empty feed") {
        "empty"
    } else if ["malformed", "broken feed", "not a JSON object", "no \"text\" field", "\"text\" is not a string", "bad field", "not a gzip file"]
        .iter()
        .any(|p| reason.starts_with(p))
        || reason.contains("truncated or corrupt gzip")
        || reason.starts_with("WARC record at byte offset")
    {
        "malformed"
    } else {
        "unreadable"
    }
}

pub(crate) fn problem(origin: &str, reason: impl std::fmt::Display) -> Item {
    Item::Problem { origin: origin.to_string(), message: format!("{origin}: {reason}") }
}

/// Opens one named input: detects its format and returns its items.
fn open_source(name: String, r: Box<dyn Read + Send>, opts: ReadOptions) -> Source {
    let kind_name = name.clone();
    open_named(name, &kind_name, r, opts, 0)
}

/// Opens one input: `name` names it in ids and problems, `kind_name` (the name without the
/// compression suffixes) selects the format by extension.
fn open_named(name: String, kind_name: &str, mut r: Box<dyn Read + Send>, opts: ReadOptions, depth: u8) -> Source {
    let head = match input::read_head(&mut r, input::HEAD_BYTES) {
        Ok(h) => h,
        Err(e) => return one(problem(&name, format!("read error: {e}"))),
    };
    if head.iter().all(|b| b.is_ascii_whitespace()) {
        return one(problem(&name, "empty document"));
    }
    if depth == 0 {
        if let Some(gz) = warc::detect(kind_name, &head) {
            let r: Box<dyn Read + Send> = Box::new(std::io::Cursor::new(head).chain(r));
            return Box::new(warc::read(name, r, gz, opts));
        }
    }
    let gz_ext = input::extension(kind_name).as_deref() == Some("gz");
    if head.starts_with(&[0x1f, 0x8b]) && depth < 3 {
        let inner = if gz_ext { kind_name[..kind_name.len() - 3].to_string() } else { kind_name.to_string() };
        let r: Box<dyn Read + Send> = Box::new(std::io::Cursor::new(head).chain(r));
        let gz = input::GzErrors(flate2::read::MultiGzDecoder::new(r));
        return open_named(name, &inner, Box::new(gz), opts, depth + 1);
    }
    if gz_ext && depth == 0 {
        return one(problem(&name, "not a gzip file, skipped"));
    }
    if input::looks_binary(&head) {
        return one(problem(&name, "binary file, skipped"));
    }
    let format = input::format_from_name(kind_name).unwrap_or_else(|| input::sniff(&head));
    let r: Box<dyn Read + Send> = Box::new(std::io::Cursor::new(head).chain(r));
    match format {
        Format::JsonLines => Box::new(json::JsonLines::new(name, r, opts)),
        Format::Json => {
            let mut r = r;
            Box::new(json::read_json(&name, &mut r, &opts).into_iter())
        }
        Format::Html => one(read_html_input(&name, r, &opts)),
        Format::Feed => {
            let mut r = r;
            Box::new(feed::read_feed(&name, &mut r, &opts).into_iter())
        }
        Format::Text => one(read_text(&name, r, &opts)),
    }
}

fn one(item: Item) -> Source {
    Box::new(std::iter::once(item))
}

/// One plain-text document given as a string (the Python package's `Coder.code`): as a `.txt` file
/// would be read — cut at [`ReadOptions::max_doc_bytes`], `date` (else [`ReadOptions::default_date`])
/// as a date given with the input, the language detected; an empty text is a problem.
pub fn text_document(id: &str, text: &str, date: Option<NaiveDate>, opts: &ReadOptions) -> Item {
    let mut text = text.to_string();
    let cut = input::truncate_str(&mut text, opts.max_doc_bytes);
    let mut doc = Document::new(id, text);
    if cut {
        doc.warn("read", format!("document longer than {} bytes: cut", opts.max_doc_bytes));
    }
    if let Some(d) = date {
        doc.offer_date(d, dyad_model::DateSource::Input);
    }
    finish(doc, id, opts)
}

/// Reads a whole input as one plain-text document, id = its name.
fn read_text(name: &str, mut r: Box<dyn Read + Send>, opts: &ReadOptions) -> Item {
    let (mut bytes, skipped) = match input::read_capped(&mut r, opts.max_doc_bytes) {
        Ok(x) => x,
        Err(e) => return problem(name, format!("read error: {e}")),
    };
    if skipped > 0 {
        input::cut_incomplete_utf8(&mut bytes);
    }
    let (text, lossy) = input::decode(bytes);
    let mut doc = Document::new(name, text);
    if lossy {
        doc.warn("read", "invalid UTF-8 replaced by U+FFFD");
    }
    if skipped > 0 {
        doc.warn("read", format!("document longer than {} bytes: cut ({skipped} bytes skipped)", opts.max_doc_bytes));
    }
    finish(doc, name, opts)
}

/// Reads one HTML page (up to [`ReadOptions::max_file_bytes`] of it) and extracts its article.
fn read_html_input(name: &str, mut r: Box<dyn Read + Send>, opts: &ReadOptions) -> Item {
    let (mut bytes, skipped) = match input::read_capped(&mut r, opts.max_file_bytes) {
        Ok(x) => x,
        Err(e) => return problem(name, format!("read error: {e}")),
    };
    if skipped > 0 {
        input::cut_incomplete_utf8(&mut bytes);
    }
    let (page, lossy) = input::decode(bytes);
    let mut doc = html::read_html(name, &page, opts);
    drop(page);
    if lossy {
        doc.warn("read", "invalid UTF-8 replaced by U+FFFD");
    }
    if skipped > 0 {
        doc.warn("read", format!("page longer than {} bytes: the rest ({skipped} bytes) was skipped", opts.max_file_bytes));
    }
    finish(doc, name, opts)
}

/// Extracts the article from one HTML page: main text (paragraphs joined by a blank line), title,
/// publication date, canonical URL (also the id; else `origin`), site name and `<html lang>`.
/// Never fails; a page without content gives an empty text.
pub fn read_html(origin: &str, html: &str, opts: &ReadOptions) -> Document {
    let mut doc = html::read_html(origin, html, opts);
    apply_default_date(&mut doc, opts);
    if doc.lang.is_none() {
        doc.lang = lang::detect(&doc.text);
    }
    doc
}

/// `--date` ([`ReadOptions::default_date`]) is a date the input gives explicitly: it wins over the
/// page's metadata and a feed's date, but not over a document's own JSON `date` field
/// ([`Document::offer_date`] keeps the first of two equally trusted dates).
fn apply_default_date(doc: &mut Document, opts: &ReadOptions) {
    if let Some(d) = opts.default_date {
        doc.offer_date(d, dyad_model::DateSource::Input);
    }
}

/// Last step for every document: empty check, default date.
pub(crate) fn finish(mut doc: Document, origin: &str, opts: &ReadOptions) -> Item {
    if doc.text.trim().is_empty() {
        return problem(origin, "empty document");
    }
    apply_default_date(&mut doc, opts);
    if doc.lang.is_none() {
        doc.lang = lang::detect(&doc.text);
    }
    Item::Doc(doc)
}

/// Parses a publication date: `YYYY-MM-DD`, an RFC 3339 / ISO 8601 timestamp (the date as
/// written, in the writer's time zone), or an RFC 2822 date (`Tue, 03 Mar 2020 10:00:00 GMT`).
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    if s.len() >= 10 && s.is_char_boundary(10) {
        let (day, rest) = s.split_at(10);
        if rest.is_empty() || rest.starts_with(['T', 't', ' ']) {
            if let Ok(d) = NaiveDate::parse_from_str(day, "%Y-%m-%d") {
                return Some(d);
            }
        }
    }
    if let Ok(dt) = chrono::DateTime::parse_from_rfc2822(s) {
        return Some(dt.date_naive());
    }
    // Compact ISO form 20200303 or 20200303T100000Z.
    if s.len() >= 8 && s.as_bytes()[..8].iter().all(u8::is_ascii_digit) && (s.len() == 8 || s.as_bytes()[8] == b'T') {
        return NaiveDate::parse_from_str(&s[..8], "%Y%m%d").ok();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn problem_kinds() {
        assert_eq!(problem_kind("a.bin", "a.bin: binary file, skipped"), "binary");
        assert_eq!(problem_kind("x.jsonl:3", "x.jsonl:3: malformed JSON: EOF"), "malformed");
        assert_eq!(problem_kind("f.rss", "f.rss: broken feed: bad"), "malformed");
        assert_eq!(problem_kind("t.txt", "t.txt: empty document"), "empty");
        assert_eq!(problem_kind("g.gz", "g.gz: read error: truncated or corrupt gzip: eof"), "malformed");
        assert_eq!(problem_kind("nope", "nope: cannot open: No such file"), "unreadable");
    }

    #[test]
    fn dates() {
        let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd);
        assert_eq!(parse_date("2021-04-05"), d(2021, 4, 5));
        assert_eq!(parse_date("2021-04-05T23:10:00-05:00"), d(2021, 4, 5));
        assert_eq!(parse_date(" 2021-04-05 10:00 "), d(2021, 4, 5));
        assert_eq!(parse_date("Mon, 05 Apr 2021 10:00:00 GMT"), d(2021, 4, 5));
        assert_eq!(parse_date("20210405"), d(2021, 4, 5));
        assert_eq!(parse_date("2021-13-05"), None);
        assert_eq!(parse_date("yesterday"), None);
        assert_eq!(parse_date("é"), None);
    }

    #[test]
    fn utf8_cut() {
        let mut v = "abcé".as_bytes().to_vec();
        v.pop();
        input::cut_incomplete_utf8(&mut v);
        assert_eq!(v, b"abc");
        let mut v = "ab€".as_bytes()[..4].to_vec();
        input::cut_incomplete_utf8(&mut v);
        assert_eq!(v, b"ab");
        let mut v = "ab€".as_bytes().to_vec();
        input::cut_incomplete_utf8(&mut v);
        assert_eq!(v, "ab€".as_bytes());
    }

    #[test]
    fn sniffing() {
        use input::sniff;
        assert_eq!(sniff(b"{\"text\":\"a\"}\n{\"text\":\"b\"}\n"), Format::JsonLines);
        assert_eq!(sniff(b"{\n  \"text\": \"a\"\n}\n"), Format::Json);
        assert_eq!(sniff(b"  [ {\"text\":\"a\"} ]"), Format::Json);
        assert_eq!(sniff(b"<!DOCTYPE html><html><p>x"), Format::Html);
        assert_eq!(sniff(b"<?xml version=\"1.0\"?><rss version=\"2.0\">"), Format::Feed);
        assert_eq!(sniff(b"<?xml version=\"1.0\"?><feed xmlns=\"http://www.w3.org/2005/Atom\">"), Format::Feed);
        assert_eq!(sniff(b"ANKARA, March 3 (Reuters) - Turkey said..."), Format::Text);
        assert_eq!(sniff(b"[Reuters] text"), Format::Text);
    }
}
