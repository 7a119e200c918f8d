package com.kaphera.cloud.audit.chain;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.util.Map;
import java.util.TreeMap;

/**
 * Recomputes one organisation's chain, entry by entry in sequence order, and checks the signed
 * checkpoints against it. Streaming: it keeps only the previous hash and the checkpoints not reached
 * yet, so a log of any length is verified in constant memory. Stops counting at the first broken link
 * and reports it: the database's verify endpoint and the offline command both use this class.
 *
 * <p>The verifier is told where the range starts: a first entry at another sequence is a missing entry
 * (deleting the oldest entries is found like deleting any other). A range that does not start at
 * sequence 1 is anchored on its first entry's stored previous hash; a checkpoint inside the range is
 * what ties that anchor to a signed state.
 */
public final class ChainVerifier {
    /** Why a link is broken. */
    public enum Reason {
        /** The entry's content no longer hashes to its stored hash: it was changed after it was written. */
        CHANGED_ENTRY,
        /** The sequence jumps: an entry was removed (or never committed, which the writer rules out). */
        MISSING_ENTRY,
        /** The entry is intact but does not follow the previous one: entries were moved or re-linked. */
        REORDERED,
        /** A checkpoint's hash differs from the entry at its sequence: the log was rewritten after it. */
        CHECKPOINT_MISMATCH,
        /** A checkpoint's signature does not verify with the published keys. */
        BAD_SIGNATURE,
        /** An entry or checkpoint of another organisation is mixed in. */
        WRONG_ORGANISATION;

        public String id() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }

    public record Break(long sequence, Reason reason, String detail) {
        public JsonObject toJson() {
            return Json.createObjectBuilder().add("sequence", sequence).add("reason", reason.id()).add("detail", detail)
                    .build();
        }
    }

    /** The outcome: {@code firstBreak} is null when every link and checkpoint holds. */
    public record Verification(String organisation, Long firstSequence, Long lastSequence, long entries,
            int checkpoints, String anchor, Break firstBreak) {
        public boolean valid() {
            return firstBreak == null;
        }

        public JsonObject toJson() {
            JsonObjectBuilder b = Json.createObjectBuilder().add("organisation", organisation).add("valid", valid())
                    .add("entriesChecked", entries).add("checkpointsChecked", checkpoints);
            if (firstSequence != null) {
                b.add("fromSequence", firstSequence);
            }
            if (lastSequence != null) {
                b.add("lastIntactSequence", lastSequence);
            }
            if (anchor != null) {
                b.add("anchoredOnPreviousHash", anchor);
            }
            if (firstBreak != null) {
                b.add("firstBroken", firstBreak.toJson());
            }
            return b.build();
        }
    }

    private final String organisation;
    private final SigningKeys keys;
    private final long expectedFirst;
    private final TreeMap<Long, Checkpoint> pending = new TreeMap<>();
    private Long first;
    private Long last;
    private String previousHash;
    private String anchor;
    private long entries;
    private int checkpoints;
    private Break broken;

    /** Verifies a whole chain (from sequence 1). */
    public ChainVerifier(String organisation, SigningKeys keys) {
        this(organisation, keys, 1);
    }

    /** Verifies a range that must start at {@code expectedFirst}. */
    public ChainVerifier(String organisation, SigningKeys keys, long expectedFirst) {
        this.organisation = organisation;
        this.keys = keys;
        this.expectedFirst = expectedFirst;
    }

    /** Checkpoints may be given before or after the entries they cover. */
    public void checkpoint(Checkpoint checkpoint) {
        if (broken != null) {
            return;
        }
        if (!organisation.equals(checkpoint.organisation())) {
            fail(checkpoint.sequence(), Reason.WRONG_ORGANISATION, "checkpoint of '" + checkpoint.organisation() + "'");
            return;
        }
        String problem = checkpoint.problem(keys);
        if (problem != null) {
            fail(checkpoint.sequence(), Reason.BAD_SIGNATURE, problem);
            return;
        }
        checkpoints++;
        // Compared when the entry at its sequence passes: callers give checkpoints before the entries
        // (a checkpoint for an entry already passed is then only reported as missing by result()).
        pending.put(checkpoint.sequence(), checkpoint);
    }

    public void entry(AuditRecord entry) {
        if (broken != null) {
            return;
        }
        long seq = entry.sequence();
        if (!organisation.equals(entry.organisation())) {
            fail(seq, Reason.WRONG_ORGANISATION, "entry of '" + entry.organisation() + "'");
            return;
        }
        if (last == null) {
            if (seq != expectedFirst) {
                fail(expectedFirst, Reason.MISSING_ENTRY, "the range starts at sequence " + seq + ", not at "
                        + expectedFirst + ": the entries before it are gone");
                return;
            }
            first = seq;
            if (seq == 1) {
                previousHash = AuditRecord.GENESIS;
            } else {
                previousHash = entry.previousHash();
                anchor = previousHash;
            }
        } else if (seq != last + 1) {
            fail(seq <= last ? seq : last + 1, seq <= last ? Reason.REORDERED : Reason.MISSING_ENTRY,
                    seq <= last ? "sequence " + seq + " comes after " + last
                            : "sequence " + (last + 1) + (seq == last + 2 ? "" : " to " + (seq - 1))
                            + " missing (next entry is " + seq + ")");
            return;
        }
        String recomputed = entry.computeHash(previousHash);
        if (!recomputed.equals(entry.hash())) {
            boolean intact = entry.previousHash() != null && entry.hash() != null
                    && entry.computeHash(entry.previousHash()).equals(entry.hash());
            if (intact) {
                fail(seq, Reason.REORDERED, "entry is intact but was linked after " + entry.previousHash()
                        + ", not after the previous entry's " + previousHash);
            } else {
                fail(seq, Reason.CHANGED_ENTRY, "content hashes to " + recomputed + ", stored hash is " + entry.hash());
            }
            return;
        }
        Checkpoint cp = pending.remove(seq);
        if (cp != null && !cp.hash().equals(entry.hash())) {
            fail(seq, Reason.CHECKPOINT_MISMATCH, "checkpoint signed " + cp.signedAt() + " says " + cp.hash()
                    + ", entry hash is " + entry.hash());
            return;
        }
        previousHash = entry.hash();
        last = seq;
        entries++;
    }

    public Verification result() {
        if (broken == null && last != null) {
            // A checkpoint for a sequence this range passed without an entry there means one is missing.
            Map.Entry<Long, Checkpoint> passed = pending.floorEntry(last);
            if (passed != null && passed.getKey() >= first) {
                fail(passed.getKey(), Reason.MISSING_ENTRY, "checkpoint names sequence " + passed.getKey()
                        + ", which is not in the log");
            }
        }
        return new Verification(organisation, first, last, entries, checkpoints, anchor, broken);
    }

    private void fail(long sequence, Reason reason, String detail) {
        broken = new Break(sequence, reason, detail);
    }
}
