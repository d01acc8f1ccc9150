package org.arangosync.core.internal.master;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.function.UnaryOperator;
import org.arangosync.rest.Audience;
import org.arangosync.rest.RestException;
import org.arangosync.rest.RestRequest;
import org.arangosync.rest.RestResponse;
import org.arangosync.rest.RestRoute;

/**
 * The task half of the master's internal API, with ArangoSync's field names:
 * {@code GET /_api/task} ({@code ?worker=<id>} for one worker's tasks, which is how workers poll),
 * {@code GET /_api/task/id/{id}} and {@code PUT /_api/task/{id}/completed {error?}}. All leader-only.
 *
 * <p>Reporting completion is for sync components only; reading is open to operators too.
 */
public final class TaskRoutes {

  private TaskRoutes() {}

  /**
   * @param leaderOnly makes a route leader-only, e.g. {@code forwarding::leaderOnly} of {@link LeaderForwarding}
   */
  public static List<RestRoute> of(TaskRegistry registry, UnaryOperator<RestRoute> leaderOnly) {
    return List.of(
        leaderOnly.apply(RestRoute.of("GET", "/_api/task", Audience.OPERATORS, request -> {
          String worker = request.queryParameter("worker");
          List<TaskInfo> tasks = worker == null || worker.isEmpty() ? registry.list() : registry.tasksOf(worker);
          return RestResponse.json(200, Map.of("tasks", tasks.stream().map(TaskInfo::toJson).toList()));
        })),
        leaderOnly.apply(RestRoute.of("GET", "/_api/task/id/{id}", Audience.OPERATORS, request -> RestResponse.json(200,
            registry.get(request.pathParameter("id")).orElseThrow(() -> unknownTask(request)).toJson()))),
        leaderOnly.apply(RestRoute.of("PUT", "/_api/task/{id}/completed", Audience.SYNC_COMPONENTS, request -> {
          String error = errorOf(request);
          try {
            registry.completed(request.pathParameter("id"), error);
          } catch (NoSuchElementException e) {
            throw unknownTask(request);
          }
          return RestResponse.json(200, Map.of());
        })));
  }

  /** The optional {@code error} of a completion report; a report without a body means success. */
  private static String errorOf(RestRequest request) {
    if (request.body().length == 0) {
      return "";
    }
    JsonNode body = request.json();
    if (!body.isObject()) {
      throw new RestException(400, request.method() + " " + request.path() + " needs a JSON object like {\"error\": \"...\"} or {}");
    }
    return WorkerRoutes.optionalText(request, body, "error");
  }

  private static RestException unknownTask(RestRequest request) {
    return new RestException(404, "there is no task with id '" + request.pathParameter("id")
        + "'; it may have finished or been cancelled (GET /_api/task lists the tasks)");
  }
}
