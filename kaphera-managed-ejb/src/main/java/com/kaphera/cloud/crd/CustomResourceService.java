package com.kaphera.cloud.crd;

import com.kaphera.cloud.audit.AuditEvent;
import com.kaphera.cloud.audit.AuditTrail;
import com.kaphera.cloud.audit.ChangeDiff;
import com.kaphera.cloud.common.FieldError;
import com.kaphera.cloud.common.InvalidInputException;
import com.kaphera.cloud.common.PreconditionFailedException;
import com.kaphera.cloud.common.PreconditionRequiredException;
import com.kaphera.cloud.crd.kubernetes.KubernetesGateway;
import com.kaphera.cloud.organisation.OrganisationNamespaces;
import com.kaphera.cloud.tenancy.Caller;
import com.kaphera.cloud.tenancy.Permission;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.List;
import java.util.Set;

/**
 * The organisation's custom resources, in the organisation's namespace and nowhere else. Every method
 * checks the caller's permission in the organisation first ({@link Permission}), resolves its
 * namespace (a deleted organisation has none), validates every write in full before Kubernetes sees it, and keeps
 * writes conditional so that no update is ever lost silently.
 */
@ApplicationScoped
public class CustomResourceService {
    /** Audited operation names (the resource methods declare the same with {@code @Audited}). */
    public static final String CREATE = "resource.create";
    public static final String REPLACE = "resource.replace";
    public static final String PATCH = "resource.patch";
    public static final String DELETE = "resource.delete";
    public static final String READ = "resource.read";
    /**
     * Reads of an object carrying this label ({@code "true"}) through the API are audited: chain of
     * custody, as the Digital Product Passport use case needs (every access recorded).
     */
    public static final String CHAIN_OF_CUSTODY_LABEL = "kaphera.io/chain-of-custody";
    /** What an audit entry's change shows of a custom resource. */
    private static final List<String> AUDITED_FIELDS = List.of("spec", "metadata.labels", "metadata.annotations");
    private static final int PATCH_ATTEMPTS = 3;
    private static final Set<String> PROPAGATION = Set.of("Foreground", "Background", "Orphan");

    @Inject
    ResourceTypeCatalogue catalogue;

    @Inject
    KubernetesGateway kubernetes;

    @Inject
    OrganisationNamespaces namespaces;

    @Inject
    AuditTrail audit;

    /** Where one organisation's resources of one kind live. */
    public record Scope(ResourceType type, String namespace) {
    }

    /** Where a watch of the caller's may look (the watch itself runs outside any request). */
    public Scope watchScope(Caller caller, String org, String typeRef) {
        return scope(caller, Permission.RESOURCES_WATCH, org, typeRef);
    }

    private Scope scope(Caller caller, Permission needed, String org, String typeRef) {
        needed.require(caller, org);
        return new Scope(catalogue.resolve(typeRef), namespaces.namespaceOf(org));
    }

    public ResourceList list(Caller caller, String org, String typeRef, ResourceQuery query) {
        Scope scope = scope(caller, Permission.RESOURCES_READ, org, typeRef);
        ResourceList page = kubernetes.list(scope.type(), scope.namespace(), query);
        page.items().forEach(item -> custodyRead(caller, org, scope, item));
        return new ResourceList(page.items().stream().map(CustomResourceRules::forDisplay).toList(),
                page.continueToken(), page.resourceVersion());
    }

    public JsonObject get(Caller caller, String org, String typeRef, String name) {
        Scope scope = scope(caller, Permission.RESOURCES_READ, org, typeRef);
        JsonObject object = kubernetes.get(scope.type(), scope.namespace(), checkedName(name));
        custodyRead(caller, org, scope, object);
        return CustomResourceRules.forDisplay(object);
    }

    public JsonObject create(Caller caller, String org, String typeRef, JsonObject body) {
        Scope scope = scope(caller, Permission.RESOURCES_WRITE, org, typeRef);
        JsonObject object = CustomResourceRules.forCreate(scope.type(), scope.namespace(), body);
        JsonObject created = CustomResourceRules.forDisplay(kubernetes.create(scope.type(), scope.namespace(), object));
        audited(caller, org, scope, CREATE, 201, JsonValue.EMPTY_JSON_OBJECT, created, "created");
        return created;
    }

    /**
     * Replaces the object. The write is conditional on {@code ifMatch} (the ETag, else 412) or on the
     * body's {@code metadata.resourceVersion} (else 409); with neither it is refused (428), because
     * an unconditional replace could overwrite a change the caller never saw.
     */
    public JsonObject replace(Caller caller, String org, String typeRef, String name, JsonObject body, String ifMatch) {
        Scope scope = scope(caller, Permission.RESOURCES_WRITE, org, typeRef);
        String bodyVersion = body.get("metadata") instanceof JsonObject m && m.get("resourceVersion") instanceof JsonString rv
                ? rv.getString() : null;
        if (ifMatch != null && bodyVersion != null && !ifMatch.equals(bodyVersion)) {
            throw new InvalidInputException(new FieldError("metadata.resourceVersion", "disagrees with If-Match; send "
                    + "one version, or the same in both"));
        }
        if (ifMatch == null && bodyVersion == null) {
            throw new PreconditionRequiredException("Send If-Match with the ETag you read, or metadata.resourceVersion "
                    + "in the body, so that this replace cannot overwrite a change you have not seen");
        }
        JsonObject current = kubernetes.get(scope.type(), scope.namespace(), checkedName(name));
        String expected = ifMatch != null ? ifMatch : bodyVersion;
        if (!expected.equals(versionOf(current))) {
            throw stale(ifMatch != null, name);
        }
        JsonObject object = withVersion(CustomResourceRules.forReplace(scope.type(), scope.namespace(), name, body, current),
                expected);
        JsonObject replaced;
        try {
            replaced = CustomResourceRules.forDisplay(kubernetes.replace(scope.type(), scope.namespace(), object));
        } catch (StaleVersionException e) {
            throw stale(ifMatch != null, name);
        }
        audited(caller, org, scope, REPLACE, 200, current, replaced, "replaced");
        return replaced;
    }

    /**
     * Applies a JSON merge patch (RFC 7396). The patched object is validated as a whole, then
     * written conditionally on the version it was computed from; a concurrent change makes us
     * recompute (a merge patch means "apply to whatever is current"), unless the caller pinned a
     * version: with If-Match (412 when stale) or, as in Kubernetes, with
     * {@code metadata.resourceVersion} in the patch (409 when stale, like a stale PUT body).
     */
    public JsonObject patch(Caller caller, String org, String typeRef, String name, JsonObject patch, String ifMatch) {
        Scope scope = scope(caller, Permission.RESOURCES_WRITE, org, typeRef);
        CustomResourceRules.checkPatch(patch);
        String pinned = pinnedVersion(patch, ifMatch);
        for (int attempt = 1; ; attempt++) {
            JsonObject current = kubernetes.get(scope.type(), scope.namespace(), checkedName(name));
            String version = versionOf(current);
            if (ifMatch != null && !ifMatch.equals(version)) {
                throw stale(true, name);
            }
            if (pinned != null && !pinned.equals(version)) {
                throw stale(false, name);
            }
            JsonObject patched = Json.createMergePatch(patch).apply(current).asJsonObject();
            JsonObject object = withVersion(CustomResourceRules.forReplace(scope.type(), scope.namespace(), name,
                    patched, current), version);
            try {
                JsonObject written = CustomResourceRules.forDisplay(kubernetes.replace(scope.type(), scope.namespace(), object));
                audited(caller, org, scope, PATCH, 200, current, written, "changed");
                return written;
            } catch (StaleVersionException e) {
                if (ifMatch != null || pinned != null || attempt == PATCH_ATTEMPTS) {
                    throw stale(ifMatch != null, name);
                }
            }
        }
    }

    /** The version a patch body pins with {@code metadata.resourceVersion}, checked against If-Match. */
    private static String pinnedVersion(JsonObject patch, String ifMatch) {
        if (!(patch.get("metadata") instanceof JsonObject metadata) || !metadata.containsKey("resourceVersion")) {
            return null;
        }
        if (!(metadata.get("resourceVersion") instanceof JsonString rv) || rv.getString().isBlank()) {
            throw new InvalidInputException(new FieldError("metadata.resourceVersion",
                    "must be the resourceVersion you read (a non-empty string), or left out"));
        }
        if (ifMatch != null && !ifMatch.equals(rv.getString())) {
            throw new InvalidInputException(new FieldError("metadata.resourceVersion", "disagrees with If-Match; send "
                    + "one version, or the same in both"));
        }
        return rv.getString();
    }

    /** Deletes the object; returns what is left of it (finalizers pending) or null when it is gone. */
    public JsonObject delete(Caller caller, String org, String typeRef, String name, String ifMatch,
            String propagationPolicy) {
        Scope scope = scope(caller, Permission.RESOURCES_WRITE, org, typeRef);
        if (propagationPolicy != null && !PROPAGATION.contains(propagationPolicy)) {
            throw new InvalidInputException(new FieldError("propagationPolicy", "must be one of " + PROPAGATION.stream().sorted().toList()));
        }
        checkedName(name);
        try {
            JsonObject left = kubernetes.delete(scope.type(), scope.namespace(), name, ifMatch, propagationPolicy);
            audit.record(caller, org, AuditEvent.success(DELETE, scope.type().kind(), name, left == null ? 204 : 202,
                    null, "deleted " + words(scope.type().kind()) + " '" + name + "'"
                            + (left == null ? "" : " (finalizers pending)")));
            return left == null ? null : CustomResourceRules.forDisplay(left);
        } catch (StaleVersionException e) {
            throw stale(true, name);
        }
    }

    /** Records a write: what changed in spec, labels and annotations, in the organisation's chain. */
    private void audited(Caller caller, String org, Scope scope, String operation, int status, JsonObject before,
            JsonObject after, String verb) {
        JsonObject diff = ChangeDiff.between(before, after, AUDITED_FIELDS);
        String name = after.getJsonObject("metadata").getString("name");
        String what = words(scope.type().kind()) + " '" + name + "'";
        audit.record(caller, org, AuditEvent.success(operation, scope.type().kind(), name, status, diff,
                verb + " " + what + (CREATE.equals(operation) ? "" : ": " + ChangeDiff.phrase(diff))));
    }

    private void custodyRead(Caller caller, String org, Scope scope, JsonObject object) {
        if (object.get("metadata") instanceof JsonObject metadata && metadata.get("labels") instanceof JsonObject labels
                && labels.get(CHAIN_OF_CUSTODY_LABEL) instanceof JsonString marked && "true".equals(marked.getString())) {
            String name = metadata.getString("name", "");
            audit.record(caller, org, AuditEvent.success(READ, scope.type().kind(), name, 200, null,
                    "read " + words(scope.type().kind()) + " '" + name + "' (chain of custody)"));
        }
    }

    /** "ControlPlane" → "control plane", for summaries. */
    static String words(String kind) {
        return kind.replaceAll("([a-z0-9])([A-Z])", "$1 $2").toLowerCase(java.util.Locale.ROOT);
    }

    public static String versionOf(JsonObject object) {
        JsonObject metadata = object.getJsonObject("metadata");
        return metadata == null ? null : metadata.getString("resourceVersion", null);
    }

    private static JsonObject withVersion(JsonObject object, String version) {
        return Json.createObjectBuilder(object)
                .add("metadata", Json.createObjectBuilder(object.getJsonObject("metadata")).add("resourceVersion", version))
                .build();
    }

    private static String checkedName(String name) {
        if (!CustomResourceRules.isValidName(name)) {
            throw new InvalidInputException(new FieldError("name", "must be a DNS subdomain: at most 253 lower-case "
                    + "letters, digits, '-' or '.', starting and ending with a letter or digit"));
        }
        return name;
    }

    private static RuntimeException stale(boolean ifMatch, String name) {
        return ifMatch
                ? new PreconditionFailedException("'" + name + "' has changed since the version in If-Match; "
                        + "read it again to get the current ETag")
                : new StaleVersionException("'" + name + "' was changed by someone else since the resourceVersion "
                        + "in the body; read it again and retry");
    }
}
