package org.arangosync.core.internal.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.arangosync.api.spi.store.CollectionInfo;
import org.arangosync.api.spi.store.ShardRef;
import org.arangosync.arangodb.AgencyStateStore;
import org.arangosync.arangodb.ArangoClusterStore;
import org.arangosync.arangodb.ArangoConnection;
import org.arangosync.arangodb.ConnectionSettings;
import org.arangosync.certificates.CertificateIssuer;
import org.arangosync.certificates.Issued;
import org.arangosync.certificates.KeyType;
import org.arangosync.certificates.Pem;
import org.arangosync.certificates.Purpose;
import org.arangosync.certificates.TlsContexts;
import org.arangosync.client.SyncClientException;
import org.arangosync.client.SyncMasterClient;
import org.arangosync.core.internal.master.LeaderForwarding;
import org.arangosync.core.internal.master.MasterElection;
import org.arangosync.core.internal.master.MasterRoutes;
import org.arangosync.core.internal.master.MasterSync;
import org.arangosync.core.internal.master.MessageTimeoutRoutes;
import org.arangosync.core.internal.master.WorkerSettings;
import org.arangosync.minicluster.MiniCluster;
import org.arangosync.rest.RestServer;
import org.arangosync.transport.direct.internal.DirectTransport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.arangosync.metrics.Metrics;
import org.arangosync.metrics.internal.LabelledRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two datacenters in one JVM, each with its own mini cluster (agency, coordinator, DB-Servers), a
 * sync master (HTTPS, JWT, client CA, leader election in its agency) and a sync worker (direct
 * transport over TLS), synchronised the way an operator configures it: {@code POST /_api/sync} at
 * the target with the client certificate the source trusts. The target is compared with the
 * source through the DB-Servers' dump API, independently of the sync path.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DatacenterSyncTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path dir;
  private static InJvmDatacenter.Certificates certificates;
  private static Issued targetClientKeyfile;
  private static InJvmDatacenter source;
  private static InJvmDatacenter target;
  /** A second target of the same source, made by the test that needs it. */
  private static InJvmDatacenter third;

  @BeforeAll
  static void start() throws Exception {
    certificates = InJvmDatacenter.Certificates.create();
    targetClientKeyfile = certificates.clientKeyfile("dc-b");
    source = new InJvmDatacenter("a", dir, certificates);
    target = new InJvmDatacenter("b", dir, certificates);
  }

  @AfterAll
  static void stop() throws Exception {
    // Workers first on both sides: a task whose peer's transport went away first only logs noise.
    for (InJvmDatacenter dc : new InJvmDatacenter[] {target, source}) {
      if (dc != null) {
        dc.worker.close();
      }
    }
    if (third != null) {
      third.worker.close();
      third.close();
    }
    if (target != null) {
      target.close();
    }
    if (source != null) {
      source.close();
    }
  }

  private static ObjectNode configureBody(Issued client) {
    return configureBody(client, source);
  }

  private static ObjectNode configureBody(Issued client, InJvmDatacenter from) {
    ObjectNode body = JSON.createObjectNode();
    body.putArray("source").add(from.masterEndpoint());
    body.putObject("authentication").put("clientCertificate", Pem.certificates(List.of(client.certificate())))
        .put("clientKey", Pem.privateKey(client.key())).put("caCertificate", Pem.certificates(List.of(certificates.tlsCa().certificate())));
    return body;
  }

  private static void insert(ArangoConnection connection, String database, String collection, int from, int count) {
    ArrayNode documents = JSON.createArrayNode();
    for (int i = from; i < from + count; i++) {
      documents.addObject().put("_key", "k" + i).put("n", i).put("text", "document " + i);
    }
    connection.json("POST", "/_db/" + database + "/_api/document/" + collection, documents, false);
  }

  /** Every document of every user collection, by database/collection/key, read through the DB-Servers' dump. */
  private static Map<String, JsonNode> contents(InJvmDatacenter dc) {
    Map<String, JsonNode> documents = new TreeMap<>();
    for (String database : dc.store.databases()) {
      for (CollectionInfo collection : dc.store.collections(database)) {
        if (collection.system()) {
          continue;
        }
        for (int shard = 0; shard < collection.numberOfShards(); shard++) {
          String prefix = database + "/" + collection.name() + "/";
          ShardDumps.contents(dc.store, new ShardRef(database, collection.name(), shard))
              .forEach((key, document) -> documents.put(prefix + key, document));
        }
      }
    }
    return documents;
  }

  private static Map<String, Integer> shardCounts(InJvmDatacenter dc) {
    Map<String, Integer> shards = new TreeMap<>();
    for (String database : dc.store.databases()) {
      for (CollectionInfo collection : dc.store.collections(database)) {
        if (!collection.system()) {
          shards.put(database + "/" + collection.name(), collection.numberOfShards());
        }
      }
    }
    return shards;
  }

  @Test
  @Order(1)
  void badConfigurationsAreRefusedWithTheirReasonAndChangeNothing() throws Exception {
    CertificateIssuer issuer = new CertificateIssuer();
    KeyType p256 = KeyType.of("P256", 0);
    Issued otherCa = issuer.createCa("another CA", Duration.ofDays(1), p256);
    Issued untrustedClient = issuer.issue(otherCa, Purpose.CLIENT, List.of("dc-b"), List.of(), Duration.ofDays(1), p256);

    ObjectNode wrongCa = configureBody(targetClientKeyfile);
    ((ObjectNode) wrongCa.get("authentication")).put("caCertificate", Pem.certificates(List.of(otherCa.certificate())));
    assertThatThrownBy(() -> target.operator().call("POST", "/_api/sync", wrongCa))
        .isInstanceOf(SyncClientException.class).hasMessageContaining("502").hasMessageContaining("source masters did not accept")
        .hasMessageContaining("TLS");

    assertThatThrownBy(() -> target.operator().call("POST", "/_api/sync", configureBody(untrustedClient)))
        .isInstanceOf(SyncClientException.class).hasMessageContaining("502").hasMessageContaining("source masters did not accept");

    ObjectNode unreachable = configureBody(targetClientKeyfile);
    unreachable.putArray("source").add("https://127.0.0.1:1");
    assertThatThrownBy(() -> target.operator().call("POST", "/_api/sync", unreachable))
        .isInstanceOf(SyncClientException.class).hasMessageContaining("502").hasMessageContaining("127.0.0.1:1");

    ObjectNode notHttps = configureBody(targetClientKeyfile);
    notHttps.putArray("source").add("http://127.0.0.1:8629");
    assertThatThrownBy(() -> target.operator().call("POST", "/_api/sync", notHttps))
        .isInstanceOf(SyncClientException.class).hasMessageContaining("400").hasMessageContaining("https://host:port");

    ObjectNode noKey = configureBody(targetClientKeyfile);
    ((ObjectNode) noKey.get("authentication")).remove("clientKey");
    assertThatThrownBy(() -> target.operator().call("POST", "/_api/sync", noKey))
        .isInstanceOf(SyncClientException.class).hasMessageContaining("authentication.clientKey");

    SyncMasterClient stranger = SyncMasterClient.builder(List.of(URI.create(target.masterEndpoint())))
        .trustedCertificates(List.of(certificates.tlsCa().certificate())).jwtSecret("not the master secret", "intruder").build();
    assertThatThrownBy(() -> stranger.call("POST", "/_api/sync", configureBody(targetClientKeyfile)))
        .isInstanceOf(SyncClientException.class).hasMessageContaining("401");

    // Nothing was stored on either side.
    assertThat(target.sync.coordinator().state().incoming()).isEmpty();
    assertThat(source.sync.coordinator().state().outgoing()).isEmpty();
    assertThat(target.operator().call("GET", "/_api/sync", null).path("status").asText()).isEqualTo("inactive");
  }

  @Test
  @Order(2)
  void aConfiguredSyncCopiesStructureAndDataAndFollowsChanges() throws Exception {
    ArangoConnection a = source.connection;
    a.json("POST", "/_api/database", JSON.createObjectNode().put("name", "shop"), false);
    a.json("POST", "/_db/shop/_api/collection", JSON.createObjectNode().put("name", "orders").put("numberOfShards", 3), false);
    a.json("POST", "/_db/shop/_api/collection", JSON.createObjectNode().put("name", "items").put("numberOfShards", 2), false);
    a.json("POST", "/_db/shop/_api/index?collection=orders", JSON.readTree("{\"type\":\"persistent\",\"fields\":[\"n\"]}"), false);
    insert(a, "shop", "orders", 0, 2000);
    insert(a, "shop", "items", 0, 500);

    long started = System.nanoTime();
    target.operator().call("POST", "/_api/sync", configureBody(targetClientKeyfile));

    await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
      JsonNode status = target.operator().call("GET", "/_api/sync?details=full", null);
      assertThat(status.path("status").asText()).as("target status %s", status).isEqualTo("running");
    });
    System.out.printf("configure sync to all shards running: %d ms%n", Duration.ofNanos(System.nanoTime() - started).toMillis());
    await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(shardCounts(target)).isEqualTo(shardCounts(source)));
    await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(contents(target)).isEqualTo(contents(source)));
    assertThat(contents(target)).hasSize(2500);
    // A channel nobody produces, asked of the target (which asks the source): not open yet, a 404 to ask again on, not a 500.
    assertThatThrownBy(() -> target.operator().call("GET", "/_api/mq/access/sync_nobody_produces_this", null))
        .isInstanceOf(SyncClientException.class).hasMessageContaining("404").hasMessageContaining("not open yet");

    // How long one document takes from the source to the target (printed, not asserted: timing is the benchmarks' job).
    List<Long> lags = new ArrayList<>();
    for (int probe = 0; probe < 10; probe++) {
      long written = System.nanoTime();
      a.json("POST", "/_db/shop/_api/document/orders", JSON.createObjectNode().put("_key", "probe" + probe), false);
      String path = "/_db/shop/_api/document/orders/probe" + probe;
      await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(10))
          .until(() -> target.connection.exchange("GET", null, path, null, true).status() == 200);
      lags.add(Duration.ofNanos(System.nanoTime() - written).toMillis());
    }
    System.out.println("lag of single documents (ms): " + lags);

    // Ongoing changes: data, a new collection, a dropped one.
    insert(a, "shop", "orders", 2000, 300);
    a.json("DELETE", "/_db/shop/_api/document/orders/k5", null, false);
    a.json("PATCH", "/_db/shop/_api/document/items/k7", JSON.createObjectNode().put("text", "changed"), false);
    a.json("POST", "/_db/shop/_api/collection", JSON.createObjectNode().put("name", "later").put("numberOfShards", 2), false);
    insert(a, "shop", "later", 0, 100);
    a.json("DELETE", "/_db/shop/_api/collection/items", null, false);
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
        .untilAsserted(() -> assertThat(shardCounts(target)).isEqualTo(shardCounts(source)));
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
        .untilAsserted(() -> assertThat(contents(target)).isEqualTo(contents(source)));

    JsonNode sourceStatus = source.operator().call("GET", "/_api/sync", null);
    assertThat(sourceStatus.path("outgoing")).hasSize(1);
    assertThat(sourceStatus.path("outgoing").get(0).path("endpoint").get(0).asText()).isEqualTo(target.masterEndpoint());

    // A second configure is refused, and changes nothing.
    assertThatThrownBy(() -> target.operator().call("POST", "/_api/sync", configureBody(targetClientKeyfile)))
        .isInstanceOf(SyncClientException.class).hasMessageContaining("configured already");

    // What the metrics saw: every document written at the source (2,300 orders and 10 probes) sent and
    // applied, traffic both ways, the lag back at zero, and the leaders' view of shards and tasks.
    Map<String, String> orders = Map.of("database", "shop", "collection", "orders");
    assertThat(sum(source.workerMetrics, "arangosync_worker_documents_sent_total", orders)).isGreaterThanOrEqualTo(2310);
    assertThat(sum(target.workerMetrics, "arangosync_worker_documents_received_total", orders)).isGreaterThanOrEqualTo(2310);
    assertThat(sum(target.workerMetrics, "arangosync_worker_documents_applied_total", orders)).isGreaterThanOrEqualTo(2311);
    assertThat(sum(target.workerMetrics, "arangosync_worker_bytes_applied_total", orders)).isPositive();
    assertThat(sum(source.workerMetrics, "arangosync_worker_bytes_sent_total", orders))
        .isGreaterThan(sum(target.workerMetrics, "arangosync_worker_bytes_applied_total", orders));
    assertThat(sum(source.workerMetrics, "arangosync_worker_messages_sent_total", Map.of("collection", "orders", "kind", "data")))
        .isPositive();
    assertThat(sum(target.workerMetrics, "arangosync_worker_messages_received_total", Map.of("collection", "orders", "kind", "data")))
        .isEqualTo(sum(source.workerMetrics, "arangosync_worker_messages_sent_total", Map.of("collection", "orders", "kind", "data")));
    assertThat(sum(target.workerMetrics, "arangosync_worker_initial_syncs_total", Map.of("collection", "orders", "shard", "2")))
        .isEqualTo(1);
    assertThat(sum(target.workerMetrics, "arangosync_worker_shard_lag_seconds", Map.of("collection", "orders", "shard", "0")))
        .as("a lag gauge per receiving shard").isNotNaN();
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      assertThat(sum(target.workerMetrics, "arangosync_worker_shard_lag_ticks", orders)).isZero();
      assertThat(sum(target.workerMetrics, "arangosync_worker_shard_lag_seconds", orders)).isZero();
      // Heartbeats carry the source's WAL position, past its last change: the target is applied up to there.
      assertThat(sum(target.workerMetrics, "arangosync_worker_shard_applied_tick", Map.of("collection", "orders", "shard", "1")))
          .isGreaterThanOrEqualTo(sum(source.workerMetrics, "arangosync_worker_shard_sent_tick", Map.of("collection", "orders", "shard", "1")));
    });
    int incomingShards = target.sync.coordinator().state().incomingShards().size();
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
      assertThat(sum(target.masterMetrics, "arangosync_master_shards", Map.of("status", "running"))).isEqualTo(incomingShards);
      assertThat(sum(target.masterMetrics, "arangosync_master_tasks", Map.of("type", "receive-shard", "status", "running")))
          .isEqualTo(incomingShards);
      assertThat(sum(target.workerMetrics, "arangosync_worker_tasks", Map.of("type", "receive-shard", "status", "running")))
          .isEqualTo(incomingShards);
    });
    assertThat(sum(target.masterMetrics, "arangosync_master_leader", Map.of())).isEqualTo(1);
    assertThat(sum(target.masterMetrics, "arangosync_master_workers", Map.of())).isEqualTo(1);
    assertThat(sum(target.masterMetrics, "arangosync_master_worker_heartbeats_total", Map.of())).isPositive();
    assertThat(sum(target.workerMetrics, "arangosync_worker_master_calls_total", Map.of("op", "register", "result", "success")))
        .isPositive();
    assertThat(sum(target.workerMetrics, "arangosync_worker_shard_failed", orders)).isZero();
  }

  /**
   * The sum of the samples of family {@code name} whose labels include {@code labels}; NaN when no
   * sample matches (so that "there is such a sample" can be asserted too).
   */
  private static double sum(Metrics metrics, String name, Map<String, String> labels) {
    double total = 0;
    boolean found = false;
    for (var family : ((LabelledRegistry) metrics).snapshot().entrySet()) {
      if (!family.getKey().name().equals(name)) {
        continue;
      }
      for (LabelledRegistry.Sample sample : family.getValue()) {
        if (sample.labels().entrySet().containsAll(labels.entrySet())) {
          found = true;
          total += sample.metric() instanceof com.codahale.metrics.Counter counter ? counter.getCount()
              : ((Number) ((com.codahale.metrics.Gauge<?>) sample.metric()).getValue()).doubleValue();
        }
      }
    }
    return found ? total : Double.NaN;
  }
  private static JsonNode checksums(String database, String collection, int shard) {
    return target.operator().call("GET", "/_api/sync/database/" + database + "/collection/" + collection + "/shard/" + shard
        + "/checksum", null).path("databases").path(database).path("collections").path(collection).path("shards")
        .path(Integer.toString(shard));
  }

  private static boolean sameChecksum(JsonNode both) {
    return both.size() == 2 && both.get(0).path("checksum").asText().equals(both.get(1).path("checksum").asText())
        && both.get(0).path("count").asLong() == both.get(1).path("count").asLong();
  }

  private static List<String> shardStatuses(InJvmDatacenter dc) {
    List<String> statuses = new ArrayList<>();
    dc.operator().call("GET", "/_api/sync?details=full", null).path("shards")
        .forEach(shard -> statuses.add(shard.path("status").asText()));
    return statuses;
  }

  private static JsonNode shardInfo(String database, String collection, int index) {
    for (JsonNode shard : target.operator().call("GET", "/_api/sync?details=full", null).path("shards")) {
      if (shard.path("database").asText().equals(database) && shard.path("collection").asText().equals(collection)
          && shard.path("shardIndex").asInt() == index) {
        return shard;
      }
    }
    throw new AssertionError("no shard " + database + "/" + collection + "/" + index + " in the target's status");
  }

  @Test
  @Order(3)
  void checksumsOfBothSidesAgreeUntilADocumentIsChangedInTheTarget() throws Exception {
    for (int shard = 0; shard < 3; shard++) {
      JsonNode both = checksums("shop", "orders", shard);
      assertThat(both.get(0).path("datacenter").asText()).isEqualTo("source");
      assertThat(both.get(1).path("datacenter").asText()).isEqualTo("target");
      assertThat(sameChecksum(both)).as("shard %d: %s", shard, both).isTrue();
    }
    target.connection.json("PATCH", "/_db/shop/_api/document/orders/k10", JSON.createObjectNode().put("text", "changed in the target"),
        false);
    List<Integer> differing = new ArrayList<>();
    for (int shard = 0; shard < 3; shard++) {
      if (!sameChecksum(checksums("shop", "orders", shard))) {
        differing.add(shard);
      }
    }
    assertThat(differing).hasSize(1);

    // The source's next change of the document overwrites the target's.
    source.connection.json("PATCH", "/_db/shop/_api/document/orders/k10", JSON.createObjectNode().put("text", "changed at the source"),
        false);
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(sameChecksum(checksums("shop", "orders", differing.get(0))))
        .isTrue());

    assertThatThrownBy(() -> checksums("shop", "nothing", 0)).isInstanceOf(SyncClientException.class).hasMessageContaining("404")
        .hasMessageContaining("not turned on for synchronizing");
  }

  /**
   * A target worker cut off from its masters (a partition) for longer than its registration
   * lasts: the masters give its tasks to the target's second worker, so it stops them itself. Its
   * channels stay open on it, silent: the source's senders find the channels where they are
   * produced now, and the target catches up with what the source wrote meanwhile.
   */
  @Test
  @Order(4)
  void aWorkerCutOffFromItsMastersLongerThanItsRegistrationStopsItsTasksWhichAnotherWorkerTakesUp() throws Exception {
    assertThat(target.worker.runningTasks()).isNotEmpty();
    SyncWorker second = target.startSecondWorker("b2", dir);
    long cut = System.nanoTime();
    target.workerCutOff.set(true);
    try {
      await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> target.worker.runningTasks().isEmpty());
      // Not at the first renewal that failed (they come every 200 ms), but once the 5 s registration
      // renewed last, up to a renewal before the cut, ran out.
      assertThat(Duration.ofNanos(System.nanoTime() - cut)).as("tasks stopped when the registration ran out")
          .isGreaterThanOrEqualTo(Duration.ofSeconds(4));
      insert(source.connection, "shop", "orders", 7000, 30);
    } finally {
      target.workerCutOff.set(false);
    }
    await().atMost(Duration.ofSeconds(30)).until(() -> !second.runningTasks().isEmpty());
    await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250))
        .untilAsserted(() -> assertThat(shardStatuses(target)).isNotEmpty().allMatch("running"::equals));
    await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(contents(target)).isEqualTo(contents(source)));
  }

  @Test
  @Order(5)
  void aSourceSilentLongerThanTheMessageTimeoutFailsItsShardsAndAResetShardRunsAgain() throws Exception {
    String resetPath = "/_api/sync/database/shop/collection/orders/shard/0/reset";
    assertThatThrownBy(() -> target.operator().call("PUT", resetPath, null)).isInstanceOf(SyncClientException.class)
        .hasMessageContaining("412").hasMessageContaining("not failed");
    assertThatThrownBy(() -> target.operator().call("PUT", "/_api/sync/database/shop/collection/orders/shard/7/reset", null))
        .isInstanceOf(SyncClientException.class).hasMessageContaining("404").hasMessageContaining("shop/orders/7");
    String taskBefore = target.sync.coordinator().state().incomingShards().values().stream()
        .filter(shard -> shard.path("collection").asText().equals("orders") && shard.path("shardIndex").asInt() == 0)
        .findFirst().orElseThrow().path("task").asText();

    JsonNode shard1Before = receiverStatus("orders", 1);

    target.operator().call("PUT", "/_api/message-timeout", JSON.createObjectNode().put("messageTimeout", Duration.ofSeconds(2).toNanos()));
    source.worker.close();
    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
      JsonNode shard = shardInfo("shop", "orders", 0);
      assertThat(shard.path("status").asText()).as("%s", shard).isEqualTo("failed");
      assertThat(shard.path("status_message").asText()).contains("message timeout 2s");
      assertThat(shardStatuses(target)).allMatch("failed"::equals);
    });
    assertThat(sum(target.workerMetrics, "arangosync_worker_message_timeouts_total", Map.of("collection", "orders", "shard", "0")))
        .isPositive();
    assertThat(sum(target.workerMetrics, "arangosync_worker_resyncs_total",
        Map.of("collection", "orders", "shard", "0", "reason", "message_timeout"))).isPositive();
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
      assertThat(sum(target.masterMetrics, "arangosync_master_shards", Map.of("status", "failed")))
          .isEqualTo(target.sync.coordinator().state().incomingShards().size());
      assertThat(sum(target.workerMetrics, "arangosync_worker_shard_failed", Map.of("collection", "orders", "shard", "0")))
          .isEqualTo(1);
    });
    target.operator().call("PUT", resetPath, null);
    String taskAfter = target.sync.coordinator().state().incomingShards().values().stream()
        .filter(shard -> shard.path("collection").asText().equals("orders") && shard.path("shardIndex").asInt() == 0)
        .findFirst().orElseThrow().path("task").asText();
    assertThat(taskAfter).isNotEqualTo(taskBefore);

    insert(source.connection, "shop", "orders", 5000, 50);
    target.operator().call("PUT", "/_api/message-timeout", JSON.createObjectNode().put("messageTimeout", Duration.ofHours(1).toNanos()));
    source.worker = source.startWorker("a");
    await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250))
        .untilAsserted(() -> assertThat(shardStatuses(target)).isNotEmpty().allMatch("running"::equals));
    await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(contents(target)).isEqualTo(contents(source)));
    // The resynchronisation after the timeout compared both sides and fetched only what the source
    // had gained meanwhile (about a third of 50 documents), not the shard's ~800.
    // The counters belong to the task's receiver: when the lost channel made the task start a new
    // one, they count from zero, and then all they count is the resynchronisation.
    JsonNode shard1After = receiverStatus("orders", 1);
    assertThat(shard1After.path("initial_syncs").asLong()).isPositive();
    boolean sameReceiver = shard1After.path("initial_syncs").asLong() > shard1Before.path("initial_syncs").asLong();
    long fetched = shard1After.path("documents_fetched").asLong() - (sameReceiver ? shard1Before.path("documents_fetched").asLong() : 0);
    System.out.printf("resynchronisation of shop/orders/1 after the message timeout fetched %d documents%n", fetched);
    assertThat(fetched).isLessThanOrEqualTo(50L);
  }

  /** The status the receive-shard task of shop/{collection}/{index} last reported. */
  private static JsonNode receiverStatus(String collection, int index) {
    String task = target.sync.coordinator().state().incomingShards().values().stream()
        .filter(shard -> shard.path("collection").asText().equals(collection) && shard.path("shardIndex").asInt() == index)
        .findFirst().orElseThrow().path("task").asText();
    return target.sync.coordinator().state().taskStatuses().get(task);
  }

  @Test
  @Order(6)
  void stopWithABarrierLosesNoAcknowledgedWriteAndLeavesBothSidesInactiveAndTheSourceWritable() throws Exception {
    List<String> acknowledged = java.util.Collections.synchronizedList(new ArrayList<>());
    java.util.concurrent.atomic.AtomicInteger refused = new java.util.concurrent.atomic.AtomicInteger();
    java.util.concurrent.atomic.AtomicBoolean writing = new java.util.concurrent.atomic.AtomicBoolean(true);
    Thread writer = new Thread(() -> {
      for (int i = 0; writing.get(); i++) {
        try {
          source.connection.json("POST", "/_db/shop/_api/document/orders", JSON.createObjectNode().put("_key", "w" + i), false);
          acknowledged.add("w" + i);
        } catch (RuntimeException e) {
          refused.incrementAndGet();
        }
      }
    }, "writer");
    writer.start();
    try {
      await().atMost(Duration.ofSeconds(30)).until(() -> acknowledged.size() > 50);
      target.operator().call("POST", "/_api/sync/barrier", null);
      await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
        JsonNode barrier = target.operator().call("GET", "/_api/sync/barrier", null);
        assertThat(barrier.path("SourceServerReadonly").asBoolean()).isTrue();
        assertThat(barrier.path("not_in_sync_shards").asInt()).as("%s", barrier).isZero();
        assertThat(barrier.path("in_sync_shards").asInt()).isPositive();
      });
      await().atMost(Duration.ofSeconds(10)).until(() -> refused.get() > 0);
      assertThat(target.operator().call("GET", "/_api/sync?details=full", null).path("shards"))
          .allMatch(shard -> shard.path("in_sync").asBoolean());
      List<String> beforeStop = List.copyOf(acknowledged);
      target.operator().call("DELETE", "/_api/sync", JSON.createObjectNode().put("source_server_mode", "default"));
      Map<String, JsonNode> copied = contents(target);
      assertThat(beforeStop).allMatch(key -> copied.containsKey("shop/orders/" + key));
    } finally {
      writing.set(false);
      writer.join(Duration.ofSeconds(30).toMillis());
    }
    // The source takes writes again; neither side synchronises any more.
    source.connection.json("POST", "/_db/shop/_api/document/orders", JSON.createObjectNode().put("_key", "afterStop"), false);
    for (InJvmDatacenter dc : new InJvmDatacenter[] {source, target}) {
      JsonNode status = dc.operator().call("GET", "/_api/sync", null);
      assertThat(status.path("status").asText()).isEqualTo("inactive");
      assertThat(status.path("outgoing")).isEmpty();
      assertThat(status.path("shardsCount").asInt()).isZero();
      await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(dc.operator().call("GET", "/_api/task", null).path("tasks"))
          .isEmpty());
    }
    assertThat(target.agency.read(ShardProgress.ROOT).orElse("{}")).isEqualTo("{}");
  }

  @Test
  @Order(7)
  void stopAndBarrierWithoutASynchronisationAndBadModesAreRefusedAndChangeNothing() {
    assertThatThrownBy(() -> target.operator().call("DELETE", "/_api/sync", JSON.createObjectNode()))
        .isInstanceOf(SyncClientException.class).hasMessageContaining("412").hasMessageContaining("nothing to stop");
    assertThatThrownBy(() -> target.operator().call("POST", "/_api/sync/barrier", null))
        .isInstanceOf(SyncClientException.class).hasMessageContaining("412");
    assertThatThrownBy(() -> target.operator().call("DELETE", "/_api/sync", JSON.createObjectNode().put("source_server_mode", "frozen")))
        .isInstanceOf(SyncClientException.class).hasMessageContaining("400").hasMessageContaining("frozen");
    assertThatThrownBy(() -> target.operator().call("DELETE", "/_api/sync", JSON.createObjectNode().put("force_timeout", "soon")))
        .isInstanceOf(SyncClientException.class).hasMessageContaining("400").hasMessageContaining("force_timeout");
    assertThatThrownBy(() -> source.operator().call("DELETE", "/_api/sync/outgoing/0123456789abcdef", null))
        .isInstanceOf(SyncClientException.class).hasMessageContaining("404");
    assertThat(target.sync.coordinator().state().incoming()).isEmpty();
    assertThat(source.sync.coordinator().state().outgoing()).isEmpty();
  }

  @Test
  @Order(8)
  void theDirectionReversesAndAnAbortLeavesBothSidesInactive() throws Exception {
    // B (the old target) is the source now; A is overwritten with B's data.
    target.connection.json("POST", "/_db/shop/_api/document/orders", JSON.createObjectNode().put("_key", "writtenInB"), false);
    source.operator().call("POST", "/_api/sync", configureBody(targetClientKeyfile, target));
    await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250)).untilAsserted(() ->
        assertThat(source.operator().call("GET", "/_api/sync", null).path("status").asText()).isEqualTo("running"));
    await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(contents(source)).isEqualTo(contents(target)));
    assertThat(contents(source)).containsKey("shop/orders/writtenInB").doesNotContainKey("shop/orders/afterStop");

    JsonNode answer = source.operator().call("DELETE", "/_api/sync", JSON.createObjectNode().put("force", true)
        .put("force_timeout", Duration.ofSeconds(10).toNanos()));
    assertThat(answer.path("aborted").asBoolean()).as("the source was reached and stopped its side: %s", answer).isFalse();
    assertThat(answer.path("message").asText()).contains("the source datacenter stopped its side");
    for (InJvmDatacenter dc : new InJvmDatacenter[] {source, target}) {
      assertThat(dc.operator().call("GET", "/_api/sync", null).path("status").asText()).isEqualTo("inactive");
      assertThat(dc.operator().call("GET", "/_api/sync", null).path("outgoing")).isEmpty();
    }
  }

  @Test
  @Order(9)
  void abortOutgoingRemovesWhatATargetLeftBehind() {
    // What an aborted target leaves in a source that was away: an outgoing synchronisation nobody receives.
    ObjectNode leftover = JSON.createObjectNode().put("id", "0123456789abcdef");
    leftover.putArray("target").add("https://127.0.0.1:1");
    leftover.putObject("channels").put("inventory", "sync_leftoverInventoryChan");
    source.operator().call("POST", "/_api/sync/outgoing", leftover);
    assertThat(source.operator().call("GET", "/_api/sync", null).path("outgoing")).hasSize(1);

    source.operator().call("DELETE", "/_api/sync/outgoing/0123456789abcdef", null);
    assertThat(source.operator().call("GET", "/_api/sync", null).path("outgoing")).isEmpty();
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(source.operator().call("GET", "/_api/task", null)
        .path("tasks")).isEmpty());
  }
  @Test
  @Order(10)
  void oneSourceSendsToTwoTargetsAndOneOfThemStopsWithoutDisturbingTheOther() throws Exception {
    third = new InJvmDatacenter("c", dir, certificates);
    target.operator().call("POST", "/_api/sync", configureBody(targetClientKeyfile));
    third.operator().call("POST", "/_api/sync", configureBody(targetClientKeyfile));
    for (InJvmDatacenter dc : new InJvmDatacenter[] {target, third}) {
      await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250)).untilAsserted(() ->
          assertThat(dc.operator().call("GET", "/_api/sync", null).path("status").asText()).isEqualTo("running"));
    }
    assertThat(source.operator().call("GET", "/_api/sync", null).path("outgoing")).hasSize(2);
    source.connection.json("POST", "/_db/shop/_api/document/orders", JSON.createObjectNode().put("_key", "toBoth"), false);
    for (InJvmDatacenter dc : new InJvmDatacenter[] {target, third}) {
      await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(contents(dc)).isEqualTo(contents(source)));
    }

    // The first target stops with a barrier; the source is writable again afterwards and goes on sending to the second.
    target.operator().call("POST", "/_api/sync/barrier", null);
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(() ->
        target.operator().call("GET", "/_api/sync/barrier", null).path("not_in_sync_shards").asInt() == 0);
    assertThat(source.store.readOnly()).isTrue();
    target.operator().call("DELETE", "/_api/sync", JSON.createObjectNode());
    assertThat(source.store.readOnly()).isFalse();
    JsonNode outgoing = source.operator().call("GET", "/_api/sync", null).path("outgoing");
    assertThat(outgoing).hasSize(1);
    assertThat(outgoing.get(0).path("endpoint").get(0).asText()).isEqualTo(third.masterEndpoint());
    source.connection.json("POST", "/_db/shop/_api/document/orders", JSON.createObjectNode().put("_key", "onlyToTheSecond"), false);
    await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(contents(third)).isEqualTo(contents(source)));
    assertThat(contents(target)).doesNotContainKey("shop/orders/onlyToTheSecond");

    third.operator().call("DELETE", "/_api/sync", JSON.createObjectNode());
    assertThat(source.operator().call("GET", "/_api/sync", null).path("outgoing")).isEmpty();
  }
}
