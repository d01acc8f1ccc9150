package org.arangosync.api.spi.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.arangosync.api.Tick;
import org.arangosync.api.spi.store.ShardRef;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What every transport guarantees (see {@link Transport}), as tests that each transport's test
 * class inherits: order per channel, at-least-once across a consumer restart, commit and rewind,
 * long polling, backpressure, large messages, refused credentials.
 */
public abstract class TransportContract {

  private static final Duration WAIT = Duration.ofSeconds(20);

  private final ExecutorService background = Executors.newCachedThreadPool();
  private final List<AutoCloseable> toClose = new ArrayList<>();

  /** A transport for one test; closed by the subclass after the test. */
  protected abstract Transport transport();

  /**
   * A transport whose channels keep at most about {@code bytes} that no consumer committed, after
   * which {@link ChannelProducer#send} waits.
   */
  protected abstract Transport boundedTransport(long bytes);

  /** {@code access} with credentials the channel must refuse. */
  protected abstract ChannelAccess withWrongCredentials(ChannelAccess access);

  @AfterEach
  void closeEnds() throws Exception {
    background.shutdownNow();
    for (AutoCloseable closeable : toClose) {
      closeable.close();
    }
  }

  protected static ChannelName channel(String suffix) {
    return new ChannelName("contract." + suffix + "." + Long.toHexString(System.nanoTime()));
  }

  protected static Envelope data(ChannelName channel, int n, int payloadBytes) {
    byte[] payload = payloadBytes < 0 ? ("doc " + n).getBytes(StandardCharsets.UTF_8) : new byte[payloadBytes];
    if (payloadBytes > 0) {
      new Random(n).nextBytes(payload);
    }
    return new Envelope(channel, MessageKind.DATA, new ShardRef("db", "c", 0), new Tick(n), new Tick(n), payload);
  }

  private ChannelProducer producer(Transport transport, ChannelName channel) {
    ChannelProducer producer = transport.producer(channel);
    toClose.add(producer);
    return producer;
  }

  private ChannelConsumer consumer(Transport transport, ChannelName channel, ChannelAccess access) {
    ChannelConsumer consumer = transport.consumer(channel, access);
    toClose.add(consumer);
    return consumer;
  }

  /** Polls until {@code count} messages came, committing nothing. */
  private static List<ChannelConsumer.Delivery> receive(ChannelConsumer consumer, int count) throws InterruptedException {
    List<ChannelConsumer.Delivery> received = new ArrayList<>();
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (received.size() < count && System.nanoTime() < deadline) {
      received.addAll(consumer.poll(count - received.size(), Duration.ofMillis(500)));
    }
    return received;
  }

  @Test
  void messagesArriveInOrderPerChannelWithGrowingOffsets() throws Exception {
    Transport transport = transport();
    ChannelName first = channel("first");
    ChannelName second = channel("second");
    ChannelProducer a = producer(transport, first);
    ChannelProducer b = producer(transport, second);
    for (int batch = 0; batch < 20; batch++) {
      List<Envelope> forA = new ArrayList<>();
      List<Envelope> forB = new ArrayList<>();
      for (int i = 0; i < 25; i++) {
        forA.add(data(first, batch * 25 + i, -1));
        forB.add(data(second, 100_000 + batch * 25 + i, -1));
      }
      a.send(forA, WAIT);
      b.send(forB, WAIT);
    }
    for (ChannelProducer producer : List.of(a, b)) {
      List<ChannelConsumer.Delivery> received = receive(consumer(transport, producer.channel(), producer.access()), 500);
      assertThat(received).hasSize(500);
      long base = producer == a ? 0 : 100_000;
      for (int i = 0; i < received.size(); i++) {
        assertThat(received.get(i).envelope()).isEqualTo(data(producer.channel(), (int) base + i, -1));
        if (i > 0) {
          assertThat(received.get(i).offset()).isGreaterThan(received.get(i - 1).offset());
        }
      }
    }
  }

  @Test
  void aNewConsumerStartsAfterTheLastCommitAndGetsTheRestAgain() throws Exception {
    Transport transport = transport();
    ChannelName name = channel("restart");
    ChannelProducer producer = producer(transport, name);
    List<Envelope> sent = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      sent.add(data(name, i, -1));
    }
    producer.send(sent, WAIT);
    ChannelConsumer first = consumer(transport, name, producer.access());
    List<ChannelConsumer.Delivery> all = receive(first, 100);
    assertThat(all).hasSize(100);
    first.commit(all.get(39).offset());
    first.close();

    ChannelConsumer second = consumer(transport, name, producer.access());
    List<ChannelConsumer.Delivery> again = receive(second, 60);
    assertThat(again).extracting(ChannelConsumer.Delivery::envelope).containsExactlyElementsOf(sent.subList(40, 100));
    assertThat(second.poll(10, Duration.ofMillis(200))).as("nothing beyond what was sent").isEmpty();
  }

  @Test
  void rewindDeliversWhatWasNotCommittedAndCommitsAreCumulative() throws Exception {
    Transport transport = transport();
    ChannelName name = channel("rewind");
    ChannelProducer producer = producer(transport, name);
    List<Envelope> sent = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      sent.add(data(name, i, -1));
    }
    producer.send(sent, WAIT);
    ChannelConsumer consumer = consumer(transport, name, producer.access());
    List<ChannelConsumer.Delivery> firstTen = receive(consumer, 10);
    consumer.commit(firstTen.get(9).offset());
    List<ChannelConsumer.Delivery> next = receive(consumer, 20);
    assertThat(next).extracting(ChannelConsumer.Delivery::envelope).containsExactlyElementsOf(sent.subList(10, 30));

    consumer.rewind();
    assertThat(receive(consumer, 20)).extracting(ChannelConsumer.Delivery::envelope).containsExactlyElementsOf(sent.subList(10, 30));
    consumer.commit(next.get(19).offset());
    consumer.commit(firstTen.get(5).offset()); // an older offset changes nothing
    consumer.rewind();
    assertThat(consumer.poll(10, Duration.ofMillis(200))).isEmpty();
  }

  @Test
  void aWaitingPollReturnsAsSoonAsAMessageIsSent() throws Exception {
    Transport transport = transport();
    ChannelName name = channel("longpoll");
    ChannelProducer producer = producer(transport, name);
    ChannelConsumer consumer = consumer(transport, name, producer.access());
    assertThat(consumer.poll(1, Duration.ofMillis(100))).isEmpty();
    CompletableFuture<List<ChannelConsumer.Delivery>> waiting = CompletableFuture.supplyAsync(() -> {
      try {
        return consumer.poll(1, Duration.ofSeconds(50));
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    }, background);
    producer.send(List.of(data(name, 1, -1)), WAIT);
    // Far less than the 50 s the poll may wait: it is woken by the message, not by its timeout.
    Awaitility.await("the waiting poll to return the new message").atMost(Duration.ofSeconds(15)).until(waiting::isDone);
    assertThat(waiting.get(1, TimeUnit.SECONDS)).extracting(ChannelConsumer.Delivery::envelope).containsExactly(data(name, 1, -1));
  }

  @Test
  void aFullChannelMakesTheProducerWaitUntilTheConsumerCommits() throws Exception {
    Transport transport = boundedTransport(64 * 1024);
    ChannelName name = channel("full");
    ChannelProducer producer = producer(transport, name);
    List<Envelope> sent = new ArrayList<>();
    for (int i = 0; i < 16; i++) {
      sent.add(data(name, i, 8 * 1024));
    }
    producer.send(sent.subList(0, 4), WAIT);
    assertThatThrownBy(() -> producer.send(sent.subList(4, 16), Duration.ofMillis(300)))
        .isInstanceOf(TransportException.class).hasMessageContaining(name.value());

    ChannelConsumer consumer = consumer(transport, name, producer.access());
    CompletableFuture<Long> sending = CompletableFuture.supplyAsync(() -> {
      try {
        return producer.send(sent.subList(4, 16), WAIT);
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    }, background);
    List<Envelope> received = new ArrayList<>();
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!sending.isDone() || !received.containsAll(sent)) {
      assertThat(System.nanoTime()).as("all sent and received within %s", WAIT).isLessThan(deadline);
      List<ChannelConsumer.Delivery> batch = consumer.poll(4, Duration.ofMillis(500));
      batch.forEach(delivery -> received.add(delivery.envelope()));
      if (!batch.isEmpty()) {
        consumer.commit(batch.get(batch.size() - 1).offset());
      }
    }
    assertThat(sending.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isPositive();
    // At least once: the first refused send may have left a prefix, sent again above.
    assertThat(received).containsSubsequence(sent.subList(4, 16)).startsWith(sent.get(0));
  }

  @Test
  void largeMessagesArriveWhole() throws Exception {
    Transport transport = transport();
    ChannelName name = channel("large");
    ChannelProducer producer = producer(transport, name);
    List<Envelope> sent = List.of(data(name, 1, 12 << 20), data(name, 2, 10), data(name, 3, 3 << 20));
    producer.send(sent, WAIT);
    List<ChannelConsumer.Delivery> received = receive(consumer(transport, name, producer.access()), 3);
    assertThat(received).extracting(ChannelConsumer.Delivery::envelope).containsExactlyElementsOf(sent);
  }

  @Test
  void wrongCredentialsAreRefusedWithAClearError() throws Exception {
    Transport transport = transport();
    ChannelName name = channel("refused");
    ChannelProducer producer = producer(transport, name);
    producer.send(List.of(data(name, 1, -1)), WAIT);
    ChannelConsumer intruder = consumer(transport, name, withWrongCredentials(producer.access()));
    assertThatThrownBy(() -> intruder.poll(1, Duration.ofSeconds(1))).isInstanceOf(TransportException.class)
        .hasMessageContaining(name.value());
    assertThat(receive(consumer(transport, name, producer.access()), 1)).hasSize(1);
  }
}
