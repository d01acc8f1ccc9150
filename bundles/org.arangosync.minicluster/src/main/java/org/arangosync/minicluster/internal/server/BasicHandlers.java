package org.arangosync.minicluster.internal.server;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.function.Supplier;
import org.arangosync.minicluster.internal.http.ApiRequest;
import org.arangosync.minicluster.internal.http.ApiResponse;
import org.arangosync.minicluster.internal.http.ArangoError;
import org.arangosync.minicluster.internal.http.Json;
import org.arangosync.minicluster.internal.storage.Store;

/** {@code /_api/version}, {@code /_api/endpoint} and {@code /_api/database}. */
final class BasicHandlers {

  private final Store store;
  private final String role;
  private final Supplier<String> endpoint;

  /**
   * @param role ArangoDB's role name: SINGLE, COORDINATOR, PRIMARY (DB-Server) or AGENT
   * @param endpoint this server's own endpoint, e.g. http://127.0.0.1:8529
   */
  BasicHandlers(Store store, String role, Supplier<String> endpoint) {
    this.store = store;
    this.role = role;
    this.endpoint = endpoint;
  }

  ApiResponse version(ApiRequest request) {
    Responses.requireMethod(request, "GET");
    ObjectNode body = Json.object();
    body.put("server", "arango");
    body.put("version", Responses.ARANGODB_VERSION);
    body.put("license", "community");
    if (request.queryBool("details", false)) {
      ObjectNode details = body.putObject("details");
      details.put("architecture", "64bit");
      details.put("engine", "rocksdb");
      details.put("mode", "server");
      details.put("role", role);
      details.put("server-version", Responses.ARANGODB_VERSION);
      details.put("implementation", "arangosync mini cluster");
    }
    return ApiResponse.json(200, body);
  }

  ApiResponse endpoints(ApiRequest request) {
    Responses.requireMethod(request, "GET");
    ArrayNode body = Json.array();
    body.addObject().put("endpoint", endpoint.get());
    return ApiResponse.json(200, body);
  }

  ApiResponse database(ApiRequest request) {
    String sub = request.segment(2);
    switch (request.method()) {
      case "GET": {
        ObjectNode body = Responses.okBody(200);
        if (sub == null || sub.equals("user")) {
          if (sub == null && !request.database().equals("_system")) {
            throw new ArangoError(403, ArangoError.USE_SYSTEM_DATABASE, "operation only allowed in system database");
          }
          ArrayNode names = body.putArray("result");
          store.databaseNames().forEach(names::add);
          return Responses.ok(body);
        }
        if (sub.equals("current")) {
          var database = store.database(request.database());
          ObjectNode result = body.putObject("result");
          result.put("id", Long.toString(database.id()));
          result.put("name", database.name());
          result.put("isSystem", database.isSystem());
          result.put("path", "none");
          return Responses.ok(body);
        }
        throw new ArangoError(404, 404, "unknown path");
      }
      case "POST": {
        if (!request.database().equals("_system")) {
          throw new ArangoError(403, ArangoError.USE_SYSTEM_DATABASE, "operation only allowed in system database");
        }
        if (!request.json().isObject() || !request.json().path("name").isTextual()) {
          throw new ArangoError(400, ArangoError.DATABASE_NAME_INVALID, "database name invalid");
        }
        store.createDatabase(request.json().get("name").asText());
        ObjectNode body = Responses.okBody(201);
        body.put("result", true);
        return Responses.ok(body);
      }
      case "DELETE": {
        if (!request.database().equals("_system")) {
          throw new ArangoError(403, ArangoError.USE_SYSTEM_DATABASE, "operation only allowed in system database");
        }
        if (sub == null) {
          throw ArangoError.badParameter("expecting DELETE /_api/database/<databasename>");
        }
        store.dropDatabase(sub);
        ObjectNode body = Responses.okBody(200);
        body.put("result", true);
        return Responses.ok(body);
      }
      default:
        throw ArangoError.methodNotAllowed();
    }
  }
}
