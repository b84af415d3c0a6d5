//! The round trip of `dyad lexicon import` through the built binary: PETRARCH's validation
//! dictionaries (committed in eval/fixtures/petrarch-unit) imported into a dyad-format lexicon code
//! the unit records' texts exactly as the dictionaries themselves do.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

fn dyad() -> Command {
    Command::new(env!("CARGO_BIN_EXE_dyad"))
}

fn unit_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../eval/fixtures/petrarch-unit")
}

fn run(args: &[&str]) -> (i32, String, String) {
    let out = dyad().args(args).output().expect("run dyad");
    (out.status.code().unwrap_or(-1), String::from_utf8_lossy(&out.stdout).into_owned(), String::from_utf8_lossy(&out.stderr).into_owned())
}

type Ev = (String, u64, String, String, String, String);

fn events(stdout: &str) -> BTreeSet<Ev> {
    stdout
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).expect("JSON line");
            let s = |p: &str| v.pointer(p).and_then(|x| x.as_str()).unwrap_or("").to_string();
            (s("/doc"), v["sentence"].as_u64().unwrap(), s("/source/code"), s("/target/code"), s("/cameo"), s("/verb"))
        })
        .collect()
}

#[test]
fn imported_unit_dictionaries_code_like_the_originals() {
    let dir = unit_dir();
    let records = dir.join("PETR.UnitTest.records.xml");
    let xml = std::fs::read_to_string(&records).unwrap_or_else(|e| panic!("{}: {e}", records.display()));
    let tmp = std::env::temp_dir().join(format!("dyad-petrarch-import-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&tmp);
    std::fs::create_dir_all(&tmp).unwrap();
    let out = tmp.join("lexicon");
    let (code, stdout, stderr) = run(&["lexicon", "import", dir.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert!(stdout.contains("identical to the dictionaries imported"), "{stdout}");
    assert!(out.join("lexicon.toml").is_file() && out.join("patterns.tsv").is_file());

    // The records' texts as documents, with their dates.
    let (vf, _) = dyad_petrarch::validate::read(&xml);
    let mut docs = String::new();
    for r in &vf.records {
        let mut v = serde_json::json!({"id": r.id, "text": r.text});
        if let Some(d) = r.date {
            v["date"] = serde_json::Value::String(d.to_string());
        }
        docs.push_str(&v.to_string());
        docs.push('\n');
    }
    let input = tmp.join("records.jsonl");
    std::fs::write(&input, docs).unwrap();
    let input = input.to_str().unwrap();

    let (c1, o1, e1) = run(&["code", "--petrarch", dir.to_str().unwrap(), input]);
    let (c2, o2, e2) = run(&["code", "--lexicon", out.to_str().unwrap(), "--lexicon-only", input]);
    assert_eq!((c1, c2), (0, 0), "{e1}\n{e2}");
    let (a, b) = (events(&o1), events(&o2));
    assert!(a.len() > 100, "the records code to events: {}", a.len());
    let only_a: Vec<_> = a.difference(&b).take(5).collect();
    let only_b: Vec<_> = b.difference(&a).take(5).collect();
    assert!(a == b, "{} vs {} events; only with --petrarch: {only_a:?}; only with the import: {only_b:?}", a.len(), b.len());
    // Byte-identical output: same events in the same order with the same evidence.
    assert_eq!(o1, o2);
    // In dyad's event schema: actor spans point at the actors' text in the sentence, and the CAMEO
    // table adds QuadClass and PLOVER type.
    let mut spanned = 0;
    for l in o1.lines() {
        let v: serde_json::Value = serde_json::from_str(l).unwrap();
        let text = v["text"].as_str().unwrap();
        let start = v["span"][0].as_u64().unwrap();
        assert!(v["quad"].as_u64().is_some() && v.get("plover").is_some() && v.get("date").is_some(), "{l}");
        let src = &v["source"];
        let (a, b) = (src["span"][0].as_u64().unwrap(), src["span"][1].as_u64().unwrap());
        if b > a {
            spanned += 1;
            let t = text.get((a - start) as usize..(b - start) as usize).unwrap_or("?");
            assert_eq!(t, src["text"].as_str().unwrap(), "{l}");
        }
    }
    assert!(spanned * 10 >= a.len() * 9, "most sources have a span: {spanned} of {}", a.len());

    // Output order and content do not depend on the number of threads.
    let (_, t1, _) = run(&["code", "--threads", "1", "--lexicon", out.to_str().unwrap(), "--lexicon-only", input]);
    let (_, t2, _) = run(&["code", "--threads", "2", "--lexicon", out.to_str().unwrap(), "--lexicon-only", input]);
    assert_eq!(t1, t2);
    assert_eq!(t1, o1);

    // A PETRARCH-assembly lexicon cannot be added to the built-in lexicons.
    let (c3, _, e3) = run(&["code", "--lexicon", out.to_str().unwrap(), input]);
    assert_eq!(c3, 2);
    assert!(e3.contains("--lexicon-only"), "{e3}");

    // The validation suite gives the same result with the imported lexicon.
    let (_, v1, _) = run(&["eval", "petrarch", records.to_str().unwrap()]);
    let (_, v2, _) = run(&["eval", "petrarch", records.to_str().unwrap(), "--dicts", out.to_str().unwrap()]);
    let last = |s: &str| s.lines().last().unwrap_or("").to_string();
    assert!(last(&v1).ends_with("failed"), "{v1}");
    assert_eq!(last(&v1), last(&v2));
    let _ = std::fs::remove_dir_all(&tmp);
}
