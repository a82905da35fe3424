#!/usr/bin/env bash
# Read speed of token shards on one thread: writes datasets from real token ids (the ids files
# scripts/bench/shard_transforms.sh makes, repeated --copies times so shards roll over) with blocks of
# 65,536 and 16,384 tokens, then runs `corpus shards verify` and `corpus shards scan` on each.
# Usage: scripts/bench/shard_read.sh [WORK_DIR] [COPIES]     (after swift build -c release)
set -euo pipefail
work=${1:-/tmp/shardbench}
copies=${2:-6}
corpus=${CORPUS:-.build/release/corpus}
for v in 8000 32000; do
  ids=()
  for _ in $(seq "$copies"); do ids+=("$work/ids$v.txt"); done
  for block in 65536 16384; do
    out="$work/ds-$v-$block"
    echo "== vocab $v, blocks of $block tokens, $copies copies"
    /usr/bin/time -f "write: %e s, peak RSS %M KB" "$corpus" shards from-ids "${ids[@]}" --vocab-size $v \
      --block-tokens $block --validation-fraction 0.01 -o "$out" 2>&1 | tail -2
    "$corpus" shards verify "$out" 2>/dev/null
    "$corpus" shards scan "$out" --sequence-length 2048 --sequences 20000
  done
done
