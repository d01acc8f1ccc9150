package org.arangosync.api.spi.transport;

/** A transport failure, with a message that names the channel and the cause. */
public class TransportException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public TransportException(String message) {
    super(message);
  }

  public TransportException(String message, Throwable cause) {
    super(message, cause);
  }
}
