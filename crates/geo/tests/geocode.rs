//! Geocoding suite: places in sentences (incl. ambiguous names), datelines, non-places.

use dyad_geo::{geocode, Gazetteer};
use dyad_model::{Document, Place};

fn doc(text: &str) -> Document {
    let mut d = Document::new("t", text);
    dyad_text::process(&mut d);
    d
}

fn place(text: &str, ctx: &[&str]) -> Option<Place> {
    let d = doc(text);
    assert!(!d.sentences.is_empty(), "no sentence in {text:?}");
    geocode(&d, 0, ctx)
}

/// (sentence, context countries, expected name, expected country)
const CASES: &[(&str, &[&str], &str, &str)] = &[
    ("Government forces shelled rebel positions in Aleppo on Monday.", &[], "Aleppo", "SYR"),
    ("French troops killed militants in northern Mali.", &[], "Mali", "MLI"),
    ("Russian missiles struck an apartment block near Kharkiv.", &[], "Kharkiv", "UKR"),
    ("Russian missiles struck an apartment block near Kharkov.", &[], "Kharkiv", "UKR"),
    ("Protesters gathered in Kyiv on Sunday.", &[], "Kyiv", "UKR"),
    ("Protesters gathered in Kiev on Sunday.", &[], "Kyiv", "UKR"),
    ("Israeli tanks advanced at the border town of Rafah.", &[], "Rafaḩ", "PSE"),
    ("Militias clashed in Tripoli overnight.", &["LBY"], "Tripoli", "LBY"),
    ("Militias clashed in Tripoli overnight.", &["LBN"], "Tripoli", "LBN"),
    ("Militias clashed in Tripoli overnight.", &[], "Tripoli", "LBY"),
    ("The ministers met in Paris to discuss the deal.", &[], "Paris", "FRA"),
    ("The ministers met in Paris to discuss the deal.", &["USA"], "Paris", "FRA"),
    ("A tornado hit a school in Paris, Texas, officials said.", &["USA"], "Paris", "USA"),
    ("Police arrested two men in Alexandria.", &[], "Alexandria", "EGY"),
    ("Police arrested two men in Alexandria.", &["EGY"], "Alexandria", "EGY"),
    ("Police arrested two men in Alexandria.", &["USA"], "Alexandria", "USA"),
    ("A federal judge in Alexandria, Virginia, sentenced the man.", &[], "Alexandria", "USA"),
    ("Riots broke out in Hyderabad.", &["IND"], "Hyderabad", "IND"),
    ("Riots broke out in Hyderabad.", &["PAK"], "Hyderabad", "PAK"),
    ("Riots broke out in Hyderabad, Pakistan, after the vote.", &[], "Hyderabad", "PAK"),
    ("Police used tear gas in San Jose.", &["USA"], "San Jose", "USA"),
    ("Police used tear gas in San Jose.", &["CRI"], "San José", "CRI"),
    ("Officials met in San Jose, Costa Rica, on trade.", &[], "San José", "CRI"),
    ("Russian troops are stationed in Georgia.", &["RUS"], "Georgia", "GEO"),
    ("Russian troops are stationed in Georgia.", &[], "Georgia", "GEO"),
    ("Voters lined up in Georgia for the Senate runoff.", &["USA"], "Georgia", "USA"),
    ("Iraqi forces retook Mosul from Islamic State fighters in July, and fighting near Mosul ended.", &[], "Mosul", "IRQ"),
    ("Separatists shelled a market in Donetsk.", &["UKR"], "Donetsk", "UKR"),
    ("Separatists shelled a market in Donetsk.", &["RUS", "UKR"], "Donetsk", "UKR"),
    ("Fighting intensified in the Donetsk region.", &["UKR"], "Donetsk", "UKR"),
    ("Clashes erupted in Idlib province.", &[], "Idlib", "SYR"),
    ("Clashes erupted in Turkey after the vote.", &[], "Turkey", "TUR"),
    ("Thousands marched in Jordan against the plan.", &[], "Jordan", "JOR"),
    ("Gunmen attacked a church in Lagos.", &[], "Lagos", "NGA"),
    ("Troops deployed on the outskirts of Kyiv.", &[], "Kyiv", "UKR"),
    ("Soldiers fired tear gas at protesters in Caracas.", &[], "Caracas", "VEN"),
    ("Talks were held in Geneva on the war in Syria.", &[], "Geneva", "CHE"),
    ("Russia launched air strikes in eastern Ukraine's Donetsk region.", &["RUS", "UKR"], "Donetsk", "UKR"),
    ("A car bomb exploded outside Baghdad.", &[], "Baghdad", "IRQ"),
    ("Houthi rebels attacked ships near Hodeidah.", &[], "Al Ḩudaydah", "YEM"),
    ("Protests spread in Bombay after the verdict.", &[], "Mumbai", "IND"),
    ("Troops were deployed in Washington after the riot.", &[], "Washington", "USA"),
    ("The US opened an embassy in Jerusalem.", &["USA", "ISR"], "Jerusalem", "ISR"),
    ("Floods killed 20 people in Texas.", &[], "Texas", "USA"),
    ("Aleppo came under heavy fire on Tuesday.", &[], "Aleppo", "SYR"),
    ("Workers went on strike at the port of Mombasa.", &[], "Mombasa", "KEN"),
    ("Militants attacked a checkpoint in Reading.", &[], "Reading", "GBR"),
    ("Fighting resumed in Deir ez-Zor.", &[], "Deir ez-Zor", "SYR"),
    ("The general met tribal leaders in the Syrian city of Homs.", &[], "Homs", "SYR"),
    ("A suicide bomber struck in Kabul, killing five.", &[], "Kabul", "AFG"),
    ("Demonstrators rallied in the US on Saturday.", &[], "United States", "USA"),
    ("Strikes hit oil facilities in Saudi Arabia.", &[], "Saudi Arabia", "SAU"),
    ("Opposition leaders met in Tbilisi, Georgia.", &[], "Tbilisi", "GEO"),
    ("Pirates seized a tanker off Somalia near Mogadishu.", &[], "Mogadishu", "SOM"),
    ("Police raided homes in St. Petersburg.", &[], "Saint Petersburg", "RUS"),
];

#[test]
fn places_in_sentences() {
    let mut failures = Vec::new();
    for (text, ctx, name, country) in CASES {
        let p = place(text, ctx);
        match &p {
            Some(p) if p.name == *name && p.country.as_deref() == Some(*country) => {}
            _ => failures.push(format!("{text:?} {ctx:?}: expected {name} ({country}), got {p:?}")),
        }
    }
    assert!(CASES.len() >= 50);
    assert!(failures.is_empty(), "{} of {} failed:\n{}", failures.len(), CASES.len(), failures.join("\n"));
}

#[test]
fn how_says_why() {
    let p = place("Government forces shelled rebel positions in Aleppo on Monday.", &[]).unwrap();
    assert_eq!(p.how, "sentence: 'in Aleppo'");
    assert_eq!(p.admin1.as_deref(), Some("Aleppo"));
    assert!((p.lat - 36.2).abs() < 0.2 && (p.lon - 37.15).abs() < 0.2, "{p:?}");
    let p = place("French troops killed militants in northern Mali.", &[]).unwrap();
    assert_eq!(p.how, "country: 'in northern Mali'");
    // The country's representative position is its capital's (Bamako).
    assert!((p.lat - 12.65).abs() < 0.2 && (p.lon + 8.0).abs() < 0.2, "{p:?}");
    let p = place("A tornado hit a school in Paris, Texas, officials said.", &["USA"]).unwrap();
    assert_eq!(p.how, "sentence: 'in Paris, Texas'");
    assert_eq!(p.admin1.as_deref(), Some("Texas"));
    let p = place("Israeli tanks advanced at the border town of Rafah.", &[]).unwrap();
    assert_eq!(p.how, "sentence: 'at the border town of Rafah'");
}

#[test]
fn datelines() {
    let d = doc("KYIV (Reuters) - Ukraine said on Monday it had repelled an attack.");
    let p = geocode(&d, 0, &["UKR"]).unwrap();
    assert_eq!((p.name.as_str(), p.country.as_deref()), ("Kyiv", Some("UKR")));
    assert_eq!(p.how, "dateline: 'KYIV'");

    let d = doc("TRIPOLI (Reuters) - Lebanese troops deployed after the clashes.");
    assert_eq!(geocode(&d, 0, &["LBN"]).unwrap().country.as_deref(), Some("LBN"));
    let d = doc("TRIPOLI (Reuters) - The rival governments traded accusations.");
    assert_eq!(geocode(&d, 0, &[]).unwrap().country.as_deref(), Some("LBY"));

    let d = doc("WASHINGTON (AP) - The Senate passed the bill on Tuesday.");
    let p = geocode(&d, 0, &["USA"]).unwrap();
    assert_eq!((p.name.as_str(), p.country.as_deref()), ("Washington", Some("USA")));
    assert_eq!(p.admin1.as_deref(), Some("Washington, D.C."));

    let d = doc("ALEXANDRIA, Va. (AP) - A jury convicted the man.");
    // "Va." is no gazetteer name: falls back to the most populous Alexandria without US context ...
    assert_eq!(geocode(&d, 0, &[]).unwrap().country.as_deref(), Some("EGY"));
    // ... and to Virginia's with it.
    assert_eq!(geocode(&d, 0, &["USA"]).unwrap().country.as_deref(), Some("USA"));

    // A place phrase in the sentence beats the dateline.
    let d = doc("KYIV (Reuters) - Russian shells hit a market in Kharkiv on Monday.");
    let p = geocode(&d, 0, &[]).unwrap();
    assert_eq!(p.name, "Kharkiv");
    assert_eq!(p.how, "sentence: 'in Kharkiv'");

    // The dateline beats a bare city name.
    let d = doc("BEIRUT (Reuters) - Aleppo came under fire again.");
    assert_eq!(geocode(&d, 0, &[]).unwrap().name, "Beirut");
}

#[test]
fn non_places() {
    for (text, ctx) in [
        ("Jordan said it would reopen the border.", &[][..]),
        ("Turkey accused Greece of violating its airspace.", &[]),
        ("Mr. Paris said he would appeal.", &[]),
        ("Reading the statement, the minister denied the claims.", &[]),
        ("Paris Hilton arrived late.", &[]),
        ("Moscow said the talks had failed.", &[]),
        ("Washington accused Beijing of spying.", &["USA", "CHN"]),
        ("The Washington Post reported the story.", &[]),
        ("The talks will resume in March.", &[]),
        ("She said it was nice to be back.", &[]),
        ("The mobile unit was sent to help.", &[]),
        ("They told us nothing.", &[]),
        ("The suspects were held in US custody.", &[]),
        ("Georgia Tech won the match.", &[]),
    ] {
        assert_eq!(place(text, ctx), None, "{text:?}");
    }
}

#[test]
fn country_codes() {
    let g = Gazetteer::builtin();
    for (iso3, iso2, fips) in [("USA", "US", "US"), ("GBR", "GB", "UK"), ("DEU", "DE", "GM"), ("UKR", "UA", "UP"), ("SYR", "SY", "SY"), ("RUS", "RU", "RS"), ("CHN", "CN", "CH"), ("ISR", "IL", "IS")] {
        let c = g.country(iso3).unwrap();
        assert_eq!((c.iso2, c.fips), (iso2, Some(fips)), "{iso3}");
        assert!(c.lat.is_some() && c.lon.is_some());
    }
    let fra = g.country("FRA").unwrap();
    assert_eq!(fra.capital, Some("Paris"));
    assert!((fra.lat.unwrap() - 48.85).abs() < 0.1);
    assert_eq!(g.lookup("Georgia").iter().filter(|e| e.country == "USA" || e.country == "GEO").count(), 2);
    assert!(g.lookup("nowhere-at-all").is_empty());
}
