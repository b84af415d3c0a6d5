//! Each word-order pass decides the outcome of one sentence: with every pass the sentence codes the
//! events given, and without that pass it codes something else. The lexicon is small and hand-made
//! (the built-in lexicons are measured by `dyad eval`, not asserted here); the CAMEO table, derived
//! codes, cues and irregular verbs are the real data files.

use super::{assemble_with, After, Pass, AFTER, PASSES};
use crate::events::{self, Sentence};
use crate::mentions;
use dyad_lexicon::Lexicon;
use dyad_model::Document;
use std::sync::OnceLock;

fn lexicon() -> &'static Lexicon {
    static LEX: OnceLock<Lexicon> = OnceLock::new();
    LEX.get_or_init(|| {
        let countries = "RUS\tRUS\tname\tRussia\nRUS\tRUS\tadj\tRussian\nRUS\tRUS\tgov\tMoscow|Kremlin\n\
UKR\tUKR\tname\tUkraine\nUKR\tUKR\tadj\tUkrainian\nUKR\tUKR\tgov\tKyiv\n\
FRA\tFRA\tname\tFrance\nFRA\tFRA\tadj\tFrench\nFRA\tFRA\tgov\tParis\n\
DEU\tDEU\tname\tGermany\nDEU\tDEU\tadj\tGerman\n\
TUR\tTUR\tname\tTurkey\nTUR\tTUR\tadj\tTurkish\nTUR\tTUR\tgov\tAnkara\n\
USA\tUSA\tname\tUnited States|U.S.\nUSA\tUSA\tadj\tAmerican\n\
IRQ\tIRQ\tname\tIraq\nIRQ\tIRQ\tcity\tSamarra\n\
IRN\tIRN\tname\tIran\nIRN\tIRN\tadj\tIranian\n\
ISR\tISR\tname\tIsrael\n\
IND\tIND\tname\tIndia\nIND\tIND\tadj\tIndian\n\
PAK\tPAK\tname\tPakistan\n\
KOR\tKOR\tname\tSouth Korea\n\
DZA\tDZA\tname\tAlgeria\nDZA\tDZA\tgov\tAlgiers\n\
BIH\tBIH\tname\tBosnia\n\
SRB\tSRB\tname\tSerbia\n";
        let agents = "troops|soldiers|soldier\tMIL\npeacekeeping troops\tMIL\nprotesters\tCVL\nofficials|official\tGOV\nrefugees\tREF\n";
        let verbs = "010\tsay\n040\tmeet\n040\tmeet with\n040\t=talks with\n040\t=talks between\n042\tvisit\n042\tarrive in\n\
111\tcondemn\n112\taccuse * of\n163\timpose sanctions on\n190\tattack\n190\tkill\n190\twound\n\
173\tarrest\n138\tthreaten\n154\tdeploy\n150\thold * drills\n141\tdemonstrate in\n100\tdemand\n\
100\turge\n061\tcooperate with\n0841\tswap * prisoners\n160\t=suspension of * links with\n120\treject\n\
174\texpel\n190\t=invasion of\n036\tpledge\n061\tcooperate\n";
        let cues = include_str!("../../../../data/lexicon/cues.tsv");
        let (lex, issues) = Lexicon::from_sources(
            [
                ("cameo/events.tsv", include_str!("../../../../data/cameo/events.tsv")),
                ("cameo/ethnic.tsv", ""),
                ("cameo/derived.tsv", include_str!("../../../../data/cameo/derived.tsv")),
                ("lexicon/countries.tsv", countries),
                ("lexicon/agents.tsv", agents),
                ("lexicon/verbs/test.tsv", verbs),
                ("lexicon/irregular.tsv", include_str!("../../../../data/lexicon/irregular.tsv")),
                ("lexicon/cues.tsv", cues),
            ]
            .into_iter()
            .map(|(a, b)| (a.to_string(), b.to_string())),
        );
        assert!(issues.is_empty(), "{issues:?}");
        lex
    })
}

type Coded = Vec<(String, Option<String>, String)>;

/// Codes `text` (one or more sentences, published 2022-03-01) on word order alone, with the given
/// passes.
fn run(text: &str, passes: &[(&'static str, Pass)], after: &[(&str, After)]) -> Coded {
    let lex = lexicon();
    let mut doc = Document::new("t", text);
    doc.date = chrono::NaiveDate::from_ymd_opt(2022, 3, 1);
    dyad_text::process(&mut doc);
    let syms = lex.intern(&doc.keys, &doc.tokens);
    let date = doc.date;
    let mut mem = mentions::Memory::default();
    let mut out = Vec::new();
    for s in 0..doc.sentences.len() {
        let r = doc.sentences[s].tokens.clone();
        let range = r.start as usize..r.end as usize;
        let atoms = mentions::atoms(lex, &doc, &syms, range.clone(), date);
        let m_lo = doc.mentions.len();
        mentions::group(lex, &mut doc, &syms, s, atoms, &mut mem, date);
        let m_hi = doc.mentions.len();
        let in_mention: Vec<bool> = range.clone().map(|t| doc.mentions[m_lo..m_hi].iter().any(|m| m.tokens.contains(&(t as u32)))).collect();
        let verbs = events::verbs(lex, &doc, &syms, range.clone(), &in_mention);
        if m_hi == m_lo || verbs.is_empty() {
            continue;
        }
        let sent = Sentence { lex, syms: &syms, s, range, slots: events::slots(&doc, m_lo..m_hi), verbs };
        let drafts = assemble_with(&sent, &doc, passes, after);
        events::expand(lex, &doc, &sent, drafts, &mut out);
    }
    out.iter().map(|e| (e.source.actor.code.clone(), e.target.as_ref().map(|t| t.actor.code.clone()), e.cameo.to_string())).collect()
}

/// The passes of [`PASSES`] and of [`AFTER`].
type Tables = (Vec<(&'static str, Pass)>, Vec<(&'static str, After)>);

/// The passes of both tables without the one named `pass`.
fn without(pass: &str) -> Tables {
    assert!(PASSES.iter().any(|(n, _)| *n == pass) || AFTER.iter().any(|(n, _)| *n == pass), "no pass {pass:?}");
    (PASSES.iter().copied().filter(|(n, _)| *n != pass).collect(), AFTER.iter().copied().filter(|(n, _)| *n != pass).collect())
}

/// `text` codes `want` with every pass, and something else without `pass`.
fn decides(pass: &str, text: &str, want: &[(&str, Option<&str>, &str)]) {
    let want: Coded = want.iter().map(|(s, t, c)| (s.to_string(), t.map(str::to_string), c.to_string())).collect();
    assert_eq!(run(text, PASSES, AFTER), want, "{text:?} with every pass");
    let (p, a) = without(pass);
    assert_ne!(run(text, &p, &a), want, "{text:?}: the same without the pass {pass:?}");
}

/// One test per pass: `name: "pass", "sentence" => [(source, target, code), …];` asserts that the
/// sentence codes those events, and that it codes something else without the pass.
macro_rules! pass_tests {
    ($($test:ident: $pass:literal, $text:literal => [$(($s:literal, $t:expr, $c:literal)),*];)*) => {
        $(
            #[test]
            fn $test() {
                decides($pass, $text, &[$(($s, $t, $c)),*]);
            }
        )*
        /// The passes with a test.
        const TESTED: &[&str] = &[$($pass),*];
    };
}

pass_tests! {
    subject: "subject", "France condemned Russia." => [("FRA", Some("RUS"), "111")];
    appositive: "appositive", "Pakistan, a key U.S. ally, has refused to meet India." => [("PAK", Some("IND"), "125")];
    relative_clause: "relative clause", "France condemned a resolution that attacked Russia." => [("FRA", None, "111")];
    background_relative: "background relative clause", "France condemned Ukrainian soldiers, whom Russia attacked." => [("FRA", Some("UKRMIL"), "111")];
    accusation_contents: "accusation contents", "France accused Russia of arming Ukrainian soldiers who attacked Turkey." => [("FRA", Some("RUS"), "112")];
    background_noun: "background noun", "Turkey condemned Russia since the invasion of Ukraine." => [("TUR", Some("RUS"), "111")];
    claim_clause: "claim clause", "France denied reports that Russia attacked Ukraine." => [];
    coordinated_verbs: "coordinated verbs", "France condemned Russia and on Monday urged Ukraine to meet Turkey." => [("FRA", Some("RUS"), "111"), ("FRA", Some("UKR"), "100")];
    coordinated_phrases: "coordinated verb phrases", "Turkey did not meet Russia and has condemned France." => [("TUR", Some("FRA"), "111")];
    participle_clause: "participle clause", "France condemned the Russian official, accusing Moscow of lying." => [("FRA", Some("RUSGOV"), "111"), ("FRA", Some("RUSGOV"), "112")];
    actorless_object: "object of an actorless verb", "A bombing killed Russian soldiers and wounded Ukrainian troops." => [];
    controller_subject: "controller's subject", "France condemned Russia, threatening to attack Ukraine." => [("FRA", Some("RUS"), "111"), ("FRA", Some("UKR"), "1384")];
    causative: "causative", "Russia ordered Ukraine to meet France." => [("RUS", Some("UKR"), "040")];
    negation: "negation", "Turkey did not meet Russia." => [];
    reported_obligation: "reported obligation", "France said Russia must attack Ukraine." => [("FRA", Some("RUS"), "010"), ("FRA", Some("RUS"), "100")];
    hypothetical: "hypothetical", "If Russia attacked Ukraine, France would condemn Moscow." => [("FRA", Some("RUSGOV"), "111")];
    absorbed: "absorbed noun", "Russia and Ukraine met after talks between France and Turkey." => [("RUS", Some("UKR"), "040"), ("UKR", Some("RUS"), "040")];
    control_verb: "control verb", "Russia threatened to attack if Ukraine joins the alliance." => [("RUS", Some("UKR"), "1384")];
    refusal: "refusal", "Turkey refused to meet Russia." => [("TUR", Some("RUS"), "125")];
    complement: "complement", "Russia threatened to attack Ukraine." => [("RUS", Some("UKR"), "1384")];
    non_finite: "non-finite", "France condemned Russian troops attacking Ukraine." => [("FRA", Some("RUSMIL"), "111")];
    noun_use: "noun use", "Turkey paid to allow talks with Russia." => [];
    possessed: "possessed noun", "Russia continued its invasion of Ukraine." => [];
    intent: "intent", "Russian troops prepared to attack Ukraine." => [("RUSMIL", Some("UKR"), "150")];
    target_after: "target after the verb", "France condemned Russia." => [("FRA", Some("RUS"), "111")];
    causative_object: "causative object", "Russia ordered Ukraine to meet France." => [("RUS", Some("UKR"), "040")];
    place_of_object: "place of the object", "Russian protesters demonstrated in Moscow." => [("RUSCVL", Some("RUS"), "141")];
    remember_object: "remember the object", "A bombing killed Russian soldiers and wounded Ukrainian troops." => [];
    passive: "passive", "Ukraine was attacked by Russian troops." => [("RUSMIL", Some("UKR"), "190")];
    passive_no_agent: "passive", "A Russian official was arrested in Turkey." => [("TUR", Some("RUSGOV"), "173")];
    place_perpetrator: "place perpetrator", "A roadside bombing near the town of Samarra killed one U.S. soldier." => [("IRQ", Some("USAMIL"), "190")];
    place_target: "place target", "Russian troops attacked on Monday, in Ukraine." => [("RUSMIL", Some("UKR"), "190")];
    threat_condition: "threat condition", "Russia threatened to attack if Ukraine joins the alliance." => [("RUS", Some("UKR"), "1384")];
    forces_at_home: "forces at home", "Russia held military drills near Moscow." => [("RUS", None, "150")];
    joint_drills: "joint drills", "Russia and Turkey held joint drills." => [("RUS", Some("TUR"), "062"), ("TUR", Some("RUS"), "062")];
    joint_cooperation: "joint cooperation", "France and Germany cooperated on Ukrainian grain." => [("FRA", Some("DEU"), "061"), ("DEU", Some("FRA"), "061")];
    peacekeepers: "peacekeepers", "French peacekeeping troops arrived in Ukraine." => [("FRAMIL", Some("UKR"), "074")];
    between: "between", "Talks between Russia and Ukraine ended." => [("RUS", Some("UKR"), "040"), ("UKR", Some("RUS"), "040")];
    reported_demand: "reported demand", "France said Russia must withdraw." => [("FRA", Some("RUS"), "010"), ("FRA", Some("RUS"), "100")];
}

/// A newcomer's pass comes with its test: every pass of both tables has one above.
#[test]
fn every_pass_has_a_test() {
    let names: Vec<&str> = PASSES.iter().map(|(n, _)| *n).chain(AFTER.iter().map(|(n, _)| *n)).collect();
    for n in &names {
        assert!(TESTED.contains(n), "the pass {n:?} has no test in order/tests.rs");
    }
    let mut unique = names.clone();
    unique.sort_unstable();
    unique.dedup();
    assert_eq!(unique.len(), names.len(), "two passes share a name");
}

/// A question codes nothing, whatever its verbs.
#[test]
fn a_question_codes_nothing() {
    assert_eq!(run("Did Russia attack Ukraine?", PASSES, AFTER), Coded::new());
    assert_eq!(run("Russia attacked Ukraine.", PASSES, AFTER).len(), 1);
}
