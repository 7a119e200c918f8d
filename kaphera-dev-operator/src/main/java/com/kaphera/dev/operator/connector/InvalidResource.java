package com.kaphera.dev.operator.connector;

/** The resource cannot be run as it is; retrying will not help until its spec changes. */
public final class InvalidResource extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public InvalidResource(String message) {
    super(message);
  }
}
