//! Token tries: phrases as sequences of interned token keys, with optional gaps.
//!
//! A document's token keys are interned once against the lexicon's [`Vocab`] (one string hash per
//! token); trie walks are then integer lookups.

use rustc_hash::FxHashMap;

/// Symbol of a token key not in any lexicon.
pub const UNKNOWN: u32 = u32::MAX;

/// Most tokens a `*` gap may skip.
pub const MAX_GAP: usize = 4;

/// The vocabulary of every lexicon phrase.
#[derive(Debug, Default, Clone)]
pub struct Vocab {
    ids: FxHashMap<Box<str>, u32>,
}

impl Vocab {
    pub fn intern(&mut self, key: &str) -> u32 {
        if let Some(&id) = self.ids.get(key) {
            return id;
        }
        let id = self.ids.len() as u32;
        self.ids.insert(key.into(), id);
        id
    }
    /// The symbol of a key, or [`UNKNOWN`].
    pub fn get(&self, key: &str) -> u32 {
        self.ids.get(key).copied().unwrap_or(UNKNOWN)
    }
    pub fn len(&self) -> usize {
        self.ids.len()
    }
    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }
}

/// One element of a compiled pattern.
#[derive(Debug, Clone, PartialEq)]
pub enum Step {
    /// Any of these symbols (a verb's inflected forms, or one literal word).
    Word(Vec<u32>),
    /// 0 to [`MAX_GAP`] tokens.
    Gap,
}

/// No node (a gap child) or no value.
const NONE: u32 = u32::MAX;

/// A node in 8 bytes: the lexicons' tries have hundreds of thousands (every inflected form of a
/// verb starts its own branch), nearly all with no value or one.
#[derive(Debug, Clone, Copy)]
struct Node {
    /// The child reached through a gap, or [`NONE`].
    gap: u32,
    /// The node's one value, or [`NONE`]; a node with more keeps them in [`Trie::more`].
    value: u32,
}

impl Default for Node {
    fn default() -> Self {
        Node { gap: NONE, value: NONE }
    }
}

/// A trie over symbol sequences whose nodes hold value ids.
#[derive(Debug, Clone)]
pub struct Trie {
    nodes: Vec<Node>,
    edges: FxHashMap<(u32, u32), u32>,
    /// The values of the few nodes that hold more than one.
    more: FxHashMap<u32, Vec<u32>>,
}

impl Default for Trie {
    fn default() -> Self {
        Trie { nodes: vec![Node::default()], edges: FxHashMap::default(), more: FxHashMap::default() }
    }
}

/// A match: the value ids at the node reached and the token position just after the match.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Hit {
    pub end: usize,
    pub node: u32,
}

impl Trie {
    pub fn insert(&mut self, steps: &[Step], value: u32) {
        let mut frontier = vec![0u32];
        for step in steps {
            let mut next = Vec::new();
            for &n in &frontier {
                match step {
                    Step::Word(syms) => {
                        for &s in syms {
                            let child = match self.edges.get(&(n, s)) {
                                Some(&c) => c,
                                None => {
                                    let c = self.nodes.len() as u32;
                                    self.nodes.push(Node::default());
                                    self.edges.insert((n, s), c);
                                    c
                                }
                            };
                            if !next.contains(&child) {
                                next.push(child);
                            }
                        }
                    }
                    Step::Gap => {
                        let child = match self.nodes[n as usize].gap {
                            NONE => {
                                let c = self.nodes.len() as u32;
                                self.nodes.push(Node::default());
                                self.nodes[n as usize].gap = c;
                                c
                            }
                            c => c,
                        };
                        if !next.contains(&child) {
                            next.push(child);
                        }
                    }
                }
            }
            frontier = next;
        }
        for n in frontier {
            let node = &mut self.nodes[n as usize];
            if node.value == NONE {
                node.value = value;
            } else if node.value != value {
                let more = self.more.entry(n).or_insert_with(|| vec![node.value]);
                if !more.contains(&value) {
                    more.push(value);
                }
            }
        }
    }

    /// Gives back the room the tables grew into while loading (a read-only trie needs no more).
    pub fn shrink_to_fit(&mut self) {
        self.nodes.shrink_to_fit();
        self.edges.shrink_to_fit();
        self.more.shrink_to_fit();
    }

    pub fn values(&self, node: u32) -> &[u32] {
        let n = &self.nodes[node as usize];
        if n.value == NONE {
            return &[];
        }
        // A node with more than one value keeps its first inline too.
        match self.more.get(&node) {
            Some(v) => v,
            None => std::slice::from_ref(&n.value),
        }
    }

    pub fn len(&self) -> usize {
        self.nodes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.nodes.len() <= 1
    }

    /// Every match starting at `start` in `syms`, in no particular order. `gap_ok(i)` says whether
    /// token `i` may be skipped by a gap.
    pub fn matches_at(&self, syms: &[u32], start: usize, gap_ok: &dyn Fn(usize) -> bool, out: &mut Vec<Hit>) {
        self.walk(0, syms, start, gap_ok, out, 0);
    }

    fn walk(&self, node: u32, syms: &[u32], pos: usize, gap_ok: &dyn Fn(usize) -> bool, out: &mut Vec<Hit>, depth: usize) {
        if depth > 0 && self.nodes[node as usize].value != NONE {
            out.push(Hit { end: pos, node });
        }
        if let Some(&s) = syms.get(pos) {
            if s != UNKNOWN {
                if let Some(&c) = self.edges.get(&(node, s)) {
                    self.walk(c, syms, pos + 1, gap_ok, out, depth + 1);
                }
            }
        }
        if let Some(g) = Some(self.nodes[node as usize].gap).filter(|&g| g != NONE) {
            // The gap node itself never holds values (patterns do not end in a gap).
            let mut p = pos;
            for skip in 0..=MAX_GAP {
                if skip > 0 {
                    if p >= syms.len() || !gap_ok(p) {
                        break;
                    }
                    p += 1;
                }
                if let Some(&s) = syms.get(p) {
                    if s != UNKNOWN {
                        if let Some(&c) = self.edges.get(&(g, s)) {
                            self.walk(c, syms, p + 1, gap_ok, out, depth + 1);
                        }
                    }
                }
            }
        }
    }

    /// Calls `f` for every match starting at `start` without gaps, shortest first.
    fn each_prefix(&self, syms: &[u32], start: usize, mut f: impl FnMut(Hit)) {
        let mut node = 0u32;
        let mut pos = start;
        while let Some(&s) = syms.get(pos) {
            if s == UNKNOWN {
                break;
            }
            match self.edges.get(&(node, s)) {
                Some(&c) => {
                    node = c;
                    pos += 1;
                    if self.nodes[c as usize].value != NONE {
                        f(Hit { end: pos, node: c });
                    }
                }
                None => break,
            }
        }
    }

    /// Every match starting at `start` without gaps, longest first.
    pub fn prefixes_at(&self, syms: &[u32], start: usize, out: &mut Vec<Hit>) {
        out.clear();
        self.each_prefix(syms, start, |h| out.push(h));
        out.reverse();
    }

    /// The longest match starting at `start` (no gaps).
    pub fn longest_at(&self, syms: &[u32], start: usize) -> Option<Hit> {
        let mut best = None;
        self.each_prefix(syms, start, |h| best = Some(h));
        best
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn longest_and_gaps() {
        let mut v = Vocab::default();
        let mut t = Trie::default();
        let w = |v: &mut Vocab, s: &str| Step::Word(vec![v.intern(s)]);
        let p1 = vec![w(&mut v, "sign"), Step::Gap, w(&mut v, "agreement"), w(&mut v, "with")];
        t.insert(&p1, 1);
        let p2 = vec![w(&mut v, "sign")];
        t.insert(&p2, 2);
        let text: Vec<u32> = ["sign", "a", "big", "trade", "agreement", "with"].iter().map(|s| v.get(s)).collect();
        let mut out = vec![];
        t.matches_at(&text, 0, &|_| true, &mut out);
        let ends: Vec<usize> = out.iter().map(|h| h.end).collect();
        assert!(ends.contains(&1) && ends.contains(&6));
        // A gap of five is too long.
        let text: Vec<u32> = ["sign", "a", "very", "very", "big", "trade", "agreement", "with"].iter().map(|s| v.get(s)).collect();
        out.clear();
        t.matches_at(&text, 0, &|_| true, &mut out);
        assert_eq!(out.iter().map(|h| h.end).max(), Some(1));
        assert_eq!(t.longest_at(&text, 0).map(|h| h.end), Some(1));
    }

    #[test]
    fn a_node_with_several_values() {
        let mut v = Vocab::default();
        let mut t = Trie::default();
        let p = vec![Step::Word(vec![v.intern("meet")]), Step::Word(vec![v.intern("with")])];
        t.insert(&p, 7);
        t.insert(&p, 7);
        let node = t.longest_at(&[v.get("meet"), v.get("with")], 0).expect("match").node;
        assert_eq!(t.values(node), [7]);
        t.insert(&p, 9);
        assert_eq!(t.values(node), [7, 9]);
        assert!(t.values(0).is_empty());
    }
}
