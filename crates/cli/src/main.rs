//! The `dyad` command. A thin binary: it parses flags and wires the library crates together; it is
//! the only place (with the server) that knows about JSON output and process exit codes.

mod cmd_fetch;
mod cmd_petrarch;
mod cmd_read;
mod cmd_serve;
mod cmd_store;
mod cmd_syntax;
mod eval;
mod output;
mod progress;

use anyhow::{Context, Result};
use chrono::NaiveDate;
use clap::{Parser, Subcommand};
use dyad_engine::pipeline;
use dyad_lexicon::Lexicon;
use std::io::{BufWriter, Write};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(name = "dyad", version, about = "Political event data from raw news: who did what to whom, when and where.")]
struct Cli {
    #[command(subcommand)]
    cmd: Cmd,
}

#[derive(Subcommand)]
enum Cmd {
    /// Code news documents into events (JSON lines on stdout).
    Code {
        /// Files or folders to read ("-" or nothing: standard input).
        paths: Vec<PathBuf>,
        /// Publication date (YYYY-MM-DD) of every document whose input has no `date` field; it wins over page metadata, datelines and feed dates.
        #[arg(long)]
        date: Option<NaiveDate>,
        /// Output: JSON lines (docs/event-schema.md), tab-separated columns with a header, or a
        /// Parquet dataset of the event table (with -o DIR: hive-partitioned by the event's year and
        /// month, undated events in year=__HIVE_DEFAULT_PARTITION__).
        #[arg(long, value_enum, default_value = "jsonl")]
        format: output::Format,
        /// With --format parquet: the dataset's folder (new or empty).
        #[arg(short, long, value_name = "DIR")]
        output: Option<PathBuf>,
        /// With --format parquet: a file is closed and the next one started at this size (MiB).
        #[arg(long, value_name = "MIB", default_value_t = 256)]
        max_file_mb: u64,
        /// Worker threads (default: all cores).
        #[arg(long)]
        threads: Option<usize>,
        #[command(flatten)]
        coder: CoderArgs,
    },
    /// Parse documents into dependency trees (CoNLL-U on stdout, byte spans in MISC).
    Parse {
        /// Files or folders to read ("-" or nothing: standard input).
        paths: Vec<PathBuf>,
        /// Worker threads (default: all cores).
        #[arg(long)]
        threads: Option<usize>,
    },
    /// Print what the readers make of the inputs, without coding: one JSON line per document (id,
    /// url, title, date, date_source, site, lang, text) or unreadable input, with the reason
    /// (`skip`, `skip_kind`) for any document that would not be coded.
    Read(cmd_read::ReadArgs),
    /// Measure accuracy: `dyad eval [plover] [FILE]` (PLOVER gold records),
    /// `dyad eval petrarch FILE.xml [--dicts DIR]` (a PETRARCH validation file),
    /// `dyad eval places [FILE]` (the geocoding suite, eval/places/places.tsv) or
    /// `dyad eval syntax FILE.conllu` (tagger, lemmatizer and parser against a treebank).
    Eval {
        /// `[plover] [FILE]` (default: the built-in PLOVER dev records, eval/fixtures/plover-gsr), `petrarch FILE.xml`,
        /// `places [FILE]` (default: the built-in geocoding suite) or `syntax FILE.conllu`.
        args: Vec<String>,
        /// Folder of the PETRARCH dictionaries (default: the validation file's folder).
        #[arg(long, value_name = "DIR")]
        dicts: Option<PathBuf>,
        /// Make malformed PETRARCH dictionary lines fatal.
        #[arg(long)]
        strict: bool,
        /// Print every record where the coder disagrees with the gold standard.
        #[arg(long, short)]
        verbose: bool,
        /// Code without the dependency parser (roles from word order, as `dyad code --no-syntax`).
        #[arg(long)]
        no_syntax: bool,
    },
    /// Inspect and lint the lexicons.
    Lexicon {
        #[command(subcommand)]
        cmd: LexCmd,
    },
    /// Code documents and store them in an event database (SQLite).
    Ingest(cmd_store::IngestArgs),
    /// Re-code every document of an event database with this dyad (after an upgrade, or with other
    /// lexicons), in place; upgrades a database of an older dyad.
    Recode(cmd_store::RecodeArgs),
    /// Query an event database: events, series, align, top.
    Query(cmd_store::QueryArgs),
    /// Export an event database: GDELT 2.0, PLOVER JSON lines, CSV or Parquet.
    Export(cmd_store::ExportArgs),
    /// Serve an event database as a read-only web dashboard and JSON API.
    Serve(cmd_serve::ServeArgs),
    /// Code the example stories into a temporary database and serve it.
    Demo(cmd_serve::DemoArgs),
    /// Fetch RSS/Atom feeds and article pages (URLs or files) into JSON lines for `dyad code`.
    Fetch(cmd_fetch::FetchArgs),
}

#[derive(Subcommand)]
enum LexCmd {
    /// Lint the built-in lexicons; exits non-zero on errors.
    Check,
    /// Show how a phrase resolves.
    Lookup {
        /// The phrase to look up ("Vladimir Putin", "the foreign minister", "shelled").
        text: String,
        /// The date for people's dated roles (YYYY-MM-DD; default: every role is listed).
        #[arg(long)]
        date: Option<NaiveDate>,
    },
    /// Print what the lexicons cover.
    Coverage,
    /// Report how the verb patterns convert to tree patterns (verb, object noun, preposition) and
    /// why the others do not.
    Tree {
        /// Also list every pattern that does not convert (file:line, pattern, reason).
        #[arg(long)]
        list: bool,
    },
    /// Convert PETRARCH/TABARI dictionaries (a folder) into dyad's lexicon format.
    Import {
        /// The folder of PETRARCH/TABARI dictionaries (actors, agents, discards, verbs files).
        dir: PathBuf,
        /// Output folder: a lexicon in the PETRARCH assembly (lexicon.toml, actors.tsv, agents.tsv,
        /// discards.tsv, synsets.tsv, verbs.tsv, patterns.tsv; docs/petrarch-import.md), lossless.
        #[arg(short, long)]
        out: PathBuf,
        /// Write dyad's native lexicon files instead (people/, agents.tsv, verbs/, irregular.tsv):
        /// lossy, for dyad's own coder; what does not map is listed in IMPORT-REPORT.txt.
        #[arg(long)]
        native: bool,
        /// Make malformed PETRARCH dictionary lines fatal.
        #[arg(long)]
        strict: bool,
    },
}

/// Which coder codes: the built-in lexicons, with or instead of a lexicon folder, or PETRARCH
/// dictionaries. The same flags for `code`, `ingest` and `recode`.
#[derive(clap::Args, Default, Clone)]
pub struct CoderArgs {
    /// Code with the PETRARCH/TABARI dictionaries in this folder instead of the built-in lexicons.
    #[arg(long, value_name = "DIR", conflicts_with = "lexicon")]
    petrarch: Option<PathBuf>,
    /// Add the dyad-format lexicon files (*.tsv, laid out like data/lexicon) in this folder.
    #[arg(long, value_name = "DIR")]
    lexicon: Option<PathBuf>,
    /// With --lexicon: use its people, organisations, agents and verbs instead of the built-in ones.
    /// A lexicon whose lexicon.toml says `assembly = "petrarch"` (written by `dyad lexicon import`)
    /// is coded in PETRARCH mode and needs this flag.
    #[arg(long, requires = "lexicon")]
    lexicon_only: bool,
    /// Make malformed PETRARCH dictionary lines fatal.
    #[arg(long)]
    strict: bool,
    /// Do not parse: read roles from word order only, as before the dependency parser (4-7 times
    /// faster; finds fewer source-target pairs on text dyad was not tuned on; see README).
    #[arg(long)]
    no_syntax: bool,
}

pub use dyad_engine::Engine;

impl CoderArgs {
    /// Loads the coder these flags ask for.
    pub fn load(&self) -> Result<Engine> {
        let opts = dyad_engine::EngineOptions { petrarch: self.petrarch.clone(), lexicon: self.lexicon.clone(), lexicon_only: self.lexicon_only, strict: self.strict, no_syntax: self.no_syntax };
        Ok(dyad_engine::load(&opts)?)
    }
}

/// The coder with the built-in lexicons (built once per process), with or without the parse.
fn load_coder(syntax: bool) -> &'static dyad_coder::Coder {
    dyad_engine::builtin_coder_with(syntax)
}

/// The documents of `paths` (standard input when there are none or only "-").
pub(crate) fn inputs(paths: &[PathBuf], opts: &dyad_read::ReadOptions) -> Box<dyn Iterator<Item = dyad_read::Item> + Send> {
    if paths.is_empty() || paths.iter().all(|p| p.as_os_str() == "-") {
        Box::new(dyad_read::read_reader("-", Box::new(std::io::stdin()), opts))
    } else {
        Box::new(dyad_read::read_paths(paths, opts))
    }
}

/// `--threads`, or every core.
pub(crate) fn worker_threads(threads: Option<usize>) -> usize {
    threads.unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
}

fn main() -> ExitCode {
    // Behave like other Unix tools when the reader goes away (`dyad code ... | head`): exit quietly.
    #[cfg(unix)]
    // SAFETY: restoring the default action of SIGPIPE before any thread starts.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("dyad: error: {e:#}");
            ExitCode::from(2)
        }
    }
}

fn run(cli: Cli) -> Result<ExitCode> {
    match cli.cmd {
        Cmd::Code { paths, date, format, output, max_file_mb, threads, coder } => {
            let engine = coder.load()?;
            let sink = match (format, output) {
                (output::Format::Parquet, Some(dir)) => {
                    let opts = dyad_table::DatasetOptions { max_file_bytes: max_file_mb.max(1) << 20, ..Default::default() };
                    Sink::Dataset(dyad_table::Dataset::create(&dir, opts)?, dir)
                }
                (output::Format::Parquet, None) => anyhow::bail!("--format parquet writes a dataset folder: give -o DIR"),
                (_, Some(_)) => anyhow::bail!("-o DIR is for --format parquet; JSON lines and TSV go to standard output"),
                (f, None) => Sink::Text(f),
            };
            code(&engine, paths, date, sink, threads)
        }
        Cmd::Eval { args, dicts, strict, verbose, no_syntax } => {
            let file = match cmd_petrarch::eval_target(&args)? {
                cmd_petrarch::EvalTarget::Petrarch(f) => return cmd_petrarch::eval(&f, dicts.as_deref(), strict, verbose),
                cmd_petrarch::EvalTarget::Syntax(f) => return cmd_syntax::eval(&f),
                cmd_petrarch::EvalTarget::Plover(f) => f,
                cmd_petrarch::EvalTarget::Places(f) => return eval::places(f.as_deref(), verbose),
            };
            let coder = load_coder(!no_syntax);
            eval::run(coder, file.as_deref(), verbose)?;
            Ok(ExitCode::SUCCESS)
        }
        Cmd::Parse { paths, threads } => cmd_syntax::parse(paths, threads),
        Cmd::Lexicon { cmd } => lexicon(cmd),
        Cmd::Ingest(a) => cmd_store::ingest(a),
        Cmd::Recode(a) => cmd_store::recode(a),
        Cmd::Query(a) => cmd_store::query(a),
        Cmd::Export(a) => cmd_store::export(a),
        Cmd::Serve(a) => cmd_serve::serve(a),
        Cmd::Demo(a) => cmd_serve::demo(a),
        Cmd::Fetch(a) => cmd_fetch::run(a),
        Cmd::Read(a) => cmd_read::run(a),
    }
}

/// Where `dyad code` writes events.
enum Sink {
    Text(output::Format),
    Dataset(dyad_table::Dataset, PathBuf),
}

fn code(engine: &Engine, paths: Vec<PathBuf>, date: Option<NaiveDate>, sink: Sink, threads: Option<usize>) -> Result<ExitCode> {
    let coder = engine.code();
    let (format, mut dataset) = match sink {
        Sink::Text(f) => (f, None),
        Sink::Dataset(d, dir) => (output::Format::Parquet, Some((d, dir))),
    };
    let mut progress = progress::Progress::new(&paths);
    let opts = dyad_read::ReadOptions { default_date: date, bytes_read: progress.counter(), ..Default::default() };
    let threads = worker_threads(threads);
    let items = inputs(&paths, &opts);
    let stdout = std::io::stdout();
    let mut out = BufWriter::with_capacity(1 << 16, stdout.lock());
    if format == output::Format::Tsv {
        writeln!(out, "{}", output::TSV_HEADER)?;
    }
    let (mut docs, mut sentences, mut events, mut problems, mut skipped, mut failed) = (0usize, 0usize, 0usize, 0usize, 0usize, 0usize);
    let mut by_kind: std::collections::BTreeMap<&'static str, usize> = Default::default();
    let mut skips = pipeline::Skips::default();
    let mut write_err = None;
    pipeline::run(items, coder, threads, |p| { progress.tick(); match p {
        pipeline::Processed::Doc(doc) => {
            docs += 1;
            sentences += doc.sentences.len();
            if !doc.diagnostics.is_empty() {
                progress.clear();
            }
            for d in &doc.diagnostics {
                eprintln!("dyad: {}: {:?}: {}", doc.id, d.severity, d.message);
            }
            if doc.has_errors() {
                failed += 1;
            }
            for e in &doc.events {
                events += 1;
                if write_err.is_none() {
                    let written = match &mut dataset {
                        Some((ds, _)) => ds.push(&output::EventOut::new(&doc, e), engine.provenance()).map_err(std::io::Error::other),
                        None => output::write_event(&mut out, format, &doc, e),
                    };
                    if let Err(err) = written {
                        write_err = Some(err);
                    }
                }
            }
        }
        pipeline::Processed::Skipped { id, lang } => {
            skipped += 1;
            skips.language(&lang);
            progress.clear();
            eprintln!("dyad: {id}: skipped: language {lang:?} is not coded");
        }
        pipeline::Processed::LeftAside { reason, .. } => skips.record(&reason),
        pipeline::Processed::Problem { origin, message } => {
            problems += 1;
            *by_kind.entry(dyad_read::problem_kind(&origin, &message)).or_default() += 1;
            progress.clear();
            // The message starts with the origin.
            eprintln!("dyad: {message}");
        }
    }});
    progress.finish();
    if let Some(e) = write_err {
        if e.kind() != std::io::ErrorKind::BrokenPipe {
            return Err(e).context("writing output");
        }
    }
    out.flush().ok();
    if let Some((ds, dir)) = dataset {
        let s = ds.close().with_context(|| format!("writing the dataset in {}", dir.display()))?;
        eprintln!("dyad: wrote {} events ({} undated) in {} Parquet files under {}", s.rows, s.undated, s.files.len(), dir.display());
    }
    let kind = |k| by_kind.get(k).copied().unwrap_or(0);
    eprintln!(
        "dyad: {docs} documents, {sentences} sentences, {events} events; skipped: {skipped} language{}, {} binary, {} empty, {} malformed, {} unreadable; {failed} with errors{}",
        skips.languages_detail(), kind("binary"), kind("empty"), kind("malformed"), kind("unreadable"), skips.records_summary()
    );
    Ok(if problems + failed > 0 { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

fn lexicon(cmd: LexCmd) -> Result<ExitCode> {
    match cmd {
        LexCmd::Import { dir, out, native, strict } => cmd_petrarch::import(&dir, &out, native, strict),
        LexCmd::Check => {
            let (lex, mut issues) = Lexicon::builtin();
            issues.extend(lex.lint());
            let errors = issues.iter().filter(|i| i.error).count();
            for i in &issues {
                println!("{} {i}", if i.error { "error:" } else { "warning:" });
            }
            println!("{} errors, {} warnings", errors, issues.len() - errors);
            Ok(if errors > 0 { ExitCode::from(1) } else { ExitCode::SUCCESS })
        }
        LexCmd::Lookup { text, date } => {
            let coder = load_coder(true);
            let lex = coder.lexicon();
            let mut doc = dyad_model::Document::new("lookup", text);
            dyad_text::process(&mut doc);
            let syms = lex.intern(&doc.keys, &doc.tokens);
            let mut found = false;
            for i in 0..doc.tokens.len() {
                if let Some(m) = lex.actor_at(&syms, i) {
                    for &id in lex.actor_values(&m) {
                        let e = &lex.actors[id as usize];
                        let applies = match (date, e.dated) {
                            (Some(d), true) => if e.covers(d) { "applies" } else { "not on that date" },
                            _ => "",
                        };
                        println!(
                            "{:?}: {} {} country={} sectors={} {}..{} {} {} {}",
                            e.phrase, e.kind.name(), e.code, e.country.as_deref().unwrap_or("-"), e.sectors.join(","),
                            e.from.map(|d| d.to_string()).unwrap_or_default(), e.to.map(|d| d.to_string()).unwrap_or_default(),
                            e.role, lex.origin(e.origin), applies
                        );
                        found = true;
                    }
                }
                if let Some(m) = lex.agent_at(&syms, i) {
                    for &id in lex.agent_values(&m) {
                        let e = &lex.agents[id as usize];
                        println!("{:?}: agent sectors={} {}", e.phrase, e.sectors.join(","), lex.origin(e.origin));
                        found = true;
                    }
                }
                let mut vs = Vec::new();
                lex.verbs_at(&syms, i, &|_| true, &mut vs);
                for m in vs {
                    for &id in lex.verb_values(&m) {
                        let v = &lex.verbs[id as usize];
                        let info = v.code.and_then(|c| lex.events.get(c));
                        println!("{:?}: verb {} {} {}", v.pattern, v.code.as_deref().unwrap_or("---"), info.map_or("", |i| i.name.as_str()), lex.origin(v.origin));
                        found = true;
                    }
                }
            }
            if !found {
                println!("no lexicon entry matches");
            }
            Ok(ExitCode::SUCCESS)
        }
        LexCmd::Coverage => {
            let (lex, _) = Lexicon::builtin();
            let c = lex.coverage();
            println!("countries and territories: {} ({} with name, adjective and seat of government)", c.countries, c.countries_complete);
            println!("person-roles: {}", c.person_roles);
            println!("organisations: {}", c.organisations);
            println!("agent entries: {}", c.agents);
            println!("verb and phrase entries: {}", c.verb_patterns);
            println!("CAMEO event codes: {} in the table; {} of {} (3–4 digit) reachable by a verb entry", c.event_codes, c.codes_reachable, c.codes_total);
            if !c.missing_codes.is_empty() {
                println!("unreachable: {}", c.missing_codes.join(" "));
            }
            Ok(ExitCode::SUCCESS)
        }
        LexCmd::Tree { list } => {
            let (lex, _) = Lexicon::builtin();
            let mut why: std::collections::BTreeMap<dyad_coder::Unconverted, usize> = Default::default();
            let mut converted = 0;
            for v in &lex.verbs {
                match dyad_coder::convert_to_tree(v) {
                    Ok(_) => converted += 1,
                    Err(u) => {
                        *why.entry(u).or_default() += 1;
                        if list {
                            println!("{}\t{}\t{}", lex.origin(v.origin), v.pattern, u.describe());
                        }
                    }
                }
            }
            println!("verb patterns: {}; converted to tree patterns (verb with object noun and preposition, or event noun with preposition): {converted}", lex.verbs.len());
            for (u, n) in why {
                println!("not converted, {}: {n}", u.describe());
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Cli;
    use clap::CommandFactory;

    /// Every subcommand and every argument of every subcommand says what it is for.
    #[test]
    fn every_argument_has_help() {
        fn walk(cmd: &clap::Command, path: &str, missing: &mut Vec<String>) {
            for a in cmd.get_arguments() {
                let id = a.get_id().as_str();
                if matches!(id, "help" | "version") {
                    continue;
                }
                if a.get_help().is_none() && a.get_long_help().is_none() {
                    missing.push(format!("{path} {id}"));
                }
            }
            for sub in cmd.get_subcommands() {
                let p = format!("{path} {}", sub.get_name());
                if sub.get_about().is_none() && sub.get_long_about().is_none() {
                    missing.push(format!("{p} (the subcommand)"));
                }
                walk(sub, &p, missing);
            }
        }
        let mut missing = Vec::new();
        walk(&Cli::command(), "dyad", &mut missing);
        assert!(missing.is_empty(), "arguments without help text:\n{}", missing.join("\n"));
    }
}
