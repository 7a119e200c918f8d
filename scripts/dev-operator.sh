#!/usr/bin/env bash
# DEV/TEST ONLY. The simulated operator (kaphera-dev-operator) in the background, against a Kubernetes
# API server such as the one scripts/kube-apiserver.sh runs:
#   scripts/dev-operator.sh start DIR KUBECONFIG [--delay-ms N] [--connectors status-only|real [--connector-jar JAR]]
#                                [--identity-api-url URL]
#   scripts/dev-operator.sh stop DIR
#   scripts/dev-operator.sh status DIR
# About --delay-ms (default 1000) after a *.kaphera.io custom resource is created or its spec changes,
# it writes a Ready status (DEV ONLY message) through the status subresource. Nothing is deployed:
# never point it at a real cluster. KUBECONFIG should be the cluster admin's (it plays every
# operator). pid and log live in DIR (git-ignored). Safe to call twice.
# --connectors real (default status-only): each ControlPlane (edc.kaphera.io) instead runs a real EDC
# 0.15.1 control plane process on 127.0.0.1 (kaphera-dev-connector/target/kaphera-dev-connector.jar unless
# --connector-jar names another copy; -Xmx256m, free ports), Ready once its management API and DSP answer; its files (configuration,
# log, pid) are DIR/connectors/<namespace>-<name>.*. Stopping the operator stops them; stop also ends
# any a killed operator left behind.
# --identity-api-url URL (a simulation of dedicated-managed wallets): every IdentityHub (edc.kaphera.io) is
# reported as served by the one dev wallet whose Identity API is URL (status.identityApiUrl; status.did and
# status.credentialServiceUrl as its spec asks); make run passes the dev IdentityHub's. No wallet is deployed.
# Needs the module built: mvn -q -pl kaphera-dev-operator -am install -DskipTests
# (and for real connectors: mvn -q -pl kaphera-dev-connector -am package)
set -euo pipefail

usage="usage: dev-operator.sh start DIR KUBECONFIG [--delay-ms N] [--connectors status-only|real [--connector-jar JAR]] [--identity-api-url URL] | stop DIR | status DIR"
cmd=${1:?$usage}
dir=$(realpath -m "${2:?$usage}")
root=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=process-lib.sh
. "$root/scripts/process-lib.sh"
module="$root/kaphera-dev-operator"
pidfile="$dir/dev-operator.pid"
log="$dir/dev-operator.log"
java=${JAVA_HOME:+$JAVA_HOME/bin/}java

# The pid in DIR, if that process is alive and still the operator (pids get reused).
process_pattern='com\.kaphera\.dev\.operator\.DevOnlySimulatedOperator'
running_pid() {
  pid_alive_matching "$pidfile" "$process_pattern"
}
connector_jar="$root/kaphera-dev-connector/target/kaphera-dev-connector.jar"
# A real connector of this DIR: the EDC launcher reading a configuration file of DIR/connectors.
connector_pattern() {
  printf 'edc\\.fs\\.config=%s/connectors/[^ ]*\\.properties' "$(printf '%s' "$dir" | sed 's/[.[\\*^$()+?{|]/\\&/g')"
}

# Connectors a killed operator left running (the operator stops its own on TERM).
stop_leftover_connectors() {
  local file pid pattern
  pattern=$(connector_pattern)
  for file in "$dir"/connectors/*.pid; do
    [ -f "$file" ] || continue
    if pid=$(pid_alive_matching "$file" "$pattern"); then
      # In parallel: each takes about 3 s to shut down cleanly.
      (stop_pid dev-operator.sh "$pid" "$file" "$pattern" 5
        echo "dev-operator.sh: stopped a leftover connector (pid $pid, $(basename "$file" .pid))") &
    else
      rm -f "$file"
    fi
  done
  wait
}

start() {
  local kubeconfig=${1:?$usage}
  shift
  local delay=1000 connectors=status-only identity_api_url=
  while [ $# -gt 0 ]; do
    case "$1" in
      --delay-ms) delay=${2:?--delay-ms needs a value}; shift 2 ;;
      --connectors) connectors=${2:?--connectors needs a value}; shift 2 ;;
      --connector-jar) connector_jar=$(realpath -m "${2:?--connector-jar needs a value}"); shift 2 ;;
      --identity-api-url) identity_api_url=${2:?--identity-api-url needs a value}; shift 2 ;;
      *) echo "$usage" >&2; exit 2 ;;
    esac
  done
  local mode_args=()
  case "$connectors" in
    status-only) ;;
    real)
      if [ ! -f "$connector_jar" ]; then
        echo "dev-operator.sh: $connector_jar not built; run: mvn -q -pl kaphera-dev-connector -am package" >&2
        exit 1
      fi
      mode_args=(--connectors real --connector-jar "$connector_jar" --state-dir "$dir") ;;
    *) echo "dev-operator.sh: --connectors must be status-only or real" >&2; exit 2 ;;
  esac
  [ -z "$identity_api_url" ] || mode_args+=(--identity-api-url "$identity_api_url")
  local pid
  if pid=$(running_pid); then
    echo "dev-operator.sh: already running (pid $pid, log $log)"
    return 0
  fi
  if [ ! -f "$module/target/kaphera-dev-operator.jar" ] || [ ! -d "$module/target/lib" ]; then
    echo "dev-operator.sh: $module/target/kaphera-dev-operator.jar not built;" \
      "run: mvn -q -pl kaphera-dev-operator -am install -DskipTests" >&2
    exit 1
  fi
  [ -r "$kubeconfig" ] || { echo "dev-operator.sh: cannot read kubeconfig $kubeconfig" >&2; exit 1; }
  kubeconfig=$(realpath "$kubeconfig")
  mkdir -p "$dir"
  stop_leftover_connectors
  echo "---- $(date -u +%Y-%m-%dT%H:%M:%SZ) start: kubeconfig $kubeconfig, delay $delay ms, connectors $connectors${identity_api_url:+, IdentityHubs at $identity_api_url}" >>"$log"
  # Only what this start writes counts when waiting for it to be ready (the log is appended to).
  local from
  from=$(($(wc -c <"$log") + 1))
  # Detached (own session, no inherited stdio): callers that capture this script's output, such as
  # the IT harness, must not wait for the operator's lifetime.
  setsid "$java" -cp "$module/target/kaphera-dev-operator.jar:$module/target/lib/*" \
    com.kaphera.dev.operator.DevOnlySimulatedOperator --kubeconfig "$kubeconfig" --delay-ms "$delay" --log "$log" \
    "${mode_args[@]}" \
    </dev/null >>"$log" 2>&1 &
  pid=$!
  echo "$pid" >"$pidfile"
  for _ in $(seq 1 150); do
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "dev-operator.sh: the operator exited during start-up; end of $log:" >&2
      tail -n 20 "$log" >&2
      rm -f "$pidfile"
      exit 1
    fi
    if tail -c "+$from" "$log" | grep -q ' watching custom resource definitions'; then
      echo "dev-operator.sh: DEV ONLY simulated operator running (pid $pid, connectors $connectors, log $log)"
      return 0
    fi
    sleep 0.2
  done
  echo "dev-operator.sh: the operator did not start watching within 30 s; end of $log:" >&2
  tail -n 20 "$log" >&2
  kill -KILL "$pid" 2>/dev/null || true
  rm -f "$pidfile"
  exit 1
}

stop() {
  local pid
  if ! pid=$(running_pid); then
    rm -f "$pidfile"
    stop_leftover_connectors
    echo "dev-operator.sh: not running"
    return 0
  fi
  stop_pid dev-operator.sh "$pid" "$pidfile" "$process_pattern"
  stop_leftover_connectors
  echo "dev-operator.sh: stopped"
}

status() {
  local pid
  if pid=$(running_pid); then
    echo "dev-operator.sh: running (pid $pid, log $log)"
  else
    echo "dev-operator.sh: not running"
    exit 3
  fi
}

case "$cmd" in
  start) shift 2; start "$@" ;;
  stop) stop ;;
  status) status ;;
  *) echo "$usage" >&2; exit 2 ;;
esac
