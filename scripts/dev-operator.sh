#!/usr/bin/env bash
# DEV/TEST ONLY. The simulated operator (kaphera-dev-operator) in the background, against a Kubernetes
# API server such as the one scripts/kube-apiserver.sh runs:
#   scripts/dev-operator.sh start DIR KUBECONFIG [--delay-ms N]
#   scripts/dev-operator.sh stop DIR
#   scripts/dev-operator.sh status DIR
# About --delay-ms (default 1000) after a *.kaphera.io custom resource is created or its spec changes,
# it writes a Ready status (DEV ONLY message) through the status subresource. Nothing is deployed:
# never point it at a real cluster. KUBECONFIG should be the cluster admin's (it plays every
# operator). pid and log live in DIR (git-ignored). Safe to call twice.
# Needs the module built: mvn -q -pl kaphera-dev-operator -am install -DskipTests
set -euo pipefail

usage="usage: dev-operator.sh start DIR KUBECONFIG [--delay-ms N] | stop DIR | status DIR"
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

start() {
  local kubeconfig=${1:?$usage}
  shift
  local delay=1000
  while [ $# -gt 0 ]; do
    case "$1" in
      --delay-ms) delay=${2:?--delay-ms needs a value}; shift 2 ;;
      *) echo "$usage" >&2; exit 2 ;;
    esac
  done
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
  echo "---- $(date -u +%Y-%m-%dT%H:%M:%SZ) start: kubeconfig $kubeconfig, delay $delay ms" >>"$log"
  # Only what this start writes counts when waiting for it to be ready (the log is appended to).
  local from
  from=$(($(wc -c <"$log") + 1))
  # Detached (own session, no inherited stdio): callers that capture this script's output, such as
  # the IT harness, must not wait for the operator's lifetime.
  setsid "$java" -cp "$module/target/kaphera-dev-operator.jar:$module/target/lib/*" \
    com.kaphera.dev.operator.DevOnlySimulatedOperator --kubeconfig "$kubeconfig" --delay-ms "$delay" --log "$log" \
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
      echo "dev-operator.sh: DEV ONLY simulated operator running (pid $pid, log $log)"
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
    echo "dev-operator.sh: not running"
    return 0
  fi
  stop_pid dev-operator.sh "$pid" "$pidfile" "$process_pattern"
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
