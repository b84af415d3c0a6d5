//! HTML pages: main-content extraction (with `dom_smoothie`, a Readability port) and metadata.
//!
//! Steps: parse once with `dom_query`; read the metadata (canonical URL, title, site, date,
//! language); remove what is never story text (scripts, navigation, footers, asides, forms,
//! cookie / share / related / newsletter / comment blocks, captions); let Readability pick the
//! main content; split it into paragraphs and drop boilerplate lines ("Read more", bare links,
//! credits, copyright); join paragraphs with a blank line.

use crate::{parse_date, ReadOptions};
use dom_query::Document as Dom;
use dom_smoothie::{Config, Readability, TextMode};
use dyad_model::Document;

/// Elements removed before content extraction: never story text.
const DROP_TAGS: &str = "script, style, noscript, template, svg, iframe, object, embed, nav, footer, aside, form, button, input, select, textarea, figcaption, dialog";

/// Class / id fragments marking boilerplate containers (see [`has_marker`] for the matching).
const DROP_MARKERS: &[&str] = &[
    "cookie", "consent", "gdpr", "onetrust", "share", "sharing", "sharedaddy", "social", "related", "relatedposts", "newsletter",
    "signup", "sign-up", "subscribe", "comment", "breadcrumb", "most-read", "mostread", "most-popular", "trending", "sidebar",
    "widget", "advert", "advertisement", "ad-slot", "dfp", "paywall", "gateway", "bandeau", "partage", "lire-aussi", "more-on",
    "read-more", "topic-list", "skip-link", "post-navigation", "bottom-of-article", "print-info", "trust",
];

/// Markers of blocks that are usually short metadata (bylines, dates, standfirsts, tags, promos):
/// removed only when they hold little text, in case a site uses the word for a content wrapper.
const SOFT_MARKERS: &[&str] = &[
    "byline", "meta", "author", "auteur", "subhead", "summary", "standfirst", "kicker", "article-info", "article-dates",
    "dates", "credits", "tags", "promo", "enhancement", "caption",
];

/// A soft-marked block with more text than this is kept.
const SOFT_MAX_TEXT: usize = 400;

/// Extracts the article of one HTML page. Never fails: a page without recognisable content gives
/// a document with empty text (the caller reports it as empty).
pub fn read_html(origin: &str, html: &str, opts: &ReadOptions) -> Document {
    let dom = Dom::from(html);
    let meta = Meta::from_dom(&dom);
    clean(&dom);
    let cfg = Config { text_mode: TextMode::Formatted, max_elements_to_parse: 50_000, ..Config::default() };
    let mut text_raw = String::new();
    let mut rd_title = None;
    let mut rd_date = None;
    match Readability::with_document(dom.clone(), None, Some(cfg)) {
        Ok(mut r) => {
            if let Ok(article) = r.parse() {
                text_raw = article.text_content.to_string();
                rd_title = Some(article.title).filter(|t| !t.trim().is_empty());
                rd_date = article.published_time;
            }
        }
        Err(_) => {}
    }
    let mut paragraphs = paragraphs(&text_raw);
    if paragraphs.is_empty() {
        // Readability found nothing: fall back on the cleaned body.
        let body = dom.select("body");
        let t = if body.exists() { body.formatted_text().to_string() } else { dom.formatted_text().to_string() };
        paragraphs = paragraphs_of(&t);
    }
    let title = meta.title.clone().or(rd_title).map(|t| collapse_ws(&t));
    if let Some(t) = &title {
        // A headline repeated as the first paragraph is not story text.
        if paragraphs.first().map(|p| p == t).unwrap_or(false) {
            paragraphs.remove(0);
        }
    }
    let mut text = paragraphs.join("\n\n");
    let id = meta.url.clone().unwrap_or_else(|| origin.to_string());
    let mut doc = Document::new(id, String::new());
    if crate::input::truncate_str(&mut text, opts.max_doc_bytes) {
        doc.warn("read", format!("document longer than {} bytes: cut", opts.max_doc_bytes));
    }
    doc.text = text;
    doc.title = title;
    doc.url = meta.url;
    doc.site = meta.site;
    doc.lang = meta.lang;
    doc.date = meta.date.or_else(|| rd_date.as_deref().and_then(parse_date)).or(meta.time_date);
    doc
}

/// Page metadata read before extraction.
#[derive(Default)]
struct Meta {
    url: Option<String>,
    title: Option<String>,
    site: Option<String>,
    lang: Option<String>,
    /// From meta tags (`article:published_time` and friends).
    date: Option<chrono::NaiveDate>,
    /// From the first `<time datetime>`: the weakest signal.
    time_date: Option<chrono::NaiveDate>,
}

impl Meta {
    fn from_dom(dom: &Dom) -> Meta {
        let attr = |sel: &str, name: &str| -> Option<String> {
            dom.select(sel).iter().find_map(|s| s.attr(name).map(|v| v.trim().to_string()).filter(|v| !v.is_empty()))
        };
        let url = attr("link[rel=canonical]", "href")
            .or_else(|| attr("meta[property='og:url']", "content"))
            .filter(|u| u.starts_with("http://") || u.starts_with("https://"));
        let title = attr("meta[property='og:title']", "content").or_else(|| attr("meta[name='twitter:title']", "content")).or_else(|| {
            let h1 = dom.select("h1").first();
            Some(collapse_ws(&h1.text())).filter(|t| !t.is_empty())
        });
        let site = attr("meta[property='og:site_name']", "content").or_else(|| attr("meta[name='application-name']", "content"));
        let lang = attr("html", "lang").and_then(|l| normalise_lang(&l));
        let date = [
            "meta[property='article:published_time']",
            "meta[name='article:published_time']",
            "meta[itemprop='datePublished']",
            "meta[name='pubdate']",
            "meta[name='publishdate']",
            "meta[name='date']",
            "meta[name='DC.date.issued']",
            "meta[name='dc.date']",
            "meta[name='parsely-pub-date']",
            "meta[name='sailthru.date']",
            "meta[property='og:published_time']",
        ]
        .iter()
        .find_map(|sel| attr(sel, "content").and_then(|v| parse_date(&v)));
        let time_date = dom.select("time[datetime]").iter().find_map(|t| t.attr("datetime").and_then(|v| parse_date(v.as_ref())));
        Meta { url, title, site, lang, date, time_date }
    }
}

/// `en-GB` → `en`; only plausible ISO 639-1 codes are kept.
pub(crate) fn normalise_lang(l: &str) -> Option<String> {
    let code = l.trim().split(['-', '_']).next()?.to_ascii_lowercase();
    (code.len() == 2 && code.bytes().all(|b| b.is_ascii_lowercase())).then_some(code)
}

/// Removes elements that are never story text.
pub(crate) fn clean(dom: &Dom) {
    dom.select(DROP_TAGS).remove();
    // Header blocks that are site headers (not an article's own <header>).
    dom.select("body > header, header[role=banner], [role=navigation], [role=banner], [role=contentinfo], [aria-hidden=true], [hidden]").remove();
    let mut doomed = Vec::new();
    for sel in dom.select("[class], [id]").iter() {
        let tag = sel.nodes().first().and_then(|n| n.node_name()).map(|t| t.to_string()).unwrap_or_default();
        if matches!(tag.as_str(), "html" | "body" | "article" | "main") {
            continue;
        }
        let class = sel.attr("class").map(|c| c.to_ascii_lowercase()).unwrap_or_default();
        let id = sel.attr("id").map(|c| c.to_ascii_lowercase()).unwrap_or_default();
        let marked = |ms: &[&str]| ms.iter().any(|m| has_marker(&class, m) || has_marker(&id, m));
        if marked(DROP_MARKERS) || (marked(SOFT_MARKERS) && sel.text().len() <= SOFT_MAX_TEXT) {
            doomed.push(sel);
        }
    }
    for s in doomed {
        s.remove();
    }
}

/// True if `m` occurs in `attr` as a word part: it starts a word and ends one (or is followed by
/// a plural `s`): `share-tools`, `sd-sharing`, `comments`, but not `commentary` or `shareholders`.
fn has_marker(attr: &str, m: &str) -> bool {
    let b = attr.as_bytes();
    let mut from = 0;
    while let Some(i) = attr[from..].find(m) {
        let at = from + i;
        let end = at + m.len();
        let starts_word = at == 0 || !b[at - 1].is_ascii_alphabetic();
        let ends_word = end == b.len() || !b[end].is_ascii_alphabetic() || (b[end] == b's' && (end + 1 == b.len() || !b[end + 1].is_ascii_alphabetic()));
        if starts_word && ends_word {
            return true;
        }
        from = at + 1;
    }
    false
}

/// Paragraphs of extracted text: one per non-blank line, whitespace collapsed, boilerplate dropped.
fn paragraphs(text: &str) -> Vec<String> {
    paragraphs_of(text)
}

pub(crate) fn paragraphs_of(text: &str) -> Vec<String> {
    let mut out: Vec<String> = text.lines().map(collapse_ws).filter(|p| !p.is_empty() && !is_boilerplate(p)).collect();
    // Trailing short link-like lines ("More on this story", "Read more") after the story.
    while out.last().map(|p| p.len() < 40 && !p.ends_with(['.', '"', '”', '!', '?'])).unwrap_or(false) {
        out.pop();
    }
    out
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
