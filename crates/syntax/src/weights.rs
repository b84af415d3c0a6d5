//! Compact, zero-copy perceptron weights: the form the model ships in.
//!
//! A table is an open-addressing hash table of feature keys over byte slices of the model file,
//! read in place (little-endian, no alignment needed, nothing decoded at start-up):
//!
//! ```text
//! u32 nclass | f32 unscale | u32 nslots (a power of two) | u32 nsparse | u32 ndense
//! u64 × nslots          slot: 0 = empty, else fingerprint (24 bits) << 40 | length (8) << 32 | offset (32)
//! u8 class, i16 weight  × nsparse   (sparse rows: 3 bytes an entry)
//! i16 × nclass          × ndense    (dense rows)
//! ```
//!
//! A feature's row holds its non-zero classes: sparse when it has few, dense (length byte 0) when it
//! has many, so that the frequent features — tags, labels, distances — are added with wide vector
//! adds. Weights are the averaged perceptron's scaled into `i16`; weights that round to zero are
//! dropped, which prunes the model. Scores are summed as integers.

use crate::perceptron::Score;

const HEADER: usize = 20;
/// Rows with more non-zero classes than this are stored dense.
const DENSE_FROM: usize = 12;
/// Tables have at most this many classes (classes are stored as one byte).
pub const MAX_CLASSES: usize = 256;

/// Writes a table from averaged rows (feature key, one weight per class). Weights below `min_abs`
/// in magnitude are dropped.
pub fn write(nclass: usize, rows: &[(u64, Vec<f32>)], min_abs: f32) -> Vec<u8> {
    assert!(nclass <= MAX_CLASSES, "at most {MAX_CLASSES} classes");
    let max = rows.iter().flat_map(|(_, r)| r.iter()).fold(0f32, |m, x| m.max(x.abs()));
    let scale = if max > 0.0 { 32000.0 / max } else { 1.0 };
    let kept: Vec<(u64, Vec<(u8, i16)>)> = rows
        .iter()
        .filter_map(|(k, r)| {
            let e: Vec<(u8, i16)> = r
                .iter()
                .enumerate()
                .filter(|(_, w)| w.abs() >= min_abs)
                .map(|(c, w)| (c as u8, (w * scale).round() as i16))
                .filter(|(_, w)| *w != 0)
                .collect();
            (!e.is_empty()).then_some((*k, e))
        })
        .collect();
    let nslots = (kept.len() * 2).max(16).next_power_of_two();
    let mut slots = vec![0u64; nslots];
    let mut sparse: Vec<u8> = Vec::new();
    let mut dense: Vec<i16> = Vec::new();
    for (k, e) in &kept {
        let mut i = (*k as usize) & (nslots - 1);
        while slots[i] != 0 {
            i = (i + 1) & (nslots - 1);
        }
        let fp = fingerprint(*k);
        if e.len() > DENSE_FROM {
            let row = dense.len() / nclass;
            dense.resize(dense.len() + nclass, 0);
            for &(c, w) in e {
                dense[row * nclass + c as usize] = w;
            }
            slots[i] = (fp << 40) | row as u64;
        } else {
            slots[i] = (fp << 40) | ((e.len() as u64) << 32) | (sparse.len() / 3) as u64;
            for &(c, w) in e {
                sparse.push(c);
                sparse.extend_from_slice(&w.to_le_bytes());
            }
        }
    }
    let mut out = Vec::with_capacity(HEADER + nslots * 8 + sparse.len() + dense.len() * 2);
    out.extend_from_slice(&(nclass as u32).to_le_bytes());
    out.extend_from_slice(&(1.0 / scale).to_le_bytes());
    out.extend_from_slice(&(nslots as u32).to_le_bytes());
    out.extend_from_slice(&((sparse.len() / 3) as u32).to_le_bytes());
    out.extend_from_slice(&((dense.len() / nclass.max(1)) as u32).to_le_bytes());
    for s in &slots {
        out.extend_from_slice(&s.to_le_bytes());
    }
    out.extend_from_slice(&sparse);
    for w in &dense {
        out.extend_from_slice(&w.to_le_bytes());
    }
    out
}

#[inline]
fn fingerprint(k: u64) -> u64 {
    let fp = (k >> 40) & 0xff_ffff;
    if fp == 0 {
        1
    } else {
        fp
    }
}

/// A weight table read in place from model bytes.
#[derive(Debug, Clone, Copy)]
pub struct Table<'a> {
    nclass: usize,
    /// The factor from stored integers back to perceptron weights.
    pub unscale: f32,
    mask: usize,
    slots: &'a [u8],
    sparse: &'a [u8],
    dense: &'a [u8],
}

/// Why a weight table could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("weight table: {0}")]
pub struct TableError(pub &'static str);

fn u32_at(b: &[u8], i: usize) -> u32 {
    u32::from_le_bytes([b[i], b[i + 1], b[i + 2], b[i + 3]])
}

impl<'a> Table<'a> {
    /// Reads a table's header. Nothing else is checked or decoded: lookups skip rows that point
    /// outside the table, so a corrupt table scores wrongly but never panics.
    pub fn new(bytes: &'a [u8]) -> Result<Table<'a>, TableError> {
        if bytes.len() < HEADER {
            return Err(TableError("truncated header"));
        }
        let nclass = u32_at(bytes, 0) as usize;
        let unscale = f32::from_bits(u32_at(bytes, 4));
        let nslots = u32_at(bytes, 8) as usize;
        let nsparse = u32_at(bytes, 12) as usize;
        let ndense = u32_at(bytes, 16) as usize;
        if !nslots.is_power_of_two() || nclass == 0 || nclass > MAX_CLASSES {
            return Err(TableError("bad sizes"));
        }
        let a = HEADER + nslots * 8;
        let b = a + nsparse * 3;
        if bytes.len() != b + ndense * nclass * 2 {
            return Err(TableError("length does not match the header"));
        }
        Ok(Table { nclass, unscale, mask: nslots - 1, slots: &bytes[HEADER..a], sparse: &bytes[a..b], dense: &bytes[b..] })
    }

    #[inline]
    fn slot(&self, i: usize) -> u64 {
        let b = &self.slots[i * 8..i * 8 + 8];
        u64::from_le_bytes([b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7]])
    }

    /// Every stored row, decoded back to weights, in slot order (a fingerprint stands for the key:
    /// the rows can be written again with [`write`] only by a caller that knows the keys' low bits,
    /// so this is for inspection and experiments).
    pub fn decoded_rows(&self) -> Vec<(usize, Vec<f32>)> {
        let n = self.nclass;
        let mut out = Vec::new();
        for i in 0..=self.mask {
            let s = self.slot(i);
            if s == 0 {
                continue;
            }
            let len = ((s >> 32) & 0xff) as usize;
            let off = (s & 0xffff_ffff) as usize;
            let mut row = vec![0f32; n];
            if len == 0 {
                if let Some(r) = self.dense.get(off * n * 2..(off + 1) * n * 2) {
                    for (c, w) in r.chunks_exact(2).enumerate() {
                        row[c] = i16::from_le_bytes([w[0], w[1]]) as f32 * self.unscale;
                    }
                }
            } else if let Some(r) = self.sparse.get(off * 3..(off + len) * 3) {
                for e in r.chunks_exact(3) {
                    if let Some(x) = row.get_mut(e[0] as usize) {
                        *x = i16::from_le_bytes([e[1], e[2]]) as f32 * self.unscale;
                    }
                }
            }
            out.push((i, row));
        }
        out
    }

    /// Number of features stored.
    pub fn len(&self) -> usize {
        (0..=self.mask).filter(|&i| self.slot(i) != 0).count()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Adds the integer weights of `feats` into `acc` (one slot per class; at least `nclass` long).
    ///
    /// Lookups are done in passes over all features — first every home slot, then the rows — so that
    /// the memory loads of different features are independent and overlap: the tables are far larger
    /// than the caches, and waiting for one miss at a time would dominate the cost.
    #[inline]
    pub fn score_i32(&self, feats: &[u64], acc: &mut [i32; MAX_CLASSES]) {
        const BATCH: usize = 128;
        for chunk in feats.chunks(BATCH) {
            let mut found = [0u64; BATCH];
            // Pass 1: home slots (independent loads).
            for (f, &k) in found.iter_mut().zip(chunk) {
                *f = self.slot((k as usize) & self.mask);
            }
            // Pass 2: check fingerprints; follow the probe sequence only on a mismatch.
            for (f, &k) in found.iter_mut().zip(chunk) {
                let fp = fingerprint(k);
                let mut i = (k as usize) & self.mask;
                let mut s = *f;
                while s != 0 && s >> 40 != fp {
                    i = (i + 1) & self.mask;
                    s = self.slot(i);
                }
                *f = s;
            }
            // Pass 3: add the rows.
            let n = self.nclass;
            for &s in &found[..chunk.len()] {
                if s == 0 {
                    continue;
                }
                let len = ((s >> 32) & 0xff) as usize;
                let off = (s & 0xffff_ffff) as usize;
                if len == 0 {
                    if let Some(row) = self.dense.get(off * n * 2..(off + 1) * n * 2) {
                        for (a, w) in acc[..n].iter_mut().zip(row.chunks_exact(2)) {
                            *a += i16::from_le_bytes([w[0], w[1]]) as i32;
                        }
                    }
                } else if let Some(row) = self.sparse.get(off * 3..(off + len) * 3) {
                    for e in row.chunks_exact(3) {
                        acc[e[0] as usize] += i16::from_le_bytes([e[1], e[2]]) as i32;
                    }
                }
            }
        }
    }
}

impl Score for Table<'_> {
    fn classes(&self) -> usize {
        self.nclass
    }
    #[inline]
    fn score(&self, feats: &[u64], scores: &mut [f32]) {
        let mut acc = [0i32; MAX_CLASSES];
        self.score_i32(feats, &mut acc);
        for (s, a) in scores.iter_mut().zip(acc.iter()) {
            *s += *a as f32 * self.unscale;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_scores_match() {
        let wide: Vec<f32> = (0..20).map(|i| i as f32 - 9.5).collect();
        let mut narrow = vec![0.0f32; 20];
        narrow[3] = 1.0;
        narrow[17] = -2.0;
        let rows = vec![(0x1234_5678_9abc_def0u64, wide.clone()), (42u64, narrow.clone())];
        let bytes = write(20, &rows, 0.0);
        let t = Table::new(&bytes).unwrap();
        assert_eq!(t.len(), 2);
        let mut s = vec![0f32; 20];
        t.score(&[42, 0x1234_5678_9abc_def0, 7], &mut s);
        for c in 0..20 {
            assert!((s[c] - (wide[c] + narrow[c])).abs() < 1e-2, "{s:?}");
        }
    }

    #[test]
    fn corrupt_tables_are_errors_or_harmless() {
        let bytes = write(3, &[(5, vec![1.0, 0.0, -1.0])], 0.0);
        assert!(Table::new(&bytes[..bytes.len() - 1]).is_err());
        assert!(Table::new(&[0u8; 4]).is_err());
        let mut bad = bytes.clone();
        // Point the one slot's offset far outside the entries: scoring ignores it.
        let slot = bad[HEADER..].chunks_exact(8).position(|c| c != [0u8; 8]).unwrap();
        bad[HEADER + slot * 8] = 0xff;
        let t = Table::new(&bad).unwrap();
        let mut s = vec![0f32; 3];
        t.score(&[5], &mut s);
        assert_eq!(s, [0.0, 0.0, 0.0]);
    }
}

/// A table for at most four classes: each slot holds the whole key and the row inline
/// (`u64 key, i16 × 4`), so a lookup is one memory access.
///
/// ```text
/// u32 nclass | f32 unscale | u32 nslots (a power of two) | (u64 key, i16 × 4) × nslots
/// ```
#[derive(Debug, Clone, Copy)]
pub struct InlineTable<'a> {
    nclass: usize,
    pub unscale: f32,
    mask: usize,
    slots: &'a [u8],
}

const INLINE_HEADER: usize = 12;
const INLINE_SLOT: usize = 16;

/// Writes an [`InlineTable`]. Rows whose weights all round to zero, or are below `min_abs`, are dropped.
pub fn write_inline(nclass: usize, rows: &[(u64, Vec<f32>)], min_abs: f32) -> Vec<u8> {
    assert!(nclass <= 4, "an inline table has at most 4 classes");
    let max = rows.iter().flat_map(|(_, r)| r.iter()).fold(0f32, |m, x| m.max(x.abs()));
    let scale = if max > 0.0 { 32000.0 / max } else { 1.0 };
    let kept: Vec<(u64, [i16; 4])> = rows
        .iter()
        .filter(|(_, r)| r.iter().any(|w| w.abs() >= min_abs))
        .map(|(k, r)| {
            let mut q = [0i16; 4];
            for (c, w) in r.iter().enumerate().take(4) {
                q[c] = (w * scale).round() as i16;
            }
            (if *k == 0 { 1 } else { *k }, q)
        })
        .filter(|(_, q)| q.iter().any(|&w| w != 0))
        .collect();
    let nslots = (kept.len() * 2).max(16).next_power_of_two();
    let mut slots = vec![(0u64, [0i16; 4]); nslots];
    for &(k, q) in &kept {
        let mut i = k as usize & (nslots - 1);
        while slots[i].0 != 0 {
            i = (i + 1) & (nslots - 1);
        }
        slots[i] = (k, q);
    }
    let mut out = Vec::with_capacity(INLINE_HEADER + nslots * INLINE_SLOT);
    out.extend_from_slice(&(nclass as u32).to_le_bytes());
    out.extend_from_slice(&(1.0 / scale).to_le_bytes());
    out.extend_from_slice(&(nslots as u32).to_le_bytes());
    for (k, q) in slots {
        out.extend_from_slice(&k.to_le_bytes());
        for w in q {
            out.extend_from_slice(&w.to_le_bytes());
        }
    }
    out
}

impl<'a> InlineTable<'a> {
    pub fn new(bytes: &'a [u8]) -> Result<InlineTable<'a>, TableError> {
        if bytes.len() < INLINE_HEADER {
            return Err(TableError("truncated header"));
        }
        let nclass = u32_at(bytes, 0) as usize;
        let unscale = f32::from_bits(u32_at(bytes, 4));
        let nslots = u32_at(bytes, 8) as usize;
        if !nslots.is_power_of_two() || nclass == 0 || nclass > 4 || bytes.len() != INLINE_HEADER + nslots * INLINE_SLOT {
            return Err(TableError("bad sizes"));
        }
        Ok(InlineTable { nclass, unscale, mask: nslots - 1, slots: &bytes[INLINE_HEADER..] })
    }

    #[inline]
    fn key(&self, i: usize) -> u64 {
        let b = &self.slots[i * INLINE_SLOT..i * INLINE_SLOT + 8];
        u64::from_le_bytes([b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7]])
    }

    /// Adds the integer weights of `feats` into `acc`, looking up every home slot first so that the
    /// loads overlap (see [`Table::score_i32`]).
    #[inline]
    pub fn score_i32(&self, feats: &[u64], acc: &mut [i32; 4]) {
        const BATCH: usize = 128;
        for chunk in feats.chunks(BATCH) {
            let mut home = [0u64; BATCH];
            for (h, &k) in home.iter_mut().zip(chunk) {
                *h = self.key((k as usize) & self.mask);
            }
            for (&h, &k) in home.iter().zip(chunk) {
                let k = if k == 0 { 1 } else { k };
                let mut i = (k as usize) & self.mask;
                let mut cur = h;
                while cur != 0 && cur != k {
                    i = (i + 1) & self.mask;
                    cur = self.key(i);
                }
                if cur == 0 {
                    continue;
                }
                let w = &self.slots[i * INLINE_SLOT + 8..i * INLINE_SLOT + 16];
                for (c, a) in acc.iter_mut().enumerate() {
                    *a += i16::from_le_bytes([w[2 * c], w[2 * c + 1]]) as i32;
                }
            }
        }
    }

    /// Number of features stored.
    pub fn len(&self) -> usize {
        (0..=self.mask).filter(|&i| self.key(i) != 0).count()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl Score for InlineTable<'_> {
    fn classes(&self) -> usize {
        self.nclass
    }
    #[inline]
    fn score(&self, feats: &[u64], scores: &mut [f32]) {
        let mut acc = [0i32; 4];
        self.score_i32(feats, &mut acc);
        for (s, a) in scores.iter_mut().zip(acc) {
            *s += a as f32 * self.unscale;
        }
    }
}

#[cfg(test)]
mod inline_tests {
    use super::*;

    #[test]
    fn inline_round_trip() {
        let rows = vec![(9u64, vec![1.0, -1.0, 0.5, 0.0]), (0u64, vec![0.0, 2.0, 0.0, -2.0])];
        let bytes = write_inline(4, &rows, 0.0);
        let t = InlineTable::new(&bytes).unwrap();
        assert_eq!(t.len(), 2);
        let mut s = [0f32; 4];
        t.score(&[9, 0, 5], &mut s);
        for (a, b) in s.iter().zip([1.0, 1.0, 0.5, -2.0]) {
            assert!((a - b).abs() < 1e-3, "{s:?}");
        }
        assert!(InlineTable::new(&bytes[..bytes.len() - 1]).is_err());
    }
}
