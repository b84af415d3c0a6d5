//! WARC archives: the fixtures in tests/corpus/warc were written with the `warcio` package by
//! scripts/build_warc_fixtures.py (CC-NEWS-shaped records: warcinfo, request/response pairs,
//! metadata, a redirect, a PDF, German and French pages, a chunked gzip-encoded page).

use dyad_model::DateSource;
use dyad_read::{read_paths, read_reader, Item, ReadOptions};
use std::path::{Path, PathBuf};

fn corpus(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/warc").join(name)
}

#[derive(Default, Debug)]
struct Seen {
    docs: Vec<dyad_model::Document>,
    problems: Vec<(String, String)>,
    skipped: Vec<String>,
}

fn read(items: impl Iterator<Item = Item>) -> Seen {
    let mut s = Seen::default();
    for it in items {
        match it {
            Item::Doc(d) => s.docs.push(d),
            Item::Problem { origin, message } => s.problems.push((origin, message)),
            Item::Skipped { reason, .. } => s.skipped.push(reason),
        }
    }
    s
}

fn ids(s: &Seen) -> Vec<&str> {
    s.docs.iter().map(|d| d.id.as_str()).collect()
}

const ALL: [&str; 5] = [
    "https://news.example.org/2022/09/russia-condemns",
    "https://wire.example.com/world/protest-capital",
    "https://zeitung.example.de/politik/treffen",
    "https://journal.example.fr/monde/sommet",
    "https://wire.example.com/world/airspace",
];

#[test]
fn responses_become_documents_and_the_rest_is_counted() {
    for name in ["news.warc.gz", "news.warc"] {
        let s = read(read_paths(&[corpus(name)], &ReadOptions::default()));
        assert!(s.problems.is_empty(), "{name}: {:?}", s.problems);
        assert_eq!(ids(&s), ALL, "{name}");
        let mut kinds = s.skipped.clone();
        kinds.sort();
        kinds.dedup();
        assert_eq!(
            kinds,
            [
                "WARC metadata record",
                "WARC request record",
                "WARC response that is not HTML (application/pdf)",
                "WARC response with HTTP status 3xx",
                "WARC warcinfo record"
            ],
            "{name}"
        );
        assert_eq!(s.skipped.iter().filter(|k| k.contains("request")).count(), 7);
        let d = &s.docs[0];
        assert_eq!(d.url.as_deref(), Some(ALL[0]));
        // The page's metadata date wins over the crawl date (2022-09-20).
        assert_eq!((d.date.map(|x| x.to_string()), d.date_source), (Some("2022-09-15".into()), Some(DateSource::Metadata)));
        assert!(d.text.contains("Russia condemned the United States"), "{}", d.text);
        // No metadata date: the crawl date is the fallback, and says so.
        let p = &s.docs[1];
        assert_eq!((p.date.map(|x| x.to_string()), p.date_source), (Some("2023-03-07".into()), Some(DateSource::Crawl)));
        assert_eq!(s.docs[2].lang.as_deref(), Some("de"));
        assert_eq!(s.docs[3].lang.as_deref(), Some("fr"));
        // Chunked transfer and gzip content encoding undone.
        assert!(s.docs[4].text.starts_with("Turkey accused Greece"), "{}", s.docs[4].text);
        assert!(s.docs.iter().all(|d| d.diagnostics.is_empty()), "{name}");
    }
}

#[test]
fn a_date_given_with_the_input_wins() {
    let opts = ReadOptions { default_date: chrono::NaiveDate::from_ymd_opt(2024, 1, 2), ..Default::default() };
    let s = read(read_paths(&[corpus("news.warc.gz")], &opts));
    assert!(s.docs.iter().all(|d| d.date_source == Some(DateSource::Input) && d.date == opts.default_date));
}

#[test]
fn sniffed_without_the_extension_and_compressed_whole() {
    let plain = std::fs::read(corpus("news.warc")).unwrap();
    let s = read(read_reader("archive.bin", Box::new(std::io::Cursor::new(plain.clone())), &ReadOptions::default()));
    assert_eq!(ids(&s), ALL);
    // The whole archive as one gzip member (not per record): the same documents.
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    std::io::Write::write_all(&mut gz, &plain).unwrap();
    let whole = gz.finish().unwrap();
    let s = read(read_reader("whole.warc.gz", Box::new(std::io::Cursor::new(whole)), &ReadOptions::default()));
    assert!(s.problems.is_empty(), "{:?}", s.problems);
    assert_eq!(ids(&s), ALL);
}

#[test]
fn a_corrupt_member_is_reported_by_offset_and_the_rest_is_read() {
    let s = read(read_paths(&[corpus("corrupt.warc.gz")], &ReadOptions::default()));
    assert_eq!(s.problems.len(), 1, "{:?}", s.problems);
    let (origin, message) = &s.problems[0];
    // The fixture damages the fifth member (warcinfo, request, response, request, response).
    let at = members()[4];
    assert!(origin.ends_with(&format!("corrupt.warc.gz@{at}")), "{origin}");
    assert!(message.contains(&format!("WARC record at byte offset {at}")) && message.contains("reading goes on"), "{message}");
    assert_eq!(dyad_read::problem_kind(origin, message), "malformed");
    // The damaged record (the second page) is not given out, not even in part; the others are.
    assert_eq!(ids(&s), [ALL[0], ALL[2], ALL[3], ALL[4]]);
}

#[test]
fn a_truncated_archive_keeps_what_came_before() {
    let s = read(read_paths(&[corpus("truncated.warc.gz")], &ReadOptions::default()));
    assert_eq!(ids(&s), &ALL[..4]);
    assert_eq!(s.problems.len(), 1, "{:?}", s.problems);
    let last = *members().last().unwrap();
    assert!(s.problems[0].1.contains(&format!("byte offset {last}")) && s.problems[0].1.contains("ends here"), "{:?}", s.problems);
    // Uncompressed, cut inside a record's block.
    let plain = std::fs::read(corpus("news.warc")).unwrap();
    let cut = plain[..plain.len() - 300].to_vec();
    let s = read(read_reader("cut.warc", Box::new(std::io::Cursor::new(cut)), &ReadOptions::default()));
    assert_eq!(ids(&s), &ALL[..4]);
    assert!(s.problems.len() == 1 && s.problems[0].1.contains("truncated archive"), "{:?}", s.problems);
}

#[test]
fn garbage_between_records_is_skipped() {
    let plain = std::fs::read(corpus("news.warc")).unwrap();
    // Garbage in place of the version line of the first page's response record.
    let resp = find(&plain, b"WARC-Type: response", 0);
    let pos = plain[..resp].windows(5).rposition(|w| w == b"WARC/").unwrap();
    let mut bad = plain.clone();
    bad[pos..pos + 4].copy_from_slice(b"XXXX");
    let s = read(read_reader("bad.warc", Box::new(std::io::Cursor::new(bad)), &ReadOptions::default()));
    assert_eq!(s.problems.len(), 1, "{:?}", s.problems);
    assert!(s.problems[0].1.contains(&format!("byte offset {pos}")), "{:?}", s.problems);
    assert_eq!(ids(&s), [ALL[1], ALL[2], ALL[3], ALL[4]]);
}

fn find(hay: &[u8], needle: &[u8], from: usize) -> usize {
    from + hay[from..].windows(needle.len()).position(|w| w == needle).unwrap()
}

/// Where the gzip members of news.warc.gz start (one per record).
fn members() -> Vec<usize> {
    let gz = std::fs::read(corpus("news.warc.gz")).unwrap();
    (0..gz.len().saturating_sub(3)).filter(|&i| gz[i..i + 3] == [0x1f, 0x8b, 0x08]).collect()
}

#[test]
fn every_cut_and_flipped_byte_is_survived() {
    let gz = std::fs::read(corpus("news.warc.gz")).unwrap();
    for cut in (1..gz.len()).step_by(37) {
        let s = read(read_reader("x.warc.gz", Box::new(std::io::Cursor::new(gz[..cut].to_vec())), &ReadOptions::default()));
        assert!(s.docs.len() <= ALL.len());
    }
    for at in (0..gz.len()).step_by(53) {
        let mut bad = gz.clone();
        bad[at] ^= 0x5a;
        let s = read(read_reader("x.warc.gz", Box::new(std::io::Cursor::new(bad)), &ReadOptions::default()));
        // Whatever the damage, every document given out is one of the archive's, whole.
        for d in &s.docs {
            assert!(ALL.contains(&d.id.as_str()), "{at}: {}", d.id);
        }
    }
}
