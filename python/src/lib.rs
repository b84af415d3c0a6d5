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

/// Codes texts over `threads` workers, in input order, as `dyad code` codes `.txt` files.
pub fn code_texts(engine: &dyad_engine::Engine, inputs: &[Input], threads: usize) -> Vec<Outcome> {
    let opts = ReadOptions::default();
    let items: Vec<Item> = inputs.iter().map(|i| dyad_read::text_document(&i.id, i.text, i.date, &opts)).collect();
    let mut out = Vec::with_capacity(inputs.len());
    pipeline::run(items.into_iter(), engine.code(), threads.max(1), |p| {
        out.push(match p {
            Processed::Doc(d) => Outcome::Doc(d),
            Processed::Skipped { lang, .. } => Outcome::NotCoded(format!("language {lang:?} is not coded")),
            Processed::Problem { message, .. } => Outcome::NotCoded(message),
            Processed::LeftAside { reason } => Outcome::NotCoded(reason),
        })
    });
    out
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
        let out = code_texts(&engine, &inputs, 2);
        assert_eq!(out.len(), 4);
        match &out[0] {
            Outcome::Doc(doc) => assert_eq!((doc.id.as_str(), doc.events[0].cameo.as_str()), ("a", "111")),
            Outcome::NotCoded(why) => panic!("{why}"),
        }
        assert!(matches!(&out[1], Outcome::NotCoded(w) if w.contains("\"de\"")));
        assert!(matches!(&out[2], Outcome::NotCoded(w) if w.contains("empty")));
        assert!(matches!(&out[3], Outcome::Doc(doc) if doc.id == "d"));
    }
}
