//! `dyad read`: one JSON line per document or unreadable input, in input order, with the reason
//! for any skip; documents in a language the coder does not read keep their text.

use std::path::{Path, PathBuf};
use std::process::Command;

fn corpus(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../read/tests/corpus").join(name)
}

fn read(args: &[&Path]) -> (i32, Vec<serde_json::Value>, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_dyad")).arg("read").args(args).output().expect("run dyad read");
    let lines = String::from_utf8_lossy(&out.stdout).lines().map(|l| serde_json::from_str(l).expect("each line is JSON")).collect();
    (out.status.code().unwrap_or(-1), lines, String::from_utf8_lossy(&out.stderr).into_owned())
}

#[test]
fn documents_skips_and_problems_in_input_order() {
    let dir = std::env::temp_dir().join(format!("dyad-read-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let empty = dir.join("menu-only.html");
    std::fs::write(&empty, "<html><body><nav><a href=/>Home</a></nav><footer>(c) Site</footer></body></html>").unwrap();
    let english = corpus("html/agency-energy-pact.html");
    let french = corpus("html/french-diplomacy.html");
    let binary = corpus("photo.jpg");
    let (code, lines, err) = read(&[&english, &empty, &french, &binary]);
    std::fs::remove_dir_all(&dir).ok();
    assert_eq!(code, 1, "unreadable inputs make the exit code 1: {err}");
    assert_eq!(lines.len(), 4, "one line per input: {lines:#?}");

    let doc = &lines[0];
    assert_eq!(doc["id"], "https://meridian-news.example/world/europe/moldova-romania-gas-deal-2024-03-12/");
    assert_eq!(doc["url"], doc["id"]);
    assert_eq!(doc["title"], "Moldova, Romania sign gas interconnector deal");
    assert_eq!(doc["date"], "2024-03-12");
    assert_eq!(doc["date_source"], "metadata");
    assert_eq!(doc["site"], "Meridian News Agency");
    assert_eq!(doc["lang"], "en");
    assert!(doc["text"].as_str().unwrap().contains("\n\n"), "paragraphs joined by a blank line");
    assert!(doc["skip"].is_null() && doc["skip_kind"].is_null());

    assert_eq!(lines[1]["id"], empty.display().to_string());
    assert_eq!(lines[1]["skip"], "empty document");
    assert_eq!(lines[1]["skip_kind"], "empty");
    assert!(lines[1]["text"].is_null());

    let fr = &lines[2];
    assert_eq!(fr["lang"], "fr");
    assert_eq!(fr["skip_kind"], "language", "the language stage skips it");
    assert!(fr["skip"].as_str().unwrap().contains("\"fr\""));
    assert!(fr["text"].as_str().unwrap().starts_with("Le Sénégal et la Mauritanie"), "its text is still read");

    assert_eq!(lines[3]["skip_kind"], "binary");
    assert!(err.contains("photo.jpg: binary file"), "{err}");
}

#[test]
fn default_date_is_marked_as_input() {
    let page = corpus("html/wire-ceasefire.html");
    let (code, lines, err) = read(&[&page]);
    assert_eq!(code, 0, "{err}");
    let date_source = lines[0]["date_source"].clone();
    let out = Command::new(env!("CARGO_BIN_EXE_dyad")).args(["read", "--date", "2001-02-03"]).arg(corpus("note.txt")).output().unwrap();
    let line: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(line["date"], "2001-02-03");
    assert_eq!(line["date_source"], "input");
    assert_eq!(date_source, "metadata", "a page's own date is metadata");
}
