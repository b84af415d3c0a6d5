//! Expressions counted from a date rather than written as one. From the publication date P: weekdays
//! ("on Monday", "last Friday"), "today"/"yesterday"/"tomorrow"/"tonight", "this/last/next
//! week|month|year", weekends, "N units ago". From the story's reference date R (anaphoric): "N units
//! later/earlier", "the next/following/previous day", "the day before/after", "that (same) day".

use super::{Scan, Tense, M};
use crate::calendar::{add_days, period_start, shift, wd, weekday_after, weekday_before, Unit};
use crate::lexer::Lex;
use crate::Precision;

impl Scan<'_> {
    /// A count: digits, "one".."twelve", "a"/"an", "a couple of".
    pub(super) fn quantity(&self, i: usize) -> Option<(u32, usize)> {
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
    pub(super) fn relative(&self, i: usize, q: u32, j: usize) -> Option<M> {
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
    pub(super) fn anaphoric(&self, s: usize, e: usize, u: Unit, n: i64) -> Option<M> {
        if !self.r.set {
            return None;
        }
        let prec = u.precision().max(self.r.prec);
        let date = period_start(shift(self.r.date, u, n)?, prec)?;
        Some(M { s, e, date, prec })
    }

    /// "that day", "that same day".
    pub(super) fn that_day(&self, i: usize) -> Option<M> {
        let j = if self.lx(i + 1) == Lex::Same { i + 2 } else { i + 1 };
        if self.lx(j) == Lex::Unit(Unit::Day, false) {
            self.same_day(i, j + 1)
        } else {
            None
        }
    }

    pub(super) fn same_day(&self, s: usize, e: usize) -> Option<M> {
        if !self.r.set || self.r.prec != Precision::Day {
            return None;
        }
        Some(M { s, e, date: self.r.date, prec: Precision::Day })
    }

    pub(super) fn weekday(&self, i: usize, k: usize, w: u8, rel: Option<Lex>) -> Option<M> {
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

    pub(super) fn deictic(&self, i: usize, k: usize, edge: Option<Lex>) -> Option<M> {
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
    pub(super) fn period(&self, i: usize, k: usize, u: Unit, rel: Lex) -> Option<M> {
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
    pub(super) fn weekend(&self, s: usize, e: usize, how: Lex) -> Option<M> {
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
}
