//! `dyad code`, `dyad ingest` and `dyad read` on WARC archives (crates/read/tests/corpus/warc,
//! written with `warcio` by scripts/build_warc_fixtures.py).

use std::path::{Path, PathBuf};
use std::process::Command;

fn warc(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../read/tests/corpus/warc").join(name)
}

fn dyad(args: &[&str], paths: &[&Path]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_dyad")).args(args).args(paths).output().expect("run dyad");
    (out.status.code().unwrap_or(-1), String::from_utf8_lossy(&out.stdout).into_owned(), String::from_utf8_lossy(&out.stderr).into_owned())
}

#[test]
fn code_reads_warc_and_summarises_what_was_left_aside() {
    let (code, out, err) = dyad(&["code", "--threads", "2"], &[&warc("news.warc.gz")]);
    assert_eq!(code, 0, "{err}");
    let events: Vec<serde_json::Value> = out.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    let docs: std::collections::BTreeSet<&str> = events.iter().map(|e| e["doc"].as_str().unwrap()).collect();
    assert_eq!(
        docs.into_iter().collect::<Vec<_>>(),
        ["https://news.example.org/2022/09/russia-condemns", "https://wire.example.com/world/airspace", "https://wire.example.com/world/protest-capital"]
    );
    let first = &events[0];
    assert_eq!((first["source"]["code"].as_str(), first["cameo"].as_str(), first["target"]["code"].as_str()), (Some("RUS"), Some("111"), Some("USA")));
    assert_eq!(first["doc_date_source"], "metadata");
    assert_eq!(first["url"], "https://news.example.org/2022/09/russia-condemns");
    assert!(events.iter().any(|e| e["doc_date_source"] == "crawl"));
    assert!(err.contains("skipped: 2 language (de 1, fr 1)"), "{err}");
    assert!(err.contains("left aside: 11 archive records (WARC request record 7,"), "{err}");
    // The same events from the uncompressed archive.
    let (_, plain, _) = dyad(&["code", "--threads", "1"], &[&warc("news.warc")]);
    assert_eq!(plain, out);
}

#[test]
fn a_corrupt_record_is_reported_and_the_rest_coded() {
    let (code, out, err) = dyad(&["code"], &[&warc("corrupt.warc.gz")]);
    assert_eq!(code, 1, "a bad record makes the exit status 1");
    assert!(err.contains("WARC record at byte offset") && err.contains("1 malformed"), "{err}");
    assert!(out.contains("russia-condemns") && out.contains("airspace") && !out.contains("protest-capital"));
}

#[test]
fn ingest_and_read_take_warc() {
    let dir = std::env::temp_dir().join(format!("dyad-warc-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let db = dir.join("w.db");
    let (code, _, err) = dyad(&["ingest", "--db", db.to_str().unwrap()], &[&warc("news.warc.gz")]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("3 stored") && err.contains("skipped (language: de 1, fr 1)"), "{err}");
    let (_, out, _) = dyad(&["query", "events", "--db", db.to_str().unwrap()], &[]);
    assert!(out.contains("RUS"), "{out}");
    std::fs::remove_dir_all(&dir).ok();
    let (code, out, err) = dyad(&["read"], &[&warc("news.warc.gz")]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(out.lines().count(), 5);
    assert!(err.contains("2 in a language that is not coded: de 1, fr 1") && err.contains("left aside: 11 archive records"), "{err}");
}
