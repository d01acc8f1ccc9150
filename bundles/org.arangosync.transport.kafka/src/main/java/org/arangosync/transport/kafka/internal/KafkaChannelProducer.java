package org.arangosync.transport.kafka.internal;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.arangosync.api.spi.transport.ChannelAccess;
import org.arangosync.api.spi.transport.ChannelName;
import org.arangosync.api.spi.transport.ChannelProducer;
import org.arangosync.api.spi.transport.Envelope;
import org.arangosync.api.spi.transport.MessageTooLargeException;
import org.arangosync.api.spi.transport.TransportException;

/**
 * Sends one channel's envelopes into its partition through the transport's shared idempotent
 * producer ({@code acks=all}). Bounds what the consumer has not committed: before a message is
 * handed over, the bytes sent after the consumer group's committed position plus the message must
 * fit {@code maxUncommittedBytes} (or nothing may be outstanding), else the producer waits.
 *
 * <p>Invariant: {@link #outstanding} holds, oldest first, every message this producer handed to
 * Kafka that was not yet seen committed; {@link #outstandingBytes} is the sum of their sizes.
 */
final class KafkaChannelProducer implements ChannelProducer {

  /** How often a waiting producer looks at the consumer's commits again. */
  private static final long COMMIT_CHECK_MILLIS = 50;

  private final ChannelName channel;
  private final TopicPartition partition;
  private final ChannelAccess access;
  private final KafkaProducer<byte[], byte[]> producer;
  private final Admin admin;
  private final String group;
  private final boolean chunking;
  private final int chunkBytes;
  private final long maxUncommittedBytes;
  private final Duration connectTimeout;
  private final byte[] key;
  private final ArrayDeque<Sent> outstanding = new ArrayDeque<>();
  private long outstandingBytes;

  KafkaChannelProducer(ChannelName channel, TopicPartition partition, ChannelAccess access, KafkaProducer<byte[], byte[]> producer,
      Admin admin, String group, boolean chunking, int chunkBytes, long maxUncommittedBytes, Duration connectTimeout) {
    this.channel = channel;
    this.partition = partition;
    this.access = access;
    this.producer = producer;
    this.admin = admin;
    this.group = group;
    this.chunking = chunking;
    this.chunkBytes = chunkBytes;
    this.maxUncommittedBytes = maxUncommittedBytes;
    this.connectTimeout = connectTimeout;
    this.key = KafkaTransport.key(channel);
  }

  @Override
  public ChannelName channel() {
    return channel;
  }

  @Override
  public long send(List<Envelope> batch, Duration maxWait) throws InterruptedException {
    long deadline = System.nanoTime() + maxWait.toNanos();
    boolean sent = false;
    try {
      Sent last = null;
      for (Envelope envelope : batch) {
        byte[] message = envelope.encode();
        if (message.length > chunkBytes && !chunking) {
          throw new MessageTooLargeException("channel " + channel + ": a message of " + message.length + " bytes ("
              + envelope.kind() + (envelope.shard() == null ? "" : " of shard " + envelope.shard()) + ") is larger than the "
              + chunkBytes + " bytes a Kafka record of topic " + partition.topic() + " may carry, and chunking is off; "
              + "switch chunking on, or raise max.message.bytes, or delete the document at the source and reset the failed shard",
              message.length, chunkBytes);
        }
        awaitRoom(message.length, deadline);
        last = new Sent(write(message), message.length);
        outstanding.addLast(last);
        outstandingBytes += message.length;
      }
      // Acknowledged in order: the last message's acknowledgement covers the batch.
      long offset = last == null ? -1 : last.acknowledged().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS).offset();
      sent = true;
      return offset;
    } catch (ExecutionException e) {
      throw failed("Kafka did not take the batch: " + e.getCause(), e.getCause());
    } catch (TimeoutException e) {
      throw failed("Kafka did not acknowledge the batch within " + maxWait.toMillis() + " ms (brokers down or too slow); "
          + "send it again", e);
    } catch (KafkaException e) {
      throw failed("Kafka refused the batch: " + e, e);
    } finally {
      if (!sent) {
        // What has no acknowledgement counts as not sent: the caller sends the batch again.
        outstanding.removeIf(entry -> !entry.succeeded());
        outstandingBytes = outstanding.stream().mapToLong(Sent::bytes).sum();
      }
    }
  }

  /** A message handed to Kafka: the acknowledgement of its last record, and its size. */
  private record Sent(Future<RecordMetadata> acknowledged, long bytes) {

    boolean succeeded() {
      return acknowledged.isDone() && !acknowledged.isCancelled() && offset() >= 0;
    }

    /** The acknowledged offset; -1 when the send failed. Only once {@link Future#isDone()}. */
    long offset() {
      try {
        return acknowledged.get().offset();
      } catch (ExecutionException | InterruptedException e) {
        return -1;
      }
    }
  }

  /** Hands {@code message} to the producer as one record or as chunks; the future of its last record. */
  private Future<RecordMetadata> write(byte[] message) {
    if (message.length <= chunkBytes) {
      return producer.send(new ProducerRecord<>(partition.topic(), partition.partition(), key, message));
    }
    List<byte[]> chunks = Chunks.split(message, chunkBytes);
    Future<RecordMetadata> last = null;
    for (int i = 0; i < chunks.size(); i++) {
      RecordHeaders headers = new RecordHeaders();
      headers.add(Chunks.HEADER, Chunks.header(i, chunks.size()));
      last = producer.send(new ProducerRecord<>(partition.topic(), partition.partition(), key, chunks.get(i), headers));
    }
    return last;
  }

  /** Waits until {@code bytes} more fit the channel's bound, or nothing is outstanding. */
  private void awaitRoom(int bytes, long deadline) throws InterruptedException {
    while (outstandingBytes > 0 && outstandingBytes + bytes > maxUncommittedBytes) {
      forgetCommitted();
      if (outstandingBytes == 0 || outstandingBytes + bytes <= maxUncommittedBytes) {
        return;
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new TransportException("channel " + channel + " holds " + outstandingBytes + " bytes its consumer (group "
            + group + ") has not committed, the most allowed is " + maxUncommittedBytes + "; the other datacenter is behind "
            + "or not reading");
      }
      TimeUnit.NANOSECONDS.sleep(Math.min(left, TimeUnit.MILLISECONDS.toNanos(COMMIT_CHECK_MILLIS)));
    }
  }

  private void forgetCommitted() throws InterruptedException {
    long position;
    try {
      position = KafkaTransport.committedPosition(admin, group, partition, connectTimeout);
    } catch (ExecutionException | TimeoutException e) {
      throw failed("cannot read the commits of consumer group " + group + ": " + e, e);
    }
    // Only acknowledged messages can have been committed; the oldest unacknowledged one stops the walk.
    while (!outstanding.isEmpty() && outstanding.peekFirst().acknowledged().isDone()) {
      Sent oldest = outstanding.peekFirst();
      long offset = oldest.offset();
      if (offset >= position) {
        break;
      }
      outstanding.removeFirst();
      outstandingBytes -= oldest.bytes();
    }
  }

  private TransportException failed(String why, Throwable cause) {
    return new TransportException("channel " + channel + " (Kafka " + partition + "): " + why, cause);
  }

  @Override
  public ChannelAccess access() {
    return access;
  }

  @Override
  public void close() {
    // The Kafka producer is the transport's and stays; what was sent stays in the topic.
  }
}
