package com.kaphera.cloud.join.api;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Body of retry, skip and cancel: why, in plain language (required to skip); it is recorded. */
@Schema(name = "JoinAction", example = """
        {"reason":"The wallet's certificate was renewed"}""")
public record JoinAction(@Schema(description = "1-2000 characters") String reason) {
}
