#!/usr/bin/env bash
# corpus clean vs datatrove on the same JSONL, one core each, medians of RUNS runs.
#   scripts/bench/run_clean_bench.sh INPUT.jsonl [RULESETS...]     (default: c4 gopher c4-gopher)
# Needs a release build (swift build -c release) and a Python with datatrove and spaCy:
#   PEER_PY=/path/to/venv/bin/python (datatrove==0.10.1, spacy==3.8.18).
set -euo pipefail
INPUT="$1"; shift
RULESETS=("${@:-c4 gopher c4-gopher}")
[ $# -eq 0 ] && RULESETS=(c4 gopher c4-gopher)
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
CORPUS="${CORPUS:-$ROOT/.build/release/corpus}"
PEER_PY="${PEER_PY:-/work/.peers/venv/bin/python}"
RUNS="${RUNS:-3}"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
bytes=$(python3 -c "import json,sys; print(sum(len(json.loads(l)['text'].encode()) for l in open(sys.argv[1])))" "$INPUT")
docs=$(wc -l < "$INPUT")
median() { python3 -c "import statistics,sys; print(statistics.median(float(x) for x in sys.argv[1:]))" "$@"; }
for ruleset in "${RULESETS[@]}"; do
  ours=(); peer=()
  for _ in $(seq "$RUNS"); do
    start=$(date +%s.%N)
    "$CORPUS" clean "$INPUT" --preset "$ROOT/scripts/bench/presets/$ruleset.yaml" -o "$WORK/kept.jsonl" --workers 1 --quiet 2>/dev/null
    end=$(date +%s.%N)
    ours+=("$(python3 -c "print($end - $start)")")
    peer+=("$("$PEER_PY" "$ROOT/scripts/bench/peer_clean.py" "$ruleset" "$INPUT" | python3 -c "import json,sys; print(json.load(sys.stdin)['seconds'])")")
  done
  o=$(median "${ours[@]}"); p=$(median "${peer[@]}")
  kept=$(wc -l < "$WORK/kept.jsonl")
  python3 - "$ruleset" "$o" "$p" "$docs" "$bytes" "$kept" <<'PY'
import sys
ruleset, ours, peer, docs, size, kept = sys.argv[1], float(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]), int(sys.argv[6])
print(f"{ruleset:10s} corpus {docs/ours:8.0f} docs/s {size/ours/1e6:6.2f} MB/s | datatrove {docs/peer:7.0f} docs/s {size/peer/1e6:6.2f} MB/s | ratio {peer/ours:5.1f}x | corpus kept {kept}/{docs}")
PY
done
