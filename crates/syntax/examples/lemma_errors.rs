//! Lemma errors of the built-in model on a treebank file, counted by kind.
//!
//! ```sh
//! cargo run --release -p dyad-syntax --example lemma_errors -- DEV.conllu [TRAIN.conllu] [-v] [--model M.dsyn.gz]
//! ```
//! Kinds: whether the tagger's UPOS was wrong, whether only the case differs, whether the form was
//! seen in the train file (when given), and the gold UPOS. `-v` lists the most frequent errors.
use std::collections::{BTreeMap, HashMap, HashSet};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let verbose = args.iter().any(|a| a == "-v");
    let model_path = args.iter().position(|a| a == "--model").and_then(|i| args.get(i + 1)).cloned();
    let files: Vec<&String> = args.iter().filter(|a| *a != "-v" && !a.ends_with(".gz") && *a != "--model").collect();
    let Some(path) = files.first() else {
        eprintln!("usage: lemma_errors DEV.conllu [TRAIN.conllu] [-v]");
        return;
    };
    let read = |p: &str| dyad_syntax::conllu::parse(&std::fs::read_to_string(p).expect("readable file")).expect("CoNLL-U");
    let sents = read(path);
    let seen: HashSet<String> = files.get(1).map(|t| read(t).iter().flat_map(|s| s.words.iter().map(|w| w.form.to_lowercase())).collect()).unwrap_or_default();
    let bytes: Vec<u8> = match &model_path {
        Some(m) => {
            let mut b = Vec::new();
            std::io::Read::read_to_end(&mut flate2::read::GzDecoder::new(std::fs::File::open(m).expect("model file")), &mut b).expect("gzip");
            b
        }
        None => Vec::new(),
    };
    let owned;
    let p = match model_path {
        Some(_) => {
            owned = dyad_syntax::Parser::new(dyad_syntax::Model::from_bytes(&bytes).expect("model"));
            &owned
        }
        None => dyad_syntax::Parser::embedded().expect("model"),
    };
    let mut errs: HashMap<(String, String, String, String), usize> = HashMap::new();
    let mut kinds: BTreeMap<String, usize> = BTreeMap::new();
    let (mut total, mut wrong) = (0, 0);
    for s in &sents {
        let forms: Vec<&str> = s.words.iter().map(|w| w.form.as_str()).collect();
        let a = p.analyse(&forms);
        for (i, w) in s.words.iter().enumerate() {
            total += 1;
            if a.lemmas[i] == w.lemma {
                continue;
            }
            wrong += 1;
            let sys_upos = p.model().tags[a.tags[i] as usize].upos.as_str().to_string();
            let tag = if sys_upos != w.upos { "tag wrong" } else { "tag right" };
            let case = if a.lemmas[i].to_lowercase() == w.lemma.to_lowercase() { "case only" } else { "letters" };
            let known = if seen.is_empty() { "" } else if seen.contains(&w.form.to_lowercase()) { " seen" } else { " unseen" };
            *kinds.entry(format!("{tag}, {case}{known}")).or_default() += 1;
            *kinds.entry(format!("{tag}, {case}{known}, gold {}", w.upos)).or_default() += 1;
            *errs.entry((w.form.clone(), w.lemma.clone(), a.lemmas[i].clone(), format!("{}/{}{known}", w.upos, sys_upos))).or_default() += 1;
        }
    }
    let r = dyad_syntax::eval::gold_tokens(p, &sents);
    println!("{wrong} lemma errors in {total} words ({:.4} right); dyad eval syntax's lemma figure {:.4}", 1.0 - wrong as f64 / total as f64, r.lemmas.f1());
    for (k, n) in &kinds {
        println!("{n:5}  {k}");
    }
    if verbose {
        let mut v: Vec<_> = errs.into_iter().collect();
        v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        for ((f, g, s, u), n) in v {
            println!("{n}\t{f}\t{g}\t{s}\t{u}");
        }
    }
}
