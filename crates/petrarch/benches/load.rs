//! Loads the full production dictionaries (../shared/reference/petrarch-dicts) and prints the time,
//! the counts and the peak resident memory (VmHWM from /proc/self/status); then the same
//! dictionaries imported into dyad's format (`dyad lexicon import`) and read back.

use dyad_petrarch::{Dicts, PetrarchCoder};
use std::path::Path;
use std::time::Instant;

fn vm_hwm_kb() -> Option<u64> {
    let s = std::fs::read_to_string("/proc/self/status").ok()?;
    let l = s.lines().find(|l| l.starts_with("VmHWM:"))?;
    l.split_whitespace().nth(1)?.parse().ok()
}

fn main() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/reference/petrarch-dicts");
    if !Path::new(dir).is_dir() {
        eprintln!("skipped: {dir} is missing");
        return;
    }
    let before = vm_hwm_kb().unwrap_or(0);
    let t = Instant::now();
    let (dicts, issues) = Dicts::load_dir(Path::new(dir), false).expect("load");
    let read = t.elapsed();
    let phrases: usize = dicts.actors.iter().map(|a| a.phrases.len()).sum();
    let patterns: usize = dicts.verbs.blocks.iter().map(|b| b.patterns.len()).sum();
    let (actors, agents, discards, verbs, blocks) = (dicts.actors.len(), dicts.agents.len(), dicts.discards.len(), dicts.verbs.verbs.len(), dicts.verbs.blocks.len());
    let coder = PetrarchCoder::new(dicts);
    let total = t.elapsed();
    let after = vm_hwm_kb().unwrap_or(0);
    let errors = issues.iter().filter(|i| i.error).count();
    println!("actors: {actors} entries, {phrases} phrases; agents: {agents}; discards: {discards}; verbs: {verbs} in {blocks} blocks, {patterns} patterns");
    println!("issues: {errors} errors, {} warnings", issues.len() - errors);
    println!("read: {:.3} s; read + index: {:.3} s", read.as_secs_f64(), total.as_secs_f64());
    println!("peak RSS (VmHWM): {:.1} MB (before loading: {:.1} MB)", after as f64 / 1024.0, before as f64 / 1024.0);
    // The imported form: written to a temporary folder, read back and indexed.
    let tmp = std::env::temp_dir().join(format!("dyad-petrarch-load-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&tmp);
    std::fs::create_dir_all(&tmp).expect("temporary folder");
    let w = dyad_petrarch::dyadfmt::write(&coder.dicts, dir);
    let bytes: usize = w.files.iter().map(|(_, t)| t.len()).sum();
    for (rel, text) in &w.files {
        std::fs::write(tmp.join(rel), text).expect("write");
    }
    let t = Instant::now();
    let (back, back_issues) = dyad_petrarch::dyadfmt::load_dir(&tmp, false).expect("load the import");
    let read = t.elapsed();
    let same = back == coder.dicts;
    drop(coder);
    let coder = PetrarchCoder::new(back);
    let total = t.elapsed();
    println!(
        "imported ({:.1} MB of dyad-format files): read: {:.3} s; read + index: {:.3} s; {} errors; equal to the original: {same}",
        bytes as f64 / 1e6,
        read.as_secs_f64(),
        total.as_secs_f64(),
        back_issues.iter().filter(|i| i.error).count()
    );
    drop(coder);
    let _ = std::fs::remove_dir_all(&tmp);
}
