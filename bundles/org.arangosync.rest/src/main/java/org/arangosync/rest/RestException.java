package org.arangosync.rest;

/**
 * A request that cannot be answered normally: the server sends {@code status} with ArangoSync's
 * error body {@code {"error": message}}. Routes throw it for bad input (400), missing things (404),
 * wrong state (412) and the like; the message should say what is wrong and what to do.
 */
public class RestException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final int status;

  public RestException(int status, String message) {
    super(message);
    this.status = status;
  }

  public RestException(int status, String message, Throwable cause) {
    super(message, cause);
    this.status = status;
  }

  public int status() {
    return status;
  }
}
