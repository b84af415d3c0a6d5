//! Streamed downloads of any filtered event list: `/events.csv`, `/events.jsonl` (PLOVER JSON
//! lines) and `/events.parquet`, with the `/events` page's parameters. The rows and their schema
//! are the store's exports (the same code as `dyad export`): CSV and PLOVER through
//! `dyad_store::export`'s row writers, Parquet as dyad's event table (`dyad_table`, the one schema
//! of `dyad export --format parquet`, `dyad code --format parquet` and the Python package); the
//! selection and order are the lists' (the in-memory index, newest first).
//!
//! Streaming: a blocking task takes the matching ids from the index a batch at a time, reads
//! those events from the store and writes them through the export writer into a bounded channel
//! that the response body drains. The header (CSV) or magic number (Parquet) goes out at once;
//! after that a chunk leaves every [`CHUNK`] bytes or [`CHUNK_AFTER`], whichever comes first.
//! Memory holds one batch of ids, a few chunks in the channel, and for Parquet one row group
//! ([`ROW_GROUP`] events), whatever the size of the download; a slow client slows the writer
//! (the channel is bounded) and a client that leaves stops it.

use crate::cube::Sel;
use crate::params::Params;
use crate::{App, Error};
use axum::body::{Body, Bytes};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use dyad_store::export::{csv_writer, plover_writer, RowWriter};
use dyad_table::ParquetStream;
use std::io::{self, Write};
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::{Duration, Instant};
use tokio::sync::mpsc;

/// A download's format.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Format {
    Csv,
    Jsonl,
    Parquet,
}

impl Format {
    fn content_type(self) -> &'static str {
        match self {
            Format::Csv => "text/csv; charset=utf-8",
            Format::Jsonl => "application/x-ndjson",
            Format::Parquet => "application/vnd.apache.parquet",
        }
    }

    fn ext(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::Jsonl => "jsonl",
            Format::Parquet => "parquet",
        }
    }
}

/// Bytes a chunk of the response collects before it is sent.
const CHUNK: usize = 64 * 1024;
/// The longest a written byte waits in a chunk before it is sent.
const CHUNK_AFTER: Duration = Duration::from_millis(50);
/// Chunks the channel holds before the writer waits for the client.
const CHANNEL: usize = 8;
/// Events read from the store at a time.
const BATCH: usize = 500;
/// Events of the first batch, sent on at once (JSON lines have no header: their first byte is
/// the first event's).
const FIRST: usize = 20;
/// Events of a Parquet row group in a download (the CLI's export uses 100,000; a download keeps
/// its memory lower).
pub const ROW_GROUP: usize = 20_000;

/// A `Write` into the response's channel.
struct ChannelWriter {
    tx: mpsc::Sender<io::Result<Bytes>>,
    buf: Vec<u8>,
    last: Instant,
}

impl ChannelWriter {
    fn send(&mut self) -> io::Result<()> {
        if self.buf.is_empty() {
            return Ok(());
        }
        let chunk = Bytes::from(std::mem::replace(&mut self.buf, Vec::with_capacity(CHUNK)));
        self.last = Instant::now();
        self.tx.blocking_send(Ok(chunk)).map_err(|_| io::Error::new(io::ErrorKind::BrokenPipe, "the client closed the download"))
    }
}

impl Write for ChannelWriter {
    fn write(&mut self, b: &[u8]) -> io::Result<usize> {
        if self.tx.is_closed() {
            return Err(io::Error::new(io::ErrorKind::BrokenPipe, "the client closed the download"));
        }
        self.buf.extend_from_slice(b);
        if self.buf.len() >= CHUNK || self.last.elapsed() >= CHUNK_AFTER {
            self.send()?;
        }
        Ok(b.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.send()
    }
}

/// The response body: the channel's chunks as a stream.
struct Chunks(mpsc::Receiver<io::Result<Bytes>>);

impl futures_core::Stream for Chunks {
    type Item = io::Result<Bytes>;
    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.0.poll_recv(cx)
    }
}

/// The selection of a download (the `/events` page's).
fn selection(p: &Params) -> Result<Sel<'_>, Error> {
    if p.a.is_some() {
        p.need("b", &p.b)?;
    }
    Ok(crate::pages::list_sel(p))
}

/// A download's writer: a text format's row writer, or the event table in Parquet.
enum Out {
    Rows(Box<dyn RowWriter>),
    Table(ParquetStream<ChannelWriter>),
}

fn table_error(e: dyad_table::Error) -> Error {
    Error::Internal(e.to_string())
}

impl Out {
    /// Writes the events `ids`, in that order.
    fn events(&mut self, store: &dyad_store::Store, ids: &[i64]) -> Result<(), Error> {
        match self {
            Out::Rows(w) => {
                for e in dyad_store::dash::events_by_id(store, ids)? {
                    w.row(&e)?;
                }
            }
            Out::Table(t) => {
                dyad_store::export::table_rows_by_id(store, ids, t.rows())?;
                t.write_rows().map_err(table_error)?;
            }
        }
        Ok(())
    }

    fn flush(&mut self) -> Result<(), Error> {
        match self {
            Out::Rows(w) => Ok(w.flush()?),
            Out::Table(t) => t.flush().map_err(table_error),
        }
    }

    fn finish(self) -> Result<u64, Error> {
        match self {
            Out::Rows(mut w) => Ok(w.finish()?),
            Out::Table(t) => t.finish().map_err(table_error),
        }
    }
}

/// Writes every event of `p`'s list to `w` in `fmt`; returns the number of rows. Stops when
/// `gone` says the client left (checked every batch: a Parquet row group writes nothing for a
/// while).
fn write_all(app: &App, store: &dyad_store::Store, p: &Params, fmt: Format, w: ChannelWriter, gone: &dyn Fn() -> bool) -> Result<u64, Error> {
    let s = selection(p)?;
    let cube = app.cube(store)?;
    let mut out = match fmt {
        Format::Csv => Out::Rows(Box::new(csv_writer(w)?)),
        Format::Jsonl => Out::Rows(Box::new(plover_writer(w))),
        Format::Parquet => Out::Table(ParquetStream::new(w, ROW_GROUP).map_err(table_error)?),
    };
    out.flush()?;
    let mut first = true;
    cube.each_id_batch(&s, BATCH, |ids| -> Result<(), Error> {
        if gone() {
            return Err(Error::Internal("the client closed the download".into()));
        }
        let (head, rest) = if first { ids.split_at(FIRST.min(ids.len())) } else { (&ids[..0], ids) };
        for part in [head, rest] {
            out.events(store, part)?;
            if first {
                out.flush()?;
                first = false;
            }
        }
        Ok(())
    })?;
    out.finish()
}

/// Answers a download: 400 for bad parameters (before any byte), else 200 with the rows streamed.
/// An error after the first byte ends the stream with an error, so the client sees a broken
/// transfer rather than a short file that looks complete.
pub(crate) async fn respond(app: Arc<App>, pairs: Vec<(String, String)>, allowed: &'static [&'static str], fmt: Format) -> Response {
    let p = match Params::parse(&pairs, allowed) {
        Ok(p) => p,
        Err(e) => return crate::error_response(crate::Kind::Json, e.into()),
    };
    if let Err(e) = selection(&p) {
        return crate::error_response(crate::Kind::Json, e);
    }
    let (tx, rx) = mpsc::channel(CHANNEL);
    let fail = tx.clone();
    tokio::task::spawn_blocking(move || {
        let w = ChannelWriter { tx, buf: Vec::with_capacity(CHUNK), last: Instant::now() - CHUNK_AFTER };
        let r = app.store().and_then(|store| {
            let r = write_all(&app, &store, &p, fmt, w, &|| fail.is_closed());
            app.give_back(store);
            r
        });
        if let Err(e) = r {
            let msg = match e {
                Error::Bad(m) | Error::NotFound(m) | Error::Internal(m) => m,
            };
            if !msg.contains("the client closed the download") {
                eprintln!("dyad serve: download failed: {msg}");
                let _ = fail.blocking_send(Err(io::Error::other(msg)));
            }
        }
    });
    let mut r = (StatusCode::OK, Body::from_stream(Chunks(rx))).into_response();
    let h = r.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(fmt.content_type()));
    h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"dyad-events.{}\"", fmt.ext())) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    r
}
