package org.arangosync.api.spi.transport;

/**
 * An envelope that cannot be read: corrupt, or written by a newer arangosync. A consumer that meets
 * one stops the channel where it is (it commits nothing past it) and reports this message.
 */
public class EnvelopeException extends TransportException {

  private static final long serialVersionUID = 1L;

  public EnvelopeException(String message) {
    super(message);
  }
}
