#!/usr/bin/env bash
# Build kube-apiserver, kube-controller-manager and kube-scheduler (Kubernetes 1.20.2,
# Debian bookworm source package) with Debian's Go. Idempotent: skips binaries that exist.
# Everything lands under $REALK8S_ROOT (default /var/cache/realk8s), never in the repo.
set -euo pipefail
ROOT=${REALK8S_ROOT:-/var/cache/realk8s}
SRCDIR=$ROOT/src; SRC=$SRCDIR/k8s; BIN=$ROOT/bin
DSC=kubernetes_1.20.5+really1.20.2-1.1+deb12u1.dsc
CMDS=(kube-apiserver kube-controller-manager kube-scheduler)
# `build.sh kubectl` also builds kubectl 1.20.2 from the same source (used by cluster-env.sh when no
# working kubectl is on PATH: Debian bookworm's own kubernetes-client panics, see the README).
for extra in "$@"; do
  case $extra in kubectl) CMDS+=(kubectl) ;; *) echo "usage: $0 [kubectl]" >&2; exit 2 ;; esac
done
mkdir -p "$SRCDIR" "$BIN" "$ROOT/logs"

pkgs=(golang-go etcd-server etcd-client openssl dpkg-dev golang-github-modern-go-reflect2-dev curl jq iproute2)
if ! dpkg -s "${pkgs[@]}" >/dev/null 2>&1; then
  apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${pkgs[@]}"
fi

missing=(); for c in "${CMDS[@]}"; do [ -x "$BIN/$c" ] || missing+=("$c"); done
[ ${#missing[@]} -eq 0 ] && { echo "build.sh: all binaries present in $BIN"; exit 0; }

if [ ! -d "$SRC/vendor" ]; then
  cd "$SRCDIR"
  dsc=$SRCDIR/$DSC
  if [ ! -f "$dsc" ]; then              # fetch Debian's source package (needs a deb-src entry)
    if ! grep -rqs deb-src /etc/apt/sources.list /etc/apt/sources.list.d/; then
      printf 'Types: deb-src\nURIs: http://deb.debian.org/debian\nSuites: bookworm bookworm-updates\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' \
        > /etc/apt/sources.list.d/debsrc.sources
      apt-get update -q
    fi
    apt-get source --download-only -q kubernetes=1.20.5+really1.20.2-1.1+deb12u1
  fi
  rm -rf "$SRC"; dpkg-source -x "$dsc" "$SRC"   # applies Debian's patches
  # vendored reflect2 v1.0.1 is broken with Go >= 1.18 (mapiterinit signature); use Debian's 1.0.2.
  v=$SRC/vendor/github.com/modern-go/reflect2; r=/usr/share/gocode/src/github.com/modern-go/reflect2
  rm -f "$v"/*.go "$v"/*.s && cp "$r"/*.go "$r"/*.s "$v"/
fi

# Go 1.19 refuses `-mod=vendor` on Kubernetes 1.20's go.mod ("updates to go.mod needed": its
# `replace X => X vN` and ./staging replaces trip Go>=1.17's vendor-mode graph check), so build the
# way pre-module Go did: GOPATH mode, where every import resolves from $SRC/vendor. No network.
G=$ROOT/gopath; mkdir -p "$G/src/k8s.io"; ln -sfn "$SRC" "$G/src/k8s.io/kubernetes"
export GO111MODULE=off GOPATH=$G GOFLAGS="-trimpath" GOCACHE=$ROOT/gocache GOPROXY=off CGO_ENABLED=0
ld="-s -w"
for p in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
  p=k8s.io/kubernetes/vendor/$p   # vendored import path in GOPATH mode
  ld+=" -X $p.gitVersion=v1.20.2 -X $p.gitMajor=1 -X $p.gitMinor=20 -X $p.gitTreeState=archive"
  ld+=" -X $p.gitCommit=debian-1.20.5+really1.20.2-1.1+deb12u1 -X $p.buildDate=$(date -u +%Y-%m-%dT%H:%M:%SZ)"
done
cd "$G/src/k8s.io/kubernetes"
# The source tree lacks pkg/generated/openapi/zz_generated.openapi.go (made by `make` at build
# time); generate it with the vendored openapi-gen, as Makefile.generated_files does. The one
# package whose stdlib field (time.Duration) old gengo cannot type-check under Go 1.19 is left
# out: kube-scheduler's config/v1 types, which the apiserver does not serve.
if [ ! -f pkg/generated/openapi/zz_generated.openapi.go ]; then
  go build -o "$ROOT/bin/openapi-gen" ./vendor/k8s.io/kube-openapi/cmd/openapi-gen
  dirs=$(find -H . -not \( \( -path './_*' -o -path './.*' -o -path ./vendor \) -prune \) -name '*.go' -print \
    | sed -e 's|^./staging/src|vendor|' -e 's|^\./||' | xargs grep -l '^// *+k8s:' | xargs grep -l '+k8s:openapi-gen=' \
    | xargs -n1 dirname | grep -v -e '^vendor/k8s.io/code-generator/' -e '^vendor/k8s.io/sample-apiserver/' \
      -e '^vendor/k8s.io/kube-scheduler/config/v1$' | LC_ALL=C sort -u | sed 's|^|k8s.io/kubernetes/|' | paste -sd,)
  "$ROOT/bin/openapi-gen" -i "$dirs" -p k8s.io/kubernetes/pkg/generated/openapi -O zz_generated.openapi \
    -h vendor/k8s.io/code-generator/hack/boilerplate.go.txt -r "$ROOT/logs/openapi-violations.report"
fi
for c in "${missing[@]}"; do
  echo "build.sh: building $c ($(go version))"
  /usr/bin/time -f "$c: %e s wall, %M KiB peak RSS" -a -o "$ROOT/logs/build-times.txt" \
    go build -ldflags "$ld" -o "$BIN/$c.tmp" "./cmd/$c"
  mv "$BIN/$c.tmp" "$BIN/$c"
  tail -1 "$ROOT/logs/build-times.txt"
done
echo "total: $SECONDS s wall for this build.sh run" >> "$ROOT/logs/build-times.txt"
"$BIN/kube-apiserver" --version
