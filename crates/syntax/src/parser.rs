//! The dependency parser: greedy arc-eager transitions scored by an averaged perceptron over the
//! rich non-local feature set of Zhang & Nivre (2011), trained with the dynamic oracle of Goldberg &
//! Nivre (2012).
//!
//! The transition classifier has four classes (shift, reduce, left arc, right arc); when it makes an
//! arc, a second classifier labels it from features of the head, the dependent and their
//! neighbourhoods. Splitting the decision keeps every transition's score to four numbers a feature,
//! which is what makes the parser fast; the label is still known before the next transition, so
//! label features work as in a jointly labelled parser.
//!
//! The artificial root sits at the end of the buffer (Ballesteros & Nivre 2013): a word is attached to
//! it by a left arc labelled `root` once everything else is done. Trees are projective; a sentence that
//! ends with more than one word under the root keeps the first and attaches the others to it
//! ([`Parse::fix_roots`]).

use crate::hash::{feat, mix};
use crate::perceptron::{argmax, Score};
use dyad_model::Deprel;

pub const NONE: u32 = u32::MAX;
pub const SHIFT: usize = 0;
pub const REDUCE: usize = 1;

/// How labels are grouped for the transition classifier: it chooses an arc's direction and group,
/// the labeller the relation within the group. With one group per label the transitions are fully
/// labelled (more accurate, more classes to score); with [`Grouping::Coarse`] relations that behave
/// alike in the tree (what they attach, and where) share a group, at a fraction of the classes. The
/// model file records the group of each label. The root is always group 0, alone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Grouping {
    Coarse,
    Labels,
}

impl Grouping {
    /// The group of each label (`labels[0]` must be `root`).
    pub fn groups(self, labels: &[Deprel]) -> Vec<u8> {
        match self {
            Grouping::Labels => (0..labels.len()).map(|i| i.min(255) as u8).collect(),
            Grouping::Coarse => labels.iter().map(|&d| coarse_group(d) as u8).collect(),
        }
    }
}

/// The coarse group of a relation.
pub fn coarse_group(rel: Deprel) -> usize {
    use Deprel::*;
    match rel.base() {
        Root => 0,
        Punct => 1,
        Det | Case | Mark | Cc | Aux | Cop | Expl | Discourse | Fixed | Goeswith | Clf => 2,
        Compound if rel == CompoundPrt => 2,
        Amod | Compound | Flat | Nummod => 3,
        Nmod if rel == NmodPoss => 3,
        Nsubj | Obj | Iobj | Csubj => 4,
        Obl | Nmod | Advmod | Vocative | Dislocated => 5,
        Ccomp | Xcomp | Advcl | Acl => 6,
        Conj => 7,
        _ => 8,
    }
}

/// Number of transition classes: shift, reduce, and a left and a right arc per group.
pub fn transitions(groups: usize) -> usize {
    2 + 2 * groups
}

/// At most this many transition classes (groups are bytes).
pub const MAX_TRANSITIONS: usize = 2 + 2 * 128;

#[inline]
pub fn is_left(t: usize) -> bool {
    t >= 2 && t % 2 == 0
}
#[inline]
pub fn is_right(t: usize) -> bool {
    t >= 3 && t % 2 == 1
}
/// The label group of an arc transition.
#[inline]
pub fn group(t: usize) -> usize {
    (t - 2) / 2
}
#[inline]
pub fn left(g: usize) -> usize {
    2 + 2 * g
}
#[inline]
pub fn right(g: usize) -> usize {
    3 + 2 * g
}

/// A parser configuration over `n` words; the root is word `n`.
#[derive(Debug, Clone)]
pub struct State {
    pub n: usize,
    pub stack: Vec<u32>,
    /// The front of the buffer; `n` is the root, `n + 1` means the buffer is empty.
    pub b: usize,
    pub heads: Vec<u32>,
    pub labels: Vec<u8>,
    left1: Vec<u32>,
    left2: Vec<u32>,
    right1: Vec<u32>,
    right2: Vec<u32>,
    nleft: Vec<u8>,
    nright: Vec<u8>,
    lset: Vec<u64>,
    rset: Vec<u64>,
}

impl State {
    pub fn new(n: usize) -> State {
        let m = n + 1;
        State {
            n,
            stack: Vec::with_capacity(16),
            b: 0,
            heads: vec![NONE; m],
            labels: vec![0; m],
            left1: vec![NONE; m],
            left2: vec![NONE; m],
            right1: vec![NONE; m],
            right2: vec![NONE; m],
            nleft: vec![0; m],
            nright: vec![0; m],
            lset: vec![0; m],
            rset: vec![0; m],
        }
    }

    pub fn done(&self) -> bool {
        self.b >= self.n && self.stack.is_empty()
    }

    fn s0(&self) -> Option<usize> {
        self.stack.last().map(|&x| x as usize)
    }

    /// Whether transition `t` may be taken: an arc from the root is a left arc of the root group,
    /// and only it.
    pub fn valid(&self, t: usize) -> bool {
        let n = self.n;
        let have_b = self.b < n; // a real word at the front of the buffer
        match t {
            SHIFT => have_b,
            REDUCE => self.s0().is_some_and(|s| self.heads[s] != NONE),
            t if is_left(t) => self.s0().is_some_and(|s| self.heads[s] == NONE) && self.b <= n && ((self.b == n) == (group(t) == 0)),
            t => self.s0().is_some() && have_b && group(t) != 0,
        }
    }

    /// What [`State::valid`] says of every transition, computed once for the configuration: scoring
    /// asks it of each of the classes.
    pub fn validity(&self) -> Validity {
        let n = self.n;
        let have_b = self.b < n;
        let s0_head = self.s0().map(|s| self.heads[s] != NONE);
        let left = s0_head == Some(false) && self.b <= n;
        Validity {
            shift: have_b,
            reduce: s0_head == Some(true),
            left_root: left && self.b == n,
            left_other: left && self.b != n,
            right: s0_head.is_some() && have_b,
        }
    }

    /// The one valid transition, when only one is valid without looking at labels: with the buffer
    /// at the root, the top of the stack is reduced when it has a head and attached to the root when
    /// not. (With a real word in front of the buffer, a shift and a right arc are both possible.)
    pub fn only_valid(&self) -> Option<usize> {
        let s = self.s0()?;
        if self.b != self.n {
            return None;
        }
        Some(if self.heads[s] != NONE { REDUCE } else { left(0) })
    }

    /// The head and dependent of an arc transition.
    pub fn arc(&self, t: usize) -> Option<(usize, usize)> {
        let s = self.s0()?;
        if is_left(t) {
            Some((self.b, s))
        } else if is_right(t) {
            Some((s, self.b))
        } else {
            None
        }
    }

    fn add_arc(&mut self, h: usize, d: usize, l: usize) {
        self.heads[d] = h as u32;
        self.labels[d] = l as u8;
        let bit = 1u64 << (l.min(63));
        if d < h {
            if self.left1[h] == NONE || (d as u32) < self.left1[h] {
                self.left2[h] = self.left1[h];
                self.left1[h] = d as u32;
            } else if self.left2[h] == NONE || (d as u32) < self.left2[h] {
                self.left2[h] = d as u32;
            }
            self.nleft[h] = self.nleft[h].saturating_add(1);
            self.lset[h] |= bit;
        } else {
            if self.right1[h] == NONE || (d as u32) > self.right1[h] {
                self.right2[h] = self.right1[h];
                self.right1[h] = d as u32;
            } else if self.right2[h] == NONE || (d as u32) > self.right2[h] {
                self.right2[h] = d as u32;
            }
            self.nright[h] = self.nright[h].saturating_add(1);
            self.rset[h] |= bit;
        }
    }

    /// Takes transition `t`; an arc gets `label`.
    pub fn apply(&mut self, t: usize, label: usize) {
        match t {
            SHIFT => {
                self.stack.push(self.b as u32);
                self.b += 1;
            }
            REDUCE => {
                self.stack.pop();
            }
            t if is_left(t) => {
                let s = self.stack.pop().expect("left arc needs a stack") as usize;
                let b = self.b;
                self.add_arc(b, s, label);
            }
            _ => {
                let s = *self.stack.last().expect("right arc needs a stack") as usize;
                let b = self.b;
                self.add_arc(s, b, label);
                self.stack.push(b as u32);
                self.b += 1;
            }
        }
    }

    /// The dynamic-oracle cost of `t` (Goldberg & Nivre 2012): how many gold arcs still reachable
    /// become unreachable, plus one when `t` makes a gold arc with the wrong label group.
    pub fn cost(&self, t: usize, gold_heads: &[u32], gold_groups: &[u8]) -> usize {
        let n = self.n;
        let in_stack = |k: usize| self.stack.iter().any(|&x| x as usize == k);
        match t {
            SHIFT => {
                let b = self.b;
                let mut c = 0;
                for &k in &self.stack {
                    let k = k as usize;
                    if gold_heads[k] as usize == b && self.heads[k] == NONE {
                        c += 1;
                    }
                    if gold_heads[b] as usize == k {
                        c += 1;
                    }
                }
                c
            }
            REDUCE => {
                let s = self.s0().expect("reduce needs a stack");
                (self.b..n).filter(|&k| gold_heads[k] as usize == s).count()
            }
            t if is_left(t) => {
                let s = self.s0().expect("left arc needs a stack");
                let g = gold_heads[s] as usize;
                let mut c = usize::from(g > self.b && g <= n);
                c += (self.b..n).filter(|&k| gold_heads[k] as usize == s).count();
                c + usize::from(g == self.b && gold_groups[s] as usize != group(t))
            }
            t => {
                let s = self.s0().expect("right arc needs a stack");
                let b = self.b;
                let g = gold_heads[b] as usize;
                let mut c = usize::from(g != s && (g > b || in_stack(g)));
                for &k in &self.stack {
                    let k = k as usize;
                    if gold_heads[k] as usize == b && self.heads[k] == NONE {
                        c += 1;
                    }
                }
                c + usize::from(g == s && gold_groups[b] as usize != group(t))
            }
        }
    }
}

/// Which transitions a configuration allows (see [`State::validity`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Validity {
    shift: bool,
    reduce: bool,
    /// A left arc from the root (group 0).
    left_root: bool,
    /// A left arc of any other group.
    left_other: bool,
    /// A right arc of any group but the root's.
    right: bool,
}

impl Validity {
    #[inline]
    pub fn allows(&self, t: usize) -> bool {
        match t {
            SHIFT => self.shift,
            REDUCE => self.reduce,
            2 => self.left_root,
            3 => false,
            t if t % 2 == 0 => self.left_other,
            _ => self.right,
        }
    }
}

/// What the features read of each word: its form's hash and its tag (the root has its own values).
#[derive(Debug, Clone, Copy)]
pub struct Tok {
    pub word: u64,
    pub tag: u64,
    /// The coarse part of the tag (UPOS).
    pub upos: u64,
    /// The last three letters of the lower-cased form.
    pub suffix: u64,
    pub punct: bool,
}

impl Tok {
    /// The parser's view of a word: its form, its joint tag class and that class's UPOS.
    pub fn new(form: &str, tag: u16, upos: &str) -> Tok {
        let (word, suffix) = if form.is_ascii() {
            let b = form.as_bytes();
            (crate::hash::lower_hash(form), crate::hash::bytes_hash(b[b.len().saturating_sub(3)..].iter().map(|c| c.to_ascii_lowercase())))
        } else {
            let lower = form.to_lowercase();
            let start = lower.char_indices().rev().nth(2).map_or(0, |(i, _)| i);
            (crate::hash::str_hash(&lower), crate::hash::str_hash(&lower[start..]))
        };
        Tok { word, tag: mix(tag as u64 + 11), upos: crate::hash::str_hash(upos), suffix, punct: upos == "PUNCT" }
    }
}

const ROOT_TOK: Tok = Tok { word: 0x7007, tag: 0x7007, upos: 0x7007, suffix: 0x7007, punct: false };
const NO_TOK: Tok = Tok { word: 0x404, tag: 0x404, upos: 0x404, suffix: 0x404, punct: false };
const NO_LABEL: u64 = 0x1a_be1;

fn dist_bin(d: usize) -> u64 {
    match d {
        0..=4 => d as u64,
        5..=7 => 5,
        8..=12 => 6,
        _ => 7,
    }
}

/// The feature keys of a configuration.
pub fn features(st: &State, toks: &[Tok], out: &mut Vec<u64>) {
    out.clear();
    let n = st.n;
    let tok = |i: u32| -> Tok {
        if i == NONE {
            NO_TOK
        } else if i as usize == n {
            ROOT_TOK
        } else {
            toks[i as usize]
        }
    };
    let lab = |i: u32| -> u64 {
        if i == NONE || st.heads[i as usize] == NONE {
            NO_LABEL
        } else {
            st.labels[i as usize] as u64
        }
    };
    let s0i = st.stack.last().copied().unwrap_or(NONE);
    let s1i = if st.stack.len() >= 2 { st.stack[st.stack.len() - 2] } else { NONE };
    let bi = |k: usize| -> u32 { if st.b + k <= n { (st.b + k) as u32 } else { NONE } };
    let n0i = bi(0);
    let n1i = bi(1);
    let n2i = bi(2);
    let get = |v: &Vec<u32>, i: u32| -> u32 { if i == NONE { NONE } else { v[i as usize] } };
    let s0hi = get(&st.heads, s0i);
    let s0h2i = if s0hi == NONE || s0hi as usize == n { NONE } else { st.heads[s0hi as usize] };
    let s0li = get(&st.left1, s0i);
    let s0l2i = get(&st.left2, s0i);
    let s0ri = get(&st.right1, s0i);
    let s0r2i = get(&st.right2, s0i);
    let n0li = get(&st.left1, n0i);
    let n0l2i = get(&st.left2, n0i);

    let (s0, s1, n0, n1, n2) = (tok(s0i), tok(s1i), tok(n0i), tok(n1i), tok(n2i));
    let (s0h, s0h2, s0l, s0l2, s0r, s0r2, n0l, n0l2) =
        (tok(s0hi), tok(s0h2i), tok(s0li), tok(s0l2i), tok(s0ri), tok(s0r2i), tok(n0li), tok(n0l2i));
    let wp = |t: Tok| mix(t.word ^ t.tag.rotate_left(32));
    let d = if s0i == NONE || n0i == NONE { 0 } else { dist_bin((n0i - s0i) as usize) };
    let vl = |i: u32| if i == NONE { 99 } else { st.nleft[i as usize] as u64 };
    let vr = |i: u32| if i == NONE { 99 } else { st.nright[i as usize] as u64 };
    let sl = |i: u32| if i == NONE { 1 << 63 } else { st.lset[i as usize] };
    let sr = |i: u32| if i == NONE { 1 << 63 } else { st.rset[i as usize] };
    let s0_has_head = if s0i == NONE { 2 } else { (st.heads[s0i as usize] != NONE) as u64 };

    let mut f = |t: u32, a: u64, b: u64, c: u64| out.push(feat(t, a, b, c));
    // single words
    f(1, wp(s0), 0, 0);
    f(2, s0.word, 0, 0);
    f(3, s0.tag, 0, 0);
    f(4, wp(n0), 0, 0);
    f(5, n0.word, 0, 0);
    f(6, n0.tag, 0, 0);
    f(7, wp(n1), 0, 0);
    f(8, n1.word, 0, 0);
    f(9, n1.tag, 0, 0);
    f(10, wp(n2), 0, 0);
    f(11, n2.word, 0, 0);
    f(12, n2.tag, 0, 0);
    // pairs
    f(13, wp(s0), wp(n0), 0);
    f(14, wp(s0), n0.word, 0);
    f(15, s0.word, wp(n0), 0);
    f(16, wp(s0), n0.tag, 0);
    f(17, s0.tag, wp(n0), 0);
    f(18, s0.word, n0.word, 0);
    f(19, s0.tag, n0.tag, 0);
    f(20, n0.tag, n1.tag, 0);
    // three words
    f(21, n0.tag, n1.tag, n2.tag);
    f(22, s0.tag, n0.tag, n1.tag);
    f(23, s0h.tag, s0.tag, n0.tag);
    f(24, s0.tag, s0l.tag, n0.tag);
    f(25, s0.tag, s0r.tag, n0.tag);
    f(26, s0.tag, n0.tag, n0l.tag);
    // distance
    f(27, s0.word, d, 0);
    f(28, s0.tag, d, 0);
    f(29, n0.word, d, 0);
    f(30, n0.tag, d, 0);
    f(31, s0.word, n0.word, d);
    f(32, s0.tag, n0.tag, d);
    // valency
    f(33, s0.word, vr(s0i), 0);
    f(34, s0.tag, vr(s0i), 0);
    f(35, s0.word, vl(s0i), 0);
    f(36, s0.tag, vl(s0i), 0);
    f(37, n0.word, vl(n0i), 0);
    f(38, n0.tag, vl(n0i), 0);
    // unigrams of heads and children
    f(39, s0h.word, 0, 0);
    f(40, s0h.tag, 0, 0);
    f(41, lab(s0i), 0, 0);
    f(42, s0l.word, 0, 0);
    f(43, s0l.tag, 0, 0);
    f(44, lab(s0li), 0, 0);
    f(45, s0r.word, 0, 0);
    f(46, s0r.tag, 0, 0);
    f(47, lab(s0ri), 0, 0);
    f(48, n0l.word, 0, 0);
    f(49, n0l.tag, 0, 0);
    f(50, lab(n0li), 0, 0);
    // third order
    f(51, s0h2.word, 0, 0);
    f(52, s0h2.tag, 0, 0);
    f(53, lab(s0hi), 0, 0);
    f(54, s0l2.word, 0, 0);
    f(55, s0l2.tag, 0, 0);
    f(56, lab(s0l2i), 0, 0);
    f(57, s0r2.word, 0, 0);
    f(58, s0r2.tag, 0, 0);
    f(59, lab(s0r2i), 0, 0);
    f(60, n0l2.word, 0, 0);
    f(61, n0l2.tag, 0, 0);
    f(62, lab(n0l2i), 0, 0);
    f(63, s0.tag, s0l.tag, s0l2.tag);
    f(64, s0.tag, s0r.tag, s0r2.tag);
    f(65, s0.tag, s0h.tag, s0h2.tag);
    f(66, n0.tag, n0l.tag, n0l2.tag);
    // label sets
    f(67, s0.word, sr(s0i), 0);
    f(68, s0.tag, sr(s0i), 0);
    f(69, s0.word, sl(s0i), 0);
    f(70, s0.tag, sl(s0i), 0);
    f(71, n0.word, sl(n0i), 0);
    f(72, n0.tag, sl(n0i), 0);
    // the second stack word, and whether the top has a head (arc-eager's reduce decision)
    f(73, s1.word, 0, 0);
    f(74, s1.tag, 0, 0);
    f(75, s1.tag, s0.tag, 0);
    f(76, s1.tag, s0.tag, n0.tag);
    f(77, s0_has_head, s0.tag, n0.tag);
    f(78, s0_has_head, lab(s0i), n0.tag);
    f(79, s1.tag, lab(s1i), s0.tag);
    // coarse tags, suffixes, punctuation between the top of the stack and the buffer
    f(80, s0.upos, n0.upos, 0);
    f(81, s0.upos, n0.upos, n1.upos);
    f(82, s1.upos, s0.upos, n0.upos);
    f(83, n0.suffix, n0.tag, 0);
    f(84, s0.suffix, s0.tag, 0);
    let punct_between = if s0i == NONE || n0i == NONE {
        9
    } else {
        let (a, b) = (s0i as usize + 1, (n0i as usize).min(n));
        (a..b).take(12).filter(|&k| toks[k].punct).count().min(3) as u64
    };
    f(85, punct_between, s0.tag, n0.tag);
    f(86, n0.word, n1.word, 0);
    f(87, s0.tag, n0.word, n1.tag);
    f(88, n0l.tag, lab(n0li), s0.tag);
    f(89, punct_between, d, s0_has_head);
}

/// The features of labelling the arc `head` → `dep` in configuration `st`.
pub fn label_features(st: &State, toks: &[Tok], head: usize, dep: usize, out: &mut Vec<u64>) {
    out.clear();
    let n = st.n;
    let tok = |i: u32| -> Tok {
        if i == NONE {
            NO_TOK
        } else if i as usize == n {
            ROOT_TOK
        } else {
            toks.get(i as usize).copied().unwrap_or(NO_TOK)
        }
    };
    let lab = |i: u32| -> u64 {
        if i == NONE || st.heads[i as usize] == NONE {
            NO_LABEL
        } else {
            st.labels[i as usize] as u64
        }
    };
    let get = |v: &Vec<u32>, i: usize| -> u32 { v[i] };
    let (h, d) = (tok(head as u32), tok(dep as u32));
    let dir = (dep < head) as u64;
    let dist = dist_bin(head.abs_diff(dep));
    let dl1 = get(&st.left1, dep);
    let dl2 = get(&st.left2, dep);
    let dr1 = get(&st.right1, dep);
    let hh = if head == n { NONE } else { st.heads[head] };
    let (dl1t, dl2t, dr1t, hht) = (tok(dl1), tok(dl2), tok(dr1), tok(hh));
    let prev = if dep == 0 { NO_TOK } else { tok(dep as u32 - 1) };
    let next = tok(dep as u32 + 1);
    let hsets = st.lset[head.min(n)] | st.rset[head.min(n)];
    let mut f = |t: u32, a: u64, b: u64, c: u64| out.push(feat(t, a, b, c));
    f(200, dir, 0, 0);
    f(201, d.word, dir, 0);
    f(202, d.tag, dir, 0);
    f(203, d.suffix, d.tag, 0);
    f(204, h.word, dir, 0);
    f(205, h.tag, dir, 0);
    f(206, d.tag, h.tag, dir);
    f(207, d.word, h.tag, dir);
    f(208, d.tag, h.word, dir);
    f(209, d.word, h.word, dir);
    f(210, d.tag, h.tag, dist);
    f(211, dl1t.word, d.tag, h.tag);
    f(212, dl1t.word, lab(dl1), dir);
    f(213, dl2t.word, dl1t.word, d.tag);
    f(214, lab(dl1), lab(dl2), d.tag);
    f(215, dr1t.tag, lab(dr1), d.tag);
    f(216, hht.tag, h.tag, d.tag);
    f(217, hsets, d.tag, dir);
    f(218, prev.word, d.tag, dir);
    f(219, next.tag, d.tag, dir);
    f(220, d.upos, h.upos, dir);
    f(221, dl1t.word, h.upos, d.upos);
    f(222, d.word, dl1t.word, 0);
    f(223, h.upos, d.upos, dist);
    f(224, lab(hh as u32), h.tag, d.tag);
    f(225, prev.tag, d.tag, h.tag);
    f(226, d.suffix, h.tag, dir);
}

/// A parse: for each word its head (0-based, or `None` for the root) and label id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Parse {
    pub heads: Vec<Option<u32>>,
    pub labels: Vec<u8>,
}

/// Labels an arc of group `g`: the best label of that group (`root` for an arc from the root).
/// `groups[l]` is the group of label `l`.
#[allow(clippy::too_many_arguments)]
pub fn label_arc<S: Score>(labeler: &S, st: &State, toks: &[Tok], head: usize, dep: usize, g: usize, groups: &[u8], root: usize, scores: &mut [f32], feats: &mut Vec<u64>) -> usize {
    if head == st.n {
        return root;
    }
    // A group of one label needs no scoring.
    let mut members = groups.iter().enumerate().filter(|&(l, &x)| x as usize == g && l != root).map(|(l, _)| l);
    if let (Some(l), None) = (members.next(), members.next()) {
        return l;
    }
    label_features(st, toks, head, dep, feats);
    scores.iter_mut().for_each(|s| *s = 0.0);
    labeler.score(feats, scores);
    argmax(scores, |l| l != root && groups.get(l).is_some_and(|&x| x as usize == g))
        .or_else(|| argmax(scores, |l| l != root))
        .unwrap_or(0)
}

/// Parses one sentence greedily. `root` is the label id of `root`; extra words under the root are
/// attached to the first with `fallback`.
pub fn parse<S: Score, L: Score>(model: &S, labeler: &L, groups: &[u8], toks: &[Tok], root: usize, fallback: u8, feats: &mut Vec<u64>) -> Parse {
    let n = toks.len();
    let mut st = State::new(n);
    let mut lscores = vec![0f32; labeler.classes()];
    while !st.done() {
        let t = if st.stack.is_empty() {
            SHIFT
        } else if let Some(t) = st.only_valid() {
            // One transition is possible (at the end of the sentence, words left on the stack are
            // reduced or attached to the root): scoring would choose it anyway.
            t
        } else {
            features(&st, toks, feats);
            let mut scores = [0f32; MAX_TRANSITIONS];
            let scores = &mut scores[..model.classes().min(MAX_TRANSITIONS)];
            model.score(feats, scores);
            let valid = st.validity();
            match argmax(scores, |t| valid.allows(t)) {
                Some(t) => t,
                None => {
                    // Cannot happen (a left arc or reduce is always possible): drop the word.
                    st.stack.pop();
                    continue;
                }
            }
        };
        let label = match st.arc(t) {
            Some((h, d)) => label_arc(labeler, &st, toks, h, d, group(t), groups, root, &mut lscores, feats),
            None => 0,
        };
        st.apply(t, label);
    }
    let mut p = Parse {
        heads: (0..n)
            .map(|i| {
                let h = st.heads[i];
                if h == NONE || h as usize == n {
                    None
                } else {
                    Some(h)
                }
            })
            .collect(),
        labels: st.labels[..n].to_vec(),
    };
    p.fix_roots(root as u8, fallback);
    p
}

impl Parse {
    /// Keeps one word under the root: the first; others attach to it with `fallback`.
    pub fn fix_roots(&mut self, root: u8, fallback: u8) {
        let mut first = None;
        for i in 0..self.heads.len() {
            if self.heads[i].is_none() {
                match first {
                    None => {
                        first = Some(i as u32);
                        self.labels[i] = root;
                    }
                    Some(f) => {
                        self.heads[i] = Some(f);
                        self.labels[i] = fallback;
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::hash::Rng;

    /// Whenever [`State::only_valid`] names a transition, it is the one transition [`State::valid`]
    /// allows, so skipping the scoring changes no parse; [`State::validity`] allows exactly what
    /// [`State::valid`] does.
    #[test]
    fn only_valid_agrees_with_valid() {
        let classes = transitions(5);
        let mut rng = Rng::new(7);
        let mut seen = 0;
        for n in 1..12 {
            for _ in 0..50 {
                let mut st = State::new(n);
                while !st.done() {
                    let valid: Vec<usize> = (0..classes).filter(|&t| st.valid(t)).collect();
                    let validity = st.validity();
                    assert_eq!(valid, (0..classes).filter(|&t| validity.allows(t)).collect::<Vec<_>>());
                    if let Some(t) = st.only_valid() {
                        assert_eq!(valid, [t]);
                        seen += 1;
                    }
                    let Some(&t) = valid.get((rng.next_u64() % valid.len().max(1) as u64) as usize) else { break };
                    st.apply(t, if is_left(t) && group(t) == 0 { 0 } else { 1 });
                }
            }
        }
        assert!(seen > 100);
    }
}
