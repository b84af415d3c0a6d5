//! dyad's own main-content extractor: one pass over the bytes of a page, no DOM tree.
//!
//! The scanner walks the tags and text once, keeping only a stack of the open elements. It
//!
//! * cuts the text into blocks at block elements (`p`, `h1`–`h6`, `li`, `blockquote`, `div`,
//!   `article`, `section`, `td`, `br`, ...), counting how much of each block is link text;
//! * skips what is never story text: `script`, `style`, `noscript`, `template`, `svg`, `iframe`,
//!   `nav`, `header`, `footer`, `aside`, `button`, ..., hidden elements and landmark roles that
//!   are not the article;
//! * marks, without skipping them yet, elements whose `class`, `id` or `aria-label` name
//!   boilerplate: other content (share and social tools, related and "most read" rails, cookie
//!   and consent notices, newsletters, comments, breadcrumbs) or layout (navigation, menus,
//!   sidebars, widgets, ad slots, paywalls, pop-ups) — and `<form>`s, which are layout too;
//!   elements marked as bylines, tags or metadata are dropped only when they hold little text
//!   (see [`SOFT_MAX_TEXT`]);
//! * decodes character references (`&amp;`, `&#8217;`, `&#x2014;`, the common named ones);
//! * reads the metadata on the way: `<title>`, the first `<h1>`, `og:*` / `twitter:*` meta tags,
//!   publication dates (meta tags, JSON-LD `datePublished`, `itemprop`, `<time datetime>`),
//!   canonical URL, site name and `<html lang>`.
//!
//! Then the blocks are classified: **good** (at least 70 bytes of sentence-like text with little
//! link text), **medium** (a shorter sentence, or a long one with 30–50% link text), **short**
//! (a plain line of two words or more in a paragraph or list entry), **heading** or **bad** (link
//! lists, fragments). Marked elements are dropped, except layout-marked ones that wrap the page's
//! main paragraph container when it is clearly larger than anything outside marked elements
//! (sites put whole stories inside `l-sidebar-fixed`, `paywall` or ASP.NET page forms). The
//! article is the container with the most good paragraph text of its own, not a list of teasers
//! (paragraphs that start with or follow a headline link) unless that is much longer than
//! anything else; it is widened to ancestors that add comparable containers (story columns,
//! live-blog posts), to the parent of a one-paragraph wrapper that adds only plain story text,
//! but not to scattered single paragraphs or teasers (comments, "more stories"). Inside it, good
//! blocks are kept, medium blocks when a neighbour is good, short lines between good blocks or
//! after them to the end of the container, headings when followed by good text.

use crate::parse_date;
use chrono::NaiveDate;

/// A soft-marked block (byline, tags, metadata) with more text than this is kept.
pub(crate) const SOFT_MAX_TEXT: usize = 400;
/// Elements nested deeper than this are not tracked (malformed or hostile pages).
const MAX_DEPTH: usize = 512;

/// What the extractor found on a page.
#[derive(Default, Debug)]
pub(crate) struct Page {
    /// Story paragraphs (whitespace not yet collapsed), in order.
    pub paragraphs: Vec<String>,
    /// Which of them are list entries (`li`, `dt`, `dd`).
    pub list_items: Vec<bool>,
    pub title: Option<String>,
    pub url: Option<String>,
    pub site: Option<String>,
    pub lang: Option<String>,
    pub date: Option<NaiveDate>,
}

/// Extracts the article and metadata of a whole page.
pub(crate) fn extract_page(html: &str) -> Page {
    let mut s = Scanner::new(html);
    s.run();
    let sel = s.select_article();
    let paragraphs = s.kept_paragraphs(&sel);
    let list_items = s.blocks.iter().zip(&sel.kept).filter(|(_, &k)| k).map(|(bl, _)| bl.kind == K_ITEM).collect();
    let m = s.meta;
    let title = m.og_title.or(m.twitter_title).or(s.h1.filter(|t| !t.trim().is_empty())).or_else(|| m.title_tag.as_deref().and_then(clean_title_tag));
    let url = m.canonical.or(m.og_url).filter(|u| u.starts_with("http://") || u.starts_with("https://"));
    let date = m.date.map(|(_, d)| d).or(m.ld_date).or(m.time_date);
    Page { paragraphs, list_items, title: title.map(|t| crate::html::collapse_ws(&t)), url, site: m.site.or(m.app_name), lang: m.lang, date }
}

/// How the extractor reads a page: every block with its class, whether it was kept or dropped, and
/// the element it is in. A debugging aid (`cargo run -p dyad-read --example extract_blocks`).
#[doc(hidden)]
pub fn explain_page(html: &str) -> String {
    let mut s = Scanner::new(html);
    s.run();
    let sel = s.select_article();
    s.explain(&sel)
}

/// The text of an HTML fragment (a feed item's content): every block outside the skipped
/// elements, in order.
pub(crate) fn fragment_paragraphs(html: &str) -> Vec<String> {
    let mut s = Scanner::new(html);
    s.run();
    let mut drop = vec![false; s.elems.len()];
    s.drop_marked(&mut drop, &|_, _| false);
    s.blocks
        .iter()
        .filter(|b| !b.soft_small(&s) && (b.elem == NONE || !drop[b.elem as usize]))
        .map(|b| s.buf[b.start..b.end].to_string())
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Tags

/// A tag name packed into a u64: its first 8 bytes, lower-cased (longer custom element names
/// share a prefix at worst, which only matters for matching their end tags).
type Tag = u64;

const fn pack(name: &[u8]) -> Tag {
    let mut t = 0u64;
    let mut i = 0;
    while i < name.len() && i < 8 {
        t |= (name[i].to_ascii_lowercase() as u64) << (8 * i);
        i += 1;
    }
    t
}

macro_rules! tags {
    ($($c:ident = $s:literal),* $(,)?) => { $(const $c: Tag = pack($s);)* };
}
tags! {
    A = b"a", P = b"p", BR = b"br", HR = b"hr", LI = b"li", TD = b"td", TH = b"th", TR = b"tr", DT = b"dt", DD = b"dd",
    H1 = b"h1", H2 = b"h2", H3 = b"h3", H4 = b"h4", H5 = b"h5", H6 = b"h6", DIV = b"div", UL = b"ul", OL = b"ol", DL = b"dl",
    BLOCKQUOTE = b"blockquote", ARTICLE = b"article", SECTION = b"section", MAIN = b"main", TABLE = b"table", TBODY = b"tbody",
    THEAD = b"thead", TFOOT = b"tfoot", CAPTION = b"caption", FIGURE = b"figure", PRE = b"pre", ADDRESS = b"address",
    DETAILS = b"details", CENTER = b"center", BODY = b"body", HTML = b"html", HEAD = b"head", FIELDSET = b"fieldset",
    SCRIPT = b"script", STYLE = b"style", NOSCRIPT = b"noscript", TEMPLATE = b"template", SVG = b"svg", IFRAME = b"iframe",
    NAV = b"nav", HEADER = b"header", FOOTER = b"footer", ASIDE = b"aside", FORM = b"form", BUTTON = b"button",
    SELECT = b"select", TEXTAREA = b"textarea", OBJECT = b"object", EMBED = b"embed", DIALOG = b"dialog",
    FIGCAPTION = b"figcaption", MATH = b"math", CANVAS = b"canvas", AUDIO = b"audio", VIDEO = b"video", TITLE = b"title",
    XMP = b"xmp", NOEMBED = b"noembed", NOFRAMES = b"noframes", PLAINTEXT = b"plaintext", META = b"meta", LINK = b"link",
    TIME = b"time", IMG = b"img", INPUT = b"input", AREA = b"area", BASE = b"base", COL = b"col", SOURCE = b"source",
    TRACK = b"track", WBR = b"wbr", PARAM = b"param", KEYGEN = b"keygen", LABEL = b"label", OPTION = b"option",
    MENU = b"menu",
}

/// Kinds of block elements (0 = inline).
const K_INLINE: u8 = 0;
const K_PARA: u8 = 1;
const K_HEADING: u8 = 2;
const K_ITEM: u8 = 3;
const K_OTHER: u8 = 4;

fn block_kind(t: Tag) -> u8 {
    match t {
        P | BLOCKQUOTE | PRE | ADDRESS => K_PARA,
        H1 | H2 | H3 | H4 | H5 | H6 => K_HEADING,
        LI | DT | DD => K_ITEM,
        DIV | UL | OL | DL | ARTICLE | SECTION | MAIN | TABLE | TBODY | THEAD | TFOOT | TR | TD | TH | CAPTION | FIGURE
        | DETAILS | CENTER | BODY | HTML | FIELDSET | HEADER | FOOTER | NAV | ASIDE | FORM | MENU => K_OTHER,
        _ => K_INLINE,
    }
}

fn is_void(t: Tag) -> bool {
    matches!(t, BR | HR | IMG | INPUT | META | LINK | AREA | BASE | COL | EMBED | SOURCE | TRACK | WBR | PARAM | KEYGEN)
}

/// Elements whose content is raw text up to their end tag.
fn is_raw(t: Tag) -> bool {
    matches!(t, SCRIPT | STYLE | TEXTAREA | TITLE | XMP | NOSCRIPT | IFRAME | NOEMBED | NOFRAMES | PLAINTEXT)
}

/// Elements that never hold story text.
fn is_skipped_tag(t: Tag) -> bool {
    matches!(
        t,
        TEMPLATE | SVG | NAV | HEADER | FOOTER | ASIDE | BUTTON | SELECT | OBJECT | EMBED | DIALOG | FIGCAPTION | MATH | CANVAS
            | AUDIO | VIDEO | LABEL | MENU | HEAD
    )
}

/// Class / id / aria-label word parts marking boilerplate containers (see [`has_marker`]).
/// Two kinds: markers of other content (comments, related stories, share tools, notices), which
/// never wrap the story, and markers of page layout (menus, sidebars, widgets, ad slots, paywalls,
/// pop-ups), which sometimes name a wrapper around it: `l-sidebar-fixed`, `ArticlePage-content
/// paywall`, `m-advertisement-off-canvas--pusher`, `widget Blog`.
const CONTENT_DROP_MARKERS: &[&str] = &[
    "cookie", "consent", "gdpr", "onetrust", "share", "sharing", "sharedaddy", "social", "related", "relatedposts",
    "newsletter", "signup", "sign-up", "outbrain", "taboola", "comment", "disqus", "breadcrumb", "most-read", "mostread",
    "most-popular", "popular", "trending", "partage", "lire-aussi", "more-on", "more-stories", "recirc", "topic-list",
    "skip-link", "post-navigation", "bottom-of-article", "print-info",
];
const LAYOUT_DROP_MARKERS: &[&str] = &[
    "nav", "navbar", "navigation", "menu", "footer", "masthead", "site-header", "page-header", "global-header", "topbar",
    "toolbar", "subscribe", "subscription", "promo", "advert", "advertisement", "ad", "ad-slot", "adslot", "dfp", "sponsor",
    "sponsored", "sidebar", "widget", "paywall", "gateway", "modal", "popup", "bandeau", "read-more", "trust", "login",
];

/// Markers of blocks that are usually short metadata (bylines, dates, standfirsts, tags):
/// dropped only when they hold little text, in case a site uses the word for a content wrapper.
const SOFT_MARKERS: &[&str] = &[
    "byline", "meta", "author", "auteur", "subhead", "summary", "standfirst", "kicker", "article-info", "article-dates",
    "dates", "credits", "tags", "enhancement", "caption", "timestamp",
];

/// Roles of landmarks that are not the article.
const DROP_ROLES: &[&str] = &["navigation", "banner", "contentinfo", "complementary", "search", "dialog", "alertdialog", "menu", "menubar"];

/// True if marker `m` occurs in `attr` as a word part, ignoring case: it starts a word and ends
/// one (or is followed by a plural `s`): `share-tools`, `sd-sharing`, `comments`, but not
/// `commentary` or `shareholders`.
#[cfg(test)]
fn has_marker(attr: &[u8], m: &str) -> bool {
    let m = m.as_bytes();
    let mut at = 0;
    while at + m.len() <= attr.len() {
        let starts_word = at == 0 || !attr[at - 1].is_ascii_alphabetic();
        if starts_word && attr[at].to_ascii_lowercase() == m[0] && attr[at..at + m.len()].eq_ignore_ascii_case(m) {
            let end = at + m.len();
            let ends_word = end == attr.len()
                || !attr[end].is_ascii_alphabetic()
                || (attr[end].eq_ignore_ascii_case(&b's') && (end + 1 == attr.len() || !attr[end + 1].is_ascii_alphabetic()));
            if ends_word {
                return true;
            }
        }
        at += 1;
    }
    false
}

fn any_marker(attr: &[u8], markers: &[&str]) -> bool {
    // Only word starts can match: test the markers there.
    let mut at = 0;
    while at < attr.len() {
        if attr[at].is_ascii_alphabetic() && (at == 0 || !attr[at - 1].is_ascii_alphabetic()) {
            let first = attr[at].to_ascii_lowercase();
            for m in markers {
                let mb = m.as_bytes();
                if mb[0] == first && has_marker_at(attr, at, mb) {
                    return true;
                }
            }
        }
        at += 1;
    }
    false
}

fn has_marker_at(attr: &[u8], at: usize, m: &[u8]) -> bool {
    let end = at + m.len();
    end <= attr.len()
        && attr[at..end].eq_ignore_ascii_case(m)
        && (end == attr.len()
            || !attr[end].is_ascii_alphabetic()
            || (attr[end].eq_ignore_ascii_case(&b's') && (end + 1 == attr.len() || !attr[end + 1].is_ascii_alphabetic())))
}

// ---------------------------------------------------------------------------------------------
// Scanner

struct Open {
    tag: Tag,
    id: u32,
    kind: u8,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Mark {
    None,
    /// Another kind of content: comments, related stories, share tools, notices.
    Content,
    /// Page layout that may wrap the story.
    Layout,
}

struct Elem {
    parent: u32,
    /// Byte offset of its start tag.
    pos: u32,
    kind: u8,
    /// A block element named as boilerplate (class, id or aria-label with a word of
    /// [`CONTENT_DROP_MARKERS`] or [`LAYOUT_DROP_MARKERS`]) or a `<form>`: dropped with its content,
    /// unless it is layout that wraps the story (see [`Scanner::select_article`]).
    mark: Mark,
    /// Last element id inside this one (ids are given in document order).
    end: u32,
}

/// How a block reads on its own.
#[derive(Clone, Copy, PartialEq, Debug)]
enum Class {
    Good,
    Medium,
    /// A short line of plain text (a list entry, a label, a name).
    Short,
    Heading,
    Bad,
}

/// What [`Scanner::select_article`] decided, block by block.
struct Selection {
    classes: Vec<Class>,
    /// The article's container.
    main: Option<u32>,
    dropped: Vec<bool>,
    kept: Vec<bool>,
}

struct Block {
    start: usize,
    end: usize,
    link: usize,
    /// Bytes of link text the block starts with (a teaser's headline).
    lead_link: usize,
    kind: u8,
    elem: u32,
    soft: u32,
}

impl Block {
    fn soft_small(&self, s: &Scanner) -> bool {
        self.soft != NONE && s.soft_text.get(&self.soft).map(|&n| n <= SOFT_MAX_TEXT).unwrap_or(true)
    }
}

const NONE: u32 = u32::MAX;

#[derive(Default)]
struct Meta {
    og_title: Option<String>,
    twitter_title: Option<String>,
    title_tag: Option<String>,
    canonical: Option<String>,
    og_url: Option<String>,
    site: Option<String>,
    app_name: Option<String>,
    lang: Option<String>,
    /// Date from a meta tag or `itemprop`, with its rank (lower is better).
    date: Option<(u8, NaiveDate)>,
    ld_date: Option<NaiveDate>,
    time_date: Option<NaiveDate>,
}

/// Meta tag names giving the publication date, best first.
const DATE_METAS: &[&str] = &[
    "article:published_time",
    "datepublished",
    "og:published_time",
    "pubdate",
    "publishdate",
    "publish-date",
    "parsely-pub-date",
    "sailthru.date",
    "dc.date.issued",
    "dcterms.created",
    "dc.date",
    "date",
];

struct Scanner<'a> {
    src: &'a str,
    stack: Vec<Open>,
    elems: Vec<Elem>,
    /// Stack index of the outermost skipped element.
    skip: Option<usize>,
    /// Stack index and element id of the outermost soft-marked element.
    soft: Option<(usize, u32)>,
    links: u32,
    /// All block texts, one after the other; the current block is `buf[cur_start..]`.
    buf: String,
    cur_start: usize,
    cur_link: usize,
    cur_lead_link: usize,
    pending_space: bool,
    blocks: Vec<Block>,
    soft_text: std::collections::HashMap<u32, usize>,
    /// First `<h1>`: its text, and the stack index while it is being read.
    h1: Option<String>,
    h1_open: Option<usize>,
    meta: Meta,
    attrs: Vec<(usize, usize, usize, usize)>,
    /// Where the start tag being read begins.
    tag_start: usize,
}

impl<'a> Scanner<'a> {
    fn new(src: &'a str) -> Self {
        Scanner {
            src,
            stack: Vec::with_capacity(64),
            elems: Vec::with_capacity(src.len() / 40),
            skip: None,
            soft: None,
            links: 0,
            buf: String::with_capacity(src.len() / 4),
            cur_start: 0,
            cur_link: 0,
            cur_lead_link: 0,
            pending_space: false,
            blocks: Vec::new(),
            soft_text: Default::default(),
            h1: None,
            h1_open: None,
            meta: Meta::default(),
            attrs: Vec::with_capacity(16),
            tag_start: 0,
        }
    }

    fn run(&mut self) {
        let b = self.src.as_bytes();
        let n = b.len();
        let mut i = 0;
        while i < n {
            let lt = match memchr::memchr(b'<', &b[i..]) {
                Some(k) => i + k,
                None => {
                    self.text(i, n);
                    break;
                }
            };
            if lt > i {
                self.text(i, lt);
            }
            i = lt;
            let next = b.get(i + 1).copied().unwrap_or(0);
            if next == b'!' {
                i = if b[i..].starts_with(b"<!--") {
                    memchr::memmem::find(&b[i + 4..], b"-->").map(|k| i + 4 + k + 3).unwrap_or(n)
                } else if b[i..].starts_with(b"<![CDATA[") {
                    let end = memchr::memmem::find(&b[i + 9..], b"]]>").map(|k| i + 9 + k).unwrap_or(n);
                    self.text(i + 9, end);
                    (end + 3).min(n)
                } else {
                    memchr::memchr(b'>', &b[i..]).map(|k| i + k + 1).unwrap_or(n)
                };
            } else if next == b'?' {
                i = memchr::memchr(b'>', &b[i..]).map(|k| i + k + 1).unwrap_or(n);
            } else if next == b'/' {
                let (tag, _) = tag_name(b, i + 2);
                i = memchr::memchr(b'>', &b[i..]).map(|k| i + k + 1).unwrap_or(n);
                if tag != 0 {
                    self.close(tag);
                }
            } else if next.is_ascii_alphabetic() {
                i = self.open_tag(i);
            } else {
                self.text(i, i + 1);
                i += 1;
            }
        }
        self.flush();
        let total = self.elems.len() as u32;
        for o in &self.stack {
            self.elems[o.id as usize].end = total.saturating_sub(1);
        }
        // Text of each soft-marked element.
        for bl in &self.blocks {
            if bl.soft != NONE {
                *self.soft_text.entry(bl.soft).or_insert(0) += bl.end - bl.start;
            }
        }
    }

    /// Parses a start tag at `i` (`<` then a letter); returns the position after it (and after
    /// the content of a raw-text element).
    fn open_tag(&mut self, i: usize) -> usize {
        self.tag_start = i;
        let b = self.src.as_bytes();
        let n = b.len();
        let (tag, mut j) = tag_name(b, i + 1);
        // Custom elements (`<ps-actionbar>`, `<phoenix-page>`) are containers.
        let custom = memchr::memchr(b'-', &b[i + 1..j]).is_some();
        // Attributes.
        self.attrs.clear();
        let mut self_closing = false;
        loop {
            while j < n && (b[j].is_ascii_whitespace() || b[j] == b'/') {
                if b[j] == b'/' {
                    self_closing = true;
                }
                j += 1;
            }
            if j >= n {
                break;
            }
            if b[j] == b'>' {
                j += 1;
                break;
            }
            self_closing = false;
            let ns = j;
            while j < n && !b[j].is_ascii_whitespace() && !matches!(b[j], b'=' | b'>' | b'/') {
                j += 1;
            }
            let ne = j;
            while j < n && b[j].is_ascii_whitespace() {
                j += 1;
            }
            let (mut vs, mut ve) = (j, j);
            if j < n && b[j] == b'=' {
                j += 1;
                while j < n && b[j].is_ascii_whitespace() {
                    j += 1;
                }
                if j < n && (b[j] == b'"' || b[j] == b'\'') {
                    let q = b[j];
                    vs = j + 1;
                    ve = memchr::memchr(q, &b[vs..]).map(|k| vs + k).unwrap_or(n);
                    j = (ve + 1).min(n);
                } else {
                    vs = j;
                    while j < n && !b[j].is_ascii_whitespace() && b[j] != b'>' {
                        j += 1;
                    }
                    ve = j;
                }
            }
            if ne > ns && self.attrs.len() < 64 {
                self.attrs.push((ns, ne, vs, ve));
            }
        }
        let end = j;
        self.start_element(tag, self_closing, custom);
        if is_raw(tag) {
            let (content_end, after) = find_end_tag(b, end, tag);
            match tag {
                TITLE if self.meta.title_tag.is_none() => {
                    let t = decode_text(&self.src[end..content_end]);
                    self.meta.title_tag = Some(t);
                }
                SCRIPT if self.attr(b"type").map(|t| t.eq_ignore_ascii_case("application/ld+json")).unwrap_or(false) => {
                    if self.meta.ld_date.is_none() {
                        self.meta.ld_date = json_ld_date(&self.src[end..content_end]);
                    }
                }
                TEXTAREA | XMP | PLAINTEXT => {}
                _ => {}
            }
            self.end_raw(tag);
            return after;
        }
        end
    }

    fn attr(&self, name: &[u8]) -> Option<&'a str> {
        let b = self.src.as_bytes();
        self.attrs.iter().find(|a| b[a.0..a.1].eq_ignore_ascii_case(name)).map(|a| &self.src[a.2..a.3])
    }

    fn start_element(&mut self, tag: Tag, self_closing: bool, custom: bool) {
        self.read_meta(tag);
        if tag == BR || tag == HR {
            self.flush();
            return;
        }
        if is_void(tag) || (self_closing && !is_raw(tag)) {
            return;
        }
        let kind = if custom { K_OTHER } else { block_kind(tag) };
        // Implicitly closed elements.
        if let Some(top) = self.stack.last() {
            let t = top.tag;
            let closes = (t == P && kind != K_INLINE)
                || (tag == LI && t == LI)
                || ((tag == TD || tag == TH) && (t == TD || t == TH))
                || (tag == TR && (t == TR || t == TD || t == TH))
                || ((tag == DT || tag == DD) && (t == DT || t == DD))
                || (tag == OPTION && t == OPTION);
            if closes {
                self.close(t);
            }
        }
        if kind != K_INLINE {
            self.flush();
        }
        if self.stack.len() >= MAX_DEPTH {
            return;
        }
        let id = self.elems.len() as u32;
        let parent = self.stack.last().map(|o| o.id).unwrap_or(NONE);
        let depth = self.stack.len();
        // Elements named as boilerplate are dropped after the scan, unless they wrap the story;
        // inline ones (a share link inside a paragraph) at once, as their text joins the block.
        let mark = if self.skip.is_some() || matches!(tag, HTML | BODY | ARTICLE | MAIN) {
            // Inside a skipped element nothing is read: no need to look.
            Mark::None
        } else {
            match self.drop_mark() {
                Mark::None if tag == FORM => Mark::Layout,
                m => m,
            }
        };
        let hard = self.is_never_text(tag) || (mark != Mark::None && kind == K_INLINE);
        self.elems.push(Elem { parent, pos: self.tag_start as u32, kind, end: NONE, mark: if hard { Mark::None } else { mark } });
        if self.skip.is_none() && hard {
            self.skip = Some(depth);
        }
        if self.soft.is_none() && self.skip.is_none() && !matches!(tag, HTML | BODY | ARTICLE | MAIN) && self.marked(SOFT_MARKERS) {
            self.soft = Some((depth, id));
        }
        if tag == A {
            self.links += 1;
        }
        if tag == H1 && self.h1.is_none() && self.h1_open.is_none() {
            self.h1_open = Some(depth);
            self.h1 = Some(String::new());
        }
        self.stack.push(Open { tag, id, kind });
    }

    /// The boilerplate marker kind of the element being opened, from its class, id and
    /// aria-label: other content wins over layout.
    fn drop_mark(&self) -> Mark {
        let b = self.src.as_bytes();
        let mut mark = Mark::None;
        for a in &self.attrs {
            let name = &b[a.0..a.1];
            if !(name.eq_ignore_ascii_case(b"class") || name.eq_ignore_ascii_case(b"id") || name.eq_ignore_ascii_case(b"aria-label")) {
                continue;
            }
            let v = &b[a.2..a.3];
            if any_marker(v, CONTENT_DROP_MARKERS) {
                return Mark::Content;
            }
            if mark == Mark::None && any_marker(v, LAYOUT_DROP_MARKERS) {
                mark = Mark::Layout;
            }
        }
        mark
    }

    fn marked(&self, markers: &[&str]) -> bool {
        let b = self.src.as_bytes();
        self.attrs.iter().any(|a| {
            let name = &b[a.0..a.1];
            (name.eq_ignore_ascii_case(b"class") || name.eq_ignore_ascii_case(b"id") || name.eq_ignore_ascii_case(b"aria-label"))
                && any_marker(&b[a.2..a.3], markers)
        })
    }

    /// Elements skipped at once: tags that never hold story text, hidden elements, landmark roles
    /// that are not the article.
    fn is_never_text(&self, tag: Tag) -> bool {
        if is_skipped_tag(tag) {
            return true;
        }
        let b = self.src.as_bytes();
        for a in &self.attrs {
            let name = &b[a.0..a.1];
            let v = &b[a.2..a.3];
            if name.eq_ignore_ascii_case(b"hidden")
                || (name.eq_ignore_ascii_case(b"aria-hidden") && v.eq_ignore_ascii_case(b"true"))
                || (name.eq_ignore_ascii_case(b"role") && DROP_ROLES.iter().any(|r| v.eq_ignore_ascii_case(r.as_bytes())))
                || (name.eq_ignore_ascii_case(b"style") && hides(v))
            {
                return true;
            }
        }
        false
    }

    /// Metadata from `<meta>`, `<link>`, `<html>`, `<time>` and `itemprop` attributes.
    fn read_meta(&mut self, tag: Tag) {
        match tag {
            META => {
                let key = self.attr(b"property").or_else(|| self.attr(b"name")).or_else(|| self.attr(b"itemprop"));
                let (Some(key), Some(content)) = (key, self.attr(b"content")) else { return };
                let key = key.trim();
                let value = || Some(decode_text(content).trim().to_string()).filter(|v| !v.is_empty());
                let m = &mut self.meta;
                if key.eq_ignore_ascii_case("og:title") {
                    if m.og_title.is_none() {
                        m.og_title = value();
                    }
                } else if key.eq_ignore_ascii_case("twitter:title") {
                    if m.twitter_title.is_none() {
                        m.twitter_title = value();
                    }
                } else if key.eq_ignore_ascii_case("og:site_name") {
                    if m.site.is_none() {
                        m.site = value();
                    }
                } else if key.eq_ignore_ascii_case("application-name") {
                    if m.app_name.is_none() {
                        m.app_name = value();
                    }
                } else if key.eq_ignore_ascii_case("og:url") {
                    if m.og_url.is_none() {
                        m.og_url = value();
                    }
                } else if let Some(rank) = DATE_METAS.iter().position(|d| key.eq_ignore_ascii_case(d)) {
                    self.date_candidate(rank as u8, content);
                }
            }
            LINK => {
                if self.meta.canonical.is_none() && self.attr(b"rel").map(|r| r.split_ascii_whitespace().any(|w| w.eq_ignore_ascii_case("canonical"))).unwrap_or(false) {
                    self.meta.canonical = self.attr(b"href").map(|h| decode_text(h).trim().to_string()).filter(|h| !h.is_empty());
                }
            }
            HTML => {
                if self.meta.lang.is_none() {
                    self.meta.lang = self.attr(b"lang").or_else(|| self.attr(b"xml:lang")).and_then(crate::html::normalise_lang);
                }
            }
            TIME => {
                if self.meta.time_date.is_none() {
                    self.meta.time_date = self.attr(b"datetime").and_then(parse_date);
                }
            }
            _ => {}
        }
        if tag != META && self.attrs.len() > 0 {
            if let Some(p) = self.attr(b"itemprop") {
                if p.eq_ignore_ascii_case("datePublished") {
                    if let Some(v) = self.attr(b"datetime").or_else(|| self.attr(b"content")) {
                        self.date_candidate(1, v);
                    }
                }
            }
        }
    }

    fn date_candidate(&mut self, rank: u8, value: &str) {
        if self.meta.date.map(|(r, _)| r <= rank).unwrap_or(false) {
            return;
        }
        if let Some(d) = parse_date(value) {
            self.meta.date = Some((rank, d));
        }
    }

    /// After a raw-text element's content: it was pushed by `start_element`, pop it.
    fn end_raw(&mut self, tag: Tag) {
        if self.stack.last().map(|o| o.tag == tag).unwrap_or(false) {
            self.pop_to(self.stack.len() - 1);
        }
    }

    fn close(&mut self, tag: Tag) {
        let Some(pos) = self.stack.iter().rposition(|o| o.tag == tag) else {
            if tag == P || tag == BR {
                self.flush();
            }
            return;
        };
        if self.stack[pos..].iter().any(|o| o.kind != K_INLINE) {
            self.flush();
        }
        self.pop_to(pos);
    }

    /// Pops the stack down to `len` elements.
    fn pop_to(&mut self, len: usize) {
        let last = self.elems.len().saturating_sub(1) as u32;
        while self.stack.len() > len {
            let o = self.stack.pop().unwrap();
            self.elems[o.id as usize].end = last;
            if o.tag == A {
                self.links = self.links.saturating_sub(1);
            }
            let depth = self.stack.len();
            if self.skip == Some(depth) {
                self.skip = None;
            }
            if self.soft.map(|(d, _)| d == depth).unwrap_or(false) {
                self.flush();
                self.soft = None;
            }
            if self.h1_open == Some(depth) {
                self.h1_open = None;
            }
        }
    }

    /// Appends text (raw HTML between tags) to the current block.
    fn text(&mut self, from: usize, to: usize) {
        let raw = &self.src[from..to];
        if self.h1_open.is_some() {
            if let Some(h) = &mut self.h1 {
                h.push_str(&decode_text(raw));
            }
        }
        if self.skip.is_some() {
            return;
        }
        let b = raw.as_bytes();
        let mut i = 0;
        while i < b.len() {
            let c = b[i];
            if c.is_ascii_whitespace() {
                self.pending_space = true;
                i += 1;
            } else if c == b'&' {
                match decode_entity(&b[i..]) {
                    Some((Ent::S(" " | "\u{a0}"), used)) | Some((Ent::C(' ' | '\u{a0}'), used)) => {
                        self.pending_space = true;
                        i += used;
                    }
                    Some((Ent::S(s), used)) => {
                        self.emit(s);
                        i += used;
                    }
                    Some((Ent::C(ch), used)) => {
                        let mut tmp = [0u8; 4];
                        self.emit(ch.encode_utf8(&mut tmp));
                        i += used;
                    }
                    None => {
                        self.emit("&");
                        i += 1;
                    }
                }
            } else {
                let mut j = i + 1;
                while j < b.len() && !b[j].is_ascii_whitespace() && b[j] != b'&' {
                    j += 1;
                }
                self.emit(&raw[i..j]);
                i = j;
            }
        }
    }

    fn emit(&mut self, s: &str) {
        if s.is_empty() {
            return;
        }
        let before = self.buf.len();
        if self.pending_space && before > self.cur_start {
            self.buf.push(' ');
        }
        self.pending_space = false;
        self.buf.push_str(s);
        if self.links > 0 {
            if self.cur_link == before - self.cur_start {
                self.cur_lead_link = self.buf.len() - self.cur_start;
            }
            self.cur_link += self.buf.len() - before;
        }
    }

    /// Ends the current block.
    fn flush(&mut self) {
        self.pending_space = false;
        if self.buf.len() > self.cur_start {
            let kind = self.stack.iter().rev().map(|o| o.kind).find(|&k| k != K_INLINE).unwrap_or(K_OTHER);
            let elem = self.stack.last().map(|o| o.id).unwrap_or(NONE);
            let soft = self.soft.map(|(_, id)| id).unwrap_or(NONE);
            let len = self.buf.len() - self.cur_start;
            self.blocks.push(Block { start: self.cur_start, end: self.buf.len(), link: self.cur_link.min(len), lead_link: self.cur_lead_link.min(len), kind, elem, soft });
            self.cur_start = self.buf.len();
        }
        self.cur_link = 0;
        self.cur_lead_link = 0;
    }

    /// Sets `drop[e]` for every element inside (or equal to) a marked element that is not `kept`.
    fn drop_marked(&self, drop: &mut [bool], kept: &dyn Fn(u32, Mark) -> bool) {
        for (e, el) in self.elems.iter().enumerate() {
            // A parent always has a lower id than its children.
            let under = el.parent != NONE && drop[el.parent as usize];
            drop[e] = under || (el.mark != Mark::None && !kept(e as u32, el.mark));
        }
    }

    /// Adds every element's value into its parent's, so that each holds the sum over its subtree.
    fn sum_up<T: Copy + std::ops::AddAssign>(&self, v: &mut [T]) {
        // A parent always has a lower id than its children.
        for e in (0..self.elems.len()).rev() {
            let p = self.elems[e].parent;
            if p != NONE {
                let x = v[e];
                v[p as usize] += x;
            }
        }
    }

    /// The layout-marked elements among `e` and its ancestors.
    fn layout_ancestry(&self, mut e: u32) -> Vec<u32> {
        let mut out = Vec::new();
        while e != NONE {
            if self.elems[e as usize].mark == Mark::Layout {
                out.push(e);
            }
            e = self.elems[e as usize].parent;
        }
        out
    }

    /// Picks the article's blocks.
    fn select_article(&self) -> Selection {
        let classes: Vec<Class> = self
            .blocks
            .iter()
            .map(|bl| {
                let text = &self.buf[bl.start..bl.end];
                let len = text.len();
                let density = bl.link as f64 / len.max(1) as f64;
                if bl.soft_small(self) || density > 0.5 || !text.bytes().any(|c| c.is_ascii_alphanumeric()) && !text.chars().any(char::is_alphanumeric) {
                    return Class::Bad;
                }
                if bl.kind == K_HEADING {
                    return if len <= 200 && density <= 0.3 { Class::Heading } else { Class::Bad };
                }
                let sentence_like = text.bytes().any(|c| matches!(c, b'.' | b',' | b';' | b'!' | b'?' | b':'));
                let ends_sentence = text.trim_end().ends_with(['.', '!', '?', '"', '\u{201d}', '\u{2019}', '\'', ')', '\u{2026}']);
                if density > 0.3 {
                    // A sentence with several links: story text when its neighbours are.
                    return if len >= 70 && sentence_like { Class::Medium } else { Class::Bad };
                }
                if len >= 70 && sentence_like {
                    Class::Good
                } else if (len >= 10 && ends_sentence) || len >= 50 {
                    Class::Medium
                } else if matches!(bl.kind, K_PARA | K_ITEM) && text.split_whitespace().filter(|w| w.chars().any(char::is_alphabetic)).count() >= 2 {
                    // Not table cells, time stamps or one-word labels.
                    Class::Short
                } else {
                    Class::Bad
                }
            })
            .collect();
        // Good text per element: `acc` under it, `direct` in its own text and child paragraphs.
        // Blocks under a dropped element (`drop[elem]`) do not count.
        let n = self.elems.len();
        let weigh = |use_medium: bool, drop: &[bool], acc: &mut Vec<f64>, direct: &mut Vec<f64>| -> f64 {
            acc.iter_mut().for_each(|x| *x = 0.0);
            direct.iter_mut().for_each(|x| *x = 0.0);
            let mut total = 0.0;
            for (bl, c) in self.blocks.iter().zip(&classes) {
                if !(*c == Class::Good || (use_medium && *c == Class::Medium)) || bl.elem == NONE || drop[bl.elem as usize] {
                    continue;
                }
                let w = (bl.end - bl.start) as f64 * (1.0 - bl.link as f64 / (bl.end - bl.start).max(1) as f64);
                total += w;
                // The paragraph's container: the block's element unless that is a paragraph,
                // list item or heading (or inline), then its nearest container ancestor.
                let mut holder = bl.elem;
                while self.elems[holder as usize].kind != K_OTHER && self.elems[holder as usize].parent != NONE {
                    holder = self.elems[holder as usize].parent;
                }
                direct[holder as usize] += w;
                acc[bl.elem as usize] += w;
            }
            self.sum_up(acc);
            total
        };
        let top_of = |direct: &[f64]| (0..n).filter(|&e| direct[e] > 0.0).max_by(|&x, &y| direct[x].total_cmp(&direct[y]).then(y.cmp(&x)));
        let (mut acc, mut direct) = (vec![0f64; n], vec![0f64; n]);
        let mut drop = vec![false; n];
        let mut use_medium = false;
        let mut total = 0.0;
        for medium in [false, true] {
            use_medium = medium;
            // Where the paragraphs are when only other content (comments, related stories) is
            // dropped, and when layout is dropped too.
            self.drop_marked(&mut drop, &|_, mark| mark == Mark::Layout);
            if weigh(medium, &drop, &mut acc, &mut direct) == 0.0 {
                continue;
            }
            let top = top_of(&direct);
            let top_weight = top.map(|e| direct[e]).unwrap_or(0.0);
            self.drop_marked(&mut drop, &|_, _| false);
            weigh(medium, &drop, &mut acc, &mut direct);
            let clean_best = top_of(&direct).map(|e| direct[e]).unwrap_or(0.0);
            // Layout-marked elements that wrap the page's main paragraph container (a "paywall"
            // or "sidebar-fixed" column, an ASP.NET page form) are kept when that container is
            // clearly larger than any outside marked elements.
            if let Some(top) = top {
                let wrappers = self.layout_ancestry(top as u32);
                if !wrappers.is_empty() && top_weight > 2.0 * clean_best {
                    self.drop_marked(&mut drop, &|e, _| wrappers.contains(&e));
                }
            }
            total = weigh(medium, &drop, &mut acc, &mut direct);
            if total > 0.0 {
                break;
            }
        }
        if total == 0.0 {
            let none = vec![false; self.blocks.len()];
            return Selection { classes, main: None, dropped: none.clone(), kept: none };
        }
        // The container with the most paragraph text of its own; then up through its ancestors
        // while what they add is more of the same (containers with comparable paragraph text,
        // as the columns of one story or the posts of a live blog) or while it holds less than
        // half of all good text and the additions are not teasers (a headline link per
        // paragraph or more); not when the additions are scattered single paragraphs such as
        // comments or teasers.
        // Story paragraphs under each element, and among them teasers: paragraphs that start
        // with a headline link or follow one (the cards of a "more stories" list).
        // Also every block, and plain text blocks (story-like, next to no link text).
        let (mut good_in, mut teasers_in) = (vec![0u32; n], vec![0u32; n]);
        let (mut blocks_in, mut plain_in) = (vec![0u32; n], vec![0u32; n]);
        for (i, (bl, c)) in self.blocks.iter().zip(&classes).enumerate() {
            if bl.elem == NONE || drop[bl.elem as usize] {
                continue;
            }
            let story_like = matches!(c, Class::Good | Class::Medium);
            let plain = story_like && bl.link * 10 < bl.end - bl.start;
            blocks_in[bl.elem as usize] += 1;
            plain_in[bl.elem as usize] += plain as u32;
            if !story_like {
                continue;
            }
            // A headline link among the three blocks before (a byline and a date may come
            // between), with no story text between.
            let after_headline = (i.saturating_sub(3)..i)
                .rev()
                .take_while(|&j| !matches!(classes[j], Class::Good | Class::Medium))
                .any(|j| {
                    let prev = &self.blocks[j];
                    prev.end - prev.start >= 20 && prev.link * 2 > prev.end - prev.start
                });
            let teaser = bl.lead_link >= 20 || after_headline;
            good_in[bl.elem as usize] += 1;
            teasers_in[bl.elem as usize] += teaser as u32;
        }
        for v in [&mut good_in, &mut teasers_in, &mut blocks_in, &mut plain_in] {
            self.sum_up(v);
        }
        // Mostly teasers.
        let teasers = |t: u32, good: u32| t >= 2 && t * 2 >= good;
        // A list of teasers is not the article unless it is much longer than any other text
        // (then it is a list article: deals, "ten things to know").
        let story_top = (0..n)
            .filter(|&e| direct[e] > 0.0 && !teasers(teasers_in[e], good_in[e]))
            .max_by(|&x, &y| direct[x].total_cmp(&direct[y]).then(y.cmp(&x)));
        let main = match (story_top, top_of(&direct)) {
            (Some(s), Some(t)) if 4.0 * direct[s] >= direct[t] => Some(s),
            (_, t) => t,
        };
        let main = main.map(|top| {
            let mut chosen = top;
            let mut a = self.elems[top].parent;
            while a != NONE {
                let au = a as usize;
                // From a wrapper of one paragraph to its parent that adds only plain story text:
                // the paragraphs of one story, each in its own element.
                let added = blocks_in[au] - blocks_in[chosen];
                if blocks_in[chosen] == 1 && added > 0 && added == plain_in[au] - plain_in[chosen] {
                    chosen = au;
                } else if acc[au] > acc[chosen] + 0.5 {
                    let (lo, hi) = (chosen as u32, self.elems[chosen].end);
                    let extra_best = (a..=self.elems[au].end.min(n as u32 - 1))
                        .filter(|&e| (e < lo || e > hi) && !teasers(teasers_in[e as usize], good_in[e as usize]))
                        .map(|e| direct[e as usize])
                        .fold(0.0, f64::max);
                    let added_teasers = teasers(teasers_in[au] - teasers_in[chosen], good_in[au] - good_in[chosen]);
                    if extra_best >= 0.5 * direct[top] || (acc[chosen] < 0.5 * total && !added_teasers) {
                        chosen = au;
                    } else {
                        break;
                    }
                }
                a = self.elems[au].parent;
            }
            chosen as u32
        });
        let inside = |bl: &Block| {
            let not_dropped = bl.elem == NONE || !drop[bl.elem as usize];
            not_dropped
                && match main {
                    None => true,
                    Some(m) => bl.elem != NONE && bl.elem >= m && bl.elem <= self.elems[m as usize].end,
                }
        };
        let idx: Vec<usize> = (0..self.blocks.len()).filter(|&i| inside(&self.blocks[i])).collect();
        let mut kept = vec![false; self.blocks.len()];
        // The nearest block before / after the `k`-th that is clearly story text or clearly not.
        let decided = |j: &usize| matches!(classes[*j], Class::Good | Class::Bad);
        let prev = |k: usize| idx[..k].iter().rev().find(|j| decided(j)).map(|&j| classes[j]);
        let next = |k: usize| idx[k + 1..].iter().find(|j| decided(j)).map(|&j| classes[j]);
        for (k, &i) in idx.iter().enumerate() {
            let keep = match classes[i] {
                Class::Good => true,
                Class::Bad => false,
                Class::Medium => use_medium || prev(k) == Some(Class::Good) || next(k) == Some(Class::Good),
                // Inside story text, or after it up to the end of the article's container.
                Class::Short => prev(k) == Some(Class::Good) && matches!(next(k), Some(Class::Good) | None),
                Class::Heading => idx[k + 1..].iter().find(|&&j| classes[j] != Class::Heading).map(|&j| classes[j] == Class::Good).unwrap_or(false),
            };
            kept[i] = keep;
        }
        Selection { classes, main, dropped: self.blocks.iter().map(|bl| bl.elem != NONE && drop[bl.elem as usize]).collect(), kept }
    }

    /// The text of the kept blocks.
    fn kept_paragraphs(&self, sel: &Selection) -> Vec<String> {
        self.blocks.iter().zip(&sel.kept).filter(|(_, &k)| k).map(|(bl, _)| self.buf[bl.start..bl.end].to_string()).collect()
    }

    /// One line per block (kept or not, class, dropped, element path) and the chosen container:
    /// for `examples/extract_blocks.rs`.
    fn explain(&self, sel: &Selection) -> String {
        use std::fmt::Write;
        let mut out = String::new();
        let tag_at = |e: u32| -> String {
            let at = self.elems[e as usize].pos as usize;
            let end = self.src[at..].find('>').map(|k| at + k + 1).unwrap_or(self.src.len()).min(at + 120);
            let mut end = end;
            while !self.src.is_char_boundary(end) {
                end -= 1;
            }
            self.src[at..end].replace('\n', " ")
        };
        if let Some(m) = sel.main {
            let _ = writeln!(out, "main: #{m} {}", tag_at(m));
        }
        for (i, bl) in self.blocks.iter().enumerate() {
            let text = &self.buf[bl.start..bl.end];
            let mut short: String = text.chars().take(90).collect();
            if short.len() < text.len() {
                short.push('…');
            }
            let _ = writeln!(
                out,
                "{} {:<7} {}link {:>3}% #{:<5} {}",
                if sel.kept[i] { "KEEP" } else { "    " },
                format!("{:?}", sel.classes[i]),
                if sel.dropped[i] { "DROP " } else { "" },
                100 * bl.link / (bl.end - bl.start).max(1),
                if bl.elem == NONE { "-".to_string() } else { bl.elem.to_string() },
                short
            );
            if bl.elem != NONE && (i == 0 || self.blocks[i - 1].elem != bl.elem) {
                let mut path = Vec::new();
                let mut e = bl.elem;
                while e != NONE && path.len() < 6 {
                    path.push(format!("#{e} {}", tag_at(e)));
                    e = self.elems[e as usize].parent;
                }
                let _ = writeln!(out, "        in {}", path.join("  <  "));
            }
        }
        out
    }
}

/// True if a `style` attribute hides the element (`display: none`, `visibility:hidden`).
fn hides(style: &[u8]) -> bool {
    let squeezed: Vec<u8> = style.iter().filter(|c| !c.is_ascii_whitespace()).map(u8::to_ascii_lowercase).collect();
    memchr::memmem::find(&squeezed, b"display:none").is_some() || memchr::memmem::find(&squeezed, b"visibility:hidden").is_some()
}

/// Reads a tag name at `i`: (packed name, position after it); 0 if there is none.
fn tag_name(b: &[u8], mut i: usize) -> (Tag, usize) {
    let start = i;
    while i < b.len() && !b[i].is_ascii_whitespace() && !matches!(b[i], b'>' | b'/') {
        i += 1;
    }
    if i == start || !b[start].is_ascii_alphabetic() {
        return (0, i);
    }
    (pack(&b[start..i]), i)
}

/// Finds `</tag` (any case) from `from`: (start of the end tag, position after its `>`).
fn find_end_tag(b: &[u8], from: usize, tag: Tag) -> (usize, usize) {
    let mut i = from;
    while let Some(k) = memchr::memmem::find(&b[i..], b"</") {
        let at = i + k;
        let (t, j) = tag_name(b, at + 2);
        if t == tag {
            let after = memchr::memchr(b'>', &b[j..]).map(|k| j + k + 1).unwrap_or(b.len());
            return (at, after);
        }
        i = at + 2;
    }
    (b.len(), b.len())
}

/// `datePublished` in a JSON-LD script (first occurrence), read without a JSON parser.
fn json_ld_date(s: &str) -> Option<NaiveDate> {
    let at = s.find("\"datePublished\"")?;
    let rest = s[at + 15..].trim_start().strip_prefix(':')?.trim_start().strip_prefix('"')?;
    let end = rest.find('"')?;
    parse_date(&rest[..end])
}

/// The `<title>` of a page without its site suffix ("Headline - Site", "Headline | Site").
fn clean_title_tag(t: &str) -> Option<String> {
    let t = crate::html::collapse_ws(t);
    let mut best = t.as_str();
    for sep in [" | ", " - ", " \u{2013} ", " \u{2014} ", " :: "] {
        if let Some(i) = best.rfind(sep) {
            if best[..i].len() >= 15 {
                best = &best[..i];
            }
        }
    }
    Some(best.trim().to_string()).filter(|s| !s.is_empty())
}

/// Decodes character references in a text or attribute value.
pub(crate) fn decode_text(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let b = s.as_bytes();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while let Some(k) = memchr::memchr(b'&', &b[i..]) {
        out.push_str(&s[i..i + k]);
        i += k;
        match decode_entity(&b[i..]) {
            Some((Ent::S(d), used)) => {
                out.push_str(d);
                i += used;
            }
            Some((Ent::C(c), used)) => {
                out.push(c);
                i += used;
            }
            None => {
                out.push('&');
                i += 1;
            }
        }
    }
    out.push_str(&s[i..]);
    out
}

/// A decoded character reference.
enum Ent {
    S(&'static str),
    C(char),
}

/// Decodes the character reference at the start of `b` (which starts with `&`): the text and
/// the number of bytes used. Numeric references give their character (invalid ones U+FFFD).
fn decode_entity(b: &[u8]) -> Option<(Ent, usize)> {
    if b.len() < 3 {
        return None;
    }
    if b[1] == b'#' {
        let (hex, start) = if b.len() > 2 && (b[2] == b'x' || b[2] == b'X') { (true, 3) } else { (false, 2) };
        let mut j = start;
        let mut v: u32 = 0;
        while j < b.len() && j - start < 8 {
            let d = match (hex, b[j]) {
                (_, c @ b'0'..=b'9') => (c - b'0') as u32,
                (true, c @ b'a'..=b'f') => (c - b'a' + 10) as u32,
                (true, c @ b'A'..=b'F') => (c - b'A' + 10) as u32,
                _ => break,
            };
            v = v * if hex { 16 } else { 10 } + d;
            j += 1;
        }
        if j == start {
            return None;
        }
        let used = if b.get(j) == Some(&b';') { j + 1 } else { j };
        let c = match v {
            0x80..=0x9f => cp1252(v),
            _ => char::from_u32(v).filter(|&c| c != '\0').unwrap_or('\u{fffd}'),
        };
        return Some((Ent::C(c), used));
    }
    let mut j = 1;
    while j < b.len() && j < 12 && b[j].is_ascii_alphanumeric() {
        j += 1;
    }
    let name = &b[1..j];
    let s = named_entity(name)?;
    let used = if b.get(j) == Some(&b';') { j + 1 } else { j };
    Some((Ent::S(s), used))
}

/// Windows-1252 meanings of the C1 range, as browsers read `&#150;` and friends.
fn cp1252(v: u32) -> char {
    const T: [char; 32] = [
        '\u{20ac}', '\u{fffd}', '\u{201a}', '\u{0192}', '\u{201e}', '\u{2026}', '\u{2020}', '\u{2021}', '\u{02c6}', '\u{2030}', '\u{0160}',
        '\u{2039}', '\u{0152}', '\u{fffd}', '\u{017d}', '\u{fffd}', '\u{fffd}', '\u{2018}', '\u{2019}', '\u{201c}', '\u{201d}', '\u{2022}',
        '\u{2013}', '\u{2014}', '\u{02dc}', '\u{2122}', '\u{0161}', '\u{203a}', '\u{0153}', '\u{fffd}', '\u{017e}', '\u{0178}',
    ];
    T[(v - 0x80) as usize]
}

fn named_entity(name: &[u8]) -> Option<&'static str> {
    Some(match name {
        b"amp" | b"AMP" => "&",
        b"lt" | b"LT" => "<",
        b"gt" | b"GT" => ">",
        b"quot" | b"QUOT" => "\"",
        b"apos" => "'",
        b"nbsp" => "\u{a0}",
        b"ensp" | b"emsp" | b"thinsp" => " ",
        b"shy" | b"zwnj" | b"zwj" | b"lrm" | b"rlm" => "",
        b"mdash" => "\u{2014}",
        b"ndash" => "\u{2013}",
        b"hellip" => "\u{2026}",
        b"lsquo" => "\u{2018}",
        b"rsquo" => "\u{2019}",
        b"sbquo" => "\u{201a}",
        b"ldquo" => "\u{201c}",
        b"rdquo" => "\u{201d}",
        b"bdquo" => "\u{201e}",
        b"laquo" => "\u{ab}",
        b"raquo" => "\u{bb}",
        b"lsaquo" => "\u{2039}",
        b"rsaquo" => "\u{203a}",
        b"bull" => "\u{2022}",
        b"middot" => "\u{b7}",
        b"copy" | b"COPY" => "\u{a9}",
        b"reg" | b"REG" => "\u{ae}",
        b"trade" => "\u{2122}",
        b"deg" => "\u{b0}",
        b"plusmn" => "\u{b1}",
        b"times" => "\u{d7}",
        b"divide" => "\u{f7}",
        b"frac12" => "\u{bd}",
        b"frac14" => "\u{bc}",
        b"frac34" => "\u{be}",
        b"sup2" => "\u{b2}",
        b"sup3" => "\u{b3}",
        b"micro" => "\u{b5}",
        b"para" => "\u{b6}",
        b"sect" => "\u{a7}",
        b"cent" => "\u{a2}",
        b"pound" => "\u{a3}",
        b"euro" => "\u{20ac}",
        b"yen" => "\u{a5}",
        b"iexcl" => "\u{a1}",
        b"iquest" => "\u{bf}",
        b"ordf" => "\u{aa}",
        b"ordm" => "\u{ba}",
        b"prime" => "\u{2032}",
        b"Prime" => "\u{2033}",
        b"dagger" => "\u{2020}",
        b"Dagger" => "\u{2021}",
        b"permil" => "\u{2030}",
        b"larr" => "\u{2190}",
        b"rarr" => "\u{2192}",
        b"uarr" => "\u{2191}",
        b"darr" => "\u{2193}",
        b"minus" => "\u{2212}",
        b"Agrave" => "À", b"Aacute" => "Á", b"Acirc" => "Â", b"Atilde" => "Ã", b"Auml" => "Ä", b"Aring" => "Å", b"AElig" => "Æ",
        b"Ccedil" => "Ç", b"Egrave" => "È", b"Eacute" => "É", b"Ecirc" => "Ê", b"Euml" => "Ë", b"Igrave" => "Ì", b"Iacute" => "Í",
        b"Icirc" => "Î", b"Iuml" => "Ï", b"ETH" => "Ð", b"Ntilde" => "Ñ", b"Ograve" => "Ò", b"Oacute" => "Ó", b"Ocirc" => "Ô",
        b"Otilde" => "Õ", b"Ouml" => "Ö", b"Oslash" => "Ø", b"Ugrave" => "Ù", b"Uacute" => "Ú", b"Ucirc" => "Û", b"Uuml" => "Ü",
        b"Yacute" => "Ý", b"THORN" => "Þ", b"szlig" => "ß", b"agrave" => "à", b"aacute" => "á", b"acirc" => "â", b"atilde" => "ã",
        b"auml" => "ä", b"aring" => "å", b"aelig" => "æ", b"ccedil" => "ç", b"egrave" => "è", b"eacute" => "é", b"ecirc" => "ê",
        b"euml" => "ë", b"igrave" => "ì", b"iacute" => "í", b"icirc" => "î", b"iuml" => "ï", b"eth" => "ð", b"ntilde" => "ñ",
        b"ograve" => "ò", b"oacute" => "ó", b"ocirc" => "ô", b"otilde" => "õ", b"ouml" => "ö", b"oslash" => "ø", b"ugrave" => "ù",
        b"uacute" => "ú", b"ucirc" => "û", b"uuml" => "ü", b"yacute" => "ý", b"thorn" => "þ", b"yuml" => "ÿ", b"OElig" => "Œ",
        b"oelig" => "œ", b"Scaron" => "Š", b"scaron" => "š", b"Yuml" => "Ÿ", b"fnof" => "ƒ", b"circ" => "ˆ", b"tilde" => "˜",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entities() {
        assert_eq!(decode_text("a &amp; b &#8217;s &#x2014; &eacute;t&eacute; &nope; &#150; &lt;p&gt;"), "a & b ’s — été &nope; – <p>");
        assert_eq!(decode_text("AT&T &"), "AT&T &");
    }

    #[test]
    fn hidden_by_style() {
        assert!(hides(b"display: none;"));
        assert!(hides(b"color:red; DISPLAY:NONE"));
        assert!(hides(b"visibility : hidden"));
        assert!(!hides(b"display:block"));
        let p = extract_page("<body><article><p>The only paragraph of the story, long enough to count as good text here.</p><div style=\"display: none\"><p>A hidden block that a reader never sees on the page, also long enough to count.</p></div></article></body>");
        assert_eq!(p.paragraphs, vec!["The only paragraph of the story, long enough to count as good text here."]);
    }

    #[test]
    fn markers() {
        assert!(has_marker(b"share-tools", "share"));
        assert!(has_marker(b"sd-sharing", "sharing"));
        assert!(has_marker(b"comments", "comment"));
        assert!(!has_marker(b"commentary", "comment"));
        assert!(!has_marker(b"shareholders", "share"));
        assert!(any_marker(b"css-dlz2ap ad", LAYOUT_DROP_MARKERS));
        assert!(!any_marker(b"header-lead", LAYOUT_DROP_MARKERS));
        assert!(!any_marker(b"StoryBodyCompanionColumn", LAYOUT_DROP_MARKERS));
        assert!(!any_marker(b"StoryBodyCompanionColumn", CONTENT_DROP_MARKERS));
        assert!(any_marker(b"comments-area post-comments", CONTENT_DROP_MARKERS));
    }

    #[test]
    fn blocks_and_skips() {
        let p = extract_page(
            "<html lang=en-GB><head><title>A headline here - Site</title><script>var x = '<p>no</p>';</script></head><body>\
             <div class=menu><a href=/>Home</a></div><article><p>First paragraph of the story, which is long enough to count as good text.</p>\
             <div class=\"ad\">Advertisement</div><p>Second paragraph &amp; more, with another long sentence that is kept.<br>After a break.</p>\
             <p>Short one.</p></article><div id=comments><p>A long comment that says a great deal about the story, at length, with commas.</p></div></body></html>",
        );
        assert_eq!(
            p.paragraphs,
            vec![
                "First paragraph of the story, which is long enough to count as good text.",
                "Second paragraph & more, with another long sentence that is kept.",
                "After a break.",
                "Short one."
            ]
        );
        assert_eq!(p.title.as_deref(), Some("A headline here"));
        assert_eq!(p.lang.as_deref(), Some("en"));
    }
}
