package org.arangosync.transport.kafka.internal;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.utils.Utils;
import org.arangosync.api.spi.transport.ChannelAccess;
import org.arangosync.api.spi.transport.ChannelConsumer;
import org.arangosync.api.spi.transport.ChannelName;
import org.arangosync.api.spi.transport.ChannelProducer;
import org.arangosync.api.spi.transport.Transport;
import org.arangosync.api.spi.transport.TransportException;
import org.arangosync.certificates.Issued;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Kafka transport: channels multiplexed over the transport topics of the Kafka cluster of the
 * producing datacenter. A channel lives in one partition of one topic (chosen by hash of its name
 * over all partitions of all topics) with its name as record key, so its order holds. Consumers in
 * the other datacenter read that partition, skip other channels' records, and commit into a
 * consumer group of the channel's own; the producer reads those commits to bound how far a
 * channel may run ahead of its consumer.
 *
 * <p>Invariant: a channel's records are written by one {@link KafkaChannelProducer} at a time, in
 * order; the topic list does not change while channels exist (the placement would move).
 */
public final class KafkaTransport implements Transport, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(KafkaTransport.class);

  /** Keys of this transport's {@link ChannelAccess}. */
  static final String KAFKA_ADDR = "kafka-addr";
  static final String TOPIC = "topic";
  static final String PARTITION = "partition";
  static final String GROUP = "group";
  static final String CA_CERTIFICATE = "caCertificate";

  /** Room in a Kafka record for the record batch, key and headers next to a chunk. */
  static final int RECORD_OVERHEAD = 1024;

  /**
   * @param bootstrapServers {@code --mq.kafka-addr}: host:port of brokers of this datacenter's Kafka, comma separated
   * @param topics the transport topics (at least one)
   * @param caCertificatePem {@code --mq.kafka-cacert}: CA of the brokers' certificates ("" for plaintext or the JVM's CAs);
   *     handed on to consumers in the other datacenter
   * @param clientKeyfile {@code --mq.kafka-client-keyfile}: certificate and key this process presents to brokers, or null
   * @param chunking split messages larger than a record may be; off: such a message fails its shard
   * @param maxMessageBytes the largest record this transport writes (also capped by the topics' max.message.bytes)
   * @param maxUncommittedBytesPerChannel how far a channel may run ahead of its consumer's commits before producers wait;
   *     keep it below the topics' retention so nothing unread is deleted
   * @param producerBufferBytes memory of the shared Kafka producer
   * @param groupPrefix consumer groups are this prefix plus the channel name
   * @param partitionsForNewTopics transport topics that do not exist are created with this many partitions; 0: they must exist
   * @param connectTimeout how long to wait for the brokers before reporting them unreachable
   * @param clientProperties further kafka-clients properties (SASL, ...), applied last
   */
  public record Settings(String bootstrapServers, List<String> topics, String caCertificatePem, Issued clientKeyfile,
      boolean chunking, int maxMessageBytes, long maxUncommittedBytesPerChannel, long producerBufferBytes, String groupPrefix,
      int partitionsForNewTopics, Duration connectTimeout, Map<String, String> clientProperties) {

    public Settings {
      if (bootstrapServers == null || bootstrapServers.isBlank()) {
        throw new IllegalArgumentException("no Kafka brokers: pass --mq.kafka-addr=<host:port>[,<host:port>...] of this "
            + "datacenter's Kafka cluster");
      }
      topics = List.copyOf(topics);
      if (topics.isEmpty()) {
        throw new IllegalArgumentException("no transport topics: name them with --mq.transport-topic (repeatable) or "
            + "--mq.transport-topicsfile");
      }
      caCertificatePem = caCertificatePem == null ? "" : caCertificatePem;
      if (maxMessageBytes <= RECORD_OVERHEAD) {
        throw new IllegalArgumentException("maxMessageBytes " + maxMessageBytes + " leaves no room for data; use at least "
            + 2 * RECORD_OVERHEAD);
      }
      clientProperties = Map.copyOf(clientProperties);
    }
  }

  private final Settings settings;
  private final Map<String, Object> common;
  private volatile Placement placement;
  private volatile KafkaProducer<byte[], byte[]> producer;
  private volatile Admin admin;

  /** Where channels go: all partitions of all transport topics, and the record size they take. */
  record Placement(List<TopicPartition> partitions, int maxRecordBytes) {

    TopicPartition of(ChannelName channel) {
      return partitions.get(Utils.toPositive(Utils.murmur2(key(channel))) % partitions.size());
    }
  }

  /** Connects to nobody yet: brokers are first contacted by the first producer or consumer. */
  public KafkaTransport(Settings settings) {
    this.settings = settings;
    this.common = KafkaClients.common(settings.bootstrapServers(), settings.caCertificatePem(), settings.clientKeyfile(),
        settings.connectTimeout(), settings.clientProperties(), "arangosync-transport");
  }

  @Override
  public String type() {
    return "kafka";
  }

  static byte[] key(ChannelName channel) {
    return channel.value().getBytes(StandardCharsets.UTF_8);
  }

  String group(ChannelName channel) {
    return settings.groupPrefix() + channel.value();
  }

  @Override
  public ChannelProducer producer(ChannelName channel) {
    Placement where = placement();
    TopicPartition partition = where.of(channel);
    ChannelAccess access = new ChannelAccess(accessOf(channel, partition));
    return new KafkaChannelProducer(channel, partition, access, sharedProducer(where), admin(), group(channel),
        settings.chunking(), where.maxRecordBytes() - RECORD_OVERHEAD, settings.maxUncommittedBytesPerChannel(),
        settings.connectTimeout());
  }

  private Map<String, String> accessOf(ChannelName channel, TopicPartition partition) {
    Map<String, String> access = new java.util.HashMap<>();
    access.put(KAFKA_ADDR, settings.bootstrapServers());
    access.put(TOPIC, partition.topic());
    access.put(PARTITION, Integer.toString(partition.partition()));
    access.put(GROUP, group(channel));
    if (!settings.caCertificatePem().isEmpty()) {
      access.put(CA_CERTIFICATE, settings.caCertificatePem());
    }
    return access;
  }

  @Override
  public ChannelConsumer consumer(ChannelName channel, ChannelAccess access) {
    TopicPartition partition;
    try {
      partition = new TopicPartition(access.require(TOPIC), Integer.parseInt(access.require(PARTITION)));
    } catch (NumberFormatException e) {
      throw new TransportException("channel " + channel + ": the access description's partition '"
          + access.properties().get(PARTITION) + "' is not a number");
    }
    // The brokers of the producing datacenter, trusted with the CA it named (the same CA here in most setups).
    Map<String, Object> clients = KafkaClients.common(access.require(KAFKA_ADDR),
        access.properties().getOrDefault(CA_CERTIFICATE, settings.caCertificatePem()), settings.clientKeyfile(),
        settings.connectTimeout(), settings.clientProperties(), "arangosync-" + channel.value());
    return new KafkaChannelConsumer(channel, partition, KafkaClients.consumer(clients, access.require(GROUP)),
        settings.connectTimeout());
  }

  private Placement placement() {
    Placement known = placement;
    if (known == null) {
      synchronized (this) {
        if (placement == null) {
          placement = discover();
        }
        known = placement;
      }
    }
    return known;
  }

  private synchronized Admin admin() {
    if (admin == null) {
      admin = KafkaClients.admin(common);
    }
    return admin;
  }

  private synchronized KafkaProducer<byte[], byte[]> sharedProducer(Placement where) {
    if (producer == null) {
      producer = KafkaClients.producer(common, where.maxRecordBytes(), settings.producerBufferBytes(), settings.connectTimeout());
    }
    return producer;
  }

  /** Finds (or creates) the transport topics, their partitions and the largest record they take. */
  private Placement discover() {
    Admin client = admin();
    Map<String, TopicDescription> described = describe(client, settings.topics());
    List<String> missing = settings.topics().stream().filter(topic -> !described.containsKey(topic)).toList();
    if (!missing.isEmpty()) {
      if (settings.partitionsForNewTopics() <= 0) {
        throw new TransportException("transport topics " + missing + " do not exist in Kafka at " + settings.bootstrapServers()
            + "; create them, or let arangosync create them (partitionsForNewTopics > 0)");
      }
      create(client, missing);
      described.putAll(awaitDescribed(client, missing));
    }
    List<TopicPartition> partitions = new ArrayList<>();
    for (String topic : settings.topics()) {
      described.get(topic).partitions().forEach(info -> partitions.add(new TopicPartition(topic, info.partition())));
    }
    int maxRecordBytes = settings.maxMessageBytes();
    Collection<ConfigResource> resources = settings.topics().stream()
        .map(topic -> new ConfigResource(ConfigResource.Type.TOPIC, topic)).toList();
    Map<ConfigResource, Config> configs = await(client.describeConfigs(resources).all(), "read the transport topics' configuration");
    for (Config config : configs.values()) {
      ConfigEntry entry = config.get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG);
      if (entry != null && entry.value() != null) {
        maxRecordBytes = Math.min(maxRecordBytes, Integer.parseInt(entry.value()));
      }
    }
    if (maxRecordBytes <= 2 * RECORD_OVERHEAD) {
      throw new TransportException("the transport topics take records of at most " + maxRecordBytes + " bytes "
          + "(max.message.bytes); raise it to at least " + 64 * 1024);
    }
    LOG.info("Kafka transport at {}: {} partitions over topics {}, records up to {} bytes, chunking {}", settings.bootstrapServers(),
        partitions.size(), settings.topics(), maxRecordBytes, settings.chunking() ? "on" : "off");
    return new Placement(List.copyOf(partitions), maxRecordBytes);
  }

  private Map<String, TopicDescription> describe(Admin client, List<String> topics) {
    Map<String, TopicDescription> found = new java.util.HashMap<>();
    client.describeTopics(topics).topicNameValues().forEach((topic, future) -> {
      try {
        found.put(topic, await(future, "describe transport topic " + topic));
      } catch (TransportException e) {
        if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
          throw e;
        }
      }
    });
    return found;
  }

  /** Topics just created (here or by someone else) take a moment to show in the brokers' metadata. */
  private Map<String, TopicDescription> awaitDescribed(Admin client, List<String> topics) {
    long deadline = System.nanoTime() + settings.connectTimeout().toNanos();
    while (true) {
      Map<String, TopicDescription> found = describe(client, topics);
      if (found.size() == topics.size()) {
        return found;
      }
      if (System.nanoTime() > deadline) {
        throw new TransportException("transport topics " + topics + " were created but Kafka at " + settings.bootstrapServers()
            + " does not show them within " + settings.connectTimeout().toSeconds() + " s");
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new TransportException("interrupted while waiting for the transport topics " + topics, e);
      }
    }
  }

  private void create(Admin client, List<String> topics) {
    List<NewTopic> newTopics = topics.stream()
        .map(topic -> new NewTopic(topic, Optional.of(settings.partitionsForNewTopics()), Optional.empty())).toList();
    client.createTopics(newTopics).values().forEach((topic, future) -> {
      try {
        await(future, "create transport topic " + topic);
        LOG.info("created transport topic {} with {} partitions", topic, settings.partitionsForNewTopics());
      } catch (TransportException e) {
        if (!(e.getCause() instanceof TopicExistsException)) {
          throw e;
        }
      }
    });
  }

  private <T> T await(org.apache.kafka.common.KafkaFuture<T> future, String what) {
    try {
      return future.get(settings.connectTimeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TransportException("interrupted while waiting to " + what, e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof org.apache.kafka.common.errors.TimeoutException) {
        throw unreachable(what, e.getCause());
      }
      throw new TransportException("cannot " + what + " in Kafka at " + settings.bootstrapServers() + ": " + e.getCause(),
          e.getCause());
    } catch (TimeoutException e) {
      throw unreachable(what, e);
    }
  }

  private TransportException unreachable(String what, Throwable cause) {
    return new TransportException("cannot " + what + ": no answer from Kafka at " + settings.bootstrapServers() + " within "
        + settings.connectTimeout().toSeconds() + " s; check --mq.kafka-addr, that the brokers run and that TLS "
        + "(--mq.kafka-cacert, --mq.kafka-client-keyfile) matches theirs", cause);
  }

  /** The committed position (next offset to read) of {@code group} in {@code partition}, or 0 when it committed nothing. */
  static long committedPosition(Admin admin, String group, TopicPartition partition, Duration timeout)
      throws InterruptedException, ExecutionException, TimeoutException {
    Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata()
        .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    OffsetAndMetadata committed = offsets.get(partition);
    return committed == null ? 0 : committed.offset();
  }

  @Override
  public synchronized void close() {
    if (producer != null) {
      producer.close(Duration.ofSeconds(5));
      producer = null;
    }
    if (admin != null) {
      admin.close(Duration.ofSeconds(5));
      admin = null;
    }
  }
}
