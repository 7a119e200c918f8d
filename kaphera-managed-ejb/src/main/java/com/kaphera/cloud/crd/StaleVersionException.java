package com.kaphera.cloud.crd;

import com.kaphera.cloud.common.ConflictException;

/** Kubernetes refused a write because the object changed since the version the write was based on. */
public class StaleVersionException extends ConflictException {
    private static final long serialVersionUID = 1L;

    public StaleVersionException(String detail) {
        super(detail);
    }
}
