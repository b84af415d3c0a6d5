//! RSS 2.0 / RSS 1.0 / Atom feeds (with `feed-rs`): one document per item.

use crate::html::{collapse_ws, normalise_lang, paragraphs_of};
use crate::input::{decode, read_capped, truncate_str};
use crate::{finish, problem, Item, ReadOptions};
use dyad_model::Document;
use std::io::Read;

/// Reads one feed file (held in memory, up to [`ReadOptions::max_file_bytes`]). A broken feed
/// gives a [`Item::Problem`] naming the file; the items before the break are kept when the feed
/// can be closed after its last complete item.
pub(crate) fn read_feed(origin: &str, r: &mut dyn Read, opts: &ReadOptions) -> Vec<Item> {
    let (bytes, skipped) = match read_capped(r, opts.max_file_bytes) {
        Ok(x) => x,
        Err(e) => return vec![problem(origin, format!("read error: {e}"))],
    };
    let mut out = Vec::new();
    let (feed, trouble) = match feed_rs::parser::parse(&bytes[..]) {
        Ok(f) if skipped == 0 => (f, None),
        other => {
            let why = match other {
                Ok(_) => format!("feed longer than {} bytes: the rest ({skipped} bytes) was skipped", opts.max_file_bytes),
                Err(e) => format!("broken feed: {e}"),
            };
            match repair(&bytes).and_then(|fixed| feed_rs::parser::parse(&fixed[..]).ok()) {
                Some(f) => (f, Some(format!("{why}; items before the break kept"))),
                None => return vec![problem(origin, why)],
            }
        }
    };
    drop(bytes);
    let site = feed.title.as_ref().map(|t| collapse_ws(&t.content)).filter(|t| !t.is_empty());
    let feed_lang = feed.language.as_deref().and_then(normalise_lang);
    if feed.entries.is_empty() && trouble.is_none() {
        return vec![problem(origin, "empty feed")];
    }
    for (i, entry) in feed.entries.into_iter().enumerate() {
        let here = format!("{origin}#{}", i + 1);
        let link = entry.links.iter().find(|l| l.rel.as_deref().map(|r| r == "alternate").unwrap_or(true)).or(entry.links.first()).map(|l| l.href.trim().to_string()).filter(|h| !h.is_empty());
        let id = link.clone().or_else(|| Some(entry.id.trim().to_string()).filter(|s| !s.is_empty())).unwrap_or_else(|| here.clone());
        let body = entry.content.as_ref().and_then(|c| c.body.clone()).filter(|b| !b.trim().is_empty());
        let (raw, is_html) = match body {
            Some(b) => {
                let html = entry.content.as_ref().map(|c| c.content_type.to_string().contains("html")).unwrap_or(false);
                (b, html)
            }
            None => match &entry.summary {
                Some(t) => (t.content.clone(), t.content_type.to_string().contains("html")),
                None => (String::new(), false),
            },
        };
        let mut text = if is_html || looks_like_html(&raw) { html_to_text(&raw) } else { plain_paragraphs(&raw) };
        let mut doc = Document::new(id, String::new());
        if truncate_str(&mut text, opts.max_doc_bytes) {
            doc.warn("read", format!("document longer than {} bytes: cut", opts.max_doc_bytes));
        }
        doc.text = text;
        doc.url = link;
        doc.title = entry.title.as_ref().map(|t| collapse_ws(&if looks_like_html(&t.content) { html_to_text(&t.content) } else { t.content.clone() })).filter(|t| !t.is_empty());
        if let Some(d) = entry.published.or(entry.updated) {
            doc.offer_date(d.date_naive(), dyad_model::DateSource::Feed);
        }
        doc.site = site.clone();
        doc.lang = entry.language.as_deref().and_then(normalise_lang).or_else(|| feed_lang.clone());
        out.push(finish(doc, &here, opts));
    }
    if let Some(why) = trouble {
        out.push(problem(origin, why));
    }
    out
}

fn looks_like_html(s: &str) -> bool {
    s.contains("</") || s.contains("<p") || s.contains("<br") || s.contains("<div") || s.contains("&lt;")
}

/// The text of an HTML fragment: paragraphs joined by a blank line, boilerplate lines dropped.
fn html_to_text(html: &str) -> String {
    let mut t = crate::extract::fragment_paragraphs(html).join("\n");
    if t.contains("</") || t.contains("<p") || t.contains("<br") {
        // Doubly escaped markup: one more round.
        t = crate::extract::fragment_paragraphs(&t).join("\n");
    }
    paragraphs_of(&t).join("\n\n")
}

fn plain_paragraphs(s: &str) -> String {
    s.split("\n\n").map(collapse_ws).filter(|p| !p.is_empty()).collect::<Vec<_>>().join("\n\n")
}

/// Cuts a broken feed after its last complete item and closes it, so that the items before the
/// break can be read.
fn repair(bytes: &[u8]) -> Option<Vec<u8>> {
    let (text, _) = decode(bytes.to_vec());
    let lower = text.to_ascii_lowercase();
    let (end, closing) = if let Some(i) = lower.rfind("</item>") {
        let close = if lower.contains("<rdf:rdf") { "</rdf:RDF>" } else { "</channel></rss>" };
        (i + "</item>".len(), close)
    } else if let Some(i) = lower.rfind("</entry>") {
        (i + "</entry>".len(), "</feed>")
    } else {
        return None;
    };
    let mut fixed = text[..end].to_string();
    fixed.push_str(closing);
    Some(fixed.into_bytes())
}
