#!/usr/bin/env bash
# Restore benchmark: restore a backup tarball of 10k and 100k generated objects (Pods,
# ConfigMaps, Deployments, Services, Secrets; ~5 KB each; every Pod names a controlling
# ReplicaSet the corpus does not hold, so the restore creates it too, without the reference)
# into a fresh kubesim, against raw parallel creates of exactly
# the objects the restore creates, by the same kube client with the same number of workers, in
# the same run. Each measurement is its own process against its own fresh kubesim; runs alternate.
#   bench/restore/run.sh BUILD_DIR [SIZES...]      (default sizes: 10000 100000)
# Environment: RUNS (default 3), WORKERS (8), WORK_DIR (default /tmp/ark-bench-restore).
set -euo pipefail
BUILD=$(cd "${1:?usage: run.sh BUILD_DIR [SIZES...]}" && pwd)
shift
SIZES=("$@")
[[ ${#SIZES[@]} -eq 0 ]] && SIZES=(10000 100000)
RUNS=${RUNS:-3}
WORKERS=${WORKERS:-8}
WORK=${WORK_DIR:-/tmp/ark-bench-restore}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
GEN=${GEN:-$ROOT/tests/cluster/data/gen_k8s_corpus.py}
KUBESIM=$BUILD/tools/kubesim/kubesim
BENCH=$BUILD/bench/restore/restore_bench
for b in "$KUBESIM" "$BENCH"; do [[ -x $b ]] || { echo "missing $b (make release)" >&2; exit 1; }; done
mkdir -p "$WORK"

KUBESIM_PID=
stop_kubesim() { [[ -n $KUBESIM_PID ]] && kill "$KUBESIM_PID" 2>/dev/null && wait "$KUBESIM_PID" 2>/dev/null; KUBESIM_PID=; }
trap stop_kubesim EXIT
start_kubesim() {
  local out=$WORK/kubesim.out
  : >"$out"
  "$KUBESIM" --port 0 --kubeconfig-out "$WORK/kubeconfig" >"$out" 2>"$WORK/kubesim.err" &
  KUBESIM_PID=$!
  for _ in $(seq 600); do grep -q "listening on" "$out" 2>/dev/null && break; sleep 0.1; done
  grep -q "listening on" "$out" || { echo "kubesim did not start" >&2; cat "$WORK/kubesim.err" >&2; exit 1; }
}

echo "# $(date -u +%FT%TZ) $(nproc) cores, $(uname -sr), workers=$WORKERS"
for n in "${SIZES[@]}"; do
  corpus=$WORK/corpus-$n.jsonl
  [[ -s $corpus ]] || python3 "$GEN" -n "$n" --stream "$corpus" >/dev/null
  tarball=$WORK/backup-$n.tar.gz
  [[ -s $tarball ]] || "$BENCH" --mode tarball --corpus "$corpus" --out "$tarball" >/dev/null
  echo "# corpus: $(wc -c <"$corpus") bytes, $n objects; tarball $(wc -c <"$tarball") bytes"
  for r in $(seq "$RUNS"); do
    start_kubesim
    "$BENCH" --mode raw --corpus "$corpus" --kubeconfig "$WORK/kubeconfig" --workers "$WORKERS"
    stop_kubesim
    start_kubesim
    "$BENCH" --mode restore --tarball "$tarball" --kubeconfig "$WORK/kubeconfig" --workers "$WORKERS" \
      --work-dir "$WORK"
    stop_kubesim
  done | tee "$WORK/results-$n.jsonl"
  python3 - "$WORK/results-$n.jsonl" "$n" <<'PY'
import json, statistics, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.startswith('{')]
raw = [r for r in rows if r['mode'] == 'raw']; res = [r for r in rows if r['mode'] == 'restore']
mr = statistics.median(r['objects_per_s'] for r in raw); ms = statistics.median(r['objects_per_s'] for r in res)
print(f"SUMMARY n={sys.argv[2]} created={res[0]['created']} skipped={res[0]['skipped']} "
      f"raw_median_s={statistics.median(r['seconds'] for r in raw):.2f} "
      f"restore_median_s={statistics.median(r['seconds'] for r in res):.2f} "
      f"raw_objects_per_s={mr:.0f} restore_objects_per_s={ms:.0f} ratio={ms/mr:.2f} "
      f"restore_peak_rss_mib={max(r['peak_rss_mib'] for r in res):.1f} "
      f"raw_peak_rss_mib={max(r['peak_rss_mib'] for r in raw):.1f} "
      f"restore_max_open_fds={max(r['max_open_fds'] for r in res)} "
      f"raw_max_open_fds={max(r['max_open_fds'] for r in raw)}")
PY
done
