#!/usr/bin/env bash
# WARC read+extract throughput, side by side: peers (peer_read_warc.py) and our `corpus read`.
#
# usage: scripts/bench/run_read_bench.sh CORPUS_DIR [WORK_DIR]
#   CORPUS_DIR holds *.warc.gz (make one with scripts/bench/make_warc_corpus.py).
#   WORK_DIR (default /tmp/read-bench) gets each tool's output, /usr/bin/time -v log and JSON line.
# env:
#   PY=/work/.peers/venv/bin/python      venv with warcio fastwarc resiliparse "datatrove[io,processing]"
#   CORPUS_BIN=.build/release/corpus     our binary (relative to the repo root); skipped if missing
#   MODES="warcio-resiliparse fastwarc-resiliparse datatrove ours"   what to run, in order
#   DATATROVE_FILES=0                    datatrove reads only the first N files (0 = all; it is slow)
#   RUNS=1                               rounds; each round runs every mode once, the table shows medians
# Runs each tool once, one after the other, and prints a table: wall s, MB/s of compressed input,
# docs/s (both from whole-process wall time), peak RSS (GNU time: the largest single process), and
# the ratio ours/peer in MB/s.  Set the venv up with:
#   python3 -m venv /work/.peers/venv && /work/.peers/venv/bin/pip install warcio fastwarc resiliparse "datatrove[io,processing]"
set -euo pipefail

CORPUS_DIR=$(realpath "${1:?usage: $0 CORPUS_DIR [WORK_DIR]}")
WORK=${2:-/tmp/read-bench}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
PY=${PY:-/work/.peers/venv/bin/python}
CORPUS_BIN=${CORPUS_BIN:-.build/release/corpus}
MODES=${MODES:-warcio-resiliparse fastwarc-resiliparse datatrove ours}
DATATROVE_FILES=${DATATROVE_FILES:-0}
RUNS=${RUNS:-1}
PEER="$ROOT/scripts/bench/peer_read_warc.py"

if [ ! -x /usr/bin/time ]; then
  if [ "$(id -u)" = 0 ]; then apt-get install -y time >/dev/null; else echo "need /usr/bin/time (apt-get install time)" >&2; exit 1; fi
fi
shopt -s nullglob
FILES=("$CORPUS_DIR"/*.warc.gz)
[ ${#FILES[@]} -gt 0 ] || { echo "no *.warc.gz in $CORPUS_DIR" >&2; exit 1; }
rm -rf "$WORK" && mkdir -p "$WORK"

run() {  # run NAME CMD... : time it (NAME.time.ROUND), keep stdout's last line as NAME.json
  local name=$1; shift
  echo "== round $round $name: $*" >&2
  /usr/bin/time -v -o "$WORK/$name.time.$round" "$@" > "$WORK/$name.stdout" 2> "$WORK/$name.stderr" \
    || { echo "   $name failed, see $WORK/$name.stderr" >&2; return 0; }
  tail -n 1 "$WORK/$name.stdout" > "$WORK/$name.json"
}

for round in $(seq 1 "$RUNS"); do
for mode in $MODES; do
  case $mode in
    warcio-resiliparse|fastwarc-resiliparse)
      run "$mode" "$PY" "$PEER" "$mode" -o "$WORK/$mode.jsonl" "${FILES[@]}" ;;
    datatrove)
      run datatrove "$PY" "$PEER" datatrove --files "$DATATROVE_FILES" "$CORPUS_DIR" "$WORK/datatrove" ;;
    ours|ours-w1)  # ours: all cores; ours-w1: one extraction thread (per-core figure)
      if [ -x "$ROOT/$CORPUS_BIN" ]; then
        workers=$([ "$mode" = ours-w1 ] && echo 1 || nproc)
        run "$mode" "$ROOT/$CORPUS_BIN" read "${FILES[@]}" -o "$WORK/$mode.jsonl" --workers "$workers"
        if [ -f "$WORK/$mode.jsonl" ]; then  # our JSON line: docs from the output, bytes from the input
          python3 -c 'import json,os,sys; print(json.dumps({"tool":"ours","files":len(sys.argv)-2,
            "docs":sum(1 for _ in open(sys.argv[1],"rb")),"input_bytes":sum(os.path.getsize(p) for p in sys.argv[2:])}))' \
            "$WORK/$mode.jsonl" "${FILES[@]}" > "$WORK/$mode.json"
        fi
      else
        echo "== ours: $ROOT/$CORPUS_BIN not built yet (swift build -c release), skipped" >&2
      fi ;;
    *) echo "unknown mode $mode" >&2; exit 1 ;;
  esac
done
done

python3 - "$WORK" $MODES <<'EOF'
import glob, json, os, re, statistics, sys
work, modes = sys.argv[1], sys.argv[2:]
rows = {}
for m in modes:
    try:
        j = json.loads(open(f"{work}/{m}.json").read())
        times = [open(f).read() for f in sorted(glob.glob(f"{work}/{m}.time.*"))]
    except (OSError, ValueError):
        continue
    if not times:
        continue
    def wall_of(t):
        w = re.search(r"Elapsed \(wall clock\) time.*: (\S+)", t).group(1).split(":")
        return sum(float(x) * 60 ** i for i, x in enumerate(reversed(w)))
    wall = statistics.median(wall_of(t) for t in times)
    rss = max(int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", t).group(1)) for t in times) / 1024
    rows[m] = dict(files=j["files"], docs=j["docs"], mb=j["input_bytes"] / 1e6, wall=wall,
                   mbs=j["input_bytes"] / 1e6 / wall, dps=j["docs"] / wall, rss=rss, inproc=j.get("seconds"))
print(f"medians of {max(len(glob.glob(f'{work}/{m}.time.*')) for m in rows) if rows else 0} runs")
print(f"{'tool':22} {'files':>5} {'docs':>7} {'in MB':>7} {'wall s':>8} {'MB/s':>7} {'docs/s':>8} {'RSS MB':>7} {'ours/peer':>9} {'ours-w1/peer':>12}")
def ratio(mine, m, r):
    return f"{rows[mine]['mbs'] / r['mbs']:.2f}x" if mine in rows and not m.startswith("ours") else "-"
for m, r in rows.items():
    print(f"{m:22} {r['files']:>5} {r['docs']:>7} {r['mb']:>7.1f} {r['wall']:>8.2f} {r['mbs']:>7.2f} "
          f"{r['dps']:>8.1f} {r['rss']:>7.0f} {ratio('ours', m, r):>9} {ratio('ours-w1', m, r):>12}")
EOF
