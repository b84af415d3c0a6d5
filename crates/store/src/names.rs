//! Names of CAMEO actor codes, from CAMEO's own code tables (`data/cameo/actors.tsv`: countries and
//! regions, role and sector types, known groups, religions; `data/cameo/ethnic.tsv`: ethnic groups),
//! embedded at build time. A code is read three letters at a time: `PSEREBHMS` is Hamas, rebels,
//! in the Palestinian territories; `IGOWSTGOS` the G-7, an intergovernmental organisation of the
//! West. The GDELT export splits codes with the same tables ([`crate::export::split_actor`]).

use std::collections::HashMap;
use std::sync::OnceLock;

const ACTORS: &str = include_str!("../../../data/cameo/actors.tsv");
const ETHNIC: &str = include_str!("../../../data/cameo/ethnic.tsv");

/// The kind of a part of an actor code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    /// A country or region (`RUS`, `WST`, `AFR`).
    Country,
    /// A role or sector (`GOV`, `MIL`, `REB`, `IGO`).
    Type,
    /// A known group or organisation (`HMS`, `EEC`, `NAT`).
    Group,
    /// A religion (`CHR`, `SUN`).
    Religion,
    /// An ethnic group (lower case: `alb`, `kur`).
    Ethnic,
}

fn table() -> &'static HashMap<(Kind, &'static str), &'static str> {
    static T: OnceLock<HashMap<(Kind, &'static str), &'static str>> = OnceLock::new();
    T.get_or_init(|| {
        let mut m = HashMap::new();
        for line in ACTORS.lines().filter(|l| !l.starts_with('#')) {
            let mut f = line.split('\t');
            let (Some(kind), Some(code), Some(label)) = (f.next(), f.next(), f.next()) else { continue };
            let kind = match kind {
                "country" => Kind::Country,
                "type" => Kind::Type,
                "group" => Kind::Group,
                "religion" => Kind::Religion,
                _ => continue,
            };
            m.entry((kind, code)).or_insert(label);
        }
        for line in ETHNIC.lines().filter(|l| !l.starts_with('#')) {
            if let Some((code, label)) = line.split_once('\t') {
                m.entry((Kind::Ethnic, code)).or_insert(label);
            }
        }
        m
    })
}

/// CAMEO's label of a code part of a kind ("GOV" as a type: "Government").
pub fn part(kind: Kind, code: &str) -> Option<&'static str> {
    table().get(&(kind, code)).copied()
}

/// A country or region name: the gazetteer's country name for an ISO code, else CAMEO's.
fn country(code: &str) -> Option<String> {
    match dyad_geo::Gazetteer::builtin().country(code) {
        Some(c) => Some(c.name.to_string()),
        None => part(Kind::Country, code).map(str::to_string),
    }
}

/// A readable name of a CAMEO actor code: a plain country code is the country's name ("Russia");
/// a composite code names its parts, the group or else the country first ("Hamas · Palestine ·
/// Rebels", "Russia · Government", "European Union · Inter-Governmental Organization"). A part no
/// table knows is shown as it is. `None` only for an empty code.
pub fn actor_name(code: &str) -> Option<String> {
    if code.is_empty() {
        return None;
    }
    let mut head_country: Option<String> = None;
    let mut group: Option<&str> = None;
    let mut rest: Vec<String> = Vec::new();
    let mut i = 0;
    while i < code.len() {
        let Some(p) = code.get(i..(i + 3).min(code.len())) else {
            rest.push(code[i..].to_string());
            break;
        };
        i += 3;
        if p.len() < 3 {
            rest.push(p.to_string());
            continue;
        }
        if i == 3 {
            if let Some(c) = country(p) {
                head_country = Some(c);
                continue;
            }
        }
        if p.bytes().all(|b| b.is_ascii_lowercase()) {
            rest.push(part(Kind::Ethnic, p).map_or_else(|| p.to_string(), |l| format!("ethnic {l}")));
        } else if let Some(l) = part(Kind::Type, p) {
            rest.push(l.to_string());
        } else if let Some(l) = part(Kind::Group, p) {
            match group {
                None => group = Some(l),
                Some(_) => rest.push(l.to_string()),
            }
        } else if let Some(l) = part(Kind::Religion, p) {
            rest.push(l.to_string());
        } else if let Some(c) = country(p) {
            rest.push(c);
        } else {
            rest.push(p.to_string());
        }
    }
    let mut parts: Vec<String> = Vec::new();
    parts.extend(group.map(str::to_string));
    parts.extend(head_country);
    parts.extend(rest);
    Some(parts.join(" · "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_of_the_issue_have_names() {
        assert_eq!(actor_name("IGOEEC").as_deref(), Some("European Union · Inter-Governmental Organization"));
        assert_eq!(actor_name("IGOWSTGOS").as_deref(), Some("Group of Seven (G-7) · Inter-Governmental Organization · The West"));
        let hamas = actor_name("PSEREBHMS").unwrap();
        assert!(hamas.starts_with("Hamas · ") && hamas.ends_with(" · Rebels"), "{hamas}");
        assert_eq!(actor_name("RUS").as_deref(), Some("Russia"));
        assert_eq!(actor_name("RUSGOV").as_deref(), Some("Russia · Government"));
        assert_eq!(actor_name("SRBalbREB").as_deref(), Some("Serbia · ethnic Albanian · Rebels"));
        assert_eq!(actor_name("XYZQQQ").as_deref(), Some("XYZ · QQQ"));
        assert_eq!(actor_name("AB").as_deref(), Some("AB"));
        assert_eq!(actor_name(""), None);
    }

    #[test]
    fn every_table_loaded() {
        assert_eq!(part(Kind::Type, "GOV"), Some("Government"));
        assert_eq!(part(Kind::Group, "NAT"), Some("North Atlantic Treaty Organization (NATO)"));
        assert_eq!(part(Kind::Religion, "SUN"), Some("Sunni"));
        assert_eq!(part(Kind::Country, "WST"), Some("The West"));
        assert!(part(Kind::Ethnic, "kur").is_some());
    }
}
