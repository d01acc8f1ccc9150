package org.arangosync.core.internal.sync;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.arangosync.api.Tick;
import org.arangosync.api.spi.store.Change;
import org.arangosync.api.spi.store.ShardRef;
import org.arangosync.api.spi.transport.ChannelConsumer;
import org.arangosync.api.spi.transport.ChannelProducer;
import org.arangosync.api.spi.transport.Envelope;
import org.arangosync.api.spi.transport.MessageKind;

/**
 * One end's view of a shard's two channels: it sends {@link ShardMessage}s on the outgoing channel
 * and reads them from the incoming one, and keeps the times heartbeats and the message timeout are
 * measured from. Not thread-safe: the one task of the shard uses it.
 */
final class ShardLink implements AutoCloseable {

  /**
   * A message read, with the offset to commit once it is handled.
   *
   * @param seq its sequence number in its session (0: not numbered)
   * @param gapBefore an earlier message of its session never reached this end (see {@link ShardMessage}
   *     on sequence numbers): whatever this message builds on is incomplete
   */
  record Received(long offset, ShardMessage message, long seq, boolean gapBefore) {}

  /** How many sessions' received sequence numbers are kept (a few overlap while a session takes over). */
  private static final int SESSIONS_TRACKED = 16;

  private final ShardRef shard;
  private final ChannelProducer out;
  private final ChannelConsumer in;
  private final MessageKind outKind;
  private final ShardSyncSettings settings;
  private final ShardMetrics metrics;
  private volatile long lastSentMillis = System.currentTimeMillis();
  private volatile long lastReceivedMillis = System.currentTimeMillis();
  /** The last sequence number sent, by session; advanced only once a batch is sent, so that a failed send leaves no hole. */
  private final Map<Long, Long> lastSent = recentSessions();
  /** The highest sequence number received, by session. */
  private final Map<Long, Long> highestReceived = recentSessions();

  /**
   * @param outKind {@link MessageKind#DATA} at the source, {@link MessageKind#CONTROL} at the target
   * @param metrics where the messages and bytes sent and received are counted; the task's ends record theirs there too
   */
  ShardLink(ShardRef shard, ChannelProducer out, ChannelConsumer in, MessageKind outKind, ShardSyncSettings settings,
      ShardMetrics metrics) {
    this.shard = shard;
    this.out = out;
    this.in = in;
    this.outKind = outKind;
    this.settings = settings;
    this.metrics = metrics;
  }

  ShardMetrics metrics() {
    return metrics;
  }

  /**
   * Sends the messages in order, numbered in their session, several per transport call up to about
   * the message size limit.
   */
  void send(List<? extends ShardMessage> messages) throws InterruptedException {
    List<Envelope> batch = new ArrayList<>();
    long bytes = 0;
    Map<Long, Long> numbered = new HashMap<>(); // the numbers given so far, by session, up to the batch being filled
    for (ShardMessage message : messages) {
      long session = message.session();
      long seq = numbered.getOrDefault(session, lastSent.getOrDefault(session, 0L));
      if (!(message instanceof ShardMessage.Heartbeat)) {
        seq++; // a heartbeat carries the number of the last message before it
      }
      Envelope envelope = envelope(message, seq);
      if (!batch.isEmpty() && bytes + envelope.payload().length > settings.maxMessageBytes()) {
        sendCounted(batch);
        lastSent.putAll(numbered);
        batch = new ArrayList<>();
        bytes = 0;
      }
      batch.add(envelope);
      bytes += envelope.payload().length;
      numbered.put(session, seq);
    }
    if (!batch.isEmpty()) {
      sendCounted(batch);
      lastSent.putAll(numbered);
    }
    lastSentMillis = System.currentTimeMillis();
  }

  private void sendCounted(List<Envelope> batch) throws InterruptedException {
    out.send(batch, settings.sendTimeout());
    for (Envelope envelope : batch) {
      metrics.messageSent(envelope.kind(), envelope.payload().length);
    }
  }

  void send(ShardMessage message) throws InterruptedException {
    send(List.of(message));
  }

  private Envelope envelope(ShardMessage message, long seq) {
    byte[] payload = ShardMessage.encode(message, seq);
    if (message instanceof ShardMessage.Heartbeat) {
      return new Envelope(out.channel(), MessageKind.HEARTBEAT, shard, Tick.ZERO, Tick.ZERO, payload);
    }
    List<Change> changes = message instanceof ShardMessage.Changes c ? c.changes() : List.of();
    Tick from = changes.isEmpty() ? Tick.ZERO : changes.get(0).tick();
    Tick to = changes.isEmpty() ? Tick.ZERO : changes.get(changes.size() - 1).tick();
    return new Envelope(out.channel(), outKind, shard, from, to, payload);
  }

  /** Sends a heartbeat when nothing went out for the heartbeat interval. */
  void heartbeatIfQuiet(long session, Tick position) throws InterruptedException {
    long now = System.currentTimeMillis();
    if (now - lastSentMillis >= settings.heartbeatInterval().toMillis()) {
      send(new ShardMessage.Heartbeat(session, now, position));
    }
  }

  /**
   * The next messages, waiting up to {@code wait} for the first. Messages that are not about this
   * shard are skipped (and count as received): a channel belongs to one shard, so they can only be
   * leftovers.
   */
  List<Received> poll(Duration wait) throws InterruptedException {
    List<ChannelConsumer.Delivery> deliveries = in.poll(256, wait);
    if (deliveries.isEmpty()) {
      return List.of();
    }
    lastReceivedMillis = System.currentTimeMillis();
    List<Received> received = new ArrayList<>(deliveries.size());
    for (ChannelConsumer.Delivery delivery : deliveries) {
      Envelope envelope = delivery.envelope();
      metrics.messageReceived(envelope.kind(), envelope.payload().length);
      if (shard.equals(envelope.shard())) {
        ShardMessage.Numbered numbered = ShardMessage.decodeNumbered(envelope.payload());
        received.add(new Received(delivery.offset(), numbered.message(), numbered.seq(), gapBefore(numbered)));
      } else {
        in.commit(delivery.offset());
      }
    }
    return received;
  }

  /**
   * Whether a message of {@code numbered}'s session is missing before it: a number skipped, or a
   * heartbeat telling of more messages than came. Numbers at or below the highest are messages sent
   * again (or read again after {@link #rewind}): no gap.
   */
  private boolean gapBefore(ShardMessage.Numbered numbered) {
    if (numbered.seq() <= 0) {
      return false;
    }
    long session = numbered.message().session();
    long highest = highestReceived.getOrDefault(session, 0L);
    if (numbered.message() instanceof ShardMessage.Heartbeat) {
      return numbered.seq() > highest;
    }
    highestReceived.put(session, Math.max(highest, numbered.seq()));
    return numbered.seq() > highest + 1;
  }

  /** A map of the most recently used sessions' numbers (a few overlap while a session takes over). */
  private static Map<Long, Long> recentSessions() {
    return new LinkedHashMap<>(SESSIONS_TRACKED, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<Long, Long> eldest) {
        return size() > SESSIONS_TRACKED;
      }
    };
  }

  void commit(long offset) {
    in.commit(offset);
  }

  /** Goes back to the first message not committed (after a failure to handle it). */
  void rewind() {
    in.rewind();
  }

  /** Milliseconds since anything at all came in, heartbeats included. */
  long quietMillis() {
    return System.currentTimeMillis() - lastReceivedMillis;
  }

  /** Counts from now, e.g. when a new session starts waiting for its first answer. */
  void resetQuiet() {
    lastReceivedMillis = System.currentTimeMillis();
  }

  @Override
  public void close() {
    try {
      in.close();
    } finally {
      out.close();
    }
  }
}
