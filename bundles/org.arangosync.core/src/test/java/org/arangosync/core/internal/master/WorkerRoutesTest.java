package org.arangosync.core.internal.master;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.arangosync.api.spi.state.StateStore;
import org.arangosync.api.spi.state.Transaction;
import org.arangosync.certificates.Issued;
import org.arangosync.certificates.Pem;
import org.arangosync.rest.Audience;
import org.arangosync.rest.Caller;
import org.arangosync.rest.RestException;
import org.arangosync.rest.RestRequest;
import org.arangosync.rest.RestRoute;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The worker routes answering as ArangoSync's masters do, on state in the agency of a real mini cluster. */
class WorkerRoutesTest {

  @RegisterExtension static final WorkerTestAgency AGENCY = new WorkerTestAgency();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final WorkerSettings SETTINGS = new WorkerSettings(List.of("https://coordinator-1:8529", "https://coordinator-2:8529"),
      "cluster-secret", 64L << 20,
      new WorkerSettings.Mq("direct", List.of("https://10.0.0.1:8629"), Map.of("caCertificate", "PEM", "clientToken", "tok")));

  @TempDir Path dir;
  private StateStore store;
  private WorkerCa ca;
  private List<RestRoute> routes;

  @BeforeEach
  void freshRoot() {
    store = AGENCY.freshStore();
    ca = WorkerCaTest.ca(store);
    routes = WorkerRoutes.of(new WorkerRegistry(store, Duration.ofMinutes(1), Clock.systemUTC()), ca, SETTINGS, UnaryOperator.identity());
  }

  /** Calls the route of {@code method template} as the REST server would, with the path's parameters filled in. */
  static JsonNode call(List<RestRoute> routes, String method, String template, Map<String, String> parameters,
      Map<String, List<String>> query, String body) throws Exception {
    RestRoute route = routes.stream().filter(each -> each.method().equals(method) && each.path().equals(template)).findFirst()
        .orElseThrow(() -> new AssertionError("no route " + method + " " + template));
    String path = template;
    for (Map.Entry<String, String> parameter : parameters.entrySet()) {
      path = path.replace("{" + parameter.getKey() + "}", parameter.getValue());
    }
    RestRequest request = new RestRequest(method, path, parameters, query, name -> null,
        body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8), new Caller(Caller.Kind.JWT, "worker", List.of()));
    var response = route.handle(request);
    assertThat(response.status()).isEqualTo(200);
    return JSON.readTree(response.body());
  }

  private JsonNode call(String method, String template, Map<String, String> parameters, String body) throws Exception {
    return call(routes, method, template, parameters, Map.of(), body);
  }

  private static void assertStatus(int status, String message, ThrowingCall call) {
    assertThatThrownBy(call::run).isInstanceOfSatisfying(RestException.class, e -> assertThat(e.status()).isEqualTo(status))
        .hasMessageContaining(message);
  }

  interface ThrowingCall {
    void run() throws Exception;
  }

  @Test
  void registersRenewsListsAndRemovesWorkers() throws Exception {
    store.write(Transaction.builder().set(MessageTimeoutRoutes.KEY, Long.toString(Duration.ofHours(3).toNanos())).build());
    String registration = "{\"endpoint\":\"https://10.0.0.7:8729\",\"token\":\"t\",\"HostID\":\"machine-7\",\"dbServerAffinity\":\"PRMR-1\"}";
    JsonNode registered = call("PUT", "/_api/worker", Map.of(), registration);
    String id = registered.get("id").asText();
    assertThat(id).matches("[a-z0-9]{20}");
    assertThat(registered.get("endpoint").asText()).isEqualTo("https://10.0.0.7:8729");
    assertThat(registered.get("host").asText()).isEqualTo("machine-7");
    assertThat(registered.get("dbServerAffinity").asText()).isEqualTo("PRMR-1");
    assertThat(registered.get("serverID").isIntegralNumber()).isTrue();
    assertThat(registered.get("messageTimeout").asLong()).isEqualTo(Duration.ofHours(3).toNanos());
    assertThat(registered.get("expiresDuration").asLong()).isEqualTo(Duration.ofMinutes(1).toNanos());
    assertThat(Instant.parse(registered.get("expiresAt").asText())).isAfter(Instant.now().plusSeconds(50));
    assertThat(registered.has("token")).as("the masters' credential is not echoed").isFalse();

    JsonNode renewed = call("PUT", "/_api/worker", Map.of(), registration);
    assertThat(renewed.get("id").asText()).isEqualTo(id);
    assertThat(renewed.get("serverID").asLong()).isEqualTo(registered.get("serverID").asLong());

    JsonNode workers = call("GET", "/_api/worker", Map.of(), null).get("workers");
    assertThat(workers).hasSize(1);
    assertThat(workers.get(0).get("id").asText()).isEqualTo(id);
    assertThat(call("GET", "/_api/worker/{id}", Map.of("id", id), null).get("host").asText()).isEqualTo("machine-7");

    call("DELETE", "/_api/worker/{id}", Map.of("id", id), null);
    assertThat(call("GET", "/_api/worker", Map.of(), null).get("workers")).isEmpty();
    assertStatus(404, "no worker with id", () -> call("GET", "/_api/worker/{id}", Map.of("id", id), null));
    assertStatus(404, "no worker with id", () -> call("DELETE", "/_api/worker/{id}", Map.of("id", id), null));
    assertStatus(404, "no worker with id", () -> call("GET", "/_api/worker/{id}", Map.of("id", "..%2Fleader"), null));
  }

  @Test
  void refusesBadRegistrationsSayingWhatIsWrong() {
    assertStatus(400, "needs the field 'endpoint'", () -> call("PUT", "/_api/worker", Map.of(), "{\"token\":\"t\"}"));
    assertStatus(400, "not valid JSON", () -> call("PUT", "/_api/worker", Map.of(), "{endpoint"));
    assertStatus(400, "needs a JSON body", () -> call("PUT", "/_api/worker", Map.of(), null));
    assertStatus(400, "'HostID'", () -> call("PUT", "/_api/worker", Map.of(), "{\"endpoint\":\"https://h:1\",\"HostID\":7}"));
    assertStatus(400, "not a URL with a host", () -> call("PUT", "/_api/worker", Map.of(), "{\"endpoint\":\"h:1\"}"));
    assertStatus(400, "needs the field 'endpoint'", () -> call("POST", "/_api/worker/configure", Map.of(), "{}"));
  }

  @Test
  void configureGivesTheClusterTheQueueAndACertificateForTheWorkersHost() throws Exception {
    JsonNode configuration = call("POST", "/_api/worker/configure", Map.of(), "{\"endpoint\":\"https://10.0.0.7:8729\"}");

    JsonNode cluster = configuration.get("cluster");
    assertThat(cluster.get("endpoints")).extracting(JsonNode::asText).containsExactly("https://coordinator-1:8529", "https://coordinator-2:8529");
    assertThat(cluster.get("jwtSecret").asText()).isEqualTo("cluster-secret");
    assertThat(cluster.get("maxDocumentSize").asLong()).isEqualTo(64L << 20);
    assertThat(cluster.get("min-replication-factor").asInt()).isEqualTo(1);
    assertThat(cluster.get("max-replication-factor").asInt()).isEqualTo(Integer.MAX_VALUE);
    assertThat(cluster.get("exclude-root-user").asBoolean(true)).isFalse();
    JsonNode mq = configuration.get("mq");
    assertThat(mq.get("type").asText()).isEqualTo("direct");
    assertThat(mq.get("endpoints")).extracting(JsonNode::asText).containsExactly("https://10.0.0.1:8629");
    assertThat(mq.get("authentication").get("clientToken").asText()).isEqualTo("tok");

    JsonNode httpServer = configuration.get("httpServer");
    Path keyfile = dir.resolve("worker.keyfile");
    Files.writeString(keyfile, httpServer.get("certificate").asText() + httpServer.get("key").asText());
    Issued issued = Pem.readKeyfile(keyfile); // also checks that the key belongs to the certificate
    X509Certificate caCertificate = ca.ca().certificate();
    issued.certificate().verify(caCertificate.getPublicKey());
    assertThat(issued.chain()).containsExactly(caCertificate);
    assertThat(issued.certificate().getSubjectAlternativeNames()).containsExactly(List.of(7, "10.0.0.7"));
  }

  @Test
  void everyRouteIsLeaderOnly() {
    List<String> wrapped = new ArrayList<>();
    UnaryOperator<RestRoute> standby = route -> {
      wrapped.add(route.method() + " " + route.path());
      return RestRoute.of(route.method(), route.path(), route.audience(), request -> {
        throw new RestException(503, "this master is not the leader");
      });
    };
    List<RestRoute> standbyRoutes = WorkerRoutes.of(new WorkerRegistry(store, Duration.ofMinutes(1), Clock.systemUTC()), ca, SETTINGS,
        standby);
    assertThat(wrapped).containsExactlyInAnyOrder("PUT /_api/worker", "GET /_api/worker", "GET /_api/worker/{id}",
        "DELETE /_api/worker/{id}", "POST /_api/worker/configure");
    assertStatus(503, "not the leader", () -> call(standbyRoutes, "PUT", "/_api/worker", Map.of(), Map.of(), "{\"endpoint\":\"https://h:1\"}"));
    assertThat(routes).filteredOn(route -> route.path().equals("/_api/worker/configure") || route.method().equals("PUT"))
        .extracting(RestRoute::audience).containsOnly(Audience.SYNC_COMPONENTS);
  }
}
