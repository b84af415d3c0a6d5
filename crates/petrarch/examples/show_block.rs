//! Prints the parsed verb block NAME from a verb file. Usage: show_block FILE NAME
fn main() {
    let a: Vec<String> = std::env::args().collect();
    let text = std::fs::read_to_string(&a[1]).expect("read");
    let mut v = dyad_petrarch::dict::Verbs::default();
    let _ = dyad_petrarch::dict::read_verbs(&text, &a[1], &mut v);
    for b in v.blocks.iter().filter(|b| b.name == a[2]) {
        println!("{b:#?}");
    }
}
