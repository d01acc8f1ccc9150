package org.arangosync.minicluster.internal.storage;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.arangosync.minicluster.internal.http.ArangoError;
import org.arangosync.minicluster.internal.http.Json;

/**
 * Where collections are kept, as {@code /_api/collection} sees them: a server's own store, or a
 * cluster's plan and shards. Answers are the JSON bodies without {@code error} and {@code code}.
 */
public interface CollectionCatalog {

  /** The short descriptions (id, name, status, type, isSystem, globallyUniqueId) of all collections. */
  List<ObjectNode> list(String database);

  /** The short description of one collection (404/1203 if unknown). */
  ObjectNode summary(String database, String name);

  /** The full properties of one collection. */
  ObjectNode properties(String database, String name);

  long count(String database, String name);

  /** Creates a collection from a {@code POST /_api/collection} body; returns its properties. */
  ObjectNode create(String database, ObjectNode request);

  /** Changes the changeable properties; returns the new properties. */
  ObjectNode changeProperties(String database, String name, ObjectNode changes);

  /** Renames; returns the new short description (a cluster refuses with 403). */
  ObjectNode rename(String database, String name, String newName);

  void truncate(String database, String name);

  /** Drops the collection and returns its id. */
  String drop(String database, String name, boolean allowSystem);

  /** {@code {shard: [servers]}} of a cluster collection; null where there are no shards (a single server). */
  ObjectNode shards(String database, String name);

  /** The collections of a server's own store. */
  static CollectionCatalog local(Store store, boolean showClusterProperties) {
    return new CollectionCatalog() {
      @Override
      public List<ObjectNode> list(String database) {
        return store.database(database).collections().stream().map(CollectionCatalog::summaryOf).toList();
      }

      @Override
      public ObjectNode summary(String database, String name) {
        return summaryOf(store.collection(database, name));
      }

      @Override
      public ObjectNode properties(String database, String name) {
        Collection collection = store.collection(database, name);
        ObjectNode body = Json.object();
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

      @Override
      public long count(String database, String name) {
        return store.collection(database, name).documentCount();
      }

      @Override
      public ObjectNode create(String database, ObjectNode request) {
        return properties(database, store.createCollection(database, request).name());
      }

      @Override
      public ObjectNode changeProperties(String database, String name, ObjectNode changes) {
        return properties(database, store.changeProperties(database, name, changes).name());
      }

      @Override
      public ObjectNode rename(String database, String name, String newName) {
        return summaryOf(store.renameCollection(database, name, newName));
      }

      @Override
      public void truncate(String database, String name) {
        store.truncate(database, name);
      }

      @Override
      public String drop(String database, String name, boolean allowSystem) {
        Collection collection = store.collection(database, name);
        store.dropCollection(database, name, allowSystem);
        return Long.toString(collection.id());
      }

      @Override
      public ObjectNode shards(String database, String name) {
        return null;
      }
    };
  }

  /** Properties a single server does not report (they belong to cluster collections). */
  List<String> CLUSTER_ONLY = List.of("numberOfShards", "shardKeys", "replicationFactor", "minReplicationFactor",
      "distributeShardsLike", "shardingStrategy", "planId", "isSmart", "smartJoinAttribute", "clusterName");

  /** The short description lists, renames and truncates answer with. */
  static ObjectNode summary(String id, String name, int type, boolean system, String globallyUniqueId) {
    ObjectNode summary = Json.object();
    summary.put("globallyUniqueId", globallyUniqueId);
    summary.put("isSystem", system);
    summary.put("status", 3);
    summary.put("type", type);
    summary.put("name", name);
    summary.put("id", id);
    return summary;
  }

  private static ObjectNode summaryOf(Collection collection) {
    return summary(Long.toString(collection.id()), collection.name(), collection.type(), collection.isSystem(),
        collection.globallyUniqueId());
  }

  /** ArangoDB's 404 for an action it does not know. */
  static ArangoError unknownAction(String name, String action) {
    return new ArangoError(404, 404, "unknown path '/_api/collection/" + name + "/" + action + "'");
  }
}
