#!/usr/bin/env bash
# Runs every benchmark against a Release build: scripts/bench.sh BUILD_DIR [NAME...]
# Each bench/<name>/run.sh prints its figures in the form docs/benchmarks.md records.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build/release}
shift || true
names=("$@")
if [ ${#names[@]} -eq 0 ]; then
  for d in bench/*/; do [ -x "$d/run.sh" ] && names+=("$(basename "$d")"); done
fi
for n in "${names[@]}"; do
  echo "== bench/$n"
  "bench/$n/run.sh" "$build"
done
