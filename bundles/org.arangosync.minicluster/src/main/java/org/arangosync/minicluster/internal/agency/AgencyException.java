package org.arangosync.minicluster.internal.agency;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A request the agency refuses as a whole, before changing anything: a malformed read or write
 * body (400), an operation this single agent does not offer (501), or a state file that could not
 * be written (500).
 *
 * <p>The error numbers are ArangoDB's ({@code lib/Basics/errors.dat}): {@link
 * #MALFORMED_TRANSACTION} (20030, {@code TRI_ERROR_AGENCY_MALFORMED_TRANSACTION}), {@link
 * #BAD_PARAMETER} (400, {@code TRI_ERROR_HTTP_BAD_PARAMETER}), {@link #NOT_IMPLEMENTED} (9) and
 * {@link #INTERNAL} (4).
 */
public final class AgencyException extends RuntimeException {

  /** {@code TRI_ERROR_AGENCY_MALFORMED_TRANSACTION}: a write body that is not a valid request. */
  public static final int MALFORMED_TRANSACTION = 20030;
  /** {@code TRI_ERROR_HTTP_BAD_PARAMETER}: a read body that is not a valid request. */
  public static final int BAD_PARAMETER = 400;
  /** {@code TRI_ERROR_NOT_IMPLEMENTED}: an agency feature this agent does not offer. */
  public static final int NOT_IMPLEMENTED = 9;
  /** {@code TRI_ERROR_INTERNAL}: the agent could not do its work, e.g. persist a write. */
  public static final int INTERNAL = 4;

  private static final long serialVersionUID = 1L;

  private final int httpStatus;
  private final int errorNum;

  public AgencyException(int httpStatus, int errorNum, String message) {
    super(message);
    this.httpStatus = httpStatus;
    this.errorNum = errorNum;
  }

  AgencyException(int httpStatus, int errorNum, String message, Throwable cause) {
    super(message, cause);
    this.httpStatus = httpStatus;
    this.errorNum = errorNum;
  }

  public int httpStatus() {
    return httpStatus;
  }

  public int errorNum() {
    return errorNum;
  }

  /**
   * The response body. ArangoDB's agency answers a malformed request with just
   * {@code {"message": "..."}} ({@code RestAgencyHandler::reportMessage}); the usual ArangoDB
   * error attributes ({@code error}, {@code code}, {@code errorNum}, {@code errorMessage}) are
   * added so that generic ArangoDB clients, which look for those, also see the reason.
   */
  public ObjectNode body() {
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    body.put("error", true);
    body.put("code", httpStatus);
    body.put("errorNum", errorNum);
    body.put("errorMessage", getMessage());
    body.put("message", getMessage());
    return body;
  }
}
