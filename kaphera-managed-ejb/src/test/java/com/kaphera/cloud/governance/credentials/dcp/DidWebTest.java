package com.kaphera.cloud.governance.credentials.dcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class DidWebTest {

    @Test
    void aDidWithPortAndPathMapsToItsDocumentUnderThatPath() {
        DidWeb did = DidWeb.parse("did:web:127.0.0.1%3A9080:issuers:automotive");
        assertEquals("127.0.0.1", did.host());
        assertEquals(9080, did.port());
        assertEquals(List.of("issuers", "automotive"), did.path());
        assertEquals(URI.create("http://127.0.0.1:9080/issuers/automotive/did.json"), did.documentUrl(false));
        assertEquals(URI.create("https://127.0.0.1:9080/issuers/automotive/did.json"), did.documentUrl(true));
    }

    @Test
    void aDidWithoutPathMapsToTheWellKnownDocument() {
        assertEquals(URI.create("https://kaphera.example/.well-known/did.json"), DidWeb.documentUrl("did:web:kaphera.example", true));
        assertEquals(URI.create("https://kaphera.example:8443/.well-known/did.json"),
                DidWeb.documentUrl("did:web:kaphera.example%3a8443", true));
    }

    @Test
    void didForBuildsTheDidWhoseDocumentIsServedUnderTheBaseAndSegments() {
        String did = DidWeb.didFor(URI.create("http://127.0.0.1:9080"), "issuers", "automotive");
        assertEquals("did:web:127.0.0.1%3A9080:issuers:automotive", did);
        assertEquals(URI.create("http://127.0.0.1:9080/issuers/automotive/did.json"), DidWeb.documentUrl(did, false));
        assertEquals("did:web:kaphera.example:api:dcp:issuers:automotive",
                DidWeb.didFor(URI.create("https://Kaphera.Example/api/dcp/"), "issuers", "automotive"));
        assertEquals("did:web:kaphera.example", DidWeb.didFor(URI.create("https://kaphera.example")));
    }

    @Test
    void segmentsOutsideTheDidAlphabetArePercentEncodedAndDecodedBack() {
        String did = DidWeb.didFor(URI.create("https://kaphera.example"), "issuers", "Müller Logistik");
        assertEquals("did:web:kaphera.example:issuers:M%C3%BCller%20Logistik", did);
        assertEquals(List.of("issuers", "Müller Logistik"), DidWeb.parse(did).path());
        assertEquals("/issuers/M%C3%BCller%20Logistik/did.json", DidWeb.documentUrl(did, true).getRawPath());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK | does not start with 'did:web:'",
            "did:web: | empty segment",
            "did:web:kaphera.example: | empty segment",
            "did:web:kaphera.example::issuers | empty segment",
            "did:web:kaphera.example#key-1 | DID URL",
            "did:web:kaphera.example:issuers?service=x | DID URL",
            "did:web:kaphera.example/issuers | DID URL",
            "did:web:kaphera example | outside letters",
            "did:web:kaphera.example%3A | port that is not a number",
            "did:web:kaphera.example%3A70000 | outside 1-65535",
            "did:web:kaphera.example%3A80%3A81 | more than one port",
            "did:web:-kaphera.example | DNS host",
            "did:web:10.0.0.300 | DNS host",
            "did:web:kaphera.example:%2F | decodes to '/'",
            "did:web:kaphera.example:.. | decodes to '/', '.', '..'",
            "did:web:kaphera.example:%C3 | not UTF-8"})
    void malformedDidsAreRefusedSayingWhy(String did, String why) {
        MalformedDidException e = assertThrows(MalformedDidException.class, () -> DidWeb.parse(did));
        assertTrue(e.getMessage().contains(why), e.getMessage());
        assertFalse(DidWeb.isValid(did));
    }

    @Test
    void nothingAtAllIsNotADid() {
        assertThrows(MalformedDidException.class, () -> DidWeb.parse(null));
        assertThrows(MalformedDidException.class, () -> DidWeb.parse(""));
        assertThrows(MalformedDidException.class, () -> DidWeb.parse("did:web:" + "a".repeat(3000)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"..", ".", "a/b", ""})
    void didForRefusesSegmentsThatWouldChangeTheUrl(String segment) {
        assertThrows(IllegalArgumentException.class, () -> DidWeb.didFor(URI.create("https://kaphera.example"), "issuers", segment));
    }

    @Test
    void didForRefusesBasesThatAreNotHttpUrls() {
        assertThrows(IllegalArgumentException.class, () -> DidWeb.didFor(URI.create("ftp://kaphera.example"), "x"));
        assertThrows(IllegalArgumentException.class, () -> DidWeb.didFor(URI.create("/relative"), "x"));
        assertThrows(IllegalArgumentException.class, () -> DidWeb.didFor(URI.create("https://kaphera.example/?q=1"), "x"));
    }
}
