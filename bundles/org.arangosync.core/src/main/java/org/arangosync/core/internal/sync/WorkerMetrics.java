package org.arangosync.core.internal.sync;

import com.codahale.metrics.Counter;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.Supplier;
import org.arangosync.api.SyncStatus;
import org.arangosync.api.TaskType;
import org.arangosync.api.spi.store.ShardRef;
import org.arangosync.metrics.Metrics;
import org.arangosync.metrics.SyncMetric;

/**
 * What a sync worker records in the process's {@link Metrics} ({@code arangosync_worker_*}): its
 * calls to the masters, its transport failures, its tasks by type and status, and, through
 * {@link ShardMetrics}, each shard's traffic, progress and lag.
 *
 * <p>Invariants: every family with a fixed set of label values (operations, results, task types
 * and statuses) has all its samples from the start, at zero, so that dashboards and alerts see a
 * zero rather than nothing; shard samples appear when a shard task starts.
 */
public final class WorkerMetrics {

  /** The transport operations whose failures are counted. */
  public enum TransportOp { OPEN, SEND, POLL, COMMIT }

  /** The calls a worker makes to its masters; {@code register} is its heartbeat. */
  public enum MasterOp { REGISTER, TASKS, STATUS, COMPLETED }

  private final Metrics metrics;
  private final Map<TransportOp, Counter> transportErrors = new EnumMap<>(TransportOp.class);
  private final Map<TaskType, Counter> restarts = new EnumMap<>(TaskType.class);

  public WorkerMetrics(Metrics metrics) {
    this.metrics = metrics;
    for (TransportOp op : TransportOp.values()) {
      transportErrors.put(op, metrics.counter(SyncMetric.WORKER_TRANSPORT_ERRORS, label(op)));
    }
    for (TaskType type : TaskType.values()) {
      restarts.put(type, metrics.counter(SyncMetric.WORKER_TASK_RESTARTS, type.wireName()));
    }
    for (MasterOp op : MasterOp.values()) {
      metrics.counter(SyncMetric.WORKER_MASTER_CALLS, label(op), "success");
      metrics.counter(SyncMetric.WORKER_MASTER_CALLS, label(op), "failure");
    }
  }

  public Metrics metrics() {
    return metrics;
  }

  void transportError(TransportOp op) {
    transportErrors.get(op).inc();
  }

  void masterCall(MasterOp op, boolean success) {
    metrics.counter(SyncMetric.WORKER_MASTER_CALLS, label(op), success ? "success" : "failure").inc();
  }

  void taskRestarted(TaskType type) {
    restarts.get(type).inc();
  }

  /**
   * Observes the number of tasks of each type in each status, counted by {@code counts} (called
   * once per sample and scrape: it should be cheap, e.g. a {@link org.arangosync.metrics.ScrapeCache}).
   */
  void tasks(Supplier<Map<TaskType, Map<SyncStatus, Integer>>> counts) {
    for (TaskType type : TaskType.values()) {
      for (SyncStatus status : SyncStatus.values()) {
        metrics.observe(SyncMetric.WORKER_TASKS,
            () -> counts.get().getOrDefault(type, Map.of()).getOrDefault(status, 0), type.wireName(), status.wireName());
      }
    }
  }

  /** The metrics of one shard as seen by its task of {@code type} in this worker. */
  ShardMetrics shard(ShardRef shard, TaskType type) {
    return new ShardMetrics(metrics, shard, type);
  }

  private static String label(Enum<?> value) {
    return value.name().toLowerCase(java.util.Locale.ROOT);
  }
}
