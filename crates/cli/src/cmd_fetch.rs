//! `dyad fetch URL|FILE... [-o OUT.jsonl]`: RSS/Atom feeds and article pages, fetched politely
//! (conditional requests remembered in a state file, a timeout, a User-Agent naming dyad, a
//! per-host rate limit), written as dyad's JSON lines input (`{id,url,title,date,site,lang,text}`).

use anyhow::{Context, Result};
use dyad_model::Document;
use dyad_read::{Item, ReadOptions};
use std::collections::{BTreeMap, HashMap};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

#[derive(clap::Args)]
pub struct FetchArgs {
    /// Feed or page URLs (http:// or https://) and local files or folders.
    #[arg(required = true)]
    pub sources: Vec<String>,
    /// Output file (JSON lines); default: standard output.
    #[arg(short, long)]
    pub out: Option<PathBuf>,
    /// Append to the output file instead of replacing it.
    #[arg(long)]
    pub append: bool,
    /// State file remembering ETag / Last-Modified per URL (default: .dyad-fetch.json next to
    /// the output, or in the current folder).
    #[arg(long)]
    pub state: Option<PathBuf>,
    /// Fetch the article page of feed items whose text is only a short summary.
    #[arg(long)]
    pub articles: bool,
    /// Timeout of one request, in seconds.
    #[arg(long, default_value_t = 20.0)]
    pub timeout: f64,
    /// Minimum seconds between two requests to the same host.
    #[arg(long, default_value_t = 1.0)]
    pub per_host: f64,
}

/// Feed items with less text than this (in bytes) are summaries: `--articles` fetches their page.
pub const SUMMARY_BYTES: usize = 600;
/// Response bodies are read up to this size.
const MAX_BODY: u64 = 32 << 20;

pub fn user_agent() -> String {
    format!("dyad/{} (political event data reader; polite fetcher: conditional requests, 1 request/s/host)", env!("CARGO_PKG_VERSION"))
}

/// Conditional-request state of one URL.
#[derive(serde::Serialize, serde::Deserialize, Default, Clone, Debug, PartialEq)]
pub struct Validators {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub etag: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_modified: Option<String>,
}

/// What one request gave.
#[derive(Debug)]
pub enum Fetched {
    Body { bytes: Vec<u8>, validators: Validators },
    NotModified,
}

/// An HTTP client with a per-host rate limit.
pub struct Fetcher {
    agent: ureq::Agent,
    per_host: Duration,
    last: HashMap<String, Instant>,
}

impl Fetcher {
    pub fn new(timeout: Duration, per_host: Duration) -> Fetcher {
        let agent = ureq::AgentBuilder::new().timeout_connect(timeout).timeout(timeout).user_agent(&user_agent()).redirects(5).build();
        Fetcher { agent, per_host, last: HashMap::new() }
    }

    /// GETs `url`, sending the validators if any; waits first so that one host gets at most one
    /// request per `per_host`.
    pub fn get(&mut self, url: &str, known: Option<&Validators>) -> Result<Fetched, String> {
        let host = host_of(url);
        if let Some(t) = self.last.get(&host) {
            let ready = *t + self.per_host;
            let now = Instant::now();
            if ready > now {
                std::thread::sleep(ready - now);
            }
        }
        self.last.insert(host, Instant::now());
        let mut req = self.agent.get(url);
        if let Some(v) = known {
            if let Some(e) = &v.etag {
                req = req.set("If-None-Match", e);
            }
            if let Some(m) = &v.last_modified {
                req = req.set("If-Modified-Since", m);
            }
        }
        let resp = match req.call() {
            Ok(r) => r,
            Err(ureq::Error::Status(code, r)) => return Err(format!("HTTP {code} {}", r.status_text())),
            Err(e) => return Err(e.to_string()),
        };
        if resp.status() == 304 {
            return Ok(Fetched::NotModified);
        }
        if !(200..300).contains(&resp.status()) {
            return Err(format!("HTTP {} {}", resp.status(), resp.status_text()));
        }
        let validators = Validators { etag: resp.header("ETag").map(String::from), last_modified: resp.header("Last-Modified").map(String::from) };
        let mut bytes = Vec::new();
        resp.into_reader().take(MAX_BODY).read_to_end(&mut bytes).map_err(|e| format!("reading the body: {e}"))?;
        Ok(Fetched::Body { bytes, validators })
    }
}

fn host_of(url: &str) -> String {
    let rest = url.split_once("://").map(|x| x.1).unwrap_or(url);
    rest.split(['/', '?', '#']).next().unwrap_or("").to_ascii_lowercase()
}

fn is_url(s: &str) -> bool {
    s.starts_with("http://") || s.starts_with("https://")
}

/// The state file: validators per URL.
#[derive(serde::Serialize, serde::Deserialize, Default)]
struct State {
    #[serde(default)]
    urls: BTreeMap<String, Validators>,
}

fn load_state(path: &Path) -> State {
    match std::fs::read(path) {
        Ok(b) => serde_json::from_slice(&b).unwrap_or_else(|e| {
            eprintln!("dyad: fetch: {}: unreadable state ({e}), starting afresh", path.display());
            State::default()
        }),
        Err(_) => State::default(),
    }
}

fn save_state(path: &Path, st: &State) -> Result<()> {
    let tmp = path.with_extension("json.tmp");
    std::fs::write(&tmp, serde_json::to_vec_pretty(st)?).with_context(|| format!("writing {}", tmp.display()))?;
    std::fs::rename(&tmp, path).with_context(|| format!("writing {}", path.display()))?;
    Ok(())
}

/// One document as a line of dyad's JSON input.
pub fn doc_json(d: &Document) -> serde_json::Value {
    let mut m = serde_json::Map::new();
    m.insert("id".into(), d.id.clone().into());
    if let Some(u) = &d.url {
        m.insert("url".into(), u.clone().into());
    }
    if let Some(t) = &d.title {
        m.insert("title".into(), t.clone().into());
    }
    if let Some(x) = d.date {
        m.insert("date".into(), x.to_string().into());
    }
    if let Some(s) = &d.site {
        m.insert("site".into(), s.clone().into());
    }
    if let Some(l) = &d.lang {
        m.insert("lang".into(), l.clone().into());
    }
    m.insert("text".into(), d.text.clone().into());
    serde_json::Value::Object(m)
}

/// Counts of a run.
#[derive(Default, Debug)]
pub struct Counts {
    pub docs: usize,
    pub not_modified: usize,
    pub articles: usize,
    pub failed: usize,
}

/// Reads every source, writing documents to `out`; problems go to stderr and are counted.
pub fn fetch_all(args: &FetchArgs, fetcher: &mut Fetcher, state_path: &Path, out: &mut dyn Write) -> Result<Counts> {
    let opts = ReadOptions::default();
    let mut state = load_state(state_path);
    let mut c = Counts::default();
    for src in &args.sources {
        let items: Vec<Item> = if is_url(src) {
            match fetcher.get(src, state.urls.get(src)) {
                Ok(Fetched::NotModified) => {
                    c.not_modified += 1;
                    eprintln!("dyad: fetch: {src}: not modified");
                    continue;
                }
                Ok(Fetched::Body { bytes, validators }) => {
                    if validators.etag.is_some() || validators.last_modified.is_some() {
                        state.urls.insert(src.clone(), validators);
                    } else {
                        state.urls.remove(src);
                    }
                    dyad_read::read_reader(src, Box::new(std::io::Cursor::new(bytes)), &opts).collect()
                }
                Err(e) => {
                    c.failed += 1;
                    eprintln!("dyad: fetch: {src}: {e}");
                    continue;
                }
            }
        } else {
            dyad_read::read_paths(&[PathBuf::from(src)], &opts).collect()
        };
        for item in items {
            match item {
                Item::Problem { message, .. } => {
                    c.failed += 1;
                    eprintln!("dyad: fetch: {message}");
                }
                Item::Skipped { .. } => {}
                Item::Doc(mut d) => {
                    if args.articles && d.text.len() < SUMMARY_BYTES {
                        if let Some(url) = d.url.clone().filter(|u| is_url(u) && u != src) {
                            match fetcher.get(&url, None) {
                                Ok(Fetched::Body { bytes, .. }) => {
                                    let page = dyad_read::read_html(&url, &String::from_utf8_lossy(&bytes), &opts);
                                    if page.text.len() > d.text.len() {
                                        d.text = page.text;
                                        d.title = d.title.or(page.title);
                                        if d.date.is_none() {
                                            d.date = page.date;
                                            d.date_source = page.date_source;
                                        }
                                        d.lang = page.lang.or(d.lang);
                                        c.articles += 1;
                                    }
                                }
                                Ok(Fetched::NotModified) => {}
                                Err(e) => eprintln!("dyad: fetch: {url}: article page: {e}; the feed's summary is kept"),
                            }
                        }
                    }
                    serde_json::to_writer(&mut *out, &doc_json(&d))?;
                    out.write_all(b"\n")?;
                    c.docs += 1;
                }
            }
        }
    }
    save_state(state_path, &state)?;
    Ok(c)
}

pub fn run(args: FetchArgs) -> Result<ExitCode> {
    let state_path = args.state.clone().unwrap_or_else(|| match &args.out {
        Some(o) => o.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new(".")).join(".dyad-fetch.json"),
        None => PathBuf::from(".dyad-fetch.json"),
    });
    let mut fetcher = Fetcher::new(Duration::from_secs_f64(args.timeout.max(0.1)), Duration::from_secs_f64(args.per_host.max(0.0)));
    let mut out: Box<dyn Write> = match &args.out {
        Some(p) => {
            let f = std::fs::OpenOptions::new().create(true).write(true).append(args.append).truncate(!args.append).open(p).with_context(|| format!("opening {}", p.display()))?;
            Box::new(std::io::BufWriter::new(f))
        }
        None => Box::new(std::io::BufWriter::new(std::io::stdout().lock())),
    };
    let c = fetch_all(&args, &mut fetcher, &state_path, &mut out)?;
    out.flush()?;
    eprintln!("dyad: fetch: {} documents ({} with their article page), {} not modified, {} failed", c.docs, c.articles, c.not_modified, c.failed);
    Ok(if c.failed > 0 { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

#[cfg(test)]
mod tests {
    //! Over plain HTTP on 127.0.0.1 (no internet in tests; HTTPS uses the same code path with
    //! rustls but cannot be tested offline).
    use super::*;
    use std::io::{BufRead, BufReader};
    use std::net::TcpListener;
    use std::sync::{Arc, Mutex};

    const FEED: &str = r#"<?xml version="1.0"?><rss version="2.0"><channel><title>Test Wire</title><language>en</language>
<item><title>Talks resume in Doha</title><link>http://HOST/story/1</link><pubDate>Tue, 05 Mar 2024 10:00:00 GMT</pubDate>
<description>Negotiators met again on Tuesday.</description></item>
<item><title>Long item</title><link>http://HOST/story/2</link><pubDate>Tue, 05 Mar 2024 11:00:00 GMT</pubDate>
<description>The foreign ministers of the two countries met in the capital on Tuesday and agreed to reopen their embassies, a joint statement said after the meeting.</description></item>
</channel></rss>"#;
    const PAGE: &str = "<html lang=en><head><meta property=\"og:title\" content=\"Talks resume in Doha\"></head><body><nav><a href=/>Home</a></nav><article>\
<p>Negotiators from both sides met again in Doha on Tuesday, the mediators said in a statement published after the first session.</p>\
<p>The talks had been suspended for three weeks after a dispute over the agenda, according to officials familiar with the process.</p></article></body></html>";

    /// A tiny HTTP/1.1 server: serves the feed (with an ETag), the article page, a broken feed,
    /// and a path that never answers. Records the time and path of each request.
    fn server() -> (String, Arc<Mutex<Vec<(Instant, String, Option<String>)>>>) {
        let l = TcpListener::bind("127.0.0.1:0").unwrap();
        let base = format!("http://{}", l.local_addr().unwrap());
        let host = base.trim_start_matches("http://").to_string();
        let log = Arc::new(Mutex::new(Vec::new()));
        let log2 = log.clone();
        std::thread::spawn(move || {
            for stream in l.incoming() {
                let Ok(mut s) = stream else { continue };
                let log = log2.clone();
                let host = host.clone();
                std::thread::spawn(move || {
                    let mut r = BufReader::new(s.try_clone().unwrap());
                    let mut line = String::new();
                    r.read_line(&mut line).unwrap();
                    let path = line.split_whitespace().nth(1).unwrap_or("/").to_string();
                    let mut inm = None;
                    loop {
                        let mut h = String::new();
                        if r.read_line(&mut h).unwrap_or(0) == 0 || h.trim().is_empty() {
                            break;
                        }
                        if let Some(v) = h.strip_prefix("If-None-Match: ").or_else(|| h.strip_prefix("if-none-match: ")) {
                            inm = Some(v.trim().to_string());
                        }
                    }
                    log.lock().unwrap().push((Instant::now(), path.clone(), inm.clone()));
                    let (status, body, etag) = match path.as_str() {
                        "/feed.xml" if inm.as_deref() == Some("\"v1\"") => ("304 Not Modified", String::new(), true),
                        "/feed.xml" => ("200 OK", FEED.replace("HOST", &host), true),
                        "/story/1" => ("200 OK", PAGE.to_string(), false),
                        "/broken.xml" => ("200 OK", FEED.replace("HOST", &host)[..FEED.len() - 40].to_string(), false),
                        "/slow" => {
                            std::thread::sleep(Duration::from_secs(3));
                            ("200 OK", String::new(), false)
                        }
                        _ => ("404 Not Found", "no".to_string(), false),
                    };
                    let etag = if etag { "ETag: \"v1\"\r\n" } else { "" };
                    let _ = write!(s, "HTTP/1.1 {status}\r\n{etag}Content-Length: {}\r\nConnection: close\r\n\r\n{body}", body.len());
                });
            }
        });
        (base, log)
    }

    fn args(sources: Vec<String>, articles: bool) -> FetchArgs {
        FetchArgs { sources, out: None, append: false, state: None, articles, timeout: 1.0, per_host: 0.0 }
    }

    fn lines(out: &[u8]) -> Vec<serde_json::Value> {
        String::from_utf8_lossy(out).lines().map(|l| serde_json::from_str(l).unwrap()).collect()
    }

    #[test]
    fn feed_then_not_modified_and_articles() {
        let (base, log) = server();
        let dir = std::env::temp_dir().join(format!("dyad-fetch-test-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let state = dir.join("state.json");
        let _ = std::fs::remove_file(&state);
        let mut f = Fetcher::new(Duration::from_secs(2), Duration::ZERO);
        let a = args(vec![format!("{base}/feed.xml")], true);
        let mut out = Vec::new();
        let c = fetch_all(&a, &mut f, &state, &mut out).unwrap();
        let docs = lines(&out);
        assert_eq!((c.docs, c.articles, c.failed), (2, 1, 0), "{c:?}");
        assert_eq!(docs[0]["id"], format!("{base}/story/1"));
        assert_eq!(docs[0]["title"], "Talks resume in Doha");
        assert_eq!(docs[0]["date"], "2024-03-05");
        assert!(docs[0]["text"].as_str().unwrap().starts_with("Negotiators from both sides met again in Doha"), "{}", docs[0]["text"]);
        assert!(docs[1]["text"].as_str().unwrap().starts_with("The foreign ministers"));
        // The ETag was remembered: the second run sends it and gets 304, no documents.
        let saved: State = serde_json::from_slice(&std::fs::read(&state).unwrap()).unwrap();
        assert_eq!(saved.urls[&format!("{base}/feed.xml")].etag.as_deref(), Some("\"v1\""));
        let mut out = Vec::new();
        let c = fetch_all(&args(vec![format!("{base}/feed.xml")], false), &mut f, &state, &mut out).unwrap();
        assert_eq!((c.docs, c.not_modified), (0, 1));
        assert!(out.is_empty());
        let log = log.lock().unwrap();
        assert_eq!(log.last().unwrap().2.as_deref(), Some("\"v1\""));
        // The user agent is dyad's (checked on the client side).
        assert!(user_agent().starts_with("dyad/"));
    }

    #[test]
    fn broken_feed_timeout_and_missing_page_are_counted() {
        let (base, _) = server();
        let state = std::env::temp_dir().join(format!("dyad-fetch-test-b-{}.json", std::process::id()));
        let mut f = Fetcher::new(Duration::from_millis(500), Duration::ZERO);
        let a = args(vec![format!("{base}/broken.xml"), format!("{base}/slow"), format!("{base}/missing")], false);
        let mut out = Vec::new();
        let t = Instant::now();
        let c = fetch_all(&a, &mut f, &state, &mut out).unwrap();
        assert!(t.elapsed() < Duration::from_secs(3), "the timeout cut the slow request");
        // The broken feed keeps its complete first item and reports the break.
        assert_eq!(c.docs, 1, "{c:?}");
        assert_eq!(c.failed, 3, "{c:?}");
        let _ = std::fs::remove_file(&state);
    }

    #[test]
    fn one_request_per_interval_per_host() {
        let (base, log) = server();
        let mut f = Fetcher::new(Duration::from_secs(2), Duration::from_millis(400));
        for _ in 0..3 {
            let _ = f.get(&format!("{base}/missing"), None);
        }
        let log = log.lock().unwrap();
        assert_eq!(log.len(), 3);
        for w in log.windows(2) {
            assert!(w[1].0 - w[0].0 >= Duration::from_millis(380), "{:?}", w[1].0 - w[0].0);
        }
        assert_eq!(host_of("https://Example.org:8443/a?b"), "example.org:8443");
    }
}
