//! Calendar arithmetic on [`NaiveDate`]s: adding days, months and [`Unit`]s, the first day of a
//! day/week/month/year period and whether a date lies in one, the weekday before or after a date, and
//! the year meant by a month or a month and day written without one ([`MonthRel`],
//! [`month_day_year`]). Nothing here reads text.

use crate::Precision;
use chrono::{Datelike, Days, Months, NaiveDate};

/// A calendar unit, as counted ("two weeks ago") or named as a period ("last month").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Unit {
    Day,
    Week,
    Month,
    Year,
}

impl Unit {
    pub(crate) fn precision(self) -> Precision {
        match self {
            Unit::Day => Precision::Day,
            Unit::Week => Precision::Week,
            Unit::Month => Precision::Month,
            Unit::Year => Precision::Year,
        }
    }
}

pub(crate) fn add_days(d: NaiveDate, n: i64) -> Option<NaiveDate> {
    if n >= 0 {
        d.checked_add_days(Days::new(n as u64))
    } else {
        d.checked_sub_days(Days::new(n.unsigned_abs()))
    }
}

pub(crate) fn add_months(d: NaiveDate, n: i64) -> Option<NaiveDate> {
    let m = u32::try_from(n.unsigned_abs()).ok()?;
    if n >= 0 {
        d.checked_add_months(Months::new(m))
    } else {
        d.checked_sub_months(Months::new(m))
    }
}

pub(crate) fn shift(d: NaiveDate, u: Unit, n: i64) -> Option<NaiveDate> {
    match u {
        Unit::Day => add_days(d, n),
        Unit::Week => add_days(d, n.checked_mul(7)?),
        Unit::Month => add_months(d, n),
        Unit::Year => add_months(d, n.checked_mul(12)?),
    }
}

pub(crate) fn wd(d: NaiveDate) -> u8 {
    d.weekday().num_days_from_monday() as u8
}

/// The first day of the period of `prec` containing `d` (ISO week for `Week`).
pub(crate) fn period_start(d: NaiveDate, prec: Precision) -> Option<NaiveDate> {
    match prec {
        Precision::Day => Some(d),
        Precision::Week => add_days(d, -(wd(d) as i64)),
        Precision::Month => d.with_day(1),
        Precision::Year => NaiveDate::from_ymd_opt(d.year(), 1, 1),
    }
}

/// Whether `d` lies in the period starting at `start` of precision `prec`.
pub(crate) fn contains(start: NaiveDate, prec: Precision, d: NaiveDate) -> bool {
    match prec {
        Precision::Day => d == start,
        Precision::Week => d >= start && (d - start).num_days() < 7,
        Precision::Month => d.year() == start.year() && d.month() == start.month(),
        Precision::Year => d.year() == start.year(),
    }
}

/// The most recent weekday `w` on or before `p` (`strict`: before).
pub(crate) fn weekday_before(p: NaiveDate, w: u8, strict: bool) -> Option<NaiveDate> {
    let mut back = (wd(p) as i64 - w as i64).rem_euclid(7);
    if strict && back == 0 {
        back = 7;
    }
    add_days(p, -back)
}

/// The first weekday `w` on or after `p` (`strict`: after).
pub(crate) fn weekday_after(p: NaiveDate, w: u8, strict: bool) -> Option<NaiveDate> {
    let mut fwd = (w as i64 - wd(p) as i64).rem_euclid(7);
    if strict && fwd == 0 {
        fwd = 7;
    }
    add_days(p, fwd)
}

/// The year of month `m` relative to publication `p`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum MonthRel {
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

pub(crate) fn month_year(p: NaiveDate, m: u32, rel: MonthRel) -> i32 {
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
pub(crate) fn month_day_year(p: NaiveDate, m: u32, d: u32, future: bool, hint: Option<u8>) -> Option<NaiveDate> {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn weekdays_around_a_date() {
        let wed = d(2024, 3, 6);
        assert_eq!(weekday_before(wed, 0, false), Some(d(2024, 3, 4)));
        assert_eq!(weekday_before(wed, 2, false), Some(wed));
        assert_eq!(weekday_before(wed, 2, true), Some(d(2024, 2, 28)));
        assert_eq!(weekday_after(wed, 4, false), Some(d(2024, 3, 8)));
        assert_eq!(weekday_after(wed, 2, false), Some(wed));
        assert_eq!(weekday_after(wed, 2, true), Some(d(2024, 3, 13)));
    }

    #[test]
    fn periods_and_shifts() {
        let x = d(2024, 3, 6);
        assert_eq!(period_start(x, Precision::Week), Some(d(2024, 3, 4)));
        assert_eq!(period_start(x, Precision::Month), Some(d(2024, 3, 1)));
        assert_eq!(period_start(x, Precision::Year), Some(d(2024, 1, 1)));
        assert!(contains(d(2024, 3, 4), Precision::Week, d(2024, 3, 10)));
        assert!(!contains(d(2024, 3, 4), Precision::Week, d(2024, 3, 11)));
        assert_eq!(shift(d(2024, 1, 31), Unit::Month, 1), Some(d(2024, 2, 29)));
        assert_eq!(shift(x, Unit::Week, -2), Some(d(2024, 2, 21)));
        assert_eq!(shift(x, Unit::Year, i64::MAX), None);
    }

    #[test]
    fn years_of_months_and_days_without_one() {
        let p = d(2024, 3, 6);
        assert_eq!(month_year(p, 3, MonthRel::NotAfter), 2024);
        assert_eq!(month_year(p, 4, MonthRel::NotAfter), 2023);
        assert_eq!(month_year(p, 3, MonthRel::Before), 2023);
        assert_eq!(month_year(p, 2, MonthRel::NotBefore), 2025);
        assert_eq!(month_year(p, 3, MonthRel::After), 2025);
        assert_eq!(month_day_year(p, 3, 10, false, None), Some(d(2023, 3, 10)));
        assert_eq!(month_day_year(p, 3, 10, true, None), Some(d(2024, 3, 10)));
        // 10 March 2024 is a Sunday (6), 10 March 2023 a Friday (4): the weekday picks the year.
        assert_eq!(month_day_year(p, 3, 10, false, Some(6)), Some(d(2024, 3, 10)));
        assert_eq!(month_day_year(p, 2, 29, false, None), Some(d(2024, 2, 29)));
        assert_eq!(month_day_year(p, 2, 30, false, None), None);
    }
}
