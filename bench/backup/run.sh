#!/usr/bin/env bash
# Backup benchmark: a whole-cluster backup of 10k and 100k generated objects (Pods, ConfigMaps,
# Deployments, Services, Secrets; ~5 KB each) served by kubesim, against a raw paginated LIST
# of the same resources by the same kube client with the same number of workers, in the same
# run. Each measurement is its own process (so peak RSS is its own); runs alternate.
#   bench/backup/run.sh BUILD_DIR [SIZES...]      (default sizes: 10000 100000)
# Environment: RUNS (default 3), WORKERS (4), PAGE_SIZE (500), LEVEL (gzip level, 1 as the server writes),
# WORK_DIR (where corpora and kubesim state are cached, default /tmp/ark-bench-backup),
# STATE_SEED_MIN (corpora this large are written as kubesim state instead of POSTed; 50000).
set -euo pipefail
BUILD=$(cd "${1:?usage: run.sh BUILD_DIR [SIZES...]}" && pwd)
shift
SIZES=("$@")
[[ ${#SIZES[@]} -eq 0 ]] && SIZES=(10000 100000)
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
RUNS=${RUNS:-3}
WORKERS=${WORKERS:-4}
PAGE_SIZE=${PAGE_SIZE:-500}
LEVEL=${LEVEL:-1}
WORK=${WORK_DIR:-/tmp/ark-bench-backup}
GEN=${GEN:-$ROOT/tests/cluster/data/gen_k8s_corpus.py}
KUBESIM=$BUILD/tools/kubesim/kubesim
BENCH=$BUILD/bench/backup/backup_bench
LOADER=$BUILD/bench/backup/load_corpus
for b in "$KUBESIM" "$BENCH" "$LOADER"; do [[ -x $b ]] || { echo "missing $b (make release)" >&2; exit 1; }; done
mkdir -p "$WORK"

KUBESIM_PID=
stop_kubesim() { [[ -n $KUBESIM_PID ]] && kill "$KUBESIM_PID" 2>/dev/null && wait "$KUBESIM_PID" 2>/dev/null; KUBESIM_PID=; }
trap stop_kubesim EXIT

echo "# $(date -u +%FT%TZ) $(nproc) cores, $(uname -sr), workers=$WORKERS page_size=$PAGE_SIZE gzip=$LEVEL"
for n in "${SIZES[@]}"; do
  corpus=$WORK/corpus-$n.jsonl
  [[ -s $corpus ]] || python3 "$GEN" -n "$n" --stream "$corpus" >/dev/null
  data=$WORK/state-$n
  mkdir -p "$data"
  # Large corpora go straight into kubesim's state file (POSTing 100k objects takes ~30 min).
  if [[ ! -e $data/loaded && $n -ge ${STATE_SEED_MIN:-50000} ]]; then
    python3 "$ROOT/bench/corpus/corpus_to_kubesim_state.py" "$corpus" "$data" >/dev/null
    touch "$data/loaded"
  fi
  out=$WORK/kubesim-$n.out
  "$KUBESIM" --port 0 --kubeconfig-out "$WORK/kubeconfig-$n" --data-dir "$data" >"$out" 2>"$WORK/kubesim-$n.err" &
  KUBESIM_PID=$!
  for _ in $(seq 3000); do grep -q "listening on" "$out" 2>/dev/null && break; sleep 0.1; done
  grep -q "listening on" "$out" || { echo "kubesim did not start" >&2; cat "$WORK/kubesim-$n.err" >&2; exit 1; }
  if [[ ! -e $data/loaded ]]; then
    loaded=$("$LOADER" --kubeconfig "$WORK/kubeconfig-$n" --corpus "$corpus" --threads 4)
    echo "# loaded $n objects: $loaded"
    touch "$data/loaded"
  fi
  echo "# corpus: $(wc -c <"$corpus") bytes, $n objects"
  for r in $(seq "$RUNS"); do
    "$BENCH" --kubeconfig "$WORK/kubeconfig-$n" --mode list --workers "$WORKERS" --page-size "$PAGE_SIZE"
    "$BENCH" --kubeconfig "$WORK/kubeconfig-$n" --mode backup --workers "$WORKERS" --page-size "$PAGE_SIZE" \
      --level "$LEVEL" --out "$WORK/backup-$n.tar.gz" --log "$WORK/backup-$n-logs.gz"
  done | tee "$WORK/results-$n.jsonl"
  python3 - "$WORK/results-$n.jsonl" "$n" <<'PY'
import json, statistics, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.startswith('{')]
lst = [r for r in rows if r['mode'] == 'list']; bak = [r for r in rows if r['mode'] == 'backup']
ml = statistics.median(r['seconds'] for r in lst); mb = statistics.median(r['seconds'] for r in bak)
print(f"SUMMARY n={sys.argv[2]} objects={bak[0]['objects']} list_median_s={ml:.2f} backup_median_s={mb:.2f} "
      f"ratio={mb/ml:.2f} backup_objects_per_s={bak[0]['objects']/mb:.0f} "
      f"backup_peak_rss_mib={max(r['peak_rss_mib'] for r in bak):.1f} list_peak_rss_mib={max(r['peak_rss_mib'] for r in lst):.1f} "
      f"tar_mib={bak[0]['tar_bytes']/2**20:.0f} gz_mib={bak[0]['gz_bytes']/2**20:.1f}")
PY
  stop_kubesim
done
