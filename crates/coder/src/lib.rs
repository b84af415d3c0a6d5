//! dyad's event coder: it owns the step from tokens to events.
//!
//! [`Coder::code`] takes a [`Document`] whose text stage has run and fills its `mentions` and
//! `events` layers: lexicon atoms are grouped into actor mentions (names, people, organisations,
//! metonyms, country adjectives with role nouns, pronouns), verb patterns are matched, and each verb
//! gets a source and a target slot with voice, negation, hypotheticals and intent taken into account.
//! Invariant: coding never fails and never re-tokenises; it only reads the text stage's layers.

mod events;
mod mentions;
mod order;
mod tree;
mod triggers;
/// How a lexicon verb pattern converts to a tree pattern, and why some do not (`dyad lexicon tree`).
pub use triggers::{convert as convert_to_tree, Unconverted};
mod words;

use dyad_lexicon::Lexicon;
use dyad_model::{Document, Event, EventDate, Precision};

/// The coder, holding compiled lexicons. Cheap to share between threads (`&Coder` is `Sync`).
pub struct Coder {
    lex: Lexicon,
    syntax: bool,
    /// Verb–object patterns for the tree, built on first use.
    tree_patterns: std::sync::OnceLock<triggers::TreePatterns>,
}

impl Coder {
    /// A coder that parses the sentences with an actor and reads roles off the dependency tree
    /// where it gives them (see [`Coder::with_syntax`]).
    pub fn new(lex: Lexicon) -> Coder {
        Coder { lex, syntax: true, tree_patterns: std::sync::OnceLock::new() }
    }

    /// With `true`, candidate sentences (an actor and a trigger) are parsed and roles read off the
    /// dependency tree where it gives them (`tree.rs`); with `false`, roles come from word order.
    pub fn with_syntax(mut self, on: bool) -> Coder {
        self.syntax = on;
        self
    }

    pub fn lexicon(&self) -> &Lexicon {
        &self.lex
    }

    /// Codes one document: fills `doc.mentions` and `doc.events`.
    pub fn code(&self, doc: &mut Document) {
        doc.mentions.clear();
        doc.events.clear();
        let lex = &self.lex;
        let syms = lex.intern(&doc.keys, &doc.tokens);
        let mut mem = mentions::Memory { dateline_country: self.dateline_country(doc), ..Default::default() };
        let date = doc.date;
        let mut events = Vec::new();
        for s in 0..doc.sentences.len() {
            let r = doc.sentences[s].tokens.clone();
            let range = r.start as usize..r.end as usize;
            let atoms = mentions::atoms(lex, doc, &syms, range.clone(), date);
            let m_lo = doc.mentions.len();
            if mem.sentence_first.is_some() {
                mem.previous_first = mem.sentence_first.take();
            }
            mentions::group(lex, doc, &syms, s, atoms, &mut mem, date);
            let m_hi = doc.mentions.len();
            let mut in_mention = vec![false; range.len()];
            for m in &doc.mentions[m_lo..m_hi] {
                for t in m.tokens.clone() {
                    if let Some(x) = in_mention.get_mut(t as usize - range.start) {
                        *x = true;
                    }
                }
            }
            let mut verbs = events::verbs(lex, doc, &syms, range.clone(), &in_mention);
            if m_hi == m_lo {
                continue;
            }
            // Sentences with an actor are parsed: their verb patterns are also matched on the tree
            // (a verb with its object, whatever stands between), and roles are read off it.
            // The coder's parse is transient: a sentence it parses loses its words again once
            // coded (events keep byte spans, not word indices), so that a long document's memory
            // does not grow with it. A syntax layer that was there before is left alone.
            let layer_before = (doc.words.len(), doc.lemmas.len(), doc.sentences[s].words.is_some());
            // Only a sentence with a trigger candidate is parsed: a token pattern's verb, or a word
            // that may be the verb of a pattern matched on the tree.
            let pats = self.syntax.then(|| self.tree_patterns.get_or_init(|| triggers::TreePatterns::build(lex)));
            if let Some(pats) = pats.filter(|p| !verbs.is_empty() || range.clone().any(|t| p.may_be_verb(doc.key(t)))) {
                // A person's name with its title is parsed as one word where it is a plain noun
                // phrase: "Colombian President Gustavo Petro" is one subject, not an adjective the
                // parser may take for the root. (Merging every multi-word actor name was tried:
                // no better on the dev sets; an organisation's name is often only part of its
                // phrase.)
                let names: Vec<std::ops::Range<u32>> = doc.mentions[m_lo..m_hi].iter().filter(|m| m.kind == dyad_model::MentionKind::Person && m.tokens.len() >= 2).map(|m| m.tokens.clone()).collect();
                match dyad_syntax::Parser::embedded() {
                    Ok(p) => p.parse_sentence_chunked(doc, s, &names),
                    Err(e) => {
                        if s == 0 {
                            doc.warn("syntax", format!("no parse, roles from word order: {e}"));
                        }
                    }
                }
                if let Some(ctx) = tree::Ctx::new(doc, s, m_lo..m_hi) {
                    let taken = |t: u32| in_mention.get((t as usize).wrapping_sub(range.start)).copied().unwrap_or(true) || verbs.iter().any(|h| (h.m.start..h.m.end).contains(&(t as usize)));
                    let more = triggers::matches(&ctx, pats, &taken);
                    verbs.extend(more);
                    verbs.sort_by_key(|h| h.m.start);
                }
            }
            if !verbs.is_empty() {
                let question = ends_in_question(doc, &range);
                let mut sent = events::Sentence { lex, syms: &syms, s, range, slots: events::slots(doc, m_lo..m_hi), verbs };
                let mut drafts = sent.assemble(doc);
                if let Some(ctx) = tree::Ctx::new(doc, s, m_lo..m_hi) {
                    drafts = events::tree_roles(&ctx, doc, &mut sent, drafts);
                    // A question codes nothing, as in the word-order assembler: "Would Ethiopia
                    // really go to war with Eritrea over access to the Red Sea?"
                    if !question {
                        events::tree_drafts(&ctx, &mut sent, &mut drafts);
                    }
                    events::drop_elaborations(&ctx, doc, &sent, &mut drafts);
                    events::drop_background(&ctx, &mut drafts);
                }
                events::expand(lex, doc, &sent, drafts, &mut events);
            }
            if !layer_before.2 {
                doc.words.truncate(layer_before.0);
                doc.lemmas.truncate(layer_before.1);
                doc.sentences[s].words = None;
            }
        }
        let history = date_events(doc, &mut events);
        events::drop_marked(&mut events, &history);
        doc.events = events;
    }

    /// The country of the dateline's place, if the lexicon knows it.
    fn dateline_country(&self, doc: &Document) -> Option<String> {
        let place = doc.dateline.as_ref()?.place.as_ref()?;
        let first = place.split(',').next()?.trim();
        let mut d = Document::new("dateline", first);
        dyad_text::process(&mut d);
        let syms = self.lex.intern(&d.keys, &d.tokens);
        let m = self.lex.actor_at(&syms, 0)?;
        if m.end != d.tokens.len() {
            return None;
        }
        self.lex.actor_values(&m).iter().find_map(|&i| self.lex.actors[i as usize].country.clone())
    }
}

/// Gives events (of this coder or another, in sentence order) their date and place: the time expression
/// of their sentence nearest the verb, resolved against the publication date and the story's running
/// reference date, else the publication date; and one geocoding per sentence, with the countries of
/// the sentence's events' actors as context.
pub fn date_and_place(doc: &Document, events: &mut [Event]) {
    date_events(doc, events);
}

/// [`date_and_place`], saying of each event whether it is history the story recalls rather than
/// news: the time expression that dates it stands before its verb or close after it
/// ([`HISTORY_REACH`]) and is [`HISTORY_YEARS`] or more before the document ("In 1979, Egypt and
/// Israel signed a peace treaty", "Soviet troops withdrew from Afghanistan in February 1989"; not
/// "Libya offered to hand over two nationals suspected of blowing up a Pan Am plane in 1988").
fn date_events(doc: &Document, events: &mut [Event]) -> Vec<bool> {
    let mut history = vec![false; events.len()];
    let date = doc.date;
    let mut resolver = date.map(dyad_dates::DateResolver::new);
    let mut i = 0;
    for s in 0..doc.sentences.len() {
        let sent_span = doc.sentences[s].span;
        let times = match resolver.as_mut() {
            Some(r) => r.sentence(doc.slice(sent_span)),
            None => Vec::new(),
        };
        let first = i;
        while i < events.len() && events[i].sentence as usize == s {
            i += 1;
        }
        let here = &mut events[first..i];
        if here.is_empty() {
            continue;
        }
        let mut ctx: Vec<&str> = Vec::new();
        for e in here.iter() {
            for c in [e.source.actor.country.as_deref(), e.target.as_ref().and_then(|t| t.actor.country.as_deref())].into_iter().flatten() {
                if !ctx.contains(&c) {
                    ctx.push(c);
                }
            }
        }
        let place = place_of(doc, s, &ctx);
        for (e, recalled) in here.iter_mut().zip(&mut history[first..i]) {
            e.place = place.clone();
            let verb_at = e.verb_span.start.saturating_sub(sent_span.start) as usize;
            let nearest = times.iter().min_by_key(|t| if t.end <= verb_at { verb_at - t.end } else { t.start.saturating_sub(verb_at) });
            *recalled = match (nearest, date) {
                (Some(t), Some(published)) => (published - t.date).num_days() >= HISTORY_YEARS * 365 && (t.end <= verb_at || t.start.saturating_sub(verb_at) <= HISTORY_REACH),
                _ => false,
            };
            e.date = match (nearest, date) {
                (Some(t), _) => Some(EventDate { date: t.date, precision: t.precision, how: format!("text: {:?}", t.text) }),
                (None, Some(d)) => Some(EventDate { date: d, precision: Precision::Day, how: "publication date".into() }),
                (None, None) => None,
            };
        }
    }
    history
}

/// The place of sentence `s`'s events: its location phrases (found by `dyad_geo`; a coder that finds
/// them itself passes its own) with the actors' countries and the dateline. Names of people and
/// organisations the coder recognised are no places ("Hamas agreed ...").
fn place_of(doc: &Document, s: usize, actor_countries: &[&str]) -> Option<dyad_model::Place> {
    // Mentions are in text order: the sentence's are one run.
    let lo = doc.mentions.partition_point(|m| (m.sentence as usize) < s);
    let hi = doc.mentions.partition_point(|m| (m.sentence as usize) <= s);
    let not_places: Vec<dyad_model::Span> = doc.mentions[lo..hi.max(lo)]
        .iter()
        .filter(|m| match m.kind {
            dyad_model::MentionKind::Person | dyad_model::MentionKind::Agent => true,
            dyad_model::MentionKind::Name => m.actor.country.as_deref() != Some(m.actor.code.as_str()) && !mentions::from_city(m),
            _ => false,
        })
        .map(|m| m.span)
        .collect();
    let g = dyad_geo::Gazetteer::builtin();
    let phrases = g.location_phrases(doc, s, &not_places);
    let dateline = doc.dateline.as_ref().and_then(|d| d.place.as_deref());
    g.place(&phrases, &dyad_geo::PlaceContext { actor_countries, dateline })
}

/// How many years before its document an event dated by the text is history, not news.
const HISTORY_YEARS: i64 = 10;

/// How close to its verb (in bytes) a time expression after it must stand to make the event
/// history: a year further on belongs to another clause.
const HISTORY_REACH: usize = 60;

/// Whether the token range ends with a question mark.
fn ends_in_question(doc: &Document, range: &std::ops::Range<usize>) -> bool {
    range.end > range.start && doc.key(range.end - 1) == "?"
}

#[cfg(test)]
mod tests;
