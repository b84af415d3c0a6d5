//! SIGKILL in the middle of `dyad ingest`, then resume: no loss, no duplicates, same result as a
//! clean run.

use dyad_store::Store;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const ACTORS: [&str; 8] = ["Russia", "China", "Iran", "Turkey", "Germany", "France", "Japan", "India"];
const VERBS: [&str; 6] = ["met officials from", "condemned", "accused", "signed an agreement with", "threatened", "praised"];

fn corpus(dir: &Path, n: usize) -> PathBuf {
    let mut s = String::new();
    for i in 0..n {
        let mut text = String::new();
        for j in 0..6 {
            let a = ACTORS[(i + j) % ACTORS.len()];
            let b = ACTORS[(i * 3 + j + 1) % ACTORS.len()];
            let b = if a == b { ACTORS[(i + j + 1) % ACTORS.len()] } else { b };
            let v = VERBS[(i + 2 * j) % VERBS.len()];
            text.push_str(&format!("{a} {v} {b} on Monday, officials said in report {i}. "));
        }
        // Several stories a day, so events merge across documents.
        let day = 1 + (i / 40) % 28;
        let url = format!("https://site{}.example/story/{i}", i % 5);
        s.push_str(&serde_json::json!({"id": format!("doc{i}"), "url": url, "date": format!("2024-02-{day:02}"), "text": text}).to_string());
        s.push('\n');
    }
    let p = dir.join("corpus.jsonl");
    std::fs::write(&p, s).unwrap();
    p
}

fn ingest(input: &Path, db: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_dyad"));
    c.args(["ingest", "--threads", "1", "--batch", "25", "--db"]).arg(db).arg(input).stdout(Stdio::null()).stderr(Stdio::null());
    c
}

fn dump(s: &Store) -> Vec<String> {
    let conn = s.connection();
    let mut out = Vec::new();
    for sql in [
        "SELECT ext_id, url, date, source, n_sentences, n_events FROM documents ORDER BY id",
        "SELECT source, target, root, cameo, day, precision, num_mentions, num_articles, num_sources, first_event FROM clusters ORDER BY id",
        "SELECT doc, sentence, cluster, cameo, source, target FROM events ORDER BY id",
        "SELECT key, day, quad, n FROM agg_actor WHERE n <> 0 ORDER BY 1, 2, 3",
    ] {
        let mut st = conn.prepare(sql).unwrap();
        let n = st.column_count();
        let rows = st
            .query_map([], |r| {
                let mut v = Vec::new();
                for i in 0..n {
                    let x: rusqlite_value::Value = r.get(i)?;
                    v.push(format!("{x:?}"));
                }
                Ok(v.join("|"))
            })
            .unwrap();
        out.extend(rows.map(|r| r.unwrap()));
    }
    out
}

// rusqlite is reached through dyad-store's re-export-free API: use its Value type via the
// connection (the crate is a dependency of dyad-store).
mod rusqlite_value {
    pub use dyad_store::sql::Value;
}

#[test]
fn sigkill_mid_ingest_then_resume() {
    let dir = std::env::temp_dir().join(format!("dyad-crash-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let input = corpus(&dir, 2000);

    // Clean run.
    let clean_db = dir.join("clean.db");
    assert!(ingest(&input, &clean_db).status().unwrap().success());
    let clean = Store::open_readonly(&clean_db).unwrap();
    let clean_counts = clean.counts().unwrap();
    assert_eq!(clean_counts.documents, 2000);
    assert!(clean_counts.events > 2000, "{clean_counts:?}");
    assert!(clean_counts.clusters < clean_counts.events, "nothing merged: {clean_counts:?}");
    assert!(clean.check().unwrap().is_empty());

    // Killed runs: kill at several points, resume each time.
    let db = dir.join("killed.db");
    let mut kills = 0;
    for round in 0..3 {
        let mut child = ingest(&input, &db).spawn().unwrap();
        let target = 100 + round * 500;
        let t = Instant::now();
        loop {
            let n = Store::open_readonly(&db).ok().and_then(|s| s.counts().ok()).map_or(0, |c| c.documents);
            if n >= target as u64 || t.elapsed() > Duration::from_secs(120) {
                break;
            }
            if child.try_wait().unwrap().is_some() {
                break;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        if child.try_wait().unwrap().is_none() {
            child.kill().unwrap(); // SIGKILL
            kills += 1;
        }
        child.wait().unwrap();
        // Consistent after the kill, reader-side.
        let s = Store::open(&db).unwrap();
        assert!(s.check().unwrap().is_empty(), "{:?}", s.check().unwrap());
        let c = s.counts().unwrap();
        assert!(c.documents <= 2000);
        assert_eq!(c.documents % 25, 0, "a batch was stored in part: {c:?}");
    }
    assert!(kills > 0, "the ingest finished before it could be killed");
    // Resume to completion, twice (the second run changes nothing).
    assert!(ingest(&input, &db).status().unwrap().success());
    let after_resume = dump(&Store::open_readonly(&db).unwrap());
    assert!(ingest(&input, &db).status().unwrap().success());
    let s = Store::open_readonly(&db).unwrap();
    assert!(s.check().unwrap().is_empty());
    assert_eq!(s.counts().unwrap(), clean_counts);
    let resumed = dump(&s);
    assert_eq!(resumed, after_resume);
    assert_eq!(resumed, dump(&clean));
    let _ = std::fs::remove_dir_all(&dir);
}
