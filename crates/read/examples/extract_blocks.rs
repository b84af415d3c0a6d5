//! Shows how the article extractor reads a page: every text block with its class (Good, Medium,
//! Heading, Bad), whether it was kept, dropped with a boilerplate element, and the elements it is
//! in. `cargo run --release -p dyad-read --example extract_blocks -- PAGE.html[.gz]`

use std::io::Read;

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: extract_blocks PAGE.html[.gz]");
        std::process::exit(2);
    };
    let bytes = match std::fs::read(&path) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("{path}: {e}");
            std::process::exit(1);
        }
    };
    let bytes = if bytes.starts_with(&[0x1f, 0x8b]) {
        let mut out = Vec::new();
        if let Err(e) = flate2::read::MultiGzDecoder::new(&bytes[..]).read_to_end(&mut out) {
            eprintln!("{path}: {e}");
            std::process::exit(1);
        }
        out
    } else {
        bytes
    };
    print!("{}", dyad_read::explain_page(&String::from_utf8_lossy(&bytes)));
}
