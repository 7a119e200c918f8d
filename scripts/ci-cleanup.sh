#!/usr/bin/env bash
# Stops whatever the integration tests may have left running (only if their JVM was killed).
root=$(cd "$(dirname "$0")/.." && pwd)
wlp="$root/kaphera-it/target/liberty-runtime/wlp"
for s in kaphera-it-managed kaphera-it-byoc kaphera-it-oidc kaphera-it-no-audience kaphera-it-fairness; do
  if [ -x "$wlp/bin/server" ] && "$wlp/bin/server" status "$s" >/dev/null 2>&1; then
    "$wlp/bin/server" stop "$s" >/dev/null 2>&1 || true
  fi
done
if [ -f "$root/kaphera-it/target/it-work/pg/data/postmaster.pid" ]; then
  port=$(sed -n 4p "$root/kaphera-it/target/it-work/pg/data/postmaster.pid")
  "$root/scripts/pg.sh" stop "$root/kaphera-it/target/it-work/pg" "$port" >/dev/null 2>&1 || true
fi
# Every dev-only operator and etcd + kube-apiserver a test run may have started (the harness's in
# kaphera-it/target/it-work, a module's own tests' in <module>/target/<test>/).
for dir in "$root"/*/target/*/operator; do
  [ -d "$dir" ] && "$root/scripts/dev-operator.sh" stop "$dir" >/dev/null 2>&1 || true
done
for dir in "$root"/*/target/*/kubernetes; do
  [ -d "$dir" ] && "$root/scripts/kube-apiserver.sh" stop "$dir" >/dev/null 2>&1 || true
done
if [ -d "$root/kaphera-it/target/it-work/keycloak" ]; then
  "$root/scripts/keycloak.sh" stop "$root/kaphera-it/target/it-work/keycloak" >/dev/null 2>&1 || true
fi
exit 0
