package com.kaphera.cloud.join.api;

import com.kaphera.cloud.audit.api.Audited;
import com.kaphera.cloud.join.JoinFlow;
import com.kaphera.cloud.join.JoinService;
import com.kaphera.cloud.join.JoinView;
import com.kaphera.cloud.tenancy.Permission;
import com.kaphera.cloud.web.PageLimit;
import com.kaphera.cloud.web.security.CurrentCaller;
import com.kaphera.cloud.web.security.RequiresPermission;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.ws.rs.Path;

@RequestScoped
@Path("/api/v1/dataspaces/{dataspace}/joins")
public class DataspaceJoinResource implements DataspaceJoinApi {
    @EJB
    JoinService joins;

    @Inject
    CurrentCaller caller;

    @Override
    @RequiresPermission(Permission.GOVERNANCE_READ)
    public JsonObject list(String dataspace, String limit, String continueToken) {
        return JoinResource.page(joins.listForDataspace(caller.get(), dataspace, PageLimit.parse(limit), continueToken), joins);
    }

    @Override
    @RequiresPermission(Permission.GOVERNANCE_READ)
    public JsonObject get(String dataspace, String id) {
        return view(joins.getForDataspace(caller.get(), dataspace, id));
    }

    @Override
    @RequiresPermission(Permission.JOINS_INTERVENE)
    @Audited(JoinService.RETRY)
    public JsonObject retry(String dataspace, String id, JoinAction body) {
        return view(joins.retryAsAuthority(caller.get(), dataspace, id, body == null ? null : body.reason()));
    }

    @Override
    @RequiresPermission(Permission.JOINS_INTERVENE)
    @Audited(JoinService.SKIP)
    public JsonObject skip(String dataspace, String id, String step, JoinAction body) {
        return view(joins.skipAsAuthority(caller.get(), dataspace, id, step, body == null ? null : body.reason()));
    }

    private JsonObject view(JoinFlow join) {
        return JoinView.of(join, joins.slugOf(join));
    }
}
