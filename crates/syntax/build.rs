//! Embeds the syntax model: `data/syntax/en_ewt.dsyn.gz` is decompressed into OUT_DIR once per build,
//! so that the binary holds the model's bytes as they are read at run time (no decoding at start-up).
//! Without the file, an empty model is embedded and `Parser::embedded()` reports it as missing.

use std::io::Read;
use std::path::Path;

fn main() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/syntax/en_ewt.dsyn.gz");
    println!("cargo:rerun-if-changed={}", src.display());
    let out = Path::new(&std::env::var("OUT_DIR").expect("OUT_DIR")).join("model.bin");
    let mut bytes = Vec::new();
    if let Ok(f) = std::fs::File::open(&src) {
        flate2::read::GzDecoder::new(f).read_to_end(&mut bytes).expect("data/syntax/en_ewt.dsyn.gz is not a valid gzip file");
    }
    std::fs::write(&out, bytes).expect("writing the model into OUT_DIR");
}
