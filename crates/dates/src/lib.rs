//! Time expressions in news sentences, resolved to calendar dates.
//!
//! This crate owns one job: given the sentences of one story in order and the story's publication
//! date, find the time expressions of each sentence ("on Monday", "last week", "March 3, 2024",
//! "two days later") and resolve each to a [`chrono::NaiveDate`] with a [`Precision`]. It does not
//! decide which event a date belongs to; the coder does that with the spans returned here.
//!
//! A [`DateResolver`] is made per story ([`DateResolver::new`] with the publication date) and fed the
//! sentences in order ([`DateResolver::sentence`]). It keeps a *reference date* for the story, so that
//! anaphoric expressions ("three weeks later", "the next day") count from the last date the story
//! established. Words are scanned by hand (no regular expressions); a sentence with no date word
//! is rejected by a byte scan ([`might_contain_time`]) before any token is made.
//!
//! # Conventions
//!
//! *Dates and precision.* `date` is the day for [`Precision::Day`] and the first day of the period
//! otherwise: the 1st of the month for `Month`, 1 January for `Year`. For `Week` it is the first day
//! of the (at most seven-day) period meant: the Monday of an ISO week for "this/last/next week" and
//! for week arithmetic ("two weeks ago"), the 1st/8th/15th/22nd (or the last day − 6) for "the
//! first/second/third/fourth/last week of March", and the Saturday for a weekend.
//!
//! *Spans* are byte offsets into the sentence given, always on `char` boundaries. They include the
//! modifiers that carry meaning ("late March", "earlier this month", "the next day", "the first week
//! of September", "Monday night") and exclude a leading bare preposition ("on", "in", "at", "over").
//!
//! *Tense.* The nearest tense cue before the expression decides (if there is none, the first one after
//! it): future cues are "will", "'ll", "shall", "won't", "is/are/am to", "due", "scheduled", "slated",
//! "upcoming", "next", "coming", and "set/expected/plans/plan/planning/going/intends/aims to"; past cues
//! are "said", "was", "were", "had", "did", common irregular past forms and lower-case words ending in
//! "-ed" (not after "be", "been", "being", "is", "are", "am": in "will be held" "will" decides). No cue counts as past (news
//! reports what happened).
//!
//! *Weekdays* resolve against the publication date P, never against the reference date. Past or
//! neutral: the most recent such weekday on or before P (the weekday of P itself is P: wire copy names
//! the day of the week for events of the publication day). Future: the first such weekday on or after P
//! (again P itself for P's weekday). "last Monday" is the most recent Monday strictly before P; "next
//! Monday" is the coming Monday, or P + 7 if P is a Monday; "this Monday" is future unless a past cue
//! decides otherwise. "Monday night", "early Tuesday", "late on Monday", "earlier Monday" resolve to
//! that day. "Monday, March 3" / "Monday 3 March" resolve to the written date (the weekday picks the
//! year when none is written and only the other candidate year matches). A weekday is skipped when
//! preceded by "a", "the", "that", "every", "each", an ordinal or a capitalised holiday word ("Black
//! Friday", "Good Friday", "Bloody Sunday", "Easter Sunday") and, unless a temporal preposition or
//! modifier precedes it, when a capitalised word follows it ("Sunday Times", "Monday Night Football").
//!
//! *Months and days.* "March 3", "3 March", "3rd of March", "Mar. 3", "March 3, 2024", "3 March 2024"
//! and ISO "2024-03-03" are day precision; a year may also be written "last/this/next year" ("March 3
//! last year", "in August last year", "June of this year", counted from P's year); without a written year the year is the one giving the most
//! recent such day on or before P (past/neutral) or the first on or after P (future). "March 2024",
//! "in March", "early/late/mid-March", "since March", "the end of March" are month precision; a month
//! without a year is the most recent one not after P's month (future cue: the first not before it;
//! "last March": strictly before; "next March": strictly after; "this March": P's year). A month name
//! alone needs a modifier (early, late, mid, last, next, this), a cue word before it (in, since, until,
//! during, by, before, after, from, through, between, "end/beginning/start/middle/week of", or
//! "and/or/to" right after another date) or a day number or year; "May" accepts only "in", "since",
//! "until", "during", the modifiers, "end of ..." and "and/or/to" right after another date as cues. Lower-case "march", "may", "august" are
//! never months; abbreviations (Jan, Feb, Mar, Apr, Jun, Jul, Aug, Sep, Sept, Oct, Nov, Dec) need a
//! capital and a day number or year. Numeric forms other than ISO ("3/3", "03.03.2024") are ambiguous
//! and skipped.
//!
//! *Years* without a month are year precision. A bare four-digit number (1500-2199) counts as a year
//! after "since", "until", "during", "before", "after", "between", "through", "early", "late", "mid-",
//! after "and/or/to/-" directly following another date, and after "in", "by", "from", "end of" etc.
//! only when the next word is not a lower-case content word ("by 2000 votes", "in 2000 homes" are not
//! years; "in 2019, ..." and "in 2019 the army ..." are).
//!
//! *Seasons* ("the spring of 2019", "summer 2019", "last summer") are given **year** precision (1
//! January of the season's year): [`Precision`] has no season level and naming the season's first
//! month would claim a month the text does not state. "winter" is skipped (it straddles two years).
//!
//! *Deictic periods* count from P: "today", "tonight", "this morning" → P; "yesterday", "last night" →
//! P − 1; "tomorrow" → P + 1; "this/last/next week|month|year" (with optional "early", "late",
//! "earlier", "later") → the calendar period; "N days|weeks|months|years ago" → P − N units at the
//! unit's precision. Weekends: "over/at/during/on the weekend" and "this weekend" in the past → the most
//! recent Saturday on or before P; with a future cue (and "this weekend" when neutral) → the coming
//! Saturday (or the current weekend's if P is on a weekend); "last weekend" → the weekend before the
//! current one; "next weekend" → the coming one (the following one if P is on a weekend).
//!
//! *Anaphoric expressions* count from the story's reference date R: "N units later/earlier", "the
//! next/following day", "the following week|month|year", "the previous day|week|month|year", "the day
//! before/after" (at the end of a clause), "the same day", "that (same) day". The result has the
//! coarser of the unit's precision and R's precision. They are skipped while the story has not yet
//! established any date (counting from the publication date would put "two days later" in the future).
//!
//! *Reference date.* Every resolved expression updates R in text order, except that a coarser
//! expression does not replace a finer reference set earlier in the same sentence ("On Monday X, who
//! took office in 2019, said ...") nor one lying inside its period ("On March 3 ... later in March").
//!
//! *Not handled (skipped):* vague quantities ("days later", "a few weeks ago", "several years
//! earlier"), quantities with "more than", "less than", "at least", "up to", "over", "under"; "in two
//! weeks" (future durations); "the past week", "the last week" (rolling periods); "the next week";
//! holidays (Easter, Christmas, Ramadan); decades ("the 1990s") and centuries; times of day ("10 a.m.");
//! hours/minutes ("two hours ago"); clock-free numeric dates other than ISO; "winter"; relative
//! expressions anchored to events ("two days before the vote").

use chrono::{Datelike, Days, Months, NaiveDate};
pub use dyad_model::Precision;

/// One resolved time expression of a sentence.
#[derive(Debug, Clone, PartialEq)]
pub struct TimeExpr {
    /// Byte offsets within the sentence text given (half-open, on `char` boundaries).
    pub start: usize,
    pub end: usize,
    /// The day for `Day` precision, the first day of the period for `Week`/`Month`/`Year`.
    pub date: NaiveDate,
    pub precision: Precision,
    /// The expression as written.
    pub text: String,
}

/// The story's reference date state.
#[derive(Debug, Clone, Copy)]
struct Reference {
    date: NaiveDate,
    prec: Precision,
    /// Whether the story has established a date (else `date` is the publication date).
    set: bool,
    /// The sentence number that set it.
    sentence: u64,
}

/// Resolves the time expressions of one story, sentence by sentence. See the crate docs for the
/// conventions.
#[derive(Debug, Clone)]
pub struct DateResolver {
    publication: NaiveDate,
    reference: Reference,
    sentences: u64,
    toks: Vec<Tok>,
}

impl DateResolver {
    /// A resolver for a story published on `publication`.
    pub fn new(publication: NaiveDate) -> Self {
        DateResolver {
            publication,
            reference: Reference { date: publication, prec: Precision::Day, set: false, sentence: 0 },
            sentences: 0,
            toks: Vec::new(),
        }
    }

    /// The publication date the resolver was made with.
    pub fn publication(&self) -> NaiveDate {
        self.publication
    }

    /// Finds and resolves the time expressions of one sentence, in order. Updates the story's
    /// reference time, so "three weeks later" in a later sentence counts from the last explicit date.
    pub fn sentence(&mut self, text: &str) -> Vec<TimeExpr> {
        self.run(text, true)
    }

    fn run(&mut self, text: &str, precheck: bool) -> Vec<TimeExpr> {
        self.sentences += 1;
        if precheck && !might_contain_time(text) {
            return Vec::new();
        }
        tokenize(text, &mut self.toks);
        let mut sc = Scan {
            text,
            t: &self.toks,
            p: self.publication,
            r: self.reference,
            sent: self.sentences,
            last_end: None,
        };
        let mut out = Vec::new();
        let mut i = 0;
        while i < sc.t.len() {
            match sc.at(i) {
                Some(m) => {
                    debug_assert!(m.s >= i && m.e > m.s);
                    let start = sc.t[m.s].start as usize;
                    let end = sc.t[m.e - 1].end as usize;
                    out.push(TimeExpr {
                        start,
                        end,
                        date: m.date,
                        precision: m.prec,
                        text: text[start..end].to_string(),
                    });
                    sc.update(m.date, m.prec);
                    sc.last_end = Some(m.e);
                    i = m.e;
                }
                None => i += 1,
            }
        }
        self.reference = sc.r;
        out
    }

    /// The story's current reference date: the date (first day of the period) and precision of the
    /// expression that last set it, or the publication date at day precision before any.
    pub fn reference(&self) -> (NaiveDate, Precision) {
        (self.reference.date, self.reference.prec)
    }

    /// Whether the story has established a reference date of its own yet.
    pub fn has_story_reference(&self) -> bool {
        self.reference.set
    }
}

/// The absolute dates of a sentence: day-precision expressions whose date does not depend on the
/// publication date ("March 11, 2025", "11 March 2025", "2025-03-11"), as `(start, end, date)` byte
/// spans into `text`. "March 11" (no year), "last Monday" or "March 11 last year" are not absolute.
/// Used to date a document that has no better date (the opening sentences' date, `DateSource::Text`).
pub fn absolute_dates(text: &str) -> Vec<(usize, usize, NaiveDate)> {
    if !might_contain_time(text) {
        return Vec::new();
    }
    // Resolved against two publication dates two centuries apart, an expression with a written
    // year gives the same day under both; anything counted from the publication date does not.
    let (Some(p1), Some(p2)) = (NaiveDate::from_ymd_opt(1900, 7, 1), NaiveDate::from_ymd_opt(2100, 7, 1)) else {
        return Vec::new();
    };
    let a = DateResolver::new(p1).run(text, false);
    let b = DateResolver::new(p2).run(text, false);
    a.into_iter()
        .filter(|x| x.precision == Precision::Day && b.iter().any(|y| y.start == x.start && y.end == x.end && y.date == x.date && y.precision == x.precision))
        .map(|x| (x.start, x.end, x.date))
        .collect()
}

/// Cheap pre-check: `false` means the sentence certainly has no time expression that
/// [`DateResolver::sentence`] would find. It looks for a weekday, month, day word, period word,
/// season or four-digit number between 1500 and 2199.
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

// ---------------------------------------------------------------------------------------------
// Tokens

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Unit {
    Day,
    Week,
    Month,
    Year,
}

impl Unit {
    fn precision(self) -> Precision {
        match self {
            Unit::Day => Precision::Day,
            Unit::Week => Precision::Week,
            Unit::Month => Precision::Month,
            Unit::Year => Precision::Year,
        }
    }
}

/// What a token is, as far as dates are concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Lex {
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
struct Tok {
    start: u32,
    end: u32,
    lex: Lex,
    cap: bool,
}

fn tokenize(text: &str, out: &mut Vec<Tok>) {
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

// ---------------------------------------------------------------------------------------------
// Date arithmetic

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tense {
    Past,
    Neutral,
    Future,
}

fn add_days(d: NaiveDate, n: i64) -> Option<NaiveDate> {
    if n >= 0 {
        d.checked_add_days(Days::new(n as u64))
    } else {
        d.checked_sub_days(Days::new(n.unsigned_abs()))
    }
}

fn add_months(d: NaiveDate, n: i64) -> Option<NaiveDate> {
    let m = u32::try_from(n.unsigned_abs()).ok()?;
    if n >= 0 {
        d.checked_add_months(Months::new(m))
    } else {
        d.checked_sub_months(Months::new(m))
    }
}

fn shift(d: NaiveDate, u: Unit, n: i64) -> Option<NaiveDate> {
    match u {
        Unit::Day => add_days(d, n),
        Unit::Week => add_days(d, n.checked_mul(7)?),
        Unit::Month => add_months(d, n),
        Unit::Year => add_months(d, n.checked_mul(12)?),
    }
}

fn wd(d: NaiveDate) -> u8 {
    d.weekday().num_days_from_monday() as u8
}

/// The first day of the period of `prec` containing `d` (ISO week for `Week`).
fn period_start(d: NaiveDate, prec: Precision) -> Option<NaiveDate> {
    match prec {
        Precision::Day => Some(d),
        Precision::Week => add_days(d, -(wd(d) as i64)),
        Precision::Month => d.with_day(1),
        Precision::Year => NaiveDate::from_ymd_opt(d.year(), 1, 1),
    }
}

/// Whether `d` lies in the period starting at `start` of precision `prec`.
fn contains(start: NaiveDate, prec: Precision, d: NaiveDate) -> bool {
    match prec {
        Precision::Day => d == start,
        Precision::Week => d >= start && (d - start).num_days() < 7,
        Precision::Month => d.year() == start.year() && d.month() == start.month(),
        Precision::Year => d.year() == start.year(),
    }
}

/// The most recent weekday `w` on or before `p` (`strict`: before).
fn weekday_before(p: NaiveDate, w: u8, strict: bool) -> Option<NaiveDate> {
    let mut back = (wd(p) as i64 - w as i64).rem_euclid(7);
    if strict && back == 0 {
        back = 7;
    }
    add_days(p, -back)
}

/// The first weekday `w` on or after `p` (`strict`: after).
fn weekday_after(p: NaiveDate, w: u8, strict: bool) -> Option<NaiveDate> {
    let mut fwd = (w as i64 - wd(p) as i64).rem_euclid(7);
    if strict && fwd == 0 {
        fwd = 7;
    }
    add_days(p, fwd)
}

/// The year of month `m` relative to publication `p`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum MonthRel {
    /// Most recent not after p's month.
    NotAfter,
    /// First not before p's month.
    NotBefore,
    /// Strictly before p's month.
    Before,
    /// Strictly after p's month.
    After,
    /// p's year.
    Same,
}

fn month_year(p: NaiveDate, m: u32, rel: MonthRel) -> i32 {
    let (y, pm) = (p.year(), p.month());
    match rel {
        MonthRel::NotAfter => if m <= pm { y } else { y - 1 },
        MonthRel::NotBefore => if m >= pm { y } else { y + 1 },
        MonthRel::Before => if m < pm { y } else { y - 1 },
        MonthRel::After => if m > pm { y } else { y + 1 },
        MonthRel::Same => y,
    }
}

/// Month `m`, day `d` without a year: the most recent on or before `p`, or with `future` the first
/// on or after `p`. A weekday hint that only the other candidate matches selects that one.
fn month_day_year(p: NaiveDate, m: u32, d: u32, future: bool, hint: Option<u8>) -> Option<NaiveDate> {
    let past = (0..=8).map(|k| p.year() - k).filter_map(|y| NaiveDate::from_ymd_opt(y, m, d)).find(|&x| x <= p);
    let fut = (0..=8).map(|k| p.year() + k).filter_map(|y| NaiveDate::from_ymd_opt(y, m, d)).find(|&x| x >= p);
    let (first, other) = if future { (fut, past) } else { (past, fut) };
    if let (Some(h), Some(f)) = (hint, first) {
        if wd(f) != h {
            if let Some(o) = other {
                if wd(o) == h {
                    return Some(o);
                }
            }
        }
    }
    first
}

// ---------------------------------------------------------------------------------------------
// Matching

/// A match: token range `[s, e)`, date and precision.
#[derive(Debug, Clone, Copy)]
struct M {
    s: usize,
    e: usize,
    date: NaiveDate,
    prec: Precision,
}

struct Scan<'a> {
    text: &'a str,
    t: &'a [Tok],
    p: NaiveDate,
    r: Reference,
    sent: u64,
    /// Token index where the previous match of this sentence ended.
    last_end: Option<usize>,
}

const YEARS: std::ops::RangeInclusive<u32> = 1500..=2199;

impl Scan<'_> {
    fn lx(&self, i: usize) -> Lex {
        self.t.get(i).map_or(Lex::None, |t| t.lex)
    }

    fn prev(&self, i: usize) -> Lex {
        if i == 0 {
            Lex::None
        } else {
            self.t[i - 1].lex
        }
    }

    /// Whether token `a` ends where token `b` starts.
    fn adj(&self, a: usize, b: usize) -> bool {
        match (self.t.get(a), self.t.get(b)) {
            (Some(x), Some(y)) => x.end == y.start,
            _ => false,
        }
    }

    fn cap(&self, i: usize) -> bool {
        self.t.get(i).is_some_and(|t| t.cap)
    }

    fn is_word(&self, i: usize) -> bool {
        !matches!(self.lx(i), Lex::None | Lex::Punct(_))
    }

    fn word_is(&self, i: usize, w: &str) -> bool {
        self.t.get(i).is_some_and(|t| self.text[t.start as usize..t.end as usize].eq_ignore_ascii_case(w))
    }

    /// No word or number before token `i`.
    fn sentence_initial(&self, i: usize) -> bool {
        !(0..i).any(|j| self.is_word(j))
    }

    /// A number standing alone: not part of "3,000", "2.5", "10:30", "3/3", "$2019", "50%".
    fn plain(&self, j: usize) -> bool {
        let numish = |k: usize| matches!(self.lx(k), Lex::Num(..) | Lex::Ordinal(_) | Lex::Other);
        if self.adj(j, j + 1) {
            match self.lx(j + 1) {
                Lex::Punct(b',' | b'.' | b':' | b'/') if self.adj(j + 1, j + 2) && numish(j + 2) => return false,
                Lex::Punct(b'%') => return false,
                _ => {}
            }
        }
        if j > 0 && self.adj(j - 1, j) {
            match self.lx(j - 1) {
                Lex::Punct(b'$' | b'#') => return false,
                Lex::Punct(b',' | b'.' | b':' | b'/') if j >= 2 && self.adj(j - 2, j - 1) && numish(j - 2) => {
                    return false
                }
                _ => {}
            }
        }
        true
    }

    /// A day-of-month number at `j`.
    fn day_num(&self, j: usize) -> Option<u32> {
        match self.lx(j) {
            Lex::Num(d, 1 | 2) if (1..=31).contains(&d) && self.plain(j) => Some(d),
            Lex::Ordinal(d) if (1..=31).contains(&d) => Some(d),
            _ => None,
        }
    }

    /// A year number at `j` (four digits, in range, standing alone).
    fn year_num(&self, j: usize) -> Option<i32> {
        match self.lx(j) {
            Lex::Num(y, 4) if YEARS.contains(&y) && self.plain(j) => Some(y as i32),
            _ => None,
        }
    }

    /// What follows a year may not be a lower-case content word ("2000 people").
    fn year_follow_ok(&self, j: usize) -> bool {
        match self.lx(j) {
            Lex::None | Lex::Punct(_) => true,
            Lex::Func | Lex::And | Lex::Or | Lex::To | Lex::The | Lex::In | Lex::On | Lex::At
            | Lex::After | Lex::Before | Lex::From | Lex::Until | Lex::Since | Lex::During
            | Lex::Of | Lex::By | Lex::Between | Lex::Through | Lex::Will | Lex::Be
            | Lex::PastVerb | Lex::Won | Lex::A | Lex::That | Lex::This | Lex::Over => true,
            _ => self.cap(j),
        }
    }

    /// The previous match ended right before the conjunction at `j` ("from 2019 to 2021").
    fn chained(&self, j: usize) -> bool {
        matches!(self.lx(j), Lex::To | Lex::And | Lex::Or | Lex::Until | Lex::Through | Lex::Punct(b'-'))
            && self.last_end == Some(j)
    }

    fn cue(&self, i: usize) -> Option<Tense> {
        match self.lx(i) {
            Lex::Will | Lex::FutureWord | Lex::Next | Lex::Coming => Some(Tense::Future),
            Lex::Won => {
                if matches!(self.lx(i + 1), Lex::Punct(_)) && self.word_is(i + 2, "t") {
                    Some(Tense::Future)
                } else {
                    Some(Tense::Past)
                }
            }
            Lex::Be | Lex::Intend if self.lx(i + 1) == Lex::To => Some(Tense::Future),
            // "will be held": the participle says nothing, the auxiliary before it decides.
            Lex::PastVerb if matches!(self.prev(i), Lex::BeAux | Lex::Be) => None,
            Lex::PastVerb => Some(Tense::Past),
            _ => None,
        }
    }

    /// The tense governing the expression at tokens `[s, e)`.
    fn tense(&self, s: usize, e: usize) -> Tense {
        (0..s)
            .rev()
            .find_map(|i| self.cue(i))
            .or_else(|| (e..self.t.len()).find_map(|i| self.cue(i)))
            .unwrap_or(Tense::Neutral)
    }

    fn update(&mut self, date: NaiveDate, prec: Precision) {
        let r = &mut self.r;
        let keep = r.set && prec > r.prec && (r.sentence == self.sent || contains(date, prec, r.date));
        if !keep {
            *r = Reference { date, prec, set: true, sentence: self.sent };
        }
    }

    fn at(&self, i: usize) -> Option<M> {
        let l = self.lx(i);
        if let Lex::Num(_, 4) = l {
            if let Some(m) = self.iso(i) {
                return Some(m);
            }
        }
        if matches!(l, Lex::Num(..) | Lex::Ordinal(_)) {
            if let Some(m) = self.day_first(i, i, None) {
                return Some(m);
            }
        }
        if let Some((q, j)) = self.quantity(i) {
            if let Some(m) = self.relative(i, q, j) {
                return Some(m);
            }
        }
        let m = match l {
            Lex::The => self.the_forms(i),
            Lex::That => self.that_day(i),
            Lex::OrdWord(_) | Lex::Last => self.nth_week(i, i),
            _ => None,
        };
        if m.is_some() {
            return m;
        }
        self.modified(i)
    }

    /// "2024-03-03" (also followed by "T10:00").
    fn iso(&self, i: usize) -> Option<M> {
        let y = match self.lx(i) {
            Lex::Num(y, 4) if YEARS.contains(&y) => y as i32,
            _ => return None,
        };
        if !(self.lx(i + 1) == Lex::Punct(b'-') && self.adj(i, i + 1) && self.adj(i + 1, i + 2)) {
            return None;
        }
        let m = match self.lx(i + 2) {
            Lex::Num(m, 2) => m,
            _ => return None,
        };
        if !(self.lx(i + 3) == Lex::Punct(b'-') && self.adj(i + 2, i + 3) && self.adj(i + 3, i + 4)) {
            return None;
        }
        let d = match self.lx(i + 4) {
            Lex::Num(d, 2) => d,
            _ => return None,
        };
        // Not "2024-03-03-5" nor "2024-03-03/4".
        if self.adj(i + 4, i + 5) && matches!(self.lx(i + 5), Lex::Punct(b'-' | b'/' | b'.')) && self.adj(i + 5, i + 6) {
            return None;
        }
        let date = NaiveDate::from_ymd_opt(y, m, d)?;
        Some(M { s: i, e: i + 5, date, prec: Precision::Day })
    }

    /// "last year", "this year", "next year" at `j` as a year number relative to P.
    fn rel_year(&self, j: usize) -> Option<(i32, usize)> {
        let n = match self.lx(j) {
            Lex::Last => -1,
            Lex::This => 0,
            Lex::Next => 1,
            _ => return None,
        };
        if self.lx(j + 1) != Lex::Unit(Unit::Year, false) {
            return None;
        }
        Some((self.p.year() + n, j + 2))
    }

    /// An optional year after a day: "[,] 2024", "last year".
    fn trailing_year(&self, j: usize) -> Option<(i32, usize)> {
        if let Some(r) = self.rel_year(j) {
            return Some(r);
        }
        let k = if self.lx(j) == Lex::Punct(b',') { j + 1 } else { j };
        let y = self.year_num(k)?;
        if !self.year_follow_ok(k + 1) {
            return None;
        }
        Some((y, k + 1))
    }

    /// Resolves month `m` day `d` with an optional explicit year.
    fn md_date(&self, m: u8, d: u32, year: Option<i32>, s: usize, e: usize, hint: Option<u8>) -> Option<NaiveDate> {
        match year {
            Some(y) => NaiveDate::from_ymd_opt(y, m as u32, d),
            None => month_day_year(self.p, m as u32, d, self.tense(s, e) == Tense::Future, hint),
        }
    }

    /// "3 March", "3rd of March", "3 March 2024" starting with the day at `j`; the span starts at `s`.
    fn day_first(&self, s: usize, j: usize, hint: Option<u8>) -> Option<M> {
        let d = self.day_num(j)?;
        let mut k = j + 1;
        if self.lx(k) == Lex::Of && matches!(self.lx(j), Lex::Ordinal(_)) {
            k += 1;
        }
        let (m, ab) = match self.lx(k) {
            Lex::Month(m, ab) => (m, ab),
            _ => return None,
        };
        let mut e = k + 1;
        if ab && self.lx(e) == Lex::Punct(b'.') && self.adj(k, e) {
            e += 1;
        }
        let year = self.trailing_year(e);
        if let Some((_, ye)) = year {
            e = ye;
        }
        let date = self.md_date(m, d, year.map(|y| y.0), s, e, hint)?;
        Some(M { s, e, date, prec: Precision::Day })
    }

    /// "March 3", "Mar. 3rd", "March 3, 2024" with the month at `k`; the span starts at `s`.
    fn month_day(&self, s: usize, k: usize, m: u8, ab: bool, hint: Option<u8>) -> Option<M> {
        let mut j = k + 1;
        if ab && self.lx(j) == Lex::Punct(b'.') && self.adj(k, j) {
            j += 1;
        }
        let d = self.day_num(j)?;
        // "March 3 days" is not a date.
        if matches!(self.lx(j + 1), Lex::Unit(..)) {
            return None;
        }
        let mut e = j + 1;
        let year = self.trailing_year(e);
        if let Some((_, ye)) = year {
            e = ye;
        }
        let date = self.md_date(m, d, year.map(|y| y.0), s, e, hint)?;
        Some(M { s, e, date, prec: Precision::Day })
    }

    /// A count: digits, "one".."twelve", "a"/"an", "a couple of".
    fn quantity(&self, i: usize) -> Option<(u32, usize)> {
        match self.lx(i) {
            Lex::Num(v, d) if d <= 3 && v >= 1 && self.plain(i) => Some((v, i + 1)),
            Lex::NumWord(v) => Some((v, i + 1)),
            Lex::A => {
                if self.lx(i + 1) == Lex::Couple && self.lx(i + 2) == Lex::Of {
                    Some((2, i + 3))
                } else {
                    Some((1, i + 1))
                }
            }
            Lex::Couple if self.lx(i + 1) == Lex::Of => Some((2, i + 2)),
            _ => None,
        }
    }

    /// "more than", "less than", "at least", "up to", "over", "under" before a count.
    fn vague_before(&self, i: usize) -> bool {
        if i == 0 {
            return false;
        }
        let p1 = self.lx(i - 1);
        let p2 = if i >= 2 { self.lx(i - 2) } else { Lex::None };
        matches!(p1, Lex::Over | Lex::Under)
            || (p1 == Lex::Than && matches!(p2, Lex::More | Lex::Less))
            || (p1 == Lex::Least && p2 == Lex::At)
            || (p1 == Lex::To && p2 == Lex::Up)
    }

    /// "two days ago", "a week later", "a month earlier".
    fn relative(&self, i: usize, q: u32, j: usize) -> Option<M> {
        let u = match self.lx(j) {
            Lex::Unit(u, _) => u,
            _ => return None,
        };
        let dir = self.lx(j + 1);
        if !matches!(dir, Lex::Ago | Lex::Later | Lex::Earlier) || self.vague_before(i) {
            return None;
        }
        let n = q as i64;
        let e = j + 2;
        match dir {
            Lex::Ago => {
                let prec = u.precision();
                let date = period_start(shift(self.p, u, -n)?, prec)?;
                Some(M { s: i, e, date, prec })
            }
            Lex::Later => self.anaphoric(i, e, u, n),
            _ => self.anaphoric(i, e, u, -n),
        }
    }

    /// `n` units from the story's reference date.
    fn anaphoric(&self, s: usize, e: usize, u: Unit, n: i64) -> Option<M> {
        if !self.r.set {
            return None;
        }
        let prec = u.precision().max(self.r.prec);
        let date = period_start(shift(self.r.date, u, n)?, prec)?;
        Some(M { s, e, date, prec })
    }

    /// Forms starting with "the".
    fn the_forms(&self, i: usize) -> Option<M> {
        match self.lx(i + 1) {
            Lex::Next | Lex::Following => match self.lx(i + 2) {
                Lex::Unit(u, false) if u == Unit::Day || self.lx(i + 1) == Lex::Following => {
                    self.anaphoric(i, i + 3, u, 1)
                }
                _ => None,
            },
            Lex::Previous => match self.lx(i + 2) {
                Lex::Unit(u, false) => self.anaphoric(i, i + 3, u, -1),
                _ => None,
            },
            Lex::Unit(Unit::Day, false) => {
                let n = match self.lx(i + 2) {
                    Lex::Before => -1,
                    Lex::After => 1,
                    _ => return None,
                };
                if matches!(self.lx(i + 3), Lex::None | Lex::Punct(_)) {
                    self.anaphoric(i, i + 3, Unit::Day, n)
                } else {
                    None
                }
            }
            Lex::Same if self.lx(i + 2) == Lex::Unit(Unit::Day, false) => self.same_day(i, i + 3),
            Lex::Weekend if matches!(self.prev(i), Lex::Over | Lex::At | Lex::During | Lex::On) => {
                let tense = self.tense(i, i + 2);
                self.weekend(i, i + 2, if tense == Tense::Future { Lex::Next } else { Lex::Past })
            }
            Lex::OrdWord(n) if self.lx(i + 2) == Lex::Of => {
                // "the first of March"
                let (m, ab) = match self.lx(i + 3) {
                    Lex::Month(m, ab) => (m, ab),
                    _ => return None,
                };
                let mut e = i + 4;
                if ab && self.lx(e) == Lex::Punct(b'.') && self.adj(i + 3, e) {
                    e += 1;
                }
                let year = self.trailing_year(e);
                if let Some((_, ye)) = year {
                    e = ye;
                }
                let date = self.md_date(m, n as u32, year.map(|y| y.0), i, e, None)?;
                Some(M { s: i, e, date, prec: Precision::Day })
            }
            Lex::OrdWord(_) | Lex::Last => self.nth_week(i, i + 1),
            Lex::Ordinal(_) => self.day_first(i, i + 1, None),
            Lex::Season(s) => self.season(i, i + 1, s, None),
            _ => None,
        }
    }

    /// "that day", "that same day".
    fn that_day(&self, i: usize) -> Option<M> {
        let j = if self.lx(i + 1) == Lex::Same { i + 2 } else { i + 1 };
        if self.lx(j) == Lex::Unit(Unit::Day, false) {
            self.same_day(i, j + 1)
        } else {
            None
        }
    }

    fn same_day(&self, s: usize, e: usize) -> Option<M> {
        if !self.r.set || self.r.prec != Precision::Day {
            return None;
        }
        Some(M { s, e, date: self.r.date, prec: Precision::Day })
    }

    /// "(the) first|second|third|fourth|last week of March [2024]" with the ordinal at `j`.
    fn nth_week(&self, s: usize, j: usize) -> Option<M> {
        let n = match self.lx(j) {
            Lex::OrdWord(n) if n <= 4 => n as u32,
            Lex::Last => 0,
            _ => return None,
        };
        if !(self.lx(j + 1) == Lex::Unit(Unit::Week, false) && self.lx(j + 2) == Lex::Of) {
            return None;
        }
        let m = match self.lx(j + 3) {
            Lex::Month(m, false) => m as u32,
            _ => return None,
        };
        let mut e = j + 4;
        let y = match self.year_num(e) {
            Some(y) => {
                e += 1;
                y
            }
            None => {
                let rel = if self.tense(s, e) == Tense::Future { MonthRel::NotBefore } else { MonthRel::NotAfter };
                month_year(self.p, m, rel)
            }
        };
        let first = NaiveDate::from_ymd_opt(y, m, 1)?;
        let date = if n == 0 {
            add_days(add_months(first, 1)?, -7)?
        } else {
            add_days(first, 7 * (n as i64 - 1))?
        };
        Some(M { s, e, date, prec: Precision::Week })
    }

    /// Optional modifiers ("early", "late", "mid-", "earlier", "later"; "last", "this", "next",
    /// "coming", "this past") followed by a head word.
    fn modified(&self, i: usize) -> Option<M> {
        let mut j = i;
        let mut edge = None;
        match self.lx(j) {
            l @ (Lex::Early | Lex::Late | Lex::Earlier | Lex::Later) => {
                edge = Some(l);
                j += 1;
                if self.lx(j) == Lex::On && matches!(self.lx(j + 1), Lex::Weekday(_)) {
                    j += 1;
                }
            }
            Lex::Mid => {
                edge = Some(Lex::Mid);
                j += 1;
                if self.lx(j) == Lex::Punct(b'-') && self.adj(j - 1, j) {
                    j += 1;
                }
            }
            _ => {}
        }
        let mut rel = None;
        match self.lx(j) {
            l @ (Lex::This | Lex::Last | Lex::Next | Lex::Coming) => {
                rel = Some(l);
                j += 1;
            }
            Lex::Past if matches!(self.lx(j + 1), Lex::Weekday(_) | Lex::Weekend) => {
                rel = Some(Lex::Last);
                j += 1;
            }
            _ => {}
        }
        if rel == Some(Lex::This) && self.lx(j) == Lex::Past {
            rel = Some(Lex::Last);
            j += 1;
        }
        let k = j;
        if rel.is_some() && i > 0 && self.lx(i - 1) == Lex::The {
            // "the last week", "the next Monday": rolling or anaphoric, skipped.
            return None;
        }
        match self.lx(k) {
            Lex::Weekday(w) => self.weekday(i, k, w, rel),
            Lex::Month(m, ab) => self.month(i, k, m, ab, edge, rel),
            Lex::Today | Lex::Yesterday | Lex::Tomorrow | Lex::Tonight if rel.is_none() => self.deictic(i, k, edge),
            Lex::Unit(u, false) if rel.is_some() && edge != Some(Lex::Mid) => self.period(i, k, u, rel?),
            Lex::Weekend if rel.is_some() && edge != Some(Lex::Mid) => {
                let r = rel?;
                let r = if r == Lex::This {
                    if self.tense(i, k + 1) == Tense::Past { Lex::Past } else { Lex::Next }
                } else if r == Lex::Next {
                    Lex::Coming // "next weekend"
                } else {
                    r
                };
                self.weekend(i, k + 1, r)
            }
            Lex::Night if rel == Some(Lex::Last) => {
                Some(M { s: i, e: k + 1, date: add_days(self.p, -1)?, prec: Precision::Day })
            }
            Lex::DayPart if rel == Some(Lex::This) => Some(M { s: i, e: k + 1, date: self.p, prec: Precision::Day }),
            Lex::DayPart if rel == Some(Lex::Last) => {
                Some(M { s: i, e: k + 1, date: add_days(self.p, -1)?, prec: Precision::Day })
            }
            Lex::Season(s) if edge != Some(Lex::Mid) => self.season(i, k, s, rel),
            Lex::Num(..) if rel.is_none() => self.year(i, k, edge),
            _ => None,
        }
    }

    fn weekday(&self, i: usize, k: usize, w: u8, rel: Option<Lex>) -> Option<M> {
        let has_mod = k > i;
        let prev = self.prev(k);
        if !has_mod {
            if matches!(prev, Lex::A | Lex::The | Lex::That | Lex::Every | Lex::OrdWord(_) | Lex::Ordinal(_)) {
                return None;
            }
            if prev == Lex::Holiday && self.cap(k - 1) {
                return None;
            }
        }
        // "Monday, March 3", "Monday 3 March": the written date wins.
        let mut j = k + 1;
        if self.lx(j) == Lex::Punct(b',') {
            j += 1;
        }
        match self.lx(j) {
            Lex::Month(m, ab) => {
                if let Some(md) = self.month_day(i, j, m, ab, Some(w)) {
                    return Some(md);
                }
            }
            Lex::Num(..) | Lex::Ordinal(_) => {
                if let Some(md) = self.day_first(i, j, Some(w)) {
                    return Some(md);
                }
            }
            _ => {}
        }
        // "Sunday Times", "Monday Night Football".
        if !has_mod
            && self.is_word(k + 1)
            && self.cap(k + 1)
            && !matches!(self.lx(k + 1), Lex::Month(..) | Lex::Night | Lex::DayPart)
            && !matches!(
                prev,
                Lex::On | Lex::Since | Lex::Until | Lex::By | Lex::From | Lex::Before | Lex::After
                    | Lex::During | Lex::Through
            )
        {
            return None;
        }
        let mut e = k + 1;
        if matches!(self.lx(e), Lex::Night | Lex::DayPart) {
            e += 1;
        }
        let date = match rel {
            Some(Lex::Last) => weekday_before(self.p, w, true)?,
            Some(Lex::Next) => weekday_after(self.p, w, true)?,
            Some(Lex::Coming) => weekday_after(self.p, w, false)?,
            Some(_) => {
                // "this Monday"
                if self.tense(i, e) == Tense::Past {
                    weekday_before(self.p, w, false)?
                } else {
                    weekday_after(self.p, w, false)?
                }
            }
            None => {
                if self.tense(i, e) == Tense::Future {
                    weekday_after(self.p, w, false)?
                } else {
                    weekday_before(self.p, w, false)?
                }
            }
        };
        Some(M { s: i, e, date, prec: Precision::Day })
    }

    /// A cue word licensing a bare month name at `k`.
    fn month_cue(&self, k: usize, m: u8) -> bool {
        if k == 0 {
            return false;
        }
        let prev = self.lx(k - 1);
        let of_ok = prev == Lex::Of
            && k >= 2
            && matches!(self.lx(k - 2), Lex::Boundary | Lex::Unit(Unit::Week | Unit::Month, false) | Lex::Last);
        match prev {
            Lex::In | Lex::Since | Lex::Until | Lex::During => true,
            Lex::Of => of_ok,
            _ if self.chained(k - 1) => true,
            _ if m == 5 => false,
            Lex::By | Lex::Before | Lex::After | Lex::From | Lex::Through | Lex::Between => true,
            _ => self.chained(k - 1),
        }
    }

    fn month(&self, i: usize, k: usize, m: u8, ab: bool, edge: Option<Lex>, rel: Option<Lex>) -> Option<M> {
        if let Some(md) = self.month_day(k, k, m, ab, None) {
            return Some(md);
        }
        // "March 2024", "March of 2024", "Jan. 2024"
        let mut j = k + 1;
        if ab && self.lx(j) == Lex::Punct(b'.') && self.adj(k, j) {
            j += 1;
        }
        let of = self.lx(j) == Lex::Of;
        if of {
            j += 1;
        }
        let year = match self.year_num(j) {
            Some(y) if !of || self.year_follow_ok(j + 1) => Some((y, j + 1)),
            _ => self.rel_year(j),
        };
        if let Some((y, e)) = year {
            // "March 2024", "August last year", "June of this year"
            let date = NaiveDate::from_ymd_opt(y, m as u32, 1)?;
            let s = if matches!(edge, Some(Lex::Early | Lex::Late | Lex::Mid)) { i } else { k };
            return Some(M { s, e, date, prec: Precision::Month });
        }
        if ab || matches!(edge, Some(Lex::Earlier | Lex::Later)) {
            return None;
        }
        if edge.is_none() && rel.is_none() && !self.month_cue(k, m) {
            return None;
        }
        let mrel = match rel {
            Some(Lex::Last) => MonthRel::Before,
            Some(Lex::Next) => MonthRel::After,
            Some(Lex::This) => MonthRel::Same,
            Some(_) => MonthRel::NotBefore,
            None => {
                if self.tense(i, k + 1) == Tense::Future {
                    MonthRel::NotBefore
                } else {
                    MonthRel::NotAfter
                }
            }
        };
        let y = month_year(self.p, m as u32, mrel);
        let date = NaiveDate::from_ymd_opt(y, m as u32, 1)?;
        Some(M { s: i, e: k + 1, date, prec: Precision::Month })
    }

    fn deictic(&self, i: usize, k: usize, edge: Option<Lex>) -> Option<M> {
        let l = self.lx(k);
        if matches!(l, Lex::Today | Lex::Tomorrow) && self.cap(k) && edge.is_none() && !self.sentence_initial(k) {
            // "USA Today", "Russia Today"
            return None;
        }
        let n = match l {
            Lex::Yesterday => -1,
            Lex::Tomorrow => 1,
            _ => 0,
        };
        let mut e = k + 1;
        if l != Lex::Tonight && matches!(self.lx(e), Lex::Night | Lex::DayPart) {
            e += 1;
        }
        Some(M { s: i, e, date: add_days(self.p, n)?, prec: Precision::Day })
    }

    /// "this week", "last month", "next year", "earlier this month".
    fn period(&self, i: usize, k: usize, u: Unit, rel: Lex) -> Option<M> {
        if u == Unit::Day {
            return None;
        }
        if rel == Lex::Last && u == Unit::Week && self.lx(k + 1) == Lex::Of {
            return None; // "last week of March" is handled by nth_week; anything else is unclear
        }
        let n = match rel {
            Lex::This => 0,
            Lex::Last => -1,
            Lex::Next => 1,
            _ => return None,
        };
        let prec = u.precision();
        let date = period_start(shift(self.p, u, n)?, prec)?;
        Some(M { s: i, e: k + 1, date, prec })
    }

    /// A weekend: `how` is `Past` (most recent on or before P), `Next` (future), `Last` (the one
    /// before the current) or `Coming` ("next weekend").
    fn weekend(&self, s: usize, e: usize, how: Lex) -> Option<M> {
        let p = self.p;
        let on_weekend = wd(p) >= 5;
        let recent_sat = weekday_before(p, 5, false)?;
        let date = match how {
            Lex::Past => recent_sat,
            Lex::Last => {
                if on_weekend {
                    add_days(recent_sat, -7)?
                } else {
                    recent_sat
                }
            }
            Lex::Next => {
                if on_weekend {
                    recent_sat
                } else {
                    weekday_after(p, 5, false)?
                }
            }
            _ => {
                if on_weekend {
                    add_days(recent_sat, 7)?
                } else {
                    weekday_after(p, 5, false)?
                }
            }
        };
        Some(M { s, e, date, prec: Precision::Week })
    }

    /// "spring of 2019", "summer 2019", "last summer": year precision.
    fn season(&self, s: usize, k: usize, season: u8, rel: Option<Lex>) -> Option<M> {
        let (start, end) = match season {
            0 => (3, 5),
            1 => (6, 8),
            _ => (9, 11),
        };
        let pm = self.p.month();
        let py = self.p.year();
        let (y, e) = match rel {
            Some(Lex::Last) => (if pm > end { py } else { py - 1 }, k + 1),
            Some(Lex::This) => (py, k + 1),
            Some(Lex::Next) => (if pm < start { py } else { py + 1 }, k + 1),
            Some(_) => return None,
            None => {
                let mut j = k + 1;
                if self.lx(j) == Lex::Of {
                    j += 1;
                }
                (self.year_num(j)?, j + 1)
            }
        };
        let date = NaiveDate::from_ymd_opt(y, 1, 1)?;
        Some(M { s, e, date, prec: Precision::Year })
    }

    /// A bare year at `k`, licensed by a modifier or a cue word.
    fn year(&self, i: usize, k: usize, edge: Option<Lex>) -> Option<M> {
        let y = self.year_num(k)?;
        let ok = match edge {
            Some(Lex::Early | Lex::Late | Lex::Mid) => true,
            Some(_) => false,
            None => match self.prev(k) {
                Lex::Since | Lex::Until | Lex::During | Lex::Before | Lex::After | Lex::Between | Lex::Through => {
                    true
                }
                Lex::In | Lex::By | Lex::From => self.year_follow_ok(k + 1),
                Lex::Of => {
                    k >= 2 && matches!(self.lx(k - 2), Lex::Boundary | Lex::Season(_)) && self.year_follow_ok(k + 1)
                }
                _ => k > 0 && self.chained(k - 1),
            },
        };
        if !ok {
            return None;
        }
        let date = NaiveDate::from_ymd_opt(y, 1, 1)?;
        Some(M { s: i, e: k + 1, date, prec: Precision::Year })
    }
}

#[cfg(test)]
mod unit_tests {
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

    /// The pre-check never rejects a sentence in which the full scan finds something.
    #[test]
    fn precheck_has_no_false_negatives() {
        const PIECES: &[&str] = &[
            "Monday", "March", "May", "3", "31", "2024", "-", "03", "T10", ",", ".", " ", " ", "last", "next",
            "the", "week", "days", "later", "ago", "early", "mid", "of", "in", "on", "first", "weekend", "over",
            "year", "a", "couple", "two", "will", "today", "Today", "tonight", "night", "3rd", "February", "Feb",
            "Sept", "spring", "é", "’", "日", "\u{a0}", "that", "same", "following", "this", "past", "morning",
            "since", "and", "to", "1999", "x",
        ];
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        let p = NaiveDate::from_ymd_opt(2024, 3, 6).unwrap();
        let mut found = 0;
        for _ in 0..50_000 {
            let mut s = String::new();
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let n = x % 10;
            for _ in 0..n {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                s.push_str(PIECES[(x % PIECES.len() as u64) as usize]);
                if x & 0x100 != 0 {
                    s.push(' ');
                }
            }
            let mut a = DateResolver::new(p);
            a.reference = Reference { date: p, prec: Precision::Day, set: true, sentence: 0 };
            let full = a.run(&s, false);
            if !full.is_empty() {
                found += 1;
                assert!(might_contain_time(&s), "{s:?} -> {full:?}");
            }
        }
        assert!(found > 1000, "{found}");
    }

    #[test]
    fn precheck() {
        assert!(!might_contain_time("Rebels attacked a convoy near the border, killing 12 soldiers."));
        assert!(might_contain_time("Rebels attacked on Monday."));
        assert!(might_contain_time("It happened in 2019."));
        assert!(!might_contain_time("It cost 12345 dollars."));
    }
}
