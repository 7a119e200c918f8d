package com.kaphera.cloud.join.api;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Body of POST …/joins/{id}/connector: an on-premise connector reporting in. */
@Schema(name = "ConnectorReport", example = """
        {"dspEndpoint":"https://edc.novak-castings.example/api/v1/dsp"}""")
public record ConnectorReport(@Schema(description = "The connector's DSP base URL") String dspEndpoint) {
}
