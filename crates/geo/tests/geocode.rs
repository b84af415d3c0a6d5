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

/// The rows of the geocoding suite (`eval/places/places.tsv`, scored by `dyad eval places`) placed
/// right when this test was last updated; raise it when the geocoder improves, never lower it.
const MIN_RIGHT: usize = 106;

#[test]
fn the_geocoding_suite_does_not_drop() {
    let rows = dyad_geo::suite::score(Gazetteer::builtin(), dyad_geo::suite::BUILTIN).unwrap();
    assert!(rows.len() >= 106, "{} rows", rows.len());
    let wrong: Vec<String> = rows.iter().filter(|r| !r.right).map(|r| format!("line {}: {:?}: expected {:?}, got {:?}", r.line, r.text, r.expected, r.got)).collect();
    let right = rows.len() - wrong.len();
    assert!(right >= MIN_RIGHT, "{right} of {} right, below {MIN_RIGHT}:\n{}", rows.len(), wrong.join("\n"));
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

/// The API a coder with its own location phrases uses: phrases in, place with `how` out.
#[test]
fn phrases_from_another_coder() {
    use dyad_geo::{LocationPhrase, PlaceContext};
    use dyad_model::Span;
    let g = Gazetteer::builtin();
    let p = |name: &'static str, cue: &'static str, phrase: &'static str| LocationPhrase { name, span: Span::default(), cue, direct: true, phrase };
    let ctx = PlaceContext { actor_countries: &["RUS", "UKR"], dateline: Some("LUXEMBOURG") };
    let got = g.place(&[p("Kherson", "city of", "the city of Kherson")], &ctx).unwrap();
    assert_eq!((got.name.as_str(), got.country.as_deref(), got.how.as_str()), ("Kherson", Some("UKR"), "sentence: 'the city of Kherson'"));
    // A city beats a country named in the same sentence; the first of two cities wins.
    let got = g.place(&[p("Ukraine", "in", "in Ukraine"), p("Kharkiv", "near", "near Kharkiv"), p("Kupiansk", "near", "near Kupiansk")], &ctx).unwrap();
    assert_eq!(got.name, "Kharkiv");
    // Nothing resolves: the dateline.
    let got = g.place(&[p("Nowhereville", "in", "in Nowhereville")], &ctx).unwrap();
    assert_eq!(got.how, "dateline: 'LUXEMBOURG'");
    // A qualifier and a possessor pick the country.
    let got = g.place(&[p("Paris, Texas", "in", "in Paris, Texas")], &PlaceContext::default()).unwrap();
    assert_eq!(got.country.as_deref(), Some("USA"));
    let got = g.place(&[p("Russia's Belgorod region", "'s", "Russia's Belgorod region")], &PlaceContext::default()).unwrap();
    assert_eq!((got.name.as_str(), got.country.as_deref()), ("Belgorod", Some("RUS")));
    // A bare country or capital is no place; a short name needs a direct strong cue.
    assert!(g.place(&[p("Moscow", "", "Moscow")], &PlaceContext::default()).is_none());
    assert!(g.place(&[p("Jordan", "", "Jordan")], &PlaceContext::default()).is_none());
    assert!(g.place(&[LocationPhrase { direct: false, ..p("Reading", "across", "across Reading") }], &PlaceContext::default()).is_none());
}

/// Names of people and organisations in dyad's lexicon are no gazetteer names.
#[test]
fn actor_names_are_no_places() {
    let g = Gazetteer::builtin();
    for name in ["Hamas", "Hezbollah", "Obama"] {
        assert!(g.lookup(name).is_empty(), "{name}: {:?}", g.lookup(name));
    }
    assert!(g.len() > 140_000, "{}", g.len());
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
