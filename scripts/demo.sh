#!/usr/bin/env bash
# The reference document's basic example, on the embedded defaults (kubesim as the cluster,
# the `local` object store in .demo/backups):
#   back up the nginx example, delete its namespace, restore it, show what came back.
# Usage: scripts/demo.sh BUILD_DIR   (`make demo` builds build/release first)
# Re-runnable: every run starts from an empty .demo/ and stops what it started.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
build="$(cd "${1:?usage: scripts/demo.sh BUILD_DIR}" && pwd)"
ark="$build/ark"
kubesim="$build/tools/kubesim/kubesim"
for bin in "$ark" "$kubesim"; do
  [ -x "$bin" ] || { echo "demo: $bin not found; build first (make release)" >&2; exit 1; }
done
command -v kubectl >/dev/null || { echo "demo: kubectl is not on PATH" >&2; exit 1; }

demo="$root/.demo"
rm -rf "$demo"
mkdir -p "$demo/backups" "$demo/kubesim-data"
export KUBECONFIG="$demo/kubeconfig"

pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
}
trap cleanup EXIT INT TERM

step() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }
run() { printf '$ %s\n' "$*"; "$@"; }
# wait_for DESCRIPTION SECONDS COMMAND...: polls COMMAND until it succeeds.
wait_for() {
  local what="$1" secs="$2"; shift 2
  local deadline=$((SECONDS + secs))
  until "$@" >/dev/null 2>&1; do
    if [ "$SECONDS" -ge "$deadline" ]; then echo "demo: timed out waiting for $what" >&2; exit 1; fi
    sleep 0.2
  done
}

step "Starting kubesim (a Kubernetes API server for tests; data in .demo/kubesim-data)"
"$kubesim" --port 0 --kubeconfig-out "$KUBECONFIG" --data-dir "$demo/kubesim-data" \
  >"$demo/kubesim.out" 2>"$demo/kubesim.log" &
pids+=($!)
wait_for "kubesim to listen" 30 grep -q "listening on" "$demo/kubesim.out"
head -n1 "$demo/kubesim.out"

step "Installing the prerequisites (CRDs, namespace heptio-ark, RBAC)"
run kubectl apply -f "$root/examples/common/00-prereqs.yaml"

step "Configuring ark: the local object store under .demo/backups"
sed "s#/var/lib/ark/backups#$demo/backups#" "$root/examples/local/00-ark-config.yaml" >"$demo/00-ark-config.yaml"
run kubectl apply -f "$demo/00-ark-config.yaml"

step "Starting ark server (logs in .demo/ark-server.log)"
"$ark" server --metrics-address 127.0.0.1:0 >"$demo/ark-server.log" 2>&1 &
pids+=($!)
wait_for "ark server to start" 60 grep -q "Server started" "$demo/ark-server.log"

step "Deploying the example application"
run kubectl apply -f "$root/examples/nginx-app/base.yaml"
run kubectl get deployments,services -n nginx-example

step "Backing it up"
run "$ark" backup create nginx-backup --selector app=nginx --wait
run "$ark" backup get

step "Disaster: deleting namespace nginx-example"
run kubectl delete namespaces nginx-example --wait=false
wait_for "namespace nginx-example to be gone" 60 bash -c '! kubectl get namespace nginx-example'
printf 'namespace nginx-example is gone\n'

step "Restoring"
run "$ark" restore create nginx-backup --wait

step "What came back"
run kubectl get deployments,services -n nginx-example
run "$ark" restore get

step "Done. The backup's files are in .demo/backups/ark/nginx-backup/:"
ls -l "$demo/backups/ark/nginx-backup/"
