//! The CAMEO event table: every event code with its name, Goldstein score, QuadClass and PLOVER type.

use dyad_model::CameoCode;
use rustc_hash::FxHashMap;

/// What dyad knows about one CAMEO event code.
#[derive(Debug, Clone, PartialEq)]
pub struct EventInfo {
    pub code: CameoCode,
    pub name: String,
    pub goldstein: f32,
    pub quad: u8,
    /// PLOVER 2.0 event type; empty for statements (root 01), which PLOVER does not code.
    pub plover: String,
    pub mode: String,
}

/// The CAMEO event codes, parsed from `data/cameo/events.tsv`.
#[derive(Debug, Clone, Default)]
pub struct EventTable {
    codes: FxHashMap<CameoCode, EventInfo>,
    /// `data/cameo/derived.tsv`: (kind, code prefix) → derived code. A prefix of two or more digits
    /// is itself a code ("06" for "0612").
    derived: FxHashMap<(Derivation, CameoCode), CameoCode>,
}

/// How one event code derives from another (`data/cameo/derived.tsv`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Derivation {
    /// The event is intended, promised or threatened, not done: "vowed to send troops" (root 03/13).
    Intent,
    /// The event is refused: "refused to meet" (root 12).
    Refusal,
}

impl EventTable {
    pub(crate) fn parse(text: &str) -> EventTable {
        let mut codes = FxHashMap::default();
        for line in text.lines() {
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            let c: Vec<&str> = line.split('\t').collect();
            // The table is built in; a malformed row is caught by the lexicon's tests.
            let Some(code) = c.get(..6).and_then(|c| CameoCode::new(c[0]).ok()) else {
                continue;
            };
            codes.insert(
                code,
                EventInfo {
                    code,
                    goldstein: c[1].parse().unwrap_or(0.0),
                    quad: c[2].parse().unwrap_or(0),
                    plover: c[3].to_string(),
                    mode: c[4].to_string(),
                    name: c[5].to_string(),
                },
            );
        }
        EventTable { codes, derived: FxHashMap::default() }
    }

    /// Reads `derived.tsv`; returns the lines that are not rows of known codes, with the reason.
    pub(crate) fn parse_derived(&mut self, text: &str) -> Vec<(u32, String)> {
        let mut bad = Vec::new();
        for (n, line) in text.lines().enumerate() {
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            let c: Vec<&str> = line.split('\t').map(str::trim).collect();
            let kind = match c.first() {
                Some(&"intent") => Derivation::Intent,
                Some(&"refusal") => Derivation::Refusal,
                k => {
                    bad.push((n as u32 + 1, format!("unknown kind {k:?}: intent or refusal expected")));
                    continue;
                }
            };
            let to = c.get(2).and_then(|t| CameoCode::new(t).ok()).filter(|&t| self.contains(t));
            match (c.get(1).and_then(|p| CameoCode::new(p).ok()), to) {
                (Some(p), Some(to)) => {
                    self.derived.insert((kind, p), to);
                }
                _ => bad.push((n as u32 + 1, format!("expected: kind, a code prefix, a known CAMEO code; got {line:?}"))),
            }
        }
        bad
    }

    /// The code `code` becomes under `how`, by the longest prefix of it in `derived.tsv`.
    pub fn derive(&self, code: CameoCode, how: Derivation) -> Option<CameoCode> {
        let s = code.as_str();
        (2..=s.len()).rev().find_map(|n| CameoCode::new(&s[..n]).ok().and_then(|p| self.derived.get(&(how, p))).copied())
    }

    pub fn get(&self, code: CameoCode) -> Option<&EventInfo> {
        self.codes.get(&code)
    }

    pub fn contains(&self, code: CameoCode) -> bool {
        self.codes.contains_key(&code)
    }

    pub fn len(&self) -> usize {
        self.codes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.codes.is_empty()
    }

    /// All codes, sorted.
    pub fn codes(&self) -> Vec<&str> {
        let mut v: Vec<&str> = self.codes.keys().map(|s| s.as_str()).collect();
        v.sort();
        v
    }
}

/// CAMEO sector (type) codes dyad accepts after a country or group code.
pub const SECTORS: &[&str] = &[
    "GOV", "MIL", "COP", "JUD", "LEG", "OPP", "REB", "SEP", "SPY", "INS", "UAF", "AGR", "BUS", "CRM", "CVL", "DEV",
    "EDU", "ELI", "ENV", "HLH", "HRI", "LAB", "MED", "REF", "MOD", "RAD", "IGO", "IMG", "INT", "MNC", "NGM", "NGO",
    "PKO", "UIS", "SET", "REL", "UNO", "AMN", "IRC", "GRP",
];

pub fn is_sector(s: &str) -> bool {
    SECTORS.contains(&s)
}
