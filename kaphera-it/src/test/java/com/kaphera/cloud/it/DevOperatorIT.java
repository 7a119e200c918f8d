package com.kaphera.cloud.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.kaphera.cloud.it.support.DevOperator;
import com.kaphera.cloud.it.support.KubernetesApi;
import com.kaphera.cloud.it.support.Stack;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/**
 * The harness's dev-only operator (Stack.devOperator(), real-connector mode): a ControlPlane in an
 * onboarded organisation's namespace gets a real EDC 0.15.1 connector whose endpoints its status names.
 */
class DevOperatorIT {

    @Test
    void aControlPlaneGetsARealConnectorWhoseEndpointsItsStatusNames() throws Exception {
        DevOperator operator = Stack.get().devOperator();
        KubernetesApi kubernetes = Stack.get().kubernetes();
        String slug = Fixtures.slug("sme-castings");
        String namespace = "kaphera-" + slug;
        kubernetes.onboard(slug);
        String apiKey = "k-" + java.util.UUID.randomUUID();
        assertEquals(201, kubernetes.send("POST", "/api/v1/namespaces/" + namespace + "/secrets", "application/json", """
                {"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "connector-management-api"},
                 "data": {"api-key": "%s"}}""".formatted(Base64.getEncoder().encodeToString(apiKey.getBytes(StandardCharsets.UTF_8))))
                .statusCode());
        String path = "/apis/edc.kaphera.io/v1alpha1/namespaces/" + namespace + "/controlplanes";
        HttpResponse<String> created = kubernetes.send("POST", path, "application/json", """
                {"apiVersion": "edc.kaphera.io/v1alpha1", "kind": "ControlPlane", "metadata": {"name": "connector"},
                 "spec": {"participantId": "%s", "version": "0.15.1",
                          "postgresInstanceRef": {"name": "edc-db"}, "identityHubRef": {"name": "wallet"},
                          "managementApi": {"authentication": {"type": "ApiKey",
                            "apiKey": {"secretKeyRef": {"name": "connector-management-api", "key": "api-key"}}}}}}"""
                .formatted(Fixtures.bpnl()));
        assertEquals(201, created.statusCode(), created.body());

        JsonObject status = null;
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            JsonObject object = Json.createReader(new StringReader(kubernetes.get(path + "/connector").body())).readObject();
            status = object.getJsonObject("status");
            if (status != null && "Ready".equals(status.getString("phase", null))) {
                break;
            }
            Thread.sleep(200);
        }
        assertTrue(status != null && "Ready".equals(status.getString("phase", null)),
                "not Ready: " + status + "; see " + operator.log());

        HttpClient http = HttpClient.newHttpClient();
        assertEquals(200, http.send(HttpRequest.newBuilder(URI.create(status.getString("dspEndpoint") + "/.well-known/dspace-version"))
                .build(), HttpResponse.BodyHandlers.discarding()).statusCode());
        assertEquals(200, http.send(HttpRequest.newBuilder(URI.create(status.getString("managementEndpoint") + "/v3/assets/request"))
                .header("x-api-key", apiKey).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"@context\":{\"@vocab\":\"https://w3id.org/edc/v0.0.1/ns/\"},\"@type\":\"QuerySpec\"}"))
                .build(), HttpResponse.BodyHandlers.discarding()).statusCode());
        assertEquals(200, kubernetes.send("DELETE", path + "/connector", "application/json", null).statusCode());
    }
}
