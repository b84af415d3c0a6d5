//! HTML building blocks. Every piece of text that reaches a page goes through [`esc`].

use crate::params::Params;
use dyad_store::dash::EvidenceSpans;
use dyad_store::query::EventRow;
use std::fmt::Write;

/// Escapes text for HTML element content and quoted attribute values (also inside SVG).
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// Percent-encodes a query component (RFC 3986 unreserved characters stay).
pub fn enc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

/// `path?k=v&...` with the empty values left out (not yet HTML-escaped: pass through [`esc`]).
pub fn url(path: &str, kv: &[(&str, String)]) -> String {
    let q: Vec<String> = kv.iter().filter(|(_, v)| !v.is_empty()).map(|(k, v)| format!("{}={}", enc(k), enc(v))).collect();
    if q.is_empty() {
        path.to_string()
    } else {
        format!("{path}?{}", q.join("&"))
    }
}

/// An `<a>` element (href and text escaped).
pub fn link(href: &str, text: &str) -> String {
    format!("<a href=\"{}\">{}</a>", esc(href), esc(text))
}

const CSS: &str = r#"
*{box-sizing:border-box}
body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:#1f2933;background:#f4f6f8}
header{background:#1f2a37;color:#fff;padding:10px 24px;display:flex;gap:24px;align-items:center;flex-wrap:wrap}
header a{color:#e5edf5;text-decoration:none;font-weight:500}
header a.brand{font-size:18px;font-weight:700;color:#fff;letter-spacing:.5px}
header form{margin-left:auto;display:flex;gap:6px}
header input{padding:5px 8px;border-radius:4px;border:1px solid #52606d;background:#323f4b;color:#fff;width:220px}
main{max-width:1180px;margin:0 auto;padding:16px 24px 48px}
h1{font-size:22px;margin:8px 0 4px}
h2{font-size:16px;margin:0 0 10px;color:#323f4b}
.sub{color:#616e7c;margin:0 0 12px}
.card{background:#fff;border:1px solid #e1e7ec;border-radius:8px;padding:14px 16px;margin:14px 0;box-shadow:0 1px 2px rgba(0,0,0,.03)}
.grid{display:grid;grid-template-columns:1fr 1fr;gap:0 16px}
@media(max-width:800px){.grid{grid-template-columns:1fr}}
nav.pager{display:flex;flex-wrap:wrap;gap:6px 16px;align-items:center;margin:2px 0 10px;font-size:13px}
nav.pager form{display:inline-flex;gap:6px;align-items:center;margin:0}
nav.pager .downloads{margin-left:auto;color:#616e7c}
p.filters-on{font-size:13px;color:#3e4c59;margin:4px 0}
p.note{font-size:12px}
form.filters{display:flex;flex-wrap:wrap;gap:8px 14px;align-items:end;background:#fff;border:1px solid #e1e7ec;border-radius:8px;padding:10px 14px;margin:12px 0}
form.filters label{display:flex;flex-direction:column;font-size:12px;color:#616e7c;gap:2px}
form.filters input,form.filters select{padding:4px 6px;border:1px solid #cbd2d9;border-radius:4px;font:inherit;color:#1f2933;background:#fff}
form.filters input.short{width:80px}
button{padding:5px 14px;border:0;border-radius:4px;background:#2f6fbd;color:#fff;font:inherit;cursor:pointer}
a{color:#2f6fbd}
table{border-collapse:collapse;width:100%}
th,td{text-align:left;padding:5px 8px;border-bottom:1px solid #eef1f4;vertical-align:top}
th{font-size:12px;color:#616e7c;font-weight:600;text-transform:uppercase;letter-spacing:.3px}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
.ev{padding:10px 0;border-bottom:1px solid #eef1f4}
.ev:last-child{border-bottom:0}
.ev .meta{font-size:12px;color:#616e7c;display:flex;flex-wrap:wrap;gap:4px 14px;margin-top:3px}
.ev .head{font-weight:600}
.evidence{margin:4px 0 0;font-size:14.5px}
mark{padding:0 2px;border-radius:3px}
mark.src{background:#d6e6fb}
mark.tgt{background:#fde2c8}
mark.verb{background:#d7f2dc;font-weight:600}
.q{display:inline-block;padding:0 6px;border-radius:10px;font-size:11px;font-weight:600;color:#fff}
.q1{background:#7fb3e6}.q2{background:#2f6fbd}.q3{background:#f0a35e}.q4{background:#c8412b}
.legend{font-size:12px;color:#616e7c;display:flex;gap:14px;flex-wrap:wrap;margin:4px 0 0}
.legend i{display:inline-block;width:10px;height:10px;border-radius:2px;margin-right:4px;vertical-align:-1px}
.err{background:#fdecea;border:1px solid #f5c2bb;color:#8a1c10;padding:12px 16px;border-radius:8px}
.muted{color:#9aa5b1}
svg{display:block;width:100%;height:auto}
svg text{font:11px system-ui,sans-serif;fill:#52606d}
svg a:hover rect,svg a:hover circle{opacity:.75}
.stats{display:flex;gap:28px;flex-wrap:wrap;margin:6px 0}
.stats div b{display:block;font-size:20px}
.stats div{color:#616e7c;font-size:12px}
.bar2{display:flex;height:12px;min-width:2px;border-radius:2px;overflow:hidden}
"#;

/// A whole page.
pub fn page(title: &str, body: &str) -> String {
    format!(
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">\
         <title>{} · dyad</title><style>{CSS}</style></head><body>\
         <header><a class=\"brand\" href=\"/\">dyad</a><a href=\"/\">Overview</a><a href=\"/search\">Actors</a><a href=\"/events\">Events</a><a href=\"/api/openapi.json\">API</a>\
         <form action=\"/search\" method=\"get\" role=\"search\"><input name=\"q\" placeholder=\"Search actor, code or country\" aria-label=\"Search\"><button>Search</button></form></header>\
         <main>{body}</main></body></html>",
        esc(title)
    )
}

/// The date-range and event-type form, keeping the page's identity parameters (`keep`).
pub fn filter_form(action: &str, p: &Params, keep: &[(&str, String)]) -> String {
    let mut s = format!("<form class=\"filters\" method=\"get\" action=\"{}\">", esc(action));
    for (k, v) in keep {
        if !v.is_empty() {
            let _ = write!(s, "<input type=\"hidden\" name=\"{}\" value=\"{}\">", esc(k), esc(v));
        }
    }
    let d = |x: Option<chrono::NaiveDate>| x.map(|d| d.to_string()).unwrap_or_default();
    let _ = write!(
        s,
        "<label>From<input type=\"date\" name=\"from\" value=\"{}\"></label><label>To<input type=\"date\" name=\"to\" value=\"{}\"></label>",
        esc(&d(p.from)),
        esc(&d(p.to))
    );
    s.push_str("<label>QuadClass<select name=\"quad\"><option value=\"\">all</option>");
    for (q, name) in QUADS.iter().enumerate() {
        let q = q as u8 + 1;
        let sel = if p.quad == Some(q) { " selected" } else { "" };
        let _ = write!(s, "<option value=\"{q}\"{sel}>{q} {}</option>", esc(name));
    }
    s.push_str("</select></label>");
    let _ = write!(
        s,
        "<label>CAMEO code<input class=\"short\" name=\"cameo\" value=\"{}\" placeholder=\"e.g. 04\"></label>\
         <label>PLOVER type<input class=\"short\" name=\"plover\" value=\"{}\" placeholder=\"e.g. AID\"></label>",
        esc(p.cameo.as_deref().unwrap_or("")),
        esc(p.plover.as_deref().unwrap_or(""))
    );
    s.push_str("<label>Period<select name=\"period\"><option value=\"\">auto</option>");
    for per in ["day", "week", "month", "year"] {
        let sel = if p.period_name() == Some(per) { " selected" } else { "" };
        let _ = write!(s, "<option{sel}>{per}</option>");
    }
    s.push_str("</select></label>");
    let _ = write!(
        s,
        "<label class=\"check\"><span><input type=\"checkbox\" name=\"statements\" value=\"1\"{}> include bare statements</span><small>CAMEO 01 “said” with no target</small></label>",
        if p.statements { " checked" } else { "" }
    );
    if p.limit != crate::params::DEFAULT_LIMIT {
        let _ = write!(s, "<input type=\"hidden\" name=\"limit\" value=\"{}\">", p.limit);
    }
    s.push_str("<button>Apply</button></form>");
    s
}

pub const QUADS: [&str; 4] = ["verbal cooperation", "material cooperation", "verbal conflict", "material conflict"];
pub const QUAD_COLORS: [&str; 4] = ["#7fb3e6", "#2f6fbd", "#f0a35e", "#c8412b"];

pub fn quad_legend() -> String {
    let mut s = String::from("<div class=\"legend\">");
    for (i, n) in QUADS.iter().enumerate() {
        let _ = write!(s, "<span><i style=\"background:{}\"></i>{}</span>", QUAD_COLORS[i], esc(n));
    }
    s.push_str("</div>");
    s
}

/// The evidence sentence with the source, target and verb spans marked.
pub fn highlight(sentence: &str, spans: Option<&EvidenceSpans>) -> String {
    let mut marks: Vec<(usize, usize, &str)> = Vec::new();
    if let Some(sp) = spans {
        for (r, class) in [(sp.source, "src"), (sp.target, "tgt"), (sp.verb, "verb")] {
            if let Some((a, b)) = r {
                if a < b && b <= sentence.len() && sentence.is_char_boundary(a) && sentence.is_char_boundary(b) {
                    marks.push((a, b, class));
                }
            }
        }
    }
    marks.sort();
    let mut out = String::new();
    let mut pos = 0;
    for (a, b, class) in marks {
        if a < pos {
            continue; // overlapping spans: keep the first
        }
        out.push_str(&esc(&sentence[pos..a]));
        let _ = write!(out, "<mark class=\"{class}\">{}</mark>", esc(&sentence[a..b]));
        pos = b;
    }
    out.push_str(&esc(&sentence[pos..]));
    out
}

/// Whether a URL may become a link (http or https only: no `javascript:`).
pub fn safe_href(u: &str) -> bool {
    let l = u.trim_start().to_ascii_lowercase();
    l.starts_with("http://") || l.starts_with("https://")
}

/// The list of events with their evidence.
pub fn event_list(events: &[EventRow], spans: &std::collections::HashMap<i64, EvidenceSpans>, names: &dyn Fn(&str) -> String) -> String {
    if events.is_empty() {
        return "<p class=\"muted\">No events match.</p>".into();
    }
    let mut s = String::new();
    for e in events {
        let q = e.quad.clamp(1, 4);
        let actor = |code: &str| format!("<a href=\"{}\" title=\"{}\">{}</a>", esc(&url("/actor", &[("code", code.to_string())])), esc(code), esc(&names(code)));
        let target = e.target.as_deref().map(|t| format!(" → {}", actor(t))).unwrap_or_default();
        let _ = write!(
            s,
            "<div class=\"ev\" id=\"ev{}\"><div class=\"head\">{}{target} <span class=\"q q{q}\" title=\"{}\">{}</span> <span class=\"muted\">CAMEO {} · {} · Goldstein {:+.1}</span></div>",
            e.id,
            actor(&e.source),
            esc(QUADS[q as usize - 1]),
            esc(QUADS[q as usize - 1]),
            esc(&e.cameo),
            esc(&e.plover),
            e.goldstein
        );
        let _ = write!(s, "<p class=\"evidence\">{}</p>", highlight(&e.evidence, spans.get(&e.id)));
        s.push_str("<div class=\"meta\">");
        let date = match (&e.date, e.precision) {
            (Some(d), Some(p)) if p != "day" => format!("{d} ({p})"),
            (Some(d), _) => d.to_string(),
            _ => "undated".into(),
        };
        let _ = write!(s, "<span>Date: {}</span>", esc(&date));
        if let Some(pl) = &e.place_name {
            let c = e.place_country.as_deref().map(|c| format!(", {c}")).unwrap_or_default();
            let _ = write!(s, "<span>Place: {}{}</span>", esc(pl), esc(&c));
        }
        let src_text = e.title.clone().unwrap_or_else(|| e.doc_id.clone());
        match e.url.as_deref() {
            Some(u) if safe_href(u) => {
                let _ = write!(s, "<span>Source: <a href=\"{}\" rel=\"noopener noreferrer\">{}</a></span>", esc(u), esc(&src_text));
            }
            Some(u) => {
                let _ = write!(s, "<span>Source: {} ({})</span>", esc(&src_text), esc(u));
            }
            None => {
                let _ = write!(s, "<span>Source: {}</span>", esc(&src_text));
            }
        }
        let _ = write!(s, "<span>{} report(s), {} source(s)</span>", e.num_mentions, e.num_sources);
        let _ = write!(s, "<span title=\"the rule that coded the event\">rule: <code>{}</code></span>", esc(&e.rule));
        s.push_str("</div></div>");
    }
    s
}
