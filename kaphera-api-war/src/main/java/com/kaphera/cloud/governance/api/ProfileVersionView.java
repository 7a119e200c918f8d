package com.kaphera.cloud.governance.api;

import com.kaphera.cloud.governance.ProfileVersion;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One version of a dataspace's profile. */
@Schema(name = "ProfileVersion")
public record ProfileVersionView(int number,
        @Schema(enumeration = {"draft", "published", "deprecated"}) String state,
        ProfileDocument profile, Instant createdAt, String createdBy, Instant publishedAt, String publishedBy,
        Instant deprecatedAt) {

    static ProfileVersionView of(ProfileVersion v) {
        return new ProfileVersionView(v.number(), v.state().id(), ProfileDocument.of(v.profile()), v.createdAt(), v.createdBy(),
                v.publishedAt(), v.publishedBy(), v.deprecatedAt());
    }
}
