//! The built-in model's weight tables: classes, slots, sparse entries, dense rows, and how many rows
//! have each length (0: dense). `cargo run --release -p dyad-syntax --example table_stats`
fn main() {
    let p = dyad_syntax::Parser::embedded().expect("the built-in model");
    let m = p.model();
    println!("{}", m.info);
    for (n, t) in [("tagger", &m.tagger), ("parser", &m.parser), ("labeler", &m.labeler)] {
        println!("{n}: (classes, slots, sparse entries, dense rows) {:?}", t.stats());
        let h = t.row_lengths();
        println!("  rows by length: {:?}", &h[..16]);
    }
}
