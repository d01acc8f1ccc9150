package org.arangosync.api.spi.replication;

/** Opens connections to ArangoDB servers for replication. Implementations are thread-safe. */
@org.osgi.annotation.versioning.ConsumerType
public interface ReplicationConnector {

  /**
   * A view of the replication logger of the server at {@code endpoint}. Sends no request yet.
   *
   * @throws IllegalArgumentException when the endpoint cannot be used (unknown scheme, ...)
   */
  ReplicationLeader leader(ReplicationEndpoint endpoint);

  /**
   * The server a follower's applier writes to, through the same store operations the datacenter
   * sync uses (idempotent apply, structure changes). Sends no request yet; close it when done.
   */
  org.arangosync.api.spi.store.ClusterStore follower(ReplicationEndpoint endpoint);
}
