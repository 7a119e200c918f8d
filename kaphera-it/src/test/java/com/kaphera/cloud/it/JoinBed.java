package com.kaphera.cloud.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.kaphera.cloud.it.support.Http;
import com.kaphera.cloud.it.support.LibertyServer;
import com.kaphera.cloud.it.support.Stack;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.net.URI;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * A database of its own for servers that run joins (the stack's managed server never sees it, so
 * nothing else claims their joins), with the stack's wallet, Kubernetes API and dev operator. All its
 * servers share one public address for DCP ({@code KAPHERA_DCP_PUBLIC_BASE_URL}), as instances behind
 * a load balancer do: the first server's port, which a restarted server takes again. For JoinDurabilityIT
 * and bench/join.
 */
public final class JoinBed {
    private final Stack stack = Stack.get();
    private final String jdbcUrl;
    private final int publicPort = Stack.freePort();
    private final Map<String, String> env;
    /** Every server of every bed, for a failing join's message (a remote platform's log matters too). */
    private static final java.util.List<LibertyServer> SERVERS = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** A new, empty database {@code database}; {@code env} is added to every server's environment. */
    public JoinBed(String database, Map<String, String> env) {
        try {
            this.jdbcUrl = stack.postgres().createDatabase(database);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot create database " + database, e);
        }
        this.env = new HashMap<>(env);
        stack.identityHub();
        stack.devOperator();
    }

    /** The server that answers on the public address (restart it with the same name and it comes back there). */
    public LibertyServer primary(String name, Map<String, String> extra) {
        Map<String, String> e = new HashMap<>(extra);
        e.put("KAPHERA_HTTP_PORT", Integer.toString(publicPort));
        return server(name, e);
    }

    /** Another instance on the same database (its own port; DCP still names the primary's address). */
    public LibertyServer server(String name, Map<String, String> extra) {
        Map<String, String> e = new HashMap<>(env);
        e.putIfAbsent("KAPHERA_JOIN_POLL_MILLIS", "200"); // variants run no joins unless asked; these are here for them
        e.put("KAPHERA_DB_URL", jdbcUrl);
        e.put("KAPHERA_DCP_PUBLIC_BASE_URL", "http://127.0.0.1:" + publicPort);
        e.putAll(extra);
        LibertyServer server = stack.variant(name, e);
        SERVERS.add(server);
        return server;
    }

    /** The bed's database as the owner role (what the servers wrote, and pg_stat_activity). */
    public java.sql.Connection connect() throws SQLException {
        return java.sql.DriverManager.getConnection(jdbcUrl, com.kaphera.cloud.it.support.Postgres.USER,
                com.kaphera.cloud.it.support.Postgres.PASSWORD);
    }

    public Http platformAdmin(URI server) {
        return new Http(server).as(stack.tokens().platformAdmin());
    }

    public Http admin(URI server, String org) {
        return new Http(server).as(stack.tokens().forGroups("admin-of-" + org, "/orgs/" + org + "/admin"));
    }

    /** Registers an organisation through {@code server} and onboards its namespace; returns its slug. */
    public String organisation(URI server, String base) {
        return organisationNamed(server, Fixtures.slug(base));
    }

    /** Registers and onboards the organisation {@code slug} (a name chosen before the servers started). */
    public String organisationNamed(URI server, String slug) {
        Http.Response r = platformAdmin(server).post("/api/v1/organisations", "{\"slug\":\"" + slug
                + "\",\"displayName\":\"" + slug + " GmbH\",\"legalEntityId\":\"" + Fixtures.bpnl() + "\"}");
        assertEquals(201, r.status(), r.body());
        stack.kubernetes().onboard(slug);
        return slug;
    }

    /** A dataspace with {@code profile} published, run by a new authority organisation; returns its slug. */
    public String dataspace(URI server, JsonObject profile) {
        String authority = organisation(server, "consortium");
        String slug = Fixtures.slug("bed");
        Http admin = platformAdmin(server);
        Http.Response r = admin.post("/api/v1/dataspaces", "{\"slug\":\"" + slug + "\",\"displayName\":\"Bed Dataspace\","
                + "\"authorityOrganisation\":\"" + authority + "\"}");
        assertEquals(201, r.status(), r.body());
        Http gov = new Http(server).as(stack.tokens().forGroups("greta", "/dataspaces/" + slug + "/authority-admin"));
        String base = "/api/v1/dataspaces/" + slug;
        assertEquals(200, gov.send("PUT", base + "/profile/draft", "application/json", profile.toString()).status());
        assertEquals(200, gov.post(base + "/profile/draft/publish", "").status());
        return slug;
    }

    /** Starts a shared-managed join; returns its id. */
    public String join(URI server, String org, String dataspace) {
        Http.Response r = admin(server, org).post("/api/v1/organisations/" + org + "/joins", Json.createObjectBuilder()
                .add("dataspace", dataspace).add("deploymentModel", "shared-managed").add("legalEntityId", Fixtures.bpnl())
                .build().toString(), "Idempotency-Key", UUID.randomUUID().toString());
        assertEquals(202, r.status(), r.body());
        return r.json().getString("id");
    }

    /** Waits until the join is {@code state} (fails at once if it fails instead). */
    public JsonObject await(URI server, String org, String id, String state, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        JsonObject last = null;
        while (Instant.now().isBefore(deadline)) {
            try {
                Http.Response r = admin(server, org).get("/api/v1/organisations/" + org + "/joins/" + id);
                if (r.status() == 200) {
                    last = r.json();
                    if (state.equals(last.getString("state"))) {
                        return last;
                    }
                    if ("failed".equals(last.getString("state")) && !"failed".equals(state)) {
                        throw new AssertionError("join " + id + " failed: " + last);
                    }
                }
            } catch (RuntimeException unreachable) {
                // a server restarting
            }
            sleep(200);
        }
        throw new AssertionError("join " + id + " not " + state + " within " + timeout + ": " + last + "\n" + explain(id, last));
    }

    /** What the wallet and every bed's servers say about a join that did not get where it should. */
    private String explain(String id, JsonObject join) {
        JsonObject details = join == null ? null : join.getJsonObject("details");
        if (details == null) {
            return "(no details)";
        }
        StringBuilder out = new StringBuilder();
        String context = details.getString("participantContextId", null);
        if (context != null) {
            try {
                out.append(stack.identityHub().explain(context, details.getString("holderPid", null)));
            } catch (RuntimeException e) {
                out.append("(the wallet could not be asked: ").append(e).append(')');
            }
        }
        String did = details.getString("did", null);
        for (LibertyServer server : SERVERS) {
            try {
                java.util.List<String> lines = server.messagesLog().lines()
                        .filter(l -> l.contains(id) || did != null && l.contains(did)).toList();
                out.append("\n").append(server.baseUri()).append(": ").append(lines);
            } catch (java.io.IOException | RuntimeException e) {
                out.append("\n").append(server.baseUri()).append(": no log (").append(e).append(')');
            }
        }
        return out.toString();
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
