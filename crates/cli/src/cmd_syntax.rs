//! `dyad parse` (CoNLL-U out) and `dyad eval syntax` (CoNLL 2018 measures against a treebank file).

use crate::pipeline;
use anyhow::{Context, Result};
use dyad_model::Document;
use dyad_syntax::Parser;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// The embedded parser, or an error that says what is missing.
pub fn parser() -> Result<&'static Parser<'static>> {
    Parser::embedded().map_err(|e| anyhow::anyhow!("{e}"))
}

/// A pipeline stage that parses every sentence (instead of coding events).
struct ParseAll(&'static Parser<'static>);

impl pipeline::Code for ParseAll {
    fn code(&self, doc: &mut Document) {
        self.0.parse_all(doc);
    }
}

/// Writes one document's parsed sentences as CoNLL-U. MISC holds each word's byte span in the
/// document (`Span=start:end`) and `SpaceAfter=No` where no space follows.
pub fn write_conllu(out: &mut impl Write, doc: &Document) -> std::io::Result<()> {
    writeln!(out, "# newdoc id = {}", doc.id.replace('\n', " "))?;
    for (s, sent) in doc.sentences.iter().enumerate() {
        let words = doc.sentence_words(s);
        if words.is_empty() {
            continue;
        }
        let base = sent.words.as_ref().map_or(0, |r| r.start);
        writeln!(out, "# sent_id = {}-{}", doc.id.replace('\n', " "), s + 1)?;
        writeln!(out, "# text = {}", doc.slice(sent.span).replace('\n', " "))?;
        for (i, w) in words.iter().enumerate() {
            let form = doc.slice(w.span).replace(['\t', '\n'], " ");
            let lemma = doc.lemmas.get(w.lemma.range()).unwrap_or("_");
            let head = w.head.map_or(0, |h| h - base + 1);
            let space = words.get(i + 1).map_or(true, |n| n.span.start > w.span.end);
            let misc = format!("Span={}:{}{}", w.span.start, w.span.end, if space { "" } else { "|SpaceAfter=No" });
            writeln!(out, "{}\t{}\t{}\t{}\t{}\t_\t{}\t{}\t_\t{}", i + 1, form, if lemma.is_empty() { "_" } else { lemma }, w.upos.as_str(), w.xpos.as_str(), head, w.deprel.as_str(), misc)?;
        }
        writeln!(out)?;
    }
    Ok(())
}

/// `dyad parse [PATH...]`.
pub fn parse(paths: Vec<PathBuf>, threads: Option<usize>) -> Result<ExitCode> {
    let p = ParseAll(parser()?);
    let opts = dyad_read::ReadOptions::default();
    let threads = crate::worker_threads(threads);
    let items = crate::inputs(&paths, &opts);
    let stdout = std::io::stdout();
    let mut out = BufWriter::with_capacity(1 << 16, stdout.lock());
    let (mut problems, mut write_err) = (0usize, None);
    let mut skips = pipeline::Skips::default();
    pipeline::run(items, &p, threads, |r| match r {
        pipeline::Processed::Doc(doc) => {
            for d in &doc.diagnostics {
                eprintln!("dyad: {}: {:?}: {}", doc.id, d.severity, d.message);
            }
            if write_err.is_none() {
                if let Err(e) = write_conllu(&mut out, &doc) {
                    write_err = Some(e);
                }
            }
        }
        pipeline::Processed::Skipped { id, lang } => eprintln!("dyad: {id}: skipped: language {lang:?} is not parsed"),
        pipeline::Processed::Problem { message, .. } => {
            problems += 1;
            eprintln!("dyad: {message}");
        }
        pipeline::Processed::LeftAside { reason } => skips.record(&reason),
    });
    let left_aside = skips.records_summary();
    if !left_aside.is_empty() {
        eprintln!("dyad: {}", left_aside.trim_start_matches("; "));
    }
    if let Some(e) = write_err {
        if e.kind() != std::io::ErrorKind::BrokenPipe {
            return Err(e).context("writing output");
        }
    }
    out.flush().ok();
    Ok(if problems > 0 { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

/// `dyad eval syntax FILE.conllu`: the CoNLL 2018 measures with the file's tokens and from its raw text.
pub fn eval(file: &Path) -> Result<ExitCode> {
    let text = std::fs::read_to_string(file).with_context(|| format!("reading {}", file.display()))?;
    let sents = dyad_syntax::conllu::parse(&text).with_context(|| format!("reading {}", file.display()))?;
    anyhow::ensure!(!sents.is_empty(), "{}: no sentences", file.display());
    let parser = parser()?;
    let words: usize = sents.iter().map(|s| s.words.len()).sum();
    println!("{}: {} sentences, {} words", file.display(), sents.len(), words);
    println!();
    print!("{}", dyad_syntax::eval::gold_tokens(parser, &sents).render("With the file's tokens (gold segmentation):", false));
    println!();
    print!("{}", dyad_syntax::eval::raw_text(parser, &sents).render("From raw text (dyad's sentence splitter and tokenizer):", true));
    Ok(ExitCode::SUCCESS)
}
