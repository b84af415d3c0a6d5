//! Byte-level input handling: bounded reads, binary detection, UTF-8 decoding, format sniffing.

use std::io::{self, BufRead, Read};

/// How many bytes of the start of an input are looked at to sniff its format and detect binaries.
pub(crate) const HEAD_BYTES: usize = 8 * 1024;

/// Reads up to `n` bytes (fewer only at end of input).
pub(crate) fn read_head(r: &mut dyn Read, n: usize) -> io::Result<Vec<u8>> {
    let mut head = Vec::with_capacity(n.min(HEAD_BYTES));
    r.take(n as u64).read_to_end(&mut head)?;
    Ok(head)
}

/// Reads at most `max` bytes of `r`; the rest is read and thrown away (never stored). Returns the
/// bytes kept and the number of bytes skipped.
pub(crate) fn read_capped(r: &mut dyn Read, max: usize) -> io::Result<(Vec<u8>, u64)> {
    let mut buf = Vec::new();
    r.take(max as u64).read_to_end(&mut buf)?;
    let skipped = if buf.len() >= max { io::copy(r, &mut io::sink())? } else { 0 };
    Ok((buf, skipped))
}

/// Reads one line (without its `\n` and a trailing `\r`) into `buf`, keeping at most `max` bytes;
/// the rest of an over-long line is consumed but not stored. Returns `None` at end of input,
/// else the number of bytes dropped from the line.
pub(crate) fn read_line_capped(r: &mut dyn BufRead, buf: &mut Vec<u8>, max: usize) -> io::Result<Option<u64>> {
    buf.clear();
    let mut dropped = 0u64;
    let mut any = false;
    loop {
        let chunk = match r.fill_buf() {
            Ok(c) => c,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if chunk.is_empty() {
            break;
        }
        any = true;
        let (line_part, used, done) = match chunk.iter().position(|&b| b == b'\n') {
            Some(i) => (&chunk[..i], i + 1, true),
            None => (chunk, chunk.len(), false),
        };
        let room = max.saturating_sub(buf.len());
        if line_part.len() <= room {
            buf.extend_from_slice(line_part);
        } else {
            buf.extend_from_slice(&line_part[..room]);
            dropped += (line_part.len() - room) as u64;
        }
        r.consume(used);
        if done {
            break;
        }
    }
    if !any {
        return Ok(None);
    }
    if dropped == 0 && buf.last() == Some(&b'\r') {
        buf.pop();
    }
    Ok(Some(dropped))
}

/// Removes an incomplete UTF-8 sequence at the end of `buf` (left by cutting it at a byte count).
pub(crate) fn cut_incomplete_utf8(buf: &mut Vec<u8>) {
    let n = buf.len();
    for back in 1..=4.min(n) {
        let b = buf[n - back];
        if b & 0xC0 == 0x80 {
            continue; // continuation byte: keep looking for the lead byte
        }
        let need = if b < 0x80 {
            1
        } else if b & 0xE0 == 0xC0 {
            2
        } else if b & 0xF0 == 0xE0 {
            3
        } else if b & 0xF8 == 0xF0 {
            4
        } else {
            1 // invalid lead byte: decoding will replace it anyway
        };
        if need > back {
            buf.truncate(n - back);
        }
        return;
    }
}

/// Cuts `s` to at most `max` bytes on a char boundary. Returns whether it was cut.
pub(crate) fn truncate_str(s: &mut String, max: usize) -> bool {
    if s.len() <= max {
        return false;
    }
    let mut cut = max;
    while !s.is_char_boundary(cut) {
        cut -= 1;
    }
    s.truncate(cut);
    true
}

/// True if the start of a file looks binary: a NUL byte, or more than 10% control characters.
/// UTF-16 text with a byte-order mark is not binary (it is decoded by [`decode`]).
pub(crate) fn looks_binary(head: &[u8]) -> bool {
    if head.starts_with(&[0xFF, 0xFE]) || head.starts_with(&[0xFE, 0xFF]) {
        return false;
    }
    if head.contains(&0) {
        return true;
    }
    let control = head
        .iter()
        .filter(|&&b| (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0C | 0x1B)) || b == 0x7F)
        .count();
    control * 10 > head.len()
}

/// Decodes bytes as UTF-8 (dropping a byte-order mark; UTF-16 with a BOM is decoded too). Invalid
/// sequences are replaced by U+FFFD; the second value says whether that happened.
pub(crate) fn decode(bytes: Vec<u8>) -> (String, bool) {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        let le = bytes[0] == 0xFF;
        let units = bytes[2..].chunks_exact(2).map(|c| if le { u16::from_le_bytes([c[0], c[1]]) } else { u16::from_be_bytes([c[0], c[1]]) });
        let mut lossy = bytes.len() % 2 == 1;
        let s: String = char::decode_utf16(units)
            .map(|r| {
                r.unwrap_or_else(|_| {
                    lossy = true;
                    char::REPLACEMENT_CHARACTER
                })
            })
            .collect();
        return (s, lossy);
    }
    let mut bytes = bytes;
    if bytes.starts_with(&[0xEF, 0xBB, 0xBF]) {
        bytes.drain(..3);
    }
    match String::from_utf8(bytes) {
        Ok(s) => (s, false),
        Err(e) => (String::from_utf8_lossy(e.as_bytes()).into_owned(), true),
    }
}

/// The formats the reader knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Format {
    Text,
    JsonLines,
    Json,
    Html,
    Feed,
}

/// The format implied by a file name's extension, if any.
pub(crate) fn format_from_name(name: &str) -> Option<Format> {
    let ext = extension(name)?;
    Some(match ext.as_str() {
        "txt" | "text" => Format::Text,
        "jsonl" | "ndjson" => Format::JsonLines,
        "json" => Format::Json,
        "html" | "htm" | "xhtml" => Format::Html,
        "xml" | "rss" | "atom" => Format::Feed,
        _ => return None,
    })
}

/// The lower-cased extension of the last path component.
pub(crate) fn extension(name: &str) -> Option<String> {
    let file = name.rsplit(['/', '\\']).next().unwrap_or(name);
    let (stem, ext) = file.rsplit_once('.')?;
    if stem.is_empty() || ext.is_empty() {
        return None;
    }
    Some(ext.to_ascii_lowercase())
}

/// Guesses the format from the first bytes of the content.
pub(crate) fn sniff(head: &[u8]) -> Format {
    let mut s = head;
    if s.starts_with(&[0xEF, 0xBB, 0xBF]) {
        s = &s[3..];
    }
    let start = s.iter().position(|b| !b.is_ascii_whitespace()).unwrap_or(s.len());
    let s = &s[start..];
    let lower: Vec<u8> = s.iter().take(1024).map(|b| b.to_ascii_lowercase()).collect();
    if s.first() == Some(&b'{') {
        // One object on the first line: JSON lines; an object spread over lines: one JSON document.
        let first_line = s.split(|&b| b == b'\n').next().unwrap_or(s);
        if serde_json::from_slice::<serde_json::Value>(first_line).map(|v| v.is_object()).unwrap_or(false) {
            return Format::JsonLines;
        }
        return Format::Json;
    }
    if s.first() == Some(&b'[') && serde_json_prefix_ok(s) {
        return Format::Json;
    }
    if contains(&lower, b"<rss") || contains(&lower, b"<feed") || contains(&lower, b"<rdf:rdf") {
        return Format::Feed;
    }
    if lower.starts_with(b"<!doctype html")
        || contains(&lower, b"<html")
        || ((lower.starts_with(b"<!--") || lower.starts_with(b"<head") || lower.starts_with(b"<body") || lower.starts_with(b"<meta"))
            && (contains(&lower, b"<p") || contains(&lower, b"<div") || contains(&lower, b"<title")))
    {
        return Format::Html;
    }
    if lower.starts_with(b"<?xml") {
        // XML that is not a feed (or whose root comes after the first KiB): let the feed reader decide.
        let wide: Vec<u8> = s.iter().map(|b| b.to_ascii_lowercase()).collect();
        if contains(&wide, b"<html") {
            return Format::Html;
        }
        return Format::Feed;
    }
    Format::Text
}

/// `[` followed by whitespace and `{` or `]`: a JSON array of objects.
fn serde_json_prefix_ok(s: &[u8]) -> bool {
    s[1..].iter().find(|b| !b.is_ascii_whitespace()).map(|&b| b == b'{' || b == b']').unwrap_or(false)
}

pub(crate) fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

/// Gives gzip decoding errors a message that says so.
pub(crate) struct GzErrors<R>(pub(crate) R);

impl<R: Read> Read for GzErrors<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        self.0.read(buf).map_err(|e| io::Error::new(e.kind(), format!("truncated or corrupt gzip: {e}")))
    }
}
