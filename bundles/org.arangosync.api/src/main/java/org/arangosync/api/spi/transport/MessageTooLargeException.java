package org.arangosync.api.spi.transport;

/**
 * A message larger than the transport carries in one piece, with splitting into chunks switched
 * off. Nothing of the batch from this message on was sent; sending it again fails the same way, so
 * the sync task puts its shard in {@code failed} (as ArangoSync did with Kafka) instead of retrying.
 */
public class MessageTooLargeException extends TransportException {

  private static final long serialVersionUID = 1L;

  private final long size;
  private final long limit;

  public MessageTooLargeException(String message, long size, long limit) {
    super(message);
    this.size = size;
    this.limit = limit;
  }

  /** Bytes of the encoded envelope. */
  public long size() {
    return size;
  }

  /** The most bytes one message may have. */
  public long limit() {
    return limit;
  }
}
