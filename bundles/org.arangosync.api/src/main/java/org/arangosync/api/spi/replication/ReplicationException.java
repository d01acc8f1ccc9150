package org.arangosync.api.spi.replication;

/**
 * A replication request that failed, with ArangoDB's error number where the server gave one
 * (e.g. 1400 no response, 1401 invalid response, 401 unauthorized).
 */
public class ReplicationException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** ArangoDB's ERROR_REPLICATION_NO_RESPONSE: the server could not be reached. */
  public static final int NO_RESPONSE = 1400;
  /** ArangoDB's ERROR_REPLICATION_INVALID_RESPONSE: the answer did not have the expected shape. */
  public static final int INVALID_RESPONSE = 1401;

  private final int httpStatus;
  private final int errorNum;

  public ReplicationException(String message, int httpStatus, int errorNum, Throwable cause) {
    super(message, cause);
    this.httpStatus = httpStatus;
    this.errorNum = errorNum;
  }

  /** The HTTP status the server answered, 0 when it did not answer. */
  public int httpStatus() {
    return httpStatus;
  }

  public int errorNum() {
    return errorNum;
  }
}
