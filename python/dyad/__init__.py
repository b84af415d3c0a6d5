"""dyad from Python: political event data from raw news (who did what to whom, when and where),
coded in CAMEO and PLOVER, with evidence on every event.

    >>> import dyad
    >>> dyad.Coder().code("Russia condemned the United States on Monday.", date="2022-09-15")

Events come as dicts of the documented event schema (``code``, ``code_batch``) or as a
``pyarrow.Table`` of dyad's event table (``code_arrow``, ``code_paths``, ``Store.events``), which
crosses from Rust through the Arrow C data interface. See docs/event-schema.md in the repository.
"""

from __future__ import annotations

from typing import Iterable, List, Optional, Sequence

import pyarrow as pa

from . import _dyad

__version__ = _dyad.__version__

__all__ = ["Coder", "Store", "read", "event_schema", "__version__"]


def event_schema() -> pa.Schema:
    """The Arrow schema of dyad's event table (every column's meaning is in its field metadata)."""
    return pa.record_batch(_dyad._event_schema_batch()).schema


def _table(batches) -> pa.Table:
    bs = [pa.record_batch(b) for b in batches]
    if not bs:
        return event_schema().empty_table()
    return pa.Table.from_batches(bs)


class Coder:
    """dyad's event coder, built once: the built-in lexicons, plus a folder of dyad-format lexicon
    files (``lexicon=DIR``; with ``lexicon_only=True`` its people, organisations, agents and verbs
    replace the built-in ones), or PETRARCH/TABARI dictionaries instead (``petrarch=DIR``).
    ``syntax=False`` reads roles from word order only, without the dependency parse (``dyad code
    --no-syntax``: several times faster, finds fewer source-target pairs). The same options as
    ``dyad code``'s ``--lexicon``, ``--lexicon-only``, ``--petrarch``, ``--strict``, ``--no-syntax``."""

    def __init__(self, lexicon: Optional[str] = None, petrarch: Optional[str] = None, strict: bool = False,
                 lexicon_only: bool = False, syntax: bool = True):
        self._c = _dyad.Coder(lexicon=lexicon, petrarch=petrarch, strict=strict, lexicon_only=lexicon_only, syntax=syntax)

    @property
    def dyad_version(self) -> str:
        """dyad's version (the ``dyad_version`` column)."""
        return self._c.dyad_version

    @property
    def coder_id(self) -> str:
        """Hash of the lexicons and tables this coder was built from (the ``coder_id`` column)."""
        return self._c.coder_id

    def code(self, text: str, date=None, id=None) -> List[dict]:
        """Codes one text. ``date`` (``YYYY-MM-DD`` or a ``datetime.date``) is its publication
        date. Returns its events as dicts of the documented event schema (as ``dyad code`` prints
        them). Raises ``TypeError``/``ValueError`` for a non-string text or a bad date."""
        return self._c.code(text, date, id)

    def code_batch(self, texts: Sequence[str], dates=None, ids=None, threads: Optional[int] = None) -> List[List[dict]]:
        """Codes many texts with the GIL released, on ``threads`` threads (default: every core).
        Returns one list of event dicts per text, in order. Errors name the row."""
        return self._c.code_batch(texts, dates, ids, threads)

    def code_arrow(self, table, text: str = "text", date: Optional[str] = "date", id: Optional[str] = "id",
                   threads: Optional[int] = None, batch_rows: int = 10_000) -> pa.Table:
        """Codes the ``text`` column of a ``pyarrow.Table`` (or RecordBatch, RecordBatchReader, or
        anything pyarrow can make a table of), with the optional ``date`` and ``id`` columns (a
        missing ``date``/``id`` column is ignored when the default names are used). Returns a
        ``pyarrow.Table`` of dyad's event table. Rows cross in batches of ``batch_rows`` through the
        Arrow C data interface; ``code_arrow_batches`` streams instead of returning one table."""
        return self.code_arrow_batches(table, text, date, id, threads, batch_rows).read_all()

    def code_arrow_batches(self, data, text: str = "text", date: Optional[str] = "date", id: Optional[str] = "id",
                           threads: Optional[int] = None, batch_rows: int = 10_000) -> pa.RecordBatchReader:
        """``code_arrow`` as a stream: returns a ``pyarrow.RecordBatchReader`` of the event table
        that codes the next ``batch_rows`` input rows each time a batch is read, so memory holds
        one batch whatever the size of the input (write it on with ``pyarrow.parquet`` or
        ``pyarrow.dataset.write_dataset``). ``data`` may also be a RecordBatchReader or an iterable
        (list or iterator) of RecordBatches. A missing text column raises ``KeyError`` here, bad rows when read."""
        if isinstance(data, pa.RecordBatch):
            data = pa.Table.from_batches([data])
        elif isinstance(data, (list, tuple)) and data and all(isinstance(b, pa.RecordBatch) for b in data):
            data = pa.Table.from_batches(list(data))
        elif not isinstance(data, (pa.Table, pa.RecordBatchReader)) and not hasattr(data, "__next__"):
            data = pa.table(data)
        if isinstance(data, pa.Table):
            names, batches = data.column_names, data.to_batches(max_chunksize=batch_rows)
        elif isinstance(data, pa.RecordBatchReader):
            names, batches = data.schema.names, _rechunk(data, batch_rows)
        else:
            it = iter(data)
            first = next(it, None)
            if first is None:
                return pa.RecordBatchReader.from_batches(event_schema(), [])
            names, batches = first.schema.names, _rechunk(_chain(first, it), batch_rows)
        if text not in names:
            raise KeyError(f"no column {text!r} in the table (columns: {', '.join(names)})")

        def coded():
            offset = 0
            for b in batches:
                yield pa.record_batch(self._c._code_record_batch(b, text, date, id, threads, offset))
                offset += b.num_rows

        return pa.RecordBatchReader.from_batches(event_schema(), coded())

    def code_paths(self, paths: Iterable[str], threads: Optional[int] = None):
        """Reads and codes files, folders and WARC archives exactly as ``dyad code`` does. Returns
        ``(events, summary)``: a ``pyarrow.Table`` of the event table and a dict (documents, events,
        skipped_languages, left_aside, problems)."""
        b, summary = self._c._code_paths([str(p) for p in paths], threads)
        return _table([b]), summary


def _chain(first, rest):
    yield first
    yield from rest


def _rechunk(batches, rows: int):
    """Record batches of at most ``rows`` rows."""
    for b in batches:
        for start in range(0, b.num_rows, rows):
            yield b.slice(start, rows)


def read(path: str) -> pa.Table:
    """The documents of a file, folder or archive as dyad reads them (like ``dyad read``): id, url,
    title, date, date_source, site, lang, text, and skip/skip_kind for what would not be coded."""
    return pa.Table.from_batches([pa.record_batch(_dyad.read(str(path)))])


def _one(batch) -> pa.Table:
    return pa.Table.from_batches([pa.record_batch(batch)])


class Store:
    """An event store written by ``dyad ingest`` (SQLite), opened read-only. Queries return
    ``pyarrow.Table``s; ``.to_pandas()`` or ``polars.from_arrow`` make DataFrames of them."""

    def __init__(self, path: str):
        self._s = _dyad.Store(str(path))

    def events(self, actor=None, dyad=None, directed=False, cameo=None, plover=None, quad=None,
               start=None, end=None, place_country=None, undated=False, limit=0) -> pa.Table:
        """Deduplicated events (one row per cluster, its first report's evidence and counters) in
        dyad's event table. ``dyad=("RUS", "UKR")``; dates ``YYYY-MM-DD``; ``limit=0``: all."""
        return _table(self._s._events(actor, tuple(dyad) if dyad else None, directed, cameo, plover, quad,
                                      start, end, place_country, undated, limit))

    def series(self, actor=None, dyad=None, directed=False, period="month", start=None, end=None,
               normalize=False, weighted=False) -> pa.Table:
        """Counts per QuadClass, mean Goldstein and net cooperation per period (the last row is
        ``undated``)."""
        return _one(self._s._series(actor, tuple(dyad) if dyad else None, directed, period, start, end, normalize, weighted))

    def align(self, a: str, b: str, period: str = "month") -> pa.Table:
        """The relation of actors ``a`` and ``b`` per period: direct relation and Signorino–Ritter S."""
        return _one(self._s._align(a, b, period))

    def top(self, limit: int = 10, by_country: bool = False):
        """The busiest dyads and actors: ``(dyads, actors)`` tables of key, events, mean_goldstein."""
        d, a = self._s._top(limit, by_country)
        return _one(d), _one(a)
