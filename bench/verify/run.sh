#!/usr/bin/env bash
# Verification and encryption throughput (issue 18, point 5), on the backup bench's backup of
# 20,000 generated Kubernetes objects (~5 KB each as generated; Pods, ConfigMaps, Deployments,
# Services, Secrets). First bench/backup/run.sh backs the corpus up from kubesim (3 runs), which
# leaves the engine's tarball and log; verify_bench then stores them with their integrity
# manifest in the local object store, plain and sealed (AES-256-GCM), and alternates the
# measurements RUNS times (verify_bench.cc lists them). Medians are printed as SUMMARY lines,
# the sealing cost also as a share of the backup's time measured here.
#   bench/verify/run.sh BUILD_DIR [OBJECTS]       (default 20000)
# Environment: RUNS (default 5), WORK_DIR (corpus, kubesim state and the backup bench's files,
# default /tmp/ark-bench-verify; the stored backups go to a fresh folder under it, removed at
# the end), WITH_BACKUP=0 (no kubesim: verify_bench writes the tarball from the corpus itself
# and there is no share of a backup's time).
set -euo pipefail
BUILD=$(cd "${1:?usage: run.sh BUILD_DIR [OBJECTS]}" && pwd)
N=${2:-20000}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
RUNS=${RUNS:-5}
WORK=${WORK_DIR:-/tmp/ark-bench-verify}
GEN=${GEN:-$ROOT/tests/cluster/data/gen_k8s_corpus.py}
BENCH=$BUILD/bench/verify/verify_bench
WITH_BACKUP=${WITH_BACKUP:-1}
[[ -x $BENCH ]] || { echo "missing $BENCH (make release)" >&2; exit 1; }
mkdir -p "$WORK"
corpus=$WORK/corpus-$N.jsonl
[[ -s $corpus ]] || python3 "$GEN" -n "$N" --stream "$corpus" >/dev/null
run_dir=$(mktemp -d "$WORK/run.XXXXXX")
trap 'rm -rf "$run_dir"' EXIT

aes=$(grep -o -m1 -w aes /proc/cpuinfo | head -1 || true)
echo "# $(date -u +%FT%TZ) $(nproc) cores, $(uname -sr), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), aes-ni=${aes:-no}"
echo "# corpus: $(wc -c <"$corpus") bytes, $N objects; runs=$RUNS"

source_flags=(--corpus "$corpus")
if [[ $WITH_BACKUP == 1 ]]; then
  # bench/backup finds the corpus in the shared WORK_DIR; these objects go straight into
  # kubesim's state file rather than being POSTed.
  WORK_DIR=$WORK STATE_SEED_MIN=$N RUNS=3 "$ROOT/bench/backup/run.sh" "$BUILD" "$N" | tee "$run_dir/backup.txt"
  source_flags=(--tarball "$WORK/backup-$N.tar.gz" --log "$WORK/backup-$N-logs.gz")
fi
"$BENCH" "${source_flags[@]}" --work "$run_dir" --runs "$RUNS" | tee "$run_dir/results.jsonl"
python3 - "$run_dir/results.jsonl" "$run_dir/backup.txt" <<'PY'
import json, os, statistics, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.startswith('{')]
staged = next(r for r in rows if r['mode'] == 'staged')
med, cpu = {}, {}
for r in rows:
    if r['mode'] != 'staged':
        med.setdefault(r['mode'], []).append(r['seconds'])
        cpu.setdefault(r['mode'], []).append(r['cpu_seconds'])
m = {k: statistics.median(v) for k, v in med.items()}
c = {k: statistics.median(v) for k, v in cpu.items()}
gz = staged['gz_bytes']
mib = lambda s: gz / 2**20 / s
print(f"SUMMARY verify objects={staged['objects']} tar_mib={staged['tar_bytes']/2**20:.1f} gz_mib={gz/2**20:.1f} "
      f"download_sha256_median_s={m['download_sha256']:.3f} verify_median_s={m['verify']:.3f} "
      f"ratio={m['verify']/m['download_sha256']:.2f} verify_deep_median_s={m['verify_deep']:.3f} "
      f"verify_sealed_median_s={m['verify_sealed']:.3f} gunzip_median_s={m['gunzip']:.3f} "
      f"gunzip_sha256_median_s={m['gunzip_sha256']:.3f} walk_median_s={m['walk']:.3f} manifest_median_s={m['manifest']:.3f} "
      f"download_sha256_mib_s={mib(m['download_sha256']):.0f} verify_gz_mib_s={mib(m['verify']):.0f}")
# CPU time of the process (all threads) over each measurement: steadier than wall time when
# the machine is shared.
print("SUMMARY verify_cpu " + " ".join(f"{k}_cpu_median_s={c[k]:.3f}" for k in
      ('download_sha256', 'verify', 'verify_deep', 'verify_sealed', 'gunzip', 'gunzip_sha256', 'walk', 'manifest')) +
      f" cpu_ratio={c['verify']/c['download_sha256']:.2f}")
put_cost = m['put_sealed'] - m['put_plain']
get_cost = m['get_sealed'] - m['get_plain']
print(f"SUMMARY crypto objects={staged['objects']} gz_mib={gz/2**20:.1f} "
      f"put_plain_median_s={m['put_plain']:.3f} put_sealed_median_s={m['put_sealed']:.3f} "
      f"put_ratio={m['put_sealed']/m['put_plain']:.2f} put_sealing_cost_s={put_cost:.3f} "
      f"get_plain_median_s={m['get_plain']:.3f} get_sealed_median_s={m['get_sealed']:.3f} "
      f"get_ratio={m['get_sealed']/m['get_plain']:.2f} get_opening_cost_s={get_cost:.3f}")
if os.path.exists(sys.argv[2]):
    line = next(l for l in open(sys.argv[2]) if l.startswith('SUMMARY'))
    backup = float(dict(kv.split('=', 1) for kv in line.split()[1:])['backup_median_s'])
    # The server's backup is the engine's run (what bench/backup times) plus the upload.
    print(f"SUMMARY sealing_share backup_median_s={backup:.3f} put_sealing_cost_s={put_cost:.3f} "
          f"share_of_backup_and_upload={100 * put_cost / (backup + m['put_plain']):.1f}%")
PY
