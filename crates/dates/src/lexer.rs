//! The lexer: the byte-level pre-check ([`might_contain_time`]) and the tokens the grammar reads.
//!
//! [`tokenize`] splits a sentence into [`Tok`]s (words, numbers, single punctuation bytes, with byte
//! spans on `char` boundaries) and [`classify`] gives each word its [`Lex`], the date-relevant class:
//! weekday, month, unit, modifier, tense cue and so on. The word lists of the crate live here, by hand
//! (no regular expressions); [`trigger_word`] is the small list the pre-check looks for.

use crate::calendar::Unit;

/// Cheap pre-check: `false` means the sentence certainly has no time expression that
/// [`DateResolver::sentence`](crate::DateResolver::sentence) would find. It looks for a weekday, month,
/// day word, period word, season or four-digit number between 1500 and 2199.
pub fn might_contain_time(text: &str) -> bool {
    let b = text.as_bytes();
    let n = b.len();
    let mut i = 0;
    while i < n {
        let c = b[i];
        if c.is_ascii_alphabetic() {
            let s = i;
            i += 1;
            while i < n && b[i].is_ascii_alphanumeric() {
                i += 1;
            }
            let len = i - s;
            if (3..=9).contains(&len) && trigger_word(&b[s..i]) {
                return true;
            }
        } else if c.is_ascii_digit() {
            let s = i;
            let mut v: u32 = 0;
            while i < n && b[i].is_ascii_digit() {
                if i - s < 5 {
                    v = v * 10 + (b[i] - b'0') as u32;
                }
                i += 1;
            }
            if i - s == 4 && (1500..=2199).contains(&v) {
                return true;
            }
            while i < n && b[i].is_ascii_alphanumeric() {
                i += 1;
            }
        } else {
            i += 1;
        }
    }
    false
}

fn trigger_word(w: &[u8]) -> bool {
    let mut buf = [0u8; 9];
    for (d, s) in buf.iter_mut().zip(w) {
        *d = s.to_ascii_lowercase();
    }
    let l = &buf[..w.len()];
    // Dispatch on the first letter to keep the comparisons few.
    match l[0] {
        b'a' => matches!(l, b"april" | b"apr" | b"august" | b"aug" | b"afternoon" | b"autumn"),
        b'd' => matches!(l, b"day" | b"days" | b"december" | b"dec"),
        b'e' => l == b"evening",
        b'f' => matches!(l, b"friday" | b"february" | b"feb" | b"fall"),
        b'j' => matches!(l, b"january" | b"jan" | b"june" | b"jun" | b"july" | b"jul"),
        b'm' => matches!(l, b"monday" | b"month" | b"months" | b"march" | b"mar" | b"may" | b"morning"),
        b'n' => matches!(l, b"night" | b"november" | b"nov"),
        b'o' => matches!(l, b"october" | b"oct"),
        b's' => matches!(
            l,
            b"sunday" | b"saturday" | b"september" | b"sept" | b"sep" | b"spring" | b"summer"
        ),
        b't' => matches!(l, b"tuesday" | b"thursday" | b"today" | b"tomorrow" | b"tonight"),
        b'w' => matches!(l, b"wednesday" | b"week" | b"weeks" | b"weekend"),
        b'y' => matches!(l, b"year" | b"years" | b"yesterday"),
        _ => false,
    }
}

/// What a token is, as far as dates are concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Lex {
    /// Past the end of the sentence.
    None,
    Other,
    /// An ASCII punctuation byte, 0 for any non-ASCII character.
    Punct(u8),
    /// Digits: value (saturated) and digit count (saturated at 255).
    Num(u32, u8),
    /// "3rd", "21st".
    Ordinal(u32),
    /// 0 = Monday.
    Weekday(u8),
    /// 1..=12, abbreviated.
    Month(u8, bool),
    Today,
    Yesterday,
    Tomorrow,
    Tonight,
    Night,
    DayPart,
    Ago,
    Later,
    Earlier,
    Early,
    Late,
    Mid,
    This,
    Last,
    Next,
    Coming,
    Past,
    Previous,
    Following,
    The,
    A,
    Of,
    That,
    Same,
    Couple,
    In,
    On,
    At,
    Over,
    During,
    Since,
    Until,
    By,
    From,
    To,
    And,
    Or,
    Between,
    Before,
    After,
    Through,
    /// Unit and plural.
    Unit(Unit, bool),
    Weekend,
    /// 0 spring, 1 summer, 2 autumn/fall.
    Season(u8),
    NumWord(u32),
    /// first..fifth.
    OrdWord(u8),
    /// end, beginning, start, middle.
    Boundary,
    More,
    Than,
    Less,
    Least,
    Under,
    Up,
    Every,
    /// Capitalised: Black, Good, Super, Bloody, Easter, Palm, Ash, Cyber, Holy, Maundy, Shrove, Fat.
    Holiday,
    Will,
    Won,
    Be,
    Intend,
    FutureWord,
    PastVerb,
    /// "be", "been", "being": a participle after them is passive, not a past tense.
    BeAux,
    /// Function words that may follow a year.
    Func,
}

#[derive(Debug, Clone, Copy)]
pub(crate) struct Tok {
    pub(crate) start: u32,
    pub(crate) end: u32,
    pub(crate) lex: Lex,
    pub(crate) cap: bool,
}

pub(crate) fn tokenize(text: &str, out: &mut Vec<Tok>) {
    out.clear();
    let b = text.as_bytes();
    let n = b.len();
    let mut i = 0;
    while i < n {
        let c = b[i];
        if c.is_ascii_alphanumeric() {
            let s = i;
            while i < n && b[i].is_ascii_alphanumeric() {
                i += 1;
            }
            let w = &b[s..i];
            // "2024-03-03T10:00": the day "03" and the time "T10" are separate tokens.
            let nd = w.iter().take_while(|c| c.is_ascii_digit()).count();
            let split = if nd == 2 && w.len() > 3 && (w[2] == b'T' || w[2] == b't') && w[3].is_ascii_digit() {
                s + 2
            } else {
                i
            };
            let w = &b[s..split];
            let cap = w[0].is_ascii_uppercase();
            out.push(Tok { start: s as u32, end: split as u32, lex: classify(w, cap), cap });
            if split < i {
                out.push(Tok { start: split as u32, end: i as u32, lex: Lex::Other, cap: true });
            }
        } else if c.is_ascii_whitespace() {
            i += 1;
        } else if c < 0x80 {
            out.push(Tok { start: i as u32, end: i as u32 + 1, lex: Lex::Punct(c), cap: false });
            i += 1;
        } else {
            let len = if c >= 0xF0 {
                4
            } else if c >= 0xE0 {
                3
            } else {
                2
            };
            let end = (i + len).min(n);
            // No-break and other Unicode spaces separate like spaces.
            let space = matches!(&b[i..end], [0xC2, 0xA0] | [0xE2, 0x80, 0x80..=0x8A] | [0xE2, 0x80, 0xAF]);
            if !space {
                out.push(Tok { start: i as u32, end: end as u32, lex: Lex::Punct(0), cap: false });
            }
            i = end;
        }
    }
}

fn classify(w: &[u8], cap: bool) -> Lex {
    if w[0].is_ascii_digit() {
        let nd = w.iter().take_while(|c| c.is_ascii_digit()).count();
        let mut v: u32 = 0;
        for &c in &w[..nd] {
            v = v.saturating_mul(10).saturating_add((c - b'0') as u32);
        }
        if nd == w.len() {
            return Lex::Num(v, nd.min(255) as u8);
        }
        if nd <= 2 && w.len() == nd + 2 {
            let s = [w[nd].to_ascii_lowercase(), w[nd + 1].to_ascii_lowercase()];
            if matches!(&s, b"st" | b"nd" | b"rd" | b"th") {
                return Lex::Ordinal(v);
            }
        }
        return Lex::Other;
    }
    let ed = !cap && w.len() >= 4 && w.ends_with(b"ed");
    if w.len() > 12 {
        return if ed { Lex::PastVerb } else { Lex::Other };
    }
    let mut buf = [0u8; 12];
    for (d, s) in buf.iter_mut().zip(w) {
        *d = s.to_ascii_lowercase();
    }
    let l = &buf[..w.len()];
    let lex = match l {
        b"monday" => Lex::Weekday(0),
        b"tuesday" => Lex::Weekday(1),
        b"wednesday" => Lex::Weekday(2),
        b"thursday" => Lex::Weekday(3),
        b"friday" => Lex::Weekday(4),
        b"saturday" => Lex::Weekday(5),
        b"sunday" => Lex::Weekday(6),
        b"january" => Lex::Month(1, false),
        b"february" => Lex::Month(2, false),
        b"march" if cap => Lex::Month(3, false),
        b"april" => Lex::Month(4, false),
        b"may" if cap => Lex::Month(5, false),
        b"june" => Lex::Month(6, false),
        b"july" => Lex::Month(7, false),
        b"august" if cap => Lex::Month(8, false),
        b"september" => Lex::Month(9, false),
        b"october" => Lex::Month(10, false),
        b"november" => Lex::Month(11, false),
        b"december" => Lex::Month(12, false),
        b"jan" if cap => Lex::Month(1, true),
        b"feb" if cap => Lex::Month(2, true),
        b"mar" if cap => Lex::Month(3, true),
        b"apr" if cap => Lex::Month(4, true),
        b"jun" if cap => Lex::Month(6, true),
        b"jul" if cap => Lex::Month(7, true),
        b"aug" if cap => Lex::Month(8, true),
        b"sep" | b"sept" if cap => Lex::Month(9, true),
        b"oct" if cap => Lex::Month(10, true),
        b"nov" if cap => Lex::Month(11, true),
        b"dec" if cap => Lex::Month(12, true),
        b"today" => Lex::Today,
        b"yesterday" => Lex::Yesterday,
        b"tomorrow" => Lex::Tomorrow,
        b"tonight" => Lex::Tonight,
        b"night" => Lex::Night,
        b"morning" | b"afternoon" | b"evening" => Lex::DayPart,
        b"ago" => Lex::Ago,
        b"later" => Lex::Later,
        b"earlier" => Lex::Earlier,
        b"early" => Lex::Early,
        b"late" => Lex::Late,
        b"mid" => Lex::Mid,
        b"this" => Lex::This,
        b"last" => Lex::Last,
        b"next" => Lex::Next,
        b"coming" => Lex::Coming,
        b"past" => Lex::Past,
        b"previous" => Lex::Previous,
        b"following" => Lex::Following,
        b"the" => Lex::The,
        b"a" | b"an" => Lex::A,
        b"of" => Lex::Of,
        b"that" => Lex::That,
        b"same" => Lex::Same,
        b"couple" => Lex::Couple,
        b"in" => Lex::In,
        b"on" => Lex::On,
        b"at" => Lex::At,
        b"over" => Lex::Over,
        b"during" => Lex::During,
        b"since" => Lex::Since,
        b"until" | b"till" => Lex::Until,
        b"by" => Lex::By,
        b"from" => Lex::From,
        b"to" => Lex::To,
        b"and" => Lex::And,
        b"or" => Lex::Or,
        b"between" => Lex::Between,
        b"before" => Lex::Before,
        b"after" => Lex::After,
        b"through" => Lex::Through,
        b"day" => Lex::Unit(Unit::Day, false),
        b"days" => Lex::Unit(Unit::Day, true),
        b"week" => Lex::Unit(Unit::Week, false),
        b"weeks" => Lex::Unit(Unit::Week, true),
        b"month" => Lex::Unit(Unit::Month, false),
        b"months" => Lex::Unit(Unit::Month, true),
        b"year" => Lex::Unit(Unit::Year, false),
        b"years" => Lex::Unit(Unit::Year, true),
        b"weekend" => Lex::Weekend,
        b"spring" => Lex::Season(0),
        b"summer" => Lex::Season(1),
        b"autumn" | b"fall" => Lex::Season(2),
        b"one" => Lex::NumWord(1),
        b"two" => Lex::NumWord(2),
        b"three" => Lex::NumWord(3),
        b"four" => Lex::NumWord(4),
        b"five" => Lex::NumWord(5),
        b"six" => Lex::NumWord(6),
        b"seven" => Lex::NumWord(7),
        b"eight" => Lex::NumWord(8),
        b"nine" => Lex::NumWord(9),
        b"ten" => Lex::NumWord(10),
        b"eleven" => Lex::NumWord(11),
        b"twelve" => Lex::NumWord(12),
        b"first" => Lex::OrdWord(1),
        b"second" => Lex::OrdWord(2),
        b"third" => Lex::OrdWord(3),
        b"fourth" => Lex::OrdWord(4),
        b"fifth" => Lex::OrdWord(5),
        b"end" | b"beginning" | b"start" | b"middle" => Lex::Boundary,
        b"more" => Lex::More,
        b"than" => Lex::Than,
        b"less" | b"fewer" => Lex::Less,
        b"least" => Lex::Least,
        b"under" => Lex::Under,
        b"up" => Lex::Up,
        b"every" | b"each" => Lex::Every,
        b"black" | b"good" | b"super" | b"bloody" | b"easter" | b"palm" | b"ash" | b"cyber"
        | b"holy" | b"maundy" | b"shrove" | b"fat"
            if cap =>
        {
            Lex::Holiday
        }
        b"will" | b"shall" | b"ll" => Lex::Will,
        b"won" => Lex::Won,
        b"is" | b"are" | b"am" => Lex::Be,
        b"be" | b"been" | b"being" => Lex::BeAux,
        b"set" | b"expected" | b"plans" | b"plan" | b"planning" | b"planned" | b"going"
        | b"intends" | b"aims" => Lex::Intend,
        b"due" | b"scheduled" | b"slated" | b"upcoming" => Lex::FutureWord,
        b"said" | b"told" | b"was" | b"were" | b"had" | b"did" | b"met" | b"held" | b"took"
        | b"made" | b"came" | b"went" | b"left" | b"fled" | b"fought" | b"began" | b"saw"
        | b"gave" | b"sent" | b"struck" | b"led" | b"spoke" | b"wrote" | b"brought"
        | b"thought" | b"felt" | b"kept" | b"lost" | b"paid" | b"stood" | b"found"
        | b"became" | b"broke" | b"chose" | b"drove" | b"fell" | b"flew" | b"grew" | b"knew"
        | b"meant" | b"rose" | b"ran" | b"sat" | b"sold" | b"shot" | b"shook" | b"stole"
        | b"threw" | b"caught" | b"sought" | b"bought" | b"built" | b"heard" | b"hid" => {
            Lex::PastVerb
        }
        b"when" | b"while" | b"but" | b"as" | b"which" | b"where" | b"amid" | b"despite"
        | b"with" | b"against" | b"because" | b"if" | b"though" | b"although" | b"saying"
        | b"it" | b"he" | b"she" | b"they" | b"we" | b"there" | b"these" | b"those" | b"its"
        | b"his" | b"her" | b"their" | b"i" | b"you" | b"for" | b"not" | b"no" => Lex::Func,
        _ => Lex::Other,
    };
    if lex == Lex::Other && ed && !matches!(l, b"need" | b"seed" | b"speed" | b"feed" | b"breed"
        | b"bleed" | b"indeed" | b"hundred" | b"proceed" | b"exceed" | b"succeed" | b"embed"
        | b"creed" | b"greed" | b"steed" | b"weed" | b"shed")
    {
        return Lex::PastVerb;
    }
    lex
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_keep_char_boundaries() {
        let mut v = Vec::new();
        let s = "Él dijo «Monday» — 3rd, 2024-03-03";
        tokenize(s, &mut v);
        for t in &v {
            assert!(s.is_char_boundary(t.start as usize) && s.is_char_boundary(t.end as usize));
        }
        assert!(v.iter().any(|t| t.lex == Lex::Weekday(0)));
        assert!(v.iter().any(|t| t.lex == Lex::Ordinal(3)));
    }

    #[test]
    fn precheck() {
        assert!(!might_contain_time("Rebels attacked a convoy near the border, killing 12 soldiers."));
        assert!(might_contain_time("Rebels attacked on Monday."));
        assert!(might_contain_time("It happened in 2019."));
        assert!(!might_contain_time("It cost 12345 dollars."));
    }
}
