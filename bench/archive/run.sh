#!/usr/bin/env bash
# Tarball writer/reader throughput: bench/archive/run.sh BUILD_DIR [OBJECTS]
# Generates a corpus of OBJECTS (default 50000) objects with shared/tools/gen-k8s-corpus.py
# into BUILD_DIR/bench-corpus (once), then runs archive_bench on it.
set -euo pipefail
cd "$(dirname "$0")/../.."
build=${1:-build/release}
n=${2:-50000}
gen=tests/cluster/data/gen_k8s_corpus.py
corpus=$build/bench-corpus/corpus-$n.jsonl
if [ ! -s "$corpus" ]; then
  mkdir -p "$(dirname "$corpus")"
  python3 "$gen" -n "$n" --stream "$corpus.tmp" >/dev/null
  mv "$corpus.tmp" "$corpus"
fi
"$build/bench/archive/archive_bench" "$corpus" 3
