package org.arangosync.arangodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.arangosync.api.Tick;
import org.arangosync.api.spi.store.Change;
import org.arangosync.api.spi.store.CollectionInfo;
import org.arangosync.api.spi.store.ShardLocation;
import org.arangosync.api.spi.store.ShardRef;
import org.arangosync.api.spi.store.Snapshot;
import org.arangosync.api.spi.store.TailResult;
import org.arangosync.minicluster.MiniCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The read side of the cluster store: structure, shard snapshots with dumps, and WAL tails. */
class ArangoClusterStoreTest {

  private static TestCluster cluster;
  private static ArangoClusterStore store;
  /** Sets up data as a client of the cluster would, beside the store under test. */
  private static ArangoConnection setup;

  @BeforeAll
  static void start() throws Exception {
    cluster = TestCluster.start();
    store = new ArangoClusterStore(cluster.connect());
    setup = cluster.connect();
  }

  @AfterAll
  static void stop() throws Exception {
    setup.close();
    store.close();
    cluster.close();
  }

  private static void call(ArangoConnection connection, String method, String path, String body) {
    ArangoConnection.requireSuccess(connection.exchange(method, null, path, body == null ? null : body.getBytes(StandardCharsets.UTF_8), false));
  }

  private static void post(String path, String body) {
    call(setup, "POST", path, body);
  }

  @Test
  void dumpsEachShardsSnapshotAndTailsWhatCameAfterIt() {
    String name = "items" + System.nanoTime();
    post("/_api/collection", "{\"name\":\"" + name + "\",\"numberOfShards\":3}");
    StringBuilder first = new StringBuilder("[");
    for (int i = 0; i < 300; i++) {
      first.append(i == 0 ? "" : ",").append("{\"_key\":\"a").append(i).append("\",\"n\":").append(i).append('}');
    }
    post("/_api/document/" + name, first.append(']').toString());

    CollectionInfo info = store.collections("_system").stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
    assertThat(info.numberOfShards()).isEqualTo(3);
    assertThat(info.shardKeys()).containsExactly("_key");
    assertThat(store.databases()).contains("_system");

    List<Snapshot> snapshots = new ArrayList<>();
    Set<String> locations = new HashSet<>();
    for (int index = 0; index < 3; index++) {
      ShardLocation location = store.locate(new ShardRef("_system", name, index));
      locations.add(location.shardName());
      snapshots.add(store.snapshot(location, Duration.ofMinutes(5)));
    }
    assertThat(locations).hasSize(3);

    // Written after the snapshots: must not be in the dumps, must be in the tails.
    StringBuilder second = new StringBuilder("[");
    for (int i = 0; i < 60; i++) {
      second.append(i == 0 ? "" : ",").append("{\"_key\":\"b").append(i).append("\"}");
    }
    post("/_api/document/" + name, second.append(']').toString());
    call(setup, "DELETE", "/_api/document/" + name + "/a7", null);

    Set<String> dumped = new HashSet<>();
    Set<String> tailed = new HashSet<>();
    Set<String> removed = new HashSet<>();
    for (Snapshot snapshot : snapshots) {
      store.dump(snapshot, change -> {
        assertThat(change.type()).isEqualTo(Change.DOCUMENT);
        assertThat(new String(change.data(), StandardCharsets.UTF_8)).contains("\"_id\":\"" + name + "/" + change.key() + "\"");
        assertThat(dumped.add(change.key())).isTrue();
      });
      Tick from = snapshot.tick();
      while (true) {
        TailResult round = store.tail(snapshot.location(), from, 1024, change -> {
          if (change.type() == Change.DOCUMENT) {
            tailed.add(change.key());
          } else if (change.type() == Change.REMOVE) {
            removed.add(change.key());
          }
        });
        assertThat(round.fromPresent()).isTrue();
        if (!round.checkMore()) {
          break;
        }
        assertThat(round.next().isAfter(from)).isTrue();
        from = round.next();
      }
      store.release(snapshot);
    }
    assertThat(dumped).hasSize(300).contains("a0", "a299");
    assertThat(tailed).hasSize(60).allMatch(key -> key.startsWith("b"));
    assertThat(removed).containsExactly("a7");
  }

  @Test
  void comparesKeyRangesByHashAndFetchesTheirKeysAndDocuments() {
    String name = "ranges" + System.nanoTime();
    post("/_api/collection", "{\"name\":\"" + name + "\"}");
    StringBuilder docs = new StringBuilder("[");
    for (int i = 0; i < 250; i++) {
      docs.append(i == 0 ? "" : ",").append(String.format("{\"_key\":\"k%03d\",\"v\":%d}", i, i));
    }
    post("/_api/document/" + name, docs.append(']').toString());
    ShardLocation location = store.locate(new ShardRef("_system", name, 0));

    Snapshot before = store.snapshot(location, Duration.ofMinutes(5));
    List<org.arangosync.api.spi.store.KeyChunk> chunks = store.keyChunks(before, 100);
    assertThat(chunks).hasSize(3);
    assertThat(chunks.get(1).low()).isEqualTo("k100");
    assertThat(chunks.get(1).high()).isEqualTo("k199");
    List<org.arangosync.api.spi.store.KeyRevision> keys = store.chunkKeys(before, chunks.get(1), 100);
    assertThat(keys).hasSize(100);
    assertThat(keys.get(0).key()).isEqualTo("k100");
    assertThat(keys.get(0).revision()).startsWith("_");
    List<Change> fetched = store.chunkDocuments(before, chunks.get(0), 100, List.of(0, 5, 99));
    assertThat(fetched).extracting(Change::key).containsExactly("k000", "k005", "k099");
    assertThat(new String(fetched.get(1).data(), StandardCharsets.UTF_8)).contains("\"v\":5");
    store.release(before);

    call(setup, "PATCH", "/_api/document/" + name + "/k150", "{\"v\":-1}");
    Snapshot after = store.snapshot(location, Duration.ofMinutes(5));
    List<org.arangosync.api.spi.store.KeyChunk> changed = store.keyChunks(after, 100);
    assertThat(changed.get(0).hash()).isEqualTo(chunks.get(0).hash());
    assertThat(changed.get(1).hash()).isNotEqualTo(chunks.get(1).hash());
    assertThat(changed.get(2).hash()).isEqualTo(chunks.get(2).hash());
    store.release(after);
  }

  @Test
  void refusesAWalAnswerThatBreaksTheProtocolAndAppliesNothingOfIt() throws Exception {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", exchange -> {
      byte[] body = ("{\"tick\":\"20\",\"type\":2300,\"data\":{\"_key\":\"x\",\"_rev\":\"_a\"}}\n"
          + "{\"tick\":\"15\",\"type\":2300,\"data\":{\"_key\":\"y\",\"_rev\":\"_b\"}}\n").getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("x-arango-replication-lastincluded", "15");
      exchange.getResponseHeaders().set("x-arango-replication-lasttick", "30");
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    server.start();
    URI endpoint = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    try (ArangoConnection connection = ArangoConnection.open(ConnectionSettings.withUser(List.of(endpoint), "root", ""))) {
      ArangoClusterStore fake = new ArangoClusterStore(connection);
      List<Change> received = new ArrayList<>();
      ShardLocation location = new ShardLocation(new ShardRef("_system", "c", 0), "s1", "PRMR-1", endpoint);
      assertThatThrownBy(() -> fake.tail(location, new Tick(10), 1024, received::add))
          .isInstanceOfSatisfying(ArangoException.class, e -> {
            assertThat(e.errorNum()).isEqualTo(ArangoException.INVALID_RESPONSE);
            assertThat(e.getMessage()).contains("tick 15 does not come after 20");
          });
      assertThat(received).isEmpty();
    } finally {
      server.stop(0);
    }
  }

  @Test
  void treatsASingleServersCollectionAsItsOnlyShard(@TempDir Path dir) throws Exception {
    try (MiniCluster single = MiniCluster.builder().dataDir(dir).single(true).start();
        ArangoConnection client = ArangoConnection.open(ConnectionSettings.withUser(List.of(single.endpoint()), "root", ""));
        ArangoClusterStore singleStore = new ArangoClusterStore(ArangoConnection.open(
            ConnectionSettings.withUser(List.of(single.endpoint()), "root", "")))) {
      call(client, "POST", "/_api/collection", "{\"name\":\"solo\"}");
      call(client, "POST", "/_api/document/solo", "[{\"_key\":\"1\"},{\"_key\":\"2\"}]");
      assertThat(singleStore.collections("_system")).extracting(CollectionInfo::name).contains("solo", "_users");
      ShardLocation location = singleStore.locate(new ShardRef("_system", "solo", 0));
      assertThat(location.shardName()).isEqualTo("solo");
      Snapshot snapshot = singleStore.snapshot(location, Duration.ofMinutes(1));
      List<String> keys = new ArrayList<>();
      assertThat(singleStore.dump(snapshot, change -> keys.add(change.key()))).isEqualTo(2);
      assertThat(keys).containsExactly("1", "2");
      singleStore.release(snapshot);
    }
  }
}
