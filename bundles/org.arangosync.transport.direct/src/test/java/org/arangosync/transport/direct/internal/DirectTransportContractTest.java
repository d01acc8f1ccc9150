package org.arangosync.transport.direct.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.arangosync.api.spi.transport.ChannelAccess;
import org.arangosync.api.spi.transport.ChannelConsumer;
import org.arangosync.api.spi.transport.ChannelName;
import org.arangosync.api.spi.transport.ChannelProducer;
import org.arangosync.api.spi.transport.Envelope;
import org.arangosync.api.spi.transport.EnvelopeException;
import org.arangosync.api.spi.transport.Transport;
import org.arangosync.api.spi.transport.TransportContract;
import org.arangosync.api.spi.transport.TransportException;
import org.arangosync.certificates.CertificateIssuer;
import org.arangosync.certificates.Issued;
import org.arangosync.certificates.KeyType;
import org.arangosync.certificates.Pem;
import org.arangosync.certificates.Purpose;
import org.arangosync.rest.RestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The direct transport against the contract, for real: producer and consumer talk HTTPS with
 * mutual TLS through the product's REST server, with channel tokens.
 */
class DirectTransportContractTest extends TransportContract {

  private static final CertificateIssuer ISSUER = new CertificateIssuer();
  private static Issued ca;
  private static Issued serverKeyfile;
  private static Issued clientKeyfile;

  @TempDir Path dir;

  private final List<Running> running = new ArrayList<>();

  private record Running(RestServer server, DirectTransport transport) {}

  @BeforeAll
  static void certificates() {
    KeyType p256 = KeyType.of("P256", 0);
    ca = ISSUER.createCa("direct-mq test CA", Duration.ofDays(1), p256);
    serverKeyfile = ISSUER.issue(ca, Purpose.SERVER, List.of("127.0.0.1"), List.of(), Duration.ofDays(1), p256);
    clientKeyfile = ISSUER.issue(ca, Purpose.CLIENT, List.of("worker-b"), List.of(), Duration.ofDays(1), p256);
  }

  @AfterEach
  void stopServers() {
    for (Running each : running) {
      each.transport().close();
      each.server().close();
    }
  }

  private DirectTransport start(long memoryBytes, long diskBytes, Duration tokenTtl) {
    try {
      Path keyfile = dir.resolve("server-" + running.size() + ".keyfile");
      Files.writeString(keyfile, Pem.keyfile(serverKeyfile));
      RestServer server = RestServer.builder(keyfile).host("127.0.0.1").port(0).clientCas(List.of(ca.certificate()))
          .name("worker-" + running.size()).start();
      DirectTransport transport = new DirectTransport(new DirectTransport.Settings(List.of(server.endpoint("127.0.0.1")),
          Pem.certificates(List.of(ca.certificate())), clientKeyfile, dir.resolve("spill-" + running.size()), memoryBytes, diskBytes,
          tokenTtl));
      transport.routes().forEach(server::addRoute);
      server.addTokenAuthority(transport.tokenAuthority());
      running.add(new Running(server, transport));
      return transport;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  protected Transport transport() {
    return start(16L << 20, 1L << 30, Duration.ofHours(6));
  }

  @Override
  protected Transport boundedTransport(long bytes) {
    return start(bytes / 2, bytes / 2, Duration.ofHours(6));
  }

  @Override
  protected ChannelAccess withWrongCredentials(ChannelAccess access) {
    Map<String, String> wrong = new HashMap<>(access.properties());
    wrong.put(DirectTransport.TOKEN, "not-the-token");
    return new ChannelAccess(wrong);
  }

  @Test
  void messagesBeyondTheMemoryLimitAreSpilledAndTheSpillFilesGoOnceCommitted() throws Exception {
    DirectTransport transport = start(8 * 1024, 1L << 30, Duration.ofHours(6));
    ChannelName name = channel("spill");
    ChannelProducer producer = transport.producer(name);
    List<Envelope> sent = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      sent.add(data(name, i, 4 * 1024));
    }
    producer.send(sent, Duration.ofSeconds(10));
    Path spill = dir.resolve("spill-0");
    assertThat(spillFiles(spill)).isPositive();
    ChannelConsumer consumer = transport.consumer(name, producer.access());
    List<ChannelConsumer.Delivery> received = new ArrayList<>();
    while (received.size() < 40) {
      received.addAll(consumer.poll(40, Duration.ofSeconds(5)));
    }
    assertThat(received).extracting(ChannelConsumer.Delivery::envelope).containsExactlyElementsOf(sent);
    consumer.commit(received.get(39).offset());
    // The last file is kept open for the next spill; none of the earlier ones stays.
    assertThat(spillFiles(spill)).isLessThanOrEqualTo(1);
  }

  @Test
  void consumersWithTheWrongCaOrAnExpiredTokenAreToldWhy() throws Exception {
    DirectTransport transport = start(16L << 20, 1L << 30, Duration.ofSeconds(1));
    ChannelName name = channel("expiry");
    ChannelProducer producer = transport.producer(name);
    producer.send(List.of(data(name, 1, -1)), Duration.ofSeconds(5));
    ChannelAccess handedOut = producer.access();

    Issued otherCa = ISSUER.createCa("another CA", Duration.ofDays(1), KeyType.of("P256", 0));
    Map<String, String> wrongCa = new HashMap<>(producer.access().properties());
    wrongCa.put(DirectTransport.CA_CERTIFICATE, Pem.certificates(List.of(otherCa.certificate())));
    assertThatThrownBy(() -> transport.consumer(name, new ChannelAccess(wrongCa)).poll(1, Duration.ofSeconds(1)))
        .isInstanceOf(TransportException.class).hasMessageContaining("TLS handshake").hasMessageContaining("CA certificate");

    // Watched without using it (a consumer would renew it).
    ChannelTokens tokens = (ChannelTokens) transport.tokenAuthority();
    String token = handedOut.properties().get(DirectTransport.TOKEN);
    org.awaitility.Awaitility.await("the 1 s token to expire").atMost(Duration.ofSeconds(10))
        .until(() -> {
          try {
            tokens.verify(token);
            return false;
          } catch (org.arangosync.rest.RestException expired) {
            return true;
          }
        });
    assertThatThrownBy(() -> transport.consumer(name, handedOut).poll(1, Duration.ofMillis(100)))
        .isInstanceOf(TransportException.class).hasMessageContaining("expired");
    // Asked again, the producer hands out a token that works.
    assertThat(transport.consumer(name, producer.access()).poll(1, Duration.ofSeconds(2))).hasSize(1);
  }

  @Test
  void aTokenIsRenewedBeforeItExpiresAndClonesDieWithTheirParent() throws Exception {
    DirectTransport transport = start(16L << 20, 1L << 30, Duration.ofSeconds(2));
    ChannelName name = channel("renew");
    ChannelProducer producer = transport.producer(name);
    ChannelConsumer consumer = transport.consumer(name, producer.access());
    // Polls across several TTLs: the consumer renews at half the TTL, so it is never refused.
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    int n = 0;
    while (System.nanoTime() < deadline) {
      producer.send(List.of(data(name, ++n, -1)), Duration.ofSeconds(5));
      assertThat(consumer.poll(10, Duration.ofMillis(400))).isNotEmpty();
    }

    ChannelTokens tokens = (ChannelTokens) transport.tokenAuthority();
    String parent = tokens.issue(name);
    String clone = tokens.clone(parent);
    String secondClone = tokens.clone(parent);
    assertThat(tokens.verify(clone).allowedPaths()).contains("/_api/mq/direct/channel/" + name + "/messages");
    tokens.revoke(secondClone);
    assertThat(tokens.verify(parent)).as("revoking a clone leaves its parent").isNotNull();
    tokens.revoke(parent);
    assertThat(tokens.verify(parent)).isNull();
    assertThat(tokens.verify(clone)).as("a clone dies with its parent").isNull();
  }

  @Test
  void aCorruptMessageStopsTheConsumerThereWithTheOffset() throws Exception {
    DirectTransport transport = start(16L << 20, 1L << 30, Duration.ofHours(6));
    ChannelName name = channel("corrupt");
    ChannelProducer producer = transport.producer(name);
    producer.send(List.of(data(name, 1, -1)), Duration.ofSeconds(5));
    // What a damaged disk or a buggy peer would leave: bytes that are no envelope, behind a good one.
    transport.log(name).append(List.of(new byte[] {'A', 'S', 'E', 1, 9, 9, 9, 9, 9}), Duration.ofSeconds(5));
    ChannelConsumer consumer = transport.consumer(name, producer.access());
    List<ChannelConsumer.Delivery> first = consumer.poll(10, Duration.ofSeconds(2));
    assertThat(first).hasSize(1);
    assertThatThrownBy(() -> consumer.poll(10, Duration.ofSeconds(2))).isInstanceOf(EnvelopeException.class)
        .hasMessageContaining("offset 2").hasMessageContaining("corrupt");
    consumer.commit(first.get(0).offset());
  }

  /** Bad input on the receiving side: an endpoint nobody serves, an envelope from a newer arangosync. */
  @Test
  void anUnreachableEndpointAndANewerEnvelopeAreNamedAndNothingIsCommitted() throws Exception {
    DirectTransport transport = start(16L << 20, 1L << 30, Duration.ofHours(6));
    ChannelName name = channel("bad-input");
    ChannelProducer producer = transport.producer(name);
    producer.send(List.of(data(name, 1, -1)), Duration.ofSeconds(5));

    int closedPort;
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    Map<String, String> nowhere = new HashMap<>(producer.access().properties());
    nowhere.put(DirectTransport.ENDPOINT, "https://127.0.0.1:" + closedPort);
    assertThatThrownBy(() -> transport.consumer(name, new ChannelAccess(nowhere)).poll(1, Duration.ofSeconds(1)))
        .isInstanceOf(TransportException.class).hasMessageContaining(name.value()).hasMessageContaining("no endpoint could be reached")
        .hasMessageContaining("127.0.0.1:" + closedPort);

    byte[] newer = data(name, 2, -1).encode();
    newer[3] = (byte) (Envelope.FORMAT_VERSION + 1);
    transport.log(name).append(List.of(newer), Duration.ofSeconds(5));
    ChannelConsumer consumer = transport.consumer(name, producer.access());
    assertThat(consumer.poll(10, Duration.ofSeconds(2))).hasSize(1);
    assertThatThrownBy(() -> consumer.poll(10, Duration.ofSeconds(2))).isInstanceOf(EnvelopeException.class)
        .hasMessageContaining("offset 2").hasMessageContaining("newer").hasMessageContaining("upgrade");
    assertThat(transport.log(name).committed()).as("the channel stays where it was").isZero();
  }

  /** Clients that do not ask for frames get ArangoSync's JSON: {"messages": [{"offset", "message"}]}. */
  @Test
  void withoutFramesTheMessagesComeAsArangoSyncsJson() throws Exception {
    DirectTransport transport = start(16L << 20, 1L << 30, Duration.ofHours(6));
    ChannelName name = channel("json");
    ChannelProducer producer = transport.producer(name);
    Envelope sent = data(name, 7, -1);
    producer.send(List.of(sent, data(name, 8, -1)), Duration.ofSeconds(5));
    java.net.http.HttpClient http = java.net.http.HttpClient.newBuilder()
        .sslContext(org.arangosync.certificates.TlsContexts.client(List.of(ca.certificate()), clientKeyfile)).build();
    URI endpoint = URI.create(producer.access().properties().get(DirectTransport.ENDPOINT));
    java.net.http.HttpResponse<String> answer = http.send(java.net.http.HttpRequest.newBuilder(
            endpoint.resolve("/_api/mq/direct/channel/" + name + "/messages?max=1"))
        .header("Authorization", "bearer " + producer.access().properties().get(DirectTransport.TOKEN)).build(),
        java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(answer.statusCode()).isEqualTo(200);
    com.fasterxml.jackson.databind.JsonNode messages = new com.fasterxml.jackson.databind.ObjectMapper().readTree(answer.body())
        .get("messages");
    assertThat(messages).hasSize(1);
    assertThat(messages.get(0).get("offset").asLong()).isEqualTo(1);
    assertThat(Envelope.decode(messages.get(0).get("message").binaryValue())).isEqualTo(sent);

    java.net.http.HttpResponse<String> other = http.send(java.net.http.HttpRequest.newBuilder(
            endpoint.resolve("/_api/mq/direct/channel/another.channel/messages"))
        .header("Authorization", "bearer " + producer.access().properties().get(DirectTransport.TOKEN)).build(),
        java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(other.statusCode()).as("a channel token opens its own channel only").isEqualTo(403);
    java.net.http.HttpResponse<String> commitPastTheEnd = http.send(java.net.http.HttpRequest.newBuilder(
            endpoint.resolve("/_api/mq/direct/channel/" + name + "/commit"))
        .header("Authorization", "bearer " + producer.access().properties().get(DirectTransport.TOKEN))
        .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"offset\":99}")).build(),
        java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(commitPastTheEnd.statusCode()).isEqualTo(400);
    assertThat(commitPastTheEnd.body()).contains("past the last message");
    assertThat(transport.log(name).committed()).as("nothing committed by a bad request").isZero();
  }

  private static long spillFiles(Path directory) throws IOException {
    if (!Files.isDirectory(directory)) {
      return 0;
    }
    try (Stream<Path> files = Files.list(directory)) {
      return files.filter(file -> file.toString().endsWith(".spill")).count();
    }
  }
}
