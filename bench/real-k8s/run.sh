#!/usr/bin/env bash
# Backup and restore against a real control plane (kube-apiserver + etcd + kube-controller-manager
# from shared/tools/real-k8s), each against the raw baseline of the same kube client, in the same
# run, alternating:
#   - 20,000 ConfigMaps of ~5 KB in one namespace (bench/real-k8s/gen_configmaps.py):
#     raw 32-way parallel creates (restore_bench --mode raw) vs a restore of the same objects
#     (restore_bench --mode restore, 32 workers), each into a fresh v1.26.9 cluster;
#     a paged LIST of every backupable resource (backup_bench --mode list) vs a whole-cluster
#     backup (backup_bench --mode backup) of the loaded cluster; both also on the fresh cluster
#     (~220 objects), which shows the fixed cost;
#   - once unpinned and once with the control plane on CPU 0 and the bench on CPU 1;
#   - migration: a 1,500-object corpus (gen_k8s_corpus.py --valid) loaded into v1.21.2, a backup
#     there, a restore of that backup into a fresh v1.26.9.
# Each measurement is its own process (peak RSS is its own), with its wall time and CPU
# (/usr/bin/time) and the CPU that kube-apiserver, etcd and kube-controller-manager spent
# meanwhile (/proc/PID/stat). Every row goes to WORK_DIR/results.jsonl; medians are printed.
#   bench/real-k8s/run.sh BUILD_DIR
# Environment: RUNS (3), N (20000 ConfigMaps), WORKERS (32, restore and raw creates),
# BACKUP_WORKERS (4), PAGE_SIZE (500), LEVEL (gzip level, 1), PAIRS (LIST/backup pairs per
# loaded cluster, 3), PINNING ("unpinned pinned"; one cluster pair of each per run, alternating),
# MIGRATION (1; 0 skips it), MIGRATION_N (objects in the migration's corpus, 1500), WORK_DIR (/tmp/ark-bench-real-k8s; the clusters' STATE_DIRs go
# under it), REAL_K8S (the tool's folder, default ../shared/tools/real-k8s).
# Most of the time goes to the 12 x 20,000 creates: 21 min on 2 cores at load average ~10, an
# estimated ~10 min idle (RUNS=1 roughly thirds it). Needs etcd, curl, jq, taskset, GNU time.
set -euo pipefail
BUILD=$(cd "${1:?usage: run.sh BUILD_DIR}" && pwd)
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
HERE=$ROOT/bench/real-k8s
RUNS=${RUNS:-3}
N=${N:-20000}
WORKERS=${WORKERS:-32}
BACKUP_WORKERS=${BACKUP_WORKERS:-4}
PAGE_SIZE=${PAGE_SIZE:-500}
PAIRS=${PAIRS:-3}
LEVEL=${LEVEL:-1}
PINNING=${PINNING:-unpinned pinned}
MIGRATION=${MIGRATION:-1}
MIGRATION_N=${MIGRATION_N:-1500}
WORK=${WORK_DIR:-/tmp/ark-bench-real-k8s}
TOOL=${REAL_K8S:-$ROOT/../shared/tools/real-k8s}
GEN_VALID=$ROOT/tests/cluster/data/gen_k8s_corpus.py
[[ -f $GEN_VALID ]] || GEN_VALID=$ROOT/../shared/tools/gen-k8s-corpus.py
BACKUP=$BUILD/bench/backup/backup_bench
RESTORE=$BUILD/bench/restore/restore_bench
for b in "$BACKUP" "$RESTORE"; do [[ -x $b ]] || { echo "missing $b (make release)" >&2; exit 1; }; done
for t in "$TOOL/start.sh" /usr/bin/time; do [[ -e $t ]] || { echo "missing $t" >&2; exit 1; }; done
for t in jq taskset curl; do command -v "$t" >/dev/null || { echo "missing $t" >&2; exit 1; }; done
mkdir -p "$WORK/spool"
RESULTS=$WORK/results.jsonl
: >"$RESULTS"
T0=$SECONDS

# ---------------------------------------------------------------- clusters
STARTED=()
cleanup() { local s; for s in "${STARTED[@]}"; do bash "$TOOL/stop.sh" "$s" 2>/dev/null || true; done; }
trap cleanup EXIT
# start_cluster STATE VERSION: a cluster with an empty etcd; sets KC (its admin kubeconfig).
start_cluster() {
  STARTED+=("$1")
  KC=$(K8S_VERSION=$2 KEEP_DATA=0 STOP_WITH_PID=$$ bash "$TOOL/start.sh" "$1" 2>>"$WORK/clusters.log" | tail -n 1) ||
    { echo "start.sh $1 failed; see $WORK/clusters.log" >&2; exit 1; }
}
stop_cluster() { bash "$TOOL/stop.sh" "$1" 2>>"$WORK/clusters.log"; }
COMPONENTS=(kube-apiserver etcd kube-controller-manager)
# pin_cluster STATE: every thread of the control plane's processes onto CPU 0.
pin_cluster() {
  local n
  for n in "${COMPONENTS[@]}"; do taskset -apc 0 "$(cat "$1/run/$n.pid")" >/dev/null; done
}
# api STATE PATH: GET from the cluster's API server as its admin.
api() {
  local port
  port=$(sed -n 's/^API_PORT=//p' "$1/cluster.env")
  curl -sS --fail --noproxy '*' --cacert "$1/pki/ca.crt" --cert "$1/pki/admin.crt" \
    --key "$1/pki/admin.key" "https://127.0.0.1:$port$2"
}

# ---------------------------------------------------------------- measurements
cpu_seconds() { awk -v hz="$(getconf CLK_TCK)" '{ sub(/^.*\) /, ""); printf "%.2f", ($12 + $13) / hz }' "/proc/$1/stat"; }
# measure LABEL STATE CMD...: runs a bench that prints one JSON line; appends that line to
# RESULTS with: pinning, run, label, the process's wall/user/sys seconds, the CPU seconds of
# each control-plane process during it, and the 1-minute load average before it.
measure() {
  local label=$1 state=$2 n before=() after=() load
  shift 2
  for n in "${COMPONENTS[@]}"; do before+=("$(cpu_seconds "$(cat "$state/run/$n.pid")")"); done
  load=$(cut -d' ' -f1 /proc/loadavg)
  if ! "${BENCH_PREFIX[@]}" /usr/bin/time -f '%e %U %S' -o "$WORK/time.out" "$@" >"$WORK/bench.out"; then
    echo "$label failed: $*" >&2
    cat "$WORK/bench.out" >&2
    exit 1
  fi
  for n in "${COMPONENTS[@]}"; do after+=("$(cpu_seconds "$(cat "$state/run/$n.pid")")"); done
  read -r wall user sys <"$WORK/time.out"
  grep '^{' "$WORK/bench.out" | tail -n 1 | jq -c --arg lbl "$label" --arg pinning "$PIN" \
    --argjson run "$RUN" --argjson wall "$wall" --argjson user "$user" --argjson sys "$sys" \
    --argjson load "$load" \
    --argjson api "$(jq -n "${after[0]} - ${before[0]}")" \
    --argjson etcd "$(jq -n "${after[1]} - ${before[1]}")" \
    --argjson kcm "$(jq -n "${after[2]} - ${before[2]}")" \
    '{"label": $lbl, "pinning": $pinning, "run": $run} + . + {"wall": $wall, "user": $user,
      "sys": $sys, "apiserver_cpu": $api, "etcd_cpu": $etcd, "kcm_cpu": $kcm, "load1": $load}' |
    tee -a "$RESULTS"
}
list() { measure "$1" "$2" "$BACKUP" --kubeconfig "$3" --mode list --workers "$BACKUP_WORKERS" --page-size "$PAGE_SIZE"; }
backup() {
  measure "$1" "$2" "$BACKUP" --kubeconfig "$3" --mode backup --workers "$BACKUP_WORKERS" \
    --page-size "$PAGE_SIZE" --level "$LEVEL" --out "${4:-$WORK/backup.tar.gz}" --log "$WORK/backup-log.gz"
}
restore() {
  measure "$1" "$2" "$RESTORE" --mode restore --tarball "$4" --kubeconfig "$3" --workers "$WORKERS" \
    --work-dir "$WORK/spool"
}

# ---------------------------------------------------------------- 20k ConfigMaps
echo "# $(date -u +%FT%TZ) $(nproc) cores, $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -n 1)," \
  "$(uname -sr), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "# N=$N workers=$WORKERS backup_workers=$BACKUP_WORKERS page_size=$PAGE_SIZE gzip=$LEVEL" \
  "runs=$RUNS pairs=$PAIRS"
CORPUS=$WORK/configmaps-$N.jsonl
TARBALL=$WORK/configmaps-$N.tar.gz
[[ -s $CORPUS ]] || python3 "$HERE/gen_configmaps.py" -n "$N" --out "$CORPUS" >&2
[[ -s $TARBALL ]] || "$RESTORE" --mode tarball --corpus "$CORPUS" --out "$TARBALL" >&2
echo "# corpus $(wc -c <"$CORPUS") bytes, tarball $(wc -c <"$TARBALL") bytes"
A=$WORK/k8s-a  # raw creates, then LIST and backup of what they created
B=$WORK/k8s-b  # the restore
load_and_back_up() {
  start_cluster "$A" 1.26
  [[ $PIN == pinned ]] && pin_cluster "$A"
  list fresh-list "$A" "$KC"
  backup fresh-backup "$A" "$KC"
  measure raw "$A" "$RESTORE" --mode raw --corpus "$CORPUS" --kubeconfig "$KC" --workers "$WORKERS"
  local pair
  for pair in $(seq "$PAIRS"); do
    if (( (RUN + pair) % 2 )); then
      list list "$A" "$KC"; backup backup "$A" "$KC"
    else
      backup backup "$A" "$KC"; list list "$A" "$KC"
    fi
  done
  stop_cluster "$A"
}
restore_fresh() {
  start_cluster "$B" 1.26
  [[ $PIN == pinned ]] && pin_cluster "$B"
  restore restore "$B" "$KC" "$TARBALL"
  stop_cluster "$B"
}
for RUN in $(seq "$RUNS"); do
  for PIN in $PINNING; do
    BENCH_PREFIX=()
    [[ $PIN == pinned ]] && BENCH_PREFIX=(taskset -c 1)
    if (( RUN % 2 )); then load_and_back_up; restore_fresh; else restore_fresh; load_and_back_up; fi
  done
done
BENCH_PREFIX=()

# ---------------------------------------------------------------- migration v1.21 -> v1.26
if [[ $MIGRATION == 1 ]]; then
  PIN=unpinned RUN=1
  MCORPUS=$WORK/migration-$MIGRATION_N.jsonl
  [[ -s $MCORPUS ]] || python3 "$GEN_VALID" -n "$MIGRATION_N" --namespaces 15 --valid --stream "$MCORPUS" >&2
  # kind counts in the corpus's namespaces: STATE -> one JSON line
  count_kinds() {
    local r out='{}' c
    for r in api/v1/configmaps api/v1/secrets api/v1/services api/v1/serviceaccounts \
      apis/apps/v1/deployments apis/apps/v1/replicasets api/v1/pods; do
      c=$(api "$1" "/$r" | jq --slurpfile ns "$WORK/migration-namespaces.json" \
        '[.items[] | select(.metadata.namespace as $n | $ns[0] | index($n))] | length')
      out=$(jq -c --arg k "${r##*/}" --argjson c "$c" '. + {($k): $c}' <<<"$out")
    done
    echo "$out"
  }
  jq -s -c '[.[].metadata.namespace] | unique' "$MCORPUS" >"$WORK/migration-namespaces.json"
  M21=$WORK/k8s-121
  M26=$WORK/k8s-126
  start_cluster "$M21" 1.21
  echo "# migration: loaded into $(sed -n 's/^K8S_VERSION=//p' "$M21/cluster.env"):" \
    "$(python3 "$HERE/load_objects.py" "$M21" "$MCORPUS" --threads 8)"
  # Deployments make ReplicaSets and Pods: settle STATE waits (up to 60 s) until the number of
  # Pods stops changing.
  settle() {
    local prev=-1 now
    for _ in $(seq 30); do
      now=$(api "$1" /api/v1/pods | jq '.items | length')
      [[ $now == "$prev" ]] && return 0
      prev=$now
      sleep 2
    done
  }
  settle "$M21"
  echo "# migration: v1.21 objects in the corpus namespaces: $(count_kinds "$M21")"
  list migration-list "$M21" "$M21/kubeconfig"
  backup migration-backup "$M21" "$M21/kubeconfig" "$WORK/migration.tar.gz"
  stop_cluster "$M21"
  start_cluster "$M26" 1.26
  # restore_bench deletes the restore's log when it is done; keep a second link to it.
  rm -f "$WORK/spool/bench-restore-logs.gz" "$WORK/migration-restore-log.gz"
  ( for _ in $(seq 3000); do
      ln "$WORK/spool/bench-restore-logs.gz" "$WORK/migration-restore-log.gz" 2>/dev/null && exit 0
      sleep 0.01
    done ) &
  keeper=$!
  restore migration-restore "$M26" "$KC" "$WORK/migration.tar.gz"
  wait "$keeper" || true
  settle "$M26"
  echo "# migration: v1.26 objects in the corpus namespaces after the restore: $(count_kinds "$M26")"
  stop_cluster "$M26"
fi

# ---------------------------------------------------------------- summary
echo "# done in $((SECONDS - T0)) s, load $(cut -d' ' -f1-3 /proc/loadavg)"
python3 - "$RESULTS" <<'PY'
import json, statistics, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
med = statistics.median
def pick(pin, label):
    return [r for r in rows if r['pinning'] == pin and r['label'] == label]
def cpu(r):  # CPU seconds of the bench and the whole control plane during one measurement
    return r['user'] + r['sys'] + r['apiserver_cpu'] + r['etcd_cpu'] + r['kcm_cpu']
def paired(a, b):  # median over runs of (median of b in the run) / (median of a in the run)
    runs = sorted({r['run'] for r in a} & {r['run'] for r in b})
    return med(med(r['seconds'] for r in b if r['run'] == n) /
               med(r['seconds'] for r in a if r['run'] == n) for n in runs)
for pin in dict.fromkeys(r['pinning'] for r in rows if not r['label'].startswith('migration')):
    g = {l: pick(pin, l) for l in ('fresh-list', 'fresh-backup', 'raw', 'list', 'backup', 'restore')}
    s = {l: med(r['seconds'] for r in rs) for l, rs in g.items()}
    print(f"SUMMARY {pin}: {len(g['list'])} LIST/backup pairs over {len(g['raw'])} clusters, "
          f"{g['backup'][0]['objects']} objects: LIST {s['list']:.2f} s, backup {s['backup']:.2f} s, "
          f"backup/LIST {s['backup'] / s['list']:.2f} (paired per run {paired(g['list'], g['backup']):.2f})")
    print(f"SUMMARY {pin}: raw creates {s['raw']:.2f} s, restore {s['restore']:.2f} s, "
          f"restore/raw {s['restore'] / s['raw']:.2f} (paired per run {paired(g['raw'], g['restore']):.2f}); "
          f"created raw {min(r['created'] for r in g['raw'])}, restore {min(r['created'] for r in g['restore'])}; "
          f"failed raw {max(r['failed'] for r in g['raw'])}, restore {max(r['failed'] for r in g['restore'])}")
    print(f"SUMMARY {pin}: peak RSS MiB (max): LIST {max(r['peak_rss_mib'] for r in g['list']):.1f}, "
          f"backup {max(r['peak_rss_mib'] for r in g['backup']):.1f}, "
          f"raw {max(r['peak_rss_mib'] for r in g['raw']):.1f}, restore {max(r['peak_rss_mib'] for r in g['restore']):.1f}")
    print(f"SUMMARY {pin}: fresh cluster ({g['fresh-backup'][0]['objects']} objects): "
          f"LIST {s['fresh-list']:.3f} s (process {med(r['wall'] for r in g['fresh-list']):.2f} s), "
          f"backup {s['fresh-backup']:.3f} s (process {med(r['wall'] for r in g['fresh-backup']):.2f} s)")
    print(f"SUMMARY {pin}: median CPU seconds during each measurement:")
    for l in ('list', 'backup', 'raw', 'restore'):
        rs = g[l]
        print(f"SUMMARY {pin}:   {l:8} bench {med(r['user'] + r['sys'] for r in rs):6.2f}  "
              f"kube-apiserver {med(r['apiserver_cpu'] for r in rs):6.2f}  etcd {med(r['etcd_cpu'] for r in rs):5.2f}  "
              f"kcm {med(r['kcm_cpu'] for r in rs):5.2f}  all {med(cpu(r) for r in rs):6.2f}  "
              f"wall {med(r['wall'] for r in rs):6.2f}  load1 {med(r['load1'] for r in rs):.1f}")
for r in rows:
    if r['label'].startswith('migration'):
        extra = (f"created {r['created']} skipped {r['skipped']} failed {r['failed']} {r['phase']}"
                 if r['mode'] == 'restore' else f"objects {r['objects']}")
        print(f"SUMMARY {r['label']}: {r['seconds']:.2f} s (process {r['wall']:.2f} s), "
              f"peak RSS {r['peak_rss_mib']:.1f} MiB, {extra}")
PY
