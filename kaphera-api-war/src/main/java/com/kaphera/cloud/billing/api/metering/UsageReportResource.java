package com.kaphera.cloud.billing.api.metering;

import com.kaphera.cloud.audit.api.Audited;
import com.kaphera.cloud.billing.metering.UsageIngestion;
import com.kaphera.cloud.web.json.JsonBodies;
import com.kaphera.cloud.web.security.Authenticated;
import com.kaphera.cloud.web.security.CurrentCaller;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * POST /api/v1/usage-events. The batch names its organisations per event, so the edge only requires a
 * token; {@link UsageIngestion} checks usage:report per organisation (403 when the caller has it in
 * none). The body is read here with a cap of its own: a batch of 1,000 events is larger than other bodies.
 */
@RequestScoped
@Path("/api/v1/usage-events")
public class UsageReportResource implements UsageReportApi {
    @EJB
    UsageIngestion ingestion;

    @Inject
    CurrentCaller caller;

    @Inject
    @ConfigProperty(name = "kaphera.billing.usage-max-body-bytes", defaultValue = "1048576")
    int maxBodyBytes;

    @Override
    @Authenticated
    @Audited(UsageIngestion.REPORT)
    public Response report(InputStream body, HttpHeaders headers) {
        JsonObject json;
        try {
            json = JsonBodies.read(headers.getRequestHeaders(), body, maxBodyBytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Response.ok(UsageReportView.of(ingestion.report(caller.get(), json))).build();
    }
}
