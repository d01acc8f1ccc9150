package org.arangosync.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * One target datacenter a source sends to, as {@code GET /_api/sync} lists it under {@code outgoing}.
 *
 * <p>Invariants: no list is null; {@code status} is never empty (read as {@value SyncInfo#INACTIVE}).
 *
 * @param id the target's cluster id
 * @param endpoint the target's master endpoints
 * @param shards the shards sent to it (details=full only)
 * @param activeBarrier whether the target holds a barrier (the source is read-only) (JSON {@code active_barrier})
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record OutgoingSyncInfo(String id, List<String> endpoint, String status, List<ShardSyncInfo> shards, int shardsCount,
    @JsonProperty("active_barrier") boolean activeBarrier) {

  public OutgoingSyncInfo {
    endpoint = endpoint == null ? List.of() : List.copyOf(endpoint);
    status = SyncInfo.normalizeStatus(status);
    shards = shards == null ? List.of() : List.copyOf(shards);
  }
}
