//! Trains dyad's syntax model from UD English-EWT, deterministically, and writes it compressed.
//!
//! ```sh
//! cargo run --release -p dyad-syntax --bin dyad-syntax-train -- \
//!     --treebank ../shared/data/ud-english-ewt -o data/syntax/en_ewt.dsyn.gz
//! ```
//! Trains on the train file, reports the dev file's figures (the ones hyper-parameters were chosen
//! on), and never reads the test file.
//!
//! `--lemmas-only` relearns only the lemmatizer and writes it into the existing model (`--model`,
//! by default the output file): the tagger's and parser's sections stay byte for byte as they were.

use dyad_syntax::{conllu, eval, lemma::Lemmatizer, model::ModelParts, train, weights, words::Tokenization, Model, Parser};
use std::io::Write;
use std::time::Instant;

struct Args {
    treebank: String,
    irregular: String,
    out: String,
    model: Option<String>,
    lemmas_only: bool,
    tagger_epochs: usize,
    parser_epochs: usize,
    /// Parsers trained with this many seeds, their weights summed.
    parser_seeds: usize,
    explore: f64,
    prune: f32,
    /// Further pruning thresholds to write and measure on dev besides `prune` (for choosing it).
    also_prune: Vec<f32>,
    seed: u64,
    grouping: dyad_syntax::parser::Grouping,
}

fn args() -> Result<Args, String> {
    let mut a = Args {
        treebank: "../shared/data/ud-english-ewt".into(),
        irregular: "data/lexicon/irregular.tsv".into(),
        out: "data/syntax/en_ewt.dsyn.gz".into(),
        model: None,
        lemmas_only: false,
        tagger_epochs: 8,
        parser_epochs: 20,
        parser_seeds: 2,
        explore: 0.5,
        prune: 3.0,
        also_prune: Vec::new(),
        seed: 1,
        grouping: dyad_syntax::parser::Grouping::Labels,
    };
    let mut it = std::env::args().skip(1);
    while let Some(k) = it.next() {
        let mut v = || it.next().ok_or(format!("{k} needs a value"));
        match k.as_str() {
            "--treebank" => a.treebank = v()?,
            "--irregular" => a.irregular = v()?,
            "-o" | "--out" => a.out = v()?,
            "--model" => a.model = Some(v()?),
            "--lemmas-only" => a.lemmas_only = true,
            "--tagger-epochs" => a.tagger_epochs = v()?.parse().map_err(|_| "bad --tagger-epochs")?,
            "--parser-epochs" => a.parser_epochs = v()?.parse().map_err(|_| "bad --parser-epochs")?,
            "--parser-seeds" => a.parser_seeds = v()?.parse().map_err(|_| "bad --parser-seeds")?,
            "--explore" => a.explore = v()?.parse().map_err(|_| "bad --explore")?,
            "--seed" => a.seed = v()?.parse().map_err(|_| "bad --seed")?,
            "--prune" => a.prune = v()?.parse().map_err(|_| "bad --prune")?,
            "--also-prune" => {
                a.also_prune = v()?.split(',').map(|p| p.trim().parse::<f32>()).collect::<Result<_, _>>().map_err(|_| "bad --also-prune")?
            }
            "--groups" => {
                a.grouping = match v()?.as_str() {
                    "labels" => dyad_syntax::parser::Grouping::Labels,
                    "coarse" => dyad_syntax::parser::Grouping::Coarse,
                    g => return Err(format!("--groups: {g:?}: expected labels or coarse")),
                }
            }
            "-h" | "--help" => {
                println!("dyad-syntax-train [--treebank DIR] [--irregular FILE] [-o OUT.dsyn.gz] [--tagger-epochs N] [--parser-epochs N] [--parser-seeds N] [--explore P] [--prune W] [--also-prune W,W...] [--groups labels|coarse] [--seed N]\n\
                     dyad-syntax-train --lemmas-only [--model IN.dsyn.gz] [--treebank DIR] [--irregular FILE] [-o OUT.dsyn.gz]\n\
                     (relearns the lemmatizer only; the weights stay as they are)\n\
                     --also-prune also writes OUT-pruneW.dsyn.gz for each W, with its dev figures (for choosing --prune on dev)");
                std::process::exit(0);
            }
            _ => return Err(format!("unknown argument {k}")),
        }
    }
    Ok(a)
}

fn read(dir: &str, name: &str) -> Result<Vec<conllu::Sentence>, String> {
    let path = format!("{dir}/{name}");
    let text = std::fs::read_to_string(&path).map_err(|e| format!("{path}: {e}"))?;
    conllu::parse(&text).map_err(|e| format!("{path}: {e}"))
}

fn irregular_forms(path: &str) -> Result<Vec<(String, String)>, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{path}: {e}"))?;
    let mut out = Vec::new();
    for line in text.lines().filter(|l| !l.starts_with('#') && !l.trim().is_empty()) {
        if let Some((lemma, forms)) = line.split_once('\t') {
            for f in forms.split('|').map(str::trim).filter(|f| !f.is_empty()) {
                out.push((f.to_string(), lemma.trim().to_string()));
            }
        }
    }
    Ok(out)
}

fn main() {
    if let Err(e) = run() {
        eprintln!("dyad-syntax-train: {e}");
        std::process::exit(1);
    }
}

fn run() -> Result<(), String> {
    let a = args()?;
    let t0 = Instant::now();
    let log = |m: String| eprintln!("[{:6.1}s] {m}", t0.elapsed().as_secs_f64());
    let tr = read(&a.treebank, "en_ewt-ud-train.conllu")?;
    let dev = read(&a.treebank, "en_ewt-ud-dev.conllu")?;
    log(format!("train {} sentences, dev {}", tr.len(), dev.len()));
    if a.lemmas_only {
        return lemmas_only(&a, &tr, &dev, log);
    }

    let classes = train::tag_classes(&tr);
    let labels = train::label_classes(&tr);
    let tok = Tokenization::learn(&tr, |s| {
        let (mut t, mut k) = (Vec::new(), String::new());
        dyad_text::tokenize(s, &mut t, &mut k);
        t.iter().map(|x| s[x.span.range()].to_string()).collect()
    });
    log(format!("{} tag classes, {} labels; {} hyphen prefixes kept whole, {} splits", classes.names.len(), labels.names.len(), tok.keep_hyphen.len(), tok.splits.len()));

    let topts = train::TaggerOptions { epochs: a.tagger_epochs, seed: a.seed, ..Default::default() };
    let lex = train::tag_lexicons(&tr, &classes, &topts);
    let jk = train::jackknife(&tr, &classes, &topts, 4);
    log(format!("jackknifed tags for the parser: UPOS {:.4} on train", train::upos_accuracy(&classes, &tr, &jk)));
    let pass1 = train::train_pass(&tr, None, &classes, &lex, &topts, None, |_, _| {});
    let tagger_rows = pass1.rows();
    log(format!("tagger: {} features", tagger_rows.len()));

    let lemma = learn_lemmas(&tr, &classes, &a.irregular)?;

    // Dev tags from the final tagger, for reporting the parser's dev figures while it trains.
    let tagger_bytes = weights::write(classes.names.len(), &tagger_rows, 0.0);
    let ttable = weights::Table::new(&tagger_bytes).map_err(|e| e.to_string())?;
    let dev_tags: Vec<Vec<u16>> = dev
        .iter()
        .map(|s| {
            let forms: Vec<&str> = s.words.iter().map(|w| w.form.as_str()).collect();
            let mut t = Vec::new();
            dyad_syntax::tagger::tag(&ttable, &dyad_syntax::tagger::TrainLex(&lex.0, &lex.1), &forms, None, &mut t);
            t
        })
        .collect();
    let mut parsers = Vec::new();
    for k in 0..a.parser_seeds.max(1) {
        let seed = a.seed.wrapping_add(6 + k as u64);
        let popts = train::ParserOptions { grouping: a.grouping, epochs: a.parser_epochs, seed, explore: a.explore, ..Default::default() };
        parsers.push(train::train_parser(&tr, &jk, &classes.names, &labels, &popts, Some((&dev, &dev_tags)), |e, u, l| {
            log(format!("parser {}, epoch {e}: dev UAS {u:.4} LAS {l:.4}", k + 1))
        }));
    }
    let trained = train::mix_parsers(parsers);
    log(format!("parser: {} transition features, {} label features", trained.transitions.len(), trained.labels.len()));
    let ntrans = dyad_syntax::parser::transitions(trained.groups.iter().map(|&g| g as usize + 1).max().unwrap_or(1));
    let model_bytes = |prune: f32| {
        let parts = ModelParts {
            info: format!(
                "dyad syntax model, trained on UD English-EWT v2.16 train ({} sentences) by dyad-syntax-train; \
                 tagger {} epochs, parser {} epochs ({:?} transitions{}), exploration {}, parser weights below {} \
                 dropped, seed {}. Licence: CC BY-SA 4.0.",
                tr.len(),
                a.tagger_epochs,
                a.parser_epochs,
                a.grouping,
                if a.parser_seeds > 1 { format!(", {} seeds summed", a.parser_seeds) } else { String::new() },
                a.explore,
                prune,
                a.seed
            ),
            tags: classes.names.clone(),
            labels: labels.names.clone(),
            tok: tok.clone(),
            dict: lex.0.clone(),
            amb: lex.1.clone(),
            lemma: lemma.clone(),
            tagger: tagger_bytes.clone(),
            groups: trained.groups.clone(),
            parser: weights::write(ntrans, &trained.transitions, prune),
            labeler: weights::write(labels.names.len(), &trained.labels, prune),
        };
        parts.to_bytes()
    };
    for &p in &a.also_prune {
        let out = match a.out.strip_suffix(".dsyn.gz") {
            Some(stem) => format!("{stem}-prune{p}.dsyn.gz"),
            None => format!("{}-prune{p}", a.out),
        };
        log(format!("parser weights below {p} dropped:"));
        write_model(&out, model_bytes(p), &dev, &log)?;
    }
    write_model(&a.out, model_bytes(a.prune), &dev, log)
}

/// The lemmatizer, learned from the train file's (form, class, lemma) triples and dyad's irregular
/// verb forms.
fn learn_lemmas(tr: &[conllu::Sentence], classes: &train::Classes, irregular: &str) -> Result<Lemmatizer, String> {
    let mut lemma = Lemmatizer::learn(tr.iter().flat_map(|s| {
        s.words.iter().map(|w| (w.form.as_str(), classes.get(&train::tag_name(&w.upos, &w.xpos)).unwrap_or(0), w.lemma.as_str()))
    }));
    let verb_classes: Vec<u16> = classes.names.iter().enumerate().filter(|(_, n)| n.starts_with("VERB ") || n.starts_with("AUX ")).map(|(i, _)| i as u16).collect();
    lemma.add_forms(&irregular_forms(irregular)?, &verb_classes);
    Ok(lemma)
}

/// `--lemmas-only`: the existing model with a relearned `lemma` section.
fn lemmas_only(a: &Args, tr: &[conllu::Sentence], dev: &[conllu::Sentence], log: impl Fn(String)) -> Result<(), String> {
    let path = a.model.as_deref().unwrap_or(&a.out);
    let f = std::fs::File::open(path).map_err(|e| format!("{path}: {e}"))?;
    let mut old = Vec::new();
    std::io::Read::read_to_end(&mut flate2::read::GzDecoder::new(f), &mut old).map_err(|e| format!("{path}: {e}"))?;
    let model = Model::from_bytes(&old).map_err(|e| format!("{path}: {e}"))?;
    let classes = train::tag_classes(tr);
    let names: Vec<String> = model.tags.iter().map(|c| train::tag_name(c.upos.as_str(), c.xpos.as_str())).collect();
    if names != classes.names {
        return Err(format!("{path}: its tag classes are not the train file's: retrain the whole model"));
    }
    let r = eval::gold_tokens(&Parser::new(model), dev);
    log(format!("dev with the old lemmas: lemmas {:.4}", r.lemmas.f1()));
    let lemma = learn_lemmas(tr, &classes, &a.irregular)?;
    let bytes = dyad_syntax::model::replace_section(&old, "lemma", &dyad_syntax::model::lemma_section(&lemma)).map_err(|e| e.to_string())?;
    write_model(&a.out, bytes, dev, log)
}

fn write_model(out: &str, bytes: Vec<u8>, dev: &[conllu::Sentence], log: impl Fn(String)) -> Result<(), String> {
    let model = Model::from_bytes(&bytes).map_err(|e| e.to_string())?;
    let parser = Parser::new(model);
    let r = eval::gold_tokens(&parser, dev);
    log(format!("dev, gold tokens: UPOS {:.4} lemmas {:.4} UAS {:.4} LAS {:.4}", r.upos.f1(), r.lemmas.f1(), r.uas.f1(), r.las.f1()));
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    gz.write_all(&bytes).map_err(|e| e.to_string())?;
    let packed = gz.finish().map_err(|e| e.to_string())?;
    if let Some(dir) = std::path::Path::new(out).parent() {
        std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    }
    std::fs::write(out, &packed).map_err(|e| format!("{out}: {e}"))?;
    log(format!("wrote {out} ({} bytes, {} uncompressed)", packed.len(), bytes.len()));
    Ok(())
}
