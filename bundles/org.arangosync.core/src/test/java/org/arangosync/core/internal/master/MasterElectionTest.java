package org.arangosync.core.internal.master;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.arangosync.arangodb.AgencyStateStore;
import org.arangosync.arangodb.ArangoConnection;
import org.arangosync.arangodb.ConnectionSettings;
import org.arangosync.minicluster.MiniCluster;
import org.arangosync.rest.Caller;
import org.arangosync.rest.RestException;
import org.arangosync.rest.RestRequest;
import org.arangosync.rest.RestRoute;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two masters of one datacenter electing their leader in the agency of a real (mini) cluster. */
class MasterElectionTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration TTL = Duration.ofSeconds(2);

  @TempDir static Path dir;
  private static MiniCluster cluster;
  private static ArangoConnection connection;

  private AgencyStateStore store;
  private final List<MasterElection> elections = new ArrayList<>();

  @BeforeAll
  static void startCluster() throws Exception {
    cluster = MiniCluster.builder().dataDir(dir).dbServers(1).jwtSecret("election-secret").start();
    connection = ArangoConnection.open(ConnectionSettings.withJwtSecret(List.of(cluster.endpoint()), "election-secret"));
  }

  @AfterAll
  static void stopCluster() throws Exception {
    connection.close();
    cluster.close();
  }

  @AfterEach
  void leave() {
    elections.forEach(MasterElection::close);
  }

  private MasterElection master(String id, String endpoint, List<String> endpoints) {
    if (store == null) {
      // A fresh root per test: leases of an earlier test must not decide this one.
      store = AgencyStateStore.discover(connection, "/arangodb/arangosync-election-" + UUID.randomUUID());
    }
    MasterElection election = new MasterElection(store, id, endpoint, endpoints, TTL);
    elections.add(election);
    return election;
  }

  private static JsonNode get(List<RestRoute> routes, String path) throws Exception {
    RestRoute route = routes.stream().filter(each -> each.path().equals(path)).findFirst().orElseThrow();
    RestRequest request = new RestRequest("GET", path, Map.of(), Map.of(), name -> null, new byte[0],
        new Caller(Caller.Kind.JWT, "test", List.of()));
    return JSON.readTree(route.handle(request).body());
  }

  @Test
  void oneMasterLeadsTheOtherTakesOverWhenItLeaves() throws Exception {
    MasterElection first = master("m1", "https://10.0.0.1:8629", List.of("https://dc-a.example:8629"));
    List<Boolean> firstChanges = new CopyOnWriteArrayList<>();
    first.onLeadershipChange(firstChanges::add);
    first.start();
    Awaitility.await().atMost(Duration.ofSeconds(20)).until(first::isLeader);
    MasterElection second = master("m2", "https://10.0.0.2:8629", List.of());
    second.start();
    Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> second.masters().size() == 2);
    assertThat(second.isLeader()).isFalse();
    assertThat(second.masters()).extracting(MasterElection.Master::id, MasterElection.Master::leader)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("m1", true), org.assertj.core.groups.Tuple.tuple("m2", false));

    List<RestRoute> routes = MasterRoutes.of(second);
    assertThat(get(routes, "/_api/role").get("role").asText()).isEqualTo("master");
    JsonNode masters = get(routes, "/_api/masters").get("masters");
    assertThat(masters).hasSize(2);
    assertThat(masters.get(0).get("id").asText()).isEqualTo("m1");
    assertThat(masters.get(0).get("endpoint").asText()).isEqualTo("https://10.0.0.1:8629");
    assertThat(masters.get(0).get("leader").asBoolean()).isTrue();
    assertThat(get(routes, "/_api/leader/endpoint").get("endpoints")).extracting(JsonNode::asText)
        .containsExactly("https://10.0.0.1:8629");
    assertThat(get(routes, "/_api/endpoints").get("endpoints")).extracting(JsonNode::asText)
        .containsExactly("https://dc-a.example:8629", "https://10.0.0.2:8629");

    first.close();
    Awaitility.await("the standby to take over").atMost(Duration.ofSeconds(20)).until(second::isLeader);
    assertThat(firstChanges).containsExactly(true, false);
    assertThat(second.masters()).extracting(MasterElection.Master::id).containsExactly("m2");
    assertThat(get(routes, "/_api/leader/endpoint").get("endpoints").get(0).asText()).isEqualTo("https://10.0.0.2:8629");
  }

  @Test
  void aMasterThatStopsRenewingLosesTheLeadAfterTheTimeToLive() {
    MasterElection silent = master("silent", "https://10.0.0.3:8629", List.of());
    silent.round(); // one round by hand, then never again: as a master that hangs or lost its network
    assertThat(silent.isLeader()).isTrue();
    MasterElection standby = master("standby", "https://10.0.0.4:8629", List.of());
    standby.start();
    Awaitility.await("the lease to run out and the standby to lead").atMost(Duration.ofSeconds(20)).until(standby::isLeader);
    assertThat(standby.masters()).extracting(MasterElection.Master::id).containsExactly("standby");
  }

  /**
   * Leader-only routes on two masters' HTTPS servers: the standby answers 503 naming the leader,
   * and with X-Allow-Forward-To-Leader passes the request on with the caller's credentials.
   */
  @Test
  void aStandbyRefusesLeaderOnlyRequestsOrForwardsThemWhenAskedTo() throws Exception {
    org.arangosync.certificates.CertificateIssuer issuer = new org.arangosync.certificates.CertificateIssuer();
    org.arangosync.certificates.KeyType p256 = org.arangosync.certificates.KeyType.of("P256", 0);
    org.arangosync.certificates.Issued ca = issuer.createCa("masters CA", Duration.ofDays(1), p256);
    Path keyfile = dir.resolve("master-" + UUID.randomUUID() + ".keyfile");
    java.nio.file.Files.writeString(keyfile, org.arangosync.certificates.Pem.keyfile(issuer.issue(ca,
        org.arangosync.certificates.Purpose.SERVER, List.of("127.0.0.1"), List.of(), Duration.ofDays(1), p256)));
    javax.net.ssl.SSLContext tls = org.arangosync.certificates.TlsContexts.client(List.of(ca.certificate()), null);
    List<org.arangosync.rest.RestServer> servers = new ArrayList<>();
    try {
      List<String> endpoints = new ArrayList<>();
      for (String id : List.of("leader", "standby")) {
        org.arangosync.rest.RestServer server = org.arangosync.rest.RestServer.builder(keyfile).host("127.0.0.1").port(0)
            .userSource(org.arangosync.api.spi.auth.UserSource.of(Map.of("root", "pw"))).name(id).start();
        servers.add(server);
        String endpoint = "https://127.0.0.1:" + server.port();
        endpoints.add(endpoint);
        MasterElection election = master(id, endpoint, List.of());
        if (id.equals("leader")) {
          election.start();
          Awaitility.await().atMost(Duration.ofSeconds(20)).until(election::isLeader);
        } else {
          election.start();
          Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> election.leader().isPresent());
        }
        MessageTimeoutRoutes.of(store, new LeaderForwarding(election, tls, Duration.ofSeconds(30))).forEach(server::addRoute);
      }
      java.net.http.HttpClient http = java.net.http.HttpClient.newBuilder().sslContext(tls).build();
      String basic = "Basic " + java.util.Base64.getEncoder().encodeToString("root:pw".getBytes(java.nio.charset.StandardCharsets.UTF_8));
      java.util.function.BiFunction<String, Boolean, java.net.http.HttpRequest.Builder> request = (url, forward) -> {
        java.net.http.HttpRequest.Builder builder = java.net.http.HttpRequest.newBuilder(java.net.URI.create(url + "/_api/message-timeout"))
            .header("Authorization", basic);
        return forward ? builder.header(LeaderForwarding.HEADER, "true") : builder;
      };
      var body = java.net.http.HttpResponse.BodyHandlers.ofString();

      java.net.http.HttpResponse<String> refused = http.send(request.apply(endpoints.get(1), false).build(), body);
      assertThat(refused.statusCode()).isEqualTo(503);
      assertThat(refused.body()).contains("not the leader").contains(endpoints.get(0)).contains(LeaderForwarding.HEADER);

      java.net.http.HttpResponse<String> forwarded = http.send(request.apply(endpoints.get(1), true)
          .PUT(java.net.http.HttpRequest.BodyPublishers.ofString("{\"messageTimeout\":10800000000000}")).build(), body);
      assertThat(forwarded.statusCode()).as(forwarded.body()).isEqualTo(200);
      assertThat(JSON.readTree(forwarded.body()).get("messageTimeout").asLong()).isEqualTo(Duration.ofHours(3).toNanos());
      assertThat(JSON.readTree(http.send(request.apply(endpoints.get(0), false).build(), body).body()).get("messageTimeout")
          .asLong()).as("stored by the leader").isEqualTo(Duration.ofHours(3).toNanos());
      assertThat(MessageTimeoutRoutes.current(store)).isEqualTo(Duration.ofHours(3));

      java.net.http.HttpResponse<String> bad = http.send(request.apply(endpoints.get(1), true)
          .PUT(java.net.http.HttpRequest.BodyPublishers.ofString("{\"messageTimeout\":-1}")).build(), body);
      assertThat(bad.statusCode()).as("the leader's refusal comes back").isEqualTo(400);
      assertThat(bad.body()).contains("positive number of nanoseconds");
      java.net.http.HttpResponse<String> wrongPassword = http.send(java.net.http.HttpRequest.newBuilder(
          java.net.URI.create(endpoints.get(1) + "/_api/message-timeout")).header(LeaderForwarding.HEADER, "true")
          .header("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString("root:no".getBytes())).build(), body);
      assertThat(wrongPassword.statusCode()).isEqualTo(401);
    } finally {
      servers.forEach(org.arangosync.rest.RestServer::close);
    }
  }

  @Test
  void aMasterNeverForwardsToItselfWhileItsLoopHasNotConfirmedTheLead() throws Exception {
    MasterElection before = master("same", "https://127.0.0.1:1", List.of());
    before.round();
    MasterElection restarted = master("same", "https://127.0.0.1:1", List.of()); // the same id, before its first round
    RestRoute route = new LeaderForwarding(restarted, javax.net.ssl.SSLContext.getDefault(), Duration.ofSeconds(1)).leaderOnly(
        RestRoute.of("GET", "/_api/message-timeout", org.arangosync.rest.Audience.OPERATORS,
            request -> org.arangosync.rest.RestResponse.json(200, Map.of())));
    RestRequest request = new RestRequest("GET", "/_api/message-timeout", Map.of(), Map.of(),
        name -> name.equals(LeaderForwarding.HEADER) ? "true" : name.equals("Authorization") ? "Basic cm9vdDo=" : null, new byte[0],
        new Caller(Caller.Kind.USER, "root", List.of()));
    assertThatThrownBy(() -> route.handle(request)).isInstanceOfSatisfying(RestException.class,
        e -> assertThat(e.status()).isEqualTo(503)).hasMessageContaining("no other leader is known");
  }

  @Test
  void withoutALeaderHealthAndTheLeaderEndpointAnswer503() {
    MasterElection alone = master("alone", "https://10.0.0.5:8629", List.of());
    List<RestRoute> routes = MasterRoutes.of(alone);
    assertThatThrownBy(() -> get(routes, "/_api/leader/endpoint")).isInstanceOfSatisfying(RestException.class,
        e -> assertThat(e.status()).isEqualTo(503)).hasMessageContaining("no sync master of this datacenter leads");
    assertThatThrownBy(() -> get(routes, "/_api/health")).isInstanceOf(RestException.class);
  }
}
