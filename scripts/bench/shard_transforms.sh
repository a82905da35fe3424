#!/usr/bin/env bash
# Real token ids for scripts/bench/shard_transforms.py: unigram SentencePiece models (vocab 8000 and
# 32000) trained with Debian's spm_train on the text of a JSONL corpus, which spm_encode turns to ids.
# Usage: scripts/bench/shard_transforms.sh [CORPUS.jsonl] [WORK_DIR]   (needs python3 with numpy, lz4)
set -euo pipefail
corpus=${1:-/work/bench-data/debian-docs.jsonl}
work=${2:-/tmp/shardbench}
python=${PYTHON:-python3}
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$work"
"$python" - "$corpus" "$work/text.txt" <<'PY'
import json, sys
with open(sys.argv[1]) as f, open(sys.argv[2], "w") as out:
    for line in f:
        for l in json.loads(line)["text"].split("\n"):
            if l.strip():
                out.write(l.strip() + "\n")
PY
for v in 8000 32000; do
  if [ ! -f "$work/ids$v.txt" ]; then
    spm_train --input="$work/text.txt" --model_prefix="$work/uni$v" --vocab_size=$v --model_type=unigram \
      --num_threads=1 --input_sentence_size=200000 --shuffle_input_sentence=true \
      --character_coverage=0.9995 --max_sentence_length=8192 > "$work/train$v.log" 2>&1
    spm_encode --model="$work/uni$v.model" --output_format=id < "$work/text.txt" > "$work/ids$v.txt"
  fi
done
"$python" "$here/shard_transforms.py" "$work/ids8000.txt" "$work/ids32000.txt" "${@:3}"
