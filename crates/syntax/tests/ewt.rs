//! Guards against a broken model: the built-in model on EWT test, with the file's tokens, must stay
//! well above these floors. The floors are far below the measured figures (README, `dyad eval syntax`);
//! accuracy is measured by the eval command, not asserted here.

use dyad_syntax::{conllu, eval, Parser};

#[test]
fn ewt_test_above_floor() {
    let text = include_str!("data/en_ewt-ud-test.conllu");
    let sents = conllu::parse(text).expect("EWT test file");
    assert_eq!(sents.len(), 2077);
    let r = eval::gold_tokens(Parser::embedded().expect("built-in model"), &sents);
    assert!(r.upos.f1() >= 0.90, "UPOS {:.4}", r.upos.f1());
    assert!(r.lemmas.f1() >= 0.90, "lemmas {:.4}", r.lemmas.f1());
    assert!(r.uas.f1() >= 0.78, "UAS {:.4}", r.uas.f1());
    assert!(r.las.f1() >= 0.75, "LAS {:.4}", r.las.f1());
}

#[test]
fn raw_text_pipeline_above_floor() {
    let text = include_str!("data/en_ewt-ud-test.conllu");
    let sents = conllu::parse(text).expect("EWT test file");
    let r = eval::raw_text(Parser::embedded().expect("built-in model"), &sents);
    assert!(r.tokens.f1() >= 0.90, "tokens {:.4}", r.tokens.f1());
    assert!(r.las.f1() >= 0.65, "LAS {:.4}", r.las.f1());
}
