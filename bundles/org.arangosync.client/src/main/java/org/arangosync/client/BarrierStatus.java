package org.arangosync.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * How far the shards of a target have come while it holds a barrier ({@code GET /_api/sync/barrier}):
 * the source datacenter is read-only, and a shard is in sync once it has everything the source wrote.
 *
 * <p>Invariant: {@code notInSync} is never null; it may list fewer shards than {@code
 * notInSyncShards} (masters that do not name them).
 *
 * @param inSyncShards shards that are in sync (JSON {@code in_sync_shards})
 * @param notInSyncShards shards that are not in sync yet (JSON {@code not_in_sync_shards})
 * @param sourceServerReadonly whether the source datacenter is read-only (JSON {@code SourceServerReadonly},
 *     ArangoSync's Go field name, which has no JSON tag)
 * @param notInSync the shards that are not in sync yet (JSON {@code not_in_sync})
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record BarrierStatus(@JsonProperty("in_sync_shards") int inSyncShards,
    @JsonProperty("not_in_sync_shards") int notInSyncShards,
    @JsonProperty("SourceServerReadonly") boolean sourceServerReadonly,
    @JsonProperty("not_in_sync") List<Shard> notInSync) {

  public BarrierStatus {
    notInSync = notInSync == null ? List.of() : List.copyOf(notInSync);
  }

  /** Whether every shard is in sync. */
  public boolean allInSync() {
    return notInSyncShards == 0;
  }

  /**
   * One shard that is not in sync yet.
   *
   * @param shardIndex the shard's 0-based index in its collection
   * @param status the shard's status, e.g. {@code running} or {@code initial-sync}
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Shard(String database, String collection, int shardIndex, String status) {
    public Shard {
      status = SyncInfo.normalizeStatus(status);
    }

    /** {@code database/collection/index}. */
    @Override
    public String toString() {
      return database + "/" + collection + "/" + shardIndex;
    }
  }
}
