//! [`Tree`]: a parsed sentence as the coder reads it.

use dyad_model::{Deprel, Document, Span, Word};

/// A read-only view of one parsed sentence. Word indices are 0-based within the sentence.
#[derive(Debug, Clone)]
pub struct Tree<'d> {
    doc: &'d Document,
    words: &'d [Word],
    base: u32,
    /// Children of each word in text order, as ranges of `kids`.
    child_ranges: Vec<(u32, u32)>,
    kids: Vec<u32>,
    root: Option<usize>,
}

impl<'d> Tree<'d> {
    /// The tree of sentence `s`, if it was parsed.
    pub fn of(doc: &'d Document, s: usize) -> Option<Tree<'d>> {
        let r = doc.sentences.get(s)?.words.clone()?;
        let words = doc.words.get(r.start as usize..r.end as usize)?;
        let n = words.len();
        let base = r.start;
        let head = |i: usize| words[i].head.and_then(|h| h.checked_sub(base)).map(|h| h as usize).filter(|&h| h < n);
        let mut counts = vec![0u32; n + 1];
        let mut root = None;
        for i in 0..n {
            match head(i) {
                Some(h) => counts[h + 1] += 1,
                None => root = root.or(Some(i)),
            }
        }
        for i in 0..n {
            counts[i + 1] += counts[i];
        }
        let child_ranges: Vec<(u32, u32)> = (0..n).map(|i| (counts[i], counts[i + 1])).collect();
        let mut fill = counts.clone();
        let mut kids = vec![0u32; counts[n] as usize];
        for i in 0..n {
            if let Some(h) = head(i) {
                kids[fill[h] as usize] = i as u32;
                fill[h] += 1;
            }
        }
        Some(Tree { doc, words, base, child_ranges, kids, root })
    }

    pub fn len(&self) -> usize {
        self.words.len()
    }
    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }
    pub fn word(&self, i: usize) -> &'d Word {
        &self.words[i]
    }
    /// The index of word `i` in [`Document::words`].
    pub fn doc_index(&self, i: usize) -> usize {
        self.base as usize + i
    }
    pub fn text(&self, i: usize) -> &'d str {
        self.doc.slice(self.words[i].span)
    }
    pub fn lemma(&self, i: usize) -> &'d str {
        self.doc.lemmas.get(self.words[i].lemma.range()).unwrap_or("")
    }
    pub fn rel(&self, i: usize) -> Deprel {
        self.words[i].deprel
    }
    pub fn head(&self, i: usize) -> Option<usize> {
        self.words[i].head.and_then(|h| h.checked_sub(self.base)).map(|h| h as usize).filter(|&h| h < self.len())
    }
    pub fn root(&self) -> Option<usize> {
        self.root
    }
    /// The children of `i`, in text order.
    pub fn children(&self, i: usize) -> impl Iterator<Item = usize> + '_ {
        let (a, b) = self.child_ranges[i];
        self.kids[a as usize..b as usize].iter().map(|&k| k as usize)
    }
    /// The children of `i` with relation `rel` (exactly, subtype included).
    pub fn children_by(&self, i: usize, rel: Deprel) -> impl Iterator<Item = usize> + '_ {
        self.children(i).filter(move |&k| self.rel(k) == rel)
    }
    /// The children of `i` whose relation, subtype dropped, is `base` (`nsubj` finds `nsubj:pass`).
    pub fn children_by_base(&self, i: usize, base: Deprel) -> impl Iterator<Item = usize> + '_ {
        self.children(i).filter(move |&k| self.rel(k).base() == base)
    }
    /// `i`'s ancestors, nearest first.
    pub fn ancestors(&self, i: usize) -> impl Iterator<Item = usize> + '_ {
        let mut cur = Some(i);
        let mut steps = 0;
        std::iter::from_fn(move || {
            cur = cur.and_then(|c| self.head(c));
            steps += 1;
            if steps > self.len() {
                return None;
            }
            cur
        })
    }
    /// The words on the path from `a` to `b`, both included: up from `a` to the nearest common
    /// ancestor, then down to `b`. `None` if they are in different trees (never, for a parsed sentence).
    pub fn path(&self, a: usize, b: usize) -> Option<Vec<usize>> {
        let up_a: Vec<usize> = std::iter::once(a).chain(self.ancestors(a)).collect();
        let up_b: Vec<usize> = std::iter::once(b).chain(self.ancestors(b)).collect();
        let (ia, ib) = up_a.iter().enumerate().find_map(|(ia, x)| up_b.iter().position(|y| y == x).map(|ib| (ia, ib)))?;
        let mut p: Vec<usize> = up_a[..=ia].to_vec();
        p.extend(up_b[..ib].iter().rev());
        Some(p)
    }
    /// The words of `i`'s subtree, `i` included, in text order.
    pub fn subtree(&self, i: usize) -> Vec<usize> {
        let mut out = vec![i];
        let mut k = 0;
        while k < out.len() {
            let w = out[k];
            out.extend(self.children(w));
            k += 1;
            if out.len() > self.len() {
                break;
            }
        }
        out.sort_unstable();
        out
    }
    /// The byte span from the first to the last word of `i`'s subtree.
    pub fn subtree_span(&self, i: usize) -> Span {
        let st = self.subtree(i);
        let first = st.first().copied().unwrap_or(i);
        let last = st.last().copied().unwrap_or(i);
        Span { start: self.words[first].span.start, end: self.words[last].span.end }
    }
    /// The word that covers byte `pos` of the text, if any.
    pub fn word_at(&self, pos: u32) -> Option<usize> {
        self.words.iter().position(|w| w.span.start <= pos && pos < w.span.end)
    }
}
