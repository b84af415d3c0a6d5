#!/usr/bin/env python3
"""End-to-end coding speed on realistic news sentences, with and without the dependency parser.

The corpus is the text of the evaluation sets that are not blind (eval/dev2, eval/heldout,
eval/heldout2, the PLOVER dev records): real-style agency sentences of 20-40 words, repeated to the
requested size, as one-sentence documents and as documents of 10 sentences. Prints sentences/s and
MB/s by wall clock and per CPU second, and peak memory; asserts nothing.
Usage: python3 bench/realistic.py [MEGABYTES] (default 2), after `cargo build --release -p dyad-cli`.
"""
import os, subprocess, sys, tempfile, time, resource
from news_corpus import ROOT as root, sentences as corpus_sentences, documents, write_jsonl

mb = float(sys.argv[1]) if len(sys.argv) > 1 else 2.0
texts = corpus_sentences()
words = sum(len(t.split()) for t in texts) / len(texts)
print(f"{len(texts)} distinct sentences, {words:.1f} words on average")
binary = os.path.join(root, "target/release/dyad")
tmp = tempfile.mkdtemp()
for per_doc in (1, 10):
    path = os.path.join(tmp, f"docs{per_doc}.jsonl")
    docs = documents(texts, per_doc, megabytes=mb)
    size, n = write_jsonl(docs, path), len(docs)
    sentences = n * per_doc
    for flags in ([], ["--no-syntax"]):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        t0 = time.time()
        p = subprocess.run([binary, "code", "--threads", "1", *flags, path], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        wall = time.time() - t0
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        label = "word order only" if flags else "tree coder"
        print(f"{per_doc:>2} sentence(s)/document, {label:15}: {sentences} sentences, {size/1e6:.1f} MB; "
              f"wall {sentences/wall:,.0f} sentences/s {size/wall/1e6:.2f} MB/s; per CPU second {sentences/cpu:,.0f} sentences "
              f"{size/cpu/1e6:.2f} MB; peak RSS {after.ru_maxrss/1024:.0f} MB (largest child so far)")
