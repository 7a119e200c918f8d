package com.kaphera.cloud.audit.api;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The audited operation a write is ({@code "resource.patch"}): every POST, PUT, PATCH and DELETE
 * resource method carries it, and {@link AuditFilter} refuses one that does not (fails closed, as the
 * authorisation annotations do). The service records the success under the same name; the filter
 * records refusals and failures.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Audited {
    String value();
}
