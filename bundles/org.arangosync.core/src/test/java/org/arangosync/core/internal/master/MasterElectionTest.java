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

  @Test
  void withoutALeaderHealthAndTheLeaderEndpointAnswer503() {
    MasterElection alone = master("alone", "https://10.0.0.5:8629", List.of());
    List<RestRoute> routes = MasterRoutes.of(alone);
    assertThatThrownBy(() -> get(routes, "/_api/leader/endpoint")).isInstanceOfSatisfying(RestException.class,
        e -> assertThat(e.status()).isEqualTo(503)).hasMessageContaining("no sync master of this datacenter leads");
    assertThatThrownBy(() -> get(routes, "/_api/health")).isInstanceOf(RestException.class);
  }
}
