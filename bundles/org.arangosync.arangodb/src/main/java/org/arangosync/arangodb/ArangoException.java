package org.arangosync.arangodb;

/**
 * ArangoDB refused or could not answer a request. Carries ArangoDB's {@code errorNum} (0 when the
 * server did not answer with one), the HTTP status (0 when there was no answer) and the URL.
 */
public class ArangoException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** ArangoDB's ERROR_REPLICATION_INVALID_RESPONSE: an answer that breaks the protocol. */
  public static final int INVALID_RESPONSE = 1401;

  private final int errorNum;
  private final int httpStatus;
  private final String url;
  private final boolean outcomeUnknown;

  public ArangoException(String message, int errorNum, int httpStatus, String url, boolean outcomeUnknown, Throwable cause) {
    super(message + " (" + (httpStatus > 0 ? "HTTP " + httpStatus + ", " : "") + (errorNum > 0 ? "errorNum " + errorNum + ", " : "")
        + url + ")", cause);
    this.errorNum = errorNum;
    this.httpStatus = httpStatus;
    this.url = url;
    this.outcomeUnknown = outcomeUnknown;
  }

  public int errorNum() {
    return errorNum;
  }

  public int httpStatus() {
    return httpStatus;
  }

  public String url() {
    return url;
  }

  /** Whether a request that changes something may have been applied although it failed. */
  public boolean outcomeUnknown() {
    return outcomeUnknown;
  }
}
