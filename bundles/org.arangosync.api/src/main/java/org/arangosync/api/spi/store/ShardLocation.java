package org.arangosync.api.spi.store;

import java.net.URI;
import java.util.Objects;

/**
 * Where a shard lives now: its name and the DB-Server that leads it. Leaders move (failover,
 * rebalancing), so a location is looked up again after a failure rather than kept forever.
 */
public record ShardLocation(ShardRef shard, String shardName, String serverId, URI serverEndpoint) {

  public ShardLocation {
    Objects.requireNonNull(shard, "shard");
    Objects.requireNonNull(shardName, "shardName");
    Objects.requireNonNull(serverId, "serverId");
    Objects.requireNonNull(serverEndpoint, "serverEndpoint");
  }
}
