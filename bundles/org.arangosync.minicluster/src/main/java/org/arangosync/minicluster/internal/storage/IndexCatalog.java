package org.arangosync.minicluster.internal.storage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.arangosync.minicluster.internal.http.Json;

/** Where indexes are kept: a server's own collections, or a cluster collection's plan and shards. */
public interface IndexCatalog {

  /** Every index of the collection, primary (and edge) first, ids qualified by the collection name. */
  ArrayNode indexes(String database, String collection);

  /** Creates an index, or returns the equal existing one; {@code isNewlyCreated} tells which. */
  ObjectNode create(String database, String collection, ObjectNode request);

  void drop(String database, String collection, String indexId);

  /** The indexes every collection has: primary, and edge for edge collections. */
  static ArrayNode builtIn(String collectionName, boolean edge) {
    ArrayNode all = Json.array();
    ObjectNode primary = all.addObject();
    primary.putArray("fields").add("_key");
    primary.put("id", collectionName + "/0");
    primary.put("name", "primary");
    primary.put("selectivityEstimate", 1);
    primary.put("sparse", false);
    primary.put("type", "primary");
    primary.put("unique", true);
    if (edge) {
      ObjectNode index = all.addObject();
      index.putArray("fields").add("_from").add("_to");
      index.put("id", collectionName + "/2");
      index.put("name", "edge");
      index.put("selectivityEstimate", 1);
      index.put("sparse", false);
      index.put("type", "edge");
      index.put("unique", false);
    }
    return all;
  }

  /** Whether an existing index answers a create request: same type, fields, unique and sparse. */
  static boolean sameIndex(JsonNode existing, JsonNode request) {
    return existing.path("type").equals(request.path("type")) && existing.path("fields").equals(request.path("fields"))
        && existing.path("unique").asBoolean(false) == request.path("unique").asBoolean(false)
        && existing.path("sparse").asBoolean(false) == request.path("sparse").asBoolean(false);
  }

  /** Removes the index with this id or name from a definition's index list; returns it, or null. */
  static ObjectNode remove(ArrayNode indexes, String indexId) {
    for (int i = 0; i < indexes.size(); i++) {
      ObjectNode index = (ObjectNode) indexes.get(i);
      if (index.path("id").asText().equals(indexId) || index.path("name").asText().equals(indexId)) {
        indexes.remove(i);
        return index;
      }
    }
    return null;
  }

  /** The indexes of a server's own store (2100 and 2101 markers in its WAL). */
  static IndexCatalog local(Store store) {
    return new IndexCatalog() {
      @Override
      public ArrayNode indexes(String database, String collection) {
        return store.indexesWithPrimary(store.collection(database, collection));
      }

      @Override
      public ObjectNode create(String database, String collection, ObjectNode request) {
        return store.createIndex(database, collection, request);
      }

      @Override
      public void drop(String database, String collection, String indexId) {
        store.dropIndex(database, collection, indexId);
      }
    };
  }
}
