package com.kaphera.cloud.crd;

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
import java.util.Set;

/**
 * The organisation's custom resources, in the organisation's namespace and nowhere else. Every method
 * checks the caller's permission in the organisation first ({@link Permission}), resolves its
 * namespace (a deleted organisation has none), validates every write in full before Kubernetes sees it, and keeps
 * writes conditional so that no update is ever lost silently.
 */
@ApplicationScoped
public class CustomResourceService {
    private static final int PATCH_ATTEMPTS = 3;
    private static final Set<String> PROPAGATION = Set.of("Foreground", "Background", "Orphan");

    @Inject
    ResourceTypeCatalogue catalogue;

    @Inject
    KubernetesGateway kubernetes;

    @Inject
    OrganisationNamespaces namespaces;

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
        return new ResourceList(page.items().stream().map(CustomResourceRules::forDisplay).toList(),
                page.continueToken(), page.resourceVersion());
    }

    public JsonObject get(Caller caller, String org, String typeRef, String name) {
        Scope scope = scope(caller, Permission.RESOURCES_READ, org, typeRef);
        return CustomResourceRules.forDisplay(kubernetes.get(scope.type(), scope.namespace(), checkedName(name)));
    }

    public JsonObject create(Caller caller, String org, String typeRef, JsonObject body) {
        Scope scope = scope(caller, Permission.RESOURCES_WRITE, org, typeRef);
        JsonObject object = CustomResourceRules.forCreate(scope.type(), scope.namespace(), body);
        return CustomResourceRules.forDisplay(kubernetes.create(scope.type(), scope.namespace(), object));
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
        try {
            return CustomResourceRules.forDisplay(kubernetes.replace(scope.type(), scope.namespace(), object));
        } catch (StaleVersionException e) {
            throw stale(ifMatch != null, name);
        }
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
                return CustomResourceRules.forDisplay(kubernetes.replace(scope.type(), scope.namespace(), object));
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
            return left == null ? null : CustomResourceRules.forDisplay(left);
        } catch (StaleVersionException e) {
            throw stale(true, name);
        }
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
