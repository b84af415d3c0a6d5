#!/usr/bin/env python3
"""Copies the small reference files the test suite needs from the shared data into eval/fixtures/,
so that `cargo test --workspace --release` passes on a clone with nothing beside it.

Usage: scripts/build_test_fixtures.py [SHARED]   (default: ../shared)

- gdelt/: the GDELT 2.0 column header file, and the rows of the 15-minute export that together show
  every (column, value class) pair of the whole file and, per column, its
  shortest and a longer width if it has one (greedy cover, then the file's first rows up to 40),
  in the file's order. The export test reads value classes per column from it.
- petrarch-unit/: PETRARCH's unit-test records and validation dictionaries, byte for byte.
- plover-gsr/: the PLOVER gold-standard dev records, byte for byte.
Standard library only; deterministic.
"""
import os
import shutil
import sys

shared = sys.argv[1] if len(sys.argv) > 1 else "../shared"
out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "eval", "fixtures")


def klass(v):
    def is_int(s):
        return s != "" and s.isascii() and s.isdigit()
    t = v[1:] if v.startswith("-") else v
    if v == "":
        return "empty"
    if is_int(t):
        return "int"
    if "." in t:
        a, b = t.split(".", 1)
        if is_int(a) and is_int(b):
            return "float"
    if all(c.isascii() and (c.isupper() or c.isdigit()) for c in v):
        return "code"
    return "text"


def gdelt():
    src = os.path.join(shared, "reference", "gdelt")
    dst = os.path.join(out, "gdelt")
    os.makedirs(dst, exist_ok=True)
    shutil.copyfile(os.path.join(src, "GDELT_2.0_Events_Column_Labels_Header_Row_Sep2016.csv"),
                    os.path.join(dst, "GDELT_2.0_Events_Column_Labels_Header_Row_Sep2016.csv"))
    with open(os.path.join(src, "20190121220000.export.CSV"), "rb") as f:
        rows = f.read().split(b"\n")
    rows = [r for r in rows if r]
    # What the test reads per column: the value classes, and whether non-empty values have one width.
    def marks(r):
        f = r.decode("utf-8").split("\t")
        return set((i, klass(v)) for i, v in enumerate(f)) | set((i, len(v) > lo[i]) for i, v in enumerate(f) if v)
    fields = [r.decode("utf-8").split("\t") for r in rows]
    lo = [min((len(f[i]) for f in fields if f[i]), default=0) for i in range(len(fields[0]))]
    pairs = [marks(r) for r in rows]
    want = set().union(*pairs)
    chosen = set(range(min(40, len(rows))))
    have = set().union(*(pairs[i] for i in chosen))
    while have != want:
        best = max(range(len(rows)), key=lambda i: (len(pairs[i] - have), -i))
        chosen.add(best)
        have |= pairs[best]
    with open(os.path.join(dst, "20190121220000.export.sample.CSV"), "wb") as f:
        for i in sorted(chosen):
            f.write(rows[i] + b"\n")
    print(f"gdelt: {len(chosen)} of {len(rows)} rows cover all {len(want)} (column, class or width) marks")


def copy_all(sub, names):
    dst = os.path.join(out, os.path.basename(sub))
    os.makedirs(dst, exist_ok=True)
    for n in names:
        shutil.copyfile(os.path.join(shared, sub, n), os.path.join(dst, n))
    print(f"{sub}: {len(names)} files")


gdelt()
copy_all("eval/petrarch-unit", ["PETR.UnitTest.records.xml", "PETR.Validate.actors.txt", "PETR.Validate.agents.txt",
                                "PETR.Validate.discards.txt", "PETR.Validate.verbs.txt"])
copy_all("eval/plover-gsr", ["plover_gsr_dev.json"])
