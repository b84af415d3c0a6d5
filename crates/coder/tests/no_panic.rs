//! Property test of the text stage and the coder on random input: they never panic, every span lies on
//! char boundaries inside the text, sentences and tokens are in order and do not overlap, and events
//! point at existing sentences. (A tiny xorshift generator keeps it dependency-free and repeatable.)

use dyad_coder::Coder;
use dyad_lexicon::Lexicon;
use dyad_model::{Document, Span};

struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn pick<'a>(&mut self, xs: &[&'a str]) -> &'a str {
        xs[(self.next() % xs.len() as u64) as usize]
    }
}

const PIECES: &[&str] = &[
    "Russia", "Ukraine", "U.S.", "Mr.", "Gen.", "attacked", "did not", "condemned", "said", "he", "it", ",", ".", "?",
    "!", "\"", "\u{201C}", "\u{201D}", "\u{2014}", "-", "'s", "n't", " ", "  ", "\n", "\n\n", "\r\n", "\u{00A0}", "é",
    "Erdoğan", "Київ", "🇺🇦", "\u{200B}", "\u{00AD}", "MOSCOW (Reuters) -", "on Monday", "last week", "three weeks later",
    "Turkish lawmakers", "troops", "and", "was attacked by", "if", "pledged to", "2024-03-03", "in Aleppo", "(", ")",
    "...", "--", "a.m.", "No.", "\t", "\u{0000}", "\u{FFFD}", "x", "7", "25,000",
];

fn check(doc: &Document) {
    let n = doc.text.len();
    let ok = |s: Span| s.start <= s.end && (s.end as usize) <= n && doc.text.is_char_boundary(s.start as usize) && doc.text.is_char_boundary(s.end as usize);
    let mut last = 0;
    for t in &doc.tokens {
        assert!(ok(t.span), "token span {:?} in {:?}", t.span, doc.text);
        assert!(t.span.start >= last);
        last = t.span.end;
    }
    let mut last = 0;
    for s in &doc.sentences {
        assert!(ok(s.span));
        assert!(s.span.start >= last);
        assert!(s.tokens.start < s.tokens.end && s.tokens.end as usize <= doc.tokens.len());
        last = s.span.end;
    }
    for m in &doc.mentions {
        assert!(ok(m.span));
    }
    for e in &doc.events {
        assert!((e.sentence as usize) < doc.sentences.len());
        assert!(ok(e.verb_span) && ok(e.source.span));
    }
}

#[test]
fn random_text_never_breaks_the_pipeline() {
    let (lex, _) = Lexicon::builtin();
    let coder = Coder::new(lex);
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    for round in 0..3000 {
        let len = (rng.next() % 60) as usize;
        let mut text = String::new();
        for _ in 0..len {
            if rng.next() % 7 == 0 {
                // random code points, including multi-byte ones
                let c = char::from_u32((rng.next() % 0x2FFFF) as u32).unwrap_or('?');
                text.push(c);
            } else {
                text.push_str(rng.pick(PIECES));
                if rng.next() % 2 == 0 {
                    text.push(' ');
                }
            }
        }
        let mut doc = Document::new(format!("r{round}"), text);
        doc.date = chrono::NaiveDate::from_ymd_opt(2020 + (round % 7) as i32, 1 + (round % 12) as u32, 1 + (round % 28) as u32);
        dyad_text::process(&mut doc);
        coder.code(&mut doc);
        check(&doc);
    }
}
