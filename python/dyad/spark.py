"""dyad on Spark: code a DataFrame's text column on the executors through ``mapInArrow``, one
``dyad.Coder`` per Python worker, built once and reused for every batch."""

from __future__ import annotations

from typing import Optional


_CODERS = {}


def _coder(lexicon=None, petrarch=None, lexicon_only=False, syntax=True):
    key = (lexicon, petrarch, lexicon_only, syntax)
    c = _CODERS.get(key)
    if c is None:
        import dyad
        c = _CODERS[key] = dyad.Coder(lexicon=lexicon, petrarch=petrarch, lexicon_only=lexicon_only, syntax=syntax)
    return c


def event_schema_ddl():
    """The event table's schema as a Spark ``StructType``."""
    from pyspark.sql.pandas.types import from_arrow_schema
    import dyad
    return from_arrow_schema(dyad.event_schema())


def code(df, text_col: str = "text", date_col: Optional[str] = "date", id_col: Optional[str] = "id",
         lexicon: Optional[str] = None, petrarch: Optional[str] = None, threads: int = 1,
         lexicon_only: bool = False, syntax: bool = True):
    """Codes ``df[text_col]`` (with the optional date and id columns) on the executors. Returns a
    DataFrame of dyad's event table. ``threads`` per task (Spark already runs a task per core);
    the coder options are ``dyad.Coder``'s."""
    cols = [c for c in (text_col, date_col, id_col) if c and c in df.columns]
    if text_col not in df.columns:
        raise KeyError(f"no column {text_col!r} in the DataFrame (columns: {', '.join(df.columns)})")

    def run(batches):
        coder = _coder(lexicon, petrarch, lexicon_only, syntax)
        yield from coder.code_arrow_batches(batches, text=text_col, date=date_col, id=id_col, threads=threads)

    return df.select(*cols).mapInArrow(run, event_schema_ddl())


def code_paths(df, path_col: str = "path", lexicon: Optional[str] = None, petrarch: Optional[str] = None, threads: int = 1,
               lexicon_only: bool = False, syntax: bool = True):
    """Reads and codes the files (WARC archives, HTML, JSON lines...) named in ``df[path_col]`` on the
    executors, exactly as ``dyad code`` would. Returns a DataFrame of dyad's event table."""

    def run(batches):
        coder = _coder(lexicon, petrarch, lexicon_only, syntax)
        for b in batches:
            for p in b.column(b.schema.get_field_index(path_col)).to_pylist():
                t, _ = coder.code_paths([p], threads=threads)
                yield from t.to_batches()

    return df.select(path_col).mapInArrow(run, event_schema_ddl())
