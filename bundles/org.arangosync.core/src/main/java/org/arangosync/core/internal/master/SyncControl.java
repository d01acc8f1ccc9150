package org.arangosync.core.internal.master;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.arangosync.api.SyncStatus;
import org.arangosync.api.Tick;
import org.arangosync.api.TaskType;
import org.arangosync.api.spi.store.ShardRef;
import org.arangosync.core.internal.Stopping;
import org.arangosync.core.internal.sync.ShardProgress;
import org.arangosync.rest.RestException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What an operator does to a synchronisation on a bad day, on top of {@link SyncCoordinator}: the
 * barrier that holds the source read-only until every shard is in sync, stop and abort, the
 * cleanup of an outgoing synchronisation, the reset of a failed shard and the per-shard checksums
 * of {@code check sync}.
 *
 * <p>Invariants: every operation that changes state runs under the coordinator's lock (so it never
 * interleaves with a configure or a shard report); one that needs the other datacenter asks it
 * first and changes nothing here when it refuses (except an abort, whose point is to go on without
 * it); the source's read-only mode is switched before its state records the switch, so a failed
 * switch leaves the state as it was; a stop or an abort removes the state in one write, once the
 * workers stopped the tasks it cancelled (or {@link #TASKS_STOP_WAIT} passed), so no change and no
 * saved tick outlives it.
 */
final class SyncControl {

  private static final Logger LOG = LoggerFactory.getLogger(SyncControl.class);
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  /**
   * After the source turned read-only, how long before a WAL round counts as proof that a shard's
   * sender has everything: a write that was accepted just before the switch has committed by then.
   */
  static final Duration READ_ONLY_GRACE = Duration.ofSeconds(1);
  /**
   * How long a stop waits for the workers to stop the tasks it cancelled before it removes their
   * state anyway (a worker that went away has its cancelled tasks removed by the assignment loop).
   */
  static final Duration TASKS_STOP_WAIT = Duration.ofSeconds(15);
  /** How long an abort waits for the source when the request does not say. */
  static final Duration DEFAULT_FORCE_TIMEOUT = Duration.ofSeconds(30);

  /** The barrier as the target sees it now: the shards in sync, and the others with their status. */
  record Barrier(boolean sourceReadOnly, List<ShardRef> inSync, List<ObjectNode> notInSync) {}

  private final SyncCoordinator sync;
  private final SyncState state;

  SyncControl(SyncCoordinator sync) {
    this.sync = sync;
    this.state = sync.state();
  }

  // ------------------------------------------------------------------------------------ target

  /** {@code POST /_api/sync/barrier}: the source turns read-only until the barrier is removed or the sync stopped. */
  ObjectNode createBarrier() {
    synchronized (sync) {
      ObjectNode incoming = requireActiveIncoming("create a barrier");
      callSource(incoming, "POST", "/_api/sync/outgoing/" + state.clusterId() + "/barrier", "switch the source to read-only");
      incoming.put("barrier", true);
      state.setIncoming(incoming);
      LOG.info("barrier created: the source datacenter is read-only until every shard is in sync");
    }
    return JSON.objectNode();
  }

  /** {@code GET /_api/sync/barrier}: {@code {in_sync_shards, not_in_sync_shards, SourceServerReadonly, not_in_sync:[...]}}. */
  ObjectNode barrierInfo() {
    ObjectNode incoming = requireIncoming("report a barrier");
    if (!incoming.path("barrier").asBoolean(false)) {
      throw new RestException(412, "no barrier is active; 'arangosync stop sync' creates one (POST /_api/sync/barrier)");
    }
    Barrier barrier = barrierStatus();
    ObjectNode info = JSON.objectNode().put("in_sync_shards", barrier.inSync().size())
        .put("not_in_sync_shards", barrier.notInSync().size()).put("SourceServerReadonly", barrier.sourceReadOnly());
    info.putArray("not_in_sync").addAll(barrier.notInSync());
    return info;
  }

  /**
   * Which shards are in sync: the source is read-only, the shard's sender has read its WAL to the
   * end in a round that began after the switch (plus {@link #READ_ONLY_GRACE}), and the receiver
   * runs and has applied the last change the sender sent.
   */
  Barrier barrierStatus() {
    ObjectNode incoming = requireIncoming("report a barrier");
    JsonNode source = sync.source(incoming).call("GET", "/_api/sync/outgoing/" + state.clusterId() + "/barrier", null);
    boolean readOnly = source.path("readonly").asBoolean(false);
    Map<String, ObjectNode> statuses = state.taskStatuses();
    List<ShardRef> inSync = new ArrayList<>();
    List<ObjectNode> notInSync = new ArrayList<>();
    for (Map.Entry<String, ObjectNode> entry : state.incomingShards().entrySet()) {
      ShardRef shard = SyncCoordinator.shardOf(entry.getValue());
      ObjectNode receiver = statuses.getOrDefault(entry.getValue().path("task").asText(), JSON.objectNode());
      JsonNode sender = source.path("shards").path(entry.getKey());
      String status = receiver.path("status").asText(SyncStatus.INITIALIZING.wireName());
      boolean applied = sender.path("drained").asBoolean(false) && SyncStatus.RUNNING.wireName().equals(status)
          && !tick(sender.path("last_sent_tick")).isAfter(tick(receiver.path("applied_tick")));
      if (readOnly && applied) {
        inSync.add(shard);
      } else {
        notInSync.add(SyncCoordinator.shardJson(shard).put("status", status));
      }
    }
    return new Barrier(readOnly, inSync, notInSync);
  }

  private static Tick tick(JsonNode value) {
    return value.isTextual() && !value.asText().isEmpty() ? Tick.parse(value.asText()) : Tick.ZERO;
  }

  /** {@code DELETE /_api/sync/barrier}: the source turns read-write again (unless another target holds a barrier). */
  ObjectNode deleteBarrier() {
    synchronized (sync) {
      ObjectNode incoming = requireIncoming("remove a barrier");
      callSource(incoming, "DELETE", "/_api/sync/outgoing/" + state.clusterId() + "/barrier", "switch the source back to read-write");
      incoming.remove("barrier");
      state.setIncoming(incoming);
    }
    return JSON.objectNode();
  }

  /**
   * {@code DELETE /_api/sync {force?, force_timeout?(ns), source_server_mode?}}: stops the incoming
   * synchronisation. Without {@code force} the source must stop its side first (else 502 and
   * nothing changes here); with it (abort sync) the source gets {@code force_timeout} and is
   * otherwise left for {@code abort outgoing sync}. Either way this datacenter ends inactive.
   */
  ObjectNode stop(JsonNode body) {
    boolean force = body.path("force").asBoolean(false);
    Duration forceTimeout = DEFAULT_FORCE_TIMEOUT;
    if (body.has("force_timeout")) {
      JsonNode value = body.path("force_timeout");
      if (!value.canConvertToLong() || value.asLong() < 0) {
        throw new RestException(400, "force_timeout must be a number of nanoseconds, e.g. 30000000000 for 30s (0: the default, 30s)");
      }
      if (value.asLong() > 0) {
        forceTimeout = Duration.ofNanos(value.asLong());
      }
    }
    String sourceMode = serverMode(body.path("source_server_mode").asText(""));
    ObjectNode incoming;
    String message;
    Cancelled cancelled;
    synchronized (sync) {
      incoming = state.incoming().orElseThrow(() -> new RestException(412, "no synchronisation is configured in this "
          + "datacenter; nothing to stop (on a source datacenter, 'arangosync abort outgoing sync' removes outgoing synchronisations)"));
      if (SyncStatus.CANCELLING.wireName().equals(incoming.path("state").asText())) {
        // A stop that did not finish (its master died): the source's side was dealt with then.
        message = "the stop begun earlier is finished";
      } else {
        message = stopSource(incoming, force, forceTimeout, sourceMode);
        // Marked first: a master that dies during the cleanup leaves a visible 'cancelling' that the next stop finishes.
        incoming.put("state", SyncStatus.CANCELLING.wireName());
        state.setIncoming(incoming);
      }
      cancelled = cancelIncoming(incoming);
    }
    // Outside the lock: a receiving task blocked on it (reporting shards) would keep its worker from stopping the others.
    awaitStopped(cancelled.taskIds());
    synchronized (sync) {
      state.removeIncoming(cancelled.shardIds(), cancelled.taskIds(), cancelled.channels());
    }
    LOG.info("{} (source {})", message, incoming.path("source"));
    // 'aborted': stopped here without the source's side, which 'abort outgoing sync' must clean up.
    ObjectNode answer = JSON.objectNode().put("aborted", incoming.path("source_left_behind").asBoolean(false));
    answer.set("source", incoming.path("source").deepCopy());
    return answer.put("cluster_id", incoming.path("source-cluster-id").asText("")).put("cancelling", false).put("message", message);
  }

  /**
   * Asks the source to stop its side: a refusal is a 502 unless {@code force}, in which case the
   * source gets {@code forceTimeout} and {@code source_left_behind} records that it did not answer.
   */
  private String stopSource(ObjectNode incoming, boolean force, Duration forceTimeout, String sourceMode) {
    String path = "/_api/sync/outgoing/" + state.clusterId() + "?server_mode=" + sourceMode;
    if (!force) {
      try {
        sync.source(incoming).call("DELETE", path, null);
      } catch (RuntimeException e) {
        throw new RestException(502, "the source datacenter did not stop its side of the synchronisation (" + e.getMessage()
            + "); nothing was changed. If the source datacenter is gone, use 'arangosync abort sync'");
      }
      return "synchronisation stopped in both datacenters";
    }
    AtomicReference<String> failure = new AtomicReference<>("it did not answer within " + forceTimeout.toSeconds() + "s");
    Stopping.runBounded("abort sync: stopping the source's side", () -> {
      try {
        sync.source(incoming).call("DELETE", path, null);
        failure.set(null);
      } catch (RuntimeException e) {
        failure.set(e.getMessage());
      }
    }, forceTimeout);
    String failed = failure.get();
    incoming.put("source_left_behind", failed != null);
    return failed == null ? "synchronisation aborted; the source datacenter stopped its side"
        : "synchronisation aborted here; the source datacenter did not stop its side (" + failed + "): run 'arangosync abort "
            + "outgoing sync' against its masters once it is back";
  }

  /** What a stop cancelled and removes: the shards, the tasks and the channels of the incoming synchronisation. */
  private record Cancelled(Set<String> shardIds, Set<String> taskIds, Set<String> channels) {}

  /** Cancels every receiving task here. */
  private Cancelled cancelIncoming(ObjectNode incoming) {
    Map<String, ObjectNode> shards = state.incomingShards();
    Set<String> taskIds = new LinkedHashSet<>();
    for (TaskInfo task : sync.tasks().list()) {
      TaskType type = task.task().type();
      if (type == TaskType.RECEIVE_INVENTORY || type == TaskType.RECEIVE_SHARD) {
        taskIds.add(task.id());
      }
    }
    Set<String> channels = new LinkedHashSet<>();
    channels.add(incoming.path("channels").path("inventory").asText(""));
    collect(shards.values(), taskIds, channels);
    taskIds.stream().filter(id -> !id.isEmpty()).forEach(sync::cancelIfPresent);
    return new Cancelled(new LinkedHashSet<>(shards.keySet()), taskIds, channels);
  }

  /**
   * Waits until the workers stopped the cancelled tasks (each is gone from the registry once its
   * worker reported it), at most {@link #TASKS_STOP_WAIT}: until then a task may still apply a
   * change or save a tick, which must not outlive the stop.
   */
  private void awaitStopped(Set<String> taskIds) {
    long deadline = System.nanoTime() + TASKS_STOP_WAIT.toNanos();
    try {
      while (true) {
        List<String> running = taskIds.stream().filter(id -> !id.isEmpty() && sync.tasks().get(id).isPresent()).toList();
        if (running.isEmpty()) {
          return;
        }
        if (System.nanoTime() > deadline) {
          LOG.warn("{} cancelled tasks are not stopped after {}s ({}); removing their state anyway", running.size(),
              TASKS_STOP_WAIT.toSeconds(), running);
          return;
        }
        Thread.sleep(100);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * {@code PUT /_api/sync/database/{db}/collection/{col}/shard/{i}/reset}: a failed shard gets a
   * new pair of tasks on new channels, and synchronises again from a comparison of both sides.
   */
  void resetShard(ShardRef shard) {
    synchronized (sync) {
      ObjectNode incoming = requireActiveIncoming("reset a shard");
      String shardId = ShardProgress.shardId(shard);
      ObjectNode entry = state.incomingShards().get(shardId);
      if (entry == null) {
        throw new RestException(404, "shard " + shard + " is not synchronised here; 'arangosync get status -v' lists the "
            + "shards (the shard index counts from 0)");
      }
      String oldTask = entry.path("task").asText("");
      String status = state.taskStatuses().getOrDefault(oldTask, JSON.objectNode()).path("status")
          .asText(SyncStatus.INITIALIZING.wireName());
      if (!SyncStatus.FAILED.wireName().equals(status)) {
        throw new RestException(412, "shard " + shard + " is " + status + ", not failed; only a failed shard can be reset");
      }
      TaskData.Channels channels = new TaskData.Channels(SyncCoordinator.channelName(), SyncCoordinator.channelName());
      ObjectNode request = JSON.objectNode();
      request.putObject("channels").put("data", channels.data()).put("control", channels.control());
      callSource(incoming, "PUT", SyncCoordinator.outgoingShardPath(state.clusterId(), shard) + "/reset", request,
          "start a new send-shard task");
      sync.cancelIfPresent(oldTask);
      new ShardProgress(state.store(), shard).clear();
      String task = sync.tasks().create(TaskData.shard(TaskType.RECEIVE_SHARD, channels, incoming.path("source-cluster-id").asText(""),
          shard.database(), shard.collection(), shard.shardIndex(), ""));
      ObjectNode replaced = SyncCoordinator.shardJson(shard);
      replaced.set("channels", request.path("channels"));
      state.putIncomingShard(shardId, replaced.put("task", task));
      state.deleteTaskStatus(oldTask);
      LOG.info("failed shard {} reset: new receive-shard task {}", shard, task);
    }
  }

  /** {@code GET .../shard/{i}/checksum}: the checksums of the shard in the source and here. */
  ObjectNode checksums(ShardRef shard) {
    ObjectNode incoming = requireIncoming("compare checksums");
    if (!state.incomingShards().containsKey(ShardProgress.shardId(shard))) {
      throw new RestException(404, "shard " + shard + " is not turned on for synchronizing; 'arangosync get status -v' "
          + "lists the shards that are");
    }
    JsonNode source = callSource(incoming, "GET", SyncCoordinator.outgoingShardPath(state.clusterId(), shard) + "/checksum", null,
        "compute its checksum");
    ObjectNode mine = ShardChecksum.of(sync.cluster(), shard).toJson("target", state.clusterId());
    ObjectNode answer = JSON.objectNode();
    ArrayNode both = answer.putObject("databases").putObject(shard.database()).putObject("collections").putObject(shard.collection())
        .putObject("shards").putArray(Integer.toString(shard.shardIndex()));
    both.add(source).add(mine);
    return answer;
  }

  // ------------------------------------------------------------------------------------ source

  /** {@code POST /_api/sync/outgoing/{target}/barrier}: this datacenter turns read-only for the target's barrier. */
  void createOutgoingBarrier(String targetId) {
    synchronized (sync) {
      ObjectNode outgoing = sync.requireOutgoing(targetId);
      sync.cluster().setReadOnly(true);
      if (!outgoing.path("active_barrier").asBoolean(false)) {
        outgoing.put("active_barrier", true).put("barrier_since", System.currentTimeMillis());
        state.putOutgoing(targetId, outgoing);
      }
      LOG.info("barrier of target {}: this datacenter is read-only now", targetId);
    }
  }

  /**
   * {@code GET /_api/sync/outgoing/{target}/barrier}: {@code {readonly, active_barrier, shards:
   * {shardId: {last_sent_tick, drained}}}}, where drained means the sender read the WAL to its end
   * in a round that began after the switch to read-only.
   */
  ObjectNode outgoingBarrier(String targetId) {
    ObjectNode outgoing = sync.requireOutgoing(targetId);
    boolean active = outgoing.path("active_barrier").asBoolean(false);
    long since = outgoing.path("barrier_since").asLong(Long.MAX_VALUE);
    boolean readOnly = sync.cluster().readOnly();
    Map<String, ObjectNode> statuses = state.taskStatuses();
    ObjectNode answer = JSON.objectNode().put("readonly", readOnly).put("active_barrier", active);
    ObjectNode shards = answer.putObject("shards");
    state.outgoingShards(targetId).forEach((shardId, entry) -> {
      ObjectNode sender = statuses.getOrDefault(entry.path("task").asText(), JSON.objectNode());
      boolean drained = active && readOnly && sender.path("caught_up_at").asLong(0) >= since + READ_ONLY_GRACE.toMillis();
      shards.putObject(shardId).put("last_sent_tick", sender.path("last_sent_tick").asText("0")).put("drained", drained);
    });
    return answer;
  }

  /** {@code DELETE /_api/sync/outgoing/{target}/barrier}: read-write again, unless another target's barrier holds. */
  void deleteOutgoingBarrier(String targetId) {
    synchronized (sync) {
      ObjectNode outgoing = sync.requireOutgoing(targetId);
      if (!otherBarrier(targetId)) {
        sync.cluster().setReadOnly(false);
      }
      outgoing.remove("active_barrier");
      outgoing.remove("barrier_since");
      state.putOutgoing(targetId, outgoing);
    }
  }

  /**
   * {@code DELETE /_api/sync/outgoing/{target}?server_mode=default|readonly}: stop sending to the
   * target (called by the target's stop, or by {@code abort outgoing sync} after an abort). With
   * {@code readonly} this datacenter stays read-only; otherwise a barrier of this target ends.
   */
  void deleteOutgoing(String targetId, String serverMode) {
    String mode = serverMode(serverMode == null ? "" : serverMode);
    synchronized (sync) {
      ObjectNode outgoing = sync.requireOutgoing(targetId);
      if ("readonly".equals(mode)) {
        sync.cluster().setReadOnly(true);
      } else if (outgoing.path("active_barrier").asBoolean(false) && !otherBarrier(targetId)) {
        sync.cluster().setReadOnly(false);
      }
      Set<String> taskIds = new LinkedHashSet<>();
      taskIds.add(outgoing.path("task").asText(""));
      for (TaskInfo task : sync.tasks().list()) {
        TaskType type = task.task().type();
        if ((type == TaskType.SEND_INVENTORY || type == TaskType.SEND_SHARD) && targetId.equals(task.task().targetId())) {
          taskIds.add(task.id());
        }
      }
      Set<String> channels = new LinkedHashSet<>();
      channels.add(outgoing.path("channels").path("inventory").asText(""));
      collect(state.outgoingShards(targetId).values(), taskIds, channels);
      taskIds.stream().filter(id -> !id.isEmpty()).forEach(sync::cancelIfPresent);
      awaitStopped(taskIds);
      state.removeOutgoing(targetId, taskIds, channels);
      LOG.info("outgoing synchronisation to {} ({}) removed", targetId, outgoing.path("target"));
    }
  }

  /** {@code GET /_api/sync/outgoing/{target}/database/{db}/collection/{col}/shard/{i}/checksum}. */
  ObjectNode outgoingChecksum(String targetId, ShardRef shard) {
    sync.requireOutgoing(targetId);
    try {
      return ShardChecksum.of(sync.cluster(), shard).toJson("source", state.clusterId());
    } catch (NoSuchElementException e) {
      throw new RestException(404, "shard " + shard + " does not exist in the source datacenter: " + e.getMessage());
    }
  }

  // ------------------------------------------------------------------------------------ helpers

  /** Adds the task and the two channels of each shard entry. */
  private static void collect(Iterable<ObjectNode> shards, Set<String> taskIds, Set<String> channels) {
    for (ObjectNode shard : shards) {
      taskIds.add(shard.path("task").asText(""));
      channels.add(shard.path("channels").path("data").asText(""));
      channels.add(shard.path("channels").path("control").asText(""));
    }
  }

  private boolean otherBarrier(String targetId) {
    return state.outgoing().entrySet().stream()
        .anyMatch(each -> !each.getKey().equals(targetId) && each.getValue().path("active_barrier").asBoolean(false));
  }

  private ObjectNode requireIncoming(String action) {
    return state.incoming().orElseThrow(() -> new RestException(412, "no synchronisation is configured in this datacenter; cannot "
        + action));
  }

  private ObjectNode requireActiveIncoming(String action) {
    ObjectNode incoming = requireIncoming(action);
    if (SyncStatus.CANCELLING.wireName().equals(incoming.path("state").asText())) {
      throw new RestException(412, "the synchronisation is being stopped; cannot " + action);
    }
    return incoming;
  }

  private JsonNode callSource(ObjectNode incoming, String method, String path, String purpose) {
    return callSource(incoming, method, path, null, purpose);
  }

  /** A call of the source masters; when it fails: 502, saying what the source was asked to do. */
  private JsonNode callSource(ObjectNode incoming, String method, String path, JsonNode body, String purpose) {
    try {
      return sync.source(incoming).call(method, path, body);
    } catch (RuntimeException e) {
      throw new RestException(502, "the source datacenter could not " + purpose + ": " + e.getMessage() + "; nothing was changed");
    }
  }

  /** {@code "default"} (also for an empty value) or {@code "readonly"}; anything else is a 400. */
  private static String serverMode(String value) {
    if (value.isEmpty() || "default".equals(value)) {
      return "default";
    }
    if ("readonly".equals(value)) {
      return value;
    }
    throw new RestException(400, "server mode '" + value + "' is unknown; use \"default\" (read-write) or \"readonly\"");
  }
}
