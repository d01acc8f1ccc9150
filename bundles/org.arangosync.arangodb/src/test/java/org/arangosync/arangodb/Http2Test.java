package org.arangosync.arangodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.arangosync.api.Tick;
import org.arangosync.api.spi.store.Change;
import org.arangosync.api.spi.store.ShardLocation;
import org.arangosync.api.spi.store.ShardRef;
import org.arangosync.api.spi.store.Snapshot;
import org.arangosync.client.TestCertificates;
import org.arangosync.minicluster.MiniCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The adapter over HTTP/2: h2c on plain HTTP, h2 negotiated by ALPN over TLS; HTTP/1.1 stays the default. */
class Http2Test {

  private static final String SECRET = "h2-secret";

  @TempDir Path dir;

  private static ConnectionSettings.Protocol protocolOf(ArangoConnection connection) {
    String answered = connection.exchange("GET", null, "/_api/version", null, true).protocol();
    return answered.equals("HTTP/2.0") ? ConnectionSettings.Protocol.HTTP_2 : ConnectionSettings.Protocol.HTTP_1_1;
  }

  /** Writes 300 documents through the store, then dumps every shard: all arrive, over HTTP/2. */
  private static void roundTrip(ArangoClusterStore store, ArangoConnection connection) {
    connection.json("POST", "/_api/collection", new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode()
        .put("name", "h2docs").put("numberOfShards", 2), false);
    List<Change> changes = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      changes.add(new Change(Tick.ZERO, Change.DOCUMENT, "0", "k" + i, null,
          ("{\"_key\":\"k" + i + "\",\"n\":" + i + "}").getBytes(StandardCharsets.UTF_8)));
    }
    store.apply("_system", "h2docs", changes);
    Set<String> dumped = ConcurrentHashMap.newKeySet();
    for (int shard = 0; shard < 2; shard++) {
      ShardLocation location = store.locate(new ShardRef("_system", "h2docs", shard));
      Snapshot snapshot = store.snapshot(location, Duration.ofMinutes(1));
      try {
        store.dump(snapshot, change -> dumped.add(change.key()));
      } finally {
        store.release(snapshot);
      }
    }
    assertThat(dumped).hasSize(300).contains("k0", "k299");
  }

  @Test
  void speaksH2cToAPlainClusterAndHttp11ByDefault() throws Exception {
    try (MiniCluster cluster = MiniCluster.builder().dataDir(dir).dbServers(2).jwtSecret(SECRET).start()) {
      ConnectionSettings settings = ConnectionSettings.withJwtSecret(List.of(cluster.endpoint()), SECRET);
      try (ArangoConnection http11 = ArangoConnection.open(settings)) {
        assertThat(protocolOf(http11)).isEqualTo(ConnectionSettings.Protocol.HTTP_1_1);
      }
      ConnectionSettings h2 = settings.withProtocol(ConnectionSettings.Protocol.HTTP_2);
      try (ArangoConnection connection = ArangoConnection.open(h2);
          ArangoClusterStore store = new ArangoClusterStore(ArangoConnection.open(h2))) {
        assertThat(protocolOf(connection)).isEqualTo(ConnectionSettings.Protocol.HTTP_2);
        roundTrip(store, connection);
      }
    }
  }

  @Test
  void negotiatesH2OverTlsByAlpn() throws Exception {
    TestCertificates certificates = new TestCertificates("CN=h2 CA");
    try (MiniCluster cluster = MiniCluster.builder().dataDir(dir).dbServers(2).jwtSecret(SECRET).tls(certificates.serverContext()).start()) {
      ConnectionSettings h2 = ConnectionSettings.withJwtSecret(List.of(cluster.endpoint()), SECRET)
          .withTrustedCertificates(List.of(certificates.ca)).withProtocol(ConnectionSettings.Protocol.HTTP_2);
      try (ArangoConnection connection = ArangoConnection.open(h2);
          ArangoClusterStore store = new ArangoClusterStore(ArangoConnection.open(h2))) {
        assertThat(protocolOf(connection)).isEqualTo(ConnectionSettings.Protocol.HTTP_2);
        roundTrip(store, connection);
      }
    }
  }

  @Test
  void refusesAnUnknownHttpVersionNamingTheAcceptedOnes() {
    assertThat(ConnectionSettings.Protocol.fromSetting(" H2 ")).isEqualTo(ConnectionSettings.Protocol.HTTP_2);
    assertThat(ConnectionSettings.Protocol.fromSetting("1.1")).isEqualTo(ConnectionSettings.Protocol.HTTP_1_1);
    assertThatThrownBy(() -> ConnectionSettings.Protocol.fromSetting("3")).hasMessage("unknown HTTP version '3'; use 1.1 or 2");
  }
}
