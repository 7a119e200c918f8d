#!/usr/bin/env bash
# DEV/TEST ONLY. A real Keycloak (dev mode) in the background, with our realm imported:
#   scripts/keycloak.sh start DIST_DIR STATE_DIR HTTP_PORT [REALM_JSON...]
#   scripts/keycloak.sh stop STATE_DIR
#   scripts/keycloak.sh status STATE_DIR
# DIST_DIR is an unpacked org.keycloak:keycloak-quarkus-dist (kaphera-it unpacks one into
# kaphera-it/target/keycloak/keycloak-<version>). REALM_JSON defaults to
# liberty-config/keycloak/kaphera-pilot-realm.json. Everything that changes lives in STATE_DIR
# (git-ignored): the H2 database, the realm import folder, transaction logs, pid, port, log and
# admin-password (the master realm's bootstrap admin "admin", random, created once).
# Plain HTTP on 127.0.0.1:HTTP_PORT, health on the same port (/health/ready). Start returns once
# the realm's OIDC discovery document answers. Safe to call twice. When the realm files differ from
# the ones STATE_DIR was created with, the database is thrown away so the new files are imported.
# The issuer is pinned to http://127.0.0.1:HTTP_PORT/realms/<realm> whichever host name a client
# uses (localhost would otherwise give another iss than 127.0.0.1, and the server checks iss).
# Environment: KEYCLOAK_JAVA_HOME (a JDK 21+; default: the newest one under /usr/lib/jvm, else
# JAVA_HOME), KEYCLOAK_HOSTNAME (the public base URL, default http://127.0.0.1:HTTP_PORT),
# KEYCLOAK_REALM (the realm to wait for, default kaphera-pilot), KEYCLOAK_START_TIMEOUT (seconds,
# default 120). Keycloak itself also reads KC_* variables.
set -euo pipefail

usage="usage: keycloak.sh start DIST_DIR STATE_DIR HTTP_PORT [REALM_JSON...] | stop STATE_DIR | status STATE_DIR"
cmd=${1:?$usage}
root=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=process-lib.sh
. "$root/scripts/process-lib.sh"
realm=${KEYCLOAK_REALM:-kaphera-pilot}
admin_user="admin"

state_files() {
  dir=$(realpath -m "${1:?$usage}")
  pidfile="$dir/keycloak.pid"
  portfile="$dir/port"
  log="$dir/keycloak.log"
}

# The pid in STATE_DIR, if that process is alive and still Keycloak (pids get reused). It is the
# kc.sh shell or, after kc.sh re-executed itself, the JVM; either way the leader of its own session.
running_pid() {
  pid_alive_matching "$pidfile" 'kc\.sh|io\.quarkus\.bootstrap\.runner\.QuarkusEntryPoint'
}

java_version() { # major version of the JDK in $1, or nothing
  sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$1/release" 2>/dev/null || true
}

# Keycloak 26 wants Java 21 or newer (17 still starts but is deprecated).
pick_java_home() {
  if [ -n "${KEYCLOAK_JAVA_HOME:-}" ]; then
    echo "$KEYCLOAK_JAVA_HOME"
    return
  fi
  local best="" best_version=0 candidate v
  for candidate in ${JAVA_HOME:-} /usr/lib/jvm/*; do
    [ -x "$candidate/bin/java" ] || continue
    v=$(java_version "$candidate")
    if [ -n "$v" ] && [ "$v" -ge 21 ] && [ "$v" -gt "$best_version" ]; then
      best=$candidate
      best_version=$v
    fi
  done
  if [ -n "$best" ]; then
    echo "$best"
  else
    echo "keycloak.sh: no JDK 21+ found (set KEYCLOAK_JAVA_HOME); trying ${JAVA_HOME:-the java on PATH}" >&2
    echo "${JAVA_HOME:-}"
  fi
}

discovery_url() {
  echo "http://127.0.0.1:$1/realms/$realm/.well-known/openid-configuration"
}

start() {
  local dist port pid
  dist=$(realpath -m "${1:?$usage}")
  port=${3:?$usage}
  state_files "$2"
  shift 3
  local realms=("$@")
  if [ ${#realms[@]} -eq 0 ]; then
    realms=("$root/liberty-config/keycloak/kaphera-pilot-realm.json")
  fi
  if pid=$(running_pid); then
    echo "keycloak.sh: already running (pid $pid) on http://127.0.0.1:$(cat "$portfile" 2>/dev/null || echo "$port")"
    return 0
  fi
  if [ ! -f "$dist/bin/kc.sh" ]; then
    echo "keycloak.sh: $dist is not an unpacked Keycloak distribution (no bin/kc.sh);" \
      "run: mvn -pl kaphera-it dependency:unpack@unpack-keycloak" >&2
    exit 1
  fi
  mkdir -p "$dir"
  rm -f "$portfile"

  # The realm files to import; a changed set means a fresh database (IGNORE_EXISTING would keep the old realm).
  local f sum
  for f in "${realms[@]}"; do
    [ -f "$f" ] || { echo "keycloak.sh: realm file $f not found" >&2; exit 1; }
  done
  sum=$(cat "${realms[@]}" | sha256sum | cut -c1-64)
  if [ -d "$dir/h2" ] && [ "$(cat "$dir/realms.sha256" 2>/dev/null)" != "$sum" ]; then
    echo "keycloak.sh: realm files changed since $dir/h2 was created; starting from an empty database"
    rm -rf "$dir/h2" "$dir/transaction-logs"
  fi
  rm -rf "$dir/import"
  mkdir -p "$dir/import"
  cp "${realms[@]}" "$dir/import/"
  echo "$sum" >"$dir/realms.sha256"

  # The bootstrap admin is only created with the master realm, so its password must outlive restarts.
  if [ ! -s "$dir/admin-password" ]; then
    (umask 077; head -c 24 /dev/urandom | base64 | tr -d '/+=\n' >"$dir/admin-password")
  fi

  local java_home
  java_home=$(pick_java_home)
  echo "---- $(date -u +%Y-%m-%dT%H:%M:%SZ) start: port $port, realms ${realms[*]}, java ${java_home:-PATH}" >>"$log"
  # --import-realm only reads <dist>/data/import; keycloak.migration.dir points it at our folder, so
  # the dist stays shared and read-only apart from its one-time build (lib/quarkus). Detached (own
  # session, no inherited stdio) so that callers capturing this script's output do not wait on it.
  JAVA_HOME=$java_home \
  KC_BOOTSTRAP_ADMIN_USERNAME=$admin_user \
  KC_BOOTSTRAP_ADMIN_PASSWORD=$(cat "$dir/admin-password") \
  setsid "$dist/bin/kc.sh" start-dev \
    --http-host=127.0.0.1 --http-port="$port" --hostname-strict=false \
    --hostname="${KEYCLOAK_HOSTNAME:-http://127.0.0.1:$port}" \
    --health-enabled=true --http-management-health-enabled=false \
    --db=dev-file --db-url="jdbc:h2:file:$dir/h2/keycloakdb;NON_KEYWORDS=VALUE" \
    --import-realm \
    "-Dkeycloak.migration.dir=$dir/import" \
    "-Dquarkus.transaction-manager.object-store.directory=$dir/transaction-logs" \
    </dev/null >>"$log" 2>&1 &
  pid=$!
  echo "$pid" >"$pidfile"
  echo "$port" >"$portfile"

  local timeout=${KEYCLOAK_START_TIMEOUT:-120} started=$SECONDS
  while [ $((SECONDS - started)) -lt "$timeout" ]; do
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "keycloak.sh: Keycloak exited during start-up; end of $log:" >&2
      tail -n 40 "$log" >&2
      rm -f "$pidfile" "$portfile"
      exit 1
    fi
    if curl -fsS --max-time 2 -o /dev/null "$(discovery_url "$port")" 2>/dev/null; then
      echo "keycloak.sh: Keycloak on http://127.0.0.1:$port, realm $realm ready after $((SECONDS - started)) s" \
        "(pid $pid, log $log, admin password in $dir/admin-password)"
      return 0
    fi
    sleep 0.5
  done
  echo "keycloak.sh: no answer from $(discovery_url "$port") after $timeout s; end of $log:" >&2
  tail -n 40 "$log" >&2
  kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
  rm -f "$pidfile" "$portfile"
  exit 1
}

stop() {
  state_files "$1"
  local pid
  if ! pid=$(running_pid); then
    rm -f "$pidfile" "$portfile"
    echo "keycloak.sh: not running"
    return 0
  fi
  # kc.sh forwards TERM to the JVM; signalling the session's process group reaches both.
  kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 100); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.2
  done
  if kill -0 "$pid" 2>/dev/null; then
    echo "keycloak.sh: pid $pid ignored TERM for 20 s; killing it" >&2
    kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$pidfile" "$portfile"
  echo "keycloak.sh: stopped"
}

status() {
  state_files "$1"
  local pid
  if pid=$(running_pid); then
    echo "keycloak.sh: running (pid $pid) on http://127.0.0.1:$(cat "$portfile" 2>/dev/null || echo '?')"
  else
    echo "keycloak.sh: not running"
    exit 3
  fi
}

case "$cmd" in
  start) shift; start "$@" ;;
  stop) stop "${2:-}" ;;
  status) status "${2:-}" ;;
  *) echo "$usage" >&2; exit 2 ;;
esac
