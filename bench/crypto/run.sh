#!/usr/bin/env bash
# Encryption cost on the 20,000 x 5 KB benchmark (issue 18, point 5): the tarball of
# bench/real-k8s (20,000 ConfigMaps of ~5 KB and their Namespace, gen_configmaps.py +
# `restore_bench --mode tarball`) sealed and opened file to file as the server uploads and
# downloads it (crypto_bench: plain copy, SealingSource, OpeningSink, alternating). What
# encryption adds to a backup is seal - copy, to a restore open - copy (both already read or
# write the staged file). With BACKUP_S and RESTORE_S (the plain backup and restore medians of
# bench/real-k8s, docs/benchmarks.md) it also prints (backup + seal cost) / backup and
# (restore + open cost) / restore, and the same with the whole seal and open times (an upper
# bound that counts the file copy too).
#   bench/crypto/run.sh BUILD_DIR [OBJECTS]        (default 20000)
# Environment: RUNS (default 5), WORK_DIR (default /tmp/ark-bench-crypto), BACKUP_S, RESTORE_S.
set -euo pipefail
BUILD=$(cd "${1:?usage: run.sh BUILD_DIR [OBJECTS]}" && pwd)
N=${2:-20000}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
RUNS=${RUNS:-5}
WORK=${WORK_DIR:-/tmp/ark-bench-crypto}
BENCH=$BUILD/bench/crypto/crypto_bench
RESTORE=$BUILD/bench/restore/restore_bench
for b in "$BENCH" "$RESTORE"; do [[ -x $b ]] || { echo "missing $b (make release)" >&2; exit 1; }; done
mkdir -p "$WORK"
corpus=$WORK/configmaps-$N.jsonl
tarball=$WORK/configmaps-$N.tar.gz
[[ -s $corpus ]] || python3 "$ROOT/bench/real-k8s/gen_configmaps.py" -n "$N" --out "$corpus" >&2
[[ -s $tarball ]] || "$RESTORE" --mode tarball --corpus "$corpus" --out "$tarball" >&2

echo "# $(date -u +%FT%TZ) $(nproc) cores, $(uname -sr), aes-ni=$(grep -o -m1 -w aes /proc/cpuinfo | head -1 || echo no), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "# tarball $(wc -c <"$tarball") bytes, $N objects; runs=$RUNS"
"$BENCH" --in "$tarball" --work "$WORK" --runs "$RUNS" | tee "$WORK/crypto.jsonl"
python3 - "$WORK/crypto.jsonl" "$(wc -c <"$tarball")" "${BACKUP_S:-}" "${RESTORE_S:-}" <<'PY'
import json, statistics, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.startswith('{')]
size = int(sys.argv[2])
med = {k: statistics.median(r[k] for r in rows) for k in ('copy_s', 'seal_s', 'open_s')}
seal_cost, open_cost = med['seal_s'] - med['copy_s'], med['open_s'] - med['copy_s']
line = (f"SUMMARY crypto gz_mib={size/2**20:.1f} copy_median_s={med['copy_s']:.3f} seal_median_s={med['seal_s']:.3f} "
        f"open_median_s={med['open_s']:.3f} seal_cost_s={seal_cost:.3f} open_cost_s={open_cost:.3f} "
        f"seal_mib_s={size/2**20/med['seal_s']:.0f} open_mib_s={size/2**20/med['open_s']:.0f}")
if sys.argv[3] and sys.argv[4]:
    b, r = float(sys.argv[3]), float(sys.argv[4])
    line += (f" backup_ratio={(b + seal_cost) / b:.3f} restore_ratio={(r + open_cost) / r:.3f}"
             f" backup_ratio_whole_seal={(b + med['seal_s']) / b:.3f} restore_ratio_whole_open={(r + med['open_s']) / r:.3f}")
print(line)
PY
