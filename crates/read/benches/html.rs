//! HTML extraction throughput on one thread (input MB per second): over the test corpus pages,
//! and over the 181 real pages of the article-extraction benchmark when `../shared` is beside
//! the repository (`../shared/eval/article-extraction/html/*.html.gz`, read into memory first).
//! Run: `cargo bench -p dyad-read --bench html`.

use dyad_read::{read_html, ReadOptions};
use std::io::Read;
use std::path::Path;
use std::time::{Duration, Instant};

fn main() {
    corpus();
    benchmark_pages();
}

/// Extraction time over the benchmark's real pages, page by page.
fn benchmark_pages() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/eval/article-extraction/html");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        println!("real pages: {} not found, skipped", dir.display());
        return;
    };
    let mut paths: Vec<_> = entries.filter_map(|e| e.ok().map(|e| e.path())).filter(|p| p.to_string_lossy().ends_with(".html.gz")).collect();
    paths.sort();
    let pages: Vec<(String, String)> = paths
        .iter()
        .filter_map(|p| {
            let mut s = String::new();
            flate2::read::GzDecoder::new(std::fs::File::open(p).ok()?).read_to_string(&mut s).ok()?;
            Some((p.display().to_string(), s))
        })
        .collect();
    let opts = ReadOptions::default();
    let total: usize = pages.iter().map(|(_, p)| p.len()).sum();
    for (name, p) in &pages {
        std::hint::black_box(read_html(name, p, &opts));
    }
    let (mut rounds, mut slowest) = (0usize, (0f64, String::new(), 0usize));
    let start = Instant::now();
    while rounds < 3 || start.elapsed() < Duration::from_secs(3) {
        for (name, p) in &pages {
            let t = Instant::now();
            std::hint::black_box(read_html(name, p, &opts));
            let secs = t.elapsed().as_secs_f64();
            if rounds == 0 && secs > slowest.0 {
                slowest = (secs, name.clone(), p.len());
            }
        }
        rounds += 1;
    }
    let secs = start.elapsed().as_secs_f64();
    println!(
        "real pages (article-extraction benchmark): {} pages, {:.1} MB, {} rounds in {:.2} s: {:.1} MB/s, {:.2} ms/page; slowest {:.1} ms ({:.0} KB, {})",
        pages.len(),
        total as f64 / 1e6,
        rounds,
        secs,
        (total * rounds) as f64 / 1e6 / secs,
        secs * 1e3 / (rounds * pages.len()).max(1) as f64,
        slowest.0 * 1e3,
        slowest.2 as f64 / 1e3,
        Path::new(&slowest.1).file_name().map(|f| f.to_string_lossy().into_owned()).unwrap_or_default()
    );
}

/// Extraction time over the hand-written corpus pages and one padded page.
fn corpus() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/html");
    let mut pages: Vec<(String, String)> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().map(|e| e == "html").unwrap_or(false))
        .map(|p| (p.display().to_string(), std::fs::read_to_string(&p).unwrap()))
        .collect();
    pages.sort();
    // A larger page too: one story padded with repeated site chrome, as on real sites (~100 KB).
    let big = {
        let (_, page) = &pages[0];
        let chrome: String = (0..150).map(|i| format!("<li class=\"menu__item\"><a href=\"/section/{i}\">Section number {i}</a></li>\n")).collect();
        let related: String = (0..120).map(|i| format!("<div class=\"card\"><a href=\"/story/{i}\">Another story headline number {i} for the related rail</a><p>Teaser text for story {i}, a sentence long.</p></div>\n")).collect();
        page.replacen("<body>", &format!("<body><ul class=\"menu\">{chrome}</ul>"), 1).replacen("</body>", &format!("<div class=\"more-stories\">{related}</div></body>"), 1)
    };
    pages.push(("padded page".into(), big));
    let opts = ReadOptions::default();
    let total_bytes: usize = pages.iter().map(|(_, p)| p.len()).sum();
    // Warm up.
    for (name, p) in &pages {
        std::hint::black_box(read_html(name, p, &opts));
    }
    let mut rounds = 0usize;
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(3) {
        for (name, p) in &pages {
            std::hint::black_box(read_html(name, p, &opts));
        }
        rounds += 1;
    }
    let secs = start.elapsed().as_secs_f64();
    let mb = (total_bytes * rounds) as f64 / 1e6;
    println!(
        "html extraction: {} pages ({:.1} KB), {} rounds in {:.2} s: {:.1} MB/s, {:.3} ms/page",
        pages.len(),
        total_bytes as f64 / 1e3,
        rounds,
        secs,
        mb / secs,
        secs * 1e3 / (rounds * pages.len()) as f64
    );
    for (name, p) in &pages {
        let n = 20;
        let t = Instant::now();
        for _ in 0..n {
            std::hint::black_box(read_html(name, p, &opts));
        }
        let per = t.elapsed().as_secs_f64() / n as f64;
        println!("  {:>7.1} KB {:>7.3} ms {:>7.1} MB/s  {}", p.len() as f64 / 1e3, per * 1e3, p.len() as f64 / 1e6 / per, Path::new(name).file_name().map(|f| f.to_string_lossy().into_owned()).unwrap_or(name.clone()));
    }
}
