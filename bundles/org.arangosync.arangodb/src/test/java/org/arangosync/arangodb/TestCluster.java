package org.arangosync.arangodb;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.arangosync.minicluster.MiniCluster;

/**
 * The cluster adapter tests talk to: a mini cluster started for the test by default, or a real
 * ArangoDB cluster when {@code -Darangodb.endpoints=http://host:8529[,...]} and
 * {@code -Darangodb.jwtSecret=...} are given.
 */
final class TestCluster implements AutoCloseable {

  static final String JWT_SECRET = "adapter-test-secret";

  private final MiniCluster miniCluster;
  private final Path dataDir;
  private final ConnectionSettings settings;

  private TestCluster(MiniCluster miniCluster, Path dataDir, ConnectionSettings settings) {
    this.miniCluster = miniCluster;
    this.dataDir = dataDir;
    this.settings = settings;
  }

  static TestCluster start() throws IOException {
    String endpoints = System.getProperty("arangodb.endpoints");
    if (endpoints != null && !endpoints.isBlank()) {
      List<URI> uris = new ArrayList<>();
      for (String endpoint : endpoints.split(",")) {
        uris.add(URI.create(endpoint.trim()));
      }
      return new TestCluster(null, null, ConnectionSettings.withJwtSecret(uris, System.getProperty("arangodb.jwtSecret")));
    }
    Path dataDir = Files.createTempDirectory("adapter-test");
    MiniCluster cluster = MiniCluster.builder().dataDir(dataDir).dbServers(2).jwtSecret(JWT_SECRET).start();
    return new TestCluster(cluster, dataDir, ConnectionSettings.withJwtSecret(List.of(cluster.endpoint()), JWT_SECRET));
  }

  ConnectionSettings settings() {
    return settings;
  }

  ArangoConnection connect() {
    return ArangoConnection.open(settings);
  }

  @Override
  public void close() throws IOException {
    if (miniCluster != null) {
      miniCluster.close();
      try (var files = Files.walk(dataDir)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
      }
    }
  }
}
