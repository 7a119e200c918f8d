#!/usr/bin/env bash
# bench/join: the join flow (issue 13) through the real server, the real wallet (EDC IdentityHub), the
# real kube-apiserver and the dev operator, on a database of its own (JoinBed), in one run:
#   1. real connector: REAL_RUNS sequential shared-managed joins, POST -> succeeded, each with a real
#      EDC 0.15.1 control plane started by the dev operator (harness join settings); per-step durations;
#   2. platform overhead: OVERHEAD_RUNS sequential joins (after WARMUP) with status-only connectors
#      (Ready 200 ms after the ControlPlane is written, kaphera.join.connector-check=status); p50/p95/max,
#      per step, the credential step split by the issuance's timestamps, GET /api/v1/me as reference;
#   3. throughput: JOINS joins of as many organisations submitted at once by CLIENTS clients, status-only,
#      to 1 server (SERVERS="1,2" runs it again with two servers on the same database); all must succeed
#      exactly once (audit, issuances, ControlPlanes checked); joins/s; CPU per process from /proc,
#      pg_stat_activity, and a JFR profile of Liberty.
# Server settings for 2 and 3: WORKERS (kaphera.join.workers), POLL_MILLIS (kaphera.join.poll-millis),
# DELIVERY_POLL_MILLIS (kaphera.dcp.delivery-poll-millis), DB_POOL (KAPHERA_DB_POOL_MAX).
# Organisation setup (registration, namespaces) is timed apart and excluded from every figure.
#   bench/join/run.sh                                  # 5 real, 30 overhead after 5 warm-up, 1,000 at once by 32 clients
#   JOINS=200 CLIENTS=16 WORKERS=16 bench/join/run.sh
#   SERVERS=1,2 PROFILE=false bench/join/run.sh
#   MVN="mvn -o" bench/join/run.sh                     # offline
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
trap 'scripts/ci-cleanup.sh' EXIT
scripts/kube-apiserver.sh build
# The whole reactor in one invocation, so that the EAR under test is this checkout's (never a stale one
# from the shared local repository).
${MVN:-mvn} -B -pl kaphera-it -am verify -Dit.test=JoinBenchmark -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false \
  -Dfailsafe.failIfNoSpecifiedTests=false \
  -Dbench.real-runs="${REAL_RUNS:-5}" -Dbench.overhead-runs="${OVERHEAD_RUNS:-30}" -Dbench.warmup="${WARMUP:-5}" \
  -Dbench.joins="${JOINS:-1000}" -Dbench.clients="${CLIENTS:-32}" -Dbench.servers="${SERVERS:-1}" \
  -Dbench.workers="${WORKERS:-32}" -Dbench.poll-millis="${POLL_MILLIS:-100}" \
  -Dbench.delivery-poll-millis="${DELIVERY_POLL_MILLIS:-100}" -Dbench.db-pool="${DB_POOL:-40}" \
  -Dbench.profile="${PROFILE:-true}" -Dbench.timeout-seconds="${TIMEOUT_SECONDS:-600}" 2>&1 \
  | sed -n -e '/== bench\/join/,/== end bench\/join/p' -e '/^\[ERROR\] *\(JoinBenchmark\|\/\)/p'
