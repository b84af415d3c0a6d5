//! No-panic fuzzing over random and mutated inputs, with a tiny xorshift generator.

use dyad_read::{read_html, read_reader, Item, ReadOptions};
use std::path::Path;

struct XorShift(u64);
impl XorShift {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

fn seeds() -> Vec<(String, Vec<u8>)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus");
    let mut out = Vec::new();
    for dir in [root.clone(), root.join("html"), root.join("feeds")] {
        let mut entries: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).filter(|p| p.is_file()).collect();
        entries.sort();
        for p in entries {
            out.push((p.file_name().unwrap().to_string_lossy().into_owned(), std::fs::read(&p).unwrap()));
        }
    }
    out
}

/// Markup-ish fragments that mutations splice in.
const SPLICES: &[&[u8]] = &[b"<", b">", b"</p>", b"<p>", b"<![CDATA[", b"]]>", b"\"", b"{", b"}", b"\n", b"\0", b"\xff\xfe", b"\xe2\x82", b"&amp;", b"&#x", b"<script>", b"<item>", b"</entry>", b"\x1f\x8b"];

fn mutate(rng: &mut XorShift, data: &[u8]) -> Vec<u8> {
    let mut v = data.to_vec();
    for _ in 0..1 + rng.below(8) {
        match rng.below(5) {
            0 if !v.is_empty() => {
                let i = rng.below(v.len());
                v[i] ^= 1 << rng.below(8);
            }
            1 if !v.is_empty() => {
                let cut = rng.below(v.len());
                v.truncate(cut);
            }
            2 => {
                let i = rng.below(v.len() + 1);
                let s = SPLICES[rng.below(SPLICES.len())];
                v.splice(i..i, s.iter().copied());
            }
            3 if v.len() > 2 => {
                let a = rng.below(v.len());
                let b = (a + rng.below(200)).min(v.len());
                v.drain(a..b);
            }
            _ => {
                let i = rng.below(v.len() + 1);
                let n = rng.below(16);
                let bytes: Vec<u8> = (0..n).map(|_| rng.next() as u8).collect();
                v.splice(i..i, bytes);
            }
        }
    }
    v
}

const NAMES: &[&str] = &["a.txt", "a.jsonl", "a.json", "a.html", "a.rss", "a.atom", "a.xml", "a.gz", "a.jsonl.gz", "noext", "-"];

fn run(name: &str, bytes: Vec<u8>, opts: &ReadOptions) -> usize {
    let items: Vec<Item> = read_reader(name, Box::new(std::io::Cursor::new(bytes)), opts).collect();
    for it in &items {
        if let Item::Doc(d) = it {
            assert!(d.text.len() <= opts.max_doc_bytes + 3 * 1024, "size limit respected");
            assert!(!d.text.trim().is_empty(), "no empty documents");
        }
    }
    items.len()
}

#[test]
fn random_and_mutated_inputs_never_panic() {
    let mut rng = XorShift(0x9E37_79B9_7F4A_7C15);
    let seeds = seeds();
    let small = ReadOptions { max_doc_bytes: 512, max_file_bytes: 64 * 1024, ..ReadOptions::default() };
    let default = ReadOptions::default();
    let mut items = 0;
    for round in 0..400 {
        let opts = if round % 3 == 0 { &small } else { &default };
        // Pure random bytes, sometimes text-like.
        let n = rng.below(3000);
        let mut bytes: Vec<u8> = (0..n).map(|_| rng.next() as u8).collect();
        if round % 2 == 0 {
            for b in &mut bytes {
                *b = b" <>/\"{}:,abcdefghij\n"[(*b as usize) % 20];
            }
        }
        items += run(NAMES[rng.below(NAMES.len())], bytes, opts);
        // A corpus file, mutated, under its own name or another one.
        let (name, data) = &seeds[rng.below(seeds.len())];
        let m = mutate(&mut rng, data);
        let name = if rng.below(3) == 0 { NAMES[rng.below(NAMES.len())] } else { name.as_str() };
        items += run(name, m.clone(), opts);
        // The HTML entry point directly.
        let doc = read_html("fuzz", &String::from_utf8_lossy(&m), opts);
        assert!(doc.text.len() <= opts.max_doc_bytes);
    }
    println!("fuzz: 1200 inputs, {items} items");
}
