//! A model's weight tables: classes, slots, sparse entries, dense rows, and how many rows have each
//! length (0: dense). `cargo run --release -p dyad-syntax --example table_stats [-- M.dsyn.gz]`
//! (without a file: the built-in model).
fn main() {
    let owned;
    let p = match std::env::args().nth(1) {
        Some(path) => {
            let mut bytes = Vec::new();
            let f = std::fs::File::open(&path).expect("model file");
            std::io::Read::read_to_end(&mut flate2::read::GzDecoder::new(f), &mut bytes).expect("gzip");
            owned = dyad_syntax::Parser::new(dyad_syntax::Model::from_bytes(Vec::leak(bytes)).expect("a syntax model"));
            &owned
        }
        None => dyad_syntax::Parser::embedded().expect("the built-in model"),
    };
    let m = p.model();
    println!("{}", m.info);
    for (n, t) in [("tagger", &m.tagger), ("parser", &m.parser), ("labeler", &m.labeler)] {
        let (classes, slots, sparse, dense) = t.stats();
        let width = classes.div_ceil(8) * 8;
        let mb = (slots * 8 + sparse * 3 + dense * width * 2) as f64 / 1e6;
        println!("{n}: (classes, slots, sparse entries, dense rows) {:?}, {mb:.1} MB", t.stats());
        let h = t.row_lengths();
        println!("  rows by length: {:?}", &h[..16]);
    }
}
