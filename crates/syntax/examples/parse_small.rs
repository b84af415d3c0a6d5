//! Parses a few hundred news sentences: for instruction counting under callgrind.
fn main() {
    let p = dyad_syntax::Parser::embedded().unwrap();
    let text = std::fs::read_to_string(std::env::args().nth(1).unwrap()).unwrap();
    let mut words = 0;
    for line in text.lines().take(300) {
        let mut d = dyad_model::Document::new("x", line);
        dyad_text::process(&mut d);
        p.parse_all(&mut d);
        words += d.words.len();
    }
    println!("{words} words");
}
