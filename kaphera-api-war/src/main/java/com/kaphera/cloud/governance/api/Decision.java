package com.kaphera.cloud.governance.api;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Body of approve, reject and withdraw: the reason (required to reject) or a note, in plain language. */
@Schema(name = "Decision", example = """
        {"reason":"The consortium agreement is signed by an authorised representative"}""")
public record Decision(@Schema(description = "1-2000 characters; the applicant reads it") String reason) {
}
