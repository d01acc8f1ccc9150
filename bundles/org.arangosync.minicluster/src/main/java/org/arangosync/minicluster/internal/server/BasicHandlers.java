package org.arangosync.minicluster.internal.server;

import com.fasterxml.jackson.databind.node.ArrayNode;
import java.util.function.Supplier;
import org.arangosync.minicluster.internal.http.ApiRequest;
import org.arangosync.minicluster.internal.http.ApiResponse;
import org.arangosync.minicluster.internal.http.Json;

/** {@code /_api/endpoint} of a data server: the endpoint it listens on. */
final class BasicHandlers {

  private final Supplier<String> endpoint;

  /** @param endpoint this server's own endpoint, e.g. http://127.0.0.1:8529 */
  BasicHandlers(Supplier<String> endpoint) {
    this.endpoint = endpoint;
  }

  ApiResponse endpoints(ApiRequest request) {
    Responses.requireMethod(request, "GET");
    ArrayNode body = Json.array();
    body.addObject().put("endpoint", endpoint.get());
    return ApiResponse.json(200, body);
  }
}
