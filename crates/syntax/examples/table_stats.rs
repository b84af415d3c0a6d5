fn main() {
    let p = dyad_syntax::Parser::embedded().unwrap();
    let m = p.model();
    println!("{}", m.info);
    for (n, t) in [("tagger", &m.tagger), ("parser", &m.parser), ("labeler", &m.labeler)] {
        println!("{n}: {:?}", t.stats());
        let h = t.row_lengths();
        println!("  row lengths: {:?}", &h[..16]);
    }
}
#[allow(dead_code)]
fn _x() {}
