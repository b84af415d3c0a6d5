//! Unit tests of event assembly on a small hand-made lexicon (the built-in lexicons are measured by
//! `dyad eval`, not asserted here).

use super::*;
use chrono::NaiveDate;

fn lexicon() -> Lexicon {
    let events = "010\t0\t1\t\t\tMake statement\n036\t4\t1\tAGREE\t\tExpress intent to meet\n040\t1\t1\tCONSULT\t\tConsult\n042\t1.9\t1\tCONSULT\tvisit\tMake a visit\n111\t-2\t3\tACCUSE\tdisapprove\tCriticize\n112\t-2\t3\tACCUSE\taccuse\tAccuse\n163\t-8\t4\tCOERCE\trestrict\tSanction\n190\t-10\t4\tASSAULT\t\tUse conventional military force\n1384\t-7\t3\tTHREATEN\tviolence\tThreaten attack\n138\t-7\t3\tTHREATEN\tviolence\tThreaten with force\n141\t-6.5\t3\tPROTEST\tdemo\tDemonstrate\n150\t-7.2\t4\tMOBILIZE\t\tDemonstrate military power\n154\t-7.2\t4\tMOBILIZE\ttroops\tMobilize armed forces\n062\t6.4\t2\tCOOPERATE\tmilitary\tCooperate militarily\n061\t6.4\t2\tCOOPERATE\teconomic\tCooperate economically\n0871\t9\t2\tRETREAT\tceasefire\tDeclare ceasefire\n0841\t7\t2\tRETREAT\trelease\tRelease persons\n160\t-4\t3\tSANCTION\t\tReduce relations\n173\t-5\t4\tCOERCE\tarrest\tArrest\n074\t8.5\t2\tAID\tpeacekeeping\tPeacekeeping\n";
    let countries = "RUS\tRUS\tname\tRussia\nRUS\tRUS\tadj\tRussian\nRUS\tRUS\tgov\tMoscow|Kremlin\nUKR\tUKR\tname\tUkraine\nUKR\tUKR\tadj\tUkrainian\nUKR\tUKR\tgov\tKyiv|Kiev\nFRA\tFRA\tname\tFrance\nFRA\tFRA\tadj\tFrench\nDEU\tDEU\tname\tGermany\nTUR\tTUR\tname\tTurkey\nTUR\tTUR\tadj\tTurkish\nHUN\tHUN\tadj\tHungarian\nROU\tROM\tadj\tRomanian\nUSA\tUSA\tname\tUnited States|U.S.|US\nIRQ\tIRQ\tname\tIraq\nIRQ\tIRQ\tcity\tSamarra\nSRB\tSRB\tname\tSerbia\nALB\tALB\tadj\tAlbanian|Albanians\n";
    let people = "Vladimir Putin|Putin\tRUSGOV\t2000-05-07\t2008-05-07\tPresident\nVladimir Putin|Putin\tRUSGOV\t2012-05-07\t\tPresident\nRecep Tayyip Erdogan|Erdogan\tTURGOV\t2003-03-14\t\tPrime Minister, then President\n";
    let agents = "troops|soldiers|soldier\tMIL\npeacekeeping troops\tMIL\nprotesters\tCVL\nlawmakers\tLEG\nofficials|official\tGOV\npresident\tGOV\nattack helicopters|helicopters\tMIL\nhostages\tCVL\n";
    let verbs = "040\tmeet\n040\tmeet with\n040\t=talks with\n042\tvisit\n111\tcondemn\n112\taccuse * of\n163\timpose sanctions on\n190\tattack\n190\tsend troops to\n010\tsay\n010\tannounce\n154\tdeploy\n150\thold * drills\n040\t=talks between\n040\t=round of talks\n0841\tswap * prisoners\n154\tdeploy * near\n141\tdemonstrate in\n190\tkill\n173\tarrest\n138\tthreaten\n042\tarrive in\n160\t=suspension of * links with\n061\tpurchase\n0871\treach * ceasefire\n040\ttalk with\n150\t=naval drills\n154\t=deployment of\n";
    let irregular = "send\tsent\nmeet\tmet\nhold\theld\n";
    let cues = include_str!("../../../data/lexicon/cues.tsv");
    let (lex, issues) = Lexicon::from_sources(
        [
            ("cameo/events.tsv", events),
            ("cameo/ethnic.tsv", "alb\tAlbanian\n"),
            ("cameo/derived.tsv", "intent\t04\t036\nintent\t15\t138\nintent\t19\t1384\n"),
            ("lexicon/countries.tsv", countries),
            ("lexicon/people/test.tsv", people),
            ("lexicon/agents.tsv", agents),
            ("lexicon/verbs/test.tsv", verbs),
            ("lexicon/irregular.tsv", irregular),
            ("lexicon/cues.tsv", cues),
        ]
        .into_iter()
        .map(|(a, b)| (a.to_string(), b.to_string())),
    );
    assert!(issues.is_empty(), "{issues:?}");
    lex
}

fn code(text: &str, date: &str) -> Vec<(String, Option<String>, String)> {
    code_with(Coder::new(lexicon()), text, date)
}

fn code_with(coder: Coder, text: &str, date: &str) -> Vec<(String, Option<String>, String)> {
    let mut d = Document::new("t", text);
    d.date = NaiveDate::parse_from_str(date, "%Y-%m-%d").ok();
    dyad_text::process(&mut d);
    coder.code(&mut d);
    d.events.iter().map(|e| (e.source.actor.code.clone(), e.target.as_ref().map(|t| t.actor.code.clone()), e.cameo.to_string())).collect()
}

fn ev(s: &str, t: Option<&str>, c: &str) -> (String, Option<String>, String) {
    (s.to_string(), t.map(str::to_string), c.to_string())
}

#[test]
fn simple_transitive() {
    assert_eq!(code("Russian troops attacked Ukraine on Monday.", "2022-03-01"), [ev("RUSMIL", Some("UKR"), "190")]);
}

#[test]
fn dated_person_roles() {
    assert_eq!(code("Putin condemned Kyiv.", "2022-03-01"), [ev("RUSGOV", Some("UKRGOV"), "111")]);
    // In 1995 Putin held no listed role: only his country is certain.
    assert_eq!(code("Putin condemned Kyiv.", "1995-03-01"), [ev("RUS", Some("UKRGOV"), "111")]);
}

#[test]
fn compound_and_shared_role_noun() {
    assert_eq!(code("France and Germany condemned Russia.", "2022-03-01"), [ev("FRA", Some("RUS"), "111"), ev("DEU", Some("RUS"), "111")]);
    let got = code("Senior Hungarian and Romanian officials met with Turkish lawmakers.", "2000-01-01");
    assert_eq!(got, [ev("HUNGOV", Some("TURLEG"), "040"), ev("ROMGOV", Some("TURLEG"), "040")]);
}

#[test]
fn reciprocal_without_target() {
    let got = code("Russia and Ukraine met on Monday.", "2022-03-01");
    assert_eq!(got, [ev("RUS", Some("UKR"), "040"), ev("UKR", Some("RUS"), "040")]);
}

#[test]
fn passive_voice() {
    assert_eq!(code("Ukraine was attacked by Russian troops.", "2022-03-01"), [ev("RUSMIL", Some("UKR"), "190")]);
}

#[test]
fn negation_and_hypotheticals() {
    assert_eq!(code("Turkey did not send troops to Ukraine.", "2022-03-01"), []);
    assert_eq!(code("The United States has no plans to impose sanctions on Turkey.", "2022-03-01"), []);
    assert_eq!(code("If Russia attacked Ukraine, France would respond.", "2022-03-01"), []);
}

#[test]
fn intent() {
    assert_eq!(code("Erdogan is ready to meet with Putin.", "2022-03-01"), [ev("TURGOV", Some("RUSGOV"), "036")]);
    assert_eq!(code("Russia threatened to attack Ukraine.", "2022-03-01"), [ev("RUS", Some("UKR"), "1384")]);
}

#[test]
fn reported_speech_and_pronouns() {
    let got = code("Erdogan visited France. He condemned Moscow.", "2022-03-01");
    assert_eq!(got, [ev("TURGOV", Some("FRA"), "042"), ev("TURGOV", Some("RUSGOV"), "111")]);
    let got = code("The minister told lawmakers that Ankara condemned Moscow.", "2022-03-01");
    assert!(got.iter().all(|e| e.2 != "111" || e.1.as_deref() == Some("RUSGOV")), "{got:?}");
}

#[test]
fn capitalisation_guards_common_words() {
    // "turkey" the bird and "us" the pronoun are not actors.
    assert!(code("They condemned us and ate turkey.", "2022-03-01").is_empty());
}

#[test]
fn event_dates_from_the_text() {
    let coder = Coder::new(lexicon());
    let mut d = Document::new("t", "Russian troops attacked Ukraine on Monday. France condemned Russia.");
    d.date = NaiveDate::from_ymd_opt(2022, 3, 3); // a Thursday
    dyad_text::process(&mut d);
    coder.code(&mut d);
    let dates: Vec<(String, String)> = d.events.iter().map(|e| { let x = e.date.as_ref().unwrap(); (x.date.to_string(), x.how.clone()) }).collect();
    assert_eq!(dates[0], ("2022-02-28".to_string(), "text: \"Monday\"".to_string()));
    assert_eq!(dates[1], ("2022-03-03".to_string(), "publication date".to_string()));
}

#[test]
fn ethnic_groups_take_the_country_they_live_in() {
    assert_eq!(code("Up to 100 ethnic Albanians demonstrated in Serbia.", "2001-03-01"), [ev("SRBalb", Some("SRB"), "141")]);
    // Without "ethnic", a demonym is its country.
    assert_eq!(code("Albanians demonstrated in Serbia.", "2001-03-01"), [ev("ALB", Some("SRB"), "141")]);
}

#[test]
fn places_stand_for_their_country() {
    // A capital after "in" is where the protest happened, not the government; the same country on both
    // sides is a domestic event.
    assert_eq!(code("Russian protesters demonstrated in Moscow.", "2022-03-01"), [ev("RUSCVL", Some("RUS"), "141")]);
    // Violence without a named perpetrator, and an arrest without an agent, take the place's country.
    assert_eq!(code("A roadside bombing near the town of Samarra killed one U.S. soldier.", "2005-03-01"), [ev("IRQ", Some("USAMIL"), "190")]);
    assert_eq!(code("A Russian official was arrested in Turkey.", "2022-03-01"), [ev("TUR", Some("RUSGOV"), "173")]);
    // With no place, nobody is coded.
    assert_eq!(code("A roadside bombing killed one U.S. soldier.", "2005-03-01"), []);
}

#[test]
fn preparation_condition_and_peacekeepers() {
    assert_eq!(code("Russian troops prepared to attack Ukraine.", "2022-02-01"), [ev("RUSMIL", Some("UKR"), "150")]);
    // A threat is aimed at the actor of its condition.
    assert_eq!(code("Russia threatened to attack if Ukraine joins the alliance.", "2022-02-01"), [ev("RUS", Some("UKR"), "1384")]);
    assert_eq!(code("French peacekeeping troops arrived in Ukraine.", "2022-02-01"), [ev("FRAMIL", Some("UKR"), "074")]);
}

#[test]
fn announced_noun_is_the_act() {
    let got = code("France announced a suspension of air links with Russia.", "2022-02-01");
    assert!(got.contains(&ev("FRA", Some("RUS"), "160")), "{got:?}");
}

#[test]
fn participle_clause_takes_the_main_subject() {
    // Word order alone codes the participle too, with the main clause's subject; the tree reads it
    // as an elaboration of the condemnation (`tree_trailing_participle_elaborates_the_event`).
    let got = code_with(Coder::new(lexicon()).with_syntax(false), "France condemned the Russian official, accusing Moscow of lying.", "2022-02-01");
    assert_eq!(got, [ev("FRA", Some("RUSGOV"), "111"), ev("FRA", Some("RUSGOV"), "112")]);
}

#[test]
fn what_an_accusation_alleges_is_no_event() {
    assert_eq!(code("France accused Russia of condemning Ukraine.", "2022-02-01"), [ev("FRA", Some("RUS"), "112")]);
}

#[test]
fn forces_deployed_in_the_passive_are_their_own_sides() {
    assert_eq!(code("Thousands of Russian troops were deployed near Ukraine.", "2022-02-01"), [ev("RUSMIL", Some("UKR"), "154")]);
    // Other passives without an agent still code nothing.
    assert_eq!(code("Ukraine was attacked.", "2022-02-01"), []);
}

#[test]
fn joint_action_between_parties() {
    // Drills held together are military cooperation between the members, not a show of force.
    assert_eq!(code("Russia and Turkey held joint drills.", "2022-02-01"), [ev("RUS", Some("TUR"), "062"), ev("TUR", Some("RUS"), "062")]);
    assert_eq!(code("Russia held drills.", "2022-02-01"), [ev("RUS", None, "150")]);
    // With no subject, the parties after "between" are the event's; swaps are mutual.
    assert_eq!(code("Talks between Russia and Ukraine ended.", "2022-02-01"), [ev("RUS", Some("UKR"), "040"), ev("UKR", Some("RUS"), "040")]);
    assert_eq!(code("Russia and Ukraine swapped prisoners.", "2022-02-01"), [ev("RUS", Some("UKR"), "0841"), ev("UKR", Some("RUS"), "0841")]);
}

fn code_tree(text: &str, date: &str) -> Vec<(String, Option<String>, String)> {
    let coder = Coder::new(lexicon()).with_syntax(true);
    let mut d = Document::new("t", text);
    d.date = NaiveDate::parse_from_str(date, "%Y-%m-%d").ok();
    dyad_text::process(&mut d);
    coder.code(&mut d);
    assert!(d.events.iter().all(|e| e.rule.contains("tree: ")), "roles read off the parse: {:?}", d.events.iter().map(|e| &e.rule).collect::<Vec<_>>());
    assert!(d.words.is_empty(), "the coder's parse is transient");
    d.events.iter().map(|e| (e.source.actor.code.clone(), e.target.as_ref().map(|t| t.actor.code.clone()), e.cameo.to_string())).collect()
}

/// With the tree, a passive's agent is the source wherever it stands.
#[test]
fn tree_passive_agent() {
    assert_eq!(code_tree("Ukraine was attacked by Russian troops on Monday.", "2022-03-01"), [ev("RUSMIL", Some("UKR"), "190")]);
}

/// With the tree, a speaker that names no actor is no event: the last-named country is not the
/// speaker of "..., a spokesman said".
#[test]
fn tree_speaker_without_actor() {
    let events = code_tree("Russian troops attacked Ukraine, a spokesman said.", "2022-03-01");
    assert!(events.iter().all(|e| e.2 != "010"), "{events:?}");
    assert!(events.contains(&ev("RUSMIL", Some("UKR"), "190")), "{events:?}");
}

/// A partitive object stands for the noun of its "of" phrase ("a long series of drills"), however far
/// the noun is from the verb.
#[test]
fn tree_partitive_object() {
    assert_eq!(code_tree("Russia held an unusually long and complex series of drills on Monday.", "2022-03-01"), [ev("RUS", None, "150")]);
}

/// A literal "=noun preposition" pattern matches on the tree when other modifiers stand between the
/// noun and its preposition ("talks on Monday with").
#[test]
fn tree_event_noun_with_separated_preposition() {
    let events = code_tree("Russia's talks on Monday with France ended without agreement.", "2022-03-01");
    assert!(events.contains(&ev("RUS", Some("FRA"), "040")), "{events:?}");
}

/// A statement that reports the sentence's event ("..., officials said") does not stand for it:
/// the tree still codes the event noun the word-order assembler missed.
#[test]
fn tree_reported_event_noun_is_coded_beside_the_statement() {
    let events = code_tree("Talks between Russia and France on the sidelines of a summit in Istanbul ended without agreement, officials said.", "2022-03-01");
    assert!(events.contains(&ev("RUS", Some("FRA"), "040")), "{events:?}");
}

/// An event noun that is the subject of a supposition ("would", "could") did not happen.
#[test]
fn tree_supposed_event_noun_is_no_event() {
    let events = code_tree("Talks between Russia and France would end the war within a year, analysts estimated.", "2022-03-01");
    assert!(events.iter().all(|e| e.2 != "040"), "{events:?}");
    let events = code_tree("Talks between Russia and France ended the war within a year, analysts estimated.", "2022-03-01");
    assert!(events.contains(&ev("RUS", Some("FRA"), "040")), "{events:?}");
}

/// What a denied or hedged trigger governs is no event either: "Turkey may condemn the talks with
/// Russia" reports no talks.
#[test]
fn tree_hedged_trigger_hedges_what_it_governs() {
    let events = code_tree("Turkey may condemn the talks with Russia, officials said.", "2022-03-01");
    assert!(events.iter().all(|e| e.2 != "040" && e.2 != "111"), "{events:?}");
    let events = code_tree("Turkey condemned the talks with Russia, officials said.", "2022-03-01");
    assert!(events.iter().any(|e| e.2 == "111"), "{events:?}");
}

/// An event the text dates ten years or more before its story is history, not news; a year far
/// from the verb belongs to another clause.
#[test]
fn history_is_not_news() {
    assert!(code("In 1979, Russia attacked Ukraine.", "2022-03-01").is_empty());
    assert!(code("Russia attacked Ukraine in 1979.", "2022-03-01").is_empty());
    assert_eq!(code("Russia attacked Ukraine in 2021.", "2022-03-01"), [ev("RUS", Some("UKR"), "190")]);
    let far = code("Russia attacked Ukraine on a road that its soldiers say their fathers had been building ever since 1979.", "2022-03-01");
    assert_eq!(far, [ev("RUS", Some("UKR"), "190")]);
}

/// A fronted opener sets the scene: its trigger is not coded beside the main clause's.
#[test]
fn tree_fronted_opener_is_background() {
    let events = code_tree("In talks with Turkey on Monday, France condemned Russia.", "2022-03-01");
    assert!(events.iter().all(|e| e.2 != "040"), "{events:?}");
    assert!(events.iter().any(|e| e.2 == "111"), "{events:?}");
}

/// A crowd named by no actor word protests where it gathers: the place's country is the source.
#[test]
fn tree_crowd_protests_where_it_gathers() {
    let events = code_tree("Thousands of people demonstrated in Samarra on Monday.", "2022-03-01");
    assert!(events.iter().any(|e| e.0 == "IRQ" && e.2 == "141"), "{events:?}");
    // Not for other acts: a crowd that met has no country.
    let events = code_tree("Thousands of people met in Samarra on Monday.", "2022-03-01");
    assert!(events.is_empty(), "{events:?}");
}

/// A place of the source's own country is where a tree-drafted event happened, not its target.
#[test]
fn tree_own_place_is_no_target() {
    let events = code_tree("The deployment of Iraqi troops to Samarra was completed on Monday.", "2022-03-01");
    assert!(events.iter().any(|e| e.2 == "154"), "{events:?}");
    assert!(events.iter().all(|e| e.1.is_none()), "{events:?}");
}

/// A joint act is between its parties, not aimed at an actor in a clause of its own under it.
#[test]
fn tree_joint_act_not_aimed_into_a_clause() {
    let events = code_tree("Russia and France met on Monday to discuss how Turkey should respond to the attack.", "2022-03-01");
    assert!(events.contains(&ev("RUS", Some("FRA"), "040")), "{events:?}");
    assert!(events.iter().all(|e| e.1.as_deref() != Some("TUR")), "{events:?}");
}

/// What a refusal governs was refused, not done: no event of its own beside the refusal. (With the
/// built-in lexicons: the construction needs their refusal and event-noun patterns.)
#[test]
fn tree_refused_content_is_no_event() {
    let (lex, issues) = Lexicon::builtin();
    assert!(issues.is_empty(), "{issues:?}");
    let events = code_with(Coder::new(lex).with_syntax(true), "At a summit on Friday, Robert Fico refused to back a joint declaration on financial support for Moldova.", "2025-03-06");
    assert!(events.iter().any(|e| e.2.starts_with("12")), "{events:?}");
    assert!(events.iter().all(|e| !e.2.starts_with("05")), "{events:?}");
}

/// A partitive head ("=round of talks") stands for its "of" noun, which carries the roles.
#[test]
fn tree_partitive_event_noun_reads_the_inner_noun() {
    let events = code_tree("The second round of talks between Russia and France ended on Monday.", "2022-03-01");
    assert!(events.contains(&ev("RUS", Some("FRA"), "040")), "{events:?}");
}

/// A question codes nothing with the tree either.
#[test]
fn tree_question_codes_nothing() {
    let events = code_tree("Did talks between Russia and France end the war within a year?", "2022-03-01");
    assert!(events.is_empty(), "{events:?}");
    let events = code_tree("Talks between Russia and France ended the war within a year.", "2022-03-01");
    assert!(!events.is_empty(), "{events:?}");
}

/// A sports report is no use of force: a sport word or a match score in the sentence.
#[test]
fn sports_reports_are_no_force() {
    assert!(code("Russia attacked France in the semifinal on Sunday.", "2022-03-01").iter().all(|e| !e.2.starts_with("19")));
    assert!(code("Russia attacked France 2-1 on Sunday.", "2022-03-01").iter().all(|e| !e.2.starts_with("19")));
    assert!(code("Russia attacked France on Sunday.", "2022-03-01").iter().any(|e| e.2 == "190"));
    assert!(events::has_score("beating England 2-1 with a late goal") && events::has_score("a 3–0 win"));
    assert!(!events::has_score("on 2022-03-01") && !events::has_score("COVID-19 cases") && !events::has_score("the 1990-91 war"));
}

/// Equipment bought or handed over is the thing, not the party acted on (outside a use of force):
/// the target is the party it came from, else there is none.
#[test]
fn tree_equipment_is_no_party() {
    assert_eq!(code_tree("Turkey purchased attack helicopters from the United States on Monday.", "2024-03-01"), [ev("TUR", Some("USA"), "061")]);
    assert_eq!(code_tree("Turkey purchased attack helicopters on Monday.", "2024-03-01"), [ev("TUR", None, "061")]);
    let attacked = code_tree("Russia attacked the helicopters on Monday.", "2024-03-01");
    assert!(attacked.iter().any(|e| e.2 == "190" && e.1.is_some()), "{attacked:?}");
}

/// A trailing participle ("..., accusing X of") elaborates its sentence's event and is not coded
/// apart; what it is aimed at is what a protest is aimed at.
#[test]
fn tree_trailing_participle_elaborates_the_event() {
    let events = code_tree("France condemned Russia on Monday, accusing Moscow of lying about the talks.", "2024-03-01");
    assert_eq!(events, [ev("FRA", Some("RUS"), "111")]);
    let events = code_tree("Ukrainian protesters demonstrated in Kyiv on Sunday, accusing Russia of lying about the talks.", "2024-03-01");
    assert_eq!(events, [ev("UKRCVL", Some("RUS"), "141")]);
    // With a subject of its own the clause is an event of its own.
    let events = code_tree("France condemned Russia on Monday, with Germany accusing Moscow of lying about the talks.", "2024-03-01");
    assert!(events.iter().any(|e| e.2 == "112"), "{events:?}");
}

/// A relative clause in the perfect and the content of a proposal give background to their
/// sentence's event and are not coded beside it.
#[test]
fn tree_background_clauses_are_not_coded_beside_the_event() {
    let events = code_tree("Russia, which has attacked Ukraine for a year, met France on Monday.", "2024-03-01");
    assert_eq!(events, [ev("RUS", Some("FRA"), "040")]);
    let events = code_tree("Turkey condemned a resolution accusing Russia of lying on Monday.", "2024-03-01");
    assert!(events.iter().all(|e| e.2 != "112"), "{events:?}");
    let events = code_tree("Ukraine met France on Monday after Russia attacked Kyiv.", "2024-03-01");
    assert_eq!(events, [ev("UKR", Some("FRA"), "040")]);
    // Beside a statement only, the scene is the event: "..., France said after Russia attacked".
    let events = code_tree("The talks were hard, France said on Monday after Russia attacked Ukraine.", "2024-03-01");
    assert!(events.iter().any(|e| e.2 == "190"), "{events:?}");
    // Alone in its sentence, the clause is still coded.
    let events = code_tree("Russia, which has attacked Ukraine for a year, is a large country.", "2024-03-01");
    assert!(events.iter().any(|e| e.2 == "190"), "{events:?}");
}

/// Forces mobilised are the source's own, not its target; a role noun is no party to a joint act.
#[test]
fn tree_bare_role_nouns_that_are_no_party() {
    assert_eq!(code_tree("Russia deployed soldiers on Monday.", "2024-03-01"), [ev("RUS", None, "154")]);
    // Also on an event noun the tree drafts alone.
    let events = code_tree("The deployment of soldiers ordered by Russia began on Monday.", "2024-03-01");
    assert!(events.iter().all(|e| e.1.is_none()), "{events:?}");
    let events = code_tree("Russia and Ukraine reached a deal on a ceasefire and the release of hostages on Monday.", "2024-03-01");
    assert_eq!(events, [ev("RUS", Some("UKR"), "0871"), ev("UKR", Some("RUS"), "0871")]);
}

/// A pattern's object noun matches in either number: "hold * drills" finds "held a drill".
#[test]
fn pattern_nouns_match_in_either_number() {
    assert_eq!(code("Russia held a drill on Monday.", "2024-03-01"), [ev("RUS", None, "150")]);
    assert_eq!(code_with(Coder::new(lexicon()).with_syntax(false), "Russia held a drill on Monday.", "2024-03-01"), [ev("RUS", None, "150")]);
}

/// With a coordinated subject and no object, a verb of a "with" pattern ("talk with") is reciprocal
/// between the members: "Trump and Xi spoke for 90 minutes".
#[test]
fn coordinated_subject_makes_a_reciprocal_verb() {
    assert_eq!(code_tree("Russia and Ukraine talked for an hour on Monday.", "2024-03-01"), [ev("RUS", Some("UKR"), "040"), ev("UKR", Some("RUS"), "040")]);
    assert!(code("Russia talked for an hour on Monday.", "2024-03-01").is_empty());
}

/// Taking part in another party's drills is military cooperation with it, not a show of force.
#[test]
fn taking_part_in_anothers_drills_is_cooperation() {
    let events = code_tree("Turkish troops participated in Russian naval drills on Monday.", "2024-03-01");
    assert_eq!(events, [ev("TURMIL", Some("RUS"), "062")]);
    let events = code_tree("France condemned Russian naval drills on Monday.", "2024-03-01");
    assert!(events.iter().all(|e| e.2 != "062"), "{events:?}");
}
