//! dyad's gazetteer and geocoder.
//!
//! [`Gazetteer::builtin`] is the built-in gazetteer: countries, first-level divisions and the cities of
//! 15,000+ people from GeoNames (CC BY 4.0; `data/gazetteer/SOURCES.md`), embedded in the binary and
//! parsed once. [`geocode`] picks the place of an event in a sentence of a processed [`Document`].
//!
//! How [`geocode`] chooses, in order:
//! 1. a place phrase in the sentence: a name after a locative preposition (`in`, `near`, `outside`, `at`,
//!    `around`, `inside`, `across`, `throughout`, `within`), possibly with modifiers between them ("in
//!    northern Mali", "at the border town of Rafah", "on the outskirts of Kyiv"); the most specific one
//!    wins (city, then division, then country), then the first;
//! 2. the dateline's place;
//! 3. a bare city name in the sentence ("Aleppo came under fire"), except national capitals (which mostly
//!    stand for governments: "Moscow said"), names followed by a reporting verb, and names that are part of
//!    a longer capitalised name ("Paris Hilton") or follow a title ("Mr. Paris").
//!
//! Names must be capitalised in the text. Names that are also lower-case English words ("Reading",
//! "Mobile") and names of three letters or fewer count only right after `in`/`near`/`outside`/`at`.
//! A country counts only in a place phrase: "Jordan said" is an actor, "in Jordan" a place.
//!
//! An ambiguous name is resolved by a qualifier ("Paris, Texas"; "Hyderabad, Pakistan"), a division word
//! ("Donetsk region" → the division), then by score: `ln(population)` plus 4 when the candidate lies in one
//! of the context countries (the event's actors' countries), with these weights on the population: national
//! capitals ×2, countries ×3, divisions ×0.1 (their population is the sum of their places'), matches on an
//! alternate name ×0.2.

use dyad_model::{Document, Place, Token, TokenKind};
use rustc_hash::FxHashMap as HashMap;
use std::sync::OnceLock;

const CITIES: &str = include_str!("../../../data/gazetteer/cities.tsv");
const ADMIN1: &str = include_str!("../../../data/gazetteer/admin1.tsv");
const COUNTRIES: &str = include_str!("../../../data/gazetteer/countries.tsv");

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

/// The gazetteer: entries and a name index over the same matching keys as the text stage's tokens.
pub struct Gazetteer {
    entries: Vec<Entry>,
    countries: Vec<CountryInfo>,
    by_iso3: HashMap<&'static str, usize>,
    /// Space-joined token keys of a name → (entry, matched on an alternate name).
    index: HashMap<String, Vec<(u32, bool)>>,
    /// First token key of any indexed name → the most tokens such a name has.
    first: HashMap<String, u8>,
}

static BUILTIN: OnceLock<Gazetteer> = OnceLock::new();

fn num(s: &str) -> Option<f64> {
    s.parse().ok()
}

impl Gazetteer {
    /// The built-in gazetteer, parsed on first use.
    pub fn builtin() -> &'static Gazetteer {
        BUILTIN.get_or_init(|| Gazetteer::parse(COUNTRIES, ADMIN1, CITIES))
    }

    fn parse(countries: &'static str, admin1: &'static str, cities: &'static str) -> Gazetteer {
        let mut g = Gazetteer {
            entries: Vec::with_capacity(40_000),
            countries: Vec::with_capacity(256),
            by_iso3: HashMap::default(),
            index: HashMap::with_capacity_and_hasher(200_000, Default::default()),
            first: HashMap::with_capacity_and_hasher(150_000, Default::default()),
        };
        let mut toks: Vec<Token> = Vec::new();
        let mut keys = String::new();
        let mut names: Vec<(&'static str, bool)> = Vec::new();
        let rows = |data: &'static str| data.lines().filter(|l| !l.starts_with('#') && !l.is_empty());

        for line in rows(countries) {
            let f: Vec<&'static str> = line.split('\t').collect();
            if f.len() < 9 {
                continue;
            }
            let info = CountryInfo {
                iso3: f[0],
                iso2: f[1],
                fips: (!f[2].is_empty()).then_some(f[2]),
                name: f[3],
                lat: num(f[4]),
                lon: num(f[5]),
                population: f[6].parse().unwrap_or(0),
                capital: (!f[7].is_empty()).then_some(f[7]),
            };
            g.by_iso3.insert(f[0], g.countries.len());
            if let (Some(lat), Some(lon)) = (info.lat, info.lon) {
                names.clear();
                names.push((f[3], false));
                names.extend(f[8].split('|').filter(|a| !a.is_empty()).map(|a| (a, true)));
                let e = Entry {
                    name: f[3],
                    kind: Kind::Country,
                    country: f[0],
                    admin1_code: "",
                    admin1: None,
                    lat,
                    lon,
                    population: info.population,
                    capital: false,
                    common_word: false,
                };
                g.add(e, &names, &mut toks, &mut keys);
            }
            g.countries.push(info);
        }

        let mut admin1_names: HashMap<(&'static str, &'static str), &'static str> = HashMap::default();
        for line in rows(admin1) {
            let f: Vec<&'static str> = line.split('\t').collect();
            if f.len() < 8 || f[2].is_empty() {
                continue;
            }
            admin1_names.insert((f[0], f[1]), f[2]);
            names.clear();
            names.push((f[2], false));
            names.extend(f[3].split('|').filter(|a| !a.is_empty()).map(|a| (a, true)));
            let e = Entry {
                name: f[2],
                kind: Kind::Admin1,
                country: f[0],
                admin1_code: f[1],
                admin1: Some(f[2]),
                lat: num(f[4]).unwrap_or(0.0),
                lon: num(f[5]).unwrap_or(0.0),
                population: f[6].parse().unwrap_or(0),
                capital: false,
                common_word: f[7].contains('w'),
            };
            g.add(e, &names, &mut toks, &mut keys);
        }

        for line in rows(cities) {
            let f: Vec<&'static str> = line.split('\t').collect();
            if f.len() < 8 {
                continue;
            }
            names.clear();
            names.push((f[0], false));
            names.extend(f[1].split('|').filter(|a| !a.is_empty()).map(|a| (a, true)));
            let e = Entry {
                name: f[0],
                kind: Kind::City,
                country: f[2],
                admin1_code: f[3],
                admin1: admin1_names.get(&(f[2], f[3])).copied(),
                lat: num(f[4]).unwrap_or(0.0),
                lon: num(f[5]).unwrap_or(0.0),
                population: f[6].parse().unwrap_or(0),
                capital: f[7].contains('C'),
                common_word: f[7].contains('w'),
            };
            g.add(e, &names, &mut toks, &mut keys);
        }
        g
    }

    fn add(&mut self, e: Entry, names: &[(&'static str, bool)], toks: &mut Vec<Token>, keys: &mut String) {
        let id = self.entries.len() as u32;
        self.entries.push(e);
        for &(name, alt) in names {
            toks.clear();
            keys.clear();
            dyad_text::tokenize(name, toks, keys);
            if toks.is_empty() || toks.len() > u8::MAX as usize {
                continue;
            }
            let mut k = String::with_capacity(keys.len() + toks.len());
            for (i, t) in toks.iter().enumerate() {
                if i > 0 {
                    k.push(' ');
                }
                k.push_str(&keys[t.key.range()]);
            }
            let first = &keys[toks[0].key.range()];
            let n = toks.len() as u8;
            match self.first.get_mut(first) {
                Some(m) => *m = (*m).max(n),
                None => {
                    self.first.insert(first.to_string(), n);
                }
            }
            let v = self.index.entry(k).or_default();
            if !v.iter().any(|&(i, _)| i == id) {
                v.push((id, alt));
            }
        }
    }

    /// Every entry with this name (any spelling the gazetteer knows; case and accents do not matter),
    /// most populous first.
    pub fn lookup(&self, name: &str) -> Vec<&Entry> {
        let k = dyad_text::phrase_keys(name).join(" ");
        let mut v: Vec<&Entry> = self.index.get(&k).map(|ids| ids.iter().map(|&(i, _)| &self.entries[i as usize]).collect()).unwrap_or_default();
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

    /// How many entries (countries, named divisions, cities) the gazetteer holds.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The best entry for a name in the given country context (see the crate docs for the score).
    pub fn resolve(&self, name: &str, context_countries: &[&str]) -> Option<&Entry> {
        let k = dyad_text::phrase_keys(name).join(" ");
        let ids = self.index.get(&k)?;
        self.best(ids, context_countries, None, Hint::None)
    }

    fn best(&self, ids: &[(u32, bool)], ctx: &[&str], qualifier: Option<&[(u32, bool)]>, hint: Hint) -> Option<&Entry> {
        let mut best: Option<(f64, &Entry)> = None;
        for &(i, alt) in ids {
            let e = &self.entries[i as usize];
            if let Some(q) = qualifier {
                let ok = q.iter().any(|&(j, _)| {
                    let qe = &self.entries[j as usize];
                    match qe.kind {
                        Kind::Country => qe.country == e.country && e.kind != Kind::Country,
                        Kind::Admin1 => qe.country == e.country && qe.admin1_code == e.admin1_code && e.kind == Kind::City,
                        Kind::City => false,
                    }
                });
                if !ok {
                    continue;
                }
            }
            let mut w = (e.population.max(1) as f64).ln();
            w += match e.kind {
                Kind::Country => 3f64.ln(),
                Kind::Admin1 => 0.1f64.ln(),
                Kind::City => 0.0,
            };
            if e.capital {
                w += 2f64.ln();
            }
            if alt {
                w += 0.2f64.ln();
            }
            if ctx.iter().any(|c| *c == e.country) {
                w += 4.0;
            }
            match (hint, e.kind) {
                (Hint::Admin1, Kind::Admin1) | (Hint::City, Kind::City) => w += 100.0,
                _ => {}
            }
            if best.is_none_or(|(bw, _)| w > bw) {
                best = Some((w, e));
            }
        }
        best.map(|(_, e)| e)
    }

    fn admin1_entry(&self, e: &Entry) -> Option<&'static str> {
        e.admin1
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

#[derive(Debug)]
struct Found<'g> {
    entry: &'g Entry,
    /// Tier: 0 place phrase, 2 bare name (the dateline is tier 1).
    tier: u8,
    /// Token range of the whole phrase used for `how` (preposition .. name or division word).
    phrase: (usize, usize),
    order: usize,
}

/// Picks the place of an event in sentence `sentence` of `doc` (which the text stage has processed).
/// `context_countries` are ISO alpha-3 codes (the event's actors' countries), used to resolve ambiguous
/// names. Returns `None` when nothing fits.
pub fn geocode(doc: &Document, sentence: usize, context_countries: &[&str]) -> Option<Place> {
    Gazetteer::builtin().geocode(doc, sentence, context_countries)
}

impl Gazetteer {
    /// [`geocode`] with this gazetteer.
    pub fn geocode(&self, doc: &Document, sentence: usize, ctx: &[&str]) -> Option<Place> {
        let mut found: Vec<Found> = Vec::new();
        if let Some(s) = doc.sentences.get(sentence) {
            self.scan(doc, s.tokens.start as usize, s.tokens.end as usize, ctx, &mut found);
        }
        let rank = |f: &Found| {
            let specificity = match f.entry.kind {
                Kind::City => 0,
                Kind::Admin1 => 1,
                Kind::Country => 2,
            };
            (f.tier, specificity, f.order)
        };
        let phrase = found.iter().filter(|f| f.tier == 0).min_by_key(|f| rank(f));
        if let Some(f) = phrase {
            return Some(self.place(f.entry, doc, f.phrase));
        }
        if let Some(p) = self.dateline(doc, ctx) {
            return Some(p);
        }
        found.iter().min_by_key(|f| rank(f)).map(|f| self.place(f.entry, doc, f.phrase))
    }

    fn place(&self, e: &Entry, doc: &Document, (a, b): (usize, usize)) -> Place {
        let text = &doc.text[doc.tokens[a].span.start as usize..doc.tokens[b - 1].span.end as usize];
        let how = match e.kind {
            Kind::Country => format!("country: '{text}'"),
            _ => format!("sentence: '{text}'"),
        };
        self.to_place(e, how)
    }

    fn to_place(&self, e: &Entry, how: String) -> Place {
        Place {
            name: e.name.to_string(),
            country: Some(e.country.to_string()),
            admin1: self.admin1_entry(e).map(str::to_string),
            lat: e.lat,
            lon: e.lon,
            how,
        }
    }

    fn dateline(&self, doc: &Document, ctx: &[&str]) -> Option<Place> {
        let written = doc.dateline.as_ref()?.place.as_deref()?;
        let mut parts = written.split(',').map(str::trim).filter(|p| !p.is_empty());
        let name = parts.next()?;
        let ids = self.index.get(&dyad_text::phrase_keys(name).join(" "))?;
        let qualifier = parts.next().and_then(|q| self.index.get(&dyad_text::phrase_keys(q).join(" ")));
        let e = qualifier
            .and_then(|q| self.best(ids, ctx, Some(q), Hint::None))
            .or_else(|| self.best(ids, ctx, None, Hint::City))?;
        let how = if e.kind == Kind::Country { format!("country: '{written}' (dateline)") } else { format!("dateline: '{written}'") };
        Some(self.to_place(e, how))
    }

    /// The longest indexed name starting at token `i` (first and last tokens capitalised), as its end.
    fn match_at(&self, doc: &Document, i: usize, end: usize, buf: &mut String) -> Option<(usize, &[(u32, bool)])> {
        let t = &doc.tokens[i];
        if !t.capitalized || t.kind != TokenKind::Word {
            return None;
        }
        let max = *self.first.get(doc.key(i))? as usize;
        let max = max.min(end - i);
        for n in (1..=max).rev() {
            let last = &doc.tokens[i + n - 1];
            if n > 1 && !last.capitalized {
                continue;
            }
            buf.clear();
            for j in i..i + n {
                if j > i {
                    buf.push(' ');
                }
                buf.push_str(doc.key(j));
            }
            if let Some(ids) = self.index.get(buf.as_str()) {
                return Some((i + n, ids));
            }
        }
        None
    }

    fn scan<'g>(&'g self, doc: &Document, start: usize, end: usize, ctx: &[&str], found: &mut Vec<Found<'g>>) {
        let mut buf = String::new();
        let mut i = start;
        let key = |j: usize| doc.key(j);
        while i < end {
            let Some((b, ids)) = self.match_at(doc, i, end, &mut buf) else {
                i += 1;
                continue;
            };
            let a = i;
            i = b;
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
            if a > start && doc.tokens[a - 1].capitalized && doc.tokens[a - 1].kind == TokenKind::Word && a - 1 > start {
                // "New Paris" is not Paris; a capitalised word before that is no sentence start and no
                // direction word ("Eastern Ukraine") makes this a longer name.
                let pk = key(a - 1);
                if !MODIFIERS.contains(&pk) && !PREPOSITIONS.contains(&pk) {
                    continue;
                }
            }
            // Qualifier: "Paris, Texas".
            let mut qualifier = None;
            let mut phrase_end = b;
            if b + 1 < end && key(b) == "," {
                if let Some((qb, q)) = self.match_at(doc, b + 1, end, &mut buf) {
                    let q_ok = q.iter().any(|&(j, _)| self.entries[j as usize].kind != Kind::City);
                    if q_ok && self.best(ids, ctx, Some(q), Hint::None).is_some() {
                        qualifier = Some(q);
                        phrase_end = qb;
                        i = qb;
                    }
                }
            }
            let mut hint = Hint::None;
            if qualifier.is_none() && next_div {
                hint = Hint::Admin1;
                phrase_end = b + 1;
            }
            // Walk back over modifiers to a preposition.
            let mut j = a;
            let mut prep = None;
            let mut modifiers = 0;
            while j > start && modifiers < 8 {
                let k = key(j - 1);
                if PREPOSITIONS.contains(&k) || (k == "on" && (a - j) > 0 && (a - j..a).any(|m| matches!(key(m), "outskirts" | "edge" | "suburbs"))) {
                    prep = Some(j - 1);
                    break;
                }
                if MODIFIERS.contains(&k) {
                    if matches!(k, "city" | "town" | "village" | "port") && hint == Hint::None {
                        hint = Hint::City;
                    }
                    j -= 1;
                    modifiers += 1;
                    continue;
                }
                // "in eastern Ukraine's Donetsk region": a capitalised word before a possessive
                if doc.tokens[j - 1].capitalized && j < a && key(j) == "'s" {
                    j -= 1;
                    modifiers += 1;
                    continue;
                }
                break;
            }
            // Right after in/near/outside/at, or with only "the" between ("in the US").
            let direct = match prep {
                Some(p) if STRONG.contains(&key(p)) => p + 1 == a || p + 2 == a && key(p + 1) == "the",
                _ => false,
            };
            // Short names and common words count only right after in/near/outside/at.
            let entries = || ids.iter().map(|&(x, _)| &self.entries[x as usize]);
            let weak = buf_len_letters(key(a)) <= 3 && b == a + 1 || entries().any(|e| e.common_word && e.kind != Kind::Country);
            if weak && !direct {
                continue;
            }
            if prep.is_none() {
                // A bare name: no countries, no capitals, nothing before a reporting verb.
                if b < end && REPORTING.contains(&key(b)) {
                    continue;
                }
                if entries().any(|e| e.kind == Kind::Country) {
                    continue;
                }
            }
            let Some(e) = self.best(ids, ctx, qualifier, hint) else { continue };
            // An all-capitals abbreviation ("US", "UK") must be written so, and not modify a noun ("in US custody").
            let surface = doc.slice(doc.tokens[a].span);
            if b == a + 1 && surface.len() <= 3 && e.kind == Kind::Country {
                if surface.chars().any(|c| c.is_lowercase()) {
                    continue;
                }
                if b < end && doc.tokens[b].kind == TokenKind::Word && !doc.tokens[b].capitalized && !FUNCTION.contains(&key(b)) {
                    continue;
                }
            }
            let tier = if prep.is_some() { 0 } else { 2 };
            if tier == 2 && (e.capital || e.kind != Kind::City && hint != Hint::Admin1) {
                continue;
            }
            let phrase = (prep.unwrap_or(a), phrase_end);
            found.push(Found { entry: e, tier, phrase, order: found.len() });
        }
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

fn buf_len_letters(k: &str) -> usize {
    k.chars().filter(|c| c.is_alphabetic()).count()
}

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
