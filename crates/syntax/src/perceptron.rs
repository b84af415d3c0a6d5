//! The averaged perceptron used in training, and the [`Score`] trait the decoders share with the
//! compact model weights ([`crate::weights`]).

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// A hasher for keys that are already well-mixed 64-bit hashes.
#[derive(Default)]
pub struct KeyHasher(u64);

impl Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 << 8) ^ b as u64;
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

pub type KeyMap<V> = HashMap<u64, V, BuildHasherDefault<KeyHasher>>;

/// Anything that scores feature keys into per-class scores.
pub trait Score {
    fn classes(&self) -> usize;
    /// Adds the weights of `feats` to `scores` (one slot per class).
    fn score(&self, feats: &[u64], scores: &mut [f32]);
}

/// A multi-class averaged perceptron over hashed features, dense rows per feature.
///
/// Averaging uses the "accumulated step" form: besides the weights `w`, `u` accumulates each update
/// times the step it happened at, and the average is `w - u / steps`.
pub struct Perceptron {
    nclass: usize,
    index: KeyMap<u32>,
    w: Vec<f32>,
    u: Vec<f64>,
    /// Number of training instances seen.
    pub steps: u64,
}

impl Perceptron {
    pub fn new(nclass: usize) -> Perceptron {
        Perceptron { nclass, index: KeyMap::default(), w: Vec::new(), u: Vec::new(), steps: 1 }
    }

    fn row(&mut self, key: u64) -> usize {
        let n = self.index.len() as u32;
        let nclass = self.nclass;
        let r = *self.index.entry(key).or_insert(n);
        if r == n {
            self.w.resize(self.w.len() + nclass, 0.0);
            self.u.resize(self.u.len() + nclass, 0.0);
        }
        r as usize * nclass
    }

    /// Moves `truth` up and `guess` down by `amount` on every feature.
    pub fn update(&mut self, feats: &[u64], truth: usize, guess: usize, amount: f32) {
        if truth == guess {
            return;
        }
        let step = self.steps as f64;
        for &f in feats {
            let r = self.row(f);
            self.w[r + truth] += amount;
            self.u[r + truth] += step * amount as f64;
            self.w[r + guess] -= amount;
            self.u[r + guess] -= step * amount as f64;
        }
    }

    /// Counts one training instance.
    pub fn tick(&mut self) {
        self.steps += 1;
    }

    /// The averaged weights, in feature-key order (deterministic): rows with all weights below
    /// `threshold` in magnitude are dropped.
    pub fn averaged(&self, threshold: f32) -> Vec<(u64, Vec<f32>)> {
        let steps = self.steps as f64;
        let mut out: Vec<(u64, Vec<f32>)> = Vec::with_capacity(self.index.len());
        for (&k, &r) in &self.index {
            let r = r as usize * self.nclass;
            let row: Vec<f32> =
                (0..self.nclass).map(|c| (self.w[r + c] as f64 - self.u[r + c] / steps) as f32).collect();
            if row.iter().any(|x| x.abs() >= threshold) {
                out.push((k, row));
            }
        }
        out.sort_unstable_by_key(|(k, _)| *k);
        out
    }

    /// A scorer over the averaged weights (for evaluating on dev during training).
    pub fn averaged_scorer(&self) -> Dense {
        Dense::from_rows(self.nclass, self.averaged(0.0))
    }

    pub fn features(&self) -> usize {
        self.index.len()
    }
}

impl Score for Perceptron {
    fn classes(&self) -> usize {
        self.nclass
    }
    fn score(&self, feats: &[u64], scores: &mut [f32]) {
        for f in feats {
            if let Some(&r) = self.index.get(f) {
                let row = &self.w[r as usize * self.nclass..(r as usize + 1) * self.nclass];
                for (s, w) in scores.iter_mut().zip(row) {
                    *s += w;
                }
            }
        }
    }
}

/// Plain dense float rows behind a hash map: the averaged weights while training.
pub struct Dense {
    nclass: usize,
    index: KeyMap<u32>,
    w: Vec<f32>,
}

impl Dense {
    pub fn from_rows(nclass: usize, rows: Vec<(u64, Vec<f32>)>) -> Dense {
        let mut index = KeyMap::default();
        let mut w = Vec::with_capacity(rows.len() * nclass);
        for (i, (k, row)) in rows.into_iter().enumerate() {
            index.insert(k, i as u32);
            w.extend_from_slice(&row);
        }
        Dense { nclass, index, w }
    }
}

impl Dense {
    /// The rows, in feature-key order.
    pub fn rows(&self) -> Vec<(u64, Vec<f32>)> {
        let mut out: Vec<(u64, Vec<f32>)> =
            self.index.iter().map(|(&k, &r)| (k, self.w[r as usize * self.nclass..(r as usize + 1) * self.nclass].to_vec())).collect();
        out.sort_unstable_by_key(|(k, _)| *k);
        out
    }
}

impl Score for Dense {
    fn classes(&self) -> usize {
        self.nclass
    }
    fn score(&self, feats: &[u64], scores: &mut [f32]) {
        for f in feats {
            if let Some(&r) = self.index.get(f) {
                let row = &self.w[r as usize * self.nclass..(r as usize + 1) * self.nclass];
                for (s, w) in scores.iter_mut().zip(row) {
                    *s += w;
                }
            }
        }
    }
}

/// The index of the highest score among `allowed` classes (first on ties).
pub fn argmax(scores: &[f32], allowed: impl Fn(usize) -> bool) -> Option<usize> {
    let mut best: Option<(usize, f32)> = None;
    for (i, &s) in scores.iter().enumerate() {
        if allowed(i) && best.map_or(true, |(_, b)| s > b) {
            best = Some((i, s));
        }
    }
    best.map(|(i, _)| i)
}
