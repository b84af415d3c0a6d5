#!/usr/bin/env python3
"""Lint data/lexicon/orgs.tsv and data/lexicon/agents.tsv.

Checks columns, actor codes (leading part a CAMEO country code or IGO/NGO/IMG/MNC, later parts CAMEO
sector/type, region or known-group codes, at most four parts), kinds, dates, and that no phrase is listed
twice with different codes (dated rows of one group, sharing one names cell with non-overlapping dates,
are allowed). Prints counts by kind, leading code and sector. Exit status 1 on errors.

Usage: scripts/check_orgs_agents.py [--cameo DIR] [--lexicon DIR]
"""
import argparse
import collections
import os
import re
import sys
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
README_SECTORS = set("""GOV MIL COP JUD LEG OPP REB SEP SPY INS UAF AGR BUS CRM CVL DEV EDU ELI ENV HLH HRI
LAB MED REF MOD RAD IGO IMG INT MNC NGM NGO PKO UIS SET REL""".split())
LEADING_TYPES = {"IGO", "NGO", "IMG", "MNC"}
# ISO codes of countries missing from CAMEO's 2013 country table that the lexicon uses.
EXTRA_COUNTRIES = {"SSD": "South Sudan"}
KINDS = {"igo", "ngo", "armed", "party", "company", "media", "court", "agency"}
DATE = re.compile(r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$")


def read_table(path):
    out = {}
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            parts = line.rstrip("\n").split("\t")
            if len(parts) >= 2 and parts[0] != "CODE":
                out[parts[0].strip()] = parts[1].strip()
    return out


def norm(phrase):
    s = unicodedata.normalize("NFKD", phrase)
    s = "".join(c for c in s if not unicodedata.combining(c)).lower()
    s = s.replace("\u2019", "'").replace("-", " ")
    s = re.sub(r"'s\b", " 's", s)
    return " ".join(s.split())


def date_bounds(d, start):
    if not d:
        return "0000-00-00" if start else "9999-99-99"
    if len(d) == 4:
        return d + ("-01-01" if start else "-12-31")
    if len(d) == 7:
        return d + ("-01" if start else "-31")
    return d


def rows(path):
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            yield n, line.split("\t")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cameo", default="/work/shared/reference/cameo")
    ap.add_argument("--lexicon", default=os.path.join(HERE, "..", "data", "lexicon"))
    a = ap.parse_args()

    countries = read_table(os.path.join(a.cameo, "CAMEO.country.txt"))
    types = read_table(os.path.join(a.cameo, "CAMEO.type.txt"))
    groups = read_table(os.path.join(a.cameo, "CAMEO.knowngroup.txt"))
    country_codes = set(countries) | set(EXTRA_COUNTRIES)
    # countries.tsv (dyad's own country list) may add ISO codes for countries CAMEO's table lacks.
    ctsv = os.path.join(a.lexicon, "countries.tsv")
    if os.path.exists(ctsv):
        for _n, cols in rows(ctsv):
            if len(cols) > 1 and re.fullmatch(r"[A-Z]{3}", cols[1]):
                country_codes.add(cols[1])
    sectors = set(types) | README_SECTORS
    later_ok = sectors | set(countries) | set(groups)

    errors, warnings = [], []

    def err(f, n, msg):
        errors.append(f"{f}:{n}: {msg}")

    def warn(f, n, msg):
        warnings.append(f"{f}:{n}: {msg}")

    def check_code(f, n, code):
        if not re.fullmatch(r"([A-Z]{3}){1,4}", code):
            err(f, n, f"code {code!r} is not 1-4 three-letter parts")
            return
        parts = [code[i:i + 3] for i in range(0, len(code), 3)]
        if parts[0] not in country_codes and parts[0] not in LEADING_TYPES:
            err(f, n, f"code {code}: leading {parts[0]} is not a CAMEO country nor IGO/NGO/IMG/MNC")
        for p in parts[1:]:
            if p not in later_ok:
                err(f, n, f"code {code}: part {p} is not a CAMEO sector, region or known group")

    def check_phrases(f, n, cell):
        out = []
        for ph in cell.split("|"):
            if ph != ph.strip() or not ph:
                err(f, n, f"empty phrase or stray space in {cell!r}")
                continue
            if "(" in ph or ")" in ph:
                warn(f, n, f"phrase {ph!r} has parentheses; it will rarely match news text")
            out.append(ph)
        return out

    # ---- orgs.tsv ----
    of = "orgs.tsv"
    by_phrase = collections.defaultdict(list)  # norm phrase -> [(line, names, code, from, to)]
    kinds = collections.Counter()
    lead = collections.Counter()
    kind_lead = collections.Counter()
    group_names = set()
    n_rows = 0
    for n, cols in rows(os.path.join(a.lexicon, of)):
        n_rows += 1
        if not 3 <= len(cols) <= 6:
            err(of, n, f"expected 3-6 columns, got {len(cols)}")
            continue
        cols += [""] * (6 - len(cols))
        names, code, kind, frm, to, _src = cols
        check_code(of, n, code)
        if kind not in KINDS:
            err(of, n, f"kind {kind!r} not in {sorted(KINDS)}")
        for d in (frm, to):
            if d and not DATE.match(d):
                err(of, n, f"bad date {d!r}")
        if frm and to and date_bounds(frm, True) > date_bounds(to, False):
            err(of, n, f"from {frm} after to {to}")
        phrases = check_phrases(of, n, names)
        seen = set()
        for ph in phrases:
            k = norm(ph)
            if k in seen:
                continue
            seen.add(k)
            by_phrase[k].append((n, names, code, frm, to))
        if names not in group_names:
            group_names.add(names)
            kinds[kind] += 1
            lead[code[:3] if code[:3] in LEADING_TYPES else "country"] += 1
            kind_lead[(kind, code[:3] if code[:3] in LEADING_TYPES else "country")] += 1

    for k, entries in by_phrase.items():
        if len(entries) < 2:
            continue
        cells = {e[1] for e in entries}
        codes = {e[2] for e in entries}
        if len(cells) > 1:
            lines = ", ".join(str(e[0]) for e in entries)
            if len(codes) > 1:
                err(of, entries[0][0], f"phrase {k!r} listed with different codes {sorted(codes)} in different entries (lines {lines})")
            else:
                warn(of, entries[0][0], f"phrase {k!r} listed in several entries with the same code (lines {lines})")
            continue
        dated = [e for e in entries if e[3] or e[4]]
        defaults = [e for e in entries if not (e[3] or e[4])]
        if len(defaults) > 1:
            err(of, entries[0][0], f"{k!r}: more than one undated default row")
        dated.sort(key=lambda e: date_bounds(e[3], True))
        for x, y in zip(dated, dated[1:]):
            if date_bounds(y[3], True) <= date_bounds(x[4], False):
                err(of, y[0], f"{k!r}: date range overlaps line {x[0]}")

    # ---- agents.tsv ----
    af = "agents.tsv"
    agent_phrase = {}
    sector_count = collections.Counter()
    n_agents = 0
    n_agent_phrases = 0
    apath = os.path.join(a.lexicon, af)
    if not os.path.exists(apath):
        err(af, 0, "file missing")
        apath = os.devnull
    for n, cols in rows(apath):
        n_agents += 1
        if not 2 <= len(cols) <= 3:
            err(af, n, f"expected 2-3 columns, got {len(cols)}")
            continue
        phrases, secs = cols[0], cols[1].split()
        if not secs:
            err(af, n, "no sector")
        for s in secs:
            if s not in sectors:
                err(af, n, f"sector {s!r} not in CAMEO's type list or the README's list")
            sector_count[s] += 1
        if len(set(secs)) != len(secs):
            err(af, n, "sector repeated")
        for ph in check_phrases(af, n, phrases):
            n_agent_phrases += 1
            k = norm(ph)
            if k in agent_phrase and agent_phrase[k][0] != n:
                if agent_phrase[k][1] != cols[1]:
                    err(af, n, f"phrase {k!r} also on line {agent_phrase[k][0]} with sectors {agent_phrase[k][1]}")
                else:
                    warn(af, n, f"phrase {k!r} also on line {agent_phrase[k][0]}")
            agent_phrase.setdefault(k, (n, cols[1]))
            if k in by_phrase:
                warn(af, n, f"phrase {k!r} is also an organisation name in orgs.tsv (line {by_phrase[k][0][0]})")

    # ---- report ----
    print(f"orgs.tsv: {n_rows} rows, {len(group_names)} entries (distinct names cells), {len(by_phrase)} distinct phrases")
    print("  entries by kind: " + ", ".join(f"{k} {v}" for k, v in sorted(kinds.items())))
    print("  entries by leading code: " + ", ".join(f"{k} {v}" for k, v in sorted(lead.items())))
    print("  entries by kind x leading code: " + ", ".join(f"{k}/{l} {v}" for (k, l), v in sorted(kind_lead.items())))
    print(f"agents.tsv: {n_agents} entries, {n_agent_phrases} phrases")
    print("  entries by sector: " + ", ".join(f"{k} {v}" for k, v in sorted(sector_count.items())))
    for w in warnings:
        print("warning: " + w)
    for e in errors:
        print("ERROR: " + e)
    print(f"{len(errors)} errors, {len(warnings)} warnings")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
