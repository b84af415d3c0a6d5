//! The grammar: the recogniser of time expressions over the lexer's tokens.
//!
//! [`expressions`] walks a sentence's tokens and, at each token, tries the expression forms in a fixed
//! order ([`Scan::at`]), keeping the first match and moving past it; each match updates the story's
//! [`Reference`]. This file holds the shared state and token tests (tense cues, plain numbers, years),
//! the dispatch and the two entry forms that mix kinds ("the ...", modifiers + head word). The forms
//! themselves are split by what they resolve against:
//! - [`dates`]: written calendar dates (ISO, day and month with or without a year, months, years,
//!   seasons, "the first week of March");
//! - [`relative`]: expressions counted from the publication date or the story's reference date
//!   (weekdays, "yesterday", "last week", weekends, "two days ago", "three weeks later", "that day").

mod dates;
mod relative;

use crate::calendar::{add_days, contains, Unit};
use crate::lexer::{Lex, Tok};
use crate::{Precision, TimeExpr};
use chrono::NaiveDate;

/// The story's reference date state.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Reference {
    pub(crate) date: NaiveDate,
    pub(crate) prec: Precision,
    /// Whether the story has established a date (else `date` is the publication date).
    pub(crate) set: bool,
    /// The sentence number that set it.
    pub(crate) sentence: u64,
}

/// The tense governing an expression (the crate docs, *Tense*).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tense {
    Past,
    Neutral,
    Future,
}

/// A match: token range `[s, e)`, date and precision.
#[derive(Debug, Clone, Copy)]
struct M {
    s: usize,
    e: usize,
    date: NaiveDate,
    prec: Precision,
}

/// The recogniser's state over one sentence: its text and tokens, the publication date and the
/// story's reference date (updated by each match).
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

/// Finds and resolves the time expressions of the tokenized sentence `text`, in order, against the
/// publication date `p`; updates the story's reference `r` (`sent` is the sentence's number).
pub(crate) fn expressions(text: &str, toks: &[Tok], p: NaiveDate, r: &mut Reference, sent: u64) -> Vec<TimeExpr> {
    let mut sc = Scan { text, t: toks, p, r: *r, sent, last_end: None };
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
    *r = sc.r;
    out
}

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
}
