#!/usr/bin/env python3
"""Checks the development set eval/dev3/news_dev3.json.

Fails (exit status 1) when
  * a dev3 sentence shares 5 consecutive words with a sentence of eval/blind3/news_2026.json,
    eval/blind3/quoted.txt, eval/dev2/*.json, eval/heldout/*.json and *.txt, eval/heldout2/*.json and
    *.txt, examples/ (.txt, and the "text" of .json / .jsonl documents) or the PLOVER GSR dev file
    in the shared directory (skipped, with a note, when absent);
  * two dev3 records share 5 consecutive words;
  * a record misses a field, an actor / speaker / trigger span does not slice its text (UTF-8 byte
    offsets, end exclusive), or a phenomenon tag is unknown or inconsistent;
  * the counts are off: 15 records for each of the 16 PLOVER types, 30 no-event records;
  * a phenomenon is below its quota (the dev3 brief's quotas, QUOTAS below).

Overlaps are reported as the dev3 record id and the shared 5 words only, never the other set's
sentence. Words, sentence splitting and the record checks are those of
scripts/check_blind_overlap.py (imported, with this set's counts and quotas), so both sets are
checked the same way.

Usage:
    python3 scripts/check_dev3_overlap.py [--shared DIR] [--set FILE] [--stats]

--shared  the shared data directory (default: ../shared next to the repository root; for a
          worktree at /work/wt-x that is /work/shared).
--set     the set to check (default: eval/dev3/news_dev3.json).
--stats   also print counts per type, per phenomenon and per no-event kind, lengths, dates,
          verbs repeated within a type, and the SHA-256 of the set.
Standard library only.
"""
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import check_blind_overlap as cbo  # noqa: E402  (shared helpers: words, spans, record checks)

ROOT = cbo.ROOT
PER_TYPE, NO_EVENT = 15, 30
QUOTAS = {"passive": 45, "reported_speech": 50, "nominal": 50, "relative_clause": 20, "control": 20,
          "metonym": 20, "role_noun": 30, "person": 45, "secondary_event": 30, "location": 20}
QUOTA_COMPOUND = 30
QUOTA_SPEAKER_NOT_SOURCE = 20
MAX_TRIGGER_PER_TYPE = 2
OTHER_SETS = [("eval/blind3/news_2026.json", "json"), ("eval/blind3/quoted.txt", "txt"),
              ("eval/dev2/*.json", "json"), ("eval/heldout/*.json", "json"), ("eval/heldout/*.txt", "txt"),
              ("eval/heldout2/*.json", "json"), ("eval/heldout2/*.txt", "txt"), ("examples/*.txt", "txt"),
              ("examples/*.json", "json"), ("examples/*.jsonl", "json")]


def use_dev3_counts():
    """The record and quota checks of check_blind_overlap read these module constants."""
    cbo.PER_TYPE, cbo.NO_EVENT = PER_TYPE, NO_EVENT
    cbo.QUOTAS = QUOTAS
    cbo.QUOTA_COMPOUND = QUOTA_COMPOUND
    cbo.QUOTA_SPEAKER_NOT_SOURCE = QUOTA_SPEAKER_NOT_SOURCE


def other_files(shared):
    out = []
    for pattern, kind in OTHER_SETS:
        found = sorted(ROOT.glob(pattern))
        if not found:
            print(f"note: nothing matches {pattern}; not compared")
        out += [(str(p.relative_to(ROOT)), p, kind) for p in found]
    gsr = shared / "eval/plover-gsr/plover_gsr_dev.json"
    if gsr.exists():
        out.append((str(gsr), gsr, "json"))
    else:
        print(f"note: {gsr} is absent; the PLOVER GSR dev set is skipped")
    return out


def check_overlaps(chk, records, shared):
    own = {}
    for r in records:
        for g in sorted(cbo.grams(r.get("text", ""))):
            if g in own and own[g] != r["id"]:
                chk.fail(f"{r['id']} shares 5 words with {own[g]}: \"{g}\"")
            own.setdefault(g, r["id"])
    others = set()
    for label, path, kind in other_files(shared):
        texts = cbo.load_json_texts(path) if kind == "json" else [path.read_text(encoding="utf-8", errors="replace")]
        n = 0
        for t in texts:
            for s in cbo.sentences(t):
                others |= cbo.grams(s)
                n += 1
        print(f"compared with {label}: {n} sentences")
        if n == 0:
            chk.fail(f"{label}: no sentence read (format not understood?)")
    for r in records:
        for g in sorted(cbo.grams(r.get("text", "")) & others):
            chk.fail(f"{r['id']} overlaps another set: \"{g}\"")


def check_triggers(chk, records):
    """Within a type, no event verb or noun used more than twice (compared lowercased)."""
    c = Counter((r["event"], r.get("eventText", "").lower()) for r in records if r.get("event") != "NONE")
    for (t, trig), n in sorted(c.items()):
        if n > MAX_TRIGGER_PER_TYPE:
            chk.fail(f"{t}: trigger {trig!r} used {n} times (at most {MAX_TRIGGER_PER_TYPE})")


def main():
    use_dev3_counts()
    return cbo.run(__doc__.split("\n")[0], ROOT / "eval/dev3/news_dev3.json", overlaps=check_overlaps, extra_checks=[check_triggers])


if __name__ == "__main__":
    sys.exit(main())
