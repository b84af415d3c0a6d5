#!/usr/bin/env python3
"""Checks the development set eval/dev4/news_dev4.json.

Fails (exit status 1) when
  * a dev4 sentence shares 5 consecutive words with a sentence of eval/dev3/news_dev3.json,
    eval/blind3/news_2026.json, eval/blind3/quoted.txt, eval/dev2/*.json, eval/heldout/*.json and
    *.txt, eval/heldout2/*.json and *.txt, examples/ (.txt, and the "text" of .json / .jsonl
    documents) or the PLOVER GSR dev file in the shared directory (skipped, with a note, when absent);
  * two dev4 records share 5 consecutive words;
  * a record misses a field, an actor / speaker / trigger span does not slice its text (UTF-8 byte
    offsets, end exclusive), or a phenomenon tag is unknown or inconsistent;
  * the counts are off: 20 records for each of the 16 PLOVER types, 40 no-event records;
  * a phenomenon is below its quota (the dev4 brief's quotas, QUOTAS below), or there are too few
    long sentences, reciprocal records or records whose trigger is not near the start (QUOTA_LONG,
    QUOTA_RECIPROCAL, QUOTA_LATE_TRIGGER);
  * a sentence has fewer than 20 or more than 40 words;
  * within a type, one trigger (compared lowercased) is used more than twice.

Overlaps are reported as the dev4 record id and the shared 5 words only, never the other set's
sentence. Words, sentence splitting and the record checks are those of
scripts/check_blind_overlap.py (imported, with this set's counts and quotas); the overlap and
trigger checks are those of scripts/check_dev3_overlap.py (imported, with eval/dev3 added to the
sets compared), so all three sets are checked the same way.

Usage:
    python3 scripts/check_dev4_overlap.py [--shared DIR] [--set FILE] [--stats]

--shared  the shared data directory (default: ../shared next to the repository root; for a
          worktree at /work/wt-x that is /work/shared).
--set     the set to check (default: eval/dev4/news_dev4.json).
--stats   also print counts per type, per phenomenon and per no-event kind, lengths, dates,
          the dev4 stresses (long sentences, late triggers, nominal triggers), and the SHA-256 of the set.
Standard library only.
"""
import statistics
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import check_blind_overlap as cbo  # noqa: E402  (shared helpers: words, spans, record checks)
import check_dev3_overlap as cd3  # noqa: E402  (overlap and trigger checks)

ROOT = cbo.ROOT
PER_TYPE, NO_EVENT = 20, 40
QUOTAS = {"passive": 60, "reported_speech": 70, "nominal": 70, "relative_clause": 30, "control": 25,
          "metonym": 40, "role_noun": 40, "person": 60, "secondary_event": 60, "location": 30}
QUOTA_COMPOUND = 40
QUOTA_SPEAKER_NOT_SOURCE = 35
QUOTA_LONG = 60            # event records over 35 words (dev3 had 3)
QUOTA_RECIPROCAL = 30      # records with (SRC/TAR: ...) parties and target ""
QUOTA_LATE_TRIGGER = 120   # event records whose trigger starts after the 8th word
MIN_WORDS, MAX_WORDS = 20, 40
# dev4 is compared with everything dev3 was compared with, and with dev3 itself.
OTHER_SETS = [("eval/dev3/news_dev3.json", "json")] + cd3.OTHER_SETS


def use_dev4_counts():
    """The record and quota checks of check_blind_overlap read these module constants."""
    cbo.PER_TYPE, cbo.NO_EVENT = PER_TYPE, NO_EVENT
    cbo.QUOTAS = QUOTAS
    cbo.QUOTA_COMPOUND = QUOTA_COMPOUND
    cbo.QUOTA_SPEAKER_NOT_SOURCE = QUOTA_SPEAKER_NOT_SOURCE
    cd3.OTHER_SETS = OTHER_SETS


def trigger_word_index(r):
    """The index (0-based, whitespace words) of the word the trigger starts in."""
    tb = r["text"].encode("utf-8")
    return len(tb[:r["eventStart"]].decode("utf-8").split())


def is_reciprocal(r):
    return r["target"] == "" and len(r["source"]) >= 2 and "(SRC/TAR: " in r["textInfo"]["markup"]


def check_dev4(chk, records):
    events = [r for r in records if r.get("event") != "NONE"]
    for r in records:
        n = len(r.get("text", "").split())
        if not MIN_WORDS <= n <= MAX_WORDS:
            chk.fail(f"{r.get('id')}: {n} words, want {MIN_WORDS}-{MAX_WORDS}")
    try:
        long_ = sum(1 for r in events if "long" in r.get("phenomena", []))
        recip = sum(1 for r in events if is_reciprocal(r))
        late = sum(1 for r in events if trigger_word_index(r) >= 8)
    except (KeyError, TypeError, UnicodeDecodeError):
        chk.fail("cannot compute the dev4 quotas (malformed records)")
        return
    if long_ < QUOTA_LONG:
        chk.fail(f"long records: {long_}, quota {QUOTA_LONG}")
    if recip < QUOTA_RECIPROCAL:
        chk.fail(f"reciprocal records: {recip}, quota {QUOTA_RECIPROCAL}")
    if late < QUOTA_LATE_TRIGGER:
        chk.fail(f"records with the trigger after the 8th word: {late}, quota {QUOTA_LATE_TRIGGER}")


def print_dev4_stats(records):
    events = [r for r in records if r.get("event") != "NONE"]
    lens = [len(r["text"].split()) for r in records]
    idx = [trigger_word_index(r) for r in events]
    print("\ndev4 stresses (event records):")
    print(f"  30-40 words: {sum(1 for r in events if len(r['text'].split()) >= 30)} of {len(events)}; "
          f"over 35 (long): {sum(1 for r in events if 'long' in r['phenomena'])} [{QUOTA_LONG}]; "
          f"all records 30-40 words: {sum(1 for n in lens if n >= 30)} of {len(records)}")
    print(f"  trigger word index: mean {statistics.mean(idx):.1f}, median {statistics.median(idx)}; "
          f"after the 8th word: {sum(1 for i in idx if i >= 8)} [{QUOTA_LATE_TRIGGER}]; "
          f"first word of the sentence: {sum(1 for i in idx if i == 0)}")
    print(f"  reciprocal records: {sum(1 for r in events if is_reciprocal(r))} [{QUOTA_RECIPROCAL}]")
    print(f"  speaker codes differing from every source code: "
          f"{sum(1 for r in events if 'speaker' in r and r['speaker']['code'] not in {a['code'] for a in r['source']})}")
    trig = Counter((r["event"], r["eventText"].lower()) for r in events)
    print(f"  distinct (type, trigger) pairs: {len(trig)}; used twice: {sum(1 for n in trig.values() if n == 2)}")


def main():
    use_dev4_counts()
    extra = [cd3.check_triggers, check_dev4]
    if "--stats" in sys.argv:
        # print the dev4 stresses after the shared --stats output
        orig = cbo.print_stats

        def stats(records, path):
            orig(records, path)
            print_dev4_stats(records)
        cbo.print_stats = stats
    return cbo.run(__doc__.split("\n")[0], ROOT / "eval/dev4/news_dev4.json",
                   overlaps=cd3.check_overlaps, extra_checks=extra)


if __name__ == "__main__":
    sys.exit(main())
