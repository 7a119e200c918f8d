package com.kaphera.cloud.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.kaphera.cloud.it.support.Postgres;
import com.kaphera.cloud.it.support.Stack;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/** db-migrations on real PostgreSQL: from nothing, and from every older version, to the same schema. */
class MigrationsIT {

    @Test
    void emptyDatabaseMigratesToTheLatestVersion() throws Exception {
        String url = Stack.get().postgres().createDatabase("kaphera_mig_empty");
        var result = flyway(url, null).migrate();
        assertEquals(latestVersion(), result.targetSchemaVersion);
        assertTrue(schema(url).contains("organisation.slug varchar NO"), schema(url).toString());
    }

    @Test
    void everyOlderSchemaMigratesToTheSameSchemaAsAFreshOne() throws Exception {
        String fresh = Stack.get().postgres().createDatabase("kaphera_mig_fresh");
        flyway(fresh, null).migrate();
        List<String> expected = schema(fresh);
        List<String> versions = versions();
        for (String older : versions.subList(0, versions.size() - 1)) {
            String url = Stack.get().postgres().createDatabase("kaphera_mig_from_v" + older);
            flyway(url, older).migrate();
            flyway(url, null).migrate();
            assertEquals(expected, schema(url), "schema after upgrading from V" + older);
        }
    }

    @Test
    void theServerMigratedItsOwnDatabaseAtStart() throws Exception {
        Stack.get().managed();
        try (Connection c = Stack.get().postgres().connect(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select max(version::int) from flyway_schema_history where success")) {
            rs.next();
            assertEquals(latestVersion(), Integer.toString(rs.getInt(1)));
        }
    }

    private static Flyway flyway(String url, String target) {
        var config = Flyway.configure().dataSource(url, Postgres.USER, Postgres.PASSWORD)
                .locations("classpath:db/migration").placeholders(java.util.Map.of("appUser", Postgres.APP_USER));
        if (target != null) {
            config.target(target);
        }
        return config.load();
    }

    private static List<String> schema(String url) throws Exception {
        List<String> columns = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(url, Postgres.USER, Postgres.PASSWORD);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select table_name || '.' || column_name || ' ' || "
                        + "replace(data_type, 'character varying', 'varchar') || ' ' || is_nullable "
                        + "from information_schema.columns where table_schema = 'public' "
                        + "and table_name <> 'flyway_schema_history' order by 1")) {
            while (rs.next()) {
                columns.add(rs.getString(1));
            }
        }
        return columns;
    }

    private static List<String> versions() throws IOException {
        try (InputStream in = MigrationsIT.class.getClassLoader().getResourceAsStream("db/migration/INDEX")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().map(String::strip)
                    .filter(l -> l.startsWith("V")).map(l -> l.substring(1, l.indexOf("__"))).toList();
        }
    }

    static String latestVersion() throws IOException {
        List<String> v = versions();
        return v.get(v.size() - 1);
    }
}
