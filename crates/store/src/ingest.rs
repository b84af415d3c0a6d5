//! Ingest: documents, sentences, mentions, reports; incremental deduplication into clusters;
//! pre-aggregates.

use crate::{content_hash, day_number, precision_code, source_of, Result, Store};
use chrono::{Datelike, NaiveDate};
use dyad_model::{DateSource, Document, Event, MentionKind, Participant};
use dyad_table::Provenance;
use rusqlite::{params, OptionalExtension, Transaction};

/// What one [`Store::ingest`] call did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct IngestStats {
    /// Documents stored.
    pub documents: u64,
    /// Documents skipped because their URL or content hash is already stored.
    pub duplicates: u64,
    pub sentences: u64,
    pub mentions: u64,
    /// Reports stored (coded events).
    pub events: u64,
    /// Reports that started a new cluster (new deduplicated events).
    pub new_clusters: u64,
    /// Reports merged into an existing cluster.
    pub merged: u64,
    /// Stored documents whose coding was replaced: re-dated (the same text read again with
    /// another date given explicitly, `--date` or a JSON `date`), or re-coded
    /// ([`Store::replace_document`]).
    pub replaced: u64,
    /// Of the duplicates, those stored without a date (a `--date` would date them).
    pub undated_duplicates: u64,
}

impl std::ops::AddAssign for IngestStats {
    fn add_assign(&mut self, o: IngestStats) {
        self.documents += o.documents;
        self.duplicates += o.duplicates;
        self.sentences += o.sentences;
        self.mentions += o.mentions;
        self.events += o.events;
        self.new_clusters += o.new_clusters;
        self.merged += o.merged;
        self.replaced += o.replaced;
        self.undated_duplicates += o.undated_duplicates;
    }
}

fn kind_name(k: MentionKind) -> &'static str {
    match k {
        MentionKind::Name => "name",
        MentionKind::Person => "person",
        MentionKind::Agent => "agent",
        MentionKind::Metonym => "metonym",
        MentionKind::Anaphor => "anaphor",
    }
}

/// The day range `[lo, hi]` in which a cluster of precision `q` must lie to match a report of
/// precision `p` dated `d` (see the crate docs).
pub(crate) fn match_range(d: NaiveDate, p: i64, q: i64) -> (i64, i64) {
    let dn = day_number(d);
    match p.max(q) {
        0 => (dn - 1, dn + 1),
        1 => match (p == 1, q == 1) {
            (true, true) => (dn - 6, dn + 6),
            (true, false) => (dn, dn + 6),
            _ => (dn - 6, dn),
        },
        2 => {
            let first = NaiveDate::from_ymd_opt(d.year(), d.month(), 1).unwrap_or(d);
            let next = if d.month() == 12 { NaiveDate::from_ymd_opt(d.year() + 1, 1, 1) } else { NaiveDate::from_ymd_opt(d.year(), d.month() + 1, 1) };
            (day_number(first), next.map_or(dn, |n| day_number(n) - 1))
        }
        _ => {
            let first = NaiveDate::from_ymd_opt(d.year(), 1, 1).unwrap_or(d);
            let last = NaiveDate::from_ymd_opt(d.year(), 12, 31).unwrap_or(d);
            (day_number(first), day_number(last))
        }
    }
}

/// The actor keys of a side: its code and its country (distinct, non-empty).
pub(crate) fn side_keys<'a>(code: &'a str, country: Option<&'a str>) -> Vec<&'a str> {
    let mut v = Vec::with_capacity(2);
    if !code.is_empty() {
        v.push(code);
    }
    if let Some(c) = country {
        if !c.is_empty() && c != code {
            v.push(c);
        }
    }
    v
}

/// The fields of a cluster the aggregates need.
pub(crate) struct AggRow<'a> {
    pub source: &'a str,
    pub source_country: Option<&'a str>,
    pub target: &'a str,
    pub target_country: Option<&'a str>,
    pub day: i64,
    pub quad: i64,
    pub goldstein: f64,
}

/// Adds (`sign` = 1) or removes (`sign` = −1) one cluster from the per-day aggregates.
pub(crate) fn agg_apply(tx: &Transaction, r: &AggRow, sign: i64) -> Result<()> {
    let s = sign as f64;
    let (g, ga) = (r.goldstein * s, r.goldstein.abs() * s);
    let mut total = tx.prepare_cached(
        "INSERT INTO agg_total(day, quad, n, gsum, gabs) VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT(day, quad) DO UPDATE SET n = n + excluded.n, gsum = gsum + excluded.gsum, gabs = gabs + excluded.gabs",
    )?;
    total.execute(params![r.day, r.quad, sign, g, ga])?;
    let mut actor = tx.prepare_cached(
        "INSERT INTO agg_actor(key, day, quad, n, gsum, gabs) VALUES (?1, ?2, ?3, ?4, ?5, ?6)
         ON CONFLICT(key, day, quad) DO UPDATE SET n = n + excluded.n, gsum = gsum + excluded.gsum, gabs = gabs + excluded.gabs",
    )?;
    let sk = side_keys(r.source, r.source_country);
    let tk = side_keys(r.target, r.target_country);
    let mut keys: Vec<&str> = sk.clone();
    for k in &tk {
        if !keys.contains(k) {
            keys.push(k);
        }
    }
    for k in keys {
        actor.execute(params![k, r.day, r.quad, sign, g, ga])?;
    }
    let mut dyad = tx.prepare_cached(
        "INSERT INTO agg_dyad(src, tgt, day, quad, n, gsum, gabs) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
         ON CONFLICT(src, tgt, day, quad) DO UPDATE SET n = n + excluded.n, gsum = gsum + excluded.gsum, gabs = gabs + excluded.gabs",
    )?;
    for a in &sk {
        for b in &tk {
            dyad.execute(params![a, b, r.day, r.quad, sign, g, ga])?;
        }
    }
    Ok(())
}

struct Candidate {
    id: i64,
    day: i64,
    precision: i64,
    place_country: Option<String>,
}

fn sectors(p: &Participant) -> String {
    p.actor.sectors.join(",")
}

impl Store {
    /// Stores a batch of coded documents in one transaction (all or nothing). Documents whose URL
    /// or content hash is already stored — including earlier in the same batch — are skipped.
    /// Which coder coded them is not recorded (unknown); [`Store::ingest_coded`] records it.
    pub fn ingest(&mut self, docs: &[Document]) -> Result<IngestStats> {
        self.ingest_with(docs, None)
    }

    /// [`Store::ingest`], recording that `coder` (dyad's version and coder id) coded the documents:
    /// exports and the Python package give it on every event row.
    pub fn ingest_coded(&mut self, docs: &[Document], coder: &Provenance) -> Result<IngestStats> {
        self.ingest_with(docs, Some(coder))
    }

    fn ingest_with(&mut self, docs: &[Document], coder: Option<&Provenance>) -> Result<IngestStats> {
        let added = chrono::Utc::now().format("%Y%m%d%H%M%S").to_string();
        let tx = self.conn.transaction()?;
        let coder = coder.map(|c| coder_row(&tx, c)).transpose()?;
        let mut stats = IngestStats::default();
        for doc in docs {
            ingest_doc(&tx, doc, coder, &added, &mut stats)?;
        }
        tx.commit()?;
        Ok(stats)
    }

    /// Recomputes the per-day aggregates from the clusters table (after bulk loads; also a repair).
    pub fn rebuild_aggregates(&mut self) -> Result<()> {
        let tx = self.conn.transaction()?;
        tx.execute_batch(
            "DELETE FROM agg_total; DELETE FROM agg_actor; DELETE FROM agg_dyad;
             INSERT INTO agg_total(day, quad, n, gsum, gabs)
               SELECT day, quad, count(*), sum(goldstein), sum(abs(goldstein)) FROM clusters WHERE day IS NOT NULL GROUP BY day, quad;
             INSERT INTO agg_actor(key, day, quad, n, gsum, gabs)
               SELECT key, day, quad, count(*), sum(goldstein), sum(abs(goldstein)) FROM (
                 SELECT id, source AS key, day, quad, goldstein FROM clusters WHERE day IS NOT NULL AND source <> ''
                 UNION SELECT id, source_country, day, quad, goldstein FROM clusters WHERE day IS NOT NULL AND source_country <> ''
                 UNION SELECT id, target, day, quad, goldstein FROM clusters WHERE day IS NOT NULL AND target <> ''
                 UNION SELECT id, target_country, day, quad, goldstein FROM clusters WHERE day IS NOT NULL AND target_country <> ''
               ) GROUP BY key, day, quad;
             INSERT INTO agg_dyad(src, tgt, day, quad, n, gsum, gabs)
               SELECT src, tgt, day, quad, count(*), sum(goldstein), sum(abs(goldstein)) FROM (
                 SELECT id, source AS src, target AS tgt, day, quad, goldstein FROM clusters WHERE day IS NOT NULL
                 UNION SELECT id, source, target_country, day, quad, goldstein FROM clusters WHERE day IS NOT NULL
                 UNION SELECT id, source_country, target, day, quad, goldstein FROM clusters WHERE day IS NOT NULL
                 UNION SELECT id, source_country, target_country, day, quad, goldstein FROM clusters WHERE day IS NOT NULL
               ) WHERE src IS NOT NULL AND src <> '' AND tgt IS NOT NULL AND tgt <> ''
               GROUP BY src, tgt, day, quad;",
        )?;
        tx.commit()?;
        Ok(())
    }
}

/// The row of `coder` in `coders`, added when new.
pub(crate) fn coder_row(tx: &Transaction, coder: &Provenance) -> Result<i64> {
    tx.prepare_cached("INSERT OR IGNORE INTO coders(dyad_version, coder_id) VALUES (?1, ?2)")?.execute(params![coder.dyad_version, coder.coder_id])?;
    Ok(tx.prepare_cached("SELECT id FROM coders WHERE dyad_version = ?1 AND coder_id = ?2")?.query_row(params![coder.dyad_version, coder.coder_id], |r| r.get(0))?)
}

fn ingest_doc(tx: &Transaction, doc: &Document, coder: Option<i64>, added: &str, stats: &mut IngestStats) -> Result<()> {
    let hash = content_hash(doc.text.as_bytes());
    let url = doc.url.as_deref().map(str::trim).filter(|u| !u.is_empty());
    // The stored document with this text (its row and date), if any.
    let same_text: Option<(i64, Option<String>)> =
        tx.prepare_cached("SELECT id, date FROM documents WHERE hash = ?1")?.query_row(params![&hash[..]], |r| Ok((r.get(0)?, r.get(1)?))).optional()?;
    if let Some((row, date)) = same_text {
        // Read again with a date given explicitly that differs from the stored one: the document
        // is re-dated (its coding replaced by this one, coded with that date).
        let explicit = doc.date_source == Some(DateSource::Input) && doc.date.is_some();
        if explicit && date != doc.date.map(|d| d.to_string()) {
            return replace_doc(tx, row, doc, coder, added, stats);
        }
        stats.duplicates += 1;
        stats.undated_duplicates += date.is_none() as u64;
        return Ok(());
    }
    // The same URL with other text: the stored version stays.
    if let Some(u) = url {
        if tx.prepare_cached("SELECT 1 FROM documents WHERE url = ?1")?.exists(params![u])? {
            stats.duplicates += 1;
            return Ok(());
        }
    }
    let source = source_of(url, doc.site.as_deref());
    let doc_row: i64 = {
        let mut ins = tx.prepare_cached(
            "INSERT INTO documents(ext_id, url, hash, title, date, date_source, site, source, lang, text, n_sentences, n_events, added, coder)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
        )?;
        ins.execute(params![
            doc.id,
            url,
            &hash[..],
            doc.title,
            doc.date.map(|d| d.to_string()),
            doc.date.and(doc.date_source).map(|s| s.as_str()),
            doc.site,
            source,
            doc.lang,
            doc.text,
            doc.sentences.len() as i64,
            doc.events.len() as i64,
            added,
            coder
        ])?;
        tx.last_insert_rowid()
    };
    stats.documents += 1;
    insert_layers(tx, doc_row, doc, &source, added, stats)
}

/// Sentences, mentions and reports of a stored document.
fn insert_layers(tx: &Transaction, doc_row: i64, doc: &Document, source: &str, added: &str, stats: &mut IngestStats) -> Result<()> {
    {
        let mut ins = tx.prepare_cached("INSERT INTO sentences(doc, idx, start, end, text) VALUES (?1, ?2, ?3, ?4, ?5)")?;
        for (i, s) in doc.sentences.iter().enumerate() {
            ins.execute(params![doc_row, i as i64, s.span.start, s.span.end, doc.slice(s.span)])?;
        }
        stats.sentences += doc.sentences.len() as u64;
    }
    {
        let mut ins = tx.prepare_cached(
            "INSERT INTO mentions(doc, sentence, start, end, text, code, country, sectors, kind, rule)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        )?;
        for m in &doc.mentions {
            ins.execute(params![
                doc_row,
                m.sentence,
                m.span.start,
                m.span.end,
                doc.slice(m.span),
                m.actor.code,
                m.actor.country,
                m.actor.sectors.join(","),
                kind_name(m.kind),
                m.rule
            ])?;
        }
        stats.mentions += doc.mentions.len() as u64;
    }
    for e in &doc.events {
        ingest_event(tx, doc_row, source, e, added, stats)?;
    }
    Ok(())
}

/// Replaces the coding of stored document `row` (same text) by `doc`'s: its date, sentences,
/// mentions and reports. The reports leave their clusters first (see [`remove_reports`]), then
/// the new ones are deduplicated as at ingest. The document's coder becomes `coder` (`None`:
/// unknown).
pub(crate) fn replace_doc(tx: &Transaction, row: i64, doc: &Document, coder: Option<i64>, added: &str, stats: &mut IngestStats) -> Result<()> {
    remove_reports(tx, row)?;
    tx.prepare_cached("DELETE FROM mentions WHERE doc = ?1")?.execute(params![row])?;
    tx.prepare_cached("DELETE FROM sentences WHERE doc = ?1")?.execute(params![row])?;
    tx.prepare_cached("UPDATE documents SET date = ?2, date_source = ?3, n_sentences = ?4, n_events = ?5, coder = ?6 WHERE id = ?1")?.execute(params![
        row,
        doc.date.map(|d| d.to_string()),
        doc.date.and(doc.date_source).map(|s| s.as_str()),
        doc.sentences.len() as i64,
        doc.events.len() as i64,
        coder
    ])?;
    // Re-coding may normalise the text differently (a newer text stage): the text and its hash
    // follow, unless another document already has that text.
    let hash = content_hash(doc.text.as_bytes());
    tx.prepare_cached("UPDATE documents SET text = ?2, hash = ?3 WHERE id = ?1 AND text <> ?2 AND NOT EXISTS (SELECT 1 FROM documents WHERE hash = ?3)")?
        .execute(params![row, doc.text, &hash[..]])?;
    let source: String = tx.prepare_cached("SELECT source FROM documents WHERE id = ?1")?.query_row(params![row], |r| r.get(0))?;
    stats.replaced += 1;
    insert_layers(tx, row, doc, &source, added, stats)
}

/// Removes the reports of document `row` and brings their clusters back to what the remaining
/// reports give (the crate's deduplication rule): a cluster left without reports is deleted; the
/// others get their counters and sources recounted, the CAMEO code, Goldstein score, PLOVER type
/// and mode of their (new) first report, the most precise date of their reports, the place of the
/// first report that has one; the per-day aggregates follow.
fn remove_reports(tx: &Transaction, row: i64) -> Result<()> {
    let clusters: Vec<i64> = {
        let mut st = tx.prepare_cached("SELECT DISTINCT cluster FROM events WHERE doc = ?1")?;
        let v = st.query_map(params![row], |r| r.get(0))?.collect::<rusqlite::Result<Vec<i64>>>()?;
        v
    };
    tx.prepare_cached("DELETE FROM events WHERE doc = ?1")?.execute(params![row])?;
    for c in clusters {
        let old = cluster_agg(tx, c)?;
        if let Some(old) = &old {
            agg_apply(tx, &old.as_row(), -1)?;
        }
        let first: Option<i64> = tx.prepare_cached("SELECT min(id) FROM events WHERE cluster = ?1")?.query_row(params![c], |r| r.get(0))?;
        let Some(first) = first else {
            tx.prepare_cached("DELETE FROM clusters WHERE id = ?1")?.execute(params![c])?;
            tx.prepare_cached("DELETE FROM cluster_sources WHERE cluster = ?1")?.execute(params![c])?;
            continue;
        };
        tx.prepare_cached("DELETE FROM cluster_sources WHERE cluster = ?1")?.execute(params![c])?;
        tx.prepare_cached(
            "INSERT INTO cluster_sources(cluster, source)
             SELECT DISTINCT ?1, d.source FROM events e JOIN documents d ON d.id = e.doc WHERE e.cluster = ?1",
        )?
        .execute(params![c])?;
        tx.prepare_cached(
            "UPDATE clusters SET
               (cameo, quad, goldstein, plover, mode) = (SELECT cameo, quad, goldstein, plover, mode FROM events WHERE id = ?2),
               first_event = ?2,
               num_mentions = (SELECT count(*) FROM events WHERE cluster = ?1),
               num_articles = (SELECT count(DISTINCT doc) FROM events WHERE cluster = ?1),
               num_sources = (SELECT count(*) FROM cluster_sources WHERE cluster = ?1),
               lead = (SELECT max(sentence = 0) FROM events WHERE cluster = ?1),
               (day, precision) = (SELECT day, precision FROM events WHERE cluster = ?1 AND day IS NOT NULL ORDER BY precision, id LIMIT 1),
               (place_name, place_country, place_admin1, lat, lon) =
                 (SELECT place_name, place_country, place_admin1, lat, lon FROM events WHERE cluster = ?1 AND place_name IS NOT NULL ORDER BY id LIMIT 1)
             WHERE id = ?1",
        )?
        .execute(params![c, first])?;
        if let Some(new) = cluster_agg(tx, c)? {
            agg_apply(tx, &new.as_row(), 1)?;
        }
    }
    Ok(())
}

/// A dated cluster's aggregate fields (`None` for an undated or missing cluster).
struct ClusterAgg {
    source: String,
    source_country: Option<String>,
    target: String,
    target_country: Option<String>,
    day: i64,
    quad: i64,
    goldstein: f64,
}

impl ClusterAgg {
    fn as_row(&self) -> AggRow<'_> {
        AggRow {
            source: &self.source,
            source_country: self.source_country.as_deref(),
            target: &self.target,
            target_country: self.target_country.as_deref(),
            day: self.day,
            quad: self.quad,
            goldstein: self.goldstein,
        }
    }
}

fn cluster_agg(tx: &Transaction, c: i64) -> Result<Option<ClusterAgg>> {
    Ok(tx
        .prepare_cached("SELECT source, source_country, target, target_country, day, quad, goldstein FROM clusters WHERE id = ?1 AND day IS NOT NULL")?
        .query_row(params![c], |r| {
            Ok(ClusterAgg {
                source: r.get(0)?,
                source_country: r.get(1)?,
                target: r.get(2)?,
                target_country: r.get(3)?,
                day: r.get(4)?,
                quad: r.get(5)?,
                goldstein: r.get(6)?,
            })
        })
        .optional()?)
}

fn ingest_event(tx: &Transaction, doc_row: i64, source: &str, e: &Event, added: &str, stats: &mut IngestStats) -> Result<()> {
    let root = e.root().to_string();
    let target = e.target.as_ref().map_or("", |t| t.actor.code.as_str());
    let target_country = e.target.as_ref().and_then(|t| t.actor.country.as_deref());
    let (day, prec) = match &e.date {
        Some(d) => (Some(day_number(d.date)), Some(precision_code(d.precision))),
        None => (None, None),
    };
    let place_country = e.place.as_ref().and_then(|p| p.country.clone());
    // The shortest decimal of the f32 (7.4, not 7.400000095367432).
    let goldstein: f64 = e.goldstein.to_string().parse().unwrap_or(e.goldstein as f64);

    // Find the cluster.
    let mut best: Option<Candidate> = None;
    if let (Some(d), Some(p)) = (&e.date, prec) {
        let dn = day_number(d.date);
        let mut look = tx.prepare_cached(
            "SELECT id, day, place_country FROM clusters
             WHERE source = ?1 AND target = ?2 AND root = ?3 AND precision = ?4 AND day BETWEEN ?5 AND ?6 ORDER BY id",
        )?;
        for q in 0..4i64 {
            let (lo, hi) = match_range(d.date, p, q);
            let rows = look.query_map(params![e.source.actor.code, target, root, q, lo, hi], |r| {
                Ok(Candidate { id: r.get(0)?, day: r.get(1)?, precision: q, place_country: r.get(2)? })
            })?;
            for c in rows {
                let c = c?;
                if let (Some(a), Some(b)) = (&place_country, &c.place_country) {
                    if a != b {
                        continue;
                    }
                }
                let better = match &best {
                    None => true,
                    Some(b) => (c.day - dn).abs() < (b.day - dn).abs() || ((c.day - dn).abs() == (b.day - dn).abs() && c.id < b.id),
                };
                if better {
                    best = Some(c);
                }
            }
        }
    }

    let lead = (e.sentence == 0) as i64;
    let event_row_placeholder_cluster = best.as_ref().map_or(0, |c| c.id);
    // Insert the report.
    let event_row: i64 = {
        let mut ins = tx.prepare_cached(
            "INSERT INTO events(doc, sentence, cluster, cameo, root, quad, goldstein, plover, mode,
               source, source_country, source_sectors, source_text, source_start, source_end,
               target, target_country, target_sectors, target_text, target_start, target_end,
               verb_start, verb_end, date, day, precision, date_how,
               place_name, place_country, place_admin1, lat, lon, place_how, rule)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21,
                     ?22, ?23, ?24, ?25, ?26, ?27, ?28, ?29, ?30, ?31, ?32, ?33, ?34)",
        )?;
        let t = e.target.as_ref();
        let pl = e.place.as_ref();
        ins.execute(params![
            doc_row,
            e.sentence,
            event_row_placeholder_cluster,
            e.cameo.as_str(),
            root,
            e.quad,
            goldstein,
            e.plover,
            e.mode,
            e.source.actor.code,
            e.source.actor.country,
            sectors(&e.source),
            e.source.text,
            e.source.span.start,
            e.source.span.end,
            t.map(|t| t.actor.code.as_str()),
            t.and_then(|t| t.actor.country.as_deref()),
            t.map(sectors),
            t.map(|t| t.text.as_str()),
            t.map(|t| t.span.start),
            t.map(|t| t.span.end),
            e.verb_span.start,
            e.verb_span.end,
            e.date.as_ref().map(|d| d.date.to_string()),
            day,
            prec,
            e.date.as_ref().map(|d| d.how.as_str()),
            pl.map(|p| p.name.as_str()),
            pl.and_then(|p| p.country.as_deref()),
            pl.and_then(|p| p.admin1.as_deref()),
            pl.map(|p| p.lat),
            pl.map(|p| p.lon),
            pl.map(|p| p.how.as_str()),
            e.rule
        ])?;
        tx.last_insert_rowid()
    };
    stats.events += 1;

    match best {
        None => {
            let pl = e.place.as_ref();
            let mut ins = tx.prepare_cached(
                "INSERT INTO clusters(source, source_country, target, target_country, root, cameo, quad, goldstein, plover, mode,
                   day, precision, place_name, place_country, place_admin1, lat, lon,
                   num_mentions, num_articles, num_sources, first_event, lead, added)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, 1, 1, 1, ?18, ?19, ?20)",
            )?;
            ins.execute(params![
                e.source.actor.code,
                e.source.actor.country,
                target,
                target_country,
                root,
                e.cameo.as_str(),
                e.quad,
                goldstein,
                e.plover,
                e.mode,
                day,
                prec,
                pl.map(|p| p.name.as_str()),
                pl.and_then(|p| p.country.as_deref()),
                pl.and_then(|p| p.admin1.as_deref()),
                pl.map(|p| p.lat),
                pl.map(|p| p.lon),
                event_row,
                lead,
                added
            ])?;
            let cid = tx.last_insert_rowid();
            tx.prepare_cached("UPDATE events SET cluster = ?1 WHERE id = ?2")?.execute(params![cid, event_row])?;
            tx.prepare_cached("INSERT INTO cluster_sources(cluster, source) VALUES (?1, ?2)")?.execute(params![cid, source])?;
            if let Some(dn) = day {
                agg_apply(
                    tx,
                    &AggRow {
                        source: &e.source.actor.code,
                        source_country: e.source.actor.country.as_deref(),
                        target,
                        target_country,
                        day: dn,
                        quad: e.quad as i64,
                        goldstein,
                    },
                    1,
                )?;
            }
            stats.new_clusters += 1;
        }
        Some(c) => {
            // Counters. The report row is already inserted: a document is new to the cluster when
            // this report is its only one.
            let same_doc: i64 = tx
                .prepare_cached("SELECT count(*) FROM events WHERE cluster = ?1 AND doc = ?2")?
                .query_row(params![c.id, doc_row], |r| r.get(0))?;
            let new_source = tx.prepare_cached("INSERT OR IGNORE INTO cluster_sources(cluster, source) VALUES (?1, ?2)")?.execute(params![c.id, source])?;
            tx.prepare_cached(
                "UPDATE clusters SET num_mentions = num_mentions + 1, num_articles = num_articles + ?2,
                   num_sources = num_sources + ?3, lead = max(lead, ?4) WHERE id = ?1",
            )?
            .execute(params![c.id, (same_doc == 1) as i64, new_source as i64, lead])?;
            // A place from the first report that has one.
            if let Some(pl) = &e.place {
                tx.prepare_cached(
                    "UPDATE clusters SET place_name = ?2, place_country = ?3, place_admin1 = ?4, lat = ?5, lon = ?6
                     WHERE id = ?1 AND place_name IS NULL",
                )?
                .execute(params![c.id, pl.name, pl.country, pl.admin1, pl.lat, pl.lon])?;
            }
            // A more precise date moves the cluster (and its aggregates).
            if let (Some(p), Some(dn)) = (prec, day) {
                if p < c.precision {
                    let row = tx
                        .prepare_cached("SELECT source, source_country, target, target_country, quad, goldstein FROM clusters WHERE id = ?1")?
                        .query_row(params![c.id], |r| {
                            Ok((r.get::<_, String>(0)?, r.get::<_, Option<String>>(1)?, r.get::<_, String>(2)?, r.get::<_, Option<String>>(3)?, r.get::<_, i64>(4)?, r.get::<_, f64>(5)?))
                        })?;
                    let mut agg = AggRow {
                        source: &row.0,
                        source_country: row.1.as_deref(),
                        target: &row.2,
                        target_country: row.3.as_deref(),
                        day: c.day,
                        quad: row.4,
                        goldstein: row.5,
                    };
                    agg_apply(tx, &agg, -1)?;
                    agg.day = dn;
                    agg_apply(tx, &agg, 1)?;
                    tx.prepare_cached("UPDATE clusters SET day = ?2, precision = ?3 WHERE id = ?1")?.execute(params![c.id, dn, p])?;
                }
            }
            stats.merged += 1;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn ranges() {
        let x = d("2024-03-13"); // a Wednesday
        let n = day_number(x);
        assert_eq!(match_range(x, 0, 0), (n - 1, n + 1));
        assert_eq!(match_range(x, 0, 1), (n - 6, n));
        assert_eq!(match_range(x, 1, 0), (n, n + 6));
        assert_eq!(match_range(x, 1, 1), (n - 6, n + 6));
        assert_eq!(match_range(x, 0, 2), (day_number(d("2024-03-01")), day_number(d("2024-03-31"))));
        assert_eq!(match_range(d("2024-12-05"), 2, 0), (day_number(d("2024-12-01")), day_number(d("2024-12-31"))));
        assert_eq!(match_range(x, 3, 1), (day_number(d("2024-01-01")), day_number(d("2024-12-31"))));
    }

    #[test]
    fn keys() {
        assert_eq!(side_keys("RUSGOV", Some("RUS")), vec!["RUSGOV", "RUS"]);
        assert_eq!(side_keys("RUS", Some("RUS")), vec!["RUS"]);
        assert_eq!(side_keys("IGOUNO", None), vec!["IGOUNO"]);
        assert!(side_keys("", None).is_empty());
    }
}

/// An already-deduplicated event for [`Store::bulk_load`] (imports of other event data sets and
/// benchmarks: there is no text, so such events have no evidence).
#[derive(Debug, Clone)]
pub struct BulkEvent {
    pub source: String,
    pub source_country: Option<String>,
    pub target: String,
    pub target_country: Option<String>,
    pub cameo: String,
    pub quad: u8,
    pub goldstein: f64,
    pub plover: String,
    pub date: NaiveDate,
}

impl Store {
    /// Inserts already-deduplicated events as clusters (no reports, no deduplication) and
    /// maintains the aggregates, in one transaction. Aggregates are summed in memory (at most
    /// two million cells at a time) and written in key order.
    ///
    /// Into an empty store, the secondary indexes of `clusters` are dropped for the load and
    /// created again (by sorting) before the commit, which is several times faster than
    /// maintaining five random-order B-trees row by row; the transaction keeps this atomic.
    pub fn bulk_load(&mut self, events: impl IntoIterator<Item = BulkEvent>) -> Result<u64> {
        use std::collections::HashMap;
        let added = chrono::Utc::now().format("%Y%m%d%H%M%S").to_string();
        let tx = self.conn.transaction()?;
        let empty: bool = tx.query_row("SELECT NOT EXISTS (SELECT 1 FROM clusters)", [], |r| r.get(0))?;
        let mut indexes: Vec<(String, String)> = Vec::new();
        if empty {
            let mut st = tx.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'clusters' AND sql IS NOT NULL")?;
            indexes = st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<rusqlite::Result<_>>()?;
            for (name, _) in &indexes {
                tx.execute_batch(&format!("DROP INDEX \"{}\"", name.replace('"', "\"\"")))?;
            }
        }
        let mut n = 0u64;
        // Aggregates in memory over many days, actor keys interned; flushed sorted in the order
        // of the tables' primary keys (so the B-trees are written front to back, not at random)
        // whenever they hold FLUSH_CELLS cells, and at the end. Upserts, so cells split over two
        // flushes add up.
        const FLUSH_CELLS: usize = 2_000_000;
        type Cell = (i64, f64, f64);
        let mut names: Vec<String> = Vec::new();
        let mut ids: HashMap<String, u32> = HashMap::new();
        let mut total: HashMap<(i64, i64), Cell> = HashMap::new();
        let mut actor: HashMap<(u32, i64, i64), Cell> = HashMap::new();
        let mut dyad: HashMap<(u32, u32, i64, i64), Cell> = HashMap::new();
        let flush = |tx: &Transaction, names: &[String], total: &mut HashMap<(i64, i64), Cell>, actor: &mut HashMap<(u32, i64, i64), Cell>, dyad: &mut HashMap<(u32, u32, i64, i64), Cell>| -> Result<()> {
            // Rank of each interned key in string order (the tables' order).
            let mut order: Vec<u32> = (0..names.len() as u32).collect();
            order.sort_by(|&a, &b| names[a as usize].cmp(&names[b as usize]));
            let mut rank = vec![0u32; names.len()];
            for (r, &id) in order.iter().enumerate() {
                rank[id as usize] = r as u32;
            }
            let mut t = tx.prepare_cached(
                "INSERT INTO agg_total(day, quad, n, gsum, gabs) VALUES (?1, ?2, ?3, ?4, ?5)
                 ON CONFLICT(day, quad) DO UPDATE SET n = n + excluded.n, gsum = gsum + excluded.gsum, gabs = gabs + excluded.gabs",
            )?;
            let mut cells: Vec<_> = total.drain().collect();
            cells.sort_unstable_by_key(|c| c.0);
            for ((day, q), c) in cells {
                t.execute(params![day, q, c.0, c.1, c.2])?;
            }
            let mut a = tx.prepare_cached(
                "INSERT INTO agg_actor(key, day, quad, n, gsum, gabs) VALUES (?1, ?2, ?3, ?4, ?5, ?6)
                 ON CONFLICT(key, day, quad) DO UPDATE SET n = n + excluded.n, gsum = gsum + excluded.gsum, gabs = gabs + excluded.gabs",
            )?;
            let mut cells: Vec<_> = actor.drain().collect();
            cells.sort_unstable_by_key(|((k, d, q), _)| (rank[*k as usize], *d, *q));
            for ((k, day, q), c) in cells {
                a.execute(params![names[k as usize], day, q, c.0, c.1, c.2])?;
            }
            let mut d = tx.prepare_cached(
                "INSERT INTO agg_dyad(src, tgt, day, quad, n, gsum, gabs) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
                 ON CONFLICT(src, tgt, day, quad) DO UPDATE SET n = n + excluded.n, gsum = gsum + excluded.gsum, gabs = gabs + excluded.gabs",
            )?;
            let mut cells: Vec<_> = dyad.drain().collect();
            cells.sort_unstable_by_key(|((s, t, d, q), _)| (rank[*s as usize], rank[*t as usize], *d, *q));
            for ((s, t, day, q), c) in cells {
                d.execute(params![names[s as usize], names[t as usize], day, q, c.0, c.1, c.2])?;
            }
            Ok(())
        };
        fn intern(names: &mut Vec<String>, ids: &mut HashMap<String, u32>, k: &str) -> u32 {
            if let Some(&i) = ids.get(k) {
                return i;
            }
            names.push(k.to_string());
            ids.insert(k.to_string(), names.len() as u32 - 1);
            names.len() as u32 - 1
        }
        {
            let mut ins = tx.prepare_cached(
                "INSERT INTO clusters(source, source_country, target, target_country, root, cameo, quad, goldstein, plover, mode,
                   day, precision, num_mentions, num_articles, num_sources, first_event, lead, added)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, NULL, ?10, 0, 1, 1, 1, 0, 0, ?11)",
            )?;
            for e in events {
                let day = day_number(e.date);
                let root = e.cameo.get(..2).unwrap_or(&e.cameo);
                ins.execute(params![e.source, e.source_country, e.target, e.target_country, root, e.cameo, e.quad, e.goldstein, e.plover, day, added])?;
                let q = e.quad as i64;
                let add = |c: &mut Cell| {
                    c.0 += 1;
                    c.1 += e.goldstein;
                    c.2 += e.goldstein.abs();
                };
                add(total.entry((day, q)).or_default());
                let sk: Vec<u32> = side_keys(&e.source, e.source_country.as_deref()).into_iter().map(|k| intern(&mut names, &mut ids, k)).collect();
                let tk: Vec<u32> = side_keys(&e.target, e.target_country.as_deref()).into_iter().map(|k| intern(&mut names, &mut ids, k)).collect();
                let mut keys: Vec<u32> = sk.clone();
                for k in &tk {
                    if !keys.contains(k) {
                        keys.push(*k);
                    }
                }
                for k in keys {
                    add(actor.entry((k, day, q)).or_default());
                }
                for &a in &sk {
                    for &b in &tk {
                        add(dyad.entry((a, b, day, q)).or_default());
                    }
                }
                n += 1;
                if actor.len() + dyad.len() >= FLUSH_CELLS {
                    flush(&tx, &names, &mut total, &mut actor, &mut dyad)?;
                }
            }
        }
        flush(&tx, &names, &mut total, &mut actor, &mut dyad)?;
        for (_, sql) in &indexes {
            tx.execute_batch(sql)?;
        }
        tx.commit()?;
        Ok(n)
    }
}
