package com.kaphera.cloud.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.kaphera.cloud.it.support.Http;
import com.kaphera.cloud.it.support.LibertyServer;
import com.kaphera.cloud.it.support.Stack;
import jakarta.json.JsonObject;
import java.nio.file.Files;
import java.time.Instant;
import java.util.Arrays;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import org.junit.jupiter.api.Test;

/** What a platform team watches at 3 a.m.: health, metrics and the JMX MBean. */
class OperationsIT {
    private final LibertyServer server = Stack.get().managed();
    private final Http http = new Http(server.baseUri());

    @Test
    void livenessAndReadinessAreUpWithoutAToken() throws java.io.IOException {
        assertEquals(200, http.get("/health/live").status());
        Http.Response ready = http.get("/health/ready");
        assertEquals(200, ready.status(), ready.body());
        JsonObject db = ready.json().getJsonArray("checks").getValuesAs(JsonObject.class).stream()
                .filter(c -> c.getString("name").equals("database")).findFirst().orElseThrow();
        assertEquals("UP", db.getString("status"));
        assertEquals(MigrationsIT.latestVersion(), db.getJsonObject("data").getString("schemaVersion"));
    }

    @Test
    void readinessIsComputedInTheBackgroundAndPublishesNoConnectionDetails() {
        // Probes read the last background verdict (every second in the servers under test): three in a
        // row see at most two different checks, where live work would be three.
        java.util.Set<String> checkedAt = new java.util.HashSet<>();
        String body = "";
        for (int i = 0; i < 3; i++) {
            Http.Response ready = http.get("/health/ready");
            body = ready.body();
            ready.json().getJsonArray("checks").getValuesAs(JsonObject.class)
                    .forEach(c -> checkedAt.add(c.getString("name") + "@" + c.getJsonObject("data").getString("checkedAt")));
        }
        assertTrue(checkedAt.size() <= 4, "two checks, at most two rounds: " + checkedAt);
        for (String detail : java.util.List.of("127.0.0.1", "https://", "kubeconfig", "jdbc:", "token")) {
            assertFalse(body.contains(detail), "readiness publishes '" + detail + "': " + body);
        }
    }

    @Test
    void metricsArePrometheusTextWithoutAToken() {
        Http.Response r = http.get("/metrics");
        assertEquals(200, r.status(), r.body());
        assertTrue(r.contentType().startsWith("text/plain"), r.contentType());
        assertTrue(r.body().contains("# TYPE"), r.body());
        // readiness has called the Kubernetes gateway, whose fault-tolerance policies report here
        assertTrue(r.body().contains("ft_invocations_total"), "no fault tolerance metrics");
    }

    @Test
    void serverMBeanDescribesTheRunningServer() throws Exception {
        String address = Files.readString(server.serverDir().resolve("logs/state/com.ibm.ws.jmx.local.address")).strip();
        try (JMXConnector jmx = JMXConnectorFactory.connect(new JMXServiceURL(address))) {
            MBeanServerConnection mbeans = jmx.getMBeanServerConnection();
            ObjectName name = new ObjectName("com.kaphera.cloud:type=Server");
            assertEquals("managed", mbeans.getAttribute(name, "Edition"));
            String[] features = (String[]) mbeans.getAttribute(name, "EnabledFeatures");
            Arrays.sort(features);
            assertArrayEquals(new String[] {"audit", "billing", "credential-issuer", "customer-accounts", "directory", "fleet", "governance", "joins",
                "organisations", "resource-types", "resources"}, features);
            assertTrue(Instant.parse((String) mbeans.getAttribute(name, "StartTime")).isBefore(Instant.now()));
            assertFalse(((String) mbeans.getAttribute(name, "Version")).isBlank());
            assertEquals(MigrationsIT.latestVersion(), mbeans.getAttribute(name, "SchemaVersion"));
            assertTrue((Integer) mbeans.getAttribute(name, "ResourceTypes") >= 10);
            assertTrue((Integer) mbeans.getAttribute(name, "OpenWatches") >= 0);
            assertTrue(((String) mbeans.getAttribute(name, "KubernetesApi")).startsWith("https://127.0.0.1:"));
        }
    }

    @Test
    void auditMBeanAndMetricsReportTheLog() throws Exception {
        String org = Fixtures.slug("sme-metrics");
        Fixtures.register(org, "Metrics Maschinenbau");
        String address = Files.readString(server.serverDir().resolve("logs/state/com.ibm.ws.jmx.local.address")).strip();
        try (JMXConnector jmx = JMXConnectorFactory.connect(new JMXServiceURL(address))) {
            MBeanServerConnection mbeans = jmx.getMBeanServerConnection();
            ObjectName name = new ObjectName("com.kaphera.cloud:type=Audit");
            assertEquals(Boolean.TRUE, mbeans.getAttribute(name, "AppendOnlyEnforced"), "the server's role can rewrite the log");
            assertTrue((Long) mbeans.getAttribute(name, "EntriesWritten") >= 1);
            assertTrue((Long) mbeans.getAttribute(name, "Chains") >= 1);
            assertTrue((Double) mbeans.getAttribute(name, "MaxWriteMillis") > 0);
        }
        String metrics = http.get("/metrics").body();
        assertTrue(metrics.contains("kaphera_audit_entries_written_total"), "no audit metrics");
        assertTrue(metrics.contains("kaphera_dcp_deliveries_failed_total"), "no credential delivery metrics");
    }

    @Test
    void joinsMBeanAndMetricsReportTheWorkflow() throws Exception {
        String address = Files.readString(server.serverDir().resolve("logs/state/com.ibm.ws.jmx.local.address")).strip();
        try (JMXConnector jmx = JMXConnectorFactory.connect(new JMXServiceURL(address))) {
            MBeanServerConnection mbeans = jmx.getMBeanServerConnection();
            ObjectName name = new ObjectName("com.kaphera.cloud:type=Joins");
            assertEquals(0L, mbeans.getAttribute(name, "Stuck"), "a join is stuck");
            assertTrue((Long) mbeans.getAttribute(name, "InFlight") >= 0, "the database did not answer");
            javax.management.openmbean.TabularData byState = (javax.management.openmbean.TabularData) mbeans.getAttribute(name, "ByState");
            assertEquals(6, byState.size(), "one row per join state");
            assertTrue(((javax.management.openmbean.TabularData) mbeans.getAttribute(name, "MeanStepMillis")).size() == 5);
        }
        String metrics = http.get("/metrics").body();
        for (String metric : java.util.List.of("kaphera_joins_in_flight", "kaphera_joins_waiting_for_person", "kaphera_joins_stuck",
                "kaphera_joins_succeeded_total", "kaphera_joins_failed_total")) {
            assertTrue(metrics.contains(metric), "no " + metric);
        }
    }

    @Test
    void billingMBeanAndMetricsAreThere() throws Exception {
        String address = Files.readString(server.serverDir().resolve("logs/state/com.ibm.ws.jmx.local.address")).strip();
        try (JMXConnector jmx = JMXConnectorFactory.connect(new JMXServiceURL(address))) {
            MBeanServerConnection mbeans = jmx.getMBeanServerConnection();
            ObjectName name = new ObjectName("com.kaphera.cloud:type=Billing");
            assertTrue((Long) mbeans.getAttribute(name, "ParkedAccounts") >= 0, "the database did not answer");
            assertTrue((Long) mbeans.getAttribute(name, "InvoicesIssued") >= 0);
            mbeans.getAttribute(name, "RevenueByCurrency");
            mbeans.getAttribute(name, "LastRunPeriod");
        }
        String metrics = http.get("/metrics").body();
        for (String metric : java.util.List.of("kaphera_billing_parked_accounts", "kaphera_billing_invoices_issued",
                "kaphera_billing_invoices_created_total", "kaphera_billing_parked_total")) {
            assertTrue(metrics.contains(metric), "no " + metric);
        }
    }
}
