//! dyad's embedded event store: one SQLite file (no server) that accumulates coded documents,
//! deduplicates the events they report, and answers the analyst's questions.
//!
//! # What it owns
//!
//! * The database schema ([`SCHEMA_VERSION`]): `documents` (id, URL, title, date and where it came
//!   from, site, source host, content hash, text), `sentences` (document, index, span, text), `mentions` (actor
//!   mentions with code, country, sectors, kind and rule), `events` (one row per *report*: every
//!   coded event of every document, with its evidence — sentence, spans, rule, date with precision
//!   and how it was found, place columns — and the event cluster it belongs to), `clusters` (one
//!   row per deduplicated *event*), `cluster_sources` (the distinct sources of a cluster) and three
//!   per-day pre-aggregates (`agg_actor`, `agg_dyad`, `agg_total`) maintained at ingest for the
//!   time-series queries.
//! * [`Store::ingest`]: idempotent, crash-safe ingest of coded [`Document`]s. A document whose URL
//!   or content hash (128-bit FNV-1a of the normalised text) is already stored is skipped, so
//!   running the same ingest twice changes nothing, except that the same text read again with
//!   another date given explicitly (`DateSource::Input`) is re-dated: its coding replaces the
//!   stored one (see *Replacing a document* below). Each call is one transaction: a batch is
//!   stored entirely or not at all, so a process killed at any point (even with SIGKILL) leaves a
//!   consistent database, and running the same ingest again completes the work without
//!   duplicates. The database runs in WAL mode: readers ([`Store::open_readonly`]) work while an
//!   ingest runs.
//! * Queries ([`query`]): `events`, `series`, `align`, `top`; and exports ([`export`]): GDELT 2.0
//!   event table, PLOVER JSON lines, CSV, Parquet.
//! * [`Store::bulk_load`]: already-deduplicated events without text (imports, benchmarks), and
//!   [`Store::rebuild_aggregates`] / [`Store::check`] for repair and verification.
//!
//! `series` over an actor, a dyad or everything, with optional QuadClass and dates, reads only the
//! per-day pre-aggregates (a few thousand rows for ten years), so its cost does not grow with the
//! number of events; filters the aggregates cannot answer (CAMEO prefix, PLOVER type, place, actor
//! *and* dyad together) aggregate the `clusters` table instead. `benches/store.rs` measures both.
//!
//! # Deduplication rule
//!
//! The same event is often reported by several articles (and several times in one article). All
//! counts of the query layer are over *event clusters*, not reports. A new report joins an existing
//! cluster when **all** of these hold:
//!
//! 1. same source actor code, same target actor code (or both have no target), same two-digit
//!    CAMEO root;
//! 2. both are dated, and their dates agree at the *coarser* of the two precisions:
//!    * day: the two days are at most one day apart (|d1 − d2| ≤ 1, which absorbs time zones and
//!      "yesterday" written on either side of midnight);
//!    * week: a week-precision date names the first day `w` of a seven-day period (the Monday of an
//!      ISO week for "last week", the 1st/8th/15th/22nd for "the first/second/… week of March",
//!      as resolved by `dyad-dates`); a finer date matches when it falls in `[w, w + 6]`, two
//!      week-precision dates match when their periods overlap (|w1 − w2| ≤ 6). (dyad-dates' weeks
//!      are not always ISO weeks, so "same ISO week" would split reports of "the first week of
//!      March".)
//!    * month: same calendar month; year: same calendar year;
//! 3. when both the cluster and the report have a place with a known country, the countries are
//!    the same (an unknown place never prevents a merge).
//!
//! Among several matching clusters the one with the nearest date (then the oldest) is chosen.
//! Undated reports (documents without any date) are never merged. The cluster keeps the CAMEO
//! code, Goldstein score, PLOVER type and mode of its first report; its date becomes the most
//! precise date any of its reports gives (the first such report wins ties), and it takes a place
//! from the first report that has one. `num_mentions` counts reports, `num_articles` distinct
//! documents, `num_sources` distinct sources (the host of the document URL without `www.`, else the
//! site name, else one shared "unknown" source). Every report row links to its cluster
//! (`events.cluster`).
//!
//! *Replacing a document* (re-dating, re-coding): its reports are removed from their clusters; a
//! cluster left without reports is deleted, the others take again what their remaining reports give
//! by the rules above (code, score and type of the first report, the most precise date, the first
//! place, counters and sources), with the aggregates; then the new reports are deduplicated as
//! at ingest.
//!
//! Deduplication is incremental: each report looks up candidate clusters through the index
//! `clusters(source, target, root, precision, day)` with one narrow day range per precision level.
//! It depends on the order documents arrive in; ingesting the same documents in the same order
//! always gives the same clusters.
//!
//! # Actor matching
//!
//! An actor filter `K` matches a side of an event when the side's CAMEO actor code is `K` or its
//! ISO-3166 country is `K`: `RUS` matches `RUSGOV`, `RUSMIL` and a bare `RUS`; `RUSGOV` matches only
//! `RUSGOV`; `IGOUNO` matches the UN. A dyad `A->B` is directed (A on the source side, B on the
//! target side); `A<->B` is either direction.
//!
//! # Net cooperation
//!
//! For a set of event clusters with `n_q` clusters in QuadClass `q` (1 verbal cooperation, 2 material
//! cooperation, 3 verbal conflict, 4 material conflict):
//!
//! * unweighted net cooperation = `(n1 + n2) − (n3 + n4)`;
//! * weighted net cooperation = `Σ_{q∈1,2} |g| − Σ_{q∈3,4} |g|` over the clusters' Goldstein scores
//!   `g`: each event counts with its intensity, and its sign comes from its QuadClass (Goldstein 0
//!   events, such as plain statements, weigh nothing).
//!
//! With `normalize`, counts and net cooperation of a period are divided by the total number of
//! event clusters in the store in that period (all actors), which removes the growth and seasonality
//! of the news volume.
//!
//! # Alignment
//!
//! [`query::align`] describes two actors A and B per period by
//!
//! * their **direct relation**: the clusters between them in both directions, their unweighted net
//!   cooperation and mean Goldstein;
//! * their **stance similarity**, the Signorino–Ritter S score (Signorino & Ritter 1999, "Tau-b or
//!   not tau-b") of their behaviour toward third parties. For every third actor k that *both* A and
//!   B acted on in the period (k = the target's country when it has one, else its actor code; A, B
//!   and anything matching them are excluded), `a_k` is the mean Goldstein score of the clusters
//!   from A to k and `b_k` the same for B. With n such actors,
//!   `S = 1 − 2 · Σ_k |a_k − b_k| / (n · d_max)` with `d_max = 20`, the range of the Goldstein
//!   scale (−10…+10). S = 1 when A and B treat every common third party the same, −1 when their
//!   treatment is maximally opposed; S is undefined (None) when they share no third party.

pub mod dash;
pub mod export;
mod ingest;
pub mod names;
pub mod query;
mod schema;

use chrono::{Datelike, NaiveDate};
use rusqlite::{Connection, OpenFlags};
use std::path::Path;
use std::time::Duration;

pub use ingest::{BulkEvent, IngestStats};
/// SQLite value types, for reading [`Store::connection`] rows.
pub mod sql {
    pub use rusqlite::types::Value;
    pub use rusqlite::Connection;
}
pub use schema::SCHEMA_VERSION;

/// Errors of the store.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("sqlite: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("i/o: {0}")]
    Io(#[from] std::io::Error),
    #[error("json: {0}")]
    Json(#[from] serde_json::Error),
    #[error("parquet: {0}")]
    Parquet(#[from] parquet::errors::ParquetError),
    #[error("{}", version_message(*found, *expected))]
    Version { found: i64, expected: i64 },
    #[error("{0}")]
    Invalid(String),
}

pub type Result<T> = std::result::Result<T, Error>;

fn version_message(found: i64, expected: i64) -> String {
    if found < expected {
        format!(
            "the database was written by an older dyad (schema version {found}; this dyad writes version {expected}): \
             upgrade it in place with `dyad recode --db FILE`, which re-codes its stored documents with this dyad"
        )
    } else {
        format!(
            "the database was written by a newer dyad (schema version {found}; this dyad reads version {expected}): \
             open it with that dyad or a newer one; this one leaves it untouched"
        )
    }
}

/// An open event store.
pub struct Store {
    conn: Connection,
    /// The store records which coder coded each document (schema version 3 on): false for a
    /// version 2 store opened read-only, whose provenance columns read as NULL.
    coders: bool,
}

impl Store {
    /// Opens (creating if needed) a store for reading and writing, in WAL mode with a 30 s busy
    /// timeout. A store of schema version 2 is brought to version 3 first (a table and a column
    /// added; its documents' coders stay unknown).
    pub fn open(path: impl AsRef<Path>) -> Result<Store> {
        let conn = Connection::open(path)?;
        conn.busy_timeout(Duration::from_secs(30))?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        // NORMAL in WAL mode: a committed transaction survives a process crash (SIGKILL); only a
        // power loss can lose the last transactions, never corrupt the database.
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.pragma_update(None, "foreign_keys", "OFF")?;
        conn.pragma_update(None, "cache_size", -65536)?;
        schema::create(&conn)?;
        Ok(Store { conn, coders: true })
    }

    /// Opens a store for `dyad recode`: like [`Store::open`], but a database of an older schema
    /// is upgraded in place first (one transaction). Returns the store and the version it had when
    /// it was older.
    pub fn open_upgrade(path: impl AsRef<Path>) -> Result<(Store, Option<i64>)> {
        let conn = Connection::open(path)?;
        conn.busy_timeout(Duration::from_secs(30))?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.pragma_update(None, "foreign_keys", "OFF")?;
        conn.pragma_update(None, "cache_size", -65536)?;
        let old = schema::upgrade(&conn)?;
        Ok((Store { conn, coders: true }, old))
    }

    /// Stored documents with a row id above `after`, in row order, at most `limit`: their row id
    /// and a [`Document`] with the stored text and metadata (no layers). Dates the text stage finds
    /// (dateline, opening sentences) are left out so that coding finds them again; a date stored
    /// without its source (schema 1) is kept as given.
    pub fn stored_documents(&self, after: i64, limit: usize) -> Result<Vec<(i64, dyad_model::Document)>> {
        use dyad_model::DateSource;
        let mut st = self.conn.prepare_cached("SELECT id, ext_id, url, title, date, date_source, site, lang, text FROM documents WHERE id > ?1 ORDER BY id LIMIT ?2")?;
        let rows = st.query_map(rusqlite::params![after, limit as i64], |r| {
            let mut d = dyad_model::Document::new(r.get::<_, String>(1)?, r.get::<_, String>(8)?);
            d.url = r.get(2)?;
            d.title = r.get(3)?;
            let date: Option<String> = r.get(4)?;
            let source: Option<String> = r.get(5)?;
            d.site = r.get(6)?;
            d.lang = r.get(7)?;
            let source = source.as_deref().and_then(DateSource::parse);
            if let Some(date) = date.and_then(|s| s.parse().ok()) {
                match source {
                    Some(DateSource::Dateline | DateSource::Text) => {}
                    Some(s) => {
                        d.offer_date(date, s);
                    }
                    None => d.date = Some(date),
                }
            }
            Ok((r.get::<_, i64>(0)?, d))
        })?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    /// Replaces the coding of stored documents (row id, the same text coded again by `coder`) in
    /// one transaction: see the crate docs (*Replacing a document*).
    pub fn replace(&mut self, docs: &[(i64, dyad_model::Document)], coder: &dyad_table::Provenance) -> Result<IngestStats> {
        let added = chrono::Utc::now().format("%Y%m%d%H%M%S").to_string();
        let tx = self.conn.transaction()?;
        let coder = ingest::coder_row(&tx, coder)?;
        let mut stats = IngestStats::default();
        for (row, doc) in docs {
            ingest::replace_doc(&tx, *row, doc, Some(coder), &added, &mut stats)?;
        }
        tx.commit()?;
        Ok(stats)
    }

    /// Opens an existing store read-only (for queries and exports while an ingest may run). A store
    /// of schema version 2 is read as it is (its documents' coders are unknown).
    pub fn open_readonly(path: impl AsRef<Path>) -> Result<Store> {
        let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX)?;
        conn.busy_timeout(Duration::from_secs(30))?;
        conn.pragma_update(None, "cache_size", -65536)?;
        let version = schema::check(&conn)?;
        Ok(Store { conn, coders: version >= 3 })
    }

    /// The FROM clause of an event cluster's row: the cluster `c`, its first report `e`, the
    /// report's document `d` and sentence `s`, and the document's coder `k` (`k.dyad_version`,
    /// `k.coder_id`; NULL when unknown, and for a version 2 store, which has no coders).
    pub(crate) fn first_reports(&self) -> &'static str {
        if self.coders {
            "clusters c JOIN events e ON e.id = c.first_event JOIN documents d ON d.id = e.doc
             LEFT JOIN sentences s ON s.doc = e.doc AND s.idx = e.sentence LEFT JOIN coders k ON k.id = d.coder"
        } else {
            "clusters c JOIN events e ON e.id = c.first_event JOIN documents d ON d.id = e.doc
             LEFT JOIN sentences s ON s.doc = e.doc AND s.idx = e.sentence LEFT JOIN (SELECT NULL AS dyad_version, NULL AS coder_id) k ON 0"
        }
    }

    /// The underlying connection, for ad-hoc SQL (read it; write through the store's functions).
    pub fn connection(&self) -> &Connection {
        &self.conn
    }

    /// Row counts of the main tables.
    pub fn counts(&self) -> Result<Counts> {
        let c = |t: &str| -> Result<u64> { Ok(self.conn.query_row(&format!("SELECT count(*) FROM {t}"), [], |r| r.get::<_, i64>(0))? as u64) };
        Ok(Counts {
            documents: c("documents")?,
            sentences: c("sentences")?,
            mentions: c("mentions")?,
            events: c("events")?,
            clusters: c("clusters")?,
        })
    }

    /// Checks the database: SQLite's own integrity check plus the store's invariants (every
    /// report in an existing cluster, cluster counters equal to their reports, aggregates equal to
    /// the clusters). Returns the problems found (empty when consistent).
    pub fn check(&self) -> Result<Vec<String>> {
        let mut problems = Vec::new();
        let ic: String = self.conn.query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
        if ic != "ok" {
            problems.push(format!("integrity_check: {ic}"));
        }
        let q = |sql: &str| -> Result<i64> { Ok(self.conn.query_row(sql, [], |r| r.get(0))?) };
        let orphans = q("SELECT count(*) FROM events e LEFT JOIN clusters c ON c.id = e.cluster WHERE c.id IS NULL")?;
        if orphans > 0 {
            problems.push(format!("{orphans} reports point to no cluster"));
        }
        let bad = q("SELECT count(*) FROM clusters c WHERE num_mentions <> (SELECT count(*) FROM events e WHERE e.cluster = c.id)
                      OR num_articles <> (SELECT count(DISTINCT doc) FROM events e WHERE e.cluster = c.id)
                      OR num_sources <> (SELECT count(*) FROM cluster_sources s WHERE s.cluster = c.id)")?;
        if bad > 0 {
            problems.push(format!("{bad} clusters with wrong counters"));
        }
        let dup = q("SELECT count(*) FROM (SELECT hash FROM documents GROUP BY hash HAVING count(*) > 1)")?;
        if dup > 0 {
            problems.push(format!("{dup} duplicated documents"));
        }
        let total_clusters = q("SELECT count(*) FROM clusters WHERE day IS NOT NULL")?;
        let total_agg = q("SELECT coalesce(sum(n), 0) FROM agg_total")?;
        if total_clusters != total_agg {
            problems.push(format!("agg_total counts {total_agg} clusters, the table has {total_clusters}"));
        }
        let docs_events = q("SELECT coalesce(sum(n_events), 0) FROM documents")?;
        let events = q("SELECT count(*) FROM events")?;
        if docs_events != events {
            problems.push(format!("documents announce {docs_events} events, {events} stored"));
        }
        Ok(problems)
    }
}

/// Row counts of the main tables.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize)]
pub struct Counts {
    pub documents: u64,
    pub sentences: u64,
    pub mentions: u64,
    /// Reports (one per coded event of a document).
    pub events: u64,
    /// Deduplicated events.
    pub clusters: u64,
}

/// Date precision as stored (0 day, 1 week, 2 month, 3 year).
pub(crate) fn precision_code(p: dyad_model::Precision) -> i64 {
    use dyad_model::Precision::*;
    match p {
        Day => 0,
        Week => 1,
        Month => 2,
        Year => 3,
    }
}

pub(crate) fn precision_name(code: i64) -> &'static str {
    match code {
        0 => "day",
        1 => "week",
        2 => "month",
        _ => "year",
    }
}

/// Days since 0001-01-01 (chrono's day number from the common era), the store's day key.
pub fn day_number(d: NaiveDate) -> i64 {
    d.num_days_from_ce() as i64
}

/// The date of a day key.
pub fn day_date(day: i64) -> NaiveDate {
    NaiveDate::from_num_days_from_ce_opt(day as i32).unwrap_or(NaiveDate::MIN)
}

/// 128-bit FNV-1a of the bytes (the document content hash).
pub fn content_hash(bytes: &[u8]) -> [u8; 16] {
    const OFFSET: u128 = 0x6c62272e07bb014262b821756295c58d;
    const PRIME: u128 = 0x0000000001000000000000000000013B;
    let mut h = OFFSET;
    for &b in bytes {
        h ^= b as u128;
        h = h.wrapping_mul(PRIME);
    }
    h.to_be_bytes()
}

/// The source of a document for `num_sources`: URL host without `www.`, else the site name.
pub fn source_of(url: Option<&str>, site: Option<&str>) -> String {
    if let Some(u) = url {
        let rest = u.split_once("://").map_or(u, |(_, r)| r);
        let host = rest.split(['/', '?', '#']).next().unwrap_or("");
        let host = host.rsplit_once('@').map_or(host, |(_, h)| h);
        let host = host.split(':').next().unwrap_or("").to_ascii_lowercase();
        let host = host.strip_prefix("www.").unwrap_or(&host).to_string();
        if !host.is_empty() {
            return host;
        }
    }
    match site {
        Some(s) if !s.trim().is_empty() => s.trim().to_lowercase(),
        _ => "unknown".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn source_hosts() {
        assert_eq!(source_of(Some("https://www.Reuters.com/world/x?y=1"), None), "reuters.com");
        assert_eq!(source_of(Some("http://user@bbc.co.uk:8080/a"), Some("BBC")), "bbc.co.uk");
        assert_eq!(source_of(None, Some(" Al Jazeera ")), "al jazeera");
        assert_eq!(source_of(Some("/local/path.txt"), None), "unknown");
        assert_eq!(source_of(None, None), "unknown");
    }

    #[test]
    fn hash_is_stable() {
        // FNV-1a 128 test vector: the empty input is the offset basis.
        assert_eq!(u128::from_be_bytes(content_hash(b"")), 0x6c62272e07bb014262b821756295c58d);
        assert_ne!(content_hash(b"a"), content_hash(b"b"));
    }

    #[test]
    fn day_numbers_round_trip() {
        let d = NaiveDate::from_ymd_opt(2024, 2, 29).unwrap();
        assert_eq!(day_date(day_number(d)), d);
        assert_eq!(day_number(d) + 1, day_number(NaiveDate::from_ymd_opt(2024, 3, 1).unwrap()));
    }
}
