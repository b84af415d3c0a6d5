#!/usr/bin/env python3
"""Builds eval/blind3/news_2026.json from the hand-written markup files beside this script.

This is an authoring aid only: the frozen gold set is news_2026.json. Do not rebuild it after the
first evaluation run (see eval/blind3/README.md).

Source format (one record a line, `## TYPE` starts a section, `#` lines are comments):

    DATE | TAGS | MARKUP | COMMENT          (event records)
    DATE | KIND | TEXT | WHY                (## NONE section)

Markup: [S:CODE text] source, [T:CODE text] target, [R:CODE text] reciprocal party (listed under
source, target ""), [E text] trigger, [SP:CODE text] a speaker who is NOT the event's source
(recorded in the "speaker" field only). TAGS are short names (see TAGS below); `long` and
`dateline_style` are computed, not written.

Usage: python3 eval/blind3/authoring/build.py [--check-only]
"""
import datetime
import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE.parent / "news_2026.json"
SOURCES = sorted(HERE.glob("*.txt"))

TYPES = ["AGREE", "CONSULT", "SUPPORT", "COOPERATE", "AID", "CONCEDE", "RETREAT", "ACCUSE",
         "REQUEST", "REJECT", "THREATEN", "PROTEST", "MOBILIZE", "SANCTION", "COERCE", "ASSAULT"]
TAGS = {
    "pas": "passive", "rs": "reported_speech", "nom": "nominal", "cs": "compound_source",
    "ct": "compound_target", "rel": "relative_clause", "ctl": "control", "met": "metonym",
    "role": "role_noun", "per": "person", "sec": "secondary_event", "neg": "negation_trap",
    "loc": "location",
}
ORDER = ["passive", "reported_speech", "nominal", "compound_source", "compound_target",
         "relative_clause", "control", "metonym", "role_noun", "person", "secondary_event",
         "negation_trap", "location", "long", "dateline_style"]
NONE_KINDS = ["negation", "hypothetical", "question", "opinion", "sports", "business",
              "speculation", "history", "statistics", "disaster", "obituary"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
MARK = re.compile(r"\[(SP|S|T|R|E)(?::([A-Z]{3}))? ([^\[\]]+)\]")
DATELINE = re.compile(r"(said|reported|announced)( in a (joint )?statement)? on (%s)\.$" % "|".join(WEEKDAYS))

# Office holders whose title depends on the date: (text, first day, last day), inclusive.
OFFICES = [
    ("President Donald Trump", "2025-01-20", None), ("U.S. president", "2025-01-20", None),
    ("president-elect", "2024-11-06", "2025-01-19"), ("President Joe Biden", None, "2025-01-20"),
    ("Biden administration", None, "2025-01-20"), ("Blinken", None, "2025-01-20"),
    ("Rubio", "2025-01-21", None), ("Vance", "2025-01-20", None), ("Kamala Harris", None, "2025-01-20"),
    ("Witkoff", "2025-01-20", None), ("Tom Barrack", "2025-05-23", None),
    ("Starmer", "2024-07-05", None), ("Lammy", "2024-07-05", "2025-09-05"),
    ("Merz", "2025-05-06", None), ("Scholz", None, "2025-05-06"), ("Carney", "2025-03-14", None),
    ("Lee Jae-myung", "2025-06-04", None), ("Sheinbaum", "2024-10-01", None),
    ("Yoon", None, "2024-12-14"), ("Araqchi", "2024-08-21", None), ("Rutte", "2024-10-01", None),
    ("Kallas", "2024-12-01", None), ("António Costa", "2024-12-01", None),
    ("Sybiha", "2024-09-05", None), ("Belousov", "2024-05-14", None), ("al-Sharaa", "2024-12-08", None),
    ("interim president", "2024-12-08", None), ("Kishida", None, "2024-10-01"),
    ("Kamikawa", None, "2024-10-01"), ("Takaichi", "2025-10-21", None),
    ("Lecornu", "2025-09-09", None), ("Naim Qassem", "2024-10-29", None),
    ("Nasrallah", None, "2024-09-28"), ("Shehbaz Sharif", "2024-03-04", None),
    ("Lai Ching-te", "2024-05-20", None), ("Maduro", None, "2026-01-02"), ("Petro", None, "2026-08-06"),
    ("Karim Khan", None, "2025-05-15"), ("Sinwar", "2024-08-06", None), ("Hasina", None, "2024-08-05"),
    ("Oli", "2024-07-15", "2025-09-09"), ("al-Shaibani", "2024-12-21", None),
    ("Rasool", "2025-01-13", None), ("Pope Francis", None, "2025-04-21"),
    ("Yoav Gallant", None, None), ("Dermer", None, "2025-11-30"),
]

DAY0, DAY1 = datetime.date(2024, 1, 1), datetime.date(2026, 11, 30)


def fail(msg):
    print("ERROR:", msg)
    global ERRORS
    ERRORS += 1


ERRORS = 0


def parse_markup(markup, where):
    """Returns (text, marks) where marks are (kind, code, text, start, end) in UTF-8 byte offsets."""
    out, marks, pos, nbytes = [], [], 0, 0
    for m in MARK.finditer(markup):
        plain = markup[pos:m.start()]
        if "[" in plain or "]" in plain:
            fail(f"{where}: stray bracket in {plain!r}")
        out.append(plain)
        nbytes += len(plain.encode())
        kind, code, span = m.group(1), m.group(2), m.group(3)
        if kind == "E" and code:
            fail(f"{where}: trigger with a code")
        if kind != "E" and not code:
            fail(f"{where}: actor without a code: {span!r}")
        if span != span.strip():
            fail(f"{where}: span with spaces at its edge: {span!r}")
        b = len(span.encode())
        marks.append((kind, code, span, nbytes, nbytes + b))
        out.append(span)
        nbytes += b
        pos = m.end()
    tail = markup[pos:]
    if "[" in tail or "]" in tail:
        fail(f"{where}: stray bracket in {tail!r}")
    out.append(tail)
    return "".join(out), marks


def out_markup(markup):
    def rep(m):
        kind, span = m.group(1), m.group(3)
        if kind == "SP":
            return span
        return "(%s: %s)" % ({"S": "SRC", "T": "TAR", "R": "SRC/TAR", "E": "EVT"}[kind], span)
    return MARK.sub(rep, markup)


def check_date(date, text, where):
    try:
        d = datetime.date.fromisoformat(date)
    except ValueError:
        fail(f"{where}: bad date {date}")
        return
    if not DAY0 <= d <= DAY1:
        fail(f"{where}: date {date} outside 2024-01..2026-11")
    days = [w for w in re.findall(r"\b(?:on|late on|early on) (%s)\b" % "|".join(WEEKDAYS), text)]
    if days and days[-1] != WEEKDAYS[d.weekday()]:
        fail(f"{where}: text says {days[-1]} but {date} is a {WEEKDAYS[d.weekday()]}")
    current = re.sub(r"\b(former|then-)\s*[A-Z]?[\w.]* ?[\w.]* ?", "", text)
    for name, first, last in OFFICES:
        if name in current:
            if first and date < first or last and date > last:
                fail(f"{where}: {name!r} on {date} is outside {first}..{last}")


def main():
    records, counts = [], {}
    for path in SOURCES:
        section = None
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            where = f"{path.name}:{n}"
            if not line.strip() or (line.startswith("#") and not line.startswith("## ")):
                continue
            if line.startswith("## "):
                section = line[3:].strip()
                if section not in TYPES and section != "NONE":
                    fail(f"{where}: unknown section {section}")
                continue
            parts = [p.strip() for p in line.split(" | ")]
            if len(parts) != 4:
                fail(f"{where}: expected 4 fields, got {len(parts)}")
                continue
            date, tags, markup, comment = parts
            counts[section] = counts.get(section, 0) + 1
            rid = "DYAD-BLIND3-%s-%04d" % (section, counts[section])
            if section == "NONE":
                if tags not in NONE_KINDS:
                    fail(f"{where}: unknown no-event kind {tags}")
                if MARK.search(markup):
                    fail(f"{where}: markup in a no-event sentence")
                check_date(date, markup, where)
                phen = ["long"] if len(markup.split()) > 35 else []
                records.append({"id": rid, "date": date, "source": [], "target": "", "event": "NONE",
                                "text": markup, "textInfo": {"markup": markup}, "phenomena": phen,
                                "language": "en", "why": f"{tags}: {comment}"})
                continue
            text, marks = parse_markup(markup, where)
            check_date(date, text, where)
            tb = text.encode()
            for kind, code, span, s, e in marks:
                if tb[s:e].decode() != span:
                    fail(f"{where}: offset bug")
            kinds = [k for k, *_ in marks]
            if kinds.count("E") != 1:
                fail(f"{where}: {kinds.count('E')} triggers")
            if "R" in kinds and ("S" in kinds or "T" in kinds):
                fail(f"{where}: reciprocal mixed with S/T")
            if not any(k in ("S", "R") for k in kinds):
                fail(f"{where}: no source")
            if kinds.count("R") == 1:
                fail(f"{where}: one reciprocal party")
            if kinds.count("SP") > 1:
                fail(f"{where}: more than one speaker")
            actor = lambda k: [{"actorText": sp, "code": c, "start": s, "end": e}
                               for kk, c, sp, s, e in marks if kk in k]
            source = actor(("S", "R"))
            target = actor(("T",)) or ""
            ev = [m for m in marks if m[0] == "E"][0]
            phen = set()
            for t in [t for t in tags.split(",") if t]:
                if t not in TAGS:
                    fail(f"{where}: unknown tag {t}")
                else:
                    phen.add(TAGS[t])
            if len(text.split()) > 35:
                phen.add("long")
            if DATELINE.search(text):
                phen.add("dateline_style")
            if "compound_source" in phen and len(source) < 2:
                fail(f"{where}: compound_source with one source")
            if "compound_target" in phen and len(target) < 2:
                fail(f"{where}: compound_target with fewer than two targets")
            if len(target) >= 2 and "compound_target" not in phen:
                fail(f"{where}: several targets but no compound_target tag")
            if "SP" in kinds and "reported_speech" not in phen:
                fail(f"{where}: speaker without reported_speech")
            rec = {"id": rid, "date": date, "source": source, "target": target, "event": section,
                   "eventText": ev[2], "eventStart": ev[3], "eventEnd": ev[4], "text": text,
                   "textInfo": {"markup": out_markup(markup)},
                   "phenomena": [p for p in ORDER if p in phen]}
            sp = actor(("SP",))
            if sp:
                rec["speaker"] = sp[0]
            rec["language"] = "en"
            rec["comment"] = comment
            records.append(rec)
    for t in TYPES:
        if counts.get(t, 0) != 20:
            fail(f"{t}: {counts.get(t, 0)} records, want 20")
    if counts.get("NONE", 0) != 40:
        fail(f"NONE: {counts.get('NONE', 0)} records, want 40")
    header = {
        "id": "DYAD-BLIND3-DOCUMENT", "event": "DOCUMENT",
        "description": ("eval/blind3: a blind held-out gold set for dyad's event coder. 320 English "
                        "wire-style sentences about events of 2024-01 to 2026-11, 20 for each of the 16 "
                        "PLOVER 2.0 types, with actor, speaker and trigger spans as UTF-8 byte offsets and "
                        "phenomenon tags, plus 40 sentences that carry no event. Written by someone who "
                        "had not read dyad's code, data or other evaluation sets and did not run dyad."),
        "author": "a dyad developer, blind to the coder",
        "version": "1.0",
        "dateCoded": "2026-12-07",
        "licence": "MIT OR Apache-2.0",
        "rule": "do not edit after the first evaluation run; errata go in a separate file",
    }
    if ERRORS:
        print(f"{ERRORS} error(s); {OUT.name} not written")
        return 1
    if "--check-only" in sys.argv:
        print("ok, not written (--check-only)")
        return 0
    lines = [json.dumps(header, ensure_ascii=False)] + [json.dumps(r, ensure_ascii=False) for r in records]
    OUT.write_text("[\n" + ",\n".join(lines) + "\n]\n", encoding="utf-8")
    print(f"wrote {OUT} ({len(records)} records)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
