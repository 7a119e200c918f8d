package com.kaphera.cloud.audit.api;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Body of POST …/audit/retention: entries before {@code beforeSequence} will be removed, and why. */
@Schema(name = "RetentionAnnouncement", example = """
        {"beforeSequence":5000,"reference":"OPS-1234: entries older than 10 years (retention policy 4.2)"}""")
public record RetentionAnnouncement(
        @NotNull @Min(2) Long beforeSequence,
        @NotBlank @Size(max = 200) String reference) {
}
