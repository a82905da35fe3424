#!/usr/bin/env bash
# Grade C4 line dedup against the C4 reference (tensorflow-datasets `remove_duplicate_text`):
#   corpus clean (the c4 preset without language ID and bad words) → corpus dedup --method lines
# against c4_reference.py --line-dedup --no-langdetect --no-badwords, then compare.py.
#   scripts/c4/compare_line_dedup.sh INPUT.jsonl [WORKDIR]
# Every page needs its own `url` (the reference refuses two pages with one URL).
# Needs the oracle environment: ORACLE=/path/.oracle bash ../shared/peers/c4oracle/setup.sh
set -euo pipefail
INPUT="$1"; WORK="${2:-/tmp/c4-lines-compare}"
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
ORACLE_DIR="${ORACLE_DIR:-$ROOT/../shared/peers/c4oracle}"
ORACLE="${ORACLE:-$ORACLE_DIR/.oracle}"
PY="$ORACLE/venv/bin/python"
CORPUS="${CORPUS:-$ROOT/.build/release/corpus}"
mkdir -p "$WORK"
rm -f "$WORK"/cleaned.jsonl "$WORK"/kept.jsonl "$WORK"/excluded*.jsonl "$WORK"/removed.jsonl

# The c4 preset's length and clean-page rules only: language ID and bad words come after line
# dedup in C4, and CLD2 vs langdetect differences must not mix into this comparison.
cat > "$WORK/c4-clean-only.yaml" <<EOF
version: 1
description: C4 length and clean-page rules only (line dedup comparison)
normalize: none
filters:
  - c4_length:
      max_characters: 190000
  - c4_clean:
      min_words_per_line: 5
      min_sentences: 3
      max_word_length: 1000
      punkt_model: $ROOT/Filters/punkt-english
EOF
"$CORPUS" clean "$INPUT" --preset "$WORK/c4-clean-only.yaml" -o "$WORK/cleaned.jsonl" --excluded "$WORK/excluded-clean.jsonl" --quiet
"$CORPUS" dedup "$WORK/cleaned.jsonl" --method lines --filters-dir "$ROOT/Filters" -o "$WORK/kept.jsonl" \
    --removed "$WORK/removed.jsonl" --stats "$WORK/dedup-stats.json" --quiet
# Dedup's removal records ({"id","method","reason"}) in clean's exclusion format ({"id","filter","reason"}).
python3 -c '
import json, sys
with open(sys.argv[1], encoding="utf-8") as f, open(sys.argv[2], "w", encoding="utf-8") as out:
    for line in f:
        r = json.loads(line)
        out.write(json.dumps({"id": r["id"], "filter": r["method"], "reason": r["reason"]}, ensure_ascii=False) + "\n")
' "$WORK/removed.jsonl" "$WORK/excluded-lines.jsonl"
cat "$WORK/excluded-clean.jsonl" "$WORK/excluded-lines.jsonl" > "$WORK/excluded.jsonl"
python3 "$ROOT/scripts/c4/to_oracle_format.py" "$INPUT" "$WORK/kept.jsonl" "$WORK/excluded.jsonl" "$WORK/ours.jsonl"
"$PY" "$ORACLE_DIR/c4_reference.py" "$INPUT" "$WORK/reference.jsonl" --line-dedup --no-langdetect --no-badwords \
    --badwords "$ROOT/Filters/ldnoobw/en" --nltk-data "$ORACLE/nltk_data" --summary "$WORK/reference-summary.json" > /dev/null
"$PY" "$ORACLE_DIR/compare.py" "$WORK/reference.jsonl" "$WORK/ours.jsonl" --examples 5
