#!/usr/bin/env bash
# DEV/TEST ONLY. A real Eclipse EDC IdentityHub 0.15.1 (a DCP wallet: participants, keys, DID documents,
# credential storage, STS) in the background, on 127.0.0.1 only:
#   scripts/identityhub.sh start JAR STATE_DIR BASE_PORT
#   scripts/identityhub.sh stop STATE_DIR
#   scripts/identityhub.sh status STATE_DIR
# JAR is kaphera-dev-identityhub/target/kaphera-dev-identityhub.jar (mvn -q -pl kaphera-dev-identityhub
# -am install -DskipTests). Five ports from BASE_PORT, one per EDC web context:
#   BASE_PORT     /api              default context: health (/api/check/health), version (/api/v1/version)
#   BASE_PORT+1   /api/identity     Identity API (x-api-key), e.g. /api/identity/v1alpha/participants
#   BASE_PORT+2   /api/credentials  DCP Storage and Presentation APIs: /api/credentials/v1/participants/<b64url id>/…
#   BASE_PORT+3   /                 did:web documents: /<participant>/did.json
#   BASE_PORT+4   /api/sts          STS: POST /api/sts/token (client_credentials)
# Everything the wallet holds is in memory: a restart starts empty (the super-user is seeded again).
# STATE_DIR (git-ignored) holds identityhub.properties (the -Dedc.fs.config file), the log, the pid,
# admin-api-key (the seeded super-user's Identity API key, base64(super-user).secret, created once,
# mode 600) and, while running, endpoints.env (KEY=value lines, for shells and java.util.Properties:
# IH_PID, IH_IDENTITY_URL, IH_CREDENTIALS_URL, IH_DID_URL, IH_DID_HOST (for did:web, port
# percent-encoded), IH_STS_URL, IH_DEFAULT_URL, IH_ADMIN_PARTICIPANT, IH_ADMIN_API_KEY_FILE).
# Start returns once the Identity API accepts the admin key and EDC reports the runtime ready.
# Safe to call twice. Environment: IH_JAVA_OPTS (default: a small heap, serial GC, C1 only),
# IH_EXTRA_PROPERTIES (a file appended to the EDC configuration), IH_START_TIMEOUT (seconds, default 60),
# IH_REQUEST_WORKERS (default 4) and IH_REQUEST_WAIT_MILLIS (default 50): state machines sending holders'
# credential requests in place of IdentityHub's one (DevOnlyCredentialRequestWorkers; 0: as published).
set -euo pipefail

usage="usage: identityhub.sh start JAR STATE_DIR BASE_PORT | stop STATE_DIR | status STATE_DIR"
cmd=${1:?$usage}
root=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=process-lib.sh
. "$root/scripts/process-lib.sh"
java=${JAVA_HOME:+$JAVA_HOME/bin/}java
admin_participant="super-user"
# The EDC launcher reading this folder's configuration file; pids get reused.
process_pattern='edc\.fs\.config=[^ ]*/identityhub\.properties'

state_files() {
  dir=$(realpath -m "${1:?$usage}")
  pidfile="$dir/identityhub.pid"
  log="$dir/identityhub.log"
  config="$dir/identityhub.properties"
  keyfile="$dir/admin-api-key"
  endpoints="$dir/endpoints.env"
}

running_pid() {
  pid_alive_matching "$pidfile" "$process_pattern"
}

b64url() { # base64url without padding, as IdentityHub expects participant ids in paths
  printf '%s' "$1" | base64 -w0 | tr '+/' '-_' | tr -d '='
}

start() {
  local jar base pid
  jar=$(realpath -m "${1:?$usage}")
  state_files "${2:?$usage}"
  base=${3:?$usage}
  if ! [[ "$base" =~ ^[0-9]+$ ]] || [ "$base" -lt 1024 ] || [ "$base" -gt 65530 ]; then
    echo "identityhub.sh: BASE_PORT must be a number from 1024 to 65530 (it uses BASE_PORT..BASE_PORT+4)" >&2
    exit 2
  fi
  if pid=$(running_pid); then
    echo "identityhub.sh: already running (pid $pid); endpoints in $endpoints"
    return 0
  fi
  if [ ! -f "$jar" ]; then
    echo "identityhub.sh: $jar not built; run: mvn -q -pl kaphera-dev-identityhub -am install -DskipTests" >&2
    exit 1
  fi
  mkdir -p "$dir"
  rm -f "$endpoints"

  # The super-user's key outlives restarts of the same STATE_DIR, so a shell that read it keeps working.
  if [ ! -s "$keyfile" ]; then
    (umask 077; printf '%s.%s\n' "$(printf '%s' "$admin_participant" | base64 -w0)" \
      "$(head -c 32 /dev/urandom | base64 -w0 | tr -d '/+=')" >"$keyfile")
  fi
  local key
  key=$(cat "$keyfile")

  local p_default=$base p_identity=$((base + 1)) p_credentials=$((base + 2)) p_did=$((base + 3)) p_sts=$((base + 4)) p
  for p in "$p_default" "$p_identity" "$p_credentials" "$p_did" "$p_sts"; do
    if command -v ss >/dev/null && [ -n "$(ss -Hltn "sport = :$p" 2>/dev/null)" ]; then
      echo "identityhub.sh: port $p is in use (it needs $p_default-$p_sts); choose another BASE_PORT" >&2
      exit 1
    fi
  done
  rm -f "$config"
  (
    umask 077
    {
    cat <<EOF
# Written by scripts/identityhub.sh on every start; DEV ONLY (holds the super-user's API key).
edc.participant.id=kaphera-dev-identityhub
edc.hostname=127.0.0.1
edc.iam.did.web.use.https=false
web.http.port=$p_default
web.http.path=/api
web.http.identity.port=$p_identity
web.http.identity.path=/api/identity
web.http.credentials.port=$p_credentials
web.http.credentials.path=/api/credentials
web.http.did.port=$p_did
web.http.did.path=/
web.http.sts.port=$p_sts
web.http.sts.path=/api/sts
kaphera.dev.identityhub.admin.participant-id=$admin_participant
kaphera.dev.identityhub.admin.api-key=$key
kaphera.dev.identityhub.credential-request.workers=${IH_REQUEST_WORKERS:-4}
kaphera.dev.identityhub.credential-request.wait-millis=${IH_REQUEST_WAIT_MILLIS:-50}
EOF
    if [ -n "${IH_EXTRA_PROPERTIES:-}" ]; then
      echo "# from IH_EXTRA_PROPERTIES=$IH_EXTRA_PROPERTIES"
      cat "$IH_EXTRA_PROPERTIES"
    fi
    } >"$config"
  )

  local java_opts=${IH_JAVA_OPTS:--Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1}
  echo "---- $(date -u +%Y-%m-%dT%H:%M:%SZ) start: ports $p_default-$p_sts, jar $jar" >>"$log"
  # Only what this start writes counts when waiting for it to be ready (the log is appended to).
  local from
  from=$(($(wc -c <"$log") + 1))
  # Detached (own session, no inherited stdio): callers capturing this script's output must not wait
  # for the wallet's lifetime. --no-color keeps ANSI codes out of the log.
  # shellcheck disable=SC2086
  setsid "$java" $java_opts "-Dedc.fs.config=$config" -jar "$jar" --no-color </dev/null >>"$log" 2>&1 &
  pid=$!
  echo "$pid" >"$pidfile"

  local identity="http://127.0.0.1:$p_identity/api/identity"
  local probe
  probe="$identity/v1alpha/participants/$(b64url "$admin_participant")"
  local timeout=${IH_START_TIMEOUT:-60} started=$SECONDS
  while [ $((SECONDS - started)) -lt "$timeout" ]; do
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "identityhub.sh: IdentityHub exited during start-up; end of $log:" >&2
      tail -n 30 "$log" >&2
      rm -f "$pidfile"
      exit 1
    fi
    # Health answers before every extension has started; the runtime's own "ready" line comes last.
    if tail -c "+$from" "$log" | grep -q 'Runtime .* ready' \
      && curl -fsS --max-time 2 -o /dev/null -H "x-api-key: $key" "$probe" 2>/dev/null; then
      cat >"$endpoints" <<EOF
IH_PID=$pid
IH_DEFAULT_URL=http://127.0.0.1:$p_default/api
IH_IDENTITY_URL=$identity
IH_CREDENTIALS_URL=http://127.0.0.1:$p_credentials/api/credentials
IH_DID_URL=http://127.0.0.1:$p_did
IH_DID_HOST=127.0.0.1%3A$p_did
IH_STS_URL=http://127.0.0.1:$p_sts/api/sts
IH_ADMIN_PARTICIPANT=$admin_participant
IH_ADMIN_API_KEY_FILE=$keyfile
EOF
      echo "identityhub.sh: DEV ONLY IdentityHub ready after $((SECONDS - started)) s (pid $pid, ports $p_default-$p_sts on" \
        "127.0.0.1, log $log, endpoints $endpoints, super-user API key in $keyfile)"
      return 0
    fi
    sleep 0.25
  done
  echo "identityhub.sh: the Identity API did not accept the admin key within $timeout s; end of $log:" >&2
  tail -n 30 "$log" >&2
  kill -KILL "$pid" 2>/dev/null || true
  rm -f "$pidfile"
  exit 1
}

stop() {
  state_files "$1"
  local pid
  if ! pid=$(running_pid); then
    rm -f "$pidfile" "$endpoints"
    echo "identityhub.sh: not running"
    return 0
  fi
  stop_pid identityhub.sh "$pid" "$pidfile" "$process_pattern"
  rm -f "$endpoints"
  echo "identityhub.sh: stopped"
}

status() {
  state_files "$1"
  local pid
  if pid=$(running_pid); then
    echo "identityhub.sh: running (pid $pid); endpoints in $endpoints"
  else
    echo "identityhub.sh: not running"
    exit 3
  fi
}

case "$cmd" in
  start) shift; start "$@" ;;
  stop) stop "${2:-}" ;;
  status) status "${2:-}" ;;
  *) echo "$usage" >&2; exit 2 ;;
esac
