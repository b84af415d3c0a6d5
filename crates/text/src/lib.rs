//! dyad's text stage: it owns everything between raw text and tokens.
//!
//! [`process`] normalises a [`Document`]'s text (quotes, dashes, spaces), finds a dateline, fills
//! the `tokens`, `keys` and `sentences` layers, and settles the publication date from what the text
//! says when the input gave no better one (see [`process`]). It knows nothing of lexicons or events.
//! Invariant: it never fails; every span it produces lies on `char` boundaries of the normalised text.

mod dateline;
mod normalize;
mod sentence;
mod token;

pub use normalize::normalize;
pub use sentence::MAX_SENTENCE_TOKENS;
pub use token::{key, phrase_keys, push_key, tokenize};

use dyad_model::{DateSource, Document};

/// How many opening sentences may give a document its date (`DateSource::Text`).
pub const DATE_SENTENCES: usize = 3;

/// Runs the text stage on a document: normalisation, dateline, tokens, sentences.
///
/// The publication date follows [`Document::offer_date`]'s precedence (`DateSource`'s order): the
/// input's own date (JSON `date`, `--date`), the page's metadata, the dateline's date ("KYIV, March
/// 11, 2025 (Reuters) -", or "March 11" with the year of a date already known), the first absolute
/// date in the first [`DATE_SENTENCES`] sentences ("On March 11, 2025, ..."), and last a feed's or
/// crawler's date. `Document::date_source` names the one used.
pub fn process(doc: &mut Document) {
    let normalized = normalize(&doc.text);
    if normalized != doc.text {
        doc.text = normalized;
    }
    doc.tokens.clear();
    doc.keys.clear();
    doc.sentences.clear();
    doc.keys.reserve(doc.text.len());
    tokenize(&doc.text, &mut doc.tokens, &mut doc.keys);
    let mut first = 0;
    if let Some((mut dl, after)) = dateline::detect(&doc.text, &doc.keys, &doc.tokens, doc.date) {
        first = after;
        if let Some(old) = doc.dateline.take() {
            // Metadata from the reader wins where it has something.
            dl.source = old.source.or(dl.source);
            dl.date = old.date.or(dl.date);
        }
        if let Some(d) = dl.date {
            doc.offer_date(d, DateSource::Dateline);
        }
        doc.dateline = Some(dl);
    }
    sentence::split(&doc.text, &doc.keys, &doc.tokens, first, &mut doc.sentences);
    if doc.date.is_none() || doc.date_source.is_some_and(|s| s > DateSource::Text) {
        let found = doc.sentences.iter().take(DATE_SENTENCES).find_map(|s| dyad_dates::absolute_dates(doc.slice(s.span)).first().map(|x| x.2));
        if let Some(d) = found {
            doc.offer_date(d, DateSource::Text);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn sentences(text: &str) -> Vec<String> {
        let mut d = Document::new("t", text);
        process(&mut d);
        d.sentences.iter().map(|s| d.slice(s.span).to_string()).collect()
    }

    #[test]
    fn abbreviations_do_not_split() {
        let s = sentences("Mr. Smith met Gen. Jones in the U.S. capital on Jan. 5 at 9 a.m. local time. No. 10 said nothing.");
        assert_eq!(s, ["Mr. Smith met Gen. Jones in the U.S. capital on Jan. 5 at 9 a.m. local time.", "No. 10 said nothing."]);
    }

    #[test]
    fn abbreviation_can_end_a_sentence() {
        let s = sentences("Iran accused the U.S. The move angered Tehran.");
        assert_eq!(s, ["Iran accused the U.S.", "The move angered Tehran."]);
    }

    #[test]
    fn quotes_and_paragraphs() {
        let s = sentences("\u{201C}We will respond,\u{201D} he said. \u{201C}Now.\u{201D} Officials agreed.\n\nPutin meets Xi\nThe talks began");
        assert_eq!(s, ["\"We will respond,\" he said.", "\"Now.\"", "Officials agreed.", "Putin meets Xi", "The talks began"]);
    }

    #[test]
    fn datelines() {
        let mut d = Document::new("t", "ANKARA, March 3 (Reuters) - Turkish lawmakers approved the deal.");
        d.date = NaiveDate::from_ymd_opt(2024, 3, 4);
        process(&mut d);
        let dl = d.dateline.clone().unwrap();
        assert_eq!(dl.place.as_deref(), Some("ANKARA"));
        assert_eq!(dl.source.as_deref(), Some("Reuters"));
        assert_eq!(dl.date, NaiveDate::from_ymd_opt(2024, 3, 3));
        assert_eq!(d.slice(d.sentences[0].span), "Turkish lawmakers approved the deal.");

        let mut d = Document::new("t", "CAIRO (AP) \u{2014} Egypt said on Monday it would host talks.");
        process(&mut d);
        assert_eq!(d.dateline.as_ref().unwrap().place.as_deref(), Some("CAIRO"));
        assert_eq!(d.slice(d.sentences[0].span), "Egypt said on Monday it would host talks.");

        let mut d = Document::new("t", "Russia - Ukraine talks resumed on Monday.");
        process(&mut d);
        assert!(d.dateline.is_none());
    }

    fn dated(text: &str, given: Option<(&str, DateSource)>) -> (Option<String>, Option<DateSource>) {
        let mut d = Document::new("t", text);
        if let Some((g, s)) = given {
            d.offer_date(g.parse().unwrap(), s);
        }
        process(&mut d);
        (d.date.map(|x| x.to_string()), d.date_source)
    }

    #[test]
    fn publication_date_precedence() {
        let some = |d: &str, s| (Some(d.to_string()), Some(s));
        // A dateline with a year dates an undated story; without a year it cannot.
        assert_eq!(dated("KYIV, March 11, 2025 (Reuters) - Russian forces shelled Kherson.", None), some("2025-03-11", DateSource::Dateline));
        assert_eq!(dated("KYIV, 11 March 2025 (Reuters) - Russian forces shelled Kherson.", None), some("2025-03-11", DateSource::Dateline));
        assert_eq!(dated("KYIV, March 11 (Reuters) - Russian forces shelled Kherson.", None), (None, None));
        // An absolute date in the opening sentences, not a relative one, not a late one.
        assert_eq!(dated("On March 11, 2025, Russian forces shelled Kherson.", None), some("2025-03-11", DateSource::Text));
        assert_eq!(dated("Russian forces shelled Kherson on Tuesday. Talks were held on 2024-05-02 in Geneva.", None), some("2024-05-02", DateSource::Text));
        assert_eq!(dated("Russian forces shelled Kherson on March 11. Nobody was hurt.", None), (None, None));
        assert_eq!(dated("Talks began. Nobody came. It rained. The war began on February 24, 2022.", None), (None, None));
        // The dateline beats the text, and both beat a feed's date.
        assert_eq!(dated("KYIV, March 11, 2025 (Reuters) - On March 9, 2025, talks began.", None), some("2025-03-11", DateSource::Dateline));
        assert_eq!(dated("KYIV, March 11 (Reuters) - Talks began.", Some(("2025-03-12", DateSource::Feed))), some("2025-03-11", DateSource::Dateline));
        assert_eq!(dated("On March 9, 2025, talks began.", Some(("2025-03-12", DateSource::Feed))), some("2025-03-09", DateSource::Text));
        // The input's own date and page metadata are kept.
        assert_eq!(dated("KYIV, March 11, 2025 (Reuters) - Talks began.", Some(("2025-03-12", DateSource::Input))), some("2025-03-12", DateSource::Input));
        assert_eq!(dated("On March 9, 2025, talks began.", Some(("2025-03-12", DateSource::Metadata))), some("2025-03-12", DateSource::Metadata));
    }

    #[test]
    fn long_runs_are_cut() {
        let text = "word ".repeat(1000);
        let s = sentences(&text);
        assert_eq!(s.len(), 1000 / MAX_SENTENCE_TOKENS);
    }
}
