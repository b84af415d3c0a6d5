//! From the text stage's tokens to the parser's words.
//!
//! The text stage tokenises for lexicon matching: it drops hyphens inside words ("al-Qaeda" → "al"
//! "Qaeda") and keeps "I'm" and "cannot" whole. The parser was trained on UD English-EWT, which
//! keeps some hyphenated words whole ("e-mail", "anti-American"), splits the others around a `-`
//! word, splits contractions ("I" "'m", "can" "not") and keeps URLs, e-mail addresses, times and
//! dates ("3:30", "9/11") whole. This module maps one onto the other without re-tokenising: every
//! word is a span of the text made of whole tokens, a part of one token, or a dropped hyphen.
//!
//! What to keep whole and what to split is learned from the treebank ([`Tokenization::learn`]) and
//! stored in the model, not written here as word lists.

use crate::conllu;
use dyad_model::{Span, Token, TokenKind};
use std::collections::{BTreeMap, BTreeSet};

/// The tokenisation conventions learned from a treebank.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tokenization {
    /// Lower-cased first parts of hyphenated words the treebank keeps whole ("e", "non", "anti");
    /// `#` stands for any number.
    pub keep_hyphen: BTreeSet<String>,
    /// Lower-cased single tokens the treebank splits, with the byte lengths of the parts
    /// ("cannot" → [3, 3], "i'm" → [1, 2]).
    pub splits: BTreeMap<String, Vec<u8>>,
    /// Clitics split off after an apostrophe in words not seen in the treebank ("'ll", "'m", "'re").
    pub clitics: BTreeSet<String>,
}

/// A parser word before tagging: its span and the first text-stage token it overlaps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RawWord {
    pub span: Span,
    pub token: u32,
}

/// What decides whether a hyphenated pair stays whole: the lower-cased first part, or for a number
/// `#` followed by `#` (another number: "713-853") or `w` (a word: "15-year").
fn hyphen_key(left: &str, right: &str) -> String {
    let num = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit());
    if num(left) {
        if num(right) { "#-#" } else { "#-w" }.to_string()
    } else {
        left.to_lowercase()
    }
}

impl Tokenization {
    /// Learns the conventions from treebank sentences, using `tokenize` (the text stage's tokeniser)
    /// to see which of the treebank's words it would have kept together.
    pub fn learn(sents: &[conllu::Sentence], tokenize: impl Fn(&str) -> Vec<String>) -> Tokenization {
        let mut whole: BTreeMap<String, usize> = BTreeMap::new();
        let mut split: BTreeMap<String, usize> = BTreeMap::new();
        let mut splits: BTreeMap<String, BTreeMap<Vec<u8>, usize>> = BTreeMap::new();
        let mut clitics: BTreeMap<String, usize> = BTreeMap::new();
        // How often each form is one word: a split is learned only where it is the usual analysis
        // (EWT also splits misspellings such as "its" for "it's", which must not split "its").
        let mut single: BTreeMap<String, usize> = BTreeMap::new();
        for s in sents {
            let toks = s.tokens();
            for (k, &(form, space, first, last)) in toks.iter().enumerate() {
                if first == last {
                    // A whole word with an inner hyphen: "e-mail".
                    *single.entry(form.to_lowercase()).or_default() += 1;
                    if let Some((a, b)) = form.split_once('-') {
                        if !a.is_empty() && !b.is_empty() && a.chars().all(char::is_alphanumeric) && b.starts_with(char::is_alphanumeric) {
                            let b = b.split(|c: char| !c.is_alphanumeric()).next().unwrap_or(b);
                            *whole.entry(hyphen_key(a, b)).or_default() += 1;
                        }
                    }
                    // A word, then "-", then a word, with no spaces: "Al - Zaman".
                    if !space && k + 2 < toks.len() && toks[k + 1].0 == "-" && !toks[k + 1].1 {
                        let next = toks[k + 2].0;
                        if form.chars().all(char::is_alphanumeric) && next.starts_with(char::is_alphanumeric) {
                            *split.entry(hyphen_key(form, next)).or_default() += 1;
                        }
                    }
                    continue;
                }
                // A multiword token: record it when the text stage would keep it as one token.
                let words: Vec<&str> = s.words[first..=last].iter().map(|w| w.form.as_str()).collect();
                if words.concat().to_lowercase() != form.to_lowercase() {
                    continue;
                }
                let tk = tokenize(form);
                if tk.len() == 1 {
                    let lens: Vec<u8> = words.iter().map(|w| w.len().min(255) as u8).collect();
                    *splits.entry(form.to_lowercase()).or_default().entry(lens).or_default() += 1;
                    if let Some(last) = words.last() {
                        if last.starts_with('\'') && words.len() == 2 {
                            *clitics.entry(last.to_lowercase()).or_default() += 1;
                        }
                    }
                }
            }
        }
        let keep_hyphen = whole.iter().filter(|(k, &n)| n > split.get(*k).copied().unwrap_or(0)).map(|(k, _)| k.clone()).collect();
        let splits = splits
            .into_iter()
            .filter(|(form, c)| c.values().sum::<usize>() > single.get(form).copied().unwrap_or(0))
            .filter_map(|(form, c)| c.into_iter().max_by_key(|(l, n)| (*n, std::cmp::Reverse(l.clone()))).map(|(l, _)| (form, l)))
            .collect();
        let clitics = clitics.into_iter().filter(|(_, n)| *n >= 3).map(|(c, _)| c).collect();
        Tokenization { keep_hyphen, splits, clitics }
    }

    /// The words of the tokens `range` of `tokens` (one sentence), appended to `out`.
    pub fn words(&self, text: &str, tokens: &[Token], range: std::ops::Range<usize>, out: &mut Vec<RawWord>) {
        let gap = |a: usize| -> &str {
            // The text between token a and a + 1.
            text.get(tokens[a].span.end as usize..tokens[a + 1].span.start as usize).unwrap_or(" ")
        };
        let end = range.end.min(tokens.len());
        let mut i = range.start;
        while i < end {
            // A run of tokens with nothing or a dropped hyphen between them.
            let mut j = i;
            while j + 1 < end && matches!(gap(j), "" | "-") {
                j += 1;
            }
            let run = Span { start: tokens[i].span.start, end: tokens[j].span.end };
            if j > i && looks_like_address(&text[run.range()]) {
                out.push(RawWord { span: run, token: i as u32 });
                i = j + 1;
                continue;
            }
            if let Some(k) = joined(text, tokens, i, j) {
                out.push(RawWord { span: Span { start: tokens[i].span.start, end: tokens[k].span.end }, token: i as u32 });
                i = k + 1;
                continue;
            }
            // Numbers joined by ':' or '/': "3:30", "9/11/2001".
            if tokens[i].kind == TokenKind::Number {
                let mut k = i;
                while k + 2 <= j
                    && matches!(&text[tokens[k + 1].span.range()], ":" | "/")
                    && tokens[k + 2].kind == TokenKind::Number
                    && gap(k).is_empty()
                    && gap(k + 1).is_empty()
                {
                    k += 2;
                }
                if k > i {
                    out.push(RawWord { span: Span { start: tokens[i].span.start, end: tokens[k].span.end }, token: i as u32 });
                    i = k + 1;
                    continue;
                }
            }
            // Hyphenated words: kept whole after a known first part, else split around the hyphen.
            if i + 1 < end && gap(i) == "-" && tokens[i].kind != TokenKind::Punct && tokens[i + 1].kind != TokenKind::Punct {
                let mut part = i;
                let mut k = i;
                while k + 1 < end && gap(k) == "-" && tokens[k + 1].kind != TokenKind::Punct {
                    if !self.keep_hyphen.contains(&hyphen_key(&text[tokens[k].span.range()], &text[tokens[k + 1].span.range()])) {
                        out.push(RawWord { span: Span { start: tokens[part].span.start, end: tokens[k].span.end }, token: part as u32 });
                        let h = tokens[k].span.end;
                        out.push(RawWord { span: Span { start: h, end: h + 1 }, token: k as u32 });
                        part = k + 1;
                    }
                    k += 1;
                }
                out.push(RawWord { span: Span { start: tokens[part].span.start, end: tokens[k].span.end }, token: part as u32 });
                i = k + 1;
                continue;
            }
            self.split_token(text, tokens, i, out);
            i += 1;
        }
    }

    fn split_token(&self, text: &str, tokens: &[Token], i: usize, out: &mut Vec<RawWord>) {
        let sp = tokens[i].span;
        let s = &text[sp.range()];
        let lower = s.to_lowercase();
        // Cut points (byte offsets inside the token) of a learned split, or of a clitic.
        let mut cuts: Vec<usize> = Vec::new();
        if let Some(lens) = self.splits.get(&lower) {
            let mut at = 0;
            for &l in &lens[..lens.len().saturating_sub(1)] {
                at += l as usize;
                cuts.push(at);
            }
        } else if let Some(p) = s.rfind('\'') {
            if p > 0 && self.clitics.contains(&s[p..].to_lowercase()) {
                cuts.push(p);
            }
        }
        if lower.len() != s.len() || cuts.iter().any(|&c| c >= s.len() || !s.is_char_boundary(c)) {
            cuts.clear();
        }
        let mut start = 0;
        for c in cuts.into_iter().chain(std::iter::once(s.len())) {
            out.push(RawWord { span: Span { start: sp.start + start as u32, end: sp.start + c as u32 }, token: i as u32 });
            start = c;
        }
    }
}

/// Tokens `i..=k` (within the unspaced run `i..=j`) that the treebank writes as one word, if any:
/// a run of one punctuation mark or of sentence-final marks ("!!!", "**", "...?", "-----"),
/// emoticons (":)", ";-)", ":D"), names joined by '&' ("AT&T") and file or site names whose last part
/// is in lower case ("Space.com", "notes.doc").
fn joined(text: &str, tokens: &[Token], i: usize, j: usize) -> Option<usize> {
    if j == i {
        return None;
    }
    let t = |k: usize| &text[tokens[k].span.range()];
    let punct = |k: usize| tokens[k].kind == TokenKind::Punct;
    let adjacent = |k: usize| tokens[k].span.end == tokens[k + 1].span.start;
    let first = t(i);
    if punct(i) {
        let final_mark = |s: &str| matches!(s, "!" | "?" | ".");
        let mut k = i;
        while k < j && adjacent(k) && punct(k + 1) && (t(k + 1) == first || final_mark(first) && final_mark(t(k + 1))) {
            k += 1;
        }
        if k > i {
            return Some(k);
        }
        let face = |s: &str| matches!(s, ")" | "(" | "D" | "P" | "p");
        if matches!(first, ":" | ";") && adjacent(i) {
            if face(t(i + 1)) {
                return Some(i + 1);
            }
            if t(i + 1) == "-" && i + 2 <= j && adjacent(i + 1) && face(t(i + 2)) {
                return Some(i + 2);
            }
        }
        return None;
    }
    let alnum = |k: usize| !punct(k) && t(k).chars().all(|c| c.is_alphanumeric());
    // Word '&' word, word '.' word ...: every other token a joiner, nothing spaced.
    let mut k = i;
    while k + 2 <= j && adjacent(k) && adjacent(k + 1) && matches!(t(k + 1), "&" | ".") && t(k + 1) == t(i + 1) && alnum(k + 2) && alnum(k) {
        k += 2;
    }
    if k == i {
        return None;
    }
    let last = t(k);
    let lower_end = last.len() >= 2 && last.chars().all(|c| c.is_ascii_lowercase());
    (t(i + 1) == "&" || lower_end).then_some(k)
}

/// URLs and e-mail addresses: kept as one word.
fn looks_like_address(s: &str) -> bool {
    if s.contains("://") || s.to_ascii_lowercase().starts_with("www.") {
        return true;
    }
    match s.split_once('@') {
        Some((a, b)) => !a.is_empty() && b.contains('.') && !b.ends_with('.'),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn conv() -> Tokenization {
        let mut t = Tokenization::default();
        t.keep_hyphen.insert("e".into());
        t.keep_hyphen.insert("anti".into());
        t.keep_hyphen.insert("#-#".into());
        t.splits.insert("cannot".into(), vec![3, 3]);
        t.clitics.insert("'m".into());
        t.clitics.insert("'ll".into());
        t
    }

    fn words(s: &str) -> Vec<String> {
        let mut toks = Vec::new();
        let mut keys = String::new();
        dyad_text::tokenize(s, &mut toks, &mut keys);
        let mut out = Vec::new();
        conv().words(s, &toks, 0..toks.len(), &mut out);
        out.iter().map(|w| s[w.span.range()].to_string()).collect()
    }

    #[test]
    fn hyphens_follow_the_treebank() {
        assert_eq!(words("an anti-American e-mail"), ["an", "anti-American", "e-mail"]);
        assert_eq!(words("al-Qaeda's cease-fire"), ["al", "-", "Qaeda", "'s", "cease", "-", "fire"]);
        assert_eq!(words("a state-of-the-art plan"), ["a", "state", "-", "of", "-", "the", "-", "art", "plan"]);
        assert_eq!(words("a 15-year term, call 713-853"), ["a", "15", "-", "year", "term", ",", "call", "713-853"]);
    }

    #[test]
    fn contractions_split_and_addresses_stay_whole() {
        assert_eq!(words("I'm sure we cannot go"), ["I", "'m", "sure", "we", "can", "not", "go"]);
        assert_eq!(words("Putin'll see"), ["Putin", "'ll", "see"]);
        assert_eq!(words("Russia's army didn't"), ["Russia", "'s", "army", "did", "n't"]);
        assert_eq!(words("see http://www.example.com/a-b.html or mail a.b@c.org at 3:30 on 9/11"), ["see", "http://www.example.com/a-b.html", "or", "mail", "a.b@c.org", "at", "3:30", "on", "9/11"]);
    }

    #[test]
    fn runs_emoticons_and_names_stay_whole() {
        assert_eq!(words("Wow!!! Really?! ok... -----"), ["Wow", "!!!", "Really", "?!", "ok", "...", "-----"]);
        assert_eq!(words("great :) AT&T and Space.com said."), ["great", ":)", "AT&T", "and", "Space.com", "said", "."]);
        assert_eq!(words("He left. Then (she came)."), ["He", "left", ".", "Then", "(", "she", "came", ")", "."]);
    }
}
