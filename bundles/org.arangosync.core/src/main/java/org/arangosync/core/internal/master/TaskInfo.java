package org.arangosync.core.internal.master;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Objects;

/**
 * A task as the master keeps it in {@code taskRegistry/tasks/<id>} and shows it in
 * {@code GET /_api/task}: {@code {id, task, cancelled, assignment:{worker_id, created_at, counter}}},
 * plus {@code last_error} once a persistent task failed.
 *
 * @param cancelled whether the task is to stop; a cancelled task is never assigned again
 * @param lastError what the task's last run reported when it failed; empty if it never did
 */
public record TaskInfo(String id, TaskData task, boolean cancelled, Assignment assignment, String lastError) {

  /**
   * Which worker runs the task.
   *
   * @param workerId the worker's id; empty while nobody runs the task
   * @param createdAt when the task was given to this worker (or created, while unassigned)
   * @param counter how often the task was given to a worker: a worker can tell a new assignment from its old one
   */
  public record Assignment(String workerId, Instant createdAt, long counter) {
    public Assignment {
      workerId = Objects.requireNonNullElse(workerId, "");
      Objects.requireNonNull(createdAt, "createdAt");
    }

    public boolean isAssigned() {
      return !workerId.isEmpty();
    }
  }

  public TaskInfo {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(task, "task");
    Objects.requireNonNull(assignment, "assignment");
    lastError = Objects.requireNonNullElse(lastError, "");
  }

  TaskInfo withAssignment(Assignment newAssignment) {
    return new TaskInfo(id, task, cancelled, newAssignment, lastError);
  }

  ObjectNode toJson() {
    ObjectNode json = JsonNodeFactory.instance.objectNode().put("id", id);
    json.set("task", task.toJson());
    json.put("cancelled", cancelled);
    json.putObject("assignment").put("worker_id", assignment.workerId())
        .put("created_at", WorkerRegistry.rfc3339Nano(assignment.createdAt())).put("counter", assignment.counter());
    if (!lastError.isEmpty()) {
      json.put("last_error", lastError);
    }
    return json;
  }

  /** @throws IllegalArgumentException when {@code json} is not a task */
  static TaskInfo fromJson(JsonNode json) {
    JsonNode assignment = json.path("assignment");
    return new TaskInfo(json.path("id").asText(), TaskData.fromJson(json.path("task")), json.path("cancelled").asBoolean(),
        new Assignment(assignment.path("worker_id").asText(""), Instant.parse(assignment.path("created_at").asText("1970-01-01T00:00:00Z")),
            assignment.path("counter").asLong()), json.path("last_error").asText(""));
  }
}
