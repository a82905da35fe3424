#!/usr/bin/env bash
# Peak RSS of corpus dedup as the corpus grows at a fixed --memory: the input is repeated K times,
# each repeat with the words of every line shuffled by its own seed (so repeats are neither exact
# nor near duplicates of one another and the duplicate structure of the input is kept).
#   scripts/bench/dedup_memory_scaling.sh INPUT.jsonl METHOD [MEMORY] [K...]   (default 64MB, K = 1 4 8)
set -euo pipefail
INPUT="$1"; METHOD="$2"; MEMORY="${3:-64MB}"; shift $(( $# < 3 ? $# : 3 ))
SCALES=("${@:-1 4 8}"); [ $# -eq 0 ] && SCALES=(1 4 8)
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
CORPUS="${CORPUS:-$ROOT/.build/release/corpus}"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
for k in "${SCALES[@]}"; do
  python3 - "$INPUT" "$k" "$WORK/in-$k.jsonl" <<'PY'
import json, random, sys
src, k, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
with open(out, "w") as f:
    for copy in range(k):
        rng = random.Random(copy)
        for line in open(src):
            d = json.loads(line)
            if copy:
                lines = []
                for l in d["text"].split("\n"):
                    w = l.split(); rng.shuffle(w); lines.append(" ".join(w))
                d["text"] = "\n".join(lines)
                d["id"] = f'{d["id"]}~{copy}'
                if d.get("url"): d["url"] = f'{d["url"]}?copy={copy}'
            f.write(json.dumps(d, ensure_ascii=False) + "\n")
PY
  size=$(du -m "$WORK/in-$k.jsonl" | cut -f1)
  /usr/bin/time -f "%e %M" -o "$WORK/time" "$CORPUS" dedup "$WORK/in-$k.jsonl" --method "$METHOD" --memory "$MEMORY" \
    -o "$WORK/out.jsonl" --stats "$WORK/stats.json" --quiet 2>/dev/null
  read -r t m < "$WORK/time"
  docs=$(wc -l < "$WORK/in-$k.jsonl"); kept=$(wc -l < "$WORK/out.jsonl")
  runs=$(python3 -c "import json,sys; print(sum(s.get('sort_runs',0) for s in json.load(open(sys.argv[1]))['steps']))" "$WORK/stats.json")
  echo "x$k: $docs docs, $size MB in, --memory $MEMORY: peak RSS $((m / 1024)) MB, $t s, $runs sort runs, kept $kept"
  rm -f "$WORK/in-$k.jsonl"
done
