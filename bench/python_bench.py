#!/usr/bin/env python3
"""dyad from Python and Spark against the command line, on the same realistic news text and threads.

The text is bench/realistic.py's (bench/news_corpus.py: the sentences of the evaluation sets that
are not blind, as documents of one and of ten sentences, each dated 2024-06-01). On THREADS
threads (default 2) it measures, each in a fresh process:

  * cli:   `dyad code --threads THREADS docs.jsonl > /dev/null` (JSON lines out);
  * batch: `dyad.Coder().code_batch(texts, dates, ids, threads=THREADS)` (lists of event dicts);
  * spark: `dyad.spark.code(df)` under pyspark local[THREADS], the input DataFrame cached first,
           counted (`.count()` runs every batch through mapInArrow), after a small warm-up job
           (Python workers started, one coder each, the JVM's hot code compiled: paid once per
           job, reported apart);

and prints sentences/s and MB/s by wall clock, CPU seconds, peak memory and the ratio to the CLI.
The CLI's and code_batch's wall time include building the coder; Spark's does not (warm-up). Then, on ARROW_SENTENCES one-sentence documents
(default 100,000), the peak memory `Coder().code_arrow(table, threads=THREADS)` adds over
`import dyad, pyarrow` against the CLI's peak RSS on the same input, and the same for
`code_arrow_batches` read batch by batch and dropped (`stream`, as the CLI writes and drops).

Usage: python3 bench/python_bench.py [MEGABYTES] [--threads N] [--arrow-sentences N] [--no-spark]
after `cargo build --release -p dyad-cli` and installing the wheel (README, "From Python").
Prints figures; asserts nothing but that the three ways find the same number of events.
"""
import argparse, json, os, resource, subprocess, sys, tempfile, time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from news_corpus import ROOT, sentences as corpus_sentences, documents, write_jsonl


def rss_kb(field="VmRSS", pid="self"):
    """A memory figure of a process from /proc (kB): VmRSS now, or VmHWM, its peak."""
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def tree_cpu():
    """CPU seconds of this process and every live descendant, counting their waited-for children."""
    tick = os.sysconf("SC_CLK_TCK")
    kids, stats = {}, {}
    for p in os.listdir("/proc"):
        if not p.isdigit():
            continue
        try:
            with open(f"/proc/{p}/stat") as f:
                s = f.read()
        except OSError:
            continue
        fields = s[s.rindex(")") + 2:].split()
        kids.setdefault(int(fields[1]), []).append(int(p))
        stats[int(p)] = sum(int(x) for x in fields[11:15]) / tick
    total, todo = 0.0, [os.getpid()]
    while todo:
        p = todo.pop()
        total += stats.get(p, 0.0)
        todo.extend(kids.get(p, []))
    return total


def tree_peak_kb():
    """Sum of the peak RSS of this process's live descendants (the JVM, the Python workers)."""
    kids = {}
    for p in os.listdir("/proc"):
        if p.isdigit():
            try:
                with open(f"/proc/{p}/stat") as f:
                    s = f.read()
            except OSError:
                continue
            kids.setdefault(int(s[s.rindex(")") + 2:].split()[1]), []).append(int(p))
    total, todo = 0, list(kids.get(os.getpid(), []))
    while todo:
        p = todo.pop()
        total += rss_kb("VmHWM", p)
        todo.extend(kids.get(p, []))
    return total


def load(path):
    texts, dates, ids = [], [], []
    with open(path) as f:
        for line in f:
            r = json.loads(line)
            texts.append(r["text"]), dates.append(r["date"]), ids.append(r["id"])
    return texts, dates, ids


def child(kind, path, threads):
    """One measurement in this (fresh) process; prints a JSON object."""
    texts, dates, ids = load(path)
    if kind == "batch":
        import dyad
        r0, t0 = resource.getrusage(resource.RUSAGE_SELF), time.time()
        coder = dyad.Coder()
        built = time.time() - t0
        out = coder.code_batch(texts, dates, ids, threads=threads)
        wall = time.time() - t0
        r1 = resource.getrusage(resource.RUSAGE_SELF)
        cpu = r1.ru_utime - r0.ru_utime + r1.ru_stime - r0.ru_stime
        res = {"wall": wall, "built": built, "cpu": cpu, "events": sum(len(e) for e in out), "peak_kb": r1.ru_maxrss}
    elif kind == "spark":
        import pyarrow as pa
        from pyspark.sql import SparkSession
        import dyad.spark
        os.environ["PYSPARK_PYTHON"] = sys.executable  # the workers import this interpreter's dyad
        spark = (SparkSession.builder.master(f"local[{threads}]").appName("dyad-bench")
                 .config("spark.ui.enabled", "false").config("spark.sql.execution.arrow.pyspark.enabled", "true")
                 .config("spark.driver.memory", "2g").getOrCreate())
        spark.sparkContext.setLogLevel("ERROR")
        table = pa.table({"id": ids, "text": texts, "date": dates})
        df = spark.createDataFrame(table.to_pandas()).repartition(4 * threads).cache()
        df.count()
        # Warm-up: a first small job starts the Python workers, builds their coders and lets the
        # JVM compile its hot code; costs paid once per job, not per document.
        c0, t0 = tree_cpu(), time.time()
        dyad.spark.code(df.limit(50 * threads).repartition(threads)).count()
        warm, warm_cpu = time.time() - t0, tree_cpu() - c0
        c0, t0 = tree_cpu(), time.time()
        events = dyad.spark.code(df).count()
        wall = time.time() - t0
        cpu = tree_cpu() - c0
        res = {"wall": wall, "cpu": cpu, "events": events, "peak_kb": tree_peak_kb(), "warm": warm, "warm_cpu": warm_cpu}
        spark.stop()
    elif kind in ("arrow", "stream"):
        import dyad, pyarrow as pa
        raw = rss_kb()
        pa.table({"x": ["warm"]})  # pyarrow's first table imports what it imports lazily (pandas, numpy)
        base = rss_kb()
        table = pa.table({"id": ids, "text": texts, "date": dates})
        del texts, dates, ids
        with_input = rss_kb()
        r0, t0 = resource.getrusage(resource.RUSAGE_SELF), time.time()
        if kind == "arrow":
            out = dyad.Coder().code_arrow(table, threads=threads)
            events, result = out.num_rows, out.nbytes
        else:  # the events are only counted, as `dyad code > /dev/null` only writes them
            events = sum(b.num_rows for b in dyad.Coder().code_arrow_batches(table, threads=threads))
            result = 0
        wall = time.time() - t0
        r1 = resource.getrusage(resource.RUSAGE_SELF)
        cpu = r1.ru_utime - r0.ru_utime + r1.ru_stime - r0.ru_stime
        res = {"wall": wall, "cpu": cpu, "events": events, "raw_kb": raw, "base_kb": base, "input_kb": with_input - base,
               "peak_kb": r1.ru_maxrss, "added_kb": r1.ru_maxrss - base, "result_kb": result // 1024}
    print(json.dumps(res))


def run_child(kind, path, threads):
    p = subprocess.run([sys.executable, os.path.abspath(__file__), "--child", kind, path, "--threads", str(threads)],
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if p.returncode != 0:
        sys.exit(f"{kind} failed:\n{p.stderr[-3000:]}")
    return json.loads(p.stdout.strip().splitlines()[-1])


def run_cli(binary, path, threads):
    t0 = time.time()
    with open(os.devnull, "w") as null:
        proc = subprocess.Popen([binary, "code", "--threads", str(threads), path], stdout=subprocess.PIPE, stderr=null)
        events = sum(1 for _ in proc.stdout)
        _, status, ru = os.wait4(proc.pid, 0)
    wall = time.time() - t0
    if status != 0:
        sys.exit(f"dyad code failed on {path} (status {status})")
    return {"wall": wall, "cpu": ru.ru_utime + ru.ru_stime, "events": events, "peak_kb": ru.ru_maxrss}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("megabytes", nargs="?", type=float, default=2.0)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--arrow-sentences", type=int, default=100_000)
    ap.add_argument("--no-spark", action="store_true")
    ap.add_argument("--only", choices=["throughput", "arrow"], help="run one of the two parts")
    ap.add_argument("--child", nargs=2, metavar=("KIND", "PATH"))
    a = ap.parse_args()
    if a.child:
        return child(a.child[0], a.child[1], a.threads)
    binary = os.path.join(ROOT, "target/release/dyad")
    texts = corpus_sentences()
    tmp = tempfile.mkdtemp(prefix="dyad-pybench-")
    load1 = os.getloadavg()
    print(f"{len(texts)} distinct sentences; {a.threads} threads; {os.cpu_count()} cores; load average before: "
          f"{load1[0]:.2f} (the machine is shared: wall-clock figures move with other users' load, CPU seconds less)")
    kinds = ["batch"] + ([] if a.no_spark else ["spark"])
    for per_doc in (1, 10) if a.only != "arrow" else ():
        path = os.path.join(tmp, f"docs{per_doc}.jsonl")
        docs = documents(texts, per_doc, megabytes=a.megabytes)
        size = write_jsonl(docs, path)
        n = len(docs) * per_doc
        print(f"\n{per_doc} sentence(s)/document: {n} sentences, {size / 1e6:.2f} MB of text")
        results = {"cli": run_cli(binary, path, a.threads)}
        for k in kinds:
            results[k] = run_child(k, path, a.threads)
        cli = results["cli"]
        for k, r in results.items():
            extra = f" (coder built in {r['built']:.2f} s)" if "built" in r else ""
            if "warm" in r:
                extra = f" (after a warm-up job of {r['warm']:.1f} s, CPU {r['warm_cpu']:.1f} s: workers started, coders built)"
            print(f"  {k:5}: {r['events']} events, wall {r['wall']:.2f} s = {n / r['wall']:,.0f} sentences/s "
                  f"{size / r['wall'] / 1e6:.3f} MB/s; CPU {r['cpu']:.1f} s ({n / r['cpu']:,.0f} sentences per CPU s); "
                  f"peak RSS {r['peak_kb'] / 1024:.0f} MB; ×{cli['wall'] / r['wall']:.2f} the CLI's throughput{extra}")
            if r["events"] != cli["events"]:
                print(f"  !! {k} found {r['events']} events, the CLI {cli['events']}")
    if a.only == "throughput":
        return
    path = os.path.join(tmp, "arrow.jsonl")
    docs = documents(texts, 1, sentences=a.arrow_sentences)
    size = write_jsonl(docs, path)
    print(f"\ncode_arrow on {len(docs)} one-sentence documents ({size / 1e6:.1f} MB of text):")
    cli = run_cli(binary, path, a.threads)
    print(f"  cli  : {cli['events']} events in {cli['wall']:.1f} s, CPU {cli['cpu']:.1f} s; peak RSS {cli['peak_kb'] / 1024:.0f} MB")
    for kind in ("arrow", "stream"):
        r = run_child(kind, path, a.threads)
        print(f"  {kind:6}: {r['events']} events in {r['wall']:.1f} s, CPU {r['cpu']:.1f} s; RSS after `import dyad, pyarrow` "
              f"{r['raw_kb'] / 1024:.0f} MB, {r['base_kb'] / 1024:.0f} MB once pyarrow made its first table, the input table adds "
              f"{r['input_kb'] / 1024:.0f} MB, peak {r['peak_kb'] / 1024:.0f} MB: coding adds {r['added_kb'] / 1024:.0f} MB over the "
              f"import (input included; result table {r['result_kb'] / 1024:.0f} MB) = ×{r['added_kb'] / cli['peak_kb']:.2f} the CLI's "
              f"peak; without the input and result tables ×{(r['added_kb'] - r['input_kb'] - r['result_kb']) / cli['peak_kb']:.2f}")
    load2 = os.getloadavg()
    print(f"\nload average after: {load2[0]:.2f}")


if __name__ == "__main__":
    main()
