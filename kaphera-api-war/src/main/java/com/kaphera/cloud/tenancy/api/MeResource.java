package com.kaphera.cloud.tenancy.api;

import com.kaphera.cloud.organisation.Organisation;
import com.kaphera.cloud.organisation.OrganisationService;
import com.kaphera.cloud.tenancy.Caller;
import com.kaphera.cloud.tenancy.GroupPaths;
import com.kaphera.cloud.tenancy.Permission;
import com.kaphera.cloud.tenancy.PlatformRole;
import com.kaphera.cloud.web.security.Authenticated;
import com.kaphera.cloud.web.security.CurrentCaller;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.Claims;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Who am I, and what may I do where: drives the console's multi-organisation view. */
@RequestScoped
@Path("/api/v1/me")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Me")
public class MeResource {
    @Inject
    CurrentCaller current;

    @Inject
    JsonWebToken token;

    @EJB
    OrganisationService organisations;

    @Inject
    @ConfigProperty(name = "kaphera.auth.dataspace-group-prefix", defaultValue = "/dataspaces/")
    String dataspacePrefix;

    @GET
    @Authenticated
    @Operation(operationId = "getMe", summary = "The caller", description = "Identity from the token; one entry per organisation the "
            + "token names, with the role and the permissions it grants (see docs/security.md).")
    @APIResponse(responseCode = "200", description = "The caller", content = @Content(schema = @Schema(implementation = MeView.class)))
    public MeView me() {
        Caller caller = current.get();
        Map<String, Organisation> known = organisations.findAll(caller, caller.orgRoles().keySet()).stream()
                .collect(Collectors.toMap(Organisation::slug, Function.identity()));
        Set<String> groups = token.getGroups() == null ? Set.of() : token.getGroups();
        return new MeView(
                caller.subject(),
                token.getClaim("preferred_username"),
                token.getClaim(Claims.email.name()),
                caller.platformRoles().stream().map(PlatformRole::id).sorted().toList(),
                Permission.platformOf(caller),
                caller.readsEveryOrganisation(),
                caller.orgRoles().entrySet().stream().map(e -> {
                    Organisation org = known.get(e.getKey());
                    return new MeView.Membership(e.getKey(), org == null ? null : org.displayName(),
                            org == null || org.customerAccount() == null ? null : org.customerAccount().slug(),
                            e.getValue().id(), org != null, Permission.of(caller, e.getKey()));
                }).toList(),
                GroupPaths.dataspaceRoles(dataspacePrefix, groups),
                caller.dataspaceRoles().keySet().stream().collect(Collectors.toMap(Function.identity(),
                        d -> Permission.inDataspace(caller, d), (a, b) -> a, java.util.TreeMap::new)));
    }
}
