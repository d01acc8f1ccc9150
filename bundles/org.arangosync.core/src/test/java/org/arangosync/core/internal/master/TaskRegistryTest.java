package org.arangosync.core.internal.master;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.arangosync.api.TaskType;
import org.arangosync.api.spi.state.StateStore;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Tasks created, assigned, moved, completed and cancelled, in the agency of a real mini cluster. */
class TaskRegistryTest {

  @RegisterExtension static final WorkerTestAgency AGENCY = new WorkerTestAgency();

  private static final TaskData.Channels CHANNELS = new TaskData.Channels("data-1", "control-1");

  private StateStore store;
  private TaskRegistry tasks;

  @BeforeEach
  void freshRoot() {
    store = AGENCY.freshStore();
    tasks = new TaskRegistry(store, Clock.systemUTC());
  }

  private static WorkerRegistry.Worker worker(String id, String dbServerAffinity) {
    return new WorkerRegistry.Worker(id, "https://" + id + ":8729", id, "", 1, dbServerAffinity, Instant.now().plusSeconds(60));
  }

  private static TaskData shard(int index, String dbServer) {
    return TaskData.shard(TaskType.RECEIVE_SHARD, CHANNELS, "target", "db", "col", index, dbServer);
  }

  @Test
  void manyTasksAreCreatedAtOnceUnassignedInTheirOrder() {
    List<String> ids = tasks.createAll(List.of(shard(0, ""), shard(1, ""), shard(2, "")));
    assertThat(ids).hasSize(3).doesNotHaveDuplicates();
    for (int i = 0; i < 3; i++) {
      TaskInfo task = tasks.get(ids.get(i)).orElseThrow();
      assertThat(task.task().shardIndex()).isEqualTo(i);
      assertThat(task.assignment().isAssigned()).isFalse();
    }
    assertThat(tasks.createAll(List.of())).isEmpty();
  }

  @Test
  void givesTasksToTheWorkersWithFewestAndLeavesThemThere() {
    List<WorkerRegistry.Worker> live = List.of(worker("aaaa", ""), worker("bbbb", ""));
    String inventory = tasks.create(TaskData.inventory(TaskType.RECEIVE_INVENTORY, CHANNELS, "target"));
    for (int i = 0; i < 3; i++) {
      tasks.create(shard(i, ""));
    }
    assertThat(tasks.get(inventory)).hasValueSatisfying(task -> {
      assertThat(task.assignment().isAssigned()).isFalse();
      assertThat(task.task().persistent()).isTrue();
    });

    List<TaskRegistry.Move> moves = tasks.assign(live);
    assertThat(moves).hasSize(4).allSatisfy(move -> assertThat(move.fromWorkerId()).isEmpty());
    assertThat(tasks.tasksOf("aaaa")).hasSize(2);
    assertThat(tasks.tasksOf("bbbb")).hasSize(2);
    assertThat(tasks.list()).allSatisfy(task -> assertThat(task.assignment().counter()).isEqualTo(1));

    assertThat(tasks.assign(live)).as("no needless moves").isEmpty();
    assertThat(tasks.assign(List.of(worker("aaaa", ""), worker("bbbb", ""), worker("cccc", "")))).as("not even to a new, idle worker")
        .isEmpty();
  }

  @Test
  void tasksOfAWorkerThatStoppedRenewingMoveToALiveOne() {
    WorkerRegistry workers = new WorkerRegistry(store, Duration.ofSeconds(1), Clock.systemUTC());
    WorkerRegistry.Worker leaving = workers.register(new WorkerRegistry.Registration("https://10.0.0.1:8729", "", "", ""));
    WorkerRegistry.Worker staying = workers.register(new WorkerRegistry.Registration("https://10.0.0.2:8729", "", "", ""));
    String inventory = tasks.create(TaskData.inventory(TaskType.SEND_INVENTORY, CHANNELS, "target"));
    tasks.create(shard(0, ""));
    tasks.assign(workers.list());
    assertThat(tasks.tasksOf(leaving.id())).hasSize(1);
    String orphan = tasks.tasksOf(leaving.id()).get(0).id();

    Awaitility.await("the leaving worker's registration to run out").atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(200)).until(() -> {
          workers.register(new WorkerRegistry.Registration(staying.endpoint(), "", "", ""));
          return workers.list().size() == 1;
        });
    List<TaskRegistry.Move> moves = tasks.assign(workers.list());

    assertThat(moves).containsExactly(new TaskRegistry.Move(orphan, leaving.id(), staying.id()));
    assertThat(tasks.tasksOf(staying.id())).extracting(TaskInfo::id).contains(inventory, orphan).hasSize(2);
    assertThat(tasks.get(orphan).orElseThrow().assignment().counter()).isEqualTo(2);
  }

  @Test
  void aFailedPersistentTaskIsReassignedWhileAFailedShardTaskIsFinished() {
    List<WorkerRegistry.Worker> live = List.of(worker("aaaa", ""));
    String inventory = tasks.create(TaskData.inventory(TaskType.RECEIVE_INVENTORY, CHANNELS, "target"));
    String shardTask = tasks.create(shard(0, ""));
    String doneShard = tasks.create(shard(1, ""));
    tasks.assign(live);

    assertThat(tasks.completed(inventory, "source unreachable")).hasValueSatisfying(kept -> {
      assertThat(kept.assignment().isAssigned()).isFalse();
      assertThat(kept.lastError()).isEqualTo("source unreachable");
    });
    assertThat(tasks.completed(shardTask, "document too large")).isEmpty();
    assertThat(tasks.completed(doneShard, null)).isEmpty();
    assertThat(tasks.list()).extracting(TaskInfo::id).containsExactly(inventory);

    assertThat(tasks.assign(live)).extracting(TaskRegistry.Move::taskId).containsExactly(inventory);
    TaskInfo again = tasks.get(inventory).orElseThrow();
    assertThat(again.assignment().counter()).as("a new assignment the worker can tell from the old").isEqualTo(2);
    assertThat(again.lastError()).isEqualTo("source unreachable");
    assertThat(again.toJson().path("last_error").asText()).isEqualTo("source unreachable");

    assertThat(tasks.completed(inventory, "")).as("a persistent task finishes when it succeeds").isEmpty();
    assertThatThrownBy(() -> tasks.completed(inventory, "")).isInstanceOf(NoSuchElementException.class);
  }

  @Test
  void aShardTaskPrefersAWorkerNextToItsDbServer() {
    List<WorkerRegistry.Worker> live = List.of(worker("aaaa", "PRMR-1"), worker("bbbb", "PRMR-2"));
    tasks.create(shard(0, "PRMR-2"));
    tasks.create(shard(1, "PRMR-2"));
    tasks.create(shard(2, "PRMR-3")); // no worker next to it: the one with fewest tasks
    Map<String, String> placed = tasks.assign(live).stream()
        .collect(Collectors.toMap(move -> tasks.get(move.taskId()).orElseThrow().task().dbServer(), TaskRegistry.Move::toWorkerId,
            (first, second) -> first.equals(second) ? first : "both"));
    assertThat(placed).containsEntry("PRMR-2", "bbbb").containsEntry("PRMR-3", "aaaa");
  }

  @Test
  void aCancelledTaskStaysWithItsWorkerUntilReportedAndIsNeverMoved() {
    List<WorkerRegistry.Worker> live = List.of(worker("aaaa", ""));
    String kept = tasks.create(shard(0, ""));
    String orphaned = tasks.create(shard(1, ""));
    String neverStarted = tasks.create(shard(2, ""));
    tasks.assign(live);
    tasks.cancel(kept);
    tasks.cancel(orphaned);
    assertThat(tasks.tasksOf("aaaa")).filteredOn(TaskInfo::cancelled).hasSize(2);

    tasks.assign(live);
    assertThat(tasks.get(kept)).hasValueSatisfying(task -> assertThat(task.assignment().workerId()).isEqualTo("aaaa"));
    assertThat(tasks.completed(kept, "")).isEmpty();

    tasks.create(shard(3, "")); // something to keep the new worker busy
    tasks.cancel(neverStarted);
    assertThat(tasks.assign(List.of(worker("bbbb", "")))).extracting(TaskRegistry.Move::taskId).doesNotContain(orphaned, neverStarted);
    assertThat(tasks.get(orphaned)).as("removed: its worker is gone and nobody else may run it").isEmpty();
    assertThat(tasks.get(neverStarted)).isEmpty();
  }

  @Test
  void withoutLiveWorkersTasksWait() {
    String id = tasks.create(shard(0, ""));
    assertThat(tasks.assign(List.of())).isEmpty();
    assertThat(tasks.get(id).orElseThrow().assignment().isAssigned()).isFalse();
  }

  /**
   * Two masters assigning at once while a third party cancels: every task ends up with exactly one
   * assignment (counter 1, one move in all), and no cancellation is lost.
   */
  @Test
  void twoMastersAssigningAtOnceNeverDoubleAssignOrLoseAnUpdate() throws Exception {
    List<WorkerRegistry.Worker> live = List.of(worker("aaaa", ""), worker("bbbb", ""), worker("cccc", ""));
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 24; i++) {
      ids.add(tasks.create(shard(i, "")));
    }
    TaskRegistry first = new TaskRegistry(store, Clock.systemUTC());
    TaskRegistry second = new TaskRegistry(store, Clock.systemUTC());
    List<String> cancelled = ids.subList(0, 6);
    ExecutorService threads = Executors.newFixedThreadPool(3);
    try {
      CountDownLatch go = new CountDownLatch(1);
      Function<Callable<List<TaskRegistry.Move>>, Future<List<TaskRegistry.Move>>> startAtOnce = work -> threads.submit(() -> {
        go.await();
        return work.call();
      });
      Future<List<TaskRegistry.Move>> fromFirst = startAtOnce.apply(() -> first.assign(live));
      Future<List<TaskRegistry.Move>> fromSecond = startAtOnce.apply(() -> second.assign(live));
      Future<List<TaskRegistry.Move>> cancelling = startAtOnce.apply(() -> {
        cancelled.forEach(tasks::cancel);
        return List.of();
      });
      go.countDown();
      List<TaskRegistry.Move> moves = new ArrayList<>(fromFirst.get(60, TimeUnit.SECONDS));
      moves.addAll(fromSecond.get(60, TimeUnit.SECONDS));
      cancelling.get(60, TimeUnit.SECONDS);

      Set<String> moved = new HashSet<>();
      assertThat(moves).allSatisfy(move -> assertThat(moved.add(move.taskId())).as("moved once: " + move.taskId()).isTrue());
      List<TaskInfo> after = tasks.list();
      assertThat(after).filteredOn(task -> !cancelled.contains(task.id())).hasSize(18).allSatisfy(task -> {
        assertThat(task.assignment().workerId()).isIn("aaaa", "bbbb", "cccc");
        assertThat(task.assignment().counter()).isEqualTo(1);
        assertThat(task.cancelled()).isFalse();
      });
      assertThat(after).filteredOn(task -> cancelled.contains(task.id())).as("still cancelled if still there")
          .allSatisfy(task -> assertThat(task.cancelled()).isTrue());
      assertThat(after).as("no cancelled task waits for a worker").allSatisfy(task -> assertThat(task.assignment().isAssigned()).isTrue());
      assertThat(after.stream().collect(Collectors.groupingBy(task -> task.assignment().workerId(), Collectors.counting())).values())
          .as("spread evenly enough").allSatisfy(count -> assertThat(count).isBetween(4L, 12L));
    } finally {
      threads.shutdownNow();
    }
  }

  @Test
  void unknownTasksAreNotFound() {
    assertThat(tasks.get("nosuchtaskid0000000a")).isEmpty();
    assertThat(tasks.get("../leader")).isEmpty();
    assertThatThrownBy(() -> tasks.cancel("nosuchtaskid0000000a")).isInstanceOf(NoSuchElementException.class);
  }
}
