package com.kaphera.cloud.governance.credentials.dcp;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * A W3C Bitstring Status List (v1.0): one bit per issued credential, 1 = the status (e.g. revoked) is set. Bit 0 is
 * the most significant bit of the first byte ("left to right"), as the spec says and as EDC's {@code BitString}
 * reads by default.
 * <p>
 * {@link #encodedList()} is GZIP, then base64url without padding, with the multibase prefix {@code u} — what the
 * spec requires and what EDC 0.15's {@code BitString.Parser} decodes (a leading {@code u} switches it to the URL-safe
 * decoder; without it, it expects standard base64). {@link #decode} accepts both, so lists from other issuers that
 * left the prefix out still read.
 * <p>
 * Not thread-safe: the server changes a list inside one transaction and publishes a new credential afterwards.
 */
public final class BitstringStatusList {
    /** The spec's minimum length, 16 KiB, so that one credential's bit hides among many (herd privacy). */
    public static final int MIN_BITS = 131_072;
    /** The largest decompressed list {@link #decode} accepts (a guard against compression bombs): 16 MiB. */
    public static final int MAX_BYTES = 16 * 1024 * 1024;

    private final byte[] bits;

    private BitstringStatusList(byte[] bits) {
        this.bits = bits;
    }

    /** An all-zero list of the minimum length. */
    public static BitstringStatusList empty() {
        return ofSize(MIN_BITS);
    }

    /** An all-zero list of {@code bits} bits: at least {@link #MIN_BITS} and a multiple of 8. */
    public static BitstringStatusList ofSize(int bits) {
        if (bits < MIN_BITS || bits % 8 != 0 || bits / 8 > MAX_BYTES) {
            throw new IllegalArgumentException("A status list has at least " + MIN_BITS + " bits, a multiple of 8, and at most "
                    + MAX_BYTES + " bytes.");
        }
        return new BitstringStatusList(new byte[bits / 8]);
    }

    /** A list over a copy of stored raw bits (as {@link #toBytes()} gave them). */
    public static BitstringStatusList fromBytes(byte[] raw) {
        if (raw == null || raw.length == 0 || raw.length > MAX_BYTES) {
            throw new IllegalArgumentException("Stored status list bits must be 1 byte to " + MAX_BYTES + " bytes.");
        }
        return new BitstringStatusList(raw.clone());
    }

    /**
     * Reads an {@code encodedList}: with the {@code u} prefix as base64url (padding optional), without it as standard
     * base64 (or base64url, tried second); then GZIP.
     *
     * @throws IllegalArgumentException if it is not such an encoding, or larger than {@link #MAX_BYTES} decompressed
     */
    public static BitstringStatusList decode(String encodedList) {
        if (encodedList == null || encodedList.isEmpty()) {
            throw new IllegalArgumentException("The encoded status list is empty.");
        }
        if (encodedList.length() > MAX_BYTES) {
            throw new IllegalArgumentException("The encoded status list is too long.");
        }
        if (encodedList.charAt(0) == 'z') {
            throw new IllegalArgumentException("The status list is base58btc ('z' multibase prefix); only base64 is read.");
        }
        byte[] compressed;
        try {
            compressed = encodedList.charAt(0) == 'u'
                    ? Base64.getUrlDecoder().decode(encodedList.substring(1))
                    : decodeUnprefixed(encodedList);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("The encoded status list is not base64.");
        }
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(compressed))) {
            byte[] raw = in.readNBytes(MAX_BYTES + 1);
            if (raw.length > MAX_BYTES) {
                throw new IllegalArgumentException("The status list is larger than " + MAX_BYTES + " bytes once decompressed.");
            }
            if (raw.length == 0) {
                throw new IllegalArgumentException("The status list is empty once decompressed.");
            }
            return new BitstringStatusList(raw);
        } catch (IOException e) {
            throw new IllegalArgumentException("The encoded status list is not GZIP data.");
        }
    }

    /** The number of bits. */
    public int size() {
        return bits.length * 8;
    }

    /** Whether bit {@code index} is 1. */
    public boolean isSet(int index) {
        checkIndex(index);
        return (bits[index / 8] & mask(index)) != 0;
    }

    /** Sets bit {@code index} to 1 ({@code true}) or 0. */
    public void set(int index, boolean value) {
        checkIndex(index);
        if (value) {
            bits[index / 8] |= mask(index);
        } else {
            bits[index / 8] &= (byte) ~mask(index);
        }
    }

    /** The {@code encodedList} of a status list credential: {@code u} + base64url(GZIP(bits)), no padding. */
    public String encodedList() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(bits);
        } catch (IOException e) {
            throw new UncheckedIOException("GZIP into memory failed", e);
        }
        return "u" + Base64.getUrlEncoder().withoutPadding().encodeToString(out.toByteArray());
    }

    /** A copy of the raw bits, for storage. */
    public byte[] toBytes() {
        return bits.clone();
    }

    private static byte[] decodeUnprefixed(String text) {
        try {
            return Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            return Base64.getUrlDecoder().decode(text);
        }
    }

    private static byte mask(int index) {
        return (byte) (0x80 >>> (index % 8));
    }

    private void checkIndex(int index) {
        if (index < 0 || index >= size()) {
            throw new IndexOutOfBoundsException("Status list index " + index + " is outside 0-" + (size() - 1) + ".");
        }
    }
}
