//! Codes one sentence with a folder of PETRARCH dictionaries and prints the events.
//! Usage: code_text DIR YYYYMMDD "sentence" [new_actor_length] [require_dyad]
fn main() {
    let a: Vec<String> = std::env::args().collect();
    let (d, _) = dyad_petrarch::Dicts::load_dir(std::path::Path::new(&a[1]), false).expect("load");
    let coder = dyad_petrarch::PetrarchCoder::new(d);
    let mut doc = dyad_model::Document::new("x", a[3].clone());
    doc.date = dyad_petrarch::dict::parse_date(&a[2]);
    dyad_text::process(&mut doc);
    let mut o = dyad_petrarch::Options::default();
    if let Some(n) = a.get(4) {
        o.new_actor_length = n.parse().unwrap();
    }
    if let Some(r) = a.get(5) {
        o.require_dyad = r == "true";
    }
    let c = coder.code(&doc, &o);
    println!("{c:#?}");
}
