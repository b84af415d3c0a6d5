//! Streams documents from the readers through the text stage and a coder, in parallel, keeping
//! input order.

use dyad_coder::Coder;
use dyad_model::Document;
use dyad_read::Item;
use std::collections::BTreeMap;
use std::sync::mpsc::{channel, sync_channel};
use std::sync::Mutex;

/// One input item after processing.
pub enum Processed {
    /// A coded document.
    Doc(Document),
    /// A document skipped because it is not in English.
    Skipped { id: String, lang: String },
    /// Something the reader could not read.
    Problem { origin: String, message: String },
    /// Something the reader left aside on purpose (a WARC archive's request or metadata record,
    /// a response that is not HTML): `reason` is its kind, for counting.
    LeftAside { reason: String },
}

/// What was not coded, for the summaries of `code`, `ingest` and `read`: documents by language,
/// archive records by kind.
#[derive(Default)]
pub struct Skips {
    pub languages: BTreeMap<String, usize>,
    pub records: BTreeMap<String, usize>,
}

impl Skips {
    pub fn language(&mut self, lang: &str) {
        *self.languages.entry(lang.to_string()).or_default() += 1;
    }
    pub fn record(&mut self, reason: &str) {
        *self.records.entry(reason.to_string()).or_default() += 1;
    }
    /// `" (de 5, fr 7)"`: the skipped documents per language, most first; empty when none.
    pub fn languages_detail(&self) -> String {
        self.languages_list().map(|l| format!(" ({l})")).unwrap_or_default()
    }
    /// `"de 5, fr 7"`, or `None` when no document was skipped for its language.
    pub fn languages_list(&self) -> Option<String> {
        list(&self.languages)
    }
    /// `"; left aside: 24 archive records (WARC request record 10, ...)"`, or nothing.
    pub fn records_summary(&self) -> String {
        let n: usize = self.records.values().sum();
        if n == 0 {
            return String::new();
        }
        format!("; left aside: {n} archive records ({})", list(&self.records).unwrap_or_default())
    }
}

/// `"a 5, b 2"`: counts, most first; `None` when empty.
fn list(counts: &BTreeMap<String, usize>) -> Option<String> {
    if counts.is_empty() {
        return None;
    }
    let mut v: Vec<(&String, &usize)> = counts.iter().collect();
    v.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    Some(v.iter().map(|(k, n)| format!("{k} {n}")).collect::<Vec<_>>().join(", "))
}

/// What codes a document whose text stage has run: dyad's coder, or PETRARCH mode
/// ([`crate::PetrarchEngine`]). Either fills `doc.events` with events of the documented schema.
pub trait Code: Sync {
    fn code(&self, doc: &mut Document);
}

impl Code for Coder {
    fn code(&self, doc: &mut Document) {
        Coder::code(self, doc)
    }
}

/// How many documents go to a worker at once.
const BATCH: usize = 32;

fn process(coder: &dyn Code, item: Item) -> Processed {
    match item {
        Item::Doc(mut doc) => {
            if let Some(lang) = dyad_read::uncoded_language(&doc) {
                return Processed::Skipped { lang: lang.to_string(), id: doc.id };
            }
            dyad_text::process(&mut doc);
            coder.code(&mut doc);
            Processed::Doc(doc)
        }
        Item::Problem { origin, message } => Processed::Problem { origin, message },
        Item::Skipped { reason, .. } => Processed::LeftAside { reason },
    }
}

/// Runs the pipeline over `items` with `threads` workers (in batches), calling `sink` with the results
/// in input order.
pub fn run(items: impl Iterator<Item = Item> + Send, coder: &dyn Code, threads: usize, mut sink: impl FnMut(Processed)) {
    let work = |item: Item| process(coder, item);
    if threads <= 1 {
        for item in items {
            sink(work(item));
        }
        return;
    }
    let work = &work;
    let (work_tx, work_rx) = sync_channel::<(usize, Vec<Item>)>(threads * 2);
    let work_rx = Mutex::new(work_rx);
    let (done_tx, done_rx) = channel::<(usize, Vec<Processed>)>();
    std::thread::scope(|scope| {
        scope.spawn(move || {
            let mut batch = Vec::with_capacity(BATCH);
            let mut n = 0;
            for item in items {
                batch.push(item);
                if batch.len() == BATCH {
                    if work_tx.send((n, std::mem::take(&mut batch))).is_err() {
                        return;
                    }
                    n += 1;
                }
            }
            if !batch.is_empty() {
                let _ = work_tx.send((n, batch));
            }
        });
        for _ in 0..threads {
            let done_tx = done_tx.clone();
            let work_rx = &work_rx;
            scope.spawn(move || loop {
                let next = match work_rx.lock() {
                    Ok(rx) => rx.recv(),
                    Err(_) => return,
                };
                let Ok((n, batch)) = next else { return };
                let out: Vec<Processed> = batch.into_iter().map(work).collect();
                if done_tx.send((n, out)).is_err() {
                    return;
                }
            });
        }
        drop(done_tx);
        // Reorder: results may arrive out of order; memory stays bounded by the work channel.
        let mut pending: BTreeMap<usize, Vec<Processed>> = BTreeMap::new();
        let mut next = 0;
        for (n, out) in done_rx {
            pending.insert(n, out);
            while let Some(out) = pending.remove(&next) {
                for p in out {
                    sink(p);
                }
                next += 1;
            }
        }
    });
}
