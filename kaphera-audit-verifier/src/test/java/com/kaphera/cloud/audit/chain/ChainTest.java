package com.kaphera.cloud.audit.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.kaphera.cloud.audit.chain.ChainVerifier.Reason;
import jakarta.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChainTest {
    private static final String ORG = "oem-frankfurt";
    private static final AuditRecord.Actor JONAS = new AuditRecord.Actor("0b9c", "jonas", "kaphera-console",
            List.of("operator"), false);

    private final KeyPair key = ed25519();
    private final SigningKeys keys = new SigningKeys().add(key.getPublic());

    @Test
    void canonicalFormSortsMembersByUtf16AndEscapesLikeJsonStringify() {
        var value = Json.createObjectBuilder().add("b", 2).add("a", "x\u0001\n\"é€")
                .add("\u20ac", true).add("\ud83d\ude00", Json.createArrayBuilder().add(1).addNull()).build();
        assertEquals("{\"a\":\"x\\u0001\\n\\\"é€\",\"b\":2,\"€\":true,\"\ud83d\ude00\":[1,null]}", Canonical.string(value));
    }

    @Test
    void canonicalFormRefusesNumbersItCannotWriteExactly() {
        assertThrows(IllegalArgumentException.class, () -> Canonical.string(Json.createValue(1.5)));
        assertThrows(IllegalArgumentException.class, () -> Canonical.string(Json.createValue(1L << 54)));
    }

    @Test
    void aCleanChainWithCheckpointsVerifies() {
        List<AuditRecord> chain = chain(5);
        ChainVerifier v = new ChainVerifier(ORG, keys);
        v.checkpoint(sign(chain.get(2)));
        v.checkpoint(sign(chain.get(4)));
        chain.forEach(v::entry);
        ChainVerifier.Verification result = v.result();
        assertTrue(result.valid(), result.toJson().toString());
        assertEquals(5, result.entries());
        assertEquals(2, result.checkpoints());
    }

    @Test
    void aChangedEntryIsFoundAtItsSequence() {
        List<AuditRecord> chain = chain(5);
        AuditRecord e = chain.get(2);
        chain.set(2, new AuditRecord(e.organisation(), e.sequence(), e.occurredAt(), e.actor(), e.operation(),
                e.targetKind(), e.targetId(), "success", e.status(), "{\"spec.replicas\":[1,3]}", e.summary(),
                e.requestId(), e.sourceAddress(), e.previousHash(), e.hash()));
        assertBroken(chain, List.of(), 3, Reason.CHANGED_ENTRY);
    }

    @Test
    void aRemovedEntryIsFoundAtItsSequence() {
        List<AuditRecord> chain = chain(5);
        chain.remove(3);
        assertBroken(chain, List.of(), 4, Reason.MISSING_ENTRY);
    }

    @Test
    void removingTheOldestEntriesIsFoundUnlessTheRangeSaysWhereItStarts() {
        List<AuditRecord> chain = chain(5);
        List<AuditRecord> kept = new ArrayList<>(chain.subList(2, 5));
        assertBroken(kept, List.of(), 1, Reason.MISSING_ENTRY);
        ChainVerifier fromThree = new ChainVerifier(ORG, keys, 3);
        kept.forEach(fromThree::entry);
        ChainVerifier.Verification result = fromThree.result();
        assertTrue(result.valid(), result.toJson().toString());
        assertEquals(chain.get(1).hash(), result.anchor());
    }

    @Test
    void entriesRelinkedInAnotherOrderAreFound() {
        List<AuditRecord> chain = chain(4);
        // Rewritten by someone who recomputes hashes but links entry 3 after entry 1.
        AuditRecord third = chain.get(2);
        AuditRecord relinked = new AuditRecord(ORG, 3, third.occurredAt(), third.actor(), third.operation(),
                third.targetKind(), third.targetId(), third.outcome(), third.status(), third.change(), third.summary(),
                third.requestId(), third.sourceAddress(), null, null).linkedAfter(chain.get(0).hash());
        chain.set(2, relinked);
        assertBroken(chain, List.of(), 3, Reason.REORDERED);
    }

    @Test
    void aRewriteThatRecomputesEveryHashIsCaughtByTheCheckpoint() {
        List<AuditRecord> chain = chain(4);
        Checkpoint signed = sign(chain.get(3));
        List<AuditRecord> rewritten = new ArrayList<>(chain.subList(0, 1));
        for (int i = 1; i < 4; i++) {
            AuditRecord e = chain.get(i);
            rewritten.add(new AuditRecord(ORG, e.sequence(), e.occurredAt(), e.actor(), e.operation(), e.targetKind(),
                    e.targetId(), "denied", 403, null, e.summary(), e.requestId(), e.sourceAddress(), null, null)
                    .linkedAfter(rewritten.get(i - 1).hash()));
        }
        assertBroken(rewritten, List.of(signed), 4, Reason.CHECKPOINT_MISMATCH);
    }

    @Test
    void aCheckpointSignedByAnUnknownKeyIsRefused() {
        List<AuditRecord> chain = chain(2);
        Checkpoint forged = Checkpoint.sign(ORG, 2, chain.get(1).hash(), "2026-12-02T00:00:00.000000Z",
                ed25519().getPrivate(), "someone-else");
        assertBroken(chain, List.of(forged), 2, Reason.BAD_SIGNATURE);
    }

    @Test
    void keySetsRoundTripAndOldKeysStayUsable() {
        KeyPair next = ed25519();
        SigningKeys published = SigningKeys.fromJwks(new SigningKeys().add(key.getPublic()).add(next.getPublic()).toJwks());
        assertEquals(2, published.size());
        Checkpoint old = sign(chain(1).get(0));
        assertNull(old.problem(published));
        assertNotNull(old.problem(new SigningKeys().add(next.getPublic())));
    }

    @Test
    void theOfflineCommandPassesOnAnExportAndFailsAfterOneByteIsChanged(@TempDir Path dir) throws Exception {
        List<AuditRecord> chain = chain(3);
        StringBuilder export = new StringBuilder();
        export.append(Json.createObjectBuilder().add("type", "export").add("organisation", ORG).build()).append('\n');
        export.append(Json.createObjectBuilder(sign(chain.get(2)).toJson()).add("type", "checkpoint").build()).append('\n');
        chain.forEach(e -> export.append(Json.createObjectBuilder(e.toJson()).add("type", "entry").build()).append('\n'));
        Path file = dir.resolve("export.jsonl");
        Path keyFile = dir.resolve("keys.json");
        Files.writeString(file, export, StandardCharsets.UTF_8);
        Files.writeString(keyFile, keys.toJwks().toString(), StandardCharsets.UTF_8);
        assertEquals(0, run(keyFile, file));

        Files.writeString(file, export.toString().replace("replicas 1 → 2", "replicas 1 → 3"), StandardCharsets.UTF_8);
        assertEquals(1, run(keyFile, file));
    }

    private int run(Path keyFile, Path export) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int status = VerifyCommand.run(new String[] {"--keys", keyFile.toString(), export.toString()},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(out, true, StandardCharsets.UTF_8));
        System.out.println(out.toString(StandardCharsets.UTF_8));
        return status;
    }

    private void assertBroken(List<AuditRecord> chain, List<Checkpoint> checkpoints, long sequence, Reason reason) {
        ChainVerifier v = new ChainVerifier(ORG, keys);
        checkpoints.forEach(v::checkpoint);
        chain.forEach(v::entry);
        ChainVerifier.Verification result = v.result();
        assertNotNull(result.firstBreak(), "expected a break: " + result.toJson());
        assertEquals(sequence, result.firstBreak().sequence(), result.toJson().toString());
        assertEquals(reason, result.firstBreak().reason(), result.toJson().toString());
    }

    private Checkpoint sign(AuditRecord entry) {
        return Checkpoint.sign(ORG, entry.sequence(), entry.hash(), "2026-12-02T00:00:00.000000Z", key.getPrivate(),
                SigningKeys.keyId(key.getPublic()));
    }

    private static List<AuditRecord> chain(int length) {
        List<AuditRecord> chain = new ArrayList<>();
        String previous = AuditRecord.GENESIS;
        for (int seq = 1; seq <= length; seq++) {
            AuditRecord e = new AuditRecord(ORG, seq, AuditRecord.time(Instant.parse("2026-12-02T08:00:00Z").plusSeconds(seq)),
                    JONAS, "resource.patch", "ControlPlane", "edc-main", "success", 200, "{\"spec.replicas\":[1,2]}",
                    "jonas (operator, OEM Frankfurt) changed control plane 'edc-main': replicas 1 → 2",
                    "req-" + seq, "127.0.0.1", null, null).linkedAfter(previous);
            chain.add(e);
            previous = e.hash();
        }
        return chain;
    }

    private static KeyPair ed25519() {
        try {
            return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
