package com.kaphera.cloud.governance.credentials.api;

import com.kaphera.cloud.audit.api.Audited;
import com.kaphera.cloud.governance.api.Decision;
import com.kaphera.cloud.governance.credentials.CredentialService;
import com.kaphera.cloud.governance.credentials.IssuerKeys;
import com.kaphera.cloud.tenancy.Permission;
import com.kaphera.cloud.web.security.Authenticated;
import com.kaphera.cloud.web.security.CurrentCaller;
import com.kaphera.cloud.web.security.RequiresPermission;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Path;

@RequestScoped
@Path("/api/v1/dataspaces/{dataspace}/issuer")
public class IssuerKeyResource implements IssuerKeyApi {
    @EJB
    CredentialService credentials;

    @Inject
    CurrentCaller caller;

    @Override
    @RequiresPermission(Permission.GOVERNANCE_READ)
    public IssuerKeyView.IssuerKeyList keys(String dataspace) {
        return new IssuerKeyView.IssuerKeyList(credentials.issuerKeys(caller.get(), dataspace).stream()
                .map(IssuerKeyView::of).toList());
    }
    @Override
    @RequiresPermission(Permission.GOVERNANCE_MANAGE)
    @Audited(IssuerKeys.ROTATE)
    public IssuerKeyView rotate(String dataspace) {
        return IssuerKeyView.of(credentials.rotateKey(caller.get(), dataspace));
    }
}
