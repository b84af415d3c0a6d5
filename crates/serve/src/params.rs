//! Query parameters: parsed and validated once, with clear errors (HTTP 400).

use chrono::NaiveDate;
use dyad_store::query::{Filter, Period};

/// The largest page of events a request may ask for.
pub const MAX_LIMIT: usize = 500;
/// Events per page when `limit` is not given.
pub const DEFAULT_LIMIT: usize = 50;

/// A rejected request.
#[derive(Debug, Clone, PartialEq)]
pub struct BadRequest(pub String);

/// Every parameter a page or endpoint may take; each route says which it accepts.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Params {
    pub a: Option<String>,
    pub b: Option<String>,
    /// Only A → B (`dir=ab`); both directions otherwise.
    pub directed: bool,
    pub actor: Option<String>,
    pub code: Option<String>,
    pub q: Option<String>,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub quad: Option<u8>,
    pub cameo: Option<String>,
    pub plover: Option<String>,
    pub place: Option<String>,
    pub period: Option<Period>,
    pub limit: usize,
    /// Only undated events (`undated=1`).
    pub undated: bool,
    /// Include bare statements (CAMEO root 01 with no target; `statements=1`). Left out by default.
    pub statements: bool,
    /// The page of an event list (1-based; `limit` events a page).
    pub page: usize,
}

fn code(name: &str, v: &str) -> Result<String, BadRequest> {
    let u = v.trim().to_ascii_uppercase();
    if u.len() < 2 || u.len() > 24 || !u.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return Err(BadRequest(format!("parameter {name}: an actor code is 2 to 24 letters or digits (like RUS, RUSGOV, IGOUNO); got {v:?}")));
    }
    Ok(u)
}

fn date(name: &str, v: &str) -> Result<NaiveDate, BadRequest> {
    NaiveDate::parse_from_str(v.trim(), "%Y-%m-%d").map_err(|_| BadRequest(format!("parameter {name}: expected a date YYYY-MM-DD; got {v:?}")))
}

impl Params {
    /// Parses `pairs`, accepting only the parameters in `allowed`. Empty values count as absent
    /// (forms submit empty fields).
    pub fn parse(pairs: &[(String, String)], allowed: &[&str]) -> Result<Params, BadRequest> {
        let mut p = Params { limit: DEFAULT_LIMIT, page: 1, ..Params::default() };
        let mut seen: Vec<&str> = Vec::new();
        for (k, v) in pairs {
            let Some(&k) = allowed.iter().find(|a| **a == k.as_str()) else {
                let mut list = allowed.to_vec();
                list.sort();
                return Err(BadRequest(format!("unknown parameter {k:?} (this page takes: {})", list.join(", "))));
            };
            if seen.contains(&k) {
                return Err(BadRequest(format!("parameter {k} given more than once")));
            }
            seen.push(k);
            if v.trim().is_empty() {
                continue;
            }
            match k {
                "a" => p.a = Some(code("a", v)?),
                "b" => p.b = Some(code("b", v)?),
                "actor" => p.actor = Some(code("actor", v)?),
                "code" => p.code = Some(code("code", v)?),
                "dir" => {
                    p.directed = match v.as_str() {
                        "ab" => true,
                        "both" => false,
                        _ => return Err(BadRequest(format!("parameter dir: \"ab\" (A to B only) or \"both\"; got {v:?}"))),
                    }
                }
                "q" => {
                    let t = v.trim();
                    if t.chars().count() > 100 {
                        return Err(BadRequest("parameter q: at most 100 characters".into()));
                    }
                    p.q = Some(t.to_string());
                }
                "from" => p.from = Some(date("from", v)?),
                "to" => p.to = Some(date("to", v)?),
                "quad" => {
                    p.quad = Some(match v.trim() {
                        "1" => 1,
                        "2" => 2,
                        "3" => 3,
                        "4" => 4,
                        _ => return Err(BadRequest(format!("parameter quad: a QuadClass 1 to 4; got {v:?}"))),
                    })
                }
                "cameo" => {
                    let t = v.trim();
                    if t.len() < 2 || t.len() > 4 || !t.bytes().all(|b| b.is_ascii_digit()) {
                        return Err(BadRequest(format!("parameter cameo: a CAMEO code or prefix of 2 to 4 digits (like 04 or 1831); got {v:?}")));
                    }
                    p.cameo = Some(t.to_string());
                }
                "plover" => {
                    let t = v.trim().to_ascii_uppercase();
                    if t.len() > 24 || !t.bytes().all(|b| b.is_ascii_alphabetic() || b == b'_' || b == b'-') {
                        return Err(BadRequest(format!("parameter plover: a PLOVER event type (letters, like AID or ASSAULT); got {v:?}")));
                    }
                    p.plover = Some(t);
                }
                "place" => {
                    let t = v.trim().to_ascii_uppercase();
                    if t.len() != 3 || !t.bytes().all(|b| b.is_ascii_alphabetic()) {
                        return Err(BadRequest(format!("parameter place: an ISO-3166 alpha-3 country code; got {v:?}")));
                    }
                    p.place = Some(t);
                }
                "period" => {
                    p.period = Some(match v.trim() {
                        "day" => Period::Day,
                        "week" => Period::Week,
                        "month" => Period::Month,
                        "year" => Period::Year,
                        _ => return Err(BadRequest(format!("parameter period: day, week, month or year; got {v:?}"))),
                    })
                }
                "undated" => {
                    p.undated = match v.trim() {
                        "1" | "true" => true,
                        "0" | "false" => false,
                        _ => return Err(BadRequest(format!("parameter undated: 1 (only undated events) or 0; got {v:?}"))),
                    }
                }
                "statements" => {
                    p.statements = match v.trim() {
                        "1" | "true" => true,
                        "0" | "false" => false,
                        _ => return Err(BadRequest(format!("parameter statements: 1 (include bare statements) or 0; got {v:?}"))),
                    }
                }
                "page" => {
                    let n: usize = v.trim().parse().map_err(|_| BadRequest(format!("parameter page: a page number from 1; got {v:?}")))?;
                    if n == 0 || n > 1_000_000 {
                        return Err(BadRequest(format!("parameter page: a page number from 1; got {n}")));
                    }
                    p.page = n;
                }
                "limit" => {
                    let n: usize = v.trim().parse().map_err(|_| BadRequest(format!("parameter limit: a number from 1 to {MAX_LIMIT}; got {v:?}")))?;
                    if n == 0 || n > MAX_LIMIT {
                        return Err(BadRequest(format!("parameter limit: a number from 1 to {MAX_LIMIT}; got {n}")));
                    }
                    p.limit = n;
                }
                _ => unreachable!("allowed parameter without a parser"),
            }
        }
        if let (Some(f), Some(t)) = (p.from, p.to) {
            if f > t {
                return Err(BadRequest(format!("from ({f}) is after to ({t})")));
            }
        }
        if p.b.is_some() && p.a.is_none() {
            return Err(BadRequest("parameter b needs a".into()));
        }
        if p.undated && (p.from.is_some() || p.to.is_some()) {
            return Err(BadRequest("parameter undated cannot be combined with from or to (undated events have no date)".into()));
        }
        if p.directed && p.b.is_none() {
            return Err(BadRequest("parameter dir needs a dyad (a and b)".into()));
        }
        Ok(p)
    }

    /// Requires a parameter.
    pub fn need<'a>(&self, name: &str, v: &'a Option<String>) -> Result<&'a str, BadRequest> {
        v.as_deref().ok_or_else(|| BadRequest(format!("parameter {name} is required")))
    }

    /// The store filter of the dates and event types (plus place).
    pub fn filter(&self) -> Filter {
        Filter {
            cameo: self.cameo.clone(),
            plover: self.plover.clone(),
            quad: self.quad,
            from: self.from,
            to: self.to,
            place_country: self.place.clone(),
            undated: self.undated,
            no_bare: !self.statements,
            ..Filter::default()
        }
    }

    /// The events a page of `limit` skips.
    pub fn offset(&self) -> usize {
        (self.page - 1).saturating_mul(self.limit)
    }

    pub fn period_name(&self) -> Option<&'static str> {
        self.period.map(period_name)
    }

    /// The date and type parameters, to carry into links.
    pub fn carry(&self) -> Vec<(&'static str, String)> {
        let d = |x: Option<NaiveDate>| x.map(|d| d.to_string()).unwrap_or_default();
        vec![
            ("from", d(self.from)),
            ("to", d(self.to)),
            ("quad", self.quad.map(|q| q.to_string()).unwrap_or_default()),
            ("cameo", self.cameo.clone().unwrap_or_default()),
            ("plover", self.plover.clone().unwrap_or_default()),
            ("period", self.period_name().unwrap_or("").to_string()),
            ("undated", if self.undated { "1".into() } else { String::new() }),
            ("statements", if self.statements { "1".into() } else { String::new() }),
        ]
    }
}

pub fn period_name(p: Period) -> &'static str {
    match p {
        Period::Day => "day",
        Period::Week => "week",
        Period::Month => "month",
        Period::Year => "year",
    }
}

/// The first and last day of a period label as written by [`Period::label`].
pub fn period_range(p: Period, label: &str) -> Option<(NaiveDate, NaiveDate)> {
    match p {
        Period::Day => {
            let d: NaiveDate = label.parse().ok()?;
            Some((d, d))
        }
        Period::Week => {
            let (y, w) = label.split_once("-W")?;
            let (y, w): (i32, u32) = (y.parse().ok()?, w.parse().ok()?);
            let a = NaiveDate::from_isoywd_opt(y, w, chrono::Weekday::Mon)?;
            Some((a, a + chrono::Duration::days(6)))
        }
        Period::Month => {
            let (y, m) = label.split_once('-')?;
            let (y, m): (i32, u32) = (y.parse().ok()?, m.parse().ok()?);
            let a = NaiveDate::from_ymd_opt(y, m, 1)?;
            let next = if m == 12 { NaiveDate::from_ymd_opt(y + 1, 1, 1)? } else { NaiveDate::from_ymd_opt(y, m + 1, 1)? };
            Some((a, next.pred_opt()?))
        }
        Period::Year => {
            let y: i32 = label.parse().ok()?;
            Some((NaiveDate::from_ymd_opt(y, 1, 1)?, NaiveDate::from_ymd_opt(y, 12, 31)?))
        }
    }
}

/// The period for a span of days when none is asked for: about 6 to 60 bars.
pub fn auto_period(days: i64) -> Period {
    if days <= 45 {
        Period::Day
    } else if days <= 100 {
        Period::Week
    } else if days <= 5 * 366 {
        Period::Month
    } else {
        Period::Year
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(v: &[(&str, &str)]) -> Vec<(String, String)> {
        v.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect()
    }

    #[test]
    fn validates() {
        let ok = Params::parse(&pairs(&[("a", "rus"), ("b", "CHN"), ("from", "2024-01-01"), ("quad", ""), ("limit", "20")]), &["a", "b", "from", "quad", "limit"]).unwrap();
        assert_eq!(ok.a.as_deref(), Some("RUS"));
        assert_eq!(ok.quad, None);
        assert_eq!(ok.limit, 20);
        for bad in [("a", "R<S"), ("from", "2024-13-01"), ("quad", "5"), ("limit", "501"), ("limit", "0"), ("zzz", "1")] {
            assert!(Params::parse(&pairs(&[bad]), &["a", "from", "quad", "limit"]).is_err(), "{bad:?}");
        }
        assert!(Params::parse(&pairs(&[("from", "2024-02-01"), ("to", "2024-01-01")]), &["from", "to"]).is_err());
    }

    #[test]
    fn period_ranges() {
        let d = |s: &str| s.parse::<NaiveDate>().unwrap();
        assert_eq!(period_range(Period::Month, "2024-02"), Some((d("2024-02-01"), d("2024-02-29"))));
        assert_eq!(period_range(Period::Week, "2024-W10"), Some((d("2024-03-04"), d("2024-03-10"))));
        assert_eq!(period_range(Period::Year, "2023"), Some((d("2023-01-01"), d("2023-12-31"))));
        assert_eq!(period_range(Period::Day, "2023-05-06"), Some((d("2023-05-06"), d("2023-05-06"))));
        let w = Period::Week.label(d("2021-01-02"));
        assert_eq!(period_range(Period::Week, &w).unwrap().0, d("2020-12-28"));
    }
}
