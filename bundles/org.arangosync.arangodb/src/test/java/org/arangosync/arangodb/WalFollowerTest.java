package org.arangosync.arangodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.arangosync.api.Tick;
import org.arangosync.api.spi.store.Change;
import org.arangosync.api.spi.store.ShardLocation;
import org.arangosync.api.spi.store.ShardRef;
import org.arangosync.api.spi.store.WalFollower;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** Following a shard's WAL: changes arrive as they are written, stopping is prompt, gaps are loud. */
class WalFollowerTest {

  @Test
  void deliversChangesAsTheyAreWrittenAndStopsPromptly() throws Exception {
    try (TestCluster cluster = TestCluster.start();
        ArangoClusterStore store = new ArangoClusterStore(cluster.connect());
        ArangoConnection client = cluster.connect()) {
      String name = "followed" + System.nanoTime();
      client.json("POST", "/_api/collection", new com.fasterxml.jackson.databind.ObjectMapper().readTree("{\"name\":\"" + name + "\"}"), false);
      ShardLocation location = store.locate(new ShardRef("_system", name, 0));
      Tick start = store.snapshot(location, Duration.ofMinutes(1)).tick();
      WalFollower follower = new WalFollower(store, location, start, 64 * 1024, Duration.ofMillis(20), Duration.ofMillis(500));
      Set<String> seen = ConcurrentHashMap.newKeySet();
      AtomicReference<Throwable> failure = new AtomicReference<>();
      Thread thread = new Thread(() -> {
        try {
          follower.run(change -> {
            if (change.type() == Change.DOCUMENT) {
              seen.add(change.key());
            }
          });
        } catch (RuntimeException e) {
          failure.set(e);
        }
      }, "follower");
      thread.start();
      for (int i = 0; i < 50; i++) {
        client.exchange("POST", null, "/_api/document/" + name, ("{\"_key\":\"f" + i + "\"}").getBytes(StandardCharsets.UTF_8), false);
      }
      Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> seen.size() == 50);
      assertThat(follower.position().isAfter(start)).isTrue();
      follower.stop();
      Awaitility.await("the follower to stop").atMost(Duration.ofSeconds(2)).until(() -> !thread.isAlive());
      assertThat(failure.get()).isNull();
    }
  }

  @Test
  void failsLoudlyWhenTheStartIsNoLongerInTheWal() throws Exception {
    // A leader whose WAL no longer holds the start answers frompresent=false (see the mini cluster's WalRetentionTest).
    com.sun.net.httpserver.HttpServer server = com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", exchange -> {
      exchange.getResponseHeaders().set("x-arango-replication-lastincluded", "0");
      exchange.getResponseHeaders().set("x-arango-replication-lastscanned", "900");
      exchange.getResponseHeaders().set("x-arango-replication-lasttick", "900");
      exchange.getResponseHeaders().set("x-arango-replication-frompresent", "false");
      exchange.getResponseHeaders().set("x-arango-replication-checkmore", "false");
      exchange.sendResponseHeaders(204, -1);
      exchange.close();
    });
    server.start();
    java.net.URI endpoint = java.net.URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    try (ArangoClusterStore store = new ArangoClusterStore(ArangoConnection.open(ConnectionSettings.withUser(List.of(endpoint), "root", "")))) {
      ShardLocation location = new ShardLocation(new ShardRef("_system", "c", 0), "s1", "PRMR-1", endpoint);
      WalFollower follower = new WalFollower(store, location, new Tick(1), 64 * 1024, Duration.ofMillis(10), Duration.ofMillis(100));
      assertThatThrownBy(() -> follower.run(change -> { }))
          .isInstanceOf(WalFollower.StartTickGoneException.class)
          .hasMessageContaining("1414");
      assertThat(follower.position()).isEqualTo(new Tick(1));
    } finally {
      server.stop(0);
    }
  }
}
