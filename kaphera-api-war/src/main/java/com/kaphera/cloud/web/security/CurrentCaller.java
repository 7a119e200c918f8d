package com.kaphera.cloud.web.security;

import com.kaphera.cloud.tenancy.Caller;
import com.kaphera.cloud.tenancy.GroupPaths;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** The verified caller of this request, read once from the MicroProfile JWT. */
@RequestScoped
public class CurrentCaller {
    @Inject
    JsonWebToken token;

    @Inject
    HttpServletRequest request;

    @Inject
    @ConfigProperty(name = "kaphera.auth.org-group-prefix", defaultValue = "/orgs/")
    String orgPrefix;

    @Inject
    @ConfigProperty(name = "kaphera.auth.platform-group-prefix", defaultValue = "/platform/")
    String platformPrefix;

    @Inject
    @ConfigProperty(name = "kaphera.auth.dataspace-group-prefix", defaultValue = "/dataspaces/")
    String dataspacePrefix;

    private Caller caller;

    /**
     * Whether this request carries a verified token. Asked of the request's principal first: touching
     * the injected token on a request with none (the public DCP endpoints, which wallets call with
     * their own bearer tokens) makes Liberty log CWWKS5604E each time.
     */
    public boolean isAuthenticated() {
        return request.getUserPrincipal() instanceof JsonWebToken && token != null && token.getRawToken() != null;
    }

    public Caller get() {
        if (caller == null) {
            // Liberty's groupNameAttribute (server.xml, default "groups") decides which claim this is.
            Set<String> groups = token.getGroups() == null ? Set.of() : token.getGroups();
            caller = new GroupPaths(orgPrefix, platformPrefix, dataspacePrefix).toCaller(token.getSubject(), groups);
        }
        return caller;
    }
}
