//! dyad's lexicons: it owns the lexicon file format (see `data/lexicon/README.md`), the built-in data
//! (embedded at build time), the CAMEO event table, and the compiled matchers the coder uses.
//!
//! [`Lexicon::builtin`] parses and compiles everything once; [`Lexicon::intern`] maps a document's
//! token keys to symbols, and the `*_at` methods find entries at a token position.
//! Invariant: loading never fails on bad lines — they become [`Issue`]s with file and line, and the rest
//! loads. The crate knows nothing of events' assembly: that is the coder's job.

mod cameo;
mod load;
pub mod trie;

pub use cameo::{is_sector, Derivation, EventInfo, EventTable, SECTORS};
pub use load::{inflect, number_variant, parse_date, DateEnd};

use chrono::NaiveDate;
use dyad_model::{CameoCode, Token};
use rustc_hash::FxHashMap;
use trie::{Hit, Trie, Vocab};

include!(concat!(env!("OUT_DIR"), "/builtin.rs"));

/// Where an entry came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Origin {
    /// Index into [`Lexicon::files`].
    pub file: u16,
    pub line: u32,
}

/// A problem found while loading or linting a lexicon.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{file}:{line}: {message}")]
pub struct Issue {
    pub file: String,
    pub line: u32,
    pub message: String,
    /// An error drops the line; a warning keeps it.
    pub error: bool,
}

/// What a case-sensitive lexicon token requires of the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Case {
    Any,
    /// Starts with an upper-case letter (proper nouns: "Turkey", "Jordan").
    Capital,
    /// All letters upper case (short acronyms that are also words: "US", "IT").
    Upper,
}

/// Kinds of actor entries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ActorKind {
    /// A country's name.
    Country,
    /// A country adjective or demonym.
    Adjective,
    /// A seat of government, legislature or military standing for it.
    Metonym,
    /// A city (gives a country, no sector).
    City,
    /// A world region.
    Region,
    Person,
    Org,
    /// A geographic feature that is no actor ("Sea of Japan"): it only blocks shorter matches.
    Place,
}

impl ActorKind {
    pub fn name(self) -> &'static str {
        match self {
            ActorKind::Country => "country",
            ActorKind::Adjective => "adjective",
            ActorKind::Metonym => "metonym",
            ActorKind::City => "city",
            ActorKind::Region => "region",
            ActorKind::Person => "person",
            ActorKind::Org => "organisation",
            ActorKind::Place => "place",
        }
    }
}

/// One phrase of an actor lexicon, resolved to a code.
#[derive(Debug, Clone)]
pub struct ActorEntry {
    pub phrase: String,
    /// Canonical name (first variant of the row, or the country's name).
    pub label: String,
    pub kind: ActorKind,
    /// CAMEO actor code (`RUSGOV`, `IGOUNO`; for a country or adjective, the country code).
    pub code: String,
    /// ISO-3166 alpha-3.
    pub country: Option<String>,
    pub sectors: Vec<String>,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    /// Whether `from`/`to` limit when the entry applies (people, organisations, metonyms).
    pub dated: bool,
    pub role: String,
    pub case: Vec<Case>,
    pub origin: Origin,
}

impl ActorEntry {
    pub fn covers(&self, d: NaiveDate) -> bool {
        self.from.is_none_or(|f| f <= d) && self.to.is_none_or(|t| d <= t)
    }
    pub fn is_default(&self) -> bool {
        self.from.is_none() && self.to.is_none()
    }
}

/// A role noun.
#[derive(Debug, Clone)]
pub struct AgentEntry {
    pub phrase: String,
    pub sectors: Vec<String>,
    pub case: Vec<Case>,
    pub origin: Origin,
}

/// A verb pattern.
#[derive(Debug, Clone)]
pub struct VerbEntry {
    /// CAMEO code, or `None` for a `---` pattern that blocks shorter matches.
    pub code: Option<CameoCode>,
    /// The pattern as written, for people (the event's `rule`, lint messages); code reads
    /// [`VerbEntry::nominal`] and [`VerbEntry::words`] instead.
    pub pattern: String,
    /// A literal pattern (written with a leading `=`): a noun or fixed phrase, not a verb to inflect.
    pub nominal: bool,
    /// The pattern's words in order, its `*` gaps and `=` mark left out: the verb's lemma (or the
    /// noun) first, a trailing preposition last.
    pub words: Vec<String>,
    /// The positions in [`VerbEntry::words`] that a `*` gap stands before ("hold * talks": `[1]`).
    pub gaps: Vec<usize>,
    /// Number of steps in the pattern (specificity).
    pub len: usize,
    pub origin: Origin,
}

/// Kinds of cue phrases.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CueKind {
    Negation,
    Intent,
    Hypothetical,
    Report,
    Pronoun,
    /// "decided to", "began to": an infinitive after them is a fact, not a purpose.
    Factive,
    /// "must", "should", "has to": an obligation, not an event.
    Obligation,
    /// "refused to", "will not": a cooperative act refused is a rejection.
    Refusal,
    /// "ordered X to", "forced X to": the infinitive is the subject's act on X.
    Causative,
}

#[derive(Debug, Clone)]
pub struct CueEntry {
    pub kind: CueKind,
    pub phrase: String,
    pub origin: Origin,
}

/// A country row of `countries.tsv`.
#[derive(Debug, Clone)]
pub struct Country {
    pub iso3: String,
    pub cameo: String,
    pub name: String,
}

/// The compiled lexicons.
#[derive(Debug, Default)]
pub struct Lexicon {
    pub files: Vec<String>,
    pub vocab: Vocab,
    pub actors: Vec<ActorEntry>,
    pub agents: Vec<AgentEntry>,
    pub verbs: Vec<VerbEntry>,
    pub cues: Vec<CueEntry>,
    pub events: EventTable,
    pub countries: Vec<Country>,
    /// CAMEO country/region code → ISO alpha-3 (None for regions).
    pub cameo_to_iso: FxHashMap<String, Option<String>>,
    pub irregular: FxHashMap<String, Vec<String>>,
    /// Person entries by the key of their surname (last word of the full name), for "President Bush".
    pub surnames: FxHashMap<String, Vec<u32>>,
    /// CAMEO ethnic group codes (`data/cameo/ethnic.tsv`) by lower-case singular label ("albanian" → "alb").
    pub ethnic: FxHashMap<String, String>,
    actor_trie: Trie,
    agent_trie: Trie,
    verb_trie: Trie,
    cue_trie: Trie,
}

/// A match of a lexicon at a token position.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Match {
    pub start: usize,
    pub end: usize,
    pub node: u32,
}

impl Lexicon {
    /// Cross-entry checks for `dyad lexicon check` (not run at start-up): duplicate and conflicting
    /// verb patterns, agents and actor phrases, dated roles of one name that overlap.
    pub fn lint(&self) -> Vec<Issue> {
        load::lint(self)
    }

    /// The built-in lexicons (embedded in the binary).
    pub fn builtin() -> (Lexicon, Vec<Issue>) {
        Lexicon::from_sources(BUILTIN.iter().map(|(p, c)| (p.to_string(), c.to_string())))
    }

    /// The built-in lexicons plus user files given as `(path relative to data/, contents)`
    /// (`lexicon/people/ours.tsv`, `lexicon/verbs/ours.tsv`, ...). With `replace`, the built-in people,
    /// organisation, agent and verb files are left out; countries, cues, irregular verbs and the CAMEO
    /// table always stay.
    pub fn builtin_with(extra: impl IntoIterator<Item = (String, String)>, replace: bool) -> (Lexicon, Vec<Issue>) {
        let keep = |p: &str| !replace || !(p.contains("people/") || p.contains("verbs/") || p.ends_with("orgs.tsv") || p.ends_with("agents.tsv"));
        let builtin = BUILTIN.iter().filter(|(p, _)| keep(p)).map(|(p, c)| (p.to_string(), c.to_string()));
        Lexicon::from_sources(builtin.chain(extra))
    }

    /// Builds a lexicon from `(path relative to data/, contents)` pairs; the path decides the file kind
    /// (`lexicon/countries.tsv`, `lexicon/people/*.tsv`, `lexicon/verbs/*.tsv`, ...).
    pub fn from_sources(sources: impl IntoIterator<Item = (String, String)>) -> (Lexicon, Vec<Issue>) {
        load::build(sources)
    }

    /// Interns a document's token keys (one symbol per token).
    pub fn intern(&self, keys: &str, tokens: &[Token]) -> Vec<u32> {
        tokens.iter().map(|t| self.vocab.get(&keys[t.key.range()])).collect()
    }

    fn longest(trie: &Trie, syms: &[u32], start: usize) -> Option<Match> {
        trie.longest_at(syms, start).map(|Hit { end, node }| Match { start, end, node })
    }

    /// The longest actor phrase starting at `start`.
    pub fn actor_at(&self, syms: &[u32], start: usize) -> Option<Match> {
        Self::longest(&self.actor_trie, syms, start)
    }
    /// Every actor phrase starting at `start`, longest first.
    pub fn actors_at(&self, syms: &[u32], start: usize) -> Vec<Match> {
        let mut hits = Vec::new();
        self.actor_trie.prefixes_at(syms, start, &mut hits);
        hits.into_iter().map(|Hit { end, node }| Match { start, end, node }).collect()
    }
    /// Every agent phrase starting at `start`, longest first.
    pub fn agents_at(&self, syms: &[u32], start: usize) -> Vec<Match> {
        let mut hits = Vec::new();
        self.agent_trie.prefixes_at(syms, start, &mut hits);
        hits.into_iter().map(|Hit { end, node }| Match { start, end, node }).collect()
    }
    /// The longest agent phrase starting at `start`.
    pub fn agent_at(&self, syms: &[u32], start: usize) -> Option<Match> {
        Self::longest(&self.agent_trie, syms, start)
    }
    /// The longest cue phrase starting at `start`.
    pub fn cue_at(&self, syms: &[u32], start: usize) -> Option<Match> {
        Self::longest(&self.cue_trie, syms, start)
    }
    /// Every verb pattern match starting at `start` (gaps skip tokens for which `gap_ok` holds).
    pub fn verbs_at(&self, syms: &[u32], start: usize, gap_ok: &dyn Fn(usize) -> bool, out: &mut Vec<Match>) {
        let mut hits = Vec::new();
        self.verb_trie.matches_at(syms, start, gap_ok, &mut hits);
        out.extend(hits.into_iter().map(|h| Match { start, end: h.end, node: h.node }));
    }

    pub fn actor_values(&self, m: &Match) -> &[u32] {
        self.actor_trie.values(m.node)
    }
    pub fn agent_values(&self, m: &Match) -> &[u32] {
        self.agent_trie.values(m.node)
    }
    pub fn verb_values(&self, m: &Match) -> &[u32] {
        self.verb_trie.values(m.node)
    }
    pub fn cue_values(&self, m: &Match) -> &[u32] {
        self.cue_trie.values(m.node)
    }

    /// `file:line` of an origin.
    pub fn origin(&self, o: Origin) -> String {
        format!("{}:{}", self.files.get(o.file as usize).map_or("?", |s| s.as_str()), o.line)
    }

    /// Whether the tokens `tokens[start..]` satisfy an entry's case requirements.
    pub fn case_ok(case: &[Case], text: &str, tokens: &[Token], start: usize) -> bool {
        case.iter().enumerate().all(|(i, c)| match c {
            Case::Any => true,
            Case::Capital => tokens.get(start + i).is_some_and(|t| t.capitalized),
            Case::Upper => tokens.get(start + i).is_some_and(|t| !text[t.span.range()].chars().any(|c| c.is_lowercase())),
        })
    }

    /// ISO alpha-3 of a CAMEO actor code's leading country code, if it is a country.
    pub fn country_of(&self, code: &str) -> Option<String> {
        let head = code.get(..3)?;
        self.cameo_to_iso.get(head).cloned().flatten()
    }

    /// The sector codes in an actor code (`RUSGOVMIL` → GOV, MIL; `IGOUNO` → IGO, UNO).
    pub fn sectors_of(&self, code: &str) -> Vec<String> {
        let mut out = Vec::new();
        let mut i = 0;
        while i + 3 <= code.len() {
            let part = &code[i..i + 3];
            let is_head_country = i == 0 && self.cameo_to_iso.contains_key(part);
            if !is_head_country && is_sector(part) {
                out.push(part.to_string());
            }
            i += 3;
        }
        out
    }

    /// The CAMEO code of a country given by ISO alpha-3.
    /// The CAMEO ethnic code for a people's name or adjective ("Albanians", "Kurdish" is not one: only
    /// the labels of the CAMEO table, singular or plural).
    pub fn ethnic_code(&self, word: &str) -> Option<&str> {
        let w = word.to_lowercase();
        let singular = w.strip_suffix('s').unwrap_or(&w);
        self.ethnic.get(w.as_str()).or_else(|| self.ethnic.get(singular)).map(String::as_str)
    }

    pub fn cameo_of_iso(&self, iso3: &str) -> Option<&str> {
        self.countries.iter().find(|c| c.iso3 == iso3).map(|c| c.cameo.as_str())
    }

    /// Summary counts for the coverage report.
    pub fn coverage(&self) -> Coverage {
        let mut c = Coverage { event_codes: self.events.len(), ..Coverage::default() };
        let mut countries: FxHashMap<&str, [bool; 3]> = FxHashMap::default();
        for co in &self.countries {
            countries.entry(co.iso3.as_str()).or_default();
        }
        let mut people = rustc_hash::FxHashSet::default();
        let mut orgs = rustc_hash::FxHashSet::default();
        for a in &self.actors {
            match a.kind {
                ActorKind::Country | ActorKind::Adjective | ActorKind::Metonym => {
                    if let Some(f) = a.country.as_deref().and_then(|iso| countries.get_mut(iso)) {
                        let i = match a.kind {
                            ActorKind::Country => 0,
                            ActorKind::Adjective => 1,
                            _ => 2,
                        };
                        f[i] = true;
                    }
                }
                ActorKind::Person => {
                    people.insert((a.origin.file, a.origin.line));
                }
                ActorKind::Org => {
                    orgs.insert((a.origin.file, a.origin.line));
                }
                _ => {}
            }
        }
        c.countries = countries.len();
        c.countries_complete = countries.values().filter(|f| f.iter().all(|x| *x)).count();
        c.person_roles = people.len();
        c.organisations = orgs.len();
        c.agents = self.agents.iter().map(|a| (a.origin.file, a.origin.line)).collect::<rustc_hash::FxHashSet<_>>().len();
        c.verb_patterns = self.verbs.iter().map(|v| (v.origin.file, v.origin.line)).collect::<rustc_hash::FxHashSet<_>>().len();
        let reachable: rustc_hash::FxHashSet<&str> = self.verbs.iter().filter_map(|v| v.code.as_deref()).collect();
        c.codes_reachable = self.events.codes().iter().filter(|code| code.len() > 2 && reachable.contains(**code)).count();
        c.codes_total = self.events.codes().iter().filter(|code| code.len() > 2).count();
        c.missing_codes = self.events.codes().iter().filter(|code| code.len() > 2 && !reachable.contains(**code)).map(|s| s.to_string()).collect();
        c
    }
}

/// What the lexicons cover.
#[derive(Debug, Default, Clone)]
pub struct Coverage {
    pub countries: usize,
    /// Countries with a name, an adjective and a seat of government.
    pub countries_complete: usize,
    pub person_roles: usize,
    pub organisations: usize,
    pub agents: usize,
    pub verb_patterns: usize,
    pub event_codes: usize,
    /// Event codes (3 and 4 digits) with at least one verb pattern.
    pub codes_reachable: usize,
    pub codes_total: usize,
    pub missing_codes: Vec<String>,
}
