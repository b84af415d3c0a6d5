#!/usr/bin/env bash
# dyad's end-to-end benchmark: start-up, throughput on 1 and 2 threads, peak memory.
# Usage: bench/run.sh [MEGABYTES]   (default 10). Prints figures; asserts nothing.
set -euo pipefail
cd "$(dirname "$0")/.."
mb=${1:-10}
cargo build --release -q -p dyad-cli
bin=target/release/dyad
corpus=$(mktemp -d)/news.jsonl
python3 bench/gen_news.py "$mb" > "$corpus"
bytes=$(stat -c %s "$corpus")
echo "corpus: $corpus, $((bytes / 1000000)) MB"
# Start-up: load the built-in lexicons and code an empty input.
start=$(date +%s%N); echo -n "" | $bin code --threads 1 >/dev/null 2>&1 || true; end=$(date +%s%N)
echo "start-up (empty input, built-in lexicons): $(( (end - start) / 1000000 )) ms"
for t in 1 2; do
  /usr/bin/time -f "%e %M" -o /tmp/dyad-time.txt $bin code --threads $t "$corpus" > /tmp/dyad-bench-out.jsonl 2> /tmp/dyad-bench-err.txt
  read secs kb < /tmp/dyad-time.txt
  sents=$(grep -o '[0-9]* sentences' /tmp/dyad-bench-err.txt | head -1 | cut -d' ' -f1)
  events=$(wc -l < /tmp/dyad-bench-out.jsonl)
  python3 - "$t" "$secs" "$kb" "$sents" "$events" "$bytes" <<'PY'
import sys
t, secs, kb, sents, events, b = sys.argv[1], float(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]), int(sys.argv[6])
print(f"threads={t}: {sents} sentences, {events} events in {secs:.2f} s = {sents/secs:,.0f} sentences/s, {b/secs/1e6:.1f} MB/s, peak RSS {kb/1024:.0f} MB")
PY
done
