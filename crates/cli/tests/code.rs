//! End-to-end tests of `dyad code` over real documents and bad input, through the built binary.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

fn dyad() -> Command {
    Command::new(env!("CARGO_BIN_EXE_dyad"))
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn run(args: &[&str], stdin: &[u8]) -> (i32, String, String) {
    let mut child = dyad().args(args).stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().expect("spawn dyad");
    child.stdin.take().expect("stdin").write_all(stdin).expect("write stdin");
    let out = child.wait_with_output().expect("wait");
    (out.status.code().unwrap_or(-1), String::from_utf8_lossy(&out.stdout).into_owned(), String::from_utf8_lossy(&out.stderr).into_owned())
}

fn events(stdout: &str) -> Vec<serde_json::Value> {
    stdout.lines().map(|l| serde_json::from_str(l).expect("each line is JSON")).collect()
}

#[test]
fn example_story_codes_to_the_events_a_human_would_code() {
    let story = root().join("examples/putin-xi-summit.txt");
    let (code, out, err) = run(&["code", "--date", "2024-05-16", story.to_str().unwrap()], b"");
    assert_eq!(code, 0, "{err}");
    let mut got: Vec<(String, String, String)> = events(&out)
        .iter()
        .filter(|e| e["root"] != "01")
        .map(|e| {
            (
                e["source"]["code"].as_str().unwrap_or("").to_string(),
                e["target"]["code"].as_str().unwrap_or("").to_string(),
                e["root"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    let expected_text = std::fs::read_to_string(root().join("examples/putin-xi-summit.expected.tsv")).unwrap();
    let mut expected: Vec<(String, String, String)> = expected_text
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| {
            let c: Vec<&str> = l.split('\t').collect();
            (c[0].to_string(), c[1].to_string(), c[2].to_string())
        })
        .collect();
    got.sort();
    expected.sort();
    assert_eq!(got, expected);
}

#[test]
fn every_event_carries_its_evidence() {
    let story = root().join("examples/putin-xi-summit.txt");
    let (_, out, _) = run(&["code", "--date", "2024-05-16", story.to_str().unwrap()], b"");
    let text = std::fs::read_to_string(&story).unwrap();
    for e in events(&out) {
        let span = e["span"].as_array().unwrap();
        let (a, b) = (span[0].as_u64().unwrap() as usize, span[1].as_u64().unwrap() as usize);
        // The example is plain ASCII, so normalised offsets equal raw offsets.
        assert_eq!(&text[a..b], e["text"].as_str().unwrap());
        let s = e["source"]["span"].as_array().unwrap();
        assert_eq!(&text[s[0].as_u64().unwrap() as usize..s[1].as_u64().unwrap() as usize], e["source"]["text"].as_str().unwrap());
        assert!(e["rule"].as_str().unwrap().contains("lexicon/"), "rule names lexicon entries: {}", e["rule"]);
        assert!(e["date"].is_string() && e["quad"].is_u64() && e["goldstein"].is_number());
    }
}

#[test]
fn output_order_and_content_do_not_depend_on_threads() {
    let mut input = String::new();
    for i in 0..300 {
        input.push_str(&format!("{{\"id\":\"d{i}\",\"date\":\"2024-01-0{}\",\"text\":\"Russian troops attacked Ukraine on Monday. France condemned Russia.\"}}\n", i % 9 + 1));
    }
    let (c1, o1, _) = run(&["code", "--threads", "1", "-"], input.as_bytes());
    let (c2, o2, _) = run(&["code", "--threads", "2", "-"], input.as_bytes());
    assert_eq!((c1, c2), (0, 0));
    assert_eq!(o1, o2);
    assert!(events(&o1).len() >= 600);
}

#[test]
fn bad_input_is_named_and_the_rest_is_coded() {
    let dir = std::env::temp_dir().join(format!("dyad-bad-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let good = dir.join("a-good.txt");
    std::fs::write(&good, "Russian troops attacked Ukraine on Monday.").unwrap();
    let binary = dir.join("b-binary.txt");
    std::fs::write(&binary, [0u8, 159, 146, 150, 0, 1, 2, 3, 0, 0]).unwrap();
    let latin1 = dir.join("c-latin1.txt");
    std::fs::write(&latin1, b"Fran\xe7ois Hollande condemned Russia.").unwrap();
    let empty = dir.join("d-empty.txt");
    std::fs::write(&empty, b"").unwrap();
    let jsonl = dir.join("e-lines.jsonl");
    std::fs::write(&jsonl, "{\"id\":\"ok1\",\"text\":\"France condemned Russia.\"}\n{not json\n{\"id\":\"ok2\",\"text\":\"Germany condemned Russia.\"}\n").unwrap();
    let (code, out, err) = run(&["code", "--date", "2024-03-01", dir.to_str().unwrap()], b"");
    assert_eq!(code, 1, "exit status reports the failures: {err}");
    assert!(err.contains("b-binary.txt") && err.contains("binary"), "{err}");
    assert!(err.contains("d-empty.txt"), "{err}");
    assert!(err.contains("e-lines.jsonl:2"), "malformed line named with its number: {err}");
    assert!(err.contains("c-latin1.txt"), "lossy decoding warned: {err}");
    let docs: Vec<String> = events(&out).iter().map(|e| e["doc"].as_str().unwrap().to_string()).collect();
    assert!(docs.iter().any(|d| d.ends_with("a-good.txt")), "{docs:?}");
    assert!(docs.contains(&"ok1".to_string()) && docs.contains(&"ok2".to_string()), "{docs:?}");
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn a_huge_single_line_is_cut_with_a_warning() {
    let dir = std::env::temp_dir().join(format!("dyad-huge-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let huge = dir.join("huge.txt");
    let mut f = std::fs::File::create(&huge).unwrap();
    let chunk = "Russian troops attacked Ukraine and France condemned Russia ".repeat(1000);
    while f.metadata().unwrap().len() < 50_000_000 {
        f.write_all(chunk.as_bytes()).unwrap();
    }
    drop(f);
    let (code, _out, err) = run(&["code", "--date", "2024-03-01", huge.to_str().unwrap()], b"");
    assert!(err.contains("huge.txt"), "{err}");
    assert!(err.to_lowercase().contains("cut") || err.to_lowercase().contains("trunc") || err.contains("limit"), "{err}");
    assert!(code == 0 || code == 1);
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn empty_stdin_is_reported() {
    let (code, out, err) = run(&["code", "-"], b"");
    assert!(out.is_empty());
    assert!(err.contains("empty"), "{err}");
    assert_eq!(code, 1);
}

#[test]
fn a_user_lexicon_adds_actors_and_verbs() {
    let dir = std::env::temp_dir().join(format!("dyad-lex-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("people")).unwrap();
    std::fs::create_dir_all(dir.join("verbs")).unwrap();
    std::fs::write(dir.join("people/ours.tsv"), "Zorblax Quint|Quint\tRUSGOV\t2020\t\tEnvoy\ttest\n").unwrap();
    std::fs::write(dir.join("verbs/ours.tsv"), "111\tbefuddle\ttest verb\n").unwrap();
    let text = b"Quint befuddled Ukraine on Monday.";
    let (_, plain, _) = run(&["code", "--date", "2024-03-01", "-"], text);
    assert!(events(&plain).is_empty(), "without the lexicon nothing is known: {plain}");
    let (code, out, err) = run(&["code", "--date", "2024-03-01", "--lexicon", dir.to_str().unwrap(), "-"], text);
    assert_eq!(code, 0, "{err}");
    let ev = events(&out);
    assert_eq!(ev.len(), 1, "{out}");
    assert_eq!(ev[0]["source"]["code"], "RUSGOV");
    assert_eq!(ev[0]["target"]["code"], "UKR");
    assert_eq!(ev[0]["cameo"], "111");
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn the_built_in_lexicons_pass_their_lint() {
    // `dyad lexicon check`: unknown codes, duplicate and conflicting entries, inverted or overlapping
    // date ranges, phrases that can never match. The built-in lexicons must have none of them.
    let (code, stdout, stderr) = run(&["lexicon", "check"], b"");
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert!(stdout.trim_end().ends_with("0 errors, 0 warnings"), "{stdout}");
}

#[test]
fn eval_without_a_file_scores_the_built_in_plover_records_from_any_folder() {
    // Run from an empty folder: nothing beside it, no ../shared.
    let dir = std::env::temp_dir().join(format!("dyad-eval-cwd-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let out = dyad().arg("eval").current_dir(&dir).output().expect("run dyad eval");
    let _ = std::fs::remove_dir_all(&dir);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}{}", String::from_utf8_lossy(&out.stderr));
    assert!(stdout.starts_with("PLOVER gold records: 160 sentences from the built-in PLOVER dev records"), "{stdout}");
    let all = stdout.lines().find(|l| l.starts_with("ALL ")).expect("an ALL line");
    let f1: f64 = all.split_whitespace().last().and_then(|x| x.parse().ok()).expect("F1");
    assert!(f1 > 0.0 && f1 <= 1.0, "{all}");
}

/// A bare statement beside an event coded from the same sentence is its attribution, not an event:
/// "..., officials in Kyiv said", "Xi said China would deepen ...".
#[test]
fn a_statement_beside_a_reported_event_is_attribution() {
    let input = "{\"id\":\"a\",\"date\":\"2024-05-16\",\"text\":\"Russian forces attacked Ukraine on Monday, officials in Kyiv said.\"}\n{\"id\":\"b\",\"date\":\"2024-05-16\",\"text\":\"Xi said China would deepen military cooperation with Russia.\"}\n";
    let (code, out, err) = run(&["code", "-"], input.as_bytes());
    assert_eq!(code, 0, "{err}");
    let events = events(&out);
    for doc in ["a", "b"] {
        let codes: Vec<&str> = events.iter().filter(|e| e["doc"] == doc).map(|e| e["cameo"].as_str().unwrap_or("")).collect();
        assert!(!codes.is_empty() && !codes.contains(&"010"), "{doc}: {codes:?}");
    }
}

/// A joint act of several parties whose only other candidate target is a phrase of place is
/// between the parties: the place is where it happened.
#[test]
fn a_joint_act_in_a_place_is_between_the_parties() {
    let input = "{\"id\":\"a\",\"date\":\"2025-05-16\",\"text\":\"Delegations from Armenia and Azerbaijan held their first direct peace talks in Istanbul on Friday.\"}\n";
    let (code, out, err) = run(&["code", "-"], input.as_bytes());
    assert_eq!(code, 0, "{err}");
    let pairs: Vec<(String, String)> = events(&out).iter().map(|e| (e["source"]["code"].as_str().unwrap_or("").to_string(), e["target"]["code"].as_str().unwrap_or("").to_string())).collect();
    assert!(pairs.contains(&("ARM".to_string(), "AZE".to_string())) && pairs.contains(&("AZE".to_string(), "ARM".to_string())), "{pairs:?}");
}
