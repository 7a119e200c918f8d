package com.kaphera.cloud.capabilities;

import com.kaphera.cloud.edition.Feature;
import com.kaphera.cloud.edition.Features;
import com.kaphera.cloud.operations.BuildInfo;
import com.kaphera.cloud.web.security.Public;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.bind.JsonbBuilder;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirements;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** {@code GET /capabilities}: public, cacheable, fixed for the life of the process. */
@Path("/capabilities")
@ApplicationScoped
@Tag(name = "Capabilities")
public class CapabilitiesResource {
    private static final int MAX_AGE_SECONDS = 300;

    @Inject
    Features features;

    @Inject
    @ConfigProperty(name = "mp.jwt.verify.issuer", defaultValue = "")
    String issuer;

    @Inject
    @ConfigProperty(name = "kaphera.oidc.client-id", defaultValue = "kaphera-cli")
    String clientId;

    private volatile Capabilities capabilities;
    private volatile EntityTag etag;

    @GET
    @Public
    @Produces(MediaType.APPLICATION_JSON)
    @SecurityRequirements // no token needed
    @Operation(operationId = "getCapabilities", summary = "What this server offers",
            description = "Edition, versions, every feature with its enabled flag and base path, and the OIDC "
                    + "issuer and client id to log in with. Supports If-None-Match.")
    @APIResponse(responseCode = "200", description = "The capabilities; ETag and Cache-Control set",
            content = @Content(schema = @Schema(implementation = Capabilities.class)))
    @APIResponse(responseCode = "304", description = "Unchanged since the ETag sent in If-None-Match")
    @Parameter(name = HttpHeaders.IF_NONE_MATCH, in = ParameterIn.HEADER, description = "The ETag you have",
            schema = @Schema(type = SchemaType.STRING))
    public Response get(@Context Request request) {
        if (capabilities == null) {
            describe();
        }
        CacheControl cache = new CacheControl();
        cache.setMaxAge(MAX_AGE_SECONDS);
        Response.ResponseBuilder notModified = request.evaluatePreconditions(etag);
        if (notModified != null) {
            return notModified.cacheControl(cache).tag(etag).build();
        }
        return Response.ok(capabilities).tag(etag).cacheControl(cache).build();
    }

    private synchronized void describe() {
        if (capabilities != null) {
            return;
        }
        Capabilities c = new Capabilities(features.edition().id(), BuildInfo.version(), "v1",
                Arrays.stream(Feature.values())
                        .map(f -> new Capabilities.FeatureView(f.id(), features.isEnabled(f), f.managedOnly(),
                                f.basePath(), f.version()))
                        .toList(),
                new Capabilities.Oidc(issuer.isBlank() ? null : issuer, clientId));
        etag = new EntityTag(sha256(JsonbBuilder.create().toJson(c)));
        capabilities = c;
    }

    private static String sha256(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
