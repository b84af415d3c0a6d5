//! Written calendar dates: ISO "2024-03-03"; "March 3", "3 March", "3rd of March", "the first of
//! March", each with an optional year ("2024", "last year"); "March 2024" and bare months with a cue
//! word ("in March", "late March"); the weeks of a month ("the first week of March"); seasons ("the
//! spring of 2019", "last summer"); bare years with a cue ("since 2019").

use super::{Scan, Tense, M, YEARS};
use crate::calendar::{add_days, add_months, month_day_year, month_year, MonthRel, Unit};
use crate::lexer::Lex;
use crate::Precision;
use chrono::{Datelike, NaiveDate};

impl Scan<'_> {
    /// "2024-03-03" (also followed by "T10:00").
    pub(super) fn iso(&self, i: usize) -> Option<M> {
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
    pub(super) fn trailing_year(&self, j: usize) -> Option<(i32, usize)> {
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
    pub(super) fn md_date(
        &self,
        m: u8,
        d: u32,
        year: Option<i32>,
        s: usize,
        e: usize,
        hint: Option<u8>,
    ) -> Option<NaiveDate> {
        match year {
            Some(y) => NaiveDate::from_ymd_opt(y, m as u32, d),
            None => month_day_year(self.p, m as u32, d, self.tense(s, e) == Tense::Future, hint),
        }
    }

    /// "3 March", "3rd of March", "3 March 2024" starting with the day at `j`; the span starts at `s`.
    pub(super) fn day_first(&self, s: usize, j: usize, hint: Option<u8>) -> Option<M> {
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
    pub(super) fn month_day(&self, s: usize, k: usize, m: u8, ab: bool, hint: Option<u8>) -> Option<M> {
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

    /// "(the) first|second|third|fourth|last week of March [2024]" with the ordinal at `j`.
    pub(super) fn nth_week(&self, s: usize, j: usize) -> Option<M> {
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

    pub(super) fn month(&self, i: usize, k: usize, m: u8, ab: bool, edge: Option<Lex>, rel: Option<Lex>) -> Option<M> {
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

    /// "spring of 2019", "summer 2019", "last summer": year precision.
    pub(super) fn season(&self, s: usize, k: usize, season: u8, rel: Option<Lex>) -> Option<M> {
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
    pub(super) fn year(&self, i: usize, k: usize, edge: Option<Lex>) -> Option<M> {
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
