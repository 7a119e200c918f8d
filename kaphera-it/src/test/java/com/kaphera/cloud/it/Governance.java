package com.kaphera.cloud.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.kaphera.cloud.it.support.Http;
import com.kaphera.cloud.it.support.Stack;
import com.kaphera.cloud.it.support.Tokens;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

/**
 * A dataspace of the pilot's consortium, set up for a test: the authority organisation registered,
 * the dataspace created by a platform admin, its profile drafted and published by an authority
 * admin. Profiles are built from onboarding steps as the consortium writes them. Public for
 * bench/directory, which publishes one dataspace this way and seeds the rest from its stored profile.
 */
public final class Governance {
    public final String slug;
    final String authorityOrg;
    final Http admin;
    final Http authority;
    final Http authority2;
    final Http authorityViewer;

    private Governance(String slug, String authorityOrg) {
        Stack stack = Stack.get();
        Tokens tokens = stack.tokens();
        Http anonymous = new Http(stack.managed().baseUri());
        this.slug = slug;
        this.authorityOrg = authorityOrg;
        this.admin = anonymous.as(tokens.platformAdmin());
        this.authority = anonymous.as(tokens.forGroups("greta", "/dataspaces/" + slug + "/authority-admin",
                "/orgs/" + authorityOrg + "/admin"));
        this.authority2 = anonymous.as(tokens.forGroups("henrik", "/dataspaces/" + slug + "/authority-admin"));
        this.authorityViewer = anonymous.as(tokens.forGroups("vera", "/dataspaces/" + slug + "/authority-viewer"));
    }

    /** A new dataspace (nothing published yet), governed by a new consortium organisation. */
    static Governance create(String base) {
        String authorityOrg = Fixtures.slug("consortium");
        Fixtures.register(authorityOrg, "Rhine-Main Automotive Consortium e.V.");
        Governance g = new Governance(Fixtures.slug(base), authorityOrg);
        Http.Response r = g.admin.post("/api/v1/dataspaces", "{\"slug\":\"" + g.slug
                + "\",\"displayName\":\"Rhine-Main Automotive Dataspace\",\"authorityOrganisation\":\"" + authorityOrg + "\"}");
        assertEquals(201, r.status(), r.body());
        return g;
    }

    /** A new dataspace with {@code profile} published. */
    public static Governance published(String base, JsonObject profile) {
        Governance g = create(base);
        g.publish(profile);
        return g;
    }

    JsonObject publish(JsonObject profile) {
        Http.Response draft = authority.send("PUT", path("/profile/draft"), "application/json", profile.toString());
        assertEquals(200, draft.status(), draft.body());
        Http.Response published = authority.post(path("/profile/draft/publish"), "");
        assertEquals(200, published.status(), published.body());
        return published.json();
    }

    String path(String rest) {
        return "/api/v1/dataspaces/" + slug + rest;
    }

    /** An organisation admin of a freshly registered applicant. */
    static Http applicantAdmin(String org) {
        Stack stack = Stack.get();
        return new Http(stack.managed().baseUri()).as(stack.tokens().forGroups("admin-of-" + org, "/orgs/" + org + "/admin"));
    }

    /** The steps of the pilot's profile: BPNL, consortium agreement, then the authority approves. */
    public static JsonObject pilotProfile(boolean autoApprove, JsonObjectBuilder... steps) {
        return profile(autoApprove, Json.createArrayBuilder(), steps);
    }

    static JsonObject profile(boolean autoApprove, JsonArrayBuilder trustedIssuers, JsonObjectBuilder... steps) {
        JsonArrayBuilder list = Json.createArrayBuilder();
        for (JsonObjectBuilder s : steps) {
            list.add(s);
        }
        return Json.createObjectBuilder()
                .add("description", "Automotive supply-chain data exchange for the Rhine-Main pilot:\ntraceability, "
                        + "demand and capacity, and product carbon footprints.")
                .add("useCases", Json.createArrayBuilder()
                        .add(Json.createObjectBuilder().add("id", "traceability").add("title", "Part traceability")
                                .add("description", "Batch and serial numbers along the chain"))
                        .add(Json.createObjectBuilder().add("id", "demand-capacity").add("title", "Demand and capacity management"))
                        .add(Json.createObjectBuilder().add("id", "pcf").add("title", "Product carbon footprint")))
                .add("identity", Json.createObjectBuilder().add("didMethod", "did:web")
                        .add("credentialTypes", Json.createArrayBuilder().add("MembershipCredential"))
                        .add("trustedIssuers", trustedIssuers))
                .add("onboarding", Json.createObjectBuilder().add("steps", list).add("autoApprove", autoApprove))
                .add("credentialValidityDays", 365)
                .build();
    }

    static JsonObjectBuilder step(String type, JsonObjectBuilder parameters) {
        return Json.createObjectBuilder().add("type", type).add("parameters", parameters);
    }

    public static JsonObjectBuilder bpnl() {
        return step("legal-entity-id", Json.createObjectBuilder().add("format", "bpnl").add("unique", true));
    }

    public static JsonObjectBuilder agreement() {
        return step("attestation-document", Json.createObjectBuilder().add("documentType", "consortium-agreement")
                .add("description", "the signed consortium agreement"));
    }

    public static JsonObjectBuilder manualApproval() {
        return step("manual-approval", Json.createObjectBuilder().add("instructions", "Check the agreement's signatures"));
    }

    static JsonObjectBuilder fourEyes() {
        return step("four-eyes-approval", Json.createObjectBuilder());
    }

    /** A membership application with a BPNL, a holder DID and the signed agreement declared. */
    static String application(String dataspace, String bpnl, String holderDid, boolean withAgreement) {
        JsonObjectBuilder b = Json.createObjectBuilder().add("dataspace", dataspace).add("legalEntityId", bpnl)
                .add("holderDid", holderDid);
        if (withAgreement) {
            b.add("attestations", Json.createArrayBuilder().add(agreementDocument()));
        }
        return b.build().toString();
    }

    /** A DCP CredentialRequestMessage for a MembershipCredential, as EDC's wallet sends it (expanded JSON-LD). */
    static String credentialRequestMessage(String holderPid) {
        String ns = "https://w3id.org/dspace-dcp/v1.0/";
        return Json.createObjectBuilder().add("@type", ns + "CredentialRequestMessage")
                .add(ns + "holderPid", Json.createObjectBuilder().add("@id", holderPid))
                .add(ns + "credentials", Json.createArrayBuilder().add(Json.createObjectBuilder().add("@type", "@json")
                        .add("@value", Json.createArrayBuilder().add(Json.createObjectBuilder().add("id", "MembershipCredential")))))
                .build().toString();
    }

    /** The same JWT with {@code from} replaced by {@code to} in its payload and the signature kept. */
    static String tamper(String jwt, String from, String to) {
        String[] parts = jwt.split("\\.");
        String payload = new String(java.util.Base64.getUrlDecoder().decode(parts[1]), java.nio.charset.StandardCharsets.UTF_8);
        String changed = payload.replace(from, to);
        if (changed.equals(payload)) {
            throw new AssertionError("nothing to tamper with: " + from);
        }
        return parts[0] + "." + java.util.Base64.getUrlEncoder().withoutPadding()
                .encodeToString(changed.getBytes(java.nio.charset.StandardCharsets.UTF_8)) + "." + parts[2];
    }

    static JsonObjectBuilder agreementDocument() {
        return Json.createObjectBuilder().add("documentType", "consortium-agreement").add("name", "Consortium agreement 2026")
                .add("sha256", "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08");
    }
}
