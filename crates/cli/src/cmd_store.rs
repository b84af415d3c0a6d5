//! `dyad ingest`, `dyad query`, `dyad export`: the event store on the command line.

use crate::pipeline;
use anyhow::{bail, Context, Result};
use chrono::NaiveDate;
use clap::{Args, Subcommand, ValueEnum};
use dyad_store::query::{self, Filter, Period, SeriesOptions};
use dyad_store::{IngestStats, Store};
use std::io::{BufWriter, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

#[derive(Args)]
pub struct IngestArgs {
    /// Files or folders to read ("-" or nothing: standard input).
    paths: Vec<PathBuf>,
    /// The database (created if missing).
    #[arg(long, default_value = "dyad.db")]
    db: PathBuf,
    /// Publication date (YYYY-MM-DD) of every document whose input has no `date` field; it wins
    /// over page metadata, datelines and feed dates. A document already stored with another date
    /// is re-dated: its events are coded again with this date.
    #[arg(long)]
    date: Option<NaiveDate>,
    /// Worker threads for coding (default: all cores).
    #[arg(long)]
    threads: Option<usize>,
    /// Documents per transaction.
    #[arg(long, default_value_t = 500)]
    batch: usize,
    /// Code with the PETRARCH-format dictionaries in DIR (or a PETRARCH-assembly lexicon from
    /// `dyad lexicon import`) instead of the built-in lexicons.
    #[arg(long, value_name = "DIR")]
    petrarch: Option<PathBuf>,
}

/// Codes documents and stores them, `batch` documents a transaction.
pub fn ingest(a: IngestArgs) -> Result<ExitCode> {
    let mut store = Store::open(&a.db).with_context(|| format!("opening {}", a.db.display()))?;
    let petrarch = a.petrarch.as_deref().map(|d| crate::cmd_petrarch::engine(d, false)).transpose()?;
    let coder: &dyn crate::pipeline::Code = match &petrarch {
        Some(e) => e,
        None => crate::load_coder(),
    };
    let mut progress = crate::progress::Progress::new(&a.paths);
    let opts = dyad_read::ReadOptions { default_date: a.date, bytes_read: progress.counter(), ..Default::default() };
    let threads = a.threads.unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
    let items: Box<dyn Iterator<Item = dyad_read::Item> + Send> = if a.paths.is_empty() || a.paths.iter().all(|p| p.as_os_str() == "-") {
        Box::new(dyad_read::read_reader("-", Box::new(std::io::stdin()), &opts))
    } else {
        Box::new(dyad_read::read_paths(&a.paths, &opts))
    };
    let batch_size = a.batch.max(1);
    let start = Instant::now();
    let mut stats = IngestStats::default();
    let (mut read, mut skipped, mut problems, mut failed) = (0usize, 0usize, 0usize, 0usize);
    let mut batch = Vec::with_capacity(batch_size);
    let mut err: Option<dyad_store::Error> = None;
    let mut store_time = std::time::Duration::ZERO;
    let mut flush = |batch: &mut Vec<dyad_model::Document>, store: &mut Store, stats: &mut IngestStats, err: &mut Option<dyad_store::Error>| {
        if batch.is_empty() || err.is_some() {
            batch.clear();
            return;
        }
        let t = Instant::now();
        match store.ingest(batch) {
            Ok(s) => *stats += s,
            Err(e) => *err = Some(e),
        }
        store_time += t.elapsed();
        batch.clear();
    };
    pipeline::run(items, coder, threads, |p| { progress.tick(); match p {
        pipeline::Processed::Doc(doc) => {
            read += 1;
            for d in &doc.diagnostics {
                eprintln!("dyad: {}: {:?}: {}", doc.id, d.severity, d.message);
            }
            if doc.has_errors() {
                failed += 1;
            }
            batch.push(doc);
            if batch.len() >= batch_size {
                flush(&mut batch, &mut store, &mut stats, &mut err);
            }
        }
        pipeline::Processed::Skipped { id, lang } => {
            skipped += 1;
            eprintln!("dyad: {id}: skipped: language {lang:?} is not coded");
        }
        pipeline::Processed::Problem { origin, message } => {
            problems += 1;
            eprintln!("dyad: {origin}: {message}");
        }
    }});
    progress.finish();
    flush(&mut batch, &mut store, &mut stats, &mut err);
    if let Some(e) = err {
        return Err(e).context("storing documents");
    }
    let secs = start.elapsed().as_secs_f64();
    let c = store.counts()?;
    eprintln!(
        "dyad: {read} documents read: {} stored, {} re-dated, {} already in the store; {} sentences, {} events ({} new events, {} merged into known ones); \
         {skipped} skipped (language), {problems} unreadable, {failed} with errors; {:.1} s ({:.1} s in the store)",
        stats.documents, stats.replaced, stats.duplicates, stats.sentences, stats.events, stats.new_clusters, stats.merged, secs, store_time.as_secs_f64()
    );
    if stats.undated_duplicates > 0 {
        eprintln!(
            "dyad: {} of the documents already in the store are undated: ingest them again with --date YYYY-MM-DD to date them \
             (their events are coded again with that date), or run `dyad recode --db {}` to re-code every stored document with this dyad",
            stats.undated_duplicates,
            a.db.display()
        );
    }
    eprintln!(
        "dyad: {}: {} documents, {} sentences, {} reports, {} deduplicated events",
        a.db.display(),
        c.documents,
        c.sentences,
        c.events,
        c.clusters
    );
    Ok(if problems + failed > 0 { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutFormat {
    Table,
    Csv,
    Jsonl,
}

#[derive(Args)]
pub struct Common {
    /// The database.
    #[arg(long, default_value = "dyad.db")]
    db: PathBuf,
    /// Output format (default: table on a terminal, else CSV).
    #[arg(long, value_enum)]
    format: Option<OutFormat>,
}

#[derive(Args, Default)]
pub struct FilterArgs {
    /// Actor or country code on either side (RUS matches RUSGOV, RUSMIL...).
    #[arg(long)]
    actor: Option<String>,
    /// A dyad: `A->B` (directed) or `A<->B` / `A,B` (either direction).
    #[arg(long)]
    dyad: Option<String>,
    /// CAMEO event code prefix.
    #[arg(long)]
    cameo: Option<String>,
    /// PLOVER event type.
    #[arg(long)]
    plover: Option<String>,
    /// QuadClass (1 verbal cooperation, 2 material cooperation, 3 verbal conflict, 4 material conflict).
    #[arg(long, value_parser = clap::value_parser!(u8).range(1..=4))]
    quad: Option<u8>,
    /// First day (YYYY-MM-DD, inclusive).
    #[arg(long)]
    from: Option<NaiveDate>,
    /// Last day (YYYY-MM-DD, inclusive).
    #[arg(long)]
    to: Option<NaiveDate>,
    /// Country of the event's place (ISO-3166 alpha-3).
    #[arg(long)]
    place_country: Option<String>,
    /// Only undated events (from documents with no date; series show them as the row "undated").
    #[arg(long, conflicts_with_all = ["from", "to"])]
    undated: bool,
}

/// Parses `A->B`, `A<->B`, `A,B` into (A, B, directed).
pub fn parse_dyad(s: &str) -> Result<(String, String, bool)> {
    let s = s.trim();
    let (a, b, directed) = if let Some((a, b)) = s.split_once("<->") {
        (a, b, false)
    } else if let Some((a, b)) = s.split_once("->") {
        (a, b, true)
    } else if let Some((a, b)) = s.split_once(',') {
        (a, b, false)
    } else {
        bail!("a dyad is A->B, A<->B or A,B; got {s:?}");
    };
    let (a, b) = (a.trim().to_uppercase(), b.trim().to_uppercase());
    if a.is_empty() || b.is_empty() {
        bail!("a dyad needs two actor codes; got {s:?}");
    }
    Ok((a, b, directed))
}

impl FilterArgs {
    fn filter(&self) -> Result<Filter> {
        let mut f = Filter {
            actor: self.actor.as_ref().map(|a| a.trim().to_uppercase()),
            cameo: self.cameo.clone(),
            plover: self.plover.clone(),
            quad: self.quad,
            from: self.from,
            to: self.to,
            place_country: self.place_country.as_ref().map(|c| c.trim().to_uppercase()),
            undated: self.undated,
            ..Filter::default()
        };
        if let Some(d) = &self.dyad {
            let (a, b, directed) = parse_dyad(d)?;
            f.dyad = Some((a, b));
            f.directed = directed;
        }
        Ok(f)
    }
}

#[derive(Args)]
pub struct QueryArgs {
    #[command(subcommand)]
    what: QueryWhat,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum PeriodArg {
    Day,
    Week,
    Month,
    Year,
}

impl From<PeriodArg> for Period {
    fn from(p: PeriodArg) -> Period {
        match p {
            PeriodArg::Day => Period::Day,
            PeriodArg::Week => Period::Week,
            PeriodArg::Month => Period::Month,
            PeriodArg::Year => Period::Year,
        }
    }
}

#[derive(Subcommand)]
enum QueryWhat {
    /// Deduplicated events with their evidence sentence and source URL, newest first.
    Events {
        #[command(flatten)]
        common: Common,
        #[command(flatten)]
        filter: FilterArgs,
        /// At most this many events (0: all).
        #[arg(long, default_value_t = 100)]
        limit: usize,
    },
    /// Counts by QuadClass, mean Goldstein and net cooperation per period.
    Series {
        #[command(flatten)]
        common: Common,
        #[command(flatten)]
        filter: FilterArgs,
        #[arg(long, value_enum, default_value = "month")]
        period: PeriodArg,
        /// Divide counts and net cooperation by all events of the period in the store.
        #[arg(long)]
        normalize: bool,
        /// Net cooperation weighted by |Goldstein| instead of counted.
        #[arg(long)]
        weighted: bool,
        /// Only periods with events (default: every period from the first to the last).
        #[arg(long)]
        no_fill: bool,
    },
    /// How aligned two actors are: direct net cooperation and the S score toward third parties.
    Align {
        a: String,
        b: String,
        #[command(flatten)]
        common: Common,
        #[arg(long, value_enum, default_value = "year")]
        period: PeriodArg,
        #[arg(long)]
        from: Option<NaiveDate>,
        #[arg(long)]
        to: Option<NaiveDate>,
    },
    /// The busiest dyads and actors.
    Top {
        #[command(flatten)]
        common: Common,
        #[command(flatten)]
        filter: FilterArgs,
        #[arg(long, default_value_t = 20)]
        limit: usize,
        /// Group actors by country.
        #[arg(long)]
        by_country: bool,
    },
}

/// Renders rows as an aligned table, CSV or JSON lines.
struct Out {
    format: OutFormat,
    w: BufWriter<std::io::StdoutLock<'static>>,
}

impl Out {
    fn new(f: Option<OutFormat>) -> Out {
        let stdout = std::io::stdout();
        let format = f.unwrap_or(if stdout.is_terminal() { OutFormat::Table } else { OutFormat::Csv });
        Out { format, w: BufWriter::new(stdout.lock()) }
    }

    fn write<T: serde::Serialize>(&mut self, header: &[&str], rows: &[(Vec<String>, &T)]) -> Result<()> {
        match self.format {
            OutFormat::Jsonl => {
                for (_, r) in rows {
                    serde_json::to_writer(&mut self.w, r)?;
                    writeln!(self.w)?;
                }
            }
            OutFormat::Csv => {
                writeln!(self.w, "{}", header.join(","))?;
                for (cells, _) in rows {
                    let c: Vec<String> = cells.iter().map(|s| dyad_store::export::csv_field(s)).collect();
                    writeln!(self.w, "{}", c.join(","))?;
                }
            }
            OutFormat::Table => {
                let mut width: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
                for (cells, _) in rows {
                    for (i, c) in cells.iter().enumerate() {
                        width[i] = width[i].max(c.chars().count());
                    }
                }
                let line = |cells: Vec<&str>| {
                    let mut s = String::new();
                    for (i, c) in cells.iter().enumerate() {
                        if i + 1 == cells.len() {
                            s.push_str(c);
                        } else {
                            s.push_str(&format!("{c:<w$}  ", w = width[i]));
                        }
                    }
                    s.trim_end().to_string()
                };
                writeln!(self.w, "{}", line(header.to_vec()))?;
                for (cells, _) in rows {
                    writeln!(self.w, "{}", line(cells.iter().map(String::as_str).collect()))?;
                }
            }
        }
        self.w.flush()?;
        Ok(())
    }
}

fn opt<T: ToString>(x: &Option<T>) -> String {
    x.as_ref().map(|v| v.to_string()).unwrap_or_default()
}

fn num(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        format!("{x:.0}")
    } else {
        format!("{x:.4}")
    }
}

fn truncate(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        let t: String = s.chars().take(n - 1).collect();
        format!("{t}…")
    }
}

pub fn query(a: QueryArgs) -> Result<ExitCode> {
    match a.what {
        QueryWhat::Events { common, filter, limit } => {
            let store = open(&common.db)?;
            let rows = query::events(&store, &filter.filter()?, limit)?;
            let mut out = Out::new(common.format);
            let table = out.format == OutFormat::Table;
            let header = ["id", "date", "precision", "source", "target", "cameo", "quad", "goldstein", "plover", "mentions", "articles", "sources", "place", "url", "evidence"];
            let cells: Vec<(Vec<String>, &query::EventRow)> = rows
                .iter()
                .map(|e| {
                    let ev = e.evidence.replace('\n', " ");
                    (
                        vec![
                            e.id.to_string(),
                            opt(&e.date),
                            e.precision.unwrap_or("").into(),
                            e.source.clone(),
                            opt(&e.target),
                            e.cameo.clone(),
                            e.quad.to_string(),
                            format!("{:.1}", e.goldstein),
                            e.plover.clone(),
                            e.num_mentions.to_string(),
                            e.num_articles.to_string(),
                            e.num_sources.to_string(),
                            e.place_name.as_ref().map(|p| format!("{p} ({})", e.place_country.as_deref().unwrap_or("?"))).unwrap_or_default(),
                            if table { truncate(e.url.as_deref().unwrap_or(&e.doc_id), 40) } else { e.url.clone().unwrap_or_else(|| e.doc_id.clone()) },
                            if table { truncate(&ev, 100) } else { ev },
                        ],
                        e,
                    )
                })
                .collect();
            out.write(&header, &cells)?;
        }
        QueryWhat::Series { common, filter, period, normalize, weighted, no_fill } => {
            let store = open(&common.db)?;
            let o = SeriesOptions { period: period.into(), normalize, weighted, fill: !no_fill };
            let rows = query::series(&store, &filter.filter()?, o)?;
            let header = ["period", "q1", "q2", "q3", "q4", "total", "mean_goldstein", "net_cooperation", "period_total"];
            let cells: Vec<_> = rows
                .iter()
                .map(|r| {
                    (
                        vec![
                            r.period.clone(),
                            num(r.q1),
                            num(r.q2),
                            num(r.q3),
                            num(r.q4),
                            num(r.total),
                            r.mean_goldstein.map(|g| format!("{g:.3}")).unwrap_or_default(),
                            num(r.net_cooperation),
                            r.period_total.to_string(),
                        ],
                        r,
                    )
                })
                .collect();
            Out::new(common.format).write(&header, &cells)?;
        }
        QueryWhat::Align { a, b, common, period, from, to } => {
            let store = open(&common.db)?;
            let f = Filter { from, to, ..Filter::default() };
            let rows = query::align(&store, &a.to_uppercase(), &b.to_uppercase(), &f, period.into())?;
            let header = ["period", "direct_events", "direct_net_cooperation", "direct_mean_goldstein", "common_third", "s_score"];
            let cells: Vec<_> = rows
                .iter()
                .map(|r| {
                    (
                        vec![
                            r.period.clone(),
                            r.direct_events.to_string(),
                            r.direct_net_cooperation.to_string(),
                            r.direct_mean_goldstein.map(|g| format!("{g:.3}")).unwrap_or_default(),
                            r.common_third.to_string(),
                            r.s_score.map(|s| format!("{s:.4}")).unwrap_or_default(),
                        ],
                        r,
                    )
                })
                .collect();
            Out::new(common.format).write(&header, &cells)?;
        }
        QueryWhat::Top { common, filter, limit, by_country } => {
            let store = open(&common.db)?;
            let (dyads, actors) = query::top(&store, &filter.filter()?, limit, by_country)?;
            #[derive(serde::Serialize)]
            struct Row<'a> {
                kind: &'static str,
                #[serde(flatten)]
                row: &'a query::TopRow,
            }
            let all: Vec<Row> = dyads.iter().map(|r| Row { kind: "dyad", row: r }).chain(actors.iter().map(|r| Row { kind: "actor", row: r })).collect();
            let header = ["kind", "key", "events", "mean_goldstein"];
            let cells: Vec<_> = all.iter().map(|r| (vec![r.kind.to_string(), r.row.key.clone(), r.row.events.to_string(), format!("{:.3}", r.row.mean_goldstein)], r)).collect();
            Out::new(common.format).write(&header, &cells)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn open(db: &PathBuf) -> Result<Store> {
    if !db.exists() {
        bail!("{}: no such database (create it with `dyad ingest --db {}`)", db.display(), db.display());
    }
    Store::open_readonly(db).with_context(|| format!("opening {}", db.display()))
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    /// GDELT 2.0 event table: 61 tab-separated columns, no header.
    Gdelt,
    /// PLOVER JSON lines (POLECAT style).
    Plover,
    /// CSV with a header, one row per event with its evidence.
    Csv,
    /// Apache Parquet: the CSV's columns with their types (DuckDB, pandas, Spark).
    Parquet,
}

#[derive(Args)]
pub struct ExportArgs {
    #[arg(long, value_enum)]
    format: ExportFormat,
    /// The database.
    #[arg(long, default_value = "dyad.db")]
    db: PathBuf,
    /// Output file (default: standard output).
    #[arg(long, short)]
    output: Option<PathBuf>,
    #[command(flatten)]
    filter: FilterArgs,
}

pub fn export(a: ExportArgs) -> Result<ExitCode> {
    let store = open(&a.db)?;
    let f = a.filter.filter()?;
    if a.format == ExportFormat::Parquet && a.output.is_none() && std::io::stdout().is_terminal() {
        bail!("--format parquet writes a binary file: give -o FILE.parquet or redirect the output");
    }
    let mut w: Box<dyn Write + Send> = match &a.output {
        Some(p) => Box::new(BufWriter::with_capacity(1 << 16, std::fs::File::create(p).with_context(|| format!("creating {}", p.display()))?)),
        None => Box::new(BufWriter::with_capacity(1 << 16, std::io::stdout())),
    };
    let n = match a.format {
        ExportFormat::Gdelt => dyad_store::export::gdelt(&store, &f, &mut w)?,
        ExportFormat::Plover => dyad_store::export::plover(&store, &f, &mut w)?,
        ExportFormat::Csv => dyad_store::export::csv(&store, &f, &mut w)?,
        ExportFormat::Parquet => dyad_store::export::parquet(&store, &f, &mut w)?,
    };
    w.flush()?;
    eprintln!("dyad: exported {n} events");
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dyads() {
        assert_eq!(parse_dyad("rus->chn").unwrap(), ("RUS".into(), "CHN".into(), true));
        assert_eq!(parse_dyad("RUS<->CHN").unwrap(), ("RUS".into(), "CHN".into(), false));
        assert_eq!(parse_dyad("RUS, CHN").unwrap(), ("RUS".into(), "CHN".into(), false));
        assert!(parse_dyad("RUS").is_err());
        assert!(parse_dyad("->CHN").is_err());
    }
}
