//! The server over HTTP on 127.0.0.1:0 with a small store: status codes, escaping, 400s, JSON.

mod common;

use common::{get, small_store};
use std::net::SocketAddr;
use std::sync::OnceLock;

fn server() -> SocketAddr {
    static ADDR: OnceLock<SocketAddr> = OnceLock::new();
    *ADDR.get_or_init(|| dyad_serve::spawn(&small_store("http"), "127.0.0.1:0").unwrap())
}

#[test]
fn pages_answer() {
    let a = server();
    for path in ["/", "/dyad?a=RUS&b=CHN", "/dyad?a=rus&b=chn&dir=ab&period=month", "/actor?code=RUS", "/actor?code=RUSGOV&from=2024-01-01&to=2024-02-28", "/events", "/events?actor=UKR&quad=4", "/search", "/search?q=putin", "/?quad=3&cameo=11&plover=accuse"] {
        let r = get(a, path);
        assert_eq!(r.status, 200, "{path}: {}", r.body);
        assert!(r.header("content-type").unwrap().starts_with("text/html"), "{path}");
        assert!(r.header("content-security-policy").unwrap().contains("default-src 'none'"), "{path}");
        assert!(r.body.starts_with("<!doctype html>"), "{path}");
    }
    let r = get(a, "/nowhere");
    assert_eq!(r.status, 404);
    assert_eq!(get(a, "/api/nowhere").status, 404);
}

#[test]
fn hostile_text_is_escaped() {
    let a = server();
    for path in ["/", "/events?actor=RUS", "/dyad?a=RUS&b=CHN", "/api/events?actor=RUS"] {
        let r = get(a, path);
        assert_eq!(r.status, 200);
        assert!(!r.body.contains("<script>alert(1)"), "{path}: raw script tag");
        assert!(!r.body.contains("<img src=x"), "{path}: raw img tag");
        if path.starts_with("/api") {
            // JSON writes '<' as \u003c; parsed, the text is the original.
            assert!(r.body.contains("\\u003cscript>alert(1)\\u003c/script>"), "{}", r.body);
            assert!(r.json()["events"].as_array().unwrap().iter().any(|e| e["evidence"].as_str().unwrap().contains("<script>alert(1)</script>")));
        } else {
            assert!(r.body.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "{path}: escaped text shown");
        }
    }
    let r = get(a, "/events?actor=RUS");
    assert!(r.body.contains("&lt;img src=x onerror=alert(3)&gt; title"));
    // A javascript: URL is shown as text, never as a link.
    assert!(!r.body.contains("href=\"javascript:"));
    assert!(r.body.contains("Source: &lt;img src=x onerror=alert(3)&gt; title (javascript:alert(2))"));
    // The rule text is escaped too.
    assert!(r.body.contains("test rule &lt;b&gt;"));
    // Spans are highlighted inside the escaped sentence.
    assert!(r.body.contains("<mark class=\"src\">Vladimir Putin</mark> <mark class=\"verb\">said</mark> &lt;script&gt;"));
    // Search echoes the query escaped.
    let r = get(a, "/search?q=%3Cscript%3Ex");
    assert!(r.body.contains("&lt;script&gt;x") && !r.body.contains("<script>x"));
}

#[test]
fn bad_parameters_are_400() {
    let a = server();
    for (path, needle) in [
        ("/dyad?a=RUS", "parameter b is required"),
        ("/dyad?a=RUS&b=RUS", "two different actors"),
        ("/?quad=7", "quad"),
        ("/?from=2024-99-01", "YYYY-MM-DD"),
        ("/?from=2024-03-01&to=2024-01-01", "after"),
        ("/?bogus=1", "unknown parameter"),
        ("/events?limit=100000", "limit"),
        ("/events?limit=abc", "limit"),
        ("/events?b=CHN", "b needs a"),
        ("/actor", "parameter code is required"),
        ("/actor?code=%3Cx%3E", "actor code"),
        ("/events?cameo=4x", "cameo"),
        ("/events?place=Russia", "alpha-3"),
        ("/?period=decade", "period"),
        ("/?from=2024-01-01&from=2024-02-01", "more than once"),
    ] {
        let r = get(a, path);
        assert_eq!(r.status, 400, "{path}");
        assert!(r.body.contains(needle), "{path}: {needle:?} not in {}", r.body);
        assert!(!r.body.contains("<x>"), "{path}: the bad value is escaped");
    }
    let r = get(a, "/api/events?limit=0");
    assert_eq!(r.status, 400);
    let v = r.json();
    assert_eq!(v["status"], 400);
    assert!(v["error"].as_str().unwrap().contains("limit"));
}

#[test]
fn json_api_shape() {
    let a = server();
    let v = get(a, "/api/overview?period=month").json();
    assert_eq!(v["range"]["period"], "month");
    assert_eq!(v["range"]["from"], "2024-01-09");
    let vol = v["volume"].as_array().unwrap();
    assert_eq!(vol.iter().map(|r| r["period"].as_str().unwrap()).collect::<Vec<_>>(), ["2024-01", "2024-02", "2024-03"]);
    assert_eq!(v["total_events"].as_f64().unwrap(), 9.0);
    // RUS->CHN and CHN->RUS have two events each (ties by key).
    assert_eq!(v["top_dyads"][0]["key"], "CHN->RUS");
    assert_eq!(v["top_dyads"][1]["key"], "RUS->CHN");
    assert_eq!(v["top_dyads"][1]["events"], 2);
    assert_eq!(v["latest"]["events"].as_array().unwrap().len(), 9);
    assert_eq!(v["latest"]["total"], 9);

    let v = get(a, "/api/dyad?a=RUS&b=CHN&period=month").json();
    let s = v["series"].as_array().unwrap();
    // Jan: 2 verbal cooperation; Mar: 1 agreement + 1 statement.
    assert_eq!(s[0]["q1"].as_f64().unwrap(), 2.0);
    assert_eq!(s[2]["q1"].as_f64().unwrap(), 2.0);
    let al = v["align"].as_array().unwrap();
    let mar = al.iter().find(|r| r["period"] == "2024-03").unwrap();
    // Both criticized the US with Goldstein -2: identical stance, S = 1.
    assert_eq!(mar["common_third"], 1);
    assert_eq!(mar["s_score"].as_f64().unwrap(), 1.0);
    let ev = &v["events"]["events"][0];
    for k in ["id", "date", "source", "target", "cameo", "quad", "goldstein", "evidence", "url", "rule", "spans"] {
        assert!(ev.get(k).is_some(), "event field {k}");
    }
    let evidence = ev["evidence"].as_str().unwrap();
    let verb = &ev["spans"]["verb"];
    let (vs, ve) = (verb[0].as_u64().unwrap() as usize, verb[1].as_u64().unwrap() as usize);
    assert!(!evidence[vs..ve].is_empty());

    let v = get(a, "/api/actor?code=RUS").json();
    assert_eq!(v["name"], "Russia");
    let partners = v["partners"].as_array().unwrap();
    assert_eq!(partners[0]["key"], "CHN");
    assert_eq!(partners[0]["events"], 4);
    assert!(v["places"].as_array().unwrap().iter().any(|p| p["name"] == "Moscow"));

    let v = get(a, "/api/search?q=putin").json();
    assert_eq!(v["hits"][0]["code"], "RUSGOV");
    let v = get(a, "/api/search?q=china").json();
    assert!(v["hits"].as_array().unwrap().iter().any(|h| h["code"] == "CHNGOV"));

    let v = get(a, "/api/events?a=UKR&b=RUS&dir=ab").json();
    assert_eq!(v["events"].as_array().unwrap().len(), 1);
    assert_eq!(v["total"], 1);
    assert_eq!(v["events"][0]["cameo"], "112");

    let v = get(a, "/api/openapi.json").json();
    assert_eq!(v["openapi"], "3.0.3");
    assert!(v["paths"]["/api/dyad"].is_object());
}

/// The chart links lead to the events behind each bar.
#[test]
fn bars_link_to_their_events() {
    let a = server();
    let r = get(a, "/dyad?a=RUS&b=CHN&period=month");
    let hrefs: Vec<String> = r.body.split("<a href=\"").skip(1).map(|s| s[..s.find('"').unwrap()].replace("&amp;", "&")).filter(|h| h.starts_with("/events?") && h.contains("quad=1")).collect();
    let jan = hrefs.iter().find(|h| h.contains("from=2024-01")).expect("a January bar");
    assert!(jan.contains("a=RUS&b=CHN"), "{jan}");
    let e = get(a, &format!("/api{jan}")).json();
    let evs = e["events"].as_array().unwrap();
    assert_eq!(evs.len(), 2, "{jan}");
    assert!(evs.iter().all(|x| x["quad"] == 1 && x["date"].as_str().unwrap().starts_with("2024-01")));
}

#[test]
fn database_is_read_only() {
    let db = small_store("ro");
    let before = std::fs::read(&db).unwrap();
    let a = dyad_serve::spawn(&db, "127.0.0.1:0").unwrap();
    for p in ["/", "/dyad?a=RUS&b=CHN", "/actor?code=RUS", "/search?q=x"] {
        assert_eq!(get(a, p).status, 200);
    }
    assert_eq!(std::fs::read(&db).unwrap(), before);
    let ro = dyad_store::Store::open_readonly(&db).unwrap();
    assert!(ro.connection().execute("DELETE FROM clusters", []).is_err());
}

/// The pages' in-memory index gives the store's answers (query::top, align, events;
/// dash::partners, places).
#[test]
fn index_agrees_with_the_store() {
    use dyad_store::query::{self, Filter, Period};
    let db = small_store("agree");
    let store = dyad_store::Store::open_readonly(&db).unwrap();
    let a = dyad_serve::spawn(&db, "127.0.0.1:0").unwrap();
    // JSON with the numbers rounded to 9 decimals (sums in another order differ in the last bit).
    fn round(v: &serde_json::Value) -> serde_json::Value {
        match v {
            serde_json::Value::Number(n) if n.is_f64() => serde_json::json!((n.as_f64().unwrap() * 1e9).round() / 1e9),
            serde_json::Value::Array(a) => a.iter().map(round).collect(),
            serde_json::Value::Object(o) => o.iter().map(|(k, v)| (k.clone(), round(v))).collect(),
            x => x.clone(),
        }
    }
    let j = |v: &serde_json::Value| serde_json::to_string(&round(v)).unwrap();
    for (params, f) in [
        ("", Filter::default()),
        ("?quad=3", Filter { quad: Some(3), ..Filter::default() }),
        ("?from=2024-02-01&to=2024-03-20", Filter { from: "2024-02-01".parse().ok(), to: "2024-03-20".parse().ok(), ..Filter::default() }),
        ("?cameo=11&plover=accuse", Filter { cameo: Some("11".into()), plover: Some("ACCUSE".into()), ..Filter::default() }),
    ] {
        // The pages leave bare statements out unless asked (statements=1).
        let f = Filter { no_bare: true, ..f };
        let v = get(a, &format!("/api/overview{params}")).json();
        let (d, ac) = query::top(&store, &f, 10, true).unwrap();
        assert_eq!(j(&v["top_dyads"]), j(&serde_json::to_value(&d).unwrap()), "{params}");
        assert_eq!(j(&v["top_actors"]), j(&serde_json::to_value(&ac).unwrap()), "{params}");
        let ids: Vec<i64> = v["latest"]["events"].as_array().unwrap().iter().map(|e| e["id"].as_i64().unwrap()).collect();
        let want: Vec<i64> = query::events(&store, &f, 50).unwrap().iter().map(|e| e.id).collect();
        assert_eq!(ids, want, "{params}");
        for code in ["RUS", "RUSGOV", "CHN", "UKR"] {
            let sep = if params.is_empty() { "?" } else { "&" };
            let v = get(a, &format!("/api/actor{params}{sep}code={code}")).json();
            let p = dyad_store::dash::partners(&store, code, &f, 25).unwrap();
            assert_eq!(j(&v["partners"]), j(&serde_json::to_value(&p).unwrap()), "{params} {code}");
            let pl = dyad_store::dash::places(&store, Some(code), &f, 200).unwrap();
            assert_eq!(j(&v["places"]), j(&serde_json::to_value(&pl).unwrap()), "{params} {code}");
            let ids: Vec<i64> = v["events"]["events"].as_array().unwrap().iter().map(|e| e["id"].as_i64().unwrap()).collect();
            let want: Vec<i64> = query::events(&store, &Filter { actor: Some(code.into()), ..f.clone() }, 50).unwrap().iter().map(|e| e.id).collect();
            assert_eq!(ids, want, "{params} {code}");
        }
    }
    // Series with a CAMEO or PLOVER filter come from the index.
    for (params, f) in [
        ("cameo=11", Filter { cameo: Some("11".into()), ..Filter::default() }),
        ("plover=consult&a=RUS&b=CHN", Filter { plover: Some("CONSULT".into()), dyad: Some(("RUS".into(), "CHN".into())), ..Filter::default() }),
        ("cameo=0&actor=RUS", Filter { cameo: Some("0".into()), actor: Some("RUS".into()), ..Filter::default() }),
    ] {
        let path = if params.contains("a=RUS&b") {
            format!("/api/dyad?{params}&period=month")
        } else if params.contains("actor=") {
            format!("/api/actor?{}&period=month", params.replace("actor=", "code=").replace("cameo=0", "cameo=05"))
        } else {
            format!("/api/overview?{params}&period=month")
        };
        let f = if params.contains("cameo=0&") { Filter { cameo: Some("05".into()), ..f } } else { f };
        let v = get(a, &path).json();
        let key = if path.contains("overview") { "volume" } else { "series" };
        let want = query::series(
            &store,
            &Filter { from: "2024-01-09".parse().ok(), to: "2024-03-21".parse().ok(), no_bare: true, ..f },
            query::SeriesOptions { period: Period::Month, normalize: false, weighted: false, fill: true },
        )
        .unwrap();
        assert_eq!(j(&v[key]), j(&serde_json::to_value(&want).unwrap()), "{path}");
    }
    for (x, y) in [("RUS", "CHN"), ("RUSGOV", "CHNGOV"), ("CHN", "USA"), ("UKR", "RUS")] {
        for period in [Period::Month, Period::Week] {
            let pn = if period == Period::Month { "month" } else { "week" };
            let v = get(a, &format!("/api/dyad?a={x}&b={y}&period={pn}")).json();
            let want = query::align(&store, x, y, &Filter { from: "2024-01-09".parse().ok(), to: "2024-03-21".parse().ok(), ..Filter::default() }, period).unwrap();
            assert_eq!(j(&v["align"]), j(&serde_json::to_value(&want).unwrap()), "{x} {y} {pn}");
        }
    }
}

/// Undated events are counted, shown as their own bar and listed: the overview's count is the
/// store's count, under any filter without dates.
#[test]
fn undated_events_are_counted_and_listed() {
    let db = small_store("undated");
    let mut extra = common::documents().remove(0);
    extra.id = "undated".into();
    extra.url = Some("https://example.com/undated".into());
    extra.date = None;
    extra.text.push_str("Undated copy.");
    for e in &mut extra.events {
        e.date = None;
    }
    dyad_store::Store::open(&db).unwrap().ingest(&[extra]).unwrap();
    let store = dyad_store::Store::open_readonly(&db).unwrap();
    let clusters = store.counts().unwrap().clusters as f64;
    let a = dyad_serve::spawn(&db, "127.0.0.1:0").unwrap();
    let v = get(a, "/api/overview").json();
    // One bare statement is left out by default, and counted back with statements=1.
    assert_eq!(v["bare_left_out"], 1);
    assert_eq!(v["total_events"].as_f64(), Some(clusters - 1.0));
    assert_eq!(get(a, "/api/overview?statements=1").json()["total_events"].as_f64(), Some(clusters));
    let last = v["volume"].as_array().unwrap().last().unwrap().clone();
    assert_eq!((last["period"].as_str(), last["total"].as_f64()), (Some("undated"), Some(2.0)));
    // The same through the index (a CAMEO filter) and the aggregates (a QuadClass filter).
    for (q, n) in [("?cameo=04", 1.0), ("?plover=support", 1.0), ("?quad=1", 2.0), ("?quad=4", 0.0)] {
        let v = get(a, &format!("/api/overview{q}")).json();
        let u: f64 = v["volume"].as_array().unwrap().iter().filter(|r| r["period"] == "undated").map(|r| r["total"].as_f64().unwrap()).sum();
        assert_eq!(u, n, "{q}");
    }
    let v = get(a, "/api/events?undated=1").json();
    let evs = v["events"].as_array().unwrap();
    assert_eq!(evs.len(), 2);
    assert!(evs.iter().all(|e| e["date"].is_null()));
    // The undated bar links to them; the page says how many are undated.
    let html = get(a, "/").body;
    assert!(html.contains("2 of them undated"), "{html}");
    assert!(html.contains("undated=1"));
    assert_eq!(get(a, "/events?undated=1&from=2024-01-01").status, 400);
}

/// Every list pages: the header's count is the list's total under the same filters, pages
/// partition the list, and the filters in force are stated.
#[test]
fn lists_page_and_counts_agree() {
    let a = server();
    for (path, n) in [("/api/events?actor=RUS", 7), ("/api/events?actor=RUS&statements=1", 8), ("/api/events?a=RUS&b=CHN", 4)] {
        let all = get(a, path).json();
        assert_eq!(all["total"], n, "{path}");
        let ids: Vec<i64> = all["events"].as_array().unwrap().iter().map(|e| e["id"].as_i64().unwrap()).collect();
        assert_eq!(ids.len(), n, "{path}");
        let mut paged = Vec::new();
        for page in 1..=4 {
            let v = get(a, &format!("{path}&limit=2&page={page}")).json();
            assert_eq!(v["total"], n);
            assert_eq!((v["page"].as_u64(), v["limit"].as_u64()), (Some(page), Some(2)));
            paged.extend(v["events"].as_array().unwrap().iter().map(|e| e["id"].as_i64().unwrap()));
        }
        assert_eq!(paged, ids, "{path}: pages of 2 are the list in order");
    }
    // The overview's count is its list's total and its chart's sum.
    let v = get(a, "/api/overview").json();
    let vol: f64 = v["volume"].as_array().unwrap().iter().map(|r| r["total"].as_f64().unwrap()).sum();
    assert_eq!((v["total_events"].as_f64(), v["latest"]["total"].as_f64()), (Some(vol), Some(vol)));
    // The dyad page's events agree with its series under a filter.
    let v = get(a, "/api/dyad?a=RUS&b=CHN&quad=1").json();
    let n: f64 = v["series"].as_array().unwrap().iter().map(|r| r["total"].as_f64().unwrap()).sum();
    assert_eq!(v["events"]["total"].as_f64(), Some(n));
    // HTML: pager, page-size control, downloads, the filters stated.
    let html = get(a, "/events?actor=RUS&limit=2&page=2&quad=1").body;
    assert!(html.contains("page 2 of 2"), "{html}");
    assert!(html.contains("rel=\"prev\""));
    assert!(html.contains("<select name=\"limit\">"));
    assert!(html.contains("/events.csv?actor=RUS&amp;quad=1"), "{html}");
    assert!(html.contains("Filters: verbal cooperation · bare statements (CAMEO 01 with no target) left out"), "{html}");
    // The filter form keeps the page size and offers the bare statements.
    assert!(html.contains("<input type=\"hidden\" name=\"limit\" value=\"2\">"));
    assert!(html.contains("name=\"statements\" value=\"1\"> include bare statements"));
    assert!(get(a, "/events?actor=RUS&statements=1").body.contains("name=\"statements\" value=\"1\" checked>"));
    assert_eq!(get(a, "/events?page=0").status, 400);
}

/// Codes have names from CAMEO's tables; every S score carries its number of third parties.
#[test]
fn names_and_sample_sizes() {
    let a = server();
    let html = get(a, "/actor?code=PSEREBHMS").body;
    assert!(html.contains("<h1>Hamas · ") && html.contains("Rebels (PSEREBHMS)</h1>"), "{html}");
    assert!(get(a, "/actor?code=IGOEEC").body.contains("European Union · Inter-Governmental Organization"));
    // Events name their actors (the code in the title).
    assert!(get(a, "/events?actor=RUS").body.contains("title=\"RUSGOV\">Russia · Government</a>"));
    let html = get(a, "/dyad?a=RUS&b=CHN&period=month").body;
    assert!(html.contains("+1.000 from 1 third party (few)"), "{html}");
    assert!(html.contains("a score from fewer than 3 is marked"));
}

/// Downloads: the list's events (same filter, same order) in the store's export formats.
#[test]
fn downloads_are_the_list() {
    let a = server();
    let list = get(a, "/api/events?actor=RUS&quad=3").json();
    let ids: Vec<String> = list["events"].as_array().unwrap().iter().map(|e| e["id"].to_string()).collect();
    assert_eq!(ids.len(), 2);
    let csv = get(a, "/events.csv?actor=RUS&quad=3");
    assert_eq!(csv.status, 200);
    assert_eq!(csv.header("content-type"), Some("text/csv; charset=utf-8"));
    assert!(csv.header("content-disposition").unwrap().contains("dyad-events.csv"));
    let lines: Vec<&str> = csv.body.lines().collect();
    assert_eq!(lines[0], dyad_store::export::CSV_COLUMNS.join(","));
    let got: Vec<String> = lines[1..].iter().map(|l| l.split(',').next().unwrap().to_string()).collect();
    assert_eq!(got, ids);
    let jl = get(a, "/events.jsonl?actor=RUS&quad=3");
    let got: Vec<String> = jl.body.lines().map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["event_id"].to_string()).collect();
    assert_eq!(got, ids);
    // Bare statements follow the same switch.
    let n = |q: &str| get(a, &format!("/events.jsonl?actor=RUS{q}")).body.lines().count();
    assert_eq!((n(""), n("&statements=1")), (7, 8));
    // Parquet: a file of dyad's event table (the export's schema) with the list's rows.
    let pq = get(a, "/events.parquet?actor=RUS&quad=3");
    assert_eq!(pq.status, 200);
    assert!(pq.bytes.starts_with(b"PAR1") && pq.bytes.ends_with(b"PAR1"));
    use parquet::file::reader::{FileReader, SerializedFileReader};
    let r = SerializedFileReader::new(bytes::Bytes::from(pq.bytes.clone())).unwrap();
    assert_eq!(r.metadata().file_metadata().num_rows(), 2);
    let names: Vec<&str> = r.metadata().file_metadata().schema().get_fields().iter().map(|f| f.name()).collect();
    let table: Vec<String> = dyad_table::schema().fields().iter().map(|f| f.name().clone()).collect();
    assert_eq!(names, table);
    let cluster = table.iter().position(|n| n == "cluster").unwrap();
    let got: Vec<String> = r.get_row_iter(None).unwrap().map(|row| { use parquet::record::RowAccessor; row.unwrap().get_long(cluster).unwrap().to_string() }).collect();
    assert_eq!(got, ids);
    // Bad parameters are refused before any byte; paging parameters are not download ones.
    assert_eq!(get(a, "/events.csv?quad=9").status, 400);
    assert_eq!(get(a, "/events.csv?a=RUS").status, 400);
    assert_eq!(get(a, "/events.csv?page=2").status, 400);
}
