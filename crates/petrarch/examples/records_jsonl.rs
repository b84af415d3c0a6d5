//! Prints the records of a PETRARCH validation file as JSON lines (`id`, `date`, `text`) for
//! `dyad code`, e.g. to compare `--petrarch DIR` with an imported lexicon (bench/petrarch.sh).
//! Usage: records_jsonl FILE.xml
fn json(s: &str) -> String {
    let mut o = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => o.push_str("\\\""),
            '\\' => o.push_str("\\\\"),
            c if (c as u32) < 0x20 => o.push_str(&format!("\\u{:04x}", c as u32)),
            c => o.push(c),
        }
    }
    o.push('"');
    o
}

fn main() {
    let file = std::env::args().nth(1).expect("usage: records_jsonl FILE.xml");
    let text = std::fs::read_to_string(&file).expect("read the validation file");
    let (vf, _) = dyad_petrarch::validate::read(&text);
    for r in &vf.records {
        let date = r.date.map(|d| format!(",\"date\":\"{d}\"")).unwrap_or_default();
        println!("{{\"id\":{}{date},\"text\":{}}}", json(&r.id), json(&r.text));
    }
}
