#!/usr/bin/env bash
# Builds fuzz/archive_reader_fuzzer.cc with clang++ (libFuzzer + ASan + UBSan) straight from
# the archive and util sources, then fuzzes for a bounded time from a seed corpus made of the
# fixture tarballs. Exits non-zero (failing the ctest) when the build fails, a seed is missing,
# or the fuzzer finds a crash, leak, timeout or sanitizer report.
#   run_fuzzer.sh <source dir> <build dir> <fixtures dir> [seconds]
set -euo pipefail
src=$1 out=$2/fuzz/archive_reader fixtures=$3 seconds=${4:-30}
cxx=$(command -v clang++-14 || command -v clang++ || true)
[ -n "$cxx" ] || { echo "run_fuzzer: clang++ (14) is required" >&2; exit 1; }
[ -d "$fixtures" ] || { echo "run_fuzzer: fixtures not found at $fixtures" >&2; exit 1; }
mkdir -p "$out/corpus" "$out/seeds" "$out/artifacts"

bin=$out/archive_reader_fuzzer
sources=("$src"/fuzz/archive_reader_fuzzer.cc "$src"/src/archive/*.cc "$src"/src/util/status.cc
         "$src"/src/util/byte_stream.cc "$src"/src/util/clock.cc "$src"/src/util/worker_pool.cc)
rebuild=0
[ -x "$bin" ] || rebuild=1
for f in "${sources[@]}" "$src"/src/archive/*.h "$src"/src/util/*.h; do
  [ "$f" -nt "$bin" ] && rebuild=1
done
if [ $rebuild = 1 ]; then
  "$cxx" -std=c++20 -O1 -g -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
    -I"$src/src" "${sources[@]}" -lz -ldeflate -lisal -lpthread -o "$bin.tmp"
  mv "$bin.tmp" "$bin"
fi

# Seeds: the real tarballs as gzip, and their (smaller) tar streams as 'T'-prefixed inputs.
n=0
for t in "$fixtures"/ark-v0.5.1/nginx-selector/nginx-selector.tar.gz \
         "$fixtures"/ark-v0.3.3/nginx-selector/nginx-selector.tar.gz \
         "$fixtures"/velero-v1.1.0/backups/nginx-selector/nginx-selector.tar.gz \
         "$fixtures"/ark-v0.5.1/nginx-ns/nginx-ns.tar.gz; do
  [ -f "$t" ] || { echo "run_fuzzer: seed $t missing" >&2; exit 1; }
  n=$((n + 1))
  # cat, not cp: the fixtures are read-only and a rerun must overwrite its seeds. The tar is
  # cut to 16 KiB from a file, not a pipe: `gzip | head` dies of SIGPIPE under pipefail.
  cat "$t" > "$out/seeds/gz$n"
  gzip -dc "$t" > "$out/seeds/full.tar"
  { printf T; head -c 16384 "$out/seeds/full.tar"; } > "$out/seeds/tar$n"
  rm "$out/seeds/full.tar"
done

export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0
# A fixed seed makes a run reproducible from its log.
exec "$bin" -seed=1 -max_total_time="$seconds" -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
  -print_final_stats=1 -artifact_prefix="$out/artifacts/" "$out/corpus" "$out/seeds"
