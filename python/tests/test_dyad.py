"""The Python package against the dyad command: same events, Arrow types, errors naming the row."""
import datetime
import json
import subprocess

import pyarrow as pa
import pytest

import dyad
from conftest import WARC

SENT = "Russia condemned the United States on Monday."


def cli_events(dyad_bin, *paths, args=()):
    out = subprocess.run([dyad_bin, "code", *args, *map(str, paths)], capture_output=True, text=True)
    return [json.loads(l) for l in out.stdout.splitlines()]


def test_code_prints_the_event_with_evidence(coder):
    ev = coder.code(SENT, date="2022-09-15")
    assert len(ev) == 1
    e = ev[0]
    assert (e["source"]["code"], e["cameo"], e["target"]["code"]) == ("RUS", "111", "USA")
    assert e["date"] == "2022-09-12" and e["doc_date_source"] == "input"
    assert e["verb"] == "condemned" and e["text"] == SENT and "conflict.tsv" in e["rule"]


def test_code_equals_the_cli(coder, dyad_bin, tmp_path):
    p = tmp_path / "one.txt"
    p.write_text(SENT)
    want = cli_events(dyad_bin, p, args=("--date", "2022-09-15"))
    got = coder.code(SENT, date=datetime.date(2022, 9, 15), id=str(p))
    assert got == want


def test_code_batch_keeps_order_and_matches_code(coder):
    texts = [SENT, "France praised Germany.", "Der Bundestag hat heute ein neues Gesetz beschlossen und die Regierung kritisiert.", ""] * 25
    out = coder.code_batch(texts, dates=["2022-09-15"] * len(texts), threads=2)
    assert len(out) == len(texts)
    for t, evs in zip(texts, out):
        assert [(e["source"]["code"], e["cameo"]) for e in evs] == [(e["source"]["code"], e["cameo"]) for e in coder.code(t, date="2022-09-15")]
    assert out[2] == [] and out[3] == []


def test_code_arrow_gives_the_event_table(coder):
    t = pa.table({"text": [SENT, "France praised Germany.", None], "date": ["2022-09-15", None, None], "id": ["a", "b", "c"]})
    ev = coder.code_arrow(t, threads=2)
    assert ev.schema == dyad.event_schema()
    assert ev.column("doc").to_pylist() == ["a", "b"]
    assert ev.column("date").type == pa.date32()
    assert ev.column("date").to_pylist()[0] == datetime.date(2022, 9, 12)
    assert ev.column("source_code").to_pylist() == ["RUS", "FRA"]
    assert ev.column("target_sectors").type == pa.list_(pa.string())
    assert set(ev.column("coder_id").to_pylist()) == {coder.coder_id}
    assert ev.column("dyad_version").to_pylist()[0] == dyad.__version__
    assert ev.schema.field("coder_id").metadata[b"description"].startswith(b"id (hash)")
    # An empty input gives the schema and no rows; the text column alone is enough.
    assert coder.code_arrow(pa.table({"text": pa.array([], pa.string())})).num_rows == 0


def test_bad_input_raises_naming_the_row(coder):
    with pytest.raises(TypeError, match="row 1: text must be a string"):
        coder.code_batch([SENT, 42])
    with pytest.raises(ValueError, match="row 2: bad date"):
        coder.code_batch([SENT, SENT, SENT], dates=[None, "2022-09-15", "15/09/2022"])
    with pytest.raises(ValueError, match="2 values for 1 texts"):
        coder.code_batch([SENT], dates=["2022-01-01", None])
    with pytest.raises(KeyError, match="no column 'body'"):
        coder.code_arrow(pa.table({"text": [SENT]}), text="body")
    with pytest.raises(KeyError, match='no column .when.'):
        coder.code_arrow(pa.table({"text": [SENT]}), date="when")
    with pytest.raises(ValueError, match="row 3: bad date"):
        coder.code_arrow(pa.table({"text": [SENT] * 4, "date": ["2022-01-01", None, "", "tomorrow"]}), batch_rows=2)
    with pytest.raises(TypeError, match='column .text. must hold strings'):
        coder.code_arrow(pa.table({"text": [1, 2]}))
    with pytest.raises(TypeError, match="row 0: date must be"):
        coder.code(SENT, date=3.5)


def test_warc_through_read_and_code_paths_equals_the_cli(coder, dyad_bin):
    docs = dyad.read(WARC / "news.warc.gz")
    assert docs.column("lang").to_pylist() == ["en", "en", "de", "fr", "en"]
    assert docs.column("date_source").to_pylist()[:2] == ["metadata", "crawl"]
    assert docs.column("skip_kind").to_pylist()[2] == "language"
    ev, summary = coder.code_paths([WARC / "news.warc.gz"])
    want = cli_events(dyad_bin, WARC / "news.warc.gz")
    assert summary["documents"] == 3 and summary["events"] == len(want) == ev.num_rows
    assert dict(summary["skipped_languages"]) == {"de": 1, "fr": 1}
    got = [(r["doc"], r["sentence"], r["cameo"], r["source_code"], r["target_code"], str(r["date"]) if r["date"] else None, r["rule"]) for r in ev.to_pylist()]
    assert got == [(e["doc"], e["sentence"], e["cameo"], e["source"]["code"], (e["target"] or {}).get("code"), e["date"], e["rule"]) for e in want]
    bad, s = coder.code_paths([WARC / "corrupt.warc.gz"])
    assert len(s["problems"]) == 1 and "byte offset" in s["problems"][0]


def test_cli_dataset_and_python_share_the_schema(coder, dyad_bin, tmp_path):
    out = tmp_path / "ds"
    subprocess.run([dyad_bin, "code", "--format", "parquet", "-o", str(out), str(WARC / "news.warc.gz")], check=True, capture_output=True)
    import pyarrow.dataset as ds
    t = ds.dataset(str(out), format="parquet", partitioning="hive").to_table()
    assert t.schema.remove(t.schema.get_field_index("month")).remove(t.schema.get_field_index("year")).equals(dyad.event_schema())
    ev, _ = coder.code_paths([WARC / "news.warc.gz"])
    assert sorted(t.column("rule").to_pylist()) == sorted(ev.column("rule").to_pylist())


def test_store_queries_return_arrow(dyad_bin, tmp_path):
    db = tmp_path / "e.db"
    subprocess.run([dyad_bin, "ingest", "--db", str(db), str(WARC / "news.warc.gz")], check=True, capture_output=True)
    s = dyad.Store(db)
    ev = s.events()
    assert ev.schema == dyad.event_schema() and ev.num_rows > 0
    assert set(ev.column("num_mentions").to_pylist()) >= {1}
    assert s.events(actor="RUS").num_rows >= 1
    # The store records the coder of every document `dyad ingest` stored.
    assert set(ev.column("coder_id").to_pylist()) == {dyad.Coder().coder_id}
    assert set(ev.column("dyad_version").to_pylist()) == {dyad.__version__}
    series = s.series(period="month")
    assert series.schema.field("q1").type == pa.float64() and series.schema.field("period_total").type == pa.int64()
    assert sum(series.column("total").to_pylist()) == ev.num_rows
    align = s.align("RUS", "USA")
    assert align.num_rows >= 1 and align.schema.field("s_score").type == pa.float64()
    dyads, actors = s.top(5)
    assert dyads.num_rows >= 1 and actors.num_rows >= 1
    assert dyads.schema.names == ["key", "events", "mean_goldstein"] and dyads.schema.field("events").type == pa.int64()
    with pytest.raises(ValueError):
        dyad.Store(tmp_path / "missing.db")


def test_coder_options_are_the_clis(coder, dyad_bin, tmp_path):
    p = tmp_path / "one.txt"
    p.write_text(SENT)
    plain = dyad.Coder(syntax=False)
    assert plain.coder_id != coder.coder_id and plain.coder_id.startswith("dyad-")
    want = cli_events(dyad_bin, p, args=("--date", "2022-09-15", "--no-syntax"))
    assert plain.code(SENT, date="2022-09-15", id=str(p)) == want
    with pytest.raises(ValueError, match="lexicon_only=True needs a lexicon"):
        dyad.Coder(lexicon_only=True)


def test_code_arrow_batches_streams_the_same_rows(coder):
    texts = [SENT, "France praised Germany.", "Der Bundestag hat heute ein neues Gesetz beschlossen."] * 5
    t = pa.table({"text": texts, "id": [f"d{i}" for i in range(len(texts))]})
    whole = coder.code_arrow(t)
    reader = coder.code_arrow_batches(t, batch_rows=4)
    assert isinstance(reader, pa.RecordBatchReader) and reader.schema == dyad.event_schema()
    parts = list(reader)
    assert len(parts) == 4 and pa.Table.from_batches(parts).equals(whole)
    # An iterator of record batches, as Spark's mapInArrow gives; row numbers run on across batches.
    assert coder.code_arrow_batches(iter(t.to_batches(max_chunksize=5))).read_all().equals(whole)
    assert coder.code_arrow_batches(iter([])).read_all().num_rows == 0
    bad = pa.table({"text": [SENT] * 6, "date": [None] * 5 + ["tomorrow"]})
    with pytest.raises(ValueError, match="row 5: bad date"):
        coder.code_arrow_batches(iter(bad.to_batches(max_chunksize=2))).read_all()
