package org.arangosync.core.internal.sync;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import org.arangosync.api.SyncStatus;

/**
 * One task a worker runs for its master: {@code send-inventory}, {@code receive-inventory},
 * {@code send-shard} or {@code receive-shard}. {@link #run()} works until {@link #stop()} (safe from
 * any thread, returns at once; {@code run} ends within about a second) or until the task cannot go
 * on, and then throws; a task retries what can be retried itself.
 */
interface SyncTask extends Runnable {

  void stop();

  /**
   * What it does now, as a worker reports it to the master: {@code {status, status_message, delay
   * (ns), last_message, last_data_change, documents_done, documents_total}}, the fields of
   * ArangoSync's shard status (and the progress of an initial synchronisation).
   */
  ObjectNode status();

  /** A status as {@link #status()} describes it; times in epoch millis, 0 for never. */
  static ObjectNode statusJson(SyncStatus status, String message, Duration delay, long lastMessageMillis, long lastDataChangeMillis,
      long documentsDone, long documentsTotal) {
    ObjectNode json = JsonNodeFactory.instance.objectNode().put("status", status.wireName()).put("status_message", message)
        .put("delay", delay.toNanos())
        .put("last_message", lastMessageMillis == 0 ? "" : Instant.ofEpochMilli(lastMessageMillis).toString())
        .put("last_data_change", lastDataChangeMillis == 0 ? "" : Instant.ofEpochMilli(lastDataChangeMillis).toString());
    if (documentsTotal > 0) {
      json.put("documents_done", documentsDone).put("documents_total", documentsTotal);
    }
    return json;
  }
}
