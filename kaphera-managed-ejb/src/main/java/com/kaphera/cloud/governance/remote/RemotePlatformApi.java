package com.kaphera.cloud.governance.remote;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * The part of another Kaphera Cloud Server's public API (managed edition) a remote authority uses: the
 * directory and one organisation's membership requests. An MP Rest Client interface, built per
 * configured authority by {@link RemotePlatforms}; answers are read as {@link Response} so that a 4xx
 * is an answer (a problem+json body), not an exception.
 */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
public interface RemotePlatformApi {

    @GET
    @Path("/directory/dataspaces/{dataspace}")
    Response dataspace(@PathParam("dataspace") String dataspace, @HeaderParam("Authorization") String bearer);

    @POST
    @Path("/organisations/{org}/membership-requests")
    @Consumes(MediaType.APPLICATION_JSON)
    Response apply(@PathParam("org") String org, String application, @HeaderParam("Authorization") String bearer);

    @GET
    @Path("/organisations/{org}/membership-requests")
    Response requests(@PathParam("org") String org, @QueryParam("limit") int limit, @QueryParam("continue") String next,
            @HeaderParam("Authorization") String bearer);

    @GET
    @Path("/organisations/{org}/membership-requests/{id}")
    Response request(@PathParam("org") String org, @PathParam("id") String id, @HeaderParam("Authorization") String bearer);
}
