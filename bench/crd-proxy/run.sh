#!/usr/bin/env bash
# bench/crd-proxy: throughput and p50/p99 of GET and LIST of custom resources through the Kaphera
# API versus the same calls made directly with client-java against the same real kube-apiserver
# (TLS, the server's service-account token, RBAC), in one run. Starts its own PostgreSQL,
# kube-apiserver + etcd and Liberty (the integration harness).
#   bench/crd-proxy/run.sh                    # defaults: 4 threads, 10 s warm-up, 15 s per path
#   THREADS=8 DURATION=30 bench/crd-proxy/run.sh
#   ORG_CACHE_SECONDS=0 bench/crd-proxy/run.sh   # without the in-memory organisation -> namespace cache
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
trap 'scripts/ci-cleanup.sh' EXIT
scripts/kube-apiserver.sh build
mvn -q -B install -DskipTests -pl kaphera-it -am
mvn -B -pl kaphera-it verify -Dit.test=CrdProxyBenchmark -Dfailsafe.failIfNoSpecifiedTests=false \
  -Dkaphera.it.kubernetes.direct=true -Dbench.threads="${THREADS:-4}" -Dbench.seconds="${DURATION:-15}" \
  -Dbench.warmup="${WARMUP:-10}" -Dkaphera.it.organisations.cache-seconds="${ORG_CACHE_SECONDS:-}" 2>&1 | sed -n '/== bench\/crd-proxy/,/LIST: throughput/p'
