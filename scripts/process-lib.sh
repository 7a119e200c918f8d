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
