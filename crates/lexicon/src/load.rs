//! Parsing lexicon files and compiling them into tries, with line-numbered issues.

use crate::cameo::{is_sector, EventTable};
use crate::trie::Step;
use crate::*;
use chrono::NaiveDate;
use dyad_text::phrase_keys;

/// Which end of a period a date string stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateEnd {
    Start,
    End,
}

/// Parses `YYYY`, `YYYY-MM` or `YYYY-MM-DD`; a partial date is the first or last day of its period.
pub fn parse_date(s: &str, end: DateEnd) -> Result<Option<NaiveDate>, String> {
    let s = s.trim();
    if s.is_empty() {
        return Ok(None);
    }
    let parts: Vec<&str> = s.split('-').collect();
    let num = |p: &str| p.parse::<u32>().map_err(|_| format!("bad date {s:?}"));
    let y = parts[0].parse::<i32>().map_err(|_| format!("bad date {s:?}"))?;
    let d = match parts.len() {
        1 => match end {
            DateEnd::Start => NaiveDate::from_ymd_opt(y, 1, 1),
            DateEnd::End => NaiveDate::from_ymd_opt(y, 12, 31),
        },
        2 => {
            let m = num(parts[1])?;
            match end {
                DateEnd::Start => NaiveDate::from_ymd_opt(y, m, 1),
                DateEnd::End => {
                    let (ny, nm) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
                    NaiveDate::from_ymd_opt(ny, nm, 1).and_then(|d| d.pred_opt())
                }
            }
        }
        3 => NaiveDate::from_ymd_opt(y, num(parts[1])?, num(parts[2])?),
        _ => None,
    };
    d.map(Some).ok_or_else(|| format!("bad date {s:?}"))
}

/// The data rows of a lexicon file: (1-based line number, tab-separated columns); comments and blank
/// lines are skipped.
fn rows(text: &str) -> impl Iterator<Item = (u32, Vec<&str>)> {
    text.lines().enumerate().filter(|(_, l)| !l.starts_with('#') && !l.trim().is_empty()).map(|(n, l)| (n as u32 + 1, l.split('\t').collect()))
}

struct Builder {
    lex: Lexicon,
    issues: Vec<Issue>,
    file: u16,
    /// Interned inflected forms by verb lemma: thousands of patterns share a few hundred lemmas.
    forms: rustc_hash::FxHashMap<String, Vec<u32>>,
}

impl Builder {
    fn issue(&mut self, line: u32, error: bool, message: impl Into<String>) {
        self.issues.push(Issue { file: self.lex.files[self.file as usize].clone(), line, message: message.into(), error });
    }

    /// Parses a `from`/`to` pair; an unparsable or inverted pair is an issue and `None`.
    fn date_pair(&mut self, line: u32, from: Option<&&str>, to: Option<&&str>) -> Option<(Option<NaiveDate>, Option<NaiveDate>)> {
        let from = parse_date(from.unwrap_or(&""), DateEnd::Start);
        let to = parse_date(to.unwrap_or(&""), DateEnd::End);
        match (from, to) {
            (Ok(Some(f)), Ok(Some(t))) if f > t => {
                self.issue(line, true, format!("dates inverted: {f} > {t}"));
                None
            }
            (Ok(f), Ok(t)) => Some((f, t)),
            (Err(e), _) | (_, Err(e)) => {
                self.issue(line, true, e);
                None
            }
        }
    }

    fn case_of(phrase: &str) -> Vec<Case> {
        let mut toks = Vec::new();
        let mut keys = String::new();
        dyad_text::tokenize(phrase, &mut toks, &mut keys);
        toks.iter()
            .map(|t| {
                let w = &phrase[t.span.range()];
                let letters = w.chars().filter(|c| c.is_alphabetic()).count();
                let upper = w.chars().filter(|c| c.is_uppercase()).count();
                if letters >= 2 && upper == letters && !w.contains('.') && letters <= 3 {
                    Case::Upper
                } else if t.capitalized {
                    Case::Capital
                } else {
                    Case::Any
                }
            })
            .collect()
    }

    fn words(&mut self, phrase: &str) -> Vec<Step> {
        phrase_keys(phrase).iter().map(|k| Step::Word(vec![self.lex.vocab.intern(k)])).collect()
    }

    fn add_actor(&mut self, e: ActorEntry) {
        let steps = self.words(&e.phrase);
        if steps.is_empty() {
            self.issue(e.origin.line, true, format!("phrase {:?} has no words: it can never match", e.phrase));
            return;
        }
        let id = self.lex.actors.len() as u32;
        self.lex.actor_trie.insert(&steps, id);
        self.lex.actors.push(e);
    }

    fn code_parts(&mut self, code: &str, line: u32) -> bool {
        if code.is_empty() || code.len() % 3 != 0 || !code.chars().all(|c| c.is_ascii_uppercase()) {
            self.issue(line, true, format!("bad actor code {code:?}: 3-letter parts in upper case expected"));
            return false;
        }
        let head = &code[..3];
        let known_head = self.lex.cameo_to_iso.contains_key(head) || ["IGO", "NGO", "IMG", "MNC", "INT", "UIS"].contains(&head) || is_sector(head);
        if !known_head && !self.lex.cameo_to_iso.is_empty() {
            self.issue(line, false, format!("actor code {code:?} starts with {head:?}, which is no known country, region or IGO/NGO/IMG/MNC"));
        }
        true
    }

    fn countries(&mut self, text: &str) {
        // Two passes: first the country table (so codes resolve), then the phrases.
        for line in text.lines() {
            let c: Vec<&str> = line.split('\t').collect();
            if line.starts_with('#') || c.len() < 4 {
                continue;
            }
            let (iso, cameo, kind, phrase) = (c[0].trim(), c[1].trim(), c[2].trim(), c[3].trim());
            let iso_opt = if iso == "-" || iso.is_empty() { None } else { Some(iso.to_string()) };
            self.lex.cameo_to_iso.entry(cameo.to_string()).or_insert(iso_opt.clone());
            if kind == "name" && iso_opt.is_some() && !self.lex.countries.iter().any(|x| x.iso3 == iso) {
                self.lex.countries.push(Country { iso3: iso.to_string(), cameo: cameo.to_string(), name: phrase.to_string() });
            }
        }
        let mut labels: FxHashMap<String, String> = FxHashMap::default();
        for (n, c) in rows(text) {
            if c.len() < 4 {
                self.issue(n, true, format!("expected at least 4 columns (iso3 cameo kind phrase), found {}", c.len()));
                continue;
            }
            let (iso, cameo, kind, phrase) = (c[0].trim(), c[1].trim(), c[2].trim(), c[3].trim());
            let Some((from, to)) = self.date_pair(n, c.get(4), c.get(5)) else { continue };
            let country = if iso == "-" || iso.is_empty() { None } else { Some(iso.to_string()) };
            let label = labels.entry(cameo.to_string()).or_insert_with(|| phrase.to_string()).clone();
            let (kind, code, sectors, dated) = match kind {
                "name" => (if country.is_some() { ActorKind::Country } else { ActorKind::Region }, cameo.to_string(), vec![], false),
                "adj" => (ActorKind::Adjective, cameo.to_string(), vec![], false),
                "gov" => (ActorKind::Metonym, format!("{cameo}GOV"), vec!["GOV".to_string()], true),
                "mil" => (ActorKind::Metonym, format!("{cameo}MIL"), vec!["MIL".to_string()], true),
                "leg" => (ActorKind::Metonym, format!("{cameo}LEG"), vec!["LEG".to_string()], true),
                "city" => (ActorKind::City, cameo.to_string(), vec![], false),
                "region" => (ActorKind::Region, cameo.to_string(), vec![], false),
                "place" => (ActorKind::Place, cameo.to_string(), vec![], false),
                other => {
                    self.issue(n, true, format!("unknown kind {other:?} (name, adj, gov, mil, leg, city, region, place)"));
                    continue;
                }
            };
            for variant in phrase.split('|').map(str::trim).filter(|s| !s.is_empty()) {
                let e = ActorEntry {
                    phrase: variant.to_string(),
                    label: label.clone(),
                    kind,
                    code: code.clone(),
                    country: country.clone(),
                    sectors: sectors.clone(),
                    from,
                    to,
                    dated,
                    role: String::new(),
                    case: Self::case_of(variant),
                    origin: Origin { file: self.file, line: n },
                };
                self.add_actor(e);
            }
        }
    }

    /// people/*.tsv: names code from to role source; orgs.tsv: names code kind from to source.
    fn people_or_orgs(&mut self, text: &str, orgs: bool) {
        for (n, c) in rows(text) {
            if c.len() < 2 {
                self.issue(n, true, format!("expected at least 2 columns (names code ...), found {}", c.len()));
                continue;
            }
            let names = c[0].trim();
            let code = c[1].trim().to_string();
            let (kind_col, from_col, to_col, role_col) = if orgs { (2, 3, 4, 2) } else { (usize::MAX, 2, 3, 4) };
            let Some((from, to)) = self.date_pair(n, c.get(from_col), c.get(to_col)) else { continue };
            if orgs {
                let k = c.get(kind_col).map(|s| s.trim()).unwrap_or("");
                if !["igo", "ngo", "armed", "party", "company", "media", "court", "agency", ""].contains(&k) {
                    self.issue(n, false, format!("unknown organisation kind {k:?}"));
                }
            }
            if !self.code_parts(&code, n) {
                continue;
            }
            let country = self.lex.country_of(&code);
            let sectors = self.lex.sectors_of(&code);
            let role = c.get(role_col).map(|s| s.trim().to_string()).unwrap_or_default();
            let mut variants = names.split('|').map(str::trim).filter(|s| !s.is_empty());
            let label = variants.next().unwrap_or("").to_string();
            for variant in std::iter::once(label.as_str()).chain(variants) {
                if variant.is_empty() {
                    continue;
                }
                let e = ActorEntry {
                    phrase: variant.to_string(),
                    label: label.clone(),
                    kind: if orgs { ActorKind::Org } else { ActorKind::Person },
                    code: code.clone(),
                    country: country.clone(),
                    sectors: sectors.clone(),
                    from,
                    to,
                    dated: true,
                    role: role.clone(),
                    case: Self::case_of(variant),
                    origin: Origin { file: self.file, line: n },
                };
                self.add_actor(e);
            }
        }
    }

    fn agents(&mut self, text: &str) {
        for (n, c) in rows(text) {
            if c.len() < 2 {
                self.issue(n, true, "expected 2 columns (phrases sectors)");
                continue;
            }
            let sectors: Vec<String> = c[1].split_whitespace().map(str::to_string).collect();
            if sectors.is_empty() || sectors.iter().any(|s| !is_sector(s)) {
                self.issue(n, true, format!("bad sectors {:?}", c[1]));
                continue;
            }
            for variant in c[0].split('|').map(str::trim).filter(|s| !s.is_empty()) {
                let steps = self.words(variant);
                if steps.is_empty() {
                    self.issue(n, true, format!("phrase {variant:?} has no words"));
                    continue;
                }
                let id = self.lex.agents.len() as u32;
                self.lex.agent_trie.insert(&steps, id);
                self.lex.agents.push(AgentEntry {
                    phrase: variant.to_string(),
                    sectors: sectors.clone(),
                    case: Self::case_of(variant),
                    origin: Origin { file: self.file, line: n },
                });
            }
        }
    }

    fn irregular(&mut self, text: &str) {
        for line in text.lines() {
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            let c: Vec<&str> = line.split('\t').collect();
            if c.len() >= 2 {
                let forms = c[1].split('|').map(|s| s.trim().to_lowercase()).filter(|s| !s.is_empty());
                self.lex.irregular.entry(c[0].trim().to_lowercase()).or_default().extend(forms);
            }
        }
    }

    fn verbs(&mut self, text: &str) {
        for (n, c) in rows(text) {
            if c.len() < 2 {
                self.issue(n, true, "expected 2 columns (cameo pattern)");
                continue;
            }
            let code = c[0].trim();
            let code = if code == "---" {
                None
            } else if let Some(code) = CameoCode::new(code).ok().filter(|&c| self.lex.events.contains(c)) {
                Some(code)
            } else {
                self.issue(n, true, format!("unknown CAMEO event code {code:?}"));
                continue;
            };
            let pattern = c[1].trim();
            match self.compile_pattern(pattern) {
                Ok(steps) => {
                    let id = self.lex.verbs.len() as u32;
                    self.lex.verb_trie.insert(&steps, id);
                    let nominal = pattern.starts_with('=');
                    let (mut words, mut gaps) = (Vec::new(), Vec::new());
                    for w in pattern.trim_start_matches('=').split_whitespace() {
                        if w == "*" {
                            gaps.push(words.len());
                        } else {
                            words.push(w.to_string());
                        }
                    }
                    self.lex.verbs.push(VerbEntry { code, pattern: pattern.to_string(), nominal, words, gaps, len: steps.len(), origin: Origin { file: self.file, line: n } });
                }
                Err(e) => self.issue(n, true, e),
            }
        }
    }

    fn compile_pattern(&mut self, pattern: &str) -> Result<Vec<Step>, String> {
        let (literal, body) = match pattern.strip_prefix('=') {
            Some(rest) => (true, rest),
            None => (false, pattern),
        };
        let words: Vec<&str> = body.split_whitespace().collect();
        if words.is_empty() {
            return Err("empty pattern".into());
        }
        if words[0] == "*" || words[words.len() - 1] == "*" {
            return Err(format!("pattern {pattern:?} starts or ends with a gap"));
        }
        let mut steps = Vec::new();
        let mut after_gap = false;
        for (i, w) in words.iter().enumerate() {
            if *w == "*" {
                after_gap = true;
                if steps.last() == Some(&Step::Gap) {
                    return Err(format!("pattern {pattern:?} has two gaps in a row"));
                }
                steps.push(Step::Gap);
                continue;
            }
            let keys = phrase_keys(w);
            if keys.is_empty() {
                return Err(format!("pattern {pattern:?}: word {w:?} has no letters"));
            }
            let last = keys.len() - 1;
            for (j, k) in keys.iter().enumerate() {
                if i == 0 && j == last && !literal {
                    let syms = match self.forms.get(k.as_str()) {
                        Some(s) => s.clone(),
                        None => {
                            let forms = inflect(k, &self.lex.irregular);
                            let syms: Vec<u32> = forms.iter().map(|f| self.lex.vocab.intern(f)).collect();
                            self.forms.insert(k.to_string(), syms.clone());
                            syms
                        }
                    };
                    steps.push(Step::Word(syms));
                } else if let Some(v) = number_variant(k).filter(|_| after_gap && !literal) {
                    // The object noun after the gap matches in either number: "hold * exercises"
                    // finds "held their annual exercise".
                    steps.push(Step::Word(vec![self.lex.vocab.intern(k), self.lex.vocab.intern(&v)]));
                } else {
                    steps.push(Step::Word(vec![self.lex.vocab.intern(k)]));
                }
            }
        }
        Ok(steps)
    }

    fn cues(&mut self, text: &str) {
        for (n, c) in rows(text) {
            if c.len() < 2 {
                self.issue(n, true, "expected 2 columns (kind phrase)");
                continue;
            }
            let kind = match c[0].trim() {
                "negation" => CueKind::Negation,
                "intent" => CueKind::Intent,
                "hypothetical" => CueKind::Hypothetical,
                "report" => CueKind::Report,
                "pronoun" => CueKind::Pronoun,
                "factive" => CueKind::Factive,
                "obligation" => CueKind::Obligation,
                "refusal" => CueKind::Refusal,
                "causative" => CueKind::Causative,
                other => {
                    self.issue(n, true, format!("unknown cue kind {other:?}"));
                    continue;
                }
            };
            for variant in c[1].split('|').map(str::trim).filter(|s| !s.is_empty()) {
                let steps = self.words(variant);
                if steps.is_empty() {
                    continue;
                }
                let id = self.lex.cues.len() as u32;
                self.lex.cue_trie.insert(&steps, id);
                self.lex.cues.push(CueEntry { kind, phrase: variant.to_string(), origin: Origin { file: self.file, line: n } });
            }
        }
    }
}

/// The other number of a pattern's noun ("exercises" → "exercise", "drill" → "drills"), so that a
/// pattern written with one matches the other. Only for words of five letters or more ("talks",
/// not "arms" or "news"); a wrong form of a rare word ("crisis" → "crisi") never occurs in text.
pub fn number_variant(word: &str) -> Option<String> {
    if word.len() < 5 || !word.chars().all(|c| c.is_ascii_lowercase()) {
        return None;
    }
    if let Some(stem) = word.strip_suffix("ies") {
        return Some(format!("{stem}y"));
    }
    if word.ends_with("ss") || word.ends_with("us") || word.ends_with("is") {
        return None;
    }
    if let Some(stem) = word.strip_suffix('s') {
        return Some(stem.to_string());
    }
    let consonant_y = word.strip_suffix('y').filter(|s| s.chars().last().is_some_and(|c| !"aeiou".contains(c)));
    Some(match consonant_y {
        Some(stem) => format!("{stem}ies"),
        None if word.ends_with('x') || word.ends_with("ch") || word.ends_with("sh") => format!("{word}es"),
        None => format!("{word}s"),
    })
}

/// All forms of a verb lemma: regular endings (generously: impossible forms never occur in text)
/// plus the irregular table's forms.
pub fn inflect(lemma: &str, irregular: &FxHashMap<String, Vec<String>>) -> Vec<String> {
    let mut f = vec![lemma.to_string()];
    let b = lemma;
    let last = b.chars().last().unwrap_or(' ');
    let vowel = |c: char| "aeiou".contains(c);
    if b.len() > 1 && b.chars().all(|c| c.is_alphabetic()) {
        let stem_y = b.strip_suffix('y').filter(|s| s.chars().last().is_some_and(|c| !vowel(c)));
        if let Some(s) = stem_y {
            f.push(format!("{s}ies"));
            f.push(format!("{s}ied"));
        } else if b.ends_with('s') || b.ends_with('x') || b.ends_with('z') || b.ends_with("sh") || b.ends_with("ch") || b.ends_with('o') {
            f.push(format!("{b}es"));
        } else {
            f.push(format!("{b}s"));
        }
        if last == 'e' {
            f.push(format!("{b}d"));
            let s = &b[..b.len() - 1];
            if b.ends_with("ee") || b.ends_with("ye") || b.ends_with("oe") {
                f.push(format!("{b}ing"));
            } else if b.ends_with("ie") {
                f.push(format!("{}ying", &b[..b.len() - 2]));
            } else {
                f.push(format!("{s}ing"));
            }
        } else {
            if stem_y.is_none() {
                f.push(format!("{b}ed"));
            }
            f.push(format!("{b}ing"));
            // Consonant doubling (ban → banned, commit → committed); over-generation is harmless.
            if !vowel(last) && !"wxy".contains(last) && b.chars().rev().nth(1).is_some_and(vowel) {
                f.push(format!("{b}{last}ed"));
                f.push(format!("{b}{last}ing"));
            }
            if last == 'c' {
                f.push(format!("{b}ked"));
                f.push(format!("{b}king"));
            }
        }
    }
    if let Some(extra) = irregular.get(lemma) {
        for x in extra {
            f.push(x.clone());
            if x.ends_with('s') || x.ends_with("ing") {
                continue;
            }
        }
    }
    f.sort();
    f.dedup();
    f
}

pub(crate) fn build(sources: impl IntoIterator<Item = (String, String)>) -> (Lexicon, Vec<Issue>) {
    let mut sources: Vec<(String, String)> = sources.into_iter().collect();
    // Order matters: code tables and countries first, irregular verbs before verbs.
    let rank = |p: &str| -> u8 {
        if p.ends_with("events.tsv") {
            0
        } else if p.ends_with("derived.tsv") {
            1
        } else if p.ends_with("countries.tsv") {
            2
        } else if p.ends_with("irregular.tsv") {
            3
        } else {
            4
        }
    };
    sources.sort_by(|a, b| rank(&a.0).cmp(&rank(&b.0)).then(a.0.cmp(&b.0)));
    let mut b = Builder { lex: Lexicon::default(), issues: Vec::new(), file: 0, forms: Default::default() };
    for (path, text) in &sources {
        b.file = b.lex.files.len() as u16;
        b.lex.files.push(path.clone());
        let name = path.rsplit('/').next().unwrap_or(path);
        if name == "events.tsv" {
            b.lex.events = EventTable::parse(text);
        } else if name == "derived.tsv" {
            for (line, why) in b.lex.events.parse_derived(text) {
                b.issue(line, true, why);
            }
        } else if name == "ethnic.tsv" {
            for line in text.lines().filter(|l| !l.starts_with('#')) {
                if let Some((code, label)) = line.split_once('\t') {
                    let label = label.trim().to_lowercase();
                    let singular = label.strip_suffix('s').unwrap_or(&label).to_string();
                    b.lex.ethnic.entry(singular).or_insert_with(|| code.to_string());
                    b.lex.ethnic.entry(label).or_insert_with(|| code.to_string());
                }
            }
        } else if name == "countries.tsv" {
            b.countries(text);
        } else if path.contains("people/") {
            b.people_or_orgs(text, false);
        } else if name == "orgs.tsv" {
            b.people_or_orgs(text, true);
        } else if name == "agents.tsv" {
            b.agents(text);
        } else if name == "irregular.tsv" {
            b.irregular(text);
        } else if path.contains("verbs/") {
            b.verbs(text);
        } else if name == "cues.tsv" {
            b.cues(text);
        }
    }
    let mut lex = b.lex;
    let issues = b.issues;
    // Country and sector fields of people/orgs loaded before countries resolve now that all is known.
    for i in 0..lex.actors.len() {
        if lex.actors[i].country.is_none() && matches!(lex.actors[i].kind, ActorKind::Person | ActorKind::Org) {
            let code = lex.actors[i].code.clone();
            lex.actors[i].country = lex.country_of(&code);
        }
    }
    for (i, a) in lex.actors.iter().enumerate() {
        if a.kind == ActorKind::Person && a.phrase == a.label {
            let keys = phrase_keys(&a.label);
            if keys.len() >= 2 {
                if let Some(last) = keys.last() {
                    lex.surnames.entry(last.clone()).or_default().push(i as u32);
                }
            }
        }
    }
    // The tries grew by doubling while loading; they are read-only from here on.
    for t in [&mut lex.actor_trie, &mut lex.agent_trie, &mut lex.verb_trie, &mut lex.cue_trie] {
        t.shrink_to_fit();
    }
    (lex, issues)
}

/// Cross-entry checks: the same verb pattern, agent phrase or actor phrase written twice (a duplicate:
/// a warning), or written with different codes (a conflict: only one of them can ever apply, an error);
/// dated roles of one name whose date ranges overlap by more than a handover day with different codes
/// (an error: the coder could not tell which applies).
pub(crate) fn lint(lex: &Lexicon) -> Vec<Issue> {
    let mut out = Vec::new();
    let at = |o: Origin| format!("{}:{}", lex.files.get(o.file as usize).map_or("?", |f| f.as_str()), o.line);
    let mut push = |o: Origin, error: bool, message: String| {
        out.push(Issue { file: lex.files.get(o.file as usize).cloned().unwrap_or_default(), line: o.line, message, error });
    };
    // Verb patterns.
    let mut seen: FxHashMap<String, usize> = FxHashMap::default();
    for (i, v) in lex.verbs.iter().enumerate() {
        // Keyed as the matcher sees it: "no-fly zone" and "no fly zone" are one pattern.
        let key = v
            .pattern
            .split_whitespace()
            .map(|w| match w.strip_prefix('=') {
                Some(rest) => format!("={}", phrase_keys(rest).join(" ")),
                None if w == "*" => w.to_string(),
                None => phrase_keys(w).join(" "),
            })
            .collect::<Vec<_>>()
            .join(" ");
        match seen.get(&key) {
            Some(&j) => {
                let w = &lex.verbs[j];
                let code = |c: &Option<CameoCode>| c.map_or_else(|| "---".to_string(), |c| c.to_string());
                if w.code == v.code {
                    push(v.origin, false, format!("verb pattern {:?} duplicates {}", v.pattern, at(w.origin)));
                } else {
                    push(v.origin, true, format!("verb pattern {:?} is coded {} here and {} at {}: only one can apply", v.pattern, code(&v.code), code(&w.code), at(w.origin)));
                }
            }
            None => {
                seen.insert(key, i);
            }
        }
    }
    // Agent phrases.
    let mut seen: FxHashMap<String, usize> = FxHashMap::default();
    for (i, a) in lex.agents.iter().enumerate() {
        let key = phrase_keys(&a.phrase).join(" ");
        match seen.get(&key) {
            Some(&j) => {
                let b = &lex.agents[j];
                if b.origin == a.origin {
                    // Spelling variants of one row ("vice-president|vice president").
                } else if b.sectors == a.sectors {
                    push(a.origin, false, format!("agent {:?} duplicates {}", a.phrase, at(b.origin)));
                } else {
                    push(a.origin, true, format!("agent {:?} is {} here and {} at {}: only one can apply", a.phrase, a.sectors.join(" "), b.sectors.join(" "), at(b.origin)));
                }
            }
            None => {
                seen.insert(key, i);
            }
        }
    }
    // Actor phrases: people and organisations by date; countries, adjectives and metonyms.
    let mut by_phrase: FxHashMap<String, Vec<usize>> = FxHashMap::default();
    for (i, a) in lex.actors.iter().enumerate() {
        by_phrase.entry(format!("{:?}|{}", a.case, phrase_keys(&a.phrase).join(" "))).or_default().push(i);
    }
    let mut groups: Vec<&Vec<usize>> = by_phrase.values().filter(|g| g.len() > 1).collect();
    groups.sort();
    for g in groups {
        for (x, &i) in g.iter().enumerate() {
            for &j in &g[..x] {
                let (a, b) = (&lex.actors[i], &lex.actors[j]);
                if a.origin == b.origin {
                    continue;
                }
                if a.kind == b.kind && a.code == b.code && a.from == b.from && a.to == b.to {
                    push(a.origin, false, format!("{} {:?} [{}] duplicates {}", a.kind.name(), a.phrase, a.code, at(b.origin)));
                    continue;
                }
                let place = |k: ActorKind| matches!(k, ActorKind::Country | ActorKind::Adjective | ActorKind::City | ActorKind::Region);
                if place(a.kind) && place(b.kind) {
                    if a.country != b.country && !a.dated && !b.dated {
                        push(a.origin, true, format!("{} {:?} is {} here and {} {} at {}: only one can apply", a.kind.name(), a.phrase, a.code, b.kind.name(), b.code, at(b.origin)));
                    }
                    continue;
                }
                if a.kind != b.kind || a.code == b.code || a.is_default() || b.is_default() {
                    continue;
                }
                // Overlap of the two ranges, in days (a shared handover day is allowed).
                let start = a.from.max(b.from);
                let end = match (a.to, b.to) {
                    (Some(x), Some(y)) => Some(x.min(y)),
                    (x, y) => x.or(y),
                };
                let overlap = match (start, end) {
                    (Some(s), Some(e)) => (e - s).num_days() + 1,
                    _ => i64::MAX,
                };
                if overlap > 1 {
                    push(a.origin, true, format!("{} {:?} is {} here and {} at {} over overlapping dates", a.kind.name(), a.phrase, a.code, b.code, at(b.origin)));
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert_eq!(parse_date("2019", DateEnd::End).unwrap(), NaiveDate::from_ymd_opt(2019, 12, 31));
        assert_eq!(parse_date("2024-02", DateEnd::End).unwrap(), NaiveDate::from_ymd_opt(2024, 2, 29));
        assert_eq!(parse_date("2024-02", DateEnd::Start).unwrap(), NaiveDate::from_ymd_opt(2024, 2, 1));
        assert!(parse_date("2024-13-01", DateEnd::Start).is_err());
        assert_eq!(parse_date("", DateEnd::Start).unwrap(), None);
    }

    #[test]
    fn number_variants() {
        assert_eq!(number_variant("exercises").as_deref(), Some("exercise"));
        assert_eq!(number_variant("drill").as_deref(), Some("drills"));
        assert_eq!(number_variant("militaries").as_deref(), Some("military"));
        assert_eq!(number_variant("embassy").as_deref(), Some("embassies"));
        assert_eq!(number_variant("crisis"), None);
        assert_eq!(number_variant("arms"), None);
        assert_eq!(number_variant("U.N."), None);
    }

    #[test]
    fn inflections() {
        let mut irr = FxHashMap::default();
        irr.insert("hold".to_string(), vec!["held".to_string()]);
        let has = |l: &str, w: &str| inflect(l, &irr).contains(&w.to_string());
        assert!(has("hold", "held") && has("hold", "holds") && has("hold", "holding"));
        assert!(has("agree", "agreed") && has("agree", "agreeing") && has("urge", "urging"));
        assert!(has("ban", "banned") && has("accuse", "accused") && has("deny", "denies") && has("deny", "denied"));
        assert!(has("criticize", "criticizes") && has("visit", "visited") && has("reach", "reaches"));
    }

    #[test]
    fn lint_finds_duplicates_conflicts_and_overlapping_roles() {
        let (lex, _) = Lexicon::from_sources(vec![
            ("cameo/events.tsv".to_string(), "190\t-10\t4\tASSAULT\t\tUse force\n111\t-2\t3\tACCUSE\t\tCriticize\n".to_string()),
            ("lexicon/countries.tsv".to_string(), "RUS\tRUS\tname\tRussia\nUKR\tUKR\tname\tUkraine\n".to_string()),
            ("lexicon/verbs/v.tsv".to_string(), "190\tattack\n190\tattack\n111\tslam\n190\tslam\n".to_string()),
            (
                "lexicon/people/p.tsv".to_string(),
                "Ivan Petrov\tRUSGOV\t2000-01-01\t2010-12-31\tMinister\nIvan Petrov\tRUSMIL\t2010-01-01\t2012-12-31\tGeneral\nOlga Ivanova\tRUSGOV\t2000-01-01\t2010-12-31\tMinister\nOlga Ivanova\tRUSLEG\t2010-12-31\t2014-01-01\tSpeaker\n".to_string(),
            ),
        ]);
        let msgs: Vec<String> = lex.lint().iter().map(|i| format!("{}:{} {} {}", i.file, i.line, i.error, i.message)).collect();
        assert!(msgs.iter().any(|m| m.starts_with("lexicon/verbs/v.tsv:2 false") && m.contains("duplicates")), "{msgs:?}");
        assert!(msgs.iter().any(|m| m.starts_with("lexicon/verbs/v.tsv:4 true") && m.contains("only one can apply")), "{msgs:?}");
        assert!(msgs.iter().any(|m| m.starts_with("lexicon/people/p.tsv:2 true") && m.contains("overlapping dates")), "{msgs:?}");
        // A shared handover day is no overlap.
        assert!(!msgs.iter().any(|m| m.starts_with("lexicon/people/p.tsv:4")), "{msgs:?}");
    }

    #[test]
    fn bad_lines_are_issues_and_the_rest_loads() {
        let (lex, issues) = Lexicon::from_sources(vec![
            ("cameo/events.tsv".to_string(), "190\t-10\t4\tASSAULT\t\tUse conventional military force\n".to_string()),
            ("lexicon/countries.tsv".to_string(), "RUS\tRUS\tname\tRussia\nRUS\tRUS\tadj\tRussian\nXXX\n".to_string()),
            ("lexicon/verbs/v.tsv".to_string(), "190\tattack\n999\tfoo\n190\t* bar\n".to_string()),
            ("lexicon/people/p.tsv".to_string(), "Vladimir Putin|Putin\tRUSGOV\t2000-05-07\t\tPresident\nX\tRUSGOV\t2020\t2019\n".to_string()),
        ]);
        assert_eq!(issues.len(), 4, "{issues:?}");
        assert!(issues.iter().all(|i| i.line > 0 && !i.file.is_empty()));
        assert_eq!(lex.verbs.len(), 1);
        assert_eq!(lex.actors.iter().filter(|a| a.kind == ActorKind::Person).count(), 2);
        assert_eq!(lex.actors.iter().find(|a| a.phrase == "Putin").unwrap().country.as_deref(), Some("RUS"));
    }

    #[test]
    fn derived_codes_take_the_longest_prefix_and_bad_rows_are_issues() {
        let (lex, issues) = Lexicon::from_sources(vec![
            ("cameo/events.tsv".to_string(), "036\t4\t1\tAGREE\t\tExpress intent to meet\n042\t1.9\t1\tCONSULT\t\tMake a visit\n0313\t1\t1\tAGREE\t\tIntent: judicial\n031\t1\t1\tAGREE\t\tIntent: material\n063\t7\t2\tCOOP\t\tJudicial cooperation\n061\t6\t2\tCOOP\t\tEconomic cooperation\n120\t-4\t3\tREJECT\t\tReject\n".to_string()),
            ("cameo/derived.tsv".to_string(), "# kind from to\nintent\t04\t036\nintent\t06\t031\nintent\t063\t0313\nrefusal\t04\t120\nintent\t05\t999\nwish\t04\t036\n".to_string()),
        ]);
        let code = |s: &str| CameoCode::new(s).expect("a code");
        assert_eq!(lex.events.derive(code("042"), Derivation::Intent), Some(code("036")));
        assert_eq!(lex.events.derive(code("063"), Derivation::Intent), Some(code("0313")), "the longest prefix wins");
        assert_eq!(lex.events.derive(code("061"), Derivation::Intent), Some(code("031")));
        assert_eq!(lex.events.derive(code("042"), Derivation::Refusal), Some(code("120")));
        assert_eq!(lex.events.derive(code("120"), Derivation::Intent), None);
        // An unknown target code and an unknown kind are errors on their lines.
        let lines: Vec<u32> = issues.iter().filter(|i| i.file == "cameo/derived.tsv" && i.error).map(|i| i.line).collect();
        assert_eq!(lines, vec![6, 7], "{issues:?}");
    }
}
