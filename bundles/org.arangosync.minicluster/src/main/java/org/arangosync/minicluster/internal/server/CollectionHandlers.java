package org.arangosync.minicluster.internal.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.arangosync.minicluster.internal.http.ApiRequest;
import org.arangosync.minicluster.internal.http.ApiResponse;
import org.arangosync.minicluster.internal.http.ArangoError;
import org.arangosync.minicluster.internal.http.Json;
import org.arangosync.minicluster.internal.storage.Collection;
import org.arangosync.minicluster.internal.storage.Store;

/** {@code /_api/collection} and {@code /_api/index} of a server that holds its collections itself. */
final class CollectionHandlers {

  /** Properties a single server does not report (they belong to cluster collections). */
  private static final List<String> CLUSTER_ONLY = List.of("numberOfShards", "shardKeys", "replicationFactor",
      "minReplicationFactor", "distributeShardsLike", "shardingStrategy", "planId", "isSmart", "smartJoinAttribute");

  private final Store store;
  private final boolean showClusterProperties;

  CollectionHandlers(Store store, boolean showClusterProperties) {
    this.store = store;
    this.showClusterProperties = showClusterProperties;
  }

  /** The full properties answer: the stored definition plus status, and the key generator's position. */
  ObjectNode properties(Collection collection) {
    ObjectNode body = Responses.okBody(200);
    collection.definition().fields().forEachRemaining(entry -> {
      if (!entry.getKey().equals("indexes") && (showClusterProperties || !CLUSTER_ONLY.contains(entry.getKey()))) {
        body.set(entry.getKey(), entry.getValue().deepCopy());
      }
    });
    body.put("statusString", "loaded");
    body.put("status", 3);
    ((ObjectNode) body.get("keyOptions")).put("lastValue", collection.keyGeneratorValueNow());
    return body;
  }

  ApiResponse collection(ApiRequest request) {
    String name = request.segment(2);
    String action = request.segment(3);
    String database = request.database();
    switch (request.method()) {
      case "GET": {
        if (name == null) {
          ObjectNode body = Responses.okBody(200);
          ArrayNode result = body.putArray("result");
          boolean excludeSystem = request.queryBool("excludeSystem", false);
          for (Collection collection : store.database(database).collections()) {
            if (excludeSystem && collection.isSystem()) {
              continue;
            }
            ObjectNode entry = result.addObject();
            entry.put("id", Long.toString(collection.id()));
            entry.put("name", collection.name());
            entry.put("status", 3);
            entry.put("type", collection.type());
            entry.put("isSystem", collection.isSystem());
            entry.put("globallyUniqueId", collection.globallyUniqueId());
          }
          return Responses.ok(body);
        }
        Collection collection = store.collection(database, name);
        if (action == null) {
          return Responses.ok(Responses.collectionSummary(collection, Responses.okBody(200)));
        }
        switch (action) {
          case "properties":
            return Responses.ok(properties(collection));
          case "count": {
            ObjectNode body = properties(collection);
            body.put("count", collection.documentCount());
            return Responses.ok(body);
          }
          case "revision": {
            ObjectNode body = properties(collection);
            body.put("revision", Long.toString(store.engine().latestSequence()));
            return Responses.ok(body);
          }
          default:
            throw new ArangoError(404, 404, "unknown path '/_api/collection/" + name + "/" + action + "'");
        }
      }
      case "POST": {
        if (name != null) {
          throw ArangoError.methodNotAllowed();
        }
        JsonNode body = request.json();
        if (!body.isObject()) {
          throw ArangoError.badParameter("expecting a JSON object as body");
        }
        Collection created = store.createCollection(database, (ObjectNode) body);
        return Responses.ok(properties(created));
      }
      case "PUT": {
        if (name == null || action == null) {
          throw ArangoError.badParameter("expecting one of the actions 'load', 'unload', 'truncate', 'properties', 'rename'");
        }
        Collection collection = store.collection(database, name);
        String location = Responses.location(request, "/_api/collection/" + name + "/" + action);
        switch (action) {
          case "truncate":
            store.truncate(database, name);
            return Responses.ok(Responses.collectionSummary(collection, Responses.okBody(200))).header("location", location);
          case "rename": {
            JsonNode newName = request.json().get("name");
            if (newName == null || !newName.isTextual()) {
              throw new ArangoError(400, ArangoError.ILLEGAL_NAME, "name must be non-empty");
            }
            Collection renamed = store.renameCollection(database, name, newName.asText());
            return Responses.ok(Responses.collectionSummary(renamed, Responses.okBody(200))).header("location", location);
          }
          case "properties": {
            if (!request.json().isObject()) {
              throw ArangoError.badParameter("expecting a JSON object as body");
            }
            Collection changed = store.changeProperties(database, name, (ObjectNode) request.json());
            return Responses.ok(properties(changed)).header("location", location);
          }
          case "load":
          case "unload":
          case "loadIndexesIntoMemory":
          case "recalculateCount": {
            ObjectNode body = Responses.collectionSummary(collection, Responses.okBody(200));
            if (action.equals("loadIndexesIntoMemory") || action.equals("recalculateCount")) {
              body.removeAll();
              body.put("error", false);
              body.put("code", 200);
              body.put("result", true);
            }
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
        Collection collection = store.collection(database, name);
        store.dropCollection(database, name, request.queryBool("isSystem", false));
        ObjectNode body = Responses.okBody(200);
        body.put("id", Long.toString(collection.id()));
        return Responses.ok(body);
      }
      default:
        throw ArangoError.methodNotAllowed();
    }
  }
}
