//! `dyad serve`: a read-only web dashboard and JSON API over a dyad event store.
//!
//! * Pages (server-rendered HTML, charts as inline SVG, no JavaScript): `/` overview, `/dyad`
//!   (A–B over time by QuadClass, mean Goldstein, alignment, events), `/actor` (partners, map,
//!   events), `/events` (the evidence behind any chart point), `/search`.
//! * JSON under `/api/` with the same data (see `docs/api.md` and `/api/openapi.json`).
//! * Safety: the database is opened read-only; every text goes through [`html::esc`]; a strict
//!   Content-Security-Policy forbids scripts; parameters are validated ([`params`]) and unknown or
//!   malformed ones are answered with 400; event lists are capped at [`params::MAX_LIMIT`].

mod basemap;
mod cube;
mod download;
pub mod html;
mod pages;
pub mod params;
pub mod svg;

use axum::extract::{Query, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use dyad_store::dash::ActorEntry;
use dyad_store::Store;
use std::collections::HashMap;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, RwLock};

/// Errors of a request.
#[derive(Debug)]
pub enum Error {
    /// 400 with the reason.
    Bad(String),
    /// 404 with the reason.
    NotFound(String),
    /// 500.
    Internal(String),
}

impl From<params::BadRequest> for Error {
    fn from(b: params::BadRequest) -> Error {
        Error::Bad(b.0)
    }
}

impl From<dyad_store::Error> for Error {
    fn from(e: dyad_store::Error) -> Error {
        Error::Internal(e.to_string())
    }
}

/// The actors of the store for search and labels.
#[derive(Default)]
struct Directory {
    generation: (i64, i64),
    actors: Vec<ActorEntry>,
    by_code: HashMap<String, usize>,
}

/// The server's state: the database path, a small pool of read-only connections, the actor
/// directory.
pub struct App {
    db: PathBuf,
    pool: Mutex<Vec<Store>>,
    directory: RwLock<Directory>,
    cube: RwLock<Arc<cube::Cube>>,
}

const POOL_MAX: usize = 8;

impl App {
    /// Opens the store read-only and loads the actor directory.
    pub fn open(db: &Path) -> Result<App, String> {
        if !db.exists() {
            return Err(format!("{}: no such database (create it with `dyad ingest --db {}`)", db.display(), db.display()));
        }
        let store = Store::open_readonly(db).map_err(|e| format!("opening {}: {e}", db.display()))?;
        let cube = cube::Cube::load(&store).map_err(|e| format!("indexing {}: {e}", db.display()))?;
        let app = App { db: db.to_path_buf(), pool: Mutex::new(Vec::new()), directory: RwLock::new(Directory::default()), cube: RwLock::new(Arc::new(cube)) };
        app.refresh_directory(&store).map_err(|e| format!("reading actors: {e:?}"))?;
        app.pool.lock().unwrap().push(store);
        // The gazetteer (country names, map reference points) parses once, now rather than on the
        // first request.
        dyad_geo::Gazetteer::builtin();
        Ok(app)
    }

    fn store(&self) -> Result<Store, Error> {
        if let Some(s) = self.pool.lock().unwrap().pop() {
            return Ok(s);
        }
        Store::open_readonly(&self.db).map_err(Error::from)
    }

    fn give_back(&self, s: Store) {
        let mut p = self.pool.lock().unwrap();
        if p.len() < POOL_MAX {
            p.push(s);
        }
    }

    /// The in-memory index of the clusters, reloaded when the store changed (an ingest may run
    /// while we serve).
    fn cube(&self, store: &Store) -> Result<Arc<cube::Cube>, Error> {
        let generation = dyad_store::dash::generation(store)?;
        {
            let c = self.cube.read().unwrap();
            if c.generation == generation {
                return Ok(c.clone());
            }
        }
        let fresh = Arc::new(cube::Cube::load(store)?);
        *self.cube.write().unwrap() = fresh.clone();
        Ok(fresh)
    }

    /// Reloads the actor directory when the store changed: codes with their clusters (from the
    /// index) and their most frequent mention texts.
    fn refresh_directory(&self, store: &Store) -> Result<(), Error> {
        let cube = self.cube(store)?;
        if self.directory.read().unwrap().generation == cube.generation && !self.directory.read().unwrap().actors.is_empty() {
            return Ok(());
        }
        let mut actors: Vec<ActorEntry> = Vec::new();
        for (code, (country, events)) in cube.code_counts() {
            let names = dyad_store::dash::actor_names(store, &code, 300, 8)?;
            actors.push(ActorEntry { code, country, names, events });
        }
        actors.sort_by(|a, b| b.events.cmp(&a.events).then_with(|| a.code.cmp(&b.code)));
        let by_code = actors.iter().enumerate().map(|(i, a)| (a.code.clone(), i)).collect();
        *self.directory.write().unwrap() = Directory { generation: cube.generation, actors, by_code };
        Ok(())
    }

    /// A display name for an actor code: the country name for a country code, else the names
    /// of its parts from CAMEO's tables ("Hamas · Palestine · Rebels"; `dyad_store::names`).
    pub fn label(&self, code: &str) -> String {
        dyad_store::names::actor_name(code).unwrap_or_default()
    }
}

/// Everything a response can be.
pub(crate) enum Body {
    Html(String),
    Json(serde_json::Value),
}

#[derive(Clone, Copy, PartialEq)]
pub(crate) enum Kind {
    Html,
    Json,
}

/// Scripts are forbidden outright: even a missed escape could not run code.
const CSP: &str = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

pub(crate) fn error_response(kind: Kind, e: Error) -> Response {
    let (status, msg) = match e {
        Error::Bad(m) => (StatusCode::BAD_REQUEST, m),
        Error::NotFound(m) => (StatusCode::NOT_FOUND, m),
        Error::Internal(m) => {
            eprintln!("dyad serve: error: {m}");
            (StatusCode::INTERNAL_SERVER_ERROR, "internal error (see the server's log)".to_string())
        }
    };
    match kind {
        Kind::Json => {
            let v = serde_json::json!({ "error": msg, "status": status.as_u16() });
            (status, [(header::CONTENT_TYPE, "application/json")], json_text(&v)).into_response()
        }
        Kind::Html => {
            let title = if status == StatusCode::BAD_REQUEST { "Bad request" } else { status.canonical_reason().unwrap_or("Error") };
            let body = format!("<h1>{}</h1><div class=\"err\">{}</div><p><a href=\"/\">Back to the overview</a></p>", html::esc(title), html::esc(&msg));
            html_response(status, html::page(title, &body))
        }
    }
}

/// JSON text with `<` written as `\u003c` (it only occurs inside strings), so that no JSON
/// answer can ever be taken for markup.
fn json_text(v: &serde_json::Value) -> String {
    v.to_string().replace('<', "\\u003c")
}

fn html_response(status: StatusCode, s: String) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "text/html; charset=utf-8"), (header::CONTENT_SECURITY_POLICY, CSP), (header::X_CONTENT_TYPE_OPTIONS, "nosniff")],
        s,
    )
        .into_response()
}

type Pairs = Vec<(String, String)>;
type Handler = fn(&App, &Store, &params::Params) -> Result<Body, Error>;

async fn respond(app: Arc<App>, q: Result<Query<Pairs>, axum::extract::rejection::QueryRejection>, kind: Kind, allowed: &'static [&'static str], f: Handler) -> Response {
    let pairs = match q {
        Ok(Query(p)) => p,
        Err(e) => return error_response(kind, Error::Bad(format!("malformed query string: {e}"))),
    };
    let p = match params::Params::parse(&pairs, allowed) {
        Ok(p) => p,
        Err(e) => return error_response(kind, e.into()),
    };
    let res = tokio::task::spawn_blocking(move || {
        let store = app.store()?;
        let r = f(&app, &store, &p);
        app.give_back(store);
        r
    })
    .await
    .unwrap_or_else(|e| Err(Error::Internal(format!("handler panicked: {e}"))));
    match res {
        Ok(Body::Html(s)) => html_response(StatusCode::OK, s),
        Ok(Body::Json(v)) => (StatusCode::OK, [(header::CONTENT_TYPE, "application/json"), (header::X_CONTENT_TYPE_OPTIONS, "nosniff")], json_text(&v)).into_response(),
        Err(e) => error_response(kind, e),
    }
}

macro_rules! download {
    ($fmt:expr) => {
        get(|State(app): State<Arc<App>>, q: Result<Query<Pairs>, axum::extract::rejection::QueryRejection>| async move {
            match q {
                Ok(Query(pairs)) => download::respond(app, pairs, P_DOWNLOAD, $fmt).await,
                Err(e) => error_response(Kind::Json, Error::Bad(format!("malformed query string: {e}"))),
            }
        })
    };
}

macro_rules! route {
    ($kind:expr, $allowed:expr, $f:path) => {
        get(|State(app): State<Arc<App>>, q: Result<Query<Pairs>, axum::extract::rejection::QueryRejection>| async move { respond(app, q, $kind, $allowed, $f).await })
    };
}

const P_OVERVIEW: &[&str] = &["from", "to", "quad", "cameo", "plover", "period", "undated", "statements", "limit", "page"];
const P_DYAD: &[&str] = &["a", "b", "dir", "from", "to", "quad", "cameo", "plover", "period", "undated", "statements", "limit", "page"];
const P_ACTOR: &[&str] = &["code", "from", "to", "quad", "cameo", "plover", "period", "undated", "statements", "limit", "page"];
const P_EVENTS: &[&str] = &["a", "b", "dir", "actor", "from", "to", "quad", "cameo", "plover", "place", "period", "undated", "statements", "limit", "page"];
/// A download is the whole `/events` list (no paging).
const P_DOWNLOAD: &[&str] = &["a", "b", "dir", "actor", "from", "to", "quad", "cameo", "plover", "place", "period", "undated", "statements"];
const P_SEARCH: &[&str] = &["q", "limit"];
const P_NONE: &[&str] = &[];

/// The application's routes.
pub fn router(app: Arc<App>) -> Router {
    Router::new()
        .route("/", route!(Kind::Html, P_OVERVIEW, pages::overview_html))
        .route("/dyad", route!(Kind::Html, P_DYAD, pages::dyad_html))
        .route("/actor", route!(Kind::Html, P_ACTOR, pages::actor_html))
        .route("/events", route!(Kind::Html, P_EVENTS, pages::events_html))
        .route("/search", route!(Kind::Html, P_SEARCH, pages::search_html))
        .route("/events.csv", download!(download::Format::Csv))
        .route("/events.jsonl", download!(download::Format::Jsonl))
        .route("/events.parquet", download!(download::Format::Parquet))
        .route("/api/overview", route!(Kind::Json, P_OVERVIEW, pages::overview_json))
        .route("/api/dyad", route!(Kind::Json, P_DYAD, pages::dyad_json))
        .route("/api/actor", route!(Kind::Json, P_ACTOR, pages::actor_json))
        .route("/api/events", route!(Kind::Json, P_EVENTS, pages::events_json))
        .route("/api/search", route!(Kind::Json, P_SEARCH, pages::search_json))
        .route("/api/openapi.json", route!(Kind::Json, P_NONE, pages::openapi))
        .fallback(|uri: axum::http::Uri| async move {
            let kind = if uri.path().starts_with("/api/") { Kind::Json } else { Kind::Html };
            error_response(kind, Error::NotFound(format!("no page at {}", uri.path())))
        })
        .with_state(app)
}

/// Serves `app` on a bound listener until the process ends.
pub async fn serve_on(listener: tokio::net::TcpListener, app: Arc<App>) -> std::io::Result<()> {
    axum::serve(listener, router(app)).await
}

/// A future that resolves on Ctrl-C (SIGINT) or SIGTERM. The handlers are installed when this is
/// called (inside the runtime), not when the future is first polled, so a signal that arrives once
/// the server has said where it listens is never the default action (which would skip clean-up).
#[cfg(unix)]
fn stop_signal() -> std::io::Result<impl std::future::Future<Output = ()>> {
    use tokio::signal::unix::{signal, SignalKind};
    let mut int = signal(SignalKind::interrupt())?;
    let mut term = signal(SignalKind::terminate())?;
    Ok(async move {
        tokio::select! {
            _ = int.recv() => {}
            _ = term.recv() => {}
        }
    })
}

#[cfg(not(unix))]
fn stop_signal() -> std::io::Result<impl std::future::Future<Output = ()>> {
    Ok(async {
        let _ = tokio::signal::ctrl_c().await;
    })
}

/// Opens `db` read-only and serves it on `addr` (blocking) until Ctrl-C or SIGTERM, then returns
/// (so that callers can clean up). Prints the URL once listening.
pub fn run(db: &Path, addr: &str) -> Result<(), String> {
    let sock: SocketAddr = addr.parse().map_err(|_| format!("--addr: expected IP:PORT like 127.0.0.1:8080; got {addr:?}"))?;
    let app = Arc::new(App::open(db)?);
    let rt = tokio::runtime::Builder::new_multi_thread().enable_all().build().map_err(|e| e.to_string())?;
    rt.block_on(async move {
        let listener = tokio::net::TcpListener::bind(sock).await.map_err(|e| format!("binding {sock}: {e}"))?;
        let local = listener.local_addr().map_err(|e| e.to_string())?;
        let stop = stop_signal().map_err(|e| format!("installing the Ctrl-C handler: {e}"))?;
        if !local.ip().is_loopback() {
            eprintln!("dyad serve: warning: listening on {local}, which other machines can reach");
        }
        eprintln!("dyad serve: {} on http://{local}/ (read-only; Ctrl-C stops)", db.display());
        axum::serve(listener, router(app)).with_graceful_shutdown(stop).await.map_err(|e| e.to_string())?;
        eprintln!("dyad serve: stopped");
        Ok(())
    })
}

/// Starts a server on `addr` (port 0: any free port) on a background thread; returns its address.
/// For tests and benchmarks.
pub fn spawn(db: &Path, addr: &str) -> Result<SocketAddr, String> {
    let sock: SocketAddr = addr.parse().map_err(|_| format!("bad address {addr:?}"))?;
    let app = Arc::new(App::open(db)?);
    let std_listener = std::net::TcpListener::bind(sock).map_err(|e| e.to_string())?;
    std_listener.set_nonblocking(true).map_err(|e| e.to_string())?;
    let local = std_listener.local_addr().map_err(|e| e.to_string())?;
    std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().expect("tokio runtime");
        rt.block_on(async move {
            let listener = tokio::net::TcpListener::from_std(std_listener).expect("listener");
            let _ = serve_on(listener, app).await;
        });
    });
    Ok(local)
}
