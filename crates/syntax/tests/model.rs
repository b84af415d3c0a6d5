//! The built-in model: it loads, parses a known sentence into the expected tree, and never panics
//! on hostile input. Its accuracy on EWT test is checked in `ewt.rs` with a floor.

use dyad_model::{Deprel, Document, Upos};
use dyad_syntax::{Parser, Tree};

fn parsed(text: &str) -> Document {
    let mut d = Document::new("t", text);
    dyad_text::process(&mut d);
    Parser::embedded().expect("built-in model").parse_all(&mut d);
    d
}

#[test]
fn parses_a_known_sentence() {
    let d = parsed("Russia condemned the United States on Monday.");
    let t = Tree::of(&d, 0).expect("parsed");
    let find = |w: &str| (0..t.len()).find(|&i| t.text(i) == w).unwrap();
    let verb = find("condemned");
    assert_eq!(t.root(), Some(verb));
    assert_eq!(t.lemma(verb), "condemn");
    assert_eq!(t.word(verb).upos, Upos::Verb);
    assert_eq!(t.head(find("Russia")), Some(verb));
    assert_eq!(t.rel(find("Russia")), Deprel::Nsubj);
    assert_eq!(t.head(find("States")), Some(verb));
    assert_eq!(t.rel(find("States")), Deprel::Obj);
    assert_eq!(t.rel(find("Monday")), Deprel::Obl);
    assert_eq!(t.children_by(verb, Deprel::Nsubj).collect::<Vec<_>>(), vec![find("Russia")]);
    assert_eq!(t.path(find("Russia"), find("States")), Some(vec![find("Russia"), verb, find("States")]));
}

#[test]
fn passives_and_clitics() {
    let d = parsed("Two soldiers were killed by rebels, and Russia's army didn't respond.");
    let t = Tree::of(&d, 0).unwrap();
    let find = |w: &str| (0..t.len()).find(|&i| t.text(i) == w).unwrap();
    assert_eq!(t.rel(find("soldiers")), Deprel::NsubjPass);
    assert_eq!(t.rel(find("rebels")), Deprel::OblAgent);
    assert_eq!(t.lemma(find("n't")), "not");
    assert_eq!(t.rel(find("'s")), Deprel::Case);
}

fn check_tree(d: &Document) {
    for s in 0..d.sentences.len() {
        let Some(t) = Tree::of(d, s) else { continue };
        let roots = (0..t.len()).filter(|&i| t.head(i).is_none()).count();
        assert!(t.is_empty() || roots == 1, "one root");
        for i in 0..t.len() {
            assert!(t.ancestors(i).count() < t.len(), "no cycle");
            let w = t.word(i);
            assert!(d.text.is_char_boundary(w.span.start as usize) && d.text.is_char_boundary(w.span.end as usize));
            assert!(w.span.start >= d.sentences[s].span.start && w.span.end <= d.sentences[s].span.end);
        }
    }
}

#[test]
fn hostile_input_never_panics() {
    let long = "word ".repeat(5000);
    let inputs = [
        long.as_str(),
        "!!! ??? ... --- ,,, ;;; ((( )))",
        "🇺🇦🇷🇺 😀 ok 👍🏽 done",
        "موسكو تدين الهجوم على كييف اليوم",
        "a\u{0}b\u{1}c\u{7f} \u{202e}evil\u{202c} text",
        "'s n't 'll - -- e- -x",
        "",
    ];
    for text in inputs {
        let d = parsed(text);
        check_tree(&d);
    }
    // The text stage cuts sentences at 200 tokens; split hyphens can still make more words than the
    // parser takes at once: it parses them in pieces and says so.
    let d = parsed(&"state-run ".repeat(150));
    check_tree(&d);
    assert!(d.diagnostics.iter().any(|x| x.message.contains("pieces")), "a long sentence is reported");
}
