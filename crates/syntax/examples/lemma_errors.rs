use std::collections::HashMap;
fn main() {
    let path = std::env::args().nth(1).unwrap();
    let sents = dyad_syntax::conllu::parse(&std::fs::read_to_string(path).unwrap()).unwrap();
    let p = dyad_syntax::Parser::embedded().unwrap();
    let mut errs: HashMap<(String, String, String, String), usize> = HashMap::new();
    let mut by_upos: HashMap<String, usize> = HashMap::new();
    let mut tagwrong = 0;
    for s in &sents {
        let forms: Vec<&str> = s.words.iter().map(|w| w.form.as_str()).collect();
        let a = p.analyse(&forms);
        for (i, w) in s.words.iter().enumerate() {
            if a.lemmas[i] != w.lemma {
                let sys_upos = p.model().tags[a.tags[i] as usize].upos.as_str().to_string();
                if sys_upos != w.upos { tagwrong += 1; }
                *by_upos.entry(w.upos.clone()).or_default() += 1;
                *errs.entry((w.form.clone(), w.lemma.clone(), a.lemmas[i].clone(), format!("{}/{}", w.upos, sys_upos))).or_default() += 1;
            }
        }
    }
    let mut v: Vec<_> = errs.into_iter().collect();
    v.sort_by(|a, b| b.1.cmp(&a.1));
    println!("errors with wrong UPOS: {tagwrong}; by gold UPOS: {by_upos:?}");
    for ((f, g, s, u), n) in v.iter().take(60) { println!("{n}\t{f}\t{g}\t{s}\t{u}"); }
}
