package com.kaphera.cloud.directory.api;

import com.kaphera.cloud.common.Page;
import com.kaphera.cloud.directory.DirectoryService;
import com.kaphera.cloud.governance.credentials.IssuerEndpoints;
import com.kaphera.cloud.web.PageLimit;
import com.kaphera.cloud.web.security.Authenticated;
import com.kaphera.cloud.web.security.CurrentCaller;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Path;

@RequestScoped
@Path("/api/v1/directory/dataspaces")
public class DirectoryResource implements DirectoryApi {
    @EJB
    DirectoryService directory;

    @Inject
    IssuerEndpoints issuer;

    @Inject
    CurrentCaller caller;

    @Override
    @Authenticated
    public DirectoryEntry.Page list(String q, String limit, String continueToken) {
        Page<DirectoryService.Listing> page = directory.list(caller.get(), q, PageLimit.parse(limit), continueToken);
        return new DirectoryEntry.Page(page.items().stream().map(l -> DirectoryEntry.of(l, issuer.did(l.dataspace().slug())))
                .toList(), page.next());
    }

    @Override
    @Authenticated
    public DirectoryEntry get(String dataspace) {
        return DirectoryEntry.of(directory.get(caller.get(), dataspace), issuer.did(dataspace));
    }
}
