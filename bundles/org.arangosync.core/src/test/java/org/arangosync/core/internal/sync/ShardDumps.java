package org.arangosync.core.internal.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import org.arangosync.api.spi.store.ClusterStore;
import org.arangosync.api.spi.store.ShardLocation;
import org.arangosync.api.spi.store.ShardRef;
import org.arangosync.api.spi.store.Snapshot;

/** What a shard holds, read through its DB-Server's dump API: the tests' view of a cluster, independent of the sync path. */
final class ShardDumps {

  private static final ObjectMapper JSON = new ObjectMapper();

  private ShardDumps() {}

  /** Every document of the shard by key. */
  static Map<String, JsonNode> contents(ClusterStore store, ShardRef shard) {
    Map<String, JsonNode> documents = new TreeMap<>();
    ShardLocation location = store.locate(shard);
    Snapshot snapshot = store.snapshot(location, Duration.ofMinutes(1));
    try {
      store.dump(snapshot, change -> {
        try {
          documents.put(change.key(), JSON.readTree(change.data()));
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    } finally {
      store.release(snapshot);
    }
    return documents;
  }
}
