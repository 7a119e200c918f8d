#!/usr/bin/env bash
# bench/directory: GET /api/v1/directory/dataspaces with 10,000 published dataspaces, through the real
# server over HTTP with a real token: first page (limit 50, 200), a middle page by continue token, a
# search matching ~1 % and one matching nothing (p50/p95/p99), walking all 10,000 with limit 200,
# GET /api/v1/me as the reference, EXPLAIN ANALYZE of the SQL the server sends, the same SQL timed
# from JDBC, CPU per request from /proc, and a JFR profile of Liberty while it walks; migration V5's
# search index dropped for "before" passes and rebuilt for "after" passes, alternating CYCLES times.
# Starts its own PostgreSQL, kube-apiserver and Liberty (the integration harness); one dataspace is
# published through the API, the rest seeded with SQL. Empties the harness database's directory
# before and after: do not run integration tests in this worktree meanwhile.
#   bench/directory/run.sh                          # defaults: 300 iterations after 100 warm-up, 21 walks, 3 cycles
#   ITERATIONS=1000 WALKS=50 bench/directory/run.sh
#   PROFILE_SECONDS=0 bench/directory/run.sh        # without the JFR profile
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
trap 'scripts/ci-cleanup.sh' EXIT
scripts/kube-apiserver.sh build
mvn -q -B install -DskipTests -pl kaphera-it -am
mvn -B -pl kaphera-it verify -Dit.test=DirectoryBenchmark -Dfailsafe.failIfNoSpecifiedTests=false \
  -Dbench.dataspaces="${DATASPACES:-10000}" -Dbench.iterations="${ITERATIONS:-300}" -Dbench.warmup="${WARMUP:-100}" \
  -Dbench.walks="${WALKS:-21}" -Dbench.cycles="${CYCLES:-3}" -Dbench.profile-seconds="${PROFILE_SECONDS:-30}" 2>&1 \
  | sed -n -e '/== bench\/directory/,/== end bench\/directory/p' -e '/^\[ERROR\]/p'
