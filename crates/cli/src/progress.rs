//! A progress line on stderr for long runs (`dyad code`, `dyad ingest`), drawn only when stderr
//! is a terminal: documents, documents per second, bytes read and, when the total input size is
//! known, the share done and an ETA. Redrawn at most five times a second; erased at the end so
//! that the one-line summary takes its place.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

pub struct Progress {
    enabled: bool,
    start: Instant,
    last: Instant,
    docs: usize,
    total: Option<u64>,
    bytes: Arc<AtomicU64>,
    drawn: bool,
}

impl Progress {
    /// A progress display for reading `paths` (empty or `-`: stdin, size unknown). Set
    /// [`Progress::counter`] as the reader's `bytes_read`.
    pub fn new(paths: &[PathBuf]) -> Progress {
        let enabled = std::io::stderr().is_terminal();
        let total = if enabled && !paths.is_empty() { dyad_read::total_size(paths) } else { None };
        let now = Instant::now();
        Progress { enabled, start: now, last: now, docs: 0, total, bytes: Arc::new(AtomicU64::new(0)), drawn: false }
    }

    pub fn counter(&self) -> Option<Arc<AtomicU64>> {
        self.enabled.then(|| self.bytes.clone())
    }

    /// One more document (or problem) done.
    pub fn tick(&mut self) {
        self.docs += 1;
        if !self.enabled {
            return;
        }
        let now = Instant::now();
        if now - self.last < Duration::from_millis(200) {
            return;
        }
        self.last = now;
        let line = self.line(now);
        let mut err = std::io::stderr().lock();
        let _ = write!(err, "\r\x1b[K{line}");
        let _ = err.flush();
        self.drawn = true;
    }

    /// The progress line at `now`.
    fn line(&self, now: Instant) -> String {
        let secs = (now - self.start).as_secs_f64().max(1e-3);
        let bytes = self.bytes.load(Ordering::Relaxed);
        let mut s = format!("dyad: {} documents, {:.0} docs/s, {}", self.docs, self.docs as f64 / secs, human(bytes));
        if let Some(total) = self.total.filter(|&t| t > 0) {
            let done = (bytes as f64 / total as f64).min(1.0);
            s.push_str(&format!(" of {} ({:.0}%)", human(total), done * 100.0));
            if done > 0.0 && done < 1.0 {
                let eta = secs * (1.0 - done) / done;
                s.push_str(&format!(", ETA {}", clock(eta)));
            }
        }
        s
    }

    /// Erases the progress line before a message is printed (it is redrawn on a later tick).
    pub fn clear(&mut self) {
        self.finish();
    }

    /// Erases the progress line (before the summary).
    pub fn finish(&mut self) {
        if self.drawn {
            let _ = write!(std::io::stderr(), "\r\x1b[K");
            self.drawn = false;
        }
    }
}

fn human(b: u64) -> String {
    match b {
        b if b >= 1 << 30 => format!("{:.2} GB", b as f64 / (1u64 << 30) as f64),
        b if b >= 1 << 20 => format!("{:.1} MB", b as f64 / (1u64 << 20) as f64),
        b if b >= 1 << 10 => format!("{:.1} KB", b as f64 / 1024.0),
        b => format!("{b} B"),
    }
}

fn clock(secs: f64) -> String {
    let s = secs.round() as u64;
    if s >= 3600 {
        format!("{}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60)
    } else {
        format!("{}:{:02}", s / 60, s % 60)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_shows_rate_bytes_and_eta() {
        let start = Instant::now();
        let p = Progress { enabled: true, start, last: start, docs: 100, total: Some(4 << 20), bytes: Arc::new(AtomicU64::new(1 << 20)), drawn: false };
        let l = p.line(start + Duration::from_secs(10));
        assert_eq!(l, "dyad: 100 documents, 10 docs/s, 1.0 MB of 4.0 MB (25%), ETA 0:30");
        assert_eq!(clock(3725.0), "1:02:05");
        assert_eq!(human(512), "512 B");
    }
}
