//! Builds the gazetteer's name index from `data/gazetteer/*.tsv` into `$OUT_DIR/gazetteer.bin`, a
//! flat little-endian file the crate reads in place (no parsing at start-up). Names are keyed with
//! the text stage's own tokeniser, so an index key and a sentence's token keys always agree.
//!
//! Layout (`src/index.rs` reads it; both sides must change together):
//! ```text
//! header   b"DYGZ" u32 version, n_entries, n_keys, n_postings, pool_len, max_tokens, bloom_bits
//! entries  n_entries × 32 bytes: name_off u32, code_off u32, admin1 u32 (entry of the place's
//!          division, u32::MAX if none), lat f32, lon f32, population u32, name_len u16,
//!          country u16 (row of countries.tsv), code_len u8, kind u8 (0 city, 1 division,
//!          2 country), flags u8 (1 capital, 2 common word), 0
//! keys     (n_keys + 1) × 12 bytes, sorted by key bytes: key_off u32, key_len u16, tokens u8, 0,
//!          first posting u32 (the last row is a sentinel holding n_postings)
//! postings n_postings × u32: entry index, high bit set when the key is an alternate name
//! pool     UTF-8 strings
//! bloom    bloom_bits / 8 bytes: a Bloom filter of every key's first token (two bits per token, from
//!          its 64-bit FNV-1a hash: the low and the high 32 bits modulo bloom_bits), so that most
//!          capitalised words of a sentence that begin no place name cost no binary search
//! ```

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::Write;
use std::path::PathBuf;

const VERSION: u32 = 2;
const BLOOM_BITS: u32 = 1 << 21;

/// 64-bit FNV-1a (the reader computes the same).
fn fnv(s: &str) -> u64 {
    let mut h: u64 = 0xcbf29ce484222325;
    for b in s.bytes() {
        h ^= b as u64;
        h = h.wrapping_mul(0x100000001b3);
    }
    h
}

struct Entry {
    name: String,
    code: String,
    admin1: u32,
    lat: f32,
    lon: f32,
    population: u32,
    country: u16,
    kind: u8,
    flags: u8,
}

fn rows(text: &str) -> impl Iterator<Item = Vec<&str>> {
    text.lines().filter(|l| !l.starts_with('#') && !l.is_empty()).map(|l| l.split('\t').collect())
}

fn main() {
    let dir = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("CARGO_MANIFEST_DIR")).join("../../data/gazetteer");
    for f in ["countries.tsv", "admin1.tsv", "cities.tsv"] {
        println!("cargo:rerun-if-changed={}", dir.join(f).display());
    }
    let read = |f: &str| std::fs::read_to_string(dir.join(f)).unwrap_or_else(|e| panic!("{}: {e}", dir.join(f).display()));
    let (countries, admin1, cities) = (read("countries.tsv"), read("admin1.tsv"), read("cities.tsv"));

    let mut entries: Vec<Entry> = Vec::new();
    let mut names: Vec<(u32, String, bool)> = Vec::new();
    let mut country_row: BTreeMap<String, u16> = BTreeMap::new();
    let num = |s: &str| s.parse::<f32>().ok();
    for (i, f) in rows(&countries).filter(|f| f.len() >= 9).enumerate() {
        country_row.insert(f[0].to_string(), i as u16);
        if let (Some(lat), Some(lon)) = (num(f[4]), num(f[5])) {
            let id = entries.len() as u32;
            entries.push(Entry { name: f[3].into(), code: String::new(), admin1: u32::MAX, lat, lon, population: f[6].parse().unwrap_or(0), country: i as u16, kind: 2, flags: 0 });
            names.push((id, f[3].into(), false));
            names.extend(f[8].split('|').filter(|a| !a.is_empty()).map(|a| (id, a.to_string(), true)));
        }
    }
    let mut division: BTreeMap<(String, String), u32> = BTreeMap::new();
    for f in rows(&admin1).filter(|f| f.len() >= 8 && !f[2].is_empty()) {
        let Some(&country) = country_row.get(f[0]) else { continue };
        let id = entries.len() as u32;
        division.insert((f[0].to_string(), f[1].to_string()), id);
        let flags = if f[7].contains('w') { 2 } else { 0 };
        entries.push(Entry { name: f[2].into(), code: f[1].into(), admin1: id, lat: num(f[4]).unwrap_or(0.0), lon: num(f[5]).unwrap_or(0.0), population: f[6].parse().unwrap_or(0), country, kind: 1, flags });
        names.push((id, f[2].into(), false));
        names.extend(f[3].split('|').filter(|a| !a.is_empty()).map(|a| (id, a.to_string(), true)));
    }
    for f in rows(&cities).filter(|f| f.len() >= 8) {
        let Some(&country) = country_row.get(f[2]) else { continue };
        let id = entries.len() as u32;
        let flags = if f[7].contains('C') { 1 } else { 0 } | if f[7].contains('w') { 2 } else { 0 };
        let admin1 = division.get(&(f[2].to_string(), f[3].to_string())).copied().unwrap_or(u32::MAX);
        entries.push(Entry { name: f[0].into(), code: f[3].into(), admin1, lat: num(f[4]).unwrap_or(0.0), lon: num(f[5]).unwrap_or(0.0), population: f[6].parse().unwrap_or(0), country, kind: 0, flags });
        names.push((id, f[0].into(), false));
        names.extend(f[1].split('|').filter(|a| !a.is_empty()).map(|a| (id, a.to_string(), true)));
    }

    // Keys: the text stage's token keys joined by one space.
    let mut index: BTreeMap<String, (u8, Vec<u32>)> = BTreeMap::new();
    let (mut toks, mut keys) = (Vec::new(), String::new());
    let mut max_tokens = 0u8;
    for (id, name, alt) in &names {
        toks.clear();
        keys.clear();
        dyad_text::tokenize(name, &mut toks, &mut keys);
        if toks.is_empty() || toks.len() > u8::MAX as usize {
            continue;
        }
        let mut k = String::with_capacity(keys.len() + toks.len());
        for (i, t) in toks.iter().enumerate() {
            if i > 0 {
                k.push(' ');
            }
            k.push_str(&keys[t.key.range()]);
        }
        let n = toks.len() as u8;
        max_tokens = max_tokens.max(n);
        let post = id | if *alt { 1 << 31 } else { 0 };
        let e = index.entry(k).or_insert((n, Vec::new()));
        if !e.1.iter().any(|p| p & !(1 << 31) == *id) {
            e.1.push(post);
        }
    }

    let mut pool: Vec<u8> = Vec::new();
    let put = |s: &str, pool: &mut Vec<u8>| -> u32 {
        let off = pool.len() as u32;
        pool.extend_from_slice(s.as_bytes());
        off
    };
    let mut out: Vec<u8> = Vec::new();
    let n_postings: usize = index.values().map(|v| v.1.len()).sum();
    let mut body_entries: Vec<u8> = Vec::with_capacity(entries.len() * 32);
    for e in &entries {
        let name_off = put(&e.name, &mut pool);
        let code_off = put(&e.code, &mut pool);
        body_entries.extend_from_slice(&name_off.to_le_bytes());
        body_entries.extend_from_slice(&code_off.to_le_bytes());
        body_entries.extend_from_slice(&e.admin1.to_le_bytes());
        body_entries.extend_from_slice(&e.lat.to_le_bytes());
        body_entries.extend_from_slice(&e.lon.to_le_bytes());
        body_entries.extend_from_slice(&e.population.to_le_bytes());
        body_entries.extend_from_slice(&(e.name.len().min(u16::MAX as usize) as u16).to_le_bytes());
        body_entries.extend_from_slice(&e.country.to_le_bytes());
        body_entries.extend_from_slice(&[e.code.len().min(255) as u8, e.kind, e.flags, 0]);
    }
    let mut body_keys: Vec<u8> = Vec::with_capacity((index.len() + 1) * 12);
    let mut body_posts: Vec<u8> = Vec::with_capacity(n_postings * 4);
    let mut p = 0u32;
    for (k, (n, posts)) in &index {
        let off = put(k, &mut pool);
        body_keys.extend_from_slice(&off.to_le_bytes());
        body_keys.extend_from_slice(&(k.len() as u16).to_le_bytes());
        body_keys.extend_from_slice(&[*n, 0]);
        body_keys.extend_from_slice(&p.to_le_bytes());
        for x in posts {
            body_posts.extend_from_slice(&x.to_le_bytes());
        }
        p += posts.len() as u32;
    }
    body_keys.extend_from_slice(&[0; 8]);
    body_keys.extend_from_slice(&p.to_le_bytes());
    let mut bloom = vec![0u8; (BLOOM_BITS / 8) as usize];
    for k in index.keys() {
        let h = fnv(k.split(' ').next().unwrap_or(""));
        for bit in [(h as u32) % BLOOM_BITS, ((h >> 32) as u32) % BLOOM_BITS] {
            bloom[(bit / 8) as usize] |= 1 << (bit % 8);
        }
    }
    out.extend_from_slice(b"DYGZ");
    for v in [VERSION, entries.len() as u32, index.len() as u32, n_postings as u32, pool.len() as u32, max_tokens as u32, BLOOM_BITS] {
        out.extend_from_slice(&v.to_le_bytes());
    }
    out.extend_from_slice(&body_entries);
    out.extend_from_slice(&body_keys);
    out.extend_from_slice(&body_posts);
    out.extend_from_slice(&pool);
    out.extend_from_slice(&bloom);
    let path = PathBuf::from(std::env::var("OUT_DIR").expect("OUT_DIR")).join("gazetteer.bin");
    let mut f = std::fs::File::create(&path).expect("create gazetteer.bin");
    f.write_all(&out).expect("write gazetteer.bin");
    let mut summary = String::new();
    let _ = write!(summary, "{} entries, {} keys, {} bytes", entries.len(), index.len(), out.len());
    println!("cargo:rustc-env=DYAD_GAZETTEER_SUMMARY={summary}");
}
