//! PETRARCH mode: PETRARCH/TABARI dictionaries (or their import) with PETRARCH's assembly, and
//! events in dyad's schema.

use crate::Error;
use dyad_lexicon::Lexicon;
use dyad_model::{Actor, Diagnostic, Document, Event, Participant, Severity, Span};
use dyad_petrarch::{Dicts, Options, PetrarchCoder};
use std::path::Path;

/// Prints the dictionaries' malformed lines (the first 20) on stderr.
pub fn report_issues(issues: &[dyad_petrarch::Issue]) {
    let errors = issues.iter().filter(|i| i.error).count();
    for i in issues.iter().filter(|i| i.error).take(20) {
        eprintln!("dyad: dictionary: {i}");
    }
    if errors > 20 {
        eprintln!("dyad: dictionary: ... {} more errors", errors - 20);
    }
    if errors > 0 {
        eprintln!("dyad: {errors} malformed dictionary lines skipped (--strict makes them fatal)");
    }
}

/// PETRARCH mode for `dyad code`: the PETRARCH-format dictionaries in a folder (or the
/// PETRARCH-assembly dyad lexicon `dyad lexicon import` wrote there) with PETRARCH's assembly, and
/// events in dyad's schema: codes exactly as the dictionaries give them, the rest (Goldstein, QuadClass,
/// PLOVER, country, sectors) from dyad's CAMEO tables, dates and places as dyad's coder gives them.
pub struct PetrarchEngine {
    coder: PetrarchCoder,
    lex: Lexicon,
    opts: Options,
}

/// Loads the dictionaries in `dir` for PETRARCH mode.
pub fn engine(dir: &Path, strict: bool) -> Result<PetrarchEngine, Error> {
    let (d, issues) = Dicts::load_dir(dir, strict).map_err(Error::Load)?;
    report_issues(&issues);
    if d.verbs.verbs.is_empty() || d.actors.is_empty() {
        return Err(Error::Load(format!("{}: need at least a verb file and an actor file", dir.display())));
    }
    std::thread::spawn(|| {
        dyad_geo::Gazetteer::builtin();
    });
    // Only the CAMEO tables and countries are needed: leave out the built-in actors, agents and verbs.
    let (lex, _) = Lexicon::builtin_with(Vec::new(), true);
    Ok(PetrarchEngine { coder: PetrarchCoder::new(d), lex, opts: Options::default() })
}

impl crate::pipeline::Code for PetrarchEngine {
    fn code(&self, doc: &mut Document) {
        let coded = self.coder.code(doc, &self.opts);
        if let Some(p) = &coded.story_discard {
            doc.diagnostics.push(Diagnostic { severity: Severity::Warning, stage: "petrarch", message: format!("story discarded by the PETRARCH discard phrase {p:?}") });
        }
        let mut events: Vec<Event> = Vec::with_capacity(coded.events.len());
        for e in &coded.events {
            match dyad_model::CameoCode::new(&e.code) {
                Ok(code) => events.push(self.event(doc, e, code)),
                Err(bad) => doc.diagnostics.push(Diagnostic { severity: Severity::Warning, stage: "petrarch", message: format!("event dropped: verb dictionary line {}: {bad}", e.line) }),
            }
        }
        events.sort_by_key(|e| e.sentence);
        dyad_coder::date_and_place(doc, &mut events);
        doc.events = events;
    }
}

impl PetrarchEngine {
    fn event(&self, doc: &Document, e: &dyad_petrarch::PEvent, code: dyad_model::CameoCode) -> Event {
        let span = |(a, b): (usize, usize)| Span { start: doc.tokens[a].span.start, end: doc.tokens[b - 1].span.end };
        let part = |code: &str, tokens: Option<(usize, usize)>| {
            let span = tokens.filter(|(a, b)| a < b && *b <= doc.tokens.len()).map(span).unwrap_or(Span { start: 0, end: 0 });
            let head = code.get(..3).unwrap_or(code);
            let country = self.lex.country_of(head);
            let rest = if country.is_some() || matches!(head, "IGO" | "NGO" | "IMG" | "MNC") { code.get(3..).unwrap_or("") } else { code };
            let sectors = (0..rest.len() / 3).filter_map(|i| rest.get(3 * i..3 * i + 3)).filter(|s| dyad_lexicon::is_sector(s)).map(str::to_string).collect();
            Participant { text: doc.slice(span).to_string(), span, actor: Actor { code: code.to_string(), country, sectors } }
        };
        let info = self.lex.events.get(code);
        Event {
            sentence: e.sentence as u32,
            source: part(&e.source, e.source_tokens),
            target: (e.target != "---").then(|| part(&e.target, e.target_tokens)),
            cameo: code,
            goldstein: info.map_or(0.0, |i| i.goldstein),
            quad: info.map_or(0, |i| i.quad),
            plover: info.map_or(String::new(), |i| i.plover.clone()),
            mode: info.filter(|i| !i.mode.is_empty()).map(|i| i.mode.clone()),
            verb_span: span(e.verb),
            date: None,
            place: None,
            rule: format!("petrarch verb dictionary line {}", e.line),
        }
    }
}

