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
    #[command(flatten)]
    coder: crate::CoderArgs,
}

/// Codes documents and stores them, `batch` documents a transaction.
pub fn ingest(a: IngestArgs) -> Result<ExitCode> {
    let mut store = Store::open(&a.db).with_context(|| format!("opening {}", a.db.display()))?;
    let engine = a.coder.load()?;
    let coder = engine.code();
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
    let mut skips = pipeline::Skips::default();
    let mut batch = Vec::with_capacity(batch_size);
    let mut err: Option<dyad_store::Error> = None;
    let mut store_time = std::time::Duration::ZERO;
    let mut flush = |batch: &mut Vec<dyad_model::Document>, store: &mut Store, stats: &mut IngestStats, err: &mut Option<dyad_store::Error>| {
        if batch.is_empty() || err.is_some() {
            batch.clear();
            return;
        }
        let t = Instant::now();
        match store.ingest_coded(batch, engine.provenance()) {
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
            skips.language(&lang);
            eprintln!("dyad: {id}: skipped: language {lang:?} is not coded");
        }
        pipeline::Processed::LeftAside { reason, .. } => skips.record(&reason),
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
         {skipped} skipped (language{}), {problems} unreadable, {failed} with errors{}; {:.1} s ({:.1} s in the store)",
        stats.documents, stats.replaced, stats.duplicates, stats.sentences, stats.events, stats.new_clusters, stats.merged,
        skips.languages_list().map(|l| format!(": {l}")).unwrap_or_default(),
        skips.records_summary(), secs, store_time.as_secs_f64()
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

#[derive(Args)]
pub struct RecodeArgs {
    /// The database to re-code in place.
    #[arg(long, default_value = "dyad.db")]
    db: PathBuf,
    /// Worker threads for coding (default: all cores).
    #[arg(long)]
    threads: Option<usize>,
    /// Documents per transaction: a crash loses at most the batch being written, and running
    /// recode again finishes the work.
    #[arg(long, default_value_t = 500)]
    batch: usize,
    #[command(flatten)]
    coder: crate::CoderArgs,
}

/// Re-codes every stored document from its stored text with the current coder, `batch` documents
/// a transaction, replacing their sentences, mentions and events (the store's deduplication and
/// aggregates follow). Upgrades an older database's schema first.
pub fn recode(a: RecodeArgs) -> Result<ExitCode> {
    if !a.db.exists() {
        bail!("{}: no such database", a.db.display());
    }
    let (mut store, old) = Store::open_upgrade(&a.db).with_context(|| format!("opening {}", a.db.display()))?;
    if let Some(v) = old {
        eprintln!("dyad: {}: schema upgraded from version {v} to {}", a.db.display(), dyad_store::SCHEMA_VERSION);
    }
    let before = store.counts()?;
    let engine = a.coder.load()?;
    let threads = a.threads.unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
    let start = Instant::now();
    let (mut after, mut stats, mut skipped) = (0i64, IngestStats::default(), 0usize);
    loop {
        let batch = store.stored_documents(after, a.batch.max(1))?;
        let Some(last) = batch.last().map(|(row, _)| *row) else { break };
        after = last;
        let mut rows = batch.iter().map(|(row, _)| *row).collect::<std::collections::VecDeque<i64>>();
        let items = batch.into_iter().map(|(_, d)| dyad_read::Item::Doc(d));
        let mut coded = Vec::new();
        pipeline::run(items, engine.code(), threads, |p| {
            let row = rows.pop_front();
            match p {
                pipeline::Processed::Doc(d) => coded.extend(row.map(|r| (r, d))),
                pipeline::Processed::Skipped { id, lang } => {
                    skipped += 1;
                    eprintln!("dyad: {id}: left as it was: language {lang:?} is not coded");
                }
                pipeline::Processed::Problem { origin, message } => eprintln!("dyad: {origin}: {message}"),
                pipeline::Processed::LeftAside { .. } => {}
            }
        });
        stats += store.replace(&coded, engine.provenance()).context("storing the re-coded documents")?;
        eprint!("\rdyad: {} documents re-coded", stats.replaced);
    }
    eprintln!();
    let c = store.counts()?;
    eprintln!(
        "dyad: {}: {} documents re-coded ({skipped} left as they were) in {:.1} s; events: {} reports, {} deduplicated (before: {}, {})",
        a.db.display(),
        stats.replaced,
        start.elapsed().as_secs_f64(),
        c.events,
        c.clusters,
        before.events,
        before.clusters
    );
    let problems = store.check()?;
    for p in &problems {
        eprintln!("dyad: check: {p}");
    }
    Ok(if problems.is_empty() { ExitCode::SUCCESS } else { ExitCode::from(1) })
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
        /// The length of a period (a row).
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
        /// The first actor: an actor or country code (RUS, RUSGOV, IGOUNO).
        a: String,
        /// The second actor, as A.
        b: String,
        #[command(flatten)]
        common: Common,
        /// The length of a period (a row).
        #[arg(long, value_enum, default_value = "year")]
        period: PeriodArg,
        /// First day (YYYY-MM-DD, inclusive).
        #[arg(long)]
        from: Option<NaiveDate>,
        /// Last day (YYYY-MM-DD, inclusive).
        #[arg(long)]
        to: Option<NaiveDate>,
    },
    /// The busiest dyads and actors.
    Top {
        #[command(flatten)]
        common: Common,
        #[command(flatten)]
        filter: FilterArgs,
        /// How many dyads and how many actors to list.
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
            let rows = query::events(&store, &checked_filter(&store, &common.db, &filter)?, limit)?;
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
            let rows = query::series(&store, &checked_filter(&store, &common.db, &filter)?, o)?;
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
            let (a, b) = (a.trim().to_uppercase(), b.trim().to_uppercase());
            check_actors(&store, &common.db, &[&a, &b])?;
            let rows = query::align(&store, &a, &b, &f, period.into())?;
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
            let (dyads, actors) = query::top(&store, &checked_filter(&store, &common.db, &filter)?, limit, by_country)?;
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

/// An actor code no event has is an error that names the store's close matches (a typo would
/// otherwise give an empty table and exit 0).
fn check_actors(store: &Store, db: &std::path::Path, codes: &[&str]) -> Result<()> {
    for code in codes {
        if dyad_store::dash::actor_known(store, code)? {
            continue;
        }
        let close = dyad_store::dash::close_actors(store, code, 6)?;
        let gaz = dyad_geo::Gazetteer::builtin();
        let named: Vec<String> = close.iter().map(|c| match gaz.country(c) {
            Some(i) => format!("{c} ({})", i.name),
            None => c.clone(),
        }).collect();
        let hint = if named.is_empty() { "`dyad query top` lists the busiest actors".to_string() } else { format!("close matches: {}", named.join(", ")) };
        bail!("no event in {} has the actor {code:?} (an actor code such as RUSGOV or a country code such as RUS); {hint}", db.display());
    }
    Ok(())
}

impl FilterArgs {
    /// The actor codes the filter names.
    fn actors(f: &Filter) -> Vec<&str> {
        let mut v: Vec<&str> = f.actor.iter().map(String::as_str).collect();
        if let Some((a, b)) = &f.dyad {
            v.push(a);
            v.push(b);
        }
        v
    }
}

/// The filter of `args`, its actors checked against the store.
fn checked_filter(store: &Store, db: &std::path::Path, args: &FilterArgs) -> Result<Filter> {
    let f = args.filter()?;
    check_actors(store, db, &FilterArgs::actors(&f))?;
    Ok(f)
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
    /// The output format.
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
    let f = checked_filter(&store, &a.db, &a.filter)?;
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
