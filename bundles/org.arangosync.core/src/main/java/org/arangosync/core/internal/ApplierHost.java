package org.arangosync.core.internal;

import java.nio.file.Path;
import java.util.List;
import org.arangosync.api.spi.auth.UserSource;
import org.arangosync.api.spi.replication.ReplicationConnector;
import org.arangosync.api.spi.replication.ReplicationEndpoint;
import org.arangosync.core.replication.ApplierManager;
import org.arangosync.core.replication.ApplierRoutes;
import org.arangosync.rest.RestRoute;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The appliers that write into one follower, with what an HTTPS server needs to front them:
 * ArangoDB's applier routes and the follower's users (operators log in with the follower's
 * credentials, {@code root} included). Opening it starts again every applier whose saved
 * configuration says {@code autoStart}; closing it stops them and forgets nothing.
 */
public final class ApplierHost implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ApplierHost.class);

  private final ApplierManager appliers;
  private final UserSource users;
  private final List<RestRoute> routes;

  private ApplierHost(ApplierManager appliers, UserSource users, List<RestRoute> routes) {
    this.appliers = appliers;
    this.users = users;
    this.routes = routes;
  }

  /** Opens the appliers of {@code follower} whose configuration and progress live in {@code stateDirectory}. */
  public static ApplierHost open(ReplicationConnector connector, ReplicationEndpoint follower, Path stateDirectory) {
    ApplierManager appliers = new ApplierManager(connector, follower, stateDirectory);
    UserSource users = connector.users(follower);
    ApplierHost host = new ApplierHost(appliers, users, new ApplierRoutes(appliers, connector, follower).routes());
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
    if (users instanceof AutoCloseable closeable) {
      try {
        closeable.close();
      } catch (Exception e) {
        LOG.warn("closing the follower's user source failed: {}", e.getMessage());
      }
    }
  }
}
