//! Exports of event clusters: the GDELT 2.0 event table, PLOVER JSON lines, CSV, Parquet.
//!
//! # GDELT 2.0 (`gdelt`)
//!
//! One tab-separated row per event cluster, no header, the 61 columns of the GDELT 2.0 event
//! table in their order ([`GDELT_COLUMNS`]). How dyad fills them:
//!
//! * `GLOBALEVENTID`: the cluster id. `SQLDATE` `YYYYMMDD`, `MonthYear` `YYYYMM`, `Year`,
//!   `FractionDate` = year + ((month − 1)·30 + day) / 365 with four decimals, as GDELT computes it
//!   (2018-01-21 → 2018.0575). Undated clusters are not exported.
//! * Actors: `ActorNCode` is the CAMEO actor code, `ActorNName` the first report's mention text
//!   in capitals, `ActorNCountryCode` the actor's country. The rest of the code is split in
//!   three-letter parts: CAMEO type codes go to `Type1..3Code`, religion codes to
//!   `Religion1..2Code`, a lower-case part (CAMEO ethnic codes: `SRBalb`, ethnic Albanians in
//!   Serbia) to `EthnicCode`, the first other part to `KnownGroupCode`.
//! * `IsRootEvent`: 1 when a report of the cluster is the first sentence of its document (GDELT:
//!   "in the lead paragraph"; dyad does not keep paragraphs).
//! * `EventCode` the CAMEO code, `EventBaseCode` its first three digits, `EventRootCode` its first
//!   two; `QuadClass`; `GoldsteinScale` with one decimal.
//! * `NumMentions`, `NumSources`, `NumArticles`: the cluster's counters.
//! * `AvgTone`: always `0` — dyad does not measure tone.
//! * Geography: dyad places the *event* (`ActionGeo_*`), not each actor, so `Actor1Geo_*` and
//!   `Actor2Geo_*` are empty with type 0, like GDELT rows without geography. `ActionGeo_Type` is 1
//!   (country), 2/5 (US state / other first-level division) or 3/4 (US / other city) from the
//!   built-in gazetteer; `FullName` is "place, division, country"; `CountryCode` is the FIPS 10-4
//!   code from the gazetteer; `ADM1Code` is FIPS country + GeoNames first-level code (GeoNames uses
//!   FIPS 10-4 division codes for most countries, but ISO 3166-2 for a few such as the US —
//!   matching GDELT's `USNY` — and others, where the code can differ from GDELT's); `ADM2Code`
//!   is empty; `FeatureID` is the FIPS code for a country, the division code for a US state, and
//!   empty otherwise (dyad's gazetteer keeps no GeoNames ids). Empty when the event has no place.
//! * `DATEADDED`: when the cluster was ingested (UTC, `YYYYMMDDHHMMSS`); `SOURCEURL`: the first
//!   report's URL (else the document id).
//!
//! # PLOVER (`plover`)
//!
//! JSON lines in the style of POLECAT: `event_id`, `event_date`, `date_precision`, `event_type`
//! (PLOVER), `event_mode`, `source_actor`/`source_agent`/`source_country`, `target_*`,
//! `cameo_code`, `quad_class`, `goldstein`, `num_mentions`/`num_articles`/`num_sources`,
//! `place` (name, country, admin1, lat, lon or null), `event_text` (the evidence sentence),
//! `story_date`, `url`, `title`, `rule`.
//!
//! # CSV (`csv`)
//!
//! RFC 4180 CSV with a header ([`CSV_COLUMNS`]), one row per cluster with its evidence.
//!
//! # Parquet (`parquet`)
//!
//! dyad's event table (`dyad_table`, the one schema of `dyad code --format parquet` and the Python
//! package; docs/event-schema.md), one row per cluster with its first report's evidence and the
//! cluster's counters: see [`parquet`]. Row groups of at most 100,000 events, Snappy pages.

use crate::names::{self, Kind};
use crate::query::{each_event, EventRow, Filter};
use crate::Result;
use chrono::Datelike;
use std::io::Write;

/// The 61 GDELT 2.0 event columns, in order.
pub const GDELT_COLUMNS: [&str; 61] = [
    "GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate",
    "Actor1Code", "Actor1Name", "Actor1CountryCode", "Actor1KnownGroupCode", "Actor1EthnicCode",
    "Actor1Religion1Code", "Actor1Religion2Code", "Actor1Type1Code", "Actor1Type2Code", "Actor1Type3Code",
    "Actor2Code", "Actor2Name", "Actor2CountryCode", "Actor2KnownGroupCode", "Actor2EthnicCode",
    "Actor2Religion1Code", "Actor2Religion2Code", "Actor2Type1Code", "Actor2Type2Code", "Actor2Type3Code",
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
    "NumMentions", "NumSources", "NumArticles", "AvgTone",
    "Actor1Geo_Type", "Actor1Geo_FullName", "Actor1Geo_CountryCode", "Actor1Geo_ADM1Code", "Actor1Geo_ADM2Code",
    "Actor1Geo_Lat", "Actor1Geo_Long", "Actor1Geo_FeatureID",
    "Actor2Geo_Type", "Actor2Geo_FullName", "Actor2Geo_CountryCode", "Actor2Geo_ADM1Code", "Actor2Geo_ADM2Code",
    "Actor2Geo_Lat", "Actor2Geo_Long", "Actor2Geo_FeatureID",
    "ActionGeo_Type", "ActionGeo_FullName", "ActionGeo_CountryCode", "ActionGeo_ADM1Code", "ActionGeo_ADM2Code",
    "ActionGeo_Lat", "ActionGeo_Long", "ActionGeo_FeatureID",
    "DATEADDED", "SOURCEURL",
];

/// The parts of a CAMEO actor code as GDELT spreads them over columns.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct ActorParts {
    pub country: String,
    pub known_group: String,
    pub ethnic: String,
    pub religion: [String; 2],
    pub types: [String; 3],
}

/// Splits a CAMEO actor code (see the module docs) with CAMEO's type and religion tables
/// ([`crate::names`]). `UNO` counts as a known group after `IGO`.
pub fn split_actor(code: &str, country: Option<&str>) -> ActorParts {
    let mut p = ActorParts { country: country.unwrap_or("").to_string(), ..ActorParts::default() };
    let rest = match country {
        Some(c) if !c.is_empty() && code.starts_with(c) => &code[c.len()..],
        _ => code,
    };
    let (mut nt, mut nr) = (0, 0);
    let mut i = 0;
    while i + 3 <= rest.len() {
        let part = &rest[i..i + 3];
        i += 3;
        if !part.bytes().all(|b| b.is_ascii_alphabetic()) || country == Some(part) {
            continue;
        }
        // After IGO, the organisation (UNO, NAT, ...) is a known group, as GDELT codes IGOUNO.
        let after_igo = i >= 6 && &rest[i - 6..i - 3] == "IGO" && p.known_group.is_empty();
        if part.bytes().all(|b| b.is_ascii_lowercase()) {
            if p.ethnic.is_empty() {
                p.ethnic = part.to_string();
            }
        } else if names::part(Kind::Type, part).is_some() && !after_igo {
            if nt < 3 {
                p.types[nt] = part.to_string();
                nt += 1;
            }
        } else if names::part(Kind::Religion, part).is_some() && !after_igo {
            if nr < 2 {
                p.religion[nr] = part.to_string();
                nr += 1;
            }
        } else if p.known_group.is_empty() {
            p.known_group = part.to_string();
        }
    }
    p
}

/// GDELT's FractionDate: year + ((month − 1)·30 + day) / 365, four decimals.
pub fn fraction_date(d: chrono::NaiveDate) -> String {
    format!("{:.4}", d.year() as f64 + ((d.month0() * 30 + d.day()) as f64) / 365.0)
}

fn clean(s: &str) -> String {
    s.replace(['\t', '\n', '\r'], " ")
}

struct Geo {
    kind: u8,
    full: String,
    fips: String,
    adm1: String,
    feature: String,
}

fn geo(e: &EventRow) -> Option<Geo> {
    let name = e.place_name.as_deref()?;
    let gaz = dyad_geo::Gazetteer::builtin();
    let iso3 = e.place_country.as_deref().unwrap_or("");
    let info = gaz.country(iso3);
    let fips = info.and_then(|c| c.fips).unwrap_or("").to_string();
    let entry = gaz
        .lookup(name)
        .into_iter()
        .filter(|x| x.country == iso3)
        .min_by(|a, b| {
            let da = (a.lat - e.lat.unwrap_or(0.0)).abs() + (a.lon - e.lon.unwrap_or(0.0)).abs();
            let db = (b.lat - e.lat.unwrap_or(0.0)).abs() + (b.lon - e.lon.unwrap_or(0.0)).abs();
            da.total_cmp(&db)
        });
    let us = iso3 == "USA";
    let (kind, code) = match entry.map(|x| (x.kind, x.admin1_code)) {
        Some((dyad_geo::Kind::Country, _)) => (1, ""),
        Some((dyad_geo::Kind::Admin1, c)) => (if us { 2 } else { 5 }, c),
        Some((dyad_geo::Kind::City, c)) => (if us { 3 } else { 4 }, c),
        None if e.place_admin1.is_none() && info.is_some_and(|c| c.name == name) => (1, ""),
        None if e.place_admin1.as_deref() == Some(name) => (if us { 2 } else { 5 }, ""),
        None => (if us { 3 } else { 4 }, ""),
    };
    let mut parts: Vec<&str> = vec![name];
    if let Some(a) = e.place_admin1.as_deref() {
        if a != name {
            parts.push(a);
        }
    }
    if let Some(c) = info {
        if c.name != name {
            parts.push(c.name);
        }
    }
    let adm1 = if !fips.is_empty() && !code.is_empty() { format!("{fips}{code}") } else { String::new() };
    let feature = match kind {
        1 => fips.clone(),
        2 => code.to_string(),
        _ => String::new(),
    };
    Some(Geo { kind, full: clean(&parts.join(", ")), fips, adm1, feature })
}

fn actor_cols(out: &mut Vec<String>, code: Option<&str>, country: Option<&str>, name: Option<&str>) {
    let Some(code) = code.filter(|c| !c.is_empty()) else {
        out.extend(std::iter::repeat_n(String::new(), 10));
        return;
    };
    let p = split_actor(code, country);
    out.push(code.to_string());
    out.push(clean(&name.unwrap_or("").to_uppercase()));
    out.push(p.country);
    out.push(p.known_group);
    out.push(p.ethnic);
    out.extend(p.religion);
    out.extend(p.types);
}

/// The 61 GDELT fields of one event cluster (None when it is undated).
pub fn gdelt_row(e: &EventRow) -> Option<Vec<String>> {
    let d = e.date?;
    let mut v: Vec<String> = Vec::with_capacity(61);
    v.push(e.id.to_string());
    v.push(d.format("%Y%m%d").to_string());
    v.push(d.format("%Y%m").to_string());
    v.push(d.year().to_string());
    v.push(fraction_date(d));
    actor_cols(&mut v, Some(&e.source), e.source_country.as_deref(), Some(&e.source_text));
    actor_cols(&mut v, e.target.as_deref(), e.target_country.as_deref(), e.target_text.as_deref());
    v.push((e.lead as u8).to_string());
    v.push(e.cameo.clone());
    v.push(e.cameo.get(..3).unwrap_or(&e.cameo).to_string());
    v.push(e.root.clone());
    v.push(e.quad.to_string());
    v.push(format!("{:.1}", e.goldstein));
    v.push(e.num_mentions.to_string());
    v.push(e.num_sources.to_string());
    v.push(e.num_articles.to_string());
    v.push("0".into());
    for _ in 0..2 {
        v.push("0".into());
        v.extend(std::iter::repeat_n(String::new(), 7));
    }
    match geo(e) {
        Some(g) => {
            v.push(g.kind.to_string());
            v.push(g.full);
            v.push(g.fips);
            v.push(g.adm1);
            v.push(String::new());
            v.push(e.lat.map(|x| format!("{x:.4}")).unwrap_or_default());
            v.push(e.lon.map(|x| format!("{x:.4}")).unwrap_or_default());
            v.push(g.feature);
        }
        None => {
            v.push("0".into());
            v.extend(std::iter::repeat_n(String::new(), 7));
        }
    }
    v.push(e.added.clone());
    v.push(clean(e.url.as_deref().unwrap_or(&e.doc_id)));
    debug_assert_eq!(v.len(), 61);
    Some(v)
}

/// Writes events one at a time in one of the text export formats: the CLI's exports (over
/// [`each_event`]) and the dashboard's streamed downloads (over its own selection) share these, so
/// each format has one definition. (Parquet is dyad's event table: [`parquet`], [`table_rows_by_id`].)
pub trait RowWriter {
    /// Writes one event (a format may skip it: GDELT has no undated rows).
    fn row(&mut self, e: &EventRow) -> Result<()>;
    /// Sends what is buffered on to the writer (a stream's first bytes: the CSV header).
    fn flush(&mut self) -> Result<()>;
    /// Ends the output; returns the number of rows written.
    fn finish(&mut self) -> Result<u64>;
}

/// Runs `w` over the events of `f` in cluster-id order; returns the number of rows.
fn export_with(store: &crate::Store, f: &Filter, mut w: impl RowWriter) -> Result<u64> {
    each_event(store, f, 0, false, |e| w.row(&e))?;
    w.finish()
}

/// A text format written a line per event: GDELT's table, PLOVER JSON lines, CSV rows.
pub struct LineWriter<W: Write> {
    w: W,
    n: u64,
    /// Writes an event's line; false when the format has none for it (GDELT: undated).
    line: fn(&EventRow, &mut W) -> Result<bool>,
}

impl<W: Write> RowWriter for LineWriter<W> {
    fn row(&mut self, e: &EventRow) -> Result<()> {
        if (self.line)(e, &mut self.w)? {
            self.n += 1;
        }
        Ok(())
    }
    fn flush(&mut self) -> Result<()> {
        Ok(self.w.flush()?)
    }
    fn finish(&mut self) -> Result<u64> {
        self.w.flush()?;
        Ok(self.n)
    }
}

/// The GDELT 2.0 event table's rows (tab-separated, no header; undated events have none).
pub fn gdelt_writer<W: Write>(w: W) -> LineWriter<W> {
    LineWriter {
        w,
        n: 0,
        line: |e, w| {
            let Some(row) = gdelt_row(e) else { return Ok(false) };
            w.write_all(row.join("\t").as_bytes())?;
            w.write_all(b"\n")?;
            Ok(true)
        },
    }
}

/// Writes the GDELT 2.0 event table; returns the number of rows.
pub fn gdelt(store: &crate::Store, f: &Filter, w: &mut dyn Write) -> Result<u64> {
    export_with(store, f, gdelt_writer(w))
}

/// The PLOVER/POLECAT-style JSON object of one event cluster.
pub fn plover_json(e: &EventRow) -> serde_json::Value {
    let sectors = |code: &str, country: Option<&str>| {
        let p = split_actor(code, country);
        p.types.iter().filter(|t| !t.is_empty()).cloned().collect::<Vec<_>>().join(";")
    };
    serde_json::json!({
        "event_id": e.id,
        "event_date": e.date.map(|d| d.to_string()),
        "date_precision": e.precision,
        "date_how": e.date_how,
        "event_type": e.plover,
        "event_mode": e.mode,
        "source_actor": e.source,
        "source_agent": sectors(&e.source, e.source_country.as_deref()),
        "source_country": e.source_country,
        "source_text": e.source_text,
        "target_actor": e.target,
        "target_agent": e.target.as_deref().map(|t| sectors(t, e.target_country.as_deref())),
        "target_country": e.target_country,
        "target_text": e.target_text,
        "cameo_code": e.cameo,
        "quad_class": e.quad,
        "goldstein": e.goldstein,
        "num_mentions": e.num_mentions,
        "num_articles": e.num_articles,
        "num_sources": e.num_sources,
        "place": e.place_name.as_ref().map(|n| serde_json::json!({
            "name": n, "country": e.place_country, "admin1": e.place_admin1, "lat": e.lat, "lon": e.lon,
        })),
        "event_text": e.evidence,
        "story_date": e.doc_date.map(|d| d.to_string()),
        "doc_id": e.doc_id,
        "url": e.url,
        "title": e.title,
        "rule": e.rule,
        "dyad_version": e.dyad_version,
        "coder_id": e.coder_id,
    })
}

/// PLOVER JSON lines ([`plover_json`], one object a line).
pub fn plover_writer<W: Write>(w: W) -> LineWriter<W> {
    LineWriter {
        w,
        n: 0,
        line: |e, w| {
            serde_json::to_writer(&mut *w, &plover_json(e))?;
            w.write_all(b"\n")?;
            Ok(true)
        },
    }
}

/// Writes PLOVER JSON lines; returns the number of rows.
pub fn plover(store: &crate::Store, f: &Filter, w: &mut dyn Write) -> Result<u64> {
    export_with(store, f, plover_writer(w))
}

/// The CSV columns.
pub const CSV_COLUMNS: [&str; 32] = [
    "id", "date", "precision", "source", "source_country", "target", "target_country", "cameo", "root", "quad", "goldstein", "plover",
    "mode", "num_mentions", "num_articles", "num_sources", "place", "place_country", "place_admin1", "lat", "lon", "source_text",
    "target_text", "evidence", "date_how", "url", "doc_id", "doc_date", "title", "rule", "dyad_version", "coder_id",
];

/// One CSV field, quoted when needed (RFC 4180).
pub fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// The CSV fields of one event cluster.
pub fn csv_row(e: &EventRow) -> Vec<String> {
    let o = |x: &Option<String>| x.clone().unwrap_or_default();
    vec![
        e.id.to_string(),
        e.date.map(|d| d.to_string()).unwrap_or_default(),
        e.precision.unwrap_or("").to_string(),
        e.source.clone(),
        o(&e.source_country),
        o(&e.target),
        o(&e.target_country),
        e.cameo.clone(),
        e.root.clone(),
        e.quad.to_string(),
        format!("{:.1}", e.goldstein),
        e.plover.clone(),
        o(&e.mode),
        e.num_mentions.to_string(),
        e.num_articles.to_string(),
        e.num_sources.to_string(),
        o(&e.place_name),
        o(&e.place_country),
        o(&e.place_admin1),
        e.lat.map(|x| format!("{x:.4}")).unwrap_or_default(),
        e.lon.map(|x| format!("{x:.4}")).unwrap_or_default(),
        e.source_text.clone(),
        o(&e.target_text),
        e.evidence.clone(),
        o(&e.date_how),
        o(&e.url),
        e.doc_id.clone(),
        e.doc_date.map(|d| d.to_string()).unwrap_or_default(),
        o(&e.title),
        e.rule.clone(),
        o(&e.dyad_version),
        o(&e.coder_id),
    ]
}

/// CSV with a header ([`CSV_COLUMNS`], written at once).
pub fn csv_writer<W: Write>(mut w: W) -> Result<LineWriter<W>> {
    writeln!(w, "{}", CSV_COLUMNS.join(","))?;
    Ok(LineWriter {
        w,
        n: 0,
        line: |e, w| {
            let row: Vec<String> = csv_row(e).iter().map(|s| csv_field(s)).collect();
            writeln!(w, "{}", row.join(","))?;
            Ok(true)
        },
    })
}

/// Writes CSV with a header; returns the number of rows.
pub fn csv(store: &crate::Store, f: &Filter, w: &mut dyn Write) -> Result<u64> {
    export_with(store, f, csv_writer(w)?)
}

/// Events per Arrow batch written to Parquet.
const PARQUET_BATCH: usize = 8192;

/// The columns of one cluster's row in the event table: the cluster and its first report.
const TABLE_COLUMNS: &str = "c.id, c.num_mentions, c.num_articles, c.num_sources, c.day, c.precision, e.date_how, d.ext_id, e.sentence,
    coalesce(s.start, 0), coalesce(s.end, 0), coalesce(s.text, ''), d.date, d.date_source,
    e.source_text, e.source, e.source_country, e.source_sectors, e.source_start, e.source_end,
    e.target_text, e.target, e.target_country, e.target_sectors, e.target_start, e.target_end,
    c.cameo, c.root, c.quad, c.goldstein, c.plover, c.mode,
    CAST(substr(CAST(d.text AS BLOB), e.verb_start + 1, e.verb_end - e.verb_start) AS BLOB), e.verb_start, e.verb_end,
    c.place_name, c.place_country, c.place_admin1, c.lat, c.lon, CASE WHEN e.place_name IS c.place_name THEN e.place_how END,
    d.url, e.rule, k.dyad_version, k.coder_id";

/// One cluster as a row of the event table (owned; [`dyad_table::EventOut`] borrows from it).
struct TableRow {
    cluster: dyad_table::Cluster,
    date: Option<String>,
    precision: Option<dyad_model::Precision>,
    date_how: Option<String>,
    doc: String,
    sentence: u32,
    span: [u32; 2],
    text: String,
    doc_date: Option<String>,
    doc_date_source: Option<&'static str>,
    source: (String, String, Option<String>, Vec<String>, [u32; 2]),
    target: Option<(String, String, Option<String>, Vec<String>, [u32; 2])>,
    cameo: String,
    root: String,
    quad: u8,
    goldstein: f32,
    plover: String,
    mode: Option<String>,
    verb: String,
    verb_span: [u32; 2],
    place: Option<dyad_model::Place>,
    url: Option<String>,
    rule: String,
    provenance: Option<dyad_table::Provenance>,
}

fn sectors(s: Option<String>) -> Vec<String> {
    s.map(|s| s.split(',').filter(|x| !x.is_empty()).map(str::to_string).collect()).unwrap_or_default()
}

fn table_row(r: &rusqlite::Row) -> rusqlite::Result<TableRow> {
    use dyad_model::Precision;
    let u = |i: usize| -> rusqlite::Result<u32> { Ok(r.get::<_, i64>(i)?.max(0) as u32) };
    let target: Option<String> = r.get(21)?;
    let target = match target.filter(|t| !t.is_empty()) {
        Some(code) => Some((
            r.get::<_, Option<String>>(20)?.unwrap_or_default(),
            code,
            r.get(22)?,
            sectors(r.get(23)?),
            [r.get::<_, Option<i64>>(24)?.unwrap_or(0) as u32, r.get::<_, Option<i64>>(25)?.unwrap_or(0) as u32],
        )),
        None => None,
    };
    let place = match r.get::<_, Option<String>>(35)? {
        Some(name) => Some(dyad_model::Place {
            name,
            country: r.get(36)?,
            admin1: r.get(37)?,
            lat: r.get::<_, Option<f64>>(38)?.unwrap_or(0.0),
            lon: r.get::<_, Option<f64>>(39)?.unwrap_or(0.0),
            how: r.get::<_, Option<String>>(40)?.unwrap_or_default(),
        }),
        None => None,
    };
    Ok(TableRow {
        cluster: dyad_table::Cluster { id: r.get(0)?, num_mentions: r.get(1)?, num_articles: r.get(2)?, num_sources: r.get(3)? },
        date: r.get::<_, Option<i64>>(4)?.map(|d| crate::day_date(d).to_string()),
        precision: r.get::<_, Option<i64>>(5)?.map(|p| match p {
            0 => Precision::Day,
            1 => Precision::Week,
            2 => Precision::Month,
            _ => Precision::Year,
        }),
        date_how: r.get(6)?,
        doc: r.get(7)?,
        sentence: u(8)?,
        span: [u(9)?, u(10)?],
        text: r.get(11)?,
        doc_date: r.get(12)?,
        doc_date_source: r.get::<_, Option<String>>(13)?.as_deref().and_then(dyad_model::DateSource::parse).map(|d| d.as_str()),
        source: (r.get(14)?, r.get(15)?, r.get(16)?, sectors(r.get(17)?), [u(18)?, u(19)?]),
        target,
        cameo: r.get(26)?,
        root: r.get(27)?,
        quad: r.get::<_, i64>(28)? as u8,
        goldstein: r.get::<_, f64>(29)? as f32,
        plover: r.get(30)?,
        mode: r.get(31)?,
        verb: r.get::<_, Option<Vec<u8>>>(32)?.map(|b| String::from_utf8_lossy(&b).into_owned()).unwrap_or_default(),
        verb_span: [u(33)?, u(34)?],
        place,
        url: r.get(41)?,
        rule: r.get(42)?,
        provenance: match (r.get::<_, Option<String>>(43)?, r.get::<_, Option<String>>(44)?) {
            (Some(dyad_version), Some(coder_id)) => Some(dyad_table::Provenance { dyad_version, coder_id }),
            _ => None,
        },
    })
}

impl TableRow {
    fn out(&self) -> dyad_table::EventOut<'_> {
        fn actor(a: &(String, String, Option<String>, Vec<String>, [u32; 2])) -> dyad_table::ActorOut<'_> {
            dyad_table::ActorOut { text: a.0.as_str(), code: a.1.as_str(), country: a.2.as_deref(), sectors: &a.3, span: a.4 }
        }
        dyad_table::EventOut {
            doc: &self.doc,
            sentence: self.sentence,
            span: self.span,
            text: &self.text,
            date: self.date.clone(),
            date_precision: self.precision,
            date_source: self.date_how.as_deref(),
            doc_date: self.doc_date.clone(),
            doc_date_source: self.doc_date_source,
            source: actor(&self.source),
            target: self.target.as_ref().map(actor),
            cameo: &self.cameo,
            root: &self.root,
            quad: self.quad,
            goldstein: self.goldstein,
            plover: if self.plover.is_empty() { None } else { Some(&self.plover) },
            mode: self.mode.as_deref(),
            verb: &self.verb,
            verb_span: self.verb_span,
            place: self.place.as_ref(),
            url: self.url.as_deref(),
            rule: &self.rule,
        }
    }
}

/// Writes the event clusters as a Parquet file of dyad's event table (`dyad_table::schema`, the
/// schema of `dyad code --format parquet` and of the Python package): one row per cluster, its
/// first report's evidence, the cluster's date, place and counters (`cluster`, `num_mentions`,
/// `num_articles`, `num_sources`), and `dyad_version` and `coder_id` of the dyad that coded the
/// first report's document (null when the store does not know: documents stored before schema
/// version 3, or by [`crate::Store::ingest`]). Returns the number of rows.
pub fn parquet<W: Write + Send>(store: &crate::Store, f: &Filter, w: W) -> Result<u64> {
    let mut writer = parquet::arrow::ArrowWriter::try_new(w, dyad_table::schema(), Some(dyad_table::writer_properties()))?;
    let n = event_batches(store, f, 0, &mut |b| Ok(writer.write(&b)?))?;
    writer.close()?;
    Ok(n)
}

/// The clusters matching `f` (at most `limit`, 0: all), in cluster order, as record batches of
/// dyad's event table (see [`parquet`]) given to `sink`; returns the number of rows.
pub fn event_batches(store: &crate::Store, f: &Filter, limit: usize, sink: &mut dyn FnMut(dyad_table::RecordBatch) -> Result<()>) -> Result<u64> {
    let (cond, ps) = f.sql();
    let lim = if limit == 0 { String::new() } else { format!(" LIMIT {limit}") };
    let sql = format!("SELECT {TABLE_COLUMNS} FROM {} WHERE {cond} ORDER BY c.id{lim}", store.first_reports());
    let mut st = store.conn.prepare(&sql)?;
    let rows = st.query_map(rusqlite::params_from_iter(ps), table_row)?;
    let mut batch = dyad_table::Rows::new();
    let mut n = 0u64;
    for r in rows {
        push_table_row(&mut batch, &r?);
        n += 1;
        if batch.len() >= PARQUET_BATCH {
            sink(batch.finish().map_err(table_error)?)?;
        }
    }
    if !batch.is_empty() || n == 0 {
        sink(batch.finish().map_err(table_error)?)?;
    }
    Ok(n)
}

fn push_table_row(rows: &mut dyad_table::Rows, r: &TableRow) {
    rows.push(&r.out(), Some(&r.cluster), r.provenance.as_ref());
}

/// Adds the clusters `ids` (in that order; ids not stored are passed over) to `rows` as rows of
/// dyad's event table (see [`parquet`]): for streamed downloads of a list. Returns how many were
/// added.
pub fn table_rows_by_id(store: &crate::Store, ids: &[i64], rows: &mut dyad_table::Rows) -> Result<usize> {
    let mut st = store.conn.prepare_cached(&format!("SELECT {TABLE_COLUMNS} FROM {} WHERE c.id = ?1", store.first_reports()))?;
    let mut n = 0;
    for &id in ids {
        let mut q = st.query([id])?;
        if let Some(r) = q.next()? {
            push_table_row(rows, &table_row(r)?);
            n += 1;
        }
    }
    Ok(n)
}

fn table_error(e: dyad_table::Error) -> crate::Error {
    crate::Error::Invalid(e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn actor_split() {
        let p = split_actor("AFGGOVTAL", Some("AFG"));
        assert_eq!((p.country.as_str(), p.known_group.as_str(), p.types[0].as_str()), ("AFG", "TAL", "GOV"));
        let p = split_actor("IGOUNO", None);
        assert_eq!((p.known_group.as_str(), p.types[0].as_str()), ("UNO", "IGO"));
        let p = split_actor("IGOUNOGOV", None);
        assert_eq!((p.known_group.as_str(), p.types[0].as_str(), p.types[1].as_str()), ("UNO", "IGO", "GOV"));
        let p = split_actor("BGDGOVAGR", Some("BGD"));
        assert_eq!(p.types, ["GOV".to_string(), "AGR".into(), String::new()]);
        let p = split_actor("CHRPRO", None);
        assert_eq!(p.religion, ["CHR".to_string(), "PRO".into()]);
        let p = split_actor("SRBalbREB", Some("SRB"));
        assert_eq!((p.ethnic.as_str(), p.types[0].as_str(), p.known_group.as_str()), ("alb", "REB", ""));
        let p = split_actor("NGOUSAJEW", Some("USA"));
        assert_eq!((p.types[0].as_str(), p.known_group.as_str()), ("NGO", ""));
    }

    #[test]
    fn fractions() {
        let d = |s: &str| s.parse::<chrono::NaiveDate>().unwrap();
        // Both values appear in the reference GDELT file.
        assert_eq!(fraction_date(d("2018-01-21")), "2018.0575");
        assert_eq!(fraction_date(d("2018-12-22")), "2018.9644");
    }

    #[test]
    fn csv_quoting() {
        assert_eq!(csv_field("a,b"), "\"a,b\"");
        assert_eq!(csv_field("say \"no\""), "\"say \"\"no\"\"\"");
        assert_eq!(csv_field("plain"), "plain");
    }
}
