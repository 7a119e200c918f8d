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
@Path("/api/v1/dataspaces/{dataspace}/credentials")
public class DataspaceCredentialResource implements DataspaceCredentialApi {
    @EJB
    CredentialService credentials;

    @Inject
    CurrentCaller caller;

    @Override
    @RequiresPermission(Permission.GOVERNANCE_READ)
    public CredentialView.CredentialList forDataspace(String dataspace) {
        return new CredentialView.CredentialList(credentials.forDataspace(caller.get(), dataspace).stream()
                .map(CredentialView::of).toList());
    }
    @Override
    @RequiresPermission(Permission.GOVERNANCE_MANAGE)
    @Audited(CredentialService.REVOKE)
    public CredentialView revoke(String dataspace, String id, Decision body) {
        return CredentialView.of(credentials.revoke(caller.get(), dataspace, id, body == null ? null : body.reason()));
    }
    @Override
    @RequiresPermission(Permission.GOVERNANCE_MANAGE)
    @Audited(CredentialService.RETRY)
    public DeliveryView retry(String dataspace, String issuance) {
        return DeliveryView.of(credentials.retryDelivery(caller.get(), dataspace, issuance));
    }
}
