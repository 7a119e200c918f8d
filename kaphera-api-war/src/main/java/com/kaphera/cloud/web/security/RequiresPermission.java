package com.kaphera.cloud.web.security;

import com.kaphera.cloud.tenancy.Permission;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The caller needs this permission (a row of the one table, {@link Permission}). An organisation-scoped
 * row is checked in the organisation named by the {@code {org}} path parameter: a caller outside that
 * organisation gets 404 (existence is not revealed), a member whose role does not grant it 403. A
 * platform-scoped row is checked against the caller's platform roles (403 without). A dataspace-scoped
 * row is checked in the dataspace named by {@code {dataspace}}: without a governance role there 404.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface RequiresPermission {
    /** The path parameter every org-scoped resource uses for the organisation's slug. */
    String ORG_PARAM = "org";
    /** The path parameter every dataspace-scoped (governance) resource uses for the dataspace's id. */
    String DATASPACE_PARAM = "dataspace";

    Permission value();
}
