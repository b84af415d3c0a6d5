mod common;

use common::*;
use dyad_store::query::{self, Filter, Period, SeriesOptions};
use dyad_store::Store;

fn store(name: &str) -> Store {
    let dir = std::env::temp_dir().join(format!("dyad-store-q-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let mut s = Store::open(dir.join("q.db")).unwrap();
    // January 2024 and February 2024; one document per event so nothing merges by accident
    // (all dyads/roots/days differ where they would otherwise match).
    let evs = [
        Ev::new("RUSGOV", "CHNGOV", "040", 1.0, "2024-01-10"),  // RUS->CHN q1
        Ev::new("CHN", "RUS", "073", 7.4, "2024-01-11"),        // CHN->RUS q2
        Ev::new("RUS", "CHN", "111", -2.0, "2024-01-20"),       // RUS->CHN q3
        Ev::new("RUSMIL", "CHN", "190", -10.0, "2024-02-03"),   // RUS->CHN q4
        Ev::new("USA", "IRN", "112", -2.0, "2024-01-05"),       // unrelated
        Ev::new("RUS", "UKR", "190", -10.0, "2024-01-07"),      // stances toward third parties
        Ev::new("CHN", "UKR", "036", 4.0, "2024-01-08"),
        Ev::new("RUS", "USA", "111", -2.0, "2024-01-09"),
        Ev::new("CHNGOV", "USAGOV", "111", -2.0, "2024-01-12"),
        Ev::new("RUS", "IRN", "042", 1.9, "2024-01-13"),        // third party of RUS only
    ];
    let docs: Vec<_> = evs.iter().enumerate().map(|(i, e)| doc(&format!("d{i}"), Some(&format!("https://x.org/{i}")), "2024-02-10", &[e.clone()])).collect();
    let st = s.ingest(&docs).unwrap();
    assert_eq!(st.new_clusters, 10);
    s
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9
}

#[test]
fn series_known_answers() {
    let s = store("series");
    let f = Filter { dyad: Some(("RUS".into(), "CHN".into())), ..Filter::default() };
    let rows = query::series(&s, &f, SeriesOptions { period: Period::Month, ..SeriesOptions::default() }).unwrap();
    assert_eq!(rows.len(), 2);
    let (jan, feb) = (&rows[0], &rows[1]);
    assert_eq!(jan.period, "2024-01");
    assert_eq!((jan.q1, jan.q2, jan.q3, jan.q4, jan.total), (1.0, 1.0, 1.0, 0.0, 3.0));
    assert!(close(jan.mean_goldstein.unwrap(), 6.4 / 3.0));
    assert_eq!(jan.net_cooperation, 1.0); // (1 + 1) - (1 + 0)
    assert_eq!(jan.period_total, 9);
    assert_eq!((feb.period.as_str(), feb.q4, feb.net_cooperation, feb.period_total), ("2024-02", 1.0, -1.0, 1));
    // weighted: |1| + |7.4| - |-2| = 6.4
    let w = query::series(&s, &f, SeriesOptions { period: Period::Month, weighted: true, ..SeriesOptions::default() }).unwrap();
    assert!(close(w[0].net_cooperation, 6.4));
    assert_eq!(w[1].net_cooperation, -10.0);
    // directed RUS->CHN: only 040 and 111 in January
    let d = Filter { dyad: Some(("RUS".into(), "CHN".into())), directed: true, ..Filter::default() };
    let r = query::series(&s, &d, SeriesOptions::default()).unwrap();
    assert_eq!((r[0].q1, r[0].q2, r[0].q3, r[0].total), (1.0, 0.0, 1.0, 2.0));
    // actor RUS, normalised: RUS in 6 of the 9 January clusters, 1 of 1 in February
    let a = Filter { actor: Some("RUS".into()), ..Filter::default() };
    let r = query::series(&s, &a, SeriesOptions { normalize: true, ..SeriesOptions::default() }).unwrap();
    assert!(close(r[0].total, 6.0 / 9.0), "{:?}", r[0]);
    assert!(close(r[1].total, 1.0));
    // daily buckets with gap filling between the first and last day
    let r = query::series(&s, &f, SeriesOptions { period: Period::Day, ..SeriesOptions::default() }).unwrap();
    assert_eq!(r.len(), 25); // 2024-01-10 ..= 2024-02-03
    assert_eq!(r.iter().map(|x| x.total).sum::<f64>(), 4.0);
    // the pre-aggregates and the clusters table agree (an empty CAMEO prefix forces the table path)
    for f in [f.clone(), d.clone(), a.clone(), Filter::default(), Filter { quad: Some(4), ..a.clone() }] {
        let fast = query::series(&s, &f, SeriesOptions { period: Period::Week, ..SeriesOptions::default() }).unwrap();
        let slow = query::series(&s, &Filter { cameo: Some(String::new()), ..f.clone() }, SeriesOptions { period: Period::Week, ..SeriesOptions::default() }).unwrap();
        assert_eq!(fast, slow);
    }
    // date range
    let r = query::series(&s, &Filter { from: Some(date("2024-02-01")), ..f.clone() }, SeriesOptions::default()).unwrap();
    assert_eq!(r.len(), 1);
    assert_eq!(r[0].period, "2024-02");
}

#[test]
fn align_known_answers() {
    let s = store("align");
    let rows = query::align(&s, "RUS", "CHN", &Filter::default(), Period::Month).unwrap();
    assert_eq!(rows.len(), 2);
    let jan = &rows[0];
    assert_eq!((jan.direct_events, jan.direct_net_cooperation), (3, 1));
    // common third parties: UKR (RUS -10, CHN +4) and USA (RUS -2, CHN -2); IRN is RUS's only
    assert_eq!(jan.common_third, 2);
    // S = 1 - 2 * (14 + 0) / (2 * 20) = 0.3
    assert!(close(jan.s_score.unwrap(), 0.3), "{:?}", jan);
    let feb = &rows[1];
    assert_eq!((feb.direct_events, feb.direct_net_cooperation, feb.common_third, feb.s_score), (1, -1, 0, None));
}

#[test]
fn events_and_top() {
    let s = store("events");
    let all = query::events(&s, &Filter::default(), 0).unwrap();
    assert_eq!(all.len(), 10);
    assert_eq!(all[0].date, Some(date("2024-02-03"))); // newest first
    assert!(all[0].evidence.starts_with("RUSMIL did190 CHN"));
    assert_eq!(all[0].url.as_deref(), Some("https://x.org/3"));
    let f = |f: Filter| query::events(&s, &f, 0).unwrap().into_iter().map(|e| e.id).collect::<Vec<_>>();
    assert_eq!(f(Filter { cameo: Some("19".into()), ..Filter::default() }), [4, 6]);
    assert_eq!(f(Filter { dyad: Some(("CHN".into(), "RUS".into())), directed: true, ..Filter::default() }), [2]);
    assert_eq!(f(Filter { actor: Some("USA".into()), ..Filter::default() }), [9, 8, 5]);
    assert_eq!(f(Filter { quad: Some(2), ..Filter::default() }), [2]);
    assert_eq!(f(Filter { plover: Some("consult".into()), from: Some(date("2024-01-12")), to: Some(date("2024-01-13")), ..Filter::default() }), [10, 9]);
    assert_eq!(query::events(&s, &Filter::default(), 3).unwrap().len(), 3);
    let (dyads, actors) = query::top(&s, &Filter::default(), 3, true).unwrap();
    assert_eq!(dyads[0].key, "RUS->CHN");
    assert_eq!(dyads[0].events, 3);
    assert_eq!(actors[0].key, "RUS");
    assert_eq!(actors[0].events, 7);
    assert_eq!(actors[1].key, "CHN");
    assert_eq!(actors[1].events, 6);
}

#[test]
fn undated_events_are_counted_in_series_and_listed() {
    let mut s = store("undated");
    // An undated document: its two events have no date.
    let mut a = Ev::new("RUS", "CHN", "042", 1.9, "2024-01-01");
    a.date = None;
    let mut b = Ev::new("RUS", "UKR", "190", -10.0, "2024-01-01");
    b.date = None;
    let mut d = doc("undated", None, "2024-01-01", &[a, b]);
    d.date = None;
    s.ingest(&[d]).unwrap();
    let rus = Filter { actor: Some("RUS".into()), ..Filter::default() };
    let rows = query::series(&s, &rus, SeriesOptions::default()).unwrap();
    let last = rows.last().unwrap();
    assert_eq!(last.period, query::UNDATED);
    assert_eq!((last.q1, last.q4, last.total, last.period_total), (1.0, 1.0, 2.0, 2));
    // Every event is in some row: the series adds up to the event list.
    let listed = query::events(&s, &rus, 0).unwrap().len() as f64;
    assert_eq!(rows.iter().map(|r| r.total).sum::<f64>(), listed);
    // Undated only; and a date range leaves them out (no undated row).
    let only = query::events(&s, &Filter { undated: true, ..rus.clone() }, 0).unwrap();
    assert_eq!(only.len(), 2);
    assert!(only.iter().all(|e| e.date.is_none() && e.doc_date.is_none()));
    let ranged = query::series(&s, &Filter { from: Some(date("2024-01-01")), ..rus.clone() }, SeriesOptions::default()).unwrap();
    assert!(ranged.iter().all(|r| r.period != query::UNDATED));
    // The fast path (aggregates) and the table path give the same rows, the undated one included.
    let slow = query::series(&s, &Filter { cameo: Some(String::new()), ..rus.clone() }, SeriesOptions::default()).unwrap();
    assert_eq!(rows, slow);
}
