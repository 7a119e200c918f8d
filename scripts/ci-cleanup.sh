#!/usr/bin/env bash
# Stops whatever the integration tests may have left running (only if their JVM was killed).
root=$(cd "$(dirname "$0")/.." && pwd)
wlp="$root/kaphera-it/target/liberty-runtime/wlp"
# Every server the harness made (the shared ones, and Stack.variant's for single tests and benchmarks).
for dir in "$wlp"/usr/servers/*/; do
  s=$(basename "$dir")
  if [ -x "$wlp/bin/server" ] && "$wlp/bin/server" status "$s" >/dev/null 2>&1; then
    "$wlp/bin/server" stop "$s" >/dev/null 2>&1 || true
  fi
done
# The Arquillian test server of kaphera-ejb-it (arquillian.xml, harness/TestServer).
ejbwlp="$root/kaphera-ejb-it/target/liberty-runtime/wlp"
if [ -x "$ejbwlp/bin/server" ] && "$ejbwlp/bin/server" status kaphera-ejb-it >/dev/null 2>&1; then
  "$ejbwlp/bin/server" stop kaphera-ejb-it >/dev/null 2>&1 || true
fi
for pg in "$root/kaphera-it/target/it-work/pg" "$root/kaphera-ejb-it/target/ejbit-work/pg"; do
  if [ -f "$pg/data/postmaster.pid" ]; then
    port=$(sed -n 4p "$pg/data/postmaster.pid")
    "$root/scripts/pg.sh" stop "$pg" "$port" >/dev/null 2>&1 || true
  fi
done
# Every dev-only operator and etcd + kube-apiserver a test run may have started (the harness's in
# kaphera-it/target/it-work, a module's own tests' in <module>/target/<test>/). dev-operator.sh stop also
# stops the real connectors (EDC processes) of that operator folder, even when the operator itself was
# killed: it finds them by DIR/connectors/*.pid and checks each one's command line first.
for dir in "$root"/*/target/*/operator; do
  [ -d "$dir" ] && "$root/scripts/dev-operator.sh" stop "$dir" >/dev/null 2>&1 || true
done
for dir in "$root"/*/target/*/kubernetes; do
  [ -d "$dir" ] && "$root/scripts/kube-apiserver.sh" stop "$dir" >/dev/null 2>&1 || true
done
# The dev-only wallets of the harness (kaphera-it/target/it-work) and of a module's own tests.
for dir in "$root"/*/target/*/identityhub; do
  [ -d "$dir" ] && "$root/scripts/identityhub.sh" stop "$dir" >/dev/null 2>&1 || true
done
if [ -d "$root/kaphera-it/target/it-work/keycloak" ]; then
  "$root/scripts/keycloak.sh" stop "$root/kaphera-it/target/it-work/keycloak" >/dev/null 2>&1 || true
fi
exit 0
