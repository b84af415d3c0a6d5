//! The database schema.

use crate::{Error, Result};
use rusqlite::Connection;

/// The schema version this crate writes (`PRAGMA user_version`). Version history: 1, the first;
/// 2, `documents.date_source` (where the publication date came from); 3, the `coders` table and
/// `documents.coder` (which dyad and lexicons coded a document; NULL for documents stored before
/// version 3: unknown).
pub const SCHEMA_VERSION: i64 = 3;

/// The oldest version this crate reads without changing it ([`check`]): version 2 lacks only the
/// coders, whose columns read as NULL (unknown).
pub const OLDEST_READABLE: i64 = 2;

/// Version 2 → 3: additive (a table and a column that old rows leave NULL), so it runs whenever a
/// version 2 store is opened for writing; nothing is rewritten or lost.
const CODERS: &str = "
CREATE TABLE IF NOT EXISTS coders (
    id           INTEGER PRIMARY KEY,
    dyad_version TEXT NOT NULL,         -- dyad's version (the event table's dyad_version)
    coder_id     TEXT NOT NULL,         -- hash of the lexicons and model (the event table's coder_id)
    UNIQUE (dyad_version, coder_id)
);
ALTER TABLE documents ADD COLUMN coder INTEGER; -- coders.id; NULL: stored before schema version 3 (unknown)
";

const SCHEMA: &str = r#"
CREATE TABLE IF NOT EXISTS documents (
    id          INTEGER PRIMARY KEY,
    ext_id      TEXT NOT NULL,          -- the input's identifier (Document::id)
    url         TEXT UNIQUE,
    hash        BLOB NOT NULL UNIQUE,   -- 128-bit FNV-1a of the normalised text
    title       TEXT,
    date        TEXT,                   -- publication date, YYYY-MM-DD
    date_source TEXT,                   -- where it came from: input, metadata, dateline, text, feed, crawl
    site        TEXT,
    source      TEXT NOT NULL,          -- host of the URL (without www.) or site: for num_sources
    lang        TEXT,
    text        TEXT NOT NULL,
    n_sentences INTEGER NOT NULL,
    n_events    INTEGER NOT NULL,
    added       TEXT NOT NULL           -- ingest time, UTC, YYYYMMDDHHMMSS
);

CREATE TABLE IF NOT EXISTS sentences (
    doc   INTEGER NOT NULL,
    idx   INTEGER NOT NULL,
    start INTEGER NOT NULL,
    end   INTEGER NOT NULL,
    text  TEXT NOT NULL,
    PRIMARY KEY (doc, idx)
) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS mentions (
    id       INTEGER PRIMARY KEY,
    doc      INTEGER NOT NULL,
    sentence INTEGER NOT NULL,
    start    INTEGER NOT NULL,
    end      INTEGER NOT NULL,
    text     TEXT NOT NULL,
    code     TEXT NOT NULL,
    country  TEXT,
    sectors  TEXT NOT NULL,             -- comma-separated
    kind     TEXT NOT NULL,
    rule     TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS mentions_doc ON mentions(doc);
CREATE INDEX IF NOT EXISTS mentions_code ON mentions(code);

-- One row per deduplicated event.
CREATE TABLE IF NOT EXISTS clusters (
    id             INTEGER PRIMARY KEY,
    source         TEXT NOT NULL,
    source_country TEXT,
    target         TEXT NOT NULL,       -- '' when the event has no target
    target_country TEXT,
    root           TEXT NOT NULL,
    cameo          TEXT NOT NULL,
    quad           INTEGER NOT NULL,
    goldstein      REAL NOT NULL,
    plover         TEXT NOT NULL,
    mode           TEXT,
    day            INTEGER,             -- days from the common era (NULL: undated)
    precision      INTEGER,             -- 0 day, 1 week, 2 month, 3 year
    place_name     TEXT,
    place_country  TEXT,
    place_admin1   TEXT,
    lat            REAL,
    lon            REAL,
    num_mentions   INTEGER NOT NULL,
    num_articles   INTEGER NOT NULL,
    num_sources    INTEGER NOT NULL,
    first_event    INTEGER NOT NULL,    -- the first report (evidence)
    lead           INTEGER NOT NULL,    -- 1 when a report is the first sentence of its document
    added          TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS clusters_dedup ON clusters(source, target, root, precision, day);
CREATE INDEX IF NOT EXISTS clusters_day ON clusters(day);
CREATE INDEX IF NOT EXISTS clusters_scountry ON clusters(source_country, day);
CREATE INDEX IF NOT EXISTS clusters_target ON clusters(target, day);
CREATE INDEX IF NOT EXISTS clusters_tcountry ON clusters(target_country, day);

CREATE TABLE IF NOT EXISTS cluster_sources (
    cluster INTEGER NOT NULL,
    source  TEXT NOT NULL,
    PRIMARY KEY (cluster, source)
) WITHOUT ROWID;

-- One row per report: every coded event of every document.
CREATE TABLE IF NOT EXISTS events (
    id             INTEGER PRIMARY KEY,
    doc            INTEGER NOT NULL,
    sentence       INTEGER NOT NULL,
    cluster        INTEGER NOT NULL,
    cameo          TEXT NOT NULL,
    root           TEXT NOT NULL,
    quad           INTEGER NOT NULL,
    goldstein      REAL NOT NULL,
    plover         TEXT NOT NULL,
    mode           TEXT,
    source         TEXT NOT NULL,
    source_country TEXT,
    source_sectors TEXT NOT NULL,
    source_text    TEXT NOT NULL,
    source_start   INTEGER NOT NULL,
    source_end     INTEGER NOT NULL,
    target         TEXT,
    target_country TEXT,
    target_sectors TEXT,
    target_text    TEXT,
    target_start   INTEGER,
    target_end     INTEGER,
    verb_start     INTEGER NOT NULL,
    verb_end       INTEGER NOT NULL,
    date           TEXT,
    day            INTEGER,
    precision      INTEGER,
    date_how       TEXT,
    place_name     TEXT,
    place_country  TEXT,
    place_admin1   TEXT,
    lat            REAL,
    lon            REAL,
    place_how      TEXT,
    rule           TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS events_cluster ON events(cluster, doc);
CREATE INDEX IF NOT EXISTS events_doc ON events(doc);

-- Per-day pre-aggregates over clusters, maintained at ingest (for series).
-- An actor key is a side's actor code or its country.
CREATE TABLE IF NOT EXISTS agg_actor (
    key  TEXT NOT NULL,
    day  INTEGER NOT NULL,
    quad INTEGER NOT NULL,
    n    INTEGER NOT NULL,
    gsum REAL NOT NULL,
    gabs REAL NOT NULL,
    PRIMARY KEY (key, day, quad)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS agg_dyad (
    src  TEXT NOT NULL,
    tgt  TEXT NOT NULL,
    day  INTEGER NOT NULL,
    quad INTEGER NOT NULL,
    n    INTEGER NOT NULL,
    gsum REAL NOT NULL,
    gabs REAL NOT NULL,
    PRIMARY KEY (src, tgt, day, quad)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS agg_total (
    day  INTEGER NOT NULL,
    quad INTEGER NOT NULL,
    n    INTEGER NOT NULL,
    gsum REAL NOT NULL,
    gabs REAL NOT NULL,
    PRIMARY KEY (day, quad)
) WITHOUT ROWID;
"#;

/// Creates the schema in an empty database, or brings a version 2 store to the current version
/// (additive, see [`CODERS`]); refuses other versions (version 1 needs `dyad recode`, see
/// [`upgrade`]).
pub(crate) fn create(conn: &Connection) -> Result<()> {
    let v = version(conn)?;
    match v {
        0 => Ok(conn.execute_batch(&format!("BEGIN; {SCHEMA} {CODERS} PRAGMA user_version = {SCHEMA_VERSION}; COMMIT;"))?),
        2 => step(conn, CODERS),
        SCHEMA_VERSION => Ok(()),
        _ => Err(Error::Version { found: v, expected: SCHEMA_VERSION }),
    }
}

fn version(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row("PRAGMA user_version", [], |r| r.get(0))?)
}

/// Runs one migration step and sets the current version, in one transaction.
fn step(conn: &Connection, sql: &str) -> Result<()> {
    Ok(conn.execute_batch(&format!("BEGIN; {sql} PRAGMA user_version = {SCHEMA_VERSION}; COMMIT;"))?)
}

/// Brings an older database to [`SCHEMA_VERSION`] (one transaction): the version it had, or `None`
/// when it was current. A newer database is refused.
pub(crate) fn upgrade(conn: &Connection) -> Result<Option<i64>> {
    let v = version(conn)?;
    match v {
        SCHEMA_VERSION => Ok(None),
        0 => create(conn).map(|_| None),
        1 => step(conn, &format!("ALTER TABLE documents ADD COLUMN date_source TEXT; {CODERS}")).map(|_| Some(1)),
        2 => step(conn, CODERS).map(|_| Some(2)),
        _ => Err(Error::Version { found: v, expected: SCHEMA_VERSION }),
    }
}

/// Checks that a store opened read-only can be read; returns its version (at least
/// [`OLDEST_READABLE`]).
pub(crate) fn check(conn: &Connection) -> Result<i64> {
    let v = version(conn)?;
    if !(OLDEST_READABLE..=SCHEMA_VERSION).contains(&v) {
        return Err(Error::Version { found: v, expected: SCHEMA_VERSION });
    }
    Ok(v)
}
