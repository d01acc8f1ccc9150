package org.arangosync.core.internal.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.arangosync.api.SyncStatus;
import org.arangosync.api.TaskType;
import org.arangosync.api.spi.state.StateStore;
import org.arangosync.api.spi.store.ClusterStore;
import org.arangosync.api.spi.store.ShardRef;
import org.arangosync.api.spi.transport.Transport;
import org.arangosync.command.GoDurations;
import org.arangosync.core.internal.Stopping;
import org.arangosync.core.internal.master.RemoteMaster;
import org.arangosync.metrics.ScrapeCache;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A sync worker: it registers with its datacenter's masters and renews that registration, runs
 * the tasks the masters assign it (each on a thread of its own), stops the ones taken away or
 * cancelled, starts again a task that ended by failure after {@code retryWait}, and reports every
 * task's status. Workers pull their assignments ({@code GET /_api/task?worker=<id>}) rather than
 * being called by the masters, so a worker needs no route of its own for it.
 *
 * <p>Invariants: a task id runs at most once in this worker at a time; {@link #close()} stops every
 * task and returns once their threads ended (each stops within about a second). A registration is
 * a lease: once this worker could not renew it for as long as it lasts, the masters give its tasks
 * to live workers, so it stops them itself rather than run them beside their new workers (two
 * readers of one channel take messages from each other; the shard protocol notices, but every
 * overlap costs a resumption or a resynchronisation).
 */
public final class SyncWorker implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(SyncWorker.class);
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  /**
   * @param endpoint this worker's URL as its datacenter reaches it (its key in the masters' registry)
   * @param hostId the host it runs on, so the masters can place shard tasks next to their DB-Server
   * @param pollInterval how often it renews its registration, asks for its tasks and reports
   * @param inventoryInterval how often a send-inventory task reads the structure
   */
  public record Settings(String endpoint, String hostId, Duration pollInterval, Duration inventoryInterval, ShardSyncSettings shards) {}

  private record Running(SyncTask task, TaskType type, Thread thread) {}

  private final RemoteMaster masters;
  private final ClusterStore cluster;
  private final StateStore state;
  private final ChannelOpener channels;
  private final Settings settings;
  private final CountDownLatch stopped = new CountDownLatch(1);
  private final Map<String, Running> running = new ConcurrentHashMap<>();
  private final Map<String, Long> failedAt = new ConcurrentHashMap<>();
  private final Thread loop;
  private volatile String id;
  private volatile Duration messageTimeout;
  /** How long a registration lasts (the masters say so when they register); null before the first. */
  private volatile Duration registrationTtl;
  /** {@link System#nanoTime()} when the last registration that succeeded was asked for: its lease counts from before the masters' clock. */
  private long registeredAtNanos;
  private final WorkerMetrics metrics;

  public SyncWorker(RemoteMaster masters, ClusterStore cluster, StateStore state, Transport transport, Settings settings,
      WorkerMetrics metrics) {
    this.masters = masters;
    this.cluster = cluster;
    this.state = state;
    this.metrics = metrics;
    // A live shard channel brings a heartbeat at least every heartbeat interval.
    this.channels = new ChannelOpener(transport, masters, metrics, settings.shards().heartbeatInterval().multipliedBy(3).dividedBy(2));
    this.settings = settings;
    this.messageTimeout = settings.shards().messageTimeout();
    this.loop = new Thread(this::loop, "sync worker " + settings.endpoint());
    metrics.tasks(new ScrapeCache<>(this::taskCounts, Duration.ofSeconds(1)));
  }

  public SyncWorker start() {
    loop.start();
    return this;
  }

  /** The id the masters gave this worker; null before the first registration. */
  public String id() {
    return id;
  }

  /** The ids of the tasks running now. */
  public Set<String> runningTasks() {
    return Set.copyOf(running.keySet());
  }

  private void loop() {
    try {
      while (stopped.getCount() > 0) {
        try {
          long asked = System.nanoTime();
          register();
          registeredAtNanos = asked;
          reconcile(callMasters(WorkerMetrics.MasterOp.TASKS, "GET", "/_api/task?worker=" + id, null));
          report();
        } catch (RuntimeException e) {
          LOG.warn("sync worker {}: {}; trying again in {}", settings.endpoint(), e.getMessage(), settings.pollInterval());
          stopTasksWhenRegistrationLapsed();
        }
        stopped.await(settings.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      stopAll();
    }
  }

  private void register() {
    ObjectNode registration = JSON.objectNode().put("endpoint", settings.endpoint()).put("token", "").put("HostID", settings.hostId())
        .put("dbServerAffinity", "");
    JsonNode answer = callMasters(WorkerMetrics.MasterOp.REGISTER, "PUT", "/_api/worker", registration);
    String given = answer.path("id").asText("");
    if (given.isEmpty()) {
      throw new IllegalStateException("the masters registered this worker without an id: " + answer);
    }
    if (!given.equals(id)) {
      LOG.info("sync worker {} registered as {}", settings.endpoint(), given);
    }
    id = given;
    long timeout = answer.path("messageTimeout").asLong(0);
    if (timeout > 0) {
      messageTimeout = Duration.ofNanos(timeout);
    }
    long lasts = answer.path("expiresDuration").asLong(0);
    registrationTtl = lasts > 0 ? Duration.ofNanos(lasts) : null;
  }

  /** Stops every task once the last registration has run out (see the class invariants); they start again when the masters answer. */
  private void stopTasksWhenRegistrationLapsed() {
    Duration ttl = registrationTtl;
    if (ttl == null || running.isEmpty()) {
      return;
    }
    Duration unregistered = Duration.ofNanos(System.nanoTime() - registeredAtNanos);
    if (unregistered.compareTo(ttl) > 0) {
      LOG.warn("sync worker {}: not registered with the masters for {}s, longer than a registration lasts ({}): stopping its {} tasks, "
          + "which the masters give to live workers; it asks for tasks again once they answer", settings.endpoint(),
          unregistered.toSeconds(), GoDurations.format(ttl), running.size());
      stopAll();
    }
  }

  private void reconcile(JsonNode answer) {
    Set<String> assigned = new HashSet<>();
    Set<String> cancelled = new LinkedHashSet<>();
    for (JsonNode info : answer.path("tasks")) {
      String taskId = info.path("id").asText();
      if (info.path("cancelled").asBoolean(false)) {
        cancelled.add(taskId);
        continue;
      }
      assigned.add(taskId);
      Running current = running.get(taskId);
      if (current != null && current.thread().isAlive()) {
        continue;
      }
      if (current != null) {
        running.remove(taskId);
        failedAt.put(taskId, System.currentTimeMillis());
        metrics.taskRestarted(current.type());
        LOG.warn("sync worker {}: task {} ended; starting it again in {}", settings.endpoint(), taskId, settings.shards().retryWait());
      }
      Long failed = failedAt.get(taskId);
      if (failed != null && System.currentTimeMillis() - failed < settings.shards().retryWait().toMillis()) {
        continue;
      }
      startTask(taskId, info.path("task"));
    }
    if (!cancelled.isEmpty()) {
      cancelled(cancelled);
    }
    for (String taskId : Set.copyOf(running.keySet())) {
      if (!assigned.contains(taskId)) {
        stopTask(taskId);
      }
    }
  }

  private void startTask(String taskId, JsonNode data) {
    TaskType type = TaskType.fromWireName(data.path("type").asText());
    String dataChannel = data.path("channels").path("data").asText();
    String controlChannel = data.path("channels").path("control").asText();
    ShardSyncSettings shardSettings = settings.shards().withMessageTimeout(messageTimeout);
    SyncTask task = switch (type) {
      case SEND_INVENTORY -> InventoryTasks.sender(dataChannel, cluster, channels, settings.inventoryInterval(),
          shardSettings.heartbeatInterval().multipliedBy(3), shardSettings);
      case RECEIVE_INVENTORY -> InventoryTasks.receiver(dataChannel, cluster, channels, masters, shardSettings);
      case SEND_SHARD -> ShardTasks.sender(shardOf(data), dataChannel, controlChannel, cluster, channels, shardSettings, metrics);
      case RECEIVE_SHARD -> ShardTasks.receiver(shardOf(data), dataChannel, controlChannel, cluster, state, channels, shardSettings,
          () -> messageTimeout, metrics);
    };
    Thread thread = new Thread(() -> {
      try {
        task.run();
      } catch (RuntimeException e) {
        LOG.warn("sync worker {}: task {} ({}) failed: {}", settings.endpoint(), taskId, type, e.getMessage());
      }
    }, type + " " + taskId);
    running.put(taskId, new Running(task, type, thread));
    thread.start();
    LOG.info("sync worker {}: started {} task {}{}", settings.endpoint(), type, taskId,
        type.isShardTask() ? " for " + shardOf(data) : "");
  }

  private static ShardRef shardOf(JsonNode data) {
    return new ShardRef(data.path("database").asText(), data.path("collection").asText(), data.path("shardIndex").asInt());
  }

  /** Stops every task at once (each is told first, then each is waited for), so stopping takes one grace period, not one per task. */
  private void stopAll() {
    Map<String, Running> all = new LinkedHashMap<>(running);
    running.clear();
    stopAndJoin(all);
  }

  private void stopAndJoin(Map<String, Running> all) {
    all.values().forEach(each -> each.task().stop());
    all.forEach((taskId, each) -> {
      if (!Stopping.join(each.thread(), Duration.ofSeconds(5))) {
        LOG.warn("sync worker {}: task {} did not stop, even interrupted", settings.endpoint(), taskId);
      }
    });
  }

  /**
   * Tasks the masters cancelled (stop sync, a reset shard, a shard gone): stopped if they run (all
   * told at once, then waited for, so a stop of many shards takes one grace period), then reported
   * completed, so that the masters remove them rather than keep them until this worker goes.
   */
  private void cancelled(Set<String> taskIds) {
    Map<String, Running> stopping = new LinkedHashMap<>();
    for (String taskId : taskIds) {
      Running task = running.remove(taskId);
      if (task != null) {
        stopping.put(taskId, task);
      }
      failedAt.remove(taskId);
    }
    stopAndJoin(stopping);
    for (String taskId : taskIds) {
      try {
        callMasters(WorkerMetrics.MasterOp.COMPLETED, "PUT", "/_api/task/" + taskId + "/completed", JSON.objectNode());
      } catch (RuntimeException e) {
        // Removed meanwhile, or the masters are busy: the next poll reports it again if it is still there.
        LOG.debug("sync worker {}: reporting cancelled task {} completed: {}", settings.endpoint(), taskId, e.getMessage());
      }
    }
  }

  private void stopTask(String taskId) {
    Running stopping = running.remove(taskId);
    if (stopping == null) {
      return;
    }
    stopping.task().stop();
    if (!Stopping.join(stopping.thread(), Duration.ofSeconds(5))) {
      LOG.warn("sync worker {}: task {} did not stop within 10s, even interrupted", settings.endpoint(), taskId);
    }
  }

  private void report() {
    if (running.isEmpty()) {
      return;
    }
    ObjectNode body = JSON.objectNode();
    ArrayNode entries = body.putArray("entries");
    Map<String, Running> now = new LinkedHashMap<>(running);
    now.forEach((taskId, task) -> entries.addObject().put("task", taskId).set("status", task.task().status()));
    callMasters(WorkerMetrics.MasterOp.STATUS, "PUT", "/_api/sync/multiple/status", body);
  }

  /** A call to the masters, counted by operation and result. */
  private JsonNode callMasters(WorkerMetrics.MasterOp op, String method, String path, JsonNode body) {
    try {
      JsonNode answer = masters.call(method, path, body);
      metrics.masterCall(op, true);
      return answer;
    } catch (RuntimeException e) {
      metrics.masterCall(op, false);
      throw e;
    }
  }

  /** The running tasks by type and their reported status. */
  private Map<TaskType, Map<SyncStatus, Integer>> taskCounts() {
    Map<TaskType, Map<SyncStatus, Integer>> counts = new EnumMap<>(TaskType.class);
    for (Running each : running.values()) {
      SyncStatus status = SyncStatus.fromWireName(each.task().status().path("status").asText(SyncStatus.INITIALIZING.wireName()));
      counts.computeIfAbsent(each.type(), any -> new EnumMap<>(SyncStatus.class)).merge(status, 1, Integer::sum);
    }
    return counts;
  }

  @Override
  public void close() {
    stopped.countDown();
    // The loop stops the tasks; it may itself be waiting for a master that is gone.
    Stopping.join(loop, Duration.ofSeconds(15));
  }
}
