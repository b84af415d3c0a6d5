//! Language detection with `whatlang`, reported as ISO 639-1 codes, and the language stage:
//! which documents the coder reads.

/// The languages dyad's coder reads (ISO 639-1). Reading and extraction are language-independent;
/// documents in other languages are read whole and then skipped by [`uncoded_language`].
pub const CODED_LANGUAGES: &[&str] = &["en"];

/// The language stage, after reading: the document's language when the coder does not read it
/// (the document is then skipped, not coded); `None` when it is coded. A document whose language
/// is unknown is coded.
pub fn uncoded_language(doc: &dyad_model::Document) -> Option<&str> {
    let lang = doc.lang.as_deref()?;
    let base = lang.split(['-', '_']).next().unwrap_or(lang);
    (!CODED_LANGUAGES.iter().any(|c| base.eq_ignore_ascii_case(c))).then_some(lang)
}

/// Texts shorter than this (in bytes) get no detected language.
const MIN_BYTES: usize = 40;
/// Only the start of a long text is looked at.
const SAMPLE_BYTES: usize = 4096;

/// The ISO 639-1 code of the text's language when `whatlang` is confident, else `None`.
pub(crate) fn detect(text: &str) -> Option<String> {
    if text.trim().len() < MIN_BYTES {
        return None;
    }
    let mut end = text.len().min(SAMPLE_BYTES);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let sample = &text[..end];
    if plainly_english(sample) {
        return Some("en".to_string());
    }
    let info = whatlang::detect(sample)?;
    if !info.is_reliable() {
        return None;
    }
    iso639_1(info.lang().code()).map(String::from)
}

/// Function words found in English text and rare as words of other Latin-script languages.
const ENGLISH_MARKERS: &[&str] = &[
    "the", "of", "and", "to", "said", "with", "that", "for", "from", "its", "has", "have", "were", "which", "by",
    "his", "their", "after", "on", "at", "is", "are", "this", "would", "will", "been", "not",
];
/// Function words of other Latin-script languages that English text hardly uses as words.
const OTHER_MARKERS: &[&str] = &[
    "de", "la", "le", "les", "des", "du", "et", "est", "une", "der", "das", "und", "ist", "nicht", "mit", "el",
    "los", "las", "que", "y", "del", "por", "il", "di", "che", "della", "och", "og", "af", "het", "van", "een",
    "na", "je", "za", "nie", "się", "ve", "bir", "da", "em", "um", "não", "ja", "ei", "ng", "sa", "yang",
];

/// English beyond doubt, decided without `whatlang` (which costs more than coding a one-sentence
/// document): at least 8 words, almost all bytes ASCII, English function words at least a
/// tenth of the words and at least 3 of them, "the" among them, and other languages' function
/// words at most a fifth as many. Anything less plain goes to `whatlang`.
fn plainly_english(sample: &str) -> bool {
    let non_ascii = sample.bytes().filter(|b| !b.is_ascii()).count();
    if non_ascii * 50 > sample.len() {
        return false;
    }
    let (mut words, mut english, mut other, mut the) = (0usize, 0usize, 0usize, false);
    for word in sample.split(|c: char| !c.is_alphabetic()).filter(|w| !w.is_empty()) {
        words += 1;
        if word.len() > 5 {
            continue;
        }
        let mut lower = [0u8; 8];
        let n = word.len();
        lower[..n].copy_from_slice(word.as_bytes());
        lower[..n].make_ascii_lowercase();
        let Ok(w) = std::str::from_utf8(&lower[..n]) else { continue };
        if w == "the" {
            the = true;
        }
        if ENGLISH_MARKERS.contains(&w) {
            english += 1;
        } else if OTHER_MARKERS.contains(&w) {
            other += 1;
        }
    }
    words >= 8 && the && english >= 3 && english * 10 >= words && other * 5 <= english
}

/// ISO 639-3 (as `whatlang` names languages) to ISO 639-1.
fn iso639_1(code3: &str) -> Option<&'static str> {
    Some(match code3 {
        "afr" => "af", "aka" => "ak", "amh" => "am", "ara" => "ar", "aze" => "az", "bel" => "be", "ben" => "bn",
        "bul" => "bg", "cat" => "ca", "ces" => "cs", "cmn" => "zh", "dan" => "da", "deu" => "de", "ell" => "el",
        "eng" => "en", "epo" => "eo", "est" => "et", "fin" => "fi", "fra" => "fr", "guj" => "gu", "heb" => "he",
        "hin" => "hi", "hrv" => "hr", "hun" => "hu", "hye" => "hy", "ind" => "id", "ita" => "it", "jav" => "jv",
        "jpn" => "ja", "kan" => "kn", "kat" => "ka", "khm" => "km", "kor" => "ko", "lat" => "la", "lav" => "lv",
        "lit" => "lt", "mal" => "ml", "mar" => "mr", "mkd" => "mk", "mya" => "my", "nep" => "ne", "nld" => "nl",
        "nob" => "nb", "ori" => "or", "pan" => "pa", "pes" => "fa", "pol" => "pl", "por" => "pt", "ron" => "ro",
        "rus" => "ru", "sin" => "si", "slk" => "sk", "slv" => "sl", "sna" => "sn", "spa" => "es", "srp" => "sr",
        "swe" => "sv", "tam" => "ta", "tel" => "te", "tgl" => "tl", "tha" => "th", "tuk" => "tk", "tur" => "tr",
        "ukr" => "uk", "urd" => "ur", "uzb" => "uz", "vie" => "vi", "yid" => "yi", "zul" => "zu",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::{detect, plainly_english, uncoded_language};

    #[test]
    fn language_stage() {
        let doc = |lang: Option<&str>| dyad_model::Document { lang: lang.map(String::from), ..Default::default() };
        assert_eq!(uncoded_language(&doc(Some("en"))), None);
        assert_eq!(uncoded_language(&doc(Some("en-GB"))), None);
        assert_eq!(uncoded_language(&doc(Some("EN_us"))), None);
        assert_eq!(uncoded_language(&doc(None)), None, "unknown language: coded");
        assert_eq!(uncoded_language(&doc(Some("fr"))), Some("fr"));
        assert_eq!(uncoded_language(&doc(Some("eng"))), Some("eng"), "only ISO 639-1 codes name English");
    }

    #[test]
    fn detects_confident_languages_only() {
        assert_eq!(detect("The foreign ministers of Armenia and Azerbaijan will meet in Almaty next week to continue talks on a peace treaty.").as_deref(), Some("en"));
        assert_eq!(detect("Le Sénégal et la Mauritanie ont signé lundi à Nouakchott un accord qui autorise les pêcheurs sénégalais à travailler.").as_deref(), Some("fr"));
        assert_eq!(detect("Die Regierung in Berlin hat am Montag neue Hilfen für die Landwirte angekündigt, teilte das Ministerium mit.").as_deref(), Some("de"));
        assert_eq!(detect("Rebels attacked."), None, "too short");
        assert_eq!(detect("Gunmen attacked a police station in northern Burkina Faso overnight, killing 12 officers.").as_deref(), Some("en"));
        assert_eq!(detect(""), None);
    }

    /// The fast path takes plain English only; other languages, and English it is unsure of, go
    /// to `whatlang`.
    #[test]
    fn plainly_english_only() {
        assert!(plainly_english("Russia fired more than 800 drones at Ukraine overnight in the largest attack of the war, the air force said."));
        assert!(!plainly_english("Gunmen attacked a police station in northern Burkina Faso overnight, killing 12 officers."), "no 'the': whatlang decides");
        assert!(!plainly_english("Le président de la République a reçu the Prime Minister of India à l'Élysée et a salué le partenariat."));
        assert!(!plainly_english("Die Regierung hat am Montag neue Hilfen für die Landwirte angekündigt, teilte das Ministerium mit."));
        assert!(!plainly_english("Rząd ogłosił w poniedziałek, że to nie jest the end of the talks z Ukrainą i Litwą."));
        assert!(!plainly_english("The talks."), "too short");
        assert!(!plainly_english("De regering van Nederland heeft de ambassadeur van Rusland ontboden en het bezoek van de minister afgezegd."));
    }
}
