#!/usr/bin/env bash
# Kubernetes client throughput: bench/kube/run.sh BUILD_DIR [kube_bench flags...]
# Starts kubesim (plain HTTP, no token) from BUILD_DIR and runs kube_bench against it: paged
# LIST of 10k ConfigMaps (pages of 500) and creates at 1, 8 and 32 concurrent requests, each
# beside a raw libcurl loop sending the same requests. Figures go to docs/benchmarks.md.
set -euo pipefail
BUILD=$(cd "${1:?usage: run.sh BUILD_DIR [flags...]}" && pwd)
shift
KUBESIM=$BUILD/tools/kubesim/kubesim
BENCH=$BUILD/bench/kube/kube_bench
for b in "$KUBESIM" "$BENCH"; do [[ -x $b ]] || { echo "missing $b (make release)" >&2; exit 1; }; done
WORK=$(mktemp -d)
KUBESIM_PID=
cleanup() { [[ -n $KUBESIM_PID ]] && kill "$KUBESIM_PID" 2>/dev/null && wait "$KUBESIM_PID" 2>/dev/null; rm -rf "$WORK"; }
trap cleanup EXIT
"$KUBESIM" --port 0 --kubeconfig-out "$WORK/kubeconfig" >"$WORK/out" 2>"$WORK/err" &
KUBESIM_PID=$!
for _ in $(seq 300); do grep -q "listening on" "$WORK/out" 2>/dev/null && break; sleep 0.1; done
grep -q "listening on" "$WORK/out" || { echo "kubesim did not start:" >&2; cat "$WORK/err" >&2; exit 1; }
echo "# $(date -u +%FT%TZ) $(nproc) cores, $(uname -sr), $(head -1 "$WORK/out")"
"$BENCH" --kubeconfig "$WORK/kubeconfig" "$@"
