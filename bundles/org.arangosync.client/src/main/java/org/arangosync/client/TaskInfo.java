package org.arangosync.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One task of a datacenter's workers as {@code GET /_api/task} lists it.
 *
 * @param cancelled whether the task is to stop
 * @param lastError what the task's last failed run reported (JSON {@code last_error}); null if none
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record TaskInfo(String id, Task task, boolean cancelled, Assignment assignment, @JsonProperty("last_error") String lastError) {

  /**
   * What the task does (ArangoSync's {@code TaskData}).
   *
   * @param type {@code send-inventory}, {@code receive-inventory}, {@code send-shard} or {@code receive-shard}
   * @param targetId the other datacenter's cluster id (JSON {@code target_id})
   * @param database empty for inventory tasks
   * @param collection empty for inventory tasks
   * @param shardIndex the shard's 0-based index, for shard tasks
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Task(String type, boolean persistent, Channels channels, @JsonProperty("target_id") String targetId, String database,
      String collection, int shardIndex) {

    /** Whether it works on one shard (and so names database, collection and shard index). */
    public boolean isShardTask() {
      return "send-shard".equals(type) || "receive-shard".equals(type);
    }
  }

  /**
   * @param data the channel from the source to the target datacenter
   * @param control the channel from the target back to the source
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Channels(String data, String control) {}

  /**
   * @param workerId the worker running the task; empty while none does (JSON {@code worker_id})
   * @param createdAt when it was given to that worker (JSON {@code created_at}, RFC 3339)
   * @param counter how often it was given to a worker
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Assignment(@JsonProperty("worker_id") String workerId, @JsonProperty("created_at") String createdAt, long counter) {}
}
