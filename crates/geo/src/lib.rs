//! dyad's gazetteer and geocoder: it owns place names and the rules that turn a sentence's location
//! phrases into an event's place.
//!
//! [`Gazetteer::builtin`] is the built-in gazetteer: countries, first-level divisions and the places of
//! 1,000+ people (about 147,000) from GeoNames (CC BY 4.0; `data/gazetteer/SOURCES.md`). `build.rs`
//! turns `data/gazetteer/*.tsv` into a sorted name index embedded in the binary, read in place
//! ([`index`]): start-up parses only the 252 countries. Names of people and organisations in dyad's
//! lexicon are left out of it (`scripts/build_gazetteer.py`): no town or alternate name "Hamas".
//!
//! # The API coders use
//!
//! A coder gives [`Gazetteer::place`] the [`LocationPhrase`]s of a sentence — the place name as
//! written, its span and the cue that makes it a location ("in", "near", "outside", "at", "the city
//! of", "Ukraine's", or nothing for a bare name) — with a [`PlaceContext`] (the countries of the
//! event's actors and the document's dateline), and gets the [`Place`] with `how`.
//! [`Gazetteer::location_phrases`] finds such phrases by scanning a sentence's tokens, for coders that
//! do not find them themselves; [`geocode`] does both.
//!
//! # Rules
//!
//! 1. A phrase with a cue names the place; the most specific wins (city, then division, then
//!    country), then the first.
//! 2. Only when no phrase with a cue resolves: the dateline's place.
//! 3. Last, a bare place name in the sentence ("Aleppo came under fire"), except countries, national
//!    capitals (which mostly stand for governments: "Moscow said"), names before a reporting verb, names
//!    inside a longer capitalised name ("Paris Hilton") or after a title ("Mr. Paris").
//!
//! Matches are exact or alternate-name matches of whole names on the text stage's token keys (case and
//! accents do not matter). Names must be capitalised in the text; names that are also lower-case English
//! words ("Reading") and names of three letters or fewer count only right after `in`/`near`/`outside`/
//! `at` or "the city of". A country counts only with a cue: "Jordan said" is an actor, "in Jordan" a
//! place.
//!
//! An ambiguous name is resolved by a qualifier ("Paris, Texas"; "Hyderabad, Pakistan"; "Ukraine's
//! Odesa region"), a division word ("Donetsk region" → the division), then by score: `ln(population)`
//! plus 4 when the candidate lies in one of the actors' countries and 2 when it lies in the dateline's
//! country, with these weights on the population: national capitals ×2, countries ×3, divisions ×0.05
//! (their population is the sum of their places'), matches on an alternate name ×0.2. So no event is
//! placed outside the countries its sentence names, its dateline and its actors unless a name of the
//! sentence exists only elsewhere.

mod index;
pub mod suite;

use dyad_model::{Document, Place, Span, TokenKind};
use rustc_hash::FxHashMap as HashMap;
use std::sync::OnceLock;

const COUNTRIES: &str = include_str!("../../../data/gazetteer/countries.tsv");
static INDEX: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/gazetteer.bin"));

/// What an [`Entry`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    City,
    Admin1,
    Country,
}

/// A place in the gazetteer.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// The GeoNames name.
    pub name: &'static str,
    pub kind: Kind,
    /// ISO-3166 alpha-3.
    pub country: &'static str,
    /// GeoNames first-level division code (for a division, its own code); empty for a country.
    pub admin1_code: &'static str,
    /// The first-level division's name when the gazetteer has one.
    pub admin1: Option<&'static str>,
    pub lat: f64,
    pub lon: f64,
    /// Population (for a division: the sum of its places of 1,000+ people).
    pub population: u64,
    /// A national capital.
    pub capital: bool,
    /// The name is also a lower-case English word ("Reading").
    pub common_word: bool,
}

/// A country's codes and representative position (its capital's).
#[derive(Debug, Clone, PartialEq)]
pub struct CountryInfo {
    pub iso3: &'static str,
    pub iso2: &'static str,
    /// FIPS 10-4 code (GDELT's country code), when there is one.
    pub fips: Option<&'static str>,
    pub name: &'static str,
    pub capital: Option<&'static str>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub population: u64,
}

/// A location phrase of a sentence, as a coder found it: the place name and the cue that makes it
/// the event's location.
#[derive(Debug, Clone, PartialEq)]
pub struct LocationPhrase<'a> {
    /// The place name as written, with a qualifier or a division word if the text has one
    /// ("Kherson", "Paris, Texas", "Donetsk region", "Ukraine's Odesa region").
    pub name: &'a str,
    /// The byte span of `name` in the document's text.
    pub span: Span,
    /// What makes it a location: a locative preposition ("in", "near", "outside", "at", "around",
    /// "inside", "across", "throughout", "within", "on the outskirts of"), a place noun ("city of",
    /// "town of", "village of", "port of"), a possessive ("'s") or "" for a bare name.
    pub cue: &'a str,
    /// Whether the cue stands right before the name ("in Reading", "in the US"), which short names
    /// and names that are also English words need.
    pub direct: bool,
    /// The whole phrase as written, cue included ("at the border town of Rafah"), for `how`.
    pub phrase: &'a str,
}

/// What besides the phrases decides a place.
#[derive(Debug, Clone, Copy, Default)]
pub struct PlaceContext<'a> {
    /// ISO-3166 alpha-3 countries of the event's actors.
    pub actor_countries: &'a [&'a str],
    /// The document's dateline place as written ("KYIV", "ALEXANDRIA, Va.").
    pub dateline: Option<&'a str>,
}

/// The gazetteer: the embedded name index and the countries.
pub struct Gazetteer {
    index: index::Index,
    countries: Vec<CountryInfo>,
    by_iso3: HashMap<&'static str, usize>,
}

static BUILTIN: OnceLock<Gazetteer> = OnceLock::new();

fn num(s: &str) -> Option<f64> {
    s.parse().ok()
}

fn kind_of(r: &index::Raw) -> Kind {
    match r.kind {
        0 => Kind::City,
        1 => Kind::Admin1,
        _ => Kind::Country,
    }
}

/// The text stage's key of a phrase: its tokens' keys joined by one space.
fn phrase_key(name: &str) -> String {
    dyad_text::phrase_keys(name).join(" ")
}

impl Gazetteer {
    /// The built-in gazetteer (the index is read in place; the countries are parsed on first use).
    pub fn builtin() -> &'static Gazetteer {
        BUILTIN.get_or_init(|| Gazetteer::new(COUNTRIES, INDEX).expect("the embedded gazetteer index matches this crate"))
    }

    fn new(countries: &'static str, index: &'static [u8]) -> Option<Gazetteer> {
        let index = index::Index::new(index)?;
        let mut g = Gazetteer { index, countries: Vec::with_capacity(256), by_iso3: HashMap::default() };
        for line in countries.lines().filter(|l| !l.starts_with('#') && !l.is_empty()) {
            let f: Vec<&'static str> = line.split('\t').collect();
            if f.len() < 9 {
                continue;
            }
            g.by_iso3.insert(f[0], g.countries.len());
            g.countries.push(CountryInfo {
                iso3: f[0],
                iso2: f[1],
                fips: (!f[2].is_empty()).then_some(f[2]),
                name: f[3],
                lat: num(f[4]),
                lon: num(f[5]),
                population: f[6].parse().unwrap_or(0),
                capital: (!f[7].is_empty()).then_some(f[7]),
            });
        }
        Some(g)
    }

    fn entry(&self, i: u32) -> Entry {
        let r = self.index.entry(i);
        let kind = kind_of(&r);
        let name = self.index.name(&r);
        let admin1 = match kind {
            Kind::Country => None,
            Kind::Admin1 => Some(name),
            Kind::City => (r.admin1 != u32::MAX).then(|| self.index.name(&self.index.entry(r.admin1))),
        };
        Entry {
            name,
            kind,
            country: self.iso3(&r),
            admin1_code: self.index.code(&r),
            admin1,
            lat: r.lat as f64,
            lon: r.lon as f64,
            population: r.population as u64,
            capital: r.flags & 1 != 0,
            common_word: r.flags & 2 != 0,
        }
    }

    fn iso3(&self, r: &index::Raw) -> &'static str {
        self.countries.get(r.country as usize).map_or("", |c| c.iso3)
    }

    fn ids(&self, key: &str) -> Option<Vec<(u32, bool)>> {
        self.index.find(key).map(|it| it.collect())
    }

    /// Every entry with this name (any spelling the gazetteer knows; case and accents do not matter),
    /// most populous first.
    pub fn lookup(&self, name: &str) -> Vec<Entry> {
        let mut v: Vec<Entry> = self.ids(&phrase_key(name)).unwrap_or_default().into_iter().map(|(i, _)| self.entry(i)).collect();
        v.sort_by(|a, b| b.population.cmp(&a.population));
        v
    }

    /// A country by ISO-3166 alpha-3 code.
    pub fn country(&self, iso3: &str) -> Option<&CountryInfo> {
        self.by_iso3.get(iso3).map(|&i| &self.countries[i])
    }

    /// Every country.
    pub fn countries(&self) -> &[CountryInfo] {
        &self.countries
    }

    /// How many entries (countries, named divisions, places) the gazetteer holds.
    pub fn len(&self) -> usize {
        self.index.len()
    }

    pub fn is_empty(&self) -> bool {
        self.index.len() == 0
    }

    /// The best entry for a name in the given country context (see the crate docs for the score).
    pub fn resolve(&self, name: &str, context_countries: &[&str]) -> Option<Entry> {
        let ids = self.ids(&phrase_key(name))?;
        let ctx = PlaceContext { actor_countries: context_countries, dateline: None };
        self.best(&ids, &ctx, None, None, Hint::None)
    }

    fn best(&self, ids: &[(u32, bool)], ctx: &PlaceContext, dateline_country: Option<&str>, qualifier: Option<&[(u32, bool)]>, hint: Hint) -> Option<Entry> {
        let mut best: Option<(f64, u32)> = None;
        for &(i, alt) in ids {
            let e = self.index.entry(i);
            let (kind, country) = (kind_of(&e), self.iso3(&e));
            if let Some(q) = qualifier {
                let ok = q.iter().any(|&(j, _)| {
                    let qe = self.index.entry(j);
                    match kind_of(&qe) {
                        Kind::Country => qe.country == e.country && kind != Kind::Country,
                        Kind::Admin1 => qe.country == e.country && kind == Kind::City && self.index.code(&qe) == self.index.code(&e),
                        Kind::City => false,
                    }
                });
                if !ok {
                    continue;
                }
            }
            let mut w = (e.population.max(1) as f64).ln();
            w += match kind {
                Kind::Country => 3f64.ln(),
                Kind::Admin1 => 0.05f64.ln(),
                Kind::City => 0.0,
            };
            if e.flags & 1 != 0 {
                w += 2f64.ln();
            }
            if alt {
                w += 0.2f64.ln();
            }
            if ctx.actor_countries.iter().any(|c| *c == country) {
                w += 4.0;
            }
            if dateline_country == Some(country) {
                w += 2.0;
            }
            match (hint, kind) {
                (Hint::Admin1, Kind::Admin1) | (Hint::City, Kind::City) => w += 100.0,
                _ => {}
            }
            if best.is_none_or(|(bw, _)| w > bw) {
                best = Some((w, i));
            }
        }
        best.map(|(_, i)| self.entry(i))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Hint {
    None,
    Admin1,
    City,
}

/// Locative prepositions that open a place phrase.
const PREPOSITIONS: &[&str] = &["in", "near", "outside", "at", "around", "inside", "across", "throughout", "within"];
/// Prepositions after which a short or common-word name still counts.
const STRONG: &[&str] = &["in", "near", "outside", "at"];
/// Words that may stand between a preposition and a name.
const MODIFIERS: &[&str] = &[
    "the", "a", "an", "of", "northern", "southern", "eastern", "western", "central", "north", "south", "east", "west",
    "northeastern", "northwestern", "southeastern", "southwestern", "northeast", "northwest", "southeast", "southwest",
    "far", "city", "town", "village", "villages", "province", "region", "capital", "port", "border", "district", "state",
    "coastal", "besieged", "rebel", "held", "controlled", "occupied", "nearby", "key", "strategic", "frontline", "front",
    "line", "outskirts", "suburbs", "suburb", "edge", "centre", "center", "heart", "streets", "southern", "mountainous",
    "restive", "disputed", "embattled", "neighbouring", "neighboring", "ancient", "old", "historic", "industrial",
    "oil", "rich", "seaside", "garrison", "desert", "areas", "area", "parts", "part", "'s",
];
/// Division words after a name ("Donetsk region").
const DIVISIONS: &[&str] = &[
    "region", "province", "oblast", "governorate", "state", "district", "department", "prefecture", "county", "krai",
    "territory", "regions", "provinces",
];
/// Titles before a name that make it a person's ("Mr. Paris").
const TITLES: &[&str] = &[
    "mr.", "mrs.", "ms.", "dr.", "mr", "mrs", "ms", "dr", "gen.", "col.", "sen.", "rep.", "gov.", "prof.", "president",
    "minister", "general", "senator", "judge", "coach", "sir", "lord", "lady", "king", "queen", "prince", "princess",
    "miss", "pope", "saint", "st.", "sheikh", "imam", "rabbi", "father", "brother", "sister", "uncle", "aunt",
];
/// Reporting verbs: a bare city name before one is a government or a person.
const REPORTING: &[&str] = &[
    "said", "says", "say", "told", "tells", "announced", "announces", "added", "warned", "warns", "accused", "accuses",
    "denied", "denies", "insisted", "insists", "claimed", "claims", "wants", "wanted", "demanded", "demands", "urged",
    "urges", "rejected", "rejects", "called", "calls", "responded", "has", "had", "is", "was", "will", "would",
];

/// Place nouns that, with "of", make the name after them a location ("the city of Kherson").
const PLACE_NOUNS: &[&str] = &["city", "town", "village", "villages", "port", "district", "province", "region", "capital"];

/// Cues after which short names and common words count.
fn strong_cue(cue: &str) -> bool {
    STRONG.contains(&cue) || cue.ends_with(" of")
}

/// Picks the place of an event in sentence `sentence` of `doc` (which the text stage has processed):
/// the sentence's location phrases ([`Gazetteer::location_phrases`]) resolved by
/// [`Gazetteer::place`], with `context_countries` (ISO alpha-3, the event's actors' countries) and the
/// document's dateline. Returns `None` when nothing fits.
pub fn geocode(doc: &Document, sentence: usize, context_countries: &[&str]) -> Option<Place> {
    Gazetteer::builtin().geocode(doc, sentence, context_countries)
}

impl Gazetteer {
    /// [`geocode`] with this gazetteer.
    pub fn geocode(&self, doc: &Document, sentence: usize, ctx: &[&str]) -> Option<Place> {
        let phrases = self.location_phrases(doc, sentence, &[]);
        let dateline = doc.dateline.as_ref().and_then(|d| d.place.as_deref());
        self.place(&phrases, &PlaceContext { actor_countries: ctx, dateline })
    }

    /// The place of an event from the location phrases of its sentence (see the crate docs for the
    /// rules): the first most specific phrase with a cue, else the dateline, else a bare name.
    pub fn place(&self, phrases: &[LocationPhrase], ctx: &PlaceContext) -> Option<Place> {
        let dateline_country = ctx.dateline.and_then(|d| self.dateline_entry(d, ctx, None)).map(|e| e.country);
        let mut best: Option<((u8, u8, usize), Entry, &LocationPhrase)> = None;
        for (order, p) in phrases.iter().enumerate() {
            let Some(e) = self.resolve_phrase(p, ctx, dateline_country) else { continue };
            let specificity = match e.kind {
                Kind::City => 0,
                Kind::Admin1 => 1,
                Kind::Country => 2,
            };
            let rank = (if p.cue.is_empty() { 2 } else { 0 }, specificity, order);
            if best.as_ref().is_none_or(|(r, _, _)| rank < *r) {
                best = Some((rank, e, p));
            }
        }
        if let Some((rank, e, p)) = &best {
            if rank.0 == 0 {
                return Some(self.phrase_place(e, p));
            }
        }
        if let Some(written) = ctx.dateline {
            if let Some(e) = self.dateline_entry(written, ctx, None) {
                let how = if e.kind == Kind::Country { format!("country: '{written}' (dateline)") } else { format!("dateline: '{written}'") };
                return Some(self.to_place(&e, how));
            }
        }
        best.map(|(_, e, p)| self.phrase_place(&e, p))
    }

    fn phrase_place(&self, e: &Entry, p: &LocationPhrase) -> Place {
        let how = match e.kind {
            Kind::Country => format!("country: '{}'", p.phrase),
            _ => format!("sentence: '{}'", p.phrase),
        };
        self.to_place(e, how)
    }

    fn to_place(&self, e: &Entry, how: String) -> Place {
        Place { name: e.name.to_string(), country: Some(e.country.to_string()), admin1: e.admin1.map(str::to_string), lat: e.lat, lon: e.lon, how }
    }

    /// The dateline's place: its first part, qualified by the second ("ALEXANDRIA, Va."), a city if
    /// the name is ambiguous.
    fn dateline_entry(&self, written: &str, ctx: &PlaceContext, _: Option<()>) -> Option<Entry> {
        let mut parts = written.split(',').map(str::trim).filter(|p| !p.is_empty());
        let ids = self.ids(&phrase_key(parts.next()?))?;
        let qualifier = parts.next().and_then(|q| self.ids(&phrase_key(q)));
        qualifier.and_then(|q| self.best(&ids, ctx, None, Some(&q), Hint::None)).or_else(|| self.best(&ids, ctx, None, None, Hint::City))
    }

    /// Resolves one phrase: its name with a qualifier ("Paris, Texas"), a possessor ("Ukraine's
    /// Odesa region") or a division word ("Donetsk region"), under the phrase's cue.
    fn resolve_phrase(&self, p: &LocationPhrase, ctx: &PlaceContext, dateline_country: Option<&str>) -> Option<Entry> {
        let keys = dyad_text::phrase_keys(p.name);
        if keys.is_empty() {
            return None;
        }
        // "Ukraine's Odesa region": the possessor qualifies.
        let (possessor, rest) = match keys.iter().position(|k| k == "'s") {
            Some(i) if i > 0 && i + 1 < keys.len() => (Some(&keys[..i]), &keys[i + 1..]),
            _ => (None, &keys[..]),
        };
        // "Paris, Texas": what follows the first comma qualifies.
        let (mut head, after) = match rest.iter().position(|k| k == ",") {
            Some(i) => (&rest[..i], rest[i + 1..].split(|k| k == ",").next()),
            None => (rest, None),
        };
        let mut hint = Hint::None;
        if head.len() > 1 && head.last().is_some_and(|k| DIVISIONS.contains(&k.as_str())) {
            head = &head[..head.len() - 1];
            hint = Hint::Admin1;
        }
        if hint == Hint::None && ["city of", "town of", "village of", "villages of", "port of"].contains(&p.cue) {
            hint = Hint::City;
        }
        let ids = self.ids(&head.join(" "))?;
        let qualifier = possessor.or(after).filter(|q| !q.is_empty()).and_then(|q| self.ids(&q.join(" ")));
        // Short names and English words only right after a strong cue.
        let letters: usize = head.iter().map(|k| k.chars().filter(|c| c.is_alphabetic()).count()).sum();
        let weak = head.len() == 1 && letters <= 3
            || ids.iter().any(|&(i, _)| {
                let r = self.index.entry(i);
                r.flags & 2 != 0 && kind_of(&r) != Kind::Country
            });
        if weak && !(p.direct && strong_cue(p.cue)) {
            return None;
        }
        let e = match &qualifier {
            Some(q) => self.best(&ids, ctx, dateline_country, Some(q), hint).or_else(|| self.best(&ids, ctx, dateline_country, None, hint)),
            None => self.best(&ids, ctx, dateline_country, None, hint),
        }?;
        // A bare name: a city (or a division with its division word) that is not a capital.
        if p.cue.is_empty() && (e.kind == Kind::Country || e.capital || e.kind == Kind::Admin1 && hint != Hint::Admin1) {
            return None;
        }
        Some(e)
    }

    /// The longest indexed name starting at token `i` (first and last tokens capitalised), as its end
    /// and postings.
    fn match_at(&self, doc: &Document, i: usize, end: usize, buf: &mut String) -> Option<(usize, Vec<(u32, bool)>)> {
        let t = &doc.tokens[i];
        if !t.capitalized || t.kind != TokenKind::Word || !self.index.may_begin(doc.key(i)) {
            return None;
        }
        buf.clear();
        let mut found = None;
        let mut range = self.index.all();
        for j in i..end.min(i + self.index.max_tokens) {
            if j > i {
                buf.push(' ');
            }
            buf.push_str(doc.key(j));
            let (r, exact) = self.index.probe(buf, range);
            if let Some(ids) = exact {
                if j == i || doc.tokens[j].capitalized {
                    found = Some((j + 1, ids));
                }
            }
            if r.0 == r.1 {
                break;
            }
            range = r;
        }
        found
    }

    /// The location phrases of sentence `sentence` of `doc`: every capitalised gazetteer name, with the
    /// cue before it (a locative preposition over modifiers, "the city of", a possessor) or none.
    /// Names inside `not_places` (the spans of actor mentions that are people or organisations) are
    /// left out, as are months and weekdays, names after a title ("Mr. Paris"), names inside a longer
    /// capitalised name ("Paris Hilton"), bare names before a reporting verb ("Moscow said") and
    /// all-capitals abbreviations that modify a noun ("in US custody").
    pub fn location_phrases<'d>(&self, doc: &'d Document, sentence: usize, not_places: &[Span]) -> Vec<LocationPhrase<'d>> {
        let mut out = Vec::new();
        let Some(s) = doc.sentences.get(sentence) else { return out };
        let (start, end) = (s.tokens.start as usize, s.tokens.end as usize);
        let mut buf = String::new();
        let mut i = start;
        let key = |j: usize| doc.key(j);
        let text = |a: usize, b: usize| &doc.text[doc.tokens[a].span.start as usize..doc.tokens[b - 1].span.end as usize];
        let span = |a: usize, b: usize| Span { start: doc.tokens[a].span.start, end: doc.tokens[b - 1].span.end };
        while i < end {
            let Some((b, ids)) = self.match_at(doc, i, end, &mut buf) else {
                i += 1;
                continue;
            };
            let a = i;
            i = b;
            let name_span = span(a, b);
            if not_places.iter().any(|m| m.start < name_span.end && name_span.start < m.end) {
                continue;
            }
            // Months and weekdays are dates ("in March"), not the towns of that name.
            if b == a + 1 && CALENDAR.contains(&key(a)) {
                continue;
            }
            // A title before: a person.
            if a > start && TITLES.contains(&key(a - 1)) {
                continue;
            }
            // Part of a longer capitalised name ("Paris Hilton", "Washington Post"), unless a division word.
            let next_div = b < end && DIVISIONS.contains(&key(b));
            if b < end && doc.tokens[b].capitalized && doc.tokens[b].kind == TokenKind::Word && !next_div {
                continue;
            }
            // "New Paris" is not Paris: a capitalised word before that is no direction word ("Eastern
            // Ukraine") makes this a longer name; the sentence's first word does too for a bare name
            // ("Paris Hilton arrived").
            let longer = a > start && doc.tokens[a - 1].capitalized && doc.tokens[a - 1].kind == TokenKind::Word && {
                let pk = key(a - 1);
                !MODIFIERS.contains(&pk) && !PREPOSITIONS.contains(&pk)
            };
            if longer && a - 1 > start {
                continue;
            }
            // Qualifier: "Paris, Texas" (a country or division the name lies in).
            let mut name_end = b;
            if b + 1 < end && key(b) == "," {
                if let Some((qb, q)) = self.match_at(doc, b + 1, end, &mut buf) {
                    let q_ok = q.iter().any(|&(j, _)| self.entry(j).kind != Kind::City);
                    if q_ok && self.best(&ids, &PlaceContext::default(), None, Some(&q), Hint::None).is_some() {
                        name_end = qb;
                        i = qb;
                    }
                }
            }
            if name_end == b && next_div {
                name_end = b + 1;
            }
            // Walk back over modifiers to a preposition; note a place noun with "of" and a possessor.
            let mut j = a;
            let mut prep = None;
            let mut modifiers = 0;
            let mut noun_of = None;
            let mut possessor = None;
            while j > start && modifiers < 8 {
                let k = key(j - 1);
                if PREPOSITIONS.contains(&k) || (k == "on" && (j..a).any(|m| matches!(key(m), "outskirts" | "edge" | "suburbs"))) {
                    prep = Some(j - 1);
                    break;
                }
                if k == "of" && j >= start + 2 && PLACE_NOUNS.contains(&key(j - 2)) && noun_of.is_none() {
                    noun_of = Some(j - 2);
                }
                if MODIFIERS.contains(&k) {
                    j -= 1;
                    modifiers += 1;
                    continue;
                }
                // "in eastern Ukraine's Donetsk region": a capitalised word before a possessive.
                if doc.tokens[j - 1].capitalized && j < a && key(j) == "'s" {
                    possessor.get_or_insert(j - 1);
                    j -= 1;
                    modifiers += 1;
                    continue;
                }
                break;
            }
            // Right after the cue, or with only "the" between ("in the US").
            let direct = match prep {
                Some(p) => p + 1 == a || p + 2 == a && key(p + 1) == "the",
                None => noun_of.is_some_and(|n| n + 2 == a),
            };
            let (cue, cue_at): (&str, Option<usize>) = match (prep, noun_of, possessor) {
                (Some(p), _, _) => (&doc.text[doc.tokens[p].span.start as usize..doc.tokens[p].span.end as usize], Some(p)),
                (None, Some(n), _) => (&doc.text[doc.tokens[n].span.start as usize..doc.tokens[n + 1].span.end as usize], Some(n)),
                (None, None, Some(_)) if name_end > b => ("'s", None),
                _ => ("", None),
            };
            // The name with its possessor when it qualifies ("Ukraine's Odesa region").
            let name_start = match possessor {
                Some(p) if p + 2 == a => p,
                _ => a,
            };
            if cue.is_empty() {
                // A bare name: nothing before a reporting verb, nothing after the sentence's first word.
                if longer || b < end && REPORTING.contains(&key(b)) {
                    continue;
                }
            }
            // An all-capitals abbreviation ("US", "UK") must be written so, and not modify a noun ("in US custody").
            let surface = doc.slice(doc.tokens[a].span);
            if b == a + 1 && surface.len() <= 3 && ids.iter().any(|&(x, _)| self.entry(x).kind == Kind::Country) {
                if surface.chars().any(|c| c.is_lowercase()) {
                    continue;
                }
                if b < end && doc.tokens[b].kind == TokenKind::Word && !doc.tokens[b].capitalized && !FUNCTION.contains(&key(b)) {
                    continue;
                }
            }
            let phrase_start = cue_at.unwrap_or(name_start);
            out.push(LocationPhrase { name: text(name_start, name_end), span: span(name_start, name_end), cue, direct, phrase: text(phrase_start, name_end) });
        }
        out
    }
}

/// Names of months and weekdays (some are also towns: March, England).
const CALENDAR: &[&str] = &[
    "january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november",
    "december", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
];

/// Function words that may follow a place name without making it a modifier.
const FUNCTION: &[&str] = &[
    "on", "and", "or", "of", "in", "at", "to", "for", "with", "after", "before", "since", "during", "as", "by", "from",
    "but", "when", "while", "where", "last", "this", "on", "over", "about", "earlier", "later", "late", "early",
];


#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loads_and_looks_up() {
        let g = Gazetteer::builtin();
        assert!(g.len() > 30_000);
        let kyiv = g.lookup("Kiev");
        assert_eq!(kyiv[0].name, "Kyiv");
        assert_eq!(g.lookup("KYIV")[0].country, "UKR");
        assert_eq!(g.lookup("Zürich")[0].country, "CHE");
        assert_eq!(g.lookup("zurich")[0].country, "CHE");
        let usa = g.country("USA").unwrap();
        assert_eq!(usa.fips, Some("US"));
        assert_eq!(g.country("DEU").unwrap().fips, Some("GM"));
        assert!(g.country("XXX").is_none());
    }
}
