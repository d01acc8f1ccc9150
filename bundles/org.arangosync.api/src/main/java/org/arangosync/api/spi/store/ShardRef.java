package org.arangosync.api.spi.store;

import java.util.Objects;

/**
 * A shard as synchronisation names it: by database, collection and 0-based index, which are the
 * same in both datacenters even though the shard names (s10001, ...) differ.
 */
public record ShardRef(String database, String collection, int shardIndex) {

  public ShardRef {
    Objects.requireNonNull(database, "database");
    Objects.requireNonNull(collection, "collection");
    if (shardIndex < 0) {
      throw new IllegalArgumentException("a shard index starts at 0, got " + shardIndex);
    }
  }

  @Override
  public String toString() {
    return database + "/" + collection + "/" + shardIndex;
  }
}
