//! The pages and their JSON twins: each gathers its data once ([`Serialize`] structs) and either
//! renders it as HTML or returns it as JSON.

use crate::html::{esc, event_list, filter_form, link, page, quad_legend, url, QUADS, QUAD_COLORS};
use crate::params::{auto_period, period_name, period_range, Params};
use crate::cube::Sel;
use crate::svg::{bar_chart, line_chart, map, Bar, MapPoint, Point, Seg};
use crate::{App, Body, Error};
use chrono::NaiveDate;
use dyad_store::dash::{self, EvidenceSpans, PartnerRow, PlaceRow};
use dyad_store::query::{self, AlignRow, EventRow, Filter, Period, SeriesRow, TopRow};
use dyad_store::Store;
use serde::Serialize;
use std::collections::HashMap;
use std::fmt::Write;

/// An event with the spans of its evidence.
#[derive(Serialize)]
pub struct EventOut {
    #[serde(flatten)]
    pub event: EventRow,
    pub spans: EvidenceSpans,
}

/// The dates a page shows and the period of its charts.
#[derive(Serialize, Clone, Copy)]
pub struct Range {
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub period: &'static str,
    #[serde(skip)]
    period_v: Period,
}

fn range(store: &Store, p: &Params) -> Result<Range, Error> {
    let data = dash::date_range(store)?;
    let from = p.from.or(data.map(|d| d.0));
    let to = p.to.or(data.map(|d| d.1));
    let period = p.period.unwrap_or_else(|| match (from, to) {
        (Some(a), Some(b)) => auto_period((b - a).num_days()),
        _ => Period::Month,
    });
    Ok(Range { from, to, period: period_name(period), period_v: period })
}

fn sel<'a>(p: &'a Params) -> Sel<'a> {
    Sel {
        from: p.from,
        to: p.to,
        quad: p.quad,
        cameo: p.cameo.as_deref(),
        plover: p.plover.as_deref(),
        place_country: p.place.as_deref(),
        undated: p.undated,
        no_bare: !p.statements,
        ..Sel::default()
    }
}

/// The selection of an event list with its identity parameters (`a`/`b`/`dir`, `actor`): the
/// `/events` page's and its downloads'.
pub(crate) fn list_sel(p: &Params) -> Sel<'_> {
    Sel { actor: p.actor.as_deref(), dyad: p.a.as_deref().zip(p.b.as_deref()), directed: p.directed, ..sel(p) }
}

/// A page of events: `limit` of the `total` matching, from `offset`, newest first.
#[derive(Serialize)]
pub struct EventPage {
    pub total: usize,
    /// Bare statements the filters leave out (0 with `statements=1`).
    pub bare_left_out: usize,
    pub page: usize,
    pub limit: usize,
    pub offset: usize,
    pub events: Vec<EventOut>,
}

/// The page of events `p` asks for (`page`, `limit`) among those of `s`.
fn event_page(app: &App, store: &Store, s: &Sel, p: &Params) -> Result<EventPage, Error> {
    let cube = app.cube(store)?;
    let counts = cube.count(s);
    let total = counts.total;
    let offset = p.offset().min(total);
    let ids = cube.event_ids(s, offset, p.limit);
    let events = with_events(store, dash::events_by_id(store, &ids)?)?;
    Ok(EventPage { total, bare_left_out: counts.bare_left_out, page: p.page, limit: p.limit, offset, events })
}

/// The sizes a page-size control offers.
const PAGE_SIZES: [usize; 5] = [25, 50, 100, 250, 500];

/// An event list with its count, pager, page-size control and downloads. `path` and `keep` make
/// the links: the page's own path and identity parameters.
fn event_section(app: &App, title: &str, ep: &EventPage, p: &Params, path: &str, keep: &[(&'static str, String)]) -> String {
    let mut base: Vec<(&str, String)> = keep.to_vec();
    base.extend(p.carry());
    let mut h = String::new();
    let last_page = ep.total.div_ceil(ep.limit.max(1)).max(1);
    let (a, b) = (if ep.events.is_empty() { 0 } else { ep.offset + 1 }, ep.offset + ep.events.len());
    let _ = write!(h, "<div class=\"card\" id=\"events\"><h2>{} <small class=\"count\">{a}–{b} of {}</small></h2>", esc(title), ep.total);
    // Pager, page size, downloads.
    let page_link = |n: usize| {
        let mut kv = base.clone();
        kv.push(("limit", ep.limit.to_string()));
        kv.push(("page", n.to_string()));
        format!("{}#events", url(path, &kv))
    };
    h.push_str("<nav class=\"pager\">");
    if ep.page > 1 {
        let _ = write!(h, "<a rel=\"prev\" href=\"{}\">« newer</a>", esc(&page_link(ep.page - 1)));
    }
    let _ = write!(h, "<span>page {} of {last_page}</span>", ep.page.min(last_page));
    if ep.page < last_page {
        let _ = write!(h, "<a rel=\"next\" href=\"{}\">older »</a>", esc(&page_link(ep.page + 1)));
    }
    let _ = write!(h, "<form method=\"get\" action=\"{}\">", esc(path));
    for (k, v) in &base {
        if !v.is_empty() {
            let _ = write!(h, "<input type=\"hidden\" name=\"{}\" value=\"{}\">", esc(k), esc(v));
        }
    }
    h.push_str("<label>per page <select name=\"limit\">");
    for n in PAGE_SIZES {
        let sel = if n == ep.limit { " selected" } else { "" };
        let _ = write!(h, "<option{sel}>{n}</option>");
    }
    h.push_str("</select></label><button>Show</button></form>");
    let mut dl: Vec<(&str, String)> = keep.iter().filter(|(k, _)| *k != "code").cloned().collect();
    if let Some((_, c)) = keep.iter().find(|(k, _)| *k == "code") {
        dl.push(("actor", c.clone()));
    }
    dl.extend(p.carry().into_iter().filter(|(k, _)| *k != "period"));
    h.push_str("<span class=\"downloads\">download all ");
    let _ = write!(h, "{}", ep.total);
    h.push_str(": ");
    let links: Vec<String> = [("csv", "CSV"), ("jsonl", "JSON lines"), ("parquet", "Parquet")].iter().map(|(ext, name)| link(&url(&format!("/events.{ext}"), &dl), name)).collect();
    h.push_str(&links.join(" · "));
    h.push_str("</span></nav>");
    h.push_str(&event_html(app, &ep.events));
    h.push_str("</div>");
    h
}

/// The type, place and date filters of `p` in words ("verbal cooperation", "CAMEO 04", "in Ukraine",
/// "from 2024-01-01 to 2024-01-31"): the `/events` page's title and every page's filter line.
fn filter_words(app: &App, p: &Params) -> Vec<String> {
    let mut v: Vec<String> = Vec::new();
    if let Some(q) = p.quad {
        v.push(QUADS[q as usize - 1].to_string());
    }
    if let Some(c) = &p.cameo {
        v.push(format!("CAMEO {c}"));
    }
    if let Some(pl) = &p.plover {
        v.push(format!("PLOVER {pl}"));
    }
    if let Some(pc) = &p.place {
        v.push(format!("in {}", app.label(pc)));
    }
    match (p.from, p.to) {
        (Some(a), Some(b)) if a == b => v.push(format!("on {a}")),
        (Some(a), Some(b)) => v.push(format!("from {a} to {b}")),
        (Some(a), None) => v.push(format!("from {a}")),
        (None, Some(b)) => v.push(format!("until {b}")),
        _ => {}
    }
    if p.undated {
        v.push("undated".into());
    }
    v
}

/// The filters a page applies, in words (shown above its counts).
fn filters_text(app: &App, p: &Params) -> String {
    let mut v = filter_words(app, p);
    v.push(if p.statements { "bare statements included".into() } else { "bare statements (CAMEO 01 with no target) left out".into() });
    v.join(" · ")
}

/// The line under a page's title: its active filters and how many bare statements they leave out,
/// with a link that includes them (or leaves them out again).
fn filter_note(app: &App, left_out: usize, p: &Params, path: &str, keep: &[(&'static str, String)]) -> String {
    let mut kv: Vec<(&str, String)> = keep.to_vec();
    kv.extend(p.carry().into_iter().filter(|(k, _)| *k != "statements"));
    let toggle = if p.statements {
        link(&url(path, &kv), "leave bare statements out")
    } else {
        kv.push(("statements", "1".into()));
        link(&url(path, &kv), &format!("include the {left_out} left out"))
    };
    format!("<p class=\"filters-on\">Filters: {} ({toggle}).</p>", esc(&filters_text(app, p)))
}

fn with_events(store: &Store, rows: Vec<EventRow>) -> Result<Vec<EventOut>, Error> {
    let ids: Vec<i64> = rows.iter().map(|e| e.id).collect();
    let mut spans = dash::evidence_spans(store, &ids)?;
    Ok(rows.into_iter().map(|e| EventOut { spans: spans.remove(&e.id).unwrap_or_default(), event: e }).collect())
}

fn event_html(app: &App, evs: &[EventOut]) -> String {
    let rows: Vec<EventRow> = evs.iter().map(|e| e.event.clone()).collect();
    let spans: HashMap<i64, EvidenceSpans> = evs.iter().map(|e| (e.event.id, e.spans)).collect();
    event_list(&rows, &spans, &|c| app.label(c))
}

/// Counts by QuadClass per period, from the index (the store's `query::series` semantics; the
/// tests compare both). The periods span the page's range; the undated events come last as one
/// [`query::UNDATED`] row unless the request bounds the dates.
fn series(app: &App, store: &Store, base: Filter, p: &Params, r: &Range) -> Result<Vec<SeriesRow>, Error> {
    let f = Filter { cameo: p.cameo.clone(), plover: p.plover.clone(), quad: p.quad, place_country: p.place.clone(), no_bare: !p.statements, ..base };
    let dated = Filter { from: r.from, to: r.to, ..f.clone() };
    let mut out = if p.undated || (r.from.is_none() && r.to.is_none()) { Vec::new() } else { series_of(app, store, &dated, r.period_v)? };
    if p.from.is_none() && p.to.is_none() {
        out.extend(series_of(app, store, &Filter { undated: true, ..f }, r.period_v)?);
    }
    Ok(out)
}

fn series_of(app: &App, store: &Store, f: &Filter, period: Period) -> Result<Vec<SeriesRow>, Error> {
    let s = Sel {
        actor: f.actor.as_deref(),
        dyad: f.dyad.as_ref().map(|(a, b)| (a.as_str(), b.as_str())),
        directed: f.directed,
        from: f.from,
        to: f.to,
        quad: f.quad,
        cameo: f.cameo.as_deref(),
        plover: f.plover.as_deref(),
        place_country: f.place_country.as_deref(),
        undated: f.undated,
        no_bare: f.no_bare,
    };
    Ok(app.cube(store)?.series(&s, period))
}

/// The `from`/`to` of a period label, clipped to the page's range.
fn span_of(r: &Range, label: &str) -> (String, String) {
    match period_range(r.period_v, label) {
        Some((a, b)) => {
            let a = r.from.map_or(a, |f| a.max(f));
            let b = r.to.map_or(b, |t| b.min(t));
            (a.to_string(), b.to_string())
        }
        None => (String::new(), String::new()),
    }
}

/// Link parameters: identity (`who`) + dates of the period (`undated=1` for the undated row)
/// + the page's type filters.
fn events_link(who: &[(&'static str, String)], p: &Params, from: String, to: String, quad: Option<u8>) -> String {
    events_link_for(who, p, None, from, to, quad)
}

/// [`events_link`] for a series row's label.
fn period_link(who: &[(&'static str, String)], p: &Params, r: &Range, label: &str, quad: Option<u8>) -> String {
    let (from, to) = span_of(r, label);
    events_link_for(who, p, Some(label), from, to, quad)
}

fn events_link_for(who: &[(&'static str, String)], p: &Params, label: Option<&str>, from: String, to: String, quad: Option<u8>) -> String {
    let mut kv: Vec<(&str, String)> = who.to_vec();
    if label == Some(query::UNDATED) || p.undated {
        kv.push(("undated", "1".into()));
    } else {
        kv.push(("from", from));
        kv.push(("to", to));
    }
    kv.push(("quad", quad.or(p.quad).map(|q| q.to_string()).unwrap_or_default()));
    kv.push(("cameo", p.cameo.clone().unwrap_or_default()));
    kv.push(("plover", p.plover.clone().unwrap_or_default()));
    url("/events", &kv)
}

/// Bars by QuadClass; with `diverging`, conflict (3, 4) grows downward.
fn quad_bars(rows: &[SeriesRow], r: &Range, p: &Params, who: &[(&'static str, String)], diverging: bool) -> Vec<Bar> {
    rows.iter()
        .map(|row| {
            let vals = [row.q1, row.q2, row.q3, row.q4];
            let segs = (0..4)
                .map(|i| {
                    let v = vals[i];
                    Seg {
                        value: if diverging && i >= 2 { -v } else { v },
                        color: QUAD_COLORS[i],
                        href: period_link(who, p, r, &row.period, Some(i as u8 + 1)),
                        title: format!("{}: {} {} (click for the events)", row.period, v, QUADS[i]),
                    }
                })
                .collect();
            Bar { label: row.period.clone(), segs }
        })
        .collect()
}

fn top_table(app: &App, rows: &[TopRow], dyads: bool, p: &Params) -> String {
    if rows.is_empty() {
        return "<p class=\"muted\">No events.</p>".into();
    }
    let mut s = String::from("<table><tr><th>#</th><th>");
    s.push_str(if dyads { "Dyad" } else { "Actor" });
    s.push_str("</th><th class=\"num\">Events</th><th class=\"num\">Mean Goldstein</th></tr>");
    let carry = p.carry();
    for (i, r) in rows.iter().enumerate() {
        let cell = if dyads {
            let (a, b) = r.key.split_once("->").unwrap_or((&r.key, ""));
            let mut kv = vec![("a", a.to_string()), ("b", b.to_string())];
            kv.extend(carry.iter().cloned());
            link(&url("/dyad", &kv), &format!("{} → {}", app.label(a), app.label(b)))
        } else {
            let mut kv = vec![("code", r.key.clone())];
            kv.extend(carry.iter().cloned());
            link(&url("/actor", &kv), &app.label(&r.key))
        };
        let _ = write!(s, "<tr><td class=\"muted\">{}</td><td>{cell}</td><td class=\"num\">{}</td><td class=\"num\">{:+.2}</td></tr>", i + 1, r.events, r.mean_goldstein);
    }
    s.push_str("</table>");
    s
}

fn range_text(r: &Range) -> String {
    match (r.from, r.to) {
        (Some(a), Some(b)) => format!("{a} to {b}, by {}", r.period),
        _ => "no dated events".into(),
    }
}

/// The events of a series that are undated (its [`query::UNDATED`] row).
fn undated_of(rows: &[SeriesRow]) -> f64 {
    rows.iter().filter(|r| r.period == query::UNDATED).map(|r| r.total).sum()
}

/// "N events (M undated: the last bar)" for a page's header.
fn count_text(rows: &[SeriesRow], what: &str) -> String {
    let total: f64 = rows.iter().map(|r| r.total).sum();
    match undated_of(rows) {
        u if u > 0.0 => format!("{total} {what} ({u} of them undated: the last bar, \"{}\")", query::UNDATED),
        _ => format!("{total} {what}"),
    }
}

// ---------------------------------------------------------------------------------------------
// Overview

#[derive(Serialize)]
pub struct Overview {
    pub range: Range,
    pub total_events: f64,
    pub volume: Vec<SeriesRow>,
    pub top_dyads: Vec<TopRow>,
    pub top_actors: Vec<TopRow>,
    /// Bare statements the filters leave out (0 with `statements=1`).
    pub bare_left_out: usize,
    /// The page of the events behind the chart (`total` = `total_events`).
    pub latest: EventPage,
}

fn overview(app: &App, store: &Store, p: &Params) -> Result<Overview, Error> {
    let r = range(store, p)?;
    let volume = series(app, store, Filter::default(), p, &r)?;
    let cube = app.cube(store)?;
    let (top_dyads, top_actors) = cube.top(&sel(p), 10);
    let latest = event_page(app, store, &sel(p), p)?;
    Ok(Overview { total_events: latest.total as f64, range: r, volume, top_dyads, top_actors, bare_left_out: latest.bare_left_out, latest })
}

pub fn overview_json(app: &App, store: &Store, p: &Params) -> Result<Body, Error> {
    Ok(Body::Json(serde_json::to_value(overview(app, store, p)?).map_err(|e| Error::Internal(e.to_string()))?))
}

pub fn overview_html(app: &App, store: &Store, p: &Params) -> Result<Body, Error> {
    let o = overview(app, store, p)?;
    let mut b = String::from("<h1>Overview</h1>");
    let _ = write!(b, "<p class=\"sub\">{}, {}.</p>", esc(&count_text(&o.volume, "deduplicated events")), esc(&range_text(&o.range)));
    b.push_str(&filter_note(app, o.bare_left_out, p, "/", &[]));
    b.push_str(&filter_form("/", p, &[]));
    let bars = quad_bars(&o.volume, &o.range, p, &[], false);
    let _ = write!(b, "<div class=\"card\"><h2>Events over time</h2>{}{}</div>", bar_chart(&bars, "events per period by QuadClass"), quad_legend());
    let _ = write!(
        b,
        "<div class=\"grid\"><div class=\"card\"><h2>Busiest dyads</h2>{}</div><div class=\"card\"><h2>Busiest actors</h2>{}</div></div>",
        top_table(app, &o.top_dyads, true, p),
        top_table(app, &o.top_actors, false, p)
    );
    b.push_str(&event_section(app, "Latest events", &o.latest, p, "/", &[]));
    Ok(Body::Html(page("Overview", &b)))
}

// ---------------------------------------------------------------------------------------------
// Dyad

#[derive(Serialize)]
pub struct DyadPage {
    pub a: String,
    pub b: String,
    pub directed: bool,
    pub range: Range,
    pub series: Vec<SeriesRow>,
    pub align: Vec<AlignRow>,
    pub events: EventPage,
}

fn dyad(app: &App, store: &Store, p: &Params) -> Result<DyadPage, Error> {
    let a = p.need("a", &p.a)?.to_string();
    let b = p.need("b", &p.b)?.to_string();
    if a == b {
        return Err(Error::Bad("a and b must be two different actors".into()));
    }
    let r = range(store, p)?;
    let base = Filter { dyad: Some((a.clone(), b.clone())), directed: p.directed, ..Filter::default() };
    let series = series(app, store, base.clone(), p, &r)?;
    let cube = app.cube(store)?;
    let align = cube.align(&a, &b, &Sel { from: r.from, to: r.to, ..Sel::default() }, r.period_v);
    let events = event_page(app, store, &Sel { dyad: Some((&a, &b)), directed: p.directed, ..sel(p) }, p)?;
    Ok(DyadPage { a, b, directed: p.directed, range: r, series, align, events })
}

pub fn dyad_json(app: &App, store: &Store, p: &Params) -> Result<Body, Error> {
    Ok(Body::Json(serde_json::to_value(dyad(app, store, p)?).map_err(|e| Error::Internal(e.to_string()))?))
}

/// Third parties below which an S score is marked as resting on too few.
const MIN_THIRD: usize = 3;

/// An S score with its sample size: "+0.812 from 5 third parties", "+1.000 from 1 third party
/// (few)", "–" when there is none.
fn s_text(s: Option<f64>, n: usize) -> String {
    match s {
        None => "–".into(),
        Some(_) => {
            let few = if n < MIN_THIRD { " (few)" } else { "" };
            format!("{} from {n} third {}{few}", opt(s, 3), if n == 1 { "party" } else { "parties" })
        }
    }
}

fn opt(x: Option<f64>, digits: usize) -> String {
    x.map(|v| format!("{v:+.digits$}")).unwrap_or_else(|| "–".into())
}

pub fn dyad_html(app: &App, store: &Store, p: &Params) -> Result<Body, Error> {
    let d = dyad(app, store, p)?;
    let (la, lb) = (app.label(&d.a), app.label(&d.b));
    let arrow = if d.directed { "→" } else { "↔" };
    let title = format!("{la} {arrow} {lb}");
    let mut who = vec![("a", d.a.clone()), ("b", d.b.clone())];
    if d.directed {
        who.push(("dir", "ab".into()));
    }
    let mut h = format!("<h1>{}</h1>", esc(&title));
    let total: f64 = d.series.iter().map(|s| s.total).sum();
    let coop: f64 = d.series.iter().map(|s| s.q1 + s.q2).sum();
    let conf: f64 = d.series.iter().map(|s| s.q3 + s.q4).sum();
    let _ = write!(
        h,
        "<p class=\"sub\">{} · {} · {} · {}</p>",
        link(&url("/actor", &[("code", d.a.clone())]), &format!("{la} ({})", d.a)),
        link(&url("/actor", &[("code", d.b.clone())]), &format!("{lb} ({})", d.b)),
        if d.directed {
            link(&url("/dyad", &[("a", d.a.clone()), ("b", d.b.clone())]), "both directions")
        } else {
            link(&url("/dyad", &[("a", d.a.clone()), ("b", d.b.clone()), ("dir", "ab".into())]), &format!("only {} → {}", d.a, d.b))
        },
        esc(&range_text(&d.range))
    );
    h.push_str(&filter_note(app, d.events.bare_left_out, p, "/dyad", &who));
    h.push_str(&filter_form("/dyad", p, &who));
    let _ = write!(
        h,
        "<div class=\"card stats\"><div><b>{total}</b>events</div><div><b>{}</b>undated</div><div><b>{coop}</b>cooperative</div><div><b>{conf}</b>conflictual</div><div><b>{:+}</b>net cooperation</div></div>",
        undated_of(&d.series),
        coop - conf
    );
    let bars = quad_bars(&d.series, &d.range, p, &who, true);
    let _ = write!(
        h,
        "<div class=\"card\"><h2>Cooperation (up) and conflict (down) by QuadClass</h2>{}{}</div>",
        bar_chart(&bars, "cooperation and conflict per period"),
        quad_legend()
    );
    let gpoints: Vec<Point> = d
        .series
        .iter()
        .filter(|row| row.period != query::UNDATED)
        .map(|row| {
            Point {
                label: row.period.clone(),
                value: row.mean_goldstein,
                href: period_link(&who, p, &d.range, &row.period, None),
                title: format!("{}: mean Goldstein {} over {} events", row.period, opt(row.mean_goldstein, 2), row.total),
            }
        })
        .collect();
    let _ = write!(h, "<div class=\"card\"><h2>Mean Goldstein score (−10 conflict … +10 cooperation)<small> of dated events</small></h2>{}</div>", line_chart(&gpoints, Some((-10.0, 10.0)), "#2f6fbd", "mean Goldstein per period"));
    // Alignment: S score on the same periods.
    let by_label: HashMap<&str, &AlignRow> = d.align.iter().map(|r| (r.period.as_str(), r)).collect();
    let spoints: Vec<Point> = d
        .series
        .iter()
        .filter(|row| row.period != query::UNDATED)
        .map(|row| {
            let ar = by_label.get(row.period.as_str());
            Point {
                label: row.period.clone(),
                value: ar.and_then(|a| a.s_score),
                href: period_link(&who, p, &d.range, &row.period, None),
                title: format!("{}: S = {}", row.period, s_text(ar.and_then(|a| a.s_score), ar.map_or(0, |a| a.common_third))),
            }
        })
        .collect();
    let _ = write!(
        h,
        "<div class=\"card\"><h2>Alignment toward third parties (Signorino–Ritter S, −1 opposed … +1 identical)</h2>{}",
        line_chart(&spoints, Some((-1.0, 1.0)), "#7b4fb0", "S score per period")
    );
    h.push_str("<table><tr><th>Period</th><th class=\"num\">Direct events</th><th class=\"num\">Net cooperation</th><th class=\"num\">Mean Goldstein</th><th class=\"num\">Common third parties</th><th class=\"num\">S score</th></tr>");
    for r in d.align.iter().filter(|r| r.direct_events > 0 || r.s_score.is_some()) {
        let (from, to) = span_of(&d.range, &r.period);
        let _ = write!(
            h,
            "<tr><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{:+}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
            link(&events_link(&[("a", d.a.clone()), ("b", d.b.clone())], p, from, to, None), &r.period),
            r.direct_events,
            r.direct_net_cooperation,
            opt(r.direct_mean_goldstein, 2),
            r.common_third,
            s_text(r.s_score, r.common_third)
        );
    }
    let _ = write!(
        h,
        "</table><p class=\"muted note\">Each S score compares how {} and {} acted toward the third parties both acted toward in the period (mean Goldstein per third party); \
         the table gives that number of third parties beside each score, and a score from fewer than {MIN_THIRD} is marked \"few\": it says little.</p></div>",
        esc(&la),
        esc(&lb)
    );
    h.push_str(&event_section(app, "Events", &d.events, p, "/dyad", &who));
    Ok(Body::Html(page(&title, &h)))
}

// ---------------------------------------------------------------------------------------------
// Actor

#[derive(Serialize)]
pub struct ActorPage {
    pub code: String,
    pub name: String,
    pub range: Range,
    pub series: Vec<SeriesRow>,
    pub partners: Vec<PartnerRow>,
    pub places: Vec<PlaceRow>,
    pub events: EventPage,
}

fn actor(app: &App, store: &Store, p: &Params) -> Result<ActorPage, Error> {
    let code = p.need("code", &p.code)?.to_string();
    let r = range(store, p)?;
    let series = series(app, store, Filter { actor: Some(code.clone()), ..Filter::default() }, p, &r)?;
    let cube = app.cube(store)?;
    let partners = cube.partners(&code, &sel(p), 25);
    let places = cube.places(&Sel { actor: Some(&code), ..sel(p) }, 200);
    let events = event_page(app, store, &Sel { actor: Some(&code), ..sel(p) }, p)?;
    Ok(ActorPage { name: app.label(&code), code, range: r, series, partners, places, events })
}

pub fn actor_json(app: &App, store: &Store, p: &Params) -> Result<Body, Error> {
    Ok(Body::Json(serde_json::to_value(actor(app, store, p)?).map_err(|e| Error::Internal(e.to_string()))?))
}

fn goldstein_color(g: f64) -> &'static str {
    if g >= 1.0 {
        "#2f6fbd"
    } else if g <= -1.0 {
        "#c8412b"
    } else {
        "#8795a1"
    }
}

pub fn actor_html(app: &App, store: &Store, p: &Params) -> Result<Body, Error> {
    let a = actor(app, store, p)?;
    let who = vec![("code", a.code.clone())];
    let title = if a.name != a.code { format!("{} ({})", a.name, a.code) } else { a.code.clone() };
    let mut h = format!("<h1>{}</h1><p class=\"sub\">{}, {}</p>", esc(&title), esc(&count_text(&a.series, "events")), esc(&range_text(&a.range)));
    h.push_str(&filter_note(app, a.events.bare_left_out, p, "/actor", &who));
    h.push_str(&filter_form("/actor", p, &who));
    let ev_who = vec![("actor", a.code.clone())];
    let bars = quad_bars(&a.series, &a.range, p, &ev_who, true);
    let _ = write!(h, "<div class=\"card\"><h2>Cooperation (up) and conflict (down)</h2>{}{}</div>", bar_chart(&bars, "events of the actor per period"), quad_legend());
    // Partners, ranked, with a cooperation/conflict bar.
    h.push_str("<div class=\"grid\"><div class=\"card\"><h2>Partners</h2>");
    if a.partners.is_empty() {
        h.push_str("<p class=\"muted\">No events with other actors.</p>");
    } else {
        let max = a.partners.iter().map(|r| r.events).max().unwrap_or(1).max(1) as f64;
        h.push_str("<table><tr><th>Partner</th><th class=\"num\">Events</th><th>Cooperation · conflict</th><th class=\"num\">Goldstein</th></tr>");
        let carry = p.carry();
        for r in &a.partners {
            let mut kv = vec![("a", a.code.clone()), ("b", r.key.clone())];
            kv.extend(carry.iter().cloned());
            let w = |n: i64| n as f64 / max * 100.0;
            let _ = write!(
                h,
                "<tr><td>{}</td><td class=\"num\">{}</td><td style=\"width:40%\"><div class=\"bar2\" title=\"{}\">\
                 <span style=\"width:{:.1}%;background:{}\"></span><span style=\"width:{:.1}%;background:{}\"></span><span style=\"width:{:.1}%;background:{}\"></span><span style=\"width:{:.1}%;background:{}\"></span></div></td><td class=\"num\">{:+.2}</td></tr>",
                link(&url("/dyad", &kv), &app.label(&r.key)),
                r.events,
                esc(&format!("{} verbal cooperation, {} material cooperation, {} verbal conflict, {} material conflict", r.q1, r.q2, r.q3, r.q4)),
                w(r.q1),
                QUAD_COLORS[0],
                w(r.q2),
                QUAD_COLORS[1],
                w(r.q3),
                QUAD_COLORS[2],
                w(r.q4),
                QUAD_COLORS[3],
                r.mean_goldstein
            );
        }
        h.push_str("</table>");
        h.push_str(&quad_legend());
    }
    h.push_str("</div><div class=\"card\"><h2>Where its events happened</h2>");
    let points: Vec<MapPoint> = a
        .places
        .iter()
        .map(|pl| {
            let mut kv = vec![("actor", a.code.clone())];
            if let Some(c) = &pl.country {
                kv.push(("place", c.clone()));
            }
            kv.extend(p.carry().into_iter().filter(|(k, _)| *k != "period"));
            MapPoint {
                lat: pl.lat,
                lon: pl.lon,
                weight: pl.events as f64,
                color: goldstein_color(pl.mean_goldstein),
                href: url("/events", &kv),
                title: format!("{}{}: {} events, mean Goldstein {:+.1}", pl.name, pl.country.as_deref().map(|c| format!(" ({c})")).unwrap_or_default(), pl.events, pl.mean_goldstein),
            }
        })
        .collect();
    h.push_str(&map(&points, "map of the actor's events"));
    let _ = write!(
        h,
        "<div class=\"legend\"><span><i style=\"background:#2f6fbd\"></i>cooperative on average</span><span><i style=\"background:#c8412b\"></i>conflictual</span><span><i style=\"background:#8795a1\"></i>neutral</span><span>{} places</span><span class=\"muted\">Basemap: Natural Earth (public domain)</span></div></div></div>",
        a.places.len()
    );
    h.push_str(&event_section(app, "Latest events", &a.events, p, "/actor", &who));
    Ok(Body::Html(page(&title, &h)))
}

// ---------------------------------------------------------------------------------------------
// Events

#[derive(Serialize)]
pub struct EventsPage {
    pub description: String,
    #[serde(flatten)]
    pub events: EventPage,
}

fn events(app: &App, store: &Store, p: &Params) -> Result<EventsPage, Error> {
    let mut what = Vec::new();
    if let Some(a) = &p.a {
        let b = p.need("b", &p.b)?;
        what.push(format!("{} {} {}", app.label(a), if p.directed { "→" } else { "↔" }, app.label(b)));
    }
    if let Some(x) = &p.actor {
        what.push(format!("involving {}", app.label(x)));
    }
    what.extend(filter_words(app, p));
    let description = if what.is_empty() { "All events".to_string() } else { format!("Events: {}", what.join(", ")) };
    let s = list_sel(p);
    let events = event_page(app, store, &s, p)?;
    Ok(EventsPage { description, events })
}

pub fn events_json(app: &App, store: &Store, p: &Params) -> Result<Body, Error> {
    Ok(Body::Json(serde_json::to_value(events(app, store, p)?).map_err(|e| Error::Internal(e.to_string()))?))
}

pub fn events_html(app: &App, store: &Store, p: &Params) -> Result<Body, Error> {
    let e = events(app, store, p)?;
    let mut keep: Vec<(&str, String)> = Vec::new();
    for (k, v) in [("a", &p.a), ("b", &p.b), ("actor", &p.actor), ("place", &p.place)] {
        if let Some(v) = v {
            keep.push((k, v.clone()));
        }
    }
    if p.directed {
        keep.push(("dir", "ab".into()));
    }
    let mut h = format!("<h1>{}</h1>", esc(&e.description));
    let _ = write!(h, "<p class=\"sub\">{} events. Highlighted: <mark class=\"src\">source</mark> <mark class=\"verb\">verb</mark> <mark class=\"tgt\">target</mark>.</p>", e.events.total);
    if let (Some(a), Some(b)) = (&p.a, &p.b) {
        let _ = write!(h, "<p>{}</p>", link(&url("/dyad", &[("a", a.clone()), ("b", b.clone())]), &format!("Dyad page {} – {}", app.label(a), app.label(b))));
    }
    h.push_str(&filter_note(app, e.events.bare_left_out, p, "/events", &keep));
    h.push_str(&filter_form("/events", p, &keep));
    h.push_str(&event_section(app, "Events", &e.events, p, "/events", &keep));
    Ok(Body::Html(page(&e.description, &h)))
}

// ---------------------------------------------------------------------------------------------
// Search

#[derive(Serialize)]
pub struct SearchHit {
    pub code: String,
    pub name: String,
    pub country: Option<String>,
    pub names: Vec<String>,
    pub events: i64,
}

#[derive(Serialize)]
pub struct SearchPage {
    pub q: String,
    pub hits: Vec<SearchHit>,
}

fn search(app: &App, store: &Store, p: &Params) -> Result<SearchPage, Error> {
    app.refresh_directory(store)?;
    let q = p.q.clone().unwrap_or_default();
    let ql = q.to_lowercase();
    let qu = q.to_uppercase();
    let dir = app.directory.read().unwrap();
    let gaz = dyad_geo::Gazetteer::builtin();
    // Countries whose name matches: their actors match too.
    let countries: Vec<&str> = if ql.len() >= 2 { gaz.countries().iter().filter(|c| c.name.to_lowercase().contains(&ql)).map(|c| c.iso3).collect() } else { Vec::new() };
    let mut scored: Vec<(u8, &dash::ActorEntry)> = Vec::new();
    for a in &dir.actors {
        let country_name = a.country.as_deref().and_then(|c| gaz.country(c)).map(|c| c.name.to_lowercase());
        let score = if q.is_empty() {
            Some(3)
        } else if a.code == qu {
            Some(0)
        } else if a.country.as_deref() == Some(qu.as_str()) || (qu.len() >= 2 && a.code.starts_with(&qu)) {
            Some(1)
        } else if a.names.iter().any(|n| n.to_lowercase().contains(&ql)) || country_name.is_some_and(|n| n.contains(&ql)) || a.country.as_deref().is_some_and(|c| countries.contains(&c)) {
            Some(2)
        } else {
            None
        };
        if let Some(s) = score {
            scored.push((s, a));
        }
    }
    // Country codes themselves (a country page aggregates all its actors), when not yet listed.
    let mut extra: Vec<SearchHit> = Vec::new();
    for c in countries.iter().copied().chain(gaz.country(&qu).map(|c| c.iso3)) {
        if !dir.by_code.contains_key(c) && !extra.iter().any(|h| h.code == c) && dir.actors.iter().any(|a| a.country.as_deref() == Some(c)) {
            let events = dir.actors.iter().filter(|a| a.country.as_deref() == Some(c)).map(|a| a.events).sum();
            extra.push(SearchHit { code: c.to_string(), name: app.label(c), country: Some(c.to_string()), names: Vec::new(), events });
        }
    }
    scored.sort_by(|x, y| x.0.cmp(&y.0).then(y.1.events.cmp(&x.1.events)).then(x.1.code.cmp(&y.1.code)));
    let mut hits = extra;
    hits.extend(scored.into_iter().map(|(_, a)| SearchHit { code: a.code.clone(), name: app.label(&a.code), country: a.country.clone(), names: a.names.clone(), events: a.events }));
    hits.truncate(p.limit);
    Ok(SearchPage { q, hits })
}

pub fn search_json(app: &App, store: &Store, p: &Params) -> Result<Body, Error> {
    Ok(Body::Json(serde_json::to_value(search(app, store, p)?).map_err(|e| Error::Internal(e.to_string()))?))
}

pub fn search_html(app: &App, store: &Store, p: &Params) -> Result<Body, Error> {
    let s = search(app, store, p)?;
    let title = if s.q.is_empty() { "Actors".to_string() } else { format!("Search: {}", s.q) };
    let mut h = format!("<h1>{}</h1>", esc(&title));
    let _ = write!(
        h,
        "<form class=\"filters\" method=\"get\" action=\"/search\"><label>Actor name, code or country<input name=\"q\" value=\"{}\" style=\"width:320px\" autofocus></label><button>Search</button></form>",
        esc(&s.q)
    );
    if s.hits.is_empty() {
        let _ = write!(h, "<div class=\"card\"><p class=\"muted\">No actor matches {}.</p></div>", esc(&format!("{:?}", s.q)));
    } else {
        h.push_str("<div class=\"card\"><table id=\"hits\"><tr><th>Actor</th><th>Code</th><th>Country</th><th>Mentioned as</th><th class=\"num\">Events</th></tr>");
        for hit in &s.hits {
            let _ = write!(
                h,
                "<tr><td>{}</td><td><code>{}</code></td><td>{}</td><td>{}</td><td class=\"num\">{}</td></tr>",
                link(&url("/actor", &[("code", hit.code.clone())]), &hit.name),
                esc(&hit.code),
                esc(&hit.country.as_deref().map(|c| app.label(c)).unwrap_or_default()),
                esc(&hit.names.join(", ")),
                hit.events
            );
        }
        h.push_str("</table></div>");
    }
    Ok(Body::Html(page(&title, &h)))
}

// ---------------------------------------------------------------------------------------------
// OpenAPI

pub fn openapi(_: &App, _: &Store, _: &Params) -> Result<Body, Error> {
    let v: serde_json::Value = serde_json::from_str(include_str!("openapi.json")).map_err(|e| Error::Internal(e.to_string()))?;
    Ok(Body::Json(v))
}
