//! HTML pages: main-content extraction (dyad's own one-pass extractor, `crate::extract`) and
//! metadata; then boilerplate lines ("Read more", bare links, credits, copyright) are dropped and
//! paragraphs joined with a blank line.

use crate::extract;
use crate::ReadOptions;
use dyad_model::Document;

/// Extracts the article of one HTML page. Never fails: a page without recognisable content gives
/// a document with empty text (the caller reports it as empty).
pub fn read_html(origin: &str, html: &str, opts: &ReadOptions) -> Document {
    let page = extract::extract_page(html);
    let mut paragraphs = filter_paragraphs(page.paragraphs.iter().zip(&page.list_items).map(|(p, &item)| (collapse_ws(p), item)));
    if let Some(t) = &page.title {
        // A headline repeated as the first paragraph is not story text.
        if paragraphs.first().map(|p| p == t).unwrap_or(false) {
            paragraphs.remove(0);
        }
    }
    let mut text = paragraphs.join("\n\n");
    let id = page.url.clone().unwrap_or_else(|| origin.to_string());
    let mut doc = Document::new(id, String::new());
    if crate::input::truncate_str(&mut text, opts.max_doc_bytes) {
        doc.warn("read", format!("document longer than {} bytes: cut", opts.max_doc_bytes));
    }
    doc.text = text;
    doc.title = page.title;
    doc.url = page.url;
    doc.site = page.site;
    doc.lang = page.lang;
    doc.date = page.date;
    doc.date_source = page.date.map(|_| dyad_model::DateSource::Metadata);
    doc
}

/// `en-GB` → `en`; only plausible ISO 639-1 codes are kept.
pub(crate) fn normalise_lang(l: &str) -> Option<String> {
    let code = l.trim().split(['-', '_']).next()?.to_ascii_lowercase();
    (code.len() == 2 && code.bytes().all(|b| b.is_ascii_lowercase())).then_some(code)
}

/// Paragraphs of extracted text: one per non-blank line, whitespace collapsed, boilerplate dropped.
pub(crate) fn paragraphs_of(text: &str) -> Vec<String> {
    filter_paragraphs(text.lines().map(|l| (collapse_ws(l), false)))
}

/// Drops empty and boilerplate paragraphs, immediate repeats, and trailing short link-like lines ("More on this
/// story", "Read more") after the story; the entries of a list that ends the story stay. Paragraphs come
/// with whether they are list entries.
fn filter_paragraphs(ps: impl Iterator<Item = (String, bool)>) -> Vec<String> {
    let mut out: Vec<(String, bool)> = Vec::new();
    for (p, item) in ps {
        // A paragraph repeated at once (the captions of a slideshow) is kept once.
        if p.is_empty() || is_boilerplate(&p) || out.iter().rev().take(2).any(|(q, _)| *q == p) {
            continue;
        }
        out.push((p, item));
    }
    while out.last().map(|(p, item)| !item && p.len() < 40 && !p.ends_with(['.', '"', '\u{201d}', '!', '?'])).unwrap_or(false) {
        out.pop();
    }
    out.into_iter().map(|(p, _)| p).collect()
}

/// Collapses runs of white space (including non-breaking spaces) into one space and trims.
pub(crate) fn collapse_ws(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for w in s.split(|c: char| c.is_whitespace() || c == '\u{a0}') {
        if w.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}

/// Lines that are not story text even inside the main content.
pub(crate) fn is_boilerplate(p: &str) -> bool {
    let l = p.to_lowercase();
    let l = l.trim_matches(|c: char| c.is_whitespace() || matches!(c, ':' | '.' | '»' | '›' | '>' | '|' | '-' | '–' | '—'));
    if l.is_empty() || l.chars().all(|c| matches!(c, '_' | '-' | '*' | '=' | '•' | '·' | '~')) {
        return true;
    }
    // Markup written out as text (an escaped tracking `<img ...>` in the page body).
    let t = p.trim();
    if t.starts_with('<') && t.ends_with('>') && t.contains('=') {
        return true;
    }
    // A bare link to the original (or anywhere).
    if (l.starts_with("http://") || l.starts_with("https://") || l.starts_with("www.")) && !l.contains(' ') {
        return true;
    }
    const EXACT: &[&str] = &[
        "read more", "continue reading", "read the full story", "read the full article", "full story", "more", "advertisement",
        "skip advertisement", "share", "share this", "share this article", "share this story", "related", "related stories",
        "related articles", "related coverage", "see also", "more on this story", "you may also like", "recommended",
        "most read", "most popular", "trending", "lire la suite", "lire aussi", "à lire aussi", "sur le même sujet",
        "leer más", "weiterlesen", "comments", "leave a comment", "leave a reply", "print", "email", "save", "copy link",
        "listen to this article", "watch", "video", "subscribe", "sign up", "click here",
    ];
    if EXACT.contains(&l) {
        return true;
    }
    const PREFIXES: &[&str] = &[
        "read more:", "read more at", "read more on", "related:", "see also:", "also read:", "read also:", "watch:", "listen:",
        "à lire aussi", "lire aussi", "click here to", "reporting by ", "editing by ", "additional reporting by",
        "writing by ", "compiled by ", "(reporting by", "this story has been corrected", "this article was originally published",
        "the original article", "originally published at", "source:", "sources:", "image caption", "image source", "photo:",
        "copyright ", "© ", "(c) ", "all rights reserved", "follow us on", "follow the latest", "sign up for", "subscribe to",
        "get the latest", "download the app", "our standards:", "we use cookies", "this site uses cookies", "this website uses cookies",
        "by continuing to browse", "ce site utilise des cookies", "a version of this article appears in print",
        "published:", "published on", "updated:", "posted on", "last updated", "publié le",
    ];
    if PREFIXES.iter().any(|pre| l.starts_with(pre)) {
        return true;
    }
    // A byline: "By Jane Doe and John Roe", "Par Aminata Diallo, publié le 27 février 2023".
    if l.len() < 120 && (l.starts_with("by ") || l.starts_with("par ") || l.starts_with("von ") || l.starts_with("por ")) && !l.ends_with(['.', '"', '”']) {
        return true;
    }
    if l.len() < 300 && l.starts_with("the post ") && l.contains("appeared first on") {
        return true;
    }
    if l.len() < 200 && (l.ends_with("all rights reserved") || l.contains("contributed to this report")) {
        return true;
    }
    if l.len() < 300 && l.contains("cookies") && (l.contains("accept") || l.contains("consent") || l.contains("you agree") || l.contains("vous acceptez")) {
        return true;
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn boilerplate_lines() {
        assert!(is_boilerplate("Read more"));
        assert!(is_boilerplate("<img height=\"1\" width=\"1\" style=\"display:none\" src=\"http://example.invalid/p?c=1\">"));
        assert!(!is_boilerplate("The minister said the talks would resume <on Monday>, officials said."));
        assert!(!is_boilerplate("Both sides agreed that x > y = z was the point."));
    }

    #[test]
    fn repeats_and_trailing_lines() {
        let ps = |v: &[(&str, bool)]| filter_paragraphs(v.iter().map(|(p, i)| (p.to_string(), *i)));
        // A caption repeated at once is kept once; a repeat further on stays.
        assert_eq!(ps(&[("A caption of a photo.", false), ("A caption of a photo.", false), ("Story text.", false)]), vec!["A caption of a photo.", "Story text."]);
        assert_eq!(ps(&[("Meal one.", false), ("Meal two.", false), ("Meal three.", false), ("Meal one.", false)]).len(), 4);
        // Trailing short lines go, unless they are the entries of a list that ends the story.
        assert_eq!(ps(&[("Story text.", false), ("More on this story", false)]), vec!["Story text."]);
        assert_eq!(ps(&[("Story text.", false), ("Suva, Fiji", true), ("Apia, Samoa", true)]).len(), 3);
    }
}
