package org.arangosync.core.internal.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.arangosync.api.spi.transport.ChannelAccess;
import org.arangosync.api.spi.transport.ChannelConsumer;
import org.arangosync.api.spi.transport.ChannelName;
import org.arangosync.api.spi.transport.ChannelProducer;
import org.arangosync.api.spi.transport.Envelope;
import org.arangosync.api.spi.transport.EnvelopeException;
import org.arangosync.api.spi.transport.TransportException;
import org.arangosync.api.spi.transport.Transport;
import org.arangosync.core.internal.master.RemoteMaster;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens a task's channels through this worker's transport, and passes their access descriptions
 * through the masters: the producing end tells its master how to reach the channel
 * ({@code PUT /_api/mq/access/{channel}}), the consuming end asks its master
 * ({@code GET /_api/mq/access/{channel}}), which knows it or asks the other datacenter.
 */
final class ChannelOpener {

  private static final Logger LOG = LoggerFactory.getLogger(ChannelOpener.class);
  private static final Duration RETRY = Duration.ofMillis(500);

  private final Transport transport;
  private final RemoteMaster masters;
  private final WorkerMetrics metrics;
  private final Duration silence;

  /**
   * @param metrics where transport failures are counted (by operation)
   * @param silence how long a consumed channel may bring nothing before its consumer asks the
   *     masters whether it is produced elsewhere now (longer than its producer's heartbeat interval)
   */
  ChannelOpener(Transport transport, RemoteMaster masters, WorkerMetrics metrics, Duration silence) {
    this.transport = transport;
    this.masters = masters;
    this.metrics = metrics;
    this.silence = silence;
  }

  /** The producing end of {@code channel}; its access is registered with the masters. */
  ChannelProducer producer(String channel) {
    ChannelProducer producer;
    try {
      producer = new Counting(transport.producer(new ChannelName(channel)));
    } catch (TransportException e) {
      metrics.transportError(WorkerMetrics.TransportOp.OPEN);
      throw e;
    }
    try {
      ObjectNode body = JsonNodeFactory.instance.objectNode();
      ObjectNode access = body.putObject("access");
      producer.access().properties().forEach(access::put);
      masters.call("PUT", "/_api/mq/access/" + channel, body);
      return producer;
    } catch (RuntimeException e) {
      producer.close();
      throw e;
    }
  }

  /**
   * The consuming end of {@code channel}, once its producer registered it (asked again every half
   * second until then); null when {@code stopped} counted down first. When the channel cannot be
   * reached, the consumer asks the masters again and follows the channel to where it is produced
   * now (its task moved to another worker).
   */
  ChannelConsumer consumer(String channel, StopSignal stopped) {
    while (!stopped.isStopped()) {
      ChannelAccess access;
      try {
        access = access(channel);
      } catch (RuntimeException e) {
        LOG.debug("channel {} is not open yet: {}", channel, e.getMessage());
        stopped.pause(RETRY);
        continue;
      }
      try {
        return new Following(new ChannelName(channel), access);
      } catch (TransportException e) {
        metrics.transportError(WorkerMetrics.TransportOp.OPEN);
        throw e;
      }
    }
    return null;
  }

  /** A producer whose failures to send are counted. */
  private final class Counting implements ChannelProducer {
    private final ChannelProducer delegate;

    Counting(ChannelProducer delegate) {
      this.delegate = delegate;
    }

    @Override
    public ChannelName channel() {
      return delegate.channel();
    }

    @Override
    public long send(List<Envelope> batch, Duration maxWait) throws InterruptedException {
      try {
        return delegate.send(batch, maxWait);
      } catch (TransportException e) {
        metrics.transportError(WorkerMetrics.TransportOp.SEND);
        throw e;
      }
    }

    @Override
    public ChannelAccess access() {
      return delegate.access();
    }

    @Override
    public void close() {
      delegate.close();
    }
  }

  private ChannelAccess access(String channel) {
    JsonNode answer = masters.call("GET", "/_api/mq/access/" + channel, null);
    Map<String, String> properties = new HashMap<>();
    answer.path("access").fields().forEachRemaining(entry -> properties.put(entry.getKey(), entry.getValue().asText()));
    return new ChannelAccess(properties);
  }

  /**
   * A consumer that follows its channel: after a transport failure, and when the channel brought
   * nothing for the silence interval, it asks the masters where the channel is produced now and,
   * when that changed, reads from there (from the new producer's first message: a producer that
   * moved starts its channel afresh, and the protocol's sessions make the two ends agree again).
   * The silence matters when the producing task moved while its old worker lives on: the old
   * channel stays open there and fails nothing, it only falls silent.
   */
  private final class Following implements ChannelConsumer {
    private final ChannelName channel;
    private ChannelAccess access;
    private ChannelConsumer delegate;
    /** {@link System#nanoTime()} when a message last came, or the masters were last asked. */
    private long heardAt = System.nanoTime();

    Following(ChannelName channel, ChannelAccess access) {
      this.channel = channel;
      this.access = access;
      this.delegate = transport.consumer(channel, access);
    }

    @Override
    public ChannelName channel() {
      return channel;
    }

    @Override
    public List<Delivery> poll(int maxMessages, Duration maxWait) throws InterruptedException {
      List<Delivery> deliveries;
      try {
        deliveries = delegate.poll(maxMessages, maxWait);
      } catch (TransportException e) {
        metrics.transportError(WorkerMetrics.TransportOp.POLL);
        followIfMoved(e);
        throw e;
      }
      long now = System.nanoTime();
      if (!deliveries.isEmpty()) {
        heardAt = now;
      } else if (now - heardAt > silence.toNanos()) {
        heardAt = now;
        followIfMoved(null);
      }
      return deliveries;
    }

    @Override
    public void commit(long offset) {
      try {
        delegate.commit(offset);
      } catch (TransportException e) {
        metrics.transportError(WorkerMetrics.TransportOp.COMMIT);
        followIfMoved(e);
        throw e;
      }
    }

    @Override
    public void rewind() {
      delegate.rewind();
    }

    /** @param failure what failed, or null when the channel was silent */
    private void followIfMoved(TransportException failure) {
      if (failure instanceof EnvelopeException) {
        return; // the channel was reached; one of its messages is unreadable
      }
      ChannelAccess now;
      try {
        now = access(channel.value());
      } catch (RuntimeException e) {
        return;
      }
      if (!now.equals(access)) {
        LOG.info("channel {} moved to another producer; reading from there", channel);
        delegate.close();
        access = now;
        delegate = transport.consumer(channel, now);
      }
    }

    @Override
    public void close() {
      delegate.close();
    }
  }
}
