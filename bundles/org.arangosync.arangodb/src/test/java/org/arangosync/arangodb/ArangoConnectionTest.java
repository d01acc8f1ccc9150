package org.arangosync.arangodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Failover, retries of what is safe, and typed errors. */
class ArangoConnectionTest {

  private static TestCluster cluster;

  @BeforeAll
  static void start() throws Exception {
    cluster = TestCluster.start();
  }

  @AfterAll
  static void stop() throws Exception {
    cluster.close();
  }

  private static URI deadEndpoint() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return URI.create("http://127.0.0.1:" + socket.getLocalPort());
    }
  }

  @Test
  void movesOnFromAnEndpointThatRefusesConnections() throws Exception {
    ConnectionSettings settings = cluster.settings();
    List<URI> endpoints = List.of(deadEndpoint(), settings.endpoints().get(0));
    try (ArangoConnection connection = ArangoConnection.open(new ConnectionSettings(endpoints, settings.jwtSecret(), null, null,
        List.of(), Duration.ofSeconds(30), Duration.ofSeconds(30), ConnectionSettings.Protocol.HTTP_1_1))) {
      assertThat(connection.json("GET", "/_api/version", null, true).path("server").asText()).isEqualTo("arango");
    }
  }

  @Test
  void learnsTheCoordinatorsFromTheCluster() {
    try (ArangoConnection connection = cluster.connect()) {
      connection.refreshEndpoints();
      assertThat(connection.endpoints()).isNotEmpty().allSatisfy(endpoint -> assertThat(endpoint.getScheme()).startsWith("http"));
      assertThat(connection.json("GET", "/_api/version", null, true).path("server").asText()).isEqualTo("arango");
    }
  }

  @Test
  void turnsArangoDbErrorsIntoTypedExceptionsWithTheUrl() {
    try (ArangoConnection connection = cluster.connect()) {
      assertThatThrownBy(() -> connection.json("GET", "/_api/collection/does-not-exist", null, true))
          .isInstanceOfSatisfying(ArangoException.class, e -> {
            assertThat(e.errorNum()).isEqualTo(1203);
            assertThat(e.httpStatus()).isEqualTo(404);
            assertThat(e.url()).endsWith("/_api/collection/does-not-exist");
            assertThat(e.outcomeUnknown()).isFalse();
          });
    }
  }

  @Test
  void retriesA503UntilTheServerAnswers() throws Exception {
    AtomicInteger requests = new AtomicInteger();
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", exchange -> {
      boolean unavailable = requests.incrementAndGet() <= 2;
      byte[] body = (unavailable
          ? "{\"error\":true,\"code\":503,\"errorNum\":503,\"errorMessage\":\"maintenance\"}"
          : "{\"server\":\"arango\"}").getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(unavailable ? 503 : 200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    server.start();
    try (ArangoConnection connection = ArangoConnection.open(ConnectionSettings.withUser(
        List.of(URI.create("http://127.0.0.1:" + server.getAddress().getPort())), "root", "").withRetryFor(Duration.ofSeconds(30)))) {
      // Even a request that changes something is retried after a 503: the server refused it unprocessed.
      assertThat(connection.json("POST", "/_api/document/c", null, false).path("server").asText()).isEqualTo("arango");
      assertThat(requests.get()).isEqualTo(3);
    } finally {
      server.stop(0);
    }
  }

  @Test
  void aServerThatStaysUnavailableIsReportedAs503WithItsErrorNotAsUnreachable() throws Exception {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", exchange -> {
      byte[] body = "{\"error\":true,\"code\":503,\"errorNum\":1496,\"errorMessage\":\"not a leader\"}".getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(503, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    server.start();
    try (ArangoConnection connection = ArangoConnection.open(ConnectionSettings.withUser(
        List.of(URI.create("http://127.0.0.1:" + server.getAddress().getPort())), "root", "").withRetryFor(Duration.ofMillis(300)))) {
      assertThatThrownBy(() -> connection.json("GET", "/_api/wal/tail", null, true))
          .isInstanceOfSatisfying(ArangoException.class, e -> {
            assertThat(e.httpStatus()).isEqualTo(503);
            assertThat(e.errorNum()).isEqualTo(1496);
            assertThat(e.getMessage()).contains("not a leader");
          });
    } finally {
      server.stop(0);
    }
  }

  @Test
  void neverRetriesAChangeThatMayHaveBeenAppliedAndSaysTheOutcomeIsUnknown() throws Exception {
    AtomicInteger requests = new AtomicInteger();
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", exchange -> {
      requests.incrementAndGet();
      exchange.getRequestBody().readAllBytes();
      exchange.sendResponseHeaders(200, 1000);
      exchange.getResponseBody().write("{\"partial".getBytes(StandardCharsets.UTF_8));
      exchange.getHttpContext().getServer().stop(0); // the connection breaks mid-answer
    });
    server.start();
    try (ArangoConnection connection = ArangoConnection.open(ConnectionSettings.withUser(
        List.of(URI.create("http://127.0.0.1:" + server.getAddress().getPort())), "root", "").withRetryFor(Duration.ofSeconds(5)))) {
      assertThatThrownBy(() -> connection.json("POST", "/_api/document/c", null, false))
          .isInstanceOfSatisfying(ArangoException.class, e -> assertThat(e.outcomeUnknown()).isTrue());
      assertThat(requests.get()).isEqualTo(1);
    }
  }
}
