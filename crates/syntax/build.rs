//! Embeds the syntax model: `data/syntax/en_ewt.dsyn.gz` is decompressed into OUT_DIR once per build,
//! so that the binary holds the model's bytes as they are read at run time (no decoding at start-up).
//! A missing or broken model file is a build error: a dyad without its parser must not build quietly.

use std::io::Read;
use std::path::PathBuf;

fn main() {
    // Read at run time of the build script, not baked in when it was compiled: one compiled build
    // script serves every checkout that shares the target folder (CI's fresh-clone step does).
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("CARGO_MANIFEST_DIR"));
    let src = manifest.join("../../data/syntax/en_ewt.dsyn.gz");
    println!("cargo:rerun-if-changed={}", src.display());
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("OUT_DIR")).join("model.bin");
    let f = std::fs::File::open(&src).unwrap_or_else(|e| panic!("{}: {e}: the syntax model is part of the repository", src.display()));
    let mut bytes = Vec::new();
    flate2::read::GzDecoder::new(f).read_to_end(&mut bytes).unwrap_or_else(|e| panic!("{}: not a valid gzip file: {e}", src.display()));
    std::fs::write(&out, bytes).expect("writing the model into OUT_DIR");
}
