//! Event assembly: verb patterns, their source and target slots, voice, negation and modality.

use crate::mentions::is_determiner;
use crate::tree::Via;
use crate::words::{is, List::*};
use dyad_lexicon::{CueKind, Derivation, Lexicon, Match};
use dyad_model::{CameoCode, Deprel, Document, Event, MentionKind, Participant, TokenKind};

/// A verb match chosen in a sentence.
#[derive(Debug, Clone)]
pub(crate) struct VerbHit {
    pub m: Match,
    pub entry: u32,
    /// Matched on the dependency tree (verb and object), not on the token sequence.
    pub on_tree: bool,
}

/// Finds the verb matches of a sentence: longest first, left to right, outside mentions.
pub(crate) fn verbs(lex: &Lexicon, doc: &Document, syms: &[u32], range: std::ops::Range<usize>, in_mention: &[bool]) -> Vec<VerbHit> {
    let mut out = Vec::new();
    let mut i = range.start;
    let mut buf = Vec::new();
    let base = range.start;
    // Gaps skip words, numbers, possessives and currency and percent signs ("gave Ukraine $4.5 billion"),
    // not clause punctuation.
    let gap_ok = |t: usize| doc.tokens[t].kind != TokenKind::Punct || matches!(doc.key(t), "'s" | "$" | "€" | "£" | "%");
    while i < range.end {
        if in_mention[i - base] || doc.tokens[i].kind != TokenKind::Word {
            i += 1;
            continue;
        }
        buf.clear();
        lex.verbs_at(&syms[..range.end], i, &gap_ok, &mut buf);
        let mut best: Option<(Match, u32, (usize, usize, bool))> = None;
        for m in &buf {
            for &e in lex.verb_values(m) {
                let v = &lex.verbs[e as usize];
                let rank = (m.end, v.len, v.code.is_none());
                let code_len = v.code.as_ref().map_or(9, |c| c.len());
                let key = (rank.0, rank.1 * 10 + code_len, rank.2);
                if best.as_ref().is_none_or(|(_, _, k)| key > *k) {
                    best = Some((*m, e, key));
                }
            }
        }
        match best {
            Some((m, e, _)) => {
                out.push(VerbHit { m, entry: e, on_tree: false });
                i = m.end;
            }
            None => i += 1,
        }
    }
    out
}

/// Slots: mentions joined by "and", "," or "as well as" act together. A list joined by commas
/// only counts when it ends with "and"/"or" ("France, Germany and Italy"); otherwise the commas
/// separate clauses ("attacked Ukraine, France said").
pub(crate) fn slots(doc: &Document, mentions: std::ops::Range<usize>) -> Vec<Vec<usize>> {
    let mut out: Vec<(Vec<usize>, bool)> = Vec::new(); // (members, last join was a comma)
    for mi in mentions {
        if let Some((last, comma)) = out.last_mut() {
            let prev = &doc.mentions[*last.last().unwrap_or(&mi)];
            let cur = &doc.mentions[mi];
            let gap: Vec<&str> = (prev.tokens.end as usize..cur.tokens.start as usize).map(|t| doc.key(t)).filter(|k| !is_determiner(k)).collect();
            match gap.as_slice() {
                ["and"] | [",", "and"] | ["as", "well", "as"] | ["and", "its"] | ["or"] | [",", "or"] => {
                    last.push(mi);
                    *comma = false;
                    continue;
                }
                [","] => {
                    last.push(mi);
                    *comma = true;
                    continue;
                }
                _ => {}
            }
        }
        out.push((vec![mi], false));
    }
    let mut res = Vec::new();
    for (members, comma) in out {
        if comma {
            // Undo the trailing comma joins.
            let mut split_from = members.len();
            while split_from > 1 {
                let a = &doc.mentions[members[split_from - 2]];
                let b = &doc.mentions[members[split_from - 1]];
                let gap: Vec<&str> = (a.tokens.end as usize..b.tokens.start as usize).map(|t| doc.key(t)).filter(|k| !is_determiner(k)).collect();
                if gap != [","] {
                    break;
                }
                split_from -= 1;
            }
            res.push(members[..split_from].to_vec());
            for &m in &members[split_from..] {
                res.push(vec![m]);
            }
        } else {
            res.push(members);
        }
    }
    res
}

/// The first cue of `kind` within tokens `from..to`, as a token range.
pub(crate) fn cue_in(lex: &Lexicon, syms: &[u32], from: usize, to: usize, kind: CueKind) -> Option<(usize, usize)> {
    let mut i = from;
    while i < to {
        if let Some(m) = lex.cue_at(&syms[..to.max(i)], i) {
            if m.end <= to && lex.cue_values(&m).iter().any(|&c| lex.cues[c as usize].kind == kind) {
                return Some((m.start, m.end));
            }
        }
        i += 1;
    }
    None
}

pub(crate) struct Sentence<'a> {
    pub lex: &'a Lexicon,
    pub syms: &'a [u32],
    pub s: usize,
    pub range: std::ops::Range<usize>,
    pub slots: Vec<Vec<usize>>,
    pub verbs: Vec<VerbHit>,
}

/// What an assembly step did to a draft. Notes are values: passes decide on their variants, and
/// their text (`Display`) only explains the event in its `rule`.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Note {
    /// "forced Iran to ...": the causing verb's subject is the source (the cue's word).
    Causative(String),
    /// "X said Y must ...": X's demand on Y (the speaker's text).
    ObligationReportedBy(String),
    /// "X said ... Y must": a demand reported after its clause.
    ObligationReported,
    /// "refused to meet": the cooperative code became a rejection.
    Refusal { from: CameoCode, to: CameoCode },
    /// "agreed to lift": the controlling verb's pattern decided the code.
    Complement { pattern: String, from: CameoCode, to: CameoCode },
    /// "prepared to resume shelling": a show of force.
    PreparationForForce { from: CameoCode, to: CameoCode },
    /// "vowed to send troops": the intent cue's text.
    IntentCue { cue: String, from: CameoCode, to: CameoCode },
    /// The target is the place the event happened in.
    PlaceTarget,
    /// The source is the place the event happened in (no named agent).
    PlaceSource,
    Passive,
    PassiveNoAgent,
    /// "troops were deployed" with no agent: the forces are the subject actor's own.
    PassiveOwnForces,
    /// No named perpetrator: the country of the place.
    PlacePerpetrator,
    /// "threatened ... if Iran ...": the target from the threat's condition.
    ThreatCondition,
    /// A joint exercise: a show of force became military cooperation.
    JointDrills { from: CameoCode, to: CameoCode },
    /// Peacekeepers deployed: a show of force became peacekeeping aid.
    Peacekeepers { from: CameoCode, to: CameoCode },
    /// Both parties follow "between" ("a ceasefire between India and Pakistan").
    Between,
    /// The tree confirmed or chose the source, by this relation.
    TreeSource(Via),
    /// The tree confirmed or chose the target, by this relation.
    TreeTarget(Via),
    /// The main trigger had no word-order draft; the tree drafted it, source by this relation.
    TreeMainTrigger(Via),
    /// The word-order pass that chose the source (`order::PASSES`).
    OrderSource(&'static str),
    /// The word-order pass that chose the target (`order::PASSES`).
    OrderTarget(&'static str),
    /// The target guessed names no party: a thing (equipment, a building) or the source's own forces.
    NoParty,
    /// The target is that of a trailing participle that elaborates the event ("..., accusing X of").
    ElaborationTarget,
}

impl std::fmt::Display for Note {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Note::Causative(k) => write!(f, "causative {k:?}"),
            Note::ObligationReportedBy(who) => write!(f, "obligation reported by {who:?}: a demand"),
            Note::ObligationReported => f.write_str("obligation reported: a demand"),
            Note::Refusal { from, to } => write!(f, "refusal: {from} -> {to}"),
            Note::Complement { pattern, from, to } => write!(f, "complement of {pattern:?}: {from} -> {to}"),
            Note::PreparationForForce { from, to } => write!(f, "preparation for force: {from} -> {to}"),
            Note::IntentCue { cue, from, to } => write!(f, "intent cue {cue:?}: {from} -> {to}"),
            Note::PlaceTarget => f.write_str("target from the place of the event"),
            Note::PlaceSource => f.write_str("source from the place of the event"),
            Note::Passive => f.write_str("passive voice"),
            Note::PassiveNoAgent => f.write_str("passive voice with no agent"),
            Note::PassiveOwnForces => f.write_str("passive voice with no agent: the forces are the actor's own"),
            Note::PlacePerpetrator => f.write_str("no named perpetrator: the country of the place"),
            Note::ThreatCondition => f.write_str("target from the threat's condition"),
            Note::JointDrills { from, to } => write!(f, "joint drills: {from} -> {to}"),
            Note::Peacekeepers { from, to } => write!(f, "peacekeepers: {from} -> {to}"),
            Note::Between => f.write_str("parties after \"between\": the event is between them"),
            Note::TreeSource(via) => write!(f, "tree: source by {}", via.as_str()),
            Note::TreeTarget(via) => write!(f, "tree: target by {}", via.as_str()),
            Note::TreeMainTrigger(via) => write!(f, "tree: main trigger with no word-order draft; source by {}", via.as_str()),
            Note::OrderSource(pass) => write!(f, "order: source by {pass}"),
            Note::OrderTarget(pass) => write!(f, "order: target by {pass}"),
            Note::ElaborationTarget => f.write_str("target from the participle that elaborates the event"),
            Note::NoParty => f.write_str("no target: the phrase guessed names a thing or the source's own forces"),
        }
    }
}

/// A coded event before dates and places.
pub(crate) struct Draft {
    pub source: usize,
    pub target: Option<usize>,
    pub code: CameoCode,
    pub verb: VerbHit,
    pub notes: Vec<Note>,
}

impl Sentence<'_> {
    /// The word-order drafts of the sentence: the passes of [`crate::order::PASSES`].
    pub fn assemble(&self, doc: &Document) -> Vec<Draft> {
        crate::order::assemble(self, doc)
    }
}

/// Gives the drafts the roles the dependency tree reads (`tree::PASSES`), and drops the drafts of an
/// event noun the tree shows to be supposed ("a blockade by China would ..."): a role the tree fills with
/// actors replaces the word-order guess; a subject the tree finds but that names no actor ("..., a
/// spokesman said") drops the draft, since the word-order guess would be some other actor of the
/// sentence; where the tree finds nothing, the word-order guess stays.
pub(crate) fn tree_roles(ctx: &crate::tree::Ctx, doc: &Document, sent: &mut Sentence, drafts: Vec<Draft>) -> Vec<Draft> {
    let mut out = Vec::with_capacity(drafts.len());
    for mut d in drafts {
        let Some((trigger, matched)) = trigger_of(ctx, &d.verb) else {
            out.push(d);
            continue;
        };
        if ctx.supposed(trigger) {
            continue;
        }
        let f = crate::tree::read_roles(ctx, trigger, matched, &pattern_words(sent.lex, &d.verb), Some(d.code));
        match &f.source {
            Some(r) if r.filled() => {
                let slot = slot_for(&mut sent.slots, &r.mentions);
                if slot != d.source {
                    d.notes.retain(|n| *n != Note::PlaceSource);
                }
                d.source = slot;
                d.notes.push(Note::TreeSource(r.via));
                if r.via == crate::tree::Via::Between {
                    d.notes.push(Note::Between);
                    d.target = None;
                    out.push(d);
                    continue;
                }
            }
            Some(r)
                if r.via == crate::tree::Via::Subject
                    && matches!(ctx.tree.word(r.head).upos, dyad_model::Upos::Noun | dyad_model::Upos::Propn)
                    && !d.notes.contains(&Note::PlaceSource)
                    && !sent.slots[d.source].iter().any(|&m| {
                        // A mention in a clause of the subject is not the subject: "the quake that
                        // hit central Myanmar flattened ...".
                        let word = doc.mentions[m].tokens.clone().find_map(|t| ctx.word_of_token(t));
                        let (phrase, mention) = (ctx.tree.subtree_span(r.head), doc.mentions[m].span);
                        phrase.start <= mention.start && mention.end <= phrase.end && word.is_none_or(|w| ctx.in_clause_of(w, r.head))
                    }) =>
            {
                // The subject is a noun phrase naming no actor the lexicon knows ("a spokesman"),
                // and the word-order guess lies outside it.
                continue;
            }
            _ => {}
        }
        // A target from a prepositional phrase in the source's own country is more often where
        // the event happened ("held drills around the Natanz site") than whom it was aimed at:
        // the word-order guess stays.
        let country = |m: usize| doc.mentions[m].actor.country.clone();
        let source_countries: Vec<Option<String>> = sent.slots[d.source].iter().map(|&m| country(m)).collect();
        let domestic = |r: &crate::tree::Role| matches!(r.via, crate::tree::Via::Oblique | crate::tree::Via::NounModifier) && r.mentions.iter().all(|&m| country(m).is_some() && source_countries.contains(&country(m)));
        // What a response answered is a weak guess: a target word order found stays.
        let weak = |r: &crate::tree::Role| r.via == crate::tree::Via::Provocation && d.target.is_some();
        if let Some(r) = f.target.as_ref().filter(|r| r.filled() && !domestic(r) && !weak(r)) {
            let slot = slot_for(&mut sent.slots, &r.mentions);
            if slot != d.source {
                if Some(slot) != d.target {
                    d.notes.retain(|n| *n != Note::PlaceTarget);
                }
                d.target = Some(slot);
                d.notes.push(Note::TreeTarget(r.via));
            }
        }
        // Taking part in another party's drills is military cooperation with it: "Indian troops
        // had participated in Japanese naval exercises" (`join_verb`; the drills' owner became the
        // target when the governing verb's subject took the source).
        let joined = ctx.tree.head(trigger).is_some_and(|h| is(JoinVerb, &ctx.tree.lemma(h).to_lowercase()));
        let others_drills = joined && f.target.as_ref().is_some_and(|r| r.filled() && matches!(r.via, crate::tree::Via::Possessor | crate::tree::Via::Modifier));
        if others_drills && d.code.in_root(15) && is(DrillNoun, &ctx.tree.lemma(trigger).to_lowercase()) && d.target.is_some() {
            d.notes.push(Note::JointDrills { from: d.code, to: crate::order::MILITARY_COOPERATION });
            d.code = crate::order::MILITARY_COOPERATION;
        }
        // A joint act of several parties (talks, drills, a deal) with no target the tree reads is
        // between them: the word-order guess in a phrase of place is where it happened ("Russia and
        // Ukraine held talks in Istanbul").
        let several = sent.slots[d.source].len() > 1 || f.source.as_ref().is_some_and(|r| r.mentions.len() > 1);
        let joint = several && joint_code(d.code);
        // Nor is a bare role noun a party to it: "Israel and Hamas reached a deal on a ceasefire in
        // Gaza and the release of hostages".
        let weak_target = f.target.as_ref().is_none_or(|r| !r.filled() || r.via == crate::tree::Via::NounModifier);
        // Nor is an actor in a clause of its own under the trigger: "Ramaphosa and Tinubu met in
        // Abuja to discuss how West Africa should respond".
        let in_other_clause = |m: usize| ctx.head_word(m).is_some_and(|w| !ctx.in_clause_of(w, trigger));
        if joint && weak_target && d.target.is_some_and(|t| sent.slots[t].iter().all(|&m| ctx.in_setting(m) || ctx.is_bare_role(m) || in_other_clause(m))) {
            d.target = None;
        }
        if d.target.is_some_and(|t| no_party(ctx, &sent.slots[t], d.code)) {
            d.target = None;
            d.notes.retain(|n| !matches!(n, Note::PlaceTarget | Note::TreeTarget(_) | Note::OrderTarget(_)));
            d.notes.push(Note::NoParty);
        }
        if d.target == Some(d.source) {
            d.target = None;
        }
        out.push(d);
    }
    out
}

/// Whether the target mentions `target` name no party to the act: a bare role noun mobilised is the
/// source's own forces; a thing (`thing_noun`) outside a use of force is what is handed over, bought
/// or moved: "Germany pledged 1.4 billion euros in air
/// defence systems for Ukraine" is Germany's pledge, not a pledge to the systems. (A place of the
/// source's own country stays the target: PLOVER codes "rebels blocked transport into Abidjan" as
/// Ivory Coast against Ivory Coast.)
fn no_party(ctx: &crate::tree::Ctx, target: &[usize], code: CameoCode) -> bool {
    let words = crate::words::Words::builtin();
    let force = words.covers(crate::words::List::ForceRoots, code);
    // Forces put on alert or called up are the source's own: "Kim Jong Un's army put eight
    // frontline artillery brigades on full combat readiness" (`own_forces_roots`).
    let own_forces = words.covers(crate::words::List::OwnForcesRoots, code);
    // Where forces withdraw from or move to, a base, is a place, not a thing handed over
    // (`of_agent_codes`: "American troops were withdrawn from an air base in Niger").
    let moved = words.covers(crate::words::List::OfAgentCodes, code);
    !target.is_empty() && target.iter().all(|&m| !force && !moved && ctx.is_thing(m) || own_forces && ctx.is_bare_role(m))
}

/// Drafts for the verb matches the word-order assembler left without a draft, where the tree
/// gives them a source actor: "Then Modi went to Dhaka for a meeting with ...". Negated,
/// conditional and hedged triggers give none ([`crate::tree::Modality`]); "will"/"would" make a
/// cooperative or conflictual act an intent or a threat, as the word-order assembler does.
///
/// The tree adds one draft, from the trigger nearest the root: news sentences code their main
/// event. It does so when the word-order assembler gave the sentence no event (a statement that
/// reports the event, "a meeting between A and B produced no breakthrough, aides said", does not
/// count), or gave events only for triggers deeper in the tree than it (a relative clause, a complement, a trailing participle:
/// "Burkina Faso's junta, which has turned to Russia, expelled three French diplomats accused of
/// subversion" codes the expulsion, whatever else it codes).
pub(crate) fn tree_drafts(ctx: &crate::tree::Ctx, sent: &mut Sentence, drafts: &mut Vec<Draft>) {
    let drafted: Vec<usize> = drafts.iter().filter_map(|d| trigger_of(ctx, &d.verb)).map(|(t, _)| t).collect();
    // A statement ("..., aides said") reports the sentence's event; it does not stand for it.
    let drafted_depth = drafts.iter().filter(|d| d.code.root_number() != 1).filter_map(|d| trigger_of(ctx, &d.verb)).map(|(t, _)| ctx.tree.ancestors(t).count()).min();
    let mut verbs: Vec<(usize, usize, std::ops::Range<usize>, VerbHit)> =
        sent.verbs.iter().filter_map(|h| trigger_of(ctx, h).map(|(t, matched)| (ctx.tree.ancestors(t).count(), t, matched, h.clone()))).collect();
    verbs.sort_by_key(|(depth, _, _, h)| (*depth, h.m.start));
    let before = drafts.len();
    // Triggers that are denied or hedged: what they govern is as unreal as they are ("it may veto
    // the renewal of sanctions on Russia" imposes no sanctions).
    let mut unreal: Vec<usize> = Vec::new();
    for (depth, trigger, matched, hit) in verbs {
        if drafts.len() > before || drafted_depth.is_some_and(|d| depth >= d) {
            break;
        }
        // Nor from a fronted opener, which sets the scene of the main clause's event ("Under a
        // programme backed by Tokyo, the World Bank disbursed ...").
        if drafted.contains(&trigger) || ctx.tree.ancestors(trigger).any(|a| unreal.contains(&a)) || ctx.in_opener(trigger) {
            continue;
        }
        let Some(code) = sent.lex.verbs[hit.entry as usize].code else { continue };
        let f = crate::tree::read_roles(ctx, trigger, matched, &pattern_words(sent.lex, &hit), Some(code));
        // A crowd with no actor word protests where it gathers: "Thousands of people protested in
        // Paris", "Some 500,000 people took to the streets across France" (the place's country).
        let crowd = f.source.as_ref().is_none_or(|r| !r.filled()) && code.root_number() == 14 && ctx.crowd_subject(trigger);
        let crowd_place = crowd.then(|| ctx.place_of_trigger(trigger)).flatten();
        let Some(src) = f.source.as_ref().filter(|r| r.filled()).or(crowd_place.as_ref()) else { continue };
        let code = match ctx.modality(trigger) {
            crate::tree::Modality::Fact => code,
            crate::tree::Modality::Intent => match sent.lex.events.derive(code, Derivation::Intent) {
                Some(c) => c,
                None => continue,
            },
            crate::tree::Modality::Negated | crate::tree::Modality::Hedged => {
                unreal.push(trigger);
                continue;
            }
        };
        let source = slot_for(&mut sent.slots, &src.mentions);
        let mut notes = vec![Note::TreeMainTrigger(src.via)];
        if crowd_place.is_some() {
            notes.push(Note::PlaceSource);
        }
        let target = f.target.as_ref().filter(|r| r.filled()).map(|r| {
            notes.push(Note::TreeTarget(r.via));
            slot_for(&mut sent.slots, &r.mentions)
        });
        let target = target.filter(|&t| t != source);
        // A place of the source's own country in a phrase is where it happened, not a party:
        // "the army's 6th Infantry Division withdrew from El Fasher".
        let own_place = f.target.as_ref().is_some_and(|r| ctx.own_place(r, &src.mentions));
        let target = target.filter(|_| !own_place);
        let target = match target {
            Some(t) if no_party(ctx, &sent.slots[t], code) => {
                notes.retain(|n| !matches!(n, Note::TreeTarget(_)));
                notes.push(Note::NoParty);
                None
            }
            other => other,
        };
        if src.via == crate::tree::Via::Between {
            notes.push(Note::Between);
        }
        drafts.push(Draft { source, target, code, verb: hit, notes });
    }
}

/// Drops the drafts of a trailing participle that elaborates another drafted event of its
/// sentence: "Mali severed diplomatic ties with Ukraine, accusing Kyiv of supporting rebels" codes
/// the severed ties; the accusation is the reason given for them, as one-event-per-sentence coders
/// (PLOVER, human coders of news sentences) code it. The participle is an `advcl` -ing form with
/// no subject and no subordinator of its own, on a verb that has a draft.
pub(crate) fn drop_elaborations(ctx: &crate::tree::Ctx, doc: &Document, sent: &Sentence, drafts: &mut Vec<Draft>) {
    let t = &ctx.tree;
    let triggers: Vec<Option<usize>> = drafts.iter().map(|d| trigger_of(ctx, &d.verb).map(|(w, _)| w)).collect();
    let elaborates = |w: usize| {
        t.rel(w) == Deprel::Advcl
            && t.word(w).xpos.as_str() == "VBG"
            && t.children(w).all(|c| !matches!(t.rel(c).base(), Deprel::Nsubj | Deprel::Mark))
            && t.head(w).is_some_and(|h| triggers.iter().any(|&x| x == Some(h)))
    };
    let drop: Vec<bool> = triggers.iter().map(|w| w.is_some_and(elaborates)).collect();
    // Whom the participle is aimed at is whom the protest it elaborates is aimed at: "Crowds
    // filled squares in Bratislava, accusing Prime Minister Robert Fico of steering the country
    // towards Moscow" is a protest against Fico. (Not a party coded as the protesters themselves:
    // "Iraqi Kurds demonstrated, calling for independence from Iraq".)
    let code_of = |slot: usize| sent.slots[slot].iter().map(|&m| doc.mentions[m].actor.code.as_str()).collect::<Vec<_>>();
    for (e, w) in triggers.iter().enumerate() {
        let (true, Some(w)) = (drop[e], *w) else { continue };
        let (Some(target), Some(head)) = (drafts[e].target, t.head(w)) else { continue };
        let source = drafts[e].source;
        if let Some(m) = (0..drafts.len()).find(|&m| !drop[m] && triggers[m] == Some(head) && drafts[m].source == source) {
            let own = code_of(target).iter().all(|c| code_of(source).contains(c));
            if drafts[m].code.root_number() == 14 && !own {
                drafts[m].target = Some(target);
                drafts[m].notes.retain(|n| !matches!(n, Note::PlaceTarget | Note::TreeTarget(_) | Note::OrderTarget(_)));
                drafts[m].notes.push(Note::ElaborationTarget);
            }
        }
    }
    drop_marked(drafts, &drop);
}

/// Drops the drafts of clauses that give background to their sentence's event rather than an event
/// of their own, when the sentence has another draft:
/// - a relative clause in the perfect: "The Rapid Support Forces, which have besieged El Fasher for
///   well over a year, accepted a ceasefire" (the siege is the standing state of affairs);
/// - the content of a proposal, a relative or participial clause on a noun of a text or a plan
///   (`proposal_noun`): "Russia vetoed a UN Security Council resolution calling for a ban", "Hungary
///   blocked a European Union plan to give Ukraine 50 billion euros";
/// - what a refusal (root 12) governs: "Orban refused to back a joint text on military support for
///   Ukraine";
/// - a fronted opener ([`crate::tree::Ctx::in_opener`]): "Building on a scheme backed by the G7,
///   Tokyo will extend three billion dollars in loans to Ukraine";
/// - what sets the scene in a clause or phrase of time (`background_mark`): "Nepal's prime minister
///   resigned after police shot dead 19 young people".
pub(crate) fn drop_background(ctx: &crate::tree::Ctx, drafts: &mut Vec<Draft>) {
    if drafts.len() < 2 {
        return;
    }
    let t = &ctx.tree;
    let words = crate::words::Words::builtin();
    let background = |w: usize| {
        let rel = t.rel(w);
        let relative = rel == Deprel::AclRelcl;
        let perfect = relative && t.children(w).any(|c| t.rel(c) == Deprel::Aux && words.has(PerfectAux, &t.lemma(c).to_lowercase()));
        let content = matches!(rel.base(), Deprel::Acl) && t.head(w).is_some_and(|h| words.has(ProposalNoun, &t.lemma(h).to_lowercase()));
        // Inside a clause or phrase of time that sets the scene (`background_mark`): "Nepal's
        // prime minister resigned after police shot dead 19 young people", "as Russia launched a
        // massive air attack", "after four days of drone strikes".
        let scene = std::iter::once(w).chain(t.ancestors(w)).any(|x| {
            let marker = match t.rel(x).base() {
                Deprel::Advcl => t.children_by(x, Deprel::Mark).next(),
                Deprel::Obl | Deprel::Nmod => t.children_by(x, Deprel::Case).next(),
                _ => None,
            };
            marker.is_some_and(|m| words.has(BackgroundMark, &t.lemma(m).to_lowercase()))
        });
        perfect || content || scene || ctx.in_opener(w)
    };
    // What a refusal governs is what was refused, not an event: "Orban refused to back a joint text
    // on military support for Ukraine" codes no support.
    let refusals: Vec<usize> = drafts.iter().filter(|d| d.code.root_number() == 12).filter_map(|d| trigger_of(ctx, &d.verb)).map(|(w, _)| w).collect();
    let refused = |w: usize| t.ancestors(w).any(|a| refusals.contains(&a));
    let drop: Vec<bool> = drafts.iter().map(|d| trigger_of(ctx, &d.verb).is_some_and(|(w, _)| background(w) || refused(w))).collect();
    // Only beside an event of the sentence's own: a statement ("..., Albanese said after talks
    // with Li Qiang") reports it and does not count.
    if !drafts.iter().zip(&drop).any(|(d, &x)| !x && d.code.root_number() != 1) {
        return;
    }
    drop_marked(drafts, &drop);
}

/// Removes the items of `items` whose mark in `drop` is set (`drop` has one mark per item).
pub(crate) fn drop_marked<T>(items: &mut Vec<T>, drop: &[bool]) {
    drop_marked_from(items, 0, drop);
}

/// Removes the items from `first` on whose mark in `drop` is set (`drop[0]` is item `first`'s).
fn drop_marked_from<T>(items: &mut Vec<T>, first: usize, drop: &[bool]) {
    let mut i = 0;
    items.retain(|_| {
        i += 1;
        i <= first || !drop[i - first - 1]
    });
}

/// The trigger word of a verb match (its first verb, else the noun heading the matched words, else
/// its first noun) and the words matched.
fn trigger_of(ctx: &crate::tree::Ctx, hit: &VerbHit) -> Option<(usize, std::ops::Range<usize>)> {
    let words: Vec<usize> = (hit.m.start as u32..hit.m.end as u32).filter_map(|t| ctx.word_of_token(t)).collect();
    let first = *words.first()?;
    let last = *words.last()?;
    let noun = |w: usize| matches!(ctx.tree.word(w).upos, dyad_model::Upos::Noun | dyad_model::Upos::Propn);
    // Of the nouns, the head of the matched phrase: "build-up" is "build - up", headed by "up".
    let head_noun = words.iter().copied().find(|&w| noun(w) && ctx.tree.head(w).is_none_or(|h| !words.contains(&h)));
    // A partitive head stands for its "of" noun, which carries the roles: "=round of talks" in "a
    // second round of talks between the United States and Iran" is the talks.
    let head_noun = head_noun.map(|h| {
        if is(PartitiveNoun, &ctx.tree.lemma(h).to_lowercase()) {
            words.iter().copied().find(|&w| noun(w) && ctx.tree.head(w) == Some(h) && ctx.tree.rel(w).base() == Deprel::Nmod).unwrap_or(h)
        } else {
            h
        }
    });
    let trigger = words
        .iter()
        .copied()
        .find(|&w| ctx.tree.word(w).upos == dyad_model::Upos::Verb)
        .or(head_noun)
        .or_else(|| words.iter().copied().find(|&w| noun(w)))
        .unwrap_or(first);
    Some((trigger, first..last + 1))
}

/// The literal words of a verb match's pattern (its `*` gaps and `=` mark left out).
fn pattern_words<'l>(lex: &'l Lexicon, hit: &VerbHit) -> Vec<&'l str> {
    lex.verbs[hit.entry as usize].words.iter().map(String::as_str).collect()
}

/// The slot holding exactly `mentions`, added if no slot does.
fn slot_for(slots: &mut Vec<Vec<usize>>, mentions: &[usize]) -> usize {
    match slots.iter().position(|s| s == mentions) {
        Some(i) => i,
        None => {
            slots.push(mentions.to_vec());
            slots.len() - 1
        }
    }
}

/// Whether an event of `code` done by a joint subject is between its members: acts of cooperation,
/// consultation and fighting, and a ceasefire ("Israel and Hezbollah stopped firing").
fn joint_code(code: CameoCode) -> bool {
    matches!(code.root_number(), 3 | 4 | 5 | 6 | 19) || code == "0871"
}

/// Whether `text` has a match score: one or two digits, a hyphen or dash, one or two digits ("2-1",
/// "3–0"), standing alone.
pub(crate) fn has_score(text: &str) -> bool {
    let b: Vec<char> = text.chars().collect();
    let digits = |from: usize, step: isize| -> usize {
        let mut n = 0;
        let mut i = from as isize;
        while i >= 0 && (i as usize) < b.len() && b[i as usize].is_ascii_digit() {
            n += 1;
            i += step;
        }
        n
    };
    (1..b.len().saturating_sub(1)).any(|i| {
        if !matches!(b[i], '-' | '–') {
            return false;
        }
        let (l, r) = (digits(i - 1, -1), digits(i + 1, 1));
        // Standing alone: not part of a date ("2022-03-01") or a name ("COVID-19").
        let apart = |c: char| c.is_whitespace() || matches!(c, ',' | ';' | '(' | ')' | '.' | '!' | '?');
        let alone_l = i < l + 1 || apart(b[i - l - 1]);
        let alone_r = i + r + 1 >= b.len() || apart(b[i + r + 1]);
        (1..=2).contains(&l) && (1..=2).contains(&r) && alone_l && alone_r
    })
}

/// CAMEO 010 "make statement, not specified below": what a bare reporting verb codes.
const STATEMENT: CameoCode = CameoCode::lit("010");

/// Expands drafts over compound slots into events.
pub(crate) fn expand(lex: &Lexicon, doc: &Document, sent: &Sentence, drafts: Vec<Draft>, out: &mut Vec<Event>) {
    let first = out.len();
    expand_drafts(lex, doc, sent, drafts, out);
    // A sports report is no use of force: "Spain won the European Championship, beating England 2-1".
    // (Looked for only when the sentence has a use of force.)
    let words = crate::words::Words::builtin();
    let force = |e: &Event| words.covers(ForceRoots, e.cameo);
    if out[first..].iter().any(force) && (sent.range.clone().any(|t| is(SportWord, doc.key(t))) || has_score(doc.slice(doc.sentences[sent.s].span))) {
        let drop: Vec<bool> = out[first..].iter().map(force).collect();
        drop_marked_from(out, first, &drop);
    }
    // An event without a target says less than one of the same kind by the same source with a target in
    // the same sentence ("established ties with and opened an embassy in Tehran"): keep the one with.
    // A bare statement ("..., officials said"; "Xi said China would deepen ties"; "told reporters")
    // beside an event coded from the same sentence is its attribution, not an event of its own: the
    // reported event stands for the sentence, as human coders and PETRARCH code it. A statement
    // made to another country's party ("Brussels told Belgrade to ...") is one.
    let sentence = &out[first..];
    let reported = sentence.iter().any(|e| e.cameo != STATEMENT);
    let foreign = |e: &Event| e.target.as_ref().is_some_and(|t| t.actor.country.is_some() && t.actor.country != e.source.actor.country);
    let subsumed: Vec<bool> = sentence
        .iter()
        .map(|e| {
            e.cameo == STATEMENT && reported && !foreign(e)
                || e.target.is_none() && sentence.iter().any(|o| o.target.is_some() && o.source.actor.code == e.source.actor.code && (o.cameo.root() == e.cameo.root() || !e.plover.is_empty() && o.plover == e.plover))
        })
        .collect();
    drop_marked_from(out, first, &subsumed);
}

fn expand_drafts(lex: &Lexicon, doc: &Document, sent: &Sentence, drafts: Vec<Draft>, out: &mut Vec<Event>) {
    let mut seen: Vec<(String, Option<String>, CameoCode)> = Vec::new();
    for d in drafts {
        let info = match lex.events.get(d.code) {
            Some(i) => i,
            None => continue,
        };
        let verb = &lex.verbs[d.verb.entry as usize];
        let srcs = &sent.slots[d.source];
        let mut pairs: Vec<(usize, Option<usize>)> = Vec::new();
        // "Palestinians and Israelis failed to reach agreement on the fate of Palestinian offices": a
        // target that is one of a joint subject's members makes the event between the members.
        let target_in_subject = d.target.is_some_and(|t| srcs.len() > 1 && sent.slots[t].iter().all(|&tm| srcs.iter().any(|&s| doc.mentions[s].actor.code == doc.mentions[tm].actor.code)));
        match d.target.filter(|_| !target_in_subject) {
            Some(t) => {
                for &s in srcs {
                    for &tm in &sent.slots[t] {
                        pairs.push((s, Some(tm)));
                    }
                }
            }
            None => {
                let exchange = !verb.nominal && verb.words.first().is_some_and(|w| is(ExchangeVerb, w));
                let reciprocal = target_in_subject || exchange || joint_code(d.code) || d.notes.iter().any(|n| matches!(n, Note::Refusal { .. } | Note::Between));
                if srcs.len() > 1 && reciprocal {
                    for &a in srcs {
                        for &b in srcs {
                            if a != b {
                                pairs.push((a, Some(b)));
                            }
                        }
                    }
                } else {
                    for &s in srcs {
                        pairs.push((s, None));
                    }
                }
            }
        }
        for (s, t) in pairs {
            let as_country = |m: &dyad_model::Mention| {
                let mut m = m.clone();
                m.actor.code = m.actor.code.get(..3).unwrap_or("").to_string();
                m.actor.sectors.clear();
                m.rule.push_str(" + a place: the country");
                m
            };
            let place_source = d.notes.contains(&Note::PlaceSource).then(|| as_country(&doc.mentions[s]));
            let sm = place_source.as_ref().unwrap_or(&doc.mentions[s]);
            // A place stands for its country, not its government: "imposed a curfew in Algiers".
            let place_target: Option<dyad_model::Mention> = t.map(|t| &doc.mentions[t]).filter(|t| t.kind == MentionKind::Metonym && d.notes.contains(&Note::PlaceTarget)).map(|t| {
                let mut t = t.clone();
                t.actor.code = t.actor.code.get(..3).unwrap_or("").to_string();
                t.actor.sectors.clear();
                t.rule.push_str(" + a place: the country");
                t
            });
            let mut tm = place_target.as_ref().or(t.map(|t| &doc.mentions[t]));
            // The same actor on both sides is one mention seen twice, except where a domestic event
            // happens ("Georgians rallied in Tbilisi": GEO against GEO).
            let placed = d.notes.iter().any(|n| matches!(n, Note::PlaceTarget | Note::PlaceSource));
            if !placed && tm.is_some_and(|t| t.actor.code == sm.actor.code) {
                tm = None;
            }
            if sm.actor.code.is_empty() {
                continue;
            }
            let key = (sm.actor.code.clone(), tm.map(|t| t.actor.code.clone()), d.code.clone());
            if seen.contains(&key) {
                continue;
            }
            seen.push(key);
            let part = |m: &dyad_model::Mention| Participant { text: doc.slice(m.span).to_string(), span: m.span, actor: m.actor.clone() };
            let mut rule = format!("verb {:?} [{}] {}", verb.pattern, verb.code.as_deref().unwrap_or("---"), lex.origin(verb.origin));
            if d.verb.on_tree {
                rule.push_str(if verb.nominal { "; matched on the tree: the event noun and its modifier" } else { "; matched on the tree: the verb and its object" });
            }
            for n in &d.notes {
                rule.push_str(&format!("; {n}"));
            }
            rule.push_str(&format!("; source {:?}: {}", doc.slice(sm.span), sm.rule));
            if let Some(t) = tm {
                rule.push_str(&format!("; target {:?}: {}", doc.slice(t.span), t.rule));
            }
            let vs = doc.tokens[d.verb.m.start].span.start;
            let ve = doc.tokens[d.verb.m.end - 1].span.end;
            out.push(Event {
                sentence: sent.s as u32,
                source: part(sm),
                target: tm.map(part),
                cameo: d.code.clone(),
                goldstein: info.goldstein,
                quad: info.quad,
                plover: info.plover.clone(),
                mode: if info.mode.is_empty() { None } else { Some(info.mode.clone()) },
                verb_span: dyad_model::Span { start: vs, end: ve },
                date: None,
                place: None,
                rule,
            });
        }
    }
}
