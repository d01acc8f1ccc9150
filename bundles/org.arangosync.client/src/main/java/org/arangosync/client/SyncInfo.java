package org.arangosync.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/**
 * The synchronization state of one datacenter as {@code GET /_api/sync} reports it (ArangoSync's
 * {@code SyncInfo}). A datacenter can be a target (it has {@code source} endpoints and incoming
 * {@code shards}), a source (it has {@code outgoing} targets), both, or neither.
 *
 * <p>Invariants: no list is null; {@code status} is never empty (ArangoSync's empty status is
 * read as {@value #INACTIVE}). {@code shards} is empty when the master was asked for the short form.
 *
 * @param source the source datacenter's master endpoints; empty unless this datacenter is a target
 * @param status {@code inactive}, {@code initializing}, {@code initial-sync}, {@code running},
 *     {@code cancelling} or {@code failed}
 * @param shards the incoming shards (details=full only)
 * @param shardsCount how many shards are synchronized into this datacenter
 * @param totalShardsCount leader shards of the source that are not excluded
 * @param outgoing the targets this datacenter sends to
 * @param cancellationAborted whether stopping the synchronization was given up
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record SyncInfo(List<String> source, String status, List<ShardSyncInfo> shards, int shardsCount, int totalShardsCount,
    List<OutgoingSyncInfo> outgoing, boolean cancellationAborted) {

  public static final String INACTIVE = "inactive";
  public static final String RUNNING = "running";
  public static final String INITIAL_SYNC = "initial-sync";

  public SyncInfo {
    source = source == null ? List.of() : List.copyOf(source);
    status = normalizeStatus(status);
    shards = shards == null ? List.of() : List.copyOf(shards);
    outgoing = outgoing == null ? List.of() : List.copyOf(outgoing);
  }

  /** Whether this datacenter receives from a source. */
  public boolean isTarget() {
    return !source.isEmpty();
  }

  /** ArangoSync's {@code IsInactive}: no outgoing target, no shard and status inactive. */
  public boolean isInactive() {
    return outgoing.isEmpty() && shardsCount == 0 && INACTIVE.equals(status);
  }

  /** The incoming shards whose status is {@value #RUNNING}. */
  public long runningShards() {
    return shards.stream().filter(ShardSyncInfo::isRunning).count();
  }

  /** ArangoSync writes a status not yet set as the empty string; it means {@value #INACTIVE}. */
  static String normalizeStatus(String status) {
    return status == null || status.isEmpty() ? INACTIVE : status;
  }
}
