//! Prints the issues found when loading a folder of PETRARCH dictionaries.
fn main() {
    let dir = std::env::args().nth(1).expect("usage: dict_issues DIR");
    let (_, issues) = dyad_petrarch::Dicts::load_dir(std::path::Path::new(&dir), false).expect("load");
    for i in issues {
        println!("{} {i}", if i.error { "error" } else { "warning" });
    }
}
