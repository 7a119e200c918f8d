package com.kaphera.cloud.web;

import com.kaphera.cloud.common.PreconditionFailedException;
import jakarta.ws.rs.core.EntityTag;

/** Object versions on the wire: a strong ETag {@code "<version>"}, checked through If-Match. */
public final class ETags {

    private ETags() {
    }

    public static EntityTag of(long version) {
        return new EntityTag(Long.toString(version));
    }

    /**
     * The version an If-Match header demands, or null when there is no header or it is {@code *}.
     * A tag this server never issued can never match, so it fails the precondition (RFC 9110 13.1.1).
     */
    public static Long expectedVersion(String ifMatch) {
        String tag = expectedTag(ifMatch);
        if (tag == null) {
            return null;
        }
        try {
            return Long.parseLong(tag);
        } catch (NumberFormatException e) {
            throw new PreconditionFailedException("If-Match " + (tag.length() > 40 ? "value" : "\"" + tag + "\"")
                    + " does not name a version of this object; send the ETag you received");
        }
    }

    /** The ETag of an object whose version is an opaque string (a Kubernetes resourceVersion). */
    public static EntityTag of(String version) {
        return new EntityTag(version);
    }

    /**
     * The opaque version an If-Match header demands, or null when there is no header or it is
     * {@code *}. A weak or unquoted tag can never match a strong version: 412.
     */
    public static String expectedTag(String ifMatch) {
        if (ifMatch == null || ifMatch.isBlank() || ifMatch.strip().equals("*")) {
            return null;
        }
        String tag = ifMatch.strip();
        if (tag.length() >= 3 && tag.startsWith("\"") && tag.endsWith("\"") && tag.indexOf('"', 1) == tag.length() - 1) {
            return tag.substring(1, tag.length() - 1);
        }
        throw new PreconditionFailedException("If-Match " + (tag.length() > 40 ? "value" : tag)
                + " is not an ETag this server issued; send the ETag you received");
    }
}
