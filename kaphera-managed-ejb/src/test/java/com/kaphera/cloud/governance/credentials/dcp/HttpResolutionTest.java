package com.kaphera.cloud.governance.credentials.dcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.kaphera.cloud.governance.credentials.dcp.DidResolutionException.Reason;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The HTTP resolver and status list fetcher against a real HTTP server on loopback. */
class HttpResolutionTest {
    private HttpServer server;
    private String base;
    private final Map<String, String> bodies = new ConcurrentHashMap<>();
    private final Map<String, String> accepts = new ConcurrentHashMap<>();
    private final HttpClient client = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::answer);
        server.start();
        base = "did:web:127.0.0.1%3A" + server.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private void answer(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        accepts.put(path, String.valueOf(exchange.getRequestHeaders().getFirst("Accept")));
        if (path.endsWith("/slow/did.json")) {
            try {
                Thread.sleep(3000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        String body = bodies.get(path);
        byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(body == null ? 404 : 200, body == null ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        } catch (IOException ignored) {
            // the client may hang up on purpose (size cap, timeout)
        }
    }

    private HttpDidResolver resolver() {
        return new HttpDidResolver(client, false, Duration.ofSeconds(2), 64 * 1024);
    }

    @Test
    void aDidDocumentIsFetchedFromTheAddressItsDidNames() {
        String did = base + ":issuers:automotive";
        IssuerKey key = IssuerKey.generate(did, "key-1");
        bodies.put("/issuers/automotive/did.json", DidDocument.issuer(did, List.of(key.published()), Pilot.ISSUER_SERVICE).toString());

        JsonObject document = resolver().resolve(did);

        assertEquals(did, document.getString("id"));
        assertTrue(accepts.get("/issuers/automotive/did.json").contains("application/did+json"));
        assertTrue(DidDocument.parse(document).key("key-1").isPresent());
    }

    @Test
    void theWellKnownDocumentIsFetchedForADidWithoutPath() {
        bodies.put("/.well-known/did.json", "{\"id\":\"" + base + "\"}");
        assertEquals(base, resolver().resolve(base).getString("id"));
    }

    @Test
    void failuresAreReportedByReason() {
        bodies.put("/wrong/did.json", "{\"id\":\"did:web:elsewhere.example\"}");
        bodies.put("/array/did.json", "[1,2]");
        bodies.put("/huge/did.json", "{\"id\":\"" + base + ":huge\",\"pad\":\"" + "x".repeat(70 * 1024) + "\"}");
        bodies.put("/slow/did.json", "{}");

        assertReason(Reason.NOT_FOUND, base + ":missing");
        assertReason(Reason.ID_MISMATCH, base + ":wrong");
        assertReason(Reason.NOT_JSON, base + ":array");
        assertReason(Reason.TOO_LARGE, base + ":huge");
        assertReason(Reason.MALFORMED_DID, "did:web:127.0.0.1%3Anope");
        assertReason(Reason.UNREACHABLE, base.replaceFirst("%3A\\d+", "%3A9") + ":closed");
        long started = System.nanoTime();
        assertReason(Reason.UNREACHABLE, base + ":slow");
        assertTrue(Duration.ofNanos(System.nanoTime() - started).toMillis() < 2900, "the timeout bounds the whole exchange");
    }

    private void assertReason(Reason reason, String did) {
        DidResolutionException e = assertThrows(DidResolutionException.class, () -> resolver().resolve(did));
        assertEquals(reason, e.reason(), e.getMessage());
    }

    @Test
    void theStatusListFetcherAsksForTheSignedFormAndRefusesUnsignedJson() {
        HttpStatusListFetcher fetcher = new HttpStatusListFetcher(client, Duration.ofSeconds(2), 16 * 1024);
        URI url = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/status/1");
        bodies.put("/status/1", "eyJhbGciOiJFUzI1NiJ9.e30.c2ln\n");

        assertEquals("eyJhbGciOiJFUzI1NiJ9.e30.c2ln", fetcher.fetch(url));
        assertEquals("application/vc+jwt", accepts.get("/status/1"));

        bodies.put("/status/1", "{\"type\":[\"VerifiableCredential\",\"BitstringStatusListCredential\"]}");
        assertThrows(StatusListUnavailableException.class, () -> fetcher.fetch(url));
        assertThrows(StatusListUnavailableException.class, () -> fetcher.fetch(URI.create(url + "-missing")));
        assertThrows(StatusListUnavailableException.class, () -> fetcher.fetch(URI.create("file:///etc/passwd")));
    }
}
