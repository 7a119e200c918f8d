# Shared by the scripts that run a background service (kube-apiserver.sh, dev-operator.sh, keycloak.sh); source it.

# Prints the pid in PIDFILE if that process is alive and its command line matches the extended
# regular expression PATTERN (pids get reused); fails otherwise.
pid_alive_matching() {
  local pidfile=$1 pattern=$2 pid
  [ -f "$pidfile" ] || return 1
  pid=$(cat "$pidfile")
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 1
  if [ -r "/proc/$pid/cmdline" ]; then
    tr '\0' ' ' <"/proc/$pid/cmdline" | grep -Eq "$pattern" || return 1
  fi
  echo "$pid"
}

# Stops PID (TERM, then KILL after SECONDS, default 10) and removes PIDFILE. It waits with
# pid_alive_matching PIDFILE PATTERN, not kill -0: an exited process stays a zombie until init reaps
# it, which some inits (containers, sandboxes) take seconds to do. NAME is for the message.
stop_pid() {
  local name=$1 pid=$2 pidfile=$3 pattern=$4 seconds=${5:-10} i
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < seconds * 5; i++)); do
    pid_alive_matching "$pidfile" "$pattern" >/dev/null || break
    sleep 0.2
  done
  if pid_alive_matching "$pidfile" "$pattern" >/dev/null; then
    echo "$name (pid $pid) ignored TERM for $seconds s; killing it" >&2
    kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$pidfile"
}
