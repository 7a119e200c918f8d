#!/usr/bin/env bash
# bench/audit: audit entries appended to the hash chain per second versus a plain INSERT of the same
# rows (8 writers, 1 and 100 organisations, as the server's database role), and what the audit log
# adds to a mutating request (PATCH of an organisation through a server with the log on vs off), in
# one run. Starts its own PostgreSQL, kube-apiserver and Liberty servers (the integration harness).
#   bench/audit/run.sh                      # defaults: 8 writers, 5 s warm-up, 10 s per case
#   THREADS=8 DURATION=20 bench/audit/run.sh
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
trap 'scripts/ci-cleanup.sh' EXIT
scripts/kube-apiserver.sh build
mvn -q -B install -DskipTests -pl kaphera-it -am
mvn -B -pl kaphera-it verify -Dit.test=AuditBenchmark -Dfailsafe.failIfNoSpecifiedTests=false \
  -Dbench.threads="${THREADS:-8}" -Dbench.seconds="${DURATION:-10}" -Dbench.warmup="${WARMUP:-5}" 2>&1 \
  | sed -n '/== bench\/audit/,/p99 added/p'
