#!/usr/bin/env python3
"""Checks data/lexicon/countries.tsv.

Usage: python3 scripts/check_countries.py [countries.tsv] [CAMEO.country.txt]

Verifies: column count; known kinds; dates parse and are ordered; all 249 ISO-3166-1 alpha-3 codes have
a name row and an adj row; every row of a country has the same cameo code; the cameo code is the one
CAMEO's country table gives for the country (else the ISO code), regions carry a CAMEO region code; no
phrase (after case/accent/hyphen folding) maps to two countries for the same kind over overlapping
dates, and no row repeats another. Phrases shared across kinds by two countries are listed as warnings.
Exit status 1 on any error. Needs only the Python standard library.
"""
import datetime
import re
import sys
import unicodedata
from collections import defaultdict

# ISO-3166-1 alpha-3, the 249 officially assigned codes (as of 2024; cross-checked with pycountry).
ISO3 = set("""
ABW AFG AGO AIA ALA ALB AND ARE ARG ARM ASM ATA ATF ATG AUS AUT AZE BDI BEL BEN BES BFA BGD BGR BHR
BHS BIH BLM BLR BLZ BMU BOL BRA BRB BRN BTN BVT BWA CAF CAN CCK CHE CHL CHN CIV CMR COD COG COK COL
COM CPV CRI CUB CUW CXR CYM CYP CZE DEU DJI DMA DNK DOM DZA ECU EGY ERI ESH ESP EST ETH FIN FJI FLK
FRA FRO FSM GAB GBR GEO GGY GHA GIB GIN GLP GMB GNB GNQ GRC GRD GRL GTM GUF GUM GUY HKG HMD HND HRV
HTI HUN IDN IMN IND IOT IRL IRN IRQ ISL ISR ITA JAM JEY JOR JPN KAZ KEN KGZ KHM KIR KNA KOR KWT LAO
LBN LBR LBY LCA LIE LKA LSO LTU LUX LVA MAC MAF MAR MCO MDA MDG MDV MEX MHL MKD MLI MLT MMR MNE MNG
MNP MOZ MRT MSR MTQ MUS MWI MYS MYT NAM NCL NER NFK NGA NIC NIU NLD NOR NPL NRU NZL OMN PAK PAN PCN
PER PHL PLW PNG POL PRI PRK PRT PRY PSE PYF QAT REU ROU RUS RWA SAU SDN SEN SGP SGS SHN SJM SLB SLE
SLV SMR SOM SPM SRB SSD STP SUR SVK SVN SWE SWZ SXM SYC SYR TCA TCD TGO THA TJK TKL TKM TLS TON TTO
TUN TUR TUV TWN TZA UGA UKR UMI URY USA UZB VAT VCT VEN VGB VIR VNM VUT WLF WSM YEM ZAF ZMB ZWE
""".split())
# Codes outside ISO-3166-1 that the file may use: Kosovo (user-assigned, used by the EU and IMF) and the
# Netherlands Antilles (withdrawn from ISO-3166-1 in 2010; kept for dated news).
EXTRA = {"XKX", "ANT"}
# ISO code -> the code CAMEO's country table lists the same country under.
LEGACY = {"ROU": "ROM", "TLS": "TMP", "MNE": "MTN", "IMN": "IMY"}
# CAMEO country-table codes deliberately not used as a `cameo` value (see SOURCES.md).
UNUSED_CAMEO = {"WSB", "GZS", "BAG"}
KINDS = {"name", "adj", "gov", "mil", "leg", "city", "place"}
# Phrases deliberately shared by two countries across kinds (none for the same kind).
SHARED_OK = set()

DATE_RE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def parse_date(s, end):
    """YYYY, YYYY-MM or YYYY-MM-DD -> date; `end` picks the last day of a year or month."""
    if s == "":
        return None
    m = DATE_RE.match(s)
    if not m:
        raise ValueError(f"bad date {s!r}")
    y = int(m[1])
    if m[3]:
        return datetime.date(y, int(m[2]), int(m[3]))
    if m[2]:
        mo = int(m[2])
        if not end:
            return datetime.date(y, mo, 1)
        nxt = datetime.date(y + (mo == 12), mo % 12 + 1, 1)
        return nxt - datetime.timedelta(days=1)
    return datetime.date(y, 12, 31) if end else datetime.date(y, 1, 1)


def fold(p):
    s = unicodedata.normalize("NFKD", p)
    s = "".join(c for c in s if not unicodedata.combining(c))
    s = s.replace("ı", "i").casefold().replace("-", " ")
    return " ".join(s.split())


def overlap(a, b):
    lo = max(a[0] or datetime.date.min, b[0] or datetime.date.min)
    hi = min(a[1] or datetime.date.max, b[1] or datetime.date.max)
    return lo <= hi


def main():
    path = sys.argv[1] if len(sys.argv) > 1 else "data/lexicon/countries.tsv"
    cameo_path = sys.argv[2] if len(sys.argv) > 2 else "/work/shared/reference/cameo/CAMEO.country.txt"
    errors, warnings = [], []
    cameo = {}
    for line in open(cameo_path, encoding="latin-1"):
        c = line.rstrip("\n").split("\t")
        if len(c) >= 2 and c[0] != "CODE":
            cameo[c[0]] = c[1]
    # Region codes: CAMEO codes that are neither ISO nor a legacy country code.
    regions = {k for k in cameo if k not in ISO3 and k not in LEGACY.values() and k not in EXTRA} - UNUSED_CAMEO

    rows = []
    for n, line in enumerate(open(path, encoding="utf-8"), 1):
        line = line.rstrip("\n")
        if line.startswith("#") or not line.strip():
            continue
        c = line.split("\t")
        if not 4 <= len(c) <= 7:
            errors.append(f"{n}: {len(c)} columns (4 to 7 expected)")
            continue
        c += [""] * (7 - len(c))
        iso, cam, kind, phrase, f, t, note = c
        if any(x != x.strip() for x in c):
            errors.append(f"{n}: stray spaces around a cell")
        if kind not in KINDS:
            errors.append(f"{n}: unknown kind {kind!r}")
        if not phrase.strip() or "|" in phrase:
            errors.append(f"{n}: empty phrase or '|' (one phrase per row)")
        try:
            fd, td = parse_date(f, False), parse_date(t, True)
        except ValueError as e:
            errors.append(f"{n}: {e}")
            continue
        if fd and td and fd > td:
            errors.append(f"{n}: from {f} after to {t}")
        if iso == "-":
            if cam not in regions:
                errors.append(f"{n}: region code {cam!r} is not a CAMEO region code")
        elif iso not in ISO3 and iso not in EXTRA:
            errors.append(f"{n}: {iso!r} is not an ISO-3166-1 alpha-3 code")
        else:
            want = LEGACY.get(iso, iso)
            if want not in cameo:
                want = iso
            if cam != want:
                errors.append(f"{n}: {iso} has cameo {cam!r}, expected {want!r}")
        rows.append((n, iso, cam, kind, phrase, (fd, td)))

    by_iso = defaultdict(list)
    for r in rows:
        by_iso[r[1]].append(r)
    for iso in sorted(ISO3 - set(by_iso)):
        errors.append(f"ISO code {iso} has no rows")
    for iso, rs in by_iso.items():
        kinds = {r[3] for r in rs}
        if "name" not in kinds:
            errors.append(f"{iso}: no name row")
        if "adj" not in kinds and iso != "-":
            errors.append(f"{iso}: no adj row")
        if len({r[2] for r in rs}) > 1 and iso != "-":
            errors.append(f"{iso}: several cameo codes {sorted({r[2] for r in rs})}")
        if rs[0][3] != "name" and iso != "-":
            errors.append(f"{iso}: first row (line {rs[0][0]}) is not the canonical name")
    used_cameo = {r[2] for r in rows}
    for k, label in cameo.items():
        if k not in used_cameo and k not in UNUSED_CAMEO:
            errors.append(f"CAMEO code {k} ({label}) is used by no row")

    by_phrase = defaultdict(list)
    for r in rows:
        by_phrase[fold(r[4])].append(r)
    for p, rs in sorted(by_phrase.items()):
        for i, a in enumerate(rs):
            for b in rs[i + 1:]:
                if not overlap(a[5], b[5]):
                    continue
                same_country = (a[1], a[2]) == (b[1], b[2])
                if same_country and a[3] == b[3]:
                    errors.append(f"{a[0]},{b[0]}: {a[4]!r} repeated for {a[2]} {a[3]} over overlapping dates")
                elif not same_country and a[3] == b[3]:
                    errors.append(f"{a[0]},{b[0]}: {a[4]!r} is {a[3]} of both {a[2]} and {b[2]}")
                elif not same_country and p not in SHARED_OK:
                    warnings.append(f"{a[0]},{b[0]}: {a[4]!r} is {a[3]} of {a[2]} and {b[3]} of {b[2]}")

    countries = {r[1] for r in rows if r[1] != "-"}
    print(f"{len(rows)} rows, {len(countries)} countries/territories "
          f"({len(countries & ISO3)} of {len(ISO3)} ISO codes), "
          f"{len({r[2] for r in rows if r[1] == '-'})} regions")
    by_kind = defaultdict(int)
    for r in rows:
        by_kind[r[3]] += 1
    print("rows by kind: " + ", ".join(f"{k} {v}" for k, v in sorted(by_kind.items())))
    for w in warnings:
        print("warning:", w)
    for e in errors:
        print("error:", e)
    print(f"{len(errors)} errors, {len(warnings)} warnings")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
