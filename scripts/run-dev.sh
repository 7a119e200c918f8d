#!/usr/bin/env bash
# `make run`: build, start a throwaway PostgreSQL and the Kubernetes API stand-in (shipped CRDs
# installed, pilot resources seeded, dev-only simulated operator marking them Ready), start Liberty
# in the foreground with dev tokens, seed the pilot's organisations through the API.
# Ctrl-C stops everything this script started.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

HTTP_PORT=${HTTP_PORT:-9080}
HTTPS_PORT=${HTTPS_PORT:-9443}
PG_PORT=${PG_PORT:-55432}
K8S_PORT=${K8S_PORT:-56443}
KEYCLOAK=${KEYCLOAK:-0}
KC_PORT=${KC_PORT:-8180}
EDITION=${EDITION:-managed}
dev="$root/.dev"
mkdir -p "$dev"

echo "==> building (mvn install -DskipTests)"
mvn -q -B install -DskipTests

echo "==> PostgreSQL on port $PG_PORT (data in .dev/pg)"
scripts/pg.sh start "$dev/pg" "$PG_PORT"
cleanup() {
  trap - EXIT INT TERM
  echo "==> stopping"
  [ -n "${seeder:-}" ] && kill "$seeder" 2>/dev/null || true
  if [ -n "${liberty:-}" ] && kill -0 "$liberty" 2>/dev/null; then
    kill -TERM "$liberty" 2>/dev/null || true   # liberty:run stops the server from its shutdown hook
    wait "$liberty" 2>/dev/null || true
  fi
  [ "$KEYCLOAK" = 1 ] && { scripts/keycloak.sh stop "$dev/keycloak" || true; }
  scripts/k8s-standin.sh stop "$dev/kubernetes" || true
  scripts/pg.sh stop "$dev/pg" "$PG_PORT" || true
}
trap cleanup EXIT INT TERM

echo "==> Kubernetes API stand-in on port $K8S_PORT (CRDs from crds/, seeds from dev/seed/kubernetes, DEV-ONLY simulated operator)"
scripts/k8s-standin.sh start "$dev/kubernetes" "$K8S_PORT" --seed "$root/dev/seed/kubernetes" --simulate-operator

scripts/dev-token.sh keys "$dev/keys"
[ -f "$dev/keystore-password" ] || openssl rand -hex 16 >"$dev/keystore-password"

export KAPHERA_EDITION="$EDITION"
export KAPHERA_HTTP_PORT="$HTTP_PORT" KAPHERA_HTTPS_PORT="$HTTPS_PORT"
export KAPHERA_DB_URL="jdbc:postgresql://127.0.0.1:$PG_PORT/kaphera" KAPHERA_DB_USER=kaphera KAPHERA_DB_PASSWORD=kaphera-dev
export KAPHERA_KEYSTORE_PASSWORD="$(cat "$dev/keystore-password")"
export KAPHERA_KUBERNETES_URL="http://127.0.0.1:$K8S_PORT"
export MP_JWT_VERIFY_AUDIENCES=kaphera-api
if [ "$KEYCLOAK" = 1 ]; then
  # A real Keycloak with the pilot realm (liberty-config/keycloak): tokens come from it, not from .dev/keys.
  echo "==> Keycloak on port $KC_PORT (realm kaphera-pilot, data in .dev/keycloak)"
  mvn -q -B -pl kaphera-it dependency:unpack@unpack-keycloak
  kc_dist=$(ls -d "$root"/kaphera-it/target/keycloak/keycloak-* | sort -V | tail -1)
  scripts/keycloak.sh start "$kc_dist" "$dev/keycloak" "$KC_PORT"
  issuer="http://127.0.0.1:$KC_PORT/realms/kaphera-pilot"
  export MP_JWT_VERIFY_ISSUER="$issuer" MP_JWT_VERIFY_PUBLICKEY_LOCATION="$issuer/protocol/openid-connect/certs"
else
  export MP_JWT_VERIFY_ISSUER=https://kaphera.local/dev MP_JWT_VERIFY_PUBLICKEY_LOCATION="$dev/keys/public.pem"
fi

# A Keycloak password-grant token (dev users' passwords are <user>-dev; see liberty-config/keycloak/README.md).
keycloak_token() {
  curl -sf -d grant_type=password -d client_id=kaphera-cli -d "username=$1" -d "password=$1-dev" -d scope=openid \
    "$issuer/protocol/openid-connect/token" | sed -E 's/.*"access_token":"([^"]+)".*/\1/'
}

base="http://localhost:$HTTP_PORT"
(
  for _ in $(seq 1 240); do
    curl -sf "$base/health/ready" >/dev/null 2>&1 && break
    sleep 1
  done
  if [ "$KEYCLOAK" = 1 ]; then
    token=$(keycloak_token lars.platform)
  else
    token=$(SUB=dev-seeder ROLES=platform-admin scripts/dev-token.sh sign "$dev/keys")
  fi
  while IFS='|' read -r slug name bpn; do
    [ -z "$slug" ] && continue
    curl -s -o /dev/null -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
      -d "{\"slug\":\"$slug\",\"displayName\":\"$name\",\"legalEntityId\":\"$bpn\"}" "$base/api/v1/organisations" || true
  done <"$root/scripts/pilot-organisations.txt"
  cat <<MSG

  Kaphera Cloud Server ($EDITION edition) is running.
    API            $base/api/v1/organisations
    Resource types $base/api/v1/resource-types
    Resources      $base/api/v1/organisations/oem-frankfurt/resources/controlplanes
    Capabilities   $base/capabilities
    OpenAPI        $base/openapi/ui/
    Health         $base/health/ready      Metrics $base/metrics
  The pilot's organisations are seeded (scripts/pilot-organisations.txt). A token (valid 1 h):
    export TOKEN=\$(make -s token ROLES=platform-admin)
    curl -H "Authorization: Bearer \$TOKEN" $base/api/v1/organisations
  Kubernetes API stand-in (dev only): http://127.0.0.1:$K8S_PORT
$( [ "$KEYCLOAK" = 1 ] && cat <<KC
  Keycloak (realm kaphera-pilot): http://127.0.0.1:$KC_PORT  — with KEYCLOAK=1 only Keycloak tokens work:
    export TOKEN=\$(curl -s -d grant_type=password -d client_id=kaphera-cli -d username=otto.oem -d password=otto.oem-dev \\
      $issuer/protocol/openid-connect/token | sed -E 's/.*"access_token":"([^"]+)".*/\\1/')
KC
)
  Ctrl-C stops the server, the Kubernetes stand-in and PostgreSQL.

MSG
) &
seeder=$!

echo "==> Open Liberty on $base (Ctrl-C to stop)"
# In the background and waited for, so that Ctrl-C and a plain `kill` of this script both run the
# cleanup at once (bash defers traps while a foreground child runs).
mvn -q -B -pl kaphera-ear liberty:run &
liberty=$!
wait "$liberty"
