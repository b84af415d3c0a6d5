//! Feature hashing: a fixed, platform-independent 64-bit mix, so that a model trained on one machine
//! scores the same everywhere and training is deterministic.

/// Mixes a 64-bit value (the finaliser of SplitMix64).
#[inline]
pub fn mix(mut x: u64) -> u64 {
    x ^= x >> 30;
    x = x.wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x ^= x >> 27;
    x = x.wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

/// Hashes a string (FNV-1a over its bytes, then mixed).
#[inline]
pub fn str_hash(s: &str) -> u64 {
    bytes_hash(s.bytes())
}

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;

/// [`str_hash`] of the string's bytes `bytes`, fed one at a time (for hashing without allocating).
#[inline]
pub fn bytes_hash(bytes: impl Iterator<Item = u8>) -> u64 {
    let mut h = FNV_OFFSET;
    for b in bytes {
        h ^= b as u64;
        h = h.wrapping_mul(FNV_PRIME);
    }
    mix(h)
}

/// [`str_hash`] of the lower-cased string, without allocating when it is ASCII.
#[inline]
pub fn lower_hash(s: &str) -> u64 {
    if s.is_ascii() {
        bytes_hash(s.bytes().map(|b| b.to_ascii_lowercase()))
    } else {
        str_hash(&s.to_lowercase())
    }
}

/// Combines a template id and up to three values into one feature key: one mix of the values
/// rotated apart, so that the common case costs a handful of instructions. Values are either hashes
/// or small numbers (tags, labels, distances); the rotations keep small numbers in different places.
#[inline]
pub fn feat(template: u32, a: u64, b: u64, c: u64) -> u64 {
    let salt = (template as u64 + 1).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    mix(salt ^ a ^ b.rotate_left(21) ^ c.rotate_left(42))
}

/// A tiny deterministic random generator (xorshift64*), for shuffling and exploration in training.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(mix(seed) | 1)
    }
    pub fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    /// A float in [0, 1).
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }
    pub fn shuffle<T>(&mut self, v: &mut [T]) {
        for i in (1..v.len()).rev() {
            let j = (self.next_u64() % (i as u64 + 1)) as usize;
            v.swap(i, j);
        }
    }
}
