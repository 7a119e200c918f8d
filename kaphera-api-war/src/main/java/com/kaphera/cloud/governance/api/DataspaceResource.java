package com.kaphera.cloud.governance.api;

import com.kaphera.cloud.audit.api.Audited;
import com.kaphera.cloud.governance.Dataspace;
import com.kaphera.cloud.governance.DataspaceService;
import com.kaphera.cloud.governance.ProfileState;
import com.kaphera.cloud.governance.ProfileVersion;
import com.kaphera.cloud.governance.credentials.IssuerEndpoints;
import com.kaphera.cloud.governance.membership.MembershipService;
import com.kaphera.cloud.tenancy.Permission;
import com.kaphera.cloud.web.ETags;
import com.kaphera.cloud.web.PathNumbers;
import com.kaphera.cloud.web.json.JsonBodies;
import com.kaphera.cloud.web.security.CurrentCaller;
import com.kaphera.cloud.web.security.RequiresPermission;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import com.kaphera.cloud.common.FieldError;
import com.kaphera.cloud.common.InvalidInputException;

@RequestScoped
@Path("/api/v1/dataspaces")
public class DataspaceResource implements DataspaceApi {
    @EJB
    DataspaceService dataspaces;

    @EJB
    MembershipService memberships;

    @Inject
    IssuerEndpoints issuer;

    @Inject
    CurrentCaller caller;

    @Context
    UriInfo uri;

    @Override
    @RequiresPermission(Permission.DATASPACES_CREATE)
    @Audited(DataspaceService.CREATE)
    public Response create(DataspaceCreate body) {
        JsonBodies.required(body);
        if (body.remote() != null && body.authorityOrganisation() != null) {
            throw new InvalidInputException("The dataspace is not valid", List.of(new FieldError("remote",
                    "must be left out for a dataspace governed here (authorityOrganisation)")));
        }
        Dataspace d = body.remote() == null
                ? dataspaces.create(caller.get(), body.slug(), body.displayName(), body.authorityOrganisation())
                : dataspaces.registerRemote(caller.get(), new DataspaceService.RemoteRegistration(body.slug(), body.displayName(),
                        body.remote().authority(), body.remote().slug()));
        return Response.created(uri.getAbsolutePathBuilder().path(d.slug()).build())
                .entity(DataspaceView.of(d, issuerDid(d), null, null)).build();
    }

    @Override
    @RequiresPermission(Permission.GOVERNANCE_READ)
    public DataspaceView get(String dataspace) {
        Dataspace d = dataspaces.find(caller.get(), dataspace);
        List<ProfileVersion> versions = dataspaces.versions(caller.get(), dataspace);
        return DataspaceView.of(d, issuerDid(d), number(versions, ProfileState.PUBLISHED),
                number(versions, ProfileState.DRAFT));
    }

    @Override
    @RequiresPermission(Permission.GOVERNANCE_READ)
    public ProfileVersionList versions(String dataspace) {
        return new ProfileVersionList(dataspaces.versions(caller.get(), dataspace).stream().map(ProfileVersionView::of).toList());
    }

    @Override
    @RequiresPermission(Permission.GOVERNANCE_READ)
    public Response version(String dataspace, String number) {
        return view(dataspaces.version(caller.get(), dataspace, PathNumbers.positive(number, "number", "version")));
    }

    @Override
    @RequiresPermission(Permission.GOVERNANCE_MANAGE)
    @Audited(DataspaceService.SAVE_DRAFT)
    public Response saveDraft(String dataspace, String ifMatch, ProfileDocument profile) {
        return view(dataspaces.saveDraft(caller.get(), dataspace, JsonBodies.required(profile).toDomain(), ETags.expectedVersion(ifMatch)));
    }

    @Override
    @RequiresPermission(Permission.GOVERNANCE_MANAGE)
    @Audited(DataspaceService.DISCARD_DRAFT)
    public Response discardDraft(String dataspace) {
        dataspaces.discardDraft(caller.get(), dataspace);
        return Response.noContent().build();
    }

    @Override
    @RequiresPermission(Permission.GOVERNANCE_MANAGE)
    @Audited(DataspaceService.PUBLISH)
    public Response publish(String dataspace, String ifMatch) {
        return view(dataspaces.publish(caller.get(), dataspace, ETags.expectedVersion(ifMatch)));
    }

    @Override
    @RequiresPermission(Permission.GOVERNANCE_MANAGE)
    @Audited(DataspaceService.DEPRECATE)
    public ProfileVersionView deprecate(String dataspace, String number) {
        return ProfileVersionView.of(dataspaces.deprecate(caller.get(), dataspace, PathNumbers.positive(number, "number", "version")));
    }

    @Override
    @RequiresPermission(Permission.GOVERNANCE_READ)
    public MemberView.MemberList members(String dataspace) {
        return new MemberView.MemberList(memberships.members(caller.get(), dataspace).stream()
                .map(m -> MemberView.of(m, dataspace)).toList());
    }

    @Override
    @RequiresPermission(Permission.GOVERNANCE_MANAGE)
    @Audited(MembershipService.MIGRATE)
    public MemberView migrate(String dataspace, String member) {
        return MemberView.of(memberships.migrate(caller.get(), dataspace, member), dataspace);
    }

    private static Integer number(List<ProfileVersion> versions, ProfileState state) {
        return versions.stream().filter(v -> v.state() == state).map(ProfileVersion::number).findFirst().orElse(null);
    }


    private static Response view(ProfileVersion v) {
        return Response.ok(ProfileVersionView.of(v)).tag(ETags.of(v.version())).build();
    }

    private String issuerDid(Dataspace d) {
        return d.isRemote() ? d.remoteIssuerDid() : issuer.did(d.slug());
    }
}
