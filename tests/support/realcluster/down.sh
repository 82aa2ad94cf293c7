#!/usr/bin/env bash
# down.sh N [--wipe] : stop cluster N's processes by their PID files (never by name).
# Data, certs and kubeconfigs are kept for the next up.sh N unless --wipe is given.
set -uo pipefail
. "$(dirname "$0")/lib.sh" "${1:-}"
for n in fake-kubelet kube-scheduler kube-controller-manager kube-apiserver etcd; do
  f=$RUN/$n.pid; [ -f "$f" ] || continue
  pid=$(cat "$f")
  if alive "$n"; then
    # Wait with alive (cmdline check), not kill -0: once the process has exited it may stay a zombie
    # for a while until PID 1 reaps it (~2 s on some VMs), but its ports and files are already released.
    kill "$pid"; for _ in $(seq 100); do alive "$n" || break; sleep 0.1; done
    alive "$n" && kill -9 "$pid"
    echo "  stopped $n (pid $pid)"
  fi
  rm -f "$f"
done
if [ "${2:-}" = --wipe ]; then rm -rf "$C"; echo "cluster $N wiped ($C)"; fi
echo "cluster $N down"
