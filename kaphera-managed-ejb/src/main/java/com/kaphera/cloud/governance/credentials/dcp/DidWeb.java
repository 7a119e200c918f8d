package com.kaphera.cloud.governance.credentials.dcp;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A did:web DID and the address of its DID document, as the
 * <a href="https://w3c-ccg.github.io/did-method-web/">did:web method specification</a> maps them:
 * {@code did:web:127.0.0.1%3A9080:issuers:automotive} ↔ {@code http(s)://127.0.0.1:9080/issuers/automotive/did.json},
 * and a DID without path ({@code did:web:example.com}) ↔ {@code https://example.com/.well-known/did.json}.
 * <p>
 * Parsing is strict: a DID URL (with {@code #fragment}, {@code ?query} or {@code /path}), empty segments, characters
 * outside the DID syntax, a host that is not a DNS name or IPv4 address, a bad port and path segments that would
 * change the URL's structure once decoded ({@code /}, {@code .}, {@code ..}) are refused with a
 * {@link MalformedDidException} saying which. EDC's {@code WebDidUrlResolver} maps the same DIDs to the same URLs.
 */
public final class DidWeb {
    static final String PREFIX = "did:web:";
    private static final int MAX_LENGTH = 2048;
    private static final Pattern SEGMENT = Pattern.compile("(?:[A-Za-z0-9._-]|%[0-9A-Fa-f]{2})+");
    private static final Pattern DNS_LABEL = Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?");
    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
    private static final Pattern PORT_SEPARATOR = Pattern.compile("%3[Aa]");

    private final String did;
    private final String host;
    private final int port;
    private final List<String> path;

    private DidWeb(String did, String host, int port, List<String> path) {
        this.did = did;
        this.host = host;
        this.port = port;
        this.path = List.copyOf(path);
    }

    /**
     * Parses a did:web DID.
     *
     * @throws MalformedDidException if {@code did} is not a did:web DID; the message says why
     */
    public static DidWeb parse(String did) {
        if (did == null || did.isEmpty()) {
            throw new MalformedDidException("No DID was given.");
        }
        if (did.length() > MAX_LENGTH) {
            throw new MalformedDidException("The DID is longer than " + MAX_LENGTH + " characters.");
        }
        if (!did.startsWith(PREFIX)) {
            throw new MalformedDidException("The DID " + Untrusted.quote(did) + " does not start with 'did:web:'.");
        }
        for (char c : new char[] {'#', '?', '/'}) {
            if (did.indexOf(c) >= 0) {
                throw new MalformedDidException("The DID " + Untrusted.quote(did) + " contains '" + c
                        + "': that is a DID URL (key, query or path), not a DID.");
            }
        }
        String[] segments = did.substring(PREFIX.length()).split(":", -1);
        for (String segment : segments) {
            if (segment.isEmpty()) {
                throw new MalformedDidException("The DID " + Untrusted.quote(did) + " has an empty segment ('::' or a ':' at an end).");
            }
            if (!SEGMENT.matcher(segment).matches()) {
                throw new MalformedDidException("The DID " + Untrusted.quote(did)
                        + " has a character outside letters, digits, '.', '-', '_' and %-escapes.");
            }
        }
        String[] hostAndPort = PORT_SEPARATOR.split(segments[0], -1);
        if (hostAndPort.length > 2) {
            throw new MalformedDidException("The DID " + Untrusted.quote(did) + " has more than one port separator (%3A).");
        }
        String host = hostAndPort[0];
        if (!isHost(host)) {
            throw new MalformedDidException("The DID " + Untrusted.quote(did) + " does not name a DNS host or IPv4 address.");
        }
        int port = hostAndPort.length == 2 ? port(did, hostAndPort[1]) : -1;
        List<String> path = new ArrayList<>();
        for (int i = 1; i < segments.length; i++) {
            String decoded = percentDecode(did, segments[i]);
            if (decoded.contains("/") || decoded.equals(".") || decoded.equals("..") || !Untrusted.isPrintable(decoded)) {
                throw new MalformedDidException("The DID " + Untrusted.quote(did)
                        + " has a path segment that decodes to '/', '.', '..' or a control character.");
            }
            path.add(decoded);
        }
        return new DidWeb(did, host, port, path);
    }

    /** The address of the DID document of {@code did}; {@code useHttps} false is for local development and tests only. */
    public static URI documentUrl(String did, boolean useHttps) {
        return parse(did).documentUrl(useHttps);
    }

    /**
     * The did:web DID whose document is served under {@code base} followed by {@code pathSegments}: for base
     * {@code http://127.0.0.1:9080} and segments {@code issuers, automotive} it is
     * {@code did:web:127.0.0.1%3A9080:issuers:automotive}, whose document is then served at
     * {@code http://127.0.0.1:9080/issuers/automotive/did.json}. The base's own path is kept as leading segments; a
     * port given explicitly in {@code base} is kept even when it is the scheme's default (it is part of the DID).
     * The host is lower-cased so that one server has one spelling of each DID.
     *
     * @throws IllegalArgumentException if the base is not an absolute http(s) URL with a host, or a segment is empty,
     *                                  {@code .}, {@code ..} or contains {@code /}
     */
    public static String didFor(URI base, String... pathSegments) {
        if (base == null || base.getHost() == null || base.getScheme() == null
                || !(base.getScheme().equalsIgnoreCase("http") || base.getScheme().equalsIgnoreCase("https"))) {
            throw new IllegalArgumentException("A did:web DID needs an absolute http(s) base URL with a host, not " + base + ".");
        }
        if (base.getRawQuery() != null || base.getRawFragment() != null || base.getRawUserInfo() != null) {
            throw new IllegalArgumentException("The base URL of a did:web DID cannot have user info, a query or a fragment: " + base + ".");
        }
        StringBuilder did = new StringBuilder(PREFIX).append(base.getHost().toLowerCase(Locale.ROOT));
        if (base.getPort() != -1) {
            did.append("%3A").append(base.getPort());
        }
        List<String> segments = new ArrayList<>();
        String basePath = base.getPath() == null ? "" : base.getPath();
        for (String segment : basePath.split("/")) {
            if (!segment.isEmpty()) {
                segments.add(segment);
            }
        }
        segments.addAll(List.of(pathSegments));
        for (String segment : segments) {
            if (segment == null || segment.isEmpty() || segment.equals(".") || segment.equals("..") || segment.contains("/")
                    || !Untrusted.isPrintable(segment)) {
                throw new IllegalArgumentException("A did:web path segment cannot be empty, '.', '..', contain '/' or control characters: "
                        + Untrusted.quote(segment) + ".");
            }
            did.append(':').append(percentEncode(segment));
        }
        String result = did.toString();
        parse(result); // one rule for what a valid did:web is: the parser's
        return result;
    }

    /** Whether {@code did} parses as a did:web DID. */
    public static boolean isValid(String did) {
        try {
            parse(did);
            return true;
        } catch (MalformedDidException e) {
            return false;
        }
    }

    /** The address of this DID's document; {@code useHttps} false is for local development and tests only. */
    public URI documentUrl(boolean useHttps) {
        StringBuilder urlPath = new StringBuilder();
        if (path.isEmpty()) {
            urlPath.append("/.well-known");
        }
        for (String segment : path) {
            urlPath.append('/').append(segment);
        }
        urlPath.append("/did.json");
        try {
            // The multi-argument constructor %-encodes what a path may not contain; toASCIIString also non-ASCII.
            return URI.create(new URI(useHttps ? "https" : "http", null, host, port, urlPath.toString(), null, null).toASCIIString());
        } catch (URISyntaxException e) {
            throw new MalformedDidException("The DID " + Untrusted.quote(did) + " does not map to a URL: " + e.getReason() + ".");
        }
    }

    /** The DID exactly as parsed. */
    public String did() {
        return did;
    }

    public String host() {
        return host;
    }

    /** The port, or -1 when the DID names none (the scheme's default port). */
    public int port() {
        return port;
    }

    /** The decoded path segments, empty for a DID whose document is under {@code /.well-known}. */
    public List<String> path() {
        return path;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof DidWeb that && that.did.equals(did);
    }

    @Override
    public int hashCode() {
        return did.hashCode();
    }

    @Override
    public String toString() {
        return did;
    }

    private static boolean isHost(String host) {
        if (host.isEmpty() || host.length() > 253) {
            return false;
        }
        var ipv4 = IPV4.matcher(host);
        if (ipv4.matches()) {
            for (int group = 1; group <= 4; group++) {
                if (Integer.parseInt(ipv4.group(group)) > 255) {
                    return false;
                }
            }
            return true;
        }
        String[] labels = host.split("\\.", -1);
        for (String label : labels) {
            if (!DNS_LABEL.matcher(label).matches()) {
                return false;
            }
        }
        // a name whose last label is all digits would be read as a (bad) IPv4 address by URL parsers
        return !labels[labels.length - 1].chars().allMatch(Character::isDigit);
    }

    private static int port(String did, String text) {
        if (!text.matches("\\d{1,5}")) {
            throw new MalformedDidException("The DID " + Untrusted.quote(did) + " has a port that is not a number.");
        }
        int port = Integer.parseInt(text);
        if (port < 1 || port > 65535) {
            throw new MalformedDidException("The DID " + Untrusted.quote(did) + " has a port outside 1-65535.");
        }
        return port;
    }

    private static String percentDecode(String did, String segment) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(segment.length());
        for (int i = 0; i < segment.length(); i++) {
            char c = segment.charAt(i);
            if (c == '%') {
                bytes.write(Integer.parseInt(segment.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                bytes.write(c);
            }
        }
        var decoder = StandardCharsets.UTF_8.newDecoder();
        try {
            return decoder.decode(java.nio.ByteBuffer.wrap(bytes.toByteArray())).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new MalformedDidException("The DID " + Untrusted.quote(did) + " has %-escapes that are not UTF-8.");
        }
    }

    private static String percentEncode(String segment) {
        StringBuilder out = new StringBuilder();
        for (byte b : segment.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '_') {
                out.append(c);
            } else {
                out.append('%').append(String.format(Locale.ROOT, "%02X", b & 0xff));
            }
        }
        return out.toString();
    }
}
