package org.arangosync.transport.kafka.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import kafka.server.BrokerServer;
import org.arangosync.api.Tick;
import org.arangosync.api.spi.store.ShardRef;
import org.arangosync.api.spi.transport.ChannelConsumer;
import org.arangosync.api.spi.transport.ChannelName;
import org.arangosync.api.spi.transport.ChannelProducer;
import org.arangosync.api.spi.transport.Envelope;
import org.arangosync.api.spi.transport.EnvelopeException;
import org.arangosync.api.spi.transport.MessageKind;
import org.arangosync.api.spi.transport.MessageTooLargeException;
import org.arangosync.api.spi.transport.TransportException;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What is particular to Kafka: a broker restart mid-stream, chunking on and off, bad configuration and bad records. */
class KafkaTransportTest {

  private static final Duration WAIT = Duration.ofSeconds(30);

  private static TestBroker broker;
  private final List<AutoCloseable> toClose = new ArrayList<>();
  private final ExecutorService background = Executors.newCachedThreadPool();

  @TempDir Path dir;

  @BeforeAll
  static void startBroker() throws Exception {
    broker = TestBroker.plaintext();
  }

  @AfterAll
  static void stopBroker() throws Exception {
    broker.close();
  }

  @AfterEach
  void close() throws Exception {
    background.shutdownNow();
    for (AutoCloseable each : toClose) {
      each.close();
    }
  }

  private <T extends AutoCloseable> T closing(T closeable) {
    toClose.add(closeable);
    return closeable;
  }

  private KafkaTransport transport(List<String> topics, boolean chunking) {
    return closing(new KafkaTransport(broker.settings(topics, chunking, 1L << 30)));
  }

  private static ChannelName channel(String name) {
    return new ChannelName("kafka." + name + "." + Long.toHexString(System.nanoTime()));
  }

  private static Envelope data(ChannelName channel, int n, int payloadBytes) {
    byte[] payload = payloadBytes < 0 ? ("doc " + n).getBytes(StandardCharsets.UTF_8) : new byte[payloadBytes];
    for (int i = 0; i < payload.length && payloadBytes > 0; i++) {
      payload[i] = (byte) (n * 31 + i);
    }
    return new Envelope(channel, MessageKind.DATA, new ShardRef("db", "c", 0), new Tick(n), new Tick(n), payload);
  }

  /** Polls until at least {@code count} envelopes came (committing nothing). */
  private static List<Envelope> receive(ChannelConsumer consumer, int count) {
    List<Envelope> received = new ArrayList<>();
    Awaitility.await().atMost(WAIT).until(() -> {
      consumer.poll(10, Duration.ofMillis(200)).forEach(delivery -> received.add(delivery.envelope()));
      return received.size() >= count;
    });
    return received;
  }

  @Test
  void aBrokerRestartInTheMiddleOfAStreamLosesNothingAndKeepsTheOrder() throws Exception {
    KafkaTransport transport = transport(List.of("restart-1"), true);
    ChannelName name = channel("restart");
    ChannelProducer producer = closing(transport.producer(name));
    int total = 3000;
    CompletableFuture<Integer> sending = CompletableFuture.supplyAsync(() -> {
      int retries = 0;
      for (int from = 0; from < total; from += 50) {
        List<Envelope> batch = new ArrayList<>();
        for (int i = from; i < from + 50; i++) {
          batch.add(data(name, i, 200));
        }
        while (true) {
          try {
            producer.send(batch, Duration.ofSeconds(5));
            break;
          } catch (TransportException e) {
            retries++; // at least once: the whole batch again
          } catch (InterruptedException e) {
            throw new IllegalStateException(e);
          }
        }
      }
      return retries;
    }, background);

    ChannelConsumer consumer = closing(transport.consumer(name, producer.access()));
    List<Integer> received = new ArrayList<>();
    Set<Integer> distinct = new LinkedHashSet<>();
    boolean restarted = false;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (distinct.size() < total) {
      assertThat(System.nanoTime()).as("all %d messages within 120 s; have %d", total, distinct.size()).isLessThan(deadline);
      List<ChannelConsumer.Delivery> batch;
      try {
        batch = consumer.poll(100, Duration.ofMillis(500));
        if (!batch.isEmpty()) {
          consumer.commit(batch.get(batch.size() - 1).offset());
        }
      } catch (TransportException e) {
        consumer.rewind(); // broker away during a commit: read again from the last commit
        continue;
      }
      batch.forEach(delivery -> {
        received.add((int) delivery.envelope().fromTick().value());
        distinct.add((int) delivery.envelope().fromTick().value());
      });
      if (!restarted && distinct.size() > total / 3) {
        restarted = true;
        BrokerServer server = broker.cluster.brokers().values().iterator().next();
        server.shutdown();
        server.awaitShutdown();
        server.startup();
      }
    }
    assertThat(restarted).isTrue();
    assertThat(sending.get(60, TimeUnit.SECONDS)).isGreaterThanOrEqualTo(0);
    // Duplicates may come (a batch sent again, a commit lost), but never a gap or a step back past what was seen.
    int highest = -1;
    for (int n : received) {
      assertThat(n).as("no message skipped after %d", highest).isLessThanOrEqualTo(highest + 1);
      highest = Math.max(highest, n);
    }
    assertThat(distinct).hasSize(total);
  }

  @Test
  void withChunkingOffATooLargeMessageFailsNamingItsSizeAndTheChannelGoesOn() throws Exception {
    KafkaTransport transport = transport(List.of("nochunks-1"), false);
    ChannelName name = channel("nochunks");
    ChannelProducer producer = closing(transport.producer(name));
    Envelope small = data(name, 1, 1000);
    Envelope large = data(name, 2, 2 << 20);
    assertThatThrownBy(() -> producer.send(List.of(small, large), WAIT)).isInstanceOfSatisfying(MessageTooLargeException.class,
        e -> {
          assertThat(e.size()).isEqualTo(large.encode().length);
          assertThat(e.limit()).isLessThan(1 << 20);
          assertThat(e).hasMessageContaining(name.value()).hasMessageContaining("chunking is off")
              .hasMessageContaining("reset the failed shard");
        });
    producer.send(List.of(data(name, 3, 1000)), WAIT);
    ChannelConsumer consumer = closing(transport.consumer(name, producer.access()));
    List<Envelope> received = receive(consumer, 2);
    // The message before the large one may have gone out; the large one never.
    assertThat(received).containsExactly(small, data(name, 3, 1000));
  }

  @Test
  void chunksFollowTheTopicsMaximumRecordSize() throws Exception {
    String topic = "small-records-" + Long.toHexString(System.nanoTime());
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
      admin.createTopics(List.of(new NewTopic(topic, Optional.of(1), Optional.empty())
          .configs(Map.of("max.message.bytes", Integer.toString(64 * 1024))))).all().get(30, TimeUnit.SECONDS);
    }
    KafkaTransport transport = transport(List.of(topic), true);
    ChannelName name = channel("small-records");
    ChannelProducer producer = closing(transport.producer(name));
    List<Envelope> sent = List.of(data(name, 1, 300 * 1024), data(name, 2, 10), data(name, 3, 64 * 1024));
    producer.send(sent, WAIT);
    ChannelConsumer consumer = closing(transport.consumer(name, producer.access()));
    List<Envelope> received = receive(consumer, 3);
    assertThat(received).containsExactlyElementsOf(sent);
  }

  @Test
  void aCorruptOrNewerRecordStopsTheChannelThereWithNothingCommitted() throws Exception {
    KafkaTransport transport = transport(List.of("corrupt-1"), true);
    ChannelName name = channel("corrupt");
    ChannelProducer producer = closing(transport.producer(name));
    producer.send(List.of(data(name, 1, -1)), WAIT);
    TopicPartition partition = new TopicPartition(producer.access().require(KafkaTransport.TOPIC),
        Integer.parseInt(producer.access().require(KafkaTransport.PARTITION)));
    byte[] newer = data(name, 2, -1).encode();
    newer[3] = (byte) (Envelope.FORMAT_VERSION + 1);
    try (KafkaProducer<byte[], byte[]> raw = new KafkaProducer<>(Map.of("bootstrap.servers", broker.bootstrapServers()),
        new org.apache.kafka.common.serialization.ByteArraySerializer(), new org.apache.kafka.common.serialization.ByteArraySerializer())) {
      raw.send(new ProducerRecord<>(partition.topic(), partition.partition(), KafkaTransport.key(name), newer)).get(30, TimeUnit.SECONDS);
    }
    producer.send(List.of(data(name, 3, -1)), WAIT);

    ChannelConsumer consumer = closing(transport.consumer(name, producer.access()));
    List<ChannelConsumer.Delivery> first = new ArrayList<>();
    Awaitility.await().atMost(WAIT).until(() -> {
      first.addAll(consumer.poll(10, Duration.ofMillis(200)));
      return !first.isEmpty();
    });
    assertThat(first).extracting(ChannelConsumer.Delivery::envelope).containsExactly(data(name, 1, -1));
    consumer.commit(first.get(0).offset());
    for (int attempt = 0; attempt < 2; attempt++) {
      assertThatThrownBy(() -> consumer.poll(10, Duration.ofSeconds(2))).isInstanceOf(EnvelopeException.class)
          .hasMessageContaining(name.value()).hasMessageContaining("newer").hasMessageContaining("upgrade");
    }
    consumer.rewind();
    assertThatThrownBy(() -> consumer.poll(10, Duration.ofSeconds(2))).as("after a rewind it is met again")
        .isInstanceOf(EnvelopeException.class);
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
      assertThat(KafkaTransport.committedPosition(admin, producer.access().require(KafkaTransport.GROUP), partition, WAIT))
          .as("the channel stays where it was").isEqualTo(first.get(0).offset() + 1);
    }
  }

  @Test
  void anUnreachableBrokerIsNamedByProducerAndConsumer() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    KafkaTransport.Settings good = broker.settings(List.of("nowhere-1"), true, 1L << 30);
    KafkaTransport nowhere = closing(new KafkaTransport(new KafkaTransport.Settings("127.0.0.1:" + closedPort, good.topics(), "", null,
        true, 1 << 20, 1L << 30, 32L << 20, "test.", 1, Duration.ofSeconds(2), Map.of())));
    ChannelName name = channel("nowhere");
    assertThatThrownBy(() -> nowhere.producer(name)).isInstanceOf(TransportException.class)
        .hasMessageContaining("127.0.0.1:" + closedPort).hasMessageContaining("--mq.kafka-addr");

    ChannelProducer producer = closing(transport(good.topics(), true).producer(name));
    Map<String, String> access = new java.util.HashMap<>(producer.access().properties());
    access.put(KafkaTransport.KAFKA_ADDR, "127.0.0.1:" + closedPort);
    ChannelConsumer consumer = closing(nowhere.consumer(name, new org.arangosync.api.spi.transport.ChannelAccess(access)));
    assertThatThrownBy(() -> consumer.poll(1, Duration.ofSeconds(1))).isInstanceOf(TransportException.class)
        .hasMessageContaining(name.value());
  }

  @Test
  void badConfigurationIsRefusedWithWhatToDo() throws IOException {
    assertThatThrownBy(() -> TransportTopics.of(List.of(), "")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--mq.transport-topic").hasMessageContaining("--mq.transport-topicsfile");
    assertThatThrownBy(() -> TransportTopics.of(List.of("ok", "not ok"), "")).hasMessageContaining("'not ok'")
        .hasMessageContaining("--mq.transport-topic");
    assertThatThrownBy(() -> TransportTopics.of(List.of(), dir.resolve("missing.txt").toString()))
        .hasMessageContaining("missing.txt").hasMessageContaining("--mq.transport-topicsfile");
    Path file = Files.writeString(dir.resolve("topics.txt"), "# transport topics of dc-a\ndc-a-1\n\n  dc-a-2  \ndc-a-1\nbad/name\n");
    assertThatThrownBy(() -> TransportTopics.of(List.of(), file.toString())).hasMessageContaining("topics.txt line 6");
    Files.writeString(file, "# transport topics of dc-a\ndc-a-1\n\n  dc-a-2  \ndc-a-1\n");
    assertThat(TransportTopics.of(List.of("dc-a-0"), file.toString())).containsExactly("dc-a-0", "dc-a-1", "dc-a-2");

    KafkaTransport.Settings good = broker.settings(List.of("t"), true, 1);
    assertThatThrownBy(() -> new KafkaTransport.Settings(" ", good.topics(), "", null, true, 1 << 20, 1, 1 << 20, "p", 1,
        Duration.ofSeconds(1), Map.of())).hasMessageContaining("--mq.kafka-addr");
    assertThatThrownBy(() -> new KafkaTransport.Settings("h:1", List.of(), "", null, true, 1 << 20, 1, 1 << 20, "p", 1,
        Duration.ofSeconds(1), Map.of())).hasMessageContaining("--mq.transport-topic");
  }

  @Test
  void missingTopicsAreCreatedOrNamed() {
    String topic = "absent-" + Long.toHexString(System.nanoTime());
    KafkaTransport.Settings base = broker.settings(List.of(topic), true, 1L << 30);
    KafkaTransport strict = closing(new KafkaTransport(new KafkaTransport.Settings(base.bootstrapServers(), base.topics(), "", null,
        true, 1 << 20, 1L << 30, 32L << 20, "test.", 0, Duration.ofSeconds(20), Map.of())));
    assertThatThrownBy(() -> strict.producer(channel("absent"))).isInstanceOf(TransportException.class)
        .hasMessageContaining(topic).hasMessageContaining("do not exist");
    assertThat(transport(List.of(topic), true).producer(channel("absent")).access().require(KafkaTransport.TOPIC)).isEqualTo(topic);
  }

  @Test
  void channelsSpreadOverAllPartitionsOfAllTopics() {
    KafkaTransport transport = transport(List.of("spread-1", "spread-2"), true);
    Set<String> used = new java.util.HashSet<>();
    for (int i = 0; i < 200; i++) {
      var access = transport.producer(new ChannelName("spread." + i)).access();
      used.add(access.require(KafkaTransport.TOPIC) + "/" + access.require(KafkaTransport.PARTITION));
    }
    assertThat(used).hasSize(6);
  }
}
