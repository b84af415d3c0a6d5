//! The word lists both coders read, in one place: `data/lexicon/words.tsv`, embedded and parsed once.
//!
//! Each row of the file is one [`List`]: the tree coder's function words (which prepositions mark a
//! target, which determiners make a pair) and the word-order assembler's word classes (auxiliaries,
//! possessives, nouns of saying). Code asks `is(List::Possessive, word)`; it holds no word lists of its
//! own beyond punctuation and the conjunctions that bound a clause.

use dyad_model::CameoCode;
use std::sync::OnceLock;

macro_rules! lists {
    ($($variant:ident = $name:literal,)*) => {
        /// One list of `data/lexicon/words.tsv`, by the kind in its first column.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub(crate) enum List {
            $($variant,)*
        }

        impl List {
            /// Every list, in the order of the file.
            pub(crate) const ALL: &'static [List] = &[$(List::$variant,)*];

            /// The list's kind in the file.
            pub(crate) fn name(self) -> &'static str {
                match self {
                    $(List::$variant => $name,)*
                }
            }
        }
    };
}

lists! {
    TargetCase = "target_case",
    NominalTargetCase = "nominal_target_case",
    ObjectModifierCase = "object_modifier_case",
    DeepTargetCase = "deep_target_case",
    ProvocationMark = "provocation_mark",
    ProvokedRoots = "provoked_roots",
    SportWord = "sport_word",
    ForceRoots = "force_roots",
    ForceTargetCase = "force_target_case",
    OfAgentCodes = "of_agent_codes",
    OfAgentTargetCase = "of_agent_target_case",
    SourceCase = "source_case",
    ComplementSubjectRoots = "complement_subject_roots",
    ComplementObjectRoots = "complement_object_roots",
    Pair = "pair",
    Between = "between",
    Relative = "relative",
    MemberCase = "member_case",
    Negation = "negation",
    Hedge = "hedge",
    IntentAux = "intent_aux",
    Condition = "condition",
    HypotheticalAux = "hypothetical_aux",
    Announce = "announce",
    ClauseOpener = "clause_opener",
    PlaceNoun = "place_noun",
    LocationCase = "location_case",
    PartNoun = "part_noun",
    NounDeterminer = "noun_determiner",
    NoModifier = "no_modifier",
    EventNounGovernor = "event_noun_governor",
    LyAdjective = "ly_adjective",
    VerbLeft = "verb_left",
    PreverbAdverb = "preverb_adverb",
    Auxiliary = "auxiliary",
    PhaseVerb = "phase_verb",
    ReportBreak = "report_break",
    FiniteLeft = "finite_left",
    HedgeAdverb = "hedge_adverb",
    PassiveAux = "passive_aux",
    SpeechForm = "speech_form",
    ThreatNoun = "threat_noun",
    ClaimNoun = "claim_noun",
    AuxOrAdverb = "aux_or_adverb",
    Possessive = "possessive",
    SettingCase = "setting_case",
    SettingNoun = "setting_noun",
    ThingNoun = "thing_noun",
    ProposalNoun = "proposal_noun",
    BackgroundMark = "background_mark",
    ConsultRoots = "consult_roots",
    OwnForcesRoots = "own_forces_roots",
    ReciprocalCase = "reciprocal_case",
    JoinVerb = "join_verb",
    PerfectAux = "perfect_aux",
    ConsultDeepCase = "consult_deep_case",
    AimedRoots = "aimed_roots",
    AimedCase = "aimed_case",
    BorderNoun = "border_noun",
    DeterVerb = "deter_verb",
    AimVerb = "aim_verb",
    CrowdNoun = "crowd_noun",
    GatheringCase = "gathering_case",
    StruckPlaceCase = "struck_place_case",
    NotNounModifier = "not_noun_modifier",
    AttackNoun = "attack_noun",
    DrillNoun = "drill_noun",
    PartitiveNoun = "partitive_noun",
    ExchangeVerb = "exchange_verb",
    Preposition = "preposition",
    PhraseDeterminer = "phrase_determiner",
}

/// The parsed lists, indexed by [`List`].
#[derive(Debug)]
pub(crate) struct Words {
    lists: Vec<Vec<String>>,
}

impl Words {
    /// Parses the file's rows (`kind<TAB>word|word|...`); returns the lists and the rows that are not
    /// one of them (by line number).
    pub(crate) fn parse(text: &str) -> (Words, Vec<(usize, String)>) {
        let mut lists = vec![Vec::new(); List::ALL.len()];
        let mut bad = Vec::new();
        for (n, line) in text.lines().enumerate() {
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            let Some((kind, items)) = line.split_once('\t') else {
                bad.push((n + 1, format!("expected kind<TAB>words: {line:?}")));
                continue;
            };
            let Some(i) = List::ALL.iter().position(|l| l.name() == kind.trim()) else {
                bad.push((n + 1, format!("unknown list {kind:?}")));
                continue;
            };
            lists[i].extend(items.split('|').map(|s| s.trim().to_string()).filter(|s| !s.is_empty()));
        }
        (Words { lists }, bad)
    }

    /// The built-in lists (`data/lexicon/words.tsv`), parsed on first use.
    pub(crate) fn builtin() -> &'static Words {
        static W: OnceLock<Words> = OnceLock::new();
        W.get_or_init(|| Words::parse(BUILTIN).0)
    }

    /// The words of `list`, in the file's order (an order of preference where the list says so).
    pub(crate) fn get(&self, list: List) -> &[String] {
        &self.lists[list as usize]
    }

    /// Whether `word` is in `list`.
    pub(crate) fn has(&self, list: List, word: &str) -> bool {
        self.get(list).iter().any(|w| w == word)
    }

    /// Whether CAMEO `code` falls under one of the code prefixes of `list` ("19" covers "195").
    pub(crate) fn covers(&self, list: List, code: CameoCode) -> bool {
        self.get(list).iter().any(|p| code.is_under(p))
    }
}

/// The text of `data/lexicon/words.tsv`.
pub(crate) const BUILTIN: &str = include_str!("../../../data/lexicon/words.tsv");

/// Whether `word` is in the built-in `list`.
pub(crate) fn is(list: List, word: &str) -> bool {
    Words::builtin().has(list, word)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_row_is_a_list_and_every_list_has_words() {
        let (w, bad) = Words::parse(BUILTIN);
        assert!(bad.is_empty(), "{bad:?}");
        for &l in List::ALL {
            assert!(!w.get(l).is_empty(), "list {} is empty", l.name());
        }
        assert!(is(List::Possessive, "their") && !is(List::Possessive, "the"));
        let (_, bad) = Words::parse("possessive\tits\nno_such_list\tx\nmissing tab\n");
        assert_eq!(bad.iter().map(|b| b.0).collect::<Vec<_>>(), vec![2, 3]);
    }
}
