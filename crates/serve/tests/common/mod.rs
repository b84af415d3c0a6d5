//! Test support: a small store of hand-made coded documents, and a plain HTTP/1.1 client.
#![allow(dead_code)]

use dyad_model::*;
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::PathBuf;

/// One event of a test sentence: source and target are (code, country, words in the sentence).
pub struct Ev {
    pub sentence: &'static str,
    pub source: (&'static str, Option<&'static str>, &'static str),
    pub target: Option<(&'static str, Option<&'static str>, &'static str)>,
    pub verb: &'static str,
    pub cameo: &'static str,
    pub goldstein: f32,
    pub quad: u8,
    pub plover: &'static str,
    pub date: &'static str,
    pub place: Option<(&'static str, &'static str, f64, f64)>,
}

fn span_of(text: &str, from: usize, word: &str) -> Span {
    let at = text[from..].find(word).unwrap_or_else(|| panic!("{word:?} not in {text:?}")) + from;
    Span::new(at, at + word.len())
}

/// A document whose sentences are the events' sentences, in order.
pub fn doc(id: &str, url: &str, pubdate: &str, title: &str, evs: &[Ev]) -> Document {
    let mut text = String::new();
    let mut d = Document::new(id, String::new());
    d.url = Some(url.to_string());
    d.date = Some(pubdate.parse().unwrap());
    d.title = Some(title.to_string());
    d.site = Some("Test Wire".into());
    for (i, e) in evs.iter().enumerate() {
        let start = text.len();
        text.push_str(e.sentence);
        d.sentences.push(Sentence { span: Span::new(start, text.len()), tokens: 0..0, words: None });
        let actor = |(code, country, _): (&str, Option<&str>, &str)| Actor { code: code.into(), country: country.map(str::to_string), sectors: vec![] };
        let ss = span_of(&text, start, e.source.2);
        let source = Participant { text: e.source.2.into(), span: ss, actor: actor(e.source) };
        let target = e.target.map(|t| Participant { text: t.2.into(), span: span_of(&text, start, t.2), actor: actor(t) });
        for p in std::iter::once(&source).chain(target.as_ref()) {
            d.mentions.push(Mention { span: p.span, tokens: 0..0, sentence: i as u32, actor: p.actor.clone(), kind: MentionKind::Name, lead: dyad_model::Lead::Other, rule: "test".into() });
        }
        d.events.push(Event {
            sentence: i as u32,
            verb_span: span_of(&text, start, e.verb),
            source,
            target,
            cameo: dyad_model::CameoCode::lit(e.cameo),
            goldstein: e.goldstein,
            quad: e.quad,
            plover: e.plover.into(),
            mode: None,
            date: Some(EventDate { date: e.date.parse().unwrap(), precision: Precision::Day, how: "test".into() }),
            place: e.place.map(|(n, c, lat, lon)| Place { name: n.into(), country: Some(c.into()), admin1: None, lat, lon, how: "test".into() }),
            rule: "test rule <b>".into(),
        });
        text.push(' ');
    }
    d.text = text;
    d
}

const RUS: (&str, Option<&str>, &str) = ("RUSGOV", Some("RUS"), "Vladimir Putin");
const CHN: (&str, Option<&str>, &str) = ("CHNGOV", Some("CHN"), "Xi Jinping");
const UKR: (&str, Option<&str>, &str) = ("UKR", Some("UKR"), "Ukraine");
const USA: (&str, Option<&str>, &str) = ("USAGOV", Some("USA"), "Washington");

/// Five documents over three months: Russia–China cooperation, Russia–Ukraine conflict, a US
/// threat, and a hostile story whose text carries markup.
pub fn documents() -> Vec<Document> {
    let ev = |sentence, source, target, verb, cameo, goldstein, quad, plover, date, place| Ev { sentence, source, target, verb, cameo, goldstein, quad, plover, date, place };
    vec![
        doc(
            "d1",
            "https://example.com/a/1",
            "2024-01-10",
            "Putin meets Xi",
            &[
                ev("Vladimir Putin met Xi Jinping in Moscow.", RUS, Some(CHN), "met", "040", 1.0, 1, "CONSULT", "2024-01-09", Some(("Moscow", "RUS", 55.75, 37.62))),
                ev("Xi Jinping praised Vladimir Putin for the growth of trade.", CHN, Some(RUS), "praised", "051", 3.4, 1, "SUPPORT", "2024-01-10", Some(("Moscow", "RUS", 55.75, 37.62))),
            ],
        ),
        doc(
            "d2",
            "https://example.com/a/2",
            "2024-02-14",
            "Strikes on Ukraine",
            &[
                ev("Vladimir Putin ordered strikes on Ukraine overnight.", RUS, Some(UKR), "ordered strikes", "190", -10.0, 4, "ASSAULT", "2024-02-13", Some(("Kharkiv", "UKR", 49.99, 36.23))),
                ev("Ukraine accused Vladimir Putin of war crimes.", UKR, Some(RUS), "accused", "112", -2.0, 3, "ACCUSE", "2024-02-14", None),
            ],
        ),
        doc(
            "d3",
            "https://example.com/a/3",
            "2024-03-20",
            "China and Russia sign deal",
            &[
                ev("Xi Jinping signed an energy agreement with Vladimir Putin.", CHN, Some(RUS), "signed", "057", 8.0, 1, "AGREE", "2024-03-19", Some(("Beijing", "CHN", 39.9, 116.4))),
                ev("Washington threatened Xi Jinping with sanctions.", USA, Some(CHN), "threatened", "130", -4.4, 3, "THREATEN", "2024-03-20", None),
                ev("Vladimir Putin criticized Washington over the sanctions.", RUS, Some(USA), "criticized", "111", -2.0, 3, "ACCUSE", "2024-03-20", None),
                ev("Xi Jinping criticized Washington as well.", CHN, Some(USA), "criticized", "111", -2.0, 3, "ACCUSE", "2024-03-20", None),
                // A bare statement (CAMEO 01x, no target): left out of the pages unless statements=1.
                ev("Vladimir Putin said the talks went well.", RUS, None, "said", "010", 0.0, 1, "STATEMENT", "2024-03-20", None),
            ],
        ),
        doc(
            "hostile",
            "javascript:alert(2)",
            "2024-03-21",
            "<img src=x onerror=alert(3)> title",
            &[ev(
                "Vladimir Putin said <script>alert(1)</script> to Xi Jinping & \"friends\".",
                RUS,
                Some(CHN),
                "said",
                "010",
                0.0,
                1,
                "STATEMENT",
                "2024-03-21",
                None,
            )],
        ),
    ]
}

/// A fresh store with [`documents`]; returns its path.
pub fn small_store(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("dyad-serve-test-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("t.db");
    let mut s = dyad_store::Store::open(&path).unwrap();
    s.ingest(&documents()).unwrap();
    path
}

/// A response.
pub struct Resp {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    /// The body as text (invalid UTF-8 replaced).
    pub body: String,
    /// The body's bytes.
    pub bytes: Vec<u8>,
}

impl Resp {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }
}

/// A request over a fresh connection (`Connection: close`).
pub fn request(addr: SocketAddr, method: &str, path: &str, body: Option<&str>) -> Resp {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(std::time::Duration::from_secs(60))).unwrap();
    let b = body.unwrap_or("");
    let req = format!(
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{b}",
        b.len()
    );
    s.write_all(req.as_bytes()).unwrap();
    // Read the head, then Content-Length bytes (some servers keep the connection open), else
    // to the end.
    let mut raw = Vec::new();
    let mut buf = [0u8; 65536];
    let split = loop {
        if let Some(p) = raw.windows(4).position(|w| w == b"\r\n\r\n") {
            break p;
        }
        let n = s.read(&mut buf).unwrap();
        assert!(n > 0, "connection closed before the end of the head");
        raw.extend_from_slice(&buf[..n]);
    };
    let head_l = String::from_utf8_lossy(&raw[..split]).to_ascii_lowercase();
    let clen = head_l.lines().find_map(|l| l.strip_prefix("content-length:")).and_then(|v| v.trim().parse::<usize>().ok());
    match clen {
        Some(n) => {
            while raw.len() < split + 4 + n {
                let k = s.read(&mut buf).unwrap();
                if k == 0 {
                    break;
                }
                raw.extend_from_slice(&buf[..k]);
            }
        }
        None => {
            s.read_to_end(&mut raw).unwrap();
        }
    }
    let head = String::from_utf8_lossy(&raw[..split]).to_string();
    let mut body = raw[split + 4..].to_vec();
    let mut lines = head.split("\r\n");
    let status: u16 = lines.next().unwrap().split(' ').nth(1).unwrap().parse().unwrap();
    let headers: Vec<(String, String)> = lines.filter_map(|l| l.split_once(':')).map(|(k, v)| (k.trim().to_string(), v.trim().to_string())).collect();
    if headers.iter().any(|(k, v)| k.eq_ignore_ascii_case("transfer-encoding") && v.contains("chunked")) {
        let mut out = Vec::new();
        let mut rest = &body[..];
        loop {
            let nl = rest.windows(2).position(|w| w == b"\r\n").unwrap();
            let n = usize::from_str_radix(String::from_utf8_lossy(&rest[..nl]).trim(), 16).unwrap();
            if n == 0 {
                break;
            }
            out.extend_from_slice(&rest[nl + 2..nl + 2 + n]);
            rest = &rest[nl + 4 + n..];
        }
        body = out;
    }
    Resp { status, headers, body: String::from_utf8_lossy(&body).into_owned(), bytes: body }
}

pub fn get(addr: SocketAddr, path: &str) -> Resp {
    request(addr, "GET", path, None)
}

/// A streamed GET read to the end without keeping it: the time to the head, to the first body
/// byte, to the end, and the bytes received (head and chunk framing included).
pub struct Timed {
    pub status: u16,
    pub head: std::time::Duration,
    pub first_byte: std::time::Duration,
    pub total: std::time::Duration,
    pub bytes: usize,
}

pub fn timed_get(addr: SocketAddr, path: &str) -> Timed {
    let t = std::time::Instant::now();
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(std::time::Duration::from_secs(600))).unwrap();
    s.write_all(format!("GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n").as_bytes()).unwrap();
    let mut start = Vec::new();
    let mut buf = vec![0u8; 1 << 16];
    let (mut head, mut first_byte, mut status, mut bytes) = (None, None, 0, 0);
    loop {
        let n = s.read(&mut buf).unwrap();
        if n == 0 {
            break;
        }
        bytes += n;
        if first_byte.is_some() {
            continue;
        }
        start.extend_from_slice(&buf[..n]);
        if let Some(p) = start.windows(4).position(|w| w == b"\r\n\r\n") {
            head.get_or_insert(t.elapsed());
            status = String::from_utf8_lossy(&start[..p]).split(' ').nth(1).and_then(|x| x.parse().ok()).unwrap_or(0);
            let chunked = String::from_utf8_lossy(&start[..p]).to_ascii_lowercase().contains("transfer-encoding: chunked");
            let body = &start[p + 4..];
            // A chunked body's first byte follows its first size line.
            let payload = if chunked { body.windows(2).position(|w| w == b"\r\n").map_or(0, |q| body.len() - q - 2) } else { body.len() };
            if payload > 0 {
                first_byte = Some(t.elapsed());
            }
        }
    }
    let total = t.elapsed();
    Timed { status, head: head.unwrap_or(total), first_byte: first_byte.unwrap_or(total), total, bytes }
}
