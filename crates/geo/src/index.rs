//! The gazetteer's name index as built by `build.rs`, read in place from the bytes embedded in the
//! binary: nothing is parsed or allocated at start-up, and only the pages a lookup touches are read.
//! See `build.rs` for the layout.

const HEADER: usize = 32;
const ENTRY: usize = 32;
const KEY: usize = 12;

/// One entry's fields as stored (its strings are read on demand: [`Index::name`], [`Index::code`]).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Raw {
    name: (u32, u16),
    code: (u32, u8),
    pub admin1: u32,
    pub lat: f32,
    pub lon: f32,
    pub population: u32,
    pub country: u16,
    pub kind: u8,
    pub flags: u8,
}

/// The index over a byte slice.
pub(crate) struct Index {
    data: &'static [u8],
    n_entries: usize,
    n_keys: usize,
    entries: usize,
    keys: usize,
    postings: usize,
    pool: usize,
    bloom: usize,
    bloom_bits: u32,
    pub max_tokens: usize,
}

fn u32_at(d: &[u8], at: usize) -> u32 {
    d.get(at..at + 4).map_or(0, |b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
}

fn u16_at(d: &[u8], at: usize) -> u16 {
    d.get(at..at + 2).map_or(0, |b| u16::from_le_bytes([b[0], b[1]]))
}

impl Index {
    /// Reads the header; `None` when the bytes are not an index of this version.
    pub fn new(data: &'static [u8]) -> Option<Index> {
        if data.get(..4)? != b"DYGZ" || u32_at(data, 4) != 2 {
            return None;
        }
        let n_entries = u32_at(data, 8) as usize;
        let n_keys = u32_at(data, 12) as usize;
        let n_postings = u32_at(data, 16) as usize;
        let pool_len = u32_at(data, 20) as usize;
        let entries = HEADER;
        let keys = entries + n_entries * ENTRY;
        let postings = keys + (n_keys + 1) * KEY;
        let pool = postings + n_postings * 4;
        let bloom = pool + pool_len;
        let bloom_bits = u32_at(data, 28);
        if bloom_bits == 0 || bloom + bloom_bits as usize / 8 != data.len() {
            return None;
        }
        Some(Index { data, n_entries, n_keys, entries, keys, postings, pool, bloom, bloom_bits, max_tokens: u32_at(data, 24) as usize })
    }

    pub fn len(&self) -> usize {
        self.n_entries
    }

    fn text(&self, off: u32, len: usize) -> &'static str {
        let at = self.pool + off as usize;
        self.data.get(at..at + len).and_then(|b| std::str::from_utf8(b).ok()).unwrap_or("")
    }

    fn bytes(&self, off: u32, len: usize) -> &'static [u8] {
        let at = self.pool + off as usize;
        self.data.get(at..at + len).unwrap_or(&[])
    }

    pub fn entry(&self, i: u32) -> Raw {
        let d = self.data;
        let at = self.entries + i as usize * ENTRY;
        let f32_at = |x: usize| f32::from_bits(u32_at(d, x));
        let b = |x: usize| d.get(x).copied().unwrap_or(0);
        Raw {
            name: (u32_at(d, at), u16_at(d, at + 24)),
            code: (u32_at(d, at + 4), b(at + 28)),
            admin1: u32_at(d, at + 8),
            lat: f32_at(at + 12),
            lon: f32_at(at + 16),
            population: u32_at(d, at + 20),
            country: u16_at(d, at + 26),
            kind: b(at + 29),
            flags: b(at + 30),
        }
    }

    pub fn name(&self, r: &Raw) -> &'static str {
        self.text(r.name.0, r.name.1 as usize)
    }

    pub fn code(&self, r: &Raw) -> &'static str {
        self.text(r.code.0, r.code.1 as usize)
    }

    fn key(&self, k: usize) -> &'static [u8] {
        let at = self.keys + k * KEY;
        self.bytes(u32_at(self.data, at), u16_at(self.data, at + 4) as usize)
    }

    /// The first key not less than `q`.
    fn lower_bound(&self, q: &[u8]) -> usize {
        self.lower_bound_in(q, 0, self.n_keys)
    }

    /// [`Index::lower_bound`] among keys `lo..hi`.
    fn lower_bound_in(&self, q: &[u8], mut lo: usize, mut hi: usize) -> usize {
        while lo < hi {
            let mid = (lo + hi) / 2;
            if self.key(mid) < q {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        lo
    }

    /// The postings of key `q` (entry index, high bit: an alternate name), if the key exists.
    pub fn find(&self, q: &str) -> Option<impl Iterator<Item = (u32, bool)> + '_> {
        let k = self.lower_bound(q.as_bytes());
        if k >= self.n_keys || self.key(k) != q.as_bytes() {
            return None;
        }
        Some(self.postings_of(k))
    }

    fn postings_of(&self, k: usize) -> impl Iterator<Item = (u32, bool)> + '_ {
        let (a, b) = (u32_at(self.data, self.keys + k * KEY + 8) as usize, u32_at(self.data, self.keys + (k + 1) * KEY + 8) as usize);
        (a..b).map(move |p| {
            let v = u32_at(self.data, self.postings + p * 4);
            (v & !(1 << 31), v >> 31 == 1)
        })
    }

    /// One step of a longest-match walk: among keys `range` (all keys at first), those that are
    /// `q` or begin with `q` and a space. Returns their range (empty: no name goes on this way) and
    /// the postings of `q` itself when it is a key.
    pub fn probe(&self, q: &str, range: (usize, usize)) -> ((usize, usize), Option<Vec<(u32, bool)>>) {
        let qb = q.as_bytes();
        let lo = self.lower_bound_in(qb, range.0, range.1);
        let exact = (lo < self.n_keys && self.key(lo) == qb).then(|| self.postings_of(lo).collect());
        // The end of the run of keys that are `q` or begin with `q` + ' ': the first key not less
        // than `q` + '!' (the byte after the space; keys hold no control characters).
        let mut upper = qb.to_vec();
        upper.push(b' ' + 1);
        let hi = self.lower_bound_in(&upper, lo, range.1);
        ((lo, hi), exact)
    }

    pub fn all(&self) -> (usize, usize) {
        (0, self.n_keys)
    }

    /// False when no key begins with the token `t` (a Bloom filter: true may be wrong, false is not).
    pub fn may_begin(&self, t: &str) -> bool {
        let mut h: u64 = 0xcbf29ce484222325;
        for b in t.bytes() {
            h ^= b as u64;
            h = h.wrapping_mul(0x100000001b3);
        }
        [(h as u32) % self.bloom_bits, ((h >> 32) as u32) % self.bloom_bits]
            .iter()
            .all(|&bit| self.data.get(self.bloom + (bit / 8) as usize).is_some_and(|b| b & (1 << (bit % 8)) != 0))
    }
}
