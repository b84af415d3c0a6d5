//! Queries over event clusters: `events`, `series`, `align`, `top`. Every count is a count of
//! deduplicated events (clusters), not of reports. The functions return rows; rendering is the
//! caller's business.

use crate::{day_date, day_number, precision_name, Result, Store};
use chrono::{Datelike, NaiveDate};
use rusqlite::types::Value;
use serde::Serialize;
use std::collections::BTreeMap;

/// The events a query is about. Empty fields do not filter.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    /// Actor or country code on either side (see the crate docs on actor matching).
    pub actor: Option<String>,
    /// A dyad (A, B).
    pub dyad: Option<(String, String)>,
    /// With `dyad`: only A → B (otherwise both directions).
    pub directed: bool,
    /// CAMEO event code prefix ("04", "043", "1831").
    pub cameo: Option<String>,
    /// PLOVER event type (case-insensitive).
    pub plover: Option<String>,
    /// QuadClass 1–4.
    pub quad: Option<u8>,
    /// First day (inclusive).
    pub from: Option<NaiveDate>,
    /// Last day (inclusive).
    pub to: Option<NaiveDate>,
    /// Place country (ISO-3166 alpha-3).
    pub place_country: Option<String>,
    /// Only undated events (from undated documents with no date in their sentence).
    pub undated: bool,
    /// Leave out bare statements: CAMEO root 01 ("make public statement") with no target.
    pub no_bare: bool,
}

/// Whether an event is a bare statement: CAMEO root 01 with no target ("X said ...").
pub fn is_bare(cameo: &str, target: Option<&str>) -> bool {
    cameo.starts_with("01") && target.is_none_or(str::is_empty)
}

/// [`is_bare`] as an SQL condition over `clusters c`.
pub(crate) const BARE_SQL: &str = "(c.root = '01' AND c.target = '')";

impl Filter {
    /// SQL condition over `clusters` (aliased `c`) and its parameters.
    pub(crate) fn sql(&self) -> (String, Vec<Value>) {
        let mut conds: Vec<String> = Vec::new();
        let mut ps: Vec<Value> = Vec::new();
        let p = |v: &str, ps: &mut Vec<Value>| {
            ps.push(Value::Text(v.to_string()));
            format!("?{}", ps.len())
        };
        if let Some(a) = &self.actor {
            let k = p(a, &mut ps);
            conds.push(format!("(c.source = {k} OR c.source_country = {k} OR c.target = {k} OR c.target_country = {k})"));
        }
        if let Some((a, b)) = &self.dyad {
            let ka = p(a, &mut ps);
            let kb = p(b, &mut ps);
            let ab = format!("((c.source = {ka} OR c.source_country = {ka}) AND (c.target = {kb} OR c.target_country = {kb}))");
            if self.directed {
                conds.push(ab);
            } else {
                conds.push(format!("({ab} OR ((c.source = {kb} OR c.source_country = {kb}) AND (c.target = {ka} OR c.target_country = {ka})))"));
            }
        }
        if let Some(c) = &self.cameo {
            let k = p(c, &mut ps);
            conds.push(format!("substr(c.cameo, 1, length({k})) = {k}"));
        }
        if let Some(pl) = &self.plover {
            let k = p(&pl.to_uppercase(), &mut ps);
            conds.push(format!("upper(c.plover) = {k}"));
        }
        if let Some(q) = self.quad {
            ps.push(Value::Integer(q as i64));
            conds.push(format!("c.quad = ?{}", ps.len()));
        }
        if let Some(d) = self.from {
            ps.push(Value::Integer(day_number(d)));
            conds.push(format!("c.day >= ?{}", ps.len()));
        }
        if let Some(d) = self.to {
            ps.push(Value::Integer(day_number(d)));
            conds.push(format!("c.day <= ?{}", ps.len()));
        }
        if let Some(pc) = &self.place_country {
            let k = p(pc, &mut ps);
            conds.push(format!("c.place_country = {k}"));
        }
        if self.undated {
            conds.push("c.day IS NULL".into());
        }
        if self.no_bare {
            conds.push(format!("NOT {BARE_SQL}"));
        }
        if conds.is_empty() {
            conds.push("1".into());
        }
        (conds.join(" AND "), ps)
    }

    /// True when the pre-aggregates can answer (only actor/dyad, quad and dates are set, and not
    /// both actor and dyad).
    fn aggregatable(&self) -> bool {
        self.cameo.is_none() && self.plover.is_none() && self.place_country.is_none() && !self.undated && !self.no_bare && !(self.actor.is_some() && self.dyad.is_some())
    }

    /// True when the filter bounds the dates: undated events cannot match it.
    pub fn dated_only(&self) -> bool {
        self.from.is_some() || self.to.is_some()
    }
}

/// One deduplicated event with the evidence of its first report.
#[derive(Debug, Clone, Serialize)]
pub struct EventRow {
    pub id: i64,
    pub date: Option<NaiveDate>,
    pub precision: Option<&'static str>,
    pub source: String,
    pub source_country: Option<String>,
    pub target: Option<String>,
    pub target_country: Option<String>,
    pub cameo: String,
    pub root: String,
    pub quad: u8,
    pub goldstein: f64,
    pub plover: String,
    pub mode: Option<String>,
    pub place_name: Option<String>,
    pub place_country: Option<String>,
    pub place_admin1: Option<String>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub num_mentions: i64,
    pub num_articles: i64,
    pub num_sources: i64,
    /// A report is the first sentence of its document.
    pub lead: bool,
    /// Ingest time of the cluster (UTC, YYYYMMDDHHMMSS).
    pub added: String,
    /// The first report's sentence.
    pub evidence: String,
    /// The first report's source and target text.
    pub source_text: String,
    pub target_text: Option<String>,
    /// How the first report's date was found.
    pub date_how: Option<String>,
    pub rule: String,
    pub url: Option<String>,
    pub doc_id: String,
    pub doc_date: Option<NaiveDate>,
    /// Where the document's date came from (input, metadata, dateline, text, feed, crawl).
    pub doc_date_source: Option<String>,
    pub title: Option<String>,
    /// Which dyad coded the first report's document: its version and coder id (`None`: unknown,
    /// stored without them).
    pub dyad_version: Option<String>,
    pub coder_id: Option<String>,
}

/// The columns [`event_row`] reads, over [`Store::first_reports`].
pub(crate) const EVENT_COLUMNS: &str = "c.id, c.day, c.precision, c.source, c.source_country, c.target, c.target_country, c.cameo, c.root, c.quad,
    c.goldstein, c.plover, c.mode, c.place_name, c.place_country, c.place_admin1, c.lat, c.lon, c.num_mentions, c.num_articles,
    c.num_sources, c.lead, c.added, coalesce(s.text, ''), e.source_text, e.target_text, e.date_how, e.rule, d.url, d.ext_id, d.date, d.title, d.date_source,
    k.dyad_version, k.coder_id";

pub(crate) fn event_row(r: &rusqlite::Row) -> rusqlite::Result<EventRow> {
    let target: String = r.get(5)?;
    let date: Option<String> = r.get(30)?;
    Ok(EventRow {
        id: r.get(0)?,
        date: r.get::<_, Option<i64>>(1)?.map(day_date),
        precision: r.get::<_, Option<i64>>(2)?.map(precision_name),
        source: r.get(3)?,
        source_country: r.get(4)?,
        target: if target.is_empty() { None } else { Some(target) },
        target_country: r.get(6)?,
        cameo: r.get(7)?,
        root: r.get(8)?,
        quad: r.get::<_, i64>(9)? as u8,
        goldstein: r.get(10)?,
        plover: r.get(11)?,
        mode: r.get(12)?,
        place_name: r.get(13)?,
        place_country: r.get(14)?,
        place_admin1: r.get(15)?,
        lat: r.get(16)?,
        lon: r.get(17)?,
        num_mentions: r.get(18)?,
        num_articles: r.get(19)?,
        num_sources: r.get(20)?,
        lead: r.get::<_, i64>(21)? != 0,
        added: r.get(22)?,
        evidence: r.get(23)?,
        source_text: r.get(24)?,
        target_text: r.get(25)?,
        date_how: r.get(26)?,
        rule: r.get(27)?,
        url: r.get(28)?,
        doc_id: r.get(29)?,
        doc_date: date.and_then(|d| d.parse().ok()),
        title: r.get(31)?,
        doc_date_source: r.get(32)?,
        dyad_version: r.get(33)?,
        coder_id: r.get(34)?,
    })
}

/// The events matching `f`, newest first (undated last), at most `limit` (0: all).
pub fn events(store: &Store, f: &Filter, limit: usize) -> Result<Vec<EventRow>> {
    let mut out = Vec::new();
    each_event(store, f, limit, true, |e| {
        out.push(e);
        Ok(())
    })?;
    Ok(out)
}

/// Calls `sink` for each matching event (streaming; for exports). `newest_first` orders by date
/// descending, otherwise by cluster id.
pub fn each_event(store: &Store, f: &Filter, limit: usize, newest_first: bool, mut sink: impl FnMut(EventRow) -> Result<()>) -> Result<()> {
    let (cond, ps) = f.sql();
    let order = if newest_first { "c.day IS NULL, c.day DESC, c.id DESC" } else { "c.id" };
    let lim = if limit == 0 { String::new() } else { format!(" LIMIT {limit}") };
    let sql = format!(
        "SELECT {EVENT_COLUMNS} FROM {} WHERE {cond} ORDER BY {order}{lim}",
        store.first_reports()
    );
    let mut st = store.conn.prepare(&sql)?;
    let rows = st.query_map(rusqlite::params_from_iter(ps), event_row)?;
    for r in rows {
        sink(r?)?;
    }
    Ok(())
}

/// Time buckets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Period {
    Day,
    Week,
    Month,
    Year,
}

impl Period {
    /// The period's label of a date: `2024-03-05`, `2024-W10` (ISO week), `2024-03`, `2024`.
    pub fn label(self, d: NaiveDate) -> String {
        match self {
            Period::Day => d.format("%Y-%m-%d").to_string(),
            Period::Week => {
                let w = d.iso_week();
                format!("{:04}-W{:02}", w.year(), w.week())
            }
            Period::Month => format!("{:04}-{:02}", d.year(), d.month()),
            Period::Year => format!("{:04}", d.year()),
        }
    }
}

/// Per-(day, quad) counts: n, sum of Goldstein, sum of |Goldstein|.
#[derive(Debug, Clone, Copy, Default)]
struct Cell {
    n: i64,
    gsum: f64,
    gabs: f64,
}

type DayQuad = BTreeMap<(i64, u8), Cell>;

/// One period of a series.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct SeriesRow {
    pub period: String,
    /// Clusters per QuadClass 1–4 (divided by `period_total` when normalised).
    pub q1: f64,
    pub q2: f64,
    pub q3: f64,
    pub q4: f64,
    /// All clusters (normalised like the quads).
    pub total: f64,
    /// Mean Goldstein score of the clusters (None when there are none).
    pub mean_goldstein: Option<f64>,
    /// Net cooperation, unweighted or weighted (see the crate docs); normalised like the counts.
    pub net_cooperation: f64,
    /// All clusters of the store in the period (every actor): the normaliser.
    pub period_total: i64,
}

/// Options of [`series`].
#[derive(Debug, Clone, Copy)]
pub struct SeriesOptions {
    pub period: Period,
    pub normalize: bool,
    pub weighted: bool,
    /// Emit empty periods between the first and last (or `from`/`to`) day.
    pub fill: bool,
}

impl Default for SeriesOptions {
    fn default() -> Self {
        SeriesOptions { period: Period::Month, normalize: false, weighted: false, fill: true }
    }
}

fn day_bounds(f: &Filter) -> (i64, i64) {
    (f.from.map_or(i64::MIN, day_number), f.to.map_or(i64::MAX, day_number))
}

/// Per-(day, quad) cells from the pre-aggregates (fast path) or the clusters table.
fn day_quads(store: &Store, f: &Filter) -> Result<DayQuad> {
    let mut out = DayQuad::new();
    let (lo, hi) = day_bounds(f);
    let quad = f.quad.map_or(0, |q| q as i64);
    let mut add = |r: &rusqlite::Row| -> rusqlite::Result<()> {
        let c = out.entry((r.get(0)?, r.get::<_, i64>(1)? as u8)).or_default();
        c.n += r.get::<_, i64>(2)?;
        c.gsum += r.get::<_, f64>(3)?;
        c.gabs += r.get::<_, f64>(4)?;
        Ok(())
    };
    let qcond = "(?4 = 0 OR quad = ?4)";
    if f.aggregatable() {
        if let Some(a) = &f.actor {
            let mut st = store.conn.prepare_cached(&format!(
                "SELECT day, quad, n, gsum, gabs FROM agg_actor WHERE key = ?1 AND day BETWEEN ?2 AND ?3 AND {qcond} AND n <> 0"
            ))?;
            let mut rows = st.query(rusqlite::params![a, lo, hi, quad])?;
            while let Some(r) = rows.next()? {
                add(r)?;
            }
            return Ok(out);
        }
        if let Some((a, b)) = &f.dyad {
            let mut st = store.conn.prepare_cached(&format!(
                "SELECT day, quad, n, gsum, gabs FROM agg_dyad WHERE src = ?5 AND tgt = ?6 AND day BETWEEN ?2 AND ?3 AND {qcond} AND n <> 0 AND ?1 = ?1"
            ))?;
            let dirs: Vec<(&String, &String)> = if f.directed || a == b { vec![(a, b)] } else { vec![(a, b), (b, a)] };
            for (x, y) in dirs {
                let mut rows = st.query(rusqlite::params!["", lo, hi, quad, x, y])?;
                while let Some(r) = rows.next()? {
                    add(r)?;
                }
            }
            return Ok(out);
        }
        let mut st = store.conn.prepare_cached(&format!(
            "SELECT day, quad, n, gsum, gabs FROM agg_total WHERE day BETWEEN ?2 AND ?3 AND {qcond} AND n <> 0 AND ?1 = ?1"
        ))?;
        let mut rows = st.query(rusqlite::params!["", lo, hi, quad])?;
        while let Some(r) = rows.next()? {
            add(r)?;
        }
        return Ok(out);
    }
    let (cond, ps) = f.sql();
    let sql = format!(
        "SELECT c.day, c.quad, count(*), sum(c.goldstein), sum(abs(c.goldstein)) FROM clusters c
         WHERE c.day IS NOT NULL AND {cond} GROUP BY c.day, c.quad"
    );
    let mut st = store.conn.prepare(&sql)?;
    let mut rows = st.query(rusqlite::params_from_iter(ps))?;
    while let Some(r) = rows.next()? {
        add(r)?;
    }
    Ok(out)
}

/// Totals of the store per day (all quads), within the filter's dates.
fn day_totals(store: &Store, f: &Filter) -> Result<BTreeMap<i64, i64>> {
    let (lo, hi) = day_bounds(f);
    let mut st = store.conn.prepare_cached("SELECT day, sum(n) FROM agg_total WHERE day BETWEEN ?1 AND ?2 GROUP BY day")?;
    let rows = st.query_map(rusqlite::params![lo, hi], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?)))?;
    let mut out = BTreeMap::new();
    for r in rows {
        let (d, n) = r?;
        out.insert(d, n);
    }
    Ok(out)
}

/// The labels of every period from `lo` to `hi` (inclusive days), in order.
fn period_labels(period: Period, lo: i64, hi: i64) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut d = lo;
    while d <= hi {
        let l = period.label(day_date(d));
        if out.last() != Some(&l) {
            out.push(l);
        }
        d += 1;
    }
    out
}

#[derive(Debug, Clone, Copy, Default)]
struct Acc {
    n: [i64; 4],
    gsum: f64,
    coop_abs: f64,
    conf_abs: f64,
}

fn bucket(cells: &DayQuad, period: Period) -> BTreeMap<String, Acc> {
    let mut out: BTreeMap<String, Acc> = BTreeMap::new();
    for (&(day, quad), c) in cells {
        let a = out.entry(period.label(day_date(day))).or_default();
        if (1..=4).contains(&quad) {
            a.n[quad as usize - 1] += c.n;
        }
        a.gsum += c.gsum;
        if quad <= 2 {
            a.coop_abs += c.gabs;
        } else {
            a.conf_abs += c.gabs;
        }
    }
    out
}

/// The label of the series row of undated events.
pub const UNDATED: &str = "undated";

/// Counts by QuadClass, mean Goldstein and net cooperation per period for the events matching `f`
/// (typically an actor or a dyad). Undated events matching `f` come last, as one row labelled
/// [`UNDATED`] (normalised by all undated events of the store), unless `f` bounds the dates.
pub fn series(store: &Store, f: &Filter, o: SeriesOptions) -> Result<Vec<SeriesRow>> {
    let mut out = if f.undated { Vec::new() } else { dated_series(store, f, o)? };
    if !f.dated_only() {
        if let Some(row) = undated_row(store, f, o)? {
            out.push(row);
        }
    }
    Ok(out)
}

/// The [`UNDATED`] row of a series, or `None` when no undated event matches.
fn undated_row(store: &Store, f: &Filter, o: SeriesOptions) -> Result<Option<SeriesRow>> {
    let (cond, ps) = Filter { undated: true, ..f.clone() }.sql();
    let sql = format!("SELECT c.quad, count(*), sum(c.goldstein), sum(abs(c.goldstein)) FROM clusters c WHERE {cond} GROUP BY c.quad");
    let mut st = store.conn.prepare(&sql)?;
    let mut rows = st.query(rusqlite::params_from_iter(ps))?;
    let mut a = Acc::default();
    while let Some(r) = rows.next()? {
        let q: i64 = r.get(0)?;
        let (n, gsum, gabs): (i64, f64, f64) = (r.get(1)?, r.get(2)?, r.get(3)?);
        if (1..=4).contains(&q) {
            a.n[q as usize - 1] += n;
        }
        a.gsum += gsum;
        if q <= 2 {
            a.coop_abs += gabs;
        } else {
            a.conf_abs += gabs;
        }
    }
    if a.n.iter().sum::<i64>() == 0 {
        return Ok(None);
    }
    let pt: i64 = store.conn.prepare_cached("SELECT count(*) FROM clusters WHERE day IS NULL")?.query_row([], |r| r.get(0))?;
    Ok(Some(series_row(UNDATED.to_string(), &a, pt, o)))
}

fn series_row(period: String, a: &Acc, pt: i64, o: SeriesOptions) -> SeriesRow {
    let total_n: i64 = a.n.iter().sum();
    let net = if o.weighted { a.coop_abs - a.conf_abs } else { (a.n[0] + a.n[1] - a.n[2] - a.n[3]) as f64 };
    let norm = |x: f64| if !o.normalize { x } else if pt == 0 { 0.0 } else { x / pt as f64 };
    SeriesRow {
        period,
        q1: norm(a.n[0] as f64),
        q2: norm(a.n[1] as f64),
        q3: norm(a.n[2] as f64),
        q4: norm(a.n[3] as f64),
        total: norm(total_n as f64),
        mean_goldstein: if total_n > 0 { Some(a.gsum / total_n as f64) } else { None },
        net_cooperation: norm(net),
        period_total: pt,
    }
}

fn dated_series(store: &Store, f: &Filter, o: SeriesOptions) -> Result<Vec<SeriesRow>> {
    let cells = day_quads(store, f)?;
    let acc = bucket(&cells, o.period);
    let mut totals: BTreeMap<String, i64> = BTreeMap::new();
    for (d, n) in day_totals(store, f)? {
        *totals.entry(o.period.label(day_date(d))).or_default() += n;
    }
    let labels: Vec<String> = if o.fill && !cells.is_empty() {
        let first = cells.keys().next().map(|k| k.0).unwrap_or(0);
        let last = cells.keys().next_back().map(|k| k.0).unwrap_or(0);
        let lo = f.from.map_or(first, day_number);
        let hi = f.to.map_or(last, day_number);
        period_labels(o.period, lo, hi)
    } else {
        acc.keys().cloned().collect()
    };
    let mut out = Vec::with_capacity(labels.len());
    for l in labels {
        let a = acc.get(&l).copied().unwrap_or_default();
        let pt = totals.get(&l).copied().unwrap_or(0);
        out.push(series_row(l, &a, pt, o));
    }
    Ok(out)
}

/// One period of an alignment.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct AlignRow {
    pub period: String,
    /// Clusters between A and B (both directions).
    pub direct_events: i64,
    /// Unweighted net cooperation between A and B (both directions).
    pub direct_net_cooperation: i64,
    /// Mean Goldstein of the clusters between A and B.
    pub direct_mean_goldstein: Option<f64>,
    /// Third actors both acted on in the period.
    pub common_third: usize,
    /// Signorino–Ritter S over the mean Goldstein toward the common third actors.
    pub s_score: Option<f64>,
}

/// Goldstein range: d_max of one dimension of the S score.
pub const GOLDSTEIN_RANGE: f64 = 20.0;

/// Signorino–Ritter S of two vectors on a dimension of range `d_max`: `1 − 2·Σ|a−b| / (n·d_max)`.
pub fn s_score(a: &[f64], b: &[f64], d_max: f64) -> Option<f64> {
    if a.is_empty() || a.len() != b.len() {
        return None;
    }
    let d: f64 = a.iter().zip(b).map(|(x, y)| (x - y).abs()).sum();
    Some(1.0 - 2.0 * d / (a.len() as f64 * d_max))
}

fn matches(key: &str, code: &str, country: Option<&str>) -> bool {
    code == key || country == Some(key)
}

/// Per period: mean Goldstein (sum, n) of `actor` toward each third party.
fn stances(store: &Store, actor: &str, other: &str, f: &Filter, period: Period) -> Result<BTreeMap<String, BTreeMap<String, (f64, i64)>>> {
    let (lo, hi) = day_bounds(f);
    let mut st = store.conn.prepare_cached(
        "SELECT day, target, target_country, goldstein FROM clusters
         WHERE (source = ?1 OR source_country = ?1) AND day BETWEEN ?2 AND ?3 AND target <> ''",
    )?;
    let rows = st.query_map(rusqlite::params![actor, lo, hi], |r| {
        Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?, r.get::<_, Option<String>>(2)?, r.get::<_, f64>(3)?))
    })?;
    let mut out: BTreeMap<String, BTreeMap<String, (f64, i64)>> = BTreeMap::new();
    for r in rows {
        let (day, target, tc, g) = r?;
        if matches(actor, &target, tc.as_deref()) || matches(other, &target, tc.as_deref()) {
            continue;
        }
        let third = tc.filter(|c| !c.is_empty()).unwrap_or(target);
        let e = out.entry(period.label(day_date(day))).or_default().entry(third).or_default();
        e.0 += g;
        e.1 += 1;
    }
    Ok(out)
}

/// How aligned A and B are per period (see the crate docs). Uses the filter's dates only.
pub fn align(store: &Store, a: &str, b: &str, f: &Filter, period: Period) -> Result<Vec<AlignRow>> {
    let df = Filter { dyad: Some((a.to_string(), b.to_string())), directed: false, from: f.from, to: f.to, ..Filter::default() };
    let direct = bucket(&day_quads(store, &df)?, period);
    let sa = stances(store, a, b, f, period)?;
    let sb = stances(store, b, a, f, period)?;
    let mut labels: Vec<&String> = direct.keys().chain(sa.keys()).chain(sb.keys()).collect();
    labels.sort();
    labels.dedup();
    let mut out = Vec::new();
    for l in labels {
        let d = direct.get(l).copied().unwrap_or_default();
        let n: i64 = d.n.iter().sum();
        let (mut va, mut vb) = (Vec::new(), Vec::new());
        if let (Some(ma), Some(mb)) = (sa.get(l), sb.get(l)) {
            for (k, &(ga, na)) in ma {
                if let Some(&(gb, nb)) = mb.get(k) {
                    va.push(ga / na as f64);
                    vb.push(gb / nb as f64);
                }
            }
        }
        out.push(AlignRow {
            period: l.clone(),
            direct_events: n,
            direct_net_cooperation: d.n[0] + d.n[1] - d.n[2] - d.n[3],
            direct_mean_goldstein: if n > 0 { Some(d.gsum / n as f64) } else { None },
            common_third: va.len(),
            s_score: s_score(&va, &vb, GOLDSTEIN_RANGE),
        });
    }
    Ok(out)
}

/// A busy dyad or actor.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct TopRow {
    /// "SRC->TGT" for a dyad, the code for an actor.
    pub key: String,
    pub events: i64,
    pub mean_goldstein: f64,
}

/// The busiest directed dyads and actors (either side) among the events matching `f`. With
/// `by_country`, actors are grouped by country (the code when there is none).
pub fn top(store: &Store, f: &Filter, limit: usize, by_country: bool) -> Result<(Vec<TopRow>, Vec<TopRow>)> {
    let (cond, ps) = f.sql();
    let (s, t) = if by_country {
        ("coalesce(nullif(c.source_country, ''), c.source)", "coalesce(nullif(c.target_country, ''), c.target)")
    } else {
        ("c.source", "c.target")
    };
    let lim = if limit == 0 { i64::MAX } else { limit as i64 };
    let dyads_sql = format!(
        "SELECT {s} || '->' || {t}, count(*), avg(c.goldstein) FROM clusters c WHERE c.target <> '' AND {cond}
         GROUP BY {s}, {t} ORDER BY count(*) DESC, 1 LIMIT {lim}"
    );
    let actors_sql = format!(
        "SELECT k, count(*), avg(g) FROM (
           SELECT {s} AS k, c.goldstein AS g FROM clusters c WHERE {cond}
           UNION ALL SELECT {t}, c.goldstein FROM clusters c WHERE c.target <> '' AND {t} <> {s} AND {cond}
         ) GROUP BY k ORDER BY count(*) DESC, k LIMIT {lim}"
    );
    let run = |sql: &str| -> Result<Vec<TopRow>> {
        let mut st = store.conn.prepare(sql)?;
        let rows = st.query_map(rusqlite::params_from_iter(ps.iter()), |r| Ok(TopRow { key: r.get(0)?, events: r.get(1)?, mean_goldstein: r.get(2)? }))?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    };
    Ok((run(&dyads_sql)?, run(&actors_sql)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels() {
        let d = NaiveDate::from_ymd_opt(2021, 1, 2).unwrap();
        assert_eq!(Period::Day.label(d), "2021-01-02");
        assert_eq!(Period::Week.label(d), "2020-W53");
        assert_eq!(Period::Month.label(d), "2021-01");
        assert_eq!(Period::Year.label(d), "2021");
        assert_eq!(period_labels(Period::Month, day_number(d), day_number(NaiveDate::from_ymd_opt(2021, 3, 1).unwrap())), ["2021-01", "2021-02", "2021-03"]);
    }

    #[test]
    fn s_scores() {
        assert_eq!(s_score(&[1.0, -2.0], &[1.0, -2.0], 20.0), Some(1.0));
        assert_eq!(s_score(&[10.0], &[-10.0], 20.0), Some(-1.0));
        // |3-1| + |-2-2| = 6; 1 - 2*6/(2*20) = 0.7
        assert!((s_score(&[3.0, -2.0], &[1.0, 2.0], 20.0).unwrap() - 0.7).abs() < 1e-12);
        assert_eq!(s_score(&[], &[], 20.0), None);
    }
}
