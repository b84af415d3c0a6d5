//! dyad's event table: the one tabular form of a coded event, for every output that is a table.
//!
//! This crate owns:
//!
//! * [`EventOut`], the documented event record (docs/event-schema.md) built from a
//!   [`dyad_model::Document`] and one of its [`dyad_model::Event`]s. `dyad code --format jsonl`
//!   serialises it as JSON, the Python package gives it as a dict;
//! * the Arrow schema of an event row ([`schema`]), defined once in [`columns!`] beside the
//!   expression that fills each column from an [`EventOut`]: the same record flattened (`source`
//!   becomes `source_code`, `source_country`, ...; spans become `*_start`/`*_end`), plus the
//!   store's cluster counters (null when the row does not come from a store) and the provenance
//!   columns `dyad_version` and `coder_id`. A unit test fails when a JSON field has no column, so a
//!   field added to the event reaches every table;
//! * [`Rows`]: Arrow record batches of events (the Python package hands them to pyarrow through the
//!   Arrow C data interface); [`write_parquet`]: one Parquet file (`dyad export --format
//!   parquet`); [`ParquetStream`]: one Parquet file written as rows arrive (the dashboard's
//!   downloads); [`Dataset`]: a hive-partitioned Parquet dataset (`year=/month=` of the event date,
//!   undated events under `year=__HIVE_DEFAULT_PARTITION__`, files of bounded size; `dyad code
//!   --format parquet -o DIR`), readable as it is by Spark, DuckDB, polars and pyarrow.

mod dataset;

pub use arrow_array::RecordBatch;
pub use dataset::{Dataset, DatasetOptions, DatasetSummary, UNDATED_PARTITION};

use arrow_array::builder::{Date32Builder, Float64Builder, Int32Builder, Int64Builder, ListBuilder, StringBuilder};
use arrow_array::ArrayRef;
use arrow_schema::{DataType, Field, Schema, SchemaRef};
use dyad_model::{Document, Event, Participant, Place, Precision};
use serde::Serialize;
use std::sync::{Arc, OnceLock};

/// Errors of the table writers.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{0}")]
    Io(#[from] std::io::Error),
    #[error("parquet: {0}")]
    Parquet(#[from] parquet::errors::ParquetError),
    #[error("arrow: {0}")]
    Arrow(#[from] arrow_schema::ArrowError),
    #[error("{0}")]
    Invalid(String),
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// One side of an event as the event record gives it.
#[derive(Serialize, Debug, Clone, PartialEq)]
pub struct ActorOut<'a> {
    pub text: &'a str,
    pub code: &'a str,
    pub country: Option<&'a str>,
    pub sectors: &'a [String],
    pub span: [u32; 2],
}

impl<'a> From<&'a Participant> for ActorOut<'a> {
    fn from(p: &'a Participant) -> Self {
        ActorOut { text: &p.text, code: &p.actor.code, country: p.actor.country.as_deref(), sectors: &p.actor.sectors, span: [p.span.start, p.span.end] }
    }
}

/// One event with its evidence: the documented event record (docs/event-schema.md). Fields are
/// only added, never renamed or removed; a field added here needs its column in [`columns!`]
/// (a test says so).
#[derive(Serialize, Debug, Clone, PartialEq)]
pub struct EventOut<'a> {
    pub doc: &'a str,
    pub sentence: u32,
    pub span: [u32; 2],
    pub text: &'a str,
    pub date: Option<String>,
    pub date_precision: Option<Precision>,
    pub date_source: Option<&'a str>,
    /// The document's publication date and where it came from (`input`, `metadata`, `dateline`,
    /// `text`, `feed`, `crawl`); null for an undated document.
    pub doc_date: Option<String>,
    pub doc_date_source: Option<&'static str>,
    pub source: ActorOut<'a>,
    pub target: Option<ActorOut<'a>>,
    pub cameo: &'a str,
    pub root: &'a str,
    pub quad: u8,
    pub goldstein: f32,
    pub plover: Option<&'a str>,
    pub mode: Option<&'a str>,
    pub verb: &'a str,
    pub verb_span: [u32; 2],
    pub place: Option<&'a Place>,
    pub url: Option<&'a str>,
    pub rule: &'a str,
}

impl<'a> EventOut<'a> {
    /// The record of event `e` of `doc` (`e.sentence` must be a sentence of `doc`, as the coder
    /// guarantees).
    pub fn new(doc: &'a Document, e: &'a Event) -> Self {
        let span = doc.sentences.get(e.sentence as usize).map(|s| s.span).unwrap_or_default();
        EventOut {
            doc: &doc.id,
            sentence: e.sentence,
            span: [span.start, span.end],
            text: doc.slice(span),
            date: e.date.as_ref().map(|d| d.date.to_string()),
            date_precision: e.date.as_ref().map(|d| d.precision),
            date_source: e.date.as_ref().map(|d| d.how.as_str()),
            doc_date: doc.date.map(|d| d.to_string()),
            doc_date_source: doc.date.and(doc.date_source).map(|s| s.as_str()),
            source: (&e.source).into(),
            target: e.target.as_ref().map(Into::into),
            cameo: &e.cameo,
            root: e.root(),
            quad: e.quad,
            goldstein: e.goldstein,
            plover: if e.plover.is_empty() { None } else { Some(&e.plover) },
            mode: e.mode.as_deref(),
            verb: doc.slice(e.verb_span),
            verb_span: [e.verb_span.start, e.verb_span.end],
            place: e.place.as_ref(),
            url: doc.url.as_deref(),
            rule: &e.rule,
        }
    }
}

/// Which dyad coded a row: its version and an id of the lexicons and model it coded with
/// (`dyad_engine`'s coder id), so that data coded by different releases can be told apart.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Provenance {
    pub dyad_version: String,
    pub coder_id: String,
}

/// The event cluster a row stands for, when it comes from a store (`dyad export`): the store's
/// cluster id and counters (docs in crates/store). Rows coded directly have none.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Cluster {
    pub id: i64,
    pub num_mentions: i64,
    pub num_articles: i64,
    pub num_sources: i64,
}

/// A column's Arrow type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Utf8,
    Int32,
    Int64,
    Float64,
    /// Days since 1970-01-01.
    Date32,
    /// A list of strings.
    Utf8List,
}

impl Kind {
    fn data_type(self) -> DataType {
        match self {
            Kind::Utf8 => DataType::Utf8,
            Kind::Int32 => DataType::Int32,
            Kind::Int64 => DataType::Int64,
            Kind::Float64 => DataType::Float64,
            Kind::Date32 => DataType::Date32,
            Kind::Utf8List => DataType::List(Arc::new(Field::new("item", DataType::Utf8, true))),
        }
    }
}

/// One column of the event table: name, type, whether it may be null, what it holds.
#[derive(Debug, Clone, Copy)]
pub struct Column {
    pub name: &'static str,
    pub kind: Kind,
    pub nullable: bool,
    pub doc: &'static str,
}

/// One cell, before it goes into its column's builder.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell<'a> {
    Str(Option<&'a str>),
    Owned(Option<String>),
    I32(Option<i32>),
    I64(Option<i64>),
    F64(Option<f64>),
    Date(Option<i32>),
    List(Option<&'a [String]>),
}

/// Days since 1970-01-01 of a `YYYY-MM-DD` date.
pub fn epoch_days_of(date: &str) -> Option<i32> {
    let d = chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d").ok()?;
    Some((d - chrono::NaiveDate::from_ymd_opt(1970, 1, 1)?).num_days() as i32)
}

/// An `f32` as the `f64` of its shortest decimal form (3.4f32 → 3.4, not 3.4000000953…), so the
/// table holds what the JSON output prints.
fn decimal(x: f32) -> f64 {
    x.to_string().parse().unwrap_or(x as f64)
}

fn int(x: u32) -> Cell<'static> {
    Cell::I64(Some(x as i64))
}

/// The event table's columns, each with its type, nullability, meaning and value: the one place
/// that defines them. `$o` is the [`EventOut`], `$c` the optional [`Cluster`], `$p` the
/// [`Provenance`].
macro_rules! columns {
    ($o:ident, $c:ident, $p:ident; $($name:literal : $kind:ident, $null:literal, $doc:literal => $value:expr;)*) => {
        /// The columns of the event table, in order.
        pub const COLUMNS: &[Column] = &[$(Column { name: $name, kind: Kind::$kind, nullable: $null, doc: $doc }),*];

        /// The cells of one row, in the order of [`COLUMNS`].
        pub fn cells<'a>($o: &'a EventOut<'a>, $c: Option<&Cluster>, $p: Option<&'a Provenance>) -> Vec<Cell<'a>> {
            vec![$($value),*]
        }
    };
}

columns! { o, c, p;
    "doc": Utf8, false, "document id (the JSON-lines id, the canonical or target URL, or the file path)" => Cell::Str(Some(o.doc));
    "sentence": Int64, false, "index of the sentence in the document (0-based)" => int(o.sentence);
    "span_start": Int64, false, "byte offset of the sentence's start in the normalised text" => int(o.span[0]);
    "span_end": Int64, false, "byte offset of the sentence's end (exclusive)" => int(o.span[1]);
    "text": Utf8, false, "the sentence" => Cell::Str(Some(o.text));
    "date": Date32, true, "event date (first day of the period for week/month/year precision); null when undated" => Cell::Date(o.date.as_deref().and_then(epoch_days_of));
    "date_precision": Utf8, true, "day, week, month or year" => Cell::Str(o.date_precision.map(precision_name));
    "date_source": Utf8, true, "text: \"<expression>\" or publication date" => Cell::Str(o.date_source);
    "doc_date": Date32, true, "the document's publication date" => Cell::Date(o.doc_date.as_deref().and_then(epoch_days_of));
    "doc_date_source": Utf8, true, "input, metadata, dateline, text, feed or crawl" => Cell::Str(o.doc_date_source);
    "source_text": Utf8, false, "the source actor as written" => Cell::Str(Some(o.source.text));
    "source_code": Utf8, false, "CAMEO actor code of the source" => Cell::Str(Some(o.source.code));
    "source_country": Utf8, true, "ISO-3166 alpha-3 country of the source" => Cell::Str(o.source.country);
    "source_sectors": Utf8List, false, "CAMEO sector codes of the source" => Cell::List(Some(o.source.sectors));
    "source_start": Int64, false, "byte offset of the source mention" => int(o.source.span[0]);
    "source_end": Int64, false, "end of the source mention (exclusive)" => int(o.source.span[1]);
    "target_text": Utf8, true, "the target actor as written; null without target" => Cell::Str(o.target.as_ref().map(|t| t.text));
    "target_code": Utf8, true, "CAMEO actor code of the target" => Cell::Str(o.target.as_ref().map(|t| t.code));
    "target_country": Utf8, true, "ISO-3166 alpha-3 country of the target" => Cell::Str(o.target.as_ref().and_then(|t| t.country));
    "target_sectors": Utf8List, true, "CAMEO sector codes of the target" => Cell::List(o.target.as_ref().map(|t| t.sectors));
    "target_start": Int64, true, "byte offset of the target mention" => Cell::I64(o.target.as_ref().map(|t| t.span[0] as i64));
    "target_end": Int64, true, "end of the target mention (exclusive)" => Cell::I64(o.target.as_ref().map(|t| t.span[1] as i64));
    "cameo": Utf8, false, "CAMEO event code, 2-4 digits" => Cell::Str(Some(o.cameo));
    "root": Utf8, false, "two-digit CAMEO root" => Cell::Str(Some(o.root));
    "quad": Int32, false, "QuadClass 1-4" => Cell::I32(Some(o.quad as i32));
    "goldstein": Float64, false, "Goldstein score of the CAMEO code" => Cell::F64(Some(decimal(o.goldstein)));
    "plover": Utf8, true, "PLOVER 2.0 event type (null for CAMEO root 01)" => Cell::Str(o.plover);
    "mode": Utf8, true, "PLOVER mode" => Cell::Str(o.mode);
    "verb": Utf8, false, "the words that triggered the event" => Cell::Str(Some(o.verb));
    "verb_start": Int64, false, "byte offset of the verb" => int(o.verb_span[0]);
    "verb_end": Int64, false, "end of the verb (exclusive)" => int(o.verb_span[1]);
    "place_name": Utf8, true, "where the event happened" => Cell::Str(o.place.map(|x| x.name.as_str()));
    "place_country": Utf8, true, "ISO-3166 alpha-3 country of the place" => Cell::Str(o.place.and_then(|x| x.country.as_deref()));
    "place_admin1": Utf8, true, "first-level division of the place" => Cell::Str(o.place.and_then(|x| x.admin1.as_deref()));
    "place_lat": Float64, true, "latitude" => Cell::F64(o.place.map(|x| x.lat));
    "place_lon": Float64, true, "longitude" => Cell::F64(o.place.map(|x| x.lon));
    "place_how": Utf8, true, "how the place was chosen" => Cell::Str(o.place.map(|x| x.how.as_str()));
    "url": Utf8, true, "the document's URL" => Cell::Str(o.url);
    "rule": Utf8, false, "the lexicon entries (file:line) and assembly rules that produced the event" => Cell::Str(Some(o.rule));
    "cluster": Int64, true, "the store's event cluster id (dyad export); null when coded directly" => Cell::I64(c.map(|c| c.id));
    "num_mentions": Int64, true, "reports of the cluster (dyad export)" => Cell::I64(c.map(|c| c.num_mentions));
    "num_articles": Int64, true, "distinct documents reporting the cluster (dyad export)" => Cell::I64(c.map(|c| c.num_articles));
    "num_sources": Int64, true, "distinct sources reporting the cluster (dyad export)" => Cell::I64(c.map(|c| c.num_sources));
    "dyad_version": Utf8, true, "version of the dyad that coded the row (null in store exports: the store does not record it)" => Cell::Str(p.map(|p| p.dyad_version.as_str()));
    "coder_id": Utf8, true, "id (hash) of the lexicons and model that coded the row (null in store exports)" => Cell::Str(p.map(|p| p.coder_id.as_str()));
}

fn precision_name(p: Precision) -> &'static str {
    match p {
        Precision::Day => "day",
        Precision::Week => "week",
        Precision::Month => "month",
        Precision::Year => "year",
    }
}

/// The Arrow schema of the event table ([`COLUMNS`]); each field's metadata has its
/// `description`.
pub fn schema() -> SchemaRef {
    static SCHEMA: OnceLock<SchemaRef> = OnceLock::new();
    SCHEMA
        .get_or_init(|| {
            let fields: Vec<Field> = COLUMNS
                .iter()
                .map(|c| Field::new(c.name, c.kind.data_type(), c.nullable).with_metadata(std::collections::HashMap::from([("description".to_string(), c.doc.to_string())])))
                .collect();
            Arc::new(Schema::new(fields))
        })
        .clone()
}

/// The index of a column by name.
pub fn column_index(name: &str) -> Option<usize> {
    COLUMNS.iter().position(|c| c.name == name)
}

enum Builder {
    Str(StringBuilder),
    I32(Int32Builder),
    I64(Int64Builder),
    F64(Float64Builder),
    Date(Date32Builder),
    List(ListBuilder<StringBuilder>),
}

impl Builder {
    fn new(kind: Kind) -> Builder {
        match kind {
            Kind::Utf8 => Builder::Str(StringBuilder::new()),
            Kind::Int32 => Builder::I32(Int32Builder::new()),
            Kind::Int64 => Builder::I64(Int64Builder::new()),
            Kind::Float64 => Builder::F64(Float64Builder::new()),
            Kind::Date32 => Builder::Date(Date32Builder::new()),
            Kind::Utf8List => Builder::List(ListBuilder::new(StringBuilder::new())),
        }
    }

    fn push(&mut self, cell: Cell) {
        match (self, cell) {
            (Builder::Str(b), Cell::Str(v)) => b.append_option(v),
            (Builder::Str(b), Cell::Owned(v)) => b.append_option(v),
            (Builder::I32(b), Cell::I32(v)) => b.append_option(v),
            (Builder::I64(b), Cell::I64(v)) => b.append_option(v),
            (Builder::F64(b), Cell::F64(v)) => b.append_option(v),
            (Builder::Date(b), Cell::Date(v)) => b.append_option(v),
            (Builder::List(b), Cell::List(v)) => match v {
                Some(items) => {
                    for s in items {
                        b.values().append_value(s);
                    }
                    b.append(true);
                }
                None => b.append(false),
            },
            // COLUMNS and cells() come from one macro: a mismatch is a bug in this file, caught by
            // the tests; it writes a null rather than panicking on a user's data.
            (Builder::Str(b), _) => b.append_null(),
            (Builder::I32(b), _) => b.append_null(),
            (Builder::I64(b), _) => b.append_null(),
            (Builder::F64(b), _) => b.append_null(),
            (Builder::Date(b), _) => b.append_null(),
            (Builder::List(b), _) => b.append(false),
        }
    }

    fn finish(&mut self) -> ArrayRef {
        match self {
            Builder::Str(b) => Arc::new(b.finish()),
            Builder::I32(b) => Arc::new(b.finish()),
            Builder::I64(b) => Arc::new(b.finish()),
            Builder::F64(b) => Arc::new(b.finish()),
            Builder::Date(b) => Arc::new(b.finish()),
            Builder::List(b) => Arc::new(b.finish()),
        }
    }
}

/// Builds record batches of the event table, row by row.
pub struct Rows {
    builders: Vec<Builder>,
    len: usize,
}

impl Default for Rows {
    fn default() -> Self {
        Rows::new()
    }
}

impl Rows {
    pub fn new() -> Rows {
        Rows { builders: COLUMNS.iter().map(|c| Builder::new(c.kind)).collect(), len: 0 }
    }

    /// Adds one event.
    pub fn push(&mut self, o: &EventOut, cluster: Option<&Cluster>, p: Option<&Provenance>) {
        for (b, cell) in self.builders.iter_mut().zip(cells(o, cluster, p)) {
            b.push(cell);
        }
        self.len += 1;
    }

    /// Adds every event of a coded document.
    pub fn push_doc(&mut self, doc: &Document, p: &Provenance) {
        for e in &doc.events {
            self.push(&EventOut::new(doc, e), None, Some(p));
        }
    }

    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The rows so far as one batch; the builder starts again empty.
    pub fn finish(&mut self) -> Result<RecordBatch> {
        let arrays: Vec<ArrayRef> = self.builders.iter_mut().map(Builder::finish).collect();
        self.len = 0;
        Ok(RecordBatch::try_new(schema(), arrays)?)
    }
}

/// Parquet writer properties shared by every dyad Parquet file: Snappy pages, `created_by` naming
/// dyad, row groups of at most 100,000 events.
pub fn writer_properties() -> parquet::file::properties::WriterProperties {
    writer_properties_with(ROW_GROUP)
}

/// [`writer_properties`] with row groups of at most `group` events.
fn writer_properties_with(group: usize) -> parquet::file::properties::WriterProperties {
    parquet::file::properties::WriterProperties::builder()
        .set_compression(parquet::basic::Compression::SNAPPY)
        .set_max_row_group_row_count(Some(group.max(1)))
        .set_created_by(format!("dyad {}", env!("CARGO_PKG_VERSION")))
        .build()
}

/// One Parquet file of the event table written as its rows arrive, for a stream (the dashboard's
/// downloads): rows gather in [`ParquetStream::rows`], [`ParquetStream::write_rows`] encodes them
/// into the current row group, and a row group goes out every `group` rows. Memory holds the
/// rows not yet written and one row group, whatever the number of rows.
pub struct ParquetStream<W: std::io::Write + Send> {
    writer: parquet::arrow::ArrowWriter<W>,
    rows: Rows,
    n: u64,
}

impl<W: std::io::Write + Send> ParquetStream<W> {
    /// Starts the file (its magic number is written, and sent on by [`ParquetStream::flush`]).
    pub fn new(w: W, group: usize) -> Result<Self> {
        let writer = parquet::arrow::ArrowWriter::try_new(w, schema(), Some(writer_properties_with(group)))?;
        Ok(ParquetStream { writer, rows: Rows::new(), n: 0 })
    }

    /// Where rows are added.
    pub fn rows(&mut self) -> &mut Rows {
        &mut self.rows
    }

    /// Encodes the rows added so far (a row group closes and is written when full).
    pub fn write_rows(&mut self) -> Result<()> {
        if !self.rows.is_empty() {
            self.n += self.rows.len() as u64;
            let b = self.rows.finish()?;
            self.writer.write(&b)?;
        }
        Ok(())
    }

    /// Encodes the rows added so far and sends the bytes buffered on to the writer (the start of
    /// a stream: the magic number; closed row groups). The open row group stays in memory.
    pub fn flush(&mut self) -> Result<()> {
        self.write_rows()?;
        self.writer.sync()?;
        Ok(())
    }

    /// Writes the last row group and the footer; returns the number of rows.
    pub fn finish(mut self) -> Result<u64> {
        self.write_rows()?;
        self.writer.close()?;
        Ok(self.n)
    }
}

/// Events per Parquet row group.
pub const ROW_GROUP: usize = 100_000;

/// Writes batches to one Parquet file of the event schema; returns the number of rows.
pub fn write_parquet<W: std::io::Write + Send>(w: W, batches: impl IntoIterator<Item = Result<RecordBatch>>) -> Result<u64> {
    let mut writer = parquet::arrow::ArrowWriter::try_new(w, schema(), Some(writer_properties()))?;
    let mut n = 0u64;
    for b in batches {
        let b = b?;
        n += b.num_rows() as u64;
        writer.write(&b)?;
    }
    writer.close()?;
    Ok(n)
}

#[cfg(test)]
mod tests {
    use super::*;
    use dyad_model::{Actor, EventDate, Span};

    pub(crate) fn sample() -> (Document, Provenance) {
        let mut doc = Document::new("d1", "Russia condemned the United States on Monday.");
        doc.sentences.push(dyad_model::Sentence { span: Span::new(0, 46), tokens: 0..0, words: None });
        doc.date = chrono::NaiveDate::from_ymd_opt(2022, 9, 15);
        doc.date_source = Some(dyad_model::DateSource::Metadata);
        doc.url = Some("https://x.example/a".into());
        let part = |t: &str, s, e, code: &str| Participant {
            text: t.into(),
            span: Span::new(s, e),
            actor: Actor { code: code.into(), country: Some(code[..3].into()), sectors: vec!["GOV".into()] },
        };
        doc.events.push(Event {
            sentence: 0,
            source: part("Russia", 0, 6, "RUSGOV"),
            target: Some(part("the United States", 17, 34, "USAGOV")),
            cameo: dyad_model::CameoCode::lit("111"),
            goldstein: -2.0,
            quad: 3,
            plover: "ACCUSE".into(),
            mode: Some("disapprove".into()),
            verb_span: Span::new(7, 16),
            date: Some(EventDate { date: chrono::NaiveDate::from_ymd_opt(2022, 9, 12).unwrap(), precision: Precision::Day, how: "text: \"on Monday\"".into() }),
            place: Some(Place { name: "Moscow".into(), country: Some("RUS".into()), admin1: Some("Moscow".into()), lat: 55.75, lon: 37.62, how: "dateline".into() }),
            rule: "verbs/accuse.tsv:3".into(),
        });
        (doc, Provenance { dyad_version: "0.1.0".into(), coder_id: "test".into() })
    }

    /// Every field of the JSON event record has its column (flattened: `source.code` →
    /// `source_code`, `span` → `span_start`/`span_end`, `verb_span` → `verb_start`/`verb_end`).
    #[test]
    fn every_json_field_has_a_column() {
        let (doc, _) = sample();
        let v = serde_json::to_value(EventOut::new(&doc, &doc.events[0])).unwrap();
        fn flat(prefix: &str, v: &serde_json::Value, out: &mut Vec<String>) {
            for (k, x) in v.as_object().unwrap() {
                let name = format!("{prefix}{k}");
                match x {
                    serde_json::Value::Object(_) => flat(&format!("{name}_"), x, out),
                    serde_json::Value::Array(a) if k.ends_with("span") && a.len() == 2 => {
                        let base = if name == "span" { "span_".to_string() } else { name.trim_end_matches("span").to_string() };
                        out.push(format!("{base}start"));
                        out.push(format!("{base}end"));
                    }
                    _ => out.push(name),
                }
            }
        }
        let mut names = Vec::new();
        flat("", &v, &mut names);
        let missing: Vec<&String> = names.iter().filter(|n| column_index(n).is_none()).collect();
        assert!(missing.is_empty(), "JSON fields without a column in the event table: {missing:?}");
        assert_eq!(COLUMNS.len(), names.len() + 6, "the columns are the JSON fields plus cluster counters and provenance");
    }

    #[test]
    fn a_batch_holds_the_record() {
        use arrow_array::{Array, Date32Array, Float64Array, ListArray, StringArray};
        let (doc, p) = sample();
        let mut rows = Rows::new();
        rows.push_doc(&doc, &p);
        let b = rows.finish().unwrap();
        assert_eq!((b.num_rows(), b.num_columns()), (1, COLUMNS.len()));
        let s = |n: &str| b.column(column_index(n).unwrap()).as_any().downcast_ref::<StringArray>().unwrap().value(0).to_string();
        assert_eq!((s("source_code"), s("target_code"), s("verb"), s("coder_id")), ("RUSGOV".into(), "USAGOV".into(), "condemned".into(), "test".into()));
        let d = b.column(column_index("date").unwrap()).as_any().downcast_ref::<Date32Array>().unwrap();
        assert_eq!(d.value(0), epoch_days_of("2022-09-12").unwrap());
        let g = b.column(column_index("goldstein").unwrap()).as_any().downcast_ref::<Float64Array>().unwrap();
        assert_eq!(g.value(0), -2.0);
        let l = b.column(column_index("source_sectors").unwrap()).as_any().downcast_ref::<ListArray>().unwrap();
        assert_eq!(l.value(0).len(), 1);
        assert!(b.column(column_index("cluster").unwrap()).is_null(0));
        assert_eq!(decimal(3.4), 3.4);
        assert_eq!(epoch_days_of("1970-01-02"), Some(1));
    }
}
