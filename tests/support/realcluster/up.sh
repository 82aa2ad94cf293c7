#!/usr/bin/env bash
# up.sh N : start cluster N (etcd, kube-apiserver, controller-manager, scheduler, fake kubelet)
# on 127.0.0.1 only. Reuses existing certs/data in /var/cache/realk8s/clusterN; idempotent.
set -euo pipefail
. "$(dirname "$0")/lib.sh" "${1:-}"
for b in kube-apiserver kube-controller-manager kube-scheduler; do
  [ -x "$BIN/$b" ] || { echo "missing $BIN/$b: run build.sh first" >&2; exit 1; }; done
command -v etcd >/dev/null || { echo "etcd missing: run build.sh (installs etcd-server)" >&2; exit 1; }
mkdir -p "$PKI" "$LOGS" "$RUN" "$C/etcd" && chmod 700 "$C"

# ---- PKI (openssl): CA, serving and client certs, service-account key pair, static tokens ----
if [ ! -f "$PKI/ca.crt" ]; then
  openssl genrsa -out "$PKI/ca.key" 2048 2>/dev/null
  openssl req -x509 -new -key "$PKI/ca.key" -subj "/CN=realk8s-$N-ca" -days 3650 -sha256 -out "$PKI/ca.crt" \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign,digitalSignature"
fi
mkcert() { # name CN O|- SAN|-
  [ -f "$PKI/$1.crt" ] && return 0
  local subj="/CN=$2"; [ "$3" = - ] || subj="/O=$3$subj"
  { echo "basicConstraints=CA:FALSE"; echo "keyUsage=critical,digitalSignature,keyEncipherment"
    echo "extendedKeyUsage=serverAuth,clientAuth"; [ "$4" = - ] || echo "subjectAltName=$4"; } > "$PKI/$1.ext"
  openssl genrsa -out "$PKI/$1.key" 2048 2>/dev/null
  openssl req -new -key "$PKI/$1.key" -subj "$subj" 2>/dev/null | openssl x509 -req -CA "$PKI/ca.crt" -CAkey "$PKI/ca.key" \
    -CAcreateserial -days 3650 -sha256 -extfile "$PKI/$1.ext" -out "$PKI/$1.crt" 2>/dev/null
}
mkcert apiserver kube-apiserver - "IP:127.0.0.1,IP:10.96.0.1,DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.cluster.local"
mkcert apiserver-kubelet-client kube-apiserver-kubelet-client system:masters -
mkcert admin realk8s-admin system:masters -
mkcert front-proxy-client front-proxy-client - -      # aggregation layer / requestheader (same CA, allowed-names pins the CN)
mkcert controller-manager system:kube-controller-manager - -
mkcert scheduler system:kube-scheduler - -
mkcert kubelet "system:node:$NODE" system:nodes "IP:127.0.0.1,DNS:$NODE,DNS:localhost"
[ -f "$PKI/sa.key" ] || { openssl genrsa -out "$PKI/sa.key" 2048 2>/dev/null; openssl rsa -in "$PKI/sa.key" -pubout -out "$PKI/sa.pub" 2>/dev/null; }
if [ ! -f "$PKI/tokens.csv" ]; then
  echo "$(openssl rand -hex 16),realk8s-token-user,uid-token-user,\"realk8s:operators\"" > "$PKI/tokens.csv"
  echo "$(openssl rand -hex 16),realk8s-viewer,uid-viewer,\"realk8s:viewers\"" >> "$PKI/tokens.csv"
fi
token() { awk -F, -v u="$1" '$2==u{print $1}' "$PKI/tokens.csv"; }

# ---- kubeconfigs (certs embedded) ----
mkkc() { # file user cert|token:VALUE
  local f=$1 u=$2; [ -f "$f" ] && return 0
  "$KUBECTL" config --kubeconfig="$f" set-cluster "realk8s-$N" --server="https://127.0.0.1:$API_PORT" \
    --certificate-authority="$PKI/ca.crt" --embed-certs=true >/dev/null
  case $3 in
    token:*) "$KUBECTL" config --kubeconfig="$f" set-credentials "$u" --token="${3#token:}" >/dev/null ;;
    *) "$KUBECTL" config --kubeconfig="$f" set-credentials "$u" --client-certificate="$PKI/$3.crt" \
         --client-key="$PKI/$3.key" --embed-certs=true >/dev/null ;;
  esac
  "$KUBECTL" config --kubeconfig="$f" set-context "$u" --cluster="realk8s-$N" --user="$u" >/dev/null
  "$KUBECTL" config --kubeconfig="$f" use-context "$u" >/dev/null; chmod 600 "$f"
}
mkkc "$C/admin.kubeconfig" "realk8s-$N-admin" admin
mkkc "$C/token.kubeconfig" "realk8s-$N-token" "token:$(token realk8s-token-user)"
mkkc "$C/viewer.kubeconfig" "realk8s-$N-viewer" "token:$(token realk8s-viewer)"
mkkc "$PKI/controller-manager.kubeconfig" system:kube-controller-manager controller-manager
mkkc "$PKI/scheduler.kubeconfig" system:kube-scheduler scheduler

# ---- processes (own session, PID files; down.sh kills by PID) ----
start() { # name cmd...
  local n=$1; shift
  if alive "$n"; then echo "  $n already running (pid $(cat "$RUN/$n.pid"))"; return 0; fi
  echo "=== $(date -u +%FT%TZ) start" >> "$LOGS/$n.log"
  setsid "$@" >> "$LOGS/$n.log" 2>&1 < /dev/null &
  echo $! > "$RUN/$n.pid"; echo "  $n started (pid $!, log $LOGS/$n.log)"
}
waitfor() { # what cmd...
  local what=$1; shift
  for _ in $(seq 120); do "$@" >/dev/null 2>&1 && return 0; sleep 0.5; done
  echo "timed out waiting for $what" >&2; exit 1
}
# Pod IPs (10.244/16) and Service IPs (10.96/16) are data only: nothing listens there. Blackhole routes
# make any dial to them (pods/proxy, services/proxy, webhooks) fail locally instead of leaving the host.
for r in 10.244.0.0/16 10.96.0.0/16; do ip route replace blackhole "$r" 2>/dev/null || echo "WARNING: could not add blackhole route $r" >&2; done
echo "cluster $N: apiserver https://127.0.0.1:$API_PORT"
start etcd etcd --name "realk8s-$N" --data-dir "$C/etcd" \
  --listen-client-urls "http://127.0.0.1:$ETCD_PORT" --advertise-client-urls "http://127.0.0.1:$ETCD_PORT" \
  --listen-peer-urls "http://127.0.0.1:$ETCD_PEER" --initial-advertise-peer-urls "http://127.0.0.1:$ETCD_PEER" \
  --initial-cluster "realk8s-$N=http://127.0.0.1:$ETCD_PEER" --quota-backend-bytes=1073741824
waitfor etcd curl -sf "http://127.0.0.1:$ETCD_PORT/health"

start kube-apiserver "$BIN/kube-apiserver" --bind-address=127.0.0.1 --secure-port="$API_PORT" --insecure-port=0 \
  --advertise-address=127.0.0.1 --endpoint-reconciler-type=none \
  --etcd-servers="http://127.0.0.1:$ETCD_PORT" --storage-backend=etcd3 \
  --client-ca-file="$PKI/ca.crt" --tls-cert-file="$PKI/apiserver.crt" --tls-private-key-file="$PKI/apiserver.key" \
  --token-auth-file="$PKI/tokens.csv" --authorization-mode=Node,RBAC --enable-admission-plugins=NodeRestriction \
  --service-cluster-ip-range=10.96.0.0/16 --allow-privileged=true --profiling=false \
  --service-account-key-file="$PKI/sa.pub" --service-account-signing-key-file="$PKI/sa.key" \
  --service-account-issuer=https://kubernetes.default.svc.cluster.local \
  --kubelet-client-certificate="$PKI/apiserver-kubelet-client.crt" --kubelet-client-key="$PKI/apiserver-kubelet-client.key" \
  --kubelet-certificate-authority="$PKI/ca.crt" --kubelet-preferred-address-types=InternalIP \
  --requestheader-client-ca-file="$PKI/ca.crt" --requestheader-allowed-names=front-proxy-client \
  --requestheader-username-headers=X-Remote-User --requestheader-group-headers=X-Remote-Group \
  --requestheader-extra-headers-prefix=X-Remote-Extra- \
  --proxy-client-cert-file="$PKI/front-proxy-client.crt" --proxy-client-key-file="$PKI/front-proxy-client.key" \
  ${REALK8S_APISERVER_ARGS:-}
waitfor kube-apiserver curl -sf --cacert "$PKI/ca.crt" --cert "$PKI/admin.crt" --key "$PKI/admin.key" "https://127.0.0.1:$API_PORT/readyz"

# RBAC for the token user (cluster-admin) and the viewer (built-in `view` only)
k create clusterrolebinding realk8s-token-user --clusterrole=cluster-admin --user=realk8s-token-user \
  --dry-run=client -o yaml | k apply -f - >/dev/null
k create clusterrolebinding realk8s-viewer --clusterrole=view --user=realk8s-viewer \
  --dry-run=client -o yaml | k apply -f - >/dev/null

start kube-controller-manager "$BIN/kube-controller-manager" --bind-address=127.0.0.1 --secure-port="$CM_PORT" --port=0 \
  --kubeconfig="$PKI/controller-manager.kubeconfig" --authentication-kubeconfig="$PKI/controller-manager.kubeconfig" \
  --authorization-kubeconfig="$PKI/controller-manager.kubeconfig" --use-service-account-credentials=true \
  --service-account-private-key-file="$PKI/sa.key" --root-ca-file="$PKI/ca.crt" \
  --cluster-signing-cert-file="$PKI/ca.crt" --cluster-signing-key-file="$PKI/ca.key" \
  --allocate-node-cidrs=true --cluster-cidr=10.244.0.0/16 --service-cluster-ip-range=10.96.0.0/16 \
  --horizontal-pod-autoscaler-sync-period=30s --profiling=false
start kube-scheduler "$BIN/kube-scheduler" --bind-address=127.0.0.1 --secure-port="$SCHED_PORT" --port=0 \
  --kubeconfig="$PKI/scheduler.kubeconfig" --authentication-kubeconfig="$PKI/scheduler.kubeconfig" \
  --authorization-kubeconfig="$PKI/scheduler.kubeconfig" --profiling=false
start fake-kubelet node "$HERE/fake-kubelet.mjs" --api "https://127.0.0.1:$API_PORT" --node "$NODE" \
  --port "$KUBELET_PORT" --ca "$PKI/ca.crt" --cert "$PKI/kubelet.crt" --key "$PKI/kubelet.key"
waitfor "node $NODE Ready" k wait --for=condition=Ready "node/$NODE" --timeout=2s
echo "cluster $N up. kubeconfigs: $C/{admin,token,viewer}.kubeconfig"
