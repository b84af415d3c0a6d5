//! The geocoding suite (`eval/places/places.tsv`): each row a text (with its dateline when it has
//! one), the countries of its event's actors and the place a careful reader gives (`-` for none).
//! [`score`] geocodes the first sentence of every text and counts the rows placed right (same name
//! and country; or no place where none is expected). `dyad eval places` prints it; the test suite
//! keeps it from dropping.

use crate::Gazetteer;
use dyad_model::Document;

/// The suite in the repository, embedded.
pub const BUILTIN: &str = include_str!("../../../eval/places/places.tsv");

/// One row's outcome.
#[derive(Debug, Clone)]
pub struct Outcome {
    /// Line number in the file.
    pub line: usize,
    pub text: String,
    pub actors: Vec<String>,
    /// Expected (name, country), `None` for no place.
    pub expected: Option<(String, String)>,
    /// What the geocoder gave: (name, country, how).
    pub got: Option<(String, String, String)>,
    pub right: bool,
}

/// Scores the suite in `tsv` (the format of [`BUILTIN`]). Malformed lines are errors naming the line.
pub fn score(g: &Gazetteer, tsv: &str) -> Result<Vec<Outcome>, String> {
    let mut out = Vec::new();
    for (i, line) in tsv.lines().enumerate() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let f: Vec<&str> = line.split('\t').collect();
        if f.len() < 4 {
            return Err(format!("line {}: expected text, actor countries, name and country separated by tabs", i + 1));
        }
        let actors: Vec<String> = f[1].split(',').map(str::trim).filter(|c| !c.is_empty()).map(str::to_string).collect();
        let expected = (f[2] != "-").then(|| (f[2].to_string(), f[3].to_string()));
        let mut doc = Document::new(format!("line {}", i + 1), f[0]);
        dyad_text::process(&mut doc);
        let ctx: Vec<&str> = actors.iter().map(String::as_str).collect();
        let got = if doc.sentences.is_empty() { None } else { g.geocode(&doc, 0, &ctx) };
        let got = got.map(|p| (p.name, p.country.unwrap_or_default(), p.how));
        let right = match (&expected, &got) {
            (None, None) => true,
            (Some((n, c)), Some((gn, gc, _))) => n == gn && c == gc,
            _ => false,
        };
        out.push(Outcome { line: i + 1, text: f[0].to_string(), actors, expected, got, right });
    }
    Ok(out)
}
