//! `dyad lexicon import`: converts PETRARCH dictionaries into dyad's own formats.
//!
//! - [`import`] (the default): lossless, into a PETRARCH-assembly lexicon ([`crate::dyadfmt`]):
//!   `lexicon.toml` with `assembly = "petrarch"` and tab-separated actors, agents, discards, synonym
//!   sets, verbs and patterns. Coding with it (`dyad code --lexicon OUT --lexicon-only`) runs the
//!   PETRARCH-mode coder over the dictionaries read back, which equal the imported ones.
//! - [`native`] (`--native`): lossy, into dyad's native lexicon format (`data/lexicon/README.md`)
//!   where the semantics map, for use with dyad's own coder; it reports what does not map:
//!   - actors → `people/petrarch.tsv` rows (`names code from to role source`): one row per dated
//!     code, a row without dates for the default. Not mapped: multi-actor codes (`A/B`), codes that
//!     are not letters (`###`, `---`, `+++`); PETRARCH's "words may intervene" spaces become adjacent
//!     words.
//!   - agents → `agents.tsv` (`phrases sectors note`), suffix agents only (`[~GOV]`); prefix agents
//!     (`[NGO~]`) put their code before the actor's, which dyad's agents cannot express.
//!   - verbs → `irregular.tsv` (the `{}` forms) and `verbs/petrarch.tsv` (`cameo pattern note`): the
//!     verb's own code, and patterns whose elements all follow the verb and are words or synonym
//!     sets (expanded). Not mapped: words before the verb, `$ + % ^` slots, the reverse half of
//!     paired codes.

use crate::dict::{AgentPlace, Dicts, Elem, Word};
use std::fmt::Write;

/// The lossless conversion: the files of a PETRARCH-assembly lexicon and notes (nothing is lost;
/// notes say what was renamed). `origin` names the source folder in the files' headers.
pub fn import(d: &Dicts, origin: &str) -> crate::dyadfmt::Written {
    crate::dyadfmt::write(d, origin)
}

/// The converted files (paths relative to a lexicon folder) and the report.
#[derive(Debug, Default)]
pub struct Imported {
    pub files: Vec<(String, String)>,
    /// What did not map, one line each.
    pub unmapped: Vec<String>,
    pub actors: usize,
    pub actor_rows: usize,
    pub agents: usize,
    pub verb_rows: usize,
    pub irregular: usize,
}

fn phrase(words: &[Word]) -> String {
    words.iter().map(|w| w.key.as_str()).collect::<Vec<_>>().join(" ")
}

fn clean(s: &str) -> String {
    s.replace(['\t', '\n', '|'], " ")
}

/// Converts loaded dictionaries into dyad's native lexicon format, where the semantics map.
pub fn native(d: &Dicts) -> Imported {
    let mut im = Imported::default();
    // Actors.
    let mut people = String::from(
        "# dyad people lexicon imported from PETRARCH actor dictionaries (dyad lexicon import)\n# Columns: names\tcode\tfrom\tto\trole\tsource\n",
    );
    for a in &d.actors {
        let names: Vec<String> = a.phrases.iter().map(|p| clean(&phrase(p))).collect();
        let names = names.join("|");
        let mut wrote = false;
        for c in &a.codes {
            if c.code.contains('/') || !c.code.chars().all(|ch| ch.is_ascii_alphanumeric()) {
                im.unmapped.push(format!("actor line {}: code {} for {:?} (not a single CAMEO actor code)", a.line, c.code, names));
                continue;
            }
            let from = c.from.map(|f| f.to_string()).unwrap_or_default();
            let to = c.to.map(|t| t.to_string()).unwrap_or_default();
            let _ = writeln!(people, "{names}\t{}\t{from}\t{to}\t\tPETRARCH actor dictionary line {}", c.code, a.line);
            im.actor_rows += 1;
            wrote = true;
        }
        if wrote {
            im.actors += 1;
        }
    }
    im.files.push(("people/petrarch.tsv".into(), people));
    // Agents.
    let mut agents = String::from("# dyad agents imported from a PETRARCH agent dictionary (dyad lexicon import)\n# Columns: phrases\tsectors\tnote\n");
    for a in &d.agents {
        let forms: Vec<String> = a.phrases.iter().map(|p| clean(&phrase(p))).collect();
        if a.place == AgentPlace::Prefix {
            im.unmapped.push(format!("agent line {}: [{}~] for {:?} goes before the actor code", a.line, a.code, forms[0]));
            continue;
        }
        if a.code.len() % 3 != 0 {
            im.unmapped.push(format!("agent line {}: code {} is not made of 3-letter sectors", a.line, a.code));
            continue;
        }
        let sectors: Vec<&str> = (0..a.code.len()).step_by(3).map(|i| &a.code[i..i + 3]).collect();
        let _ = writeln!(agents, "{}\t{}\tPETRARCH agent line {}", forms.join("|"), sectors.join(" "), a.line);
        im.agents += 1;
    }
    im.files.push(("agents.tsv".into(), agents));
    // Verbs.
    let mut irregular = String::from("# irregular forms imported from a PETRARCH verb dictionary (dyad lexicon import)\n# Columns: lemma\tforms\n");
    let mut verbs = String::from("# verbs imported from a PETRARCH verb dictionary (dyad lexicon import)\n# Columns: cameo\tpattern\tnote\n");
    for v in &d.verbs.verbs {
        let block = &d.verbs.blocks[v.block];
        let lemma = v.forms[0].join(" ");
        let single = v.forms[0].len() == 1;
        if single && v.forms.len() > 4 {
            let extra: Vec<String> = v.forms[4..].iter().filter(|f| f.len() == 1).map(|f| f[0].clone()).collect();
            if !extra.is_empty() {
                let _ = writeln!(irregular, "{lemma}\t{}", extra.join("|"));
                im.irregular += 1;
            }
        }
        if !single && v.forms.iter().any(|f| f[0] != v.forms[0][0]) {
            im.unmapped.push(format!("verb line {}: {lemma:?}: the inflected word is not the first", v.line));
            continue;
        }
        let own = v.code.as_ref().unwrap_or(&block.code);
        if let Some(c) = &own.fwd {
            let _ = writeln!(verbs, "{c}\t{lemma}\tPETRARCH verb line {}", v.line);
            im.verb_rows += 1;
        }
        for p in &block.patterns {
            if !p.before.is_empty() {
                im.unmapped.push(format!("pattern line {}: words or slots before the verb", p.line));
                continue;
            }
            if p.after.iter().any(|e| !matches!(e.elem, Elem::Word(_) | Elem::Syn(_))) {
                im.unmapped.push(format!("pattern line {}: $ + % ^ slots", p.line));
                continue;
            }
            let Some(code) = &p.code.fwd else {
                if p.code.rev.is_some() {
                    im.unmapped.push(format!("pattern line {}: only a reverse-direction code", p.line));
                }
                continue;
            };
            if p.code.rev.is_some() {
                im.unmapped.push(format!("pattern line {}: reverse half of paired code {}:{} dropped", p.line, code, p.code.rev.as_deref().unwrap_or("")));
            }
            // Expand synonym sets (at most 64 variants).
            let mut variants: Vec<String> = vec![lemma.clone()];
            let mut joined_prev = p.verb_joined;
            let mut too_many = false;
            for e in &p.after {
                let sep = if joined_prev { " " } else { " * " };
                let options: Vec<String> = match &e.elem {
                    Elem::Word(w) => vec![w.clone()],
                    Elem::Syn(s) => d.verbs.synsets.get(s).map(|m| m.iter().map(|x| x.join(" ")).collect()).unwrap_or_default(),
                    _ => unreachable!(),
                };
                if options.is_empty() {
                    too_many = true;
                    break;
                }
                let mut nv = Vec::new();
                for v in &variants {
                    for o in &options {
                        nv.push(format!("{v}{sep}{o}"));
                    }
                }
                if nv.len() > 64 {
                    too_many = true;
                    break;
                }
                variants = nv;
                joined_prev = e.joined;
            }
            if too_many {
                im.unmapped.push(format!("pattern line {}: synonym sets expand to too many (or no) phrases", p.line));
                continue;
            }
            for pat in variants {
                let _ = writeln!(verbs, "{code}\t{}\tPETRARCH pattern line {}", clean(&pat), p.line);
                im.verb_rows += 1;
            }
        }
    }
    im.unmapped.sort();
    im.unmapped.dedup();
    im.files.push(("irregular.tsv".into(), irregular));
    im.files.push(("verbs/petrarch.tsv".into(), verbs));
    im
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dict::Kind;

    #[test]
    fn maps_what_maps_and_reports_the_rest() {
        let mut d = Dicts::default();
        d.add(Kind::Actors, "GOLLUM\n+SMEAGOL\n\t[HOB < 950601]\n\t[HOBGOV 19950601 - 19990815]\n\t[HOBREB]\nTHE_SHIRE [FRO/BIL]\n", "a");
        d.add(Kind::Agents, "SOLDIER [~MILARM]\nMSF {} [NGO~]\n", "g");
        d.add(Kind::Verbs, "&MONEY\n+DOLLARS\n+EUROS\n--- BREAK [1717] ---\nBREAK {BROKE BROKEN}\n- * OFF_ TIES [195]\n- * &MONEY [071:072]\n- + * IN $ [075]\n", "v");
        let im = native(&d);
        let file = |n: &str| im.files.iter().find(|(p, _)| p == n).map(|(_, t)| t.clone()).unwrap();
        let people = file("people/petrarch.tsv");
        assert!(people.contains("gollum|smeagol\tHOB\t\t1995-05-31\t"), "{people}");
        assert!(people.contains("gollum|smeagol\tHOBGOV\t1995-06-01\t1999-08-15\t"));
        assert!(people.contains("gollum|smeagol\tHOBREB\t\t\t"));
        assert!(!people.contains("FRO"));
        assert!(file("agents.tsv").contains("soldier|soldiers\tMIL ARM\t"));
        assert!(!file("agents.tsv").contains("msf"));
        assert!(file("irregular.tsv").contains("break\tbroke|broken"));
        let verbs = file("verbs/petrarch.tsv");
        assert!(verbs.contains("1717\tbreak\t"));
        assert!(verbs.contains("195\tbreak * off * ties\t"));
        assert!(verbs.contains("071\tbreak * dollars\t") && verbs.contains("071\tbreak * euros\t"));
        assert!(!verbs.contains("075"));
        let report = im.unmapped.join("\n");
        assert!(report.contains("FRO/BIL") && report.contains("[NGO~]") && report.contains("slots") && report.contains("071:072"), "{report}");
    }
}
