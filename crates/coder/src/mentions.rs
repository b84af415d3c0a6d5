//! Actor mentions: lexicon atoms (names, people, organisations, metonyms, adjectives, role nouns,
//! pronouns) grouped into noun phrases and resolved to CAMEO actor codes.

use chrono::NaiveDate;
use dyad_lexicon::{ActorEntry, ActorKind, CueKind, Lexicon};
use dyad_model::{Actor, Document, Lead, Mention, MentionKind, Span, TokenKind};

/// A lexicon hit before grouping.
#[derive(Debug, Clone)]
pub(crate) enum AtomKind {
    Actor(u32),
    Agent(u32),
    Pronoun,
}

#[derive(Debug, Clone)]
pub(crate) struct Atom {
    pub start: usize,
    pub end: usize,
    pub kind: AtomKind,
}

pub(crate) fn is_preposition(k: &str) -> bool {
    crate::words::is(crate::words::List::Preposition, k)
}

/// Whether a mention's first atom is a country adjective or demonym ("Albanian", "Iraqis").
pub(crate) fn from_adjective(m: &Mention) -> bool {
    m.lead == Lead::Adjective
}

/// Whether a mention's first atom is a city (a place that qualifies an actor, not a government).
pub(crate) fn from_city(m: &Mention) -> bool {
    m.lead == Lead::City
}

/// Whether `k` may stand before an actor's name or role noun inside its phrase ("the", "senior").
pub(crate) fn is_determiner(k: &str) -> bool {
    crate::words::is(crate::words::List::PhraseDeterminer, k)
}

/// Document-level memory for anaphora.
#[derive(Default)]
pub(crate) struct Memory {
    pub last_person: Option<Mention>,
    /// Country of the most recent country-bearing mention, with its sectors.
    pub recent: Vec<(Option<String>, Vec<String>, String)>,
    pub dateline_country: Option<String>,
    /// The first non-pronoun mention of the current and of the previous sentence.
    pub sentence_first: Option<Mention>,
    pub previous_first: Option<Mention>,
}

/// Picks the entry of a matched actor phrase that applies on `date`.
pub(crate) fn select(lex: &Lexicon, ids: &[u32], doc: &Document, start: usize, date: Option<NaiveDate>) -> Option<(u32, Resolved)> {
    let cands: Vec<(u32, &ActorEntry)> = ids
        .iter()
        .map(|&i| (i, &lex.actors[i as usize]))
        .filter(|(_, e)| Lexicon::case_ok(&e.case, &doc.text, &doc.tokens, start))
        .collect();
    if cands.is_empty() {
        return None;
    }
    // Undated kinds (countries, adjectives, cities, regions) always apply.
    if let Some((i, _)) = cands.iter().find(|(_, e)| !e.dated) {
        return Some((*i, Resolved::Full));
    }
    if let Some(d) = date {
        if let Some((i, _)) = cands.iter().filter(|(_, e)| !e.is_default() && e.covers(d)).min_by_key(|(_, e)| e.from) {
            return Some((*i, Resolved::Full));
        }
        if let Some((i, _)) = cands.iter().find(|(_, e)| e.is_default()) {
            return Some((*i, Resolved::Full));
        }
        // Known, but in no role on that date: only the country is certain.
        let (i, _) = cands.iter().max_by_key(|(_, e)| e.to)?;
        return Some((*i, Resolved::CountryOnly));
    }
    let (i, _) = cands.iter().find(|(_, e)| e.is_default()).or_else(|| cands.iter().max_by_key(|(_, e)| e.to.unwrap_or(NaiveDate::MAX)))?;
    Some((*i, Resolved::Full))
}

/// Like [`select`], for candidates already known to fit the text (a surname after a title).
fn select_by_date(lex: &Lexicon, ids: impl Iterator<Item = u32>, date: Option<NaiveDate>) -> Option<(u32, Resolved)> {
    let cands: Vec<(u32, &ActorEntry)> = ids.map(|i| (i, &lex.actors[i as usize])).collect();
    let d = date?;
    if let Some((i, _)) = cands.iter().find(|(_, e)| !e.is_default() && e.covers(d)) {
        return Some((*i, Resolved::Full));
    }
    // Several people share the surname and none held a role then: only a shared country is certain.
    let first = cands.first()?;
    if cands.iter().all(|(_, e)| e.country == first.1.country) {
        return Some((first.0, Resolved::CountryOnly));
    }
    None
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Resolved {
    Full,
    CountryOnly,
}

/// Finds the atoms of one sentence.
pub(crate) fn atoms(lex: &Lexicon, doc: &Document, syms: &[u32], range: std::ops::Range<usize>, date: Option<NaiveDate>) -> Vec<(Atom, Option<Resolved>)> {
    let mut out = Vec::new();
    let mut i = range.start;
    while i < range.end {
        // The longest phrase whose case fits ("Russia Today" the channel needs capitals; else "Russia").
        let actor = lex.actors_at(&syms[..range.end], i).into_iter().find_map(|m| {
            let ids = lex.actor_values(&m);
            select(lex, ids, doc, i, date).map(|(id, r)| (m, id, r))
        });
        let agent = lex.agents_at(&syms[..range.end], i).into_iter().find_map(|m| {
            let id = lex.agent_values(&m).iter().copied().find(|&id| Lexicon::case_ok(&lex.agents[id as usize].case, &doc.text, &doc.tokens, i))?;
            Some((m, id))
        });
        let actor_len = actor.as_ref().map_or(0, |(m, _, _)| m.end - m.start);
        let agent_len = agent.as_ref().map_or(0, |(m, _)| m.end - m.start);
        if actor_len > 0 && actor_len >= agent_len {
            let Some((m, id, r)) = actor else { unreachable!("actor_len > 0 implies a match") };
            if lex.actors[id as usize].kind == ActorKind::Place {
                i = m.end;
                continue;
            }
            out.push((Atom { start: m.start, end: m.end, kind: AtomKind::Actor(id) }, Some(r)));
            i = m.end;
            continue;
        }
        if let Some((m, id)) = agent {
            out.push((Atom { start: m.start, end: m.end, kind: AtomKind::Agent(id) }, None));
            i = m.end;
            continue;
        }
        if let Some(m) = lex.cue_at(&syms[..range.end], i) {
            if m.end == i + 1 && lex.cue_values(&m).iter().any(|&c| lex.cues[c as usize].kind == CueKind::Pronoun) {
                let k = doc.key(i);
                if matches!(k, "he" | "she" | "they" | "it") {
                    out.push((Atom { start: i, end: i + 1, kind: AtomKind::Pronoun }, None));
                }
            }
        }
        i += 1;
    }
    out
}

/// Groups atoms into mentions, resolving codes; pushes them onto `doc.mentions`.
pub(crate) fn group(lex: &Lexicon, doc: &mut Document, syms: &[u32], sentence: usize, atoms: Vec<(Atom, Option<Resolved>)>, mem: &mut Memory, date: Option<NaiveDate>) {
    let mut groups: Vec<Vec<(Atom, Option<Resolved>)>> = Vec::new();
    let mut absorbed_end: Vec<usize> = Vec::new();
    let send = doc.sentences[sentence].tokens.end as usize;
    for a in atoms {
        if let Some(g) = groups.last_mut() {
            let prev_end = *absorbed_end.last().unwrap_or(&0);
            let Some((prev, _)) = g.last() else { continue };
            let joinable = !matches!(a.0.kind, AtomKind::Pronoun) && !matches!(prev.kind, AtomKind::Pronoun);
            let gap: Vec<&str> = (prev_end..a.0.start).map(|t| doc.key(t)).collect();
            let adjacent = gap.is_empty() || gap == ["'s"] || gap == ["'"];
            // A title, then unknown capitalised name words, then more: "Defence Secretary Tom King".
            let name_gap = !gap.is_empty()
                && gap.len() <= 3
                && matches!(prev.kind, AtomKind::Agent(_))
                && (prev_end..a.0.start).all(|t| doc.tokens[t].capitalized && doc.tokens[t].kind == TokenKind::Word);
            let adjacent = adjacent || name_gap;
            let of_link = (gap == ["of"] || gap == ["of", "the"]) && matches!(prev.kind, AtomKind::Agent(_)) && matches!(a.0.kind, AtomKind::Actor(_));
            // "Russian President Vladimir Putin", "Kremlin spokesman", "Russia's army", "president of Armenia";
            // but two names side by side ("Russia Ukraine", "Putin Xi") stay apart.
            let adjacent_names = gap.is_empty() && is_named(prev, lex) && is_named(&a.0, lex);
            if joinable && (adjacent || of_link) && !adjacent_names {
                let end = a.0.end;
                g.push(a);
                if let Some(e) = absorbed_end.last_mut() {
                    *e = end;
                }
                continue;
            }
        }
        let end = a.0.end;
        groups.push(vec![a]);
        absorbed_end.push(end);
    }
    let mut found: Vec<(Mention, bool)> = Vec::new();
    for (gi, g) in groups.iter().enumerate() {
        let start = g[0].0.start;
        let mut end = absorbed_end[gi];
        // A title followed by an unknown name: "Planning Minister Tran Xuan Gia".
        if matches!(g.last().map(|x| &x.0.kind), Some(AtomKind::Agent(_))) {
            let mut j = end;
            while j < send && doc.tokens[j].capitalized && doc.tokens[j].kind == TokenKind::Word && !is_determiner(doc.key(j)) && j - end < 4 {
                j += 1;
            }
            if j > end {
                // A known surname after a title: "President Bush" is a president named Bush.
                let surname = doc.key(j - 1);
                let hit = lex.surnames.get(surname).and_then(|ids| select_by_date(lex, ids.iter().copied(), date));
                end = j;
                if let Some((id, r)) = hit {
                    let mut g2 = g.clone();
                    g2.push((Atom { start: j - 1, end: j, kind: AtomKind::Actor(id) }, Some(r)));
                    let adj_only = false;
                    if let Some(m) = resolve(lex, doc, sentence, &g2, start, end) {
                        found.push((m, adj_only));
                    }
                    continue;
                }
            }
        }
        let adj_only = g.iter().all(|(a, _)| matches!(a.kind, AtomKind::Actor(id) if matches!(lex.actors[id as usize].kind, ActorKind::Adjective | ActorKind::Country)));
        if let Some(m) = resolve(lex, doc, sentence, g, start, end) {
            found.push((m, adj_only));
        }
    }
    // Adjectives sharing a role noun: "Hungarian and Romanian officials".
    distribute_agents(doc, &mut found);
    fill_countries(lex, doc, syms, &mut found, mem);
    ethnic_groups(lex, doc, &mut found);
    resolve_pronouns(doc, &mut found, mem);
    for (m, _) in found {
        remember(mem, &m);
        doc.mentions.push(m);
    }
}

fn is_named(a: &Atom, lex: &Lexicon) -> bool {
    match a.kind {
        AtomKind::Actor(id) => matches!(lex.actors[id as usize].kind, ActorKind::Person | ActorKind::Org | ActorKind::Country),
        _ => false,
    }
}

fn remember(mem: &mut Memory, m: &Mention) {
    if m.kind == MentionKind::Person {
        mem.last_person = Some(m.clone());
    }
    if m.kind != MentionKind::Anaphor {
        if mem.sentence_first.is_none() {
            mem.sentence_first = Some(m.clone());
        }
    }
    if m.actor.country.is_some() || !m.actor.sectors.is_empty() {
        mem.recent.push((m.actor.country.clone(), m.actor.sectors.clone(), m.actor.code.clone()));
        if mem.recent.len() > 16 {
            mem.recent.remove(0);
        }
    }
}

fn resolve(lex: &Lexicon, doc: &Document, sentence: usize, g: &[(Atom, Option<Resolved>)], start: usize, end: usize) -> Option<Mention> {
    let span = Span { start: doc.tokens[start].span.start, end: doc.tokens[end - 1].span.end };
    let mut rule = Vec::new();
    // Pronouns.
    if let [(Atom { kind: AtomKind::Pronoun, .. }, _)] = g {
        // Resolved by `resolve_pronouns` once the sentence's other mentions are complete.
        return Some(Mention {
            span,
            tokens: start as u32..end as u32,
            sentence: sentence as u32,
            actor: Actor::default(),
            kind: MentionKind::Anaphor,
            lead: Lead::Other,
            rule: String::new(),
        });
    }
    let mut named: Option<(&ActorEntry, Resolved)> = None;
    let mut country_code: Option<String> = None; // CAMEO country/region code
    let mut country_iso: Option<String> = None;
    let mut sectors: Vec<String> = Vec::new();
    let mut kind = MentionKind::Agent;
    for (a, r) in g {
        match a.kind {
            AtomKind::Actor(id) => {
                let e = &lex.actors[id as usize];
                rule.push(format!("{} {:?} [{}] {}", e.kind.name(), e.phrase, e.code, lex.origin(e.origin)));
                match e.kind {
                    ActorKind::Person | ActorKind::Org | ActorKind::Metonym => {
                        if named.is_none() || e.kind == ActorKind::Person {
                            named = Some((e, r.unwrap_or(Resolved::Full)));
                        }
                    }
                    ActorKind::Place => {}
                    ActorKind::Country | ActorKind::Adjective | ActorKind::City | ActorKind::Region => {
                        // A country beats a region before it: "Western Cambodia" is Cambodia.
                        let region_so_far = country_code.is_some() && country_iso.is_none();
                        if country_code.is_none() || region_so_far && e.country.is_some() {
                            country_code = Some(e.code.clone());
                            country_iso = e.country.clone();
                        }
                    }
                }
            }
            AtomKind::Agent(id) => {
                let e = &lex.agents[id as usize];
                rule.push(format!("agent {:?} [{}] {}", e.phrase, e.sectors.join(" "), lex.origin(e.origin)));
                for s in &e.sectors {
                    if !sectors.contains(s) {
                        sectors.push(s.clone());
                    }
                }
            }
            AtomKind::Pronoun => {}
        }
    }
    let actor = if let Some((e, r)) = named {
        kind = if e.kind == ActorKind::Person { MentionKind::Person } else if e.kind == ActorKind::Metonym { MentionKind::Metonym } else { MentionKind::Name };
        match r {
            Resolved::Full => Actor { code: e.code.clone(), country: e.country.clone(), sectors: e.sectors.clone() },
            Resolved::CountryOnly => {
                let head = e.code.get(..3).unwrap_or("").to_string();
                let mut code = head.clone();
                for s in &sectors {
                    code.push_str(s);
                }
                rule.push("no dated role on the event date: country only".into());
                Actor { code, country: e.country.clone(), sectors: sectors.clone() }
            }
        }
    } else if let Some(cc) = country_code {
        kind = if sectors.is_empty() { MentionKind::Name } else { MentionKind::Agent };
        let mut code = cc;
        for s in &sectors {
            code.push_str(s);
        }
        Actor { code, country: country_iso, sectors }
    } else {
        // A bare role noun: the country comes from the context.
        if sectors.is_empty() {
            return None;
        }
        // Filled in by `fill_countries` once the whole sentence is known.
        Actor { code: sectors.concat(), country: None, sectors }
    };
    let lead = match g.first().map(|(a, _)| &a.kind) {
        Some(AtomKind::Actor(id)) => match lex.actors[*id as usize].kind {
            ActorKind::Adjective => Lead::Adjective,
            ActorKind::City => Lead::City,
            _ => Lead::Other,
        },
        _ => Lead::Other,
    };
    Some(Mention { span, tokens: start as u32..end as u32, sentence: sentence as u32, actor, kind, lead, rule: rule.join(" + ") })
}

/// "he"/"she": the last person named (in this sentence, else before). "it"/"they": the first actor of
/// this sentence before the pronoun (usually its subject), else the first of the previous sentence.
/// Unresolved pronouns are dropped.
fn resolve_pronouns(doc: &Document, found: &mut Vec<(Mention, bool)>, mem: &Memory) {
    let mut i = 0;
    while i < found.len() {
        if found[i].0.kind != MentionKind::Anaphor {
            i += 1;
            continue;
        }
        let k = doc.key(found[i].0.tokens.start as usize).to_string();
        let earlier = &found[..i];
        let antecedent = if k == "he" || k == "she" {
            earlier.iter().rev().map(|(m, _)| m).find(|m| m.kind == MentionKind::Person).or(mem.last_person.as_ref())
        } else {
            // "it" stands for a country or an organisation, not for a people named by an adjective
            // ("Vietnamese-led forces ... guerrillas who overran it").
            let fits = |m: &&Mention| k != "it" || !from_adjective(m);
            earlier.iter().map(|(m, _)| m).find(|m| m.kind != MentionKind::Anaphor).filter(fits).or(mem.previous_first.as_ref()).filter(|m| m.kind != MentionKind::Person).filter(fits)
        };
        match antecedent.cloned() {
            Some(a) => {
                let m = &mut found[i].0;
                m.actor = a.actor.clone();
                m.rule = format!("pronoun {:?} -> {:?} ({})", doc.slice(m.span), doc.slice(a.span), a.actor.code);
                i += 1;
            }
            None => {
                found.remove(i);
            }
        }
    }
}

/// Gives bare role nouns ("police", "the rebels") a country: from a mention joined to it by "and" or
/// "in"/"of", else the nearest earlier mention of the sentence, else the story's recent mentions of the
/// same sector, else a later mention of the sentence, else the dateline.
fn fill_countries(lex: &Lexicon, doc: &Document, syms: &[u32], found: &mut [(Mention, bool)], mem: &Memory) {
    let n = found.len();
    for i in 0..n {
        let m = &found[i].0;
        if m.kind != MentionKind::Agent || m.actor.country.is_some() || !m.actor.code.is_empty() && m.actor.code.len() != 3 * m.actor.sectors.len() {
            continue;
        }
        let sectors = m.actor.sectors.clone();
        // The speaker of a trailing report ("..., a spokesman said") is nobody named before it.
        let mut before = m.tokens.start as usize;
        while before > 0 && is_determiner(doc.key(before - 1)) {
            before -= 1;
        }
        let e = m.tokens.end as usize;
        let report_follows = || crate::events::cue_in(lex, syms, e, (e + 2).min(syms.len()), CueKind::Report).is_some_and(|(start, _)| start == e);
        if before > 0 && doc.key(before - 1) == "," && report_follows() {
            continue;
        }
        // "the two leaders", "both sides" stand for two actors: no single country.
        let pair = crate::words::Words::builtin().get(crate::words::List::Pair);
        if (m.tokens.start as usize).checked_sub(1).is_some_and(|p| pair.iter().any(|w| w == doc.key(p))) {
            continue;
        }
        let linked = |j: usize| -> bool {
            let (a, b) = if j < i { (&found[j].0, &found[i].0) } else { (&found[i].0, &found[j].0) };
            let gap: Vec<&str> = (a.tokens.end as usize..b.tokens.start as usize).map(|t| doc.key(t)).filter(|k| !is_determiner(k)).collect();
            matches!(gap.as_slice(), ["and"] | [","] | ["in"] | ["of"] | ["from"] | ["based", "in"])
        };
        let pick = |j: usize| found[j].0.actor.country.clone().map(|c| (c, j));
        let choice = (0..n)
            .filter(|&j| j != i && (j + 1 == i || j == i + 1) && linked(j))
            .find_map(pick)
            .map(|(c, _)| (c, "a linked mention"))
            .or_else(|| (0..i).rev().find_map(pick).map(|(c, _)| (c, "an earlier mention in the sentence")))
            .or_else(|| {
                mem.recent.iter().rev().find(|(c, s, _)| c.is_some() && s.iter().any(|x| sectors.contains(x))).and_then(|(c, _, _)| c.clone()).map(|c| (c, "the story so far"))
            })
            .or_else(|| (i + 1..n).find_map(pick).map(|(c, _)| (c, "a later mention in the sentence")))
            .or_else(|| mem.dateline_country.clone().map(|c| (c, "the dateline")));
        if let Some((iso, how)) = choice {
            if let Some(head) = lex.cameo_of_iso(&iso) {
                let m = &mut found[i].0;
                m.actor.code = format!("{head}{}", m.actor.code);
                m.actor.country = Some(iso.clone());
                m.rule.push_str(&format!(" + country {head} from {how}"));
            }
        }
    }
}

/// "ethnic Albanians demonstrated in Serbia": a people named by a kin state's demonym is not that state.
/// CAMEO codes an ethnic group by the country it lives in, so the mention takes the country of the
/// nearest place or country named in the sentence, when there is one and it differs.
fn ethnic_groups(lex: &Lexicon, doc: &Document, found: &mut [(Mention, bool)]) {
    for i in 0..found.len() {
        let m = &found[i].0;
        let st = m.tokens.start as usize;
        if st == 0 || doc.key(st - 1) != "ethnic" || !matches!(m.kind, MentionKind::Agent | MentionKind::Name) || !from_adjective(m) {
            continue;
        }
        let own = m.actor.country.clone();
        let place = (0..found.len())
            .filter(|&j| j != i && matches!(found[j].0.kind, MentionKind::Name | MentionKind::Metonym) && found[j].0.actor.sectors.is_empty() && found[j].0.actor.country.is_some() && found[j].0.actor.country != own)
            .min_by_key(|&j| (found[j].0.tokens.start as i64 - st as i64).abs());
        let Some(j) = place else { continue };
        let Some(iso) = found[j].0.actor.country.clone() else { continue };
        let Some(head) = lex.cameo_of_iso(&iso) else { continue };
        let where_ = doc.slice(found[j].0.span).to_string();
        let people = doc.key(st);
        let ethnic = lex.ethnic_code(people).unwrap_or("").to_string();
        let m = &mut found[i].0;
        let rest = m.actor.code.get(3..).unwrap_or("").to_string();
        m.actor.code = format!("{head}{ethnic}{rest}");
        m.actor.country = Some(iso);
        m.rule.push_str(&format!(" + ethnic group: country {head} from {where_:?}"));
    }
}

fn distribute_agents(doc: &Document, found: &mut [(Mention, bool)]) {
    for i in (0..found.len().saturating_sub(1)).rev() {
        let (a, b) = (&found[i], &found[i + 1]);
        // Only a role noun is shared ("Hungarian and Romanian officials"), not a named organisation's
        // sector ("Israel and Hamas").
        if !a.1 || b.0.actor.sectors.is_empty() || b.0.kind != MentionKind::Agent {
            continue;
        }
        let gap: Vec<&str> = (a.0.tokens.end as usize..b.0.tokens.start as usize).map(|t| doc.key(t)).collect();
        if gap == ["and"] || gap == [","] || gap == ["or"] {
            let sectors = b.0.actor.sectors.clone();
            let m = &mut found[i].0;
            for s in &sectors {
                m.actor.code.push_str(s);
            }
            m.actor.sectors = sectors;
            m.kind = MentionKind::Agent;
            m.rule.push_str(" + role noun shared with the next mention");
        }
    }
}
