#!/usr/bin/env bash
# Formats the tracked C++ sources with the repository's .clang-format.
#   scripts/format.sh          rewrite every file that differs
#   scripts/format.sh --check  list the files that differ and fail if there are any
# Only tracked files are read, so build trees and node_modules never count.
set -euo pipefail
cd "$(dirname "$0")/.."

formatter=${CLANG_FORMAT:-clang-format}
if ! command -v "$formatter" >/dev/null; then
  echo "format: $formatter not found (scripts/setup.sh installs the clang-format package)" >&2
  exit 1
fi

mapfile -t files < <(git ls-files -- '*.cc' '*.h')
if [ "${1:-}" = "--check" ]; then
  # One run over every file; each difference is reported as "FILE:LINE:COL: error: ...".
  mapfile -t unformatted < <(printf '%s\0' "${files[@]}" |
    xargs -0 "$formatter" --dry-run --Werror 2>&1 | sed -n 's/^\([^:]*\):[0-9]*:[0-9]*: error:.*/\1/p' | sort -u)
  if [ ${#unformatted[@]} -gt 0 ]; then
    echo "format: ${#unformatted[@]} file(s) differ from .clang-format; run scripts/format.sh:" >&2
    printf '  %s\n' "${unformatted[@]}" >&2
    exit 1
  fi
  exit 0
fi
printf '%s\0' "${files[@]}" | xargs -0 "$formatter" -i
