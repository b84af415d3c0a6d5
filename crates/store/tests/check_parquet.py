#!/usr/bin/env python3
"""Checks a `dyad export --format parquet` file against `dyad export --format csv` of the same
database with the readers analysts use: pyarrow, pandas and DuckDB (each one that is installed).

    dyad export --format csv --db DB -o events.csv
    dyad export --format parquet --db DB -o events.parquet
    pip install pyarrow pandas duckdb
    python3 crates/store/tests/check_parquet.py events.csv events.parquet

Every reader must give the CSV's row count, its column names in order, the expected types, and
every value of every column (compared as the CSV prints it: goldstein with one decimal, lat/lon
with four, dates as YYYY-MM-DD, null as the empty field). Exit status 0 when all agree.
"""
import csv
import datetime
import math
import sys

EXPECTED_TYPES = {
    "id": "int64", "date": "date32[day]", "quad": "int32", "goldstein": "double",
    "num_mentions": "int64", "num_articles": "int64", "num_sources": "int64",
    "lat": "double", "lon": "double", "doc_date": "date32[day]",
}


def text(name, v):
    """A value as the CSV export prints it."""
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return ""
    if hasattr(v, "to_pydatetime"):  # pandas Timestamp
        v = v.to_pydatetime().date()
    if isinstance(v, datetime.datetime):
        v = v.date()
    if isinstance(v, datetime.date):
        return v.isoformat()
    if isinstance(v, float):
        return f"{v:.1f}" if name == "goldstein" else f"{v:.4f}"
    return str(v)


def compare(reader, names, columns, header, rows):
    """columns: one list of values per column, in file order."""
    problems = 0
    if names != header:
        print(f"{reader}: columns {names} != CSV header {header}")
        return 1
    for j, (name, values) in enumerate(zip(names, columns)):
        if len(values) != len(rows):
            print(f"{reader}: column {name} has {len(values)} values, the CSV {len(rows)} rows")
            problems += 1
            continue
        for i, v in enumerate(values):
            if text(name, v) != rows[i][j]:
                problems += 1
                if problems <= 10:
                    print(f"{reader}: row {i} column {name}: {text(name, v)!r} != CSV {rows[i][j]!r}")
    print(f"{reader}: {len(rows)} rows x {len(names)} columns compared, {problems} differences")
    return problems


def main():
    csv_path, pq_path = sys.argv[1], sys.argv[2]
    with open(csv_path, newline="", encoding="utf-8") as f:
        all_rows = list(csv.reader(f))
    header, rows = all_rows[0], all_rows[1:]
    problems = 0
    readers = 0

    try:
        import pyarrow.parquet as pq
    except ImportError:
        pq = None
    if pq is not None:
        readers += 1
        t = pq.read_table(pq_path)
        types = {f.name: str(f.type) for f in t.schema}
        for name, want in EXPECTED_TYPES.items():
            if types.get(name) != want:
                print(f"pyarrow: column {name} is {types.get(name)}, expected {want}")
                problems += 1
        others = [n for n in t.column_names if n not in EXPECTED_TYPES and types[n] != "string"]
        if others:
            print(f"pyarrow: not strings: {others}")
            problems += 1
        meta = pq.ParquetFile(pq_path).metadata
        print(f"pyarrow {__import__('pyarrow').__version__}: {meta.num_rows} rows, {meta.num_row_groups} row groups, created by {meta.created_by!r}")
        problems += compare("pyarrow", t.column_names, [t.column(n).to_pylist() for n in t.column_names], header, rows)

    try:
        import pandas as pd
    except ImportError:
        pd = None
    if pd is not None and pq is not None:
        readers += 1
        df = pd.read_parquet(pq_path)
        print(f"pandas {pd.__version__}: dtypes id={df['id'].dtype} quad={df['quad'].dtype} goldstein={df['goldstein'].dtype} date={df['date'].dtype}")
        cols = [[None if (not isinstance(v, str) and pd.isna(v)) else v for v in df[n].tolist()] for n in df.columns]
        problems += compare("pandas", list(df.columns), cols, header, rows)

    try:
        import duckdb
    except ImportError:
        duckdb = None
    if duckdb is not None:
        readers += 1
        con = duckdb.connect()
        rel = con.execute("SELECT * FROM read_parquet(?) ORDER BY id", [pq_path])
        names = [d[0] for d in rel.description]
        data = rel.fetchall()
        kinds = dict(con.execute("SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM read_parquet(?))", [pq_path]).fetchall())
        print(f"duckdb {duckdb.__version__}: types id={kinds['id']} date={kinds['date']} quad={kinds['quad']} goldstein={kinds['goldstein']} source={kinds['source']}")
        if (kinds["date"], kinds["id"], kinds["quad"], kinds["goldstein"], kinds["source"]) != ("DATE", "BIGINT", "INTEGER", "DOUBLE", "VARCHAR"):
            problems += 1
        problems += compare("duckdb", names, [list(c) for c in zip(*data)] if data else [[] for _ in names], header, rows)

    if readers == 0:
        print("no reader installed (pip install pyarrow pandas duckdb)")
        return 2
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
