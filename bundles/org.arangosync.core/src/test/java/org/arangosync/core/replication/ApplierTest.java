package org.arangosync.core.replication;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.arangosync.api.spi.replication.LeaderBatch;
import org.arangosync.api.spi.replication.ReplicationConnector;
import org.arangosync.api.spi.replication.ReplicationEndpoint;
import org.arangosync.api.spi.replication.ReplicationLeader;
import org.arangosync.arangodb.ArangoConnection;
import org.arangosync.arangodb.ArangoReplicationConnector;
import org.arangosync.arangodb.ConnectionSettings;
import org.arangosync.minicluster.MiniCluster;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The applier between two real servers: a leader and a follower, both mini cluster single
 * servers. Initial sync, then tailing of inserts, updates, removals, multi-document
 * transactions and structure changes; stop and resume; an unreachable leader; bad configuration.
 * Both sides are compared document by document.
 */
class ApplierTest {

  private static final String SECRET = "applier-test-secret";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private final ReplicationConnector connector = new ArangoReplicationConnector();
  private MiniCluster leader;
  private MiniCluster follower;
  private ArangoConnection leaderApi;
  private Applier applier;

  @BeforeEach
  void start() throws Exception {
    leader = MiniCluster.builder().single(true).dataDir(dir.resolve("leader")).rootPassword("pw").jwtSecret(SECRET).start();
    follower = MiniCluster.builder().single(true).dataDir(dir.resolve("follower")).rootPassword("fpw").jwtSecret(SECRET + "-f").start();
    leaderApi = ArangoConnection.open(ConnectionSettings.withJwtSecret(List.of(leader.endpoint()), SECRET));
    applier = new Applier("_system", false, connector, followerEndpoint(), dir.resolve("applier"));
  }

  @AfterEach
  void stop() {
    applier.close();
    leaderApi.close();
    leader.close();
    follower.close();
  }

  private ReplicationEndpoint followerEndpoint() {
    return new ReplicationEndpoint(follower.endpoint(), "_system", "root", "fpw", null, List.of(), Duration.ofSeconds(30));
  }

  private String leaderTcp() {
    return "tcp://" + leader.endpoint().getHost() + ":" + leader.endpoint().getPort();
  }

  private ObjectNode config() {
    ObjectNode body = JSON.createObjectNode();
    body.put("endpoint", leaderTcp());
    body.put("username", "root");
    body.put("password", "pw");
    body.put("idleMinWaitTime", 0.05);
    body.put("idleMaxWaitTime", 0.2);
    body.put("connectionRetryWaitTime", 0.1);
    return body;
  }

  private void createCollection(String name) {
    leaderApi.json("POST", "/_api/collection", JSON.createObjectNode().put("name", name), false);
  }

  private void insert(String collection, int from, int count) {
    ArrayNode documents = JSON.createArrayNode();
    for (int i = from; i < from + count; i++) {
      documents.addObject().put("_key", "k" + i).put("value", i).put("name", "doc " + i);
    }
    leaderApi.json("POST", "/_api/document/" + collection, documents, false);
  }

  private Map<String, JsonNode> contents(MiniCluster server, String password, String collection) {
    return contents(server, password, "_system", collection);
  }

  /**
   * A collection's documents by key, {@code _rev} included: the applier writes with
   * {@code isRestore}, so the follower keeps the leader's revisions, as with ArangoDB's applier.
   */
  private Map<String, JsonNode> contents(MiniCluster server, String password, String database, String collection) {
    ReplicationEndpoint endpoint = new ReplicationEndpoint(server.endpoint(), database, "root", password, null, List.of(),
        Duration.ofSeconds(30));
    Map<String, JsonNode> documents = new TreeMap<>();
    try (ReplicationLeader api = connector.leader(endpoint)) {
      LeaderBatch batch = api.createBatch(Duration.ofMinutes(1));
      try {
        api.dump(batch, database, collection, 1 << 20, change -> {
          try {
            documents.put(change.key(), JSON.readTree(change.data()));
          } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
          }
        });
      } finally {
        api.deleteBatch(batch);
      }
    }
    return documents;
  }

  private boolean sameOnBothSides(String collection) {
    try {
      return contents(leader, "pw", collection).equals(contents(follower, "fpw", collection));
    } catch (RuntimeException e) {
      return false; // not there yet on the follower
    }
  }

  private JsonNode state() {
    return applier.stateJson().get("state");
  }

  @Test
  void makeFollowerCopiesEverythingThenFollowsEveryKindOfChange() {
    createCollection("products");
    for (int from = 0; from < 50_000; from += 5000) {
      insert("products", from, 5000);
    }
    leaderApi.json("POST", "/_api/index?collection=products",
        JSON.createObjectNode().put("type", "persistent").put("name", "byName").set("fields", JSON.createArrayNode().add("name")), false);

    JsonNode afterSync = applier.makeFollower(config());
    assertThat(afterSync.get("state").get("running").asBoolean()).isTrue();
    assertThat(contents(follower, "fpw", "products")).hasSize(50_000).isEqualTo(contents(leader, "pw", "products"));

    // Ongoing writes: single inserts, an array insert (a multi-document transaction), updates, removals.
    insert("products", 50_000, 300);
    for (int i = 0; i < 20; i++) {
      leaderApi.json("PATCH", "/_api/document/products/k" + i, JSON.createObjectNode().put("value", -i), false);
      leaderApi.json("DELETE", "/_api/document/products/k" + (100 + i), null, false);
    }
    // Structure: a new collection with documents, renamed; an index made and dropped; a collection dropped.
    leaderApi.json("POST", "/_api/index?collection=products",
        JSON.createObjectNode().put("type", "persistent").put("name", "byValue").set("fields", JSON.createArrayNode().add("value")), false);
    leaderApi.json("DELETE", "/_api/index/products/byName", null, false);
    createCollection("later");
    insert("later", 0, 10);
    leaderApi.json("PUT", "/_api/collection/later/rename", JSON.createObjectNode().put("name", "renamed"), false);
    createCollection("doomed");
    insert("doomed", 0, 5);
    leaderApi.json("DELETE", "/_api/collection/doomed", null, false);

    await().atMost(Duration.ofSeconds(30)).until(() -> sameOnBothSides("products") && sameOnBothSides("renamed"));
    assertThat(contents(follower, "fpw", "products")).hasSize(50_280);
    assertThat(contents(follower, "fpw", "renamed")).hasSize(10);
    try (ArangoConnection followerApi = ArangoConnection.open(ConnectionSettings.withJwtSecret(List.of(follower.endpoint()), SECRET + "-f"))) {
      await().atMost(Duration.ofSeconds(10)).until(() ->
          followerApi.exchange("GET", null, "/_api/collection/doomed", null, true).status() == 404);
      await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
        JsonNode indexes = followerApi.json("GET", "/_api/index?collection=products", null, true).path("indexes");
        assertThat(indexes.findValuesAsText("name")).contains("byValue").doesNotContain("byName");
      });
    }

    JsonNode state = state();
    assertThat(state.get("phase").asText()).isEqualTo("running");
    assertThat(state.get("totalDocuments").asLong()).isGreaterThanOrEqualTo(50_000 + 300 + 20 + 10);
    assertThat(state.get("totalRemovals").asLong()).isGreaterThanOrEqualTo(20);
    assertThat(state.get("lastError").get("errorNum").asInt()).isZero();
    assertThat(state.get("lastAppliedContinuousTick").isTextual()).isTrue();
    assertThat(state.get("ticksBehind").isIntegralNumber()).isTrue();
  }

  @Test
  void theGlobalApplierFollowsEveryDatabase() {
    leaderApi.json("POST", "/_api/database", JSON.createObjectNode().put("name", "shop"), false);
    leaderApi.json("POST", "/_db/shop/_api/collection", JSON.createObjectNode().put("name", "carts"), false);
    ArrayNode carts = JSON.createArrayNode();
    for (int i = 0; i < 100; i++) {
      carts.addObject().put("_key", "c" + i).put("items", i);
    }
    leaderApi.json("POST", "/_db/shop/_api/document/carts", carts, false);
    try (Applier global = new Applier("_system", true, connector, followerEndpoint(), dir.resolve("global"))) {
      global.makeFollower(config());
      assertThat(contents(follower, "fpw", "shop", "carts")).hasSize(100).isEqualTo(contents(leader, "pw", "shop", "carts"));

      leaderApi.json("POST", "/_api/database", JSON.createObjectNode().put("name", "later"), false);
      leaderApi.json("POST", "/_db/later/_api/collection", JSON.createObjectNode().put("name", "x"), false);
      leaderApi.json("POST", "/_db/later/_api/document/x", JSON.createObjectNode().put("_key", "one"), false);
      leaderApi.json("DELETE", "/_db/shop/_api/document/carts/c7", null, false);
      await().atMost(Duration.ofSeconds(30)).until(() -> {
        try {
          return contents(follower, "fpw", "later", "x").size() == 1 && contents(follower, "fpw", "shop", "carts").size() == 99;
        } catch (RuntimeException e) {
          return false;
        }
      });
      assertThat(global.stateJson().get("state").get("lastError").get("errorNum").asInt()).isZero();
    }
  }

  @Test
  void resumesAfterStopWithNothingLostAndSurvivesANewApplierInstance() {
    createCollection("orders");
    insert("orders", 0, 100);
    applier.makeFollower(config());
    applier.stop();
    JsonNode stopped = state();
    assertThat(stopped.get("running").asBoolean()).isFalse();
    assertThat(stopped.get("phase").asText()).isEqualTo("inactive");
    assertThat(stopped.get("progress").get("message").asText()).isEqualTo("applier shut down");
    assertThat(stopped.has("ticksBehind")).isFalse();

    insert("orders", 100, 50);
    leaderApi.json("DELETE", "/_api/document/orders/k3", null, false);
    // A new instance (as after a restart of this process) reads configuration and progress from disk.
    applier = new Applier("_system", false, connector, followerEndpoint(), dir.resolve("applier"));
    assertThat(applier.configuration().endpoint()).isEqualTo(leaderTcp());
    applier.start(null);
    await().atMost(Duration.ofSeconds(30)).until(() -> sameOnBothSides("orders"));
    assertThat(contents(follower, "fpw", "orders")).hasSize(149);
  }

  @Test
  void stopsWithError1400NamingTheUrlAfterMaxConnectRetries() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    ObjectNode body = config().put("endpoint", "tcp://127.0.0.1:" + closedPort).put("maxConnectRetries", 3);
    applier.configure(body);
    applier.start(org.arangosync.api.Tick.parse("1"));
    await().atMost(Duration.ofSeconds(20)).until(() -> !applier.state().running());
    JsonNode state = state();
    assertThat(state.get("lastError").get("errorNum").asInt()).isEqualTo(1400);
    assertThat(state.get("lastError").get("errorMessage").asText())
        .startsWith("could not connect to leader at tcp://127.0.0.1:" + closedPort + " for URL ");
    assertThat(state.get("lastError").get("time").asText()).isNotEmpty();
    assertThat(state.get("progress").get("failedConnects").asLong()).isEqualTo(4);
    assertThat(state.get("totalFailedConnects").asLong()).isEqualTo(4);
    assertThat(state.get("phase").asText()).isEqualTo("inactive");
  }

  @Test
  void keepsRetryingWhileTheLeaderIsDownAndCatchesUpWhenItIsBack() throws Exception {
    createCollection("c");
    insert("c", 0, 10);
    applier.makeFollower(config());
    int port = leader.endpoint().getPort();
    leader.close();
    await().atMost(Duration.ofSeconds(20)).until(() -> state().get("progress").get("failedConnects").asLong() >= 3);
    assertThat(state().get("running").asBoolean()).isTrue();

    leader = MiniCluster.builder().single(true).dataDir(dir.resolve("leader")).port(port).rootPassword("pw").jwtSecret(SECRET).start();
    insert("c", 10, 5);
    await().atMost(Duration.ofSeconds(30)).until(() -> sameOnBothSides("c"));
    assertThat(contents(follower, "fpw", "c")).hasSize(15);
    JsonNode state = state();
    assertThat(state.get("totalFailedConnects").asLong()).isGreaterThanOrEqualTo(3);
    assertThat(state.get("progress").get("failedConnects").asLong()).isZero();
    assertThat(state.get("lastError").get("errorNum").asInt()).isZero();
  }

  /** Answers a request itself (true) or lets the front forward it to the leader (false). */
  private interface Intercept {
    boolean answered(com.sun.net.httpserver.HttpExchange exchange) throws java.io.IOException, InterruptedException;
  }

  /**
   * A real HTTP front of the leader: forwards every request (method, path, query, credentials,
   * body) and the leader's answer with its replication headers, except what {@code intercept}
   * answers itself. Stopped by the caller.
   */
  private HttpServer leaderFront(Intercept intercept) throws java.io.IOException {
    HttpClient forward = HttpClient.newHttpClient();
    HttpServer front = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    front.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
    front.createContext("/", exchange -> {
      try (exchange) {
        if (intercept.answered(exchange)) {
          return;
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + leader.endpoint().getPort()
            + exchange.getRequestURI().getRawPath() + (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery())))
            .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(exchange.getRequestBody().readAllBytes()));
        exchange.getRequestHeaders().forEach((name, values) -> {
          if (name.equalsIgnoreCase("Authorization") || name.equalsIgnoreCase("Content-Type")) {
            values.forEach(value -> request.header(name, value));
          }
        });
        HttpResponse<byte[]> answer = forward.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        answer.headers().map().forEach((name, values) -> {
          if (!name.equalsIgnoreCase("content-length") && !name.equalsIgnoreCase("transfer-encoding") && !name.startsWith(":")) {
            exchange.getResponseHeaders().put(name, values);
          }
        });
        exchange.sendResponseHeaders(answer.statusCode(), answer.body().length == 0 ? -1 : answer.body().length);
        exchange.getResponseBody().write(answer.body());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    front.start();
    return front;
  }

  /**
   * initialSyncMaxWaitTime bounds each answer of an initial sync: a leader whose dump does not
   * answer within it fails the sync with errorNum 1400 naming the dump, instead of waiting for
   * requestTimeout (here 600 s).
   */
  @Test
  void aDumpThatDoesNotAnswerWithinInitialSyncMaxWaitTimeFailsTheSync() throws Exception {
    createCollection("slow");
    insert("slow", 0, 10);
    java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    HttpServer front = leaderFront(exchange -> {
      if (exchange.getRequestURI().getRawPath().endsWith("/_api/replication/dump")) {
        release.await(); // a leader that never answers the dump, until the test is over
        exchange.sendResponseHeaders(503, -1);
        return true;
      }
      return false;
    });
    try {
      ObjectNode config = config().put("endpoint", "tcp://127.0.0.1:" + front.getAddress().getPort()).put("initialSyncMaxWaitTime", 1)
          .put("requestTimeout", 600);
      assertThatThrownBy(() -> applier.syncOnce(config)).isInstanceOfSatisfying(ReplicationError.class, e -> {
        assertThat(e.errorNum()).isEqualTo(1400);
        assertThat(e.getMessage()).contains("/_api/replication/dump");
      });
    } finally {
      release.countDown();
      front.stop(0);
    }
  }

  @Test
  void maxPacketSizeCapsTheChunksAskedFor() {
    createCollection("packets");
    insert("packets", 0, 10);
    applier.makeFollower(config().put("maxPacketSize", 1048576));
    await().atMost(Duration.ofSeconds(20)).until(() -> state().get("progress").get("message").asText().contains("chunk size 1048576"));
    applier.stop();
  }

  /**
   * A leader that answers 503 for a while (busy, or a coordinator that is not ready) is waited for,
   * not given up on: five 503s in a row, with maxConnectRetries at 1, and the applier still runs
   * and catches up. The 503s come from a real HTTP front of the leader that forwards everything else.
   */
  @Test
  void waitsOutA503FromTheLeaderWithoutCountingItAsAConnectFailure() throws Exception {
    createCollection("busy");
    insert("busy", 0, 10);
    AtomicInteger unavailable = new AtomicInteger(5);
    AtomicInteger answered503 = new AtomicInteger();
    HttpServer front = leaderFront(exchange -> {
      if (exchange.getRequestURI().getRawPath().endsWith("/_api/wal/tail") && unavailable.getAndDecrement() > 0) {
        byte[] body = "{\"error\":true,\"code\":503,\"errorNum\":503,\"errorMessage\":\"service unavailable\"}".getBytes(UTF_8);
        answered503.incrementAndGet();
        exchange.sendResponseHeaders(503, body.length);
        exchange.getResponseBody().write(body);
        return true;
      }
      return false;
    });
    try {
      ObjectNode config = config().put("endpoint", "tcp://127.0.0.1:" + front.getAddress().getPort()).put("maxConnectRetries", 1);
      applier.makeFollower(config);
      insert("busy", 10, 5);
      await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
        assertThat(answered503).as("503 answers; state %s", applier.stateJson()).hasValue(5);
        assertThat(sameOnBothSides("busy")).as("the same on both sides; applier state: %s", applier.stateJson()).isTrue();
      });
      JsonNode state = state();
      assertThat(state.get("running").asBoolean()).isTrue();
      assertThat(state.get("lastError").get("errorNum").asInt()).isZero();
      assertThat(state.get("totalFailedConnects").asLong()).isZero();
      assertThat(contents(follower, "fpw", "busy")).hasSize(15);
    } finally {
      applier.stop();
      front.stop(0);
    }
  }

  @Test
  void ridesOutAFollowerRestart() throws Exception {
    createCollection("f");
    insert("f", 0, 10);
    applier.makeFollower(config());
    int port = follower.endpoint().getPort();
    follower.close();
    insert("f", 10, 10);
    follower = MiniCluster.builder().single(true).dataDir(dir.resolve("follower")).port(port).rootPassword("fpw").jwtSecret(SECRET + "-f")
        .start();
    insert("f", 20, 10);
    await().atMost(Duration.ofSeconds(40)).until(() -> sameOnBothSides("f"));
    assertThat(contents(follower, "fpw", "f")).hasSize(30);
    assertThat(state().get("running").asBoolean()).isTrue();
    assertThat(state().get("lastError").get("errorNum").asInt()).isZero();
  }

  @Test
  void stopsWith1414WhenTheLeaderPurgedItsStartTickAndResyncsWithAutoResync() throws Exception {
    MiniCluster purging = MiniCluster.builder().single(true).dataDir(dir.resolve("purging")).rootPassword("pw").jwtSecret(SECRET)
        .walRetention(Duration.ofSeconds(1), 0).start();
    try (ArangoConnection purgingApi = ArangoConnection.open(ConnectionSettings.withJwtSecret(List.of(purging.endpoint()), SECRET));
        Applier second = new Applier("_system", false, connector, followerEndpoint(), dir.resolve("second"))) {
      purgingApi.json("POST", "/_api/collection", JSON.createObjectNode().put("name", "w"), false);
      purgingApi.json("POST", "/_api/document/w", JSON.createObjectNode().put("_key", "before"), false);
      ObjectNode body = config().put("endpoint", "tcp://127.0.0.1:" + purging.endpoint().getPort());
      second.makeFollower(body);
      second.stop();
      long resumeAt = Long.parseLong(second.stateJson().get("state").get("safeResumeTick").asText());

      // Writes go on while the applier is stopped, and the leader purges the WAL that holds them.
      await("the leader's WAL to move past tick " + resumeAt).atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
          .until(() -> {
            purgingApi.json("POST", "/_api/document/w", JSON.createObjectNode(), false);
            purgingApi.json("PUT", "/_admin/wal/flush", null, false);
            JsonNode first = purgingApi.json("GET", "/_api/replication/logger-first-tick", null, true);
            return Long.parseLong(first.get("firstTick").asText()) > resumeAt + 1;
          });

      second.start(null);
      await().atMost(Duration.ofSeconds(20)).until(() -> !second.state().running());
      JsonNode failed = second.stateJson().get("state").get("lastError");
      assertThat(failed.get("errorNum").asInt()).isEqualTo(1414);
      assertThat(failed.get("errorMessage").asText()).contains("is not present (anymore?) on leader");

      second.configure(JSON.createObjectNode().put("autoResync", true));
      second.start(null);
      await().atMost(Duration.ofSeconds(30)).until(() -> {
        try {
          return contents(purging, "pw", "w").equals(contents(follower, "fpw", "w"));
        } catch (RuntimeException e) {
          return false;
        }
      });
      JsonNode recovered = second.stateJson().get("state");
      assertThat(recovered.get("running").asBoolean()).isTrue();
      assertThat(recovered.get("totalResyncs").asLong()).isEqualTo(1);
    } finally {
      purging.close();
    }
  }

  @Test
  void refusesBadConfigurationAndChangesWhileRunningAndNeverEchoesThePassword() {
    assertThatThrownBy(() -> applier.start(null)).isInstanceOfSatisfying(ReplicationError.class,
        e -> assertThat(e.errorNum()).isEqualTo(1410));
    ObjectNode negative = config().put("requestTimeout", -1);
    assertThatThrownBy(() -> applier.configure(negative)).isInstanceOfSatisfying(ReplicationError.class, e -> {
      assertThat(e.errorNum()).isEqualTo(1410);
      assertThat(e.getMessage()).contains("'requestTimeout'");
    });
    ObjectNode notANumber = config();
    notANumber.put("chunkSize", "big");
    assertThatThrownBy(() -> applier.configure(notANumber)).hasMessageContaining("'chunkSize'");
    assertThatThrownBy(() -> applier.configure(config().put("endpoint", "leader.example.org"))).isInstanceOfSatisfying(
        ReplicationError.class, e -> assertThat(e.getMessage()).contains("write it like tcp://10.0.0.1:8529"));
    assertThat(applier.configuration().isConfigured()).as("a refused configuration changes nothing").isFalse();

    JsonNode stored = applier.configure(config().put("requestTimeout", 32.2)).toJson();
    assertThat(stored.has("password")).isFalse();
    assertThat(stored.get("requestTimeout").asDouble()).isEqualTo(32.2);
    assertThat(stored.get("username").asText()).isEqualTo("root");

    createCollection("c");
    applier.start(null);
    assertThatThrownBy(() -> applier.configure(config())).isInstanceOfSatisfying(ReplicationError.class,
        e -> assertThat(e.errorNum()).isEqualTo(1411));
    assertThatThrownBy(() -> applier.forget()).isInstanceOfSatisfying(ReplicationError.class,
        e -> assertThat(e.errorNum()).isEqualTo(1411));
  }

  @Test
  void syncOnceCopiesWithoutFollowingAndRefusesUnknownRestrictedCollections() {
    createCollection("once");
    insert("once", 0, 20);
    ObjectNode unknown = config();
    unknown.put("restrictType", "include");
    unknown.set("restrictCollections", JSON.createArrayNode().add("once").add("onse"));
    assertThatThrownBy(() -> applier.syncOnce(unknown)).isInstanceOfSatisfying(ReplicationError.class, e -> {
      assertThat(e.errorNum()).isEqualTo(1410);
      assertThat(e.getMessage()).contains("[onse]");
    });
    assertThatThrownBy(() -> applier.makeFollower(unknown)).isInstanceOfSatisfying(ReplicationError.class, e -> {
      assertThat(e.httpStatus()).isEqualTo(400);
      assertThat(e.errorNum()).isEqualTo(1410);
    });

    // make-follower stored its configuration before the sync refused it (as ArangoDB does): lift the restriction.
    ObjectNode unrestricted = config().put("restrictType", "");
    unrestricted.set("restrictCollections", JSON.createArrayNode());
    JsonNode answer = applier.syncOnce(unrestricted);
    assertThat(answer.get("lastLogTick").isTextual()).isTrue();
    assertThat(answer.get("collections").findValuesAsText("name")).contains("once");
    assertThat(contents(follower, "fpw", "once")).hasSize(20).isEqualTo(contents(leader, "pw", "once"));
    insert("once", 20, 5);
    assertThat(applier.state().running()).isFalse();
    assertThat(contents(follower, "fpw", "once")).as("sync does not follow").hasSize(20);
  }

  @Test
  void ignoreErrorsSkipsExactlyThatManyRefusedWritesThenStops() {
    createCollection("u");
    insert("u", 0, 3);
    applier.makeFollower(config().put("ignoreErrors", 1));
    try (ArangoConnection followerApi = ArangoConnection.open(ConnectionSettings.withJwtSecret(List.of(follower.endpoint()), SECRET + "-f"))) {
      // Only the follower has a unique index: the leader's duplicates are refused there.
      followerApi.json("POST", "/_api/index?collection=u", JSON.createObjectNode().put("type", "persistent").put("unique", true).put("sparse", true)
          .set("fields", JSON.createArrayNode().add("tag")), false);
      leaderApi.json("POST", "/_api/document/u", JSON.createObjectNode().put("_key", "a").put("tag", "same"), false);
      leaderApi.json("POST", "/_api/document/u", JSON.createObjectNode().put("_key", "b").put("tag", "same"), false);
      leaderApi.json("POST", "/_api/document/u", JSON.createObjectNode().put("_key", "c").put("tag", "other"), false);
      await().atMost(Duration.ofSeconds(20)).until(() -> followerApi.exchange("GET", null, "/_api/document/u/c", null, true).status() == 200);
      assertThat(followerApi.exchange("GET", null, "/_api/document/u/b", null, true).status()).as("the one ignored").isEqualTo(404);
      assertThat(state().get("running").asBoolean()).isTrue();

      leaderApi.json("POST", "/_api/document/u", JSON.createObjectNode().put("_key", "d").put("tag", "same"), false);
      await().atMost(Duration.ofSeconds(20)).until(() -> !applier.state().running());
      JsonNode lastError = state().get("lastError");
      assertThat(lastError.get("errorNum").asInt()).isNotZero();
      assertThat(lastError.get("errorMessage").asText()).contains("applying the leader's changes to the follower failed");
    }
  }

  @Test
  void usersAreReplicatedWhenTheApplierWritesAsSuperuser() throws Exception {
    leaderApi.json("POST", "/_api/user", JSON.createObjectNode().put("user", "alice").put("passwd", "wonderland"), false);
    ReplicationEndpoint asSuperuser = new ReplicationEndpoint(follower.endpoint(), "_system", null, null, SECRET + "-f", List.of(),
        Duration.ofSeconds(30));
    try (Applier superuser = new Applier("_system", false, connector, asSuperuser, dir.resolve("superuser"));
        ArangoConnection followerApi = ArangoConnection.open(ConnectionSettings.withJwtSecret(List.of(follower.endpoint()), SECRET + "-f"))) {
      superuser.makeFollower(config());
      ObjectNode login = JSON.createObjectNode().put("username", "alice").put("password", "wonderland");
      assertThat(followerApi.exchange("POST", null, "/_open/auth", JSON.writeValueAsBytes(login), false).status()).isEqualTo(200);
      // root came along too: the follower's root now has the leader's password. The applier goes on
      // working, as it does not log in as a user.
      createCollection("after");
      insert("after", 0, 3);
      await().atMost(Duration.ofSeconds(20)).ignoreExceptions()
          .until(() -> contents(follower, "pw", "after").equals(contents(leader, "pw", "after")));
    }
    // That a user-authenticated applier leaves the follower's users alone is what every other test
    // here relies on: they log in to the follower as root with its own password throughout.
  }

  @Test
  void aStopEndsAnInitialSyncPromptlyAndIsNoError() throws Exception {
    createCollection("big");
    for (int from = 0; from < 150_000; from += 5000) {
      insert("big", from, 5000);
    }
    Thread making = new Thread(() -> {
      try {
        applier.makeFollower(config());
      } catch (ReplicationError e) {
        // make-follower reports a stop during its sync like any other end; the state says what happened
      }
    }, "make-follower");
    making.start();
    await().atMost(Duration.ofSeconds(30)).until(() -> state().get("progress").path("message").asText().startsWith("copying collection 'big'"));
    applier.stop();
    making.join(30_000);
    JsonNode state = state();
    assertThat(state.get("running").asBoolean()).isFalse();
    assertThat(state.get("lastError").get("errorNum").asInt()).as("a stop is not an error").isZero();
    // The copy ended at a write boundary instead of running to its end.
    assertThat(contents(follower, "fpw", "big").size()).as("stopped before the copy was done").isLessThan(150_000);
  }

  @Test
  void followsTruncationAndPropertyChanges() {
    createCollection("t");
    insert("t", 0, 50);
    applier.makeFollower(config());
    leaderApi.json("PUT", "/_api/collection/t/properties", JSON.createObjectNode().put("waitForSync", true), false);
    leaderApi.json("PUT", "/_api/collection/t/truncate", null, false);
    insert("t", 100, 2);
    try (ArangoConnection followerApi = ArangoConnection.open(ConnectionSettings.withJwtSecret(List.of(follower.endpoint()), SECRET + "-f"))) {
      await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() ->
          followerApi.json("GET", "/_api/collection/t/count", null, true).get("count").asLong() == 2
              && followerApi.json("GET", "/_api/collection/t/properties", null, true).get("waitForSync").asBoolean());
    }
    assertThat(contents(follower, "fpw", "t")).isEqualTo(contents(leader, "pw", "t"));
    assertThat(state().get("lastError").get("errorNum").asInt()).isZero();
  }

  @Test
  void viewsAreCopiedAndFollowed() {
    createCollection("texts");
    insert("texts", 0, 10);
    ObjectNode links = JSON.createObjectNode();
    links.putObject("texts").put("includeAllFields", true);
    ObjectNode first = JSON.createObjectNode().put("name", "search").put("type", "arangosearch");
    first.set("links", links);
    leaderApi.json("POST", "/_api/view", first, false);
    applier.makeFollower(config());
    try (ArangoConnection followerApi = ArangoConnection.open(ConnectionSettings.withJwtSecret(List.of(follower.endpoint()), SECRET + "-f"))) {
      assertThat(followerApi.json("GET", "/_api/view/search/properties", null, true).path("links").has("texts")).isTrue();

      leaderApi.json("POST", "/_api/view", JSON.createObjectNode().put("name", "later").put("type", "arangosearch"), false);
      leaderApi.json("DELETE", "/_api/view/search", null, false);
      await().atMost(Duration.ofSeconds(20)).until(() ->
          followerApi.exchange("GET", null, "/_api/view/later", null, true).status() == 200
              && followerApi.exchange("GET", null, "/_api/view/search", null, true).status() == 404);
    }
    assertThat(state().get("lastError").get("errorNum").asInt()).isZero();
  }

  @Test
  void incrementalSyncMovesOnlyWhatDiffersAndKeepsTheCollection() {
    createCollection("inc");
    for (int from = 0; from < 20_000; from += 5000) {
      insert("inc", from, 5000);
    }
    applier.makeFollower(config());
    applier.stop();
    // While the applier is stopped the leader changes: 10 updates, 5 removals, 5 new documents ...
    for (int i = 0; i < 10; i++) {
      leaderApi.json("PATCH", "/_api/document/inc/k" + i, JSON.createObjectNode().put("value", -1), false);
    }
    for (int i = 100; i < 105; i++) {
      leaderApi.json("DELETE", "/_api/document/inc/k" + i, null, false);
    }
    insert("inc", 20_000, 5);
    // ... and the follower drifts: a stray document, a lost one, and an index of its own.
    try (ArangoConnection followerApi = ArangoConnection.open(ConnectionSettings.withJwtSecret(List.of(follower.endpoint()), SECRET + "-f"))) {
      followerApi.json("POST", "/_api/document/inc", JSON.createObjectNode().put("_key", "stray"), false);
      followerApi.json("DELETE", "/_api/document/inc/k5000", null, false);
      followerApi.json("POST", "/_api/index?collection=inc",
          JSON.createObjectNode().put("type", "persistent").put("name", "local").set("fields", JSON.createArrayNode().add("name")), false);

      long documentsBefore = state().get("totalDocuments").asLong();
      long removalsBefore = state().get("totalRemovals").asLong();
      ObjectNode incremental = config().put("incremental", true);
      applier.syncOnce(incremental);

      assertThat(contents(follower, "fpw", "inc")).hasSize(20_000).isEqualTo(contents(leader, "pw", "inc"));
      // 10 updated + 5 new + 1 lost on the follower were written; 5 removed on the leader + 1 stray were removed.
      assertThat(state().get("totalDocuments").asLong() - documentsBefore).isEqualTo(16);
      assertThat(state().get("totalRemovals").asLong() - removalsBefore).isEqualTo(6);
      JsonNode indexes = followerApi.json("GET", "/_api/index?collection=inc", null, true).path("indexes");
      assertThat(indexes.findValuesAsText("name")).as("the collection was not dropped").contains("local");
    }
  }

  @Test
  void stateHasTheFieldsOfArangoDbsApplierState() {
    List<String> notRunning = List.of("started", "running", "phase", "lastAppliedContinuousTick", "lastProcessedContinuousTick",
        "lastAvailableContinuousTick", "safeResumeTick", "progress", "totalRequests", "totalFailedConnects", "totalEvents",
        "totalDocuments", "totalRemovals", "totalResyncs", "totalOperationsExcluded", "totalApplyTime", "averageApplyTime",
        "totalFetchTime", "averageFetchTime", "lastError", "time");
    assertThat(fieldNames(state())).containsExactlyElementsOf(notRunning);
    assertThat(state().get("lastAppliedContinuousTick").isNull()).isTrue();
    JsonNode whole = applier.stateJson();
    assertThat(fieldNames(whole)).containsExactly("state", "server", "database");
    assertThat(whole.get("server").get("serverId").asText()).isNotBlank();

    applier.makeFollower(config());
    List<String> running = new java.util.ArrayList<>(notRunning);
    running.add(running.indexOf("safeResumeTick") + 1, "ticksBehind");
    assertThat(fieldNames(state())).containsExactlyElementsOf(running);
    assertThat(fieldNames(applier.stateJson())).containsExactly("state", "server", "endpoint", "database");
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new java.util.ArrayList<>();
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      names.add(it.next());
    }
    return names;
  }
}
