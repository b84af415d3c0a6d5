//! The command line's guards: unknown actors name close matches, a binary format refuses a
//! terminal, `ingest` takes the coder flags of `code`, the demo removes its temporary database.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_dyad")
}

fn dyad(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(bin()).args(args).output().expect("run dyad");
    (out.status.code().unwrap_or(-1), String::from_utf8_lossy(&out.stdout).into_owned(), String::from_utf8_lossy(&out.stderr).into_owned())
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("dyad-guards-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn story_store(dir: &Path) -> String {
    let story = dir.join("s.jsonl");
    std::fs::write(
        &story,
        "{\"id\": \"1\", \"date\": \"2024-03-01\", \"text\": \"Russia accused Ukraine of shelling Belgorod. China praised Russia for the talks.\"}\n",
    )
    .unwrap();
    let db = dir.join("t.db").to_str().unwrap().to_string();
    let (c, _, e) = dyad(&["ingest", "--db", &db, story.to_str().unwrap()]);
    assert_eq!(c, 0, "{e}");
    db
}

#[test]
fn unknown_actors_are_errors_that_name_close_matches() {
    let dir = scratch("actors");
    let db = story_store(&dir);
    for (args, want) in [
        (vec!["query", "align", "RSU", "CHN"], "close matches: RUS (Russia)"),
        (vec!["query", "align", "XXX", "YYY"], "\"XXX\""),
        (vec!["query", "events", "--actor", "russia"], "RUS (Russia)"),
        (vec!["query", "series", "--dyad", "RUS->UKRGO"], "UKR"),
        (vec!["query", "top", "--actor", "CHM"], "CHN (China)"),
        (vec!["export", "--format", "csv", "--actor", "ZZZ"], "`dyad query top` lists the busiest actors"),
    ] {
        let mut a = args.clone();
        a.extend(["--db", &db]);
        let (c, out, e) = dyad(&a);
        assert_eq!(c, 2, "{args:?}: {out}{e}");
        assert!(out.is_empty(), "{args:?}: {out}");
        assert!(e.contains("no event in") && e.contains(want), "{args:?}: {e}");
    }
    // Known actors still answer.
    let (c, out, e) = dyad(&["query", "align", "RUS", "CHN", "--db", &db, "--format", "csv"]);
    assert_eq!(c, 0, "{e}");
    assert!(out.starts_with("period,"), "{out}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn parquet_refuses_a_terminal() {
    let dir = scratch("tty");
    let db = story_store(&dir);
    // `script` (util-linux, essential in Debian) runs the command on a pseudo-terminal.
    let cmd = format!("{} export --format parquet --db {db}", bin());
    let out = Command::new("script").args(["-qec", &cmd, "/dev/null"]).output().expect("script (util-linux) runs");
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(2), "{text}");
    assert!(text.contains("writes a binary file") && !text.contains("PAR1"), "{text}");
    // Redirected, it writes the file.
    let out = Command::new(bin()).args(["export", "--format", "parquet", "--db", &db]).output().unwrap();
    assert!(out.status.success());
    assert_eq!(&out.stdout[..4], b"PAR1");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn ingest_takes_the_coder_flags_of_code() {
    let dir = scratch("flags");
    let lex = dir.join("lexicon");
    std::fs::create_dir_all(lex.join("verbs")).unwrap();
    std::fs::write(lex.join("verbs/ours.tsv"), "111\tbefuddle\ttest verb\n").unwrap();
    let story = dir.join("s.jsonl");
    std::fs::write(&story, "{\"id\": \"1\", \"date\": \"2024-03-01\", \"text\": \"Russia befuddled Ukraine on Monday.\"}\n").unwrap();
    let db = dir.join("t.db");
    let db = db.to_str().unwrap();
    let (c, _, e) = dyad(&["ingest", "--db", db, "--lexicon", lex.to_str().unwrap(), story.to_str().unwrap()]);
    assert_eq!(c, 0, "{e}");
    let (_, out, _) = dyad(&["query", "events", "--db", db, "--format", "jsonl"]);
    assert!(out.contains("\"cameo\":\"111\""), "{out}");
    // The PETRARCH dictionaries (committed unit-test ones) work the same way.
    let unit = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../eval/fixtures/petrarch-unit");
    let db2 = dir.join("p.db");
    let (c, _, e) = dyad(&["ingest", "--db", db2.to_str().unwrap(), "--petrarch", unit.to_str().unwrap(), story.to_str().unwrap()]);
    assert_eq!(c, 0, "{e}");
    // Both at once is refused.
    let (c, _, e) = dyad(&["ingest", "--db", db, "--petrarch", unit.to_str().unwrap(), "--lexicon", lex.to_str().unwrap(), story.to_str().unwrap()]);
    assert_eq!(c, 2, "{e}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn the_demo_removes_its_temporary_database_when_stopped() {
    let tmp = scratch("demo");
    let mut child = Command::new(bin())
        .args(["demo", "--addr", "127.0.0.1:0"])
        .env("TMPDIR", &tmp)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut err = BufReader::new(child.stderr.take().unwrap());
    let t = Instant::now();
    let mut seen = String::new();
    while !seen.contains("http://") {
        let mut line = String::new();
        if err.read_line(&mut line).unwrap() == 0 || t.elapsed() > Duration::from_secs(120) {
            let _ = child.kill();
            panic!("the demo did not start: {seen}");
        }
        seen.push_str(&line);
    }
    let folder = tmp.join(format!("dyad-demo-{}", child.id()));
    assert!(folder.join("demo.db").is_file(), "{seen}");
    let status = Command::new("kill").args(["-INT", &child.id().to_string()]).status().unwrap();
    assert!(status.success());
    let code = child.wait().unwrap();
    assert!(code.success(), "{code:?}");
    assert!(!folder.exists(), "{} is left behind", folder.display());
    let _ = std::fs::remove_dir_all(&tmp);
}

/// A PETRARCH dictionary code that is no CAMEO event code ("223" in the unit-test dictionaries) is
/// dropped with a warning naming the document and the dictionary line; the run goes on.
#[test]
fn petrarch_codes_that_are_not_cameo_are_warned_and_dropped() {
    let dir = scratch("petrarch-codes");
    let story = dir.join("toll.jsonl");
    std::fs::write(&story, "{\"id\": \"toll\", \"date\": \"2024-03-01\", \"text\": \"Eriador's death toll has risen in the dispute with Osgiliath, the state's fiercest foe.\"}\n").unwrap();
    let unit = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../eval/fixtures/petrarch-unit");
    let (c, out, e) = dyad(&["code", "--petrarch", unit.to_str().unwrap(), story.to_str().unwrap()]);
    assert_eq!(c, 0, "{e}");
    assert!(out.trim().is_empty(), "no event with a code that is not CAMEO: {out}");
    assert!(e.contains("toll") && e.contains("not a CAMEO event code") && e.contains("\"223\"") && e.contains("verb dictionary line"), "{e}");
    let _ = std::fs::remove_dir_all(&dir);
}
