mod common;

use common::*;
use dyad_model::Precision;
use dyad_store::Store;

fn tmp(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("dyad-store-test-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir.join("t.db")
}

fn dump(s: &Store, sql: &str) -> Vec<String> {
    let conn = s.connection();
    let mut st = conn.prepare(sql).unwrap();
    let n = st.column_count();
    st.query_map([], |r| {
        let mut v = Vec::new();
        for i in 0..n {
            let x: rusqlite::types::Value = r.get(i)?;
            v.push(format!("{x:?}"));
        }
        Ok(v.join("|"))
    })
    .unwrap()
    .map(|r| r.unwrap())
    .collect()
}

fn corpus() -> Vec<dyad_model::Document> {
    vec![
        doc("a", Some("https://www.reuters.com/a"), "2024-03-05", &[Ev::new("RUSGOV", "CHNGOV", "040", 1.0, "2024-03-05"), Ev::new("USA", "IRN", "112", -2.0, "2024-03-04")]),
        doc("b", Some("https://apnews.com/b"), "2024-03-06", &[Ev::new("RUSGOV", "CHNGOV", "042", 1.9, "2024-03-05")]),
        doc("c", None, "2024-03-06", &[Ev::new("USA", "IRN", "111", -2.0, "2024-03-05")]),
    ]
}

#[test]
fn ingest_twice_changes_nothing() {
    let path = tmp("twice");
    let mut s = Store::open(&path).unwrap();
    let st = s.ingest(&corpus()).unwrap();
    assert_eq!(st.documents, 3);
    assert_eq!(st.events, 4);
    let before = (s.counts().unwrap(), dump(&s, "SELECT * FROM clusters ORDER BY id"), dump(&s, "SELECT * FROM agg_dyad ORDER BY 1,2,3,4"));
    let st2 = s.ingest(&corpus()).unwrap();
    assert_eq!(st2.documents, 0);
    assert_eq!(st2.duplicates, 3);
    let after = (s.counts().unwrap(), dump(&s, "SELECT * FROM clusters ORDER BY id"), dump(&s, "SELECT * FROM agg_dyad ORDER BY 1,2,3,4"));
    assert_eq!(before, after);
    assert!(s.check().unwrap().is_empty(), "{:?}", s.check().unwrap());
    // Same URL with other text, and same text under another URL: both skipped.
    let mut other = corpus()[0].clone();
    other.text.push_str(" Updated.");
    let mut moved = corpus()[1].clone();
    moved.url = Some("https://elsewhere.org/x".into());
    let st3 = s.ingest(&[other, moved]).unwrap();
    assert_eq!((st3.documents, st3.duplicates), (0, 2));
    // Duplicates inside one batch.
    let mut s2 = Store::open(tmp("batchdup")).unwrap();
    let mut c = corpus();
    c.push(c[0].clone());
    let st4 = s2.ingest(&c).unwrap();
    assert_eq!((st4.documents, st4.duplicates), (3, 1));
}

#[test]
fn dedup_three_articles_one_event() {
    let mut s = Store::open(tmp("dedup")).unwrap();
    let docs = vec![
        doc("1", Some("https://www.reuters.com/1"), "2024-03-05", &[Ev::new("RUSGOV", "CHNGOV", "040", 1.0, "2024-03-05")]),
        // a day later (within ±1), another CAMEO code of root 04, another source
        doc("2", Some("https://apnews.com/2"), "2024-03-06", &[Ev::new("RUSGOV", "CHNGOV", "043", 2.8, "2024-03-06")]),
        // month precision, same month, same host as article 1, reported twice in the article
        doc("3", Some("https://reuters.com/3"), "2024-03-20", &[
            Ev::new("RUSGOV", "CHNGOV", "040", 1.0, "2024-03-01").precision(Precision::Month),
            Ev::new("RUSGOV", "CHNGOV", "040", 1.0, "2024-03-05"),
        ]),
        // not the same event: other root, other direction, other day, other place
        doc("4", Some("https://bbc.co.uk/4"), "2024-03-05", &[
            Ev::new("RUSGOV", "CHNGOV", "111", -2.0, "2024-03-05"),
            Ev::new("CHNGOV", "RUSGOV", "040", 1.0, "2024-03-05"),
            Ev::new("RUSGOV", "CHNGOV", "040", 1.0, "2024-03-09"),
        ]),
    ];
    let st = s.ingest(&docs).unwrap();
    assert_eq!(st.events, 7);
    assert_eq!(st.new_clusters, 4);
    assert_eq!(st.merged, 3);
    let rows = dump(&s, "SELECT num_mentions, num_articles, num_sources FROM clusters ORDER BY id");
    assert_eq!(rows[0], "Integer(4)|Integer(3)|Integer(2)");
    assert_eq!(rows[1..], ["Integer(1)|Integer(1)|Integer(1)".to_string(), "Integer(1)|Integer(1)|Integer(1)".into(), "Integer(1)|Integer(1)|Integer(1)".into()]);
    assert_eq!(dump(&s, "SELECT count(*) FROM events WHERE cluster = 1"), ["Integer(4)"]);
    // Place: known and different countries split; unknown never splits.
    let mut s = Store::open(tmp("dedup-place")).unwrap();
    let docs = vec![
        doc("1", None, "2024-03-05", &[Ev::new("USAMIL", "SYRREB", "190", -10.0, "2024-03-05").place("Aleppo", "SYR")]),
        doc("2", None, "2024-03-05", &[Ev::new("USAMIL", "SYRREB", "190", -10.0, "2024-03-05").place("Mosul", "IRQ")]),
        doc("3", None, "2024-03-05", &[Ev::new("USAMIL", "SYRREB", "190", -10.0, "2024-03-05")]),
    ];
    let st = s.ingest(&docs).unwrap();
    assert_eq!((st.new_clusters, st.merged), (2, 1));
    assert_eq!(dump(&s, "SELECT num_mentions, place_country FROM clusters ORDER BY id"), ["Integer(2)|Text(\"SYR\")", "Integer(1)|Text(\"IRQ\")"]);
    assert!(s.check().unwrap().is_empty());
}

#[test]
fn finer_date_moves_cluster_and_aggregates() {
    let mut s = Store::open(tmp("refine")).unwrap();
    let docs = vec![
        doc("1", None, "2024-03-20", &[Ev::new("FRA", "DEU", "040", 1.0, "2024-03-01").precision(Precision::Month)]),
        doc("2", None, "2024-03-20", &[Ev::new("FRA", "DEU", "040", 1.0, "2024-03-12")]),
    ];
    s.ingest(&docs).unwrap();
    let day12 = dyad_store::day_number(date("2024-03-12"));
    assert_eq!(dump(&s, "SELECT day, precision, num_mentions FROM clusters"), [format!("Integer({day12})|Integer(0)|Integer(2)")]);
    assert_eq!(dump(&s, "SELECT day, n FROM agg_total WHERE n <> 0"), [format!("Integer({day12})|Integer(1)")]);
    s.rebuild_aggregates().unwrap();
    assert_eq!(dump(&s, "SELECT day, n FROM agg_total"), [format!("Integer({day12})|Integer(1)")]);
    assert!(s.check().unwrap().is_empty());
}

#[test]
fn rebuilt_aggregates_equal_incremental() {
    let mut s = Store::open(tmp("rebuild")).unwrap();
    s.ingest(&corpus()).unwrap();
    let docs = vec![doc("x", None, "2024-04-01", &[Ev::new("RUSGOV", "RUS", "120", -4.0, "2024-04-01"), Ev::new("IGOUNO", "ISR", "111", -2.0, "2024-04-01")])];
    s.ingest(&docs).unwrap();
    let q = |s: &Store| {
        (
            dump(s, "SELECT * FROM agg_total WHERE n <> 0 ORDER BY 1,2"),
            dump(s, "SELECT * FROM agg_actor WHERE n <> 0 ORDER BY 1,2,3"),
            dump(s, "SELECT * FROM agg_dyad WHERE n <> 0 ORDER BY 1,2,3,4"),
        )
    };
    let inc = q(&s);
    s.rebuild_aggregates().unwrap();
    assert_eq!(inc, q(&s));
}

#[test]
fn bulk_load_aggregates_equal_rebuilt() {
    let mut s = Store::open(tmp("bulk")).unwrap();
    let mk = |src: &str, sc: Option<&str>, tgt: &str, tc: Option<&str>, cameo: &str, q: u8, g: f64, d: &str| dyad_store::BulkEvent {
        source: src.into(),
        source_country: sc.map(str::to_string),
        target: tgt.into(),
        target_country: tc.map(str::to_string),
        cameo: cameo.into(),
        quad: q,
        goldstein: g,
        plover: "X".into(),
        date: date(d),
    };
    let evs = vec![
        mk("RUSGOV", Some("RUS"), "CHNGOV", Some("CHN"), "040", 1, 1.0, "2024-01-01"),
        mk("RUS", Some("RUS"), "CHN", Some("CHN"), "190", 4, -10.0, "2024-01-01"),
        mk("IGOUNO", None, "RUS", Some("RUS"), "111", 3, -2.0, "2024-01-02"),
        mk("RUSGOV", Some("RUS"), "RUSMIL", Some("RUS"), "042", 1, 1.9, "2024-01-01"),
    ];
    assert_eq!(s.bulk_load(evs).unwrap(), 4);
    let q = |s: &Store| {
        (
            dump(s, "SELECT * FROM agg_total ORDER BY 1,2"),
            dump(s, "SELECT * FROM agg_actor ORDER BY 1,2,3"),
            dump(s, "SELECT * FROM agg_dyad ORDER BY 1,2,3,4"),
        )
    };
    let loaded = q(&s);
    s.rebuild_aggregates().unwrap();
    assert_eq!(loaded, q(&s));
    assert_eq!(s.counts().unwrap().clusters, 4);
}

/// A stored document read again with another explicit date is re-dated: its reports leave their
/// clusters (which keep what their other reports give) and join or start others; counters,
/// sources and aggregates stay consistent.
#[test]
fn explicit_new_date_replaces_a_stored_documents_coding() {
    let path = tmp("redate");
    let mut s = Store::open(&path).unwrap();
    let mut docs = corpus();
    for d in &mut docs {
        d.date_source = Some(dyad_model::DateSource::Input);
    }
    s.ingest(&docs).unwrap();
    // a and b report the same RUSGOV→CHNGOV consultation: one cluster, a's report first.
    assert_eq!(dump(&s, "SELECT cameo, num_mentions, num_articles, num_sources FROM clusters WHERE source = 'RUSGOV'"), ["Text(\"040\")|Integer(2)|Integer(2)|Integer(2)"]);
    // a again, now dated 2024-06-01 (its events with it).
    let redated = doc("a", Some("https://www.reuters.com/a"), "2024-06-01", &[Ev::new("RUSGOV", "CHNGOV", "040", 1.0, "2024-06-01"), Ev::new("USA", "IRN", "112", -2.0, "2024-06-01")]);
    assert_eq!(redated.text, docs[0].text);
    let mut redated = redated;
    redated.date_source = Some(dyad_model::DateSource::Input);
    let st = s.ingest(&[redated.clone()]).unwrap();
    assert_eq!((st.documents, st.duplicates, st.replaced, st.events), (0, 0, 1, 2));
    assert_eq!(dump(&s, "SELECT date, date_source FROM documents WHERE ext_id = 'a'"), ["Text(\"2024-06-01\")|Text(\"input\")"]);
    // b's report alone keeps the March cluster, with b's code; a's report starts a June one.
    assert_eq!(
        dump(&s, "SELECT cameo, goldstein, num_mentions, num_articles, num_sources, day FROM clusters WHERE source = 'RUSGOV' ORDER BY day"),
        [
            format!("Text(\"042\")|Real(1.9)|Integer(1)|Integer(1)|Integer(1)|Integer({})", dyad_store::day_number(date("2024-03-05"))),
            format!("Text(\"040\")|Real(1.0)|Integer(1)|Integer(1)|Integer(1)|Integer({})", dyad_store::day_number(date("2024-06-01"))),
        ]
    );
    assert!(s.check().unwrap().is_empty(), "{:?}", s.check().unwrap());
    // The maintained aggregates equal the ones rebuilt from the clusters.
    let aggs = |s: &Store| {
        let mut v = Vec::new();
        for t in ["agg_total", "agg_actor", "agg_dyad"] {
            v.extend(dump(s, &format!("SELECT *, round(gsum, 6), round(gabs, 6) FROM {t} WHERE n <> 0 ORDER BY 1, 2, 3, 4")).into_iter().map(|r| {
                // Drop the unrounded sums (the last two columns before the rounded ones).
                let f: Vec<&str> = r.split('|').collect();
                let n = f.len();
                [&f[..n - 4], &f[n - 2..]].concat().join("|")
            }));
        }
        v
    };
    let maintained = aggs(&s);
    s.rebuild_aggregates().unwrap();
    assert_eq!(maintained, aggs(&s));
    // Read again with the same date: nothing changes.
    let st = s.ingest(&[redated]).unwrap();
    assert_eq!((st.duplicates, st.replaced), (1, 0));
    // An undated stored document read again without a date is a duplicate, counted as undated.
    let mut undated = doc("u", None, "2024-01-01", &[Ev::new("FRA", "DEU", "040", 1.0, "2024-01-01")]);
    undated.date = None;
    s.ingest(&[undated.clone()]).unwrap();
    let st = s.ingest(&[undated]).unwrap();
    assert_eq!((st.duplicates, st.undated_duplicates), (1, 1));
}
