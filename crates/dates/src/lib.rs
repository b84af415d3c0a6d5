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
//!
//! # Layout
//!
//! This file is the API. `lexer` holds the byte pre-check and the tokens with their date classes (the
//! crate's word lists), `calendar` the date arithmetic, and `grammar` the recogniser of expressions
//! over the tokens: written dates in `grammar::dates`, expressions counted from the publication or
//! reference date in `grammar::relative`.

mod calendar;
mod grammar;
mod lexer;

use chrono::NaiveDate;
pub use dyad_model::Precision;
use grammar::Reference;
pub use lexer::might_contain_time;
use lexer::{tokenize, Tok};

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
        grammar::expressions(text, &self.toks, self.publication, &mut self.reference, self.sentences)
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
