#!/usr/bin/env python3
"""Checks the blind gold set eval/blind3/news_2026.json before it is frozen (and any time after).

Fails (exit status 1) when
  * a blind sentence shares 5 consecutive words with any sentence of another evaluation set,
    of the PLOVER GSR dev file in ../shared, of examples/, or of eval/blind3/quoted.txt;
  * two blind records share 5 consecutive words;
  * a record misses a field, an actor / speaker / trigger span does not slice its text
    (UTF-8 byte offsets, end exclusive), or a phenomenon tag is unknown or inconsistent;
  * the counts are off: 20 records for each of the 16 PLOVER types, 40 no-event records;
  * a phenomenon is below its quota.

Words: the text lowercased, split into runs of letters and digits; an apostrophe between two such
runs stays inside the word ("russia's"). Sentences of the other sets are split at . ! ? followed by
white space and at line ends, so a 5-gram never spans two of their sentences.

Overlaps are reported as the blind record id and the shared 5 words only, never the other
sentence, so that running this check does not show the author text it must stay blind to.

Usage:
    python3 scripts/check_blind_overlap.py [--shared DIR] [--set FILE] [--stats]

--shared  the shared data directory (default: ../shared next to the repository root); the PLOVER
          GSR dev file is DIR/eval/plover-gsr/plover_gsr_dev.json and is skipped, with a note,
          when absent.
--set     the blind set (default: eval/blind3/news_2026.json).
--stats   also print counts per type, per phenomenon and per no-event kind, lengths, dates,
          and the SHA-256 of the set.
Standard library only.
"""
import argparse
import hashlib
import json
import re
import statistics
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
N = 5
TYPES = ["AGREE", "CONSULT", "SUPPORT", "COOPERATE", "AID", "CONCEDE", "RETREAT", "ACCUSE",
         "REQUEST", "REJECT", "THREATEN", "PROTEST", "MOBILIZE", "SANCTION", "COERCE", "ASSAULT"]
PER_TYPE, NO_EVENT = 20, 40
PHENOMENA = ["passive", "reported_speech", "nominal", "compound_source", "compound_target",
             "relative_clause", "control", "metonym", "role_noun", "person", "secondary_event",
             "negation_trap", "location", "long", "dateline_style"]
# Minimum numbers of event records (the brief's quotas).
QUOTAS = {"passive": 60, "reported_speech": 70, "nominal": 70, "relative_clause": 30, "control": 25,
          "metonym": 30, "role_noun": 40, "person": 60, "secondary_event": 40, "location": 30}
QUOTA_COMPOUND = 40          # compound_source or compound_target
QUOTA_SPEAKER_NOT_SOURCE = 25  # reported_speech records whose speaker is not the source
NONE_KINDS = ["negation", "hypothetical", "question", "opinion", "sports", "business",
              "speculation", "history", "statistics", "disaster", "obituary"]
HEADER_FIELDS = ["id", "event", "description", "author", "version", "dateCoded", "licence", "rule"]
EVENT_FIELDS = ["id", "date", "source", "target", "event", "eventText", "eventStart", "eventEnd",
                "text", "textInfo", "phenomena", "language", "comment"]
NONE_FIELDS = ["id", "date", "source", "target", "event", "text", "textInfo", "phenomena",
               "language", "why"]
ACTOR_FIELDS = ["actorText", "code", "start", "end"]
CODE = re.compile(r"^(?:[A-Z]{3})$")
WORD = re.compile(r"[^\W_]+(?:'[^\W_]+)*")
SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")


def words(text):
    text = text.replace("\u2019", "'").replace("\u2018", "'").lower()
    return WORD.findall(text)


def grams(text):
    w = words(text)
    return {" ".join(w[i:i + N]) for i in range(len(w) - N + 1)}


def sentences(text):
    return [s for s in SENTENCE_END.split(text) if s.strip()]


def texts_in_json(value):
    """Every string under a key named "text", at any depth."""
    if isinstance(value, dict):
        for k, v in value.items():
            if k == "text" and isinstance(v, str):
                yield v
            else:
                yield from texts_in_json(v)
    elif isinstance(value, list):
        for v in value:
            yield from texts_in_json(v)


def load_json_texts(path):
    raw = path.read_text(encoding="utf-8", errors="replace")
    try:
        return list(texts_in_json(json.loads(raw)))
    except json.JSONDecodeError:
        out = []
        for line in raw.splitlines():
            line = line.strip()
            if line:
                try:
                    out.extend(texts_in_json(json.loads(line)))
                except json.JSONDecodeError:
                    pass
        return out


def other_sources(shared):
    """(label, path, kind) for every file to compare against; kind is 'json' or 'txt'."""
    out = []
    for pattern, kind in [("eval/dev2/*.json", "json"), ("eval/heldout/*.json", "json"),
                          ("eval/heldout/*.txt", "txt"), ("eval/heldout2/*.json", "json"),
                          ("eval/heldout2/*.txt", "txt"), ("examples/*.txt", "txt"),
                          ("examples/*.json", "json"), ("examples/*.jsonl", "json")]:
        for p in sorted(ROOT.glob(pattern)):
            out.append((str(p.relative_to(ROOT)), p, kind))
    quoted = ROOT / "eval/blind3/quoted.txt"
    if quoted.exists():
        out.append(("eval/blind3/quoted.txt", quoted, "txt"))
    else:
        print("note: eval/blind3/quoted.txt is missing; not compared")
    gsr = shared / "eval/plover-gsr/plover_gsr_dev.json"
    if gsr.exists():
        out.append(("../shared/eval/plover-gsr/plover_gsr_dev.json", gsr, "json"))
    else:
        print(f"note: {gsr} is absent; the PLOVER GSR dev set is skipped")
    return out


class Checker:
    def __init__(self):
        self.errors = 0

    def fail(self, msg):
        self.errors += 1
        print("FAIL:", msg)


def check_span(chk, rid, tb, span, text_key, start_key, end_key, what):
    for k in (text_key, start_key, end_key):
        if k not in span:
            chk.fail(f"{rid}: {what} misses {k}")
            return
    s, e = span[start_key], span[end_key]
    if not (isinstance(s, int) and isinstance(e, int) and 0 <= s < e <= len(tb)):
        chk.fail(f"{rid}: {what} offsets {s}..{e} out of range")
        return
    try:
        got = tb[s:e].decode("utf-8")
    except UnicodeDecodeError:
        chk.fail(f"{rid}: {what} offsets {s}..{e} cut a UTF-8 character")
        return
    if got != span[text_key]:
        chk.fail(f"{rid}: {what} {s}..{e} slices to {got!r}, not {span[text_key]!r}")


def check_records(chk, data):
    if not isinstance(data, list) or not data:
        chk.fail("the set is not a non-empty JSON list")
        return []
    header, records = data[0], data[1:]
    if header.get("event") != "DOCUMENT":
        chk.fail("the first record is not the DOCUMENT header")
    for f in HEADER_FIELDS:
        if f not in header:
            chk.fail(f"header misses {f}")
    ids = Counter(r.get("id") for r in records)
    for rid, n in ids.items():
        if n > 1:
            chk.fail(f"id {rid} used {n} times")
    counts = Counter(r.get("event") for r in records)
    for t in TYPES:
        if counts.get(t, 0) != PER_TYPE:
            chk.fail(f"{t}: {counts.get(t, 0)} records, want {PER_TYPE}")
    if counts.get("NONE", 0) != NO_EVENT:
        chk.fail(f"NONE: {counts.get('NONE', 0)} records, want {NO_EVENT}")
    for t in counts:
        if t not in TYPES and t != "NONE":
            chk.fail(f"unknown event type {t!r}")
    for r in records:
        rid = r.get("id", "<no id>")
        none = r.get("event") == "NONE"
        for f in NONE_FIELDS if none else EVENT_FIELDS:
            if f not in r:
                chk.fail(f"{rid}: misses {f}")
        text = r.get("text", "")
        if not isinstance(text, str) or not text.strip():
            chk.fail(f"{rid}: empty text")
            continue
        tb = text.encode("utf-8")
        phen = r.get("phenomena", [])
        for p in phen:
            if p not in PHENOMENA:
                chk.fail(f"{rid}: unknown phenomenon {p!r}")
        if ("long" in phen) != (len(text.split()) > 35):
            chk.fail(f"{rid}: 'long' tag disagrees with the length ({len(text.split())} words)")
        if r.get("language") != "en":
            chk.fail(f"{rid}: language is not en")
        if none:
            if r.get("source") != [] or r.get("target") != "":
                chk.fail(f"{rid}: a no-event record must have source [] and target \"\"")
            kind = str(r.get("why", "")).split(":")[0]
            if kind not in NONE_KINDS:
                chk.fail(f"{rid}: 'why' does not start with a known kind")
            continue
        src, tar = r.get("source"), r.get("target")
        if not isinstance(src, list) or not src:
            chk.fail(f"{rid}: source must be a non-empty list")
            src = []
        if not (tar == "" or isinstance(tar, list) and tar):
            chk.fail(f"{rid}: target must be a non-empty list or \"\"")
            tar = []
        tar = tar or []
        for i, a in enumerate(src + tar):
            for f in ACTOR_FIELDS:
                if f not in a:
                    chk.fail(f"{rid}: actor {i} misses {f}")
            if not CODE.match(str(a.get("code", ""))):
                chk.fail(f"{rid}: actor code {a.get('code')!r} is not three capitals")
            check_span(chk, rid, tb, a, "actorText", "start", "end", f"actor {a.get('actorText')!r}")
        check_span(chk, rid, tb, r, "eventText", "eventStart", "eventEnd", "trigger")
        if "speaker" in r:
            check_span(chk, rid, tb, r["speaker"], "actorText", "start", "end", "speaker")
            if "reported_speech" not in phen:
                chk.fail(f"{rid}: a speaker but no reported_speech tag")
        if "compound_source" in phen and len(src) < 2:
            chk.fail(f"{rid}: compound_source with one source")
        if "compound_target" in phen and len(tar) < 2:
            chk.fail(f"{rid}: compound_target with fewer than two targets")
        markup = r.get("textInfo", {}).get("markup", "")
        if "(EVT: " not in markup:
            chk.fail(f"{rid}: markup has no (EVT: ...)")
    return records


def check_quotas(chk, records):
    events = [r for r in records if r.get("event") != "NONE"]
    c = Counter(p for r in events for p in r.get("phenomena", []))
    for p, q in QUOTAS.items():
        if c[p] < q:
            chk.fail(f"phenomenon {p}: {c[p]} records, quota {q}")
    comp = sum(1 for r in events if {"compound_source", "compound_target"} & set(r.get("phenomena", [])))
    if comp < QUOTA_COMPOUND:
        chk.fail(f"compound_source or compound_target: {comp} records, quota {QUOTA_COMPOUND}")
    sns = sum(1 for r in events if "speaker" in r)
    if sns < QUOTA_SPEAKER_NOT_SOURCE:
        chk.fail(f"reported speech with a speaker who is not the source: {sns}, quota {QUOTA_SPEAKER_NOT_SOURCE}")


def check_overlaps(chk, records, shared):
    blind = {}
    for r in records:
        for g in sorted(grams(r.get("text", ""))):
            if g in blind and blind[g] != r["id"]:
                chk.fail(f"{r['id']} shares 5 words with {blind[g]}: \"{g}\"")
            blind.setdefault(g, r["id"])
    others, loaded = set(), []
    for label, path, kind in other_sources(shared):
        texts = load_json_texts(path) if kind == "json" else [path.read_text(encoding="utf-8", errors="replace")]
        n = 0
        for t in texts:
            for s in sentences(t):
                others |= grams(s)
                n += 1
        loaded.append((label, n))
    for label, n in loaded:
        print(f"compared with {label}: {n} sentences")
        if n == 0:
            chk.fail(f"{label}: no sentence read (format not understood?)")
    for r in records:
        for g in sorted(grams(r.get("text", "")) & others):
            chk.fail(f"{r['id']} overlaps another set: \"{g}\"")


def print_stats(records, path):
    events = [r for r in records if r.get("event") != "NONE"]
    nones = [r for r in records if r.get("event") == "NONE"]
    print(f"\nset: {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")
    print(f"sha256: {hashlib.sha256(path.read_bytes()).hexdigest()}")
    print(f"records: {len(records)} ({len(events)} events, {len(nones)} no-event)")
    print("\nper type:")
    c = Counter(r["event"] for r in records)
    for t in TYPES + ["NONE"]:
        print(f"  {t:<10} {c.get(t, 0)}")
    print("\nper phenomenon (event records; quota in brackets):")
    pc = Counter(p for r in events for p in r.get("phenomena", []))
    for p in PHENOMENA:
        q = f" [{QUOTAS[p]}]" if p in QUOTAS else ""
        print(f"  {p:<16} {pc.get(p, 0)}{q}")
    comp = sum(1 for r in events if {"compound_source", "compound_target"} & set(r["phenomena"]))
    print(f"  {'compound (either)':<16} {comp} [{QUOTA_COMPOUND}]")
    print(f"  {'speaker not source':<16} {sum(1 for r in events if 'speaker' in r)} [{QUOTA_SPEAKER_NOT_SOURCE}]"
          " (reported_speech records with a 'speaker' span)")
    recip = sum(1 for r in events if r["target"] == "" and len(r["source"]) >= 2
                and "(SRC/TAR: " in r["textInfo"]["markup"])
    print(f"\nreciprocal records: {recip}; records with target \"\": "
          f"{sum(1 for r in events if r['target'] == '')}")
    codes = Counter(a["code"] for r in events for a in r["source"] + (r["target"] or []))
    print(f"actor mentions: {sum(codes.values())}; IGO {codes['IGO']}, NGO {codes['NGO']}, "
          f"distinct codes {len(codes)}")
    print("\nno-event records per kind:")
    kc = Counter(str(r.get("why", "")).split(":")[0] for r in nones)
    for k in NONE_KINDS:
        print(f"  {k:<12} {kc.get(k, 0)}")
    lens = [len(r["text"].split()) for r in records]
    elens = [len(r["text"].split()) for r in events]
    print(f"\nwords per sentence: mean {statistics.mean(lens):.1f} (events {statistics.mean(elens):.1f}), "
          f"median {statistics.median(lens)}, min {min(lens)}, max {max(lens)}; "
          f"20-40 words: {sum(1 for n in lens if 20 <= n <= 40)} of {len(lens)}")
    dates = sorted(r["date"] for r in records)
    print(f"dates: {dates[0]} to {dates[-1]}")


def run(description, default_set, overlaps=None, extra_checks=()):
    """The command line of a set check: reads the set, checks its records, quotas, `extra_checks`
    and overlaps (`overlaps(chk, records, shared)`, this script's `check_overlaps` by default)."""
    ap = argparse.ArgumentParser(description=description)
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--set", type=Path, default=default_set)
    ap.add_argument("--stats", action="store_true")
    args = ap.parse_args()
    chk = Checker()
    try:
        data = json.loads(args.set.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as e:
        print(f"FAIL: cannot read {args.set}: {e}")
        return 1
    records = check_records(chk, data)
    check_quotas(chk, records)
    for check in extra_checks:
        check(chk, records)
    (overlaps or check_overlaps)(chk, records, args.shared.resolve())
    if args.stats and records:
        print_stats(records, args.set.resolve())
    if chk.errors:
        print(f"\n{chk.errors} failure(s)")
        return 1
    print("\nok: no overlap, spans and counts as required")
    return 0


def main():
    return run(__doc__.split("\n")[0], ROOT / "eval/blind3/news_2026.json")


if __name__ == "__main__":
    sys.exit(main())
