#!/usr/bin/env python3
"""Lint dyad's verb lexicon (data/lexicon/verbs/*.tsv).

Checks, for every file in data/lexicon/verbs/:
  * each row has 2 or 3 tab-separated columns: cameo, pattern, optional note;
  * the cameo code is '---' or a code in the CAMEO event table
    (/work/shared/reference/cameo/CAMEO.eventcodes.2013-undp.txt, or --cameo PATH);
  * pattern syntax: lower case; words of letters, digits and ' - . only; '*' never first or last
    and never twice in a row; '=' only as the first character of the first word; no possessive
    written glued to its word ("minute's" must be written "minute 's", as the tokeniser splits it);
  * no exact duplicate pattern within a file (an error) or across files (reported); patterns that
    differ only by hyphen vs space ("cease-fire" / "cease fire") count as the same pattern;
  * the first word of a non-literal pattern is a lemma, not an irregular form listed in
    irregular.tsv ("held" -> write "hold"); homographs that are verbs themselves are allowed;
  * irregular.tsv: exactly two tab-separated columns, a one-word lower-case lemma, '|'-separated
    lower-case forms, no duplicate lemma.
Then reports, for each CAMEO root present, the number of patterns, and which CAMEO codes under the
roots given by --require (default 01-09 for cooperation.tsv, 10-20 for conflict.tsv when present)
have no pattern. A 2-digit root code counts as covered when its 'not specified' code (root + '0')
has a pattern. Exit status 1 on any error or uncovered required code.
"""
import argparse
import collections
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
VERBS = os.path.join(HERE, '..', 'data', 'lexicon', 'verbs')
DEFAULT_CAMEO = '/work/shared/reference/cameo/CAMEO.eventcodes.2013-undp.txt'
WORD = re.compile(r"^[a-z0-9][a-z0-9'\-.]*$|^'s$|^[$€£%]$")


def load_cameo(path):
    codes = {}
    with open(path, encoding='latin-1') as f:
        for line in f:
            parts = line.rstrip('\n').split('\t')
            if len(parts) >= 2 and parts[0].strip().isdigit():
                codes[parts[0].strip()] = parts[1].strip()
    return codes


def check_pattern(pat):
    """Return a list of problems with one pattern string."""
    errs = []
    if pat != pat.strip() or '  ' in pat or '\t' in pat:
        errs.append('stray whitespace')
    if pat != pat.lower():
        errs.append('not lower case')
    words = pat.split()
    if not words:
        return ['empty pattern']
    if words[0] == '*' or words[-1] == '*':
        errs.append("'*' first or last")
    for a, b in zip(words, words[1:]):
        if a == '*' and b == '*':
            errs.append("two '*' in a row")
    for i, w in enumerate(words):
        if w == '*':
            continue
        if '=' in w:
            if i != 0 or not w.startswith('=') or w.count('=') > 1:
                errs.append("'=' not at the start of the first word")
            w = w[1:]
        if not w:
            errs.append("lone '='")
        elif not WORD.match(w.lower()):
            errs.append(f'bad word {w!r}')
        elif w.endswith("'s") and len(w) > 2:
            errs.append(f"possessive glued to {w!r} (write \"{w[:-2]} 's\")")
    return errs


IRREGULAR = os.path.join(HERE, '..', 'data', 'lexicon', 'irregular.tsv')
# irregular forms that are also verbs in their own right, so fine as a pattern's first word
HOMOGRAPH_LEMMAS = {'wound', 'found', 'saw', 'lay', 'left', 'bore', 'felt', 'ground', 'lit', 'rose',
                    'spat', 'bound', 'fell', 'shed', 'cast', 'set', 'cut', 'hit', 'put', 'quit', 'read',
                    'spread', 'bust', 'fit', 'bet', 'bid', 'burst', 'cost', 'hurt', 'let', 'rid', 'shut',
                    'split', 'thrust', 'upset', 'broadcast', 'forecast', 'offset', 'recast', 'slit',
                    'beat', 'become', 'come', 'run', 'overrun', 'overcome', 'hanged', 'won'}


def check_irregular(path):
    """Lint irregular.tsv; return (error count, {form: lemma})."""
    errors, lemmas, forms = 0, set(), {}
    if not os.path.exists(path):
        print(f'{path}: missing')
        return 1, forms
    with open(path, encoding='utf-8') as f:
        for n, line in enumerate(f, 1):
            line = line.rstrip('\n')
            if not line.strip() or line.startswith('#'):
                continue
            cols = line.split('\t')
            where = f'irregular.tsv:{n}'
            if len(cols) != 2:
                print(f'{where}: expected 2 tab-separated columns, got {len(cols)}: {line!r}')
                errors += 1
                continue
            lemma, fs = cols
            if not re.fullmatch(r'[a-z]+', lemma):
                print(f'{where}: bad lemma {lemma!r}')
                errors += 1
            if lemma in lemmas:
                print(f'{where}: duplicate lemma {lemma!r}')
                errors += 1
            lemmas.add(lemma)
            for x in fs.split('|'):
                if not re.fullmatch(r'[a-z]+', x):
                    print(f'{where}: bad form {x!r}')
                    errors += 1
                elif x != lemma:
                    forms.setdefault(x, lemma)
    print(f'irregular.tsv: {len(lemmas)} lemmas')
    return errors, {x: l for x, l in forms.items() if x not in lemmas and x not in HOMOGRAPH_LEMMAS}


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--cameo', default=DEFAULT_CAMEO)
    ap.add_argument('--dir', default=VERBS)
    ap.add_argument('--require', action='append', default=None,
                    help='FILE=LO-HI: codes with roots LO..HI must have a pattern in FILE '
                         '(default cooperation.tsv=01-09, conflict.tsv=10-20)')
    args = ap.parse_args()
    cameo = load_cameo(args.cameo)
    files = sorted(f for f in os.listdir(args.dir) if f.endswith('.tsv'))
    require = args.require or ['cooperation.tsv=01-09', 'conflict.tsv=10-20']
    errors, inflected = check_irregular(IRREGULAR)
    seen = {}          # normalised pattern -> (file, line, code)
    per_file = {}
    for fn in files:
        rows = []
        with open(os.path.join(args.dir, fn), encoding='utf-8') as f:
            for n, line in enumerate(f, 1):
                line = line.rstrip('\n')
                if not line.strip() or line.startswith('#'):
                    continue
                cols = line.split('\t')
                where = f'{fn}:{n}'
                if len(cols) < 2 or len(cols) > 3:
                    print(f'{where}: expected 2-3 tab-separated columns, got {len(cols)}: {line!r}')
                    errors += 1
                    continue
                code, pat = cols[0].strip(), cols[1]
                if code != '---' and code not in cameo:
                    print(f'{where}: unknown CAMEO code {code!r}')
                    errors += 1
                for e in check_pattern(pat):
                    print(f'{where}: {e}: {pat!r}')
                    errors += 1
                first = pat.split()[0] if pat.split() else ''
                if first in inflected:
                    print(f'{where}: first word {first!r} is a form of {inflected[first]!r}; '
                          f'write the lemma: {pat!r}')
                    errors += 1
                key = pat.replace('-', ' ')
                if key in seen:
                    pf, pn, pc = seen[key]
                    if pf == fn:
                        print(f'{where}: duplicate pattern {pat!r} (also line {pn}, code {pc})')
                        errors += 1
                    else:
                        print(f'{where}: pattern {pat!r} also in {pf}:{pn} (code {pc} vs {code})')
                else:
                    seen[key] = (fn, n, code)
                rows.append((code, pat))
        per_file[fn] = rows

    for spec in require:
        fn, rng = spec.split('=')
        if fn not in per_file:
            continue
        lo, hi = (int(x) for x in rng.split('-'))
        codes = collections.Counter(c for c, _ in per_file[fn])
        print(f'\n{fn}: {sum(codes.values())} rows '
              f'({sum(v for c, v in codes.items() if c != "---")} coding patterns, {codes["---"]} blocks)')
        by_root = collections.Counter(c[:2] for c in codes.elements() if c != '---')
        for root in sorted(by_root):
            print(f'  root {root} {cameo.get(root, "?"):<40} {by_root[root]:5d} patterns, '
                  f'{len({c for c in codes if c[:2] == root})} codes')
        missing = []
        for c in sorted(cameo):
            if not lo <= int(c[:2]) <= hi:
                continue
            if codes[c]:
                continue
            if len(c) == 2 and codes[c + '0']:
                continue
            missing.append(c)
        if missing:
            print(f'  codes with no pattern: {" ".join(missing)}')
            errors += len(missing)
        else:
            print(f'  every CAMEO code with root {lo:02d}-{hi:02d} has a pattern')
        thin = sorted(c for c in cameo if lo <= int(c[:2]) <= hi and 0 < codes[c] < 5)
        if thin:
            print('  codes with fewer than 5 patterns: ' + ' '.join(f'{c}({codes[c]})' for c in thin))
    print(f'\n{errors} error(s)')
    return 1 if errors else 0


if __name__ == '__main__':
    sys.exit(main())
