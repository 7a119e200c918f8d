#!/usr/bin/env bash
# DEV/TEST ONLY. A real Kubernetes API server (upstream kube-apiserver v1.20.2 + etcd 3.4) as local
# processes, the way controller-runtime's envtest runs one, minus its binary download:
#
#   scripts/kube-apiserver.sh build                 build once into the cache (minutes), then a no-op
#   scripts/kube-apiserver.sh start DIR [PORT]      etcd + kube-apiserver on 127.0.0.1, state in DIR
#   scripts/kube-apiserver.sh stop DIR
#   scripts/kube-apiserver.sh status DIR
#   scripts/kube-apiserver.sh kubectl DIR ARGS...   kubectl as the cluster admin (DIR/admin.kubeconfig)
#
# build: no registry ships a kube-apiserver binary, so it is built offline from Debian bookworm's
# source package of Kubernetes (src:kubernetes 1.20.5+really1.20.2, the upstream v1.20.2 tree with
# vendor/) with Debian's Go 1.19, both fetched through the machine's own Debian mirror; the source
# archive's sha256 is checked. Two vendored libraries crash under Go >= 1.18 and are replaced by
# Debian's packaged versions (see ../shared notes / docs/operations.md). etcd comes from Debian's
# etcd-server package, unpacked privately. Nothing is installed system-wide except Debian packages
# by name (rsync, curl) when missing and run as root. Cache: $KAPHERA_CACHE (default
# ~/.cache/kaphera)/kube-apiserver-v1.20.2/{bin/kube-apiserver,bin/kubectl,bin/etcd}; a warm cache
# never rebuilds.
#
# start: a generated CA and serving certificate (127.0.0.1, localhost), token authentication
# (a static admin token; service accounts by signed tokens), RBAC authorisation, on 127.0.0.1:PORT
# (default 56443; 0 = a free port) with etcd on two more free loopback ports. Writes into DIR:
#   ca.crt, admin.kubeconfig (system:masters), port, url, logs and pids.
# What a customer's cluster administrator does before and while the Kaphera server runs
# (deploy/kubernetes/README.md), shared by make run and the integration tests:
#   scripts/kube-apiserver.sh install-kaphera DIR   the shipped CRDs (waits until Established), the
#       server's RBAC, and DIR/server.kubeconfig + DIR/server.token: the kaphera-cloud-server service
#       account's credentials (a TokenRequest token, 48 h), as a pod would hold them
#   scripts/kube-apiserver.sh onboard DIR SLUG...   per organisation: namespace kaphera-SLUG and the
#       RoleBinding that lets the server in (deploy/kubernetes/organisation-namespace.yaml); one
#       kubectl apply for all the slugs given
# KUBE_APISERVER_FLAGS adds flags to kube-apiserver (the tests use --watch-cache=false).
# Safe to call twice. stop ends both processes (TERM, then KILL after 10 s).
set -euo pipefail

usage="usage: kube-apiserver.sh build | start DIR [PORT] | stop DIR | status DIR | kubectl DIR ARGS... | install-kaphera DIR | onboard DIR SLUG..."
cmd=${1:?$usage}
root=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=process-lib.sh
. "$root/scripts/process-lib.sh"

k8s_version=v1.20.2
debian_version="1.20.5+really1.20.2"
source_archive="kubernetes_${debian_version}.orig.tar.gz"
source_sha256=b83c0780efb182d928dc63d46488a847f161f04e40a94b96bf5247dd671ecdfc
cache=${KAPHERA_CACHE:-${XDG_CACHE_HOME:-${HOME:-/root}/.cache}/kaphera}
home="$cache/kube-apiserver-$k8s_version"
bin="$home/bin"

log() { echo "kube-apiserver.sh: $*" >&2; }

built() {
  [ -x "$bin/kube-apiserver" ] && [ -x "$bin/kubectl" ] && [ -x "$bin/etcd" ]
}

# The first Debian archive URI of the machine's apt sources (deb822 or one-line format).
debian_mirror() {
  local uri
  uri=$( (cat /etc/apt/sources.list.d/*.sources 2>/dev/null | awk '/^URIs:/{print $2}';
          cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null | awk '/^deb /{print $2}') |
        grep -E '/debian/?$' | head -n 1)
  [ -n "$uri" ] || { log "no Debian archive found in the apt sources"; exit 1; }
  echo "${uri%/}"
}

apt_ready=0
apt_update_once() {
  [ "$apt_ready" = 1 ] && return 0
  apt-get update -qq >/dev/null
  apt_ready=1
}

need_command() {   # need_command CMD PACKAGE
  command -v "$1" >/dev/null && return 0
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    log "installing Debian package $2 (for $1)"
    apt_update_once
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$2" >/dev/null
  else
    log "$1 is missing: install Debian's $2 package"; exit 1
  fi
}

# Unpacks Debian packages (by name) into FOLDER without installing them.
unpack_debs() {   # unpack_debs FOLDER PACKAGE...
  local into=$1; shift
  local tmp
  tmp=$(mktemp -d)
  # apt-get download fetches as the _apt user when that user may write the folder (else it warns)
  chown _apt "$tmp" 2>/dev/null || true
  apt_update_once
  (cd "$tmp" && apt-get download -qq "$@" >/dev/null)
  for deb in "$tmp"/*.deb; do dpkg-deb -x "$deb" "$into"; done
  rm -rf "$tmp"
}

build() {
  if built; then
    log "cached: $bin (kube-apiserver, kubectl $k8s_version; etcd)"
    return 0
  fi
  command -v apt-get >/dev/null || { log "building needs Debian's apt-get (see docs/operations.md)"; exit 1; }
  need_command rsync rsync
  need_command curl curl
  local work
  mkdir -p "$cache"
  work=$(mktemp -d "$cache/build.XXXXXX")
  # shellcheck disable=SC2064  # expand now: $work is local to this function
  trap "rm -rf '$work'" EXIT
  log "building kube-apiserver and kubectl $k8s_version once (≈ 6-10 min on 2 cores; cached in $home)"
  log "  Debian packages: Go 1.19, etcd, two Go libraries (unpacked privately)"
  unpack_debs "$work/debs" golang-1.19-go golang-1.19-src etcd-server \
    golang-github-modern-go-reflect2-dev golang-github-json-iterator-go-dev
  log "  source: $source_archive from the Debian archive"
  curl -fsS --retry 3 -o "$work/$source_archive" "$(debian_mirror)/pool/main/k/kubernetes/$source_archive"
  echo "$source_sha256  $work/$source_archive" | sha256sum -c --quiet - ||
    { log "sha256 mismatch for $source_archive"; exit 1; }
  mkdir -p "$work/src"
  tar -xzf "$work/$source_archive" -C "$work/src" --strip-components=1
  local tree="$work/src"
  # reflect2 1.0.1 and its json-iterator crash under Go >= 1.18: use Debian's fixed versions.
  local gocode="$work/debs/usr/share/gocode/src/github.com"
  for lib in modern-go/reflect2 json-iterator/go; do
    rm -rf "${tree:?}/vendor/github.com/$lib"
    cp -r "$gocode/$lib" "$tree/vendor/github.com/$lib"
    find "$tree/vendor/github.com/$lib" -name '*_test.go' -delete
  done
  mkdir -p "$tree/.go/src/k8s.io"
  ln -s "$tree" "$tree/.go/src/k8s.io/kubernetes"
  log "  compiling (log: $home/build.log)"
  mkdir -p "$home"
  (
    cd "$tree/.go/src/k8s.io/kubernetes"
    export GOROOT="$work/debs/usr/lib/go-1.19" PATH="$work/debs/usr/lib/go-1.19/bin:$PATH"
    export GOPATH="$tree/.go" GOCACHE="$work/gocache" GOPROXY=off GOFLAGS=-mod=vendor GO111MODULE=off CGO_ENABLED=0
    export KUBE_GIT_VERSION="$k8s_version" KUBE_GIT_TREE_STATE=clean KUBE_BUILD_PLATFORMS=linux/amd64
    make WHAT="cmd/kube-apiserver cmd/kubectl"
  ) >"$home/build.log" 2>&1 || { log "build failed; end of $home/build.log:"; tail -n 30 "$home/build.log" >&2; exit 1; }
  mkdir -p "$bin.tmp"
  cp "$tree/_output/local/go/bin/kube-apiserver" "$tree/_output/local/go/bin/kubectl" "$bin.tmp/"
  cp "$work/debs/usr/bin/etcd" "$bin.tmp/etcd"
  rm -rf "$bin" && mv "$bin.tmp" "$bin"
  log "built: $bin"
}

state_files() {
  dir=$(realpath -m "${1:?$usage}")
  apiserver_pidfile="$dir/kube-apiserver.pid"
  etcd_pidfile="$dir/etcd.pid"
}

apiserver_pattern='kube-apiserver'
etcd_pattern='/etcd '
apiserver_pid() { pid_alive_matching "$apiserver_pidfile" "$apiserver_pattern"; }
etcd_pid() { pid_alive_matching "$etcd_pidfile" "$etcd_pattern"; }

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

# CA, serving certificate for 127.0.0.1/localhost, and the service-account signing key; made once per DIR.
make_pki() {
  local pki="$dir/pki"
  [ -f "$pki/apiserver.crt" ] && return 0
  mkdir -p "$pki"
  (
    cd "$pki"
    openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj "/CN=kaphera-dev-cluster-ca" \
      -keyout ca.key -out ca.crt 2>/dev/null
    openssl req -newkey rsa:2048 -nodes -subj "/CN=kube-apiserver" -keyout apiserver.key -out apiserver.csr 2>/dev/null
    printf 'subjectAltName=IP:127.0.0.1,DNS:localhost,DNS:kubernetes.default.svc\nextendedKeyUsage=serverAuth\n' >ext.cnf
    openssl x509 -req -in apiserver.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days 3650 \
      -extfile ext.cnf -out apiserver.crt 2>/dev/null
    openssl genrsa -out sa.key 2048 2>/dev/null
    openssl rsa -in sa.key -pubout -out sa.pub 2>/dev/null
    rm -f apiserver.csr ext.cnf
    chmod 600 ./*.key
  )
  cp "$pki/ca.crt" "$dir/ca.crt"
  # The static admin token (system:masters): used by scripts and the test harness to set the cluster
  # up (CRDs, RBAC, namespaces, seeds), never by the Kaphera server.
  printf '%s,kaphera-dev-admin,kaphera-dev-admin,"system:masters"\n' "$(openssl rand -hex 24)" >"$pki/tokens.csv"
  chmod 600 "$pki/tokens.csv"
}

write_kubeconfig() {   # write_kubeconfig FILE USER TOKEN [NAMESPACE]
  local file=$1 user=$2 token=$3 ns=${4:-default}
  umask 077
  cat >"$file" <<EOF
apiVersion: v1
kind: Config
clusters:
- name: kaphera-dev
  cluster:
    server: $(cat "$dir/url")
    certificate-authority: $dir/ca.crt
users:
- name: $user
  user:
    token: $token
contexts:
- name: $user@kaphera-dev
  context:
    cluster: kaphera-dev
    user: $user
    namespace: $ns
current-context: $user@kaphera-dev
EOF
}

start() {
  local port=${1:-56443}
  built || build
  local pid
  if pid=$(apiserver_pid); then
    log "already running (pid $pid) on $(cat "$dir/url")"
    return 0
  fi
  mkdir -p "$dir"
  [ "$port" = 0 ] && port=$(free_port)
  make_pki
  if ! etcd_pid >/dev/null; then
    local client peer
    client=$(free_port); peer=$(free_port)
    echo "---- $(date -u +%Y-%m-%dT%H:%M:%SZ) start" >>"$dir/etcd.log"
    # Detached (own session, no inherited stdio): callers that capture this script's output must not
    # wait for the services' lifetime. ETCD_UNSUPPORTED_ARCH is harmless on amd64.
    setsid "$bin/etcd" --name default --data-dir "$dir/etcd" \
      --listen-client-urls "http://127.0.0.1:$client" --advertise-client-urls "http://127.0.0.1:$client" \
      --listen-peer-urls "http://127.0.0.1:$peer" --initial-advertise-peer-urls "http://127.0.0.1:$peer" \
      --initial-cluster "default=http://127.0.0.1:$peer" --listen-metrics-urls "" \
      --quota-backend-bytes $((2 * 1024 * 1024 * 1024)) \
      </dev/null >>"$dir/etcd.log" 2>&1 &
    echo $! >"$etcd_pidfile"
    echo "http://127.0.0.1:$client" >"$dir/etcd-url"
    for _ in $(seq 1 100); do
      curl -fsS --max-time 1 "http://127.0.0.1:$client/health" >/dev/null 2>&1 && break
      kill -0 "$(cat "$etcd_pidfile")" 2>/dev/null || { log "etcd exited; end of $dir/etcd.log:"; tail -n 20 "$dir/etcd.log" >&2; exit 1; }
      sleep 0.1
    done
  fi
  echo "https://127.0.0.1:$port" >"$dir/url"
  echo "$port" >"$dir/port"
  echo "---- $(date -u +%Y-%m-%dT%H:%M:%SZ) start on port $port" >>"$dir/kube-apiserver.log"
  setsid "$bin/kube-apiserver" \
    --etcd-servers="$(cat "$dir/etcd-url")" \
    --bind-address=127.0.0.1 --advertise-address=127.0.0.1 --secure-port="$port" --insecure-port=0 \
    --tls-cert-file="$dir/pki/apiserver.crt" --tls-private-key-file="$dir/pki/apiserver.key" \
    --client-ca-file="$dir/pki/ca.crt" \
    --token-auth-file="$dir/pki/tokens.csv" \
    --authorization-mode=RBAC \
    --service-cluster-ip-range=10.0.0.0/24 \
    --service-account-issuer=https://kubernetes.default.svc \
    --service-account-key-file="$dir/pki/sa.pub" --service-account-signing-key-file="$dir/pki/sa.key" \
    --api-audiences=https://kubernetes.default.svc \
    --enable-priority-and-fairness=false \
    --enable-admission-plugins=NamespaceLifecycle,ResourceQuota \
    --disable-admission-plugins=ServiceAccount \
    ${KUBE_APISERVER_FLAGS:-} \
    </dev/null >>"$dir/kube-apiserver.log" 2>&1 &
  pid=$!
  echo "$pid" >"$apiserver_pidfile"
  write_kubeconfig "$dir/admin.kubeconfig" kaphera-dev-admin "$(cut -d, -f1 "$dir/pki/tokens.csv")"
  for _ in $(seq 1 300); do
    if ! kill -0 "$pid" 2>/dev/null; then
      log "kube-apiserver exited during start-up; end of $dir/kube-apiserver.log:"
      tail -n 20 "$dir/kube-apiserver.log" >&2
      stop; exit 1
    fi
    if curl -fsS --max-time 1 --cacert "$dir/ca.crt" "https://127.0.0.1:$port/readyz" \
         -H "Authorization: Bearer $(cut -d, -f1 "$dir/pki/tokens.csv")" >/dev/null 2>&1; then
      log "Kubernetes API $k8s_version on https://127.0.0.1:$port (pid $pid; admin kubeconfig $dir/admin.kubeconfig)"
      return 0
    fi
    sleep 0.2
  done
  log "no answer on https://127.0.0.1:$port/readyz after 60 s; end of $dir/kube-apiserver.log:"
  tail -n 20 "$dir/kube-apiserver.log" >&2
  stop; exit 1
}

stop() {
  local pid any=0
  if pid=$(apiserver_pid); then stop_pid kube-apiserver "$pid" "$apiserver_pidfile" "$apiserver_pattern"; any=1; fi
  if pid=$(etcd_pid); then stop_pid etcd "$pid" "$etcd_pidfile" "$etcd_pattern"; any=1; fi
  rm -f "$apiserver_pidfile" "$etcd_pidfile"
  if [ "$any" = 1 ]; then log "stopped"; else log "not running"; fi
}

status() {
  local pid
  if pid=$(apiserver_pid); then
    log "running (pid $pid) on $(cat "$dir/url")"
  else
    log "not running"
    exit 3
  fi
}

kubectl_admin() {
  "$bin/kubectl" --kubeconfig "$dir/admin.kubeconfig" "$@"
}

install_kaphera() {
  kubectl_admin apply -f "$root/crds" >/dev/null
  kubectl_admin wait --for condition=established --timeout=60s -f "$root/crds" >/dev/null
  kubectl_admin apply -f "$root/deploy/kubernetes/rbac.yaml" >/dev/null
  # A token from the TokenRequest API: the same kind of bound service-account token a pod's
  # projected volume holds in a real cluster (kubectl 1.20 has no `create token`).
  local token
  token=$(printf '%s' '{"apiVersion":"authentication.k8s.io/v1","kind":"TokenRequest","spec":{"expirationSeconds":172800}}' |
    kubectl_admin create --raw /api/v1/namespaces/kaphera-system/serviceaccounts/kaphera-cloud-server/token -f - |
    sed -E 's/.*"token":"([^"]+)".*/\1/')
  [ -n "$token" ] || { log "no token for the kaphera-cloud-server service account"; exit 1; }
  (umask 077 && printf '%s' "$token" >"$dir/server.token")
  write_kubeconfig "$dir/server.kubeconfig" kaphera-cloud-server "$token" kaphera-system
  log "installed: CRDs, RBAC; the server's credentials are in $dir/server.kubeconfig and $dir/server.token"
}

onboard() {
  [ $# -gt 0 ] || { echo "$usage" >&2; exit 2; }
  local slug
  for slug in "$@"; do
    [[ $slug =~ ^[a-z0-9]([-a-z0-9]*[a-z0-9])?$ ]] || { log "not an organisation slug: $slug"; exit 2; }
  done
  # One kubectl for all of them (a multi-document stream, each namespace before its RoleBinding):
  # starting kubectl costs more than applying two objects.
  for slug in "$@"; do
    sed "s/\${SLUG}/$slug/g" "$root/deploy/kubernetes/organisation-namespace.yaml"
  done | kubectl_admin apply -f - >/dev/null
}

case "$cmd" in
  build) build ;;
  start) state_files "${2:-}"; start "${3:-56443}" ;;
  stop) state_files "${2:-}"; stop ;;
  status) state_files "${2:-}"; status ;;
  kubectl) state_files "${2:-}"; shift 2; kubectl_admin "$@" ;;
  install-kaphera) state_files "${2:-}"; install_kaphera ;;
  onboard) state_files "${2:-}"; shift 2; onboard "$@" ;;
  *) echo "$usage" >&2; exit 2 ;;
esac
