#!/usr/bin/env bash
# S3 upload and download of one 100 MiB object: ark's S3ObjectStore (bench/s3/s3_bench) against
# `aws s3 cp`, both talking to the same moto_server on loopback, alternating, REPS times each;
# every figure is the wall time of the whole process (the CLI's start-up included, as a user
# sees it). Prints the medians as a markdown table for docs/benchmarks.md.
#   bench/s3/run.sh BUILD_DIR [SIZE_MIB] [REPS]
set -euo pipefail
build=${1:?usage: bench/s3/run.sh BUILD_DIR [SIZE_MIB] [REPS]}
size_mib=${2:-100}
reps=${3:-3}
bench="$build/bench/s3/s3_bench"
[ -x "$bench" ] || { echo "run.sh: $bench not built (make release)" >&2; exit 1; }
command -v aws >/dev/null || { echo "run.sh: the aws CLI is required" >&2; exit 1; }
command -v moto_server >/dev/null || { echo "run.sh: moto_server is required" >&2; exit 1; }

work=$(mktemp -d)
moto_pid=""
cleanup() {
  if [ -n "$moto_pid" ]; then kill "$moto_pid" 2>/dev/null || true; wait "$moto_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
moto_server -H 127.0.0.1 -p "$port" >"$work/moto.log" 2>&1 &
moto_pid=$!
endpoint="http://127.0.0.1:$port"
for _ in $(seq 1 600); do
  curl -sf -o /dev/null "$endpoint/moto-api/" && break
  sleep 0.1
done
curl -sf -o /dev/null "$endpoint/moto-api/" || { echo "run.sh: moto_server did not start" >&2; exit 1; }

export AWS_ACCESS_KEY_ID=AKIABENCHMARK AWS_SECRET_ACCESS_KEY=bench-secret AWS_DEFAULT_REGION=us-east-1
export AWS_ENDPOINT_URL_S3="$endpoint"
aws --endpoint-url "$endpoint" s3api create-bucket --bucket bench >/dev/null
head -c "$((size_mib * 1024 * 1024))" /dev/urandom >"$work/in"
bytes=$(stat -c %s "$work/in")

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
mibs() { awk -v b="$bytes" -v s="$1" 'BEGIN {printf "%.1f", b / s / 1048576}'; }
seconds_of() {  # runs a command, prints its wall seconds
  local t0 t1
  t0=$(date +%s.%N); "$@" >/dev/null; t1=$(date +%s.%N)
  awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.3f\n", b - a}'
}

: >"$work/ark_up"; : >"$work/ark_down"; : >"$work/cli_up"; : >"$work/cli_down"
for i in $(seq 1 "$reps"); do
  seconds_of "$bench" upload "$work/in" bench "ark/$i" >>"$work/ark_up"
  seconds_of "$bench" download bench "ark/$i" "$work/out-ark" >>"$work/ark_down"
  cmp -s "$work/in" "$work/out-ark" || { echo "run.sh: ark download differs" >&2; exit 1; }
  seconds_of aws --endpoint-url "$endpoint" s3 cp --quiet "$work/in" "s3://bench/cli/$i" >>"$work/cli_up"
  seconds_of aws --endpoint-url "$endpoint" s3 cp --quiet "s3://bench/cli/$i" "$work/out-cli" >>"$work/cli_down"
  cmp -s "$work/in" "$work/out-cli" || { echo "run.sh: aws download differs" >&2; exit 1; }
done

ark_up=$(median <"$work/ark_up"); ark_down=$(median <"$work/ark_down")
cli_up=$(median <"$work/cli_up"); cli_down=$(median <"$work/cli_down")
echo "| ${size_mib} MiB object, median of $reps | ark S3ObjectStore | aws s3 cp | ark / aws |"
echo "|---|---|---|---|"
echo "| upload | ${ark_up} s ($(mibs "$ark_up") MiB/s) | ${cli_up} s ($(mibs "$cli_up") MiB/s) | $(awk -v a="$ark_up" -v c="$cli_up" 'BEGIN {printf "%.2fx faster", c / a}') |"
echo "| download | ${ark_down} s ($(mibs "$ark_down") MiB/s) | ${cli_down} s ($(mibs "$cli_down") MiB/s) | $(awk -v a="$ark_down" -v c="$cli_down" 'BEGIN {printf "%.2fx faster", c / a}') |"
