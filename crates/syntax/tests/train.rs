//! Training is deterministic: the same data and seed give the same model bytes.

use dyad_syntax::{conllu, lemma::Lemmatizer, model::ModelParts, train, weights, words::Tokenization, Model, Parser};

const TINY: &str = include_str!("data/tiny.conllu");

fn train_once(seed: u64) -> Vec<u8> {
    let tr = conllu::parse(TINY).unwrap();
    let classes = train::tag_classes(&tr);
    let labels = train::label_classes(&tr);
    let topts = train::TaggerOptions { epochs: 3, seed, dict_min_count: 2, ..Default::default() };
    let lex = train::tag_lexicons(&tr, &classes, &topts);
    let jk = train::jackknife(&tr, &classes, &topts, 2);
    let pass1 = train::train_pass(&tr, None, &classes, &lex, &topts, None, |_, _| {});
    let popts = train::ParserOptions { epochs: 3, seed, ..Default::default() };
    let trained = train::train_parser(&tr, &jk, &classes.names, &labels, &popts, None, |_, _, _| {});
    let lemma = Lemmatizer::learn(tr.iter().flat_map(|s| s.words.iter().map(|w| (w.form.as_str(), classes.get(&train::tag_name(&w.upos, &w.xpos)).unwrap_or(0), w.lemma.as_str()))));
    ModelParts {
        info: "tiny".into(),
        tags: classes.names.clone(),
        labels: labels.names.clone(),
        tok: Tokenization::learn(&tr, |s| vec![s.to_string()]),
        dict: lex.0.clone(),
        amb: lex.1.clone(),
        lemma,
        tagger: weights::write(classes.names.len(), &pass1.rows(), 0.0),
        groups: trained.groups.clone(),
        parser: weights::write(dyad_syntax::parser::transitions(trained.groups.iter().map(|&g| g as usize + 1).max().unwrap_or(1)), &trained.transitions, 0.0),
        labeler: weights::write(labels.names.len(), &trained.labels, 0.0),
    }
    .to_bytes()
}

#[test]
fn same_seed_same_model() {
    let a = train_once(3);
    let b = train_once(3);
    assert_eq!(a, b);
    // The bytes load and parse.
    let m = Model::from_bytes(&a).unwrap();
    let p = Parser::new(m);
    let an = p.analyse(&["Russia", "condemned", "the", "attack", "."]);
    assert_eq!(an.heads.len(), 5);
    assert_eq!(an.heads.iter().filter(|h| h.is_none()).count(), 1);
}
