//! Datelines: "ANKARA (Reuters) -", "CAIRO (AP) -", "ANKARA, March 3 (Reuters) -", "WASHINGTON -".

use chrono::{Datelike, NaiveDate};
use dyad_model::{Dateline, Span, Token, TokenKind};

const MAX_DATELINE_TOKENS: usize = 16;

pub(crate) const MONTHS: &[(&str, u32)] = &[
    ("january", 1), ("jan.", 1), ("jan", 1), ("february", 2), ("feb.", 2), ("feb", 2), ("march", 3), ("mar.", 3),
    ("april", 4), ("apr.", 4), ("apr", 4), ("may", 5), ("june", 6), ("jun.", 6), ("july", 7), ("jul.", 7),
    ("august", 8), ("aug.", 8), ("aug", 8), ("september", 9), ("sept.", 9), ("sep.", 9), ("sept", 9),
    ("october", 10), ("oct.", 10), ("oct", 10), ("november", 11), ("nov.", 11), ("nov", 11), ("december", 12),
    ("dec.", 12), ("dec", 12),
];

fn month(k: &str) -> Option<u32> {
    MONTHS.iter().find(|(m, _)| *m == k).map(|(_, n)| *n)
}

/// Looks for a dateline in the first tokens. Returns it and the index of the first token after it.
pub fn detect(text: &str, keys: &str, tokens: &[Token], published: Option<NaiveDate>) -> Option<(Dateline, usize)> {
    let first = tokens.first()?;
    if first.kind != TokenKind::Word || !first.capitalized {
        return None;
    }
    let k = |t: &Token| &keys[t.key.range()];
    let s = |t: &Token| &text[t.span.range()];
    // The dash that ends the dateline, on the first line, within a few tokens.
    let mut dash = None;
    for (i, t) in tokens.iter().enumerate().take(MAX_DATELINE_TOKENS) {
        if i > 0 && text[tokens[i - 1].span.end as usize..t.span.start as usize].contains('\n') {
            return None;
        }
        let tk = k(t);
        if t.kind == TokenKind::Punct && (tk == "-" || tk == "--" || tk == ":" && i > 0 && s(&tokens[i - 1]) == ")") {
            dash = Some(i);
            break;
        }
        if tk == "." || tk == "!" || tk == "?" || tk == "\"" {
            return None;
        }
    }
    let dash = dash?;
    if dash == 0 {
        return None;
    }
    let head = &tokens[..dash];
    let all_caps = |t: &Token| {
        let w = s(t);
        w.chars().filter(|c| c.is_alphabetic()).count() >= 2 && !w.chars().any(|c| c.is_lowercase())
    };
    let paren = head.iter().position(|t| k(t) == "(");
    let close = head.iter().position(|t| k(t) == ")");
    let has_agency = matches!((paren, close), (Some(a), Some(b)) if b > a + 1);
    if !(all_caps(first) || has_agency) {
        return None;
    }
    // Everything outside the parentheses must be capitalised words, commas, month names or numbers.
    let place_end = head.iter().position(|t| k(t) == "," || k(t) == "(").unwrap_or(head.len());
    if place_end == 0 {
        return None;
    }
    for (i, t) in head.iter().enumerate() {
        let inside = matches!((paren, close), (Some(a), Some(b)) if i >= a && i <= b);
        if inside {
            continue;
        }
        let ok = match t.kind {
            TokenKind::Word => t.capitalized || month(k(t)).is_some(),
            TokenKind::Number => true,
            TokenKind::Punct => k(t) == "," || k(t) == "/",
        };
        if !ok {
            return None;
        }
    }
    let place = text[head[0].span.start as usize..head[place_end - 1].span.end as usize].to_string();
    let source = match (paren, close) {
        (Some(a), Some(b)) if b > a + 1 => Some(text[head[a + 1].span.start as usize..head[b - 1].span.end as usize].to_string()),
        _ => None,
    };
    // A date after the comma: "March 3" or "3 March", with a year ("March 3, 2025", "3 March 2025")
    // or in the year of the known publication date (the last such day not after it).
    let mut date = None;
    let rest = &head[place_end..];
    for (i, w) in rest.windows(2).enumerate() {
        let (m, d) = match (month(k(&w[0])), month(k(&w[1]))) {
            (Some(m), _) if w[1].kind == TokenKind::Number => (m, k(&w[1]).parse::<u32>().ok()),
            (_, Some(m)) if w[0].kind == TokenKind::Number => (m, k(&w[0]).parse::<u32>().ok()),
            _ => continue,
        };
        let mut after = rest[i + 2..].iter().skip_while(|t| k(t) == ",");
        let year = after.next().filter(|t| t.kind == TokenKind::Number && k(t).len() == 4).and_then(|t| k(t).parse::<i32>().ok()).filter(|y| (1900..=2200).contains(y));
        date = match (d, year, published) {
            (Some(d), Some(y), _) => NaiveDate::from_ymd_opt(y, m, d),
            (Some(d), None, Some(p)) => {
                let year = if m > p.month() { p.year() - 1 } else { p.year() };
                NaiveDate::from_ymd_opt(year, m, d)
            }
            _ => None,
        };
        break;
    }
    let span = Span { start: head[0].span.start, end: tokens[dash].span.end };
    Some((Dateline { span: Some(span), place: Some(place), source, date }, dash + 1))
}
