package com.kaphera.cloud.audit.api;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A POST that computes an answer and changes nothing (verifying a credential someone hands in): not a
 * write, so not audited. The one way to exempt a write method from {@link Audited}; its reason says
 * why, and the audit integration test lists such operations explicitly.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface ChangesNothing {
    /** Why this POST is not a write. */
    String value();
}
