package org.arangosync.core.internal.master;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.arangosync.api.TaskType;
import org.arangosync.rest.RestException;
import org.arangosync.rest.RestRoute;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The task routes answering as ArangoSync's masters do, on tasks in the agency of a real mini cluster. */
class TaskRoutesTest {

  @RegisterExtension static final WorkerTestAgency AGENCY = new WorkerTestAgency();

  private TaskRegistry tasks;
  private List<RestRoute> routes;
  private String inventory;
  private String shard;

  @BeforeEach
  void twoAssignedTasks() {
    tasks = new TaskRegistry(AGENCY.freshStore(), Clock.systemUTC());
    routes = TaskRoutes.of(tasks, UnaryOperator.identity());
    inventory = tasks.create(TaskData.inventory(TaskType.SEND_INVENTORY, new TaskData.Channels("", "inv-1"), "remote-1"));
    shard = tasks.create(TaskData.shard(TaskType.SEND_SHARD, new TaskData.Channels("data-1", "control-1"), "remote-1", "_system", "users",
        2, ""));
    tasks.assign(List.of(new WorkerRegistry.Worker("aaaa", "https://a:8729", "a", "", 1, "", Instant.now().plusSeconds(60)),
        new WorkerRegistry.Worker("bbbb", "https://b:8729", "b", "", 2, "", Instant.now().plusSeconds(60))));
  }

  private JsonNode call(String method, String template, Map<String, String> parameters, Map<String, List<String>> query, String body)
      throws Exception {
    return WorkerRoutesTest.call(routes, method, template, parameters, query, body);
  }

  @Test
  void listsTasksWithArangoSyncsFieldsAndFiltersByWorker() throws Exception {
    JsonNode all = call("GET", "/_api/task", Map.of(), Map.of(), null).get("tasks");
    assertThat(all).hasSize(2);
    JsonNode shardTask = call("GET", "/_api/task/id/{id}", Map.of("id", shard), Map.of(), null);
    assertThat(shardTask.get("id").asText()).isEqualTo(shard);
    assertThat(shardTask.get("cancelled").asBoolean(true)).isFalse();
    JsonNode data = shardTask.get("task");
    assertThat(data.get("type").asText()).isEqualTo("send-shard");
    assertThat(data.get("persistent").asBoolean(true)).isFalse();
    assertThat(data.get("channels").get("data").asText()).isEqualTo("data-1");
    assertThat(data.get("channels").get("control").asText()).isEqualTo("control-1");
    assertThat(data.get("target_id").asText()).isEqualTo("remote-1");
    assertThat(data.get("database").asText()).isEqualTo("_system");
    assertThat(data.get("collection").asText()).isEqualTo("users");
    assertThat(data.get("shardIndex").asInt()).isEqualTo(2);
    JsonNode assignment = shardTask.get("assignment");
    assertThat(assignment.get("counter").asLong()).isEqualTo(1);
    assertThat(Instant.parse(assignment.get("created_at").asText())).isBeforeOrEqualTo(Instant.now());
    String owner = assignment.get("worker_id").asText();

    JsonNode own = call("GET", "/_api/task", Map.of(), Map.of("worker", List.of(owner)), null).get("tasks");
    assertThat(own).extracting(task -> task.get("id").asText()).containsExactly(shard);
    assertThat(call("GET", "/_api/task", Map.of(), Map.of("worker", List.of("nobody")), null).get("tasks")).isEmpty();
  }

  @Test
  void aWorkerReportsCompletionWithOrWithoutAnError() throws Exception {
    call("PUT", "/_api/task/{id}/completed", Map.of("id", inventory), Map.of(), "{\"error\":\"source unreachable\"}");
    JsonNode kept = call("GET", "/_api/task/id/{id}", Map.of("id", inventory), Map.of(), null);
    assertThat(kept.get("last_error").asText()).isEqualTo("source unreachable");
    assertThat(kept.get("assignment").get("worker_id").asText()).as("waits for the next assignment").isEmpty();

    call("PUT", "/_api/task/{id}/completed", Map.of("id", shard), Map.of(), null);
    assertThat(call("GET", "/_api/task", Map.of(), Map.of(), null).get("tasks")).extracting(task -> task.get("id").asText())
        .containsExactly(inventory);
    assertThatThrownBy(() -> call("PUT", "/_api/task/{id}/completed", Map.of("id", shard), Map.of(), "{}"))
        .isInstanceOfSatisfying(RestException.class, e -> assertThat(e.status()).isEqualTo(404)).hasMessageContaining(shard);
    assertThatThrownBy(() -> call("GET", "/_api/task/id/{id}", Map.of("id", shard), Map.of(), null))
        .isInstanceOfSatisfying(RestException.class, e -> assertThat(e.status()).isEqualTo(404));
  }

  @Test
  void refusesBadCompletionReports() {
    for (String body : List.of("{\"error\":", "[]", "{\"error\":42}")) {
      assertThatThrownBy(() -> call("PUT", "/_api/task/{id}/completed", Map.of("id", inventory), Map.of(), body)).as(body)
          .isInstanceOfSatisfying(RestException.class, e -> assertThat(e.status()).isEqualTo(400));
    }
    assertThat(tasks.get(inventory)).as("untouched").hasValueSatisfying(task -> assertThat(task.lastError()).isEmpty());
  }

  @Test
  void everyRouteIsLeaderOnly() {
    List<String> wrapped = new ArrayList<>();
    TaskRoutes.of(tasks, route -> {
      wrapped.add(route.method() + " " + route.path());
      return route;
    });
    assertThat(wrapped).containsExactlyInAnyOrder("GET /_api/task", "GET /_api/task/id/{id}", "PUT /_api/task/{id}/completed");
  }
}
