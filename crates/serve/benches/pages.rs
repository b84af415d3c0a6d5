//! Page render times on a generated store of N deduplicated events (default 1,000,000; set
//! DYAD_BENCH_EVENTS to change). Each event has a document sentence, a report with spans, two
//! mentions; 20 countries with skewed activity, three sectors each, four years of days.
//! Measures each page over HTTP (server on 127.0.0.1:0): the first request and the median of 5,
//! paged lists included (deep pages). Then the downloads (`/events.csv|jsonl|parquet`): the time to
//! the first body byte (first and median of 3 more), and whole downloads read to the end with the
//! process's peak resident memory (VmHWM, reset before each) above its memory before.
//! `DYAD_BENCH_ONLY=TEXT` measures only the pages whose path contains TEXT, without downloads.
//!
//! `cargo bench -p dyad-serve --bench pages`

#[path = "../tests/common/mod.rs"]
mod common;

use std::time::Instant;

const COUNTRIES: &str = "RUSCHNUKRUSAIRNISRDEUFRAGBRTURINDJPNKORPRKSYRSAUEGYPOLBLRVEN";

fn generate(path: &std::path::Path, n: i64) {
    let mut store = dyad_store::Store::open(path).unwrap();
    let base = dyad_store::day_number(chrono::NaiveDate::from_ymd_opt(2021, 1, 1).unwrap());
    let c = store.connection();
    c.execute_batch("PRAGMA synchronous = OFF; PRAGMA journal_mode = OFF;").ok();
    // Per event i: source country index sa (skewed), target tb != sa, sector, root, day.
    let sql = format!(
        "BEGIN;
         CREATE TEMP TABLE g AS WITH RECURSIVE seq(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM seq WHERE i < {n})
         SELECT i, sa, (sa + 1 + ((i * 40503) % 1000) * ((i * 40503) % 1000) / 55600) % 20 AS tb,
                i % 3 AS sec, 1 + (i * 31) % 20 AS r, {base} + (i * 1461) / ({n} + 1) AS day
         FROM (SELECT i, ((i * 2654435761) % 1000) * ((i * 2654435761) % 1000) / 50000 AS sa FROM seq);
         CREATE TEMP TABLE h AS SELECT i, day, r,
             substr('{COUNTRIES}', 1 + 3 * sa, 3) AS sc, substr('{COUNTRIES}', 1 + 3 * tb, 3) AS tc,
             CASE sec WHEN 0 THEN '' WHEN 1 THEN 'GOV' ELSE 'MIL' END AS ss,
             CASE (i / 7) % 3 WHEN 0 THEN '' WHEN 1 THEN 'GOV' ELSE 'MIL' END AS ts,
             CASE WHEN r <= 5 THEN 1 WHEN r <= 9 THEN 2 WHEN r <= 14 THEN 3 ELSE 4 END AS quad
           FROM g;
         INSERT INTO documents(id, ext_id, url, hash, title, date, site, source, lang, text, n_sentences, n_events, added)
           SELECT d, 'gen' || d, 'https://example.com/gen/' || d, randomblob(16), 'Generated report ' || d, date((min(day) - 719163) * 86400, 'unixepoch'),
                  'Gen Wire', 'example.com', 'en', '', count(*), count(*), '20250101000000'
           FROM (SELECT i / 3 AS d, day FROM h) GROUP BY d;
         INSERT INTO sentences(doc, idx, start, end, text)
           SELECT i / 3, i % 3, (i % 3) * 200, (i % 3) * 200 + length(sc || ss || ' officials met ' || tc || ts || ' officials in report ' || i || '.'),
                  sc || ss || ' officials met ' || tc || ts || ' officials in report ' || i || '.' FROM h;
         INSERT INTO events(id, doc, sentence, cluster, cameo, root, quad, goldstein, plover, mode, source, source_country, source_sectors,
                source_text, source_start, source_end, target, target_country, target_sectors, target_text, target_start, target_end,
                verb_start, verb_end, date, day, precision, date_how, place_name, place_country, place_admin1, lat, lon, place_how, rule)
           SELECT i, i / 3, i % 3, i, printf('%02d0', r), printf('%02d', r), quad,
                  CASE quad WHEN 1 THEN 1.0 + (i % 30) / 10.0 WHEN 2 THEN 6.0 + (i % 14) / 10.0 WHEN 3 THEN -2.0 - (i % 40) / 10.0 ELSE -7.0 - (i % 30) / 10.0 END,
                  'CONSULT', NULL, sc || ss, sc, '', sc || ss || ' officials', (i % 3) * 200, (i % 3) * 200 + length(sc || ss || ' officials'),
                  tc || ts, tc, '', tc || ts || ' officials', (i % 3) * 200 + length(sc || ss || ' officials met '), (i % 3) * 200 + length(sc || ss || ' officials met ' || tc || ts || ' officials'),
                  (i % 3) * 200 + length(sc || ss || ' officials '), (i % 3) * 200 + length(sc || ss || ' officials met'),
                  NULL, day, 0, 'generated', 'Place ' || tc, tc, NULL, -40.0 + ((i * 13) % 100), -120.0 + ((i * 17) % 240), 'generated', 'generated rule'
           FROM h;
         UPDATE events SET goldstein = round(goldstein, 1);
         INSERT INTO clusters(id, source, source_country, target, target_country, root, cameo, quad, goldstein, plover, mode, day, precision,
                place_name, place_country, place_admin1, lat, lon, num_mentions, num_articles, num_sources, first_event, lead, added)
           SELECT id, source, source_country, target, target_country, root, cameo, quad, goldstein, plover, mode, day, 0,
                  place_name, place_country, NULL, lat, lon, 1, 1, 1, id, sentence = 0, '20250101000000' FROM events;
         INSERT INTO cluster_sources(cluster, source) SELECT id, 'example.com' FROM clusters;
         INSERT INTO mentions(doc, sentence, start, end, text, code, country, sectors, kind, rule)
           SELECT doc, sentence, source_start, source_end, source_text, source, source_country, '', 'name', 'generated' FROM events
           UNION ALL SELECT doc, sentence, target_start, target_end, target_text, target, target_country, '', 'name', 'generated' FROM events;
         DROP TABLE g; DROP TABLE h;
         COMMIT;"
    );
    c.execute_batch(&sql).unwrap();
    store.rebuild_aggregates().unwrap();
    store.connection().execute_batch("ANALYZE;").unwrap();
}

fn main() {
    let n: i64 = std::env::var("DYAD_BENCH_EVENTS").ok().and_then(|v| v.parse().ok()).unwrap_or(1_000_000);
    let dir = std::env::temp_dir().join(format!("dyad-serve-bench-{n}"));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("bench.db");
    let ready = dir.join("ready");
    if !ready.exists() {
        let _ = std::fs::remove_file(&path);
        let t = Instant::now();
        generate(&path, n);
        std::fs::write(&ready, "").unwrap();
        eprintln!("generated {n} events in {:.1} s ({})", t.elapsed().as_secs_f64(), path.display());
    } else {
        eprintln!("reusing {} (remove {} to regenerate)", path.display(), ready.display());
    }
    let counts = dyad_store::Store::open_readonly(&path).unwrap().counts().unwrap();
    eprintln!("store: {} documents, {} events, {} mentions", counts.documents, counts.clusters, counts.mentions);
    let t = Instant::now();
    let addr = dyad_serve::spawn(&path, "127.0.0.1:0").unwrap();
    eprintln!("server start (actor directory): {:.0} ms", t.elapsed().as_secs_f64() * 1000.0);
    let pages = [
        "/",
        "/?period=week",
        "/?quad=4",
        "/?from=2024-01-01&to=2024-03-31",
        "/?cameo=19",
        "/dyad?a=RUS&b=CHN&plover=consult",
        "/dyad?a=RUS&b=CHN",
        "/dyad?a=RUSGOV&b=UKRMIL&dir=ab",
        "/dyad?a=VEN&b=BLR",
        "/actor?code=RUS",
        "/actor?code=VEN",
        "/events?a=RUS&b=CHN&quad=1&from=2023-03-01&to=2023-03-31",
        "/events?actor=VEN&limit=500",
        "/events?cameo=19",
        "/events?cameo=19&limit=100&page=40",
        "/events?actor=VEN&limit=500&page=3",
        "/?page=2000&limit=25",
        "/events?statements=1&limit=250&page=1000",
        "/search?q=putin",
        "/search?q=china",
        "/api/dyad?a=RUS&b=CHN",
        "/api/actor?code=USA",
    ];
    // DYAD_BENCH_ONLY=TEXT: only the pages whose path contains TEXT, and no downloads.
    let only = std::env::var("DYAD_BENCH_ONLY").ok();
    println!("{:<60} {:>10} {:>10} {:>10}", "page", "first ms", "median ms", "KiB");
    let mut worst: f64 = 0.0;
    for p in pages.into_iter().filter(|p| only.as_deref().is_none_or(|o| p.contains(o))) {
        let mut times = Vec::new();
        let mut size = 0;
        for _ in 0..6 {
            let t = Instant::now();
            let r = common::get(addr, p);
            times.push(t.elapsed().as_secs_f64() * 1000.0);
            assert_eq!(r.status, 200, "{p}: {}", r.body);
            size = r.body.len();
        }
        let first = times[0];
        let mut rest = times[1..].to_vec();
        rest.sort_by(|a, b| a.partial_cmp(b).unwrap());
        let med = rest[rest.len() / 2];
        worst = worst.max(med);
        println!("{p:<60} {first:>10.1} {med:>10.1} {:>10.1}", size as f64 / 1024.0);
    }
    println!("slowest median: {worst:.1} ms (target ≤ 150 ms)");
    if only.is_none() {
        downloads(addr);
    }
}

/// The process's resident memory now and its peak since the last reset, in MiB (Linux).
fn rss() -> (f64, f64) {
    let s = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let kb = |k: &str| s.lines().find_map(|l| l.strip_prefix(k)).and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok()).unwrap_or(f64::NAN);
    (kb("VmRSS:") / 1024.0, kb("VmHWM:") / 1024.0)
}

/// Resets the peak resident memory (VmHWM) to the current one.
fn reset_peak() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

/// Downloads: time to the first body byte (median of 3) for filters of every size, then whole
/// downloads read to the end with the server's peak memory above its resident memory before.
fn downloads(addr: std::net::SocketAddr) {
    println!();
    println!("{:<60} {:>10} {:>10} {:>10}", "download (first byte)", "first ms", "median ms", "head ms");
    let mut worst: f64 = 0.0;
    for p in ["/events.csv", "/events.jsonl", "/events.parquet", "/events.csv?actor=VEN&quad=4", "/events.jsonl?cameo=19&from=2024-06-01", "/events.parquet?a=RUS&b=CHN"] {
        let mut t = Vec::new();
        let mut head = 0.0;
        for _ in 0..4 {
            let r = first_byte(addr, p);
            t.push(r.0);
            head = r.1;
        }
        let first = t[0];
        let mut rest = t[1..].to_vec();
        rest.sort_by(|a, b| a.partial_cmp(b).unwrap());
        let med = rest[rest.len() / 2];
        worst = worst.max(med);
        println!("{p:<60} {first:>10.1} {med:>10.1} {head:>10.1}");
    }
    println!("slowest first-byte median: {worst:.1} ms (target ≤ 150 ms)");
    // The probes above leave their downloads to notice that the client left; then one whole
    // download brings the connection pool's SQLite page caches (64 MiB each) to their working size,
    // so that what follows measures the downloads themselves.
    std::thread::sleep(std::time::Duration::from_secs(2));
    let _ = common::timed_get(addr, "/events.csv?from=2024-09-01");
    println!();
    println!("{:<60} {:>8} {:>10} {:>9} {:>10} {:>10} {:>10}", "download (whole)", "events", "MiB", "s", "RSS MiB", "peak +MiB", "after MiB");
    for p in ["/events.csv?from=2024-12-01", "/events.csv", "/events.jsonl?from=2024-12-01", "/events.jsonl", "/events.parquet?from=2024-12-01", "/events.parquet"] {
        let api = p.replace(".csv", "").replace(".jsonl", "").replace(".parquet", "").replacen("/events", "/api/events", 1);
        let api = if api.contains('?') { format!("{api}&limit=1") } else { format!("{api}?limit=1") };
        let total = common::get(addr, &api).json()["total"].as_u64().unwrap_or(0);
        reset_peak();
        let (before, _) = rss();
        let r = common::timed_get(addr, p);
        let (_, peak) = rss();
        assert_eq!(r.status, 200, "{p}");
        let (after, _) = rss();
        println!("{p:<60} {total:>8} {:>10.1} {:>9.1} {before:>10.1} {:>10.1} {after:>10.1}", r.bytes as f64 / 1048576.0, r.total.as_secs_f64(), peak - before);
    }
}

/// Milliseconds to the first body byte and to the head of a download; reads only the start.
fn first_byte(addr: std::net::SocketAddr, path: &str) -> (f64, f64) {
    use std::io::{Read, Write};
    let t = Instant::now();
    let mut s = std::net::TcpStream::connect(addr).unwrap();
    s.write_all(format!("GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n").as_bytes()).unwrap();
    let mut raw = Vec::new();
    let mut buf = [0u8; 4096];
    let mut head = None;
    loop {
        let n = s.read(&mut buf).unwrap();
        assert!(n > 0, "{path}: closed before the first byte");
        raw.extend_from_slice(&buf[..n]);
        if let Some(p) = raw.windows(4).position(|w| w == b"\r\n\r\n") {
            head.get_or_insert(t.elapsed().as_secs_f64() * 1000.0);
            assert!(raw.starts_with(b"HTTP/1.1 200"), "{path}: {}", String::from_utf8_lossy(&raw));
            let body = &raw[p + 4..];
            if body.windows(2).position(|w| w == b"\r\n").is_some_and(|q| body.len() > q + 2) {
                return (t.elapsed().as_secs_f64() * 1000.0, head.unwrap_or(0.0));
            }
        }
    }
}
