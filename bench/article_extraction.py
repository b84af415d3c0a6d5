#!/usr/bin/env python3
"""Article extraction scored on scrapinghub's article-extraction-benchmark (181 real pages).

Usage:
  python3 bench/article_extraction.py [--dyad BIN] [--data DIR] [--pred FILE.json] [--save FILE.json] [--worst N]

The pages and their hand-extracted bodies live outside the repository (default
../shared/eval/article-extraction: html/<key>.html.gz and ground-truth.json); nothing is fetched.
Without --pred, the script runs `dyad read` (default target/release/dyad) over the pages on one
thread and scores its texts; with --pred, it scores a file of the benchmark's prediction format
({key: {"articleBody": ...}}) made by another extractor.

The metric is the benchmark's (its evaluate.py, reimplemented here): tokens are runs of word
characters (Unicode letters and digits, and "_"); each page's 4-token shingles are compared as
multisets with the ground truth's; a page's true positives, false positives and false negatives
are divided by their sum so that every page weighs the same; precision is the mean over the pages
that predict something, recall the mean over the pages with a body, and F1 comes from those two
means. A page is "blank" when its body has text but the prediction has no token.
Prints figures; asserts nothing.
"""

import argparse
import gzip
import json
import os
import subprocess
import sys
import time
from collections import Counter


def is_word_char(c):
    # Python's re \w on str: str.isalnum() or "_".
    return c == "_" or c.isalnum()


def tokens(text):
    out, cur = [], []
    for c in text or "":
        if is_word_char(c):
            cur.append(c)
        elif cur:
            out.append("".join(cur))
            cur = []
    if cur:
        out.append("".join(cur))
    return out


def shingles(text, n=4):
    t = tokens(text)
    # A text shorter than n tokens is one shingle of all its tokens; an empty text has none.
    grams = [tuple(t[i:i + n]) for i in range(max(1, len(t) - n + 1))]
    return Counter(g for g in grams if g)


def page_scores(true, pred):
    """Normalised (tp, fp, fn) of one page."""
    ts, ps = shingles(true), shingles(pred)
    tp = sum(min(c, ps[k]) for k, c in ts.items() if k in ps)
    fp = sum(ps.values()) - tp
    fn = sum(ts.values()) - tp
    s = tp + fp + fn
    return (tp / s, fp / s, fn / s) if s > 0 else (0.0, 0.0, 0.0)


def precision(tp, fp, fn):
    if fp == fn == 0:
        return 1.0
    if tp == fp == 0:
        return 0.0
    return tp / (tp + fp)


def recall(tp, fp, fn):
    if fp == fn == 0:
        return 1.0
    if tp == fn == 0:
        return 0.0
    return tp / (tp + fn)


def score(truth, pred):
    per_page = {k: page_scores(truth[k].get("articleBody", ""), pred.get(k, {}).get("articleBody", "")) for k in truth}
    ps = [precision(*s) for s in per_page.values() if s[0] + s[1] > 0]
    rs = [recall(*s) for s in per_page.values() if s[0] + s[2] > 0]
    p = sum(ps) / len(ps)
    r = sum(rs) / len(rs)
    f1 = 2 * p * r / (p + r) if p + r > 0 else 0.0
    blank = [k for k in truth if tokens(truth[k].get("articleBody", "")) and not tokens(pred.get(k, {}).get("articleBody", ""))]
    return p, r, f1, blank, per_page


def run_dyad(binary, data, keys):
    paths = [os.path.join(data, "html", k + ".html.gz") for k in keys]
    size = 0
    for p in paths:
        with gzip.open(p, "rb") as f:
            size += len(f.read())
    start = time.perf_counter()
    proc = subprocess.run([binary, "read", *paths], capture_output=True, text=True)
    secs = time.perf_counter() - start
    lines = [json.loads(l) for l in proc.stdout.splitlines() if l.strip()]
    if len(lines) != len(paths):
        sys.exit(f"dyad read gave {len(lines)} lines for {len(paths)} pages (exit {proc.returncode}):\n{proc.stderr[-2000:]}")
    pred, skips = {}, Counter()
    for k, line in zip(keys, lines):
        # One line per page, in input order; `text` is there for documents skipped by a later
        # stage (language) too.
        pred[k] = {"articleBody": line.get("text") or ""}
        if line.get("skip"):
            skips[line.get("skip_kind", "other")] += 1
    print(f"dyad read: {len(paths)} pages, {size / 1e6:.1f} MB of HTML (decompressed) in {secs:.2f} s, "
          f"{size / 1e6 / secs:.1f} MB/s end to end on one thread (gunzip, extraction, JSON)")
    if skips:
        print("skip reasons: " + ", ".join(f"{k} {n}" for k, n in sorted(skips.items())))
    return pred


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", default=os.path.join(os.path.dirname(__file__), "..", "..", "shared", "eval", "article-extraction"))
    ap.add_argument("--dyad", default=os.path.join(os.path.dirname(__file__), "..", "target", "release", "dyad"))
    ap.add_argument("--pred", help="score this prediction file instead of running dyad")
    ap.add_argument("--save", help="write dyad's predictions in the benchmark's format")
    ap.add_argument("--worst", type=int, default=0, help="list the N pages with the lowest F1")
    a = ap.parse_args()
    gt_path = os.path.join(a.data, "ground-truth.json")
    if not os.path.exists(gt_path):
        sys.exit(f"{gt_path}: not found (the benchmark lives outside the repository, in ../shared)")
    with open(gt_path, encoding="utf-8") as f:
        truth = json.load(f)
    keys = sorted(truth)
    if a.pred:
        with open(a.pred, encoding="utf-8") as f:
            pred = json.load(f)
        if set(pred) == {"version", "output"}:
            pred = pred["output"]
    else:
        pred = run_dyad(a.dyad, a.data, keys)
        if a.save:
            with open(a.save, "w", encoding="utf-8") as f:
                json.dump(pred, f, ensure_ascii=False)
    p, r, f1, blank, per_page = score(truth, pred)
    print(f"pages {len(keys)}: precision {p:.3f}  recall {r:.3f}  F1 {f1:.3f}  blank pages {len(blank)}")
    for k in blank:
        print(f"  blank: {k} {truth[k].get('url', '')}")
    if a.worst:
        rows = []
        for k, s in per_page.items():
            pp, rr = precision(*s), recall(*s)
            rows.append((2 * pp * rr / (pp + rr) if pp + rr else 0.0, pp, rr, k))
        for f, pp, rr, k in sorted(rows)[: a.worst]:
            print(f"  F1 {f:.3f} P {pp:.3f} R {rr:.3f}  {k[:16]} {truth[k].get('url', '')}")


if __name__ == "__main__":
    main()
