#!/usr/bin/env bash
# 1. The import round trip: documents with identical event sets and events reproduced when coding with
#    `--petrarch DICTS` and with the import (`--lexicon OUT --lexicon-only`), on the 161 PLOVER dev texts
#    (eval/fixtures/plover-gsr) and, with their own dictionaries, the PETRARCH unit-test records; for
#    contrast, the lossy `dyad lexicon import --native` coded by dyad's own coder on the PLOVER texts.
# 2. Coding speed with PETRARCH dictionaries against the built-in lexicons, on bench/run.sh's generated
#    corpus: the built-in lexicons (1 thread), `--petrarch DICTS` and the same dictionaries imported
#    (`dyad lexicon import DICTS -o OUT`, then `--lexicon OUT --lexicon-only`), on 1 and 2 threads. Times
#    are wall clock including start-up (loading the lexicons or dictionaries).
# Prints figures; asserts nothing.
# Usage: bench/petrarch.sh [MEGABYTES] [DICTS]   (defaults: 10, ../shared/reference/petrarch-dicts)
set -euo pipefail
cd "$(dirname "$0")/.."
mb=${1:-10}
dicts=${2:-../shared/reference/petrarch-dicts}
cargo build --release -q -p dyad-cli
bin=${CARGO_TARGET_DIR:-target}/release/dyad
tmp=$(mktemp -d)
fixtures=eval/fixtures
compare() { # compare NAME DICTS INPUT.jsonl [--native]
  "$bin" lexicon import ${4:-} "$2" -o "$tmp/rt" > /dev/null 2>&1
  "$bin" code --petrarch "$2" "$3" > "$tmp/a.jsonl" 2> /dev/null
  "$bin" code --lexicon "$tmp/rt" --lexicon-only "$3" > "$tmp/b.jsonl" 2> /dev/null
  rm -rf "$tmp/rt"
  python3 - "$1" "$3" "$tmp/a.jsonl" "$tmp/b.jsonl" "${4:-}" <<'PY'
import json, sys
from collections import Counter, defaultdict
name, inp, a, b, native = sys.argv[1:]
docs = [json.loads(l)["id"] for l in open(inp) if l.strip()]
def load(p):
    # An event: sentence, source, target ("---" for none), CAMEO code, and (PETRARCH mode on both
    # sides) the verb's text; dyad's own events (--native) have no comparable verb field.
    d = defaultdict(Counter)
    for l in open(p):
        e = json.loads(l)
        t = (e.get("target") or {}).get("code") or "---"
        key = (e["sentence"], e["source"]["code"], t, e["cameo"])
        d[e["doc"]][key if native else key + (e["verb"],)] += 1
    return d
A, B = load(a), load(b)
same = sum(1 for i in set(docs) if A.get(i, Counter()) == B.get(i, Counter()))
na = sum(sum(c.values()) for c in A.values())
rep = sum(sum((A[i] & B.get(i, Counter())).values()) for i in A)
print(f"{name}: {same} of {len(set(docs))} documents with identical event sets; {rep} of {na} --petrarch events reproduced by the import ({sum(sum(c.values()) for c in B.values())} events with the import)")
PY
}
if [ -f "$fixtures/plover-gsr/plover_gsr_dev.json" ]; then
  python3 -c "
import json, sys
for r in json.load(open(sys.argv[1])):
    if r.get('event') != 'DOCUMENT' and isinstance(r.get('text'), str):
        print(json.dumps({'id': r.get('id'), 'date': r.get('date'), 'text': r['text']}))" "$fixtures/plover-gsr/plover_gsr_dev.json" > "$tmp/plover.jsonl"
  compare "PLOVER dev texts, $dicts" "$dicts" "$tmp/plover.jsonl"
  compare "the same, import --native (dyad's own coder)" "$dicts" "$tmp/plover.jsonl" --native
fi
if [ -f "$fixtures/petrarch-unit/PETR.UnitTest.records.xml" ]; then
  cargo run --release -q -p dyad-petrarch --example records_jsonl "$fixtures/petrarch-unit/PETR.UnitTest.records.xml" > "$tmp/unit.jsonl"
  compare "unit-test records, their dictionaries" "$fixtures/petrarch-unit" "$tmp/unit.jsonl"
fi
corpus=$tmp/news.jsonl
python3 bench/gen_news.py "$mb" > "$corpus"
echo "corpus: $corpus, $(( $(stat -c %s "$corpus") / 1000000 )) MB; dictionaries: $dicts"
"$bin" lexicon import "$dicts" -o "$tmp/imported" > /dev/null 2>&1
measure() {
  local name=$1; shift
  /usr/bin/time -f "%e %M" -o "$tmp/time.txt" "$bin" code "$@" "$corpus" > "$tmp/out.jsonl" 2> "$tmp/err.txt"
  read secs kb < "$tmp/time.txt"
  sents=$(grep -o '[0-9]* sentences' "$tmp/err.txt" | head -1 | cut -d' ' -f1)
  events=$(wc -l < "$tmp/out.jsonl")
  python3 -c "import sys; n,s,kb,sn,ev=sys.argv[1],float(sys.argv[2]),int(sys.argv[3]),int(sys.argv[4]),int(sys.argv[5]); print(f'{n:<40} {sn} sentences, {ev} events in {s:.2f} s = {sn/s:,.0f} sentences/s, peak RSS {kb/1024:.0f} MB')" "$name" "$secs" "$kb" "$sents" "$events"
  echo "$secs" >> "$tmp/secs.txt"
}
for t in 1 2; do
  : > "$tmp/secs.txt"
  measure "built-in lexicons, $t thread(s)" --threads $t
  measure "--petrarch DICTS, $t thread(s)" --threads $t --petrarch "$dicts"
  measure "imported (--lexicon-only), $t thread(s)" --threads $t --lexicon "$tmp/imported" --lexicon-only
  python3 -c "import sys; b,p,i=[float(x) for x in open(sys.argv[1])]; print(f'  time relative to the built-in lexicons: --petrarch {p/b:.2f}x, imported {i/b:.2f}x')" "$tmp/secs.txt"
done
rm -rf "$tmp"
