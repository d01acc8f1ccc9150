package org.arangosync.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.arangosync.api.Tick;
import org.arangosync.api.spi.store.ShardRef;
import org.arangosync.api.spi.transport.ChannelConsumer;
import org.arangosync.api.spi.transport.ChannelName;
import org.arangosync.api.spi.transport.ChannelProducer;
import org.arangosync.api.spi.transport.Envelope;
import org.arangosync.api.spi.transport.MessageKind;
import org.arangosync.transport.kafka.internal.KafkaTransport;

/**
 * The Kafka transport's throughput next to plain kafka-clients in the same run, on one KRaft
 * broker (combined node, plaintext) in this JVM. Per message size (1 KiB and 64 KiB):
 *
 * <ul>
 *   <li><b>raw</b>: a {@link KafkaProducer} with the transport's producer settings ({@code acks=all},
 *       idempotent, 5 requests in flight, linger 2 ms, 256 KiB batches, no compression) sends N
 *       records of that size into a one-partition topic and flushes; then a {@link KafkaConsumer}
 *       (assign, seekToBeginning, fetch.max.wait 100 ms as the transport's) reads them all and
 *       commits once at the end. The time is produce plus consume.
 *   <li><b>transport</b>: a {@link KafkaTransport} producer sends N envelopes with payloads of that
 *       size in batches (each {@code send} waits for the batch's acknowledgement) while its consumer
 *       polls in another thread, checks the order and commits after every poll. The time runs until
 *       the consumer has every message and committed it.
 * </ul>
 *
 * Both paths get fresh clients and a fresh topic per measurement, created (and seen by the broker)
 * before the clock starts and deleted after the measurement.
 * An untimed warm-up round of every path runs first, then several rounds of raw followed by
 * transport. Each round's ratio compares two measurements taken right after each other (other load
 * on the machine hits both alike); the report gives the median round. Goal: the transport reaches
 * at least 0.70 of the raw messages/s.
 *
 * <p>Settings, each {@code --name=value} or the system property {@code benchmark.name} (an empty
 * value means the default): {@code kafkaMessages1k} (200000), {@code kafkaMessages64k} (4000),
 * {@code kafkaBatch1k} (100,1000), {@code kafkaBatch64k} (10,100), {@code kafkaWarmupPercent} (20),
 * {@code kafkaRounds} (3), {@code kafkaReport} (benchmarks/target/kafka-transport-report.md).
 */
public final class KafkaTransportBenchmark {

  /** The goal: transport messages/s at least this share of the raw messages/s. */
  private static final double GOAL = 0.70;
  private static final Duration WAIT = Duration.ofMinutes(2);

  private static final Map<String, String> HELP = new LinkedHashMap<>();

  static {
    HELP.put("kafkaMessages1k", "messages of 1 KiB per measurement (default 200000)");
    HELP.put("kafkaMessages64k", "messages of 64 KiB per measurement (default 4000)");
    HELP.put("kafkaBatch1k", "envelopes per transport send of 1 KiB messages, comma-separated for several rows (default 100,1000)");
    HELP.put("kafkaBatch64k", "envelopes per transport send of 64 KiB messages, comma-separated (default 10,100)");
    HELP.put("kafkaWarmupPercent", "size of the untimed warm-up round in percent of a measurement, 0 for none (default 20)");
    HELP.put("kafkaRounds", "measured rounds of raw then transport per size; the median is reported (default 3)");
    HELP.put("kafkaReport", "the Markdown report (default benchmarks/target/kafka-transport-report.md)");
  }

  private KafkaTransportBenchmark() {}

  /** One message size: how many messages, and how many envelopes per transport send. */
  private record Size(int bytes, int messages, int batch) {}

  private record Result(long messages, long payloadBytes, double seconds) {
    double perSecond() {
      return messages / seconds;
    }

    double megabytesPerSecond() {
      return payloadBytes / 1e6 / seconds;
    }
  }

  public static void main(String[] arguments) throws Exception {
    if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
      // The broker logs every segment roll and group change at INFO; the report is what matters here.
      System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    }
    Function<String, String> settings = BenchmarkSettings.values(arguments, HELP);
    int warmupPercent = BenchmarkSettings.integer(settings, "kafkaWarmupPercent", 20);
    int rounds = BenchmarkSettings.integer(settings, "kafkaRounds", 3);
    // Every send waits for its acknowledgement, so the send size decides the transport's rate: both a small
    // and a worker-sized send (about 1 MiB, 6.4 MiB) per message size, each against its own raw rounds.
    List<Size> sizes = new ArrayList<>();
    for (int batch : BenchmarkSettings.integers(settings, "kafkaBatch1k", "100,1000")) {
      sizes.add(new Size(1024, BenchmarkSettings.integer(settings, "kafkaMessages1k", 200_000), batch));
    }
    for (int batch : BenchmarkSettings.integers(settings, "kafkaBatch64k", "10,100")) {
      sizes.add(new Size(64 * 1024, BenchmarkSettings.integer(settings, "kafkaMessages64k", 4_000), batch));
    }
    String reportSetting = settings.apply("kafkaReport");
    Path report = Path.of(reportSetting == null ? "benchmarks/target/kafka-transport-report.md" : reportSetting);
    if (rounds <= 0) {
      throw new IllegalArgumentException("kafkaRounds must be positive, not " + rounds);
    }
    if (warmupPercent < 0) {
      throw new IllegalArgumentException("kafkaWarmupPercent must not be negative, not " + warmupPercent);
    }
    for (Size size : sizes) {
      if (size.messages() <= 0 || size.batch() <= 0) {
        throw new IllegalArgumentException("messages and batch must be positive: " + size);
      }
    }

    Instant started = Instant.now();
    double loadAtStart = Report.Machine.loadAverage();
    long runStart = System.nanoTime();
    StringBuilder rows = new StringBuilder();
    StringBuilder goals = new StringBuilder();
    try (KafkaClusterTestKit broker = startBroker()) {
      String bootstrap = broker.bootstrapServers();
      System.out.printf(Locale.ROOT, "KRaft broker at %s up after %.1f s%n", bootstrap, (System.nanoTime() - runStart) / 1e9);
      try (Admin admin = Admin.create(Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
        for (Size size : sizes) {
          int warmup = (int) ((long) size.messages() * warmupPercent / 100);
          if (warmup > 0) {
            // Warm-up of both paths (JIT, connections, the broker's log), untimed.
            raw(admin, bootstrap, size.bytes(), warmup, "warm");
            transport(admin, bootstrap, size.bytes(), warmup, size.batch(), "warm");
          }
          List<Result> raws = new ArrayList<>();
          List<Result> transports = new ArrayList<>();
          List<Double> ratios = new ArrayList<>();
          for (int round = 1; round <= rounds; round++) {
            Result raw = raw(admin, bootstrap, size.bytes(), size.messages(), "run" + round);
            Result transport = transport(admin, bootstrap, size.bytes(), size.messages(), size.batch(), "run" + round);
            raws.add(raw);
            transports.add(transport);
            ratios.add(transport.perSecond() / raw.perSecond());
            System.out.printf(Locale.ROOT, "%d KiB round %d: raw %,.0f msg/s, transport %,.0f msg/s, ratio %.2f%n", size.bytes() / 1024,
                round, raw.perSecond(), transport.perSecond(), ratios.get(ratios.size() - 1));
          }
          double ratio = median(ratios);
          String perRound = ratios.stream().map(r -> String.format(Locale.ROOT, "%.2f", r)).collect(Collectors.joining(", "));
          rows.append(row(size, "raw kafka-clients (produce, flush, then consume)", medianResult(raws), "(baseline)"));
          rows.append(row(size, "KafkaTransport (send batches of " + size.batch() + ", poll + commit concurrently)", medianResult(transports),
              String.format(Locale.ROOT, "**%.2f** of raw (rounds: %s)", ratio, perRound)));
          goals.append(String.format(Locale.ROOT, "- %d KiB: transport/raw = %.2f, goal >= %.2f: %s%n", size.bytes() / 1024, ratio,
              GOAL, ratio >= GOAL ? "met" : "NOT met"));
        }
      }
    }
    String text = "# Kafka transport\n\nMeasured " + started + " by `org.arangosync.benchmarks.KafkaTransportBenchmark` in "
        + String.format(Locale.ROOT, "%.0f", (System.nanoTime() - runStart) / 1e9) + " s: one KRaft broker (combined node, "
        + "plaintext) and all clients in this JVM, " + Runtime.getRuntime().availableProcessors() + " cores, load average "
        + String.format(Locale.ROOT, "%.2f at the start, %.2f at the end", loadAtStart, Report.Machine.loadAverage())
        + ", warm-up round of " + warmupPercent + "% first, then " + rounds + " rounds of raw followed by transport; rows show the "
        + "median round, the ratio is the median of the rounds' ratios. Raw: plain KafkaProducer (acks=all, idempotent, linger 2 ms, 256 KiB batches) then "
        + "KafkaConsumer (commit once at the end), timed together. Transport: producer and consumer concurrently, a commit after "
        + "every poll, timed until everything is received and committed. MB = 10^6 bytes of payload.\n\n"
        + "| message | path | messages | seconds | messages/s | MB/s | ratio |\n|---|---|---:|---:|---:|---:|---|\n" + rows
        + "\nGoal: the transport at least " + String.format(Locale.ROOT, "%.2f", GOAL) + " of raw messages/s.\n\n" + goals;
    Files.createDirectories(report.toAbsolutePath().getParent());
    Files.writeString(report, text);
    System.out.println(text);
  }

  private static KafkaClusterTestKit startBroker() throws Exception {
    TestKitNodes nodes = new TestKitNodes.Builder().setCombined(true).setNumBrokerNodes(1).setNumControllerNodes(1).build();
    KafkaClusterTestKit cluster = new KafkaClusterTestKit.Builder(nodes)
        .setConfigProp("offsets.topic.replication.factor", "1")
        .setConfigProp("offsets.topic.num.partitions", "3")
        .setConfigProp("group.initial.rebalance.delay.ms", "0")
        .build();
    cluster.format();
    cluster.startup();
    cluster.waitForReadyBrokers();
    return cluster;
  }

  private static String row(Size size, String path, Result result, String ratio) {
    return String.format(Locale.ROOT, "| %d KiB | %s | %,d | %.2f | %,.0f | %.1f | %s |%n", size.bytes() / 1024, path,
        result.messages(), result.seconds(), result.perSecond(), result.megabytesPerSecond(), ratio);
  }

  /** The median (the lower middle one for an even count). */
  private static double median(List<Double> values) {
    List<Double> sorted = values.stream().sorted().toList();
    return sorted.get((sorted.size() - 1) / 2);
  }

  /** The measurement with the median rate. */
  private static Result medianResult(List<Result> results) {
    List<Result> sorted = results.stream().sorted(Comparator.comparingDouble(Result::perSecond)).toList();
    return sorted.get((sorted.size() - 1) / 2);
  }

  /** Produce {@code messages} records with the transport's producer settings, flush, then read them all and commit. */
  private static Result raw(Admin admin, String bootstrap, int size, int messages, String round) throws Exception {
    String topic = "raw-" + size + "-" + round + "-" + System.nanoTime();
    createTopic(admin, topic);
    TopicPartition partition = new TopicPartition(topic, 0);
    byte[] payload = new byte[size];
    new Random(size).nextBytes(payload);
    AtomicReference<Exception> failure = new AtomicReference<>();
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerProperties(bootstrap), new ByteArraySerializer(),
        new ByteArraySerializer());
        KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerProperties(bootstrap, "raw-" + topic),
            new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      consumer.assign(List.of(partition));
      consumer.seekToBeginning(List.of(partition));
      long start = System.nanoTime();
      for (int i = 0; i < messages; i++) {
        producer.send(new ProducerRecord<>(topic, 0, null, payload), (metadata, e) -> {
          if (e != null) {
            failure.compareAndSet(null, e);
          }
        });
      }
      producer.flush();
      if (failure.get() != null) {
        throw new IllegalStateException("the raw producer failed", failure.get());
      }
      long received = 0;
      long bytes = 0;
      long lastOffset = -1;
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (received < messages) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofSeconds(1)).records(partition)) {
          received++;
          bytes += record.value().length;
          lastOffset = record.offset();
        }
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("raw consumer got " + received + " of " + messages + " records within " + WAIT);
        }
      }
      consumer.commitSync(Map.of(partition, new OffsetAndMetadata(lastOffset + 1)));
      double seconds = (System.nanoTime() - start) / 1e9;
      if (received != messages || bytes != (long) messages * size) {
        throw new IllegalStateException("raw consumer got " + received + " records of " + bytes + " bytes, expected " + messages);
      }
      return new Result(received, bytes, seconds);
    } finally {
      deleteTopic(admin, topic);
    }
  }

  /** Creates a one-partition topic and waits until the broker describes it. */
  private static void createTopic(Admin admin, String topic) throws Exception {
    admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (true) {
      try {
        admin.describeTopics(List.of(topic)).allTopicNames().get();
        return;
      } catch (java.util.concurrent.ExecutionException e) {
        if (!(e.getCause() instanceof org.apache.kafka.common.errors.UnknownTopicOrPartitionException) || System.nanoTime() > deadline) {
          throw e;
        }
        Thread.sleep(10);
      }
    }
  }

  /**
   * Drops a measurement's topic, so that every measurement finds the broker in the same state.
   * Best effort: after a failed measurement the topic may not exist, and that failure is the one to report.
   */
  private static void deleteTopic(Admin admin, String topic) throws InterruptedException {
    try {
      admin.deleteTopics(List.of(topic)).all().get();
    } catch (java.util.concurrent.ExecutionException e) {
      System.err.println("could not delete topic " + topic + ": " + e.getCause());
    }
  }

  /**
   * A producer thread sends batches of envelopes; this thread polls, checks the order and commits
   * after every poll. A fresh transport over a fresh topic (one partition), so that the consumer
   * reads this channel's records only.
   */
  private static Result transport(Admin admin, String bootstrap, int size, int messages, int batchSize, String round)
      throws Exception {
    String topic = "transport-" + size + "-" + round + "-" + System.nanoTime();
    // Created here rather than by the transport: KafkaTransport.discover() describes a topic right after creating it
    // and fails with a NullPointerException when the broker does not list it yet (seen in about one of ten runs here).
    createTopic(admin, topic);
    KafkaTransport.Settings settings = new KafkaTransport.Settings(bootstrap, List.of(topic), "", null, true, 1 << 20, 1L << 30,
        32L << 20, "bench.", 1, Duration.ofSeconds(30), Map.of());
    byte[] payload = new byte[size];
    new Random(size).nextBytes(payload);
    ShardRef shard = new ShardRef("db", "c", 0);
    ChannelName channel = new ChannelName("bench." + size + "." + round);
    try (KafkaTransport transport = new KafkaTransport(settings);
        ChannelProducer producer = transport.producer(channel);
        ChannelConsumer consumer = transport.consumer(channel, producer.access())) {
      long start = System.nanoTime();
      CompletableFuture<Void> sending = CompletableFuture.runAsync(() -> {
        try {
          for (long sent = 0; sent < messages; ) {
            List<Envelope> batch = new ArrayList<>(batchSize);
            for (int i = 0; i < batchSize && sent < messages; i++, sent++) {
              batch.add(new Envelope(channel, MessageKind.DATA, shard, new Tick(sent + 1), new Tick(sent + 1), payload));
            }
            producer.send(batch, WAIT);
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted while sending", e);
        }
      });
      long received = 0;
      long bytes = 0;
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (received < messages) {
        if (sending.isCompletedExceptionally()) {
          sending.join();
        }
        List<ChannelConsumer.Delivery> batch = consumer.poll(1000, Duration.ofSeconds(1));
        for (ChannelConsumer.Delivery delivery : batch) {
          if (delivery.envelope().fromTick().value() != ++received) {
            throw new IllegalStateException("out of order at " + received + ": " + delivery.envelope());
          }
          bytes += delivery.envelope().payload().length;
        }
        if (!batch.isEmpty()) {
          consumer.commit(batch.get(batch.size() - 1).offset());
        }
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("transport consumer got " + received + " of " + messages + " messages within " + WAIT);
        }
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      sending.get();
      if (bytes != (long) messages * size) {
        throw new IllegalStateException("transport consumer got " + bytes + " payload bytes, expected " + (long) messages * size);
      }
      return new Result(received, bytes, seconds);
    } finally {
      deleteTopic(admin, topic);
    }
  }

  /** The settings of KafkaClients.producer in the transport bundle (plaintext, 1 MiB requests, 32 MiB buffer). */
  private static Map<String, Object> producerProperties(String bootstrap) {
    Map<String, Object> properties = new HashMap<>();
    properties.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    properties.put(CommonClientConfigs.METRIC_REPORTER_CLASSES_CONFIG, "");
    properties.put(ProducerConfig.ACKS_CONFIG, "all");
    properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    properties.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
    properties.put(ProducerConfig.LINGER_MS_CONFIG, 2);
    properties.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
    properties.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 1 << 20);
    properties.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 32L << 20);
    properties.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "none");
    return properties;
  }

  /** The settings of KafkaClients.consumer in the transport bundle. */
  private static Map<String, Object> consumerProperties(String bootstrap, String group) {
    Map<String, Object> properties = new HashMap<>();
    properties.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    properties.put(CommonClientConfigs.METRIC_REPORTER_CLASSES_CONFIG, "");
    properties.put(ConsumerConfig.GROUP_ID_CONFIG, group);
    properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    properties.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 100);
    return properties;
  }
}
