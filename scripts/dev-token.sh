#!/usr/bin/env bash
# Dev-only token signer. `keys DIR` makes an RSA key pair (once); `sign DIR` prints a signed RS256 JWT
# that the dev server (make run) accepts. Never used in production: there Keycloak issues tokens.
#   SUB=lars ROLES=platform-admin ORGS=oem-frankfurt:admin,tier1-gmbh:viewer TTL=3600 scripts/dev-token.sh sign .dev/keys
#   SUB=greta DATASPACES=automotive-dataspace:authority-admin scripts/dev-token.sh sign .dev/keys
# ROLES: comma-separated platform roles (platform-admin, platform-support) -> groups /platform/<role>
# ORGS:  comma-separated slug:role pairs (role = viewer|operator|admin)  -> groups /orgs/<slug>/<role>
# DATASPACES: comma-separated dataspace:role pairs (role = authority-admin|authority-viewer)
#        -> groups /dataspaces/<dataspace>/<role>
set -euo pipefail
cmd=${1:?usage: dev-token.sh keys|sign DIR}
dir=${2:?key folder required}
ISSUER=${ISSUER:-https://kaphera.local/dev}
AUDIENCE=${AUDIENCE:-kaphera-api}

b64url() { openssl base64 -A | tr '+/' '-_' | tr -d '='; }

case "$cmd" in
  keys)
    mkdir -p "$dir"
    if [ ! -f "$dir/private.pem" ]; then
      openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$dir/private.pem" 2>/dev/null
      openssl pkey -in "$dir/private.pem" -pubout -out "$dir/public.pem"
      chmod 600 "$dir/private.pem"
    fi
    ;;
  sign)
    [ -f "$dir/private.pem" ] || { echo "no key in $dir: run 'make run' once (or dev-token.sh keys $dir)" >&2; exit 1; }
    sub=${SUB:-dev-admin}
    groups=()
    IFS=',' read -ra roles <<<"${ROLES:-}"
    for r in "${roles[@]}"; do
      [ -n "$r" ] && groups+=("\"/platform/${r#platform-}\"")
    done
    IFS=',' read -ra orgs <<<"${ORGS:-}"
    for o in "${orgs[@]}"; do
      [ -n "$o" ] && groups+=("\"/orgs/${o%%:*}/${o#*:}\"")
    done
    IFS=',' read -ra spaces <<<"${DATASPACES:-}"
    for d in "${spaces[@]}"; do
      [ -n "$d" ] && groups+=("\"/dataspaces/${d%%:*}/${d#*:}\"")
    done
    now=$(date +%s)
    exp=$((now + ${TTL:-3600}))
    header='{"alg":"RS256","typ":"JWT","kid":"kaphera-dev"}'
    joined=$(IFS=,; echo "${groups[*]:-}")
    payload="{\"iss\":\"$ISSUER\",\"aud\":\"$AUDIENCE\",\"sub\":\"$sub\",\"upn\":\"$sub\",\"preferred_username\":\"$sub\",\"iat\":$now,\"exp\":$exp,\"jti\":\"$(openssl rand -hex 12)\",\"groups\":[${joined}]}"
    signing_input="$(printf '%s' "$header" | b64url).$(printf '%s' "$payload" | b64url)"
    signature=$(printf '%s' "$signing_input" | openssl dgst -sha256 -sign "$dir/private.pem" -binary | b64url)
    printf '%s.%s\n' "$signing_input" "$signature"
    ;;
  *) echo "usage: dev-token.sh keys|sign DIR" >&2; exit 2 ;;
esac
