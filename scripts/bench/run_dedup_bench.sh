#!/usr/bin/env bash
# corpus dedup --method minhash vs datatrove's four MinHash stages, same documents, same parameters
# (word 5-grams, 14 bands x 8 rows, 64-bit hashes), one and two cores; wall time and peak RSS
# (GNU time's %M: the largest single process, so for datatrove's worker processes it is one
# worker's, not the sum), medians of RUNS runs.
#   scripts/bench/run_dedup_bench.sh INPUT.jsonl
# Needs a release build and PEER_PY, a Python with datatrove==0.10.1 (and spaCy for its English
# word splitter). datatrove reads the input split into 2 shards so that it can use 2 tasks.
set -euo pipefail
INPUT="$1"
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
CORPUS="${CORPUS:-$ROOT/.build/release/corpus}"
PEER_PY="${PEER_PY:-/work/.peers/venv/bin/python}"
PEERS="${PEERS:-/work/shared/peers}"
RUNS="${RUNS:-3}"
MEMORY="${MEMORY:-256MB}"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$WORK/shards"
python3 - "$INPUT" "$WORK/shards" <<'PY'
import sys
lines = open(sys.argv[1]).readlines()
half = (len(lines) + 1) // 2
for i, part in enumerate([lines[:half], lines[half:]]):
    open(f"{sys.argv[2]}/part{i}.jsonl", "w").writelines(part)
PY
docs=$(wc -l < "$INPUT")
median() { python3 -c "import statistics,sys; print(statistics.median(float(x) for x in sys.argv[1:]))" "$@"; }
timed() {  # prints "seconds peak_kb" of a command
  /usr/bin/time -f "%e %M" -o "$WORK/time" "$@" > /dev/null 2>&1
  cat "$WORK/time"
}
for cores in 1 2; do
  ours_t=(); ours_m=(); peer_t=(); peer_m=()
  for _ in $(seq "$RUNS"); do
    read -r t m < <(timed "$CORPUS" dedup "$WORK/shards" --method minhash -o "$WORK/kept.jsonl" --removed "$WORK/removed.jsonl" \
      --workers "$cores" --memory "$MEMORY" --quiet)
    ours_t+=("$t"); ours_m+=("$m")
    read -r t m < <(timed "$PEER_PY" "$PEERS/bench_minhash.py" datatrove "$WORK/shards" "$WORK/dt" 2 "$cores")
    peer_t+=("$t"); peer_m+=("$m")
  done
  ot=$(median "${ours_t[@]}"); om=$(median "${ours_m[@]}"); pt=$(median "${peer_t[@]}"); pm=$(median "${peer_m[@]}")
  kept=$(wc -l < "$WORK/kept.jsonl")
  peer_kept=$(zcat "$WORK"/dt/deduped/* 2>/dev/null | wc -l)
  python3 - "$cores" "$docs" "$ot" "$om" "$pt" "$pm" "$kept" "$peer_kept" <<'PY'
import sys
cores, docs = int(sys.argv[1]), int(sys.argv[2])
ot, om, pt, pm = (float(x) for x in sys.argv[3:7])
kept, peer_kept = int(sys.argv[7]), int(sys.argv[8])
print(f"{cores} core(s): corpus {docs/ot:7.0f} docs/s, peak {om/1024:6.0f} MB, kept {kept} | "
      f"datatrove {docs/pt:6.0f} docs/s, peak {pm/1024:6.0f} MB, kept {peer_kept} | ratio {pt/ot:5.1f}x")
PY
done
