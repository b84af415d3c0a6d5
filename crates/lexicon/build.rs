//! Embeds every lexicon file under data/ into the binary, so dyad needs no files at run time.
use std::path::{Path, PathBuf};

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(rd) = std::fs::read_dir(dir) else { return };
    let mut entries: Vec<_> = rd.filter_map(|e| e.ok()).map(|e| e.path()).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            collect(&p, out);
        } else if p.extension().is_some_and(|e| e == "tsv") {
            out.push(p);
        }
    }
}

fn main() {
    let root = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap()).join("../../data");
    let root = root.canonicalize().expect("data/ folder next to crates/");
    println!("cargo:rerun-if-changed={}", root.display());
    let mut files = Vec::new();
    // Only the lexicons and the CAMEO tables: other data (the gazetteer) belongs to other crates.
    collect(&root.join("cameo"), &mut files);
    collect(&root.join("lexicon"), &mut files);
    let mut code = String::from("/// Every built-in data file: (path relative to data/, contents).\npub static BUILTIN: &[(&str, &str)] = &[\n");
    for f in &files {
        let rel = f.strip_prefix(&root).unwrap().to_string_lossy().replace('\\', "/");
        println!("cargo:rerun-if-changed={}", f.display());
        code.push_str(&format!("    ({:?}, include_str!({:?})),\n", rel, f.display().to_string()));
    }
    for d in ["lexicon", "lexicon/people", "lexicon/verbs", "cameo"] {
        println!("cargo:rerun-if-changed={}", root.join(d).display());
    }
    code.push_str("];\n");
    let out = PathBuf::from(std::env::var("OUT_DIR").unwrap()).join("builtin.rs");
    std::fs::write(out, code).unwrap();
}
