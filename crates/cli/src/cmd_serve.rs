//! `dyad serve` (the dashboard over a store) and `dyad demo` (code the example stories into a
//! temporary store and serve it).

use crate::pipeline;
use anyhow::{anyhow, bail, Context, Result};
use clap::Args;
use dyad_store::Store;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Args)]
pub struct ServeArgs {
    /// The database (opened read-only).
    #[arg(long, default_value = "dyad.db")]
    db: PathBuf,
    /// Address to listen on (loopback by default; 0.0.0.0:PORT exposes the dashboard to the network).
    #[arg(long, default_value = "127.0.0.1:8080")]
    addr: String,
}

#[derive(Args)]
pub struct DemoArgs {
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:8080")]
    addr: String,
    /// Folder of example stories (.txt, .json, .jsonl; default: the repository's examples/).
    #[arg(long)]
    examples: Option<PathBuf>,
    /// Keep the demo database at this path instead of a temporary file.
    #[arg(long)]
    db: Option<PathBuf>,
    /// Build the database and exit without serving.
    #[arg(long)]
    no_serve: bool,
}

pub fn serve(a: ServeArgs) -> Result<ExitCode> {
    dyad_serve::run(&a.db, &a.addr).map_err(|e| anyhow!(e))?;
    Ok(ExitCode::SUCCESS)
}

/// The repository's examples folder, as seen when this binary was built.
const EXAMPLES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples");

/// The story files of a folder: `.txt`, `.json`, `.jsonl`, not the `*.expected.*` test files.
fn story_files(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).with_context(|| format!("reading {}", dir.display()))? {
        let p = e?.path();
        let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
        let ext = p.extension().and_then(|x| x.to_str()).unwrap_or("");
        if p.is_file() && matches!(ext, "txt" | "json" | "jsonl") && !name.contains(".expected.") {
            out.push(p);
        }
    }
    out.sort();
    Ok(out)
}

/// Codes the stories of `dir` into a new store at `db`; returns (documents, events).
pub fn build_demo(dir: &Path, db: &Path) -> Result<(u64, u64)> {
    let files = story_files(dir)?;
    if files.is_empty() {
        bail!("{}: no example stories (.txt, .json, .jsonl)", dir.display());
    }
    let coder = crate::load_coder(true);
    let items = dyad_read::read_paths(&files, &dyad_read::ReadOptions::default());
    let mut docs = Vec::new();
    pipeline::run(items, coder, 1, |p| match p {
        pipeline::Processed::Doc(d) => docs.push(d),
        pipeline::Processed::Skipped { id, lang } => eprintln!("dyad demo: {id}: skipped: language {lang:?}"),
        pipeline::Processed::Problem { origin, message } => eprintln!("dyad demo: {origin}: {message}"),
        pipeline::Processed::LeftAside { .. } => {}
    });
    let mut store = Store::open(db).with_context(|| format!("creating {}", db.display()))?;
    let stats = store.ingest_coded(&docs, &dyad_engine::builtin_provenance()).context("storing the examples")?;
    let c = store.counts()?;
    Ok((stats.documents, c.clusters))
}

const DEMO_PREFIX: &str = "dyad-demo-";

/// A temporary folder, removed when dropped (on every return path, errors included).
struct TempDir(PathBuf);

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Removes the folders of demos whose process is gone (killed before they could clean up).
fn remove_stale_demos() {
    let Ok(entries) = std::fs::read_dir(std::env::temp_dir()) else { return };
    for e in entries.flatten() {
        let name = e.file_name();
        let Some(pid) = name.to_str().and_then(|n| n.strip_prefix(DEMO_PREFIX)).and_then(|p| p.parse::<u32>().ok()) else { continue };
        if !Path::new(&format!("/proc/{pid}")).exists() && Path::new("/proc/self").exists() {
            let _ = std::fs::remove_dir_all(e.path());
        }
    }
}

pub fn demo(a: DemoArgs) -> Result<ExitCode> {
    let dir = a.examples.clone().unwrap_or_else(|| PathBuf::from(EXAMPLES));
    if !dir.is_dir() {
        bail!("{}: no examples folder (run from a clone of the repository, or pass --examples DIR)", dir.display());
    }
    let (db, tmp) = match &a.db {
        Some(p) => {
            if p.exists() {
                bail!("{} exists; the demo builds a new database (remove it or choose another path)", p.display());
            }
            (p.clone(), None)
        }
        None => {
            // A folder of this process, removed when the demo ends (Ctrl-C and SIGTERM stop the
            // server, which then returns here). Folders of earlier demos that were killed are
            // removed too.
            remove_stale_demos();
            let t = std::env::temp_dir().join(format!("{DEMO_PREFIX}{}", std::process::id()));
            let _ = std::fs::remove_dir_all(&t);
            std::fs::create_dir_all(&t)?;
            (t.join("demo.db"), Some(TempDir(t)))
        }
    };
    let (docs, events) = build_demo(&dir, &db)?;
    eprintln!("dyad demo: coded {docs} stories from {} into {} ({events} deduplicated events)", dir.display(), db.display());
    if a.no_serve {
        if let Some(t) = &tmp {
            eprintln!("dyad demo: {} is removed now (keep a database with --db PATH)", t.0.display());
        }
        return Ok(ExitCode::SUCCESS);
    }
    dyad_serve::run(&db, &a.addr).map_err(|e| anyhow!(e))?;
    drop(tmp);
    Ok(ExitCode::SUCCESS)
}
