//! A zero-copy hash map from 64-bit keys to 64-bit values, with a pool of strings, read in place
//! from the model bytes: the tag dictionary, ambiguity classes and lemma tables.
//!
//! ```text
//! u32 nslots | u32 pool length | (u64 key, u64 value) × nslots | pool bytes
//! ```
//!
//! Keys are hashes of strings (with their class mixed in); key 0 marks an empty slot. A 64-bit hash
//! stands for its string: among the model's 10⁵ keys a collision has odds near 10⁻⁹.

use crate::weights::{home, next, slot_count};

/// Builds a map.
#[derive(Debug, Default)]
pub struct KvWriter {
    entries: Vec<(u64, u64)>,
    pool: Vec<u8>,
}

/// Why a map could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("lookup table: {0}")]
pub struct KvError(pub &'static str);

#[inline]
fn nonzero(k: u64) -> u64 {
    if k == 0 {
        1
    } else {
        k
    }
}

impl KvWriter {
    pub fn insert(&mut self, key: u64, value: u64) {
        self.entries.push((nonzero(key), value));
    }

    /// Stores a string in the pool; the returned value is what [`Kv::str`] reads back
    /// (offset << 16 | length; strings are cut at 65,535 bytes).
    pub fn string(&mut self, s: &str) -> u64 {
        let mut end = s.len().min(u16::MAX as usize);
        while !s.is_char_boundary(end) {
            end -= 1;
        }
        let off = self.pool.len() as u64;
        self.pool.extend_from_slice(&s.as_bytes()[..end]);
        (off << 16) | end as u64
    }

    /// The map's bytes. Entries are placed in sorted key order, so the bytes do not depend on the
    /// order of insertion; a key inserted twice keeps its first value.
    pub fn finish(mut self) -> Vec<u8> {
        self.entries.sort_by_key(|e| e.0);
        self.entries.dedup_by_key(|e| e.0);
        let nslots = slot_count(self.entries.len());
        let mut slots = vec![(0u64, 0u64); nslots];
        for &(k, v) in &self.entries {
            let mut i = home(k, nslots);
            while slots[i].0 != 0 {
                i = next(i, nslots);
            }
            slots[i] = (k, v);
        }
        let mut out = Vec::with_capacity(8 + nslots * 16 + self.pool.len());
        out.extend_from_slice(&(nslots as u32).to_le_bytes());
        out.extend_from_slice(&(self.pool.len() as u32).to_le_bytes());
        for (k, v) in slots {
            out.extend_from_slice(&k.to_le_bytes());
            out.extend_from_slice(&v.to_le_bytes());
        }
        out.extend_from_slice(&self.pool);
        out
    }
}

/// A map read in place.
#[derive(Debug, Clone, Copy, Default)]
pub struct Kv<'a> {
    nslots: usize,
    slots: &'a [u8],
    pool: &'a [u8],
}

fn u64_at(b: &[u8], i: usize) -> u64 {
    let mut a = [0u8; 8];
    a.copy_from_slice(&b[i..i + 8]);
    u64::from_le_bytes(a)
}

impl<'a> Kv<'a> {
    pub fn new(bytes: &'a [u8]) -> Result<Kv<'a>, KvError> {
        if bytes.len() < 8 {
            return Err(KvError("truncated header"));
        }
        let nslots = u32::from_le_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]) as usize;
        let pool = u32::from_le_bytes([bytes[4], bytes[5], bytes[6], bytes[7]]) as usize;
        if nslots == 0 || bytes.len() != 8 + nslots * 16 + pool {
            return Err(KvError("length does not match the header"));
        }
        Ok(Kv { nslots, slots: &bytes[8..8 + nslots * 16], pool: &bytes[8 + nslots * 16..] })
    }

    #[inline]
    pub fn get(&self, key: u64) -> Option<u64> {
        if self.slots.is_empty() {
            return None;
        }
        let key = nonzero(key);
        let mut i = home(key, self.nslots);
        for _ in 0..self.nslots {
            let k = u64_at(self.slots, i * 16);
            if k == 0 {
                return None;
            }
            if k == key {
                return Some(u64_at(self.slots, i * 16 + 8));
            }
            i = next(i, self.nslots);
        }
        None
    }

    /// The string a value made by [`KvWriter::string`] points to.
    #[inline]
    pub fn str(&self, v: u64) -> Option<&'a str> {
        let off = (v >> 16) as usize & 0xffff_ffff;
        let len = (v & 0xffff) as usize;
        std::str::from_utf8(self.pool.get(off..off + len)?).ok()
    }

    /// Number of entries.
    pub fn len(&self) -> usize {
        (0..self.nslots).filter(|&i| !self.slots.is_empty() && u64_at(self.slots, i * 16) != 0).count()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stores_numbers_and_strings() {
        let mut w = KvWriter::default();
        let s = w.string("Iraqi");
        w.insert(7, s);
        w.insert(0, 99);
        w.insert(123456789, 5);
        let bytes = w.finish();
        let kv = Kv::new(&bytes).unwrap();
        assert_eq!(kv.get(7).and_then(|v| kv.str(v)), Some("Iraqi"));
        assert_eq!(kv.get(0), Some(99));
        assert_eq!(kv.get(123456789), Some(5));
        assert_eq!(kv.get(8), None);
        assert!(Kv::new(&bytes[..bytes.len() - 1]).is_err());
    }
}
