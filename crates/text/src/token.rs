//! Tokenisation with byte offsets, and matching keys (lower case, accents folded).
//!
//! Conventions, shared with the lexicon compiler (which tokenises phrases with the same function):
//! - hyphens split words and are not tokens ("al-Qaeda" = "al Qaeda", "cease-fire" = "cease fire");
//! - initialisms keep their dots ("U.S.", "a.m."), and so do known abbreviations ("Gen.", "Jan.");
//! - a possessive `'s` and a negating `n't` are tokens of their own ("Russia's" → "Russia" "'s");
//! - other punctuation is one token per character, except "..." and "--".

use dyad_model::{Span, Token, TokenKind};

/// Words that take a dot as abbreviations (lower case, without the dot).
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "gen", "lt", "col", "maj", "capt", "cpt", "sgt", "adm", "cmdr", "gov", "sen",
    "rep", "rev", "st", "jr", "sr", "pres", "amb", "hon", "fr", "sec", "insp", "supt", "jan", "feb", "mar", "apr",
    "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "no", "nos", "vs", "etc", "inc", "ltd", "co", "corp",
    "bros", "dept", "univ", "assn", "approx", "est", "mt", "ft", "vol", "pp", "cf", "al", "ave", "blvd", "brig",
    "cpl", "pvt", "mme", "messrs", "sgt", "gens", "reps", "sens", "govs", "ariz", "calif", "colo", "conn", "fla",
    "ga", "ill", "ind", "kan", "ky", "la", "mass", "md", "mich", "minn", "miss", "mo", "mont", "neb", "nev",
    "okla", "ore", "pa", "tenn", "tex", "va", "vt", "wash", "wis", "wyo",
];

pub(crate) fn is_abbreviation(word: &str) -> bool {
    if word.len() > 6 {
        return false;
    }
    let mut buf = [0u8; 6];
    for (i, b) in word.bytes().enumerate() {
        buf[i] = b.to_ascii_lowercase();
    }
    let lw = &buf[..word.len()];
    ABBREVIATIONS.iter().any(|a| a.as_bytes() == lw)
}

/// Appends the matching key of `s` to `out`: lower case with Latin accents folded.
pub fn push_key(s: &str, out: &mut String) {
    for c in s.chars() {
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
            continue;
        }
        for l in c.to_lowercase() {
            match fold(l) {
                Some(f) => out.push_str(f),
                None => out.push(l),
            }
        }
    }
}

/// The matching key of a string.
pub fn key(s: &str) -> String {
    let mut k = String::with_capacity(s.len());
    push_key(s, &mut k);
    k
}

fn fold(c: char) -> Option<&'static str> {
    Some(match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' | 'ạ' | 'ả' | 'ấ' | 'ầ' | 'ẩ' | 'ẫ' | 'ậ' | 'ắ' | 'ằ' | 'ặ' => "a",
        'æ' => "ae",
        'ç' | 'ć' | 'ĉ' | 'ċ' | 'č' => "c",
        'ď' | 'đ' | 'ð' => "d",
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ĕ' | 'ė' | 'ę' | 'ě' | 'ẹ' | 'ẻ' | 'ẽ' | 'ế' | 'ề' | 'ể' | 'ễ' | 'ệ' => "e",
        'ĝ' | 'ğ' | 'ġ' | 'ģ' => "g",
        'ĥ' | 'ħ' | 'ḥ' => "h",
        'ì' | 'í' | 'î' | 'ï' | 'ĩ' | 'ī' | 'ĭ' | 'į' | 'ı' | 'ỉ' | 'ị' => "i",
        'ĵ' => "j",
        'ķ' => "k",
        'ĺ' | 'ļ' | 'ľ' | 'ŀ' | 'ł' => "l",
        'ñ' | 'ń' | 'ņ' | 'ň' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ŏ' | 'ő' | 'ơ' | 'ọ' | 'ỏ' | 'ố' | 'ồ' | 'ổ' | 'ỗ' | 'ộ' | 'ớ' | 'ờ' | 'ở' | 'ỡ' | 'ợ' => "o",
        'œ' => "oe",
        'ŕ' | 'ŗ' | 'ř' => "r",
        'ś' | 'ŝ' | 'ş' | 'š' | 'ș' | 'ṣ' => "s",
        'ß' => "ss",
        'ţ' | 'ť' | 'ŧ' | 'ț' | 'ṭ' => "t",
        'þ' => "th",
        'ù' | 'ú' | 'û' | 'ü' | 'ũ' | 'ū' | 'ŭ' | 'ů' | 'ű' | 'ų' | 'ư' | 'ụ' | 'ủ' | 'ứ' | 'ừ' | 'ử' | 'ữ' | 'ự' => "u",
        'ŵ' => "w",
        'ý' | 'ÿ' | 'ŷ' | 'ỳ' | 'ỵ' | 'ỷ' | 'ỹ' => "y",
        'ź' | 'ż' | 'ž' => "z",
        'ʻ' | 'ʼ' | 'ʿ' | 'ʾ' => "'",
        _ => return None,
    })
}

#[inline]
fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

/// Tokenises `text`, appending tokens to `tokens` and their keys to `keys`.
pub fn tokenize(text: &str, tokens: &mut Vec<Token>, keys: &mut String) {
    let bytes = text.as_bytes();
    let n = text.len();
    let mut i = 0;
    let char_at = |i: usize| -> Option<char> { text.get(i..).and_then(|s| s.chars().next()) };
    let push = |start: usize, end: usize, kind: TokenKind, tokens: &mut Vec<Token>, keys: &mut String| {
        let s = &text[start..end];
        let kstart = keys.len();
        push_key(s, keys);
        let capitalized = s.chars().next().is_some_and(|c| c.is_uppercase());
        tokens.push(Token { span: Span::new(start, end), key: Span::new(kstart, keys.len()), kind, capitalized });
    };
    while i < n {
        let b = bytes[i];
        if b.is_ascii_whitespace() {
            i += 1;
            continue;
        }
        let c = match char_at(i) {
            Some(c) => c,
            None => break,
        };
        if c.is_whitespace() {
            i += c.len_utf8();
            continue;
        }
        if is_word_char(c) {
            let start = i;
            let kind = if c.is_ascii_digit() { TokenKind::Number } else { TokenKind::Word };
            let mut j = i + c.len_utf8();
            loop {
                let Some(d) = char_at(j) else { break };
                if is_word_char(d) {
                    j += d.len_utf8();
                    continue;
                }
                // Numbers keep their separators: 25,000 and 5.1
                if kind == TokenKind::Number && (d == ',' || d == '.') && j + 1 < n && bytes[j + 1].is_ascii_digit() {
                    j += 1;
                    continue;
                }
                // Word-internal apostrophes: O'Brien, d'Ivoire (but not 's and n't, split below).
                if d == '\'' && j + 1 < n {
                    let rest = &text[j + 1..];
                    let next_alpha = rest.chars().next().is_some_and(|x| x.is_alphabetic());
                    let is_s = rest.len() >= 1
                        && (rest.as_bytes()[0] == b's' || rest.as_bytes()[0] == b'S')
                        && rest[1..].chars().next().map_or(true, |x| !x.is_alphanumeric());
                    if next_alpha && !is_s {
                        j += 1;
                        continue;
                    }
                }
                break;
            }
            // Split a negating n't off: didn't → did n't.
            let word = &text[start..j];
            if word.len() > 3 && (word.ends_with("n't") || word.ends_with("N'T")) {
                push(start, j - 3, kind, tokens, keys);
                push(j - 3, j, TokenKind::Word, tokens, keys);
                i = j;
                continue;
            }
            // Initialisms: U.S., U.N., a.m., D.C.
            if j - start == c.len_utf8() && c.is_alphabetic() && j < n && bytes[j] == b'.' {
                let mut k = j;
                loop {
                    // expect ".X" followed by "."
                    if k < n && bytes[k] == b'.' {
                        if let Some(x) = char_at(k + 1) {
                            let after = k + 1 + x.len_utf8();
                            if x.is_alphabetic() && after < n && bytes[after] == b'.' {
                                k = after;
                                continue;
                            }
                        }
                    }
                    break;
                }
                if k > j {
                    // k points at the final dot of the initialism
                    push(start, k + 1, TokenKind::Word, tokens, keys);
                    i = k + 1;
                    continue;
                }
                // A single initial: "John F. Kennedy".
                if c.is_uppercase() {
                    push(start, j + 1, TokenKind::Word, tokens, keys);
                    i = j + 1;
                    continue;
                }
            }
            // Abbreviations take their dot.
            if kind == TokenKind::Word && j < n && bytes[j] == b'.' && is_abbreviation(word) {
                push(start, j + 1, kind, tokens, keys);
                i = j + 1;
                continue;
            }
            push(start, j, kind, tokens, keys);
            i = j;
            continue;
        }
        // Possessive 's (the apostrophe after a word was not taken by the word).
        if c == '\'' && i + 1 < n && (bytes[i + 1] == b's' || bytes[i + 1] == b'S') {
            let after = char_at(i + 2);
            if after.map_or(true, |x| !x.is_alphanumeric()) && i > 0 && !bytes[i - 1].is_ascii_whitespace() {
                push(i, i + 2, TokenKind::Word, tokens, keys);
                i += 2;
                continue;
            }
        }
        // Hyphens inside words split them and are no tokens of their own.
        if c == '-' {
            let prev_word = i > 0 && char_at_prev(text, i).is_some_and(is_word_char);
            let next_word = char_at(i + 1).is_some_and(is_word_char);
            if prev_word && next_word {
                i += 1;
                continue;
            }
            if text[i..].starts_with("--") {
                let mut j = i;
                while j < n && bytes[j] == b'-' {
                    j += 1;
                }
                push(i, j, TokenKind::Punct, tokens, keys);
                i = j;
                continue;
            }
        }
        if text[i..].starts_with("...") {
            let mut j = i;
            while j < n && bytes[j] == b'.' {
                j += 1;
            }
            push(i, j, TokenKind::Punct, tokens, keys);
            i = j;
            continue;
        }
        let end = i + c.len_utf8();
        push(i, end, TokenKind::Punct, tokens, keys);
        i = end;
    }
}

fn char_at_prev(text: &str, i: usize) -> Option<char> {
    text.get(..i).and_then(|s| s.chars().next_back())
}

/// Tokenises a lexicon phrase into matching keys, with the same rules as document text.
pub fn phrase_keys(phrase: &str) -> Vec<String> {
    let mut toks = Vec::new();
    let mut keys = String::new();
    tokenize(phrase, &mut toks, &mut keys);
    toks.iter().map(|t| keys[t.key.range()].to_string()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(s: &str) -> Vec<String> {
        let mut t = Vec::new();
        let mut k = String::new();
        tokenize(s, &mut t, &mut k);
        t.iter().map(|t| s[t.span.range()].to_string()).collect()
    }

    #[test]
    fn words_and_punctuation() {
        assert_eq!(toks("Russia's army didn't attack."), ["Russia", "'s", "army", "did", "n't", "attack", "."]);
        assert_eq!(toks("The U.S. and U.N. met at 9 a.m. on Jan. 5"), ["The", "U.S.", "and", "U.N.", "met", "at", "9", "a.m.", "on", "Jan.", "5"]);
        assert_eq!(toks("al-Qaeda's cease-fire"), ["al", "Qaeda", "'s", "cease", "fire"]);
        assert_eq!(toks("25,000 troops, 5.1 million"), ["25,000", "troops", ",", "5.1", "million"]);
        assert_eq!(toks("O'Brien and Cote d'Ivoire"), ["O'Brien", "and", "Cote", "d'Ivoire"]);
        assert_eq!(toks("Gen. John F. Kennedy -- no"), ["Gen.", "John", "F.", "Kennedy", "--", "no"]);
        assert_eq!(toks("wait... what"), ["wait", "...", "what"]);
    }

    #[test]
    fn keys_fold_case_and_accents() {
        assert_eq!(phrase_keys("Erdoğan of Türkiye"), ["erdogan", "of", "turkiye"]);
        assert_eq!(phrase_keys("Élysée"), ["elysee"]);
        assert_eq!(phrase_keys("U.S."), ["u.s."]);
    }

    #[test]
    fn spans_are_on_char_boundaries() {
        let s = "Zelenskyy — «Київ» 'x' 🇺🇦 ok";
        let mut t = Vec::new();
        let mut k = String::new();
        tokenize(s, &mut t, &mut k);
        for tok in &t {
            assert!(s.is_char_boundary(tok.span.start as usize) && s.is_char_boundary(tok.span.end as usize));
        }
    }
}
