#!/usr/bin/env bash
# bench/billing: usage ingestion and the monthly invoice run (issue 14) through the real server on the
# integration harness (PostgreSQL, Liberty), in one run:
#   1. ingestion: CLIENTS clients POST batches of BATCH new usage events to /api/v1/usage-events, each
#      batch as one of ORGANISATIONS organisations' service accounts, for DURATION s after WARMUP s;
#      events/s (target >= 15,000 with 4 clients and batches of 1,000), batch p50/p99, database size after;
#   2. the invoice run: ORGS organisations (10,000), each with a subscription and 30 days of hourly usage of
#      two metrics, billed by one POST /api/v1/billing/runs; seconds to the last invoice (target <= 60 s),
#      invoices/s, database size.
#   bench/billing/run.sh                        # 4 clients, batches of 1,000, 40 organisations, 10 s + 30 s
#   CLIENTS=8 DURATION=60 bench/billing/run.sh
#   MVN="mvn -o" bench/billing/run.sh           # offline
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
trap 'scripts/ci-cleanup.sh' EXIT
scripts/kube-apiserver.sh build
${MVN:-mvn} -B -pl kaphera-it -am verify -Dit.test=BillingBenchmark -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false \
  -Dfailsafe.failIfNoSpecifiedTests=false \
  -Dbench.clients="${CLIENTS:-4}" -Dbench.batch="${BATCH:-1000}" -Dbench.organisations="${ORGANISATIONS:-40}" \
  -Dbench.seconds="${DURATION:-30}" -Dbench.orgs="${ORGS:-10000}" -Dbench.warmup="${WARMUP:-10}" 2>&1 \
  | sed -n -e '/== bench\/billing/,/== end bench\/billing/p' -e '/^\[ERROR\] *\(BillingBenchmark\|\/\)/p'
