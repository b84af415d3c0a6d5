//! Event output formats: JSON lines (the documented contract, see docs/event-schema.md) and TSV.

use dyad_model::{Document, Event};
use std::io::{self, Write};

pub use dyad_table::EventOut;

#[derive(Clone, Copy, PartialEq, Eq, Debug, clap::ValueEnum)]
pub enum Format {
    Jsonl,
    Tsv,
    /// The event table as a hive-partitioned Parquet dataset (`-o DIR`).
    Parquet,
}

pub const TSV_HEADER: &str = "doc\tsentence\tspan_start\tspan_end\tdate\tdate_precision\tsource_code\tsource_country\tsource_text\ttarget_code\ttarget_country\ttarget_text\tcameo\troot\tquad\tgoldstein\tplover\tmode\tverb\ttext\trule\tdoc_date\tdoc_date_source";

fn clean(s: &str) -> String {
    s.replace(['\t', '\n', '\r'], " ")
}

pub fn write_event(w: &mut impl Write, format: Format, doc: &Document, e: &Event) -> io::Result<()> {
    let o = EventOut::new(doc, e);
    match format {
        Format::Jsonl => {
            serde_json::to_writer(&mut *w, &o)?;
            w.write_all(b"\n")
        }
        Format::Parquet => Err(io::Error::other("Parquet is written as a dataset, not a stream")),
        Format::Tsv => {
            let prec = o.date_precision.map(|p| format!("{p:?}").to_lowercase()).unwrap_or_default();
            let (tc, tco, tt) = match &o.target {
                Some(t) => (t.code, t.country.unwrap_or(""), clean(t.text)),
                None => ("", "", String::new()),
            };
            writeln!(
                w,
                "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}",
                clean(o.doc),
                o.sentence,
                o.span[0],
                o.span[1],
                o.date.as_deref().unwrap_or(""),
                prec,
                o.source.code,
                o.source.country.unwrap_or(""),
                clean(o.source.text),
                tc,
                tco,
                tt,
                o.cameo,
                o.root,
                o.quad,
                o.goldstein,
                o.plover.unwrap_or(""),
                o.mode.unwrap_or(""),
                clean(o.verb),
                clean(o.text),
                clean(o.rule),
                o.doc_date.as_deref().unwrap_or(""),
                o.doc_date_source.unwrap_or("")
            )
        }
    }
}
