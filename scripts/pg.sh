#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for dev and tests: scripts/pg.sh start|stop|status|restart DIR [PORT]
# Data lives in DIR (git-ignored), the server listens on 127.0.0.1:PORT only, with its socket in DIR.
# Creates role/database "kaphera" (the owner, runs migrations) and role "kaphera_app" (the server's,
# append-only on the audit log), both with password "kaphera-dev". Safe to call twice.
set -euo pipefail

cmd=${1:?usage: pg.sh start|stop|status|restart DIR [PORT]}
dir=$(realpath -m "${2:?data folder required}")
port=${3:-55432}

pgbin=${PGBIN:-}
if [ -z "$pgbin" ]; then
  pgbin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
fi
if [ -z "$pgbin" ] || [ ! -x "$pgbin/initdb" ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "pg.sh: PostgreSQL binaries not found; installing Debian's postgresql package" >&2
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
    pgbin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
  else
    echo "pg.sh: PostgreSQL server binaries not found. Install them (Debian/Ubuntu: sudo apt-get install postgresql)" >&2
    echo "       or set PGBIN to the folder holding initdb and pg_ctl." >&2
    exit 1
  fi
fi

# initdb refuses to run as root: run the server as the postgres user then.
as_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

# As root the server runs as postgres, which must be able to reach the data folder. When a parent
# folder is private (a mktemp checkout, a home directory), the cluster lives in a postgres-owned
# folder under /tmp instead, and DIR becomes a link to it, so callers keep using DIR.
if [ "$(id -u)" = 0 ] && [ ! -L "$dir" ] && ! runuser -u postgres -- test -x "$(dirname "$dir")"; then
  real="/tmp/kaphera-pg-$(printf '%s' "$dir" | sha1sum | cut -c1-12)"
  mkdir -p "$real" "$(dirname "$dir")"
  chown postgres: "$real"
  rm -rf "$dir"
  ln -s "$real" "$dir"
fi
dir=$(realpath -m "$dir")
data="$dir/data"

psql_as_superuser() {
  as_owner "$pgbin/psql" -X -q -v ON_ERROR_STOP=1 -h "$dir" -p "$port" -U postgres -d postgres "$@"
}

start() {
  mkdir -p "$dir"
  if [ "$(id -u)" = 0 ]; then chown postgres: "$dir"; fi
  if [ ! -f "$data/PG_VERSION" ]; then
    as_owner "$pgbin/initdb" -D "$data" -U postgres --auth-local=trust --auth-host=scram-sha-256 \
      -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; exit 1; }
    fresh=1
  fi
  if as_owner "$pgbin/pg_ctl" -D "$data" status >/dev/null 2>&1; then
    echo "pg.sh: already running on port $port"
  else
    as_owner "$pgbin/pg_ctl" -D "$data" -l "$dir/postgres.log" -w -t 30 \
      -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off" start >/dev/null
  fi
  if [ "${fresh:-0}" = 1 ]; then
    psql_as_superuser -c "CREATE ROLE kaphera LOGIN PASSWORD 'kaphera-dev'"
    psql_as_superuser -c "CREATE DATABASE kaphera OWNER kaphera"
  fi
  # The server's own role (clusters made before it existed get it too): the migrations, run as the
  # owner "kaphera", grant it what it may do, which leaves the audit tables append-only for it.
  psql_as_superuser -c "DO \$\$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'kaphera_app') THEN
    CREATE ROLE kaphera_app LOGIN PASSWORD 'kaphera-dev'; END IF; END \$\$" >/dev/null
  echo "pg.sh: PostgreSQL on jdbc:postgresql://127.0.0.1:$port/kaphera (owner kaphera, server role kaphera_app)"
}

stop() {
  if [ -f "$data/PG_VERSION" ] && as_owner "$pgbin/pg_ctl" -D "$data" status >/dev/null 2>&1; then
    as_owner "$pgbin/pg_ctl" -D "$data" -m fast -w stop >/dev/null
    echo "pg.sh: stopped"
  fi
}

case "$cmd" in
  start) start ;;
  stop) stop ;;
  restart) stop; start ;;
  status) as_owner "$pgbin/pg_ctl" -D "$data" status ;;
  psql) shift 3 || true; psql_as_superuser "$@" ;;
  *) echo "usage: pg.sh start|stop|status|restart DIR [PORT]" >&2; exit 2 ;;
esac
