"""Code CC-NEWS-style WARC archives with dyad on Spark.

    spark-submit examples/spark_ccnews.py OUT_DIR WARC [WARC ...]

1. WARC paths in: each archive is read and coded on an executor (dyad.spark.code_paths: one
   dyad.Coder per Python worker, the same reader and coder as `dyad code`).
2. Reports of one event across articles are merged as dyad's store merges them
   (crates/store, "Deduplication rule"): same source, same target (or both none), same CAMEO root;
   both dated, dates agreeing at the coarser precision (days at most one day apart, week periods
   overlapping, same month, same year); place countries equal when both are known; undated reports
   never merge; among matching clusters the nearest date wins. The cluster keeps its first report's
   code and evidence and counts its reports (num_mentions) and articles (num_articles).
3. Events go out as Parquet partitioned by year= and month=, undated events in their own partition.
4. A Spark SQL query makes a monthly dyad time series (events and mean Goldstein per QuadClass).
"""
import datetime
import sys

import pandas as pd
from pyspark.sql import SparkSession, functions as F

import dyad.spark

ORDER = {"day": 0, "week": 1, "month": 2, "year": 3}


def _match(a_date, a_prec, b_date, b_prec):
    """Whether two dated reports agree at the coarser of their precisions (the store's rule)."""
    p = max(ORDER[a_prec], ORDER[b_prec])
    if p == 0:
        return abs((a_date - b_date).days) <= 1
    if p == 1:
        if ORDER[a_prec] == 1 and ORDER[b_prec] == 1:
            return abs((a_date - b_date).days) <= 6
        w, d = (a_date, b_date) if ORDER[a_prec] == 1 else (b_date, a_date)
        return w <= d <= w + datetime.timedelta(days=6)
    if p == 2:
        return (a_date.year, a_date.month) == (b_date.year, b_date.month)
    return a_date.year == b_date.year


def merge(pdf: pd.DataFrame) -> pd.DataFrame:
    """Merges the reports of one (source, target, root) key, in report order, into clusters."""
    clusters = []  # [row dict, mentions, docs set]
    # Missing values as None (pandas 3 gives NaN for missing strings, and NaN is truthy).
    pdf = pdf.astype(object).where(pdf.notna(), None)
    for r in pdf.sort_values(["_order"]).to_dict("records"):
        best = None
        if r["date"] is not None:
            for c in clusters:
                row = c[0]
                if row["date"] is None:
                    continue
                if not _match(row["date"], row["date_precision"], r["date"], r["date_precision"]):
                    continue
                if row["place_country"] and r["place_country"] and row["place_country"] != r["place_country"]:
                    continue
                gap = abs((row["date"] - r["date"]).days)
                if best is None or gap < best[0]:
                    best = (gap, c)
        if best is None:
            clusters.append([dict(r), 1, {r["doc"]}])
        else:
            c = best[1]
            c[1] += 1
            c[2].add(r["doc"])
            if ORDER[r["date_precision"]] < ORDER[c[0]["date_precision"]]:
                c[0]["date"], c[0]["date_precision"] = r["date"], r["date_precision"]
            if not c[0]["place_name"] and r["place_name"]:
                for k in ("place_name", "place_country", "place_admin1", "place_lat", "place_lon", "place_how"):
                    c[0][k] = r[k]
    out = []
    for row, mentions, docs in clusters:
        row["num_mentions"], row["num_articles"] = mentions, len(docs)
        out.append(row)
    # object columns: pandas 3 strings are Arrow-backed chunked arrays, which PySpark 4 cannot send back.
    return pd.DataFrame(out, columns=pdf.columns).astype(object)


def run(spark, out_dir, warcs):
    paths = spark.createDataFrame([(p,) for p in warcs], ["path"]).repartition(max(1, len(warcs)))
    events = dyad.spark.code_paths(paths)
    # Report order: archive, then position in it (the store merges in ingest order).
    events = events.withColumn("_order", F.monotonically_increasing_id())
    key = ["source_code", F.coalesce(F.col("target_code"), F.lit("")).alias("_target"), "root"]
    schema = events.schema
    merged = events.groupBy(*key).applyInPandas(lambda pdf: merge(pdf.drop(columns=["_target"], errors="ignore")), schema=schema).drop("_order")
    merged = merged.withColumn("year", F.year("date")).withColumn("month", F.month("date"))
    merged.write.mode("overwrite").partitionBy("year", "month").parquet(out_dir)
    spark.read.parquet(out_dir).createOrReplaceTempView("events")
    return spark.sql(
        """SELECT year, month, source_country, target_country, quad, count(*) AS events, avg(goldstein) AS mean_goldstein
           FROM events WHERE year IS NOT NULL GROUP BY year, month, source_country, target_country, quad
           ORDER BY year, month, source_country, target_country, quad"""
    )


if __name__ == "__main__":
    if len(sys.argv) < 3:
        sys.exit("usage: spark-submit examples/spark_ccnews.py OUT_DIR WARC [WARC ...]")
    spark = SparkSession.builder.appName("dyad-ccnews").getOrCreate()
    run(spark, sys.argv[1], sys.argv[2:]).show(50, truncate=False)
    spark.stop()
