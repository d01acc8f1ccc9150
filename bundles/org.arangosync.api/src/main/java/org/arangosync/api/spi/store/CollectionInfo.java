package org.arangosync.api.spi.store;

import java.util.List;

/**
 * A collection of a cluster as synchronisation needs to recreate it.
 *
 * @param globallyUniqueId the id WAL markers carry as {@code cuid}
 * @param type 2 for documents, 3 for edges
 * @param properties the collection's properties as the cluster reports them (JSON)
 * @param indexes the user-defined indexes (JSON objects), without primary and edge
 */
public record CollectionInfo(String database, String name, String id, String globallyUniqueId, int type, boolean system,
    int numberOfShards, List<String> shardKeys, String properties, List<String> indexes) {

  public CollectionInfo {
    shardKeys = List.copyOf(shardKeys);
    indexes = List.copyOf(indexes);
  }
}
