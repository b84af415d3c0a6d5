//! WARC web archives (`.warc`, `.warc.gz`; ISO 28500, WARC/1.0 and 1.1), as Common Crawl's CC-NEWS
//! and other crawlers write them.
//!
//! Every `response` record whose HTTP payload is HTML goes through the article extractor
//! ([`crate::read_html`]); the document's id and URL are the record's `WARC-Target-URI`. The page's
//! own publication date (its metadata) wins; the record's `WARC-Date` is offered last, as
//! [`DateSource::Crawl`], so it only dates pages that have no better date (the text stage may still
//! find a dateline or a date in the opening sentences, which are trusted more).
//!
//! Every other record (`warcinfo`, `request`, `metadata`, `revisit`, responses that are not HTML or
//! not HTTP 2xx) becomes an [`Item::Skipped`] with its kind, so callers can count what was left
//! aside. A record that cannot be read (a corrupt gzip member, a header that is not WARC, a block
//! shorter than its `Content-Length`) becomes an [`Item::Problem`] naming the file and the byte
//! offset of the record (in the compressed file for `.warc.gz`, as CDX indexes count), and reading
//! goes on at the next record it can find.
//!
//! Why dyad's own reader and not the `warc` crate (0.4, MIT): that crate brings `nom`, `uuid` 0.8,
//! `url` (with its IDNA tables) and a second deflate implementation (`libflate`) beside the
//! `flate2` this crate already uses, and it neither reports record offsets nor resynchronises
//! after a corrupt gzip member. A WARC record is a version line, `Name: value` lines and a block of
//! `Content-Length` bytes; the reader here is that, streaming, with one record in memory at a time.

use crate::input::{decode, read_capped};
use crate::{problem, Item, ReadOptions};
use dyad_model::DateSource;
use std::io::{self, BufRead, BufReader, Read};

/// Longest WARC or HTTP header line kept; header blocks of more lines than [`MAX_HEADER_LINES`]
/// are malformed.
const MAX_LINE: usize = 64 * 1024;
const MAX_HEADER_LINES: usize = 512;

/// The gzip magic and the deflate method byte: where a gzip member may start.
const GZIP_MAGIC: [u8; 3] = [0x1f, 0x8b, 0x08];

/// Whether an input is a WARC archive: by name (`.warc`, `.warc.gz`) or content (a `WARC/1.`
/// version line, plain or in the first gzip member). `Some(true)` when gzip-compressed.
pub(crate) fn detect(name: &str, head: &[u8]) -> Option<bool> {
    let lower = name.to_ascii_lowercase();
    let gz = head.starts_with(&GZIP_MAGIC[..2]);
    if lower.ends_with(".warc.gz") || lower.ends_with(".warc") {
        return Some(gz);
    }
    if head.starts_with(b"WARC/1.") {
        return Some(false);
    }
    if gz {
        let mut start = [0u8; 7];
        let mut dec = flate2::read::GzDecoder::new(head);
        let mut n = 0;
        while n < start.len() {
            match dec.read(&mut start[n..]) {
                Ok(0) | Err(_) => break,
                Ok(k) => n += k,
            }
        }
        if &start[..n] == b"WARC/1." {
            return Some(true);
        }
    }
    None
}

/// Counts the bytes consumed from a buffered reader: the offsets of records and gzip members.
struct Offsets<R> {
    inner: R,
    pos: u64,
}

impl<R: BufRead> Read for Offsets<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.pos += n as u64;
        Ok(n)
    }
}

impl<R: BufRead> BufRead for Offsets<R> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        self.inner.fill_buf()
    }
    fn consume(&mut self, amt: usize) {
        self.pos += amt as u64;
        self.inner.consume(amt)
    }
}

type Raw = Offsets<BufReader<Box<dyn Read + Send>>>;

/// One WARC record: its named fields and (the first bytes of) its block.
struct Record {
    fields: Vec<(String, String)>,
    block: Vec<u8>,
    /// Bytes of the block beyond what was kept.
    dropped: u64,
}

impl Record {
    fn field(&self, name: &str) -> Option<&str> {
        self.fields.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }
}

/// Why a record could not be read.
enum Bad {
    /// Not a record here: reading resumes at the next one found.
    Malformed(String),
    /// The input ended inside the record.
    Truncated(String),
    Io(io::Error),
}

/// Reads a line (without CR LF) of at most [`MAX_LINE`] bytes; `None` at end of input.
fn line(r: &mut dyn BufRead, buf: &mut Vec<u8>) -> Result<Option<()>, Bad> {
    match crate::input::read_line_capped(r, buf, MAX_LINE) {
        Ok(None) => Ok(None),
        Ok(Some(0)) => Ok(Some(())),
        Ok(Some(_)) => Err(Bad::Malformed(format!("header line longer than {MAX_LINE} bytes"))),
        Err(e) => Err(Bad::Io(e)),
    }
}

/// `Name: value` lines up to an empty line.
fn header_fields(r: &mut dyn BufRead, what: &str) -> Result<Vec<(String, String)>, Bad> {
    let mut fields: Vec<(String, String)> = Vec::new();
    let mut buf = Vec::new();
    loop {
        if line(r, &mut buf)?.is_none() {
            return Err(Bad::Truncated(format!("the input ends inside the {what} header")));
        }
        if buf.is_empty() {
            return Ok(fields);
        }
        if fields.len() >= MAX_HEADER_LINES {
            return Err(Bad::Malformed(format!("{what} header of more than {MAX_HEADER_LINES} lines")));
        }
        let text = String::from_utf8_lossy(&buf);
        if text.starts_with([' ', '\t']) {
            // A folded continuation line.
            if let Some((_, v)) = fields.last_mut() {
                v.push(' ');
                v.push_str(text.trim());
            }
            continue;
        }
        match text.split_once(':') {
            Some((k, v)) => fields.push((k.trim().to_string(), v.trim().to_string())),
            None => return Err(Bad::Malformed(format!("{what} header line without a colon: {:?}", truncate(&text, 80)))),
        }
    }
}

fn truncate(s: &str, n: usize) -> &str {
    let mut end = s.len().min(n);
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

/// Reads the next record; `Ok(None)` at a clean end of input. Blank lines before the version line
/// (the CR LF CR LF that ends the previous record) are skipped.
fn next_record(r: &mut dyn BufRead, keep: usize) -> Result<Option<Record>, Bad> {
    let mut buf = Vec::new();
    loop {
        if line(r, &mut buf)?.is_none() {
            return Ok(None);
        }
        if !buf.iter().all(|b| b.is_ascii_whitespace()) {
            break;
        }
    }
    if !buf.starts_with(b"WARC/") {
        return Err(Bad::Malformed(format!("not a WARC record: {:?}", truncate(&String::from_utf8_lossy(&buf), 40))));
    }
    let fields = header_fields(r, "WARC")?;
    let rec = Record { fields, block: Vec::new(), dropped: 0 };
    let len: u64 = match rec.field("Content-Length").map(|v| v.parse()) {
        Some(Ok(n)) => n,
        Some(Err(_)) => return Err(Bad::Malformed("bad Content-Length".into())),
        None => return Err(Bad::Malformed("no Content-Length".into())),
    };
    let mut block = r.take(len);
    let (bytes, dropped) = read_capped(&mut block, keep).map_err(Bad::Io)?;
    let got = bytes.len() as u64 + dropped;
    if got < len {
        return Err(Bad::Truncated(format!("block of {got} bytes where Content-Length says {len}")));
    }
    Ok(Some(Record { block: bytes, dropped, ..rec }))
}

/// Where the reader is in the input.
enum State {
    /// Uncompressed records straight from the input.
    Plain(Raw),
    /// Between gzip members.
    Members(Raw),
    /// Inside a gzip member that started at this offset.
    Member(BufReader<flate2::bufread::GzDecoder<Raw>>, u64),
    /// A gzip member that could not be read.
    Failed(BufReader<flate2::bufread::GzDecoder<Raw>>, u64, Bad),
    Done,
}

/// The items of one WARC archive, in record order.
pub(crate) struct Warc {
    name: String,
    opts: ReadOptions,
    state: State,
}

/// Reads a WARC archive (`gz`: compressed, gzip member by member).
pub(crate) fn read(name: String, r: Box<dyn Read + Send>, gz: bool, opts: ReadOptions) -> Warc {
    let raw = Offsets { inner: BufReader::with_capacity(1 << 16, r), pos: 0 };
    Warc { name, opts, state: if gz { State::Members(raw) } else { State::Plain(raw) } }
}

impl Warc {
    fn origin(&self, offset: u64) -> String {
        format!("{}@{offset}", self.name)
    }

    fn bad(&self, offset: u64, why: &str) -> Item {
        problem(&self.origin(offset), format!("WARC record at byte offset {offset}: {why}"))
    }

    /// Skips to the next line starting with `WARC/` in an uncompressed archive (left unread).
    fn resync_plain(raw: &mut Raw) -> io::Result<()> {
        loop {
            let buf = raw.fill_buf()?;
            if buf.is_empty() {
                return Ok(());
            }
            // Look for "\nWARC/" and stop just after the newline.
            match memchr::memmem::find(buf, b"\nWARC/") {
                Some(i) => {
                    raw.consume(i + 1);
                    return Ok(());
                }
                None => {
                    let n = buf.len().saturating_sub(5).max(1);
                    raw.consume(n);
                }
            }
        }
    }

    /// Skips to the next gzip member header (left unread).
    fn resync_gz(raw: &mut Raw) -> io::Result<()> {
        loop {
            let buf = raw.fill_buf()?;
            if buf.is_empty() {
                return Ok(());
            }
            match memchr::memmem::find(buf, &GZIP_MAGIC) {
                Some(i) => {
                    raw.consume(i);
                    return Ok(());
                }
                None => {
                    let n = buf.len().saturating_sub(2).max(1);
                    raw.consume(n);
                }
            }
        }
    }

    /// The item of one record read whole.
    fn item(&self, offset: u64, rec: Record) -> Item {
        let kind = rec.field("WARC-Type").unwrap_or("").to_ascii_lowercase();
        let origin = self.origin(offset);
        if kind != "response" {
            let kind = if kind.is_empty() { "untyped".to_string() } else { kind };
            return Item::Skipped { origin, reason: format!("WARC {kind} record") };
        }
        let Some(uri) = rec.field("WARC-Target-URI").map(|u| u.trim_matches(['<', '>']).to_string()) else {
            return self.bad(offset, "response record without WARC-Target-URI");
        };
        let crawled = rec.field("WARC-Date").and_then(crate::parse_date);
        let is_http = rec.field("Content-Type").map(|c| c.to_ascii_lowercase().contains("application/http")).unwrap_or(true);
        if !is_http {
            return Item::Skipped { origin, reason: "WARC response that is not HTTP".into() };
        }
        let page = match http_payload(&rec.block, self.opts.max_file_bytes) {
            Ok(p) => p,
            Err(Payload::Skip(reason)) => return Item::Skipped { origin, reason },
            Err(Payload::Bad(why)) => return self.bad(offset, &format!("{uri}: {why}")),
        };
        let (html, lossy) = page;
        let mut doc = crate::read_html(&uri, &html, &self.opts);
        drop(html);
        doc.id = uri.clone();
        doc.url = Some(uri.clone());
        if let Some(d) = crawled {
            doc.offer_date(d, DateSource::Crawl);
        }
        if lossy {
            doc.warn("read", "invalid UTF-8 replaced by U+FFFD");
        }
        if rec.dropped > 0 {
            doc.warn("read", format!("record longer than {} bytes: the rest ({} bytes) was skipped", self.opts.max_file_bytes, rec.dropped));
        }
        if doc.text.trim().is_empty() {
            return problem(&uri, format!("empty document (WARC record at byte offset {offset} of {})", self.name));
        }
        Item::Doc(doc)
    }
}

enum Payload {
    Skip(String),
    Bad(String),
}

/// The HTML of an HTTP response block, decoded: status 2xx, an HTML content type, chunked
/// transfer and gzip/deflate content encodings undone, the charset (UTF-8, or Latin-1/Windows-1252)
/// applied. Returns the page and whether invalid UTF-8 was replaced.
fn http_payload(block: &[u8], max: usize) -> Result<(String, bool), Payload> {
    let mut r: &[u8] = block;
    let mut status = Vec::new();
    match line(&mut r, &mut status) {
        Ok(Some(())) => {}
        _ => return Err(Payload::Bad("empty HTTP response".into())),
    }
    let status = String::from_utf8_lossy(&status).into_owned();
    let code = status.split_whitespace().nth(1).unwrap_or("");
    if !status.starts_with("HTTP/") || code.len() != 3 {
        return Err(Payload::Bad(format!("not an HTTP response: {:?}", truncate(&status, 40))));
    }
    if !code.starts_with('2') {
        return Err(Payload::Skip(format!("WARC response with HTTP status {}xx", &code[..1])));
    }
    let fields = match header_fields(&mut r, "HTTP") {
        Ok(f) => f,
        Err(Bad::Malformed(m) | Bad::Truncated(m)) => return Err(Payload::Bad(m)),
        Err(Bad::Io(e)) => return Err(Payload::Bad(e.to_string())),
    };
    let get = |name: &str| fields.iter().rev().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.to_ascii_lowercase());
    let ctype = get("Content-Type").unwrap_or_default();
    let html = ctype.contains("html") || (ctype.is_empty() && crate::input::sniff(&r[..r.len().min(crate::input::HEAD_BYTES)]) == crate::input::Format::Html);
    if !html {
        let what = ctype.split(';').next().unwrap_or("").trim();
        return Err(Payload::Skip(format!("WARC response that is not HTML ({})", if what.is_empty() { "no content type" } else { what })));
    }
    let mut body: Vec<u8> = r.to_vec();
    if get("Transfer-Encoding").is_some_and(|t| t.contains("chunked")) {
        body = dechunk(&body).ok_or_else(|| Payload::Bad("malformed chunked transfer encoding".into()))?;
    }
    match get("Content-Encoding").as_deref() {
        Some(e) if e.contains("gzip") => {
            let (b, _) = read_capped(&mut flate2::read::MultiGzDecoder::new(&body[..]), max).map_err(|e| Payload::Bad(format!("corrupt gzip content: {e}")))?;
            body = b;
        }
        Some(e) if e.contains("deflate") => {
            let (b, _) = read_capped(&mut flate2::read::ZlibDecoder::new(&body[..]), max).map_err(|e| Payload::Bad(format!("corrupt deflate content: {e}")))?;
            body = b;
        }
        _ => {}
    }
    let charset = ctype.split(';').filter_map(|p| p.trim().strip_prefix("charset=")).next().map(|c| c.trim_matches('"').to_string());
    if matches!(charset.as_deref(), Some("iso-8859-1" | "latin1" | "latin-1" | "windows-1252" | "cp1252")) && std::str::from_utf8(&body).is_err() {
        // Latin-1 is the first 256 code points; Windows-1252 differs only in 0x80–0x9F (punctuation).
        return Ok((body.iter().map(|&b| b as char).collect(), false));
    }
    Ok(decode(body))
}

/// Undoes HTTP chunked transfer encoding; `None` when malformed.
fn dechunk(mut b: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(b.len());
    loop {
        let eol = memchr::memchr(b'\n', b)?;
        let size_line = std::str::from_utf8(&b[..eol]).ok()?.trim();
        let size = usize::from_str_radix(size_line.split(';').next()?.trim(), 16).ok()?;
        b = &b[eol + 1..];
        if size == 0 {
            return Some(out);
        }
        out.extend_from_slice(b.get(..size)?);
        b = &b[size..];
        b = b.strip_prefix(b"\r\n").or_else(|| b.strip_prefix(b"\n")).unwrap_or(b);
    }
}

/// Skips white space (the blank lines between records).
fn skip_blank(r: &mut dyn BufRead) -> io::Result<()> {
    loop {
        let buf = r.fill_buf()?;
        let ws = buf.iter().take_while(|b| b.is_ascii_whitespace()).count();
        let done = ws < buf.len() || buf.is_empty();
        r.consume(ws);
        if done {
            return Ok(());
        }
    }
}

/// Skips the blank lines after a record; at the end of the gzip member this reads its trailer,
/// so a corrupt member is an error here, before its record is given out.
fn member_end(r: &mut dyn BufRead) -> io::Result<()> {
    loop {
        let buf = r.fill_buf()?;
        if buf.is_empty() {
            return Ok(());
        }
        let ws = buf.iter().take_while(|b| b.is_ascii_whitespace()).count();
        if ws < buf.len() {
            // More in the same member: another record (an archive compressed whole), or the
            // decoded garbage of a corrupt member.
            let rest = &buf[ws..];
            let next_record = rest.starts_with(&b"WARC/"[..rest.len().min(5)]);
            r.consume(ws);
            return if next_record { Ok(()) } else { Err(io::Error::new(io::ErrorKind::InvalidData, "data that is not a WARC record after the record")) };
        }
        r.consume(ws);
    }
}

impl Iterator for Warc {
    type Item = Item;

    fn next(&mut self) -> Option<Item> {
        let keep = self.opts.max_file_bytes;
        loop {
            match std::mem::replace(&mut self.state, State::Done) {
                State::Done => return None,
                State::Plain(mut raw) => {
                    // The offset of the record's version line, after the blank lines before it.
                    if let Err(e) = skip_blank(&mut raw) {
                        return Some(self.bad(raw.pos, &format!("read error: {e}")));
                    }
                    let offset = raw.pos;
                    match next_record(&mut raw, keep) {
                        Ok(None) => return None,
                        Ok(Some(rec)) => {
                            self.state = State::Plain(raw);
                            return Some(self.item(offset, rec));
                        }
                        Err(Bad::Malformed(why)) => {
                            let resumed = Self::resync_plain(&mut raw);
                            let item = self.bad(offset, &format!("{why}; reading goes on at byte {}", raw.pos));
                            if resumed.is_ok() {
                                self.state = State::Plain(raw);
                            }
                            return Some(item);
                        }
                        Err(Bad::Truncated(why)) => return Some(self.bad(offset, &format!("truncated archive: {why}"))),
                        Err(Bad::Io(e)) => return Some(self.bad(offset, &format!("read error: {e}"))),
                    }
                }
                State::Members(mut raw) => {
                    let offset = raw.pos;
                    let head = match raw.fill_buf() {
                        Ok(b) => b,
                        Err(e) => return Some(self.bad(offset, &format!("read error: {e}"))),
                    };
                    if head.is_empty() {
                        return None;
                    }
                    if !head.starts_with(&GZIP_MAGIC[..head.len().min(3)]) || head.len() < 3 {
                        // Not a gzip member: corrupt or garbage between members.
                        raw.consume(1);
                        let resumed = Self::resync_gz(&mut raw);
                        let item = self.bad(offset, &format!("not a gzip member; reading goes on at byte {}", raw.pos));
                        if resumed.is_ok() {
                            self.state = State::Members(raw);
                        }
                        return Some(item);
                    }
                    self.state = State::Member(BufReader::with_capacity(1 << 16, flate2::bufread::GzDecoder::new(raw)), offset);
                }
                State::Member(mut dec, start) => match next_record(&mut dec, keep) {
                    Ok(None) => {
                        // End of this member: on to the next.
                        self.state = State::Members(dec.into_inner().into_inner());
                    }
                    Ok(Some(rec)) => match member_end(&mut dec) {
                        // The member's checksum is only checked at its end: a record is given out
                        // once its member has ended well (or when more records follow in it).
                        Ok(()) => {
                            self.state = State::Member(dec, start);
                            return Some(self.item(start, rec));
                        }
                        Err(e) => self.state = State::Failed(dec, start, Bad::Io(e)),
                    },
                    Err(bad) => self.state = State::Failed(dec, start, bad),
                },
                State::Failed(dec, start, bad) => {
                    {
                        let why = match bad {
                            Bad::Malformed(w) => w,
                            Bad::Truncated(w) => format!("truncated: {w}"),
                            Bad::Io(e) => format!("corrupt gzip member: {e}"),
                        };
                        let mut raw = dec.into_inner().into_inner();
                        let at_end = matches!(raw.fill_buf(), Ok(b) if b.is_empty());
                        if at_end {
                            return Some(self.bad(start, &format!("{why} (the archive ends here)")));
                        }
                        let resumed = Self::resync_gz(&mut raw);
                        let item = self.bad(start, &format!("{why}; reading goes on at byte {}", raw.pos));
                        if resumed.is_ok() {
                            self.state = State::Members(raw);
                        }
                        return Some(item);
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chunks() {
        assert_eq!(dechunk(b"5\r\nhello\r\n6;x=1\r\n world\r\n0\r\n\r\n").as_deref(), Some(&b"hello world"[..]));
        assert_eq!(dechunk(b"zz\r\nhello"), None);
        assert_eq!(dechunk(b"50\r\nshort"), None);
    }

    #[test]
    fn detection() {
        assert_eq!(detect("a.warc", b"WARC/1.0\r\n"), Some(false));
        assert_eq!(detect("a.txt", b"WARC/1.1\r\n"), Some(false));
        assert_eq!(detect("a.WARC.GZ", &[0x1f, 0x8b, 8, 0]), Some(true));
        assert_eq!(detect("a.txt", b"WARNING: text"), None);
    }

    #[test]
    fn statuses_and_types() {
        let page = b"HTTP/1.1 301 Moved\r\nLocation: x\r\n\r\n";
        assert!(matches!(http_payload(page, 1 << 20), Err(Payload::Skip(r)) if r.contains("3xx")));
        let pdf = b"HTTP/1.1 200 OK\r\nContent-Type: application/pdf\r\n\r\n%PDF";
        assert!(matches!(http_payload(pdf, 1 << 20), Err(Payload::Skip(r)) if r.contains("application/pdf")));
        let latin = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=ISO-8859-1\r\n\r\n<p>caf\xe9</p>";
        assert_eq!(http_payload(latin, 1 << 20).ok().map(|p| p.0), Some("<p>café</p>".to_string()));
        assert!(matches!(http_payload(b"garbage", 1 << 20), Err(Payload::Bad(_))));
    }
}
