package org.arangosync.core.internal.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.arangosync.api.SyncStatus;
import org.arangosync.api.TaskType;
import org.arangosync.api.spi.store.ShardLocation;
import org.arangosync.api.spi.store.ShardRef;
import org.arangosync.api.spi.store.Snapshot;
import org.arangosync.api.spi.transport.ChannelName;
import org.arangosync.api.spi.transport.ChannelProducer;
import org.arangosync.api.spi.transport.MessageKind;
import org.arangosync.arangodb.AgencyStateStore;
import org.arangosync.arangodb.ArangoClusterStore;
import org.arangosync.arangodb.ArangoConnection;
import org.arangosync.arangodb.ConnectionSettings;
import org.arangosync.certificates.CertificateIssuer;
import org.arangosync.certificates.Issued;
import org.arangosync.certificates.KeyType;
import org.arangosync.certificates.Pem;
import org.arangosync.certificates.Purpose;
import org.arangosync.metrics.Metrics;
import org.arangosync.minicluster.MiniCluster;
import org.arangosync.rest.RestServer;
import org.arangosync.transport.direct.internal.DirectTransport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One shard pair synchronised for real: a source and a target mini cluster (two DB-Servers each),
 * the direct transport over mutual TLS between a "source worker" and a "target worker", the
 * receiver's progress in the target's agency. The target is compared with the source through the
 * DB-Servers' dump API, independently of the sync path.
 */
class ShardSyncTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SECRET = "shard-sync-secret";
  private static final String DATABASE = "shop";
  private static final int SHARDS = 2;

  @TempDir static Path dir;
  private static MiniCluster sourceCluster;
  private static MiniCluster targetCluster;
  private static ArangoConnection sourceConnection;
  private static ArangoConnection targetConnection;
  private static ArangoClusterStore source;
  private static ArangoClusterStore target;
  private static AgencyStateStore targetAgency;
  private static final List<AutoCloseable> closeAtEnd = new ArrayList<>();
  private static DirectTransport sourceWorker;
  private static DirectTransport targetWorker;
  private static final WorkerMetrics sourceMetrics = new WorkerMetrics(Metrics.create());
  private static final WorkerMetrics targetMetrics = new WorkerMetrics(Metrics.create());

  private final List<Thread> threads = new ArrayList<>();
  private final List<Runnable> stops = new ArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    sourceCluster = MiniCluster.builder().dataDir(dir.resolve("a")).dbServers(2).jwtSecret(SECRET).start();
    targetCluster = MiniCluster.builder().dataDir(dir.resolve("b")).dbServers(2).jwtSecret(SECRET).start();
    sourceConnection = ArangoConnection.open(ConnectionSettings.withJwtSecret(List.of(sourceCluster.endpoint()), SECRET));
    targetConnection = ArangoConnection.open(ConnectionSettings.withJwtSecret(List.of(targetCluster.endpoint()), SECRET));
    source = new ArangoClusterStore(sourceConnection);
    target = new ArangoClusterStore(targetConnection);
    targetAgency = AgencyStateStore.discover(targetConnection, "/arangodb/arangosync");
    CertificateIssuer issuer = new CertificateIssuer();
    KeyType p256 = KeyType.of("P256", 0);
    Issued ca = issuer.createCa("shard sync test CA", Duration.ofDays(1), p256);
    Issued server = issuer.issue(ca, Purpose.SERVER_AND_CLIENT, List.of("127.0.0.1"), List.of(), Duration.ofDays(1), p256);
    sourceWorker = worker("source", ca, server);
    targetWorker = worker("target", ca, server);
  }

  private static DirectTransport worker(String name, Issued ca, Issued keyfile) throws Exception {
    Path file = dir.resolve(name + ".keyfile");
    Files.writeString(file, Pem.keyfile(keyfile));
    RestServer server = RestServer.builder(file).host("127.0.0.1").port(0).clientCas(List.of(ca.certificate())).name(name).start();
    DirectTransport transport = new DirectTransport(new DirectTransport.Settings(List.of(server.endpoint("127.0.0.1")),
        Pem.certificates(List.of(ca.certificate())), keyfile, dir.resolve("spill-" + name), 64L << 20, 256L << 20, Duration.ofHours(1)));
    transport.routes().forEach(server::addRoute);
    server.addTokenAuthority(transport.tokenAuthority());
    closeAtEnd.add(transport);
    closeAtEnd.add(server);
    return transport;
  }

  @AfterAll
  static void stop() throws Exception {
    for (AutoCloseable each : closeAtEnd) {
      each.close();
    }
    sourceConnection.close();
    targetConnection.close();
    targetCluster.close();
    sourceCluster.close();
  }

  @AfterEach
  void stopTasks() throws Exception {
    stops.forEach(Runnable::run);
    for (Thread thread : threads) {
      thread.join(10_000);
      assertThat(thread.isAlive()).as("a task that stops promptly").isFalse();
    }
  }

  // ------------------------------------------------------------------------------------ helpers

  private static void createCollection(ArangoConnection connection, String collection) {
    if (!connection.json("GET", "/_api/database/user", null, true).path("result").toString().contains("\"" + DATABASE + "\"")) {
      connection.json("POST", "/_api/database", JSON.createObjectNode().put("name", DATABASE), false);
    }
    connection.json("POST", "/_db/" + DATABASE + "/_api/collection",
        JSON.createObjectNode().put("name", collection).put("numberOfShards", SHARDS), false);
  }

  private static void insert(ArangoConnection connection, String collection, int from, int count, String value) {
    ArrayNode documents = JSON.createArrayNode();
    for (int i = from; i < from + count; i++) {
      documents.addObject().put("_key", "k" + i).put("value", value + i);
    }
    connection.json("POST", "/_db/" + DATABASE + "/_api/document/" + collection, documents, false);
  }

  /** A collection of a new name in both clusters, with {@code documents} documents ("v0", "v1", ...) at the source. */
  private static String newCollection(String prefix, int documents) {
    String collection = prefix + UUID.randomUUID().toString().substring(0, 6);
    createCollection(sourceConnection, collection);
    createCollection(targetConnection, collection);
    insert(sourceConnection, collection, 0, documents, "v");
    return collection;
  }

  private static void update(ArangoConnection connection, String collection, int key, String value) {
    connection.json("PATCH", "/_db/" + DATABASE + "/_api/document/" + collection + "/k" + key,
        JSON.createObjectNode().put("value", value), false);
  }

  private static void remove(ArangoConnection connection, String collection, int key) {
    connection.json("DELETE", "/_db/" + DATABASE + "/_api/document/" + collection + "/k" + key, null, false);
  }

  /** Every document of every shard of the collection, by key, read through the DB-Servers' dump. */
  private static Map<String, JsonNode> contents(ArangoClusterStore store, String collection) throws Exception {
    Map<String, JsonNode> documents = new TreeMap<>();
    for (int shard = 0; shard < SHARDS; shard++) {
      documents.putAll(shardContents(store, collection, shard));
    }
    return documents;
  }

  private record Pair(ShardSender sender, ShardReceiver receiver) {}

  /** A sender and a receiver of one shard, each on its own thread, with channels of their own. */
  private Pair startPair(String collection, int shardIndex, ShardSyncSettings settings, String channelSuffix) {
    ShardReceiver receiver = startReceiver(collection, shardIndex, settings, channelSuffix);
    ShardSender sender = startSender(collection, shardIndex, settings, channelSuffix);
    return new Pair(sender, receiver);
  }

  private static ChannelName data(String collection, int shard, String suffix) {
    return new ChannelName("sync_b_" + collection + "_" + shard + "_data" + suffix);
  }

  private static ChannelName control(String collection, int shard, String suffix) {
    return new ChannelName("sync_a_" + collection + "_" + shard + "_control" + suffix);
  }

  private ShardSender startSender(String collection, int shardIndex, ShardSyncSettings settings, String suffix) {
    ShardRef shard = new ShardRef(DATABASE, collection, shardIndex);
    ChannelProducer data = sourceWorker.producer(data(collection, shardIndex, suffix));
    ChannelProducer control = targetWorker.producer(control(collection, shardIndex, suffix));
    ShardLink link = new ShardLink(shard, data, sourceWorker.consumer(control.channel(), control.access()), MessageKind.DATA, settings,
        sourceMetrics.shard(shard, TaskType.SEND_SHARD));
    ShardSender sender = new ShardSender(shard, source, link, settings);
    run("send-shard " + shard, sender, () -> {
      sender.stop();
    }, link);
    return sender;
  }

  private ShardReceiver startReceiver(String collection, int shardIndex, ShardSyncSettings settings, String suffix) {
    ShardRef shard = new ShardRef(DATABASE, collection, shardIndex);
    ChannelProducer control = targetWorker.producer(control(collection, shardIndex, suffix));
    ChannelProducer data = sourceWorker.producer(data(collection, shardIndex, suffix));
    ShardLink link = new ShardLink(shard, control, targetWorker.consumer(data.channel(), data.access()), MessageKind.CONTROL, settings,
        targetMetrics.shard(shard, TaskType.RECEIVE_SHARD));
    ShardReceiver receiver = new ShardReceiver(shard, target, link, new ShardProgress(targetAgency, shard), settings);
    run("receive-shard " + shard, receiver, receiver::stop, link);
    return receiver;
  }

  private void run(String name, Runnable task, Runnable stop, ShardLink link) {
    Thread thread = new Thread(() -> {
      try {
        task.run();
      } finally {
        link.close();
      }
    }, name);
    thread.start();
    threads.add(thread);
    stops.add(stop);
  }

  private static ShardSyncSettings fast() {
    return ShardSyncSettings.defaults().withChunkSize(100).withHeartbeatInterval(Duration.ofMillis(300))
        .withRetryWait(Duration.ofMillis(200));
  }

  private static void awaitEqual(String collection) {
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
        .untilAsserted(() -> assertThat(contents(target, collection)).isEqualTo(contents(source, collection)));
  }

  // ------------------------------------------------------------------------------------ tests

  @Test
  void anEmptyTargetGetsEverythingThenFollowsInsertsUpdatesAndRemovals() throws Exception {
    String collection = newCollection("orders", 1500);
    List<Pair> pairs = new ArrayList<>();
    for (int shard = 0; shard < SHARDS; shard++) {
      pairs.add(startPair(collection, shard, fast(), ""));
    }
    await().atMost(Duration.ofSeconds(60))
        .until(() -> pairs.stream().allMatch(pair -> pair.receiver().status().status() == SyncStatus.RUNNING));
    assertThat(contents(target, collection)).hasSize(1500).isEqualTo(contents(source, collection));
    assertThat(pairs.stream().mapToLong(pair -> pair.receiver().fetchedDocuments()).sum()).isEqualTo(1500);

    insert(sourceConnection, collection, 1500, 200, "w");
    for (int key = 0; key < 100; key++) {
      update(sourceConnection, collection, key, "updated");
    }
    for (int key = 100; key < 150; key++) {
      remove(sourceConnection, collection, key);
    }
    awaitEqual(collection);
    assertThat(contents(target, collection)).hasSize(1650);
    assertThat(pairs.stream().mapToLong(pair -> pair.receiver().initialSyncs()).sum()).as("no resynchronisation").isEqualTo(SHARDS);
    assertThat(pairs.get(0).receiver().status().delay()).isLessThan(Duration.ofSeconds(30));
  }

  @Test
  void aDivergedTargetIsRepairedByMovingOnlyWhatDiffers() throws Exception {
    String collection = newCollection("stock", 2000);
    // The target holds the same documents (as a finished earlier sync left them), then diverges.
    for (int shard = 0; shard < SHARDS; shard++) {
      ShardRef ref = new ShardRef(DATABASE, collection, shard);
      ShardLocation location = source.locate(ref);
      Snapshot snapshot = source.snapshot(location, Duration.ofMinutes(1));
      List<org.arangosync.api.spi.store.Change> all = new ArrayList<>();
      source.dump(snapshot, all::add);
      source.release(snapshot);
      target.apply(DATABASE, collection, all);
    }
    assertThat(contents(target, collection)).isEqualTo(contents(source, collection));
    update(targetConnection, collection, 5, "written in the target");
    remove(targetConnection, collection, 6);
    insert(targetConnection, collection, 5000, 3, "only in the target");
    update(sourceConnection, collection, 7, "changed at the source");

    List<Pair> pairs = new ArrayList<>();
    for (int shard = 0; shard < SHARDS; shard++) {
      pairs.add(startPair(collection, shard, fast(), ""));
    }
    awaitEqual(collection);
    await().atMost(Duration.ofSeconds(30))
        .until(() -> pairs.stream().allMatch(pair -> pair.receiver().status().status() == SyncStatus.RUNNING));
    // k5 (overwritten), k6 (removed in the target), k7 (changed at the source) move; k5000.. go.
    assertThat(pairs.stream().mapToLong(pair -> pair.receiver().fetchedDocuments()).sum()).isEqualTo(3);
    assertThat(pairs.stream().mapToLong(pair -> pair.receiver().removedDocuments()).sum()).isEqualTo(3);
  }

  @Test
  void aRestartedReceiverResumesFromItsSavedTickWithoutSynchronisingAgain() throws Exception {
    String collection = newCollection("events", 300);
    ShardSender sender = startSender(collection, 0, fast(), "");
    ShardReceiver first = startReceiver(collection, 0, fast(), "");
    await().atMost(Duration.ofSeconds(30)).until(() -> first.status().status() == SyncStatus.RUNNING);
    first.stop();
    await().atMost(Duration.ofSeconds(10)).until(() -> !threads.get(1).isAlive());
    insert(sourceConnection, collection, 300, 50, "while the receiver was away");

    ShardReceiver second = startReceiver(collection, 0, fast(), "");
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      Map<String, JsonNode> sourceShard0 = shardContents(source, collection, 0);
      assertThat(shardContents(target, collection, 0)).isEqualTo(sourceShard0);
    });
    assertThat(second.initialSyncs()).as("resumed, not synchronised again").isZero();
    assertThat(second.status().status()).isEqualTo(SyncStatus.RUNNING);
    assertThat(sender.status().status()).isEqualTo(SyncStatus.RUNNING);
  }

  /**
   * A receive task that moved to another worker while its old worker still ran it (the masters
   * lost the old worker's registration for a while): two receivers of one shard read the same data
   * channel, and each commits, and so takes away from the other, the messages it reads. Once the
   * old one stops, the target must still have every change.
   */
  @Test
  void twoReceiversOfOneShardForAWhileLoseNoChange() throws Exception {
    String collection = newCollection("moved", 300);
    ShardSender sender = startSender(collection, 0, fast(), "");
    ShardReceiver old = startReceiver(collection, 0, fast(), "");
    await().atMost(Duration.ofSeconds(30)).until(() -> old.status().status() == SyncStatus.RUNNING);

    ShardReceiver moved = startReceiver(collection, 0, fast(), "");
    for (int round = 0; round < 60; round++) {
      insert(sourceConnection, collection, 1000 + round * 20, 20, "while two receivers run");
      update(sourceConnection, collection, round, "updated while two receivers run");
    }
    old.stop();
    await().atMost(Duration.ofSeconds(10)).until(() -> !threads.get(1).isAlive());
    insert(sourceConnection, collection, 5000, 20, "after the old receiver stopped");
    await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
        assertThat(shardContents(target, collection, 0)).isEqualTo(shardContents(source, collection, 0)));
    await().atMost(Duration.ofSeconds(10)).until(() -> moved.status().status() == SyncStatus.RUNNING);
    assertThat(sender.status().status()).isEqualTo(SyncStatus.RUNNING);
  }

  @Test
  void aSilentSourceMakesTheShardFailAfterTheMessageTimeoutAndItIsSynchronisedAgain() throws Exception {
    String collection = newCollection("silent", 100);
    ShardSyncSettings settings = fast().withMessageTimeout(Duration.ofSeconds(2));
    ShardReceiver receiver = startReceiver(collection, 0, settings, "");
    // No sender yet: nothing answers.
    await().atMost(Duration.ofSeconds(20)).until(() -> receiver.status().status() == SyncStatus.FAILED);
    assertThat(receiver.status().message()).contains("message timeout");
    startSender(collection, 0, settings, "");
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
        assertThat(shardContents(target, collection, 0)).isEqualTo(shardContents(source, collection, 0)));
    await().atMost(Duration.ofSeconds(10)).until(() -> receiver.status().status() == SyncStatus.RUNNING);
    assertThat(receiver.initialSyncs()).isGreaterThanOrEqualTo(2);
  }

  private static Map<String, JsonNode> shardContents(ArangoClusterStore store, String collection, int shard) {
    return ShardDumps.contents(store, new ShardRef(DATABASE, collection, shard));
  }

}
