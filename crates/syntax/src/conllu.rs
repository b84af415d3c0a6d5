//! Reading CoNLL-U (the treebank format), for training and evaluation.
//!
//! Only what the tagger, lemmatizer, parser and evaluation use is kept: word lines (ID, FORM, LEMMA,
//! UPOS, XPOS, HEAD, DEPREL, and `SpaceAfter=No` from MISC), multiword-token ranges (`1-2`), and the
//! `# text`, `# newdoc` and `# newpar` comments. Empty nodes (`8.1`) belong to enhanced dependencies
//! and are skipped. A malformed line is an error naming the line.

use std::fmt;

/// One syntactic word of a treebank sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    pub form: String,
    pub lemma: String,
    pub upos: String,
    pub xpos: String,
    /// 1-based head; 0 is the root.
    pub head: u32,
    pub deprel: String,
    /// `SpaceAfter=No` is absent.
    pub space_after: bool,
}

/// A multiword token: surface form spanning words `first..=last` (1-based), e.g. "don't" = "do" "n't".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Multiword {
    pub first: u32,
    pub last: u32,
    pub form: String,
    pub space_after: bool,
}

/// One sentence of a CoNLL-U file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Sentence {
    pub sent_id: Option<String>,
    pub text: Option<String>,
    /// A `# newdoc` comment precedes the sentence.
    pub newdoc: bool,
    /// A `# newpar` comment precedes the sentence.
    pub newpar: bool,
    pub words: Vec<Word>,
    pub multiwords: Vec<Multiword>,
}

/// A line that could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    pub line: usize,
    pub message: String,
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: {}", self.line, self.message)
    }
}

impl std::error::Error for Error {}

fn space_after(misc: &str) -> bool {
    !misc.split('|').any(|m| m == "SpaceAfter=No")
}

/// Parses a whole CoNLL-U text.
pub fn parse(text: &str) -> Result<Vec<Sentence>, Error> {
    let mut out = Vec::new();
    let mut cur = Sentence::default();
    for (n, line) in text.lines().enumerate() {
        let line_no = n + 1;
        let line = line.trim_end_matches('\r');
        if line.is_empty() {
            if !cur.words.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            continue;
        }
        if let Some(c) = line.strip_prefix('#') {
            let c = c.trim_start();
            if c.starts_with("newdoc") {
                cur.newdoc = true;
            } else if c.starts_with("newpar") {
                cur.newpar = true;
            } else if let Some(t) = c.strip_prefix("text =") {
                cur.text = Some(t.trim().to_string());
            } else if let Some(t) = c.strip_prefix("sent_id =") {
                cur.sent_id = Some(t.trim().to_string());
            }
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() != 10 {
            return Err(Error { line: line_no, message: format!("{} columns, expected 10", cols.len()) });
        }
        let id = cols[0];
        if id.contains('.') {
            continue;
        }
        if let Some((a, b)) = id.split_once('-') {
            let (Ok(first), Ok(last)) = (a.parse::<u32>(), b.parse::<u32>()) else {
                return Err(Error { line: line_no, message: format!("bad token range {id:?}") });
            };
            cur.multiwords.push(Multiword { first, last, form: cols[1].to_string(), space_after: space_after(cols[9]) });
            continue;
        }
        let Ok(idn) = id.parse::<u32>() else {
            return Err(Error { line: line_no, message: format!("bad word id {id:?}") });
        };
        if idn as usize != cur.words.len() + 1 {
            return Err(Error { line: line_no, message: format!("word id {idn} out of order") });
        }
        let head = if cols[6] == "_" {
            0
        } else {
            cols[6].parse::<u32>().map_err(|_| Error { line: line_no, message: format!("bad head {:?}", cols[6]) })?
        };
        cur.words.push(Word {
            form: cols[1].to_string(),
            lemma: cols[2].to_string(),
            upos: cols[3].to_string(),
            xpos: cols[4].to_string(),
            head,
            deprel: cols[7].to_string(),
            space_after: space_after(cols[9]),
        });
    }
    if !cur.words.is_empty() {
        out.push(cur);
    }
    for s in &out {
        let n = s.words.len() as u32;
        if let Some(w) = s.words.iter().find(|w| w.head > n) {
            return Err(Error { line: 0, message: format!("sentence {:?}: head {} beyond {} words", s.sent_id, w.head, n) });
        }
    }
    Ok(out)
}

impl Sentence {
    /// The tokens of the sentence as written: multiword tokens whole, other words as they are.
    /// Each item is (form, space after, first word, last word), words 0-based.
    pub fn tokens(&self) -> Vec<(&str, bool, usize, usize)> {
        let mut out = Vec::new();
        let mut i = 0;
        while i < self.words.len() {
            if let Some(m) = self.multiwords.iter().find(|m| m.first as usize == i + 1) {
                out.push((m.form.as_str(), m.space_after, i, m.last as usize - 1));
                i = m.last as usize;
            } else {
                let w = &self.words[i];
                out.push((w.form.as_str(), w.space_after, i, i));
                i += 1;
            }
        }
        out
    }

    /// The sentence's text rebuilt from its tokens and `SpaceAfter`.
    pub fn surface(&self) -> String {
        let mut s = String::new();
        for (form, space, _, _) in self.tokens() {
            s.push_str(form);
            if space {
                s.push(' ');
            }
        }
        s.trim_end().to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "# newdoc id = d1\n# sent_id = s1\n# text = I don't know.\n1\tI\tI\tPRON\tPRP\t_\t4\tnsubj\t_\t_\n2-3\tdon't\t_\t_\t_\t_\t_\t_\t_\t_\n2\tdo\tdo\tAUX\tVBP\t_\t4\taux\t_\t_\n3\tn't\tnot\tPART\tRB\t_\t4\tadvmod\t_\t_\n4\tknow\tknow\tVERB\tVB\t_\t0\troot\t_\tSpaceAfter=No\n4.1\tx\tx\tX\tX\t_\t_\t_\t_\t_\n5\t.\t.\tPUNCT\t.\t_\t4\tpunct\t_\t_\n\n";

    #[test]
    fn reads_words_multiwords_and_comments() {
        let s = parse(SAMPLE).unwrap();
        assert_eq!(s.len(), 1);
        let s = &s[0];
        assert!(s.newdoc && !s.newpar);
        assert_eq!(s.words.len(), 5);
        assert_eq!(s.words[3].head, 0);
        assert!(!s.words[3].space_after);
        assert_eq!(s.multiwords[0].form, "don't");
        assert_eq!(s.surface(), "I don't know.");
        assert_eq!(s.tokens().len(), 4);
    }

    #[test]
    fn bad_lines_name_their_line() {
        let e = parse("1\tx\tx\n").unwrap_err();
        assert_eq!(e.line, 1);
        let e = parse("1\tx\tx\tX\tX\t_\tz\tdep\t_\t_\n").unwrap_err();
        assert!(e.message.contains("bad head"));
    }
}
