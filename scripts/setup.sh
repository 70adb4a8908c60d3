#!/usr/bin/env bash
# Installs what building, testing and the demo need: Debian packages with apt-get and azurite
# from the npm registry. Idempotent; prints nothing when everything is already present.
set -euo pipefail
cd "$(dirname "$0")/.."

debs=(
  build-essential cmake ninja-build pkg-config ccache clang clang-format libclang-rt-14-dev
  libcurl4-openssl-dev libssl-dev zlib1g-dev nlohmann-json3-dev libyaml-cpp-dev
  libcli11-dev libcpp-httplib-dev libdeflate-dev libexpat1-dev libisal-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  curl python3 procps openssl iproute2
  etcd-server xz-utils util-linux
)

missing=()
for pkg in "${debs[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$pkg")
  fi
done

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing Debian packages: ${missing[*]}"
  as_root apt-get update -qq >/dev/null || { echo "setup: apt-get update failed" >&2; exit 1; }
  if ! as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/tmp/ark-setup-apt.log 2>&1; then
    echo "setup: apt-get install failed for: ${missing[*]} (log: /tmp/ark-setup-apt.log)" >&2
    tail -n 20 /tmp/ark-setup-apt.log >&2
    exit 1
  fi
fi

# Tools the tests drive as a user would; they come with this machine's image or the npm registry.
for tool in kubectl moto_server; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "setup: '$tool' is required by the tests and is not on PATH" >&2
    exit 1
  fi
done

if [ ! -x node_modules/.bin/azurite-blob ] && [ -f package.json ]; then
  echo "setup: installing azurite from the npm registry"
  if ! npm install --no-audit --no-fund --silent >/tmp/ark-setup-npm.log 2>&1; then
    echo "setup: npm install failed (log: /tmp/ark-setup-npm.log)" >&2
    tail -n 20 /tmp/ark-setup-npm.log >&2
    exit 1
  fi
fi
