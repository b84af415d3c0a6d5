//! Extraction quality over the HTML corpus: every page has its story sentences stored beside it
//! (`page.expected`, one per line). A paragraph of the output that contains none of them (and is
//! not the title) is leaked boilerplate; a story sentence absent from the output is lost.

use chrono::NaiveDate;
use dyad_read::{read_paths, Item, ReadOptions};
use std::path::{Path, PathBuf};

fn html_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/html")
}

fn pages() -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(html_dir()).unwrap().map(|e| e.unwrap().path()).filter(|p| p.extension().map(|e| e == "html").unwrap_or(false)).collect();
    v.sort();
    v
}

#[test]
fn boilerplate_leaked_and_story_lost() {
    let pages = pages();
    assert!(pages.len() >= 12);
    let (mut paras_total, mut paras_leaked, mut story_total, mut story_lost) = (0, 0, 0, 0);
    for page in &pages {
        let expected_path = page.with_extension("expected");
        let expected: Vec<String> = std::fs::read_to_string(&expected_path).unwrap().lines().map(str::trim).filter(|l| !l.is_empty()).map(String::from).collect();
        let items: Vec<Item> = read_paths(&[page.clone()], &ReadOptions::default()).collect();
        assert_eq!(items.len(), 1, "{}", page.display());
        let doc = items.into_iter().next().unwrap().doc().expect("a document");
        let paras: Vec<&str> = doc.text.split("\n\n").collect();
        assert!(paras.iter().all(|p| !p.trim().is_empty() && !p.contains('\n')), "{}: paragraphs joined by one blank line", page.display());
        let mut leaked = Vec::new();
        for p in &paras {
            if !expected.iter().any(|s| p.contains(s.as_str()) || s.contains(*p)) {
                leaked.push(*p);
            }
        }
        let lost: Vec<&String> = expected.iter().filter(|s| !doc.text.contains(s.as_str())).collect();
        println!("{:<28} paragraphs {:>2}  leaked {}  story {:>2}  lost {}", page.file_name().unwrap().to_string_lossy(), paras.len(), leaked.len(), expected.len(), lost.len());
        for l in &leaked {
            println!("    leaked: {l}");
        }
        for l in &lost {
            println!("    lost:   {l}");
        }
        paras_total += paras.len();
        paras_leaked += leaked.len();
        story_total += expected.len();
        story_lost += lost.len();
    }
    let leak_share = paras_leaked as f64 / paras_total as f64;
    let lost_share = story_lost as f64 / story_total as f64;
    println!("boilerplate leaked: {paras_leaked}/{paras_total} paragraphs ({:.1}%)", 100.0 * leak_share);
    println!("story sentences lost: {story_lost}/{story_total} ({:.1}%)", 100.0 * lost_share);
    assert_eq!(story_lost, 0, "every story sentence kept");
    assert!(leak_share < 0.05, "less than 5% boilerplate");
}

#[test]
fn page_metadata() {
    let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd);
    // file, id (canonical URL or path), title, date, site, lang
    let cases: &[(&str, Option<&str>, &str, Option<NaiveDate>, Option<&str>, Option<&str>)] = &[
        ("agency-energy-pact", Some("https://meridian-news.example/world/europe/moldova-romania-gas-deal-2024-03-12/"), "Moldova, Romania sign gas interconnector deal", d(2024, 3, 12), Some("Meridian News Agency"), Some("en")),
        ("broadcaster-border", Some("https://www.nbn.example/news/world-africa-70112233"), "Ghana and Togo agree to reopen Aflao crossing after talks", d(2023, 11, 8), Some("NBN News"), Some("en")),
        ("paper-sanctions", Some("https://www.dailyledger.example/2022/06/21/world/europe/eu-belarus-sanctions-journalists.html"), "E.U. Weighs New Sanctions on Belarus Over Detained Journalists", d(2022, 6, 21), Some("The Daily Ledger"), Some("en")),
        ("blog-election", Some("https://southernballot.example/2021/09/zambia-by-election-notes/"), "Notes from the count: what the Zambian by-election tells us", d(2021, 9, 15), Some("Southern Ballot"), Some("en")),
        ("local-protest", Some("https://www.kentvalleycourier.example/news/hundreds-march-hospital-ward-closure-4471"), "Hundreds march in Ashford over hospital ward closure", d(2024, 5, 2), Some("Kent Valley Courier"), Some("en")),
        ("wire-ceasefire", None, "Sudan's warring sides agree to 72-hour truce in Kordofan, mediators say", d(2023, 7, 19), Some("Continental Press"), None),
        ("gulf-summit", Some("https://www.gulfhorizon.example/news/2022/2/14/qatar-hosts-afghan-regional-talks"), "Qatar hosts talks between Afghan officials and regional envoys", d(2022, 2, 14), Some("Gulf Horizon"), Some("en")),
        ("results-table", None, "Ruling alliance loses majority in Lowland regional vote, final count shows", d(2024, 10, 7), None, Some("en")),
        ("inline-units", Some("https://www.harbourtimes.example/world/pacific/pacific-ministers-back-regional-policing-plan-20230816-p5dwq1.html"), "Pacific ministers back regional policing plan", d(2023, 8, 16), Some("Harbour Times"), Some("en")),
        ("reader-responses", Some("https://eastcorridor.example/2024/01/23/kenya-ethiopia-border-road"), "Kenya and Ethiopia agree to speed up border road project", d(2024, 1, 23), Some("East Corridor Review"), Some("en")),
        ("live-blog", Some("https://www.dailycurrent.example/world/live/2024/apr/18/cyprus-talks-geneva-live"), "Geneva talks on Cyprus: live updates", d(2024, 4, 18), Some("Daily Current"), Some("en")),
        ("french-diplomacy", Some("https://quotidiendufleuve.example/international/2023/02/27/senegal-mauritanie-accord-peche"), "Le Sénégal et la Mauritanie signent un accord sur la pêche", d(2023, 2, 27), Some("Le Quotidien du Fleuve"), Some("fr")),
        ("layout-wrappers", Some("https://saheldispatch.example/2024/06/11/chad-niger-lake-fishing-routes"), "Chad and Niger reopen Lake Chad fishing routes after security talks", d(2024, 6, 11), Some("Sahel Dispatch"), Some("en")),
        ("page-form", None, "Bolivia and Paraguay sign river transport accord", None, None, Some("en")),
        ("teaser-cards", None, "Why the Mekong dam deal matters more than it seems", d(2023, 9, 5), Some("Delta Opinion"), Some("en")),
        ("schedule-list", None, "Pope to visit four Pacific nations in September", d(2024, 7, 2), Some("Island Wire"), Some("en")),
        ("paragraph-divs", None, "Honduras recalls ambassador from Nicaragua over border shooting", d(2022, 11, 14), Some("Isthmus Report"), Some("en")),
    ];
    for (file, id, title, date, site, lang) in cases {
        let path = html_dir().join(format!("{file}.html"));
        let doc = read_paths(&[path.clone()], &ReadOptions::default()).next().unwrap().doc().unwrap();
        let want_id = id.map(String::from).unwrap_or_else(|| path.display().to_string());
        assert_eq!(doc.id, want_id, "{file}");
        assert_eq!(doc.url.as_deref(), *id, "{file}");
        assert_eq!(doc.title.as_deref(), Some(*title), "{file}");
        assert_eq!(doc.date, *date, "{file}");
        assert_eq!(doc.site.as_deref(), *site, "{file}");
        if lang.is_some() {
            assert_eq!(doc.lang.as_deref(), *lang, "{file}");
        }
    }
}

#[test]
fn read_html_direct() {
    let html = "<html><head><title>T</title></head><body><nav><a href=/>Home</a></nav><p>Only paragraph of a tiny page, long enough to be kept as text.</p><footer>(c) Site</footer></body></html>";
    let doc = dyad_read::read_html("mem", html, &ReadOptions { default_date: NaiveDate::from_ymd_opt(2020, 5, 6), ..ReadOptions::default() });
    assert_eq!(doc.id, "mem");
    assert_eq!(doc.text, "Only paragraph of a tiny page, long enough to be kept as text.");
    assert_eq!(doc.date, NaiveDate::from_ymd_opt(2020, 5, 6));
    let empty = dyad_read::read_html("e", "<html><body><nav>Menu</nav></body></html>", &ReadOptions::default());
    assert!(empty.text.is_empty(), "{:?}", empty.text);
}
