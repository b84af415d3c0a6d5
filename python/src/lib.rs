//! dyad from Python: the extension module `dyad._dyad` (PyO3, abi3, CPython ≥ 3.9), wrapped by
//! the pure-Python package in `python/dyad`. Built by maturin with the `python` feature; without it
//! only the pure-Rust helpers below are compiled, so `cargo test --workspace` needs no Python.
//!
//! Events cross to Python as Arrow record batches of dyad's event table (`dyad_table`), through the
//! Arrow C data interface (PyCapsules read by `pyarrow.record_batch`), never as JSON text.

#[cfg(feature = "python")]
mod py;

use dyad_engine::pipeline::{self, Processed};
use dyad_model::Document;
use dyad_read::{Item, ReadOptions};

/// One input text of a batch.
pub struct Input<'a> {
    pub text: &'a str,
    pub date: Option<chrono::NaiveDate>,
    pub id: String,
}

/// What coding one input gave: the coded document, or why it was not coded.
pub enum Outcome {
    Doc(Document),
    /// Not coded: `language "de"` or `empty document`.
    NotCoded(String),
}

/// Codes texts over `threads` workers as `dyad code` codes `.txt` files, giving `sink` each
/// input's outcome in input order as soon as it is ready (a coded document is not kept: memory
/// holds the documents in flight, whatever the number of inputs).
pub fn code_texts(engine: &dyad_engine::Engine, inputs: &[Input], threads: usize, mut sink: impl FnMut(Outcome)) {
    let opts = ReadOptions::default();
    let items = inputs.iter().map(|i| dyad_read::text_document(&i.id, i.text, i.date, &opts));
    pipeline::run(items, engine.code(), threads.max(1), |p| {
        sink(match p {
            Processed::Doc(d) => Outcome::Doc(d),
            Processed::Skipped { lang, .. } => Outcome::NotCoded(format!("language {lang:?} is not coded")),
            Processed::Problem { message, .. } => Outcome::NotCoded(message),
            Processed::LeftAside { reason } => Outcome::NotCoded(reason),
        })
    });
}

/// The documents of the inputs at `path` as dyad reads them (`dyad read`): one row per document
/// or unreadable input, with `skip` and `skip_kind` for what would not be coded; records an
/// archive leaves aside are not rows.
pub fn read_batch(path: &std::path::Path) -> dyad_table::Result<arrow_array::RecordBatch> {
    use arrow_array::builder::{Date32Builder, StringBuilder};
    use arrow_schema::{DataType, Field, Schema};
    use std::sync::Arc;
    let names = ["id", "url", "title", "date", "date_source", "site", "lang", "text", "skip", "skip_kind"];
    let mut cols: Vec<StringBuilder> = (0..names.len()).map(|_| StringBuilder::new()).collect();
    let mut dates = Date32Builder::new();
    for item in dyad_read::read_paths(&[path.to_path_buf()], &ReadOptions::default()) {
        let row: [Option<String>; 10] = match item {
            Item::Doc(d) => {
                let skip = dyad_read::uncoded_language(&d).map(|l| format!("language {l:?} is not coded"));
                dates.append_option(d.date.and_then(|x| dyad_table::epoch_days_of(&x.to_string())));
                [
                    Some(d.id.clone()),
                    d.url.clone(),
                    d.title.clone(),
                    None,
                    d.date_source.map(|s| s.as_str().to_string()),
                    d.site.clone(),
                    d.lang.clone(),
                    Some(d.text.clone()),
                    skip.clone(),
                    skip.map(|_| "language".to_string()),
                ]
            }
            Item::Problem { origin, message } => {
                dates.append_null();
                let kind = dyad_read::problem_kind(&origin, &message).to_string();
                [Some(origin), None, None, None, None, None, None, None, Some(message), Some(kind)]
            }
            Item::Skipped { .. } => continue,
        };
        for (i, v) in row.into_iter().enumerate() {
            if i != 3 {
                cols[i].append_option(v);
            }
        }
    }
    let mut fields = Vec::new();
    let mut arrays: Vec<arrow_array::ArrayRef> = Vec::new();
    for (i, n) in names.iter().enumerate() {
        if i == 3 {
            fields.push(Field::new(*n, DataType::Date32, true));
            arrays.push(Arc::new(dates.finish()));
        } else {
            fields.push(Field::new(*n, DataType::Utf8, i != 0));
            arrays.push(Arc::new(cols[i].finish()));
        }
    }
    Ok(arrow_array::RecordBatch::try_new(Arc::new(Schema::new(fields)), arrays)?)
}

/// A record batch of named columns (`nullable` when a column may hold nulls).
fn batch_of(cols: Vec<(&str, arrow_array::ArrayRef, bool)>) -> dyad_table::Result<arrow_array::RecordBatch> {
    use arrow_schema::{Field, Schema};
    let fields: Vec<Field> = cols.iter().map(|(n, a, null)| Field::new(*n, a.data_type().clone(), *null)).collect();
    Ok(arrow_array::RecordBatch::try_new(std::sync::Arc::new(Schema::new(fields)), cols.into_iter().map(|c| c.1).collect())?)
}

fn strs<'a>(v: impl Iterator<Item = &'a str>) -> arrow_array::ArrayRef {
    std::sync::Arc::new(arrow_array::StringArray::from_iter_values(v))
}

fn f64s(v: impl Iterator<Item = Option<f64>>) -> arrow_array::ArrayRef {
    std::sync::Arc::new(v.collect::<arrow_array::Float64Array>())
}

fn i64s(v: impl Iterator<Item = i64>) -> arrow_array::ArrayRef {
    std::sync::Arc::new(arrow_array::Int64Array::from_iter_values(v))
}

/// `Store.series`'s table: the columns of [`dyad_store::query::SeriesRow`], in its order.
pub fn series_batch(rows: &[dyad_store::query::SeriesRow]) -> dyad_table::Result<arrow_array::RecordBatch> {
    batch_of(vec![
        ("period", strs(rows.iter().map(|r| r.period.as_str())), false),
        ("q1", f64s(rows.iter().map(|r| Some(r.q1))), false),
        ("q2", f64s(rows.iter().map(|r| Some(r.q2))), false),
        ("q3", f64s(rows.iter().map(|r| Some(r.q3))), false),
        ("q4", f64s(rows.iter().map(|r| Some(r.q4))), false),
        ("total", f64s(rows.iter().map(|r| Some(r.total))), false),
        ("mean_goldstein", f64s(rows.iter().map(|r| r.mean_goldstein)), true),
        ("net_cooperation", f64s(rows.iter().map(|r| Some(r.net_cooperation))), false),
        ("period_total", i64s(rows.iter().map(|r| r.period_total)), false),
    ])
}

/// `Store.align`'s table: the columns of [`dyad_store::query::AlignRow`], in its order.
pub fn align_batch(rows: &[dyad_store::query::AlignRow]) -> dyad_table::Result<arrow_array::RecordBatch> {
    batch_of(vec![
        ("period", strs(rows.iter().map(|r| r.period.as_str())), false),
        ("direct_events", i64s(rows.iter().map(|r| r.direct_events)), false),
        ("direct_net_cooperation", i64s(rows.iter().map(|r| r.direct_net_cooperation)), false),
        ("direct_mean_goldstein", f64s(rows.iter().map(|r| r.direct_mean_goldstein)), true),
        ("common_third", i64s(rows.iter().map(|r| r.common_third as i64)), false),
        ("s_score", f64s(rows.iter().map(|r| r.s_score)), true),
    ])
}

/// One of `Store.top`'s tables: key, events, mean_goldstein.
pub fn top_batch(rows: &[dyad_store::query::TopRow]) -> dyad_table::Result<arrow_array::RecordBatch> {
    batch_of(vec![
        ("key", strs(rows.iter().map(|r| r.key.as_str())), false),
        ("events", i64s(rows.iter().map(|r| r.events)), false),
        ("mean_goldstein", f64s(rows.iter().map(|r| Some(r.mean_goldstein))), false),
    ])
}

/// The number of worker threads: `threads`, else every core.
pub fn threads(threads: Option<usize>) -> usize {
    threads.unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get())).max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn texts_are_coded_in_order_and_other_languages_left() {
        let engine = dyad_engine::load(&Default::default()).unwrap();
        let d = chrono::NaiveDate::from_ymd_opt(2022, 9, 15);
        let inputs = [
            Input { text: "Russia condemned the United States on Monday.", date: d, id: "a".into() },
            Input { text: "Die Bundesregierung hat am Montag die Vereinigten Staaten scharf kritisiert und Sanktionen angekündigt.", date: d, id: "b".into() },
            Input { text: "  ", date: None, id: "c".into() },
            Input { text: "France praised Germany.", date: None, id: "d".into() },
        ];
        let mut out = Vec::new();
        code_texts(&engine, &inputs, 2, |o| out.push(o));
        assert_eq!(out.len(), 4);
        match &out[0] {
            Outcome::Doc(doc) => assert_eq!((doc.id.as_str(), doc.events[0].cameo.as_str()), ("a", "111")),
            Outcome::NotCoded(why) => panic!("{why}"),
        }
        assert!(matches!(&out[1], Outcome::NotCoded(w) if w.contains("\"de\"")));
        assert!(matches!(&out[2], Outcome::NotCoded(w) if w.contains("empty")));
        assert!(matches!(&out[3], Outcome::Doc(doc) if doc.id == "d"));
    }

    #[test]
    fn query_tables_have_every_field_of_their_rows() {
        use dyad_store::query::{AlignRow, SeriesRow, TopRow};
        // The column names are the rows' serialised field names, in order.
        let names = |b: &arrow_array::RecordBatch| b.schema().fields().iter().map(|f| f.name().clone()).collect::<Vec<_>>();
        let keys = |v: serde_json::Value| v.as_object().unwrap().keys().cloned().collect::<std::collections::BTreeSet<_>>();
        let s = SeriesRow { period: "2024-03".into(), q1: 1.0, q2: 0.0, q3: 2.0, q4: 0.0, total: 3.0, mean_goldstein: None, net_cooperation: -1.0, period_total: 7 };
        let b = series_batch(&[s.clone(), s.clone()]).unwrap();
        assert_eq!(names(&b).into_iter().collect::<std::collections::BTreeSet<_>>(), keys(serde_json::to_value(&s).unwrap()));
        assert_eq!((b.num_rows(), b.column(6).null_count()), (2, 2));
        let a = AlignRow { period: "2024".into(), direct_events: 3, direct_net_cooperation: -1, direct_mean_goldstein: Some(-2.5), common_third: 2, s_score: None };
        let b = align_batch(&[a.clone()]).unwrap();
        assert_eq!(names(&b).into_iter().collect::<std::collections::BTreeSet<_>>(), keys(serde_json::to_value(&a).unwrap()));
        let t = TopRow { key: "RUS->UKR".into(), events: 5, mean_goldstein: -4.0 };
        let b = top_batch(&[t.clone()]).unwrap();
        assert_eq!(names(&b).into_iter().collect::<std::collections::BTreeSet<_>>(), keys(serde_json::to_value(&t).unwrap()));
    }
}
