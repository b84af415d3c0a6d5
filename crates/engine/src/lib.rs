//! dyad's coding engine as a library, shared by the `dyad` command and the Python package:
//!
//! * [`load`]: the coder that [`EngineOptions`] ask for — the built-in lexicons, with or instead
//!   of a folder of dyad-format lexicon files, or PETRARCH dictionaries (PETRARCH mode) — with its
//!   [`Provenance`]: dyad's version and a coder id, a hash of every lexicon, dictionary and table
//!   the coder was built from, so that rows coded by different releases or lexicons can be told
//!   apart. (A coder that adds a model adds the model's bytes to [`coder_id`]'s input.)
//! * [`pipeline`]: read → language stage → text stage → coder, over threads, in input order.

pub mod pipeline;
mod petrarch;

pub use dyad_table::Provenance;
pub use petrarch::{engine as petrarch_engine, report_issues, PetrarchEngine};

use dyad_coder::Coder;
use dyad_lexicon::Lexicon;
use std::path::{Path, PathBuf};

/// Why a coder could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{0}")]
    Load(String),
}

/// Which coder to load (the `--petrarch`, `--lexicon`, `--lexicon-only` and `--strict` flags).
#[derive(Debug, Clone, Default)]
pub struct EngineOptions {
    /// PETRARCH/TABARI dictionaries in this folder, instead of the built-in lexicons.
    pub petrarch: Option<PathBuf>,
    /// dyad-format lexicon files (*.tsv, laid out like data/lexicon) to add.
    pub lexicon: Option<PathBuf>,
    /// Use the lexicon folder's people, organisations, agents and verbs instead of the built-in ones.
    pub lexicon_only: bool,
    /// Make malformed PETRARCH dictionary lines fatal.
    pub strict: bool,
    /// Read roles from word order only, without the dependency parse (`--no-syntax`).
    pub no_syntax: bool,
}

enum Coders {
    Dyad(&'static Coder),
    Petrarch(PetrarchEngine),
}

/// A loaded coder of either kind, with its provenance.
pub struct Engine {
    coder: Coders,
    provenance: Provenance,
}

impl Engine {
    /// What codes a document whose text stage has run.
    pub fn code(&self) -> &dyn pipeline::Code {
        match &self.coder {
            Coders::Dyad(c) => *c,
            Coders::Petrarch(e) => e,
        }
    }

    /// dyad's version and the coder id of this coder.
    pub fn provenance(&self) -> &Provenance {
        &self.provenance
    }
}

/// The version of this dyad.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// A 64-bit FNV-1a hash over named byte strings (names and lengths included, so that moving bytes
/// between files changes it).
struct Fnv(u64);

impl Fnv {
    fn new() -> Fnv {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
    fn bytes(&mut self, b: &[u8]) {
        for &x in (b.len() as u64).to_le_bytes().iter().chain(b) {
            self.0 = (self.0 ^ x as u64).wrapping_mul(0x0100_0000_01b3);
        }
    }
}

/// The coder id of a coder built from these named inputs (lexicon files, dictionaries, tables),
/// in the mode named by `kind`: `kind-` and 16 hex digits.
pub fn coder_id<'a>(kind: &str, inputs: impl IntoIterator<Item = (&'a str, &'a [u8])>) -> String {
    let mut h = Fnv::new();
    h.bytes(kind.as_bytes());
    for (name, bytes) in inputs {
        h.bytes(name.as_bytes());
        h.bytes(bytes);
    }
    format!("{kind}-{:016x}", h.0)
}

fn builtin_inputs<'a>() -> impl Iterator<Item = (&'a str, &'a [u8])> {
    dyad_lexicon::BUILTIN.iter().map(|(n, t)| (*n, t.as_bytes()))
}

fn provenance(coder_id: String) -> Provenance {
    Provenance { dyad_version: VERSION.to_string(), coder_id }
}

/// The files under `dir` (recursively, sorted) whose name passes `keep`: (path relative to
/// `dir`, contents).
fn files(dir: &Path, keep: &dyn Fn(&Path) -> bool) -> Result<Vec<(String, Vec<u8>)>, Error> {
    fn walk(root: &Path, dir: &Path, keep: &dyn Fn(&Path) -> bool, out: &mut Vec<(String, Vec<u8>)>) -> Result<(), Error> {
        let rd = std::fs::read_dir(dir).map_err(|e| Error::Load(format!("reading {}: {e}", dir.display())))?;
        let mut entries: Vec<PathBuf> = rd.filter_map(|e| e.ok().map(|e| e.path())).collect();
        entries.sort();
        for p in entries {
            if p.is_dir() {
                walk(root, &p, keep, out)?;
            } else if keep(&p) {
                let rel = p.strip_prefix(root).unwrap_or(&p).to_string_lossy().replace('\\', "/");
                let bytes = std::fs::read(&p).map_err(|e| Error::Load(format!("reading {}: {e}", p.display())))?;
                out.push((rel, bytes));
            }
        }
        Ok(())
    }
    let mut out = Vec::new();
    walk(dir, dir, keep, &mut out)?;
    Ok(out)
}

/// Loads the coder `opts` ask for.
pub fn load(opts: &EngineOptions) -> Result<Engine, Error> {
    let petrarch_dir = match (&opts.petrarch, &opts.lexicon) {
        (Some(_), Some(_)) => return Err(Error::Load("give either PETRARCH dictionaries or a lexicon folder, not both".into())),
        (Some(dir), None) => Some(dir),
        (None, Some(dir)) if dyad_petrarch::dyadfmt::is_petrarch_lexicon(dir) => {
            if !opts.lexicon_only {
                return Err(Error::Load(format!(
                    "{}: this lexicon is coded with the PETRARCH assembly (its {} says so) and cannot be added to the built-in lexicons: use --lexicon-only",
                    dir.display(),
                    dyad_petrarch::dyadfmt::MANIFEST
                )));
            }
            Some(dir)
        }
        _ => None,
    };
    if let Some(dir) = petrarch_dir {
        let inputs = files(dir, &|_| true)?;
        let id = coder_id("petrarch", builtin_inputs().filter(|(n, _)| n.starts_with("cameo/")).chain(inputs.iter().map(|(n, b)| (n.as_str(), b.as_slice()))));
        return Ok(Engine { coder: Coders::Petrarch(petrarch::engine(dir, opts.strict)?), provenance: provenance(id) });
    }
    match &opts.lexicon {
        Some(dir) => {
            let inputs = files(dir, &|p| p.extension().is_some_and(|e| e == "tsv"))?;
            if inputs.is_empty() {
                return Err(Error::Load(format!("{}: no lexicon files (*.tsv)", dir.display())));
            }
            let kind = match (opts.lexicon_only, opts.no_syntax) {
                (true, false) => "dyad-only+syntax",
                (true, true) => "dyad-only",
                (false, false) => "dyad-plus+syntax",
                (false, true) => "dyad-plus",
            };
            let mut extra = Vec::with_capacity(inputs.len());
            for (rel, bytes) in &inputs {
                let text = String::from_utf8(bytes.clone()).map_err(|_| Error::Load(format!("{}/{rel}: not UTF-8", dir.display())))?;
                extra.push((format!("lexicon/{rel}"), text));
            }
            let builtin: Vec<(&str, &[u8])> = if opts.lexicon_only { builtin_inputs().filter(|(n, _)| n.starts_with("cameo/")).collect() } else { builtin_inputs().collect() };
            let id = coder_id(kind, builtin.into_iter().chain(extra.iter().map(|(n, t)| (n.as_str(), t.as_bytes()))));
            start_gazetteer();
            let (lex, issues) = Lexicon::builtin_with(extra, opts.lexicon_only);
            report_lexicon_issues(&issues);
            Ok(Engine { coder: Coders::Dyad(Box::leak(Box::new(Coder::new(lex).with_syntax(!opts.no_syntax)))), provenance: provenance(id) })
        }
        None => Ok(Engine { coder: Coders::Dyad(builtin_coder_with(!opts.no_syntax)), provenance: builtin_provenance_with(!opts.no_syntax) }),
    }
}

fn report_lexicon_issues(issues: &[dyad_lexicon::Issue]) {
    let errors = issues.iter().filter(|i| i.error).count();
    for i in issues.iter().filter(|i| i.error).take(20) {
        eprintln!("dyad: lexicon: {i}");
    }
    if errors > 20 {
        eprintln!("dyad: lexicon: ... {} more errors (`dyad lexicon check` lists the built-in ones)", errors - 20);
    }
}

/// The gazetteer parses on another core while the lexicons compile and the first documents are
/// read; the first geocoding waits for it if it is not ready yet.
fn start_gazetteer() {
    std::thread::spawn(|| {
        dyad_geo::Gazetteer::builtin();
    });
}

/// The provenance of the built-in coder (with the dependency parse).
pub fn builtin_provenance() -> Provenance {
    builtin_provenance_with(true)
}

/// The provenance of the built-in coder with or without the dependency parse (the parser's model
/// ships with the release, so dyad's version names it).
pub fn builtin_provenance_with(syntax: bool) -> Provenance {
    provenance(coder_id(if syntax { "dyad+syntax" } else { "dyad" }, builtin_inputs()))
}

/// The coder with the built-in lexicons and the dependency parse, built once per process. It lives
/// as long as the process: leaking it spares freeing hundreds of thousands of small allocations at
/// exit (about a tenth of start-up time).
pub fn builtin_coder() -> &'static Coder {
    builtin_coder_with(true)
}

/// The built-in coder with (`true`) or without the dependency parse, each built once per process.
pub fn builtin_coder_with(syntax: bool) -> &'static Coder {
    static CODERS: [std::sync::OnceLock<&'static Coder>; 2] = [std::sync::OnceLock::new(), std::sync::OnceLock::new()];
    CODERS[syntax as usize].get_or_init(|| {
        start_gazetteer();
        let (lex, issues) = Lexicon::builtin();
        for i in issues.iter().filter(|i| i.error) {
            eprintln!("dyad: lexicon: {i}");
        }
        Box::leak(Box::new(Coder::new(lex).with_syntax(syntax)))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn coder_ids_change_with_any_input() {
        let a = coder_id("dyad", [("x.tsv", &b"a"[..])]);
        assert_eq!(a, coder_id("dyad", [("x.tsv", &b"a"[..])]));
        assert_ne!(a, coder_id("dyad", [("x.tsv", &b"b"[..])]));
        assert_ne!(a, coder_id("dyad", [("y.tsv", &b"a"[..])]));
        assert_ne!(coder_id("dyad", [("x", &b"ab"[..]), ("y", &b""[..])]), coder_id("dyad", [("x", &b"a"[..]), ("y", &b"b"[..])]));
        assert!(builtin_provenance().coder_id.starts_with("dyad+syntax-"));
        assert!(builtin_provenance_with(false).coder_id.starts_with("dyad-"));
    }
}
