//! Browser tests: headless Chromium driven over WebDriver (chromedriver on loopback, plain HTTP
//! from std::net). Covers the overview, a dyad page with a click from a chart bar to the
//! evidence, search through the header form, and hostile text shown as text (no alert).
//! Marked `#[ignore = "needs chromium"]`: `cargo test -- --ignored` runs it, and fails when
//! chromium or chromedriver is not installed (`.ci/run` installs them and runs it). Screenshots go to `$CARGO_TARGET_TMPDIR/dyad-serve-shots/`.

mod common;

use common::{request, small_store};
use serde_json::{json, Value};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

fn which(name: &str) -> Option<String> {
    let path = std::env::var("PATH").unwrap_or_default();
    std::env::split_paths(&path).map(|d| d.join(name)).find(|p| p.is_file()).map(|p| p.display().to_string())
}

struct Driver {
    child: Child,
    addr: SocketAddr,
    session: String,
}

impl Drop for Driver {
    fn drop(&mut self) {
        if !self.session.is_empty() && !std::thread::panicking() {
            let _ = request(self.addr, "DELETE", &format!("/session/{}", self.session), None);
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Driver {
    fn start(chromium: &str, chromedriver: &str) -> Driver {
        let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let child = Command::new(chromedriver).arg(format!("--port={port}")).stdout(Stdio::null()).stderr(Stdio::null()).spawn().expect("chromedriver");
        let addr: SocketAddr = format!("127.0.0.1:{port}").parse().unwrap();
        let t = Instant::now();
        while TcpStream::connect(addr).is_err() {
            assert!(t.elapsed() < Duration::from_secs(20), "chromedriver did not start");
            std::thread::sleep(Duration::from_millis(100));
        }
        let caps = json!({"capabilities": {"alwaysMatch": {"browserName": "chrome", "goog:chromeOptions": {
            "binary": chromium,
            "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1280,1600"]
        }}}});
        let mut d = Driver { child, addr, session: String::new() };
        let v = d.call("POST", "/session", Some(caps));
        d.session = v["sessionId"].as_str().unwrap_or_else(|| panic!("no session: {v}")).to_string();
        d
    }

    fn call(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        let b = body.map(|b| b.to_string());
        let r = request(self.addr, method, path, b.as_deref().or(if method == "POST" { Some("{}") } else { None }));
        let v: Value = serde_json::from_str(&r.body).unwrap_or(Value::Null);
        v["value"].clone()
    }

    fn s(&self, rest: &str) -> String {
        format!("/session/{}{rest}", self.session)
    }

    fn go(&self, url: &str) {
        self.call("POST", &self.s("/url"), Some(json!({ "url": url })));
    }

    fn url(&self) -> String {
        self.call("GET", &self.s("/url"), None).as_str().unwrap_or("").to_string()
    }

    fn title(&self) -> String {
        self.call("GET", &self.s("/title"), None).as_str().unwrap_or("").to_string()
    }

    fn find_all(&self, css: &str) -> Vec<String> {
        let v = self.call("POST", &self.s("/elements"), Some(json!({"using": "css selector", "value": css})));
        v.as_array().map(|a| a.iter().filter_map(|e| e.as_object()?.values().next()?.as_str().map(str::to_string)).collect()).unwrap_or_default()
    }

    fn text(&self, el: &str) -> String {
        self.call("GET", &self.s(&format!("/element/{el}/text")), None).as_str().unwrap_or("").to_string()
    }

    fn click(&self, el: &str) {
        self.call("POST", &self.s(&format!("/element/{el}/click")), None);
    }

    fn keys(&self, el: &str, text: &str) {
        self.call("POST", &self.s(&format!("/element/{el}/value")), Some(json!({ "text": text })));
    }

    /// An open alert's text, if any.
    fn alert(&self) -> Option<String> {
        let v = self.call("GET", &self.s("/alert/text"), None);
        v.as_str().map(str::to_string)
    }

    fn screenshot(&self, name: &str) {
        let v = self.call("GET", &self.s("/screenshot"), None);
        if let Some(b64) = v.as_str() {
            let dir = std::path::PathBuf::from(option_env!("CARGO_TARGET_TMPDIR").unwrap_or("/tmp")).join("dyad-serve-shots");
            let _ = std::fs::create_dir_all(&dir);
            let _ = std::fs::write(dir.join(format!("{name}.png")), base64(b64));
        }
    }

    fn wait_for(&self, css: &str) -> Vec<String> {
        let t = Instant::now();
        loop {
            let v = self.find_all(css);
            if !v.is_empty() || t.elapsed() > Duration::from_secs(10) {
                return v;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

fn base64(s: &str) -> Vec<u8> {
    let val = |c: u8| -> Option<u32> {
        Some(match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        } as u32)
    };
    let mut out = Vec::new();
    let (mut acc, mut bits) = (0u32, 0);
    for c in s.bytes().filter_map(val) {
        acc = (acc << 6) | c;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    out
}

#[test]
#[ignore = "needs chromium"]
fn pages_in_a_real_browser() {
    let (Some(chromium), Some(chromedriver)) = (which("chromium").or_else(|| which("chromium-browser")), which("chromedriver")) else {
        panic!("chromium and chromedriver are not installed (apt-get install chromium chromium-driver; .ci/run does)");
    };
    let server = dyad_serve::spawn(&small_store("browser"), "127.0.0.1:0").unwrap();
    let base = format!("http://{server}");
    let d = Driver::start(&chromium, &chromedriver);

    // Overview: a chart with bars, the busiest dyads.
    d.go(&format!("{base}/"));
    assert!(d.title().starts_with("Overview"), "{}", d.title());
    let bars = d.wait_for("svg.bars a.seg rect");
    assert!(bars.len() >= 3, "overview bars: {}", bars.len());
    let dyads = d.find_all(".grid table a");
    assert!(!dyads.is_empty());
    let first = d.text(&dyads[0]);
    assert!(first.contains("Russia") && first.contains("China"), "{first}");
    d.screenshot("overview");

    // Dyad page: click the first cooperation bar and land on its events with the evidence.
    d.go(&format!("{base}/dyad?a=RUS&b=CHN&period=month"));
    assert!(d.title().contains("Russia") && d.title().contains("China"));
    d.screenshot("dyad");
    let segs = d.wait_for("svg.bars a.seg");
    assert!(!segs.is_empty());
    d.click(&segs[0]);
    let t = Instant::now();
    while !d.url().contains("/events?") && t.elapsed() < Duration::from_secs(10) {
        std::thread::sleep(Duration::from_millis(100));
    }
    let url = d.url();
    assert!(url.contains("/events?") && url.contains("a=RUS") && url.contains("from=2024-01"), "{url}");
    let evidence = d.wait_for(".ev .evidence");
    assert_eq!(evidence.len(), 2, "two January events behind the bar");
    let texts: Vec<String> = evidence.iter().map(|e| d.text(e)).collect();
    assert!(texts.iter().any(|t| t == "Xi Jinping praised Vladimir Putin for the growth of trade."), "{texts:?}");
    assert_eq!(d.find_all(".ev mark.verb").len(), 2);
    let verbs: Vec<String> = d.find_all(".ev mark.verb").iter().map(|e| d.text(e)).collect();
    assert!(verbs.contains(&"praised".to_string()) && verbs.contains(&"met".to_string()), "{verbs:?}");
    d.screenshot("evidence");

    // Search through the header form.
    d.go(&format!("{base}/"));
    let input = d.find_all("header input[name=q]");
    assert_eq!(input.len(), 1);
    d.keys(&input[0], "putin\u{E007}");
    let hits = d.wait_for("#hits td a");
    assert!(d.url().contains("/search?q=putin"), "{}", d.url());
    assert!(!hits.is_empty());
    assert_eq!(d.find_all("#hits code").first().map(|c| d.text(c)).as_deref(), Some("RUSGOV"));
    d.screenshot("search");

    // Hostile text: shown as text, never run.
    d.go(&format!("{base}/events?actor=RUS&from=2024-03-21"));
    let ev = d.wait_for(".ev .evidence");
    assert_eq!(ev.len(), 1);
    assert_eq!(d.text(&ev[0]), "Vladimir Putin said <script>alert(1)</script> to Xi Jinping & \"friends\".");
    assert_eq!(d.alert(), None, "no alert may open");
    assert!(d.find_all(".ev script").is_empty() && d.find_all(".ev img").is_empty());
    let meta = d.find_all(".ev .meta");
    assert!(d.text(&meta[0]).contains("<img src=x onerror=alert(3)> title (javascript:alert(2))"));
    d.screenshot("hostile");
}
