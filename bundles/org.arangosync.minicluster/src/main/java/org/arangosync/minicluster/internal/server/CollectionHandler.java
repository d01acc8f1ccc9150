package org.arangosync.minicluster.internal.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.arangosync.minicluster.internal.http.ApiRequest;
import org.arangosync.minicluster.internal.http.ApiResponse;
import org.arangosync.minicluster.internal.http.ArangoError;
import org.arangosync.minicluster.internal.storage.CollectionCatalog;

/**
 * {@code /_api/collection}: list, create, read (summary, properties, count, shards), change
 * (properties, rename, truncate, load, unload) and drop collections.
 */
public final class CollectionHandler {

  private final CollectionCatalog collections;

  public CollectionHandler(CollectionCatalog collections) {
    this.collections = collections;
  }

  private static ObjectNode ok(ObjectNode answer) {
    ObjectNode body = Responses.okBody(200);
    body.setAll(answer);
    return body;
  }

  public ApiResponse handle(ApiRequest request) {
    String name = request.segment(2);
    String action = request.segment(3);
    String database = request.database();
    switch (request.method()) {
      case "GET": {
        if (name == null) {
          ObjectNode body = Responses.okBody(200);
          ArrayNode result = body.putArray("result");
          boolean excludeSystem = request.queryBool("excludeSystem", false);
          for (ObjectNode entry : collections.list(database)) {
            if (!(excludeSystem && entry.path("isSystem").asBoolean())) {
              ObjectNode listed = result.addObject();
              for (String field : new String[] {"id", "name", "status", "type", "isSystem", "globallyUniqueId"}) {
                listed.set(field, entry.get(field));
              }
            }
          }
          return Responses.ok(body);
        }
        if (action == null) {
          return Responses.ok(ok(collections.summary(database, name)));
        }
        switch (action) {
          case "properties":
            return Responses.ok(ok(collections.properties(database, name)));
          case "count": {
            ObjectNode body = ok(collections.properties(database, name));
            body.put("count", collections.count(database, name));
            return Responses.ok(body);
          }
          case "shards": {
            ObjectNode shards = collections.shards(database, name);
            if (shards == null) {
              throw CollectionCatalog.unknownAction(name, action);
            }
            ObjectNode body = ok(collections.properties(database, name));
            if (request.queryBool("details", false)) {
              body.set("shards", shards);
            } else {
              ArrayNode list = body.putArray("shards");
              shards.fieldNames().forEachRemaining(list::add);
            }
            return Responses.ok(body);
          }
          default:
            throw CollectionCatalog.unknownAction(name, action);
        }
      }
      case "POST": {
        if (name != null) {
          throw ArangoError.methodNotAllowed();
        }
        if (!request.json().isObject()) {
          throw ArangoError.badParameter("expecting a JSON object as body");
        }
        return Responses.ok(ok(collections.create(database, (ObjectNode) request.json())));
      }
      case "PUT": {
        if (name == null || action == null) {
          throw ArangoError.badParameter("expecting one of the actions 'load', 'unload', 'truncate', 'properties', 'rename'");
        }
        String location = Responses.location(request, "/_api/collection/" + name + "/" + action);
        switch (action) {
          case "truncate": {
            ObjectNode summary = collections.summary(database, name);
            collections.truncate(database, name);
            return Responses.ok(ok(summary)).header("location", location);
          }
          case "rename": {
            JsonNode newName = request.json().get("name");
            if (newName == null || !newName.isTextual()) {
              throw new ArangoError(400, ArangoError.ILLEGAL_NAME, "name must be non-empty");
            }
            return Responses.ok(ok(collections.rename(database, name, newName.asText()))).header("location", location);
          }
          case "properties":
            if (!request.json().isObject()) {
              throw ArangoError.badParameter("expecting a JSON object as body");
            }
            return Responses.ok(ok(collections.changeProperties(database, name, (ObjectNode) request.json()))).header("location", location);
          case "load":
          case "unload":
            return Responses.ok(ok(collections.summary(database, name))).header("location", location);
          case "loadIndexesIntoMemory":
          case "recalculateCount": {
            collections.summary(database, name);
            ObjectNode body = Responses.okBody(200);
            body.put("result", true);
            return Responses.ok(body).header("location", location);
          }
          default:
            throw ArangoError.badParameter("expecting one of the actions 'load', 'unload', 'truncate', 'properties', 'rename'");
        }
      }
      case "DELETE": {
        if (name == null) {
          throw ArangoError.methodNotAllowed();
        }
        ObjectNode body = Responses.okBody(200);
        body.put("id", collections.drop(database, name, request.queryBool("isSystem", false)));
        return Responses.ok(body);
      }
      default:
        throw ArangoError.methodNotAllowed();
    }
  }
}
