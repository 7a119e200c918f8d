package com.kaphera.cloud.bench;

import static com.kaphera.cloud.it.Governance.agreement;
import static com.kaphera.cloud.it.Governance.bpnl;
import static com.kaphera.cloud.it.Governance.manualApproval;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.kaphera.cloud.it.Governance;
import com.kaphera.cloud.it.support.Http;
import com.kaphera.cloud.it.support.LibertyServer;
import com.kaphera.cloud.it.support.Postgres;
import com.kaphera.cloud.it.support.Stack;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.io.StringReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * bench/directory: {@code GET /api/v1/directory/dataspaces} with 10,000 published dataspaces, through
 * the real server over HTTP with a real token, in one run on one machine:
 * <ul>
 * <li>a first page (limit 50 and 200), a middle page reached by continue token, a search matching
 * ≈ 1 % and one matching nothing, each p50/p95/p99 after warm-up, round-robin so every case sees
 * the same share of the machine's noise; GET /api/v1/me with a token naming no organisation (JWT,
 * no database: the cheapest authenticated JSON endpoint) and the directory with limit 1 as reference
 * points;</li>
 * <li>walking all 10,000 with limit 200 (total and per page);</li>
 * <li>the SQL the server actually sends (caught in pg_stat_activity), timed from a JDBC client and
 * explained with EXPLAIN ANALYZE, so the database's share is visible;</li>
 * <li>a JFR profile of Liberty while it walks the directory, samples grouped by what they were doing.</li>
 * </ul>
 * One dataspace is created and published through the API (pilot profile); 9,999 more are seeded with
 * SQL as the owner role from its stored profile, with varied names, descriptions and use cases, plus
 * what a real directory also holds and must skip: older deprecated versions, open drafts, and
 * dataspaces never published. The index of migration V5 (trigram search) is dropped for "before"
 * passes and rebuilt for "after" passes, alternating {@code CYCLES} times in the same run. CPU per
 * request of Liberty and of PostgreSQL is read from /proc, which the other processes on the machine
 * disturb less than they disturb latency.
 * Not part of make test (not an *IT); bench/directory/run.sh prints the figures.
 */
class DirectoryBenchmark {
    private static final int DATASPACES = Integer.getInteger("bench.dataspaces", 10_000);
    private static final int ITERATIONS = Integer.getInteger("bench.iterations", 300);
    private static final int WARMUP = Integer.getInteger("bench.warmup", 100);
    private static final int WALKS = Integer.getInteger("bench.walks", 21);
    /** Before and after alternate this many times, so that both see the same share of the machine's other load. */
    private static final int CYCLES = Integer.getInteger("bench.cycles", 3);
    private static final int PROFILE_SECONDS = Integer.getInteger("bench.profile-seconds", 30);
    private static final String PATH = "/api/v1/directory/dataspaces";
    /** In the use cases of every 100th seeded dataspace: matches 1 % of the directory. */
    private static final String RARE = "battery passport";
    /** In no dataspace. */
    private static final String ABSENT = "zeppelin";
    /** The indexes of migration V5, which the "before" pass runs without. */
    private static final List<String> V5_INDEXES = List.of("dataspace_profile_search_ix");

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    /** A request measured over and over; {@code words} and {@code after} are what its SQL is bound with. */
    record Case(String name, String path, int limit, List<String> words, String after) {
        boolean directory() {
            return path.startsWith(PATH);
        }
    }

    /** CPU milliseconds per request of Liberty and of PostgreSQL (all of the cluster's processes). */
    record Cpu(double liberty, double postgres) {
    }

    /** Latencies in nanoseconds, reported as nearest-rank percentiles in milliseconds. */
    record Sample(long[] nanos, long bytes) {
        Sample plus(Sample other) {
            if (other == null) {
                return this;
            }
            long[] all = Arrays.copyOf(nanos, nanos.length + other.nanos.length);
            System.arraycopy(other.nanos, 0, all, nanos.length, other.nanos.length);
            return new Sample(all, bytes);
        }

        double p(double q) {
            long[] sorted = nanos.clone();
            Arrays.sort(sorted);
            return sorted[(int) Math.max(0, Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1))] / 1e6;
        }
    }

    @Test
    void listsSearchesAndWalksTenThousandPublishedDataspaces() throws Exception {
        Stack stack = Stack.get();
        Postgres pg = stack.postgres();
        stack.managed(); // migrated
        List<String> indexes = indexDefinitions(pg);
        // The harness's cluster outlives a run and serves the integration tests too: the directory must
        // hold exactly this benchmark's dataspaces while it runs, and none of them afterwards.
        emptyDirectory(pg);
        try {
            run(stack, indexes);
        } finally {
            emptyDirectory(pg);
            restoreIndexes(pg, indexes.stream().filter(def -> !exists(pg, def)).toList());
        }
    }

    private static void emptyDirectory(Postgres pg) throws Exception {
        try (Connection owner = pg.connect(); Statement s = owner.createStatement()) {
            s.execute("truncate dataspace cascade");
        }
    }

    private static boolean exists(Postgres pg, String indexDefinition) {
        try (Connection c = pg.connect(); PreparedStatement q = c.prepareStatement(
                "select 1 from pg_indexes where schemaname = current_schema() and indexname = ?")) {
            q.setString(1, indexDefinition.replaceAll(".*INDEX (\\S+) ON.*", "$1"));
            try (ResultSet rs = q.executeQuery()) {
                return rs.next();
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private void run(Stack stack, List<String> indexes) throws Exception {
        LibertyServer liberty = stack.managed();
        URI server = liberty.baseUri();
        Postgres pg = stack.postgres();
        Governance pilot = Governance.published("rhine-main", Governance.pilotProfile(false, bpnl(), agreement(),
                manualApproval()));
        int published = seed(pg, pilot.slug, DATASPACES - 1);
        assertEquals(DATASPACES, published);
        // Any authenticated user: a token that names no organisation and no role.
        String token = stack.tokens().forGroups("lena");

        String middle = continueAfter(server, token, DATASPACES / 2);
        String middleSlug = decode(middle);
        List<Case> cases = List.of(
                new Case("GET /api/v1/me (reference: JWT, no DB)", "/api/v1/me", 0, List.of(), null),
                new Case("directory, limit 1 (reference)", PATH + "?limit=1", 1, List.of(), null),
                new Case("first page, limit 50", PATH + "?limit=50", 50, List.of(), null),
                new Case("first page, limit 200", PATH + "?limit=200", 200, List.of(), null),
                new Case("middle page, limit 50", PATH + "?limit=50&continue=" + middle, 50, List.of(), middleSlug),
                new Case("middle page, limit 200", PATH + "?limit=200&continue=" + middle, 200, List.of(), middleSlug),
                new Case("search ~1% '" + RARE + "', limit 50", PATH + "?limit=50&q=" + enc(RARE), 50,
                        List.of(RARE.split(" ")), null),
                new Case("search none '" + ABSENT + "', limit 50", PATH + "?limit=50&q=" + enc(ABSENT), 50,
                        List.of(ABSENT), null));

        System.out.printf("%n== bench/directory: %,d published dataspaces (%s), %d cores; %d iterations after %d warm-up, "
                + "%d walks%n", DATASPACES, describeSeed(pg), Runtime.getRuntime().availableProcessors(), ITERATIONS,
                WARMUP, WALKS);

        // The server warmed up (JIT) on every case before anything counts, so that the first pass is not
        // measured on a colder JVM than the second.
        measure(server, token, cases, WARMUP, WARMUP);
        walks(server, token, 3, 3);
        CpuMeter cpu = new CpuMeter(liberty);

        // Without the V5 index, then with it, CYCLES times: same server, same data, same run.
        Map<String, Sample> before = new LinkedHashMap<>();
        Map<String, Sample> after = new LinkedHashMap<>();
        Map<String, Cpu> cpuBefore = new LinkedHashMap<>();
        Map<String, Cpu> cpuAfter = new LinkedHashMap<>();
        Sample[] walkBefore = new Sample[2];
        Sample[] walkAfter = new Sample[2];
        Map<String, String> sql = null;
        String plansBefore = null;
        String plansAfter = null;
        String built = null;
        for (int cycle = 0; cycle < CYCLES; cycle++) {
            dropIndexes(pg);
            if (cycle == 0) {
                plansBefore = explain(pg, cases.stream().filter(c -> !c.words().isEmpty()).toList(),
                        verifyAndCaptureSql(server, token, pg, cases));
            }
            pass(server, token, cases, cpu, before, cpuBefore, walkBefore);
            String report = restoreIndexes(pg, indexes);
            if (cycle == 0) {
                built = report;
                sql = verifyAndCaptureSql(server, token, pg, cases);
                plansAfter = explain(pg, cases, sql);
            }
            pass(server, token, cases, cpu, after, cpuAfter, walkAfter);
        }
        System.out.println("\n-- before: without " + String.join(", ", V5_INDEXES) + " (" + CYCLES
                + " passes, alternating with the after passes)");
        print(cases, before, cpuBefore, null, walkBefore, null);
        System.out.print(plansBefore);
        System.out.print(built);
        System.out.println("\n-- after: with " + String.join(", ", V5_INDEXES));
        print(cases, after, cpuAfter, before, walkAfter, walkBefore);
        System.out.print(plansAfter);
        databaseShare(pg, cases, sql, after);
        profile(liberty, server, token);
        System.out.println("== end bench/directory");
    }

    // ---------------------------------------------------------------- seeding

    /**
     * Seeds {@code count} dataspaces from the stored profile of the one published through the API, and
     * returns how many are published in all. Seeded profiles are that profile with another description and
     * use cases; their search text is made by the same rule as the server's, checked on the template.
     */
    private static int seed(Postgres pg, String templateSlug, int count) throws Exception {
        String content;
        String searchText;
        String displayName;
        try (Connection c = pg.connect(); PreparedStatement q = c.prepareStatement("select p.content, p.search_text, "
                + "d.display_name from dataspace d join dataspace_profile p on p.dataspace_id = d.id "
                + "where d.slug = ? and p.state = 'published'")) {
            q.setString(1, templateSlug);
            try (ResultSet rs = q.executeQuery()) {
                assertTrue(rs.next(), "the dataspace published through the API");
                content = rs.getString(1);
                searchText = rs.getString(2);
                displayName = rs.getString(3);
            }
        }
        JsonObject template = Json.createReader(new StringReader(content)).readObject();
        assertEquals(searchText, searchText(displayName, template),
                "the seed's search text must be made as the server makes it (DataspaceProfile.searchText)");

        Instant now = Instant.now();
        int published = 1;
        try (Connection c = pg.connect()) {
            c.setAutoCommit(false);
            PreparedStatement ds = c.prepareStatement("insert into dataspace (id, slug, display_name, "
                    + "authority_organisation, member_count, created_at, updated_at) values (?, ?, ?, ?, ?, ?, ?)");
            PreparedStatement pv = c.prepareStatement("insert into dataspace_profile (dataspace_id, number, state, "
                    + "content, search_text, created_at, created_by, published_at, published_by, deprecated_at) "
                    + "values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
            // count published ones, then 5 % more that were never published (a draft only).
            int unpublished = count / 20;
            for (int i = 0; i < count + unpublished; i++) {
                UUID id = UUID.randomUUID();
                Region region = REGIONS[i % REGIONS.length];
                Sector sector = SECTORS[(i / REGIONS.length) % SECTORS.length];
                String slug = region.slug + "-" + sector.slug + "-" + i;
                String name = region.name + " " + sector.name + " Dataspace " + i;
                ds.setObject(1, id);
                ds.setString(2, slug);
                ds.setString(3, name);
                ds.setString(4, "consortium-" + (i % 2_000));
                ds.setInt(5, i < count ? (i * 7) % 61 : 0);
                ds.setTimestamp(6, Timestamp.from(now));
                ds.setTimestamp(7, Timestamp.from(now));
                ds.addBatch();
                JsonObject profile = variant(template, i, region, sector);
                String text = searchText(name, profile);
                if (i >= count) {
                    addVersion(pv, id, 1, "draft", profile, text, now);
                    continue;
                }
                int number = 1;
                if (i % 5 == 1) { // one in five has an older version, deprecated when this one was published
                    JsonObject older = variant(template, i + 1, region, sector);
                    addVersion(pv, id, number++, "deprecated", older, searchText(name, older), now);
                }
                addVersion(pv, id, number++, "published", profile, text, now);
                published++;
                if (i % 10 == 3) { // one in ten has the next version in draft
                    addVersion(pv, id, number, "draft", profile, text, now);
                }
                if (i % 1_000 == 999) {
                    ds.executeBatch();
                    pv.executeBatch();
                }
            }
            ds.executeBatch();
            pv.executeBatch();
            c.commit();
            // As after any bulk load (autovacuum would do the same within a minute).
            c.setAutoCommit(true);
            try (Statement s = c.createStatement()) {
                s.execute("analyze dataspace");
                s.execute("analyze dataspace_profile");
            }
        }
        return published;
    }

    private static void addVersion(PreparedStatement pv, UUID id, int number, String state, JsonObject profile,
            String searchText, Instant now) throws Exception {
        pv.setObject(1, id);
        pv.setInt(2, number);
        pv.setString(3, state);
        pv.setString(4, profile.toString());
        pv.setString(5, searchText);
        pv.setTimestamp(6, Timestamp.from(now));
        pv.setString(7, "greta");
        pv.setTimestamp(8, "draft".equals(state) ? null : Timestamp.from(now));
        pv.setString(9, "draft".equals(state) ? null : "greta");
        pv.setTimestamp(10, "deprecated".equals(state) ? Timestamp.from(now) : null);
        pv.addBatch();
    }

    /** The pilot profile with this dataspace's own description and 2-4 use cases. */
    private static JsonObject variant(JsonObject template, int i, Region region, Sector sector) {
        List<UseCase> uses = new ArrayList<>();
        for (int k = 0; k < 2 + i % 3; k++) {
            uses.add(sector.useCases[(i + k) % sector.useCases.length]);
        }
        uses.add(GENERIC[i % GENERIC.length]);
        if (i % 100 == 37) {
            uses.add(new UseCase("battery-passport", "Battery passport",
                    "Cell chemistry, state of health and recycled content for the EU Battery Regulation"));
        }
        JsonArrayBuilder useCases = Json.createArrayBuilder();
        for (UseCase u : uses) {
            useCases.add(Json.createObjectBuilder().add("id", u.id).add("title", u.title).add("description", u.description));
        }
        StringBuilder titles = new StringBuilder();
        for (int k = 0; k < uses.size(); k++) {
            titles.append(k == 0 ? "" : k == uses.size() - 1 ? " and " : ", ").append(uses.get(k).title.toLowerCase(Locale.ROOT));
        }
        String description = sector.purpose + " for " + region.community + ": " + titles + ". "
                + CLOSINGS[i % CLOSINGS.length];
        JsonObjectBuilder b = Json.createObjectBuilder(template).add("description", description).add("useCases", useCases);
        return b.build();
    }

    /** DataspaceProfile.searchText: name, description, each use case's id, title and description, lower-cased. */
    private static String searchText(String displayName, JsonObject profile) {
        StringBuilder text = new StringBuilder(displayName).append(' ').append(profile.getString("description"));
        for (JsonObject u : profile.getJsonArray("useCases").getValuesAs(JsonObject.class)) {
            text.append(' ').append(u.getString("id")).append(' ').append(u.getString("title"));
            if (u.containsKey("description")) {
                text.append(' ').append(u.getString("description"));
            }
        }
        return text.toString().toLowerCase(Locale.ROOT);
    }

    private static String describeSeed(Postgres pg) throws Exception {
        try (Connection c = pg.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "select (select count(*) from dataspace), count(*), count(*) filter (where state = 'published'), "
                        + "count(*) filter (where state = 'deprecated'), count(*) filter (where state = 'draft'), "
                        + "avg(length(content))::int, pg_size_pretty(pg_total_relation_size('dataspace_profile')) "
                        + "from dataspace_profile")) {
            rs.next();
            return String.format("%,d dataspaces, %,d profile versions: %,d published, %,d deprecated, %,d drafts; "
                    + "profile JSON %,d bytes on average, dataspace_profile %s", rs.getLong(1), rs.getLong(2), rs.getLong(3),
                    rs.getLong(4), rs.getLong(5), rs.getInt(6), rs.getString(7));
        }
    }

    // ---------------------------------------------------------------- requests

    /**
     * Each case once through the contract-checked client, with its answer checked; the search walked to
     * its end (100 matches) and the whole directory walked once (10,000, in slug order, no repeats). Returns
     * the SQL the server sends for each directory case ({@link #statementOf}).
     */
    private Map<String, String> verifyAndCaptureSql(URI server, String token, Postgres pg, List<Case> cases) throws Exception {
        Http client = new Http(server).as(token);
        Map<String, String> sql = new HashMap<>();
        for (Case c : cases) {
            Http.Response r = client.get(c.path());
            assertEquals(200, r.status(), c.name() + ": " + r.body());
            if (!c.directory()) {
                continue;
            }
            JsonObject page = r.json();
            int items = page.getJsonArray("items").size();
            if (c.words().contains(ABSENT)) {
                assertEquals(0, items, c.name());
                assertNull(page.getString("continue", null), c.name());
            } else {
                assertEquals(c.limit(), items, c.name());
                if (c.limit() > 1) {
                    assertNotNull(page.getString("continue", null), c.name());
                }
            }
            sql.put(c.name(), statementOf(server, token, pg, c));
        }
        assertEquals(DATASPACES / 100, walk(client, PATH + "?limit=50&q=" + enc(RARE)).size(), "the ~1 % search");
        List<String> all = walk(client, PATH + "?limit=200");
        assertEquals(DATASPACES, all.size());
        assertEquals(DATASPACES, all.stream().distinct().count());
        List<String> sorted = new ArrayList<>(all);
        sorted.sort(null);
        assertEquals(sorted, all, "slug order");
        return sql;
    }

    /**
     * The statement the server sends for this case, caught in the act: the owner role holds a lock on
     * dataspace_profile while the request runs, so the server's query waits in pg_stat_activity with
     * its text (as the server's own role, which may read its sessions' queries). The text is all we
     * take; the parameters are the case's own, checked against the statement's shape.
     */
    private String statementOf(URI server, String token, Postgres pg, Case c) throws Exception {
        try (Connection owner = pg.connect(); Connection app = pg.connectAsApplication();
                Statement lock = owner.createStatement();
                PreparedStatement waiting = app.prepareStatement("select query from pg_stat_activity "
                        + "where application_name = 'kaphera-cloud-server' and wait_event_type = 'Lock' "
                        + "and query like '%dataspace_profile%'")) {
            owner.setAutoCommit(false);
            lock.execute("lock table dataspace_profile in access exclusive mode");
            var response = http.sendAsync(HttpRequest.newBuilder(server.resolve(c.path()))
                    .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofString());
            String sql = null;
            for (int i = 0; i < 200 && sql == null; i++) {
                try (ResultSet rs = waiting.executeQuery()) {
                    sql = rs.next() ? rs.getString(1) : null;
                }
                if (sql == null) {
                    Thread.sleep(50);
                }
            }
            owner.rollback();
            assertEquals(200, response.get().statusCode(), c.name());
            assertNotNull(sql, "the server's query for " + c.name() + " in pg_stat_activity");
            return sql;
        }
    }

    private static List<String> walk(Http client, String first) {
        List<String> slugs = new ArrayList<>();
        String next = null;
        do {
            Http.Response r = client.get(first + (next == null ? "" : "&continue=" + next));
            assertEquals(200, r.status(), r.body());
            JsonObject page = r.json();
            page.getJsonArray("items").getValuesAs(JsonObject.class).forEach(e -> slugs.add(e.getString("slug")));
            next = page.getString("continue", null);
        } while (next != null);
        return slugs;
    }

    /** The continue token after the first {@code n} dataspaces (n a multiple of 200). */
    private String continueAfter(URI server, String token, int n) throws Exception {
        String next = null;
        for (int seen = 0; seen < n; seen += 200) {
            next = continueToken(get(server, token, PATH + "?limit=200" + (next == null ? "" : "&continue=" + next)));
        }
        return next;
    }

    /**
     * One cycle's share of the figures, added to {@code samples}, {@code cpus} and {@code walk}: latency of
     * every case, walks, CPU per request.
     */
    private void pass(URI server, String token, List<Case> cases, CpuMeter meter, Map<String, Sample> samples,
            Map<String, Cpu> cpus, Sample[] walk) throws Exception {
        int iterations = Math.max(1, ITERATIONS / CYCLES);
        measure(server, token, cases, WARMUP / CYCLES, iterations).forEach((k, v) -> samples.merge(k, v, Sample::plus));
        Sample[] w = walks(server, token, 1, Math.max(1, WALKS / CYCLES));
        walk[0] = w[0].plus(walk[0]);
        walk[1] = w[1].plus(walk[1]);
        // Equal numbers of requests per cycle: the mean of the cycles is the mean per request.
        cpu(server, token, cases, meter, iterations).forEach((k, v) -> cpus.merge(k, new Cpu(v.liberty() / CYCLES,
                v.postgres() / CYCLES), (a, b) -> new Cpu(a.liberty() + b.liberty(), a.postgres() + b.postgres())));
    }

    /** Every case once per round, round-robin, the first {@code warmup} rounds discarded. */
    private Map<String, Sample> measure(URI server, String token, List<Case> cases, int warmup, int iterations)
            throws Exception {
        long[][] nanos = new long[cases.size()][iterations];
        long[] bytes = new long[cases.size()];
        for (int round = 0; round < warmup + iterations; round++) {
            for (int k = 0; k < cases.size(); k++) {
                long t0 = System.nanoTime();
                String body = get(server, token, cases.get(k).path());
                long took = System.nanoTime() - t0;
                if (round >= warmup) {
                    nanos[k][round - warmup] = took;
                    bytes[k] = body.length();
                }
            }
        }
        Map<String, Sample> out = new LinkedHashMap<>();
        for (int k = 0; k < cases.size(); k++) {
            out.put(cases.get(k).name(), new Sample(nanos[k], bytes[k]));
        }
        return out;
    }

    /** {total per walk, each page}: all 10,000 with limit 200, following continue tokens, after {@code warmup} walks. */
    private Sample[] walks(URI server, String token, int warmup, int walks) throws Exception {
        long[] totals = new long[walks];
        List<Long> pages = new ArrayList<>();
        long bytes = 0;
        for (int w = -warmup; w < walks; w++) {
            long start = System.nanoTime();
            String next = null;
            long walkBytes = 0;
            do {
                long t0 = System.nanoTime();
                String body = get(server, token, PATH + "?limit=200" + (next == null ? "" : "&continue=" + next));
                long took = System.nanoTime() - t0;
                walkBytes += body.length();
                if (w >= 0) {
                    pages.add(took);
                }
                next = continueToken(body);
            } while (next != null);
            if (w >= 0) {
                totals[w] = System.nanoTime() - start;
                bytes = walkBytes;
            }
        }
        return new Sample[] {new Sample(totals, bytes), new Sample(pages.stream().mapToLong(Long::longValue).toArray(),
                bytes / Math.max(1, pages.size() / walks))};
    }

    private String get(URI server, String token, String path) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(server.resolve(path))
                .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException(path + " -> " + r.statusCode() + " " + r.body());
        }
        return r.body();
    }

    private static final Pattern CONTINUE = Pattern.compile("\"continue\"\\s*:\\s*\"([^\"]+)\"");

    /** Read without parsing 200 entries (JSON-B writes "continue" first), so the walk times the server. */
    private static String continueToken(String body) {
        Matcher m = CONTINUE.matcher(body);
        return m.find() ? m.group(1) : null;
    }

    private static String decode(String token) {
        String raw = new String(java.util.Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
        return raw.substring(raw.indexOf(':') + 1);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static void print(List<Case> cases, Map<String, Sample> now, Map<String, Cpu> cpu, Map<String, Sample> before,
            Sample[] walk, Sample[] walkBefore) {
        System.out.printf("%-44s %9s %8s %8s %8s %9s %9s %10s%n", "case (HTTP, one client)", "bytes", "p50 ms", "p95 ms",
                "p99 ms", "Lib. CPU", "PG CPU", before == null ? "" : "p50 before");
        for (Case c : cases) {
            Sample s = now.get(c.name());
            System.out.printf("%-44s %9d %8.2f %8.2f %8.2f %9.2f %9.2f %10s%n", c.name(), s.bytes(), s.p(0.50), s.p(0.95),
                    s.p(0.99), cpu.get(c.name()).liberty(), cpu.get(c.name()).postgres(),
                    before == null ? "" : String.format("%.2f", before.get(c.name()).p(0.50)));
        }
        Cpu page = cpu.get(WALK);
        System.out.printf("%-44s %9d %8.2f %8.2f %8.2f %9.2f %9.2f %10s%n", WALK + ": per page",
                walk[1].bytes(), walk[1].p(0.50), walk[1].p(0.95), walk[1].p(0.99), page.liberty(), page.postgres(),
                walkBefore == null ? "" : String.format("%.2f", walkBefore[1].p(0.50)));
        System.out.printf("%-44s %9d %8.1f %8.1f %8.1f %9.1f %9.1f %10s%n", WALK + ": total",
                walk[0].bytes(), walk[0].p(0.50), walk[0].p(0.95), walk[0].p(0.99), page.liberty() * walkPages(),
                page.postgres() * walkPages(), walkBefore == null ? "" : String.format("%.1f", walkBefore[0].p(0.50)));
        System.out.println("(CPU: milliseconds of CPU per request, from /proc, " + CYCLES + " times " + ITERATIONS / CYCLES
                + " requests in a row, the server's idle background subtracted; walk total = " + walkPages() + " pages)");
        double reference = now.get(cases.get(0).name()).p(0.50);
        System.out.printf("ratio to GET /api/v1/me at p50: first page 50 %.1fx, 200 %.1fx; search ~1%% %.1fx, none %.1fx%n",
                now.get(cases.get(2).name()).p(0.50) / reference, now.get(cases.get(3).name()).p(0.50) / reference,
                now.get(cases.get(6).name()).p(0.50) / reference, now.get(cases.get(7).name()).p(0.50) / reference);
    }

    // ---------------------------------------------------------------- the database's share

    /** Parameters in the order the statement numbers them: each word's LIKE pattern, the last slug, the fetch size. */
    private static List<Object> parameters(Case c, String sql) {
        List<Object> params = new ArrayList<>();
        for (String w : c.words()) {
            params.add("%" + w + "%");
        }
        if (c.after() != null) {
            params.add(c.after());
        }
        params.add(c.limit() + 1);
        Matcher m = Pattern.compile("\\$(\\d+)").matcher(sql);
        int highest = 0;
        while (m.find()) {
            highest = Math.max(highest, Integer.parseInt(m.group(1)));
        }
        assertEquals(params.size(), highest, "parameters of " + sql);
        assertEquals(c.words().size(), sql.split("(?i) like ").length - 1, "one LIKE per word: " + sql);
        assertEquals(c.after() != null, sql.matches("(?s).*slug\\s*>.*"), "after the last slug: " + sql);
        return params;
    }

    /** EXPLAIN ANALYZE of each statement, prepared as the server's pool prepares it (plan cache included). */
    private static String explain(Postgres pg, List<Case> cases, Map<String, String> sql) throws Exception {
        StringBuilder out = new StringBuilder("EXPLAIN (ANALYZE, BUFFERS) of the statements the server sent, after 10 "
                + "executions of the prepared statement:\n");
        try (Connection c = pg.connectAsApplication(); Statement s = c.createStatement()) {
            int n = 0;
            for (Case k : cases) {
                if (!k.directory()) {
                    continue;
                }
                String text = sql.get(k.name());
                String name = "bench_directory_" + n++;
                s.execute("prepare " + name + " as " + text);
                StringBuilder args = new StringBuilder();
                for (Object p : parameters(k, text)) {
                    args.append(args.length() == 0 ? "" : ", ")
                            .append(p instanceof String str ? "'" + str.replace("'", "''") + "'" : p.toString());
                }
                for (int i = 0; i < 10; i++) {
                    s.executeQuery("execute " + name + "(" + args + ")").close();
                }
                out.append("-- ").append(k.name()).append('\n');
                try (ResultSet rs = s.executeQuery("explain (analyze, buffers) execute " + name + "(" + args + ")")) {
                    while (rs.next()) {
                        out.append("   ").append(rs.getString(1)).append('\n');
                    }
                }
                s.execute("deallocate " + name);
            }
            Case last = cases.get(cases.size() - 1);
            out.append("-- the statement, as sent for '").append(last.name()).append("':\n   ").append(sql.get(last.name()))
                    .append('\n');
        }
        return out.toString();
    }

    /** The same statements from a JDBC client (rows read, every column): database + wire, without the server. */
    private static void databaseShare(Postgres pg, List<Case> cases, Map<String, String> sql, Map<String, Sample> http)
            throws Exception {
        System.out.printf("%-44s %8s %8s %8s %12s%n", "same SQL over JDBC (app role, rows read)", "p50 ms", "p95 ms",
                "p99 ms", "HTTP p50 ms");
        try (Connection c = pg.connectAsApplication()) {
            for (Case k : cases) {
                if (!k.directory()) {
                    continue;
                }
                String text = sql.get(k.name());
                List<Object> params = parameters(k, text);
                long[] nanos = new long[ITERATIONS];
                try (PreparedStatement p = c.prepareStatement(text.replaceAll("\\$\\d+", "?"))) {
                    for (int i = 0; i < params.size(); i++) {
                        p.setObject(i + 1, params.get(i));
                    }
                    for (int i = -WARMUP; i < ITERATIONS; i++) {
                        long t0 = System.nanoTime();
                        try (ResultSet rs = p.executeQuery()) {
                            int columns = rs.getMetaData().getColumnCount();
                            while (rs.next()) {
                                for (int col = 1; col <= columns; col++) {
                                    rs.getObject(col);
                                }
                            }
                        }
                        if (i >= 0) {
                            nanos[i] = System.nanoTime() - t0;
                        }
                    }
                }
                Sample s = new Sample(nanos, 0);
                System.out.printf("%-44s %8.2f %8.2f %8.2f %12.2f%n", k.name(), s.p(0.50), s.p(0.95), s.p(0.99),
                        http.get(k.name()).p(0.50));
            }
        }
    }

    // ---------------------------------------------------------------- where the server's time goes

    /**
     * JFR (10 ms sampling) on Liberty while one client walks the directory with limit 200 for
     * PROFILE_SECONDS; each Java sample counted once, in the first group (in this order) whose frames it
     * contains. Not part of the timed figures.
     */
    private void profile(LibertyServer liberty, URI server, String token) throws Exception {
        if (PROFILE_SECONDS <= 0) {
            return;
        }
        String pid = Long.toString(libertyPid(liberty));
        Path recording = liberty.serverDir().resolve("directory.jfr").toAbsolutePath();
        String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
        run(jcmd, pid, "JFR.start", "name=bench-directory", "settings=profile");
        long end = System.nanoTime() + PROFILE_SECONDS * 1_000_000_000L;
        int pages = 0;
        String next = null;
        while (System.nanoTime() < end) {
            next = continueToken(get(server, token, PATH + "?limit=200" + (next == null ? "" : "&continue=" + next)));
            pages++;
        }
        run(jcmd, pid, "JFR.stop", "name=bench-directory", "filename=" + recording);
        Map<String, String[]> groups = new LinkedHashMap<>();
        groups.put("JSON-P provider lookup (ServiceLoader, per Json.createReader)", new String[] {"JsonProvider.provider"});
        groups.put("profile JSON parsed per entry (rest of ProfileVersion.profile)", new String[] {"ProfileVersion.profile"});
        groups.put("summary per entry (rest of DirectoryEntry.of)", new String[] {"DirectoryEntry.of"});
        groups.put("JSON-B recursion check (hashCode of the page's records)", new String[] {"ProcessedObject"});
        groups.put("JSON-B writing the page (rest of Yasson)", new String[] {"org.eclipse.yasson"});
        groups.put("JDBC: reading rows (pgjdbc)", new String[] {"org.postgresql"});
        groups.put("Hibernate: query, hydration, flush", new String[] {"org.hibernate"});
        groups.put("JWT verification", new String[] {"jwt", "Jwt", "jose4j"});
        groups.put("Liberty HTTP, RESTEasy, CDI, EJB, other", new String[] {""});
        Map<String, Integer> counts = new LinkedHashMap<>();
        groups.keySet().forEach(g -> counts.put(g, 0));
        int total = 0;
        Map<String, Integer> topFrames = new HashMap<>();
        try (var file = new jdk.jfr.consumer.RecordingFile(recording)) {
            while (file.hasMoreEvents()) {
                var event = file.readEvent();
                if (!"jdk.ExecutionSample".equals(event.getEventType().getName()) || event.getStackTrace() == null) {
                    continue;
                }
                String thread = event.getThread("sampledThread") == null ? "" : event.getThread("sampledThread").getJavaName();
                if (thread == null || !thread.startsWith("Default Executor")) { // Liberty's request threads
                    continue;
                }
                List<String> frames = event.getStackTrace().getFrames().stream()
                        .map(f -> f.getMethod().getType().getName() + "." + f.getMethod().getName()).toList();
                total++;
                topFrames.merge(frames.get(0), 1, Integer::sum);
                for (var g : groups.entrySet()) {
                    if (Arrays.stream(g.getValue()).anyMatch(marker -> frames.stream().anyMatch(f -> f.contains(marker)))) {
                        counts.merge(g.getKey(), 1, Integer::sum);
                        break;
                    }
                }
            }
        }
        System.out.printf("JFR profile of Liberty, %d s walking with limit 200 (%d pages, %.1f ms per page), %d samples "
                + "on request threads:%n", PROFILE_SECONDS, pages, PROFILE_SECONDS * 1000.0 / pages, total);
        for (var e : counts.entrySet()) {
            System.out.printf("   %-58s %5.1f %%%n", e.getKey(), 100.0 * e.getValue() / Math.max(1, total));
        }
        System.out.println("   top frames:");
        int samples = total;
        topFrames.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(12)
                .forEach(e -> System.out.printf("     %5.1f %%  %s%n", 100.0 * e.getValue() / Math.max(1, samples), e.getKey()));
    }

    /** Liberty's process, from the pid file its server script writes (usr/servers/.pid/NAME.pid). */
    private static long libertyPid(LibertyServer server) throws java.io.IOException {
        String name = server.serverDir().getFileName().toString();
        return Long.parseLong(Files.readString(server.serverDir().getParent().resolve(".pid").resolve(name + ".pid")).strip());
    }

    private static void run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + ": " + out);
        }
    }

    // ---------------------------------------------------------------- indexes of V5 (before / after)

    private static List<String> indexDefinitions(Postgres pg) throws Exception {
        List<String> defs = new ArrayList<>();
        try (Connection c = pg.connect(); PreparedStatement q = c.prepareStatement(
                "select indexdef from pg_indexes where schemaname = current_schema() and indexname = ?")) {
            for (String name : V5_INDEXES) {
                q.setString(1, name);
                try (ResultSet rs = q.executeQuery()) {
                    assertTrue(rs.next(), "index " + name + " (migration V5)");
                    defs.add(rs.getString(1));
                }
            }
        }
        return defs;
    }

    private static void dropIndexes(Postgres pg) throws Exception {
        try (Connection c = pg.connect(); Statement s = c.createStatement()) {
            for (String name : V5_INDEXES) {
                s.execute("drop index " + name);
            }
            s.execute("analyze dataspace_profile");
        }
    }

    /** Builds the indexes again; says how long that took and how big they are. */
    private static String restoreIndexes(Postgres pg, List<String> defs) throws Exception {
        StringBuilder report = new StringBuilder();
        if (defs.isEmpty()) {
            return "";
        }
        try (Connection c = pg.connect(); Statement s = c.createStatement()) {
            for (String def : defs) {
                long t0 = System.nanoTime();
                s.execute(def);
                report.append(String.format("built %s in %.0f ms: %s%n", def.replaceAll(".*INDEX (\\S+) ON.*", "$1"),
                        (System.nanoTime() - t0) / 1e6, def));
            }
            s.execute("analyze dataspace_profile");
            try (ResultSet rs = s.executeQuery("select pg_size_pretty(sum(pg_relation_size(i::regclass))) from unnest("
                    + "array['" + String.join("','", V5_INDEXES) + "']) i")) {
                rs.next();
                report.append("size: ").append(rs.getString(1)).append('\n');
            }
        }
        return report.toString();
    }

    // ---------------------------------------------------------------- CPU per request

    private static final String WALK = "walk all " + DATASPACES + ", limit 200";

    private static int walkPages() {
        return (DATASPACES + 199) / 200;
    }

    /** CPU per request of each case, {@code iterations} in a row, and per page of walks (at least as many pages). */
    private Map<String, Cpu> cpu(URI server, String token, List<Case> cases, CpuMeter processes, int iterations)
            throws Exception {
        Map<String, Cpu> out = new LinkedHashMap<>();
        for (Case c : cases) {
            out.put(c.name(), processes.perRequest(iterations, () -> get(server, token, c.path())));
        }
        int walksNeeded = Math.max(1, (iterations + walkPages() - 1) / walkPages());
        String[] next = {null};
        out.put(WALK, processes.perRequest(walksNeeded * walkPages(), () -> next[0] = continueToken(
                get(server, token, PATH + "?limit=200" + (next[0] == null ? "" : "&continue=" + next[0])))));
        return out;
    }

    /** A call the CPU is counted for. */
    interface Call {
        void call() throws Exception;
    }

    /**
     * Liberty's process and the PostgreSQL cluster's (the postmaster and its children: the server's
     * sessions, background workers), read from /proc/PID/stat (utime + stime). The server's own
     * background work (health checks, pollers) is measured idle first and subtracted.
     */
    static final class CpuMeter {
        private static final double TICK_MS = 10; // USER_HZ = 100 on Linux
        private final long liberty;
        private final long postmaster;
        private final double libertyIdlePerMs;
        private final double postgresIdlePerMs;

        CpuMeter(LibertyServer server) throws Exception {
            liberty = libertyPid(server);
            postmaster = Long.parseLong(Files.readAllLines(com.kaphera.cloud.it.support.Config.work()
                    .resolve("pg/data/postmaster.pid")).get(0).strip());
            long l0 = ticks(liberty);
            long p0 = postgresTicks();
            long t0 = System.nanoTime();
            Thread.sleep(5_000);
            double ms = (System.nanoTime() - t0) / 1e6;
            libertyIdlePerMs = (ticks(liberty) - l0) * TICK_MS / ms;
            postgresIdlePerMs = (postgresTicks() - p0) * TICK_MS / ms;
        }

        Cpu perRequest(int requests, Call call) throws Exception {
            long l0 = ticks(liberty);
            long p0 = postgresTicks();
            long t0 = System.nanoTime();
            for (int i = 0; i < requests; i++) {
                call.call();
            }
            double ms = (System.nanoTime() - t0) / 1e6;
            return new Cpu(Math.max(0, ((ticks(liberty) - l0) * TICK_MS - libertyIdlePerMs * ms) / requests),
                    Math.max(0, ((postgresTicks() - p0) * TICK_MS - postgresIdlePerMs * ms) / requests));
        }

        private long postgresTicks() throws Exception {
            long sum = ticks(postmaster);
            try (var procs = Files.list(Path.of("/proc"))) {
                for (Path p : procs.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
                    try {
                        String[] f = fields(Files.readString(p.resolve("stat")));
                        if (Long.parseLong(f[1]) == postmaster) {
                            sum += Long.parseLong(f[11]) + Long.parseLong(f[12]);
                        }
                    } catch (java.io.IOException | RuntimeException gone) {
                        // exited meanwhile
                    }
                }
            }
            return sum;
        }

        private static long ticks(long pid) throws Exception {
            String[] f = fields(Files.readString(Path.of("/proc", Long.toString(pid), "stat")));
            return Long.parseLong(f[11]) + Long.parseLong(f[12]);
        }

        /** The fields after "pid (comm)": state, ppid, ..., utime at [11], stime at [12]. */
        private static String[] fields(String stat) {
            return stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        }
    }

    // ---------------------------------------------------------------- realistic content

    private record Region(String slug, String name, String community) {
    }

    private record Sector(String slug, String name, String purpose, UseCase... useCases) {
    }

    private record UseCase(String id, String title, String description) {
    }

    private static final Region[] REGIONS = {
        new Region("rhine-main", "Rhine-Main", "the Rhine-Main region"),
        new Region("baltic", "Baltic", "ports and suppliers around the Baltic Sea"),
        new Region("alpine", "Alpine", "manufacturers in the Alpine arc"),
        new Region("iberian", "Iberian", "the Iberian peninsula's industry clusters"),
        new Region("nordic", "Nordic", "Nordic companies and public bodies"),
        new Region("danube", "Danube", "the Danube corridor"),
        new Region("flanders", "Flanders", "Flemish SMEs and their customers"),
        new Region("lombardy", "Lombardy", "Lombardy's district networks"),
        new Region("silesia", "Silesia", "Silesian producers and logistics providers"),
        new Region("brittany", "Brittany", "Breton cooperatives"),
        new Region("saxony", "Saxony", "Saxon suppliers"),
        new Region("randstad", "Randstad", "the Randstad metropolitan area"),
        new Region("ruhr", "Ruhr", "the Ruhr's industrial base"),
    };

    private static final Sector[] SECTORS = {
        new Sector("automotive", "Automotive", "Automotive supply-chain data exchange",
                new UseCase("traceability", "Part traceability", "Batch and serial numbers along the chain"),
                new UseCase("demand-capacity", "Demand and capacity management", "Weekly demand against supplier capacity"),
                new UseCase("pcf", "Product carbon footprint", "Cradle-to-gate emissions per part, PACT methodology"),
                new UseCase("quality", "Quality alerts", "Field failures and root causes shared with suppliers")),
        new Sector("aerospace", "Aerospace", "Aerospace parts and maintenance data sharing",
                new UseCase("mro-records", "Maintenance records", "Back-to-birth records of serialised parts"),
                new UseCase("obsolescence", "Obsolescence management", "Early notice of discontinued components"),
                new UseCase("traceability", "Part traceability", "Certificates of conformity with every delivery")),
        new Sector("chemicals", "Chemicals", "Chemical industry product and safety data exchange",
                new UseCase("sds", "Safety data sheets", "Current safety data sheets for every substance delivered"),
                new UseCase("pcf", "Product carbon footprint", "Emissions per tonne for downstream customers"),
                new UseCase("reach", "Substance compliance", "REACH and RoHS declarations on request")),
        new Sector("logistics", "Logistics", "Freight and warehousing data exchange",
                new UseCase("eta", "Shipment arrival estimates", "Predicted arrival times from carriers' telematics"),
                new UseCase("ecmr", "Electronic consignment notes", "eCMR documents signed by every party"),
                new UseCase("slot-booking", "Dock slot booking", "Time slots at warehouses and cross-docks")),
        new Sector("energy", "Energy", "Grid flexibility and metering data sharing",
                new UseCase("flexibility", "Flexibility markets", "Offers of load shifting from industrial sites"),
                new UseCase("metering", "Metering data", "Quarter-hour readings shared with authorised services"),
                new UseCase("guarantees", "Guarantees of origin", "Renewable certificates matched to consumption")),
        new Sector("agrifood", "Agrifood", "Farm-to-fork agrifood data sharing",
                new UseCase("provenance", "Provenance", "Origin and handling of produce from field to shelf"),
                new UseCase("soil", "Soil and yield data", "Field data shared with agronomists under the farmer's control"),
                new UseCase("recall", "Recall coordination", "Rapid, targeted recalls across the chain")),
        new Sector("health", "Health", "Clinical research data sharing under strict consent",
                new UseCase("cohorts", "Cohort discovery", "Counts of eligible patients without revealing identities"),
                new UseCase("trials", "Trial data exchange", "Pseudonymised data for approved studies"),
                new UseCase("devices", "Medical device surveillance", "Post-market reports from hospitals")),
        new Sector("textiles", "Textiles", "Textile and apparel supply-chain transparency",
                new UseCase("fibre-origin", "Fibre origin", "Where cotton and wool were grown and spun"),
                new UseCase("due-diligence", "Supply-chain due diligence", "Audits and social compliance evidence"),
                new UseCase("pcf", "Product carbon footprint", "Emissions per garment for labelling")),
        new Sector("construction", "Construction", "Building materials and construction project data",
                new UseCase("epd", "Environmental product declarations", "EPDs for every material installed"),
                new UseCase("bim", "Building information models", "Shared models between planners and trades"),
                new UseCase("circularity", "Material reuse", "Inventories of materials recoverable at demolition")),
        new Sector("mobility", "Mobility", "Public transport and mobility data exchange",
                new UseCase("timetables", "Timetables and disruptions", "Real-time schedules across operators"),
                new UseCase("ticketing", "Integrated ticketing", "Fares and entitlements across operators"),
                new UseCase("charging", "Charge point availability", "Live status of public charge points")),
        new Sector("maritime", "Maritime", "Port call and maritime logistics data sharing",
                new UseCase("port-call", "Port call optimisation", "Just-in-time arrival with berth planning"),
                new UseCase("emissions", "Voyage emissions", "Fuel use and emissions per voyage for reporting"),
                new UseCase("customs", "Customs pre-clearance", "Declarations shared before arrival")),
        new Sector("manufacturing", "Manufacturing", "Machine and production data for smart factories",
                new UseCase("oee", "Machine effectiveness", "Shared OEE figures between machine builders and plants"),
                new UseCase("predictive", "Predictive maintenance", "Condition data shared with the machine builder"),
                new UseCase("capacity-exchange", "Capacity exchange", "Free production capacity offered to partners")),
    };

    private static final UseCase[] GENERIC = {
        new UseCase("master-data", "Business partner master data", "Validated addresses and legal-entity data"),
        new UseCase("esg-reporting", "Sustainability reporting", "CSRD-ready figures collected from suppliers"),
        new UseCase("certificates", "Certificate management", "ISO and customer certificates kept current"),
        new UseCase("circular-economy", "Circular economy", "Recycled content and end-of-life routes"),
    };

    private static final String[] CLOSINGS = {
        "Members keep control of their data: every exchange is governed by usage policies they set.",
        "Open to companies of any size; SMEs join with a hosted connector.",
        "Governed by a non-profit consortium; the rulebook is public.",
        "Started as a publicly funded pilot, now run by its members.",
        "Data stays with its owner and is shared connector to connector, never through a central store.",
    };
}
