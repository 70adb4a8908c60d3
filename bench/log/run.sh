#!/usr/bin/env bash
# Cost of one log line: bench/log/run.sh BUILD_DIR
set -euo pipefail
cd "$(dirname "$0")/../.."
build=${1:-build/release}
"$build/bench/log/log_bench" --benchmark_repetitions=5 --benchmark_report_aggregates_only=true
