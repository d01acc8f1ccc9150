package org.arangosync.api.spi.transport;

import java.time.Duration;
import java.util.List;

/**
 * The sending end of one channel. Not thread-safe: one task sends on a channel.
 */
public interface ChannelProducer extends AutoCloseable {

  ChannelName channel();

  /**
   * Appends {@code batch} in order and returns the offset of its last message. Waits while the
   * channel holds as much as the transport allows (backpressure) and gives up after
   * {@code maxWait}. A transport may wait for its brokers to acknowledge the batch (Kafka does), so
   * a channel's rate grows with the batch: send what is at hand, up to about a megabyte.
   *
   * @throws TransportException when the batch could not be handed over within {@code maxWait} or
   *     the transport failed; then none or a prefix of the batch was sent, and sending the whole
   *     batch again is safe (delivery is at-least-once)
   * @throws InterruptedException when the task is stopped while waiting
   */
  long send(List<Envelope> batch, Duration maxWait) throws InterruptedException;

  /** How a consumer reaches this channel (see {@link ChannelAccess}). */
  ChannelAccess access();

  /** Releases this end; what was sent stays until it is committed by the consumer. */
  @Override
  void close();
}
