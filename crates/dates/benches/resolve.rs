//! Throughput of the date resolver on a generated mix of news-like sentences.
//!
//! `cargo bench -p dyad-dates --bench resolve` prints sentences per second for sentences without a
//! time expression, with one, and for a 80/20 mix. Plain timing with `std::time::Instant`.

use chrono::NaiveDate;
use dyad_dates::DateResolver;
use std::hint::black_box;
use std::time::Instant;

struct XorShift(u64);

impl XorShift {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }
    fn pick<'a>(&mut self, xs: &[&'a str]) -> &'a str {
        xs[(self.next() % xs.len() as u64) as usize]
    }
}

const SUBJECTS: &[&str] = &[
    "Police in the northern city",
    "The foreign minister of Ukraine",
    "Hundreds of protesters",
    "Government forces backed by air strikes",
    "A spokesman for the United Nations refugee agency",
    "Opposition leader Raila Odinga",
    "Israeli troops",
    "The European Union's top diplomat",
];
const VERBS: &[&str] = &[
    "accused the rebels of violating the ceasefire agreement signed",
    "met his Chinese counterpart to discuss trade and security",
    "clashed with security forces near the parliament building",
    "said it would send 200 more peacekeepers to the region",
    "arrested 14 people suspected of links to the militant group",
    "called for an independent investigation into the killings",
    "rejected the proposal as an attempt to delay the elections",
    "signed a cooperation agreement worth 3.5 billion dollars",
];
const TAILS: &[&str] = &[
    ", according to a statement from the ministry.",
    " in the capital, witnesses said.",
    ", the agency reported, citing local officials.",
    " after weeks of tension along the border.",
    ".",
];
const TIMES: &[&str] = &[
    " on Monday",
    " last week",
    " on March 3",
    " in 2019",
    " two days ago",
    " yesterday",
    " early February",
    " over the weekend",
    " on 12 May 2023",
    " three weeks later",
];

fn sentence(r: &mut XorShift, with_time: bool) -> String {
    let mut s = String::with_capacity(160);
    s.push_str(r.pick(SUBJECTS));
    s.push(' ');
    s.push_str(r.pick(VERBS));
    if with_time {
        s.push_str(r.pick(TIMES));
    }
    s.push_str(r.pick(TAILS));
    s
}

fn run(label: &str, sentences: &[String], rounds: usize) {
    let publication = NaiveDate::from_ymd_opt(2024, 3, 6).unwrap();
    let mut found = 0usize;
    let t = Instant::now();
    for _ in 0..rounds {
        // A story of 20 sentences per resolver, as in the pipeline.
        for story in sentences.chunks(20) {
            let mut res = DateResolver::new(publication);
            for s in story {
                found += black_box(res.sentence(black_box(s))).len();
            }
        }
    }
    let secs = t.elapsed().as_secs_f64();
    let n = (sentences.len() * rounds) as f64;
    println!(
        "{label:<28} {:>12.0} sentences/s  ({:.0} ns/sentence, {} expressions over {} sentences)",
        n / secs,
        secs * 1e9 / n,
        found,
        n as u64
    );
}

fn main() {
    let mut r = XorShift(0x9E37_79B9_7F4A_7C15);
    let n = 20_000;
    let plain: Vec<String> = (0..n).map(|_| sentence(&mut r, false)).collect();
    let timed: Vec<String> = (0..n).map(|_| sentence(&mut r, true)).collect();
    let mix: Vec<String> = (0..n).map(|_| { let t = r.next().is_multiple_of(5); sentence(&mut r, t) }).collect();
    let bytes: usize = mix.iter().map(|s| s.len()).sum();
    println!("dyad-dates resolve bench: {n} sentences per set, mean {} bytes/sentence", bytes / n);
    // Warm-up.
    run("warm-up (mix)", &mix, 2);
    run("no time expression", &plain, 20);
    run("one time expression", &timed, 20);
    run("mix (20% with one)", &mix, 20);
}
