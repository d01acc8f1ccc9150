package org.arangosync.core.internal;

import java.nio.file.Path;
import java.util.List;
import org.arangosync.api.spi.auth.UserSource;
import org.arangosync.api.spi.replication.ReplicationConnector;
import org.arangosync.api.spi.replication.ReplicationEndpoint;
import org.arangosync.core.replication.ApplierManager;
import org.arangosync.core.replication.ApplierRoutes;
import org.arangosync.metrics.Metrics;
import org.arangosync.rest.RestRoute;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The appliers that write into one follower, with what an HTTPS server needs to front them:
 * ArangoDB's applier routes and the follower's users (operators log in with the follower's
 * credentials, {@code root} included). Opening it starts again every applier whose saved
 * configuration says {@code autoStart}; closing it stops them and forgets nothing. Its appliers
 * record the {@code arangosync_applier_*} metrics (see {@link ApplierMetrics}).
 */
public final class ApplierHost implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ApplierHost.class);

  private final ApplierManager appliers;
  private final ApplierMetrics applierMetrics;
  private final UserSource users;
  private final List<RestRoute> routes;

  private ApplierHost(ApplierManager appliers, ApplierMetrics applierMetrics, UserSource users, List<RestRoute> routes) {
    this.appliers = appliers;
    this.applierMetrics = applierMetrics;
    this.users = users;
    this.routes = routes;
  }

  /**
   * Opens the appliers of {@code follower} whose configuration and progress live in
   * {@code stateDirectory}; they record their metrics in {@code metrics}.
   */
  public static ApplierHost open(ReplicationConnector connector, ReplicationEndpoint follower, Path stateDirectory, Metrics metrics) {
    ApplierMetrics applierMetrics = new ApplierMetrics(metrics);
    ApplierManager appliers = new ApplierManager(connector, follower, stateDirectory, applierMetrics::eventsOf);
    UserSource users = connector.users(follower);
    ApplierHost host = new ApplierHost(appliers, applierMetrics, users, new ApplierRoutes(appliers, connector, follower).routes());
    appliers.startConfigured();
    return host;
  }

  public List<RestRoute> routes() {
    return routes;
  }

  public UserSource users() {
    return users;
  }

  @Override
  public void close() {
    appliers.close();
    // Once the appliers have stopped: no run can start after its gauges are removed and register them again.
    applierMetrics.close();
    if (users instanceof AutoCloseable closeable) {
      try {
        closeable.close();
      } catch (Exception e) {
        LOG.warn("closing the follower's user source failed: {}", e.getMessage());
      }
    }
  }
}
