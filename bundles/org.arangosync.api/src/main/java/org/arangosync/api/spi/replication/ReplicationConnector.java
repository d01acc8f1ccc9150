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
   * The server at {@code endpoint} through the store operations the datacenter sync uses: a
   * follower to write to (idempotent apply keeping revisions, structure changes), or a leader to
   * read key ranges from (snapshots and the keys API, with the collection as its only "shard").
   * Sends no request yet; close it when done.
   */
  org.arangosync.api.spi.store.ClusterStore store(ReplicationEndpoint endpoint);

  /**
   * The users of the server at {@code endpoint}, for HTTP Basic logins to servers that front it
   * (the applier's HTTPS server accepts the follower's users, {@code root} included). Close it when
   * it is {@link AutoCloseable}.
   */
  org.arangosync.api.spi.auth.UserSource users(ReplicationEndpoint endpoint);

  /**
   * One request of ArangoDB's HTTP API, e.g. {@code PUT /_api/replication/applier-start}, to the
   * server at {@code endpoint} within its database; whatever it answered.
   *
   * @param pathAndQuery below {@code /_db/<database>}, starting with {@code /}
   * @param body JSON bytes, or null
   * @throws ReplicationException (status 0, errorNum 1400) when the server cannot be reached
   */
  ApiAnswer call(ReplicationEndpoint endpoint, String method, String pathAndQuery, byte[] body);
}
