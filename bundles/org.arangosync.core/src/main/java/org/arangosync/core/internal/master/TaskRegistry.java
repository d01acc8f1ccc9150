package org.arangosync.core.internal.master;

import com.fasterxml.jackson.databind.JsonNode;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.arangosync.api.spi.state.StateStore;
import org.arangosync.api.spi.state.StateStoreException;
import org.arangosync.api.spi.state.Transaction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tasks the master hands to its workers, kept in the state store under
 * {@code taskRegistry/tasks/<id>} as {@link TaskInfo} JSON.
 *
 * <p>Invariants:
 * <ul>
 *   <li>Every change is a compare-and-set on the exact value read before it, so two masters (or two
 *       threads) changing the same task never lose one another's update: the loser reads again and
 *       decides anew. In particular a task is given to at most one worker per assignment counter.
 *   <li>{@link #assign} moves a task only when nobody live runs it: unassigned, or its worker is
 *       not among the live ones. A task on a live worker stays where it is.
 *   <li>A cancelled task is never assigned again; once nobody runs it, it is removed.
 *   <li>A persistent task is never finished by a failure: it is unassigned with its error recorded,
 *       to be assigned again.
 * </ul>
 */
public final class TaskRegistry {

  static final String TASKS_KEY = "taskRegistry/tasks";

  private static final Logger LOG = LoggerFactory.getLogger(TaskRegistry.class);
  /** A change races other writes of the same task at most this often before it gives up. */
  private static final int ATTEMPTS = 10;

  /**
   * A task given to a worker by {@link #assign}.
   *
   * @param fromWorkerId the worker that had it, gone now; empty when it had none
   */
  public record Move(String taskId, String fromWorkerId, String toWorkerId) {}

  private final StateStore store;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();

  public TaskRegistry(StateStore store, Clock clock) {
    this.store = Objects.requireNonNull(store, "store");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** Adds an unassigned task; the next {@link #assign} gives it to a worker. */
  public String create(TaskData data) {
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      String id = WorkerRegistry.randomId(random);
      TaskInfo task = new TaskInfo(id, data, false, new TaskInfo.Assignment("", clock.instant(), 0), "");
      String key = keyOf(id);
      if (store.write(Transaction.builder().set(key, task.toJson().toString()).ifAbsent(key).build())) {
        return id;
      }
    }
    throw new StateStoreException("could not find a free task id in " + ATTEMPTS + " attempts", null);
  }

  /**
   * Adds unassigned tasks in one write of the store (a datacenter's shards come by the hundred).
   *
   * @return their ids, in the order of {@code tasks}
   */
  public List<String> createAll(List<TaskData> tasks) {
    if (tasks.isEmpty()) {
      return List.of();
    }
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      List<String> ids = new java.util.ArrayList<>();
      Transaction.Builder write = Transaction.builder();
      for (TaskData data : tasks) {
        String id = WorkerRegistry.randomId(random);
        ids.add(id);
        TaskInfo task = new TaskInfo(id, data, false, new TaskInfo.Assignment("", clock.instant(), 0), "");
        write.set(keyOf(id), task.toJson().toString()).ifAbsent(keyOf(id));
      }
      if (store.write(write.build())) {
        return ids;
      }
    }
    throw new StateStoreException("could not find free task ids in " + ATTEMPTS + " attempts", null);
  }

  /**
   * Marks the task cancelled: its worker sees that when it polls, stops it and reports it completed.
   *
   * @throws NoSuchElementException when there is no such task
   */
  public TaskInfo cancel(String id) {
    return update(id, task -> Optional.of(new TaskInfo(task.id(), task.task(), true, task.assignment(), task.lastError())))
        .orElseThrow();
  }

  /**
   * A worker reports the task ended, with {@code error} (null or empty when it succeeded).
   *
   * @return the task when it stays (a persistent task that failed and was not cancelled: unassigned,
   *     with its error, to be assigned again); empty when it is finished and removed
   * @throws NoSuchElementException when there is no such task
   */
  public Optional<TaskInfo> completed(String id, String error) {
    boolean failed = error != null && !error.isBlank();
    return update(id, task -> {
      if (failed && task.task().persistent() && !task.cancelled()) {
        return Optional.of(new TaskInfo(task.id(), task.task(), false,
            new TaskInfo.Assignment("", clock.instant(), task.assignment().counter()), error));
      }
      if (failed) {
        LOG.warn("task {} ({}) on worker {} failed: {}", id, task.task().type(), task.assignment().workerId(), error);
      }
      return Optional.empty();
    });
  }

  /** Every task, by id. */
  public List<TaskInfo> list() {
    return stored().stream().map(Stored::task).toList();
  }

  public Optional<TaskInfo> get(String id) {
    if (!WorkerRegistry.isId(id)) {
      return Optional.empty();
    }
    return store.read(keyOf(id)).map(json -> TaskInfo.fromJson(StoredJson.parse(json, "the task registry")));
  }

  /** The tasks assigned to the worker of this id, cancelled ones included (the worker must stop those). */
  public List<TaskInfo> tasksOf(String workerId) {
    return list().stream().filter(task -> task.assignment().workerId().equals(workerId)).toList();
  }

  /**
   * Gives every task nobody live runs to one of the {@code live} workers: unassigned tasks and those
   * of workers not in {@code live}. The worker with the fewest tasks gets it; a shard task with a
   * {@linkplain TaskData#dbServer() DB-Server hint} prefers workers whose affinity is that DB-Server.
   * Each assignment bumps the task's counter. Cancelled tasks nobody runs are removed instead.
   *
   * <p>Safe to call from several masters at once: a task another caller assigned meanwhile is left
   * to that caller's choice.
   *
   * @return the assignments this call made
   */
  public List<Move> assign(List<WorkerRegistry.Worker> live) {
    Set<String> liveIds = live.stream().map(WorkerRegistry.Worker::id).collect(Collectors.toSet());
    Map<String, Integer> load = new HashMap<>();
    live.forEach(worker -> load.put(worker.id(), 0));
    List<Stored> all = stored();
    for (Stored each : all) {
      if (!each.task().cancelled() && liveIds.contains(each.task().assignment().workerId())) {
        load.merge(each.task().assignment().workerId(), 1, Integer::sum);
      }
    }
    List<Move> moves = new ArrayList<>();
    for (Stored each : all) {
      Stored current = each;
      for (int attempt = 0; attempt < ATTEMPTS && current != null && !liveIds.contains(current.task().assignment().workerId());
          attempt++) {
        TaskInfo task = current.task();
        String key = keyOf(task.id());
        if (task.cancelled()) {
          // Nobody runs it and nobody will: the worker that would report it completed is gone.
          if (store.write(Transaction.builder().delete(key).ifEquals(key, current.json()).build())) {
            break;
          }
        } else if (live.isEmpty()) {
          break;
        } else {
          WorkerRegistry.Worker chosen = choose(task.task(), live, load);
          TaskInfo moved = task.withAssignment(new TaskInfo.Assignment(chosen.id(), clock.instant(), task.assignment().counter() + 1));
          if (store.write(Transaction.builder().set(key, moved.toJson().toString()).ifEquals(key, current.json()).build())) {
            load.merge(chosen.id(), 1, Integer::sum);
            moves.add(new Move(task.id(), task.assignment().workerId(), chosen.id()));
            break;
          }
        }
        // Someone changed the task since it was read: decide again on what it is now.
        current = read(task.id()).orElse(null);
      }
    }
    return moves;
  }

  private static WorkerRegistry.Worker choose(TaskData task, List<WorkerRegistry.Worker> live, Map<String, Integer> load) {
    List<WorkerRegistry.Worker> candidates = live;
    if (task.type().isShardTask() && !task.dbServer().isEmpty()) {
      List<WorkerRegistry.Worker> nextToShard = live.stream().filter(worker -> worker.dbServerAffinity().equals(task.dbServer())).toList();
      if (!nextToShard.isEmpty()) {
        candidates = nextToShard;
      }
    }
    return candidates.stream()
        .min(Comparator.<WorkerRegistry.Worker>comparingInt(worker -> load.get(worker.id())).thenComparing(WorkerRegistry.Worker::id))
        .orElseThrow();
  }

  /**
   * Applies {@code change} to the task as a compare-and-set, reading again when another write came
   * first. An empty result removes the task.
   */
  private Optional<TaskInfo> update(String id, Function<TaskInfo, Optional<TaskInfo>> change) {
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      Stored current = read(id).orElseThrow(() -> new NoSuchElementException("there is no task with id '" + id + "'"));
      Optional<TaskInfo> changed = change.apply(current.task());
      String key = keyOf(id);
      Transaction.Builder write = changed.isPresent() ? Transaction.builder().set(key, changed.get().toJson().toString())
          : Transaction.builder().delete(key);
      if (store.write(write.ifEquals(key, current.json()).build())) {
        return changed;
      }
    }
    throw new StateStoreException("task " + id + " kept changing under " + ATTEMPTS + " attempts to update it", null);
  }

  /** A task with the exact JSON the store holds, for compare-and-set. */
  private record Stored(TaskInfo task, String json) {}

  private Optional<Stored> read(String id) {
    if (!WorkerRegistry.isId(id)) {
      return Optional.empty();
    }
    return store.read(keyOf(id)).map(json -> {
      JsonNode node = StoredJson.parse(json, "the task registry");
      return new Stored(TaskInfo.fromJson(node), node.toString());
    });
  }

  private List<Stored> stored() {
    JsonNode all = StoredJson.parse(store.read(TASKS_KEY).orElse("{}"), "the task registry");
    List<Stored> tasks = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = all.fields(); it.hasNext();) {
      JsonNode value = it.next().getValue();
      if (value.isObject()) {
        tasks.add(new Stored(TaskInfo.fromJson(value), value.toString()));
      }
    }
    tasks.sort(Comparator.comparing(stored -> stored.task().id()));
    return tasks;
  }

  private static String keyOf(String id) {
    if (!WorkerRegistry.isId(id)) {
      throw new NoSuchElementException("'" + id + "' is not a task id (20 characters a-z, 0-9)");
    }
    return TASKS_KEY + "/" + id;
  }

}
