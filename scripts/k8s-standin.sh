#!/usr/bin/env bash
# DEV/TEST ONLY. The Kubernetes API stand-in (kaphera-dev-kubernetes) in the background:
#   scripts/k8s-standin.sh start DIR PORT [stand-in args...]   e.g. --seed dev/seed/kubernetes --simulate-operator
#   scripts/k8s-standin.sh stop DIR
#   scripts/k8s-standin.sh status DIR
# Plain HTTP on 127.0.0.1:PORT, no authentication. The shipped CRDs (crds/) are applied unless the
# arguments name --crds themselves. pid, port and log live in DIR (git-ignored). Safe to call twice.
# Needs the module built: mvn -q -pl kaphera-dev-kubernetes -am install -DskipTests
set -euo pipefail

usage="usage: k8s-standin.sh start DIR PORT [args...] | stop DIR | status DIR"
cmd=${1:?$usage}
dir=$(realpath -m "${2:?$usage}")
root=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=process-lib.sh
. "$root/scripts/process-lib.sh"
module="$root/kaphera-dev-kubernetes"
pidfile="$dir/k8s-standin.pid"
portfile="$dir/port"
log="$dir/k8s-standin.log"
java=${JAVA_HOME:+$JAVA_HOME/bin/}java

# The pid in DIR, if that process is alive and still the stand-in (pids get reused).
running_pid() {
  pid_alive_matching "$pidfile" 'com\.kaphera\.dev\.kubernetes\.KubernetesStandIn'
}

ready() {
  curl -fsS --max-time 1 "http://127.0.0.1:$1/readyz" >/dev/null 2>&1
}

start() {
  local port=${1:?$usage}
  shift
  local pid
  if pid=$(running_pid); then
    echo "k8s-standin.sh: already running (pid $pid) on http://127.0.0.1:$(cat "$portfile" 2>/dev/null || echo "$port")"
    return 0
  fi
  if [ ! -f "$module/target/kaphera-dev-kubernetes.jar" ] || [ ! -d "$module/target/lib" ]; then
    echo "k8s-standin.sh: $module/target/kaphera-dev-kubernetes.jar not built;" \
      "run: mvn -q -pl kaphera-dev-kubernetes -am install -DskipTests" >&2
    exit 1
  fi
  local args=(--port "$port" --port-file "$portfile")
  case " $* " in
    *" --crds "*) ;;
    *) [ -d "$root/crds" ] && args+=(--crds "$root/crds") ;;
  esac
  mkdir -p "$dir"
  rm -f "$portfile"
  echo "---- $(date -u +%Y-%m-%dT%H:%M:%SZ) start: port $port $*" >>"$log"
  # Detached (own session, no inherited stdio): callers that capture this script's output, such as
  # the IT harness, must not wait for the stand-in's lifetime.
  setsid "$java" -Xss512k -cp "$module/target/kaphera-dev-kubernetes.jar:$module/target/lib/*" \
    com.kaphera.dev.kubernetes.KubernetesStandIn "${args[@]}" "$@" </dev/null >>"$log" 2>&1 &
  pid=$!
  echo "$pid" >"$pidfile"
  for _ in $(seq 1 150); do
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "k8s-standin.sh: the stand-in exited during start-up; end of $log:" >&2
      tail -n 20 "$log" >&2
      rm -f "$pidfile"
      exit 1
    fi
    if [ -f "$portfile" ] && ready "$port"; then
      echo "k8s-standin.sh: Kubernetes API stand-in on http://127.0.0.1:$port (pid $pid, log $log)"
      return 0
    fi
    sleep 0.2
  done
  echo "k8s-standin.sh: no answer on http://127.0.0.1:$port/readyz after 30 s; end of $log:" >&2
  tail -n 20 "$log" >&2
  kill -KILL "$pid" 2>/dev/null || true
  rm -f "$pidfile"
  exit 1
}

stop() {
  local pid
  if ! pid=$(running_pid); then
    rm -f "$pidfile" "$portfile"
    echo "k8s-standin.sh: not running"
    return 0
  fi
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 50); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.2
  done
  if kill -0 "$pid" 2>/dev/null; then
    echo "k8s-standin.sh: pid $pid ignored TERM for 10 s; killing it" >&2
    kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$pidfile" "$portfile"
  echo "k8s-standin.sh: stopped"
}

status() {
  local pid
  if pid=$(running_pid); then
    echo "k8s-standin.sh: running (pid $pid) on http://127.0.0.1:$(cat "$portfile" 2>/dev/null || echo '?')"
  else
    echo "k8s-standin.sh: not running"
    exit 3
  fi
}

case "$cmd" in
  start) shift 2; start "$@" ;;
  stop) stop ;;
  status) status ;;
  *) echo "$usage" >&2; exit 2 ;;
esac
