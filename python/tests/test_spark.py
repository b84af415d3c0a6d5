"""dyad on Spark local[2]: the example job's coding equals `dyad code` on the same WARC, and its
merged, partitioned output and time series are what the store's rule gives."""
import importlib.util
import json
import subprocess
import sys

import pytest

from conftest import ROOT, WARC

pyspark = pytest.importorskip("pyspark")


@pytest.fixture(scope="module")
def spark():
    from pyspark.sql import SparkSession
    import os
    # The workers run this interpreter, so they import the dyad under test.
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    s = (SparkSession.builder.master("local[2]").appName("dyad-test")
         .config("spark.sql.shuffle.partitions", "2").config("spark.ui.enabled", "false").getOrCreate())
    yield s
    s.stop()


def test_spark_events_equal_the_cli(spark, dyad_bin):
    import dyad.spark
    warc = str(WARC / "news.warc.gz")
    df = dyad.spark.code_paths(spark.createDataFrame([(warc,)], ["path"]))
    got = sorted((r.doc, r.sentence, r.cameo, r.source_code, r.target_code, str(r.date) if r.date else None, r.rule) for r in df.collect())
    out = subprocess.run([dyad_bin, "code", warc], capture_output=True, text=True).stdout
    want = sorted((e["doc"], e["sentence"], e["cameo"], e["source"]["code"], (e["target"] or {}).get("code"), e["date"], e["rule"])
                  for e in map(json.loads, out.splitlines()))
    assert got == want and len(got) > 0


def test_spark_code_on_a_text_column(spark):
    import dyad.spark
    df = spark.createDataFrame([("a", "Russia condemned the United States on Monday.", "2022-09-15"), ("b", "France praised Germany.", None)], ["id", "text", "date"])
    rows = dyad.spark.code(df).collect()
    assert [(r.doc, r.source_code) for r in sorted(rows, key=lambda r: r.doc)] == [("a", "RUS"), ("b", "FRA")]


def test_example_job_merges_partitions_and_makes_a_series(spark, tmp_path):
    spec = importlib.util.spec_from_file_location("spark_ccnews", ROOT / "examples" / "spark_ccnews.py")
    job = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(job)
    out = tmp_path / "events"
    warc = str(WARC / "news.warc.gz")
    series = job.run(spark, str(out), [warc, warc])
    # The same archive twice: every event is reported twice and merged into one cluster.
    merged = spark.read.parquet(str(out))
    import dyad
    ev, _ = dyad.Coder().code_paths([warc])
    assert merged.count() <= ev.num_rows
    assert all(r.num_mentions >= 2 for r in merged.where("date IS NOT NULL").collect())
    assert {p.name for p in out.iterdir() if p.name.startswith("year=")} >= {"year=2022", "year=2023"}
    assert series.count() > 0
