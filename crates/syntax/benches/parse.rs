//! Throughput and memory of the syntax stage on realistic news text.
//!
//! `cargo bench -p dyad-syntax --bench parse` reads the sentences of dyad's development and held-out
//! sets (`eval/dev2`, `eval/heldout`, `eval/heldout2`: wire-style news, 15–40 words) and the example
//! stories, repeats them to about 2 MB, and prints, on one thread and on all cores:
//! the model's load time and the memory it adds (VmHWM), tagging alone, and tagging + lemmatizing +
//! parsing, in tokens/s, sentences/s and MB/s. The text stage runs before timing starts.
//! Plain timing with `std::time::Instant`; asserts nothing.
//!
//! `DYAD_SYNTAX_BENCH_MB=0.3` sets the corpus size (default 2), `DYAD_SYNTAX_BENCH_RUNS=5` times the
//! one-thread parse that many times and reports the best and median run by CPU time (default 1): on a
//! shared machine, the best of several short runs is a steadier figure than one long run.
//!
//! `DYAD_SYNTAX_BENCH_MODEL=M.dsyn.gz` measures that model file instead of the built-in one (for
//! comparing candidate models before one is committed; its load time then includes decompressing).

use dyad_model::Document;
use dyad_syntax::Parser;
use std::time::Instant;

fn vm_hwm_kb() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| s.lines().find(|l| l.starts_with("VmHWM:")).and_then(|l| l.split_whitespace().nth(1)?.parse().ok()))
        .unwrap_or(0)
}

/// CPU seconds used by this thread (user + system), from /proc: the machine may be shared, and wall
/// time then understates the throughput of a core.
fn cpu_secs() -> f64 {
    std::fs::read_to_string("/proc/thread-self/stat")
        .ok()
        .and_then(|s| {
            let rest = &s[s.rfind(')')? + 2..];
            let f: Vec<&str> = rest.split_whitespace().collect();
            Some((f.get(11)?.parse::<f64>().ok()? + f.get(12)?.parse::<f64>().ok()?) / 100.0)
        })
        .unwrap_or(0.0)
}

fn sentences() -> Vec<String> {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../..");
    let mut out = Vec::new();
    for f in ["eval/dev2/news_dev2.json", "eval/heldout/news_2024.json", "eval/heldout2/news_2025.json"] {
        let Ok(text) = std::fs::read_to_string(format!("{root}/{f}")) else { continue };
        for line in text.lines() {
            if let Some(i) = line.find("\"text\": \"") {
                let rest = &line[i + 9..];
                if let Some(j) = rest.find("\", \"") {
                    out.push(rest[..j].replace("\\\"", "\""));
                }
            }
        }
    }
    if let Ok(rd) = std::fs::read_dir(format!("{root}/examples")) {
        let mut paths: Vec<_> = rd.filter_map(|e| e.ok()).map(|e| e.path()).filter(|p| p.extension().is_some_and(|e| e == "txt")).collect();
        paths.sort();
        for p in paths {
            if let Ok(t) = std::fs::read_to_string(p) {
                out.extend(t.lines().filter(|l| l.split_whitespace().count() > 5).map(str::to_string));
            }
        }
    }
    out
}

fn main() {
    let hwm0 = vm_hwm_kb();
    let t = Instant::now();
    let parser: &Parser<'static> = match std::env::var("DYAD_SYNTAX_BENCH_MODEL") {
        Ok(path) => {
            let mut bytes = Vec::new();
            let read = std::fs::File::open(&path).and_then(|f| std::io::Read::read_to_end(&mut flate2::read::GzDecoder::new(f), &mut bytes));
            if let Err(e) = read {
                eprintln!("{path}: {e}");
                return;
            }
            match dyad_syntax::Model::from_bytes(Vec::leak(bytes)) {
                Ok(m) => {
                    println!("model {path}");
                    Box::leak(Box::new(Parser::new(m)))
                }
                Err(e) => {
                    eprintln!("{path}: {e}");
                    return;
                }
            }
        }
        Err(_) => match Parser::embedded() {
            Ok(p) => p,
            Err(e) => {
                eprintln!("no model: {e}");
                return;
            }
        },
    };
    let load = t.elapsed();
    let hwm1 = vm_hwm_kb();
    println!("model load: {:.1} ms; peak memory +{} MB (VmHWM {} → {} MB)", load.as_secs_f64() * 1e3, (hwm1 - hwm0) / 1024, hwm0 / 1024, hwm1 / 1024);

    let base = sentences();
    assert!(!base.is_empty(), "no benchmark sentences found");
    let words: usize = base.iter().map(|s| s.split_whitespace().count()).sum();
    println!("{} distinct sentences, {:.1} words on average", base.len(), words as f64 / base.len() as f64);
    let mut docs_one = Vec::new(); // one sentence per document
    let mut bytes = 0;
    let env = |name: &str, default: f64| std::env::var(name).ok().and_then(|v| v.parse::<f64>().ok()).unwrap_or(default);
    let target_bytes = (env("DYAD_SYNTAX_BENCH_MB", 2.0) * 1e6) as usize;
    let runs = (env("DYAD_SYNTAX_BENCH_RUNS", 1.0) as usize).max(1);
    while bytes < target_bytes {
        for s in &base {
            bytes += s.len();
            let mut d = Document::new("b", s.clone());
            dyad_text::process(&mut d);
            docs_one.push(d);
        }
    }
    let tokens: usize = docs_one.iter().map(|d| d.tokens.len()).sum();
    let nsent: usize = docs_one.iter().map(|d| d.sentences.len()).sum();

    // Tagging alone.
    let forms: Vec<Vec<String>> = docs_one.iter().map(|d| d.tokens.iter().map(|t| d.slice(t.span).to_string()).collect()).collect();
    let m = parser.model();
    let t = Instant::now();
    let c0 = cpu_secs();
    let mut tags = Vec::new();
    let mut n = 0;
    for f in &forms {
        let f: Vec<&str> = f.iter().map(String::as_str).collect();
        dyad_syntax::tagger::tag(&m.tagger, &m.lex, &f, None, &mut tags);
        n += tags.len();
    }
    let secs = t.elapsed().as_secs_f64();
    let cpu = cpu_secs() - c0;
    println!("tagging, 1 thread: {:.0} tokens/s ({:.0} per CPU second)", n as f64 / secs, n as f64 / cpu);

    // One thread, timed by CPU time as well; with several runs, the best and the median by CPU time.
    let mut timed: Vec<(f64, f64, usize)> = (0..runs)
        .map(|_| {
            let mut docs = docs_one.clone();
            let t = Instant::now();
            let c0 = cpu_secs();
            for d in &mut docs {
                parser.parse_all(d);
            }
            let (secs, cpu) = (t.elapsed().as_secs_f64(), cpu_secs() - c0);
            (cpu, secs, docs.iter().map(|d| d.words.len()).sum())
        })
        .collect();
    timed.sort_by(|a, b| a.0.total_cmp(&b.0));
    for (what, &(cpu, secs, words)) in [("", &timed[0]), (", median run", &timed[runs / 2])].iter().take(if runs > 1 { 2 } else { 1 }) {
        let runs = if runs > 1 { format!(" (best of {runs} runs{what})") } else { String::new() };
        println!(
            "tag + lemma + parse, 1 thread{runs}: {:.0} words/s ({:.0} tokens/s), {:.0} sentences/s, {:.2} MB/s; per CPU second: {:.0} words, {:.0} sentences, {:.2} MB",
            words as f64 / secs, tokens as f64 / secs, nsent as f64 / secs, bytes as f64 / secs / 1e6,
            words as f64 / cpu, nsent as f64 / cpu, bytes as f64 / cpu / 1e6
        );
    }
    for threads in [std::thread::available_parallelism().map_or(1, |n| n.get())] {
        let mut docs = docs_one.clone();
        let t = Instant::now();
        let chunk = docs.len().div_ceil(threads);
        std::thread::scope(|s| {
            for part in docs.chunks_mut(chunk) {
                s.spawn(move || {
                    for d in part {
                        parser.parse_all(d);
                    }
                });
            }
        });
        let secs = t.elapsed().as_secs_f64();
        let words: usize = docs.iter().map(|d| d.words.len()).sum();
        println!(
            "tag + lemma + parse, {threads} thread(s): {:.0} words/s ({:.0} tokens/s), {:.0} sentences/s, {:.2} MB/s",
            words as f64 / secs, tokens as f64 / secs, nsent as f64 / secs, bytes as f64 / secs / 1e6
        );
    }
    println!("peak memory (VmHWM) at the end: {} MB", vm_hwm_kb() / 1024);
}
