package org.arangosync.core.internal.master;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.arangosync.arangodb.AgencyStateStore;
import org.arangosync.arangodb.ArangoConnection;
import org.arangosync.arangodb.ConnectionSettings;
import org.arangosync.minicluster.MiniCluster;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The agency of one real mini cluster, shared by the worker and task tests of a test run (starting
 * a cluster per class would only cost time), with a fresh root per {@link #freshStore} so that no
 * test sees another's keys.
 */
final class WorkerTestAgency implements BeforeAllCallback {

  private static final String SECRET = "worker-registry-secret";

  private static Shared shared;

  @Override
  public void beforeAll(ExtensionContext context) {
    // The root context's store closes the cluster once, after the last test class of the run.
    context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL).getOrComputeIfAbsent(Shared.class, key -> start(), Shared.class);
  }

  private static synchronized Shared start() {
    if (shared == null) {
      try {
        Path dir = Files.createTempDirectory("worker-agency");
        MiniCluster cluster = MiniCluster.builder().dataDir(dir).dbServers(1).jwtSecret(SECRET).start();
        shared = new Shared(dir, cluster, ArangoConnection.open(ConnectionSettings.withJwtSecret(List.of(cluster.endpoint()), SECRET)));
      } catch (IOException e) {
        throw new IllegalStateException("cannot start the mini cluster for the worker tests: " + e, e);
      }
    }
    return shared;
  }

  /** A store on the shared agency below a root no other test uses. */
  AgencyStateStore freshStore() {
    return AgencyStateStore.discover(start().connection(), "/arangodb/arangosync-workers-" + UUID.randomUUID());
  }

  private record Shared(Path dir, MiniCluster cluster, ArangoConnection connection)
      implements ExtensionContext.Store.CloseableResource {
    @Override
    public void close() throws Exception {
      synchronized (WorkerTestAgency.class) {
        shared = null;
      }
      connection.close();
      cluster.close();
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
      }
    }
  }
}
