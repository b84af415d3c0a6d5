//! Compact, zero-copy perceptron weights: the form the model ships in.
//!
//! A table is an open-addressing hash table of feature keys over byte slices of the model file,
//! read in place (little-endian, no alignment needed, nothing decoded at start-up):
//!
//! ```text
//! u32 nclass | f32 unscale | u32 nslots | u32 nsparse | u32 ndense
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
    let nslots = slot_count(kept.len());
    let mut slots = vec![0u64; nslots];
    let mut sparse: Vec<u8> = Vec::new();
    let mut dense: Vec<i16> = Vec::new();
    for (k, e) in &kept {
        let mut i = home(*k, nslots);
        while slots[i] != 0 {
            i = next(i, nslots);
        }
        let fp = fingerprint(*k);
        if e.len() > DENSE_FROM {
            let width = padded(nclass);
            let row = dense.len() / width;
            dense.resize(dense.len() + width, 0);
            for &(c, w) in e {
                dense[row * width + c as usize] = w;
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
    out.extend_from_slice(&((dense.len() / padded(nclass)) as u32).to_le_bytes());
    for s in &slots {
        out.extend_from_slice(&s.to_le_bytes());
    }
    out.extend_from_slice(&sparse);
    for w in &dense {
        out.extend_from_slice(&w.to_le_bytes());
    }
    out
}

/// Slots for `n` keys: a load factor of three quarters (linear probing stays within a cache line or
/// two: eight slots share one).
pub(crate) fn slot_count(n: usize) -> usize {
    (n * 4 / 3 + 1).max(16)
}

/// A key's home slot: the low 32 bits of the key scaled onto `n` slots (the fingerprint uses the high
/// bits, so the two stay independent).
#[inline]
pub(crate) fn home(k: u64, n: usize) -> usize {
    (((k & 0xffff_ffff) * n as u64) >> 32) as usize
}

#[inline]
pub(crate) fn next(i: usize, n: usize) -> usize {
    if i + 1 == n {
        0
    } else {
        i + 1
    }
}

/// Dense rows are padded to a multiple of 8 classes, so that they are added 8 at a time.
fn padded(nclass: usize) -> usize {
    nclass.div_ceil(8) * 8
}

/// Adds blocks `first..first + N` of the dense rows starting at blocks `rows` into `acc` (`8 * N`
/// sums), keeping the sums in registers across the rows.
#[inline(always)]
fn add_blocks<const N: usize>(acc: &mut [i32], dense: &[[i16; 8]], rows: &[usize], first: usize) {
    let mut sum = [[0i32; 8]; N];
    for (s, a) in sum.iter_mut().zip(acc.chunks_exact(8)) {
        s.copy_from_slice(a);
    }
    for &r in rows {
        let Some(w) = dense.get(r + first..r + first + N) else { continue };
        for b in 0..N {
            for j in 0..8 {
                sum[b][j] += w[b][j] as i32;
            }
        }
    }
    for (s, a) in sum.iter().zip(acc.chunks_exact_mut(8)) {
        a.copy_from_slice(s);
    }
}

/// A prefetch hint for the cache line holding `p` (nothing on other architectures). A prefetch of
/// any address is harmless: it never faults.
#[inline(always)]
fn prefetch(p: *const u8) {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: `prefetcht0` only hints the cache; it reads nothing architecturally and cannot fault.
    unsafe {
        std::arch::x86_64::_mm_prefetch::<{ std::arch::x86_64::_MM_HINT_T0 }>(p as *const i8);
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = p;
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

/// A weight table read in place from model bytes; only the dense rows (a small part of the table)
/// are decoded at load, into native `i16`s in blocks of 8 classes that vector instructions add
/// directly.
#[derive(Debug, Clone)]
pub struct Table<'a> {
    nclass: usize,
    /// The factor from stored integers back to perceptron weights.
    pub unscale: f32,
    nslots: usize,
    slots: &'a [u8],
    sparse: &'a [u8],
    /// The dense rows, `padded(nclass) / 8` blocks a row.
    dense: Vec<[i16; 8]>,
    /// Whether the processor has AVX2 (scoring then uses a copy of its code compiled for it).
    avx2: bool,
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
        if nslots == 0 || nclass == 0 || nclass > MAX_CLASSES {
            return Err(TableError("bad sizes"));
        }
        let a = HEADER + nslots * 8;
        let b = a + nsparse * 3;
        if bytes.len() != b + ndense * padded(nclass) * 2 {
            return Err(TableError("length does not match the header"));
        }
        let dense = bytes[b..].chunks_exact(16).map(|w| std::array::from_fn(|j| i16::from_le_bytes([w[2 * j], w[2 * j + 1]]))).collect();
        #[cfg(target_arch = "x86_64")]
        let avx2 = std::arch::is_x86_feature_detected!("avx2");
        #[cfg(not(target_arch = "x86_64"))]
        let avx2 = false;
        Ok(Table { nclass, unscale, nslots, slots: &bytes[HEADER..a], sparse: &bytes[a..b], dense, avx2 })
    }

    #[inline]
    fn slot(&self, i: usize) -> u64 {
        let b = &self.slots[i * 8..i * 8 + 8];
        u64::from_le_bytes([b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7]])
    }

    /// Follows the probe sequence after slot `home` (wrapping around, once around the table at
    /// most) to the first slot that is empty or has fingerprint `fp`: that slot's value, or 0.
    #[inline]
    fn probe(&self, home: usize, fp: u64) -> u64 {
        let (before, after) = self.slots.split_at(((home + 1) * 8).min(self.slots.len()));
        // The slots after `home`, then from the start to `home` (whose fingerprint differs).
        for part in [after, before] {
            for b in part.chunks_exact(8) {
                let s = u64::from_le_bytes([b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7]]);
                if s == 0 || s >> 40 == fp {
                    return s;
                }
            }
        }
        0
    }

    /// Asks the processor to start loading the row of slot value `s` (a hint: no effect on results).
    #[inline]
    fn prefetch_row(&self, s: u64, width: usize) {
        let len = ((s >> 32) & 0xff) as usize;
        let off = (s & 0xffff_ffff) as usize;
        let (ptr, bytes) = if len == 0 {
            (self.dense.as_ptr().wrapping_add(off * width / 8) as *const u8, width * 2)
        } else {
            (self.sparse.as_ptr().wrapping_add(off * 3), len * 3)
        };
        let mut at = 0;
        while at < bytes {
            prefetch(ptr.wrapping_add(at));
            at += 64;
        }
        prefetch(ptr.wrapping_add(bytes - 1));
    }

    /// How many stored rows have each length (index 0: dense rows).
    pub fn row_lengths(&self) -> Vec<usize> {
        let mut h = vec![0; 256];
        for i in 0..self.nslots {
            let s = self.slot(i);
            if s != 0 {
                h[((s >> 32) & 0xff) as usize] += 1;
            }
        }
        h
    }

    /// (classes, slots, sparse entries, dense rows) of the table.
    pub fn stats(&self) -> (usize, usize, usize, usize) {
        (self.nclass, self.nslots, self.sparse.len() / 3, self.dense.len() * 8 / padded(self.nclass))
    }

    /// Number of features stored.
    pub fn len(&self) -> usize {
        (0..self.nslots).filter(|&i| self.slot(i) != 0).count()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Adds the integer weights of `feats` into `acc` (one slot per class; at least `nclass` long).
    ///
    /// Lookups are done in passes over all features — first every home slot, then the rows — so that
    /// the memory loads of different features are independent and overlap: the tables are far larger
    /// than the caches, and waiting for one miss at a time would dominate the cost.
    ///
    /// The work is the same on every processor; with AVX2 it runs as code compiled for AVX2
    /// (integer sums: the same results).
    #[inline]
    pub fn score_i32(&self, feats: &[u64], acc: &mut [i32; MAX_CLASSES]) {
        #[cfg(target_arch = "x86_64")]
        if self.avx2 {
            // SAFETY: `avx2` is set only when the processor has AVX2 (checked in `Table::new`).
            unsafe { self.score_i32_avx2(feats, acc) };
            return;
        }
        self.score_i32_portable(feats, acc);
    }

    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2")]
    fn score_i32_avx2(&self, feats: &[u64], acc: &mut [i32; MAX_CLASSES]) {
        self.score_i32_body(feats, acc);
    }

    fn score_i32_portable(&self, feats: &[u64], acc: &mut [i32; MAX_CLASSES]) {
        self.score_i32_body(feats, acc);
    }

    #[inline(always)]
    fn score_i32_body(&self, feats: &[u64], acc: &mut [i32; MAX_CLASSES]) {
        const BATCH: usize = 128;
        let width = padded(self.nclass);
        for chunk in feats.chunks(BATCH) {
            let mut found = [0u64; BATCH];
            // Pass 1: home slots (independent loads).
            for (f, &k) in found.iter_mut().zip(chunk) {
                *f = self.slot(home(k, self.nslots));
            }
            // Pass 2: check fingerprints; follow the probe sequence only on a mismatch.
            for (f, &k) in found.iter_mut().zip(chunk) {
                let fp = fingerprint(k);
                let mut s = *f;
                if s != 0 && s >> 40 != fp {
                    s = self.probe(home(k, self.nslots), fp);
                }
                if s >> 40 != fp {
                    s = 0;
                } else {
                    self.prefetch_row(s, width);
                }
                *f = s;
            }
            // Pass 3: add the sparse rows (prefetched in pass 2, so that their misses overlap too)
            // and list the dense ones.
            let blocks = width / 8;
            let mut dense = [0usize; BATCH];
            let mut ndense = 0;
            for &s in &found[..chunk.len()] {
                if s == 0 {
                    continue;
                }
                let len = ((s >> 32) & 0xff) as usize;
                let off = (s & 0xffff_ffff) as usize;
                if len == 0 {
                    if (off + 1) * blocks <= self.dense.len() {
                        dense[ndense] = off * blocks;
                        ndense += 1;
                    }
                } else if let Some(row) = self.sparse.get(off * 3..(off + len) * 3) {
                    for e in row.chunks_exact(3) {
                        acc[e[0] as usize] += i16::from_le_bytes([e[1], e[2]]) as i32;
                    }
                }
            }
            // Pass 4: the dense rows, 32 classes at a time: their sums stay in registers while
            // every row is added, and are stored once. (Integer sums: the order of addition changes
            // nothing.)
            let rows = &dense[..ndense];
            let mut k = 0;
            while k + 4 <= blocks {
                add_blocks::<4>(&mut acc[k * 8..(k + 4) * 8], &self.dense, rows, k);
                k += 4;
            }
            while k < blocks {
                add_blocks::<1>(&mut acc[k * 8..(k + 1) * 8], &self.dense, rows, k);
                k += 1;
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
        // Feature keys are hashes (`hash::mix`), so the test uses hashed keys too: small raw
        // integers would share both home slot and fingerprint.
        let (a, b, absent) = (crate::hash::mix(1), crate::hash::mix(42), crate::hash::mix(7));
        let rows = vec![(a, wide.clone()), (b, narrow.clone())];
        let bytes = write(20, &rows, 0.0);
        let t = Table::new(&bytes).unwrap();
        assert_eq!(t.len(), 2);
        let mut s = vec![0f32; 20];
        t.score(&[b, a, absent], &mut s);
        for c in 0..20 {
            assert!((s[c] - (wide[c] + narrow[c])).abs() < 1e-2, "{s:?}");
        }
    }

    /// Integer sums are the stored weights' sums, and the same whichever code computes them: the
    /// portable code and (on processors with AVX2) the copy compiled for AVX2. 104 classes make 13
    /// blocks of dense rows, so both the 4-block and the 1-block paths run.
    #[test]
    fn integer_sums_agree_across_code_paths() {
        let mut rng = crate::hash::Rng::new(3);
        let nclass = 104;
        let rows: Vec<(u64, Vec<f32>)> = (0..400u64)
            .map(|i| {
                let dense = i % 3 == 0;
                let row = (0..nclass).map(|_| if dense || rng.next_u64() % 20 == 0 { rng.unit() as f32 * 2.0 - 1.0 } else { 0.0 }).collect();
                (crate::hash::mix(i), row)
            })
            .collect();
        let bytes = write(nclass, &rows, 0.0);
        let t = Table::new(&bytes).unwrap();
        assert!(t.stats().3 > 100, "dense rows: {:?}", t.stats());
        for _ in 0..50 {
            // Keys 400..600 are absent.
            let ids: Vec<usize> = (0..89).map(|_| (rng.next_u64() % 600) as usize).collect();
            let feats: Vec<u64> = ids.iter().map(|&i| crate::hash::mix(i as u64)).collect();
            let scale = 32000.0 / rows.iter().flat_map(|(_, r)| r.iter()).fold(0f32, |m, x| m.max(x.abs()));
            let mut expected = [0i32; MAX_CLASSES];
            for &i in ids.iter().filter(|&&i| i < rows.len()) {
                for (e, w) in expected.iter_mut().zip(&rows[i].1) {
                    *e += (w * scale).round() as i32;
                }
            }
            let mut all = [0i32; MAX_CLASSES];
            t.score_i32_portable(&feats, &mut all);
            assert_eq!(all, expected);
            #[cfg(target_arch = "x86_64")]
            if t.avx2 {
                let mut avx2 = [0i32; MAX_CLASSES];
                // SAFETY: the processor has AVX2 (`t.avx2`).
                unsafe { t.score_i32_avx2(&feats, &mut avx2) };
                assert_eq!(avx2, all);
            }
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

