package org.arangosync.core.replication;

import org.arangosync.api.spi.replication.ReplicationException;

/**
 * An applier request that cannot be carried out, with ArangoDB's HTTP status and error number, so
 * that routes answer exactly as ArangoDB does ({@code {"error":true,"code","errorNum","errorMessage"}}).
 */
public final class ReplicationError extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public static final int NO_RESPONSE = ReplicationException.NO_RESPONSE;
  public static final int INVALID_RESPONSE = ReplicationException.INVALID_RESPONSE;
  public static final int LEADER_ERROR = 1402;
  public static final int INVALID_APPLIER_STATE = 1407;
  public static final int INVALID_APPLIER_CONFIGURATION = 1410;
  public static final int APPLIER_STOPPED = 1412;
  public static final int RUNNING = 1411;
  public static final int START_TICK_NOT_PRESENT = 1414;

  private final int httpStatus;
  private final int errorNum;

  public ReplicationError(int httpStatus, int errorNum, String message) {
    super(message);
    this.httpStatus = httpStatus;
    this.errorNum = errorNum;
  }

  public int httpStatus() {
    return httpStatus;
  }

  public int errorNum() {
    return errorNum;
  }
}
