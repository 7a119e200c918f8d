# Kaphera Cloud Server. The two commands: `make run` and `make test` (see README.md).
SHELL := /bin/bash
.DEFAULT_GOAL := help
MVN ?= mvn -B

.PHONY: help run test token migrate clean

help:
	@echo "make run     build and run the server (throwaway PostgreSQL, a real kube-apiserver + etcd, dev tokens,"
	@echo "             seeded pilot orgs and resources, dev-only operator, dev-only EDC IdentityHub wallet)"
	@echo "             variables: HTTP_PORT=9080 PG_PORT=55432 K8S_PORT=56443 EDITION=managed|byoc"
	@echo "             KEYCLOAK=1 KC_PORT=8180: trust a real Keycloak with the pilot realm instead of dev tokens"
	@echo "             IH_PORT=7100: the dev-only EDC IdentityHub wallet (a real DCP wallet, empty) takes IH_PORT..IH_PORT+4"
	@echo "             CONNECTORS=real|status-only: each ControlPlane runs a real dev-only EDC 0.15.1 connector on"
	@echo "             127.0.0.1 (~185 MB each, logs in .dev/dev-operator/connectors/; default real), or only gets a status"
	@echo "             KEEP=1: keep the previous run's data (default: start empty)"
	@echo "make test    unit tests, then integration tests against real Liberty, PostgreSQL, kube-apiserver, Keycloak,"
	@echo "             EDC IdentityHub"
	@echo "             (the first run builds kube-apiserver once, ~6-10 min, cached in ~/.cache/kaphera)"
	@echo "make token   print a dev token: SUB=lars ROLES=platform-admin ORGS=oem-frankfurt:admin TTL=3600"
	@echo "             DATASPACES=automotive-dataspace:authority-admin (governance roles)"
	@echo "make migrate apply db-migrations to KAPHERA_DB_URL as KAPHERA_DB_MIGRATION_USER (granting KAPHERA_DB_USER)"

run:
	@scripts/run-dev.sh

# The integration harness starts and stops its own PostgreSQL, Kubernetes API server, Keycloak and
# Liberty servers; the trap is a second line of defence should the test JVM be killed. The API
# server is built first (once; a no-op when cached) so that its build is never inside a test timeout.
test:
	@trap 'scripts/ci-cleanup.sh' EXIT; scripts/kube-apiserver.sh build && $(MVN) verify

token:
	@scripts/dev-token.sh sign .dev/keys

migrate:
	$(MVN) -q -pl db-migrations flyway:migrate -Dflyway.url="$$KAPHERA_DB_URL" \
	  -Dflyway.user="$${KAPHERA_DB_MIGRATION_USER:-$$KAPHERA_DB_USER}" \
	  -Dflyway.password="$${KAPHERA_DB_MIGRATION_PASSWORD:-$$KAPHERA_DB_PASSWORD}" -Dkaphera.db.user="$$KAPHERA_DB_USER"

clean:
	$(MVN) -q clean
