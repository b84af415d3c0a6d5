//! Speed of the gazetteer load and of `geocode` over a generated mix of sentences.
//! Run: `cargo bench -p dyad-geo` (prints load time and sentences/s).

use dyad_model::Document;
use std::time::Instant;

fn main() {
    let t = Instant::now();
    let g = dyad_geo::Gazetteer::builtin();
    let load = t.elapsed();
    println!("gazetteer load: {:.1} ms ({} entries)", load.as_secs_f64() * 1e3, g.len());

    let places = [
        "Aleppo", "northern Mali", "Kharkiv", "the border town of Rafah", "Paris", "Tripoli", "eastern Ukraine", "Mosul",
        "Hyderabad", "San Jose", "Georgia", "Kiev", "the capital Kabul", "southern Lebanon", "Donetsk region", "Lagos",
    ];
    let subjects = ["Rebels", "The army", "Police", "Protesters", "Government forces", "Russian troops", "Officials"];
    let verbs = ["attacked a convoy", "clashed with militants", "arrested 12 people", "held talks", "shelled a market", "met reporters"];
    let fillers = [
        "Turkey said it would respond to the attack.",
        "The minister told reporters that the talks had failed.",
        "Reading the statement, Mr. Paris denied the claims.",
        "Jordan called for calm after the clashes on Monday.",
        "Aid groups warned of shortages as prices rose sharply across the region.",
    ];
    let mut text = String::new();
    let mut n = 0;
    for i in 0..20_000usize {
        if i % 3 == 2 {
            text.push_str(fillers[i % fillers.len()]);
        } else {
            let p = places[i % places.len()];
            let prep = ["in", "near", "outside", "at"][i % 4];
            text.push_str(&format!("{} {} {} {} on Tuesday, witnesses said.", subjects[i % subjects.len()], verbs[i % verbs.len()], prep, p));
        }
        text.push(' ');
        n += 1;
        if n % 20 == 0 {
            text.push_str("\n\n");
        }
    }
    let mut doc = Document::new("bench", text);
    dyad_text::process(&mut doc);
    let sentences = doc.sentences.len();
    let ctx: [&str; 2] = ["SYR", "UKR"];
    let t = Instant::now();
    let mut found = 0usize;
    let rounds = 3;
    for _ in 0..rounds {
        for s in 0..sentences {
            if dyad_geo::geocode(&doc, s, &ctx).is_some() {
                found += 1;
            }
        }
    }
    let el = t.elapsed().as_secs_f64();
    println!(
        "geocode: {} sentences x {} rounds in {:.1} ms = {:.0} sentences/s ({} placed)",
        sentences,
        rounds,
        el * 1e3,
        (sentences * rounds) as f64 / el,
        found / rounds
    );
}
