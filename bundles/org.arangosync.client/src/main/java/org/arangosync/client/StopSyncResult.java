package org.arangosync.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * The answer of a target master to {@code DELETE /_api/sync} (stop or abort the synchronization).
 *
 * <p>Invariants: {@code source} is never null, {@code clusterId} and {@code message} never null
 * (empty when not given).
 *
 * @param aborted whether the target stopped without the source's cooperation (a forced stop whose
 *     source could not be reached in time); the source then still holds the outgoing
 *     synchronization, to be removed with {@code arangosync abort outgoing sync} against its masters
 * @param source the source datacenter's master endpoints the synchronization came from
 * @param clusterId the target's cluster id, which the source knows the synchronization by (JSON {@code cluster_id})
 * @param cancelling whether the target is still cancelling its shards' tasks
 * @param message what the master has to say about the stop, e.g. why the source was not reached
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record StopSyncResult(boolean aborted, List<String> source, @JsonProperty("cluster_id") String clusterId,
    boolean cancelling, String message) {

  public StopSyncResult {
    source = source == null ? List.of() : List.copyOf(source);
    clusterId = clusterId == null ? "" : clusterId;
    message = message == null ? "" : message;
  }
}
