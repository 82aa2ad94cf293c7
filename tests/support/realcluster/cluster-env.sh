#!/usr/bin/env bash
# cluster-env.sh: one entry point for the real test clusters (Kubernetes 1.20.2 on loopback).
#
#   cluster-env.sh up     [N...]   make sure prerequisites exist, start and seed clusters N (default: 1 2)
#   cluster-env.sh down   [N...]   stop clusters N by their PID files (data kept)  (default: 1 2)
#   cluster-env.sh status [N...]   print "cluster N: running|partial|stopped" for each (default: 1 2)
#
# `up` is idempotent: on a machine where the binaries are built and the clusters are already
# running it only checks (a few seconds). On a fresh Debian bookworm machine build.sh installs its
# apt packages and builds the control plane (~4-5 min, once per machine, into $REALK8S_ROOT,
# default /var/cache/realk8s); if there is no working kubectl on PATH it builds kubectl 1.20.2 too
# (Debian's kubernetes-client package panics, see below). Then it starts and seeds the clusters.
# Must run as root. The fake kubelet runs on whatever `node` is first on PATH (npm scripts put the
# project's Node 24 from node_modules/.bin first); if there is none, node_modules/.bin/node is used.
#
# Every line printed starts with "[clusters]". If a step fails, the last line on stderr is
# "[clusters] FAILED step=<step>: <message>" and the exit code is non-zero.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$HERE/../../.." && pwd)
ROOT=${REALK8S_ROOT:-/var/cache/realk8s}
export REALK8S_ROOT=$ROOT

say() { echo "[clusters] $*"; }
STEP=init
fail() { echo "[clusters] FAILED step=$STEP: $*" >&2; exit 1; }
step() { STEP=$1; shift; say "$STEP: $*"; }
prefix() { # label : prefix every line of stdin (stdout and stderr of the producer are merged by the caller)
  local l; while IFS= read -r l || [ -n "$l" ]; do printf '[clusters] %s | %s\n' "$1" "$l"; done
}
elapsed() { echo "$(( $(date +%s) - $1 )) s"; }

cmd=${1:-}; [ $# -gt 0 ] && shift
case $cmd in up|down|status) ;; *) echo "usage: $0 up|down|status [N...]   (N = 1..9, default 1 2)" >&2; exit 2 ;; esac
ids=("$@"); [ ${#ids[@]} -gt 0 ] || ids=(1 2)
for n in "${ids[@]}"; do [[ $n =~ ^[1-9]$ ]] || { STEP=args; fail "cluster id '$n' is not 1..9"; }; done

if [ "$(id -u)" != 0 ]; then
  STEP=prerequisites
  fail "must run as root: the harness writes $ROOT, installs apt packages and adds blackhole routes (try: sudo -E env PATH=\"\$PATH\" $0 $cmd ${ids[*]})"
fi

# Component state of cluster N, from its PID files (the same check down.sh uses; never by name).
state() {
  ( . "$HERE/lib.sh" "$1" >/dev/null
    up=0; for c in etcd kube-apiserver kube-controller-manager kube-scheduler fake-kubelet; do alive "$c" && up=$((up + 1)); done
    if [ $up = 5 ]; then echo running; elif [ $up = 0 ]; then echo stopped; else echo "partial ($up/5 processes)"; fi )
}

case $cmd in
status)
  for n in "${ids[@]}"; do say "cluster $n: $(state "$n")"; done
  exit 0 ;;
down)
  step down "stopping clusters ${ids[*]} in parallel (by the PIDs in $ROOT/cluster<N>/run, never by name)"
  ts=$(date +%s); declare -A pids=()
  for n in "${ids[@]}"; do ( bash "$HERE/down.sh" "$n" 2>&1 | prefix "down $n" ) & pids[$n]=$!; done
  bad=(); for n in "${ids[@]}"; do wait "${pids[$n]}" || bad+=("$n"); done
  [ ${#bad[@]} -eq 0 ] || { STEP="down ${bad[*]}"; fail "down.sh failed for cluster(s) ${bad[*]}"; }
  say "down: clusters ${ids[*]} stopped in $(elapsed "$ts")"
  exit 0 ;;
esac

# ------------------------------------------------------------------------------------- up
t0=$(date +%s)
mkdir -p "$ROOT"
# Serialise concurrent `up`s (e.g. `npm run clusters:up` while a test run starts): they would race in build.sh.
# fd 9 is closed for every child (9>&-) so that the daemons up.sh starts do not keep the lock.
exec 9> "$ROOT/cluster-env.lock"
if ! flock -n 9; then say "another cluster-env.sh up is running; waiting for it"; flock 9; fi

step prerequisites "checking kubectl and node"
# kubectl: the harness writes kubeconfigs and seeds with it. A kubectl that cannot even write a
# kubeconfig is rejected: Debian bookworm's own kubernetes-client (1.20.2 built with Go 1.19 and the
# old vendored reflect2) panics in `kubectl config set-credentials`, so instead of installing that
# we build kubectl 1.20.2 from the same source as the control plane (build.sh kubectl, ~20-40 s once).
kubectl_works() {
  local t rc; t=$(mktemp); "$1" config --kubeconfig="$t" set-credentials probe --token=x >/dev/null 2>&1; rc=$?
  rm -f "$t"; return $rc
}
build_args=()
if [ -n "${KUBECTL:-}" ]; then
  command -v "$KUBECTL" >/dev/null || fail "KUBECTL=$KUBECTL is not executable"
  kubectl_works "$KUBECTL" || fail "KUBECTL=$KUBECTL fails to write a kubeconfig (kubectl config set-credentials)"
elif command -v kubectl >/dev/null && kubectl_works kubectl; then
  KUBECTL=$(command -v kubectl)
elif [ -x "$ROOT/bin/kubectl" ] && kubectl_works "$ROOT/bin/kubectl"; then
  KUBECTL=$ROOT/bin/kubectl
else
  if command -v kubectl >/dev/null; then
    say "prerequisites: $(command -v kubectl) cannot write a kubeconfig (Debian's kubernetes-client 1.20 panics); using our own kubectl build"
  else
    say "prerequisites: no kubectl on PATH; build.sh will also build kubectl 1.20.2 into $ROOT/bin"
  fi
  build_args=(kubectl); KUBECTL=$ROOT/bin/kubectl
fi
export KUBECTL
if ! command -v node >/dev/null; then
  [ -x "$REPO/node_modules/.bin/node" ] || fail "no node on PATH and no $REPO/node_modules/.bin/node (run npm ci first)"
  export PATH="$REPO/node_modules/.bin:$PATH"
fi
say "prerequisites: node $(command -v node) $(node --version) (runs the fake kubelets)"

step build "build.sh${build_args[*]:+ ${build_args[*]}} (fast when $ROOT/bin has the binaries; a first build takes ~4-5 min)"
ts=$(date +%s)
bash "$HERE/build.sh" "${build_args[@]}" 9>&- 2>&1 | prefix build || fail "build.sh failed (see the build lines above and $ROOT/logs/build-times.txt)"
kubectl_works "$KUBECTL" || fail "$KUBECTL does not work after build.sh"
say "build: done in $(elapsed "$ts"); kubectl $KUBECTL"

# Memory: each cluster needs ~640 MiB; refuse to start what clearly does not fit.
need=0; for n in "${ids[@]}"; do [ "$(state "$n")" = running ] || need=$((need + 700)); done
avail=$(awk '/^MemAvailable:/ {print int($2 / 1024)}' /proc/meminfo)
if [ "$need" -gt 0 ] && [ "$avail" -lt "$need" ]; then
  STEP=memory; fail "starting these clusters needs ~$need MiB but only $avail MiB is available"
fi

# Extra kube-apiserver flags every test cluster runs with (docs/testing-clusters.md):
# 1. webhook token authentication against a stand-in authenticator that the cloud connector tests
#    start on 127.0.0.1:(30000+100N+60). Static tokens and certificates are checked first, so the
#    apiserver works normally while nothing listens there; only unknown tokens reach the webhook.
# 2. an audit log of the write verbs, so tests can count the writes that reach the apiserver.
apiserver_args() { # N: write the two config files of cluster N, print its flags
  local c=$ROOT/cluster$1 port=$((30000 + $1 * 100 + 60))
  mkdir -p "$c/pilothouse" "$c/logs"
  printf '%s\n' "apiVersion: v1" "kind: Config" "clusters:" "- name: pilothouse-token-webhook" "  cluster:" \
    "    server: http://127.0.0.1:$port/" "users:" "- name: kube-apiserver" "  user: {}" "contexts:" \
    "- name: token-webhook" "  context: {cluster: pilothouse-token-webhook, user: kube-apiserver}" \
    "current-context: token-webhook" > "$c/pilothouse/token-webhook.kubeconfig"
  printf '%s\n' "apiVersion: audit.k8s.io/v1" "kind: Policy" "omitStages: [RequestReceived]" "rules:" \
    "- level: Metadata" "  verbs: [create, update, patch, delete, deletecollection]" "- level: None" \
    > "$c/pilothouse/audit-policy.yaml"
  echo "--authentication-token-webhook-config-file=$c/pilothouse/token-webhook.kubeconfig" \
    "--authentication-token-webhook-cache-ttl=10s" \
    "--audit-policy-file=$c/pilothouse/audit-policy.yaml" \
    "--audit-log-path=$c/logs/audit.log --audit-log-maxsize=100 --audit-log-maxbackup=1"
}

# A cluster already running without these flags (started by an older harness) is restarted, so the
# suite never runs silently against an apiserver that lacks them. Data is kept; this takes ~10 s.
apiserver_lacks_flags() { # N: true when cluster N's apiserver runs without one of its flags
  local flags; flags=$(apiserver_args "$1")
  ( . "$HERE/lib.sh" "$1" >/dev/null
    alive kube-apiserver || exit 1
    cmdline=$(tr '\0' ' ' < "/proc/$(cat "$RUN/kube-apiserver.pid")/cmdline")
    for flag in $flags; do [[ " $cmdline " == *" $flag "* ]] || exit 0; done
    exit 1 )
}
for n in "${ids[@]}"; do
  if apiserver_lacks_flags "$n"; then
    say "start: cluster $n runs without the webhook and audit flags; restarting it (data kept)"
    bash "$HERE/down.sh" "$n" 9>&- 2>&1 | prefix "down $n" || { STEP="start $n"; fail "could not stop cluster $n to add its flags"; }
  fi
done

# Start in parallel (distinct ports and directories); each up.sh waits for readyz and node Ready.
step start "clusters ${ids[*]} (in parallel; ~10-20 s cold)"
ts=$(date +%s); declare -A pids=()
for n in "${ids[@]}"; do
  ( REALK8S_APISERVER_ARGS="$(apiserver_args "$n")" bash "$HERE/up.sh" "$n" 9>&- 2>&1 | prefix "up $n" ) & pids[$n]=$!
done
bad=(); for n in "${ids[@]}"; do wait "${pids[$n]}" || bad+=("$n"); done
[ ${#bad[@]} -eq 0 ] || { STEP="start ${bad[*]}"; fail "up.sh failed for cluster(s) ${bad[*]} (logs: $ROOT/cluster<N>/logs/)"; }
say "start: clusters ${ids[*]} up in $(elapsed "$ts")"

step seed "clusters ${ids[*]} (in parallel; ~25-40 s the first time, then a no-op)"
ts=$(date +%s); pids=()
for n in "${ids[@]}"; do
  ( bash "$HERE/seed.sh" "$n" 9>&- 2>&1 | prefix "seed $n" ) & pids[$n]=$!
done
bad=(); for n in "${ids[@]}"; do wait "${pids[$n]}" || bad+=("$n"); done
[ ${#bad[@]} -eq 0 ] || { STEP="seed ${bad[*]}"; fail "seed.sh failed for cluster(s) ${bad[*]}"; }
say "seed: done in $(elapsed "$ts")"

for n in "${ids[@]}"; do
  say "cluster $n: realk8s-$n https://127.0.0.1:$((30000 + n * 100 + 43)) kubeconfigs $ROOT/cluster$n/{admin,token,viewer}.kubeconfig"
done
say "up: clusters ${ids[*]} ready in $(elapsed "$t0")"
