package org.arangosync.core.internal.master;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import org.arangosync.api.SyncStatus;
import org.arangosync.api.TaskType;
import org.arangosync.metrics.Metrics;
import org.arangosync.metrics.ScrapeCache;
import org.arangosync.metrics.SyncMetric;

/**
 * What a sync master records besides its worker registry's counters: whether it leads and how often
 * that changed, and — read from the agency at a scrape, at most once a second, by the leader only —
 * the datacenter's workers, tasks by type and status, and incoming shards by status.
 *
 * <p>Invariants: every sample has a fixed set of label values, all present from the start (zero on
 * a standby), so that a dashboard sums the masters of a datacenter without double counting.
 */
final class MasterMetrics {

  /** The datacenter's state as the gauges show it. */
  private record Counts(int workers, Map<TaskType, Map<SyncStatus, Integer>> tasks, Map<SyncStatus, Integer> shards) {
    static final Counts NONE = new Counts(0, Map.of(), Map.of());
  }

  private MasterMetrics() {}

  static void record(Metrics metrics, MasterElection election, WorkerRegistry workers, TaskRegistry tasks, SyncState state) {
    metrics.observe(SyncMetric.MASTER_LEADER, () -> election.isLeader() ? 1 : 0);
    var acquired = metrics.counter(SyncMetric.MASTER_LEADER_CHANGES, "acquired");
    var lost = metrics.counter(SyncMetric.MASTER_LEADER_CHANGES, "lost");
    election.onLeadershipChange(leader -> (leader ? acquired : lost).inc());
    ScrapeCache<Counts> counts = new ScrapeCache<>(() -> election.isLeader() ? count(workers, tasks, state) : Counts.NONE,
        Duration.ofSeconds(1));
    metrics.observe(SyncMetric.MASTER_WORKERS, () -> counts.get().workers());
    for (TaskType type : TaskType.values()) {
      for (SyncStatus status : SyncStatus.values()) {
        metrics.observe(SyncMetric.MASTER_TASKS, () -> counts.get().tasks().getOrDefault(type, Map.of()).getOrDefault(status, 0),
            type.wireName(), status.wireName());
      }
    }
    for (SyncStatus status : SyncStatus.values()) {
      metrics.observe(SyncMetric.MASTER_SHARDS, () -> counts.get().shards().getOrDefault(status, 0), status.wireName());
    }
  }

  /** A task's last reported status; initializing before its worker reported one, as {@code get status} shows it. */
  private static SyncStatus statusOf(ObjectNode reported) {
    return reported == null ? SyncStatus.INITIALIZING
        : SyncStatus.fromWireName(reported.path("status").asText(SyncStatus.INITIALIZING.wireName()));
  }

  private static Counts count(WorkerRegistry workers, TaskRegistry tasks, SyncState state) {
    Map<String, ObjectNode> statuses = state.taskStatuses();
    Map<TaskType, Map<SyncStatus, Integer>> byType = new EnumMap<>(TaskType.class);
    for (TaskInfo task : tasks.list()) {
      SyncStatus status = task.cancelled() ? SyncStatus.CANCELLING : statusOf(statuses.get(task.id()));
      byType.computeIfAbsent(task.task().type(), any -> new EnumMap<>(SyncStatus.class)).merge(status, 1, Integer::sum);
    }
    Map<SyncStatus, Integer> shards = new EnumMap<>(SyncStatus.class);
    for (ObjectNode shard : state.incomingShards().values()) {
      shards.merge(statusOf(statuses.get(shard.path("task").asText())), 1, Integer::sum);
    }
    return new Counts(workers.list().size(), byType, shards);
  }
}
