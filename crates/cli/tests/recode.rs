//! `dyad recode --db`: a store coded by another coder (here: with an extra lexicon, standing for an
//! older dyad) is re-coded in place with the current one and ends up with what a fresh ingest
//! gives; a store of an older schema is refused with what to do, and recode upgrades it.

use dyad_store::Store;
use std::path::{Path, PathBuf};
use std::process::Command;

fn dyad(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_dyad")).args(args).output().expect("run dyad");
    (out.status.code().unwrap_or(-1), String::from_utf8_lossy(&out.stdout).into_owned(), String::from_utf8_lossy(&out.stderr).into_owned())
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("dyad-recode-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// The example stories (not the expected-output files beside them).
fn examples() -> Vec<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples");
    let mut v: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| !p.to_string_lossy().contains(".expected."))
        .map(|p| p.to_str().unwrap().to_string())
        .collect();
    v.sort();
    v
}

fn with<'a>(args: &[&'a str], files: &'a [String]) -> Vec<&'a str> {
    args.iter().copied().chain(files.iter().map(String::as_str)).collect()
}

/// What a store says, independent of row ids and ingest times: every cluster with its counters,
/// date and place, and every document's date (and where it came from) and event count.
fn content(db: &Path) -> Vec<String> {
    content_of(db, "date_source")
}

fn content_of(db: &Path, date_source: &str) -> Vec<String> {
    let s = Store::open_readonly(db).unwrap();
    let c = s.connection();
    let mut out = Vec::new();
    for sql in [
        "SELECT source, target, cameo, quad, goldstein, day, precision, place_name, num_mentions, num_articles, num_sources, lead FROM clusters".to_string(),
        format!("SELECT ext_id, date, {date_source}, n_sentences, n_events FROM documents"),
        "SELECT key, day, quad, n FROM agg_actor WHERE n <> 0".to_string(),
    ] {
        let mut st = c.prepare(&sql).unwrap();
        let n = st.column_count();
        let mut rows: Vec<String> = st
            .query_map([], |r| Ok((0..n).map(|i| format!("{:?}", r.get::<_, dyad_store::sql::Value>(i).unwrap())).collect::<Vec<_>>().join("|")))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        rows.sort();
        out.extend(rows);
    }
    out
}

#[test]
fn recode_replaces_an_older_coding_with_the_current_one() {
    let dir = scratch("lexicon");
    // An extra verb makes the "older" coder code events the current one does not.
    let lex = dir.join("lexicon");
    std::fs::create_dir_all(lex.join("verbs")).unwrap();
    std::fs::write(lex.join("verbs/ours.tsv"), "111\tbefuddle\ttest verb\n").unwrap();
    let story = dir.join("story.jsonl");
    std::fs::write(&story, "{\"id\": \"b\", \"date\": \"2024-03-01\", \"text\": \"Russia befuddled Ukraine on Monday. China praised Russia.\"}\n").unwrap();
    let (old, fresh) = (dir.join("old.db"), dir.join("fresh.db"));
    let (old_s, fresh_s) = (old.to_str().unwrap(), fresh.to_str().unwrap());
    let mut files = examples();
    files.push(story.to_str().unwrap().to_string());
    let (c, _, e) = dyad(&with(&["ingest", "--threads", "1", "--db", old_s, "--lexicon", lex.to_str().unwrap()], &files));
    assert_eq!(c, 0, "{e}");
    let (c, _, e) = dyad(&with(&["ingest", "--threads", "1", "--db", fresh_s], &files));
    assert_eq!(c, 0, "{e}");
    assert_ne!(content(&old), content(&fresh), "the extra verb codes an event");
    let (c, _, e) = dyad(&["recode", "--db", old_s, "--batch", "3"]);
    assert_eq!(c, 0, "{e}");
    assert!(e.contains("documents re-coded"), "{e}");
    assert_eq!(content(&old), content(&fresh));
    assert!(Store::open_readonly(&old).unwrap().check().unwrap().is_empty());
    // Recoding again changes nothing.
    let (c, _, e) = dyad(&["recode", "--db", old_s]);
    assert_eq!(c, 0, "{e}");
    assert_eq!(content(&old), content(&fresh));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn an_older_schema_is_refused_with_what_to_do_and_recode_upgrades_it() {
    let dir = scratch("schema");
    let db = dir.join("t.db");
    let db_s = db.to_str().unwrap();
    let files = examples();
    let (c, _, e) = dyad(&with(&["ingest", "--threads", "1", "--db", db_s], &files));
    assert_eq!(c, 0, "{e}");
    // Schema 1 did not record where dates came from: those of the input are kept as given.
    let want = content_of(&db, "CASE WHEN date_source = 'input' THEN NULL ELSE date_source END");
    // Make it a schema-1 store, as the first dyad wrote it.
    {
        let conn = dyad_store::sql::Connection::open(&db).unwrap();
        conn.execute_batch("ALTER TABLE documents DROP COLUMN date_source; ALTER TABLE documents DROP COLUMN coder; DROP TABLE coders; PRAGMA user_version = 1;").unwrap();
    }
    for args in [vec!["query", "events", "--db", db_s], with(&["ingest", "--db", db_s], &files), vec!["serve", "--db", db_s, "--addr", "127.0.0.1:0"]] {
        let (c, _, e) = dyad(&args);
        assert_eq!(c, 2, "{args:?}: {e}");
        assert!(e.contains("older dyad") && e.contains(&format!("dyad recode --db")), "{args:?}: {e}");
    }
    let (c, _, e) = dyad(&["recode", "--db", db_s]);
    assert_eq!(c, 0, "{e}");
    assert!(e.contains(&format!("schema upgraded from version 1 to {}", dyad_store::SCHEMA_VERSION)), "{e}");
    assert_eq!(content(&db), want);
    // Re-coding records the coder of every document.
    let conn = dyad_store::sql::Connection::open(&db).unwrap();
    let unknown: i64 = conn.query_row("SELECT count(*) FROM documents WHERE coder IS NULL", [], |r| r.get(0)).unwrap();
    let coders: Vec<String> = conn.prepare("SELECT coder_id FROM coders").unwrap().query_map([], |r| r.get(0)).unwrap().map(Result::unwrap).collect();
    assert_eq!((unknown, coders), (0, vec![dyad_engine::builtin_provenance().coder_id]));
    drop(conn);
    // A newer schema is refused too, and left alone.
    dyad_store::sql::Connection::open(&db).unwrap().execute_batch("PRAGMA user_version = 99;").unwrap();
    let (c, _, e) = dyad(&["recode", "--db", db_s]);
    assert_eq!(c, 2);
    assert!(e.contains("newer dyad"), "{e}");
    let _ = std::fs::remove_dir_all(&dir);
}
