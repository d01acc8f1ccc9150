package org.arangosync.minicluster.internal.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.arangosync.minicluster.internal.http.ApiRequest;
import org.arangosync.minicluster.internal.http.ApiResponse;
import org.arangosync.minicluster.internal.http.ArangoError;
import org.arangosync.minicluster.internal.storage.IndexCatalog;

/** {@code /_api/index}: list ({@code ?collection=}), read, create and drop indexes. */
public final class IndexHandler {

  private final IndexCatalog indexes;

  public IndexHandler(IndexCatalog indexes) {
    this.indexes = indexes;
  }

  public ApiResponse handle(ApiRequest request) {
    String database = request.database();
    switch (request.method()) {
      case "GET": {
        if (request.segment(2) != null) {
          String collection = request.segment(2);
          String id = request.segment(3);
          for (JsonNode index : indexes.indexes(database, collection)) {
            if (index.get("id").asText().endsWith("/" + id) || index.path("name").asText().equals(id)) {
              ObjectNode body = ((ObjectNode) index).deepCopy();
              body.put("error", false);
              body.put("code", 200);
              return Responses.ok(body);
            }
          }
          throw new ArangoError(404, ArangoError.INDEX_NOT_FOUND, "index not found");
        }
        ArrayNode all = indexes.indexes(database, requireCollectionParameter(request));
        ObjectNode body = Responses.okBody(200);
        body.set("indexes", all);
        ObjectNode identifiers = body.putObject("identifiers");
        all.forEach(index -> identifiers.set(index.get("id").asText(), index));
        return Responses.ok(body);
      }
      case "POST": {
        String collection = requireCollectionParameter(request);
        if (!request.json().isObject()) {
          throw ArangoError.badParameter("expecting a JSON object as body");
        }
        ObjectNode index = indexes.create(database, collection, (ObjectNode) request.json());
        boolean created = index.path("isNewlyCreated").asBoolean();
        index.put("error", false);
        index.put("code", created ? 201 : 200);
        return ApiResponse.json(created ? 201 : 200, index);
      }
      case "DELETE": {
        String collection = request.segment(2);
        String id = request.segment(3);
        if (collection == null || id == null) {
          throw new ArangoError(400, ArangoError.INDEX_HANDLE_BAD, "invalid index identifier");
        }
        indexes.drop(database, collection, id);
        ObjectNode body = Responses.okBody(200);
        body.put("id", collection + "/" + id);
        return Responses.ok(body);
      }
      default:
        throw ArangoError.methodNotAllowed();
    }
  }

  private static String requireCollectionParameter(ApiRequest request) {
    String name = request.query("collection");
    if (name == null || name.isEmpty()) {
      throw new ArangoError(400, ArangoError.COLLECTION_PARAMETER_MISSING, "collection parameter missing");
    }
    return name;
  }
}
