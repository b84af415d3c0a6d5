//! The CAMEO event table: every event code with its name, Goldstein score, QuadClass and PLOVER type.

use rustc_hash::FxHashMap;

/// What dyad knows about one CAMEO event code.
#[derive(Debug, Clone, PartialEq)]
pub struct EventInfo {
    pub code: String,
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
    codes: FxHashMap<String, EventInfo>,
}

impl EventTable {
    pub(crate) fn parse(text: &str) -> EventTable {
        let mut codes = FxHashMap::default();
        for line in text.lines() {
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            let c: Vec<&str> = line.split('\t').collect();
            if c.len() < 6 {
                continue;
            }
            codes.insert(
                c[0].to_string(),
                EventInfo {
                    code: c[0].to_string(),
                    goldstein: c[1].parse().unwrap_or(0.0),
                    quad: c[2].parse().unwrap_or(0),
                    plover: c[3].to_string(),
                    mode: c[4].to_string(),
                    name: c[5].to_string(),
                },
            );
        }
        EventTable { codes }
    }

    pub fn get(&self, code: &str) -> Option<&EventInfo> {
        self.codes.get(code)
    }

    pub fn contains(&self, code: &str) -> bool {
        self.codes.contains_key(code)
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
