#!/usr/bin/env bash
# `make run`: build, start a throwaway PostgreSQL and a real Kubernetes API server (kube-apiserver +
# etcd, built once by scripts/kube-apiserver.sh; shipped CRDs and the server's RBAC installed, the
# pilot organisations onboarded and their resources seeded, the dev-only simulated operator marking
# them Ready and running a real EDC 0.15.1 connector on loopback for each ControlPlane whose
# management API key Secret exists (CONNECTORS=status-only: no connectors, every kind only marked
# Ready)), start a dev-only EDC IdentityHub (a real DCP wallet, empty), start Liberty with dev tokens,
# seed the pilot's organisations through the API.
# Ctrl-C stops everything this script started, also when the output is piped (make run | tee).
# The dev data is throwaway: PostgreSQL and Kubernetes start empty each time unless KEEP=1.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

HTTP_PORT=${HTTP_PORT:-9080}
HTTPS_PORT=${HTTPS_PORT:-9443}
PG_PORT=${PG_PORT:-55432}
K8S_PORT=${K8S_PORT:-56443}
KEYCLOAK=${KEYCLOAK:-0}
KC_PORT=${KC_PORT:-8180}
IH_PORT=${IH_PORT:-7100}   # the dev-only IdentityHub takes IH_PORT..IH_PORT+4
EDITION=${EDITION:-managed}
CONNECTORS=${CONNECTORS:-real}   # real: one EDC process per ControlPlane (~190 MB each); status-only: none
KEEP=${KEEP:-0}
dev="$root/.dev"
mkdir -p "$dev"

# The first run builds kube-apiserver (minutes, once); say so before the Maven build hides it.
scripts/kube-apiserver.sh build

echo "==> building (mvn install -DskipTests)"
mvn -q -B install -DskipTests

case "$CONNECTORS" in
  real|status-only) ;;
  *) echo "run-dev.sh: CONNECTORS must be real or status-only" >&2; exit 2 ;;
esac

if [ "$KEEP" != 1 ]; then
  # Whatever a previous run left: stop it, then start from empty (KEEP=1 keeps the data).
  scripts/identityhub.sh stop "$dev/identityhub" >/dev/null 2>&1 || true
  scripts/dev-operator.sh stop "$dev/dev-operator" >/dev/null 2>&1 || true
  scripts/kube-apiserver.sh stop "$dev/kubernetes" >/dev/null 2>&1 || true
  scripts/pg.sh stop "$dev/pg" "$PG_PORT" >/dev/null 2>&1 || true
  rm -rf "$dev/pg" "$dev/kubernetes" "$dev/dev-operator" "$dev/identityhub"
fi

echo "==> PostgreSQL on port $PG_PORT (data in .dev/pg)"
scripts/pg.sh start "$dev/pg" "$PG_PORT"
cleanup() {
  trap - EXIT INT TERM
  # Ctrl-C in `make run | tee run.log` ends tee first: from here on a write to the terminal may hit
  # a closed pipe, which must neither kill this cleanup nor stop it half-way.
  trap '' PIPE INT
  set +e
  if ! { echo "==> stopping"; } 2>/dev/null; then
    exec >>"$dev/stop.log" 2>&1   # the reader of our output is gone: keep the stop messages in a file
    echo "==> stopping ($(date -u +%Y-%m-%dT%H:%M:%SZ))"
  fi
  [ -n "${seeder:-}" ] && kill "$seeder" 2>/dev/null || true
  if [ -n "${liberty:-}" ] && kill -0 "$liberty" 2>/dev/null; then
    kill -TERM "$liberty" 2>/dev/null || true   # liberty:run stops the server from its shutdown hook
    wait "$liberty" 2>/dev/null || true
  fi
  [ "$KEYCLOAK" = 1 ] && { scripts/keycloak.sh stop "$dev/keycloak" || true; }
  scripts/identityhub.sh stop "$dev/identityhub"
  scripts/dev-operator.sh stop "$dev/dev-operator"
  scripts/kube-apiserver.sh stop "$dev/kubernetes"
  scripts/pg.sh stop "$dev/pg" "$PG_PORT"
  exit 0
}
trap cleanup EXIT INT TERM

echo "==> Kubernetes API server on https://127.0.0.1:$K8S_PORT (etcd + kube-apiserver, state in .dev/kubernetes)"
scripts/kube-apiserver.sh start "$dev/kubernetes" "$K8S_PORT"
echo "==> installing the CRDs (crds/) and the server's RBAC (deploy/kubernetes), onboarding the pilot organisations, seeding dev/seed/kubernetes"
scripts/kube-apiserver.sh install-kaphera "$dev/kubernetes"
# shellcheck disable=SC2046
scripts/kube-apiserver.sh onboard "$dev/kubernetes" $(cut -d'|' -f1 "$root/scripts/pilot-organisations.txt")
scripts/kube-apiserver.sh kubectl "$dev/kubernetes" apply -f "$root/dev/seed/kubernetes" >/dev/null
if [ "$CONNECTORS" = real ]; then
  # The seed's ControlPlanes name a management API key Secret that no operator creates here: create each
  # missing one with a random key (through stdin, never on a command line), so that their connectors run.
  scripts/kube-apiserver.sh kubectl "$dev/kubernetes" get controlplanes -A -o jsonpath='{range .items[*]}{.metadata.namespace}{" "}{.spec.managementApi.authentication.apiKey.secretKeyRef.name}{" "}{.spec.managementApi.authentication.apiKey.secretKeyRef.key}{"\n"}{end}' |
    while read -r ns secret key; do
      [ -n "$ns" ] && [ -n "${secret:-}" ] && [ -n "${key:-}" ] || continue
      scripts/kube-apiserver.sh kubectl "$dev/kubernetes" -n "$ns" get secret "$secret" >/dev/null 2>&1 && continue
      printf 'apiVersion: v1\nkind: Secret\nmetadata: {name: %s, namespace: %s}\ndata: {%s: %s}\n' "$secret" "$ns" "$key" \
        "$(openssl rand -hex 24 | tr -d '\n' | base64 -w0)" |
        scripts/kube-apiserver.sh kubectl "$dev/kubernetes" apply -f - >/dev/null
    done
  echo "==> DEV-ONLY operator: a real EDC 0.15.1 connector on loopback per ControlPlane (logs in .dev/dev-operator/connectors/), status for the other kinds"
else
  echo "==> DEV-ONLY simulated operator (writes the custom resources' status; no operator runs here)"
fi
# Dedicated-managed joins' wallets (IdentityHub resources) are simulated: the operator reports the dev
# IdentityHub started next (its Identity API on IH_PORT+1) as each one's wallet.
scripts/dev-operator.sh start "$dev/dev-operator" "$dev/kubernetes/admin.kubeconfig" --connectors "$CONNECTORS" \
  --identity-api-url "http://127.0.0.1:$((IH_PORT + 1))/api/identity"
echo "==> DEV-ONLY EDC IdentityHub 0.15.1 (a real DCP wallet, in memory) on 127.0.0.1:$IH_PORT-$((IH_PORT + 4))"
scripts/identityhub.sh start "$root/kaphera-dev-identityhub/target/kaphera-dev-identityhub.jar" "$dev/identityhub" "$IH_PORT"

scripts/dev-token.sh keys "$dev/keys"
[ -f "$dev/keystore-password" ] || openssl rand -hex 16 >"$dev/keystore-password"

export KAPHERA_EDITION="$EDITION"
export KAPHERA_HTTP_PORT="$HTTP_PORT" KAPHERA_HTTPS_PORT="$HTTPS_PORT"
export KAPHERA_DB_URL="jdbc:postgresql://127.0.0.1:$PG_PORT/kaphera" KAPHERA_DB_USER=kaphera_app KAPHERA_DB_PASSWORD=kaphera-dev \
  KAPHERA_DB_MIGRATION_USER=kaphera KAPHERA_DB_MIGRATION_PASSWORD=kaphera-dev
export KAPHERA_KEYSTORE_PASSWORD="$(cat "$dev/keystore-password")"
# The dataspace issuers (DCP): private keys sealed under a dev key-encryption key kept in .dev; DIDs
# name this server's loopback address, and wallets here speak plain http (did:web over https in production).
[ -f "$dev/key-encryption-key" ] || { openssl rand -base64 32 >"$dev/key-encryption-key"; chmod 600 "$dev/key-encryption-key"; }
export KAPHERA_DCP_KEY_ENCRYPTION_KEY_FILE="$dev/key-encryption-key" KAPHERA_DCP_DID_WEB_HTTPS=false \
  KAPHERA_DCP_PUBLIC_BASE_URL="http://127.0.0.1:$HTTP_PORT"
# The join flow (docs/joins.md): the dev wallet is the platform's wallet; its connectors accept plain-http did:web.
# shellcheck disable=SC1091
. "$dev/identityhub/endpoints.env"
export KAPHERA_JOIN_WALLET_IDENTITY_URL="$IH_IDENTITY_URL" KAPHERA_JOIN_WALLET_CREDENTIALS_URL="$IH_CREDENTIALS_URL" \
  KAPHERA_JOIN_WALLET_STS_URL="$IH_STS_URL" KAPHERA_JOIN_WALLET_DID_HOST="$IH_DID_HOST" \
  KAPHERA_JOIN_WALLET_API_KEY_FILE="$IH_ADMIN_API_KEY_FILE" KAPHERA_JOIN_CONNECTOR_SETTINGS="edc.iam.did.web.use.https=false"
if [ "$CONNECTORS" = status-only ]; then
  export KAPHERA_JOIN_CONNECTOR_CHECK=status
fi
# As in a customer's cluster: the API server's URL, its CA, the kaphera-cloud-server service account's token.
export KAPHERA_KUBERNETES_URL="https://127.0.0.1:$K8S_PORT"
export KAPHERA_KUBERNETES_CA_FILE="$dev/kubernetes/ca.crt" KAPHERA_KUBERNETES_TOKEN_FILE="$dev/kubernetes/server.token"
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
  if [ "$EDITION" = managed ]; then
    # The pilot's dataspace, governed by the consortium, with its profile published (docs/governance.md).
    curl -s -o /dev/null -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
      -d '{"slug":"automotive-dataspace","displayName":"Rhine-Main Automotive Dataspace","authorityOrganisation":"dataspace-authority"}' \
      "$base/api/v1/dataspaces" || true
    authority=$(SUB=greta.authority DATASPACES=automotive-dataspace:authority-admin scripts/dev-token.sh sign "$dev/keys")
    if curl -sf -o /dev/null -X PUT -H "Authorization: Bearer $authority" -H 'Content-Type: application/json' \
        --data-binary @"$root/docs/examples/rhine-main-automotive-profile.json" "$base/api/v1/dataspaces/automotive-dataspace/profile/draft"; then
      curl -s -o /dev/null -X POST -H "Authorization: Bearer $authority" "$base/api/v1/dataspaces/automotive-dataspace/profile/draft/publish" || true
    fi
  fi
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
  The pilot's dataspace (managed edition): $base/api/v1/directory/dataspaces/automotive-dataspace
    its authority admin: export AUTHORITY=\$(make -s token SUB=greta DATASPACES=automotive-dataspace:authority-admin)
    its issuer's DID document: $base/dcp/automotive-dataspace/did.json
  Kubernetes API (dev only): https://127.0.0.1:$K8S_PORT — as cluster admin:
    scripts/kube-apiserver.sh kubectl .dev/kubernetes get controlplanes -A
$( [ "$CONNECTORS" = real ] && cat <<CP
  Real EDC connectors (dev only, one per ControlPlane, 127.0.0.1; docs/development.md): endpoints in their status,
    scripts/kube-apiserver.sh kubectl .dev/kubernetes get controlplanes -A -o wide
    management API key: scripts/kube-apiserver.sh kubectl .dev/kubernetes -n kaphera-sme-castings get secret \\
      connector-management-api -o jsonpath='{.data.api-key}' | base64 -d      logs: .dev/dev-operator/connectors/
CP
)
  EDC IdentityHub wallet (dev only, empty, in memory; docs/development.md shows how to create a participant):
    Identity API http://127.0.0.1:$((IH_PORT + 1))/api/identity   (x-api-key: \$(cat .dev/identityhub/admin-api-key))
    DID documents http://127.0.0.1:$((IH_PORT + 3))/<participant>/did.json   STS http://127.0.0.1:$((IH_PORT + 4))/api/sts/token
    All URLs: .dev/identityhub/endpoints.env
$( [ "$KEYCLOAK" = 1 ] && cat <<KC
  Keycloak (realm kaphera-pilot): http://127.0.0.1:$KC_PORT  — with KEYCLOAK=1 only Keycloak tokens work:
    export TOKEN=\$(curl -s -d grant_type=password -d client_id=kaphera-cli -d username=otto.oem -d password=otto.oem-dev \\
      $issuer/protocol/openid-connect/token | sed -E 's/.*"access_token":"([^"]+)".*/\\1/')
KC
)
  Ctrl-C stops the server, the Kubernetes API server, the simulated operator, the wallet and PostgreSQL.
  The data is thrown away at the next start (KEEP=1 keeps it).

MSG
) &
seeder=$!

echo "==> Open Liberty on $base (Ctrl-C to stop)"
# In the background and waited for, so that Ctrl-C and a plain `kill` of this script both run the
# cleanup at once (bash defers traps while a foreground child runs).
# Its output goes through a relay that outlives a closed pipe (Ctrl-C in `make run | tee run.log` ends
# tee first): Maven would otherwise meet the dead pipe and print a stack trace while it stops.
relay() {
  trap '' PIPE INT
  while IFS= read -r line; do printf '%s\n' "$line" 2>/dev/null || true; done
}
mvn -q -B -pl kaphera-ear liberty:run > >(relay) 2>&1 &
liberty=$!
wait "$liberty"
