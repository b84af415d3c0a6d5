//! Store benchmarks (std::time::Instant, no harness):
//!
//! 1. ingest throughput: generated coded documents (20 sentences, 10 mentions, 5 events each,
//!    60 actors, one year of dates) into a fresh database, 500 documents a transaction;
//! 2. `series` over a generated store of `DYAD_BENCH_EVENTS` (default 500,000, so that a plain
//!    run stays short; the target is measured with 10,000,000) event clusters over ten years,
//!    loaded with `Store::bulk_load` in one transaction (secondary indexes created after the
//!    load; this bench-only database runs with `journal_mode=OFF`, `synchronous=OFF`).
//!
//! `cargo bench -p dyad-store --bench store` (DYAD_BENCH_DIR: where the databases go, default the
//! system temp folder; DYAD_BENCH_DOCS: documents for the ingest part, default 20,000;
//! DYAD_BENCH_KEEP: keep the databases). The 10-million-event figure:
//! `DYAD_BENCH_EVENTS=10000000 cargo bench -p dyad-store --bench store` (a 1-million-event store
//! takes 293 MB of disk; the 10-million one about ten times that).
//! Measured on the project's 2-core machine: the 10-million-event store is generated in 111 s;
//! the five aggregate-path `series` cases answer in 0.3–14.5 ms (median of 7); the
//! clusters-table path (a CAMEO filter with a dyad) takes 1.7 s at that size.

use chrono::NaiveDate;
use dyad_model::*;
use dyad_store::query::{self, Filter, Period, SeriesOptions};
use dyad_store::{BulkEvent, Store};
use std::time::Instant;

struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        // xorshift64*
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545F4914F6CDD1D)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    /// Skewed pick in 0..n: squares a uniform draw (small indexes are much more frequent).
    fn skewed(&mut self, n: u64) -> u64 {
        let u = (self.next() >> 11) as f64 / (1u64 << 53) as f64;
        ((u * u) * n as f64) as u64
    }
}

const COUNTRIES: [&str; 40] = [
    "USA", "RUS", "CHN", "GBR", "FRA", "DEU", "IRN", "ISR", "UKR", "TUR", "IND", "PAK", "JPN", "KOR", "PRK", "SYR", "IRQ", "AFG", "SAU",
    "EGY", "BRA", "MEX", "CAN", "AUS", "ITA", "ESP", "POL", "NGA", "ZAF", "KEN", "ETH", "SDN", "LBY", "YEM", "QAT", "ARE", "VEN", "COL",
    "IDN", "PHL",
];
const SECTORS: [&str; 3] = ["", "GOV", "MIL"];
const CODES: [(&str, u8, f64); 12] = [
    ("010", 1, 0.0), ("036", 1, 4.0), ("040", 1, 1.0), ("042", 1, 1.9), ("057", 1, 8.0), ("073", 2, 7.4),
    ("111", 3, -2.0), ("112", 3, -2.0), ("130", 3, -4.4), ("173", 4, -5.0), ("190", 4, -10.0), ("1823", 4, -9.0),
];

fn actor(r: &mut Rng) -> (String, String) {
    let c = COUNTRIES[r.skewed(COUNTRIES.len() as u64) as usize];
    let s = SECTORS[r.below(3) as usize];
    (format!("{c}{s}"), c.to_string())
}

fn gen_doc(r: &mut Rng, i: usize, start: NaiveDate) -> Document {
    let mut d = Document::new(format!("doc{i}"), String::new());
    d.url = Some(format!("https://site{}.example/{i}", i % 50));
    d.site = Some(format!("Site {}", i % 50));
    let pubdate = start + chrono::Days::new(r.below(365));
    d.date = Some(pubdate);
    let mut text = String::new();
    for s in 0..20u32 {
        let st = text.len();
        text.push_str(&format!("Sentence {s} of document {i}: the officials of one country met the envoys of another one on Monday, a statement said. "));
        d.sentences.push(Sentence { span: Span::new(st, text.len() - 1), tokens: 0..0, words: None });
        if s % 2 == 0 {
            let (code, country) = actor(r);
            d.mentions.push(Mention {
                span: Span::new(st + 20, st + 33),
                tokens: 0..0,
                sentence: s,
                actor: Actor { code, country: Some(country), sectors: vec![] },
                kind: MentionKind::Name,
                lead: dyad_model::Lead::Other,
                rule: "countries.tsv:1".into(),
            });
        }
        if s % 4 == 0 {
            let (sc, scc) = actor(r);
            let (tc, tcc) = actor(r);
            let (cameo, quad, g) = CODES[r.below(CODES.len() as u64) as usize];
            d.events.push(Event {
                sentence: s,
                source: Participant { text: "the officials".into(), span: Span::new(st + 20, st + 33), actor: Actor { code: sc, country: Some(scc), sectors: vec![] } },
                target: Some(Participant { text: "the envoys".into(), span: Span::new(st + 55, st + 65), actor: Actor { code: tc, country: Some(tcc), sectors: vec![] } }),
                cameo: cameo.into(),
                goldstein: g as f32,
                quad,
                plover: "CONSULT".into(),
                mode: None,
                verb_span: Span::new(st + 50, st + 53),
                date: Some(EventDate { date: pubdate - chrono::Days::new(r.below(3)), precision: Precision::Day, how: "text: \"Monday\"".into() }),
                place: None,
                rule: "verb \"meet\" [040] verbs/cooperation.tsv:1".into(),
            });
        }
    }
    d.text = text;
    d
}

fn main() {
    let dir = std::env::var("DYAD_BENCH_DIR").map(std::path::PathBuf::from).unwrap_or_else(|_| std::env::temp_dir()).join(format!("dyad-store-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let start = NaiveDate::from_ymd_opt(2024, 1, 1).unwrap();

    // 1. Ingest.
    let ndocs: usize = std::env::var("DYAD_BENCH_DOCS").ok().and_then(|s| s.parse().ok()).unwrap_or(20_000);
    let mut r = Rng(0x9E3779B97F4A7C15);
    let docs: Vec<Document> = (0..ndocs).map(|i| gen_doc(&mut r, i, start)).collect();
    let sentences: usize = docs.iter().map(|d| d.sentences.len()).sum();
    let mut store = Store::open(dir.join("ingest.db")).unwrap();
    let t = Instant::now();
    let mut stats = dyad_store::IngestStats::default();
    for batch in docs.chunks(500) {
        stats += store.ingest(batch).unwrap();
    }
    let secs = t.elapsed().as_secs_f64();
    println!(
        "ingest: {} documents, {} sentences, {} mentions, {} events ({} clusters, {} merged) in {:.2} s: {:.0} sentences/s, {:.0} documents/s",
        stats.documents, sentences, stats.mentions, stats.events, stats.new_clusters, stats.merged, secs, sentences as f64 / secs, stats.documents as f64 / secs
    );
    drop(store);

    // 2. Series over a big store.
    let n: u64 = std::env::var("DYAD_BENCH_EVENTS").ok().and_then(|s| s.parse().ok()).unwrap_or(500_000);
    let path = dir.join("series.db");
    let mut store = Store::open(&path).unwrap();
    // A throw-away generated database: no rollback journal, no fsync (the load is one transaction).
    store.connection().pragma_update(None, "journal_mode", "OFF").unwrap();
    store.connection().pragma_update(None, "synchronous", "OFF").unwrap();
    let days = 3653u64; // 2015-01-01 ..= 2024-12-31
    let first = NaiveDate::from_ymd_opt(2015, 1, 1).unwrap();
    let mut r = Rng(0xD1B54A32D192ED03);
    let per_day = n / days;
    let extra = n % days;
    let t = Instant::now();
    let gen = (0..days).flat_map(move |d| {
        let k = per_day + (d < extra) as u64;
        let date = first + chrono::Days::new(d);
        let mut out = Vec::with_capacity(k as usize);
        for _ in 0..k {
            let (s, sc) = actor(&mut r);
            let (tg, tc) = actor(&mut r);
            let (cameo, quad, g) = CODES[r.below(CODES.len() as u64) as usize];
            out.push(BulkEvent { source: s, source_country: Some(sc), target: tg, target_country: Some(tc), cameo: cameo.into(), quad, goldstein: g, plover: "CONSULT".into(), date });
        }
        out
    });
    let loaded = store.bulk_load(gen).unwrap();
    println!("generated store: {loaded} events over 2015-01-01..2024-12-31 in {:.1} s ({})", t.elapsed().as_secs_f64(), path.display());
    drop(store);

    let store = Store::open_readonly(&path).unwrap();
    let usa = Filter { actor: Some("USA".into()), ..Filter::default() };
    let usa_n: i64 = store.connection().query_row("SELECT sum(n) FROM agg_actor WHERE key = 'USA'", [], |r| r.get(0)).unwrap();
    println!("events with USA on either side: {usa_n}");
    let cases: Vec<(&str, Filter, SeriesOptions)> = vec![
        ("actor USA, month, 10 years", usa.clone(), SeriesOptions { period: Period::Month, ..SeriesOptions::default() }),
        ("actor USA, day, 10 years, normalized", usa.clone(), SeriesOptions { period: Period::Day, normalize: true, ..SeriesOptions::default() }),
        ("dyad USA<->CHN, week, 10 years, weighted", Filter { dyad: Some(("USA".into(), "CHN".into())), ..Filter::default() }, SeriesOptions { period: Period::Week, weighted: true, ..SeriesOptions::default() }),
        ("dyad RUSGOV->UKR, month, 2022", Filter { dyad: Some(("RUSGOV".into(), "UKR".into())), directed: true, from: NaiveDate::from_ymd_opt(2022, 1, 1), to: NaiveDate::from_ymd_opt(2022, 12, 31), ..Filter::default() }, SeriesOptions::default()),
        ("all events, year", Filter::default(), SeriesOptions { period: Period::Year, ..SeriesOptions::default() }),
    ];
    for (name, f, o) in &cases {
        let mut times = Vec::new();
        let mut rows = 0;
        for _ in 0..7 {
            let t = Instant::now();
            rows = query::series(&store, f, *o).unwrap().len();
            times.push(t.elapsed().as_secs_f64() * 1000.0);
        }
        let first = times[0];
        times.sort_by(f64::total_cmp);
        println!("series {name}: {rows} periods; first run {first:.1} ms, median of 7 {:.1} ms, max {:.1} ms", times[3], times[6]);
    }
    // The table path (filters the aggregates cannot answer), once.
    let t = Instant::now();
    let rows = query::series(&store, &Filter { cameo: Some("19".into()), dyad: Some(("USA".into(), "CHN".into())), ..Filter::default() }, SeriesOptions::default()).unwrap().len();
    println!("series (clusters table path) dyad USA<->CHN, CAMEO 19*, month: {rows} periods in {:.1} ms", t.elapsed().as_secs_f64() * 1000.0);
    if std::env::var("DYAD_BENCH_KEEP").is_err() {
        let _ = std::fs::remove_dir_all(&dir);
    }
}
