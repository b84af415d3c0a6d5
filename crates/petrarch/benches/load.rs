//! Loads the full production dictionaries (../shared/reference/petrarch-dicts) and prints the time,
//! the counts and the peak resident memory (VmHWM from /proc/self/status).

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
    drop(coder);
}
