#!/usr/bin/env python3
"""Builds eval/dev4/news_dev4.json from the hand-written markup in eval/dev4/authoring/*.txt.

Adapted from eval/dev3/authoring/build.py: the same markup, tags and checks, a longer OFFICE table,
more capitals in METONYMS, a few more role nouns in ROLE, and a 20-40 word check.

Authoring lines (blank lines and lines starting with # are skipped), fields separated by " | ":

    TYPE | YYYY-MM-DD | tags | text with markup | comment
    NONE | YYYY-MM-DD | kind: reason | plain text

Markup inside the text:
    {S:RUS|Russia}            a source actor       -> (SRC: Russia)
    {T:UKR|Ukraine}           a target actor       -> (TAR: Ukraine)
    {R:ARM|Armenia}           a reciprocal party   -> (SRC/TAR: Armenia), listed under source
    {E|fired}                 the trigger          -> (EVT: fired)
    {P:UKR|Ukraine's air force}  the speaker of reported speech when it is not the source
                              (a "speaker" span; plain text in the markup)

Tags (comma-separated short forms): pas passive, rs reported_speech, nom nominal, rel relative_clause,
ctl control, per person, sec secondary_event, neg negation_trap,
loc location. role_noun and metonym are computed from the actor and speaker spans (ROLE, METONYMS below);
compound_source / compound_target are computed (two or more source / target spans
joined only by commas, "and" or "or"); long (over 35 words) and dateline_style (text ending
"said/reported/announced (in a statement) on <weekday>.") are computed; reported_speech is added
when a speaker span is present.

Checks while building: a weekday named in the text is the weekday of the date; named office
holders held the office on the date (the table OFFICE below); the date is within 2024-01..2026-11;
a sentence has 20 to 40 words.
Standard library only. Run from anywhere: python3 eval/dev4/authoring/build.py
"""
import datetime as dt
import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE.parent / "news_dev4.json"
FILES = ["events1.txt", "events2.txt", "events3.txt", "events4.txt", "none.txt"]
TAGS = {"pas": "passive", "rs": "reported_speech", "nom": "nominal", "rel": "relative_clause",
        "ctl": "control", "per": "person", "sec": "secondary_event", "neg": "negation_trap",
        "loc": "location"}
# role_noun: an actor span headed by (or titled with) a role or office noun ("Israeli troops",
# "Russia's defence attache", "French President Emmanuel Macron"); weapons ("Israeli drones") are not.
ROLE = re.compile(r"\b(?:president|minister|prime|chancellor|chief|envoy|secretary|leader|leaders|"
                  r"spokes\w*|commander|general|head|adviser|commissioner|justice|prosecutors|police|"
                  r"investigators|agents|council|ambassador|attache|officials|authorities|junta|"
                  r"government|administration|delegation|negotiators|troops|forces|soldiers|units|"
                  r"fighters|rebels|protesters|demonstrators|doctors|unions|federation|workers|"
                  r"refiners|crowds|supporters|farmers|gunmen|board|ministers|commandos|"
                  r"peacekeepers|inspectors|military|army|guards|division|treasury|parliament|"
                  r"duma|knesset|summit|ministry|drivers|coast guards|coast guard|navy|king|emir|prince|court|"
                  r"judges|lawmakers|legislators|senators|militants|militiamen|insurgents|students|"
                  r"teachers|nurses|miners|officers|diplomats|cabinet|senate|congress|regulators|"
                  r"customs|negotiator|agency|mission|prosecutor|spokesman|spokeswoman|staff|"
                  r"marines|sailors|airmen|paratroopers|residents|activists|monitors|observers)\b", re.I)
# metonym: a capital or seat of power standing for its government, as an actor or as the speaker.
METONYMS = {"Beijing", "Washington", "Moscow", "The Kremlin", "the Kremlin", "Tehran", "Paris",
            "Caracas", "Minsk", "Kyiv", "Manila", "New Delhi", "Ottawa", "Rabat", "Yerevan",
            "Budapest", "Brussels", "London", "Berlin", "Islamabad", "Tokyo", "Cairo", "Addis Ababa",
            "Taipei", "Belgrade", "the Pentagon", "Ankara", "the White House", "Downing Street",
            "Seoul", "Pyongyang", "Riyadh", "Doha", "Canberra", "Warsaw", "Baku", "Kinshasa", "Kigali",
            "Abuja", "Nairobi", "Havana", "Bogota", "Hanoi", "Dhaka", "Kabul", "Baghdad", "Damascus",
            "Beirut", "Vilnius", "Tallinn", "Riga", "Bratislava", "Tbilisi", "Pretoria", "Brasilia",
            "Mexico City", "Wellington", "Bamako", "Niamey", "Ouagadougou", "Khartoum", "Port Sudan",
            "Tripoli", "Algiers", "Amman", "Muscat", "Abu Dhabi", "Stockholm", "Helsinki", "Oslo",
            "Copenhagen", "Rome", "Madrid", "Vienna", "Prague", "Bucharest", "Chisinau", "Sofia",
            "Athens", "Dublin", "Jakarta", "Kuala Lumpur", "Bangkok", "Phnom Penh", "Naypyitaw",
            "Colombo", "Kathmandu", "Pristina", "Sarajevo", "Islamabad", "Caracas", "Jerusalem",
            "the Elysee", "the Élysée", "Whitehall", "the Quai d'Orsay", "Foggy Bottom", "Zagreb",
            "Ljubljana", "Podgorica", "Skopje", "Tirana", "Asmara", "Mogadishu", "Juba", "Kampala",
            "Dodoma", "Lusaka", "Harare", "Maputo", "Luanda", "Dakar", "Accra", "Lome", "Rabat",
            "Tunis", "Sanaa", "Aden", "Manama", "Kuwait City", "Astana", "Tashkent", "Bishkek",
            "Dushanbe", "Ashgabat", "Ulaanbaatar", "Lima", "Quito", "La Paz", "Santiago",
            "Buenos Aires", "Montevideo", "Asuncion", "Managua", "Tegucigalpa", "Guatemala City",
            "San Salvador", "Panama City", "Santo Domingo", "Port-au-Prince", "Kingston",
            "Singapore", "Canberra", "Nuuk"}
ORDER = ["passive", "reported_speech", "nominal", "compound_source", "compound_target",
         "relative_clause", "control", "metonym", "role_noun", "person", "secondary_event",
         "negation_trap", "location", "long", "dateline_style"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
MARK = re.compile(r"\{([STRP]):([A-Z]{3})\|([^{}|]+)\}|\{E\|([^{}|]+)\}")
JOIN = re.compile(r"^(?:,\s*|\s+and\s+|,\s+and\s+|\s+or\s+|,\s+or\s+)$")
DATELINE = re.compile(r"\b(?:said|reported|announced)(?: in a statement)? on (?:%s)\.$" % "|".join(WEEKDAYS))
# Office holders named in the texts: (pattern, first day, last day) of the office the text gives them.
OFFICE = [
    (r"President (?:Donald )?Trump|Trump administration|Trump's administration", "2025-01-20", "2026-12-31"),
    (r"President (?:Joe )?Biden|Biden administration", "2024-01-01", "2025-01-20"),
    (r"\bStarmer\b", "2024-07-05", "2026-12-31"), (r"\bSunak\b", "2024-01-01", "2024-07-05"),
    (r"\bMerz\b", "2025-05-06", "2026-12-31"), (r"\bScholz\b", "2024-01-01", "2025-05-06"),
    (r"\bCarney\b", "2025-03-14", "2026-12-31"), (r"\bTrudeau\b", "2024-01-01", "2025-03-14"),
    (r"\bRutte\b", "2024-10-01", "2026-12-31"), (r"\bStoltenberg\b", "2024-01-01", "2024-10-01"),
    (r"\bKallas\b", "2024-12-01", "2026-12-31"), (r"\bBorrell\b", "2024-01-01", "2024-11-30"),
    (r"\bTakaichi\b", "2025-10-21", "2026-12-31"), (r"\bIshiba\b", "2024-10-01", "2025-10-21"),
    (r"\bRubio\b", "2025-01-21", "2026-12-31"), (r"\bBlinken\b", "2024-01-01", "2025-01-20"),
    (r"\bHegseth\b", "2025-01-25", "2026-12-31"), (r"\bSybiha\b", "2024-09-05", "2026-12-31"),
    (r"\bKuleba\b", "2024-01-01", "2024-09-04"), (r"\bPezeshkian\b", "2024-07-28", "2026-12-31"),
    (r"\bAraghchi\b", "2024-08-21", "2026-12-31"), (r"\bPrabowo\b", "2024-10-20", "2026-12-31"),
    (r"\bSheinbaum\b", "2024-10-01", "2026-12-31"), (r"\bLee Jae-myung\b", "2025-06-04", "2026-12-31"),
    (r"\bYunus\b", "2024-08-08", "2026-02-28"), (r"\bIsrael Katz\b", "2024-11-07", "2026-12-31"),
    (r"\bGallant\b", "2024-01-01", "2024-11-05"), (r"\bLammy\b", "2024-07-05", "2025-09-05"),
    (r"\bCosta\b", "2024-12-01", "2026-12-31"), (r"\bSharaa\b", "2024-12-08", "2026-12-31"),
    (r"\bQassem\b", "2024-10-29", "2026-12-31"), (r"\bBelousov\b", "2024-05-14", "2026-12-31"),
    (r"\bLai Ching-te\b", "2024-05-20", "2026-12-31"), (r"\bNawrocki\b", "2025-08-06", "2026-12-31"),
    (r"\bPope Leo\b", "2025-05-08", "2026-12-31"), (r"\bLecornu\b", "2025-09-09", "2026-12-31"),
    (r"\bBayrou\b", "2024-12-13", "2025-09-09"), (r"\bSyrskyi\b", "2024-02-08", "2026-12-31"),
    (r"\bWadephul\b", "2025-05-06", "2026-12-31"), (r"\bBarrot\b", "2024-09-21", "2026-12-31"),
    (r"\bWitkoff\b", "2025-01-20", "2026-12-31"), (r"\bAnutin\b", "2025-09-05", "2026-12-31"),
    (r"\bShehbaz\b", "2024-03-04", "2026-12-31"), (r"\bMaduro\b", "2024-01-01", "2025-12-31"),
    (r"\bOrban\b", "2024-01-01", "2025-12-31"), (r"\bBoric\b", "2024-01-01", "2026-03-10"),
    (r"Prime Minister (?:Sheikh )?Hasina", "2024-01-01", "2024-08-04"), (r"\bHaniyeh\b", "2024-01-01", "2024-07-30"),
    (r"\bSinwar\b", "2024-08-06", "2024-10-15"), (r"\bNasrallah\b", "2024-01-01", "2024-09-26"),
    (r"\bShoigu\b", "2024-01-01", "2024-05-12"), (r"\bPope Francis\b", "2024-01-01", "2025-04-21"),
    (r"\bPaetongtarn\b", "2024-08-16", "2025-06-30"), (r"\bMilei\b", "2024-01-01", "2026-12-31"),
    (r"\bKast\b", "2026-03-11", "2026-12-31"), (r"\bTinubu\b", "2024-01-01", "2026-12-31"),
    # added for dev4
    (r"\bAustin\b", "2024-01-01", "2025-01-20"), (r"\bSullivan\b", "2024-01-01", "2025-01-20"),
    (r"\bSaar\b", "2024-11-05", "2026-12-31"), (r"\bRaisi\b", "2024-01-01", "2024-05-19"),
    (r"\bAmir-Abdollahian\b", "2024-01-01", "2024-05-19"), (r"\bIshaq Dar\b", "2024-03-11", "2026-12-31"),
    (r"\bVance\b", "2025-01-20", "2026-12-31"), (r"\bKellogg\b", "2025-01-20", "2025-12-31"),
    (r"\bNoem\b", "2025-01-25", "2026-12-31"), (r"López Obrador|Lopez Obrador", "2024-01-01", "2024-09-30"),
    (r"\bPetro\b", "2024-01-01", "2026-08-07"), (r"President Yoon|Yoon Suk Yeol", "2024-01-01", "2024-12-14"),
    (r"\bKishida\b", "2024-01-01", "2024-10-01"), (r"\bDissanayake\b", "2024-09-23", "2026-12-31"),
    (r"\bDuda\b", "2024-01-01", "2025-08-06"), (r"\bYvette Cooper\b", "2025-09-05", "2026-12-31"),
    (r"\bBaerbock\b", "2024-01-01", "2025-05-06"), (r"\bUmerov\b", "2024-01-01", "2025-07-17"),
    (r"\bShmyhal\b", "2024-01-01", "2025-07-17"), (r"\bSvyrydenko\b", "2025-07-17", "2026-12-31"),
    (r"\bYermak\b", "2024-01-01", "2025-11-28"), (r"\bAssad\b", "2024-01-01", "2024-12-08"),
    (r"\bShibani\b", "2024-12-21", "2026-12-31"), (r"\bJoseph Aoun\b", "2025-01-09", "2026-12-31"),
    (r"\bNawaf Salam\b", "2025-02-08", "2026-12-31"), (r"\bFletcher\b", "2024-11-18", "2026-12-31"),
    (r"\bJoly\b", "2024-01-01", "2025-05-13"), (r"\bAnita Anand\b", "2025-05-13", "2026-12-31"),
    (r"\bGabbard\b", "2025-02-12", "2026-12-31"), (r"\bOli\b", "2024-07-15", "2025-09-09"),
    (r"\bBelousov\b", "2024-05-14", "2026-12-31"), (r"\bMark Rutte\b", "2024-10-01", "2026-12-31"),
    (r"\bKarim Khan\b", "2024-01-01", "2025-05-15"), (r"\bTusk\b", "2024-01-01", "2026-12-31"),
    (r"\bSikorski\b", "2024-01-01", "2026-12-31"), (r"\bFico\b", "2024-01-01", "2026-12-31"),
    (r"\bBaraa?ck\b", "2025-05-23", "2026-12-31"), (r"\bHemedti\b|\bDagalo\b", "2024-01-01", "2026-12-31"),
    (r"\bMarcos\b", "2024-01-01", "2026-12-31"), (r"\bAnwar\b", "2024-01-01", "2026-12-31"),
]


def parse_line(path, n, line):
    line = line.rstrip()
    if line.endswith(" |"):  # an empty comment field
        line = line[:-2]
    parts = [p.strip() for p in line.split(" | ")]
    where = f"{path.name}:{n}"
    if parts[0] == "NONE":
        if len(parts) != 4:
            sys.exit(f"{where}: a NONE line has 4 fields")
        return {"event": "NONE", "date": parts[1], "why": parts[2], "raw": parts[3], "where": where}
    if len(parts) not in (4, 5):
        sys.exit(f"{where}: an event line has 4 or 5 fields, found {len(parts)}")
    tags = [t.strip() for t in parts[2].split(",") if t.strip()]
    for t in tags:
        if t not in TAGS:
            sys.exit(f"{where}: unknown tag {t!r}")
    return {"event": parts[0], "date": parts[1], "tags": tags, "raw": parts[3],
            "comment": parts[4] if len(parts) == 5 else "", "where": where}


def render(raw, where):
    """Plain text, markup, spans (byte offsets) from the authoring text."""
    text, markup = "", ""
    src, tar, trig, speaker, recip = [], [], None, None, False
    pos = 0
    for m in MARK.finditer(raw):
        plain = raw[pos:m.start()]
        text += plain
        markup += plain
        start = len(text.encode("utf-8"))
        if m.group(4) is not None:
            span = m.group(4)
            text += span
            markup += f"(EVT: {span})"
            if trig:
                sys.exit(f"{where}: two triggers")
            trig = {"eventText": span, "eventStart": start, "eventEnd": len(text.encode("utf-8"))}
        else:
            kind, code, span = m.group(1), m.group(2), m.group(3)
            text += span
            end = len(text.encode("utf-8"))
            actor = {"actorText": span, "code": code, "start": start, "end": end}
            if kind == "S":
                src.append(actor)
                markup += f"(SRC: {span})"
            elif kind == "R":
                src.append(actor)
                recip = True
                markup += f"(SRC/TAR: {span})"
            elif kind == "T":
                tar.append(actor)
                markup += f"(TAR: {span})"
            else:
                if speaker:
                    sys.exit(f"{where}: two speakers")
                speaker = actor
                markup += span
        pos = m.end()
    text += raw[pos:]
    markup += raw[pos:]
    if "{" in text or "}" in text or "|" in text:
        sys.exit(f"{where}: unparsed markup in {text!r}")
    return text, markup, src, tar, trig, speaker, recip


def joined(text, spans):
    tb = text.encode("utf-8")
    if len(spans) < 2:
        return False
    spans = sorted(spans, key=lambda a: a["start"])
    return all(JOIN.match(tb[a["end"]:b["start"]].decode("utf-8")) for a, b in zip(spans, spans[1:]))


def check_date(rec, text):
    where = rec["where"]
    try:
        d = dt.date.fromisoformat(rec["date"])
    except ValueError:
        sys.exit(f"{where}: bad date {rec['date']!r}")
    if not dt.date(2024, 1, 1) <= d <= dt.date(2026, 11, 30):
        sys.exit(f"{where}: date {d} outside 2024-01..2026-11")
    bad = 0
    for w in WEEKDAYS:
        if re.search(rf"\b{w}\b", text) and WEEKDAYS[d.weekday()] != w:
            near = min((d + dt.timedelta(days=k) for k in range(-3, 4)
                        if (d + dt.timedelta(days=k)).weekday() == WEEKDAYS.index(w)),
                       key=lambda x: abs((x - d).days))
            print(f"{where}: {d} is a {WEEKDAYS[d.weekday()]}, the text says {w}; use {near}")
            bad += 1
    for pat, first, last in OFFICE:
        if re.search(pat, text) and not first <= rec["date"] <= last:
            print(f"{where}: {pat} named on {rec['date']}, office held {first}..{last}")
            bad += 1
    return bad


def main():
    recs = []
    for name in FILES:
        path = HERE / name
        if not path.exists():
            print(f"note: {name} not written yet")
            continue
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if line.strip() and not line.startswith("#"):
                recs.append(parse_line(path, n, line))
    out, seq, bad = [], {}, 0
    for rec in recs:
        ev = rec["event"]
        seq[ev] = seq.get(ev, 0) + 1
        rid = f"DYAD-DEV4-{ev}-{seq[ev]:04d}"
        text, markup, src, tar, trig, speaker, recip = render(rec["raw"], rec["where"])
        bad += check_date(rec, text)
        long_ = len(text.split()) > 35
        nw = len(text.split())
        if not 20 <= nw <= 40:
            print(f"{rec['where']}: {nw} words, want 20-40")
            bad += 1
        if ev == "NONE":
            if src or tar or trig:
                sys.exit(f"{rec['where']}: markup in a NONE line")
            out.append({"id": rid, "date": rec["date"], "source": [], "target": "", "event": "NONE",
                        "text": text, "textInfo": {"markup": text},
                        "phenomena": ["long"] if long_ else [], "language": "en", "why": rec["why"]})
            continue
        if not src or not trig:
            sys.exit(f"{rec['where']}: an event line needs a source and a trigger")
        if recip and tar:
            sys.exit(f"{rec['where']}: a reciprocal record has no target")
        phen = {TAGS[t] for t in rec["tags"]}
        if speaker:
            phen.add("reported_speech")
        if joined(text, src):
            phen.add("compound_source")
        if joined(text, tar):
            phen.add("compound_target")
        actors = src + tar + ([speaker] if speaker else [])
        if any(ROLE.search(a["actorText"]) for a in src + tar):
            phen.add("role_noun")
        if any(a["actorText"] in METONYMS for a in actors):
            phen.add("metonym")
        if long_:
            phen.add("long")
        if DATELINE.search(text):
            phen.add("dateline_style")
        r = {"id": rid, "date": rec["date"], "source": src, "target": tar or "", "event": ev}
        r.update(trig)
        r.update({"text": text, "textInfo": {"markup": markup},
                  "phenomena": [p for p in ORDER if p in phen]})
        if speaker:
            r["speaker"] = speaker
        r.update({"language": "en", "comment": rec["comment"]})
        out.append(r)
    if bad:
        sys.exit(f"{bad} date / office / length problem(s); nothing written")
    header = {"id": "DYAD-DEV4-DOCUMENT", "event": "DOCUMENT",
              "description": "dyad development set 4: hand-written wire-style sentences with marked source, "
                             "target and trigger spans, 20 per PLOVER 2.0 type and 40 no-event sentences; "
                             "longer sentences, late and nominal triggers, third-party speakers, metonyms, "
                             "compound and reciprocal actors; engineers may read it and tune on it",
              "author": "dyad dev4 author (did not read dyad's code, data or other evaluation sets)",
              "version": "1", "dateCoded": "2026-12-08", "licence": "MIT OR Apache-2.0",
              "rule": "development set: read it, tune on it; scores on it are not blind"}
    lines = [json.dumps(r, ensure_ascii=False) for r in [header] + out]
    OUT.write_text("[\n" + ",\n".join(lines) + "\n]\n", encoding="utf-8")
    print(f"wrote {OUT} with {len(out)} records")


if __name__ == "__main__":
    main()
