package org.arangosync.api.spi.transport;

/**
 * A transport plugin: opens the sending and the receiving end of named channels. Registered as an
 * OSGi service with the property {@value #TYPE_PROPERTY}; the sync workers pick the one that
 * {@code mq.type} names and stop their tasks when it goes away.
 *
 * <p>Guarantees of every transport: per channel, messages arrive in the order they were sent; a
 * message is delivered at least once, again after a consumer restart until an offset at or past it
 * is committed; memory is bounded (a producer waits, it never queues without limit).
 */
public interface Transport {

  /** The service property that names the transport type, e.g. {@code arangosync.transport=direct}. */
  String TYPE_PROPERTY = "arangosync.transport";

  /** {@code direct}, {@code kafka}, ... */
  String type();

  /**
   * The sending end of {@code channel} in this process. Opening the same channel again gives a
   * producer that continues after the messages already sent (offsets keep growing).
   */
  ChannelProducer producer(ChannelName channel);

  /**
   * The receiving end of {@code channel}, found through {@code access} (what the producing side's
   * {@link ChannelProducer#access()} said, passed on by the masters). It starts after the last
   * committed offset.
   *
   * @throws TransportException when {@code access} does not describe this transport's channels
   */
  ChannelConsumer consumer(ChannelName channel, ChannelAccess access);
}
