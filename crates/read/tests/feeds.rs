//! RSS and Atom feeds: one document per item, broken feeds keep what was read.

use chrono::NaiveDate;
use dyad_read::{read_paths, Item, ReadOptions};
use std::path::{Path, PathBuf};

fn feed(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/feeds").join(name)
}

fn split(path: &Path) -> (Vec<dyad_model::Document>, Vec<(String, String)>) {
    let mut docs = Vec::new();
    let mut problems = Vec::new();
    for it in read_paths(&[path.to_path_buf()], &ReadOptions::default()) {
        match it {
            Item::Doc(d) => docs.push(d),
            Item::Problem { origin, message } => problems.push((origin, message)),
            Item::Skipped { .. } => {}
        }
    }
    (docs, problems)
}

#[test]
fn rss_items() {
    let path = feed("agency-world.rss");
    let (docs, problems) = split(&path);
    assert_eq!(docs.len(), 2);
    assert_eq!(docs[0].id, "https://meridian-news.example/world/asia/armenia-azerbaijan-almaty-2024-03-12/");
    assert_eq!(docs[0].url.as_deref(), Some(docs[0].id.as_str()));
    assert_eq!(docs[0].title.as_deref(), Some("Armenia, Azerbaijan foreign ministers to meet in Almaty"));
    assert_eq!(docs[0].date, NaiveDate::from_ymd_opt(2024, 3, 12));
    assert_eq!(docs[0].site.as_deref(), Some("Meridian News Agency - World"));
    assert_eq!(docs[0].lang.as_deref(), Some("en"));
    assert!(docs[0].text.starts_with("The foreign ministers of Armenia and Azerbaijan will meet in Almaty"));
    assert_eq!(
        docs[1].text,
        "Chile's president named a new interior minister on Monday in a cabinet reshuffle that replaced four ministers.\n\nThe outgoing minister had faced criticism over the handling of a wave of road blockades by truck drivers."
    );
    // The item without text is reported, naming the file and the item.
    assert_eq!(problems.len(), 1);
    assert_eq!(problems[0].0, format!("{}#3", path.display()));
    assert!(problems[0].1.ends_with("empty document"));
}

#[test]
fn rss_content_encoded_preferred() {
    let (docs, problems) = split(&feed("blog-content.rss"));
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(docs.len(), 1);
    assert_eq!(docs[0].title.as_deref(), Some("Malawi\u{2019}s cabinet reshuffle, explained"));
    assert_eq!(
        docs[0].text,
        "Malawi's president dismissed three cabinet ministers on Thursday and appointed two new ones, the presidency said in a statement.\n\nThe finance and agriculture portfolios changed hands, while the foreign minister kept her post."
    );
    assert_eq!(docs[0].date, NaiveDate::from_ymd_opt(2021, 9, 10));
}

#[test]
fn atom_entries() {
    let (docs, problems) = split(&feed("ngo-updates.atom"));
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(docs.len(), 2);
    assert_eq!(docs[0].id, "https://reliefmonitor.example/updates/918");
    assert_eq!(docs[0].date, NaiveDate::from_ymd_opt(2023, 7, 20));
    assert_eq!(
        docs[0].text,
        "A convoy of 14 trucks carrying food and medicine reached El Obeid on Thursday, the first to arrive since the ceasefire began.\n\nLocal officials said distribution would start on Friday."
    );
    assert_eq!(docs[0].site.as_deref(), Some("Relief Monitor updates"));
    // No link: id = the Atom id; date = updated.
    assert_eq!(docs[1].id, "tag:reliefmonitor.example,2023:update-917");
    assert_eq!(docs[1].date, NaiveDate::from_ymd_opt(2023, 7, 18));
    assert_eq!(docs[1].text, "Authorities reopened the Adre crossing to people fleeing the fighting after a two-day closure.");
}

#[test]
fn broken_feed_keeps_items_before_the_break() {
    let path = feed("broken.rss");
    let (docs, problems) = split(&path);
    assert_eq!(docs.len(), 1, "the first, complete item is kept");
    assert!(docs[0].text.starts_with("The foreign ministers of Armenia"));
    assert_eq!(problems.len(), 1);
    assert_eq!(problems[0].0, path.display().to_string());
    assert!(problems[0].1.contains("broken feed"), "{}", problems[0].1);
}

#[test]
fn hopeless_feed_is_one_problem() {
    let items: Vec<Item> = dyad_read::read_reader("x.rss", Box::new(std::io::Cursor::new(b"<rss><channel><title>t</title><item><title>cut".to_vec())), &ReadOptions::default()).collect();
    assert_eq!(items.len(), 1);
    assert!(matches!(&items[0], Item::Problem { origin, .. } if origin == "x.rss"));
}
