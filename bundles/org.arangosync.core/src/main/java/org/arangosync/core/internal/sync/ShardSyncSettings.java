package org.arangosync.core.internal.sync;

import java.time.Duration;

/**
 * How the two ends of a shard's synchronisation pace themselves.
 *
 * @param heartbeatInterval a heartbeat goes out when nothing else went out for this long
 * @param messageTimeout a receiver that hears nothing at all for this long declares the shard out
 *     of sync and synchronises it again (ArangoSync's message timeout, default 1h)
 * @param chunkSize keys per key chunk (ArangoDB's default 5000)
 * @param maxMessageBytes about the largest message built (more documents go into more messages)
 * @param snapshotTtl how long a snapshot is kept without being extended
 * @param idleMin the first idle wait of the WAL tail, doubling up to {@code idleMax}
 * @param retryWait the wait after a failure before trying again
 * @param tailChunkBytes bytes asked for per WAL tail round
 * @param sendTimeout how long a send may wait for the transport (backpressure) before failing
 */
public record ShardSyncSettings(Duration heartbeatInterval, Duration messageTimeout, int chunkSize, int maxMessageBytes, Duration snapshotTtl,
    Duration idleMin, Duration idleMax, Duration retryWait, long tailChunkBytes, Duration sendTimeout) {

  public static ShardSyncSettings defaults() {
    return new ShardSyncSettings(Duration.ofSeconds(10), Duration.ofHours(1), 5000, 1024 * 1024, Duration.ofMinutes(10),
        Duration.ofMillis(50), Duration.ofSeconds(1), Duration.ofSeconds(5), 4L * 1024 * 1024, Duration.ofMinutes(5));
  }

  public ShardSyncSettings withMessageTimeout(Duration timeout) {
    return new ShardSyncSettings(heartbeatInterval, timeout, chunkSize, maxMessageBytes, snapshotTtl, idleMin, idleMax, retryWait,
        tailChunkBytes, sendTimeout);
  }

  public ShardSyncSettings withHeartbeatInterval(Duration interval) {
    return new ShardSyncSettings(interval, messageTimeout, chunkSize, maxMessageBytes, snapshotTtl, idleMin, idleMax, retryWait,
        tailChunkBytes, sendTimeout);
  }

  public ShardSyncSettings withChunkSize(int size) {
    return new ShardSyncSettings(heartbeatInterval, messageTimeout, size, maxMessageBytes, snapshotTtl, idleMin, idleMax, retryWait,
        tailChunkBytes, sendTimeout);
  }

  public ShardSyncSettings withRetryWait(Duration wait) {
    return new ShardSyncSettings(heartbeatInterval, messageTimeout, chunkSize, maxMessageBytes, snapshotTtl, idleMin, idleMax, wait,
        tailChunkBytes, sendTimeout);
  }
}
