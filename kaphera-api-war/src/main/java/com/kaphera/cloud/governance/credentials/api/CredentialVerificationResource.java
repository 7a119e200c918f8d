package com.kaphera.cloud.governance.credentials.api;

import com.kaphera.cloud.audit.api.Audited;
import com.kaphera.cloud.audit.api.ChangesNothing;
import com.kaphera.cloud.governance.api.Decision;
import com.kaphera.cloud.governance.credentials.CredentialService;
import com.kaphera.cloud.governance.credentials.IssuerKeys;
import com.kaphera.cloud.tenancy.Permission;
import com.kaphera.cloud.web.json.JsonBodies;
import com.kaphera.cloud.web.security.Authenticated;
import com.kaphera.cloud.web.security.CurrentCaller;
import com.kaphera.cloud.web.security.RequiresPermission;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Path;

@RequestScoped
@Path("/api/v1/credentials")
public class CredentialVerificationResource implements CredentialVerificationApi {
    @EJB
    CredentialService credentials;

    @Inject
    CurrentCaller caller;

    @Override
    @Authenticated
    @ChangesNothing("verifies the credential handed in; stores nothing")
    public CredentialView.VerificationView verify(VerifyRequest body) {
        return CredentialView.VerificationView.of(credentials.verify(caller.get(), JsonBodies.required(body).credential(), body.dataspace()));
    }
}
