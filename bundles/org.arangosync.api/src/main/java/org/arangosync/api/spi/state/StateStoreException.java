package org.arangosync.api.spi.state;

/** The state store could not answer, or refused a request. The message names the store and why. */
public class StateStoreException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final boolean outcomeUnknown;

  public StateStoreException(String message, Throwable cause) {
    this(message, cause, false);
  }

  /**
   * @param outcomeUnknown true when a write may have been applied although no answer came back
   *     (the connection broke after the request was sent)
   */
  public StateStoreException(String message, Throwable cause, boolean outcomeUnknown) {
    super(message, cause);
    this.outcomeUnknown = outcomeUnknown;
  }

  /** Whether a failed write may nevertheless have been applied. */
  public boolean outcomeUnknown() {
    return outcomeUnknown;
  }
}
