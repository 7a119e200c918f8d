package com.kaphera.cloud.governance.credentials.dcp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.Base64;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

class BitstringStatusListTest {

    @Test
    void aNewListHasTheSpecsMinimumOf16KibAllClear() {
        BitstringStatusList list = BitstringStatusList.empty();
        assertEquals(131_072, list.size());
        assertEquals(16 * 1024, list.toBytes().length);
        assertFalse(list.isSet(0));
        assertFalse(list.isSet(131_071));
        assertThrows(IllegalArgumentException.class, () -> BitstringStatusList.ofSize(65_536));
        assertThrows(IllegalArgumentException.class, () -> BitstringStatusList.ofSize(131_073));
    }

    @Test
    void bitZeroIsTheMostSignificantBitOfTheFirstByte() {
        BitstringStatusList list = BitstringStatusList.empty();
        list.set(0, true);
        list.set(9, true);
        list.set(131_071, true);
        byte[] raw = list.toBytes();
        assertEquals((byte) 0x80, raw[0]);
        assertEquals((byte) 0x40, raw[1]);
        assertEquals((byte) 0x01, raw[raw.length - 1]);
        list.set(9, false);
        assertFalse(list.isSet(9));
        assertTrue(list.isSet(0));
        assertThrows(IndexOutOfBoundsException.class, () -> list.isSet(131_072));
        assertThrows(IndexOutOfBoundsException.class, () -> list.set(-1, true));
    }

    @Test
    void theEncodedListIsMultibaseBase64UrlOfGzipWithoutPadding() throws Exception {
        BitstringStatusList list = BitstringStatusList.empty();
        list.set(94_567, true);
        String encoded = list.encodedList();

        assertTrue(encoded.startsWith("u"), encoded);
        assertFalse(encoded.contains("=") || encoded.contains("+") || encoded.contains("/"), encoded);
        byte[] gz = Base64.getUrlDecoder().decode(encoded.substring(1));
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
            assertArrayEquals(list.toBytes(), in.readAllBytes());
        }
        assertTrue(encoded.length() < 300, "a nearly empty 16 KiB list compresses to a few hundred characters: " + encoded.length());
    }

    @Test
    void decodingGivesBackTheSameBitsWithOrWithoutTheMultibasePrefix() throws Exception {
        BitstringStatusList list = BitstringStatusList.empty();
        list.set(7, true);
        list.set(50_000, true);

        BitstringStatusList decoded = BitstringStatusList.decode(list.encodedList());
        assertArrayEquals(list.toBytes(), decoded.toBytes());
        assertTrue(decoded.isSet(50_000));

        // what EDC's BitString.Writer.write produces by default: standard base64 with padding, no prefix
        String unprefixed = Base64.getEncoder().encodeToString(gzip(list.toBytes()));
        assertArrayEquals(list.toBytes(), BitstringStatusList.decode(unprefixed).toBytes());
        assertArrayEquals(list.toBytes(), BitstringStatusList.fromBytes(list.toBytes()).toBytes());
    }

    @Test
    void undecodableListsAreRefused() throws Exception {
        assertThrows(IllegalArgumentException.class, () -> BitstringStatusList.decode(""));
        assertThrows(IllegalArgumentException.class, () -> BitstringStatusList.decode("u!!!"));
        assertThrows(IllegalArgumentException.class, () -> BitstringStatusList.decode("z6Mkbase58"));
        assertThrows(IllegalArgumentException.class, () -> BitstringStatusList.decode("u" + Base64.getUrlEncoder().encodeToString("plain".getBytes())));
        // 17 MiB of zeros compress to a few KiB: refused once decompressed beyond the cap
        String bomb = "u" + Base64.getUrlEncoder().withoutPadding().encodeToString(gzip(new byte[17 * 1024 * 1024]));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BitstringStatusList.decode(bomb));
        assertTrue(e.getMessage().contains("larger"), e.getMessage());
    }

    private static byte[] gzip(byte[] raw) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(raw);
        }
        return out.toByteArray();
    }
}
