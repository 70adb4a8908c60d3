#!/usr/bin/env bash
# bench/kubesim/run.sh BUILD_DIR: creates/s at 1, 8, 32 clients and the paginated LIST time of
# 10k and 100k ~5 KB ConfigMaps, each phase against a fresh kubesim on 127.0.0.1.
set -euo pipefail
build=${1:?usage: bench/kubesim/run.sh BUILD_DIR}
sim="$build/tools/kubesim/kubesim"
bench="$build/bench/kubesim/kubesim_bench"
tmp=$(mktemp -d)
pid=""
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT

start() {
  "$sim" --port 0 --kubeconfig-out "$tmp/kubeconfig" >"$tmp/out" 2>"$tmp/err" &
  pid=$!
  for _ in $(seq 100); do grep -q "listening on" "$tmp/out" && break; sleep 0.1; done
  url=$(sed -n 's/^kubesim listening on //p' "$tmp/out")
  [ -n "$url" ] || { echo "kubesim did not start" >&2; cat "$tmp/err" >&2; exit 1; }
}
stop() { kill "$pid"; wait "$pid" 2>/dev/null || true; pid=""; }

start; "$bench" "$url" --creates 4000 --list 0; stop
start; "$bench" "$url" --creates 0 --list 10000; stop
start; "$bench" "$url" --creates 0 --list 100000
echo "kubesim RSS after 100k objects: $(ps -o rss= -p "$pid") KiB"
stop
