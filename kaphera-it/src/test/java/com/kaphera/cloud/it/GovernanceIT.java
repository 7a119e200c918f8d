package com.kaphera.cloud.it;

import static com.kaphera.cloud.it.Governance.agreement;
import static com.kaphera.cloud.it.Governance.bpnl;
import static com.kaphera.cloud.it.Governance.fourEyes;
import static com.kaphera.cloud.it.Governance.manualApproval;
import static com.kaphera.cloud.it.Governance.pilotProfile;
import static com.kaphera.cloud.it.Governance.step;
import static com.kaphera.cloud.it.Problems.assertFieldError;
import static com.kaphera.cloud.it.Problems.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.kaphera.cloud.it.support.Http;
import com.kaphera.cloud.it.support.Stack;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Governance through the real server and database: a consortium's profile from draft to published
 * to deprecated, its validation, the directory, membership requests through every step of the
 * catalogue (passing, failing, re-run, manual and four-eyes approval, rejection, withdrawal), members
 * discovering each other and nobody else, and who may do what.
 */
class GovernanceIT {
    private static Http anonymous;

    @BeforeAll
    static void server() {
        anonymous = new Http(Stack.get().managed().baseUri());
    }

    @Test
    void profileGoesFromDraftToPublishedToDeprecatedAndMembersKeepTheirVersion() {
        Governance g = Governance.create("rhine-main");
        Http.Response draft = g.authority.send("PUT", g.path("/profile/draft"), "application/json",
                pilotProfile(true, bpnl()).toString());
        assertEquals(200, draft.status(), draft.body());
        assertEquals("draft", draft.json().getString("state"));
        assertEquals(1, draft.json().getInt("number"));
        // Not in the directory until published.
        assertProblem(anonymous.as(Stack.get().tokens().forGroups("anyone")).get("/api/v1/directory/dataspaces/" + g.slug), 404);
        // Replacing the draft with a stale ETag is refused; with the current one it is replaced in place.
        assertProblem(g.authority.send("PUT", g.path("/profile/draft"), "application/json", pilotProfile(true, bpnl()).toString(),
                "If-Match", "\"99\""), 412);
        Http.Response again = g.authority.send("PUT", g.path("/profile/draft"), "application/json",
                pilotProfile(true, bpnl(), agreement()).toString(), "If-Match", draft.header("ETag"));
        assertEquals(200, again.status(), again.body());
        assertEquals(1, again.json().getInt("number"));
        Http.Response published = g.authority.post(g.path("/profile/draft/publish"), "");
        assertEquals(200, published.status(), published.body());
        assertEquals("published", published.json().getString("state"));

        // A member joins under version 1 (automatic checks, auto-approval).
        String org = Fixtures.slug("sme-castings");
        Fixtures.register(org, "Novak Castings s.r.o.");
        Http applicant = Governance.applicantAdmin(org);
        Http.Response request = applicant.post("/api/v1/organisations/" + org + "/membership-requests",
                Governance.application(g.slug, Fixtures.bpnl(), Fixtures.holderDid(org), true));
        assertEquals(201, request.status(), request.body());
        assertEquals("approved", request.json().getString("state"), request.body());

        // Editing the published profile starts version 2; publishing it deprecates version 1.
        Http.Response v2 = g.authority.send("PUT", g.path("/profile/draft"), "application/json",
                pilotProfile(false, bpnl(), agreement(), manualApproval()).toString());
        assertEquals(2, v2.json().getInt("number"), v2.body());
        assertEquals("published", g.authority.get(g.path("/profile/versions/1")).json().getString("state"));
        g.authority.post(g.path("/profile/draft/publish"), "");
        List<String> states = g.authority.get(g.path("/profile/versions")).json().getJsonArray("items")
                .getValuesAs(JsonObject.class).stream().map(v -> v.getInt("number") + ":" + v.getString("state")).toList();
        assertEquals(List.of("2:published", "1:deprecated"), states);
        JsonObject member = g.authority.get(g.path("/members")).json().getJsonArray("items").getJsonObject(0);
        assertEquals(1, member.getInt("profileVersion"), "members stay bound to the version they joined under");
        Http.Response migrated = g.authority.post(g.path("/members/" + org + "/migrate"), "");
        assertEquals(200, migrated.status(), migrated.body());
        assertEquals(2, migrated.json().getInt("profileVersion"));

        // Deprecating the published version takes the dataspace out of the directory.
        assertEquals(200, g.authority.post(g.path("/profile/versions/2/deprecate"), "").status());
        assertProblem(applicant.get("/api/v1/directory/dataspaces/" + g.slug), 404);
        assertProblem(g.authority.post(g.path("/profile/draft/publish"), ""), 409);
        JsonObject ds = g.authorityViewer.get(g.path("")).json();
        assertEquals(1, ds.getInt("memberCount"));
        assertTrue(ds.getString("issuerDid").startsWith("did:web:127.0.0.1%3A"), ds.toString());
    }

    @Test
    void aProfileIsValidatedWithEveryProblemNamedByField() {
        Governance g = Governance.create("profile-check");
        JsonObject bad = Governance.profile(false, Json.createArrayBuilder()
                        .add(Json.createObjectBuilder().add("did", "not a did"))
                        .add(Json.createObjectBuilder().add("did", "did:web:bpn.example").add("publicKeyJwk",
                                Json.createObjectBuilder().add("kty", "EC").add("crv", "P-256").add("x", "nope"))),
                step("legal-entity-id", Json.createObjectBuilder().add("format", "regex").add("pattern", "([A-Z")),
                step("fingerprint-scan", Json.createObjectBuilder()),
                step("attestation-document", Json.createObjectBuilder().add("documentType", "Bad Type").add("colour", "red")),
                manualApproval(), manualApproval());
        String withDuplicate = bad.toString().replace("[\"MembershipCredential\"]",
                "[\"MembershipCredential\",\"MembershipCredential\"]");
        Http.Response r = g.authority.send("PUT", g.path("/profile/draft"), "application/json", withDuplicate);
        assertFieldError(r, "identity.trustedIssuers[0].did", "not a DID");
        assertFieldError(r, "identity.trustedIssuers[1].publicKeyJwk", "JWK");
        assertFieldError(r, "identity.credentialTypes[1]", "duplicate");
        assertFieldError(r, "onboarding.steps[0].parameters.pattern", "regular expression");
        assertFieldError(r, "onboarding.steps[1].type", "unknown step");
        assertFieldError(r, "onboarding.steps[2].parameters.documentType", "lower-case");
        assertFieldError(r, "onboarding.steps[2].parameters.colour", "not a parameter");
        assertFieldError(r, "onboarding.steps[4].type", "once");
        // Unknown fields and wrong types are refused before the domain sees the profile.
        assertFieldError(g.authority.send("PUT", g.path("/profile/draft"), "application/json",
                "{\"description\":5,\"colour\":\"red\"}"), "colour", "not a known field");
        assertProblem(g.authority.send("PUT", g.path("/profile/draft"), "application/json", "{\"description\":"), 400);
        // Nothing was saved.
        assertEquals(0, g.authority.get(g.path("/profile/versions")).json().getJsonArray("items").size());
    }

    @Test
    void onlyTheAuthorityGovernsAndTheDirectoryIsForEveryone() {
        Governance g = Governance.published("baltic-logistics", pilotProfile(false, bpnl(), manualApproval()));
        String outsider = Fixtures.slug("sme-plastics");
        Fixtures.register(outsider, "Kowalski Plastics");
        Http outsiderAdmin = Governance.applicantAdmin(outsider);
        // Another dataspace's authority, an organisation admin, anybody: no governance side at all.
        Http otherAuthority = anonymous.as(Stack.get().tokens().forGroups("otto", "/dataspaces/other-ds/authority-admin"));
        for (Http stranger : List.of(outsiderAdmin, otherAuthority)) {
            assertProblem(stranger.get(g.path("")), 404);
            assertProblem(stranger.get(g.path("/membership-requests")), 404);
            assertProblem(stranger.send("PUT", g.path("/profile/draft"), "application/json",
                    pilotProfile(true, bpnl()).toString()), 404);
        }
        // An authority viewer reads but does not write.
        assertEquals(200, g.authorityViewer.get(g.path("/profile/versions")).status());
        assertProblem(g.authorityViewer.send("PUT", g.path("/profile/draft"), "application/json",
                pilotProfile(true, bpnl()).toString()), 403);
        assertProblem(g.authority.post("/api/v1/dataspaces", "{\"slug\":\"" + Fixtures.slug("mine")
                + "\",\"displayName\":\"Mine\",\"authorityOrganisation\":\"" + g.authorityOrg + "\"}"), 403);
        // The directory: any authenticated user, searchable, with what onboarding asks in plain language.
        Http.Response found = outsiderAdmin.get("/api/v1/directory/dataspaces?q=carbon+FOOTPRINT&limit=200");
        assertEquals(200, found.status(), found.body());
        JsonObject entry = found.json().getJsonArray("items").getValuesAs(JsonObject.class).stream()
                .filter(e -> e.getString("slug").equals(g.slug)).findFirst().orElseThrow(() -> new AssertionError(found.body()));
        assertTrue(entry.getJsonArray("onboarding").getString(0).contains("BPNL"), entry.toString());
        assertTrue(entry.getJsonArray("onboarding").getString(1).contains("Approval by the governance authority"), entry.toString());
        assertEquals(0, entry.getInt("memberCount"));
        assertEquals(0, outsiderAdmin.get("/api/v1/directory/dataspaces?q=" + g.slug + "+nothing-like-this")
                .json().getJsonArray("items").size());
        assertProblem(anonymous.get("/api/v1/directory/dataspaces"), 401);
        assertFieldError(outsiderAdmin.get("/api/v1/directory/dataspaces?q=%00"), "q", "control characters");
    }

    @Test
    void aFailedStepSaysWhatToChangeAndPassesOnceTheInputsChange() {
        Governance g = Governance.published("step-rerun", pilotProfile(true, bpnl(), agreement()));
        String org = Fixtures.slug("sme-machining");
        Fixtures.register(org, "Horvat Machining d.o.o.");
        Http applicant = Governance.applicantAdmin(org);
        String requests = "/api/v1/organisations/" + org + "/membership-requests";
        Http.Response r = applicant.post(requests, Governance.application(g.slug, "BPN-123", Fixtures.holderDid(org), false));
        assertEquals(201, r.status(), r.body());
        JsonObject request = r.json();
        assertEquals("validating", request.getString("state"));
        JsonObject legal = request.getJsonArray("steps").getJsonObject(0);
        assertEquals("failed", legal.getString("status"));
        assertTrue(legal.getString("reason").contains("does not have the dataspace's format"), legal.toString());
        assertEquals("failed", request.getJsonArray("steps").getJsonObject(1).getString("status"));
        assertTrue(request.getJsonArray("nextActions").getString(0).contains("re-runs step 1"), request.toString());
        String id = request.getString("id");
        // Re-running without a change fails the same way, and says so in the history.
        JsonObject rerun = applicant.post(requests + "/" + id + "/steps/2/rerun", "").json();
        assertEquals(2, rerun.getJsonArray("steps").getJsonObject(1).getInt("runs"));
        // The applicant fixes its inputs: every step runs again and the request is approved on its own.
        Http.Response fixed = applicant.send("PUT", requests + "/" + id + "/inputs", "application/json",
                Json.createObjectBuilder().add("legalEntityId", Fixtures.bpnl()).add("holderDid", Fixtures.holderDid(org))
                        .add("attestations", Json.createArrayBuilder().add(Governance.agreementDocument())).build().toString(),
                "If-Match", applicant.get(requests + "/" + id).header("ETag"));
        assertEquals(200, fixed.status(), fixed.body());
        assertEquals("approved", fixed.json().getString("state"), fixed.body());
        assertEquals("consortium-agreement", fixed.json().getJsonArray("steps").getJsonObject(1).getJsonObject("evidence")
                .getString("documentType"));
        List<String> history = fixed.json().getJsonArray("history").getValuesAs(JsonObject.class).stream()
                .map(h -> h.getString("text")).toList();
        assertTrue(history.stream().anyMatch(t -> t.contains("failed")), history.toString());
        assertTrue(history.get(history.size() - 1).contains("approves such requests automatically"), history.toString());
        // A final request changes no more.
        assertProblem(applicant.post(requests + "/" + id + "/steps/1/rerun", ""), 409);
        assertProblem(applicant.post(requests + "/" + id + "/steps/9/rerun", ""), 409);
    }

    @Test
    void manualApprovalQueuesForTheAuthorityAndMembersDiscoverEachOtherOnly() {
        Governance g = Governance.published("manual", pilotProfile(false, bpnl(), manualApproval()));
        String first = Fixtures.slug("oem-frankfurt");
        String second = Fixtures.slug("logistics");
        String stranger = Fixtures.slug("sme-stranger");
        Fixtures.register(first, "OEM Frankfurt AG");
        Fixtures.register(second, "Rhein Logistik GmbH");
        Fixtures.register(stranger, "Stranger GmbH");
        String firstBpnl = Fixtures.bpnl();
        String id1 = apply(first, g, firstBpnl);
        String id2 = apply(second, g, Fixtures.bpnl());
        // The queue: both wait for a person.
        List<String> queue = g.authorityViewer.get(g.path("/membership-requests?state=awaiting-approval")).json()
                .getJsonArray("items").getValuesAs(JsonObject.class).stream().map(r -> r.getString("id")).toList();
        assertTrue(queue.containsAll(List.of(id1, id2)), queue.toString());
        assertFieldError(g.authorityViewer.get(g.path("/membership-requests?state=maybe")), "state", "awaiting-approval");
        // Only an authority admin decides: a viewer is refused, a stranger is not told the request exists.
        assertProblem(g.authorityViewer.post(g.path("/membership-requests/" + id1 + "/approve"), "{}"), 403);
        assertProblem(Governance.applicantAdmin(first).post(g.path("/membership-requests/" + id1 + "/approve"), "{}"), 404);
        Http.Response approved = g.authority.post(g.path("/membership-requests/" + id1 + "/approve"),
                "{\"reason\":\"Agreement checked\"}");
        assertEquals(200, approved.status(), approved.body());
        assertEquals("approved", approved.json().getString("state"));
        JsonObject manual = approved.json().getJsonArray("steps").getJsonObject(1);
        assertEquals("passed", manual.getString("status"));
        assertEquals("greta", manual.getJsonArray("approvals").getJsonObject(0).getString("subject"));
        // The second is rejected, with the reason the applicant reads.
        assertFieldError(g.authority.post(g.path("/membership-requests/" + id2 + "/reject"), "{}"), "reason", "required");
        JsonObject rejected = g.authority.post(g.path("/membership-requests/" + id2 + "/reject"),
                "{\"reason\":\"No signed agreement on file\"}").json();
        assertEquals("rejected", rejected.getString("state"));
        JsonObject seen = Governance.applicantAdmin(second).get("/api/v1/organisations/" + second + "/membership-requests/" + id2)
                .json();
        assertEquals("No signed agreement on file", seen.getString("reason"));
        // Discovery: the member sees the members; a non-member (rejected or stranger) learns nothing.
        Http.Response members = Governance.applicantAdmin(first).get("/api/v1/organisations/" + first + "/dataspaces/"
                + g.slug + "/members");
        assertEquals(200, members.status(), members.body());
        JsonObject m = members.json().getJsonArray("items").getJsonObject(0);
        assertEquals(first, m.getString("organisation"));
        assertEquals(firstBpnl, m.getString("legalEntityId"));
        assertEquals(Fixtures.holderDid(first), m.getString("did"));
        assertProblem(Governance.applicantAdmin(second).get("/api/v1/organisations/" + second + "/dataspaces/" + g.slug
                + "/members"), 404);
        assertProblem(Governance.applicantAdmin(stranger).get("/api/v1/organisations/" + first + "/dataspaces/" + g.slug
                + "/members"), 404);
        assertEquals(List.of(g.slug), Governance.applicantAdmin(first).get("/api/v1/organisations/" + first + "/dataspaces")
                .json().getJsonArray("items").getValuesAs(JsonObject.class).stream().map(x -> x.getString("dataspace")).toList());
        // Another organisation's request ids are 404 to an applicant.
        assertProblem(Governance.applicantAdmin(stranger).get("/api/v1/organisations/" + stranger + "/membership-requests/"
                + id1), 404);
        // The same BPNL cannot join twice.
        String copycat = Fixtures.slug("sme-copycat");
        Fixtures.register(copycat, "Copycat GmbH");
        JsonObject dup = Governance.applicantAdmin(copycat).post("/api/v1/organisations/" + copycat + "/membership-requests",
                Governance.application(g.slug, firstBpnl, Fixtures.holderDid(copycat), false)).json();
        assertEquals("failed", dup.getJsonArray("steps").getJsonObject(0).getString("status"));
        assertTrue(dup.getJsonArray("steps").getJsonObject(0).getString("reason").contains("already"), dup.toString());
    }

    @Test
    void fourEyesNeedTwoDifferentAuthorityAdmins() {
        Governance g = Governance.published("four-eyes", pilotProfile(false, bpnl(), fourEyes()));
        String org = Fixtures.slug("tier1-gmbh");
        Fixtures.register(org, "Tier-1 Components GmbH");
        String id = apply(org, g, Fixtures.bpnl());
        String approve = g.path("/membership-requests/" + id + "/approve");
        JsonObject once = g.authority.post(approve, "{}").json();
        assertEquals("awaiting-approval", once.getString("state"));
        assertTrue(once.getJsonArray("steps").getJsonObject(1).getString("reason").contains("second"), once.toString());
        assertProblem(g.authority.post(approve, "{}"), 409);
        JsonObject twice = g.authority2.post(approve, "{}").json();
        assertEquals("approved", twice.getString("state"), twice.toString());
        assertEquals(List.of("greta", "henrik"), twice.getJsonArray("steps").getJsonObject(1).getJsonArray("approvals")
                .getValuesAs(JsonObject.class).stream().map(a -> a.getString("subject")).toList());
    }

    @Test
    void anApplicantWithdrawsAndOneOpenRequestAtATime() {
        Governance g = Governance.published("withdraw", pilotProfile(false, bpnl(), manualApproval()));
        String org = Fixtures.slug("sme-foundry");
        Fixtures.register(org, "Foundry SME");
        String id = apply(org, g, Fixtures.bpnl());
        Http applicant = Governance.applicantAdmin(org);
        String requests = "/api/v1/organisations/" + org + "/membership-requests";
        assertProblem(applicant.post(requests, Governance.application(g.slug, Fixtures.bpnl(), Fixtures.holderDid(org), false)), 409);
        Http viewer = anonymous.as(Stack.get().tokens().forGroups("viewer", "/orgs/" + org + "/viewer"));
        assertEquals(200, viewer.get(requests + "/" + id).status());
        assertProblem(viewer.post(requests + "/" + id + "/withdraw", "{}"), 403);
        JsonObject withdrawn = applicant.post(requests + "/" + id + "/withdraw", "{\"reason\":\"Joining next quarter\"}").json();
        assertEquals("withdrawn", withdrawn.getString("state"));
        assertProblem(g.authority.post(g.path("/membership-requests/" + id + "/approve"), "{}"), 409);
        // Bad input: unknown dataspace, bad DID, bad digest, all at once where they can be.
        assertFieldError(applicant.post(requests, "{\"dataspace\":\"nowhere-" + org + "\",\"holderDid\":\"" + Fixtures.holderDid(org)
                + "\"}"), "dataspace", "no published dataspace");
        Http.Response bad = applicant.post(requests, "{\"dataspace\":\"" + g.slug + "\",\"holderDid\":\"did:key:z6Mk\","
                + "\"attestations\":[{\"documentType\":\"consortium-agreement\",\"name\":\"x\",\"sha256\":\"abc\"}]}");
        assertFieldError(bad, "holderDid", "did:web");
        assertFieldError(bad, "attestations[0].sha256", "SHA-256");
        assertFieldError(applicant.post(requests, "{\"dataspace\":\"" + g.slug + "\",\"credentials\":[5]}"), "credentials[0]", "string");
        assertFalse(withdrawn.getJsonArray("nextActions").isEmpty());
        assertEquals("Submit a new request once the reason is addressed.",
                ((JsonString) withdrawn.getJsonArray("nextActions").get(0)).getString());
    }

    @Test
    void aCredentialFromATrustedIssuerPassesTheCredentialStepAndNoOtherDoes() throws Exception {
        // An outside issuer (a BPN registry) the consortium trusts, its key pinned in the profile.
        String bpnIssuer = "did:web:bpn-registry.example";
        com.nimbusds.jose.jwk.ECKey key = new com.nimbusds.jose.jwk.gen.ECKeyGenerator(com.nimbusds.jose.jwk.Curve.P_256)
                .keyID(bpnIssuer + "#key-1").generate();
        com.nimbusds.jose.jwk.ECKey impostor = new com.nimbusds.jose.jwk.gen.ECKeyGenerator(com.nimbusds.jose.jwk.Curve.P_256)
                .keyID("did:web:impostor.example#key-1").generate();
        JsonObject profile = Governance.profile(true, Json.createArrayBuilder().add(Json.createObjectBuilder()
                        .add("did", bpnIssuer).add("name", "BPN registry")
                        .add("publicKeyJwk", Json.createReader(new java.io.StringReader(key.toPublicJWK().toJSONString())).readObject())),
                step("credential-present", Json.createObjectBuilder().add("credentialType", "BpnCredential")
                        .add("issuers", Json.createArrayBuilder().add(bpnIssuer))));
        Governance g = Governance.published("credential-step", profile);
        String org = Fixtures.slug("sme-electronics");
        Fixtures.register(org, "Renard Electronics");
        String holder = Fixtures.holderDid(org);
        Http applicant = Governance.applicantAdmin(org);
        String requests = "/api/v1/organisations/" + org + "/membership-requests";
        String someoneElses = bpnCredential(key, bpnIssuer, "did:web:wallet.kaphera.test:someone-else");
        Http.Response r = applicant.post(requests, Json.createObjectBuilder().add("dataspace", g.slug).add("legalEntityId", Fixtures.bpnl())
                .add("holderDid", holder).add("credentials", Json.createArrayBuilder().add(someoneElses)).build().toString());
        JsonObject step = r.json().getJsonArray("steps").getJsonObject(0);
        assertEquals("failed", step.getString("status"), r.body());
        assertTrue(step.getString("reason").contains("issued to did:web:wallet.kaphera.test:someone-else"), step.toString());
        String id = r.json().getString("id");
        String valid = bpnCredential(key, bpnIssuer, holder);
        for (String[] wrong : List.of(
                new String[] {Governance.tamper(valid, "BPNL000000000XYZ", "BPNL000000000ABC"), "signature"},
                new String[] {bpnCredential(impostor, "did:web:impostor.example", holder), "trusted-issuer"})) {
            JsonObject failed = applicant.send("PUT", requests + "/" + id + "/inputs", "application/json", inputs(holder, wrong[0]))
                    .json().getJsonArray("steps").getJsonObject(0);
            assertEquals("failed", failed.getString("status"), failed.toString());
            assertTrue(failed.getString("reason").contains(wrong[1]), failed.toString());
        }
        JsonObject approved = applicant.send("PUT", requests + "/" + id + "/inputs", "application/json", inputs(holder, valid)).json();
        assertEquals("approved", approved.getString("state"), approved.toString());
        assertEquals(bpnIssuer, approved.getJsonArray("steps").getJsonObject(0).getJsonObject("evidence").getString("issuer"));
    }

    private static String inputs(String holder, String credential) {
        return Json.createObjectBuilder().add("legalEntityId", Fixtures.bpnl()).add("holderDid", holder)
                .add("credentials", Json.createArrayBuilder().add(credential)).build().toString();
    }

    /** A VC 1.1 JWT of type BpnCredential for {@code subject}, signed by {@code key} as {@code issuer}. */
    private static String bpnCredential(com.nimbusds.jose.jwk.ECKey key, String issuer, String subject) throws Exception {
        java.time.Instant now = java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        java.util.Map<String, Object> vc = new java.util.LinkedHashMap<>();
        vc.put("@context", List.of("https://www.w3.org/2018/credentials/v1"));
        vc.put("type", List.of("VerifiableCredential", "BpnCredential"));
        vc.put("issuer", issuer);
        vc.put("issuanceDate", now.toString());
        vc.put("expirationDate", now.plusSeconds(86_400).toString());
        vc.put("credentialSubject", java.util.Map.of("id", subject, "bpn", "BPNL000000000XYZ"));
        com.nimbusds.jwt.JWTClaimsSet claims = new com.nimbusds.jwt.JWTClaimsSet.Builder().issuer(issuer).subject(subject)
                .jwtID("urn:uuid:" + java.util.UUID.randomUUID()).notBeforeTime(java.util.Date.from(now))
                .issueTime(java.util.Date.from(now)).expirationTime(java.util.Date.from(now.plusSeconds(86_400)))
                .claim("vc", vc).build();
        com.nimbusds.jwt.SignedJWT jwt = new com.nimbusds.jwt.SignedJWT(new com.nimbusds.jose.JWSHeader.Builder(
                com.nimbusds.jose.JWSAlgorithm.ES256).keyID(key.getKeyID()).build(), claims);
        jwt.sign(new com.nimbusds.jose.crypto.ECDSASigner(key));
        return jwt.serialize();
    }


    @Test
    void badIdsNumbersAndBodiesAreFieldErrorsOr404sNeverA500() {
        Governance g = Governance.published("bad-input", pilotProfile(false, bpnl(), manualApproval()));
        assertFieldError(g.authority.get(g.path("/profile/versions/abc")), "number", "positive whole number");
        assertFieldError(g.authority.get(g.path("/profile/versions/0")), "number", "positive whole number");
        assertProblem(g.authority.get(g.path("/profile/versions/99")), 404);
        assertProblem(g.authority.get(g.path("/membership-requests/not-a-uuid")), 404);
        assertFieldError(g.authority.post(g.path("/membership-requests/" + java.util.UUID.randomUUID() + "/steps/x/rerun"), ""),
                "position", "positive whole number");
        assertProblem(g.authority.post(g.path("/members/no-such-member/migrate"), ""), 404);
        assertFieldError(g.authority.post(g.path("/credentials/urn:uuid:" + java.util.UUID.randomUUID() + "/revoke"), "{}"),
                "reason", "required");
        assertProblem(g.authority.post(g.path("/credentials/deliveries/not-a-uuid/retry"), ""), 404);
        Http anyone = anonymous.as(Stack.get().tokens().forGroups("anyone"));
        assertFieldError(anyone.post("/api/v1/credentials/verify", "{}"), "credential", "");
        assertFieldError(anyone.post("/api/v1/credentials/verify", "{\"credential\":\"x.y.z\",\"dataspace\":\"nowhere\"}"),
                "dataspace", "no dataspace");
        JsonObject garbage = anyone.post("/api/v1/credentials/verify", "{\"credential\":\"not-a-jwt\"}").json();
        assertFalse(garbage.getBoolean("valid"));
        assertEquals("format", garbage.getJsonArray("checks").getJsonObject(0).getString("name"));
        assertFieldError(g.admin.post("/api/v1/dataspaces", "{\"slug\":\"Bad Slug\",\"displayName\":\"x\","
                + "\"authorityOrganisation\":\"nobody-" + g.slug + "\"}"), "slug", "DNS label");
        assertFieldError(g.admin.post("/api/v1/dataspaces", "{\"slug\":\"" + Fixtures.slug("ok") + "\",\"displayName\":\"x\","
                + "\"authorityOrganisation\":\"nobody-" + g.slug + "\"}"), "authorityOrganisation", "no organisation");
        assertProblem(g.admin.post("/api/v1/dataspaces", "{\"slug\":\"" + g.slug + "\",\"displayName\":\"x\","
                + "\"authorityOrganisation\":\"" + g.authorityOrg + "\"}"), 409);
    }

    @Test
    void concurrentApplicationsAndApprovalsSettleExactlyOnce() throws Exception {
        Governance g = Governance.published("races", pilotProfile(false, bpnl(), fourEyes()));
        String org = Fixtures.slug("sme-racer");
        Fixtures.register(org, "Racer SME");
        Http applicant = Governance.applicantAdmin(org);
        String body = Governance.application(g.slug, Fixtures.bpnl(), Fixtures.holderDid(org), false);
        List<Http.Response> applications = parallel(6, () -> applicant.post("/api/v1/organisations/" + org
                + "/membership-requests", body));
        assertEquals(List.of(201), applications.stream().map(Http.Response::status).filter(s -> s == 201).toList(),
                applications.toString());
        assertEquals(5, applications.stream().filter(r -> r.status() == 409).count(), applications.toString());
        String id = applications.stream().filter(r -> r.status() == 201).findFirst().orElseThrow().json().getString("id");
        String approve = g.path("/membership-requests/" + id + "/approve");
        // The same admin twice at once: one approval counts, the other is refused; the request still waits.
        List<Http.Response> twice = parallel(2, () -> g.authority.post(approve, "{}"));
        assertEquals(List.of(200, 409), twice.stream().map(Http.Response::status).sorted().toList(), twice.toString());
        // The second admin: approved, with exactly two approvals, and one member.
        JsonObject approved = g.authority2.post(approve, "{}").json();
        assertEquals("approved", approved.getString("state"), approved.toString());
        assertEquals(2, approved.getJsonArray("steps").getJsonObject(1).getJsonArray("approvals").size());
        assertEquals(1, g.authorityViewer.get(g.path("")).json().getInt("memberCount"));
    }

    private static List<Http.Response> parallel(int n, java.util.concurrent.Callable<Http.Response> call) throws Exception {
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(n);
        try {
            java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
            List<java.util.concurrent.Future<Http.Response>> futures = new java.util.ArrayList<>();
            for (int i = 0; i < n; i++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return call.call();
                }));
            }
            start.countDown();
            List<Http.Response> responses = new java.util.ArrayList<>();
            for (var f : futures) {
                responses.add(f.get(60, java.util.concurrent.TimeUnit.SECONDS));
            }
            return responses;
        } finally {
            pool.shutdownNow();
        }
    }

    /** Applies with a BPNL and the organisation's wallet DID; returns the request id (it waits for a person). */
    private static String apply(String org, Governance g, String bpnl) {
        Http.Response r = Governance.applicantAdmin(org).post("/api/v1/organisations/" + org + "/membership-requests",
                Governance.application(g.slug, bpnl, Fixtures.holderDid(org), false));
        assertEquals(201, r.status(), r.body());
        assertEquals("awaiting-approval", r.json().getString("state"), r.body());
        return r.json().getString("id");
    }
}
