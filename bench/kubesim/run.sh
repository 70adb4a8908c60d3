#!/usr/bin/env bash
# bench/kubesim/run.sh BUILD_DIR: creates/s at 1, 8, 32 clients and the paginated LIST time of
# 10k and 100k ~5 KB ConfigMaps, each phase against a fresh kubesim on 127.0.0.1; kubesim's RSS
# with the largest list's objects stored.
# Environment (defaults are the documented run): CREATES (objects POSTed per client count,
# 4000), LIST_SIZES (objects per LIST phase, "10000 100000"); e.g. CREATES=200 LIST_SIZES=500
# for a quick check that it still runs.
set -euo pipefail
build=${1:?usage: bench/kubesim/run.sh BUILD_DIR}
sim="$build/tools/kubesim/kubesim"
bench="$build/bench/kubesim/kubesim_bench"
tmp=$(mktemp -d)
pid=""
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT

start() {
  # Emptied first: the previous kubesim's "listening on" line must not be read as this one's.
  : >"$tmp/out"
  "$sim" --port 0 --kubeconfig-out "$tmp/kubeconfig" >"$tmp/out" 2>"$tmp/err" &
  pid=$!
  for _ in $(seq 100); do grep -q "listening on" "$tmp/out" && break; sleep 0.1; done
  url=$(sed -n 's/^kubesim listening on //p' "$tmp/out")
  [ -n "$url" ] || { echo "kubesim did not start" >&2; cat "$tmp/err" >&2; exit 1; }
}
stop() { kill "$pid"; wait "$pid" 2>/dev/null || true; pid=""; }

read -r -a list_sizes <<<"${LIST_SIZES:-10000 100000}"
start; "$bench" "$url" --creates "${CREATES:-4000}" --list 0; stop
for n in "${list_sizes[@]}"; do
  start; "$bench" "$url" --creates 0 --list "$n"
  rss=$(ps -o rss= -p "$pid")
  stop
done
echo "kubesim RSS after $n objects: $rss KiB"
