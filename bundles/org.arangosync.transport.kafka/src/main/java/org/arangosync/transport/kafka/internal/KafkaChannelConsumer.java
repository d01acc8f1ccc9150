package org.arangosync.transport.kafka.internal;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.arangosync.api.spi.transport.ChannelConsumer;
import org.arangosync.api.spi.transport.ChannelName;
import org.arangosync.api.spi.transport.Envelope;
import org.arangosync.api.spi.transport.EnvelopeException;
import org.arangosync.api.spi.transport.TransportException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads one channel from its partition: its own consumer, assigned that partition (no group
 * rebalancing), skipping other channels' records, reassembling chunks. Offsets are Kafka offsets
 * of the message's last record; a commit stores the position after it in the channel's consumer
 * group, which is where the next consumer of the channel starts.
 *
 * <p>Invariant: {@link #pending} holds, in partition order, the records fetched but not yet turned
 * into deliveries; the Kafka consumer's position is right after the last of them.
 */
final class KafkaChannelConsumer implements ChannelConsumer {

  private static final Logger LOG = LoggerFactory.getLogger(KafkaChannelConsumer.class);

  private final ChannelName channel;
  private final TopicPartition partition;
  private final KafkaConsumer<byte[], byte[]> consumer;
  private final Duration connectTimeout;
  private final byte[] key;
  private final ArrayDeque<ConsumerRecord<byte[], byte[]>> pending = new ArrayDeque<>();
  private final Chunks.Assembly assembly = new Chunks.Assembly();
  /** Where reading starts again after a rewind; -1 until the committed position was read. */
  private long committedPosition = -1;
  private Envelope previous;
  /** Set by the callback of an asynchronous commit that failed; logged by the next commit. */
  private volatile KafkaException failedCommit;
  /** Whether a commit was requested since the last synchronous one. */
  private boolean unconfirmedCommit;
  private boolean closed;
  /** The message the channel is stuck at, reported by every poll until a rewind. */
  private EnvelopeException unreadable;

  KafkaChannelConsumer(ChannelName channel, TopicPartition partition, KafkaConsumer<byte[], byte[]> consumer, Duration connectTimeout) {
    this.channel = channel;
    this.partition = partition;
    this.consumer = consumer;
    this.connectTimeout = connectTimeout;
    this.key = KafkaTransport.key(channel);
    consumer.assign(List.of(partition));
  }

  @Override
  public ChannelName channel() {
    return channel;
  }

  @Override
  public List<Delivery> poll(int maxMessages, Duration maxWait) throws InterruptedException {
    long deadline = System.nanoTime() + maxWait.toNanos();
    if (unreadable != null) {
      throw unreadable;
    }
    try {
      if (committedPosition < 0) {
        startAtCommittedPosition();
      }
      List<Delivery> deliveries = new ArrayList<>();
      while (true) {
        drainPending(deliveries, maxMessages);
        long left = deadline - System.nanoTime();
        if (!deliveries.isEmpty() || left <= 0) {
          return deliveries;
        }
        if (Thread.interrupted()) {
          throw new InterruptedException();
        }
        pending.addAll(consumer.poll(Duration.ofNanos(left)).records(partition));
      }
    } catch (InterruptException e) {
      throw new InterruptedException("stopped while reading channel " + channel);
    } catch (EnvelopeException e) {
      throw e;
    } catch (KafkaException e) {
      throw failed("cannot read: " + e, e);
    }
  }

  private void startAtCommittedPosition() {
    Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(Set.of(partition), connectTimeout);
    OffsetAndMetadata position = committed.get(partition);
    committedPosition = position == null ? 0 : position.offset();
    seekToCommitted();
  }

  private void seekToCommitted() {
    if (committedPosition == 0) {
      // Nothing committed yet: from the oldest record Kafka still keeps.
      consumer.seekToBeginning(List.of(partition));
    } else {
      consumer.seek(partition, committedPosition);
    }
  }

  /** Turns pending records of this channel into deliveries, up to {@code maxMessages}. */
  private void drainPending(List<Delivery> deliveries, int maxMessages) {
    while (deliveries.size() < maxMessages && !pending.isEmpty()) {
      ConsumerRecord<byte[], byte[]> record = pending.peekFirst();
      if (!Arrays.equals(key, record.key())) {
        pending.removeFirst();
        continue;
      }
      byte[] message = record.value();
      int[] chunk = Chunks.position(record.headers());
      if (chunk != null) {
        message = assembly.add(chunk[0], chunk[1], record.value());
      }
      if (message == null) {
        pending.removeFirst();
        continue;
      }
      Envelope envelope;
      try {
        envelope = Envelope.decode(message, 0, message.length, previous);
      } catch (EnvelopeException e) {
        // The channel does not move past it: every poll reports it, and so does a rewind to the last commit.
        unreadable = new EnvelopeException("channel " + channel + ", Kafka " + partition + " offset " + record.offset() + ": "
            + e.getMessage());
        if (deliveries.isEmpty()) {
          throw unreadable;
        }
        return;
      }
      pending.removeFirst();
      previous = envelope;
      deliveries.add(new Delivery(record.offset(), envelope));
    }
  }

  /**
   * Commits asynchronously: a commit after every applied batch must not cost a round trip to the
   * broker each time. A commit that is lost (the broker away) only means that the next consumer of
   * the channel gets those messages again, which at-least-once allows; the next commit carries the
   * later position anyway, and {@link #close()} waits for the last one.
   */
  @Override
  public void commit(long offset) {
    if (offset + 1 <= committedPosition) {
      return;
    }
    if (failedCommit != null) {
      KafkaException failure = failedCommit;
      failedCommit = null;
      LOG.warn("channel {}: an earlier commit failed ({}); committing offset {} instead", channel, failure.toString(), offset);
    }
    try {
      consumer.commitAsync(Map.of(partition, new OffsetAndMetadata(offset + 1)), (offsets, error) -> {
        if (error instanceof KafkaException failure) {
          failedCommit = failure;
        }
      });
      committedPosition = offset + 1;
      unconfirmedCommit = true;
    } catch (KafkaException e) {
      throw failed("cannot commit offset " + offset + ": " + e, e);
    }
  }

  @Override
  public void rewind() {
    pending.clear();
    assembly.reset();
    unreadable = null;
    if (committedPosition >= 0) {
      seekToCommitted();
    }
  }

  private TransportException failed(String why, Throwable cause) {
    return new TransportException("channel " + channel + " (Kafka " + partition + "): " + why, cause);
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      if (unconfirmedCommit) {
        // The position the next consumer starts from: stored before this one goes.
        consumer.commitSync(Map.of(partition, new OffsetAndMetadata(committedPosition)), connectTimeout);
      }
    } catch (KafkaException e) {
      LOG.warn("channel {}: the last commit (position {}) was not confirmed: {}; the next consumer may get messages again",
          channel, committedPosition, e.toString());
    }
    try {
      consumer.close(org.apache.kafka.clients.consumer.CloseOptions.timeout(Duration.ofSeconds(5)));
    } catch (KafkaException e) {
      LOG.debug("closing the consumer of channel {}: {}", channel, e.toString());
    }
  }
}
