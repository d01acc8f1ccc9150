package org.arangosync.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Duration;

/**
 * The synchronization state of one shard (ArangoSync's {@code ShardSyncInfo}), incoming on a target
 * or outgoing on a source.
 *
 * <p>Invariant: {@code status} is never empty (read as {@value SyncInfo#INACTIVE}); {@code
 * documentsDone} and {@code documentsTotal} are both set or both null.
 *
 * @param shardIndex the shard's 0-based index in its collection
 * @param statusMessage why the shard is in its status, e.g. the last error (JSON {@code status_message})
 * @param delayNanos how far the shard lags behind its source, in nanoseconds (JSON {@code delay}, a Go
 *     {@code time.Duration})
 * @param lastMessage when the shard's last message arrived (RFC 3339; JSON {@code last_message})
 * @param lastDataChange when the shard's data last changed (JSON {@code last_data_change})
 * @param lastShardMasterChange when the shard's leader last changed (JSON {@code last_shard_master_change})
 * @param shardMasterKnown whether the shard's leader is known (JSON {@code shard_master_known})
 * @param inSync whether the shard is in sync; meaningful only while the source is read-only (JSON {@code in_sync})
 * @param documentsDone documents copied so far in the initial sync, or null (JSON {@code documents_done})
 * @param documentsTotal documents the initial sync copies, or null (JSON {@code documents_total})
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ShardSyncInfo(String database, String collection, int shardIndex, String status,
    @JsonProperty("status_message") String statusMessage, @JsonProperty("delay") long delayNanos,
    @JsonProperty("last_message") String lastMessage, @JsonProperty("last_data_change") String lastDataChange,
    @JsonProperty("last_shard_master_change") String lastShardMasterChange,
    @JsonProperty("shard_master_known") boolean shardMasterKnown, @JsonProperty("in_sync") boolean inSync,
    @JsonProperty("documents_done") Long documentsDone, @JsonProperty("documents_total") Long documentsTotal) {

  public ShardSyncInfo {
    status = SyncInfo.normalizeStatus(status);
    statusMessage = statusMessage == null ? "" : statusMessage;
    // One progress field without the other is no progress anyone can show.
    if (documentsDone == null || documentsTotal == null) {
      documentsDone = null;
      documentsTotal = null;
    }
  }

  /** How far the shard lags behind its source. */
  public Duration delay() {
    return Duration.ofNanos(delayNanos);
  }

  /** Whether the master reported how far the initial sync of this shard has come. */
  public boolean hasProgress() {
    return documentsTotal != null;
  }

  public boolean isRunning() {
    return SyncInfo.RUNNING.equals(status);
  }
}
