//! Behaviour of the readers on plain text, JSON lines, JSON, folders and byte-level problems.

use chrono::NaiveDate;
use dyad_model::{DateSource, Severity};
use dyad_read::{read_paths, read_reader, Item, ReadOptions};
use std::io::Read;
use std::path::{Path, PathBuf};

fn corpus(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus").join(name)
}

fn items_of(name: &str, bytes: Vec<u8>, opts: &ReadOptions) -> Vec<Item> {
    read_reader(name, Box::new(std::io::Cursor::new(bytes)), opts).collect()
}

fn split(items: Vec<Item>) -> (Vec<dyad_model::Document>, Vec<String>) {
    let mut docs = Vec::new();
    let mut problems = Vec::new();
    for it in items {
        match it {
            Item::Doc(d) => docs.push(d),
            Item::Problem { message, .. } => problems.push(message),
            Item::Skipped { .. } => {}
        }
    }
    (docs, problems)
}

/// A fresh scratch folder for one test.
fn scratch(test: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("dyad-read-{}-{test}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn jsonl_with_bad_lines() {
    let path = corpus("wire.jsonl");
    let items: Vec<Item> = read_paths(&[path.clone()], &ReadOptions::default()).collect();
    let p = path.display().to_string();
    let mut kinds = Vec::new();
    for it in &items {
        match it {
            Item::Doc(d) => kinds.push(format!("doc {}", d.id)),
            Item::Problem { origin, message } => {
                assert!(message.starts_with(origin.as_str()), "{message}");
                kinds.push(format!("problem {origin}"))
            }
            Item::Skipped { origin, .. } => kinds.push(format!("skipped {origin}")),
        }
    }
    assert_eq!(
        kinds,
        vec![
            "doc wire-001".to_string(),
            format!("doc {p}:2"),
            "doc 17".to_string(),
            format!("problem {p}:5"),
            format!("problem {p}:6"),
            format!("problem {p}:7"),
            format!("problem {p}:8"),
            format!("problem {p}:9"),
            "doc wire-009".to_string(),
        ]
    );
    let (docs, problems) = split(items);
    assert_eq!(docs[0].date, NaiveDate::from_ymd_opt(2023, 5, 4));
    assert_eq!(docs[0].url.as_deref(), Some("https://wire.example/001"));
    assert_eq!(docs[0].title.as_deref(), Some("Lithuanian, Polish ministers discuss rail link"));
    assert_eq!(docs[1].date, NaiveDate::from_ymd_opt(2023, 5, 3), "RFC 3339 date as written");
    assert_eq!(docs[2].date, None);
    assert_eq!(docs[2].lang.as_deref(), Some("en"));
    assert!(docs[2].diagnostics.iter().any(|d| d.message.contains("unreadable date")));
    assert!(problems[0].contains("malformed JSON"), "{}", problems[0]);
    assert!(problems[1].contains("no \"text\""), "{}", problems[1]);
    assert!(problems[2].contains("not a JSON object"), "{}", problems[2]);
    assert!(problems[3].contains("empty document"), "{}", problems[3]);
    assert!(problems[4].contains("not a string"), "{}", problems[4]);
}

#[test]
fn plain_text_kept_as_is() {
    let path = corpus("note.txt");
    let (docs, problems) = split(read_paths(&[path.clone()], &ReadOptions::default()).collect());
    assert!(problems.is_empty());
    assert_eq!(docs.len(), 1);
    assert_eq!(docs[0].id, path.display().to_string());
    assert_eq!(docs[0].text, "This is the story text.\r\nSecond line of the story.\r\n");
    assert!(docs[0].diagnostics.is_empty());
}

#[test]
fn sniffed_formats_and_default_date() {
    let opts = ReadOptions { default_date: NaiveDate::from_ymd_opt(2020, 1, 2), ..ReadOptions::default() };
    let (docs, _) = split(items_of("<stdin>", b"{\"text\":\"one\"}\n{\"text\":\"two\",\"date\":\"2021-02-03\"}\n".to_vec(), &opts));
    assert_eq!(docs.len(), 2);
    assert_eq!(docs[0].id, "<stdin>:1");
    assert_eq!(docs[0].date, NaiveDate::from_ymd_opt(2020, 1, 2));
    assert_eq!(docs[1].date, NaiveDate::from_ymd_opt(2021, 2, 3));
    // Both are dates the input gives; the document's own field wins over --date.
    assert_eq!((docs[0].date_source, docs[1].date_source), (Some(DateSource::Input), Some(DateSource::Input)));
    let (docs, _) = split(items_of("stream", b"Just words, no format.".to_vec(), &opts));
    assert_eq!(docs[0].id, "stream");
    assert_eq!(docs[0].text, "Just words, no format.");
}

#[test]
fn default_date_wins_over_page_metadata_and_feed_dates() {
    let html = b"<html><head><meta property=\"article:published_time\" content=\"2022-02-14T12:30:45+03:00\"></head><body><article><p>Turkish lawmakers approved the deal after a long debate in the assembly on Monday.</p></article></body></html>".to_vec();
    let rss = std::fs::read(corpus("feeds/agency-world.rss")).unwrap();
    for (name, bytes, own) in [("page.html", html, (2022, 2, 14, DateSource::Metadata)), ("agency-world.rss", rss, (2024, 3, 12, DateSource::Feed))] {
        let (docs, problems) = split(items_of(name, bytes.clone(), &ReadOptions::default()));
        assert!(!docs.is_empty(), "{name}: {problems:?}");
        assert_eq!((docs[0].date, docs[0].date_source), (NaiveDate::from_ymd_opt(own.0, own.1, own.2), Some(own.3)), "{name}");
        let opts = ReadOptions { default_date: NaiveDate::from_ymd_opt(2020, 1, 2), ..ReadOptions::default() };
        let (docs, _) = split(items_of(name, bytes, &opts));
        assert_eq!((docs[0].date, docs[0].date_source), (NaiveDate::from_ymd_opt(2020, 1, 2), Some(DateSource::Input)), "{name}");
    }
}

#[test]
fn json_object_and_array() {
    let opts = ReadOptions::default();
    let (docs, problems) = split(items_of("a.json", b"{\n \"id\": \"x\",\n \"text\": \"Hello.\"\n}".to_vec(), &opts));
    assert!(problems.is_empty());
    assert_eq!(docs[0].id, "x");
    let (docs, problems) = split(items_of("b.json", br#"[{"text":"One."},{"nope":1},{"id":"t","text":"Two."}]"#.to_vec(), &opts));
    assert_eq!(docs.iter().map(|d| d.id.as_str()).collect::<Vec<_>>(), vec!["b.json[0]", "t"]);
    assert_eq!(problems, vec!["b.json[1]: no \"text\" field".to_string()]);
    let (docs, problems) = split(items_of("c.json", b"{\"text\": ".to_vec(), &opts));
    assert!(docs.is_empty());
    assert!(problems[0].starts_with("c.json: malformed JSON"));
}

#[test]
fn binary_empty_and_invalid_utf8() {
    let opts = ReadOptions::default();
    let (_, problems) = split(items_of("x.txt", vec![0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, 0, 0], &opts));
    assert_eq!(problems, vec!["x.txt: binary file, skipped".to_string()]);
    let (_, problems) = split(items_of("e.txt", b" \n\t\n".to_vec(), &opts));
    assert_eq!(problems, vec!["e.txt: empty document".to_string()]);
    let (_, problems) = split(items_of("e2.txt", Vec::new(), &opts));
    assert_eq!(problems, vec!["e2.txt: empty document".to_string()]);
    // Latin-1 "café": not binary, decoded lossily with a warning.
    let (docs, problems) = split(items_of("l.txt", b"Le caf\xe9 est ferm\xe9.".to_vec(), &opts));
    assert!(problems.is_empty());
    assert_eq!(docs[0].text, "Le caf\u{FFFD} est ferm\u{FFFD}.");
    assert!(docs[0].diagnostics.iter().any(|d| d.severity == Severity::Warning && d.message.contains("UTF-8")));
    // UTF-8 with a BOM, and UTF-16 with a BOM.
    let (docs, _) = split(items_of("b.txt", b"\xEF\xBB\xBFHello".to_vec(), &opts));
    assert_eq!(docs[0].text, "Hello");
    let mut u16 = vec![0xFF, 0xFE];
    for u in "Hi there".encode_utf16() {
        u16.extend_from_slice(&u.to_le_bytes());
    }
    let (docs, _) = split(items_of("w.txt", u16, &opts));
    assert_eq!(docs[0].text, "Hi there");
    assert!(docs[0].diagnostics.is_empty());
}

#[test]
fn truncation_on_char_boundary() {
    let opts = ReadOptions { max_doc_bytes: 10, ..ReadOptions::default() };
    // "aaaaaaaaa€..." : the euro sign straddles byte 10.
    let text = format!("{}€ and more", "a".repeat(9));
    let (docs, _) = split(items_of("t.txt", text.clone().into_bytes(), &opts));
    assert_eq!(docs[0].text, "a".repeat(9));
    assert!(docs[0].diagnostics.iter().any(|d| d.message.contains("cut")));
    let line = format!("{{\"text\":\"{text}\"}}\n");
    let (docs, _) = split(items_of("t.jsonl", line.into_bytes(), &opts));
    assert_eq!(docs[0].text, "a".repeat(9));
    assert!(docs[0].diagnostics.iter().any(|d| d.message.contains("cut")));
}

/// A reader that yields `n` bytes of 'x' without ever holding them: proves the reader never
/// stores a huge single-line input whole.
struct Endless {
    left: usize,
    served: std::sync::Arc<std::sync::atomic::AtomicUsize>,
}
impl Read for Endless {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = buf.len().min(self.left);
        buf[..n].fill(b'x');
        self.left -= n;
        self.served.fetch_add(n, std::sync::atomic::Ordering::Relaxed);
        Ok(n)
    }
}

#[test]
fn fifty_megabyte_single_line() {
    let opts = ReadOptions { max_doc_bytes: 1 << 20, ..ReadOptions::default() };
    let served = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let r = Endless { left: 50 << 20, served: served.clone() };
    let (docs, problems) = split(read_reader("big.txt", Box::new(r), &opts).collect());
    assert!(problems.is_empty());
    assert_eq!(docs[0].text.len(), 1 << 20);
    assert!(docs[0].diagnostics.iter().any(|d| d.message.contains("cut")));
    // As JSON lines the over-long line is skipped with a problem, and reading goes on.
    let r = Endless { left: 50 << 20, served: served.clone() };
    let tail = std::io::Cursor::new(b"\n{\"text\":\"after\"}\n".to_vec());
    let (docs, problems) = split(read_reader("big.jsonl", Box::new(r.chain(tail)), &opts).collect());
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(problems[0].starts_with("big.jsonl:1: line longer than"));
    assert_eq!(docs.len(), 1);
    assert_eq!(docs[0].id, "big.jsonl:2");
}

#[test]
fn folders_sorted_recursive() {
    let dir = scratch("folders");
    std::fs::create_dir_all(dir.join("b/inner")).unwrap();
    std::fs::write(dir.join("c.txt"), "third").unwrap();
    std::fs::write(dir.join("a.txt"), "first").unwrap();
    std::fs::write(dir.join("b/inner/z.txt"), "second").unwrap();
    std::fs::write(dir.join(".hidden.txt"), "hidden").unwrap();
    std::fs::write(dir.join("b/empty.txt"), "").unwrap();
    let items: Vec<Item> = read_paths(&[dir.clone(), dir.join("missing.txt")], &ReadOptions::default()).collect();
    let (docs, problems) = split(items);
    assert_eq!(docs.iter().map(|d| d.text.as_str()).collect::<Vec<_>>(), vec!["first", "second", "third"]);
    assert_eq!(problems.len(), 2, "{problems:?}");
    assert!(problems[0].ends_with("empty.txt: empty document"));
    assert!(problems[1].contains("missing.txt: cannot open"));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn gzip_plain_truncated_and_by_inner_name() {
    let opts = ReadOptions::default();
    // Same documents as the uncompressed file, ids from the full (.gz) name.
    let (docs, problems) = split(read_paths(&[corpus("wire.jsonl.gz")], &opts).collect());
    assert_eq!(docs.len(), 4);
    assert_eq!(problems.len(), 5);
    assert_eq!(docs[1].id, format!("{}:2", corpus("wire.jsonl.gz").display()));
    // Truncated stream: the documents before the cut are kept, then one problem.
    let items: Vec<Item> = read_paths(&[corpus("cut.jsonl.gz")], &opts).collect();
    let (docs, problems) = split(items);
    assert!(docs.len() > 50, "{} documents before the cut", docs.len());
    assert!(docs.iter().enumerate().all(|(i, d)| d.id == format!("bulk-{i:03}")));
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(problems.last().unwrap().contains("gzip"), "{problems:?}");
    // HTML inside gzip, format from the inner name.
    let (docs, _) = split(read_paths(&[corpus("story.html.gz")], &opts).collect());
    assert!(docs[0].text.starts_with("CAIRO (CP)"));
    assert_eq!(docs[0].title.as_deref(), Some("Sudan's warring sides agree to 72-hour truce in Kordofan, mediators say"));
    // A .gz that is not gzip.
    let (_, problems) = split(items_of("x.txt.gz", b"plain".to_vec(), &opts));
    assert_eq!(problems, vec!["x.txt.gz: not a gzip file, skipped".to_string()]);
}

#[test]
fn corpus_binary_and_latin1_files() {
    let opts = ReadOptions::default();
    let (docs, problems) = split(read_paths(&[corpus("photo.jpg"), corpus("latin1.txt")], &opts).collect());
    assert_eq!(problems, vec![format!("{}: binary file, skipped", corpus("photo.jpg").display())]);
    assert_eq!(docs.len(), 1);
    assert!(docs[0].text.starts_with("Le pr\u{FFFD}sident a re\u{FFFD}u mardi"));
    assert!(docs[0].diagnostics.iter().any(|d| d.message.contains("invalid UTF-8")));
}

#[test]
fn language_given_detected_or_none() {
    let opts = ReadOptions::default();
    let (docs, _) = split(read_paths(&[corpus("wire.jsonl")], &opts).collect());
    assert_eq!(docs[0].lang.as_deref(), Some("en"), "detected");
    let (docs, _) = split(items_of("s.jsonl", b"{\"text\":\"Troops withdrew.\"}\n{\"text\":\"Hola.\",\"lang\":\"es\"}\n".to_vec(), &opts));
    assert_eq!(docs[0].lang, None, "too short to tell");
    assert_eq!(docs[1].lang.as_deref(), Some("es"), "given");
    let (docs, _) = split(items_of("f.txt", "Les ministres des affaires étrangères se sont réunis mardi à Bruxelles pour discuter des sanctions.".as_bytes().to_vec(), &opts));
    assert_eq!(docs[0].lang.as_deref(), Some("fr"));
}
