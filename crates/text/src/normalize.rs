//! Unicode normalisation for news text: typographic quotes, dashes and spaces become their ASCII
//! forms, invisible characters go, line ends become `\n`.

/// Returns the normalised text. Letters (accented or not) are kept as written; matching keys fold
/// accents later, so the evidence text stays faithful to the source.
pub fn normalize(input: &str) -> String {
    // Fast path: pure ASCII without carriage returns or control characters needs no change.
    if input.bytes().all(|b| b.is_ascii() && b != b'\r' && (b >= 0x20 || b == b'\n' || b == b'\t')) {
        return input.to_string();
    }
    let mut out = String::with_capacity(input.len());
    let mut chars = input.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                if chars.peek() != Some(&'\n') {
                    out.push('\n');
                }
            }
            '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' | '\u{02BC}' | '\u{FF07}' => out.push('\''),
            '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{2033}' | '\u{00AB}' | '\u{00BB}' | '\u{FF02}' => {
                out.push('"')
            }
            '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2212}' | '\u{FE63}' | '\u{FF0D}' => out.push('-'),
            // En and em dashes are punctuation between words: keep them apart as " - ".
            '\u{2013}' | '\u{2014}' | '\u{2015}' => out.push_str(" - "),
            '\u{2026}' => out.push_str("..."),
            '\u{00A0}' | '\u{2000}'..='\u{200A}' | '\u{202F}' | '\u{205F}' | '\u{3000}' | '\t' => out.push(' '),
            '\u{2028}' | '\u{2029}' | '\u{0085}' => out.push('\n'),
            // Invisible: zero-width spaces and joiners, soft hyphen, BOM, bidi marks.
            '\u{200B}'..='\u{200F}' | '\u{00AD}' | '\u{FEFF}' | '\u{2060}' | '\u{202A}'..='\u{202E}' => {}
            c if c.is_control() && c != '\n' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_dashes_spaces() {
        assert_eq!(normalize("\u{201C}No,\u{201D} he said \u{2014} it\u{2019}s over"), "\"No,\" he said  -  it's over");
        assert_eq!(normalize("a\u{00A0}b\r\nc\rd"), "a b\nc\nd");
        assert_eq!(normalize("co\u{00AD}operate\u{200B}"), "cooperate");
        assert_eq!(normalize("Erdoğan"), "Erdoğan");
    }
}
