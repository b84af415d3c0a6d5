//! dyad's text stage: it owns everything between raw text and tokens.
//!
//! [`process`] normalises a [`Document`]'s text (quotes, dashes, spaces), finds a dateline, and fills
//! the `tokens`, `keys` and `sentences` layers. It knows nothing of lexicons or events.
//! Invariant: it never fails; every span it produces lies on `char` boundaries of the normalised text.

mod dateline;
mod normalize;
mod sentence;
mod token;

pub use normalize::normalize;
pub use sentence::MAX_SENTENCE_TOKENS;
pub use token::{key, phrase_keys, push_key, tokenize};

use dyad_model::Document;

/// Runs the text stage on a document: normalisation, dateline, tokens, sentences.
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
        if doc.date.is_none() {
            doc.date = dl.date;
            doc.date_source = dl.date.map(|_| dyad_model::DateSource::Dateline);
        }
        doc.dateline = Some(dl);
    }
    sentence::split(&doc.text, &doc.keys, &doc.tokens, first, &mut doc.sentences);
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

    #[test]
    fn long_runs_are_cut() {
        let text = "word ".repeat(1000);
        let s = sentences(&text);
        assert_eq!(s.len(), 1000 / MAX_SENTENCE_TOKENS);
    }
}
