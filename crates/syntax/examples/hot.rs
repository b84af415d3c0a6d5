use std::time::Instant;
fn main() {
    let p = dyad_syntax::Parser::embedded().unwrap();
    let s = "Russian forces shelled the city of Kherson on Tuesday, killing three civilians, Ukrainian officials said, a day after Kyiv accused Moscow of targeting energy facilities.";
    let mut d0 = dyad_model::Document::new("x", s);
    dyad_text::process(&mut d0);
    let n = 20000;
    let t = Instant::now();
    let mut w = 0;
    for _ in 0..n {
        let mut d = d0.clone();
        p.parse_all(&mut d);
        w += d.words.len();
    }
    let secs = t.elapsed().as_secs_f64();
    println!("same sentence {n} times: {:.0} words/s", w as f64 / secs);
    let forms: Vec<&str> = d0.tokens.iter().map(|t| d0.slice(t.span)).collect();
    let t = Instant::now();
    let mut tags = Vec::new();
    for _ in 0..n { dyad_syntax::tagger::tag(&p.model().tagger, &p.model().lex, &forms, None, &mut tags); }
    println!("tagging only: {:.0} tokens/s", (n * forms.len()) as f64 / t.elapsed().as_secs_f64());
}
