package org.arangosync.arangodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.arangosync.api.Tick;
import org.arangosync.api.spi.store.Change;
import org.arangosync.api.spi.store.ShardLocation;
import org.arangosync.api.spi.store.ShardRef;
import org.arangosync.api.spi.store.Snapshot;
import org.arangosync.api.spi.store.TailResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link ArangoClusterStore#readOnly()} and {@link ArangoClusterStore#setReadOnly(boolean)}: a
 * read-only cluster refuses writes with 403/1004 and still serves reads, snapshots, dumps, key
 * chunks and WAL tails.
 */
class ArangoClusterStoreServerModeTest {

  private static TestCluster cluster;
  private static ArangoClusterStore store;
  /** Writes and reads as a client of the cluster would, beside the store under test. */
  private static ArangoConnection client;

  @BeforeAll
  static void start() throws Exception {
    cluster = TestCluster.start();
    store = new ArangoClusterStore(cluster.connect());
    client = cluster.connect();
  }

  @AfterAll
  static void stop() throws Exception {
    client.close();
    store.close();
    cluster.close();
  }

  /** A failed test must not leave the cluster (possibly a real, shared one) read-only. */
  @AfterEach
  void backToDefault() {
    store.setReadOnly(false);
  }

  private static ArangoConnection.Answer insert(String collection, String json) {
    return client.exchange("POST", null, "/_api/document/" + collection, json.getBytes(StandardCharsets.UTF_8), false);
  }

  @Test
  void readOnlyClusterRefusesWritesAndServesReadsSnapshotsAndTails() {
    String name = "mode" + System.nanoTime();
    ArangoConnection.requireSuccess(client.exchange("POST", null, "/_api/collection",
        ("{\"name\":\"" + name + "\",\"numberOfShards\":2}").getBytes(StandardCharsets.UTF_8), false));
    StringBuilder documents = new StringBuilder("[");
    for (int i = 0; i < 100; i++) {
      documents.append(i == 0 ? "" : ",").append("{\"_key\":\"k").append(i).append("\",\"n\":").append(i).append('}');
    }
    ArangoConnection.requireSuccess(insert(name, documents.append(']').toString()));
    assertThat(store.readOnly()).isFalse();

    store.setReadOnly(true);
    assertThat(store.readOnly()).isTrue();

    ArangoConnection.Answer refused = insert(name, "{\"_key\":\"late\"}");
    assertThat(refused.status()).isEqualTo(403);
    assertThat(ArangoConnection.errorNumOf(refused)).isEqualTo(1004);
    // The sync target's own write path is refused the same way.
    Change late = new Change(Tick.ZERO, Change.DOCUMENT, "0", "late", null, "{\"_key\":\"late\"}".getBytes(StandardCharsets.UTF_8));
    assertThatThrownBy(() -> store.apply("_system", name, List.of(late)))
        .isInstanceOfSatisfying(ArangoException.class, e -> assertThat(e.errorNum()).isEqualTo(1004));

    // Reads, structure, and every shard's snapshot with its dump, key chunks and WAL tail.
    assertThat(client.json("GET", "/_api/document/" + name + "/k7", null, true).path("n").asInt()).isEqualTo(7);
    assertThat(store.collections("_system")).anyMatch(collection -> collection.name().equals(name));
    Set<String> dumped = new HashSet<>();
    int chunked = 0;
    for (int index = 0; index < 2; index++) {
      ShardLocation location = store.locate(new ShardRef("_system", name, index));
      Snapshot snapshot = store.snapshot(location, Duration.ofMinutes(5));
      store.extend(snapshot, Duration.ofMinutes(10));
      store.dump(snapshot, change -> dumped.add(change.key()));
      chunked += store.keyChunks(snapshot, 1000).stream().mapToInt(chunk -> store.chunkKeys(snapshot, chunk, 1000).size()).sum();
      TailResult tail = store.tail(location, Tick.ZERO, 1024 * 1024, change -> {});
      assertThat(tail.fromPresent()).isTrue();
      store.release(snapshot);
    }
    assertThat(dumped).hasSize(100).contains("k0", "k99");
    assertThat(chunked).isEqualTo(100);

    store.setReadOnly(false);
    assertThat(store.readOnly()).isFalse();
    assertThat(insert(name, "{\"_key\":\"late\"}").status()).isEqualTo(202);
    store.apply("_system", name, List.of(new Change(Tick.ZERO, Change.DOCUMENT, "0", "later", null,
        "{\"_key\":\"later\"}".getBytes(StandardCharsets.UTF_8))));
    assertThat(client.json("GET", "/_api/collection/" + name + "/count", null, true).path("count").asInt()).isEqualTo(102);
  }
}
