//! The part-of-speech tagger: a greedy left-to-right averaged perceptron over hashed features that
//! predicts one joint class per word, a (UPOS, XPOS) pair as EWT uses them.
//!
//! Frequent words that nearly always take one class are tagged from a dictionary
//! ([`TagDict`]), as in Honnibal's tagger; every other word is scored.

use crate::hash::{bytes_hash, feat, lower_hash, str_hash};
use crate::perceptron::{argmax, Score};
use std::collections::HashMap;

/// Per-word values that do not depend on the tags: computed once per word.
#[derive(Debug, Clone, Copy, Default)]
pub struct WordFeats {
    pub form: u64,
    pub lower: u64,
    pub suffix: [u64; 4],
    pub prefix: [u64; 3],
    pub shape: u64,
    /// Bit flags: 1 capitalised, 2 all caps, 4 has digit, 8 has hyphen, 16 first word.
    pub flags: u64,
    /// The word's ambiguity class: the set of classes it took in training (0 when unknown).
    pub amb: u64,
}

/// Ambiguity classes of known words (lower case): the classes each took in training, hashed.
#[derive(Debug, Clone, Default)]
pub struct AmbClasses {
    /// Hash of the lower-cased word → hash of its class set.
    pub map: HashMap<u64, u64>,
}

impl AmbClasses {
    /// Words seen at least `min_count` times; a class counts when it is at least `min_share` of them.
    pub fn build<'a>(pairs: impl Iterator<Item = (&'a str, u16)>, min_count: usize, min_share: f64) -> AmbClasses {
        let mut counts: HashMap<String, HashMap<u16, usize>> = HashMap::new();
        for (w, t) in pairs {
            *counts.entry(w.to_lowercase()).or_default().entry(t).or_default() += 1;
        }
        let mut map = HashMap::new();
        for (w, c) in counts {
            let total: usize = c.values().sum();
            if total < min_count {
                continue;
            }
            let mut set: Vec<u16> = c.iter().filter(|(_, &n)| n as f64 >= min_share * total as f64).map(|(&t, _)| t).collect();
            set.sort_unstable();
            let h = set.iter().fold(0x0a3b_u64, |h, &t| crate::hash::mix(h ^ (t as u64 + 1)));
            map.insert(str_hash(&w), h);
        }
        AmbClasses { map }
    }
}

/// The shape of a word: X for upper case, x lower, d digit, other characters as they are; runs of the
/// same class longer than two are cut to two ("Xxx" for "London", "dd.d" for "12.5").
pub fn shape(w: &str) -> String {
    let mut out = String::new();
    let mut last = '\0';
    let mut run = 0;
    for c in w.chars().take(24) {
        let k = if c.is_uppercase() {
            'X'
        } else if c.is_lowercase() {
            'x'
        } else if c.is_numeric() {
            'd'
        } else {
            c
        };
        if k == last {
            run += 1;
            if run > 2 {
                continue;
            }
        } else {
            run = 1;
            last = k;
        }
        out.push(k);
    }
    out
}

/// What the tagger looks up about words: the dictionary of frequent unambiguous words, and
/// ambiguity classes. Training uses hash maps ([`TagDict`], [`AmbClasses`]); the model reads its own
/// tables in place.
pub trait TagLexicon {
    /// The class of a frequent, unambiguous word form, by the form's hash.
    fn dict(&self, form: u64) -> Option<u16>;
    /// The ambiguity class of a word, by the hash of its lower-cased form; 0 when unknown.
    fn amb(&self, lower: u64) -> u64;
}

/// The training-time tag lexicon.
#[derive(Debug, Clone, Copy)]
pub struct TrainLex<'a>(pub &'a TagDict, pub &'a AmbClasses);

impl TagLexicon for TrainLex<'_> {
    fn dict(&self, form: u64) -> Option<u16> {
        self.0.map.get(&form).copied()
    }
    fn amb(&self, lower: u64) -> u64 {
        self.1.map.get(&lower).copied().unwrap_or(0)
    }
}

pub fn word_feats(forms: &[&str], lex: &impl TagLexicon) -> Vec<WordFeats> {
    forms.iter().enumerate().map(|(i, w)| word_feat(w, i == 0, lex)).collect()
}

/// The tag-independent values of one word. ASCII words (nearly all) are hashed without allocating;
/// others go through a lower-cased copy. Both give the same hashes for the same text.
fn word_feat(w: &str, first: bool, lex: &impl TagLexicon) -> WordFeats {
    let mut suffix = [0u64; 4];
    let mut prefix = [0u64; 3];
    let lower = if w.is_ascii() {
        let b = w.as_bytes();
        let n = b.len();
        for k in 0..4 {
            let start = if k + 1 >= n { 0 } else { n - (k + 1) };
            suffix[k] = bytes_hash(b[start..].iter().map(|c| c.to_ascii_lowercase()));
        }
        for k in 0..3 {
            let end = if k + 1 >= n { n } else { k + 1 };
            prefix[k] = bytes_hash(b[..end].iter().map(|c| c.to_ascii_lowercase()));
        }
        lower_hash(w)
    } else {
        let lower = w.to_lowercase();
        let chars: Vec<(usize, char)> = lower.char_indices().collect();
        let n = chars.len();
        for k in 0..4 {
            let start = if k + 1 >= n { 0 } else { chars[n - (k + 1)].0 };
            suffix[k] = str_hash(&lower[start..]);
        }
        for k in 0..3 {
            let end = if k + 1 >= n { lower.len() } else { chars[k + 1].0 };
            prefix[k] = str_hash(&lower[..end]);
        }
        str_hash(&lower)
    };
    let mut flags = 0;
    let mut has_alpha = false;
    let mut has_lower = false;
    for c in w.chars() {
        has_alpha |= c.is_alphabetic();
        has_lower |= c.is_lowercase();
        if c.is_ascii_digit() {
            flags |= 4;
        }
        if c == '-' {
            flags |= 8;
        }
    }
    if w.chars().next().is_some_and(char::is_uppercase) {
        flags |= 1;
    }
    if has_alpha && !has_lower {
        flags |= 2;
    }
    if first {
        flags |= 16;
    }
    WordFeats { form: str_hash(w), lower, suffix, prefix, shape: shape_hash(w), flags, amb: lex.amb(lower) }
}

/// The hash of [`shape`], computed without building the string.
fn shape_hash(w: &str) -> u64 {
    let mut buf = [0u8; 4];
    let mut last = '\0';
    let mut run = 0;
    let bytes = w.chars().take(24).filter_map(move |c| {
        let k = if c.is_uppercase() {
            'X'
        } else if c.is_lowercase() {
            'x'
        } else if c.is_numeric() {
            'd'
        } else {
            c
        };
        if k == last {
            run += 1;
            if run > 2 {
                return None;
            }
        } else {
            run = 1;
            last = k;
        }
        Some(k)
    });
    bytes_hash(bytes.flat_map(move |k| {
        let len = k.encode_utf8(&mut buf).len();
        buf.into_iter().take(len)
    }))
}

const NONE: u64 = 0x5eed;
const START: u64 = 0x57a7;
const END: u64 = 0xe4d;

/// The features of word `i`, given the classes already chosen for the words before it and, in the
/// second pass, the first pass's classes for all words (`right`).
pub fn features(wf: &[WordFeats], i: usize, prev: &[u16], right: Option<&[u16]>, out: &mut Vec<u64>) {
    out.clear();
    let at = |k: isize| -> Option<&WordFeats> {
        let j = i as isize + k;
        (j >= 0 && (j as usize) < wf.len()).then(|| &wf[j as usize])
    };
    let w = &wf[i];
    let lw = |k: isize| at(k).map_or(if k < 0 { START } else { END }, |x| x.lower);
    let t1 = if i >= 1 { prev[i - 1] as u64 + 1 } else { 0 };
    let t2 = if i >= 2 { prev[i - 2] as u64 + 1 } else { 0 };
    out.push(feat(0, 0, 0, 0));
    out.push(feat(1, w.lower, 0, 0));
    out.push(feat(2, w.form, 0, 0));
    for k in 0..4 {
        out.push(feat(3 + k as u32, w.suffix[k], 0, 0));
    }
    for k in 0..3 {
        out.push(feat(7 + k as u32, w.prefix[k], 0, 0));
    }
    out.push(feat(10, w.shape, 0, 0));
    out.push(feat(11, w.flags, 0, 0));
    out.push(feat(12, lw(-1), 0, 0));
    out.push(feat(13, lw(1), 0, 0));
    out.push(feat(14, lw(-2), 0, 0));
    out.push(feat(15, lw(2), 0, 0));
    out.push(feat(16, at(-1).map_or(NONE, |x| x.suffix[2]), 0, 0));
    out.push(feat(17, at(1).map_or(NONE, |x| x.suffix[2]), 0, 0));
    out.push(feat(18, t1, 0, 0));
    out.push(feat(19, t1, t2, 0));
    out.push(feat(20, t1, w.lower, 0));
    out.push(feat(21, lw(-1), w.lower, 0));
    out.push(feat(22, w.lower, lw(1), 0));
    out.push(feat(23, at(1).map_or(NONE, |x| x.shape), 0, 0));
    out.push(feat(24, at(-1).map_or(NONE, |x| x.shape), 0, 0));
    out.push(feat(25, t1, w.suffix[2], 0));
    out.push(feat(26, at(1).map_or(NONE, |x| x.suffix[0]), 0, 0));
    out.push(feat(27, at(1).map_or(NONE, |x| x.flags), w.flags, 0));
    out.push(feat(28, lw(1), lw(2), 0));
    out.push(feat(29, t1, lw(1), 0));
    let amb = |k: isize| at(k).map_or(if k < 0 { START } else { END }, |x| x.amb);
    out.push(feat(30, amb(0), 0, 0));
    out.push(feat(31, amb(1), 0, 0));
    out.push(feat(32, amb(-1), 0, 0));
    out.push(feat(33, amb(0), amb(1), 0));
    out.push(feat(34, t1, amb(0), 0));
    out.push(feat(35, amb(2), 0, 0));
    out.push(feat(36, amb(0), w.suffix[2], 0));
    out.push(feat(37, amb(1), amb(2), 0));
    if let Some(r) = right {
        let rt = |k: usize| r.get(i + k).map_or(END, |&t| t as u64 + 1);
        out.push(feat(40, rt(1), 0, 0));
        out.push(feat(41, rt(1), rt(2), 0));
        out.push(feat(42, rt(1), w.lower, 0));
        out.push(feat(43, t1, rt(1), 0));
        out.push(feat(44, rt(1), w.suffix[2], 0));
        out.push(feat(45, rt(0), 0, 0));
        out.push(feat(46, rt(0), w.lower, 0));
    }
}

/// Frequent, unambiguous words and their class.
#[derive(Debug, Clone, Default)]
pub struct TagDict {
    /// Hash of the word form → its class.
    pub map: HashMap<u64, u16>,
}

impl TagDict {
    /// Words seen at least `min_count` times with one class at least `min_ratio` of the time.
    pub fn build<'a>(pairs: impl Iterator<Item = (&'a str, u16)>, min_count: usize, min_ratio: f64) -> TagDict {
        let mut counts: HashMap<&str, HashMap<u16, usize>> = HashMap::new();
        for (w, t) in pairs {
            *counts.entry(w).or_default().entry(t).or_default() += 1;
        }
        let mut map = HashMap::new();
        for (w, c) in counts {
            let total: usize = c.values().sum();
            // Ties broken by the lower class id, so the dictionary does not depend on hash order.
            let (&t, &n) = c.iter().max_by_key(|(t, n)| (**n, std::cmp::Reverse(**t))).expect("non-empty");
            if total >= min_count && n as f64 / total as f64 >= min_ratio {
                map.insert(str_hash(w), t);
            }
        }
        TagDict { map }
    }
}

/// Tags `forms`, writing one class per word into `tags`.
pub fn tag<S: Score>(model: &S, lex: &impl TagLexicon, forms: &[&str], right: Option<&[u16]>, tags: &mut Vec<u16>) {
    tags.clear();
    let wf = word_feats(forms, lex);
    let mut feats = Vec::with_capacity(32);
    let mut scores = vec![0f32; model.classes()];
    for i in 0..forms.len() {
        if let Some(t) = lex.dict(wf[i].form) {
            tags.push(t);
            continue;
        }
        features(&wf, i, tags, right, &mut feats);
        scores.iter_mut().for_each(|s| *s = 0.0);
        model.score(&feats, &mut scores);
        tags.push(argmax(&scores, |_| true).unwrap_or(0) as u16);
    }
}
