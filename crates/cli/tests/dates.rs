//! Publication dates through the built binary: plain-text stories dated by their dateline or their
//! opening sentence, the source named on every event, undated events kept and counted, and
//! `ingest --date` re-dating stored documents.

use std::path::{Path, PathBuf};
use std::process::Command;

fn dyad(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_dyad")).args(args).output().expect("run dyad");
    (out.status.code().unwrap_or(-1), String::from_utf8_lossy(&out.stdout).into_owned(), String::from_utf8_lossy(&out.stderr).into_owned())
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("dyad-dates-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn write(dir: &Path, name: &str, text: &str) -> String {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p.to_str().unwrap().to_string()
}

fn events(stdout: &str) -> Vec<serde_json::Value> {
    stdout.lines().map(|l| serde_json::from_str(l).expect("JSON line")).collect()
}

#[test]
fn text_stories_are_dated_and_say_where_the_date_came_from() {
    let dir = scratch("code");
    let dateline = write(&dir, "dateline.txt", "KYIV, March 11, 2025 (Reuters) - Russian forces shelled Kharkiv on Tuesday. Ukraine accused Russia of war crimes.\n");
    let opening = write(&dir, "opening.txt", "On March 11, 2025, Hamas agreed to release four hostages. Israel welcomed the deal.\n");
    let undated = write(&dir, "undated.txt", "Russian forces shelled Kharkiv on Tuesday. Ukraine accused Russia of war crimes.\n");
    let (code, out, err) = dyad(&["code", &dateline, &opening, &undated]);
    assert_eq!(code, 0, "{err}");
    let evs = events(&out);
    for (file, date, source) in [(&dateline, Some("2025-03-11"), Some("dateline")), (&opening, Some("2025-03-11"), Some("text")), (&undated, None, None)] {
        let mine: Vec<_> = evs.iter().filter(|e| e["doc"] == file.as_str()).collect();
        assert!(!mine.is_empty(), "{file}: no events in {out}");
        for e in mine {
            assert_eq!((e["doc_date"].as_str(), e["doc_date_source"].as_str()), (date, source), "{e}");
            assert_eq!(e["date"].is_null(), date.is_none(), "{e}");
        }
    }
    // --date wins over the dateline and is named as input.
    let (_, out, _) = dyad(&["code", "--date", "2025-03-12", &dateline]);
    assert!(events(&out).iter().all(|e| e["doc_date"] == "2025-03-12" && e["doc_date_source"] == "input"), "{out}");
    // TSV has the two columns last.
    let (_, out, _) = dyad(&["code", "--format", "tsv", &dateline]);
    let mut lines = out.lines();
    assert!(lines.next().unwrap().ends_with("\tdoc_date\tdoc_date_source"));
    assert!(lines.next().unwrap().ends_with("\t2025-03-11\tdateline"));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn undated_events_are_counted_and_ingest_date_re_dates_them() {
    let dir = scratch("ingest");
    let db = dir.join("t.db");
    let db = db.to_str().unwrap();
    let dated = write(&dir, "dated.txt", "KYIV, March 11, 2025 (Reuters) - Russia accused Ukraine of shelling Belgorod.\n");
    let undated = write(&dir, "undated.txt", "Russian forces shelled Kharkiv on Tuesday. Ukraine accused Russia of war crimes.\n");
    let (code, _, err) = dyad(&["ingest", "--db", db, &dated, &undated]);
    assert_eq!(code, 0, "{err}");
    let (_, all, _) = dyad(&["query", "events", "--db", db, "--format", "jsonl", "--limit", "0"]);
    let n_all = all.lines().count();
    let (_, und, _) = dyad(&["query", "events", "--db", db, "--format", "jsonl", "--undated", "--limit", "0"]);
    let n_und = und.lines().count();
    assert!(n_und >= 2 && n_all > n_und, "{all}");
    // The series adds up to the event list, with the undated ones in their own row.
    let (_, series, _) = dyad(&["query", "series", "--db", db, "--format", "jsonl"]);
    let rows = events(&series);
    assert_eq!(rows.last().unwrap()["period"], "undated", "{series}");
    assert_eq!(rows.iter().map(|r| r["total"].as_f64().unwrap()).sum::<f64>() as usize, n_all);
    // Read again without a date: the CLI says what to do.
    let (_, _, err) = dyad(&["ingest", "--db", db, &undated]);
    assert!(err.contains("1 of the documents already in the store are undated") && err.contains("--date"), "{err}");
    // With --date: re-dated, and its events are dated now.
    let (code, _, err) = dyad(&["ingest", "--db", db, "--date", "2025-03-12", &undated]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("1 re-dated"), "{err}");
    let (_, und, _) = dyad(&["query", "events", "--db", db, "--format", "jsonl", "--undated", "--limit", "0"]);
    assert_eq!(und.lines().count(), 0, "{und}");
    let (_, all2, _) = dyad(&["query", "events", "--db", db, "--format", "jsonl", "--limit", "0"]);
    assert_eq!(all2.lines().count(), n_all);
    let _ = std::fs::remove_dir_all(&dir);
}
