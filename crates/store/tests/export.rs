mod common;

use common::*;
use dyad_store::export::{self, GDELT_COLUMNS};
use dyad_store::query::Filter;
use dyad_store::Store;
use std::collections::BTreeSet;

// Committed copies (eval/fixtures/SOURCES.md): GDELT's column header file and rows of a real export
// that show every column's value classes and widths.
const REFERENCE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../eval/fixtures/gdelt/20190121220000.export.sample.CSV");
const HEADER: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../eval/fixtures/gdelt/GDELT_2.0_Events_Column_Labels_Header_Row_Sep2016.csv");

fn class(v: &str) -> &'static str {
    let int = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let t = v.strip_prefix('-').unwrap_or(v);
    if v.is_empty() {
        "empty"
    } else if int(t) {
        "int"
    } else if t.split_once('.').is_some_and(|(a, b)| int(a) && int(b)) {
        "float"
    } else if v.bytes().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit()) {
        "code"
    } else {
        "text"
    }
}

fn store() -> Store {
    let dir = std::env::temp_dir().join(format!("dyad-store-x-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let mut s = Store::open(dir.join("x.db")).unwrap();
    let docs = vec![
        doc("1", Some("https://www.reuters.com/1"), "2024-03-05", &[
            Ev::new("RUSGOV", "CHNGOV", "040", 1.0, "2024-03-05").place("Moscow", "RUS"),
            Ev::new("IGOUNO", "ISR", "111", -2.0, "2024-03-04"),
        ]),
        doc("2", Some("https://apnews.com/2"), "2024-03-06", &[
            Ev::new("RUSGOV", "CHNGOV", "042", 1.9, "2024-03-05"),
            Ev::new("USAMIL", "SYRREB", "1823", -9.0, "2024-03-06").place("Aleppo", "SYR"),
        ]),
    ];
    s.ingest(&docs).unwrap();
    s
}

#[test]
fn gdelt_export_matches_the_reference_column_by_column() {
    let s = store();
    let mut buf = Vec::new();
    let n = export::gdelt(&s, &Filter::default(), &mut buf).unwrap();
    assert_eq!(n, 3);
    let text = String::from_utf8(buf).unwrap();
    let ours: Vec<Vec<&str>> = text.lines().map(|l| l.split('\t').collect()).collect();
    // Column names and count against GDELT's header file.
    let header: Vec<String> = std::fs::read_to_string(HEADER).unwrap().lines().skip(1).map(|l| l.split(',').next().unwrap().to_string()).collect();
    assert_eq!(header, GDELT_COLUMNS);
    // Per column, the value classes of the real file.
    let reference = std::fs::read_to_string(REFERENCE).unwrap();
    assert!(reference.lines().count() >= 50, "the reference sample has its rows");
    let mut classes: Vec<BTreeSet<&str>> = vec![BTreeSet::new(); 61];
    let mut lens: Vec<BTreeSet<usize>> = vec![BTreeSet::new(); 61];
    for l in reference.lines() {
        let f: Vec<&str> = l.split('\t').collect();
        assert_eq!(f.len(), 61);
        for (i, v) in f.iter().enumerate() {
            classes[i].insert(class(v));
            if !v.is_empty() {
                lens[i].insert(v.len());
            }
        }
    }
    for row in &ours {
        assert_eq!(row.len(), 61);
        for (i, v) in row.iter().enumerate() {
            let name = GDELT_COLUMNS[i];
            let c = class(v);
            if name == "AvgTone" {
                assert_eq!(*v, "0"); // dyad does not measure tone
                continue;
            }
            // Codes that happen to be digits only (CAMEO event codes) are codes in the reference too.
            let ok = classes[i].contains(c) || (c == "int" && classes[i].contains("code"));
            assert!(ok, "column {i} {name}: {v:?} is {c}, reference has {:?}", classes[i]);
            // Fixed-width columns keep their width.
            if lens[i].len() == 1 && !v.is_empty() && matches!(name, "SQLDATE" | "MonthYear" | "Year" | "FractionDate" | "DATEADDED" | "EventRootCode" | "QuadClass" | "IsRootEvent") {
                assert_eq!(v.len(), *lens[i].iter().next().unwrap(), "column {name}: {v:?}");
            }
        }
    }
    // Values.
    let r = &ours[0];
    assert_eq!(&r[..8], ["1", "20240305", "202403", "2024", "2024.1781", "RUSGOV", "RUSGOV", "RUS"]);
    assert_eq!(r[12], "GOV");
    assert_eq!((r[15], r[17], r[22]), ("CHNGOV", "CHN", "GOV"));
    assert_eq!(&r[25..35], ["1", "040", "040", "04", "1", "1.0", "2", "2", "2", "0"]);
    assert_eq!((r[35], r[43]), ("0", "0"));
    assert_eq!((r[51], r[52], r[53]), ("4", "Moscow, Russia", "RS"));
    assert_eq!(r[60], "https://www.reuters.com/1");
    let un = &ours[1];
    assert_eq!((un[5], un[7], un[8], un[12]), ("IGOUNO", "", "UNO", "IGO"));
    assert_eq!((un[51], un[52]), ("0", ""));
    let syr = &ours[2];
    assert_eq!((syr[26], syr[27], syr[28], syr[29], syr[30]), ("1823", "182", "18", "4", "-9.0"));
    assert_eq!((syr[51], syr[53]), ("4", "SY"));
    assert!(syr[52].starts_with("Aleppo"));
}

#[test]
fn plover_and_csv_exports_reread() {
    let s = store();
    let mut buf = Vec::new();
    assert_eq!(export::plover(&s, &Filter::default(), &mut buf).unwrap(), 3);
    let lines: Vec<serde_json::Value> = String::from_utf8(buf).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[0]["event_type"], "CONSULT");
    assert_eq!(lines[0]["source_actor"], "RUSGOV");
    assert_eq!(lines[0]["source_country"], "RUS");
    assert_eq!(lines[0]["target_actor"], "CHNGOV");
    assert_eq!(lines[0]["event_date"], "2024-03-05");
    assert_eq!(lines[0]["num_articles"], 2);
    assert_eq!(lines[0]["url"], "https://www.reuters.com/1");
    assert_eq!(lines[0]["place"]["country"], "RUS");
    assert!(lines[0]["event_text"].as_str().unwrap().starts_with("RUSGOV did040 CHNGOV"));
    assert!(lines[1]["place"].is_null());

    let mut buf = Vec::new();
    assert_eq!(export::csv(&s, &Filter::default(), &mut buf).unwrap(), 3);
    let text = String::from_utf8(buf).unwrap();
    let rows = parse_csv(&text);
    assert_eq!(rows.len(), 4);
    assert_eq!(rows[0], export::CSV_COLUMNS);
    for r in &rows {
        assert_eq!(r.len(), export::CSV_COLUMNS.len());
    }
    let col = |name: &str| export::CSV_COLUMNS.iter().position(|c| *c == name).unwrap();
    assert_eq!(rows[1][col("source")], "RUSGOV");
    assert_eq!(rows[1][col("num_mentions")], "2");
    assert_eq!(rows[3][col("cameo")], "1823");
    assert_eq!(rows[3][col("place")], "Aleppo");
    assert_eq!(rows[3][col("goldstein")], "-9.0");
}

/// A store with absent values (no target, no URL, no place) and text that needs CSV quoting.
fn store_with_gaps() -> Store {
    let dir = std::env::temp_dir().join(format!("dyad-store-pq-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let mut s = Store::open(dir.join("x.db")).unwrap();
    let mut lone = Ev::new("FRAGOV", "DEU", "010", 0.0, "2023-12-31");
    lone.target = None;
    let docs = vec![
        doc("1", Some("https://www.reuters.com/1"), "2024-03-05", &[
            Ev::new("RUSGOV", "CHNGOV", "040", 1.0, "2024-03-05").place("Moscow", "RUS"),
            Ev::new("IGOUNO", "ISR", "111", -2.0, "2024-03-04"),
        ]),
        doc("2, \"quoted\"", None, "2024-01-02", &[lone, Ev::new("USAMIL", "SYRREB", "1823", -9.0, "2024-01-01").place("Aleppo", "SYR")]),
        doc("3", Some("https://apnews.com/3"), "2024-03-06", &[Ev::new("RUSGOV", "CHNGOV", "042", 1.9, "2024-03-05")]),
    ];
    // Documents 1 and 3 with the coder that coded them, document 2 without (unknown).
    s.ingest_coded(&docs[..1], &coder()).unwrap();
    s.ingest(&docs[1..2]).unwrap();
    s.ingest_coded(&docs[2..], &coder()).unwrap();
    s
}

fn coder() -> dyad_table::Provenance {
    dyad_table::Provenance { dyad_version: "9.9.9".into(), coder_id: "dyad+syntax-0123456789abcdef".into() }
}

/// The Parquet export is dyad's event table (the schema of `dyad code --format parquet`), one
/// row per cluster; its cells agree with the CSV export's.
#[test]
fn parquet_export_is_the_event_table_and_agrees_with_the_csv() {
    use parquet::file::reader::{FileReader, SerializedFileReader};
    use parquet::record::Field;
    let s = store_with_gaps();
    let mut csv = Vec::new();
    let n = export::csv(&s, &Filter::default(), &mut csv).unwrap();
    let csv = parse_csv(&String::from_utf8(csv).unwrap());
    let mut pq = Vec::new();
    assert_eq!(export::parquet(&s, &Filter::default(), &mut pq).unwrap(), n);
    assert_eq!(n, 4);
    assert_eq!(&pq[..4], b"PAR1");
    let reader = SerializedFileReader::new(bytes::Bytes::from(pq)).unwrap();
    assert_eq!(reader.metadata().file_metadata().num_rows(), n as i64);
    // Event-table column → CSV column.
    let pairs = [
        ("cluster", "id"), ("date", "date"), ("date_precision", "precision"), ("source_code", "source"), ("source_country", "source_country"),
        ("target_code", "target"), ("target_country", "target_country"), ("cameo", "cameo"), ("root", "root"), ("quad", "quad"),
        ("goldstein", "goldstein"), ("plover", "plover"), ("mode", "mode"), ("num_mentions", "num_mentions"), ("num_articles", "num_articles"),
        ("num_sources", "num_sources"), ("place_name", "place"), ("place_country", "place_country"), ("place_admin1", "place_admin1"),
        ("place_lat", "lat"), ("place_lon", "lon"), ("source_text", "source_text"), ("target_text", "target_text"), ("text", "evidence"),
        ("date_source", "date_how"), ("url", "url"), ("doc", "doc_id"), ("doc_date", "doc_date"), ("rule", "rule"),
        ("dyad_version", "dyad_version"), ("coder_id", "coder_id"),
    ];
    let epoch = date("1970-01-01");
    let mut nulls = 0;
    for (i, row) in reader.get_row_iter(None).unwrap().enumerate() {
        let row = row.unwrap();
        let want = &csv[i + 1];
        let names: Vec<&String> = row.get_column_iter().map(|(n, _)| n).collect();
        let table: Vec<&str> = dyad_table::COLUMNS.iter().map(|c| c.name).collect();
        assert_eq!(names, table);
        for (name, field) in row.get_column_iter() {
            let Some((_, csv_name)) = pairs.iter().find(|(t, _)| t == name) else { continue };
            let j = export::CSV_COLUMNS.iter().position(|c| c == csv_name).unwrap();
            let text = match field {
                Field::Null => {
                    nulls += 1;
                    String::new()
                }
                Field::Str(v) => v.clone(),
                Field::Int(v) => v.to_string(),
                Field::Long(v) => v.to_string(),
                Field::Double(v) if name == "goldstein" => format!("{v:.1}"),
                Field::Double(v) => format!("{v:.4}"),
                Field::Date(d) => (epoch + chrono::Days::new(*d as u64)).to_string(),
                other => panic!("column {name}: unexpected {other:?}"),
            };
            assert_eq!(text, want[j], "row {i} column {name}");
        }
    }
    // Absent values are nulls: the targetless event's target, places, a URL, and the coder of the
    // document stored without one.
    assert!(nulls >= 10, "{nulls} nulls");
    // Each row carries the coder of its first report's document.
    let col = |name: &str| export::CSV_COLUMNS.iter().position(|c| *c == name).unwrap();
    let coders: Vec<(&str, &str)> = csv[1..].iter().map(|r| (r[col("doc_id")].as_str(), r[col("coder_id")].as_str())).collect();
    assert_eq!(coders, [("1", "dyad+syntax-0123456789abcdef"), ("1", "dyad+syntax-0123456789abcdef"), ("2, \"quoted\"", ""), ("2, \"quoted\"", "")]);
    assert!(csv[1..].iter().all(|r| r[col("dyad_version")] == if r[col("coder_id")].is_empty() { "" } else { "9.9.9" }));
    let mut pl = Vec::new();
    export::plover(&s, &Filter::default(), &mut pl).unwrap();
    let first: serde_json::Value = serde_json::from_str(String::from_utf8(pl).unwrap().lines().next().unwrap()).unwrap();
    assert_eq!((first["dyad_version"].as_str(), first["coder_id"].as_str()), (Some("9.9.9"), Some("dyad+syntax-0123456789abcdef")));
}

/// A store of schema version 2 (no coders) is read as it is, its coders unknown; opened for
/// writing it gains the coders without losing or changing anything, and new documents record
/// theirs.
#[test]
fn a_version_2_store_stays_readable_and_is_upgraded_without_loss() {
    let dir = std::env::temp_dir().join(format!("dyad-store-v2-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let db = dir.join("x.db");
    let mut s = Store::open(&db).unwrap();
    s.ingest(&[doc("1", Some("https://www.reuters.com/1"), "2024-03-05", &[Ev::new("RUSGOV", "CHNGOV", "040", 1.0, "2024-03-05")])]).unwrap();
    drop(s);
    // Version 2 is version 3 without the coders table and column.
    dyad_store::sql::Connection::open(&db).unwrap().execute_batch("ALTER TABLE documents DROP COLUMN coder; DROP TABLE coders; PRAGMA user_version = 2;").unwrap();
    let csv_of = |s: &Store| {
        let mut b = Vec::new();
        export::csv(s, &Filter::default(), &mut b).unwrap();
        parse_csv(&String::from_utf8(b).unwrap())
    };
    let ro = Store::open_readonly(&db).unwrap();
    let before = csv_of(&ro);
    assert_eq!(before.len(), 2);
    let mut pq = Vec::new();
    assert_eq!(export::parquet(&ro, &Filter::default(), &mut pq).unwrap(), 1);
    let counts = ro.counts().unwrap();
    drop(ro);
    let version = |db: &std::path::Path| dyad_store::sql::Connection::open(db).unwrap().query_row("PRAGMA user_version", [], |r| r.get::<_, i64>(0)).unwrap();
    assert_eq!(version(&db), 2, "reading changes nothing");
    let mut s = Store::open(&db).unwrap();
    assert_eq!(version(&db), dyad_store::SCHEMA_VERSION);
    assert_eq!(csv_of(&s), before);
    assert_eq!(s.counts().unwrap(), counts);
    s.ingest_coded(&[doc("2", Some("https://apnews.com/2"), "2024-05-01", &[Ev::new("USAMIL", "SYRREB", "1823", -9.0, "2024-05-01")])], &coder()).unwrap();
    let after = csv_of(&s);
    let col = |name: &str| export::CSV_COLUMNS.iter().position(|c| *c == name).unwrap();
    let coders: Vec<&str> = after[1..].iter().map(|r| r[col("coder_id")].as_str()).collect();
    assert_eq!(coders, ["", "dyad+syntax-0123456789abcdef"]);
}

#[test]
fn an_empty_parquet_export_has_the_schema() {
    use parquet::file::reader::{FileReader, SerializedFileReader};
    let s = store_with_gaps();
    let mut pq = Vec::new();
    let none = Filter { actor: Some("XYZ".into()), ..Filter::default() };
    assert_eq!(export::parquet(&s, &none, &mut pq).unwrap(), 0);
    let reader = SerializedFileReader::new(bytes::Bytes::from(pq)).unwrap();
    assert_eq!(reader.metadata().file_metadata().num_rows(), 0);
    let schema = reader.metadata().file_metadata().schema_descr().root_schema().get_fields().iter().map(|f| f.name().to_string()).collect::<Vec<_>>();
    assert_eq!(schema, dyad_table::COLUMNS.iter().map(|c| c.name).collect::<Vec<_>>());
}

/// A small RFC 4180 reader.
fn parse_csv(s: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') => quoted = true,
            (false, ',') => row.push(std::mem::take(&mut field)),
            (false, '\n') => {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            (false, c) => field.push(c),
        }
    }
    rows
}
