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
    files (``lexicon=DIR``), or PETRARCH/TABARI dictionaries instead (``petrarch=DIR``)."""

    def __init__(self, lexicon: Optional[str] = None, petrarch: Optional[str] = None, strict: bool = False):
        self._c = _dyad.Coder(lexicon=lexicon, petrarch=petrarch, strict=strict)

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
        """Codes the ``text`` column of a ``pyarrow.Table`` (or RecordBatch, or anything pyarrow can
        make a table of), with the optional ``date`` and ``id`` columns (a missing ``date``/``id``
        column is ignored when the default names are used). Returns a ``pyarrow.Table`` of dyad's
        event table. Rows cross in batches of ``batch_rows`` through the Arrow C data interface."""
        if not isinstance(table, (pa.Table, pa.RecordBatch)):
            table = pa.table(table)
        if isinstance(table, pa.RecordBatch):
            table = pa.Table.from_batches([table])
        if text not in table.column_names:
            raise KeyError(f"no column {text!r} in the table (columns: {', '.join(table.column_names)})")
        out = []
        offset = 0
        for b in table.to_batches(max_chunksize=batch_rows):
            out.append(self._c._code_record_batch(b, text, date, id, threads, offset))
            offset += b.num_rows
        return _table(out)

    def code_paths(self, paths: Iterable[str], threads: Optional[int] = None):
        """Reads and codes files, folders and WARC archives exactly as ``dyad code`` does. Returns
        ``(events, summary)``: a ``pyarrow.Table`` of the event table and a dict (documents, events,
        skipped_languages, left_aside, problems)."""
        b, summary = self._c._code_paths([str(p) for p in paths], threads)
        return _table([b]), summary


def read(path: str) -> pa.Table:
    """The documents of a file, folder or archive as dyad reads them (like ``dyad read``): id, url,
    title, date, date_source, site, lang, text, and skip/skip_kind for what would not be coded."""
    return pa.Table.from_batches([pa.record_batch(_dyad.read(str(path)))])


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
        return pa.Table.from_pylist(self._s._series(actor, tuple(dyad) if dyad else None, directed, period,
                                                    start, end, normalize, weighted))

    def align(self, a: str, b: str, period: str = "month") -> pa.Table:
        """The relation of actors ``a`` and ``b`` per period: direct relation and Signorino–Ritter S."""
        return pa.Table.from_pylist(self._s._align(a, b, period))

    def top(self, limit: int = 10, by_country: bool = False):
        """The busiest dyads and actors: ``(dyads, actors)`` tables of key, events, mean_goldstein."""
        d, a = self._s._top(limit, by_country)
        return pa.Table.from_pylist(d), pa.Table.from_pylist(a)
