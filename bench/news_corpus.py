"""The realistic news text the speed benchmarks share (bench/realistic.py, bench/python_bench.py).

The sentences of the evaluation sets that are not blind (eval/dev2, eval/heldout, eval/heldout2,
the PLOVER dev records): real-style agency sentences of 20-40 words, repeated to the requested size
as documents of `per_doc` sentences, each dated 2024-06-01.
"""
import json, os

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def sentences():
    """The distinct sentences, whitespace-normalised, in a fixed order."""
    gsr = os.path.join(ROOT, "eval/fixtures/plover-gsr")
    sets = ["eval/dev2/news_dev2.json", "eval/heldout/news_2024.json", "eval/heldout2/news_2025.json"]
    sets += [os.path.join(gsr, f) for f in sorted(os.listdir(gsr)) if f.endswith(".json")]
    texts = []
    for s in sets:
        with open(os.path.join(ROOT, s)) as f:
            data = json.load(f)
        recs = data if isinstance(data, list) else data.get("records", data.get("data", []))
        for r in recs:
            t = r.get("text") if isinstance(r, dict) else None
            if t:
                texts.append(" ".join(t.split()))
    return texts


def documents(texts, per_doc, megabytes=None, sentences=None):
    """Documents of `per_doc` sentences cycling through `texts`, until their text reaches
    `megabytes` (10^6 bytes) or their sentences reach `sentences`: a list of (id, text, date)."""
    docs, size, i = [], 0, 0
    while (megabytes is None or size < megabytes * 1e6) and (sentences is None or len(docs) * per_doc < sentences):
        doc = " ".join(texts[(i + k) % len(texts)] for k in range(per_doc))
        i += per_doc
        docs.append((f"d{len(docs)}", doc, "2024-06-01"))
        size += len(doc.encode())
    return docs


def write_jsonl(docs, path):
    """Writes documents as the JSON lines `dyad code` reads; returns the text's size in bytes."""
    with open(path, "w") as out:
        for id, text, date in docs:
            out.write(json.dumps({"id": id, "text": text, "date": date}) + "\n")
    return sum(len(t.encode()) for _, t, _ in docs)
