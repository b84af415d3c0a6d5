//! Training from a UD treebank: deterministic for a given seed.

use crate::conllu::Sentence;
use crate::hash::Rng;
use crate::perceptron::{argmax, Dense, Perceptron, Score};
use crate::tagger::{self, AmbClasses, TagDict, TrainLex};
use std::collections::HashMap;

/// The joint (UPOS, XPOS) classes of a treebank, in order of first appearance.
#[derive(Debug, Clone, Default)]
pub struct Classes {
    pub names: Vec<String>,
    pub index: HashMap<String, u16>,
}

impl Classes {
    pub fn id(&mut self, name: &str) -> u16 {
        if let Some(&i) = self.index.get(name) {
            return i;
        }
        let i = self.names.len() as u16;
        self.names.push(name.to_string());
        self.index.insert(name.to_string(), i);
        i
    }
    pub fn get(&self, name: &str) -> Option<u16> {
        self.index.get(name).copied()
    }
}

pub fn tag_name(upos: &str, xpos: &str) -> String {
    format!("{upos} {xpos}")
}

pub fn tag_classes(sents: &[Sentence]) -> Classes {
    let mut c = Classes::default();
    for s in sents {
        for w in &s.words {
            c.id(&tag_name(&w.upos, &w.xpos));
        }
    }
    c
}

pub struct TaggerOptions {
    pub epochs: usize,
    pub seed: u64,
    pub dict_min_count: usize,
    pub dict_min_ratio: f64,
    pub amb_min_count: usize,
    pub amb_min_share: f64,
}

impl Default for TaggerOptions {
    fn default() -> Self {
        TaggerOptions { epochs: 10, seed: 1, dict_min_count: 20, dict_min_ratio: 0.995, amb_min_count: 3, amb_min_share: 0.05 }
    }
}

fn gold_tags(sents: &[Sentence], classes: &Classes) -> Vec<Vec<u16>> {
    sents.iter().map(|s| s.words.iter().map(|w| classes.get(&tag_name(&w.upos, &w.xpos)).unwrap_or(0)).collect()).collect()
}

/// The dictionaries a tagger needs, from its training sentences.
pub fn tag_lexicons(train: &[Sentence], classes: &Classes, opts: &TaggerOptions) -> (TagDict, AmbClasses) {
    let gold = gold_tags(train, classes);
    let pairs = || train.iter().zip(&gold).flat_map(|(s, g)| s.words.iter().zip(g).map(|(w, &t)| (w.form.as_str(), t)));
    let dict = TagDict::build(pairs(), opts.dict_min_count, opts.dict_min_ratio);
    let amb = AmbClasses::build(pairs(), opts.amb_min_count, opts.amb_min_share);
    (dict, amb)
}

/// A trained tagger: the first pass, and the second pass that also sees the first pass's classes.
pub struct TrainedTagger {
    pub pass1: Dense,
    pub pass2: Option<Dense>,
    pub dict: TagDict,
    pub amb: AmbClasses,
}

impl TrainedTagger {
    pub fn tag(&self, forms: &[&str], out: &mut Vec<u16>) {
        let lex = TrainLex(&self.dict, &self.amb);
        tagger::tag(&self.pass1, &lex, forms, None, out);
        if let Some(p2) = &self.pass2 {
            let first = std::mem::take(out);
            tagger::tag(p2, &lex, forms, Some(&first), out);
        }
    }
}

/// Trains one pass of the tagger. With `first`, the first pass's classes for every training
/// sentence, it trains the second pass. `dev` (sentences and, for a second pass, their first-pass
/// classes) is scored after each epoch through `report`.
pub fn train_pass(
    train: &[Sentence],
    first: Option<&[Vec<u16>]>,
    classes: &Classes,
    lex: &(TagDict, AmbClasses),
    opts: &TaggerOptions,
    dev: Option<(&[Sentence], Option<&[Vec<u16>]>)>,
    mut report: impl FnMut(usize, f64),
) -> Dense {
    let gold = gold_tags(train, classes);
    let (dict, amb) = lex;
    let mut model = Perceptron::new(classes.names.len());
    let mut order: Vec<usize> = (0..train.len()).collect();
    let mut rng = Rng::new(opts.seed);
    let mut feats = Vec::with_capacity(48);
    let mut scores = vec![0f32; classes.names.len()];
    let mut tags: Vec<u16> = Vec::new();
    for epoch in 0..opts.epochs {
        rng.shuffle(&mut order);
        for &si in &order {
            let s = &train[si];
            let forms: Vec<&str> = s.words.iter().map(|w| w.form.as_str()).collect();
            let wf = tagger::word_feats(&forms, &TrainLex(dict, amb));
            let right = first.map(|f| f[si].as_slice());
            tags.clear();
            for i in 0..forms.len() {
                if let Some(&t) = dict.map.get(&wf[i].form) {
                    tags.push(t);
                    continue;
                }
                tagger::features(&wf, i, &tags, right, &mut feats);
                scores.iter_mut().for_each(|x| *x = 0.0);
                model.score(&feats, &mut scores);
                let guess = argmax(&scores, |_| true).unwrap_or(0);
                model.update(&feats, gold[si][i] as usize, guess, 1.0);
                model.tick();
                tags.push(guess as u16);
            }
        }
        if let Some((dev, dev_first)) = dev {
            let avg = model.averaged_scorer();
            let mut tags = Vec::new();
            let mut out = Vec::new();
            for (k, s) in dev.iter().enumerate() {
                let forms: Vec<&str> = s.words.iter().map(|w| w.form.as_str()).collect();
                tagger::tag(&avg, &TrainLex(dict, amb), &forms, dev_first.map(|f| f[k].as_slice()), &mut tags);
                out.push(tags.clone());
            }
            report(epoch + 1, upos_accuracy(classes, dev, &out));
        }
    }
    model.averaged_scorer()
}

/// First-pass classes for every training sentence, each tagged by a model trained on the other
/// folds (`folds` contiguous blocks, so that a document's sentences stay together; two at a time).
pub fn jackknife(train: &[Sentence], classes: &Classes, opts: &TaggerOptions, folds: usize) -> Vec<Vec<u16>> {
    let fold_of = |i: usize| i * folds / train.len().max(1);
    let run = |k: usize| -> Vec<(usize, Vec<u16>)> {
        let rest: Vec<Sentence> = train.iter().enumerate().filter(|(i, _)| fold_of(*i) != k).map(|(_, s)| s.clone()).collect();
        let lex = tag_lexicons(&rest, classes, opts);
        let model = train_pass(&rest, None, classes, &lex, opts, None, |_, _| {});
        let mut out = Vec::new();
        let mut tags = Vec::new();
        for (i, s) in train.iter().enumerate().filter(|(i, _)| fold_of(*i) == k) {
            let forms: Vec<&str> = s.words.iter().map(|w| w.form.as_str()).collect();
            tagger::tag(&model, &TrainLex(&lex.0, &lex.1), &forms, None, &mut tags);
            out.push((i, tags.clone()));
        }
        out
    };
    let mut result = vec![Vec::new(); train.len()];
    let mut k = 0;
    while k < folds {
        let pair: Vec<Vec<(usize, Vec<u16>)>> = std::thread::scope(|sc| {
            let hs: Vec<_> = (k..(k + 2).min(folds)).map(|j| sc.spawn(move || run(j))).collect();
            hs.into_iter().map(|h| h.join().expect("fold thread")).collect()
        });
        for part in pair {
            for (i, t) in part {
                result[i] = t;
            }
        }
        k += 2;
    }
    result
}

/// Share of words whose UPOS is right.
pub fn upos_accuracy(classes: &Classes, sents: &[Sentence], tags: &[Vec<u16>]) -> f64 {
    let (mut ok, mut n) = (0usize, 0usize);
    for (s, t) in sents.iter().zip(tags) {
        for (w, &t) in s.words.iter().zip(t) {
            n += 1;
            if classes.names[t as usize].split(' ').next() == Some(w.upos.as_str()) {
                ok += 1;
            }
        }
    }
    ok as f64 / n.max(1) as f64
}


/// Makes a tree projective by lifting: while some arc spans a word its head does not dominate, the
/// shortest such arc's dependent is re-attached to its head's head. `heads` are 1-based, 0 = root.
pub fn projectivize(heads: &mut [u32]) {
    let n = heads.len();
    let dominates = |heads: &[u32], h: usize, mut k: usize| -> bool {
        // h and k are 1-based word ids; 0 is the root and dominates everything.
        if h == 0 {
            return true;
        }
        let mut steps = 0;
        while k != 0 && steps <= n {
            if k == h {
                return true;
            }
            k = heads[k - 1] as usize;
            steps += 1;
        }
        false
    };
    loop {
        let mut worst: Option<(usize, usize)> = None; // (span length, dependent)
        for d in 1..=n {
            let h = heads[d - 1] as usize;
            if h == 0 {
                continue;
            }
            let (a, b) = if h < d { (h, d) } else { (d, h) };
            if ((a + 1)..b).any(|k| !dominates(heads, h, k)) {
                let len = b - a;
                if worst.map_or(true, |(l, _)| len < l) {
                    worst = Some((len, d));
                }
            }
        }
        let Some((_, d)) = worst else { break };
        let h = heads[d - 1] as usize;
        heads[d - 1] = heads[h - 1];
    }
}

/// The dependency labels of a treebank, `root` first.
pub fn label_classes(sents: &[Sentence]) -> Classes {
    let mut c = Classes::default();
    c.id("root");
    for s in sents {
        for w in &s.words {
            c.id(&w.deprel);
        }
    }
    c
}

pub struct ParserOptions {
    pub grouping: crate::parser::Grouping,
    pub epochs: usize,
    pub seed: u64,
    /// From this epoch on (1-based), the model's own wrong choices are followed with probability `explore`.
    pub explore_from: usize,
    pub explore: f64,
}

impl Default for ParserOptions {
    fn default() -> Self {
        ParserOptions { grouping: crate::parser::Grouping::Labels, epochs: 15, seed: 7, explore_from: 2, explore: 0.9 }
    }
}

/// What the parser reads of a sentence's words: form hashes and tag values.
pub fn upos_of(names: &[String], t: u16) -> &str {
    names.get(t as usize).and_then(|n| n.split(' ').next()).unwrap_or("X")
}

pub fn parser_toks(s: &Sentence, tags: &[u16], names: &[String]) -> Vec<crate::parser::Tok> {
    s.words.iter().zip(tags).map(|(w, &t)| crate::parser::Tok::new(&w.form, t, upos_of(names, t))).collect()
}

/// A trained parser: the transition classifier and the arc labeller.
pub struct TrainedParser {
    /// The group of each label.
    pub groups: Vec<u8>,
    pub transitions: Vec<(u64, Vec<f32>)>,
    pub labels: Vec<(u64, Vec<f32>)>,
}

/// Unlabelled and labelled attachment scores (with punctuation, labels without subtypes).
/// The relations of the label classes (unknown names as `dep`).
pub fn deprels(labels: &Classes) -> Vec<dyad_model::Deprel> {
    labels.names.iter().map(|l| dyad_model::Deprel::parse(l).unwrap_or(dyad_model::Deprel::Dep)).collect()
}

#[allow(clippy::too_many_arguments)]
pub fn attachment<S: Score, L: Score>(model: &S, labeler: &L, labels: &Classes, groups: &[u8], tag_names: &[String], sents: &[Sentence], tags: &[Vec<u16>]) -> (f64, f64) {
    let root = labels.get("root").unwrap_or(0) as usize;
    let fallback = labels.get("parataxis").unwrap_or(0) as u8;
    let (mut uas, mut las, mut n) = (0usize, 0usize, 0usize);
    let mut feats = Vec::new();
    for (s, t) in sents.iter().zip(tags) {
        let toks = parser_toks(s, t, tag_names);
        let p = crate::parser::parse(model, labeler, &groups, &toks, root, fallback, &mut feats);
        for (i, w) in s.words.iter().enumerate() {
            n += 1;
            let head = p.heads[i].map_or(0, |h| h + 1);
            if head == w.head {
                uas += 1;
                let sys = &labels.names[p.labels[i] as usize];
                if sys.split(':').next() == w.deprel.split(':').next() {
                    las += 1;
                }
            }
        }
    }
    (uas as f64 / n.max(1) as f64, las as f64 / n.max(1) as f64)
}

/// Trains the parser on `train` with the given (predicted) tags; reports dev UAS/LAS after each epoch.
pub fn train_parser(
    train: &[Sentence],
    tags: &[Vec<u16>],
    tag_names: &[String],
    labels: &Classes,
    opts: &ParserOptions,
    dev: Option<(&[Sentence], &[Vec<u16>])>,
    mut report: impl FnMut(usize, f64, f64),
) -> TrainedParser {
    use crate::parser::{self, State, REDUCE, SHIFT};
    let nlabels = labels.names.len();
    let root = labels.get("root").unwrap_or(0) as usize;
    let groups = opts.grouping.groups(&deprels(labels));
    let ntrans = parser::transitions(groups.iter().map(|&g| g as usize + 1).max().unwrap_or(1));
    let gold: Vec<(Vec<u32>, Vec<u8>)> = train
        .iter()
        .map(|s| {
            let mut heads: Vec<u32> = s.words.iter().map(|w| w.head).collect();
            projectivize(&mut heads);
            let n = heads.len() as u32;
            let heads = heads.iter().map(|&h| if h == 0 { n } else { h - 1 }).collect();
            let labs = s.words.iter().map(|w| labels.get(&w.deprel).unwrap_or(0) as u8).collect();
            (heads, labs)
        })
        .collect();
    let toks: Vec<Vec<parser::Tok>> = train.iter().zip(tags).map(|(s, t)| parser_toks(s, t, tag_names)).collect();
    let mut model = Perceptron::new(ntrans);
    let mut labeler = Perceptron::new(nlabels);
    let mut order: Vec<usize> = (0..train.len()).collect();
    let mut rng = Rng::new(opts.seed);
    let mut feats = Vec::with_capacity(96);
    let mut lfeats = Vec::with_capacity(32);
    let mut lscores = vec![0f32; nlabels];
    for epoch in 1..=opts.epochs {
        rng.shuffle(&mut order);
        for &si in &order {
            let (gh, gl) = &gold[si];
            let gg: Vec<u8> = gl.iter().map(|&l| groups[l as usize]).collect();
            let n = gh.len();
            let mut st = State::new(n);
            while !st.done() {
                if st.stack.is_empty() {
                    st.apply(SHIFT, 0);
                    continue;
                }
                parser::features(&st, &toks[si], &mut feats);
                let mut scores = vec![0f32; ntrans];
                model.score(&feats, &mut scores);
                let mut costs = vec![usize::MAX; ntrans];
                for (t, c) in costs.iter_mut().enumerate() {
                    if st.valid(t) {
                        *c = st.cost(t, gh, &gg);
                    }
                }
                let min = *costs.iter().min().unwrap_or(&usize::MAX);
                if min == usize::MAX {
                    st.stack.pop();
                    continue;
                }
                let pred = argmax(&scores, |t| costs[t] != usize::MAX).unwrap_or(REDUCE);
                let best = argmax(&scores, |t| costs[t] == min).unwrap_or(pred);
                if costs[pred] > min {
                    model.update(&feats, best, pred, 1.0);
                }
                model.tick();
                let next = if costs[pred] == min || (epoch >= opts.explore_from && rng.unit() < opts.explore) { pred } else { best };
                // The label: learned on arcs that are gold; the predicted one is used, as when parsing.
                let label = match st.arc(next) {
                    Some((h, _)) if h == n => root,
                    Some((_, d)) if groups.iter().filter(|&&x| x as usize == parser::group(next)).count() == 1 => {
                        groups.iter().position(|&x| x as usize == parser::group(next)).unwrap_or(gl[d] as usize)
                    }
                    Some((h, d)) => {
                        parser::label_features(&st, &toks[si], h, d, &mut lfeats);
                        lscores.iter_mut().for_each(|x| *x = 0.0);
                        labeler.score(&lfeats, &mut lscores);
                        let g = parser::group(next);
                        let guess = argmax(&lscores, |l| l != root && groups[l] as usize == g).unwrap_or(0);
                        if gh[d] as usize == h {
                            labeler.update(&lfeats, gl[d] as usize, guess, 1.0);
                            labeler.tick();
                        }
                        guess
                    }
                    None => 0,
                };
                st.apply(next, label);
            }
        }
        if let Some((dev, dev_tags)) = dev {
            let (u, l) = attachment(&model.averaged_scorer(), &labeler.averaged_scorer(), labels, &groups, tag_names, dev, dev_tags);
            report(epoch, u, l);
        }
    }
    TrainedParser { groups, transitions: model.averaged(0.0), labels: labeler.averaged(0.0) }
}

/// Sums rows of several models by feature key (parameter mixing of parsers trained with different
/// seeds: scores are the models' scores added). Each input is sorted by key ([`Perceptron::averaged`]);
/// so is the output.
pub fn sum_rows(models: &[Vec<(u64, Vec<f32>)>]) -> Vec<(u64, Vec<f32>)> {
    let mut out: Vec<(u64, Vec<f32>)> = Vec::new();
    let mut all: Vec<&(u64, Vec<f32>)> = models.iter().flatten().collect();
    all.sort_by_key(|(k, _)| *k);
    for (k, row) in all {
        match out.last_mut() {
            Some((last, sum)) if last == k => sum.iter_mut().zip(row).for_each(|(s, x)| *s += x),
            _ => out.push((*k, row.clone())),
        }
    }
    out
}

/// The parsers of several seeds as one: their transition and label rows summed ([`sum_rows`]).
/// All must share the label groups.
pub fn mix_parsers(parsers: Vec<TrainedParser>) -> TrainedParser {
    let groups = parsers.first().map(|p| p.groups.clone()).unwrap_or_default();
    debug_assert!(parsers.iter().all(|p| p.groups == groups));
    let (mut t, mut l) = (Vec::new(), Vec::new());
    for p in parsers {
        t.push(p.transitions);
        l.push(p.labels);
    }
    TrainedParser { groups, transitions: sum_rows(&t), labels: sum_rows(&l) }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Mixing adds the rows of a key found in several models, keeps the others as they are, and
    /// returns the keys sorted.
    #[test]
    fn sum_rows_adds_by_key() {
        let a = vec![(1, vec![1.0, 2.0]), (5, vec![0.5, -1.0])];
        let b = vec![(3, vec![4.0, 0.0]), (5, vec![1.5, 1.0])];
        let mixed = sum_rows(&[a, b]);
        assert_eq!(mixed, vec![(1, vec![1.0, 2.0]), (3, vec![4.0, 0.0]), (5, vec![2.0, 0.0])]);
    }
}
