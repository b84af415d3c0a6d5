//! Sentence splitting over tokens.

use dyad_model::{Sentence, Span, Token, TokenKind};

/// Sentences longer than this many tokens are cut (pathological input: tables, lists without stops).
pub const MAX_SENTENCE_TOKENS: usize = 200;

/// Abbreviations that may also end a sentence ("... sanctions on the U.S. The move ...").
const CAN_END: &[&str] = &["u.s.", "u.k.", "u.n.", "d.c.", "a.m.", "p.m.", "inc.", "ltd.", "co.", "corp.", "jr.", "etc.", "u.s.a.", "e.u."];

/// Words that typically start a sentence; after an abbreviation that can end one, they mark a boundary.
const STARTERS: &[&str] = &[
    "the", "a", "an", "he", "she", "it", "they", "we", "i", "you", "in", "on", "at", "but", "and", "this", "that",
    "these", "those", "its", "his", "her", "their", "there", "after", "meanwhile", "however", "officials", "on",
    "earlier", "later", "last", "since", "when", "while", "if", "as", "for", "some", "many", "no", "both", "one",
];

fn key<'a>(text_keys: &'a str, t: &Token) -> &'a str {
    &text_keys[t.key.range()]
}

/// Splits the tokens `tokens[from..]` of `text` into sentences.
pub fn split(text: &str, keys: &str, tokens: &[Token], from: usize, out: &mut Vec<Sentence>) {
    let mut start = from;
    let n = tokens.len();
    let mut i = from;
    while i < n {
        let t = &tokens[i];
        let k = key(keys, t);
        let mut boundary_after: Option<usize> = None;
        // A line break before the next token.
        if i + 1 < n {
            let gap = &text[t.span.end as usize..tokens[i + 1].span.start as usize];
            if gap.contains('\n') {
                let next = &tokens[i + 1];
                let blank_line = gap.matches('\n').count() >= 2;
                let next_lower = next.kind == TokenKind::Word && !next.capitalized;
                if blank_line || !next_lower {
                    boundary_after = Some(i);
                }
            }
        }
        if boundary_after.is_none() && t.kind == TokenKind::Punct && (k == "." || k == "!" || k == "?" || k == "...") {
            // Attach closing quotes and brackets written right after the stop.
            let mut j = i;
            while j + 1 < n {
                let nt = &tokens[j + 1];
                let nk = key(keys, nt);
                if (nk == "\"" || nk == "'" || nk == ")" || nk == "]") && nt.span.start == tokens[j].span.end {
                    j += 1;
                } else {
                    break;
                }
            }
            let next = tokens.get(j + 1);
            let ends = match next {
                None => true,
                Some(nt) => !(nt.kind == TokenKind::Word && !nt.capitalized && k != "!" && k != "?"),
            };
            if ends && !(k == "..." && next.is_some_and(|nt| !nt.capitalized)) {
                boundary_after = Some(j);
            }
        } else if boundary_after.is_none() && t.kind == TokenKind::Word && k.ends_with('.') && k.len() > 1 {
            // An abbreviation: a boundary only for those that can end a sentence, before a typical starter.
            if CAN_END.contains(&k) {
                if let Some(nt) = tokens.get(i + 1) {
                    if nt.capitalized && STARTERS.contains(&key(keys, nt)) {
                        boundary_after = Some(i);
                    }
                } else {
                    boundary_after = Some(i);
                }
            }
            // Other abbreviations (titles, initials, months) never end a sentence.
        }
        if boundary_after.is_none() && i + 1 - start >= MAX_SENTENCE_TOKENS {
            boundary_after = Some(i);
        }
        if let Some(end) = boundary_after {
            push(tokens, start, end + 1, out);
            start = end + 1;
            i = end + 1;
        } else {
            i += 1;
        }
    }
    if start < n {
        push(tokens, start, n, out);
    }
}

fn push(tokens: &[Token], a: usize, b: usize, out: &mut Vec<Sentence>) {
    if a >= b {
        return;
    }
    out.push(Sentence { span: Span { start: tokens[a].span.start, end: tokens[b - 1].span.end }, tokens: a as u32..b as u32, words: None });
}
