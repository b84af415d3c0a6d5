//! Queries for the dashboard (`dyad serve`): evidence spans, an actor's partners, event places,
//! the actor directory for search and the store's date range. Counts are over event clusters like
//! the rest of the query layer.

use crate::query::Filter;
use crate::{day_date, day_number, Result, Store};
use chrono::NaiveDate;
use rusqlite::types::Value;
use serde::Serialize;
use std::collections::HashMap;

/// Where the actors and the verb of an event's evidence sentence are, as byte offsets into the
/// sentence text (the stored spans are document offsets).
#[derive(Debug, Clone, Copy, Default, Serialize, PartialEq, Eq)]
pub struct EvidenceSpans {
    pub source: Option<(usize, usize)>,
    pub target: Option<(usize, usize)>,
    pub verb: Option<(usize, usize)>,
}

/// The evidence spans of the first report of each cluster in `ids`.
pub fn evidence_spans(store: &Store, ids: &[i64]) -> Result<HashMap<i64, EvidenceSpans>> {
    let mut out = HashMap::new();
    let mut st = store.conn.prepare_cached(
        "SELECT s.start, s.end, e.source_start, e.source_end, e.target_start, e.target_end, e.verb_start, e.verb_end
         FROM clusters c JOIN events e ON e.id = c.first_event JOIN sentences s ON s.doc = e.doc AND s.idx = e.sentence
         WHERE c.id = ?1",
    )?;
    for &id in ids {
        let mut rows = st.query([id])?;
        if let Some(r) = rows.next()? {
            let (ss, se): (i64, i64) = (r.get(0)?, r.get(1)?);
            let rel = |a: Option<i64>, b: Option<i64>| -> Option<(usize, usize)> {
                let (a, b) = (a?, b?);
                (a >= ss && b <= se && a < b).then(|| ((a - ss) as usize, (b - ss) as usize))
            };
            out.insert(
                id,
                EvidenceSpans {
                    source: rel(r.get(2)?, r.get(3)?),
                    target: rel(r.get(4)?, r.get(5)?),
                    verb: rel(r.get(6)?, r.get(7)?),
                },
            );
        }
    }
    Ok(out)
}

/// Condition over `clusters c` for the dates and event types of a filter (actor and dyad are the
/// caller's).
fn type_cond(f: &Filter, ps: &mut Vec<Value>) -> String {
    let mut conds = vec!["1".to_string()];
    if let Some(c) = &f.cameo {
        ps.push(Value::Text(c.clone()));
        conds.push(format!("substr(c.cameo, 1, length(?{n})) = ?{n}", n = ps.len()));
    }
    if let Some(p) = &f.plover {
        ps.push(Value::Text(p.to_uppercase()));
        conds.push(format!("upper(c.plover) = ?{}", ps.len()));
    }
    if let Some(q) = f.quad {
        ps.push(Value::Integer(q as i64));
        conds.push(format!("c.quad = ?{}", ps.len()));
    }
    if let Some(d) = f.from {
        ps.push(Value::Integer(day_number(d)));
        conds.push(format!("c.day >= ?{}", ps.len()));
    }
    if let Some(d) = f.to {
        ps.push(Value::Integer(day_number(d)));
        conds.push(format!("c.day <= ?{}", ps.len()));
    }
    if let Some(pc) = &f.place_country {
        ps.push(Value::Text(pc.clone()));
        conds.push(format!("c.place_country = ?{}", ps.len()));
    }
    if f.undated {
        conds.push("c.day IS NULL".into());
    }
    if f.no_bare {
        conds.push(format!("NOT {}", crate::query::BARE_SQL));
    }
    conds.join(" AND ")
}

/// One partner of an actor: the clusters between them (either direction) by QuadClass.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct PartnerRow {
    /// The partner: its country when it has one, else its actor code.
    pub key: String,
    pub q1: i64,
    pub q2: i64,
    pub q3: i64,
    pub q4: i64,
    pub events: i64,
    pub mean_goldstein: f64,
}

/// The partners of `actor` (matched like [`Filter::actor`]) among the events matching the dates
/// and types of `f`, busiest first. A partner is grouped by country (its code when it has none);
/// events of the actor with itself or without a target are left out.
pub fn partners(store: &Store, actor: &str, f: &Filter, limit: usize) -> Result<Vec<PartnerRow>> {
    let mut ps = vec![Value::Text(actor.to_string())];
    let tc = type_cond(f, &mut ps);
    let other_t = "coalesce(nullif(c.target_country, ''), c.target)";
    let other_s = "coalesce(nullif(c.source_country, ''), c.source)";
    let sql = format!(
        "SELECT k, sum(quad = 1), sum(quad = 2), sum(quad = 3), sum(quad = 4), count(*), avg(g) FROM (
           SELECT {other_t} AS k, c.quad AS quad, c.goldstein AS g FROM clusters c
             WHERE (c.source = ?1 OR c.source_country = ?1) AND c.target <> '' AND {tc}
           UNION ALL
           SELECT {other_s}, c.quad, c.goldstein FROM clusters c
             WHERE (c.target = ?1 OR c.target_country = ?1) AND NOT (c.source = ?1 OR coalesce(c.source_country, '') = ?1) AND {tc}
         ) WHERE k <> ?1 GROUP BY k ORDER BY count(*) DESC, k LIMIT {}",
        if limit == 0 { i64::MAX } else { limit as i64 }
    );
    let mut st = store.conn.prepare(&sql)?;
    let rows = st.query_map(rusqlite::params_from_iter(ps), |r| {
        Ok(PartnerRow { key: r.get(0)?, q1: r.get(1)?, q2: r.get(2)?, q3: r.get(3)?, q4: r.get(4)?, events: r.get(5)?, mean_goldstein: r.get(6)? })
    })?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

/// Events at one place (the clusters with coordinates, grouped by place).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct PlaceRow {
    pub name: String,
    pub country: Option<String>,
    pub lat: f64,
    pub lon: f64,
    pub events: i64,
    pub mean_goldstein: f64,
}

/// The places of the events of `actor` (either side; None: all events) matching the dates and
/// types of `f`, busiest first.
pub fn places(store: &Store, actor: Option<&str>, f: &Filter, limit: usize) -> Result<Vec<PlaceRow>> {
    let mut ps = Vec::new();
    let mut cond = String::from("c.lat IS NOT NULL AND c.lon IS NOT NULL");
    if let Some(a) = actor {
        ps.push(Value::Text(a.to_string()));
        cond.push_str(" AND (c.source = ?1 OR c.source_country = ?1 OR c.target = ?1 OR c.target_country = ?1)");
    }
    let tc = type_cond(f, &mut ps);
    let sql = format!(
        "SELECT coalesce(c.place_name, ''), c.place_country, round(c.lat, 2), round(c.lon, 2), count(*), avg(c.goldstein)
         FROM clusters c WHERE {cond} AND {tc} GROUP BY 1, 2, 3, 4 ORDER BY count(*) DESC, 1 LIMIT {}",
        if limit == 0 { i64::MAX } else { limit as i64 }
    );
    let mut st = store.conn.prepare(&sql)?;
    let rows = st.query_map(rusqlite::params_from_iter(ps), |r| {
        Ok(PlaceRow { name: r.get(0)?, country: r.get(1)?, lat: r.get(2)?, lon: r.get(3)?, events: r.get(4)?, mean_goldstein: r.get(5)? })
    })?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

/// An actor code of the store, with the names it was mentioned by.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ActorEntry {
    pub code: String,
    pub country: Option<String>,
    /// Mention texts, most frequent first (at most 8).
    pub names: Vec<String>,
    /// Event clusters with this code on either side.
    pub events: i64,
}

/// Every actor code on a side of an event, with its mention names (for search), busiest first.
pub fn actor_directory(store: &Store) -> Result<Vec<ActorEntry>> {
    let mut by_code: HashMap<String, ActorEntry> = HashMap::new();
    {
        let mut st = store.conn.prepare(
            "SELECT code, max(country), sum(n) FROM (
               SELECT source AS code, source_country AS country, count(*) AS n FROM clusters GROUP BY source
               UNION ALL SELECT target, target_country, count(*) FROM clusters WHERE target <> '' GROUP BY target
             ) GROUP BY code",
        )?;
        let mut rows = st.query([])?;
        while let Some(r) = rows.next()? {
            let code: String = r.get(0)?;
            by_code.insert(code.clone(), ActorEntry { code, country: r.get(1)?, names: Vec::new(), events: r.get(2)? });
        }
    }
    let mut names: HashMap<String, Vec<(i64, String)>> = HashMap::new();
    {
        let mut st = store.conn.prepare("SELECT code, text, count(*) FROM mentions GROUP BY code, lower(text)")?;
        let mut rows = st.query([])?;
        while let Some(r) = rows.next()? {
            let code: String = r.get(0)?;
            if by_code.contains_key(&code) {
                names.entry(code).or_default().push((r.get(2)?, r.get(1)?));
            }
        }
    }
    for (code, mut v) in names {
        v.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
        if let Some(e) = by_code.get_mut(&code) {
            e.names = v.into_iter().take(8).map(|(_, t)| t).collect();
        }
    }
    let mut out: Vec<ActorEntry> = by_code.into_values().collect();
    out.sort_by(|a, b| b.events.cmp(&a.events).then_with(|| a.code.cmp(&b.code)));
    Ok(out)
}

/// The first and last day with dated events (from the per-day aggregate).
pub fn date_range(store: &Store) -> Result<Option<(NaiveDate, NaiveDate)>> {
    let (lo, hi): (Option<i64>, Option<i64>) = store.conn.query_row("SELECT min(day), max(day) FROM agg_total WHERE n <> 0", [], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(match (lo, hi) {
        (Some(a), Some(b)) => Some((day_date(a), day_date(b))),
        _ => None,
    })
}

/// A cheap fingerprint of the store's content (changes when documents are ingested).
pub fn generation(store: &Store) -> Result<(i64, i64)> {
    Ok(store.conn.query_row("SELECT coalesce(max(id), 0), (SELECT coalesce(max(id), 0) FROM clusters) FROM documents", [], |r| Ok((r.get(0)?, r.get(1)?)))?)
}

/// The events (clusters) with these ids, with the evidence of their first report, in the order
/// of `ids` (ids that do not exist are left out).
pub fn events_by_id(store: &Store, ids: &[i64]) -> Result<Vec<crate::query::EventRow>> {
    let mut st = store.conn.prepare_cached(&format!(
        "SELECT {} FROM {} WHERE c.id = ?1",
        crate::query::EVENT_COLUMNS,
        store.first_reports()
    ))?;
    let mut out = Vec::with_capacity(ids.len());
    for &id in ids {
        let mut rows = st.query([id])?;
        if let Some(r) = rows.next()? {
            out.push(crate::query::event_row(r)?);
        }
    }
    Ok(out)
}

/// The most frequent mention texts of an actor code among its latest `sample` mentions (through
/// the `mentions(code)` index), at most `n`.
pub fn actor_names(store: &Store, code: &str, sample: usize, n: usize) -> Result<Vec<String>> {
    let mut st = store.conn.prepare_cached(
        "SELECT min(text), count(*) FROM (SELECT text FROM mentions WHERE code = ?1 ORDER BY id DESC LIMIT ?2)
         GROUP BY lower(text) ORDER BY count(*) DESC, 1 LIMIT ?3",
    )?;
    let rows = st.query_map(rusqlite::params![code, sample as i64, n as i64], |r| r.get::<_, String>(0))?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

/// Whether any event has `code` as a side's actor code or country (the query layer's actor
/// matching).
pub fn actor_known(store: &Store, code: &str) -> Result<bool> {
    Ok(store.conn.prepare_cached(
        "SELECT EXISTS (SELECT 1 FROM clusters WHERE source = ?1) OR EXISTS (SELECT 1 FROM clusters WHERE target = ?1)
           OR EXISTS (SELECT 1 FROM clusters WHERE source_country = ?1) OR EXISTS (SELECT 1 FROM clusters WHERE target_country = ?1)",
    )?
    .query_row([code], |r| r.get(0))?)
}

/// Up to `n` actor codes of the store close to `query` (for "unknown actor" messages): countries
/// whose name contains it ("russia" → RUS), codes it begins or that begin with it (RUSGO →
/// RUSGOV), then codes at most two edits away (RSU → RUS); closest first.
pub fn close_actors(store: &Store, query: &str, n: usize) -> Result<Vec<String>> {
    let q = query.trim().to_uppercase();
    let ql = q.to_lowercase();
    let mut st = store.conn.prepare(
        "SELECT source FROM clusters UNION SELECT target FROM clusters UNION SELECT source_country FROM clusters UNION SELECT target_country FROM clusters",
    )?;
    let codes: Vec<String> = st.query_map([], |r| r.get::<_, Option<String>>(0))?.filter_map(|r| r.ok().flatten()).filter(|c| !c.is_empty()).collect();
    let gaz = dyad_geo::Gazetteer::builtin();
    let mut scored: Vec<(u8, usize, String)> = Vec::new();
    for c in codes {
        let named = ql.len() >= 3 && c.len() == 3 && gaz.country(&c).is_some_and(|i| i.name.to_lowercase().contains(&ql));
        let d = edit_distance(&q, &c);
        let score = if named {
            0
        } else if q.len() >= 2 && (c.starts_with(&q) || q.starts_with(&c)) {
            1
        } else if d <= 2 && d < q.len().max(c.len()) {
            2
        } else {
            continue;
        };
        scored.push((score, d, c));
    }
    scored.sort();
    Ok(scored.into_iter().take(n).map(|(_, _, c)| c).collect())
}

/// Levenshtein distance over chars.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for j in 0..b.len() {
            let cur = row[j + 1];
            row[j + 1] = (prev + (ca != b[j]) as usize).min(row[j] + 1).min(cur + 1);
            prev = cur;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    #[test]
    fn edit_distances() {
        assert_eq!(super::edit_distance("RUS", "RUS"), 0);
        assert_eq!(super::edit_distance("RSU", "RUS"), 2);
        assert_eq!(super::edit_distance("RUSGO", "RUSGOV"), 1);
        assert_eq!(super::edit_distance("", "ABC"), 3);
    }
}
