package org.arangosync.minicluster.internal.server;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.arangosync.minicluster.internal.http.ApiRequest;
import org.arangosync.minicluster.internal.http.ApiResponse;
import org.arangosync.minicluster.internal.http.ArangoError;
import org.arangosync.minicluster.internal.storage.DatabaseCatalog;

/** {@code /_api/database}: list, current, user, create and drop (the last two only from {@code _system}). */
public final class DatabaseHandler {

  private final DatabaseCatalog databases;

  public DatabaseHandler(DatabaseCatalog databases) {
    this.databases = databases;
  }

  public ApiResponse handle(ApiRequest request) {
    String sub = request.segment(2);
    switch (request.method()) {
      case "GET": {
        ObjectNode body = Responses.okBody(200);
        if (sub == null || sub.equals("user")) {
          if (sub == null) {
            requireSystem(request);
          }
          ArrayNode names = body.putArray("result");
          databases.names().forEach(names::add);
          return Responses.ok(body);
        }
        if (sub.equals("current")) {
          body.set("result", databases.current(request.database()));
          return Responses.ok(body);
        }
        throw new ArangoError(404, 404, "unknown path");
      }
      case "POST": {
        requireSystem(request);
        if (!request.json().isObject() || !request.json().path("name").isTextual()) {
          throw new ArangoError(400, ArangoError.DATABASE_NAME_INVALID, "database name invalid");
        }
        databases.create(request.json().get("name").asText());
        ObjectNode body = Responses.okBody(201);
        body.put("result", true);
        return Responses.ok(body);
      }
      case "DELETE": {
        requireSystem(request);
        if (sub == null) {
          throw ArangoError.badParameter("expecting DELETE /_api/database/<databasename>");
        }
        databases.drop(sub);
        ObjectNode body = Responses.okBody(200);
        body.put("result", true);
        return Responses.ok(body);
      }
      default:
        throw ArangoError.methodNotAllowed();
    }
  }

  private static void requireSystem(ApiRequest request) {
    if (!request.database().equals("_system")) {
      throw new ArangoError(403, ArangoError.USE_SYSTEM_DATABASE, "operation only allowed in system database");
    }
  }
}
