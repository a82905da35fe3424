#!/usr/bin/env bash
# Encoding documents into token ids, same SentencePiece model, same documents, side by side:
#   corpus shard (whole process: JSONL read, encode on --workers, lz4 shards written),
#   the SentencePiece library corpus links (Debian's libsentencepiece, in process, 1 thread),
#   Python sentencepiece (pip wheel, its own bundled library; encode time only),
#   HuggingFace tokenizers (the same model converted with from_spm; encode time only).
# Medians of RUNS runs; then how many documents get identical ids in each implementation.
#   scripts/bench/run_tokenizer_bench.sh MODEL DOCS.jsonl
# Needs a release build, g++ and PEER_PY: a Python with sentencepiece, tokenizers, protobuf, numpy, lz4.
set -euo pipefail
MODEL="$1"
DOCS="$2"
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
CORPUS="${CORPUS:-$ROOT/.build/release/corpus}"
PEER_PY="${PEER_PY:-/work/.peers/venv/bin/python}"
RUNS="${RUNS:-3}"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
g++ -O2 -o "$WORK/spm_encode_docs" "$ROOT/scripts/bench/spm_encode_docs.cc" -lsentencepiece
# One document per line for the library harness (SentencePiece's normalizer turns newlines into spaces anyway).
"$PEER_PY" -c "
import json, sys
with open(sys.argv[1]) as f, open(sys.argv[2], 'w') as out:
    for line in f:
        if line.strip(): out.write(json.loads(line)['text'].replace('\n', ' ').replace('\r', ' ') + '\n')
" "$DOCS" "$WORK/docs.txt"
mb=$("$PEER_PY" -c "import json,sys; print(sum(len(json.loads(l)['text'].encode()) for l in open(sys.argv[1]) if l.strip())/1e6)" "$DOCS")
median() { python3 -c "import statistics,sys; print(statistics.median(float(x) for x in sys.argv[1:]))" "$@"; }
field() { python3 -c "import json,sys; print(json.loads(sys.stdin.read().strip().splitlines()[-1])[sys.argv[1]])" "$1"; }
report() { printf "%-44s %8.2f MB/s  (%s)\n" "$1" "$2" "$3"; }

for workers in 1 2; do
  walls=(); cpus=()
  for _ in $(seq "$RUNS"); do
    /usr/bin/time -f "%e %U %S" -o "$WORK/time" "$CORPUS" shard "$DOCS" --tokenizer "$MODEL" -o "$WORK/ours" --workers "$workers" --quiet 2>/dev/null
    read -r wall user sys < "$WORK/time"
    walls+=("$wall"); cpus+=("$(python3 -c "print($user + $sys)")")
  done
  w=$(median "${walls[@]}"); c=$(median "${cpus[@]}")
  report "corpus shard --workers $workers (whole process)" "$(python3 -c "print($mb / $w)")" \
    "wall ${w} s; $(python3 -c "print(round($mb / $c, 2))") MB per CPU-second"
done
speeds=()
for _ in $(seq "$RUNS"); do speeds+=("$("$WORK/spm_encode_docs" "$MODEL" "$WORK/docs.txt" "$WORK/lib-ids.txt" | field mb_per_s)"); done
report "libsentencepiece $(dpkg-query -W -f='${Version}' libsentencepiece0 2>/dev/null) Encode, 1 thread" "$(median "${speeds[@]}")" "in process, encode only"
for impl in python-sentencepiece hf-tokenizers; do
  for threads in 1 2; do
    speeds=()
    for _ in $(seq "$RUNS"); do
      speeds+=("$("$PEER_PY" "$ROOT/scripts/bench/tokenizer_encode_peers.py" "$MODEL" "$DOCS" "$threads" "$impl" "$WORK/$impl-ids.jsonl" | field mb_per_s)")
    done
    version=$("$PEER_PY" -c "import importlib.metadata as m; print(m.version('${impl#*-}'))")
    report "$impl $version, $threads thread(s)" "$(median "${speeds[@]}")" "in process, encode only"
  done
done
"$PEER_PY" "$ROOT/scripts/read_shards.py" "$WORK/ours" --dump-ids "$WORK/ours-ids.txt" --print 0 --skip-file-checksums > /dev/null
"$PEER_PY" - "$WORK" <<'PY'
import json, sys
work = sys.argv[1]
ours = [line.split() for line in open(f"{work}/ours-ids.txt")]
lib = [line.split() for line in open(f"{work}/lib-ids.txt")]
for name, other in [("libsentencepiece", lib)] + [
        (impl, [[str(i) for i in json.loads(l)["ids"]] for l in open(f"{work}/{impl}-ids.jsonl")])
        for impl in ("python-sentencepiece", "hf-tokenizers")]:
    same = sum(a == b for a, b in zip(ours, other))
    print(f"identical ids, corpus vs {name}: {same}/{len(ours)} documents")
PY
