//! Evaluation against a CoNLL-U file, with the measures of the CoNLL 2018 shared task.
//!
//! - **Gold tokens** ([`gold_tokens`]): the file's words are tagged, lemmatized and parsed as they
//!   are; UPOS, XPOS, lemma, UAS and LAS are accuracies over its words.
//! - **Raw text** ([`raw_text`]): the text is rebuilt from the file (`# newdoc` starts a document,
//!   `# newpar` a paragraph — a blank line —, sentences of a paragraph are joined by a space) and run
//!   through dyad's own text stage and word mapping. System and gold words are aligned as the CoNLL
//!   2018 script aligns them: on the characters of the text without whitespace, tokens by equal
//!   spans, words inside multiword tokens by the longest common subsequence of their lower-cased
//!   forms. Every measure is then an F1 of system against gold words.
//!
//! LAS compares the universal relation (subtypes dropped), punctuation included; "LAS (full)" also
//! compares subtypes. Per-relation figures are F1 of (head, full relation) for the relations dyad's
//! coder reads.

use crate::conllu;
use crate::Parser;
use dyad_model::{Deprel, Document};
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// Relations reported one by one.
pub const CODER_RELATIONS: [Deprel; 12] = [
    Deprel::Nsubj,
    Deprel::NsubjPass,
    Deprel::Obj,
    Deprel::Iobj,
    Deprel::Obl,
    Deprel::OblAgent,
    Deprel::Nmod,
    Deprel::Conj,
    Deprel::Xcomp,
    Deprel::Ccomp,
    Deprel::AclRelcl,
    Deprel::Appos,
];

/// Correct, system and gold counts of one measure.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Count {
    pub correct: usize,
    pub system: usize,
    pub gold: usize,
}

impl Count {
    pub fn precision(&self) -> f64 {
        ratio(self.correct, self.system)
    }
    pub fn recall(&self) -> f64 {
        ratio(self.correct, self.gold)
    }
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

/// The figures of one evaluation.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Report {
    pub sentences: Count,
    pub tokens: Count,
    pub words: Count,
    pub upos: Count,
    pub xpos: Count,
    pub lemmas: Count,
    pub uas: Count,
    pub las: Count,
    pub las_full: Count,
    /// Per relation (full label): (head and relation right, system words with it, gold words with it).
    pub relations: BTreeMap<Deprel, Count>,
}

impl Report {
    /// The report as a table; `raw` adds the segmentation lines.
    pub fn render(&self, title: &str, raw: bool) -> String {
        let mut s = String::new();
        let _ = writeln!(s, "{title}");
        let _ = writeln!(s, "{:<12} {:>9} {:>9} {:>9}", "metric", "precision", "recall", "F1");
        let mut line = |name: &str, c: &Count| {
            let _ = writeln!(s, "{:<12} {:>9.4} {:>9.4} {:>9.4}", name, c.precision(), c.recall(), c.f1());
        };
        if raw {
            line("Sentences", &self.sentences);
            line("Tokens", &self.tokens);
            line("Words", &self.words);
        }
        line("UPOS", &self.upos);
        line("XPOS", &self.xpos);
        line("Lemmas", &self.lemmas);
        line("UAS", &self.uas);
        line("LAS", &self.las);
        line("LAS (full)", &self.las_full);
        for (d, c) in &self.relations {
            line(d.as_str(), c);
        }
        s
    }
}

/// One word as compared: tag, lemma, head (an index into the same side's word list, `None` =
/// root), relation.
#[derive(Debug, Clone)]
struct W {
    upos: String,
    xpos: String,
    lemma: String,
    head: Option<usize>,
    rel: Deprel,
    /// The relation as written (gold side may carry labels dyad does not know).
    rel_name: String,
}

fn score_pairs(gold: &[W], sys: &[W], pairs: &[(usize, usize)], r: &mut Report) {
    // gold index → system index, for heads.
    let mut g2s = vec![None; gold.len()];
    for &(g, s) in pairs {
        g2s[g] = Some(s);
    }
    for &(g, s) in pairs {
        let (gw, sw) = (&gold[g], &sys[s]);
        r.upos.correct += (gw.upos == sw.upos) as usize;
        r.xpos.correct += (gw.xpos == sw.xpos) as usize;
        r.lemmas.correct += (gw.lemma == "_" || gw.lemma == sw.lemma) as usize;
        let head_ok = match (gw.head, sw.head) {
            (None, None) => true,
            (Some(gh), Some(sh)) => g2s[gh] == Some(sh),
            _ => false,
        };
        if head_ok {
            r.uas.correct += 1;
            let gbase = gw.rel_name.split(':').next().unwrap_or("");
            if gbase == sw.rel.base().as_str() {
                r.las.correct += 1;
            }
            if gw.rel_name == sw.rel.as_str() {
                r.las_full.correct += 1;
                if let Some(c) = r.relations.get_mut(&sw.rel) {
                    c.correct += 1;
                }
            }
        }
    }
    for c in [&mut r.upos, &mut r.xpos, &mut r.lemmas, &mut r.uas, &mut r.las, &mut r.las_full] {
        c.system += sys.len();
        c.gold += gold.len();
    }
    for w in gold {
        if let Some(c) = Deprel::parse(&w.rel_name).and_then(|d| r.relations.get_mut(&d)) {
            c.gold += 1;
        }
    }
    for w in sys {
        if let Some(c) = r.relations.get_mut(&w.rel) {
            c.system += 1;
        }
    }
}

fn new_report() -> Report {
    Report { relations: CODER_RELATIONS.iter().map(|&d| (d, Count::default())).collect(), ..Report::default() }
}

fn gold_words(s: &conllu::Sentence) -> Vec<W> {
    s.words
        .iter()
        .map(|w| W {
            upos: w.upos.clone(),
            xpos: w.xpos.clone(),
            lemma: w.lemma.clone(),
            head: (w.head > 0).then(|| w.head as usize - 1),
            rel: Deprel::parse(&w.deprel).unwrap_or(Deprel::Dep),
            rel_name: w.deprel.clone(),
        })
        .collect()
}

/// Tags, lemmatizes and parses the file's own words.
pub fn gold_tokens(parser: &Parser<'_>, sents: &[conllu::Sentence]) -> Report {
    let model = parser.model();
    let system: Vec<conllu::Sentence> = sents
        .iter()
        .map(|s| {
            let forms: Vec<&str> = s.words.iter().map(|w| w.form.as_str()).collect();
            let a = parser.analyse(&forms);
            let words = (0..forms.len())
                .map(|i| {
                    let c = model.tags.get(a.tags[i] as usize);
                    conllu::Word {
                        form: forms[i].to_string(),
                        lemma: a.lemmas[i].clone(),
                        upos: c.map_or("X", |c| c.upos.as_str()).to_string(),
                        xpos: c.map_or("", |c| c.xpos.as_str()).to_string(),
                        head: a.heads[i].map_or(0, |h| h + 1),
                        deprel: a.deprels[i].as_str().to_string(),
                        space_after: true,
                    }
                })
                .collect();
            conllu::Sentence { words, ..s.clone() }
        })
        .collect();
    compare_words(sents, &system)
}

/// Scores system sentences against gold sentences with the same words (gold segmentation).
pub fn compare_words(gold: &[conllu::Sentence], system: &[conllu::Sentence]) -> Report {
    let mut r = new_report();
    for (s, sys) in gold.iter().zip(system) {
        let sys = gold_words(sys);
        let gold = gold_words(s);
        let pairs: Vec<(usize, usize)> = (0..gold.len().min(sys.len())).map(|i| (i, i)).collect();
        score_pairs(&gold, &sys, &pairs, &mut r);
        r.sentences.correct += 1;
        r.sentences.system += 1;
        r.sentences.gold += 1;
        let ntok = s.tokens().len();
        r.tokens = Count { correct: r.tokens.correct + ntok, system: r.tokens.system + ntok, gold: r.tokens.gold + ntok };
        r.words = Count { correct: r.words.correct + gold.len(), system: r.words.system + gold.len(), gold: r.words.gold + gold.len() };
    }
    r
}

/// A surface token on one side: its span in whitespace-free characters and its words.
#[derive(Debug, Clone)]
struct Tok {
    start: usize,
    end: usize,
    /// Indices into the side's word list.
    words: std::ops::Range<usize>,
    /// Lower-cased forms of its words.
    forms: Vec<String>,
}

/// Character index (whitespace excluded) of every byte offset of `text`.
fn char_index(text: &str) -> Vec<usize> {
    let mut idx = vec![0; text.len() + 1];
    let mut n = 0;
    for (b, c) in text.char_indices() {
        for k in 0..c.len_utf8() {
            idx[b + k] = n;
        }
        if !c.is_whitespace() {
            n += 1;
        }
    }
    idx[text.len()] = n;
    idx
}

/// Rebuilds documents from the file, runs dyad's text stage and the parser, and aligns.
pub fn raw_text(parser: &Parser<'_>, sents: &[conllu::Sentence]) -> Report {
    let mut r = new_report();
    // Split into documents.
    let mut docs: Vec<&[conllu::Sentence]> = Vec::new();
    let mut start = 0;
    for i in 1..=sents.len() {
        if i == sents.len() || sents[i].newdoc {
            if i > start {
                docs.push(&sents[start..i]);
            }
            start = i;
        }
    }
    for (d, ds) in docs.iter().enumerate() {
        // The text, and the gold tokens' byte spans in it. Token forms are normalised as dyad's text
        // stage would, so that both sides share one character sequence.
        let mut text = String::new();
        let mut gold: Vec<W> = Vec::new();
        let mut gtoks: Vec<(usize, usize, std::ops::Range<usize>, Vec<String>)> = Vec::new();
        let mut gsents: Vec<(usize, usize)> = Vec::new();
        for (k, s) in ds.iter().enumerate() {
            if k > 0 {
                text.push_str(if s.newpar { "\n\n" } else { " " });
            }
            let base = gold.len();
            let first_tok = gtoks.len();
            for (form, space, a, b) in s.tokens() {
                let nf = dyad_text::normalize(form);
                let trimmed = nf.trim();
                if trimmed.is_empty() {
                    continue;
                }
                let lead = nf.len() - nf.trim_start().len();
                let st = text.len() + lead;
                text.push_str(&nf);
                gtoks.push((st, st + trimmed.len(), base + a..base + b + 1, s.words[a..=b].iter().map(|w| w.form.to_lowercase()).collect()));
                if space {
                    text.push(' ');
                }
            }
            for w in gold_words(s) {
                gold.push(W { head: w.head.map(|h| h + base), ..w });
            }
            if gtoks.len() > first_tok {
                gsents.push((gtoks[first_tok].0, gtoks[gtoks.len() - 1].1));
            }
        }
        let gidx = char_index(&text);
        for s in &mut gsents {
            *s = (gidx[s.0], gidx[s.1]);
        }
        let mut doc = Document::new(format!("doc{}", d + 1), text.clone());
        dyad_text::process(&mut doc);
        parser.parse_all(&mut doc);
        let sidx = char_index(&doc.text);
        let gold_toks: Vec<Tok> = gtoks.into_iter().map(|(a, b, w, f)| Tok { start: gidx[a], end: gidx[b], words: w, forms: f }).collect();
        // System words and tokens: adjacent words from one text-stage token, or a clitic glued to the
        // word before it ("Russia" "'s", "did" "n't"), form one surface token, as in the treebank.
        let mut sys: Vec<W> = Vec::new();
        let mut stoks: Vec<Tok> = Vec::new();
        let mut ssents: Vec<(usize, usize)> = Vec::new();
        for sent in &doc.sentences {
            let Some(range) = sent.words.clone() else { continue };
            let base = sys.len();
            let ws = &doc.words[range.start as usize..range.end as usize];
            for (i, w) in ws.iter().enumerate() {
                sys.push(W {
                    upos: w.upos.as_str().to_string(),
                    xpos: w.xpos.as_str().to_string(),
                    lemma: doc.lemmas.get(w.lemma.range()).unwrap_or("").to_string(),
                    head: w.head.map(|h| (h - range.start) as usize + base),
                    rel: w.deprel,
                    rel_name: w.deprel.as_str().to_string(),
                });
                let form = doc.slice(w.span);
                // Two words cut from one text-stage token, or a clitic right after a word.
                let glued = i > 0 && {
                    let prev = &ws[i - 1];
                    let same_token = doc.tokens.get(w.token as usize).is_some_and(|t| t.span.start <= prev.span.start && w.span.end <= t.span.end);
                    prev.span.end == w.span.start && (same_token || form.starts_with('\'') || form.eq_ignore_ascii_case("n't"))
                };
                let (a, b) = (sidx[w.span.start as usize], sidx[w.span.end as usize]);
                match stoks.last_mut() {
                    Some(t) if glued => {
                        t.end = b;
                        t.words.end = base + i + 1;
                        t.forms.push(form.to_lowercase());
                    }
                    _ => stoks.push(Tok { start: a, end: b, words: base + i..base + i + 1, forms: vec![form.to_lowercase()] }),
                }
            }
            if let (Some(f), Some(l)) = (ws.first(), ws.last()) {
                ssents.push((sidx[f.span.start as usize], sidx[l.span.end as usize]));
            }
        }
        // Sentences and tokens: equal spans.
        let gs: std::collections::HashSet<(usize, usize)> = gsents.iter().copied().collect();
        r.sentences.correct += ssents.iter().filter(|s| gs.contains(s)).count();
        r.sentences.system += ssents.len();
        r.sentences.gold += gsents.len();
        let by_span: std::collections::HashMap<(usize, usize), usize> = stoks.iter().enumerate().map(|(i, t)| ((t.start, t.end), i)).collect();
        let mut pairs: Vec<(usize, usize)> = Vec::new();
        let mut tok_ok = 0;
        for gt in &gold_toks {
            let Some(&si) = by_span.get(&(gt.start, gt.end)) else { continue };
            tok_ok += 1;
            let st = &stoks[si];
            if gt.words.len() == 1 && st.words.len() == 1 {
                pairs.push((gt.words.start, st.words.start));
            } else {
                for (a, b) in lcs(&gt.forms, &st.forms) {
                    pairs.push((gt.words.start + a, st.words.start + b));
                }
            }
        }
        r.tokens.correct += tok_ok;
        r.tokens.system += stoks.len();
        r.tokens.gold += gold_toks.len();
        r.words.correct += pairs.len();
        r.words.system += sys.len();
        r.words.gold += gold.len();
        score_pairs(&gold, &sys, &pairs, &mut r);
    }
    r
}

/// Index pairs of a longest common subsequence of two word lists.
fn lcs(a: &[String], b: &[String]) -> Vec<(usize, usize)> {
    let (n, m) = (a.len(), b.len());
    let mut t = vec![vec![0usize; m + 1]; n + 1];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            t[i][j] = if a[i] == b[j] { t[i + 1][j + 1] + 1 } else { t[i + 1][j].max(t[i][j + 1]) };
        }
    }
    let (mut i, mut j, mut out) = (0, 0, Vec::new());
    while i < n && j < m {
        if a[i] == b[j] {
            out.push((i, j));
            i += 1;
            j += 1;
        } else if t[i + 1][j] >= t[i][j + 1] {
            i += 1;
        } else {
            j += 1;
        }
    }
    out
}


#[cfg(test)]
mod tests {
    use super::*;

    const GOLD: &str = "# text = Russia condemned the strikes .\n\
1\tRussia\tRussia\tPROPN\tNNP\t_\t2\tnsubj\t_\t_\n\
2\tcondemned\tcondemn\tVERB\tVBD\t_\t0\troot\t_\t_\n\
3\tthe\tthe\tDET\tDT\t_\t4\tdet\t_\t_\n\
4\tstrikes\tstrike\tNOUN\tNNS\t_\t2\tobj\t_\t_\n\
5\t.\t.\tPUNCT\t.\t_\t2\tpunct\t_\t_\n\n";

    // Word 4 is tagged VERB with lemma "strikes" and attached to word 1 as obj; word 5's relation is
    // wrong (dep), and word 3's label subtype differs (det:predet).
    const SYS: &str = "1\tRussia\tRussia\tPROPN\tNNP\t_\t2\tnsubj\t_\t_\n\
2\tcondemned\tcondemn\tVERB\tVBD\t_\t0\troot\t_\t_\n\
3\tthe\tthe\tDET\tDT\t_\t4\tdet:predet\t_\t_\n\
4\tstrikes\tstrikes\tVERB\tVBZ\t_\t1\tobj\t_\t_\n\
5\t.\t.\tPUNCT\t.\t_\t2\tdep\t_\t_\n\n";

    #[test]
    fn gold_token_scores_match_a_hand_count() {
        let g = conllu::parse(GOLD).unwrap();
        let s = conllu::parse(SYS).unwrap();
        let r = compare_words(&g, &s);
        // 5 words. UPOS: 4 of 5 (word 4). Lemmas: 4 of 5. Heads: 4 of 5 (word 4).
        // LAS (no subtypes): words 1, 2, 3 (det = det) → 3 of 5. LAS (full): words 1 and 2 → 2 of 5.
        assert_eq!((r.upos.correct, r.upos.gold), (4, 5));
        assert_eq!(r.lemmas.correct, 4);
        assert_eq!(r.uas.correct, 4);
        assert_eq!(r.las.correct, 3);
        assert_eq!(r.las_full.correct, 2);
        // obj: gold 1 (word 4), system 1 (word 4, wrong head) → 0 correct.
        assert_eq!(r.relations[&Deprel::Obj], Count { correct: 0, system: 1, gold: 1 });
        assert_eq!(r.relations[&Deprel::Nsubj], Count { correct: 1, system: 1, gold: 1 });
        assert!((r.las.f1() - 0.6).abs() < 1e-9);
    }

    #[test]
    fn multiword_tokens_align_by_common_subsequence() {
        let gold: Vec<String> = ["do", "n't"].iter().map(|s| s.to_string()).collect();
        let sys: Vec<String> = ["do", "n't"].iter().map(|s| s.to_string()).collect();
        assert_eq!(lcs(&gold, &sys), vec![(0, 0), (1, 1)]);
        let sys2: Vec<String> = ["don't"].iter().map(|s| s.to_string()).collect();
        assert!(lcs(&gold, &sys2).is_empty());
        assert_eq!(char_index("a b\nc"), vec![0, 1, 1, 2, 2, 3]);
    }
}
