//! `dyad read`: what the readers make of the inputs, before any coding. One JSON line per document
//! or unreadable input, in input order: id, url, title, date and where it came from, site,
//! language, the extracted text, and why it would be skipped (`skip`, `skip_kind`).

use anyhow::{Context, Result};
use chrono::NaiveDate;
use dyad_model::Document;
use serde::Serialize;
use std::io::{BufWriter, Write};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct ReadArgs {
    /// Files or folders to read ("-" or nothing: standard input).
    paths: Vec<PathBuf>,
    /// Publication date for documents that have none (YYYY-MM-DD).
    #[arg(long)]
    date: Option<NaiveDate>,
}

/// One line of `dyad read`.
#[derive(Serialize)]
struct ReadOut<'a> {
    id: &'a str,
    url: Option<&'a str>,
    title: Option<&'a str>,
    date: Option<String>,
    date_source: Option<&'static str>,
    site: Option<&'a str>,
    lang: Option<&'a str>,
    /// The text as read (also for documents a later stage skips); `null` for unreadable inputs.
    text: Option<&'a str>,
    /// Why the document would not be coded: a reader problem or the language stage.
    skip: Option<String>,
    /// `language`, or the reader problem's kind (`empty`, `binary`, `malformed`, `unreadable`).
    skip_kind: Option<&'static str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    warnings: Vec<&'a str>,
}

impl<'a> ReadOut<'a> {
    fn doc(d: &'a Document) -> Self {
        let lang_skip = dyad_read::uncoded_language(d).map(|l| format!("language {l:?} is not coded"));
        ReadOut {
            id: &d.id,
            url: d.url.as_deref(),
            title: d.title.as_deref(),
            date: d.date.map(|x| x.to_string()),
            date_source: d.date_source.map(|s| s.as_str()),
            site: d.site.as_deref(),
            lang: d.lang.as_deref(),
            text: Some(&d.text),
            skip_kind: lang_skip.as_ref().map(|_| "language"),
            skip: lang_skip,
            warnings: d.diagnostics.iter().map(|x| x.message.as_str()).collect(),
        }
    }

    fn problem(origin: &'a str, message: &'a str) -> Self {
        let reason = message.strip_prefix(origin).map(|r| r.trim_start_matches(':').trim_start()).unwrap_or(message);
        ReadOut {
            id: origin,
            url: None,
            title: None,
            date: None,
            date_source: None,
            site: None,
            lang: None,
            text: None,
            skip: Some(reason.to_string()),
            skip_kind: Some(dyad_read::problem_kind(origin, message)),
            warnings: Vec::new(),
        }
    }
}

pub fn run(a: ReadArgs) -> Result<ExitCode> {
    let opts = dyad_read::ReadOptions { default_date: a.date, ..Default::default() };
    let items: Box<dyn Iterator<Item = dyad_read::Item> + Send> = if a.paths.is_empty() || a.paths.iter().all(|p| p.as_os_str() == "-") {
        Box::new(dyad_read::read_reader("-", Box::new(std::io::stdin()), &opts))
    } else {
        Box::new(dyad_read::read_paths(&a.paths, &opts))
    };
    let stdout = std::io::stdout();
    let mut out = BufWriter::with_capacity(1 << 16, stdout.lock());
    let (mut docs, mut language, mut problems) = (0usize, 0usize, 0usize);
    let mut skips = crate::pipeline::Skips::default();
    for item in items {
        let line = match &item {
            dyad_read::Item::Skipped { reason, .. } => {
                skips.record(reason);
                continue;
            }
            dyad_read::Item::Doc(d) => {
                docs += 1;
                ReadOut::doc(d)
            }
            dyad_read::Item::Problem { origin, message } => {
                problems += 1;
                eprintln!("dyad: {message}");
                ReadOut::problem(origin, message)
            }
        };
        if line.skip_kind == Some("language") {
            language += 1;
            skips.language(line.lang.unwrap_or(""));
        }
        let written = serde_json::to_writer(&mut out, &line).map_err(std::io::Error::from).and_then(|_| out.write_all(b"\n"));
        if let Err(e) = written {
            if e.kind() == std::io::ErrorKind::BrokenPipe {
                return Ok(ExitCode::SUCCESS);
            }
            return Err(e).context("writing output");
        }
    }
    if let Err(e) = out.flush() {
        if e.kind() != std::io::ErrorKind::BrokenPipe {
            return Err(e).context("writing output");
        }
    }
    eprintln!(
        "dyad: read {docs} documents ({language} in a language that is not coded{}), {problems} unreadable inputs{}",
        skips.languages_list().map(|l| format!(": {l}")).unwrap_or_default(),
        skips.records_summary()
    );
    Ok(if problems > 0 { ExitCode::from(1) } else { ExitCode::SUCCESS })
}
