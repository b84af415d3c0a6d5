//! `dyad eval petrarch FILE.xml [--dicts DIR]`, `dyad code --petrarch DIR` (or `--lexicon DIR
//! --lexicon-only` with a PETRARCH-assembly lexicon) and `dyad lexicon import`: PETRARCH/TABARI
//! dictionaries and validation files (see the `dyad-petrarch` crate).

use anyhow::{bail, Context, Result};
use dyad_engine::report_issues;
use dyad_petrarch::{validate, Dicts, PetrarchCoder};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Runs a PETRARCH validation file; prints failing records and "N passed, M failed".
pub fn eval(file: &Path, dicts: Option<&Path>, strict: bool, verbose: bool) -> Result<ExitCode> {
    let text = std::fs::read_to_string(file).with_context(|| format!("reading {}", file.display()))?;
    let (vf, warnings) = validate::read(&text);
    for w in &warnings {
        eprintln!("dyad: {}: {w}", file.display());
    }
    let dir = dicts.map(Path::to_path_buf).unwrap_or_else(|| file.parent().map(Path::to_path_buf).unwrap_or_else(|| PathBuf::from(".")));
    let (d, issues) = vf.load_dicts(&dir, strict).map_err(anyhow::Error::msg)?;
    report_issues(&issues);
    let coder = PetrarchCoder::new(d);
    let (mut pass, mut fail, mut skipped) = (0usize, 0usize, 0usize);
    for r in &vf.records {
        if !r.valid {
            skipped += 1;
            continue;
        }
        let o = validate::run_record(&coder, r);
        if o.pass {
            pass += 1;
            if verbose {
                println!("pass {}", o.id);
            }
        } else {
            fail += 1;
            println!("FAIL {} (line {}): {}", o.id, r.line, r.text);
            println!("    expected: {}", o.expected);
            println!("    got:      {}", o.got);
        }
    }
    println!("{skipped} records skipped (valid=\"false\")");
    println!("{pass} passed, {fail} failed");
    Ok(if fail == 0 { ExitCode::SUCCESS } else { ExitCode::from(1) })
}

/// `dyad eval [plover] [FILE]` / `dyad eval petrarch FILE.xml`: splits the positional arguments.
pub enum EvalTarget {
    Plover(Option<PathBuf>),
    Petrarch(PathBuf),
    Places(Option<PathBuf>),
    Syntax(PathBuf),
}

pub fn eval_target(args: &[String]) -> Result<EvalTarget> {
    match args {
        [] => Ok(EvalTarget::Plover(None)),
        [k] if k == "plover" => Ok(EvalTarget::Plover(None)),
        [k, f] if k == "plover" => Ok(EvalTarget::Plover(Some(PathBuf::from(f)))),
        [k] if k == "petrarch" => bail!("dyad eval petrarch needs a validation file (FILE.xml)"),
        [k, f] if k == "petrarch" => Ok(EvalTarget::Petrarch(PathBuf::from(f))),
        [k] if k == "syntax" => bail!("dyad eval syntax needs a treebank file (FILE.conllu)"),
        [k, f] if k == "syntax" => Ok(EvalTarget::Syntax(PathBuf::from(f))),
        [k] if k == "places" => Ok(EvalTarget::Places(None)),
        [k, f] if k == "places" => Ok(EvalTarget::Places(Some(PathBuf::from(f)))),
        [f] => Ok(EvalTarget::Plover(Some(PathBuf::from(f)))),
        _ => bail!("usage: dyad eval [plover] [FILE] | dyad eval petrarch FILE.xml [--dicts DIR] | dyad eval places [FILE] | dyad eval syntax FILE.conllu"),
    }
}

/// `dyad lexicon import DIR -o OUTDIR [--native]`: converts PETRARCH dictionaries into a
/// PETRARCH-assembly dyad lexicon (lossless; checked by reading it back), or with `native` into
/// dyad's native lexicon format (lossy; checked by compiling it, with a report of what does not map).
pub fn import(dir: &Path, out: &Path, native: bool, strict: bool) -> Result<ExitCode> {
    let (d, issues) = Dicts::load_dir(dir, strict).map_err(anyhow::Error::msg)?;
    report_issues(&issues);
    let write = |rel: &str, text: &str| -> Result<()> {
        let p = out.join(rel);
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent).with_context(|| format!("creating {}", parent.display()))?;
        }
        std::fs::write(&p, text).with_context(|| format!("writing {}", p.display()))
    };
    if !native {
        let w = dyad_petrarch::import::import(&d, &dir.display().to_string());
        for (rel, text) in &w.files {
            write(rel, text)?;
        }
        for n in &w.notes {
            eprintln!("dyad: import: {n}");
        }
        // Check: read the files back; they must give the same dictionaries.
        let (back, back_issues) = dyad_petrarch::dyadfmt::load_dir(out, false).map_err(anyhow::Error::msg)?;
        let errors = back_issues.iter().filter(|i| i.error).count();
        for i in back_issues.iter().filter(|i| i.error).take(10) {
            eprintln!("dyad: imported lexicon: {i}");
        }
        let phrases: usize = d.actors.iter().map(|a| a.phrases.len()).sum();
        let patterns: usize = d.verbs.blocks.iter().map(|b| b.patterns.len()).sum();
        println!(
            "{} actors ({phrases} phrases), {} agents, {} discards, {} verbs in {} blocks, {patterns} patterns, {} synonym sets written to {} (assembly = petrarch)",
            d.actors.len(),
            d.agents.len(),
            d.discards.len(),
            d.verbs.verbs.len(),
            d.verbs.blocks.len(),
            d.verbs.synsets.len(),
            out.display()
        );
        if back == d && errors == 0 {
            println!("read back: identical to the dictionaries imported");
            return Ok(ExitCode::SUCCESS);
        }
        eprintln!("dyad: import: reading {} back gives different dictionaries ({errors} errors)", out.display());
        return Ok(ExitCode::from(1));
    }
    let im = dyad_petrarch::import::native(&d);
    for (rel, text) in &im.files {
        write(rel, text)?;
    }
    let mut report = String::new();
    for u in &im.unmapped {
        report.push_str(u);
        report.push('\n');
    }
    let rp = out.join("IMPORT-REPORT.txt");
    std::fs::write(&rp, &report).with_context(|| format!("writing {}", rp.display()))?;
    // Compile the result with dyad's own lexicon loader (plus the built-in event table and countries).
    let mut sources: Vec<(String, String)> = im.files.iter().map(|(p, t)| (format!("lexicon/{p}"), t.clone())).collect();
    for (p, t) in dyad_lexicon::BUILTIN.iter() {
        if p.ends_with("events.tsv") || p.ends_with("countries.tsv") {
            sources.push((p.to_string(), t.to_string()));
        }
    }
    let (_, lex_issues) = dyad_lexicon::Lexicon::from_sources(sources);
    let lex_errors = lex_issues.iter().filter(|i| i.error).count();
    for i in lex_issues.iter().filter(|i| i.error).take(10) {
        eprintln!("dyad: imported lexicon: {i}");
    }
    println!(
        "{} actors ({} rows), {} agents, {} verb rows, {} irregular verbs written to {}",
        im.actors,
        im.actor_rows,
        im.agents,
        im.verb_rows,
        im.irregular,
        out.display()
    );
    println!("{} entries did not map (listed in {})", im.unmapped.len(), rp.display());
    println!("dyad's lexicon loader: {} errors, {} warnings on the imported files", lex_errors, lex_issues.len() - lex_errors);
    Ok(ExitCode::SUCCESS)
}
