//! Event output formats: JSON lines (the documented contract, see docs/event-schema.md) and TSV.

use dyad_model::{Document, Event, Participant};
use serde::Serialize;
use std::io::{self, Write};

#[derive(Serialize)]
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

/// One event as printed by `dyad code --format jsonl`.
#[derive(Serialize)]
pub struct EventOut<'a> {
    pub doc: &'a str,
    pub sentence: u32,
    pub span: [u32; 2],
    pub text: &'a str,
    pub date: Option<String>,
    pub date_precision: Option<dyad_model::Precision>,
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
    pub place: Option<&'a dyad_model::Place>,
    pub url: Option<&'a str>,
    pub rule: &'a str,
}

impl<'a> EventOut<'a> {
    pub fn new(doc: &'a Document, e: &'a Event) -> Self {
        let s = &doc.sentences[e.sentence as usize];
        EventOut {
            doc: &doc.id,
            sentence: e.sentence,
            span: [s.span.start, s.span.end],
            text: doc.slice(s.span),
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

#[derive(Clone, Copy, PartialEq, Eq, Debug, clap::ValueEnum)]
pub enum Format {
    Jsonl,
    Tsv,
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
