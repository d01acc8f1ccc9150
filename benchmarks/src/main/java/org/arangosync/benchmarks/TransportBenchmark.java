package org.arangosync.benchmarks;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.arangosync.api.Tick;
import org.arangosync.api.spi.store.ShardRef;
import org.arangosync.api.spi.transport.ChannelConsumer;
import org.arangosync.api.spi.transport.ChannelName;
import org.arangosync.api.spi.transport.ChannelProducer;
import org.arangosync.api.spi.transport.Envelope;
import org.arangosync.api.spi.transport.MessageKind;
import org.arangosync.certificates.CertificateIssuer;
import org.arangosync.certificates.Issued;
import org.arangosync.certificates.KeyType;
import org.arangosync.certificates.Pem;
import org.arangosync.certificates.Purpose;
import org.arangosync.certificates.TlsContexts;
import org.arangosync.rest.Audience;
import org.arangosync.rest.RestRequest;
import org.arangosync.rest.RestResponse;
import org.arangosync.rest.RestRoute;
import org.arangosync.rest.RestServer;
import org.arangosync.transport.direct.internal.DirectTransport;

/**
 * The direct transport's throughput next to its raw baseline in the same run: messages of 1 KiB
 * and 64 KiB sent by a producer and pulled and committed by a consumer over HTTPS with mutual TLS,
 * against a plain HTTPS request loop on the same Jetty server (one route answering as many bytes
 * as one poll of the transport carries, built once) with the same client. Two rows per size: end
 * to end (the producer sends while the consumer reads, as in a running sync, with the default 16
 * MiB of memory per channel, so a producer that runs ahead spills), and delivery only (everything
 * sent into memory first, then timed while the consumer reads: the same work as the raw loop plus
 * the transport's framing, checks and commits). Goal (issue 7): each transport reaches at least
 * 70% of its raw baseline.
 *
 * <p>Arguments: megabytes to move per measurement (default 512), the report path.
 */
public final class TransportBenchmark {

  private TransportBenchmark() {}

  public static void main(String[] arguments) throws Exception {
    long megabytes = arguments.length > 0 && !arguments[0].isBlank() ? Long.parseLong(arguments[0]) : 512;
    Path report = Path.of(arguments.length > 1 ? arguments[1] : "benchmarks/target/transport-report.md");
    Path dir = Files.createTempDirectory("transport-benchmark");
    CertificateIssuer issuer = new CertificateIssuer();
    KeyType p256 = KeyType.of("P256", 0);
    Issued ca = issuer.createCa("benchmark CA", Duration.ofDays(1), p256);
    Issued serverKey = issuer.issue(ca, Purpose.SERVER, List.of("127.0.0.1"), List.of(), Duration.ofDays(1), p256);
    Issued clientKey = issuer.issue(ca, Purpose.CLIENT, List.of("consumer"), List.of(), Duration.ofDays(1), p256);
    Path keyfile = dir.resolve("server.keyfile");
    Files.writeString(keyfile, Pem.keyfile(serverKey));
    StringBuilder rows = new StringBuilder();
    Instant started = Instant.now();
    try (RestServer server = RestServer.builder(keyfile).host("127.0.0.1").port(0).clientCas(List.of(ca.certificate()))
        .monitoringToken("raw-baseline").maxThreads(16).name("end-to-end").start();
        RestServer second = RestServer.builder(keyfile).host("127.0.0.1").port(0).clientCas(List.of(ca.certificate()))
            .maxThreads(16).name("delivery").start();
        DirectTransport endToEnd = transport(server, ca, clientKey, dir.resolve("spill"), 16L << 20);
        DirectTransport inMemory = transport(second, ca, clientKey, dir.resolve("spill-2"), 4L << 30)) {
      HttpClient http = HttpClient.newBuilder().sslContext(TlsContexts.client(List.of(ca.certificate()), clientKey))
          .version(HttpClient.Version.HTTP_1_1).build();
      for (int size : new int[] {1024, 64 * 1024}) {
        long messages = (megabytes << 20) / size;
        // Warm-up of every path (JIT, TLS sessions), then the measured runs.
        direct(endToEnd, size, messages / 10, false);
        direct(inMemory, size, messages / 10, true);
        raw(server, http, size, messages / 10);
        Result raw = raw(server, http, size, messages);
        Result direct = direct(endToEnd, size, messages, false);
        Result delivery = direct(inMemory, size, messages, true);
        rows.append(row(size, "raw HTTPS loop", raw, null));
        rows.append(row(size, "direct, end to end", direct, raw));
        rows.append(row(size, "direct, delivery only", delivery, raw));
      }
    }
    String text = "# Transports\n\nMeasured " + started + " by `org.arangosync.benchmarks.TransportBenchmark`: " + megabytes
        + " MiB of payload per row, producer, server and consumer in this JVM, HTTPS with mutual TLS (P-256), 2 cores. End to end: "
        + "the producer sends while the consumer reads (16 MiB of memory per channel, the rest spills); delivery only: sent into "
        + "memory first, timed while read.\n\n"
        + "| message | path | messages | seconds | messages/s | MiB/s | ratio |\n|---|---|---:|---:|---:|---:|---|\n" + rows
        + "\nGoal (issue 7): each transport at least 0.70 of its raw baseline.\n";
    Files.createDirectories(report.toAbsolutePath().getParent());
    Files.writeString(report, text);
    System.out.println(text);
  }

  private record Result(long messages, double seconds) {}

  private static DirectTransport transport(RestServer server, Issued ca, Issued clientKey, Path spill, long memoryPerChannel) {
    DirectTransport transport = new DirectTransport(new DirectTransport.Settings(List.of(server.endpoint("127.0.0.1")),
        Pem.certificates(List.of(ca.certificate())), clientKey, spill, memoryPerChannel, 4L << 30, Duration.ofHours(6)));
    transport.routes().forEach(server::addRoute);
    server.addTokenAuthority(transport.tokenAuthority());
    return transport;
  }

  private static String row(int size, String path, Result result, Result raw) {
    double rate = result.messages / result.seconds;
    return String.format("| %d KiB | %s | %,d | %.2f | %,.0f | %.1f | %s |%n", size / 1024, path, result.messages, result.seconds, rate,
        rate * size / (1 << 20), raw == null ? "" : String.format("**%.2f** of raw", rate / (raw.messages / raw.seconds)));
  }

  /**
   * A producer thread sends batches of 100; this thread polls, checks order and commits each poll.
   * With {@code prefilled}, the clock starts once everything is sent.
   */
  private static Result direct(DirectTransport transport, int size, long messages, boolean prefilled) throws Exception {
    ChannelName channel = new ChannelName("bench." + size + "." + System.nanoTime());
    ChannelProducer producer = transport.producer(channel);
    byte[] payload = new byte[size];
    new Random(size).nextBytes(payload);
    ShardRef shard = new ShardRef("db", "c", 0);
    long start = System.nanoTime();
    CompletableFuture<Void> sending = CompletableFuture.runAsync(() -> {
      try {
        for (long sent = 0; sent < messages; ) {
          List<Envelope> batch = new ArrayList<>(100);
          for (int i = 0; i < 100 && sent < messages; i++, sent++) {
            batch.add(new Envelope(channel, MessageKind.DATA, shard, new Tick(sent + 1), new Tick(sent + 1), payload));
          }
          producer.send(batch, Duration.ofMinutes(1));
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    if (prefilled) {
      sending.get();
      start = System.nanoTime();
    }
    try (ChannelConsumer consumer = transport.consumer(channel, producer.access())) {
      long received = 0;
      while (received < messages) {
        List<ChannelConsumer.Delivery> batch = consumer.poll(1000, Duration.ofSeconds(5));
        for (ChannelConsumer.Delivery delivery : batch) {
          if (delivery.envelope().fromTick().value() != ++received) {
            throw new IllegalStateException("out of order at " + received + ": " + delivery.envelope());
          }
        }
        if (!batch.isEmpty()) {
          consumer.commit(batch.get(batch.size() - 1).offset());
        }
      }
    }
    sending.get();
    transport.drop(channel);
    return new Result(messages, (System.nanoTime() - start) / 1e9);
  }

  /** GETs answers of one poll's size (up to 1000 messages, at most 8 MiB) until as many bytes as the transport moves came. */
  private static Result raw(RestServer server, HttpClient http, int size, long messages) throws Exception {
    int perAnswer = (int) Math.max(1, Math.min(1000, (8L << 20) / size));
    byte[] body = new byte[perAnswer * size];
    new Random(size).nextBytes(body);
    RestRoute route = new RestRoute() {
      @Override public String method() { return "GET"; }
      @Override public String path() { return "/raw/" + size; }
      @Override public Audience audience() { return Audience.MONITORING; }
      @Override public RestResponse handle(RestRequest request) { return new RestResponse(200, "application/octet-stream", body); }
    };
    server.addRoute(route);
    HttpRequest request = HttpRequest.newBuilder(server.endpoint("127.0.0.1").resolve("/raw/" + size))
        .header("Authorization", "bearer raw-baseline").build();
    long start = System.nanoTime();
    long received = 0;
    while (received < messages) {
      HttpResponse<byte[]> answer = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
      if (answer.statusCode() != 200 || answer.body().length != body.length) {
        throw new IllegalStateException("raw baseline answered " + answer.statusCode());
      }
      received += perAnswer;
    }
    server.removeRoute(route);
    return new Result(received, (System.nanoTime() - start) / 1e9);
  }
}
