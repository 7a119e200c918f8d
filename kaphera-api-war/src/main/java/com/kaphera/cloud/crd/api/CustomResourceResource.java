package com.kaphera.cloud.crd.api;

import com.kaphera.cloud.audit.api.Audited;
import com.kaphera.cloud.crd.CallLimits;
import com.kaphera.cloud.crd.CustomResourceService;
import com.kaphera.cloud.crd.CustomResourceService.Scope;
import com.kaphera.cloud.crd.ResourceList;
import com.kaphera.cloud.crd.ResourceQuery;
import com.kaphera.cloud.crd.watch.ResourceWatches;
import com.kaphera.cloud.tenancy.Permission;
import com.kaphera.cloud.web.ETags;
import com.kaphera.cloud.web.PageLimit;
import com.kaphera.cloud.web.SseSink;
import com.kaphera.cloud.web.security.CurrentCaller;
import com.kaphera.cloud.web.security.RequiresPermission;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.time.Instant;
import java.util.function.Supplier;
import org.eclipse.microprofile.jwt.JsonWebToken;

@RequestScoped
@Path("/api/v1/organisations/{org}/resources")
public class CustomResourceResource implements CustomResourceApi {
    @Inject
    CustomResourceService resources;

    @Inject
    ResourceWatches watches;

    @Inject
    CallLimits limits;

    @Inject
    CurrentCaller caller;

    @Inject
    JsonWebToken token;

    @Context
    UriInfo uri;

    @Override
    @RequiresPermission(Permission.RESOURCES_READ)
    public ResourceListView list(String org, String type, String labelSelector, String fieldSelector, String limit,
            String continueToken) {
        ResourceQuery query = new ResourceQuery(labelSelector, fieldSelector, PageLimit.parse(limit), continueToken);
        ResourceList page = limited(org, () -> resources.list(caller.get(), org, type, query));
        return new ResourceListView(page.items(), page.continueToken(), page.resourceVersion());
    }

    @Override
    @RequiresPermission(Permission.RESOURCES_WATCH)
    public void watch(String org, String type, String labelSelector, String fieldSelector, String resourceVersion,
            String lastEventId, SseEventSink sink, Sse sse) {
        ResourceQuery query = new ResourceQuery(labelSelector, fieldSelector, null, null);
        Scope scope = resources.watchScope(caller.get(), org, type);
        String from = lastEventId != null && !lastEventId.isBlank() ? lastEventId.strip() : resourceVersion;
        SseSink events = new SseSink(sink, sse);
        // Authorisation was checked for this request; the watch ends when the token does.
        Instant notAfter = token.getExpirationTime() > 0 ? Instant.ofEpochSecond(token.getExpirationTime()) : null;
        watches.open(caller.get().subject(), scope, query, from, notAfter, events);
        events.heartbeat(); // sends the headers now, so the client knows the watch is established
    }

    @Override
    @RequiresPermission(Permission.RESOURCES_WRITE)
    @Audited(CustomResourceService.CREATE)
    public Response create(String org, String type, JsonObject body) {
        JsonObject created = limited(org, () -> resources.create(caller.get(), org, type, body));
        String name = created.getJsonObject("metadata").getString("name");
        return Response.created(uri.getAbsolutePathBuilder().path(name).build())
                .tag(ETags.of(CustomResourceService.versionOf(created))).entity(created).build();
    }

    @Override
    @RequiresPermission(Permission.RESOURCES_READ)
    public Response get(String org, String type, String name) {
        return view(limited(org, () -> resources.get(caller.get(), org, type, name)));
    }

    @Override
    @RequiresPermission(Permission.RESOURCES_WRITE)
    @Audited(CustomResourceService.REPLACE)
    public Response replace(String org, String type, String name, String ifMatch, JsonObject body) {
        return view(limited(org, () -> resources.replace(caller.get(), org, type, name, body,
                ETags.expectedTag(ifMatch))));
    }

    @Override
    @RequiresPermission(Permission.RESOURCES_WRITE)
    @Audited(CustomResourceService.PATCH)
    public Response patch(String org, String type, String name, String ifMatch, JsonObject patch) {
        return view(limited(org, () -> resources.patch(caller.get(), org, type, name, patch,
                ETags.expectedTag(ifMatch))));
    }

    @Override
    @RequiresPermission(Permission.RESOURCES_WRITE)
    @Audited(CustomResourceService.DELETE)
    public Response delete(String org, String type, String name, String ifMatch, String propagationPolicy) {
        JsonObject left = limited(org, () -> resources.delete(caller.get(), org, type, name,
                ETags.expectedTag(ifMatch), propagationPolicy));
        if (left != null && left.getJsonObject("metadata").containsKey("deletionTimestamp")
                && left.getJsonObject("metadata").get("finalizers") instanceof JsonArray finalizers
                && !finalizers.isEmpty()) {
            return Response.accepted(left).tag(ETags.of(CustomResourceService.versionOf(left))).build();
        }
        return Response.noContent().build();
    }

    /** Within the caller's and the organisation's share of the Kubernetes API (429 beyond it). */
    private <T> T limited(String org, Supplier<T> work) {
        return limits.call(caller.get().subject(), org, work);
    }

    private static Response view(JsonObject object) {
        return Response.ok(object).tag(ETags.of(CustomResourceService.versionOf(object))).build();
    }
}
