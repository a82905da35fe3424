#!/usr/bin/env bash
# Grade `corpus clean --preset c4` against the C4 reference (tensorflow-datasets c4_utils.py) on a JSONL file.
#   scripts/c4/compare_with_reference.sh INPUT.jsonl [WORKDIR] [extra reference flags, e.g. --no-langdetect]
# Needs the oracle environment: ORACLE=/path/.oracle bash ../shared/peers/c4oracle/setup.sh
set -euo pipefail
INPUT="$1"; WORK="${2:-/tmp/c4-compare}"; shift $(( $# >= 2 ? 2 : 1 ))
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
ORACLE_DIR="${ORACLE_DIR:-$ROOT/../shared/peers/c4oracle}"
ORACLE="${ORACLE:-$ORACLE_DIR/.oracle}"
PY="$ORACLE/venv/bin/python"
CORPUS="${CORPUS:-$ROOT/.build/release/corpus}"
PRESET="${PRESET:-c4}"
mkdir -p "$WORK"
"$CORPUS" clean "$INPUT" --preset "$PRESET" -o "$WORK/kept.jsonl" --excluded "$WORK/excluded.jsonl" --stats "$WORK/stats.json" --quiet
python3 "$ROOT/scripts/c4/to_oracle_format.py" "$INPUT" "$WORK/kept.jsonl" "$WORK/excluded.jsonl" "$WORK/ours.jsonl"
C4ORACLE_NLTK_DATA="$ORACLE/nltk_data" "$PY" "$ORACLE_DIR/c4_reference.py" "$INPUT" "$WORK/reference.jsonl" --badwords "$ROOT/Filters/ldnoobw/en" "$@" > /dev/null
"$PY" "$ORACLE_DIR/compare.py" "$WORK/reference.jsonl" "$WORK/ours.jsonl" --examples 5
