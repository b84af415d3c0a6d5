#!/usr/bin/env python3
"""Lint data/lexicon/people/*.tsv: columns, dates, from <= to, overlapping rows of one person
with different codes, code prefixes (CAMEO country code, IGO, NGO, IMG, MNC), and row counts.
Usage: python3 scripts/check_people.py [files...]   (default: every data/lexicon/people/*.tsv)"""
import glob, os, re, sys, unicodedata
from collections import defaultdict

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CAMEO_COUNTRIES = '/work/shared/reference/cameo/CAMEO.country.txt'
# Codes dyad uses that are missing from CAMEO's old country table (documented in SOURCES.md).
# XKX (Kosovo) is the ISO user-assigned code countries.tsv uses for Kosovo.
EXTRA_PREFIXES = {'IGO', 'NGO', 'IMG', 'MNC', 'SSD', 'XKX'}
SECTORS = set('GOV MIL COP JUD LEG OPP REB SEP SPY INS UAF AGR BUS CRM CVL DEV EDU ELI ENV HLH HRI '
              'LAB MED REF MOD RAD IGO IMG INT MNC NGM NGO PKO UIS SET REL'.split())
DATE = re.compile(r'^\d{4}(-\d{2}(-\d{2})?)?$')

def load_prefixes():
    pre = set(EXTRA_PREFIXES)
    groups = set()
    if os.path.exists(CAMEO_COUNTRIES):
        for ln in open(CAMEO_COUNTRIES, encoding='latin-1').read().splitlines()[1:]:
            if ln.strip():
                pre.add(ln.split('\t')[0].strip())
    kg = os.path.join(os.path.dirname(CAMEO_COUNTRIES), 'CAMEO.knowngroup.txt')
    if os.path.exists(kg):
        for ln in open(kg, encoding='latin-1').read().splitlines()[1:]:
            if ln.strip():
                groups.add(ln.split('\t')[0].strip())
    return pre, groups

def bounds(d, end):
    """Return a comparable (y, m, d) for a date cell; empty = open."""
    if not d:
        return (9999, 12, 31) if end else (0, 1, 1)
    p = [int(x) for x in d.split('-')]
    if len(p) == 1:
        p += [12, 31] if end else [1, 1]
    elif len(p) == 2:
        p += [31] if end else [1]
    return tuple(p)

def fold(s):
    """Matcher-style folding: case, accents, hyphens = spaces."""
    s = unicodedata.normalize('NFKD', s)
    s = ''.join(c for c in s if not unicodedata.combining(c))
    return ' '.join(s.lower().replace('-', ' ').split())

def surname_checks(variants_by_person):
    """A one-word variant ("Putin") may belong to only one person (error). Warn when it is also the
    last word of another listed person's full name (Carlos Menem's "Menem" vs Martin Menem)."""
    errors, warnings = [], []
    owners = defaultdict(set)
    last_words = defaultdict(set)
    for person, (variants, where) in variants_by_person.items():
        for v in variants:
            fv = fold(v)
            if ' ' not in fv:
                owners[fv].add((person, where))
        last_words[fold(person).split(' ')[-1]].add(person)
    for word, ps in owners.items():
        if len({p for p, _ in ps}) > 1:
            errors.append(f'one-word variant {word!r} used by several people: ' +
                          ', '.join(sorted(f'{p} ({w})' for p, w in ps)))
        else:
            (p, w), = ps
            others = last_words.get(word, set()) - {p}
            if others:
                warnings.append(f'{w}: one-word variant {word!r} of {p} is also the surname of ' +
                                ', '.join(sorted(others)))
    return errors, warnings

def main(files):
    prefixes, groups = load_prefixes()
    errors, total = [], 0
    rows_by_person = defaultdict(list)
    variants_by_person = {}
    for f in files:
        n = 0
        for i, ln in enumerate(open(f, encoding='utf-8').read().split('\n'), 1):
            if not ln.strip() or ln.startswith('#'):
                continue
            where = f'{os.path.relpath(f, ROOT)}:{i}'
            cols = ln.split('\t')
            if len(cols) != 6:
                errors.append(f'{where}: {len(cols)} columns, expected 6'); continue
            names, code, dfrom, dto, role, source = cols
            vs = names.split('|')
            if vs[0] in variants_by_person:
                variants_by_person[vs[0]][0].update(vs[1:])
            else:
                variants_by_person[vs[0]] = (set(vs[1:]), where)
            if not names or any(not v.strip() or v != v.strip() for v in names.split('|')):
                errors.append(f'{where}: empty or untrimmed name variant')
            if not role or not source:
                errors.append(f'{where}: empty role or source')
            if not re.fullmatch(r'([A-Z]{3}){1,4}', code):
                errors.append(f'{where}: bad code {code!r}')
            else:
                parts = [code[j:j + 3] for j in range(0, len(code), 3)]
                if parts[0] not in prefixes:
                    errors.append(f'{where}: code {code} does not start with a CAMEO country, IGO, NGO, IMG or MNC')
                for p in parts[1:]:
                    if p not in SECTORS and p not in groups and p not in prefixes:
                        errors.append(f'{where}: unknown code part {p} in {code}')
            ok = True
            for d in (dfrom, dto):
                if d and not DATE.match(d):
                    errors.append(f'{where}: bad date {d!r}'); ok = False
            if ok:
                try:
                    a, b = bounds(dfrom, False), bounds(dto, True)
                    if a > b:
                        errors.append(f'{where}: from {dfrom} after to {dto}')
                    if dfrom or dto:
                        rows_by_person[names.split('|')[0]].append((a, b, code, where))
                except ValueError:
                    errors.append(f'{where}: unparsable date')
            n += 1
        print(f'{os.path.relpath(f, ROOT)}: {n} rows')
        total += n
    for person, rows in rows_by_person.items():
        rows.sort()
        for i in range(len(rows)):
            for j in range(i + 1, len(rows)):
                a1, b1, c1, w1 = rows[i]
                a2, b2, c2, w2 = rows[j]
                if a2 > b1:
                    break
                if c1 != c2:
                    errors.append(f'{w2}: {person} overlaps {w1} with a different code ({c2} vs {c1})')
    se, sw = surname_checks(variants_by_person)
    errors += se
    for w in sw:
        print('WARN', w)
    for e in errors:
        print('ERROR', e)
    print(f'total: {total} person-role rows, {len(errors)} errors')
    return 1 if errors else 0

if __name__ == '__main__':
    fs = sys.argv[1:] or sorted(glob.glob(os.path.join(ROOT, 'data/lexicon/people/*.tsv')))
    sys.exit(main(fs))
