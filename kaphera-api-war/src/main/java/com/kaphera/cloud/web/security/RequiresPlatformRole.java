package com.kaphera.cloud.web.security;

import com.kaphera.cloud.tenancy.PlatformRole;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** Only Kaphera operations staff with this platform role (platform admins pass every check). */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface RequiresPlatformRole {
    PlatformRole value();
}
