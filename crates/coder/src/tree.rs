//! Roles read off the dependency tree: who is the source and who the target of a trigger.
//!
//! The text stage and the lexicon find the trigger (a verb pattern or a nominal event) and the actor
//! mentions; the syntax layer (`dyad_syntax`) says how they are related. [`read_roles`] runs the
//! passes of [`PASSES`], in that order, over a typed [`Frame`]: each pass is a small named unit that
//! fills a role it can read off one construction and leaves the others alone. A pass never reads
//! the text of a note or a pattern; the function words it needs are data (`data/lexicon/words.tsv`).
//!
//! A role is the head word of a phrase and the actor mentions in that phrase: several for a
//! coordination ("Iran, Libya and Sudan"), none for a phrase that names no known actor ("a spokesman
//! said"), which tells the assembler that the role is filled by someone it cannot code.

use dyad_model::{CameoCode, Deprel, Document, Upos};
use dyad_syntax::Tree;
use crate::words::{List, Words};

/// How a role was found, named in the event's `rule`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Via {
    /// `nsubj` of the trigger.
    Subject,
    /// `obl:agent` of a passive trigger: "was attacked by rebels".
    Agent,
    /// `nsubj:pass` of a passive trigger is its target: "Kyiv was shelled".
    PassiveSubject,
    /// `nsubj:pass` of a move with no agent is its source: "troops were sent to Kursk".
    MovedSubject,
    /// The subject of the verb an `xcomp` depends on: "Iran agreed to halt".
    Controller,
    /// The object of the verb an `xcomp` depends on: "urged Iran to halt".
    ObjectController,
    /// The subject of the first conjunct: "Russia attacked and seized".
    SharedSubject,
    /// The subject of the clause an adverbial clause depends on: "shelled the city, killing".
    AdverbialSubject,
    /// The noun a relative or participial clause modifies: "the rebels who attacked".
    ModifiedNoun,
    /// The subject of the verb whose object or oblique the nominal trigger is: "held talks with".
    LightVerbSubject,
    Object,
    IndirectObject,
    /// An oblique with a target preposition: "sent troops to Syria".
    Oblique,
    /// A noun modifier with a target preposition, of a nominal trigger or of the object.
    NounModifier,
    /// `nmod:poss` of a nominal trigger: "Russia's invasion".
    Possessor,
    /// The subject of a relative clause on a nominal trigger: "the ultimatum that Trump gave".
    RelativeSubject,
    /// A country adjective or compound on a nominal trigger: "Russian strikes", "US sanctions".
    Modifier,
    /// Both parties follow "between": "talks between India and China".
    Between,
    /// A pronoun subject of reported speech is the speaker: "Pakistan said it would retaliate".
    Speaker,
    /// The subject of a speech act's "that" clause: "demanded that Iran report".
    ComplementSubject,
    /// The "of" phrase of an event noun whose "of" phrase acts: "the pullout of American troops".
    OfAgent,
    /// The object or target oblique of a threat's "that" clause: "warned it would strike Israel".
    ComplementObject,
    /// The author of the verb's object: "rejected a plea from the United Nations".
    ObjectAuthor,
    /// The possessor of the pattern's own object: "welcomed Trump's return" ("welcome * return").
    ObjectPossessor,
    /// The target of the verb an intent's `xcomp` names: "offered to send troops to Ukraine".
    ComplementTarget,
    /// A phrase of a target preposition deeper in the trigger's clause: "rallied in Warsaw on
    /// Sunday against the ruling party".
    Deep,
    /// The actor of what a response answered: "raised its alert level after North Korea blew up
    /// roads".
    Provocation,
}

impl Via {
    /// Whether a role found this way is the party acted on (a target), not the one acting.
    pub(crate) fn acted_on(self) -> bool {
        use Via::*;
        matches!(self, PassiveSubject | ObjectController | Object | IndirectObject | Oblique | NounModifier | ComplementSubject | ComplementObject | ObjectAuthor | ObjectPossessor | ComplementTarget | Deep | Provocation)
    }

    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Via::Subject => "nsubj",
            Via::ObjectAuthor => "the object's author",
            Via::ObjectPossessor => "the object's possessor",
            Via::ComplementTarget => "xcomp's obj or obl",
            Via::Deep => "a phrase deeper in the clause",
            Via::Provocation => "the subject of an after-clause",
            Via::Agent => "obl:agent",
            Via::PassiveSubject => "nsubj:pass",
            Via::MovedSubject => "nsubj:pass of a move",
            Via::Controller => "xcomp controller's nsubj",
            Via::ObjectController => "xcomp controller's obj",
            Via::SharedSubject => "conj head's subject",
            Via::AdverbialSubject => "advcl head's subject",
            Via::ModifiedNoun => "modified noun of acl",
            Via::LightVerbSubject => "governing verb's subject",
            Via::Object => "obj",
            Via::IndirectObject => "iobj",
            Via::Oblique => "obl",
            Via::NounModifier => "nmod",
            Via::Possessor => "nmod:poss",
            Via::RelativeSubject => "subject of a relative clause on the event noun",
            Via::Modifier => "amod/compound",
            Via::Between => "between",
            Via::Speaker => "speaker of the ccomp",
            Via::ComplementSubject => "ccomp's nsubj",
            Via::OfAgent => "nmod of (the party that acts)",
            Via::ComplementObject => "ccomp's obj or obl",
        }
    }
}

/// A role: the head word of its phrase and the actor mentions filling it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Role {
    pub head: usize,
    /// Indices into `Document::mentions`, in text order of the coordinated members.
    pub mentions: Vec<usize>,
    pub via: Via,
}

impl Role {
    pub(crate) fn filled(&self) -> bool {
        !self.mentions.is_empty()
    }
}

/// The typed draft the passes fill for one trigger.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Frame {
    /// The trigger's word in the sentence's tree.
    pub trigger: usize,
    /// The words of the lexicon match (a verb with its particles and prepositions).
    pub matched: std::ops::Range<usize>,
    /// The words of the match that are the pattern's literal words ("tanks" in "deliver * tanks to").
    pub literal: Vec<usize>,
    pub source: Option<Role>,
    pub target: Option<Role>,
    /// The trigger's object names no actor ("provide military support to Armenia"): an oblique may
    /// still name the target.
    pub object_without_actor: bool,
    /// A preposition the lexicon pattern itself names ("deliver * to", "meet with"): the target is
    /// its phrase, not the object.
    pub pattern_case: Option<usize>,
    /// The trigger's CAMEO code ("0874"), if it has one.
    pub code: Option<CameoCode>,
}

/// What a pass tells the runner.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Verdict {
    Next,
    /// Both roles are settled: later passes are skipped.
    Done,
}

/// A sentence's tree with its actor mentions located on it.
pub(crate) struct Ctx<'a> {
    pub tree: Tree<'a>,
    doc: &'a Document,
    /// The sentence's mentions, as indices into `Document::mentions`.
    mentions: std::ops::Range<usize>,
    /// For each word, the mention covering it.
    mention_at: Vec<Option<usize>>,
    words: &'static Words,
}

impl<'a> Ctx<'a> {
    /// The context of parsed sentence `s`, with the mentions `mentions` (the sentence's).
    pub(crate) fn new(doc: &'a Document, s: usize, mentions: std::ops::Range<usize>) -> Option<Ctx<'a>> {
        let tree = Tree::of(doc, s)?;
        let mut mention_at = vec![None; tree.len()];
        for mi in mentions.clone() {
            let m = &doc.mentions[mi];
            let words: Vec<usize> = (0..tree.len()).filter(|&i| m.tokens.contains(&tree.word(i).token)).collect();
            // A role noun used as an adjective names no actor: "official contact", "military aid".
            if m.kind == dyad_model::MentionKind::Agent && !crate::mentions::from_adjective(m) && words.iter().all(|&i| tree.word(i).upos == Upos::Adj) {
                continue;
            }
            for i in words {
                mention_at[i].get_or_insert(mi);
            }
        }
        Some(Ctx { tree, doc, mentions, mention_at, words: Words::builtin() })
    }

    /// The word of token `t`, if the sentence has one.
    pub(crate) fn word_of_token(&self, t: u32) -> Option<usize> {
        (0..self.tree.len()).find(|&i| self.tree.word(i).token == t)
    }

    fn upos(&self, i: usize) -> Upos {
        self.tree.word(i).upos
    }

    fn is_relative(&self, i: usize) -> bool {
        matches!(self.upos(i), Upos::Pron | Upos::Det) && self.words.has(List::Relative, self.tree.lemma(i))
    }

    /// The lemma of the `case` dependent of `i`, if any.
    fn case_of(&self, i: usize) -> Option<&str> {
        self.tree.children_by(i, Deprel::Case).next().map(|c| self.tree.lemma(c))
    }

    /// The "of" phrase (noun modifier) of word `n`: "the rejection of a plea", "thousands of troops".
    pub(crate) fn of_phrase(&self, n: usize) -> Option<usize> {
        self.tree.children(n).find(|&c| self.tree.rel(c) == Deprel::Nmod && self.case_of(c) == Some("of"))
    }

    fn case_word(&self, i: usize) -> Option<usize> {
        self.tree.children_by(i, Deprel::Case).next()
    }

    /// The actor mention of the phrase headed by `w`, and the word where it was found: the mention
    /// covering `w`, else the nearest one reached through the phrase's own modifiers (compound, amod,
    /// flat, nmod:poss) or an "of"/"from" modifier ("officials from Russia", "the government of
    /// Iran"), breadth first. Other modifiers ("a deal on a ceasefire in Gaza") are not the phrase's
    /// actor.
    fn actor_in(&self, w: usize, via: Via, f: Option<&Frame>) -> Option<(usize, usize)> {
        let mut frontier = vec![w];
        for depth in 0..3 {
            for &x in &frontier {
                if let Some(m) = self.mention_at[x] {
                    // The party acted on through a role noun it owns is the owner: "sanctions on
                    // Russia's two largest oil companies". (An actor's own people stay who acts:
                    // "India's prime minister visited".)
                    if let Some(p) = self.owner_of(x, m).filter(|_| via.acted_on()) {
                        return Some((p, x));
                    }
                    return Some((m, x));
                }
            }
            let mut next = Vec::new();
            for &x in &frontier {
                for c in self.tree.children(x) {
                    let rel = self.tree.rel(c);
                    // An apposition of the phrase's head names it: "Richard Grenell, the U.S. envoy".
                    let appos = depth == 0 && rel == Deprel::Appos;
                    let own = matches!(rel.base(), Deprel::Compound | Deprel::Amod | Deprel::Flat) || rel == Deprel::NmodPoss || appos;
                    let of = depth <= 1
                        && rel.base() == Deprel::Nmod
                        && rel != Deprel::NmodPoss
                        && self.case_word(c).is_some_and(|k| self.words.has(List::MemberCase, self.tree.lemma(k)) || f.is_some_and(|f| f.matched.contains(&k)));
                    if own || of {
                        next.push(c);
                    }
                }
            }
            if next.is_empty() {
                break;
            }
            frontier = next;
        }
        None
    }

    /// The mention of the possessor of word `x` when `x`'s own mention `m` is a role noun with no
    /// country but the possessor's, and the possessor is a named party (a country, organisation or
    /// person): the party the phrase names is the possessor.
    fn owner_of(&self, x: usize, m: usize) -> Option<usize> {
        let mention = &self.doc.mentions[m];
        if mention.kind != dyad_model::MentionKind::Agent {
            return None;
        }
        let p = self.tree.children_by(x, Deprel::NmodPoss).next()?;
        let pm = self.mention_at[p]?;
        let owner = &self.doc.mentions[pm];
        let named = matches!(owner.kind, dyad_model::MentionKind::Name | dyad_model::MentionKind::Person | dyad_model::MentionKind::Metonym);
        let country = mention.actor.country.is_none() || mention.actor.country == owner.actor.country;
        (pm != m && named && country).then_some(pm)
    }

    /// The role of the phrase headed by `w`: its actor and those coordinated with it ("Iran, Libya
    /// and Sudan"; "U.S. and British forces").
    pub(crate) fn role(&self, w: usize, via: Via) -> Role {
        self.role_in(w, via, None)
    }

    fn role_in(&self, w: usize, via: Via, f: Option<&Frame>) -> Role {
        let mut members = vec![w];
        let mut mentions: Vec<usize> = Vec::new();
        let mut i = 0;
        while i < members.len() {
            let x = members[i];
            i += 1;
            let conj = |y: usize| self.tree.children_by(y, Deprel::Conj).filter(|&c| matches!(self.upos(c), Upos::Noun | Upos::Propn | Upos::Pron | Upos::Adj));
            let mut more: Vec<usize> = conj(x).collect();
            // A conjunct the parser hung on an apposition of the member: "Rafael Grossi, head of
            // the IAEA, and Abbas Araghchi" (the conjunct is Araghchi, under "head").
            for a in self.tree.children_by(x, Deprel::Appos) {
                more.extend(conj(a).filter(|c| !members.contains(c)));
            }
            members.extend(more);
            if let Some((m, at)) = self.actor_in(x, via, f) {
                if !mentions.contains(&m) {
                    mentions.push(m);
                }
                // Conjuncts of a word inside the mention: "U.S. and British forces".
                if at != x {
                    let more: Vec<usize> = conj(at).filter(|c| !members.contains(c)).collect();
                    members.extend(more);
                }
                // Words of the mention coordinated with words outside it: "Chinese and Russian
                // bombers" (the mention "Russian bombers" is a conjunct of "Chinese").
                let inside: Vec<usize> = (0..self.tree.len()).filter(|&y| y != at && self.mention_at[y] == Some(m)).collect();
                for y in inside {
                    let mut more: Vec<usize> = conj(y).collect();
                    if self.tree.rel(y) == Deprel::Conj {
                        more.extend(self.tree.head(y));
                    }
                    more.retain(|c| !members.contains(c) && self.mention_at[*c] != Some(m));
                    members.extend(more);
                }
            }
        }
        // A bare role noun ("leaders", no country) counted as two is the pair named before it.
        if mentions.iter().all(|&m| self.doc.mentions[m].actor.country.is_none()) {
            let pair = self.pair_anaphor(w);
            if !pair.is_empty() {
                mentions = pair;
            }
        }
        // A role noun whose "of"/"from" phrase names two or more countries stands for them, each its
        // own party: "delegations from Armenia and Azerbaijan", "warships from China and Russia" (the
        // mention layer gives the noun the first one's country only).
        if let [m] = mentions[..] {
            let head = &self.doc.mentions[m];
            if head.kind == dyad_model::MentionKind::Agent && self.mention_at[w] == Some(m) {
                let members = self.tree.children(w).filter(|&c| {
                    self.tree.rel(c) == Deprel::Nmod && self.case_of(c).is_some_and(|k| self.words.has(List::MemberCase, k))
                });
                let of_countries = |r: &Role| r.mentions.len() >= 2 && r.mentions.iter().all(|&x| self.doc.mentions[x].actor.country.is_some());
                if let Some(r) = members.map(|c| self.role_in(c, via, f)).find(|r| of_countries(r) && r.mentions.iter().any(|&x| self.doc.mentions[x].actor.country == head.actor.country || head.actor.country.is_none())) {
                    mentions = r.mentions;
                }
            }
        }
        mentions.sort_unstable();
        Role { head: w, mentions, via }
    }

    /// "The two leaders", "both sides": a subject counted as two (`pair` in words.tsv) naming no
    /// actor of a country stands for the last two people named before it in the sentence, else the
    /// last two actors of different countries ("Putin hosted Xi in the Kremlin, and the two leaders
    /// signed an agreement").
    fn pair_anaphor(&self, w: usize) -> Vec<usize> {
        let t = &self.tree;
        let two = t.children(w).any(|c| matches!(t.rel(c).base(), Deprel::Nummod | Deprel::Det) && self.words.get(List::Pair).iter().any(|p| p.eq_ignore_ascii_case(t.lemma(c))));
        // Only as a subject: "the two leaders signed"; an object counted as two ("accusing the two
        // ministers") is more often a pair of the sentence's own targets the lexicon does not know.
        let subject = matches!(t.rel(w), Deprel::Nsubj | Deprel::NsubjPass);
        if !two || !subject || self.upos(w) != Upos::Noun || self.mention_at[w].is_some_and(|m| self.doc.mentions[m].actor.country.is_some()) {
            return Vec::new();
        }
        let start = t.subtree_span(w).start;
        // Two people named before it, whatever their countries ("accusing the two ministers" after
        // naming two ministers of one government); else two actors of different countries.
        let people: Vec<usize> = self.mentions.clone().rev().filter(|&m| self.doc.mentions[m].span.end <= start && self.doc.mentions[m].kind == dyad_model::MentionKind::Person).take(2).collect();
        if people.len() == 2 {
            return people;
        }
        let mut out: Vec<usize> = Vec::new();
        for m in self.mentions.clone().rev() {
            let mention = &self.doc.mentions[m];
            if mention.span.end > start || mention.actor.country.is_none() {
                continue;
            }
            if out.iter().all(|&o| !self.same_country(o, m)) {
                out.push(m);
            }
            if out.len() == 2 {
                return out;
            }
        }
        Vec::new()
    }

    /// The `nsubj` of `v` (not a relative pronoun) and its role. A coordination the parser split
    /// into two subjects of the verb, with the "and" between them, is one role: "Rafael Grossi,
    /// head of the IAEA, and Abbas Araghchi discussed".
    fn nsubj_role(&self, v: usize, via: Via) -> Option<(usize, Role)> {
        let s = self.tree.children_by(v, Deprel::Nsubj).find(|&s| !self.is_relative(s))?;
        let mut r = self.role(s, via);
        if self.tree.children_by(v, Deprel::Cc).any(|cc| s < cc && cc < v) {
            for s2 in self.tree.children_by(v, Deprel::Nsubj).filter(|&x| s < x && x < v && !self.is_relative(x)) {
                for m in self.role(s2, via).mentions {
                    if !r.mentions.contains(&m) {
                        r.mentions.push(m);
                    }
                }
            }
            r.mentions.sort_unstable();
        }
        Some((s, r))
    }

    /// The subject of clause `v` as the passes read it, climbing control, coordination and adverbial
    /// clauses (at most a few steps).
    fn subject_of(&self, v: usize, depth: usize) -> Option<Role> {
        if depth > 4 {
            return None;
        }
        if let Some((s, r)) = self.nsubj_role(v, if depth == 0 { Via::Subject } else { Via::Controller }) {
            if self.stands_for_speaker(s, &r) {
                return self.speaker_of(v, depth).or(Some(r));
            }
            return Some(r);
        }
        if let Some(s) = self.tree.children_by(v, Deprel::NsubjPass).find(|&s| !self.is_relative(s)) {
            if depth > 0 {
                return Some(self.role(s, Via::Controller));
            }
        }
        let h = self.tree.head(v)?;
        match self.tree.rel(v) {
            Deprel::Xcomp => match self.tree.children_by(h, Deprel::Obj).next() {
                Some(o) => Some(self.role(o, Via::ObjectController)),
                None => self.subject_of(h, depth + 1).map(|r| Role { via: Via::Controller, ..r }),
            },
            Deprel::Conj if matches!(self.upos(h), Upos::Verb | Upos::Aux) => self.subject_of(h, depth + 1).map(|r| Role { via: Via::SharedSubject, ..r }),
            Deprel::Advcl if !self.tree.children_by(v, Deprel::Mark).any(|_| true) => self.subject_of(h, depth + 1).map(|r| Role { via: Via::AdverbialSubject, ..r }),
            Deprel::AclRelcl | Deprel::Acl => Some(self.role(h, Via::ModifiedNoun)),
            _ => None,
        }
    }
}

impl Ctx<'_> {
    /// Whether the phrase at `w` is only a role noun with no country of its own ("tanks",
    /// "troops", "its ambassador"): as the lexicon pattern's own object it is the thing moved.
    fn bare_role_noun(&self, w: usize) -> bool {
        match self.mention_at[w] {
            // A one-word role noun; a name ("accused Israel of") is a party, not a thing.
            Some(m) => self.doc.mentions[m].kind == dyad_model::MentionKind::Agent && (0..self.tree.len()).filter(|&i| self.mention_at[i] == Some(m)).count() == 1,
            None => true,
        }
    }

    /// Whether the pattern's own object noun at `w` names another country's people: "expelled 23
    /// Russian diplomats" ("expel * diplomats": the diplomats are the party acted on, Russia's), not
    /// "deployed Russian troops" by Russia (its own, the thing moved).
    fn foreign_people(&self, w: usize, f: &Frame) -> bool {
        let Some(m) = self.mention_at[w] else { return false };
        let mention = &self.doc.mentions[m];
        let Some(country) = mention.actor.country.as_ref() else { return false };
        let own = f.source.as_ref().is_some_and(|r| r.mentions.iter().any(|&s| self.doc.mentions[s].actor.country.as_ref() == Some(country)));
        mention.kind == dyad_model::MentionKind::Agent && mention.lead == dyad_model::Lead::Adjective && f.source.as_ref().is_some_and(Role::filled) && !own
    }

    /// Whether role `r`, a phrase (oblique or noun modifier), names only places of the country of
    /// the `source` mentions: where the event happened, not a party ("the army's 6th Infantry
    /// Division withdrew from El Fasher").
    pub(crate) fn own_place(&self, r: &Role, source: &[usize]) -> bool {
        let mentions = &self.doc.mentions;
        matches!(r.via, Via::Oblique | Via::NounModifier)
            && r.mentions.iter().all(|&m| {
                let place = &mentions[m];
                (place.kind == dyad_model::MentionKind::Metonym || place.lead == dyad_model::Lead::City)
                    && source.iter().any(|&s| mentions[s].actor.country.is_some() && mentions[s].actor.country == place.actor.country)
            })
    }

    /// Whether the subject of `trigger` (or of the verb it completes) is a crowd named by no actor
    /// word (`crowd_noun`: "thousands of people", "tens of thousands").
    pub(crate) fn crowd_subject(&self, trigger: usize) -> bool {
        let t = &self.tree;
        // The parser may read the verb as a participle on the crowd noun: "Thousands of people
        // protested in Paris" as "people [who] protested".
        let subject = t.children(trigger).find(|&c| t.rel(c).base() == Deprel::Nsubj).or_else(|| (t.rel(trigger) == Deprel::Acl).then(|| t.head(trigger)).flatten());
        subject.is_some_and(|s| {
            let crowd = |w: usize| self.words.has(List::CrowdNoun, &t.lemma(w).to_lowercase());
            self.mention_at[s].is_none() && (crowd(s) || t.children(s).any(|c| t.rel(c).base() == Deprel::Nmod && crowd(c) && self.mention_at[c].is_none()))
        })
    }

    /// The place where `trigger` happens: its phrase of place (`gathering_case`: "in", "across",
    /// "through", ...) naming a city, capital or country, or such a phrase on its oblique ("took to
    /// the streets of Belgrade").
    pub(crate) fn place_of_trigger(&self, trigger: usize) -> Option<Role> {
        let t = &self.tree;
        let place_case = |k: &str| self.words.has(List::GatheringCase, k);
        let obliques: Vec<usize> = t.children_by(trigger, Deprel::Obl).collect();
        let candidates = obliques.iter().copied().chain(obliques.iter().flat_map(|&o| t.children(o).filter(move |&g| t.rel(g).base() == Deprel::Nmod)));
        candidates
            .filter(|&c| self.case_of(c).is_some_and(place_case))
            .map(|c| self.role(c, Via::Oblique))
            .find(|r| {
                r.filled()
                    && r.mentions.iter().all(|&m| {
                        let m = &self.doc.mentions[m];
                        m.actor.country.is_some() && (m.kind == dyad_model::MentionKind::Metonym || m.lead == dyad_model::Lead::City || m.kind == dyad_model::MentionKind::Name && m.actor.code.len() == 3)
                    })
            })
    }

    /// Whether word `w` is inside a fronted opener: a phrase or clause hung on the sentence's root
    /// that ends, before the root and its subject, at a comma ("Under a programme backed by
    /// Tokyo, the World Bank disbursed ...", "At a pledging conference hosted in Brussels, ...").
    /// The opener sets the scene of the main clause's event; it is not the news.
    pub(crate) fn in_opener(&self, w: usize) -> bool {
        let t = &self.tree;
        let Some(root) = t.root() else { return false };
        let subject = t.children(root).find(|&c| matches!(t.rel(c).base(), Deprel::Nsubj)).unwrap_or(root);
        let start_of_main = subject.min(root);
        t.children(root).filter(|&c| c < start_of_main && matches!(t.rel(c).base(), Deprel::Obl | Deprel::Advcl)).any(|c| {
            let sub = t.subtree(c);
            let last = sub.last().copied().unwrap_or(c);
            last + 1 < start_of_main && t.text(last + 1) == "," && sub.contains(&w) || last < start_of_main && t.text(last) == "," && sub.contains(&w)
        })
    }

    /// Whether word `w` is in the clause of `trigger`: the path up from `w` reaches `trigger` (or
    /// leaves the tree) without entering another clause (a complement, adverbial, relative or
    /// parenthetical clause).
    pub(crate) fn in_clause_of(&self, w: usize, trigger: usize) -> bool {
        let mut x = w;
        for _ in 0..self.tree.len() {
            if x == trigger {
                return true;
            }
            let clause = matches!(self.tree.rel(x).base(), Deprel::Ccomp | Deprel::Advcl | Deprel::Acl | Deprel::Xcomp | Deprel::Csubj | Deprel::Parataxis);
            match self.tree.head(x) {
                Some(h) if !clause => x = h,
                _ => return !clause,
            }
        }
        true
    }

    /// The head word of mention `m`: its word whose head lies outside it.
    pub(crate) fn head_word(&self, m: usize) -> Option<usize> {
        (0..self.tree.len()).find(|&i| self.mention_at[i] == Some(m) && self.tree.head(i).is_none_or(|h| self.mention_at[h] != Some(m)))
    }

    /// Whether mention `m` is a bare role noun: a role with no name or country word of its own
    /// ("hostages", "artillery brigades"), whatever country the context lends it.
    pub(crate) fn is_bare_role(&self, m: usize) -> bool {
        let mention = &self.doc.mentions[m];
        let text = &self.doc.text[mention.span.start as usize..mention.span.end as usize];
        mention.kind == dyad_model::MentionKind::Agent && !text.chars().any(char::is_uppercase)
    }

    /// Whether mention `m` names a thing (`thing_noun`: equipment, a building) with no name or
    /// country word of its own (no capitalised word): "attack helicopters", "air defence systems",
    /// "schools"; not "Russian drones", "U.S. warships" or "Columbia University".
    pub(crate) fn is_thing(&self, m: usize) -> bool {
        self.is_bare_role(m)
            && self.head_word(m).is_some_and(|w| self.words.has(List::ThingNoun, &self.tree.lemma(w).to_lowercase()))
    }

    /// Whether mention `m` (of this sentence) stands in a phrase of place: its head word's phrase
    /// is an oblique or noun modifier with a setting preposition ("held talks in Istanbul").
    pub(crate) fn in_setting(&self, m: usize) -> bool {
        let Some(w) = self.head_word(m) else { return false };
        if matches!(self.tree.rel(w).base(), Deprel::Obl | Deprel::Nmod) && self.case_of(w).is_some_and(|k| self.words.has(List::SettingCase, k)) {
            return true;
        }
        // Inside the occasion of a meeting: "met on the sidelines of the SCO summit" (the name
        // modifies "summit", in the "of" phrase of a noun of setting).
        let mut x = w;
        for _ in 0..4 {
            if !matches!(self.tree.rel(x).base(), Deprel::Compound | Deprel::Nmod | Deprel::Amod | Deprel::Flat) {
                return false;
            }
            let Some(h) = self.tree.head(x) else { return false };
            if self.words.has(List::SettingNoun, &self.tree.lemma(h).to_lowercase()) {
                return true;
            }
            x = h;
        }
        false
    }

    /// Whether mentions `a` and `b` are of one country (or one actor code when they have none).
    fn same_country(&self, a: usize, b: usize) -> bool {
        let (a, b) = (&self.doc.mentions[a].actor, &self.doc.mentions[b].actor);
        match (&a.country, &b.country) {
            (Some(x), Some(y)) => x == y,
            _ => a.code == b.code,
        }
    }

    /// Whether the subject `s` (read as `r`) of a clause stands for the speaker when the clause is
    /// reported speech: a pronoun ("Pakistan said it would retaliate"), or a role noun of no country
    /// with a pronoun possessor ("Iran's foreign minister said his government was willing").
    fn stands_for_speaker(&self, s: usize, r: &Role) -> bool {
        let possessed = self.tree.children_by(s, Deprel::NmodPoss).any(|p| self.upos(p) == Upos::Pron);
        self.upos(s) == Upos::Pron || possessed && !self.has_country(r)
    }

    /// Whether some actor of the role has a country.
    fn has_country(&self, r: &Role) -> bool {
        r.mentions.iter().any(|&m| self.doc.mentions[m].actor.country.is_some())
    }

    /// The speaker of the clause `v` when it is reported speech (a `ccomp`): "Pakistan's military
    /// said it would retaliate against India": "it" is Pakistan's military.
    fn speaker_of(&self, v: usize, depth: usize) -> Option<Role> {
        let mut x = v;
        for _ in 0..3 {
            let h = self.tree.head(x)?;
            match self.tree.rel(x) {
                Deprel::Ccomp => {
                    let r = self.subject_of(h, depth + 1)?;
                    return r.filled().then_some(Role { via: Via::Speaker, ..r });
                }
                Deprel::Xcomp | Deprel::Conj => x = h,
                _ => return None,
            }
        }
        None
    }
}

/// Whether a trigger states a fact, by its own dependents and the clauses above it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Modality {
    Fact,
    /// "will" / "would": an intent or a threat.
    Intent,
    /// "not", "never", "no": nothing happened.
    Negated,
    /// A condition or a hedge ("if", "could", "may"): nothing is coded.
    Hedged,
}

impl Ctx<'_> {
    /// Whether `v` is an event noun that is the subject of a supposition: "a blockade of Taiwan by
    /// China would wipe $2 trillion off output".
    pub(crate) fn supposed(&self, v: usize) -> bool {
        self.upos(v) == Upos::Noun
            && matches!(self.tree.rel(v), Deprel::Nsubj | Deprel::NsubjPass)
            && self.tree.head(v).is_some_and(|h| self.tree.children(h).any(|c| self.tree.rel(c).base() == Deprel::Aux && self.words.has(List::HypotheticalAux, self.tree.lemma(c))))
    }

    /// The modality of trigger `v`: its negation and auxiliaries, and those of the clauses it is
    /// the complement of ("refused to send" is left to the word-order assembler's refusals), and
    /// a condition marking it or a clause above it.
    pub(crate) fn modality(&self, v: usize) -> Modality {
        if self.supposed(v) {
            return Modality::Hedged;
        }
        let mut x = v;
        let mut out = Modality::Fact;
        for _ in 0..4 {
            for c in self.tree.children(x) {
                let lemma = self.tree.lemma(c);
                match self.tree.rel(c).base() {
                    Deprel::Advmod | Deprel::Det if self.words.has(List::Negation, lemma) => return Modality::Negated,
                    Deprel::Aux if self.words.has(List::Hedge, lemma) => return Modality::Hedged,
                    Deprel::Aux if self.words.has(List::IntentAux, lemma) => out = Modality::Intent,
                    Deprel::Mark if self.words.has(List::Condition, lemma) => return Modality::Hedged,
                    _ => {}
                }
            }
            match (self.tree.rel(x), self.tree.head(x)) {
                (Deprel::Xcomp | Deprel::Conj, Some(h)) => x = h,
                _ => break,
            }
        }
        out
    }
}

/// A pass: reads one construction off the tree into the frame.
pub(crate) type Pass = fn(&Ctx, &mut Frame) -> Verdict;

/// The passes, in order. Each fills only roles still empty, so an earlier pass wins.
pub(crate) const PASSES: &[(&str, Pass)] = &[
    ("passive", passive),
    ("subject", subject),
    ("reduced relative", reduced_relative),
    ("relative clause", relative_clause),
    ("inherited subject", inherited_subject),
    ("nominal trigger", nominal_trigger),
    ("object", object),
    ("pattern preposition", pattern_preposition),
    ("oblique", oblique),
    ("object's noun modifier", object_modifier),
    ("speech complement", speech_complement),
    ("object's author", object_author),
    ("control complement", control_complement),
    ("deep target", deep_target),
    ("provocation", provocation),
];

/// Runs the passes over the trigger at word `trigger` (the lexicon matched `matched`).
pub(crate) fn read_roles(ctx: &Ctx, trigger: usize, matched: std::ops::Range<usize>, literals: &[&str], code: Option<CameoCode>) -> Frame {
    // A preposition that ends the pattern ("deliver * to", "meet with"), not one inside the
    // pattern's own object ("accuse * of * genocide").
    // It must belong to the trigger's own clause: in "demanded that M23 rebels withdraw from Goma"
    // the pattern "demand * from" reached into the complement clause.
    let pattern_case = matched.clone().find(|&w| w != trigger && ctx.tree.rel(w) == Deprel::Case && ctx.tree.head(w).is_some_and(|h| !matched.contains(&h) && ctx.in_clause_of(h, trigger)));
    // Words of the match that are the pattern's own words, not words its gaps skipped.
    let literal: Vec<usize> = matched.clone().filter(|&w| literals.iter().any(|l| l.eq_ignore_ascii_case(ctx.tree.text(w)) || l.eq_ignore_ascii_case(ctx.tree.lemma(w)))).collect();
    let mut f = Frame { trigger, matched, literal, source: None, target: None, object_without_actor: false, pattern_case, code };
    for (_, pass) in PASSES {
        if pass(ctx, &mut f) == Verdict::Done {
            break;
        }
    }
    f
}

fn is_verbal(ctx: &Ctx, i: usize) -> bool {
    matches!(ctx.upos(i), Upos::Verb | Upos::Aux) || matches!(ctx.upos(i), Upos::Adj) && ctx.tree.children_by(i, Deprel::Nsubj).next().is_some()
}

fn is_nominal(ctx: &Ctx, i: usize) -> bool {
    matches!(ctx.upos(i), Upos::Noun | Upos::Propn)
}

/// A passive trigger: its `nsubj:pass` is the target and its `obl:agent` the source.
/// "Kyiv was shelled by Russian forces": source Russian forces, target Kyiv.
fn passive(ctx: &Ctx, f: &mut Frame) -> Verdict {
    if let Some(p) = ctx.tree.children_by(f.trigger, Deprel::NsubjPass).find(|&p| !ctx.is_relative(p)) {
        // A passive subject that names no actor is the thing acted on ("supplies were airdropped
        // into Gaza"): an oblique may still name the target, and so may its own modifier
        // ("sanctions on Syria were suspended", "arms sales to Israel were frozen"). The pattern's
        // own object is the thing too ("jets were scrambled" for "scramble * jets"), unless it names
        // another country's people than the agent's ("Russian diplomats were expelled by Britain").
        if let Some(a) = passive_agent(ctx, f.trigger) {
            f.source = Some(a);
        }
        let thing = (f.literal.contains(&p) || f.matched.contains(&p) && ctx.bare_role_noun(p)) && !ctx.foreign_people(p, f);
        // Forces moved with no agent named are their own side's move: "North Korean troops have
        // been sent to Kursk", "U.S. troops were withdrawn from Niger" (the codes whose moved party
        // acts, `of_agent_codes`).
        let moved = f.code.is_some_and(|c| ctx.words.covers(List::OfAgentCodes, c));
        if moved && passive_agent(ctx, f.trigger).is_none() {
            let r = ctx.role(p, Via::PassiveSubject);
            if r.filled() && ctx.has_country(&r) {
                f.source = Some(Role { via: Via::MovedSubject, ..r });
                f.target = target_oblique(ctx, f);
                return Verdict::Next;
            }
        }
        // The pattern's own preposition of a partner names the target when its phrase names an
        // actor: the passive subject is then what was handed over ("Ecuadorean gang leader Adolfo
        // Macias was extradited to the United States by Ecuador", "extradite * to").
        let partner = f.pattern_case.filter(|&k| ctx.words.has(List::ObjectModifierCase, ctx.tree.lemma(k))).and_then(|k| ctx.tree.head(k)).is_some_and(|h| ctx.role_in(h, Via::Oblique, Some(f)).filled());
        if partner {
            return Verdict::Next;
        }
        f.target = Some(ctx.role(p, Via::PassiveSubject)).filter(|r| r.filled() && !thing);
        if f.target.is_none() {
            f.object_without_actor = true;
            f.target = noun_modifier(ctx, p, ctx.words.get(List::ObjectModifierCase), f);
        }
    }
    Verdict::Next
}

/// The agent of passive verb `v`: its `obl:agent`, or a "by" phrase the parser hung on one of its
/// obliques of time or place ("Asset freezes were imposed on Monday by the EU", parsed as
/// "Monday by the EU"), with the conjuncts the parser hung there too ("warned on Thursday by
/// London, Paris and Berlin").
fn passive_agent(ctx: &Ctx, v: usize) -> Option<Role> {
    let t = &ctx.tree;
    if let Some(a) = t.children_by(v, Deprel::OblAgent).next() {
        return Some(ctx.role(a, Via::Agent));
    }
    for o in t.children_by(v, Deprel::Obl) {
        let Some(g) = t.children(o).find(|&g| t.rel(g).base() == Deprel::Nmod && ctx.case_of(g) == Some("by")) else { continue };
        let mut r = ctx.role(g, Via::Agent);
        if !r.filled() {
            continue;
        }
        for c in t.children_by(o, Deprel::Conj).filter(|&c| c > g) {
            for m in ctx.role(c, Via::Agent).mentions {
                if !r.mentions.contains(&m) {
                    r.mentions.push(m);
                }
            }
        }
        r.mentions.sort_unstable();
        return Some(r);
    }
    None
}

/// The trigger's own subject is the source. "Turkey increased its purchases of Iranian oil".
fn subject(ctx: &Ctx, f: &mut Frame) -> Verdict {
    if f.source.is_none() && is_verbal(ctx, f.trigger) {
        if let Some((s, r)) = ctx.nsubj_role(f.trigger, Via::Subject) {
            // A pronoun subject of reported speech stands for the speaker, even where the
            // word-order memory resolved it to some actor: "Poland and Lithuania signalled they
            // would shut the crossings".
            f.source = if ctx.stands_for_speaker(s, &r) { ctx.speaker_of(f.trigger, 0).or(Some(r)) } else { Some(r) };
        }
    }
    Verdict::Next
}

/// A participle modifying a noun: "troops sent by Moscow" (the noun is the target, the agent the
/// source), "countries supporting Ukraine" (the noun is the source).
fn reduced_relative(ctx: &Ctx, f: &mut Frame) -> Verdict {
    if ctx.tree.rel(f.trigger) != Deprel::Acl || !is_verbal(ctx, f.trigger) {
        return Verdict::Next;
    }
    let Some(noun) = ctx.tree.head(f.trigger) else { return Verdict::Next };
    // A sentence whose root is the noun phrase has no other verb: the "participle" is its main
    // verb, misread ("Tens of thousands of Poles rallied in Warsaw", parsed as Poles who were
    // rallied).
    let mut top = noun;
    while ctx.tree.rel(top).base() == Deprel::Nmod {
        match ctx.tree.head(top) {
            Some(h) => top = h,
            None => break,
        }
    }
    // An agent needs its "by": "Turkish police detained Istanbul Mayor Ekrem Imamoglu", misparsed
    // as police detained by the mayor, has none.
    let agent = ctx.tree.children_by(f.trigger, Deprel::OblAgent).find(|&a| ctx.case_of(a).is_some());
    let main = ctx.tree.rel(top) == Deprel::Root && agent.is_none();
    if ctx.tree.word(f.trigger).xpos.as_str() == "VBN" && !main {
        // A modified noun that names a thing leaves the target to the participle's oblique: "the
        // first of 49 Abrams tanks gifted to Ukraine by Australia".
        let r = ctx.role(noun, Via::ModifiedNoun);
        let force = f.code.is_some_and(|c| ctx.words.covers(List::ForceRoots, c));
        let thing = !force && r.filled() && r.mentions.iter().all(|&m| ctx.is_thing(m));
        if f.target.is_none() && !thing {
            f.target = Some(r);
        }
        if f.source.is_none() {
            if let Some(a) = agent {
                f.source = Some(ctx.role(a, Via::Agent));
            }
        }
    } else if f.source.is_none() {
        f.source = Some(ctx.role(noun, Via::ModifiedNoun));
    }
    Verdict::Next
}

/// A relative clause: the modified noun stands for the relative pronoun. "the rebels who attacked
/// the convoy" (source the rebels); "the hostages whom they had taken" (target the hostages).
fn relative_clause(ctx: &Ctx, f: &mut Frame) -> Verdict {
    if ctx.tree.rel(f.trigger) != Deprel::AclRelcl {
        return Verdict::Next;
    }
    let Some(noun) = ctx.tree.head(f.trigger) else { return Verdict::Next };
    let rel_obj = ctx.tree.children_by(f.trigger, Deprel::Obj).any(|o| ctx.is_relative(o));
    let own_subject = f.source.is_some();
    if !own_subject {
        f.source = Some(ctx.role(noun, Via::ModifiedNoun));
    } else if f.target.is_none() && rel_obj {
        f.target = Some(ctx.role(noun, Via::ModifiedNoun));
    }
    Verdict::Next
}

/// A trigger with no subject of its own takes the one of the clause it depends on: control ("Iran
/// agreed to halt enrichment", "urged Iran to halt": the object controls), coordination ("Russia
/// attacked and seized the town") and adverbial participles ("shelled the city, killing ...").
fn inherited_subject(ctx: &Ctx, f: &mut Frame) -> Verdict {
    if f.source.is_none() && is_verbal(ctx, f.trigger) {
        f.source = ctx.subject_of(f.trigger, 0);
    }
    Verdict::Next
}

/// A nominal trigger ("talks", "invasion", "purchases"): the source is its possessor, its country
/// adjective or "by"/"from" phrase, or else the subject of the verb it is the object or oblique of
/// ("Modi held talks with ..."); the target is its noun modifier with a target preposition; with
/// "between", both parties.
fn nominal_trigger(ctx: &Ctx, f: &mut Frame) -> Verdict {
    let n = f.trigger;
    if !is_nominal(ctx, n) {
        return Verdict::Next;
    }
    let t = &ctx.tree;
    for c in t.children(n) {
        let rel = t.rel(c);
        let case = ctx.case_of(c);
        if rel.base() == Deprel::Nmod && case.is_some_and(|k| ctx.words.has(List::Between, k)) {
            let r = ctx.role(c, Via::Between);
            if r.mentions.len() >= 2 && f.source.is_none() {
                f.source = Some(r);
                return Verdict::Done;
            }
        }
    }
    // The agent of a participle on the event noun (or, as parsers attach it, on its "of" phrase)
    // acts, whatever the "of" phrase: "the call-up of conscripts ordered by Vladimir Putin", "a
    // stoppage called by the unions", "a bombing claimed by the Taliban".
    if f.source.is_none() {
        let of_child = ctx.of_phrase(n);
        f.source = std::iter::once(n)
            .chain(of_child)
            .flat_map(|x| t.children(x).filter(|&c| t.rel(c) == Deprel::Acl))
            .flat_map(|c| t.children_by(c, Deprel::OblAgent))
            .map(|a| ctx.role(a, Via::Agent))
            .find(Role::filled);
    }
    // An event noun whose "of" phrase acts: "the pullout of American troops from Niger".
    let of_agent = f.code.is_some_and(|c| ctx.words.covers(List::OfAgentCodes, c));
    let possessed = t.children_by(n, Deprel::NmodPoss).next().is_some();
    if of_agent && !possessed && f.source.is_none() {
        let of = t.children(n).find(|&c| t.rel(c).base() == Deprel::Nmod && ctx.case_of(c) == Some("of")).map(|c| ctx.role(c, Via::OfAgent));
        if let Some(r) = of.filter(Role::filled) {
            let head = r.head;
            f.source = Some(r);
            if f.target.is_none() {
                // The parser may hang the target on the "of" phrase: "of American troops from Niger".
                f.target = noun_modifier(ctx, n, ctx.words.get(List::OfAgentTargetCase), f).or_else(|| noun_modifier(ctx, head, ctx.words.get(List::OfAgentTargetCase), f));
            }
            return Verdict::Next;
        }
    }
    if f.source.is_none() {
        let poss = t.children_by(n, Deprel::NmodPoss).next().map(|p| ctx.role(p, Via::Possessor));
        let modifier = t.children(n).filter(|&c| matches!(t.rel(c), Deprel::Amod | Deprel::Compound) && ctx.mention_at[c].is_some()).map(|c| ctx.role(c, Via::Modifier)).next();
        let by_phrase = |x: usize| t.children(x).find(|&c| t.rel(c).base() == Deprel::Nmod && ctx.case_of(c).is_some_and(|k| ctx.words.has(List::SourceCase, k))).map(|c| ctx.role(c, Via::Agent)).filter(Role::filled);
        // The parser may hang the agent's phrase on the event noun's "of" phrase: "the extradition
        // of a trafficker from the United Arab Emirates to Britain".
        let of_child = ctx.of_phrase(n);
        let by = by_phrase(n).or_else(|| of_child.filter(|&o| ctx.mention_at[o].is_none()).and_then(by_phrase));
        f.source = poss.filter(Role::filled).or(modifier).or(by);
    }
    // The subject of a relative clause on the noun acts when the noun is what the clause's verb
    // acts on: "the ultimatum that Donald Trump gave Moscow" (its indirect object or target
    // oblique is the target), "a general strike that the unions had called".
    if f.source.is_none() {
        for r in t.children_by(n, Deprel::AclRelcl) {
            let Some(subject) = t.children_by(r, Deprel::Nsubj).find(|&s| !ctx.is_relative(s)).map(|s| ctx.role(s, Via::RelativeSubject)).filter(Role::filled) else { continue };
            f.source = Some(subject);
            if f.target.is_none() {
                let iobj = t.children_by(r, Deprel::Iobj).map(|o| ctx.role(o, Via::IndirectObject)).find(Role::filled);
                f.target = iobj.or_else(|| {
                    t.children_by(r, Deprel::Obl)
                        .filter(|&o| ctx.case_of(o).is_some_and(|k| ctx.words.has(List::NominalTargetCase, k) && k != "of"))
                        .map(|o| ctx.role(o, Via::Oblique))
                        .find(Role::filled)
                });
            }
            break;
        }
    }
    // Else the subject of the verb governing the noun acts ("Modi held talks with ..."); it is
    // known before the target, so that the source's own people yield to another party.
    if f.source.is_none() {
        f.source = governing_subject(ctx, n);
    }
    if f.target.is_none() {
        f.target = noun_modifier(ctx, n, ctx.words.get(List::NominalTargetCase), f);
    }
    // "an appeal from Qatar to Iran": parsers hang the target's phrase on the agent's name. (A
    // pattern ending in the agent's preposition, "=appeal from", names the agent, not a target.)
    let target_is_source = matches!((&f.target, &f.source), (Some(t), Some(s)) if t.mentions == s.mentions);
    if f.target.is_none() || target_is_source {
        if let Some(head) = f.source.as_ref().filter(|r| r.via == Via::Agent).map(|r| r.head) {
            f.target = noun_modifier(ctx, head, ctx.words.get(List::ObjectModifierCase), f);
        }
    }
    if f.target.is_none() && f.source.as_ref().is_some_and(|r| matches!(r.via, Via::Possessor | Via::Modifier)) {
        // The subject of the governing verb acts with the party the trigger's modifier names:
        // "Indian troops took part in Japanese naval exercises" (India with Japan).
        if let Some(g) = governing_subject(ctx, n).filter(Role::filled) {
            let own = f.source.as_ref().is_some_and(|r| r.mentions.iter().all(|&m| g.mentions.iter().any(|&s| ctx.same_country(s, m))));
            if !own {
                f.target = f.source.take();
                f.source = Some(g);
            }
        }
    }
    Verdict::Next
}

/// The subject of the verb a nominal trigger depends on: the trigger is its object, or an oblique or
/// a noun modifier of one ("Modi held talks with ...", "went to Dhaka for a meeting with ...").
fn governing_subject(ctx: &Ctx, n: usize) -> Option<Role> {
    let t = &ctx.tree;
    let mut x = n;
    for _ in 0..3 {
        let h = t.head(x)?;
        // A noun the parser hung on the verb as a clause ("went to Dhaka for a face-to-face
        // meeting with": "meeting" read as an advcl) is its oblique all the same.
        let misread_clause = x == n && t.rel(x) == Deprel::Advcl && is_nominal(ctx, x);
        if is_verbal(ctx, h) && (matches!(t.rel(x).base(), Deprel::Obj | Deprel::Obl | Deprel::Nsubj) || misread_clause) && t.rel(x) != Deprel::NsubjPass {
            if t.rel(x).base() == Deprel::Nsubj {
                return None;
            }
            return ctx.subject_of(h, 0).map(|r| Role { via: Via::LightVerbSubject, ..r });
        }
        if t.rel(x).base() != Deprel::Nmod {
            return None;
        }
        x = h;
    }
    None
}

/// The target among `head`'s nominal modifiers, by the preference order of `cases`; a case the
/// lexicon matched ("meet with") comes first.
fn noun_modifier(ctx: &Ctx, head: usize, cases: &[String], f: &Frame) -> Option<Role> {
    let t = &ctx.tree;
    let force = f.code.is_some_and(|c| ctx.words.covers(List::ForceRoots, c));
    let mods: Vec<(usize, usize)> = t
        .children(head)
        .filter(|&c| t.rel(c).base() == Deprel::Nmod && t.rel(c) != Deprel::NmodPoss)
        .filter_map(|c| {
            let case = ctx.case_of(c)?;
            let matched = ctx.case_word(c).is_some_and(|w| Some(w) == f.pattern_case);
            let rank = if matched { 0 } else { cases.iter().position(|k| k == case)? + 1 };
            Some((rank, c))
        })
        .collect();
    // The source's own people yield to another party: "Petro authorised the extradition of a FARC
    // commander to the United States" is Colombia's extradition to the United States.
    let source: &[usize] = f.source.as_ref().map_or(&[], |r| &r.mentions);
    let own = |r: &Role| !source.is_empty() && r.mentions.iter().all(|&m| source.iter().any(|&s| ctx.same_country(s, m)));
    // Nor is the source's own phrase the target: "=pullout of" names the party that withdraws.
    let is_source = |r: &Role| !source.is_empty() && r.mentions.iter().all(|m| source.contains(m));
    let best = |cands: Vec<((usize, usize), usize)>| cands.into_iter().map(|(rank, c)| (rank, ctx.role_in(c, Via::NounModifier, Some(f)))).filter(|(_, r)| r.filled() && !is_source(r)).min_by_key(|(rank, r)| (own(r), *rank, r.head)).map(|(_, r)| r);
    let direct = best(mods.iter().map(|&(rank, c)| ((rank, 0), c)).collect());
    if let Some(r) = direct.as_ref().filter(|r| !own(r)) {
        return Some(r.clone());
    }
    // A modifier naming no actor may carry the target one level down: "the suspension of trade
    // with Israel", "a freeze on aid to South Africa", "a ban on activities of the Awami League".
    let mut inner = Vec::new();
    for &(rank, c) in &mods {
        for g in t.children(c).filter(|&g| t.rel(g).base() == Deprel::Nmod && t.rel(g) != Deprel::NmodPoss) {
            let cases = ctx.words.get(List::NominalTargetCase);
            if let Some(k) = ctx.case_of(g).and_then(|k| cases.iter().position(|x| x == k)) {
                inner.push(((rank, k), g));
            } else if force && ctx.case_of(g).is_some_and(|k| ctx.words.has(List::StruckPlaceCase, k)) {
                // Under a use of force, the place of what was struck names whom it was struck in:
                // "a drone attack by Ukraine on a refinery in Russia's Volgograd region".
                inner.push(((rank, cases.len()), g));
            }
        }
    }
    // The source's own people one level up yield to another party one level down, which parsers
    // often hang there: "the extradition of a FARC commander to the United States".
    match (direct, best(inner)) {
        (Some(d), Some(i)) if own(&d) && !own(&i) => Some(i),
        (Some(d), _) => Some(d),
        (None, i) => i,
    }
}

/// The phrase of the preposition the lexicon pattern ends with is the target, wherever the parser
/// attached it: "vowed revenge against Israel", "delivered tanks to Ukraine".
fn pattern_preposition(ctx: &Ctx, f: &mut Frame) -> Verdict {
    if f.target.is_some() {
        return Verdict::Next;
    }
    if let Some(phrase) = f.pattern_case.and_then(|c| ctx.tree.head(c)) {
        // The "of" phrase of the pattern's own noun of setting names the occasion, not a party:
        // "met on the sidelines of the SCO summit" ("meet * on the sidelines of").
        let of_setting = ctx.tree.head(phrase).is_some_and(|h| f.literal.contains(&h) && ctx.words.has(List::SettingNoun, &ctx.tree.lemma(h).to_lowercase()));
        if of_setting {
            return Verdict::Next;
        }
        let r = ctx.role_in(phrase, Via::Oblique, Some(f));
        if r.filled() {
            f.target = Some(r);
        }
    }
    Verdict::Next
}

/// The indirect object, else the object, is the target: "gave Ukraine weapons", "attacked Kyiv". An
/// object that names no actor leaves the target to an oblique.
fn object(ctx: &Ctx, f: &mut Frame) -> Verdict {
    if f.target.is_some() || !is_verbal(ctx, f.trigger) {
        return Verdict::Next;
    }
    let t = &ctx.tree;
    for (rel, via) in [(Deprel::Iobj, Via::IndirectObject), (Deprel::Obj, Via::Object)] {
        if let Some(o) = t.children_by(f.trigger, rel).find(|&o| !ctx.is_relative(o)) {
            // The pattern's own object ("deliver * tanks to") is the thing, not the target, and so
            // is a bare role noun its gap skipped ("deliver * to": "delivered troops to"); an actor
            // in the gap is the target ("hold * responsible for": "held Algeria responsible").
            if (f.literal.contains(&o) || f.matched.contains(&o) && ctx.bare_role_noun(o)) && !ctx.foreign_people(o, f) {
                f.object_without_actor = true;
                // Whose act or proposal the pattern's own object is: "welcomed Trump's return",
                // "backed Rabat's self-rule proposal" ("welcome * return", "back * proposal").
                // A role noun's "of" name too: "expelled three diplomats of France" (not "the
                // first of its jets", "the remains of four hostages").
                let of_name = ctx.of_phrase(o).filter(|&p| ctx.upos(p) == Upos::Propn && ctx.mention_at[o].is_some_and(|m| ctx.doc.mentions[m].kind == dyad_model::MentionKind::Agent));
                if let Some(r) = t.children_by(o, Deprel::NmodPoss).chain(of_name).map(|p| ctx.role(p, Via::ObjectPossessor)).find(Role::filled) {
                    f.target = Some(r);
                    return Verdict::Next;
                }
                continue;
            }
            let r = ctx.role(o, via);
            // An object naming only a role noun of no country is a thing moved when an oblique
            // names the target: "delivered fighter jets to Ukraine", "bought helicopters from the
            // United States". Equipment or a building is a thing outside a use of force, whatever
            // country the context lends it: "purchased 96 attack helicopters from the United States".
            let force = f.code.is_some_and(|c| ctx.words.covers(List::ForceRoots, c));
            let thing = !force && r.filled() && r.mentions.iter().all(|&m| ctx.is_thing(m));
            if r.filled() && !thing && !(via == Via::Object && !ctx.has_country(&r) && target_oblique(ctx, f).is_some()) {
                f.target = Some(r);
                return Verdict::Next;
            }
            f.object_without_actor = true;
        }
    }
    Verdict::Next
}

/// An oblique with a target preposition: "provide military support to Armenia", "met with Modi".
/// A preposition the lexicon pattern names comes first, then the order of `target_case`.
fn oblique(ctx: &Ctx, f: &mut Frame) -> Verdict {
    if f.target.is_some() || !is_verbal(ctx, f.trigger) {
        return Verdict::Next;
    }
    if let Some(r) = target_oblique(ctx, f) {
        f.target = Some(r);
    }
    Verdict::Next
}

/// The trigger's oblique that names the target, if one does: the preposition the lexicon pattern
/// names first, then the order of `target_case`.
fn target_oblique(ctx: &Ctx, f: &Frame) -> Option<Role> {
    let t = &ctx.tree;
    // A place in an oblique of the pattern's own words is where it happened, and so is any noun of
    // setting: "took to the streets of Dhaka", "held their first summit on the sidelines of the
    // APEC meeting" (but "transferred into the custody of U.S. prosecutors" names them).
    let place = |r: &Role| r.mentions.iter().all(|&m| ctx.doc.mentions[m].kind == dyad_model::MentionKind::Metonym || ctx.doc.mentions[m].lead == dyad_model::Lead::City);
    t.children(f.trigger)
        .filter(|&c| t.rel(c) == Deprel::Obl && !ctx.words.has(List::SettingNoun, &t.lemma(c).to_lowercase()) && !(f.literal.contains(&c) && place(&ctx.role_in(c, Via::Oblique, Some(f)))))
        .filter_map(|c| {
            let case = ctx.case_of(c)?;
            let matched = ctx.case_word(c).is_some_and(|w| Some(w) == f.pattern_case);
            let cases = ctx.words.get(List::TargetCase);
            let force = f.code.is_some_and(|c| ctx.words.covers(List::ForceRoots, c));
            let rank = if matched {
                0
            } else if let Some(k) = cases.iter().position(|k| k == case) {
                k + 1
            } else if force && ctx.words.has(List::ForceTargetCase, case) {
                cases.len() + 1
            } else {
                return None;
            };
            Some((rank, c, ctx.role_in(c, Via::Oblique, Some(f))))
        })
        .filter(|(_, _, r)| r.filled())
        .min_by_key(|(rank, c, _)| (*rank, *c))
        .map(|(_, _, r)| r)
}

/// The object's own modifier: "imposed sanctions on Russia", "launched an attack against the base".
fn object_modifier(ctx: &Ctx, f: &mut Frame) -> Verdict {
    if f.target.is_some() || !is_verbal(ctx, f.trigger) {
        return Verdict::Next;
    }
    if let Some(o) = ctx.tree.children_by(f.trigger, Deprel::Obj).next() {
        // Under a use of force "at" names the target too: "fired 150 missiles at Ukraine's grid".
        let force = f.code.is_some_and(|c| ctx.words.covers(List::ForceRoots, c));
        let mut cases = ctx.words.get(List::ObjectModifierCase).to_vec();
        if force {
            cases.extend(ctx.words.get(List::ForceTargetCase).iter().cloned());
        }
        f.target = noun_modifier(ctx, o, &cases, f);
        // A partitive object's noun carries the modifier: "provided 25,000 tons of food aid to
        // Liberia".
        if f.target.is_none() && ctx.words.has(List::PartitiveNoun, &ctx.tree.lemma(o).to_lowercase()) {
            if let Some(inner) = ctx.of_phrase(o) {
                f.target = noun_modifier(ctx, inner, &cases, f);
            }
        }
    }
    Verdict::Next
}

/// With no other target, the author of the verb's object (an event noun's "of" phrase) is the party
/// acted on: its "from" or "by" phrase ("rejected a plea from the United Nations", "condemned attacks
/// by militias", "the rejection by the Taliban of a plea from the U.N."), or the agent of a participle
/// modifying it ("brushed aside a plan put to it by Poland and France").
fn object_author(ctx: &Ctx, f: &mut Frame) -> Verdict {
    if f.target.is_some() {
        return Verdict::Next;
    }
    let t = &ctx.tree;
    let from_phrases = |n: usize| t.children(n).filter(move |&c| t.rel(c) == Deprel::Nmod && ctx.case_of(c).is_some_and(|k| ctx.words.has(List::SourceCase, k)));
    let source: &[usize] = f.source.as_ref().map_or(&[], |r| &r.mentions);
    // An event noun's object is its "of" phrase, which parsers may hang on the agent's name; its
    // author's phrase may hang on the event noun: "the rejection by the Taliban of a plea from the
    // United Nations".
    let mut authors: Vec<usize> = Vec::new();
    let object = if is_verbal(ctx, f.trigger) {
        t.children_by(f.trigger, Deprel::Obj).find(|&o| !ctx.is_relative(o))
    } else if is_nominal(ctx, f.trigger) {
        let agent = f.source.as_ref().filter(|r| r.via == Via::Agent).map(|r| r.head);
        let object = ctx.of_phrase(f.trigger).or_else(|| agent.and_then(|a| ctx.of_phrase(a)));
        if object.is_some() {
            authors.extend(from_phrases(f.trigger).filter(|&c| Some(c) != agent));
        }
        object
    } else {
        None
    };
    let Some(o) = object else { return Verdict::Next };
    let agent = t.children(o).filter(|&c| t.rel(c).base() == Deprel::Acl && t.rel(c) != Deprel::AclRelcl).flat_map(|c| t.children_by(c, Deprel::OblAgent));
    let mut candidates: Vec<usize> = from_phrases(o).chain(agent).collect();
    candidates.extend(authors);
    f.target = candidates.into_iter().map(|c| ctx.role(c, Via::ObjectAuthor)).find(|r| r.filled() && r.mentions.iter().all(|m| !source.contains(m)));
    Verdict::Next
}

/// A speech act with a "that" clause (a `ccomp`) and no target of its own is aimed at someone in the
/// clause: for a demand, an accusation or a threat ([`Words::complement_subject_roots`]) the clause's
/// subject ("demanded that Iran report", "vowed that Israel would meet a bitter fate"); for a threat
/// whose clause has the speaker's side as subject ([`Words::complement_object_roots`]) the clause's
/// object or target oblique ("warned it would take countermeasures against the United States").
fn speech_complement(ctx: &Ctx, f: &mut Frame) -> Verdict {
    let verbal = is_verbal(ctx, f.trigger);
    if f.target.is_some() || !verbal && !is_nominal(ctx, f.trigger) {
        return Verdict::Next;
    }
    let Some(code) = f.code else { return Verdict::Next };
    let root = code.root();
    let t = &ctx.tree;
    // An event noun's content clause counts as a verb's: "a warning by Mark Rutte that China, India
    // and Brazil could be hit very hard".
    let that_clause = |c: usize| t.rel(c) == Deprel::Ccomp || !verbal && t.rel(c) == Deprel::Acl && t.children_by(c, Deprel::Mark).any(|m| t.lemma(m).eq_ignore_ascii_case("that"));
    let Some(c) = t.children(f.trigger).find(|&c| that_clause(c)) else { return Verdict::Next };
    let source_mentions: &[usize] = f.source.as_ref().map_or(&[], |r| &r.mentions);
    let subject = t.children_by(c, Deprel::Nsubj).chain(t.children_by(c, Deprel::NsubjPass)).next();
    let own_side = |r: &Role| r.mentions.iter().all(|&m| source_mentions.iter().any(|&s| ctx.same_country(s, m)));
    if let Some(s) = subject {
        let mut r = ctx.role(s, Via::ComplementSubject);
        // A subject naming an act, not an actor, stands for whoever does it: "warned that any
        // attempt by India to divert the water would be treated as an act of war".
        if !r.filled() {
            if let Some(by) = t.children(s).find(|&c| t.rel(c) == Deprel::Nmod && ctx.case_of(c).is_some_and(|k| ctx.words.has(List::SourceCase, k))) {
                r = ctx.role(by, Via::ComplementSubject);
            }
        }
        if ctx.words.has(List::ComplementSubjectRoots, root) && ctx.upos(s) != Upos::Pron && r.filled() && !own_side(&r) {
            f.target = Some(r);
            return Verdict::Next;
        }
    }
    let speaker_side = subject.is_none_or(|s| ctx.upos(s) == Upos::Pron || own_side(&ctx.role(s, Via::ComplementSubject)));
    if speaker_side && ctx.words.has(List::ComplementObjectRoots, root) {
        let mut inner = Frame { trigger: c, matched: c..c + 1, literal: Vec::new(), source: f.source.clone(), target: None, object_without_actor: false, pattern_case: None, code: None };
        // "warned it would crush any attempt by Taiwan": the object's author too.
        for pass in [object, oblique, object_modifier, object_author] {
            pass(ctx, &mut inner);
        }
        if let Some(r) = inner.target.filter(|r| r.filled() && !own_side(r)) {
            f.target = Some(Role { via: Via::ComplementObject, ..r });
        }
    }
    Verdict::Next
}

/// A trigger whose pattern ends at its infinitive ("offer to", "agree to", "pledge to", "refuse to")
/// and that has no target of its own is aimed at the target of the verb it controls: "Macron
/// offered to send a force of European troops to Ukraine", "Iran agreed to hand the uranium over
/// to the IAEA". Only the complement verb's own object, pattern-free oblique and object modifier
/// count: the complement's subject is the trigger's source.
fn control_complement(ctx: &Ctx, f: &mut Frame) -> Verdict {
    let verbal = is_verbal(ctx, f.trigger);
    if f.target.is_some() || !verbal && !is_nominal(ctx, f.trigger) {
        return Verdict::Next;
    }
    let t = &ctx.tree;
    // The pattern ends at the complement's "to" ("offer to"); a bare trigger ("threaten") whose
    // complement is a trigger of its own ("threatened to attack Ukraine") is coded with it. An
    // event noun's infinitive counts as a verb's: "Donald Trump's threat to reclaim the canal from
    // Panama" ("=threat to").
    let ends_at_to = |c: usize| t.children_by(c, Deprel::Mark).any(|m| f.matched.contains(&m));
    let complement = |c: usize| if verbal { t.rel(c) == Deprel::Xcomp } else { t.rel(c) == Deprel::Acl };
    let Some(c) = t.children(f.trigger).find(|&c| complement(c) && is_verbal(ctx, c) && !f.matched.contains(&c) && ends_at_to(c)) else { return Verdict::Next };
    let source: &[usize] = f.source.as_ref().map_or(&[], |r| &r.mentions);
    // Only a party named by its own name: a role noun ("send 1,000 police officers to Haiti") is
    // what is sent, a name inside a thing ("a U.S. ceasefire proposal") is no party, and the
    // source's own country is a setting ("host talks on Turkish soil").
    let named = |r: &Role| {
        r.filled()
            && r.mentions.iter().all(|&m| {
                let mention = &ctx.doc.mentions[m];
                !source.contains(&m) && source.iter().all(|&s| !ctx.same_country(s, m)) && mention.kind != dyad_model::MentionKind::Agent && ctx.mention_at[r.head] == Some(m)
            })
    };
    let mut inner = Frame { trigger: c, matched: c..c + 1, literal: Vec::new(), source: f.source.clone(), target: None, object_without_actor: false, pattern_case: None, code: None };
    for pass in [object, oblique, object_modifier] {
        pass(ctx, &mut inner);
        // What is sent is not the party it is sent to: look on past it.
        inner.target = inner.target.filter(named);
    }
    if let Some(r) = inner.target {
        f.target = Some(Role { via: Via::ComplementTarget, ..r });
    }
    Verdict::Next
}

/// With no target yet, a phrase of a deep target preposition (`deep_target_case`: "against") under
/// the trigger, however far down its own clause the parser hung it, names the target: "Poles rallied
/// in Warsaw on Sunday against the ruling party", "workers walked off the job in a strike against
/// the government's budget cuts", "students took to the streets to protest against the government".
/// It also replaces a place that the pattern's own preposition of setting named ("rally in":
/// "Serbian students rallied in Belgrade against President Vucic's government").
/// For a consultation (`consult_roots`) a "with" phrase counts too (`consult_deep_case`): "Putin
/// discussed the fighting in Idlib in a telephone call with Erdogan". The search follows phrases
/// and subjectless purpose clauses, not clauses with a subject of their own or reported speech.
fn deep_target(ctx: &Ctx, f: &mut Frame) -> Verdict {
    // A place the pattern's own preposition of setting named ("rally in": "rallied in Belgrade")
    // is where it happened; a deep target phrase, if there is one, says against whom.
    let place = |r: &Role| {
        r.via == Via::Oblique
            && ctx.case_of(r.head).is_some_and(|k| ctx.words.has(List::SettingCase, k))
            && r.mentions.iter().all(|&m| ctx.doc.mentions[m].kind == dyad_model::MentionKind::Metonym || ctx.doc.mentions[m].lead == dyad_model::Lead::City)
    };
    if f.target.as_ref().is_some_and(|r| !place(r)) {
        return Verdict::Next;
    }
    let t = &ctx.tree;
    let source: &[usize] = f.source.as_ref().map_or(&[], |r| &r.mentions);
    // A consultation's partner may stand deep too: "discussed the fighting in Idlib in a
    // telephone call with Erdogan" (`consult_roots`, `consult_deep_case`).
    let consult = f.code.is_some_and(|c| ctx.words.covers(List::ConsultRoots, c));
    // A show of force is aimed at what it surrounds or nears: "Beijing's war games around Taiwan"
    // (`aimed_roots`, `aimed_case`), never at the source's own country.
    let aimed = f.code.is_some_and(|c| ctx.words.covers(List::AimedRoots, c));
    let mut frontier = vec![f.trigger];
    // A show of force is aimed at whom it is to deter (`deter_verb`): "NATO rushed fighter jets
    // toward its eastern members to deter Russia"; also what it is meant to do when it is the
    // subject: "war games ... were meant to rattle NATO".
    // A show of force is never aimed at the source's own country.
    let foreign = |r: &Role| r.filled() && r.mentions.iter().all(|&m| source.iter().all(|&s| !ctx.same_country(s, m)));
    let deterred = |c: usize| {
        (aimed && is_verbal(ctx, c) && ctx.words.has(List::DeterVerb, &t.lemma(c).to_lowercase()))
            .then(|| t.children_by(c, Deprel::Obj).next().map(|o| ctx.role(o, Via::Deep)))
            .flatten()
            .filter(foreign)
    };
    if aimed && matches!(t.rel(f.trigger), Deprel::Nsubj | Deprel::NsubjPass) {
        for x in t.head(f.trigger).into_iter().flat_map(|h| t.children_by(h, Deprel::Xcomp)) {
            if let Some(r) = deterred(x) {
                f.target = Some(r);
                return Verdict::Next;
            }
        }
    }
    for _ in 0..4 {
        let mut next = Vec::new();
        for &x in &frontier {
            for c in t.children(x) {
                let rel = t.rel(c);
                let phrase = matches!(rel.base(), Deprel::Obl | Deprel::Nmod | Deprel::Obj) && rel != Deprel::NmodPoss && rel != Deprel::OblAgent;
                // "to protest against": an infinitive of purpose (with its "to"), not a participle
                // that adds an act of its own ("..., linking them to a campaign against").
                let purpose = matches!(rel.base(), Deprel::Xcomp | Deprel::Advcl) && t.children_by(c, Deprel::Nsubj).next().is_none() && t.children_by(c, Deprel::Mark).any(|m| t.word(m).upos == Upos::Part);
                // "a deployment of German troops intended to deter Russia".
                let intended = aimed && rel == Deprel::Acl && t.children_by(c, Deprel::Nsubj).next().is_none();
                if !(phrase || purpose || intended) {
                    continue;
                }
                let deep_case = |k: &str| ctx.words.has(List::DeepTargetCase, k) || consult && ctx.words.has(List::ConsultDeepCase, k);
                if let Some(r) = deterred(c).filter(|_| !phrase) {
                    f.target = Some(r);
                    return Verdict::Next;
                }
                // "a display of strength aimed at Pyongyang" (`aim_verb`).
                let aimed_at = aimed && is_verbal(ctx, x) && ctx.words.has(List::AimVerb, &t.lemma(x).to_lowercase()) && ctx.case_of(c) == Some("at");
                if phrase && aimed && (aimed_at || ctx.case_of(c).is_some_and(|k| ctx.words.has(List::AimedCase, k))) {
                    // "along the frontier with Eritrea": the border's other side.
                    let border = ctx.words.has(List::BorderNoun, &t.lemma(c).to_lowercase());
                    let at = if border { t.children_by_base(c, Deprel::Nmod).find(|&n| ctx.case_of(n) == Some("with")) } else { Some(c) };
                    if let Some(r) = at.map(|a| ctx.role(a, Via::Deep)).filter(foreign) {
                        f.target = Some(r);
                        return Verdict::Next;
                    }
                }
                if phrase && ctx.case_of(c).is_some_and(deep_case) {
                    let r = ctx.role(c, Via::Deep);
                    if r.filled() && r.mentions.iter().all(|m| !source.contains(m)) {
                        f.target = Some(r);
                        return Verdict::Next;
                    }
                }
                next.push(c);
            }
        }
        frontier = next;
    }
    Verdict::Next
}

/// A response (`provoked_roots`: yielding, threatening, mobilising) with no target is aimed at whoever
/// did what it answered: the subject of an "after" clause on it or on the verb it completes.
/// "South Korea's military raised its alert level after North Korea blew up roads"; "Moscow vowed
/// to take countermeasures after Finland joined NATO".
fn provocation(ctx: &Ctx, f: &mut Frame) -> Verdict {
    if f.target.is_some() || !f.code.is_some_and(|c| ctx.words.covers(List::ProvokedRoots, c)) {
        return Verdict::Next;
    }
    let t = &ctx.tree;
    let source: &[usize] = f.source.as_ref().map_or(&[], |r| &r.mentions);
    let mut x = f.trigger;
    for _ in 0..3 {
        for c in t.children_by_base(x, Deprel::Advcl) {
            if !t.children_by(c, Deprel::Mark).any(|m| ctx.words.has(List::ProvocationMark, t.lemma(m))) {
                continue;
            }
            if let Some(s) = t.children_by(c, Deprel::Nsubj).next() {
                let r = ctx.role(s, Via::Provocation);
                if r.filled() && r.mentions.iter().all(|&m| source.iter().all(|&o| !ctx.same_country(o, m))) {
                    f.target = Some(r);
                    return Verdict::Next;
                }
            }
        }
        match (t.rel(x), t.head(x)) {
            (Deprel::Xcomp | Deprel::Conj, Some(h)) => x = h,
            _ => break,
        }
    }
    Verdict::Next
}

#[cfg(test)]
mod tests {
    use super::*;
    use dyad_model::{Actor, Mention, MentionKind, Span};

    /// An actor of country `c` (code and country alike).
    fn name(c: &str) -> Actor {
        Actor { code: c.to_string(), country: Some(c.to_string()), ..Default::default() }
    }

    /// The texts of a role's mentions.
    fn names(doc: &Document, r: &Option<Role>) -> Vec<String> {
        r.as_ref().map(|r| r.mentions.iter().map(|&m| doc.slice(doc.mentions[m].span).to_string()).collect()).unwrap_or_default()
    }

    /// Parses `text` as one sentence with the built-in model and marks `actors` (substrings) as
    /// mentions; returns the roles of the trigger `trigger` (a substring).
    fn roles(text: &str, actors: &[&str], trigger: &str) -> (Vec<String>, Vec<String>, Frame) {
        roles_coded(text, actors, trigger, None)
    }

    /// As [`roles`], for a trigger whose CAMEO code is `code`.
    fn roles_coded(text: &str, actors: &[&str], trigger: &str, code: Option<&str>) -> (Vec<String>, Vec<String>, Frame) {
        let code = code.map(CameoCode::lit);
        let marked: Vec<(&str, Actor, MentionKind)> = actors.iter().map(|a| (*a, Actor { code: a.to_uppercase(), ..Default::default() }, MentionKind::Name)).collect();
        let (doc, f) = frame(text, &marked, trigger, code);
        (names(&doc, &f.source), names(&doc, &f.target), f)
    }

    /// Parses `text` as one sentence with the built-in model, marks each `(substring, actor, kind)` as
    /// a mention, and reads the roles of `trigger` (a substring) coded `code`.
    fn frame(text: &str, actors: &[(&str, Actor, MentionKind)], trigger: &str, code: Option<CameoCode>) -> (Document, Frame) {
        frame_matched(text, actors, trigger, 1, code)
    }

    /// As [`frame`], for a lexicon match of `words` words from the trigger ("offer to": 2).
    fn frame_matched(text: &str, actors: &[(&str, Actor, MentionKind)], trigger: &str, words: usize, code: Option<CameoCode>) -> (Document, Frame) {
        let mut doc = Document::new("t", text);
        dyad_text::process(&mut doc);
        let parser = dyad_syntax::Parser::embedded().expect("model");
        parser.parse_sentence(&mut doc, 0);
        for (a, actor, kind) in actors {
            let start = text.find(a).expect("actor in text") as u32;
            let end = start + a.len() as u32;
            let toks: Vec<u32> = (0..doc.tokens.len() as u32).filter(|&t| doc.tokens[t as usize].span.start >= start && doc.tokens[t as usize].span.end <= end).collect();
            doc.mentions.push(Mention { span: Span { start, end }, tokens: toks[0]..toks[toks.len() - 1] + 1, sentence: 0, actor: actor.clone(), kind: *kind, lead: dyad_model::Lead::Other, rule: String::new() });
        }
        doc.mentions.sort_by_key(|m| m.span.start);
        let f = {
            let ctx = Ctx::new(&doc, 0, 0..doc.mentions.len()).expect("parsed");
            let at = text.find(trigger).expect("trigger") as u32;
            let tok = doc.tokens.iter().position(|t| t.span.start == at).expect("token") as u32;
            let w = ctx.word_of_token(tok).expect("word");
            read_roles(&ctx, w, w..w + words, &[], code)
        };
        (doc, f)
    }

    #[test]
    fn subject_and_object() {
        let (s, t, _) = roles("Russia condemned the United States on Monday.", &["Russia", "United States"], "condemned");
        assert_eq!((s, t), (vec!["Russia".to_string()], vec!["United States".to_string()]));
    }

    #[test]
    fn passive_agent_is_the_source() {
        let (s, t, f) = roles("Kyiv was shelled by Russia on Tuesday.", &["Kyiv", "Russia"], "shelled");
        assert_eq!((s, t), (vec!["Russia".to_string()], vec!["Kyiv".to_string()]));
        assert_eq!(f.source.map(|r| r.via), Some(Via::Agent));
    }

    #[test]
    fn oblique_target_after_an_object_without_actor() {
        let (s, t, f) = roles("Germany does not provide military support to Armenia.", &["Germany", "Armenia"], "provide");
        assert_eq!((s, t), (vec!["Germany".to_string()], vec!["Armenia".to_string()]));
        assert!(f.object_without_actor);
    }

    #[test]
    fn control_gives_the_subject() {
        let (s, t, f) = roles("Iran agreed to release the sailors to Britain.", &["Iran", "Britain"], "release");
        assert_eq!(s, vec!["Iran".to_string()]);
        assert_eq!(t, vec!["Britain".to_string()]);
        assert_eq!(f.source.map(|r| r.via), Some(Via::Controller));
    }

    #[test]
    fn coordination_gives_every_member() {
        let (s, _, _) = roles("France, Germany and Italy condemned the attack.", &["France", "Germany", "Italy"], "condemned");
        assert_eq!(s, vec!["France".to_string(), "Germany".to_string(), "Italy".to_string()]);
    }

    #[test]
    fn nominal_trigger_reads_possessor_and_modifier() {
        let (s, t, _) = roles("Russia's invasion of Ukraine began in February.", &["Russia", "Ukraine"], "invasion");
        assert_eq!((s, t), (vec!["Russia".to_string()], vec!["Ukraine".to_string()]));
    }

    #[test]
    fn a_speaker_with_no_actor_is_an_empty_role() {
        let (s, _, f) = roles("Germany does not provide weapons to Armenia, a spokesman said.", &["Germany", "Armenia"], "said");
        assert!(s.is_empty());
        assert!(f.source.is_some(), "the spokesman is the subject: {f:?}");
    }

    #[test]
    fn a_demand_is_aimed_at_the_subject_of_its_clause() {
        let (s, t, f) = roles_coded("The African Union demanded that Rwanda withdraw its troops from Goma.", &["African Union", "Rwanda"], "demanded", Some("100"));
        assert_eq!((s, t), (vec!["African Union".to_string()], vec!["Rwanda".to_string()]));
        assert_eq!(f.target.map(|r| r.via), Some(Via::ComplementSubject));
    }

    #[test]
    fn a_threat_by_the_speakers_side_is_aimed_at_the_clause_object() {
        let (s, t, _) = roles_coded("Pyongyang warned it would take strong countermeasures against Seoul.", &["Pyongyang", "Seoul"], "warned", Some("130"));
        assert_eq!((s, t), (vec!["Pyongyang".to_string()], vec!["Seoul".to_string()]));
    }

    #[test]
    fn a_statement_is_not_aimed_at_its_clause() {
        let (_, t, _) = roles_coded("Japan said that China had increased its patrols.", &["Japan", "China"], "said", Some("010"));
        assert!(t.is_empty());
    }

    #[test]
    fn an_event_noun_whose_of_phrase_acts() {
        let (s, t, f) = roles_coded("The pullout of American troops from Niger ended on Monday.", &["American troops", "Niger"], "pullout", Some("0874"));
        assert_eq!((s, t), (vec!["American troops".to_string()], vec!["Niger".to_string()]));
        assert_eq!(f.source.map(|r| r.via), Some(Via::OfAgent));
    }

    #[test]
    fn a_passive_subject_without_actor_carries_the_target_in_its_modifier() {
        let (s, t, _) = roles("Sanctions on Syria were suspended by the European Union on Monday.", &["Syria", "European Union"], "suspended");
        assert_eq!((s, t), (vec!["European Union".to_string()], vec!["Syria".to_string()]));
    }

    #[test]
    fn a_nominal_triggers_modifier_is_the_partner_of_the_governing_subject() {
        let (s, t, _) = roles("Indian troops took part in Japanese naval exercises last year.", &["Indian troops", "Japanese"], "exercises");
        assert_eq!((s, t), (vec!["Indian troops".to_string()], vec!["Japanese".to_string()]));
    }

    #[test]
    fn an_object_of_no_country_yields_to_a_target_oblique() {
        let (s, t, _) = roles("Paris delivered the first fighter jets to Ukraine on Thursday.", &["Paris", "fighter jets", "Ukraine"], "delivered");
        assert_eq!((s, t), (vec!["Paris".to_string()], vec!["Ukraine".to_string()]));
    }

    #[test]
    fn the_two_leaders_are_the_last_two_named() {
        let person = |c: &str| (Actor { code: format!("{c}GOV"), country: Some(c.to_string()), ..Default::default() }, MentionKind::Person);
        let ((putin, pk), (xi, xk)) = (person("RUS"), person("CHN"));
        let (_, f) = frame("Putin hosted Xi in Moscow, and the two leaders signed an agreement on energy.", &[("Putin", putin, pk), ("Xi", xi, xk)], "signed", Some(CameoCode::lit("057")));
        assert_eq!(f.source.map(|r| r.mentions), Some(vec![0, 1]));
    }

    /// An event noun's target hung by the parser on its agent's name: "an appeal from Qatar to Iran".
    #[test]
    fn target_under_the_agent() {
        let (s, t, f) = roles_coded("An urgent appeal from Qatar to Iran for calm was read out at the meeting.", &["Qatar", "Iran"], "appeal", Some("020"));
        assert_eq!((s, t), (vec!["Qatar".to_string()], vec!["Iran".to_string()]), "{:?}", f.source.map(|r| r.via));
    }

    /// With no other target, the object's author is the party acted on.
    #[test]
    fn target_is_the_objects_author() {
        let (s, t, _) = roles("Israel dismissed a proposal drafted by Egypt.", &["Israel", "Egypt"], "dismissed");
        assert_eq!((s, t), (vec!["Israel".to_string()], vec!["Egypt".to_string()]));
    }

    /// A role noun whose "from" phrase names two countries stands for both.
    #[test]
    fn role_noun_of_coordinated_countries() {
        let country = |c: &str| (Actor { code: c.to_string(), country: Some(c.to_string()), ..Default::default() }, MentionKind::Name);
        let ((chn, ck), (rus, rk), (jpn, jk)) = (country("CHN"), country("RUS"), country("JPN"));
        let ships = Actor { code: "CHNMIL".into(), country: Some("CHN".into()), sectors: vec!["MIL".into()] };
        let (_, f) = frame("Warships from China and Russia staged joint drills near Japan on Monday.", &[("Warships", ships, MentionKind::Agent), ("China", chn, ck), ("Russia", rus, rk), ("Japan", jpn, jk)], "staged", None);
        assert_eq!(f.source.map(|r| r.mentions), Some(vec![1, 2]));
    }

    /// Parses `text`, marks `actors` as mentions of `kind`, and reads the roles of a lexicon match
    /// from word `first` to word `last` (substrings) whose literal words are `literals`.
    fn frame_literal(text: &str, actors: &[(&str, MentionKind)], first: &str, last: &str, literals: &[&str]) -> (Document, Frame) {
        let marked: Vec<(&str, Actor, MentionKind)> = actors.iter().map(|(a, k)| (*a, Actor { code: a.to_uppercase(), ..Default::default() }, *k)).collect();
        let (doc, _) = frame(text, &marked, first, None);
        let f = {
            let ctx = Ctx::new(&doc, 0, 0..doc.mentions.len()).expect("parsed");
            let word = |w: &str| ctx.word_of_token(doc.tokens.iter().position(|t| doc.slice(t.span) == w).expect("token") as u32).expect("word");
            let (v, o) = (word(first), word(last));
            read_roles(&ctx, v, v..o + 1, literals, None)
        };
        (doc, f)
    }

    /// The possessor of the pattern's own object is the target: "welcomed Trump's return".
    #[test]
    fn possessor_of_the_patterns_object() {
        let (doc, f) = frame_literal("India welcomed Trump's return to the White House.", &[("India", MentionKind::Name), ("Trump", MentionKind::Name), ("White House", MentionKind::Name)], "welcomed", "return", &["welcome", "return"]);
        let target = names(&doc, &f.target);
        assert_eq!(target, ["Trump"], "{f:?}");
        assert_eq!(f.target.map(|r| r.via), Some(Via::ObjectPossessor));
    }

    /// A place in an oblique of the pattern's own words is where it happened, not the target.
    #[test]
    fn a_place_in_the_patterns_own_oblique() {
        let (doc, f) = frame_literal("Thousands of students took to the streets of Dhaka to protest against the government's quota system.", &[("students", MentionKind::Agent), ("Dhaka", MentionKind::Metonym), ("government", MentionKind::Agent)], "took", "streets", &["take", "to", "the", "streets"]);
        let target = names(&doc, &f.target);
        assert_eq!(target, ["government"], "{f:?}");
    }

    /// An intent's target is the target of the verb it controls, past the role noun that is sent.
    #[test]
    fn control_complement_target() {
        let name = |c: &str| (Actor { code: c.to_uppercase(), country: Some(c.to_uppercase()), ..Default::default() }, MentionKind::Name);
        let (a, b) = (name("Kenya"), name("Haiti"));
        let officers = (Actor { code: "COP".into(), ..Default::default() }, MentionKind::Agent);
        let (doc, f) = frame_matched("Kenya offered to send 1,000 police officers to Haiti.", &[("Kenya", a.0, a.1), ("police officers", officers.0, officers.1), ("Haiti", b.0, b.1)], "offered", 2, None);
        let target = names(&doc, &f.target);
        assert_eq!(target, ["Haiti"], "{f:?}");
        assert_eq!(f.target.map(|r| r.via), Some(Via::ComplementTarget));
    }

    /// A conjunct the parser hangs on the first member's apposition is a member too.
    #[test]
    fn conjunct_after_an_apposition() {
        let (s, _, _) = roles("Rafael Grossi, head of the IAEA, and Abbas Araghchi discussed a framework for inspections.", &["Rafael Grossi", "IAEA", "Abbas Araghchi"], "discussed");
        assert!(s.contains(&"Abbas Araghchi".to_string()) && s.contains(&"Rafael Grossi".to_string()), "{s:?}");
    }

    /// An event noun's object is its "of" phrase; the author of that is the target, wherever the
    /// parser hung the phrases.
    #[test]
    fn the_event_nouns_object_author() {
        let (s, t, _) = roles("The rejection by Hungary of a plea from the United Nations angered diplomats.", &["Hungary", "United Nations"], "rejection");
        assert_eq!((s, t), (vec!["Hungary".to_string()], vec!["United Nations".to_string()]));
    }

    /// The party acted on through a role noun it owns is the owner; who acts stays the role noun.
    #[test]
    fn owner_of_a_role_noun_acted_on() {
        let rus = Actor { code: "RUS".into(), country: Some("RUS".into()), ..Default::default() };
        let firms = Actor { code: "RUSBUS".into(), country: Some("RUS".into()), ..Default::default() };
        let usa = Actor { code: "USA".into(), country: Some("USA".into()), ..Default::default() };
        let (doc, f) = frame("The United States imposed sanctions on Russia's largest oil companies.", &[("United States", usa.clone(), MentionKind::Name), ("Russia", rus.clone(), MentionKind::Name), ("oil companies", firms.clone(), MentionKind::Agent)], "imposed", None);
        let target = names(&doc, &f.target);
        assert_eq!(target, ["Russia"], "{f:?}");
        let (doc, f) = frame("Russia's oil companies attacked the United States.", &[("Russia", rus, MentionKind::Name), ("oil companies", firms, MentionKind::Agent), ("United States", usa, MentionKind::Name)], "attacked", None);
        let source = names(&doc, &f.source);
        assert_eq!(source, ["oil companies"], "{f:?}");
    }

    /// An "against" phrase deep in the trigger's clause names the target when nothing else does.
    #[test]
    fn deep_against_phrase() {
        let (_, t, f) = roles("Tens of thousands of Poles rallied in Warsaw on Sunday against the ruling party.", &["Poles", "Warsaw", "ruling party"], "rallied");
        assert_eq!(t, ["ruling party"], "{f:?}");
        // Not through a participle that adds an act of its own.
        let (_, t, _) = roles("Canada expelled six diplomats, linking them to a campaign of violence against Sikh separatists.", &["Canada", "Sikh separatists"], "expelled");
        assert!(t.is_empty(), "{t:?}");
    }

    #[test]
    fn a_deep_target_replaces_the_patterns_place() {
        let (doc, f) = frame_literal("Students rallied in Belgrade on Saturday against the ruling party.", &[("Students", MentionKind::Agent), ("Belgrade", MentionKind::Metonym), ("ruling party", MentionKind::Agent)], "rallied", "in", &["rally", "in"]);
        assert_eq!(names(&doc, &f.target), ["ruling party"], "{f:?}");
        let (doc, f) = frame_literal("Students rallied in Belgrade on Saturday.", &[("Students", MentionKind::Agent), ("Belgrade", MentionKind::Metonym)], "rallied", "in", &["rally", "in"]);
        assert_eq!(names(&doc, &f.target), ["Belgrade"], "{f:?}");
    }

    #[test]
    fn a_passive_handed_over_to_a_partner() {
        let (doc, f) = frame_literal("Gang leader Adolfo Macias was extradited to the United States on Sunday.", &[("Adolfo Macias", MentionKind::Person), ("United States", MentionKind::Name)], "extradited", "to", &["extradite", "to"]);
        assert_eq!(names(&doc, &f.target), ["United States"], "{f:?}");
        // "of" names what is alleged, not a partner: the passive subject stays the target.
        let (doc, f) = frame_literal("Adolfo Macias was accused of trafficking by Ecuador on Sunday.", &[("Adolfo Macias", MentionKind::Person), ("Ecuador", MentionKind::Name)], "accused", "of", &["accuse", "of"]);
        assert_eq!(names(&doc, &f.target), ["Adolfo Macias"], "{f:?}");
    }

    #[test]
    fn an_agent_needs_its_by() {
        // Misparsed as "police [who were] detained by the mayor": no "by", so the participle is the
        // main verb and the noun its subject.
        let (s, _, f) = roles("Turkish police detained Istanbul Mayor Ekrem Imamoglu, President Erdogan's main political rival, on Wednesday.", &["Turkish police", "Ekrem Imamoglu", "Erdogan"], "detained");
        assert_eq!(s, ["Turkish police"], "{f:?}");
    }

    #[test]
    fn deep_with_phrase_of_a_consultation() {
        let text = "Putin discussed the fighting in Idlib in a telephone call with Erdogan on Friday.";
        let (_, t, f) = roles_coded(text, &["Putin", "Idlib", "Erdogan"], "discussed", Some("040"));
        assert_eq!(t, ["Erdogan"], "{f:?}");
        // Only for a consultation.
        let (_, t, _) = roles_coded(text, &["Putin", "Idlib", "Erdogan"], "discussed", Some("111"));
        assert!(t.is_empty(), "{t:?}");
    }

    /// A show of force is aimed at what a phrase of `aimed_case` names, a border at its other side,
    /// never at the source's own country.
    #[test]
    fn a_show_of_force_is_aimed_at_what_it_surrounds() {
        let (doc, f) = frame("China's war games around Taiwan began on Thursday.", &[("China", name("CHN"), MentionKind::Name), ("Taiwan", name("TWN"), MentionKind::Name)], "games", Some(CameoCode::lit("150")));
        assert_eq!(names(&doc, &f.target), ["Taiwan"], "{f:?}");
        let (doc, f) = frame("Ethiopia massed troops along the frontier with Eritrea.", &[("Ethiopia", name("ETH"), MentionKind::Name), ("Eritrea", name("ERI"), MentionKind::Name)], "massed", Some(CameoCode::lit("154")));
        assert_eq!(names(&doc, &f.target), ["Eritrea"], "{f:?}");
        // Not the source's own ground, and not outside a show of force.
        let (doc, f) = frame("Russia massed troops near Belgorod on Friday.", &[("Russia", name("RUS"), MentionKind::Name), ("Belgorod", name("RUS"), MentionKind::Metonym)], "massed", Some(CameoCode::lit("154")));
        assert!(names(&doc, &f.target).is_empty(), "{f:?}");
        let (doc, f) = frame("China held talks near Taiwan on Thursday.", &[("China", name("CHN"), MentionKind::Name), ("Taiwan", name("TWN"), MentionKind::Name)], "talks", Some(CameoCode::lit("040")));
        assert!(names(&doc, &f.target).is_empty(), "{f:?}");
    }

    /// An event noun's "that" clause is aimed like a verb's: a warning at the clause's subject.
    #[test]
    fn an_event_nouns_content_clause() {
        let (s, t, f) = roles_coded("A warning by Mark Rutte that China could be hit by sanctions drew a sharp response on Wednesday.", &["Mark Rutte", "China"], "warning", Some("130"));
        assert_eq!((s, t), (vec!["Mark Rutte".to_string()], vec!["China".to_string()]), "{f:?}");
    }

    /// An event noun's infinitive is read like a verb's complement: "threat to send troops to
    /// Mexico" (the pattern "=threat to").
    #[test]
    fn an_event_nouns_infinitive() {
        let (doc, f) = frame_literal("Trump's threat to send troops to Mexico drew protests on Sunday.", &[("Trump", MentionKind::Person), ("Mexico", MentionKind::Name)], "threat", "to", &["threat", "to"]);
        assert_eq!(names(&doc, &f.target), ["Mexico"], "{f:?}");
    }

    /// An event noun's modifier naming the source's own people yields to one naming another party,
    /// at its level or one below.
    #[test]
    fn the_sources_own_people_yield_to_another_party() {
        let (doc, f) = frame("Colombia approved the extradition of a Colombian rebel commander to the United States.", &[("Colombia", name("COL"), MentionKind::Name), ("Colombian rebel commander", name("COL"), MentionKind::Agent), ("United States", name("USA"), MentionKind::Name)], "extradition", Some(CameoCode::lit("063")));
        assert_eq!((names(&doc, &f.source), names(&doc, &f.target)), (vec!["Colombia".to_string()], vec!["United States".to_string()]), "{f:?}");
        let (doc, f) = frame("Colombia approved the extradition of a Colombian rebel commander.", &[("Colombia", name("COL"), MentionKind::Name), ("Colombian rebel commander", name("COL"), MentionKind::Agent)], "extradition", Some(CameoCode::lit("063")));
        assert_eq!(names(&doc, &f.target), ["Colombian rebel commander"], "{f:?}");
    }

    /// A show of force is aimed at whom it is to deter: in a purpose clause, or what it is meant to
    /// do when it is the subject.
    #[test]
    fn a_show_of_force_is_aimed_at_whom_it_deters() {
        let (doc, f) = frame("China staged large drills on Monday to deter Taiwan.", &[("China", name("CHN"), MentionKind::Name), ("Taiwan", name("TWN"), MentionKind::Name)], "staged", Some(CameoCode::lit("150")));
        assert_eq!(names(&doc, &f.target), ["Taiwan"], "{f:?}");
        let (doc, f) = frame("The war games by Russia were meant to rattle NATO.", &[("Russia", name("RUS"), MentionKind::Name), ("NATO", name("IGO"), MentionKind::Name)], "games", Some(CameoCode::lit("150")));
        assert_eq!(names(&doc, &f.target), ["NATO"], "{f:?}");
        // Not outside a show of force.
        let (doc, f) = frame("China held talks on Monday to deter Taiwan.", &[("China", name("CHN"), MentionKind::Name), ("Taiwan", name("TWN"), MentionKind::Name)], "talks", Some(CameoCode::lit("040")));
        assert!(names(&doc, &f.target).is_empty(), "{f:?}");
    }

    /// The subject of a relative clause on an event noun acts; the clause's indirect object is the
    /// target.
    #[test]
    fn the_subject_of_a_relative_clause_on_the_event_noun() {
        let (s, t, f) = roles("The ultimatum that Donald Trump gave Moscow on Monday was dismissed by lawmakers.", &["Donald Trump", "Moscow", "lawmakers"], "ultimatum");
        assert_eq!((s, t), (vec!["Donald Trump".to_string()], vec!["Moscow".to_string()]), "{f:?}");
    }

    /// A passive's "by" phrase hung on an oblique of time is still its agent, with its conjuncts.
    #[test]
    fn a_misattached_passive_agent() {
        let (s, t, f) = roles("Tehran was warned on Thursday by London, Paris and Berlin that sanctions would return.", &["Tehran", "London", "Paris", "Berlin"], "warned");
        assert_eq!(s, ["London", "Paris", "Berlin"], "{f:?}");
        assert_eq!(t, ["Tehran"], "{f:?}");
    }

    /// A participle's modified noun that names a thing leaves the target to the participle's
    /// oblique: "tanks gifted to Ukraine by Australia".
    #[test]
    fn a_thing_given_leaves_the_target_to_the_oblique() {
        let tanks = Actor { code: "MIL".into(), sectors: vec!["MIL".into()], ..Default::default() };
        let (doc, f) = frame("The first of 49 Abrams tanks gifted to Ukraine by Australia have reached Europe.", &[("tanks", tanks, MentionKind::Agent), ("Ukraine", name("UKR"), MentionKind::Name), ("Australia", name("AUS"), MentionKind::Name)], "gifted", Some(CameoCode::lit("070")));
        assert_eq!((names(&doc, &f.source), names(&doc, &f.target)), (vec!["Australia".to_string()], vec!["Ukraine".to_string()]), "{f:?}");
    }

    /// Under a use of force, the place of what was struck names the target; not otherwise.
    #[test]
    fn the_place_of_what_was_struck() {
        let (_, t, f) = roles_coded("A drone attack by Ukraine on a refinery in Russia set off a large fire.", &["Ukraine", "Russia"], "attack", Some("190"));
        assert_eq!(t, ["Russia"], "{f:?}");
        let (_, t, f) = roles_coded("A visit by Ukraine to a refinery in Russia set off a large fire.", &["Ukraine", "Russia"], "visit", Some("042"));
        assert!(t.is_empty(), "{f:?}");
    }

    /// The pattern's own object, a role noun, stands for the name of its "of" phrase: "expel *
    /// diplomats" in "expelled three diplomats of France".
    #[test]
    fn the_patterns_object_of_a_named_country() {
        let (doc, f) = frame_literal("Mali expelled three diplomats of France on Monday.", &[("Mali", MentionKind::Name), ("diplomats", MentionKind::Agent), ("France", MentionKind::Name)], "expelled", "diplomats", &["expel", "diplomats"]);
        assert_eq!(names(&doc, &f.target), ["France"], "{f:?}");
        // A thing's "of" phrase is not its owner: "returned the remains of four hostages".
        let (doc, f) = frame_literal("Hamas returned the remains of four hostages to Israel.", &[("Hamas", MentionKind::Name), ("hostages", MentionKind::Agent), ("Israel", MentionKind::Name)], "returned", "remains", &["return", "remains"]);
        assert_ne!(names(&doc, &f.target), ["hostages"], "{f:?}");
    }

    /// A name in the gap of a pattern ("accuse * of") is the party acted on, not a thing.
    #[test]
    fn a_name_in_the_patterns_gap_is_the_target() {
        let marked: Vec<(&str, Actor, MentionKind)> = ["South Africa", "Israel"].iter().map(|a| (*a, Actor { code: a.to_uppercase(), ..Default::default() }, MentionKind::Name)).collect();
        let (doc, f) = frame_matched("South Africa accused Israel of genocide.", &marked, "accused", 3, None);
        let target = names(&doc, &f.target);
        assert_eq!(target, ["Israel"], "{f:?}");
    }

    /// Forces moved in the passive with no agent are their own side's move.
    #[test]
    fn forces_moved_in_the_passive_are_the_source() {
        let (doc, f) = frame_matched("Thousands of North Korean troops have been sent to Russia.", &[("North Korean troops", name("PRK"), MentionKind::Agent), ("Russia", name("RUS"), MentionKind::Name)], "sent", 1, Some(CameoCode::lit("154")));
        assert_eq!((names(&doc, &f.source), names(&doc, &f.target)), (vec!["North Korean troops".to_string()], vec!["Russia".to_string()]), "{f:?}");
        // With an agent, the agent moves them.
        let (doc, f) = frame_matched("North Korean troops were sent to Russia by Pyongyang.", &[("North Korean troops", name("PRK"), MentionKind::Agent), ("Russia", name("RUS"), MentionKind::Name), ("Pyongyang", name("PRK"), MentionKind::Metonym)], "sent", 1, Some(CameoCode::lit("154")));
        let source = names(&doc, &f.source);
        assert_eq!(source, ["Pyongyang"], "{f:?}");
    }

    /// A response with no target is aimed at the subject of the "after" clause it answers.
    #[test]
    fn a_response_is_aimed_at_what_it_answered() {
        let (_, t, _) = roles_coded("South Korea raised its alert level after North Korea blew up roads near the border.", &["South Korea", "North Korea"], "raised", Some("151"));
        assert_eq!(t, ["North Korea"]);
        // Not for other acts: a visit after an election is not aimed at the voters' country.
        let (_, t, _) = roles_coded("South Korea raised its alert level after North Korea blew up roads near the border.", &["South Korea", "North Korea"], "raised", Some("042"));
        assert!(t.is_empty(), "{t:?}");
    }

    /// A threat's "that" clause whose subject or object is an act names its doer as the target.
    #[test]
    fn a_threat_against_an_attempt_is_aimed_at_its_doer() {
        let (_, t, _) = roles_coded("Pakistan warned that any attempt by India to divert the water would be treated as an act of war.", &["Pakistan", "India"], "warned", Some("130"));
        assert_eq!(t, ["India"]);
        let (_, t, _) = roles_coded("China warned that it would crush any attempt by Taiwan to seek independence.", &["China", "Taiwan"], "warned", Some("130"));
        assert_eq!(t, ["Taiwan"]);
    }

    /// A partitive object's noun carries the target's modifier.
    #[test]
    fn target_on_a_partitive_objects_noun() {
        let (_, t, _) = roles("Japan will provide nearly 25,000 tons of emergency food aid to Liberia.", &["Japan", "Liberia"], "provide");
        assert_eq!(t, ["Liberia"]);
    }


    /// The pattern's own object naming another country's people is the target; the source's own
    /// people are the thing moved.
    #[test]
    fn foreign_people_in_the_patterns_object() {
        let gbr = Actor { code: "GBR".into(), country: Some("GBR".into()), ..Default::default() };
        let diplomats = Actor { code: "RUSGOV".into(), country: Some("RUS".into()), ..Default::default() };
        let marked = |text: &'static str| -> Vec<(&'static str, Actor, MentionKind)> { vec![(if text.contains("Britain") { "Britain" } else { "Russia" }, gbr.clone(), MentionKind::Name), ("Russian diplomats", diplomats.clone(), MentionKind::Agent)] };
        let doc_f = |text: &'static str, trigger: &str| {
            let (mut doc, _) = frame(text, &marked(text), trigger, None);
            for m in doc.mentions.iter_mut().filter(|m| m.kind == MentionKind::Agent) {
                m.lead = dyad_model::Lead::Adjective;
            }
            let ctx = Ctx::new(&doc, 0, 0..doc.mentions.len()).expect("parsed");
            let at = text.find(trigger).expect("trigger") as u32;
            let w = ctx.word_of_token(doc.tokens.iter().position(|t| t.span.start == at).expect("token") as u32).expect("word");
            let o = ctx.word_of_token(doc.tokens.iter().position(|t| doc.slice(t.span) == "diplomats").expect("token") as u32).expect("word");
            let f = read_roles(&ctx, w, w.min(o)..w.max(o) + 1, &["expel", "diplomats"], None);
            names(&doc, &f.target)
        };
        assert_eq!(doc_f("Britain expelled 23 Russian diplomats on Wednesday.", "expelled"), ["Russian diplomats"]);
        assert_eq!(doc_f("23 Russian diplomats were expelled by Britain on Wednesday.", "expelled"), ["Russian diplomats"]);
    }


    /// Under a use of force an "at" phrase names the target; elsewhere it is a place.
    #[test]
    fn at_names_the_target_of_force_only() {
        let (_, t, _) = roles_coded("Russia launched missiles at Ukraine overnight.", &["Russia", "Ukraine"], "launched", Some("195"));
        assert_eq!(t, ["Ukraine"]);
        let (_, t, _) = roles_coded("Russian forces fired dozens of missiles at Ukraine overnight, the air force said.", &["Russian forces", "Ukraine"], "fired", Some("195"));
        assert_eq!(t, ["Ukraine"]);
        let (_, t, _) = roles_coded("Russia held talks at the United Nations on Friday.", &["Russia", "United Nations"], "held", Some("040"));
        assert!(t.is_empty(), "{t:?}");
    }


    /// An event noun the parser hung on the verb as a clause takes the verb's subject all the same.
    #[test]
    fn event_noun_misread_as_a_clause() {
        let (s, t, _) = roles("Then Modi went to Dhaka for a face-to-face meeting with his Bangladeshi counterpart.", &["Modi", "Bangladeshi counterpart"], "meeting");
        assert_eq!((s, t), (vec!["Modi".to_string()], vec!["Bangladeshi counterpart".to_string()]));
    }


    /// The "of" phrase of a pattern's own noun of setting names the occasion, not a party.
    #[test]
    fn the_occasion_of_a_meeting_is_no_party() {
        let (doc, f) = frame_literal("Putin and Xi met on the sidelines of the SCO summit in Samarkand.", &[("Putin", MentionKind::Person), ("Xi", MentionKind::Person), ("SCO", MentionKind::Name)], "met", "of", &["meet", "on", "the", "sidelines", "of"]);
        let target = names(&doc, &f.target);
        assert!(target.is_empty(), "{f:?}");
        let ctx = Ctx::new(&doc, 0, 0..doc.mentions.len()).expect("parsed");
        let sco = doc.mentions.iter().position(|m| doc.slice(m.span) == "SCO").expect("mention");
        assert!(ctx.in_setting(sco));
        // The pattern need not name the setting: "held their first summit on the sidelines of".
        let (doc, f) = frame_literal("Takaichi and Lee held their first summit on the sidelines of the APEC meeting.", &[("Takaichi", MentionKind::Person), ("Lee", MentionKind::Person), ("APEC", MentionKind::Name)], "held", "summit", &["hold", "summit"]);
        assert!(names(&doc, &f.target).is_empty(), "{f:?}");
    }

}
