//! The lemmatizer: a table of the treebank's (form, class) → lemma pairs and dyad's irregular verb
//! forms, then suffix rules learned from the same pairs for words it has not seen ("-ies" → "-y" for
//! plural nouns, "-ed" → "" for past verbs), chosen by the longest suffix seen with the word's class,
//! unless a shorter suffix or a spelling variant gives a lemma seen in training ("provoked" →
//! "provoke"). Rules are counted over distinct words, so that one frequent abbreviation makes no
//! rule. Numbers lose their thousands separators, and a proper noun written in lower case takes
//! its capitalised form's lemma, as the treebank writes them.

use std::collections::{HashMap, HashSet};

/// Longest suffix a rule looks at, in characters.
const MAX_SUFFIX: usize = 5;

/// A rule: remove `strip` characters from the end, then append `append`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Rule {
    pub strip: u8,
    pub append: String,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Lemmatizer {
    /// (form as written, class) → lemma.
    pub exact: HashMap<(String, u16), String>,
    /// (lower-cased form, class) → lower-cased lemma.
    pub lower: HashMap<(String, u16), String>,
    /// (class, lower-cased suffix) → rule.
    pub rules: HashMap<(u16, String), Rule>,
    /// Lower-cased lemmas seen in training, of any class: of the lemmas the suffix rules offer for an
    /// unseen word, a known one is preferred ("provoked" → "provoke", not "provok").
    pub known: HashSet<String>,
}

fn rule_for(form: &str, lemma: &str) -> Rule {
    let f: Vec<char> = form.chars().collect();
    let l: Vec<char> = lemma.chars().collect();
    let p = f.iter().zip(&l).take_while(|(a, b)| a == b).count();
    Rule { strip: (f.len() - p).min(255) as u8, append: l[p..].iter().collect() }
}

fn apply(form: &str, strip: u8, append: &str) -> Option<String> {
    let n = form.chars().count();
    if strip as usize > n {
        return None;
    }
    let keep: String = form.chars().take(n - strip as usize).collect();
    Some(keep + append)
}

fn suffix(form: &str, k: usize) -> Option<&str> {
    let n = form.chars().count();
    if k > n {
        return None;
    }
    let start = form.char_indices().nth(n - k).map_or(form.len(), |(i, _)| i);
    Some(&form[start..])
}

impl Lemmatizer {
    /// Learns from (form, class, lemma) triples.
    pub fn learn<'a>(pairs: impl Iterator<Item = (&'a str, u16, &'a str)>) -> Lemmatizer {
        let mut exact: HashMap<(String, u16), HashMap<String, usize>> = HashMap::new();
        let mut lower: HashMap<(String, u16), HashMap<String, usize>> = HashMap::new();
        let mut known = HashSet::new();
        for (form, class, lemma) in pairs {
            if lemma == "_" || form.is_empty() {
                continue;
            }
            *exact.entry((form.to_string(), class)).or_default().entry(lemma.to_string()).or_default() += 1;
            let (lf, ll) = (form.to_lowercase(), lemma.to_lowercase());
            known.insert(ll.clone());
            *lower.entry((lf, class)).or_default().entry(ll).or_default() += 1;
        }
        // Rules are learned from distinct words (types), not occurrences: a frequent abbreviation
        // ("Nov" → "November") must not become a rule for every word ending in "ov".
        let mut rules: HashMap<(u16, String), HashMap<Rule, usize>> = HashMap::new();
        for ((lf, class), lemmas) in &lower {
            let Some(ll) = lemmas.iter().max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0))).map(|x| x.0) else { continue };
            let r = rule_for(lf, ll);
            // Only proper suffixes: a rule says how a longer word with this ending is inflected.
            for k in (r.strip as usize).max(1)..=MAX_SUFFIX.min(lf.chars().count().saturating_sub(1)) {
                if let Some(suf) = suffix(lf, k) {
                    *rules.entry((*class, suf.to_string())).or_default().entry(r.clone()).or_default() += 1;
                }
            }
        }
        let best = |m: HashMap<String, usize>| m.into_iter().max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0))).map(|x| x.0);
        Lemmatizer {
            known,
            exact: exact.into_iter().filter_map(|(k, v)| best(v).map(|l| (k, l))).collect(),
            lower: lower.into_iter().filter_map(|(k, v)| best(v).map(|l| (k, l))).collect(),
            rules: rules
                .into_iter()
                .filter_map(|(k, v)| {
                    let total: usize = v.values().sum();
                    let (r, n) = v.into_iter().max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0)))?;
                    // A rule must be seen twice and hold for most words with that suffix.
                    (n >= 2 && n * 2 > total).then_some((k, r))
                })
                .collect(),
        }
    }

    /// Adds irregular forms (form, lemma) for the given classes, where the treebank has none.
    pub fn add_forms(&mut self, forms: &[(String, String)], classes: &[u16]) {
        for (f, l) in forms {
            for &c in classes {
                self.lower.entry((f.to_lowercase(), c)).or_insert_with(|| l.to_lowercase());
            }
            self.known.insert(l.to_lowercase());
        }
    }

    /// The lemma of `form` tagged `class` (see [`lemmatize`]).
    pub fn lemma(&self, form: &str, class: u16, case: Case) -> String {
        lemmatize(self, form, class, case)
    }
}

impl LemmaTables for Lemmatizer {
    fn exact(&self, form: &str, class: u16) -> Option<&str> {
        self.exact.get(&(form.to_string(), class)).map(String::as_str)
    }
    fn lower(&self, lower: &str, class: u16) -> Option<&str> {
        self.lower.get(&(lower.to_string(), class)).map(String::as_str)
    }
    fn rule(&self, class: u16, suffix: &str) -> Option<(u8, &str)> {
        self.rules.get(&(class, suffix.to_string())).map(|r| (r.strip, r.append.as_str()))
    }
    fn known(&self, lemma: &str) -> bool {
        self.known.contains(lemma)
    }
}

/// The tables a lemmatizer reads: training builds hash maps ([`Lemmatizer`]); the model reads its own
/// tables in place.
pub trait LemmaTables {
    /// The lemma of a form as written, with its class.
    fn exact(&self, form: &str, class: u16) -> Option<&str>;
    /// The lower-cased lemma of a lower-cased form.
    fn lower(&self, lower: &str, class: u16) -> Option<&str>;
    /// The rule for a lower-cased suffix: characters to strip, text to append.
    fn rule(&self, class: u16, suffix: &str) -> Option<(u8, &str)>;
    /// Whether a lower-cased lemma was seen in training.
    fn known(&self, lemma: &str) -> bool;
}

/// How a lemma's case follows its form's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Case {
    /// Proper nouns keep the form's case ("Iraqis" → "Iraqi").
    Keep,
    /// A capitalised adjective inside a sentence is a proper adjective: it keeps its case
    /// ("American"); at the start of a sentence it is lower-cased.
    ProperAdjective { first: bool },
    /// Everything else is lower-cased, as the treebank writes lemmas ("Applause" → "applause").
    Lower,
}

/// The lemma of `form` tagged `class`: the form as seen in training, else its lower-cased form as
/// seen, else the rule of its longest known suffix, else the form itself; then cased by `case`.
pub fn lemmatize(t: &(impl LemmaTables + ?Sized), form: &str, class: u16, case: Case) -> String {
    if let Some(l) = t.exact(form, class) {
        return l.to_string();
    }
    if let Some(n) = plain_number(form) {
        return n;
    }
    // A proper noun written in lower case ("mexico") takes the lemma of its capitalised form, when
    // training saw that form with this class.
    if case == Case::Keep && form.chars().all(char::is_lowercase) {
        let mut cs = form.chars();
        if let Some(c0) = cs.next() {
            let cap: String = c0.to_uppercase().chain(cs).collect();
            if let Some(l) = t.exact(&cap, class) {
                return l.to_string();
            }
        }
    }
    let lf = form.to_lowercase();
    let l = t
        .lower(&lf, class)
        .map(str::to_string)
        .or_else(|| by_rule(t, &lf, class))
        .unwrap_or_else(|| lf.clone());
    let keep = match case {
        Case::Keep => true,
        Case::ProperAdjective { first } => !first && form.chars().next().is_some_and(char::is_uppercase) && form.chars().skip(1).any(char::is_lowercase),
        // Codes, dates and model numbers ("01-Feb-02", "F-16s") are not inflected words: their
        // letters keep their case.
        Case::Lower => form.chars().any(|c| c.is_ascii_digit()),
    };
    if !keep || lf == form {
        return l;
    }
    // Restore the form's case on the part the lemma shares with it.
    let fchars: Vec<char> = form.chars().collect();
    l.chars()
        .enumerate()
        .map(|(i, c)| match fchars.get(i) {
            Some(&fc) if fc.to_lowercase().eq(std::iter::once(c)) => fc,
            _ => c,
        })
        .collect()
}

/// A number written with thousands separators, without them ("12,000" → "12000"), as the treebank
/// writes its lemmas; `None` for anything else.
fn plain_number(form: &str) -> Option<String> {
    let (int, frac) = form.split_once('.').unwrap_or((form, ""));
    let groups: Vec<&str> = int.split(',').collect();
    let digits = |g: &str| g.bytes().all(|b| b.is_ascii_digit());
    let ok = groups.len() >= 2
        && (1..=3).contains(&groups[0].len())
        && groups.iter().all(|g| digits(g))
        && groups[1..].iter().all(|g| g.len() == 3)
        && digits(frac)
        && form.contains('.') != frac.is_empty();
    ok.then(|| form.replace(',', ""))
}

/// The lemma the suffix rules give an unseen lower-cased form: the rule of its longest known suffix,
/// unless that gives an unknown word and a shorter suffix's rule, or a spelling variant (a final
/// "e" restored, a doubled consonant undoubled: "provok" → "provoke", "bomb" from "bombb"), gives a
/// known one. Forms that are known lemmas themselves stay as they are.
fn by_rule(t: &(impl LemmaTables + ?Sized), lf: &str, class: u16) -> Option<String> {
    let mut first: Option<String> = None;
    for k in (1..=MAX_SUFFIX).rev() {
        let Some(suf) = suffix(lf, k) else { continue };
        let Some((strip, append)) = t.rule(class, suf) else { continue };
        let Some(c) = apply(lf, strip, append) else { continue };
        if t.known(&c) {
            return Some(c);
        }
        first.get_or_insert(c);
    }
    let c = first?;
    if c != lf {
        let mut chars: Vec<char> = c.chars().collect();
        let variant = |v: &str| t.known(v).then(|| v.to_string());
        if let Some(v) = variant(&format!("{c}e")) {
            return Some(v);
        }
        let n = chars.len();
        if n >= 3 && chars[n - 1] == chars[n - 2] && !"aeiou".contains(chars[n - 1]) {
            chars.pop();
            if let Some(v) = variant(&chars.iter().collect::<String>()) {
                return Some(v);
            }
        }
    }
    Some(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules_come_from_distinct_words_and_prefer_known_lemmas() {
        let data = [
            ("Nov", 3, "November"), ("Nov", 3, "November"), ("Nov", 3, "November"), ("Mexico", 3, "Mexico"),
            ("attacked", 2, "attack"), ("shelled", 2, "shell"), ("condemned", 2, "condemn"),
            ("provoke", 5, "provoke"), ("hop", 5, "hop"),
        ];
        let l = Lemmatizer::learn(data.iter().map(|&(f, c, l)| (f, c, l)));
        assert_eq!(l.lemma("Pimenov", 3, Case::Keep), "Pimenov");
        assert_eq!(l.lemma("provoked", 2, Case::Lower), "provoke");
        assert_eq!(l.lemma("hopped", 2, Case::Lower), "hop");
        assert_eq!(l.lemma("mentioned", 2, Case::Lower), "mention");
        assert_eq!(l.lemma("mexico", 3, Case::Keep), "Mexico");
        assert_eq!(l.lemma("mexico", 1, Case::Lower), "mexico");
    }

    #[test]
    fn learns_suffix_rules_and_keeps_case() {
        let data = [
            ("cities", 1, "city"), ("parties", 1, "party"), ("armies", 1, "army"),
            ("talks", 1, "talk"), ("troops", 1, "troop"),
            ("attacked", 2, "attack"), ("shelled", 2, "shell"), ("condemned", 2, "condemn"),
            ("Iraqis", 3, "Iraqi"), ("Arabs", 3, "Arab"),
        ];
        let l = Lemmatizer::learn(data.iter().map(|&(f, c, l)| (f, c, l)));
        assert_eq!(l.lemma("militias", 1, Case::Lower), "militia");
        assert_eq!(l.lemma("bodies", 1, Case::Lower), "body");
        assert_eq!(l.lemma("Killed", 2, Case::Lower), "kill");
        assert_eq!(l.lemma("Serbs", 3, Case::Keep), "Serb");
        assert_eq!(l.lemma("Talks", 1, Case::Lower), "talk");
        assert_eq!(l.lemma("Bosnians", 1, Case::ProperAdjective { first: false }), "Bosnian");
        assert_eq!(l.lemma("Bosnians", 1, Case::ProperAdjective { first: true }), "bosnian");
        assert_eq!(l.lemma("12,000", 4, Case::Lower), "12000");
        assert_eq!(l.lemma("mexico", 3, Case::Keep), "mexico");
        assert_eq!(l.lemma("1,234,567.5", 4, Case::Lower), "1234567.5");
        assert_eq!(l.lemma("3,4", 4, Case::Lower), "3,4");
        assert_eq!(l.lemma("12,000.", 4, Case::Lower), "12,000.");
    }
}
