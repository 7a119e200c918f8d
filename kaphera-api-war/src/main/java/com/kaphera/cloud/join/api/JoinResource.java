package com.kaphera.cloud.join.api;

import com.kaphera.cloud.audit.api.Audited;
import com.kaphera.cloud.common.Page;
import com.kaphera.cloud.common.TooManyRequestsException;
import com.kaphera.cloud.join.JoinFlow;
import com.kaphera.cloud.join.JoinService;
import com.kaphera.cloud.join.JoinView;
import com.kaphera.cloud.tenancy.Permission;
import com.kaphera.cloud.web.ETags;
import com.kaphera.cloud.web.PageLimit;
import com.kaphera.cloud.web.json.JsonBodies;
import com.kaphera.cloud.web.security.CurrentCaller;
import com.kaphera.cloud.web.security.RequiresPermission;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.time.Instant;
import org.eclipse.microprofile.jwt.JsonWebToken;

@RequestScoped
@Path("/api/v1/organisations/{org}/joins")
public class JoinResource implements JoinApi {
    @EJB
    JoinService joins;

    @Inject
    CurrentCaller caller;

    @Inject
    JoinEventStreams streams;

    @Inject
    JsonWebToken token;

    @Context
    UriInfo uri;

    @Override
    @RequiresPermission(Permission.JOINS_START)
    @Audited(JoinService.START)
    public Response start(String org, String key, JoinSubmission body) {
        JoinService.Submitted s = joins.submit(caller.get(), org, key, JsonBodies.required(body).toDomain());
        return Response.status(s.created() ? Response.Status.ACCEPTED : Response.Status.OK)
                .location(uri.getAbsolutePathBuilder().path(s.join().id().toString()).build())
                .tag(ETags.of(s.join().version())).entity(JoinView.of(s.join(), s.dataspace())).build();
    }

    @Override
    @RequiresPermission(Permission.JOINS_READ)
    public JsonObject list(String org, String limit, String continueToken) {
        return page(joins.list(caller.get(), org, PageLimit.parse(limit), continueToken), joins);
    }

    @Override
    @RequiresPermission(Permission.JOINS_READ)
    public Response get(String org, String id) {
        JoinFlow join = joins.get(caller.get(), org, id);
        return Response.ok(JoinView.of(join, joins.slugOf(join))).tag(ETags.of(join.version())).build();
    }

    @Override
    @RequiresPermission(Permission.JOINS_READ)
    public void events(String org, String id, String lastEventId, SseEventSink sink, Sse sse) {
        JoinFlow join = joins.get(caller.get(), org, id);
        long after = 0;
        if (lastEventId != null && !lastEventId.isBlank()) {
            try {
                after = Long.parseLong(lastEventId.strip());
            } catch (NumberFormatException e) {
                throw new com.kaphera.cloud.common.InvalidInputException(new com.kaphera.cloud.common.FieldError(
                        "Last-Event-ID", "must be an event id this stream sent"));
            }
        }
        if (!streams.reserve()) {
            throw new TooManyRequestsException("Too many join trackers are open on this server; try again shortly", 5);
        }
        // Authorisation was checked for this request; the stream ends when the token does.
        Instant notAfter = token.getExpirationTime() > 0 ? Instant.ofEpochSecond(token.getExpirationTime()) : null;
        streams.stream(join.id(), after, notAfter, sink, sse);
    }

    @Override
    @RequiresPermission(Permission.JOINS_MANAGE)
    @Audited(JoinService.RETRY)
    public JsonObject retry(String org, String id, JoinAction body) {
        return view(joins.retry(caller.get(), org, id, body == null ? null : body.reason()));
    }

    @Override
    @RequiresPermission(Permission.JOINS_MANAGE)
    @Audited(JoinService.SKIP)
    public JsonObject skip(String org, String id, String step, JoinAction body) {
        return view(joins.skip(caller.get(), org, id, step, body == null ? null : body.reason()));
    }

    @Override
    @RequiresPermission(Permission.JOINS_MANAGE)
    @Audited(JoinService.CANCEL)
    public JsonObject cancel(String org, String id, JoinAction body) {
        return view(joins.cancel(caller.get(), org, id, body == null ? null : body.reason()));
    }

    @Override
    @RequiresPermission(Permission.JOINS_MANAGE)
    @Audited(JoinService.REPORT)
    public JsonObject reportConnector(String org, String id, ConnectorReport body) {
        return view(joins.reportConnector(caller.get(), org, id, JsonBodies.required(body).dspEndpoint()));
    }

    @Override
    @RequiresPermission(Permission.JOINS_READ)
    public JsonObject bundle(String org, String id) {
        JsonArrayBuilder items = Json.createArrayBuilder();
        joins.bundle(caller.get(), org, id).forEach(items::add);
        return Json.createObjectBuilder().add("items", items).build();
    }

    private JsonObject view(JoinFlow join) {
        return JoinView.of(join, joins.slugOf(join));
    }

    static JsonObject page(Page<JoinFlow> page, JoinService joins) {
        JsonArrayBuilder items = Json.createArrayBuilder();
        page.items().forEach(j -> items.add(JoinView.of(j, joins.slugOf(j))));
        JsonObjectBuilder b = Json.createObjectBuilder().add("items", items);
        if (page.next() != null) {
            b.add("next", page.next());
        }
        return b.build();
    }
}
