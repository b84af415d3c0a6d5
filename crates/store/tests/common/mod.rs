//! Hand-made coded documents for the store tests.
#![allow(dead_code)]

use chrono::NaiveDate;
use dyad_model::*;

pub fn date(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

/// One event to put in a test document.
#[derive(Clone)]
pub struct Ev {
    pub source: &'static str,
    pub source_country: Option<&'static str>,
    pub target: Option<(&'static str, Option<&'static str>)>,
    pub cameo: &'static str,
    pub goldstein: f32,
    pub date: Option<(&'static str, Precision)>,
    pub place: Option<(&'static str, &'static str)>,
}

impl Ev {
    pub fn new(source: &'static str, target: &'static str, cameo: &'static str, goldstein: f32, day: &'static str) -> Ev {
        let country = |c: &'static str| if c.len() >= 3 && !c.starts_with("IGO") { Some(&c[..3]) } else { None };
        Ev {
            source,
            source_country: country(source),
            target: Some((target, country(target))),
            cameo,
            goldstein,
            date: Some((day, Precision::Day)),
            place: None,
        }
    }
    pub fn precision(mut self, p: Precision) -> Ev {
        self.date = self.date.map(|(d, _)| (d, p));
        self
    }
    pub fn place(mut self, name: &'static str, country: &'static str) -> Ev {
        self.place = Some((name, country));
        self
    }
}

/// A coded document with one sentence per event (plus a filler sentence), mentions for both sides.
pub fn doc(id: &str, url: Option<&str>, pubdate: &str, events: &[Ev]) -> Document {
    let mut d = Document::new(id, String::new());
    d.url = url.map(str::to_string);
    d.date = Some(date(pubdate));
    d.title = Some(format!("Title of {id}"));
    d.site = Some("Test Wire".into());
    let mut text = String::new();
    for (i, e) in events.iter().enumerate() {
        let start = text.len();
        let s_text = format!("{} ", e.source);
        text.push_str(&s_text);
        let s_span = Span::new(start, start + s_text.len() - 1);
        let vs = text.len();
        text.push_str(&format!("did{} ", e.cameo));
        let v_span = Span::new(vs, text.len() - 1);
        let mut target = None;
        if let Some((t, tc)) = e.target {
            let ts = text.len();
            text.push_str(t);
            let t_span = Span::new(ts, text.len());
            target = Some(Participant {
                text: t.into(),
                span: t_span,
                actor: Actor { code: t.into(), country: tc.map(str::to_string), sectors: vec![] },
            });
            d.mentions.push(Mention {
                span: t_span,
                tokens: 0..0,
                sentence: i as u32,
                actor: Actor { code: t.into(), country: tc.map(str::to_string), sectors: vec![] },
                kind: MentionKind::Name,
                lead: dyad_model::Lead::Other,
                rule: "test".into(),
            });
        }
        text.push_str(&format!(" in {id}."));
        d.sentences.push(Sentence { span: Span::new(start, text.len()), tokens: 0..0, words: None });
        text.push(' ');
        d.mentions.push(Mention {
            span: s_span,
            tokens: 0..0,
            sentence: i as u32,
            actor: Actor { code: e.source.into(), country: e.source_country.map(str::to_string), sectors: vec![] },
            kind: MentionKind::Name,
            lead: dyad_model::Lead::Other,
            rule: "test".into(),
        });
        d.events.push(Event {
            sentence: i as u32,
            source: Participant {
                text: e.source.into(),
                span: s_span,
                actor: Actor { code: e.source.into(), country: e.source_country.map(str::to_string), sectors: vec![] },
            },
            target,
            cameo: dyad_model::CameoCode::lit(e.cameo),
            goldstein: e.goldstein,
            quad: dyad_model::CameoCode::lit(e.cameo).quad(),
            plover: "CONSULT".into(),
            mode: None,
            verb_span: v_span,
            date: e.date.map(|(s, p)| EventDate { date: date(s), precision: p, how: "test".into() }),
            place: e.place.map(|(n, c)| Place {
                name: n.into(),
                country: Some(c.into()),
                admin1: None,
                lat: 1.5,
                lon: 2.5,
                how: "test".into(),
            }),
            rule: "test rule".into(),
        });
    }
    let fs = text.len();
    text.push_str("Filler sentence.");
    d.sentences.push(Sentence { span: Span::new(fs, text.len()), tokens: 0..0, words: None });
    d.text = text;
    d
}
