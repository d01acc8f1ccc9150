package org.arangosync.api.spi.transport;

import java.time.Duration;
import java.util.List;

/**
 * The receiving end of one channel. Not thread-safe: one task reads a channel.
 */
public interface ChannelConsumer extends AutoCloseable {

  ChannelName channel();

  /**
   * The next messages after the last one returned (after the last committed offset for the first
   * call), in order, at most {@code maxMessages}; waits up to {@code maxWait} for the first one and
   * returns an empty list when none came.
   *
   * @throws EnvelopeException when the next message cannot be read; nothing after it is returned
   * @throws TransportException when the channel cannot be reached or refuses the credentials
   */
  List<Delivery> poll(int maxMessages, Duration maxWait) throws InterruptedException;

  /**
   * Declares everything up to and including {@code offset} applied: it is not delivered again, and
   * the producing side may forget it. Commit only after the target has applied the batch.
   */
  void commit(long offset);

  /**
   * Goes back to the message after the last committed offset: what was polled but not committed is
   * delivered again (after a failed apply).
   */
  void rewind();

  @Override
  void close();

  /** One message with its offset, which grows by at least one from message to message. */
  record Delivery(long offset, Envelope envelope) {}
}
