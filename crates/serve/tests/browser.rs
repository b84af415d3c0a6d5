//! Browser tests: headless Chromium driven over WebDriver (chromedriver on loopback, plain HTTP
//! from std::net). Covers the overview, a dyad page with a click from a chart bar to the
//! evidence, search through the header form, hostile text shown as text (no alert), paging and
//! the page-size control, a CSV download through its link, and the actor map over its Natural
//! Earth basemap. Screenshots are decoded (PNG) and checked to be non-blank.
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
    fn start(chromium: &str, chromedriver: &str, downloads: &std::path::Path) -> Driver {
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
            "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1280,1600"],
            "prefs": {"download.default_directory": downloads.display().to_string(), "download.prompt_for_download": false}
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

    /// Takes a screenshot of the page (or of element `el`), saves it, and checks that it is not
    /// blank: at least `colours` distinct colours, and at least 2% of the pixels unlike the
    /// commonest one.
    fn screenshot_checked(&self, name: &str, el: Option<&str>, colours: usize) {
        let path = match el {
            Some(e) => self.s(&format!("/element/{e}/screenshot")),
            None => self.s("/screenshot"),
        };
        let v = self.call("GET", &path, None);
        let png = base64(v.as_str().unwrap_or_else(|| panic!("{name}: no screenshot: {v}")));
        let dir = std::path::PathBuf::from(option_env!("CARGO_TARGET_TMPDIR").unwrap_or("/tmp")).join("dyad-serve-shots");
        let _ = std::fs::create_dir_all(&dir);
        let _ = std::fs::write(dir.join(format!("{name}.png")), &png);
        let (w, h, px) = decode_png(&png);
        let mut counts: std::collections::HashMap<[u8; 3], usize> = std::collections::HashMap::new();
        for p in &px {
            *counts.entry(*p).or_default() += 1;
        }
        let top = counts.values().copied().max().unwrap_or(0);
        let other = px.len() - top;
        assert!(w > 50 && h > 50, "{name}: {w}x{h}");
        assert!(counts.len() >= colours, "{name}: only {} colours", counts.len());
        assert!(other * 50 >= px.len(), "{name}: {other} of {} pixels differ from the background", px.len());
    }

    fn screenshot(&self, name: &str) {
        self.screenshot_checked(name, None, 8);
    }

    fn attr(&self, el: &str, name: &str) -> String {
        self.call("GET", &self.s(&format!("/element/{el}/attribute/{name}")), None).as_str().unwrap_or("").to_string()
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

/// Decodes an 8-bit RGB or RGBA PNG (what Chromium's screenshots are) into RGB pixels.
fn decode_png(png: &[u8]) -> (usize, usize, Vec<[u8; 3]>) {
    use std::io::Read;
    assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"), "not a PNG");
    let (mut w, mut h, mut channels) = (0usize, 0usize, 0usize);
    let mut idat = Vec::new();
    let mut at = 8;
    while at + 8 <= png.len() {
        let len = u32::from_be_bytes(png[at..at + 4].try_into().unwrap()) as usize;
        let kind = &png[at + 4..at + 8];
        let data = &png[at + 8..at + 8 + len];
        match kind {
            b"IHDR" => {
                w = u32::from_be_bytes(data[0..4].try_into().unwrap()) as usize;
                h = u32::from_be_bytes(data[4..8].try_into().unwrap()) as usize;
                assert_eq!(data[8], 8, "bit depth");
                channels = match data[9] {
                    2 => 3,
                    6 => 4,
                    c => panic!("PNG colour type {c}"),
                };
                assert_eq!(data[12], 0, "interlaced PNG");
            }
            b"IDAT" => idat.extend_from_slice(data),
            _ => {}
        }
        at += 12 + len;
    }
    let mut raw = Vec::new();
    flate2::read::ZlibDecoder::new(&idat[..]).read_to_end(&mut raw).unwrap();
    let stride = w * channels;
    assert_eq!(raw.len(), h * (stride + 1), "PNG data size");
    let mut prev = vec![0u8; stride];
    let mut px = Vec::with_capacity(w * h);
    for y in 0..h {
        let filter = raw[y * (stride + 1)];
        let mut line = raw[y * (stride + 1) + 1..(y + 1) * (stride + 1)].to_vec();
        for i in 0..stride {
            let a = if i >= channels { line[i - channels] as i32 } else { 0 };
            let b = prev[i] as i32;
            let c = if i >= channels { prev[i - channels] as i32 } else { 0 };
            let add = match filter {
                0 => 0,
                1 => a,
                2 => b,
                3 => (a + b) / 2,
                4 => {
                    let p = a + b - c;
                    let (pa, pb, pc) = ((p - a).abs(), (p - b).abs(), (p - c).abs());
                    if pa <= pb && pa <= pc {
                        a
                    } else if pb <= pc {
                        b
                    } else {
                        c
                    }
                }
                f => panic!("PNG filter {f}"),
            };
            line[i] = (line[i] as i32 + add) as u8;
        }
        px.extend(line.chunks_exact(channels).map(|p| [p[0], p[1], p[2]]));
        prev = line;
    }
    (w, h, px)
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
    let downloads = std::env::temp_dir().join(format!("dyad-serve-downloads-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&downloads);
    std::fs::create_dir_all(&downloads).unwrap();
    let d = Driver::start(&chromium, &chromedriver, &downloads);

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

    // Paging: seven events of Russia's government, two a page; "older" moves on, the page-size
    // control changes the size.
    d.go(&format!("{base}/events?actor=RUS&limit=2"));
    let pager = d.wait_for("nav.pager span");
    assert_eq!(d.text(&pager[0]), "page 1 of 4");
    let count = d.text(&d.find_all("#events h2 .count")[0]);
    assert_eq!(count, "1–2 of 7");
    let first_page: Vec<String> = d.find_all(".ev .evidence").iter().map(|e| d.text(e)).collect();
    d.click(&d.find_all("nav.pager a[rel=next]")[0]);
    let t = Instant::now();
    while !d.url().contains("page=2") && t.elapsed() < Duration::from_secs(10) {
        std::thread::sleep(Duration::from_millis(100));
    }
    assert_eq!(d.text(&d.wait_for("nav.pager span")[0]), "page 2 of 4");
    let second_page: Vec<String> = d.find_all(".ev .evidence").iter().map(|e| d.text(e)).collect();
    assert_eq!(second_page.len(), 2);
    assert!(second_page.iter().all(|e| !first_page.contains(e)), "{first_page:?} {second_page:?}");
    d.screenshot("paging");
    let option = d.find_all("nav.pager select[name=limit] option").into_iter().find(|o| d.text(o) == "25").expect("a 25 option");
    d.click(&option);
    d.click(&d.find_all("nav.pager button")[0]);
    let t = Instant::now();
    while !d.url().contains("limit=25") && t.elapsed() < Duration::from_secs(10) {
        std::thread::sleep(Duration::from_millis(100));
    }
    assert_eq!(d.text(&d.wait_for("nav.pager span")[0]), "page 1 of 1");
    assert_eq!(d.find_all(".ev .evidence").len(), 7);

    // A download through its link: the CSV of the whole filtered list.
    let csv_link = d.find_all(".downloads a").into_iter().find(|a| d.text(a) == "CSV").expect("a CSV link");
    assert!(d.attr(&csv_link, "href").contains("/events.csv?actor=RUS"));
    d.click(&csv_link);
    let file = downloads.join("dyad-events.csv");
    let t = Instant::now();
    while !file.exists() && t.elapsed() < Duration::from_secs(20) {
        std::thread::sleep(Duration::from_millis(100));
    }
    let csv = std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
    let lines: Vec<&str> = csv.lines().collect();
    assert!(lines[0].starts_with("id,date,precision,source,"), "{}", lines[0]);
    assert_eq!(lines.len(), 1 + 7, "{csv}");

    // The actor map: land, coastlines and borders from Natural Earth under the event places.
    d.go(&format!("{base}/actor?code=RUS"));
    let map = d.wait_for("svg.map");
    assert_eq!(map.len(), 1);
    let land = d.find_all("svg.map path.land");
    assert_eq!(land.len(), 1);
    assert!(d.attr(&land[0], "d").matches('M').count() > 20, "land rings on the map");
    assert!(d.attr(&d.find_all("svg.map path.borders")[0], "d").contains('M'), "borders on the map");
    assert!(d.find_all("svg.map circle").len() >= 2, "event places on the map");
    // Ocean, land, coast, borders, points, graticule: many colours, and no single one fills it.
    d.screenshot_checked("map", Some(&map[0]), 6);
    d.screenshot("actor");
    let _ = std::fs::remove_dir_all(&downloads);
}
