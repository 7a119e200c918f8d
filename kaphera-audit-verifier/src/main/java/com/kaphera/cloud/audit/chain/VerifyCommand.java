package com.kaphera.cloud.audit.chain;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The auditor's command: verifies an audit export (JSON Lines, as {@code GET …/audit/export} writes it)
 * against the published key set, without the database and without trusting the server.
 *
 * <pre>java -jar kaphera-audit-verifier-cli.jar --keys audit-keys.json export.jsonl</pre>
 *
 * Exit status 0: every link and checkpoint holds; 1: the first broken link is printed; 2: the files
 * could not be read. A range that does not start at 1 is reported with the hash it is anchored on,
 * which an auditor compares with the previous export's last entry.
 */
public final class VerifyCommand {
    private VerifyCommand() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length != 3 || !"--keys".equals(args[0])) {
            err.println("usage: java -jar kaphera-audit-verifier-cli.jar --keys <key set JSON> <export.jsonl>");
            return 2;
        }
        try {
            SigningKeys keys = SigningKeys.fromJwks(parse(Files.readString(Path.of(args[1]), StandardCharsets.UTF_8)));
            ChainVerifier.Verification result = verify(Path.of(args[2]), keys);
            out.println(result.toJson());
            if (result.valid()) {
                out.println("OK: " + result.entries() + " entries of '" + result.organisation() + "' (sequence "
                        + result.firstSequence() + " to " + result.lastSequence() + "), " + result.checkpoints()
                        + " signed checkpoints verified");
                return 0;
            }
            out.println("BROKEN at sequence " + result.firstBreak().sequence() + ": " + result.firstBreak().reason().id()
                    + " (" + result.firstBreak().detail() + ")");
            return 1;
        } catch (IOException | RuntimeException e) {
            err.println("Cannot verify: " + e.getMessage());
            return 2;
        }
    }

    /** Reads an export line by line: a header, the checkpoints, then the entries in sequence order. */
    public static ChainVerifier.Verification verify(Path export, SigningKeys keys) throws IOException {
        try (BufferedReader lines = Files.newBufferedReader(export, StandardCharsets.UTF_8)) {
            String line = lines.readLine();
            if (line == null) {
                throw new IllegalArgumentException("empty export");
            }
            JsonObject header = parse(line);
            if (!"export".equals(header.getString("type", null))) {
                throw new IllegalArgumentException("the first line is not an export header");
            }
            // The header says where the exported range starts (1 unless a range or a documented retention
            // was asked for); entries missing before it are found like any other missing entry.
            long from = header.containsKey("fromSequence") ? header.getJsonNumber("fromSequence").longValueExact() : 1;
            ChainVerifier verifier = new ChainVerifier(header.getString("organisation"), keys, from);
            long number = 1;
            while ((line = lines.readLine()) != null) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                JsonObject object;
                try {
                    object = parse(line);
                } catch (RuntimeException e) {
                    throw new IllegalArgumentException("line " + number + " is not JSON: " + e.getMessage(), e);
                }
                switch (object.getString("type", "")) {
                    case "checkpoint" -> verifier.checkpoint(Checkpoint.fromJson(object));
                    case "entry" -> verifier.entry(AuditRecord.fromJson(object));
                    default -> throw new IllegalArgumentException("line " + number + " has an unknown type");
                }
            }
            return verifier.result();
        }
    }

    static JsonObject parse(String text) {
        try (JsonReader r = Json.createReader(new StringReader(text))) {
            return r.readObject();
        }
    }
}
