#!/usr/bin/env python3
"""End-to-end coding speed on realistic news sentences, with and without the dependency parser.

The corpus is the text of the evaluation sets that are not blind (eval/dev2, eval/heldout,
eval/heldout2, the PLOVER dev records): real-style agency sentences of 20-40 words, repeated to the
requested size, as one-sentence documents and as documents of 10 sentences. Prints sentences/s and
MB/s by wall clock and per CPU second, and peak memory; asserts nothing.
Usage: python3 bench/realistic.py [MEGABYTES] (default 2), after `cargo build --release -p dyad-cli`.
"""
import json, os, subprocess, sys, tempfile, time, resource

mb = float(sys.argv[1]) if len(sys.argv) > 1 else 2.0
root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sets = ["eval/dev2/news_dev2.json", "eval/heldout/news_2024.json", "eval/heldout2/news_2025.json"]
sets += [os.path.join("eval/fixtures/plover-gsr", f) for f in os.listdir(os.path.join(root, "eval/fixtures/plover-gsr")) if f.endswith(".json")]
texts = []
for s in sets:
    with open(os.path.join(root, s)) as f:
        data = json.load(f)
    recs = data if isinstance(data, list) else data.get("records", data.get("data", []))
    for r in recs:
        t = r.get("text") if isinstance(r, dict) else None
        if t:
            texts.append(" ".join(t.split()))
words = sum(len(t.split()) for t in texts) / len(texts)
print(f"{len(texts)} distinct sentences, {words:.1f} words on average")
binary = os.path.join(root, "target/release/dyad")
tmp = tempfile.mkdtemp()
for per_doc in (1, 10):
    path = os.path.join(tmp, f"docs{per_doc}.jsonl")
    size, n, i = 0, 0, 0
    with open(path, "w") as out:
        while size < mb * 1e6:
            doc = " ".join(texts[(i + k) % len(texts)] for k in range(per_doc))
            i += per_doc
            line = json.dumps({"id": f"d{n}", "text": doc, "date": "2024-06-01"})
            out.write(line + "\n")
            size += len(doc.encode())
            n += 1
    sentences = n * per_doc
    for flags in (["--syntax"], []):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        t0 = time.time()
        p = subprocess.run([binary, "code", "--threads", "1", *flags, path], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        wall = time.time() - t0
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        label = "tree coder" if flags else "word order only"
        print(f"{per_doc:>2} sentence(s)/document, {label:15}: {sentences} sentences, {size/1e6:.1f} MB; "
              f"wall {sentences/wall:,.0f} sentences/s {size/wall/1e6:.2f} MB/s; per CPU second {sentences/cpu:,.0f} sentences "
              f"{size/cpu/1e6:.2f} MB; peak RSS {after.ru_maxrss/1024:.0f} MB (largest child so far)")
