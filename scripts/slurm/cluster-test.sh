#!/usr/bin/env bash
# Runs a pipeline through a real single-node Slurm cluster started here, and checks that it ends
# with the bytes of a local run, after one array task is killed midway and the run resubmitted.
#
#   scripts/slurm/cluster-test.sh [CORPUS_BINARY]      (default .build/debug/corpus)
#
# Needs Debian's slurm-wlm and munge (slurmctld, slurmd, munged, sbatch, squeue). Everything it
# starts (munged on a private socket, slurmctld and slurmd on free ports, with their state in a
# temporary folder) is stopped and removed on exit. Without the packages it prints "skipped"
# and exits 0. Exit status 1 means a check failed.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
corpus=$(realpath "${1:-.build/debug/corpus}")

for tool in munged slurmctld slurmd sbatch squeue scancel python3; do
    if ! command -v "$tool" >/dev/null 2>&1 && [ ! -x "/usr/sbin/$tool" ]; then
        echo "skipped: $tool not found (Debian: apt-get install -y slurm-wlm munge)"
        exit 0
    fi
done
export PATH="$PATH:/usr/sbin"

work=$(mktemp -d /tmp/corpus-slurm-XXXXXX)
port=$((20000 + $$ % 20000))
cleanup() {
    for pidfile in "$work"/slurmd.pid "$work"/slurmctld.pid "$work"/munged.pid; do
        [ -f "$pidfile" ] && kill "$(cat "$pidfile")" 2>/dev/null || true
    done
    # Whatever else still runs from this folder (daemons that wrote no pid file, jobs).
    pkill -f "$work" 2>/dev/null || true
    sleep 1
    pkill -9 -f "$work" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT
fail() {
    echo "FAIL: $*"
    for log in "$work"/slurmctld.log "$work"/slurmd.log; do [ -f "$log" ] && { echo "--- $log"; tail -15 "$log"; }; done
    exit 1
}

# --- a one-node cluster -------------------------------------------------------------------
dd if=/dev/urandom of="$work/munge.key" bs=1024 count=1 2>/dev/null
chmod 600 "$work/munge.key"
munged --force --socket="$work/munge.sock" --key-file="$work/munge.key" --log-file="$work/munged.log" \
    --pid-file="$work/munged.pid" --seed-file="$work/munged.seed" </dev/null >/dev/null 2>&1
mkdir -p "$work/state" "$work/spool"
cat > "$work/slurm.conf" <<CONF
ClusterName=corpustest
SlurmctldHost=localhost
SlurmUser=$(id -un)
AuthType=auth/munge
AuthInfo=socket=$work/munge.sock
StateSaveLocation=$work/state
SlurmdSpoolDir=$work/spool
SlurmctldPidFile=$work/slurmctld.pid
SlurmdPidFile=$work/slurmd.pid
SlurmctldPort=$port
SlurmdPort=$((port + 1))
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SchedulerType=sched/backfill
SchedulerParameters=sched_min_interval=0,batch_sched_delay=0,bf_interval=1,default_queue_depth=200
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
ReturnToService=2
MinJobAge=600
SlurmctldLogFile=$work/slurmctld.log
SlurmdLogFile=$work/slurmd.log
MpiDefault=none
NodeName=localhost CPUs=$(nproc) RealMemory=2000 State=UNKNOWN
PartitionName=test Nodes=localhost Default=YES MaxTime=INFINITE State=UP OverSubscribe=FORCE:4
CONF
export SLURM_CONF="$work/slurm.conf"
# Daemons get no standard streams: a caller reading this script's output must see it end.
slurmctld -f "$SLURM_CONF" </dev/null >/dev/null 2>&1
slurmd -f "$SLURM_CONF" </dev/null >/dev/null 2>&1
for _ in $(seq 50); do sinfo -h -o %T 2>/dev/null | grep -q idle && break; sleep 0.2; done
sinfo -h -o %T | grep -q idle || fail "the Slurm node did not come up (see $work/slurmd.log)"

# --- the input: three JSONL files big enough that a clean task runs for a while -------------
python3 - "$work" <<'PY'
import json, random, sys
random.seed(7)
words = ("the be to of and a in that have it for not on with he as you do at this but his by from they we say her "
         "she or an will my one all would there their what so up out if about who get which go me when make can like "
         "time no just him know take people into year your good some could them see other than then now look only").split()
for f in range(3):
    with open(f"{sys.argv[1]}/in{f}.jsonl", "w") as out:
        for i in range(1000):
            text = "\n".join(" ".join(random.choice(words) for _ in range(random.randint(8, 20))).capitalize() + "."
                             for _ in range(6))
            if i % 20 == 19:
                text = "Repeated page.\n" + " ".join(words) + "."
            out.write(json.dumps({"id": f"doc-{f}-{i}", "text": text, "url": f"https://example.com/{i % 970}"}) + "\n")
PY
cat > "$work/pipeline.yaml" <<YAML
version: 1
name: slurmtest
seed: 7
stages:
  - {type: read, inputs: [in0.jsonl, in1.jsonl, in2.jsonl]}
  - {type: clean, preset: gopher}
  - {type: dedup, methods: [url, exact, minhash]}
  - {type: tokenizer, vocab_size: 150, threads: 1}
  - {type: shard, validation_fraction: 0.1}
YAML

# --- the reference: a local run ------------------------------------------------------------
"$corpus" run "$work/pipeline.yaml" --run-dir "$work/local" --workers 1 --quiet > "$work/local.txt" 2>&1 || { tail -5 "$work/local.txt"; fail "the local run failed"; }

# --- the cluster run, with one clean task killed midway ---------------------------------------
wait_for_queue() {
    for _ in $(seq 900); do
        [ -z "$(squeue -h -o %i 2>/dev/null)" ] && return 0
        sleep 0.2
    done
    fail "jobs still queued after 3 minutes"
}
"$corpus" run "$work/pipeline.yaml" --run-dir "$work/cluster" --executor slurm --tasks 3 > "$work/submit1.txt" 2>&1 \
    || { cat "$work/submit1.txt"; fail "submission failed"; }
grep -q "clean parts ranks 0,1,2 of 3" "$work/submit1.txt" || { cat "$work/submit1.txt"; fail "clean was not an array of 3"; }
victim=""
for _ in $(seq 1500); do
    temp=$(ls "$work/cluster/02-clean"/.part-00001.jsonl.tmp-* 2>/dev/null | head -1 || true)
    if [ -n "$temp" ]; then victim=${temp##*.tmp-}; break; fi
    sleep 0.02
done
[ -n "$victim" ] || fail "never saw clean's part 1 being written"
kill -9 "$victim" || fail "could not kill the clean task (pid $victim)"
echo "killed the clean task of rank 1 midway (pid $victim)"
wait_for_queue
status=0
"$corpus" status "$work/cluster" > "$work/status1.txt" 2>&1 || status=$?
cat "$work/status1.txt"
[ "$status" -eq 65 ] || fail "corpus status should report the failed rank (exit 65, got $status)"
grep -q "failed rank 1: .*02-clean-parts-1.log" "$work/status1.txt" || fail "status does not name the failed rank's log"
[ "$(grep -c "failed rank" "$work/status1.txt")" -eq 1 ] || fail "only the killed rank failed; the jobs after it were not run"

"$corpus" run "$work/pipeline.yaml" --run-dir "$work/cluster" --executor slurm --tasks 3 > "$work/submit2.txt" 2>&1 \
    || { cat "$work/submit2.txt"; fail "resubmission failed"; }
cat "$work/submit2.txt"
grep -q "clean parts ranks 1 of 3" "$work/submit2.txt" || fail "the resubmission should hold only clean's rank 1"
grep -q "read parts" "$work/submit2.txt" && fail "the resubmission should not redo read"
wait_for_queue
"$corpus" status "$work/cluster" > "$work/status2.txt" 2>&1 || { cat "$work/status2.txt"; fail "status after the rerun"; }
grep -c " done " "$work/status2.txt" | grep -q '^5$' || { cat "$work/status2.txt"; fail "not every stage is done"; }

# --- same bytes as the local run -----------------------------------------------------------
diff -r -x .done -x slurm -x stats.json -x report.html "$work/local" "$work/cluster" || fail "cluster output differs from the local run"
python3 - "$work/local/stats.json" "$work/cluster/stats.json" <<'PY' || fail "stats.json differs beyond timings"
import json, sys
def load(path):
    stats = json.load(open(path))
    for stage in stats["stages"]:
        stage["seconds"] = 0
        if stage.get("tokenizer"): stage["tokenizer"]["trainingSeconds"] = 0
    return stats
a, b = load(sys.argv[1]), load(sys.argv[2])
sys.exit(0 if a == b else 1)
PY
echo "ok: the Slurm run (3 ranks, one killed and resubmitted) wrote the local run's bytes"
