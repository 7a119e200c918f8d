package com.kaphera.cloud.governance.credentials.api;

import com.kaphera.cloud.common.NotFoundException;
import com.kaphera.cloud.governance.credentials.DcpIssuer;
import com.kaphera.cloud.governance.credentials.DcpRefusal;
import com.kaphera.cloud.governance.credentials.StatusLists;
import com.kaphera.cloud.governance.DataspaceService;
import com.kaphera.cloud.web.json.JsonBodies;
import com.kaphera.cloud.web.security.Public;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.RequestScoped;
import jakarta.json.JsonObject;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
import java.util.UUID;

/**
 * The public DCP surface. Refusals ({@link DcpRefusal}) are problem+json like every other answer of
 * this server; EDC's wallet logs the body, so the reason reaches whoever reads its log.
 */
@RequestScoped
@Path("/dcp/{dataspace}")
@Public
public class DcpResource implements DcpApi {
    private static final int MAX_BODY = 64 * 1024;

    @EJB
    DcpIssuer issuer;

    @EJB
    StatusLists statusLists;

    @EJB
    DataspaceService dataspaces;

    @Override
    public Response didDocument(String dataspace) {
        return Response.ok(issuer.didDocument(dataspace).toString(), "application/did+json").build();
    }

    @Override
    public Response metadata(String dataspace) {
        return Response.ok(issuer.metadata(dataspace).toString(), MediaType.APPLICATION_JSON).build();
    }

    @Override
    @com.kaphera.cloud.audit.api.Audited(DcpIssuer.ISSUE)
    public Response request(String dataspace, String authorization, HttpHeaders headers, java.io.InputStream body) {
        // The cap is applied while reading (413), before anything else: this endpoint needs no token to reach.
        JsonObject message;
        try {
            message = JsonBodies.read(headers.getRequestHeaders(), body, MAX_BODY);
        } catch (java.io.IOException e) {
            throw new DcpRefusal(400, "The body could not be read");
        }
        UUID issuerPid = issuer.request(dataspace, authorization, message);
        // EDC's wallet keeps the whole body as the issuer's request id: the bare id, as text.
        return Response.created(UriBuilder.fromPath("/dcp/{d}/issuer/requests/{id}").build(dataspace, issuerPid))
                .entity(issuerPid.toString()).type(MediaType.TEXT_PLAIN).build();
    }

    @Override
    public Response status(String dataspace, String authorization, String issuerPid) {
        return Response.ok(issuer.status(dataspace, authorization, issuerPid).toString(), MediaType.APPLICATION_JSON).build();
    }

    @Override
    public Response statusList(String dataspace, String list, String accept) {
        try {
            // The signed form when asked for it; plain JSON otherwise, which EDC 0.15 connectors read.
            boolean jwt = accept != null && accept.contains("application/vc+jwt");
            return jwt ? Response.ok(statusLists.credential(dataspaces.require(dataspace), list), "application/vc+jwt")
                    .header("Cache-Control", "max-age=60").build()
                    : Response.ok(statusLists.credentialJson(dataspaces.require(dataspace), list), MediaType.APPLICATION_JSON)
                    .header("Cache-Control", "max-age=60").build();
        } catch (NotFoundException e) {
            throw new DcpRefusal(404, "No status list '" + list + "' in dataspace '" + dataspace + "'");
        }
    }
}
