package org.arangosync.minicluster.internal.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.arangosync.minicluster.internal.http.ArangoError;
import org.arangosync.minicluster.internal.http.Json;
import org.arangosync.minicluster.internal.storage.Collection;
import org.arangosync.minicluster.internal.storage.CollectionCatalog;
import org.arangosync.minicluster.internal.storage.DatabaseCatalog;
import org.arangosync.minicluster.internal.storage.IndexCatalog;
import org.arangosync.minicluster.internal.storage.Store;

/**
 * Structure changes of a cluster, done the way a coordinator does them: the DB-Servers create or
 * drop their part first (databases, shards, shard indexes), then the plan records the result in
 * one agency transaction. One lock serialises them, so two coordinators of this process never
 * interleave a change.
 */
final class ClusterStructure {

  private final Plan plan;
  private final Map<String, Store> dbServers;
  private final List<String> serverIds;
  private final Ids ids;
  private final AtomicInteger placement = new AtomicInteger();
  private final Object lock = new Object();

  ClusterStructure(Plan plan, Map<String, Store> dbServers, Ids ids) {
    this.plan = plan;
    this.dbServers = dbServers;
    this.serverIds = new ArrayList<>(dbServers.keySet());
    this.ids = ids;
  }

  // ---------------------------------------------------------------------------------- databases

  void createDatabase(String name) {
    if (!Store.isValidDatabaseName(name)) {
      throw new ArangoError(400, ArangoError.DATABASE_NAME_INVALID, "database name invalid");
    }
    synchronized (lock) {
      if (plan.hasDatabase(name)) {
        throw new ArangoError(409, ArangoError.DUPLICATE_NAME, "duplicate database name '" + name + "'");
      }
      long id = name.equals("_system") ? 1 : ids.next();
      for (Store store : dbServers.values()) {
        if (!store.hasDatabase(name)) {
          store.createDatabase(name, id);
        }
      }
      ObjectNode entry = Json.object();
      entry.put("name", name);
      entry.put("id", Long.toString(id));
      entry.put("isSystem", name.equals("_system"));
      entry.put("sharding", "");
      entry.put("replicationFactor", 1);
      entry.put("writeConcern", 1);
      Map<String, JsonNode> changes = new LinkedHashMap<>();
      changes.put(Plan.PLAN + "/Databases/" + name, entry);
      plan.write(changes);
      List<String> system = new ArrayList<>(Store.SYSTEM_COLLECTIONS);
      if (name.equals("_system")) {
        system.addAll(Store.SYSTEM_DATABASE_COLLECTIONS);
      }
      for (String collection : system) {
        ObjectNode request = Json.object();
        request.put("name", collection);
        request.put("isSystem", true);
        request.put("numberOfShards", 1);
        createCollection(name, request);
      }
    }
  }

  void dropDatabase(String name) {
    synchronized (lock) {
      plan.requireDatabase(name);
      if (name.equals("_system")) {
        throw new ArangoError(403, ArangoError.FORBIDDEN, "forbidden");
      }
      for (Store store : dbServers.values()) {
        if (store.hasDatabase(name)) {
          store.dropDatabase(name);
        }
      }
      Map<String, JsonNode> changes = new LinkedHashMap<>();
      changes.put(Plan.PLAN + "/Databases/" + name, null);
      changes.put(Plan.PLAN + "/Collections/" + name, null);
      changes.put(Plan.PLAN + "/Views/" + name, null);
      changes.put(Plan.CURRENT + "/Collections/" + name, null);
      plan.write(changes);
    }
  }

  // -------------------------------------------------------------------------------- collections

  /**
   * Creates a cluster collection: {@code numberOfShards} shards (default 1) placed round-robin
   * on the DB-Servers, {@code shardKeys} (default {@code ["_key"]}).
   */
  ClusterCollection createCollection(String database, ObjectNode request) {
    JsonNode nameNode = request.get("name");
    if (nameNode == null || !nameNode.isTextual()) {
      throw new ArangoError(400, ArangoError.ILLEGAL_NAME, "illegal name");
    }
    String name = nameNode.asText();
    boolean isSystem = request.path("isSystem").asBoolean(false);
    if (!Store.isValidCollectionName(name, isSystem)) {
      throw new ArangoError(400, ArangoError.ILLEGAL_NAME, "illegal name: '" + name + "'");
    }
    int type = request.path("type").asInt(2);
    if (type != 2 && type != 3) {
      throw new ArangoError(400, ArangoError.COLLECTION_TYPE_INVALID, "invalid collection type");
    }
    int numberOfShards = request.path("numberOfShards").asInt(1);
    if (numberOfShards < 1 || numberOfShards > 1000) {
      throw ArangoError.badParameter("invalid number of shards: " + numberOfShards);
    }
    ArrayNode shardKeys = Json.array();
    if (request.has("shardKeys")) {
      if (!request.get("shardKeys").isArray() || request.get("shardKeys").isEmpty()) {
        throw ArangoError.badParameter("invalid shardKeys");
      }
      for (JsonNode key : request.get("shardKeys")) {
        if (!key.isTextual() || key.asText().isEmpty()) {
          throw ArangoError.badParameter("invalid shardKeys");
        }
        shardKeys.add(key.asText());
      }
    } else {
      shardKeys.add("_key");
    }
    ObjectNode keyOptions = Store.keyOptions(request.get("keyOptions"));
    synchronized (lock) {
      plan.requireDatabase(database);
      if (plan.findCollection(database, name) != null) {
        throw new ArangoError(409, ArangoError.DUPLICATE_NAME, "duplicate name: " + name);
      }
      long id = ids.next();
      ObjectNode entry = Json.object();
      entry.put("writeConcern", request.path("writeConcern").asInt(1));
      entry.put("waitForSync", request.path("waitForSync").asBoolean(false));
      entry.put("usesRevisionsAsDocumentIds", true);
      entry.put("syncByRevision", true);
      entry.put("id", Long.toString(id));
      entry.put("isSmartChild", false);
      entry.set("schema", request.hasNonNull("schema") ? request.get("schema") : Json.NODES.nullNode());
      entry.put("name", name);
      entry.put("type", type);
      entry.put("status", 3);
      entry.put("cacheEnabled", request.path("cacheEnabled").asBoolean(false));
      entry.put("isSystem", isSystem || name.startsWith("_"));
      entry.put("internalValidatorType", 0);
      entry.put("globallyUniqueId", isSystem || name.startsWith("_") ? name : "c" + id);
      entry.set("keyOptions", keyOptions);
      entry.set("computedValues", request.hasNonNull("computedValues") ? request.get("computedValues") : Json.NODES.nullNode());
      entry.set("shardKeys", shardKeys);
      entry.put("numberOfShards", numberOfShards);
      entry.set("replicationFactor", request.has("replicationFactor") ? request.get("replicationFactor") : Json.NODES.numberNode(1));
      entry.put("minReplicationFactor", request.path("writeConcern").asInt(1));
      entry.put("shardingStrategy", "hash");
      entry.put("isDisjoint", false);
      entry.put("isSmart", false);
      if (request.hasNonNull("distributeShardsLike")) {
        entry.set("distributeShardsLike", request.get("distributeShardsLike"));
      }
      ObjectNode shards = entry.putObject("shards");
      entry.putArray("indexes");
      Map<String, JsonNode> changes = new LinkedHashMap<>();
      for (int i = 0; i < numberOfShards; i++) {
        String shard = "s" + ids.next();
        String server = serverIds.get(Math.floorMod(placement.getAndIncrement(), serverIds.size()));
        shards.putArray(shard).add(server);
        ObjectNode shardRequest = Json.object();
        shardRequest.put("name", shard);
        shardRequest.put("type", type);
        shardRequest.put("waitForSync", entry.get("waitForSync").asBoolean());
        // The coordinator makes every key, so shards accept given keys whatever the collection says.
        shardRequest.putObject("keyOptions").put("type", "traditional").put("allowUserKeys", true);
        shardRequest.put("planId", Long.toString(id));
        shardRequest.put("clusterName", name);
        dbServers.get(server).createCollection(database, shardRequest);
        ObjectNode current = Json.object();
        current.putArray("servers").add(server);
        current.putArray("failoverCandidates").add(server);
        current.putArray("indexes");
        current.put("error", false);
        current.put("errorNum", 0);
        current.put("errorMessage", "");
        changes.put(Plan.CURRENT + "/Collections/" + database + "/" + id + "/" + shard, current);
      }
      changes.put(Plan.PLAN + "/Collections/" + database + "/" + id, entry);
      plan.write(changes);
      return new ClusterCollection(database, entry);
    }
  }

  void dropCollection(String database, String nameOrId, boolean allowSystem) {
    synchronized (lock) {
      ClusterCollection collection = plan.collection(database, nameOrId);
      if (collection.isSystem() && !allowSystem) {
        throw new ArangoError(403, ArangoError.FORBIDDEN, "forbidden");
      }
      for (String shard : collection.shards()) {
        Store store = dbServers.get(collection.serverOf(shard));
        if (store != null && store.hasDatabase(database) && store.database(database).collection(shard) != null) {
          store.dropCollection(database, shard, true);
        }
      }
      Map<String, JsonNode> changes = new LinkedHashMap<>();
      changes.put(Plan.PLAN + "/Collections/" + database + "/" + collection.id(), null);
      changes.put(Plan.CURRENT + "/Collections/" + database + "/" + collection.id(), null);
      plan.write(changes);
    }
  }

  /** Changes waitForSync, schema, cacheEnabled, computedValues, replicationFactor, writeConcern. */
  ClusterCollection changeProperties(String database, String nameOrId, ObjectNode changes) {
    synchronized (lock) {
      ClusterCollection collection = plan.collection(database, nameOrId);
      ObjectNode entry = collection.plan().deepCopy();
      for (String property : List.of("waitForSync", "schema", "cacheEnabled", "computedValues", "replicationFactor", "writeConcern")) {
        if (changes.has(property)) {
          entry.set(property, changes.get(property));
        }
      }
      if (changes.has("waitForSync")) {
        ObjectNode shardChange = Json.object();
        shardChange.set("waitForSync", changes.get("waitForSync"));
        for (String shard : collection.shards()) {
          dbServers.get(collection.serverOf(shard)).changeProperties(database, shard, shardChange);
        }
      }
      Map<String, JsonNode> write = new LinkedHashMap<>();
      write.put(Plan.PLAN + "/Collections/" + database + "/" + collection.id(), entry);
      plan.write(write);
      return new ClusterCollection(database, entry);
    }
  }

  // ------------------------------------------------------------------------------------ indexes

  /** Creates an index on every shard and records it in the plan under one cluster-wide id. */
  ObjectNode createIndex(String database, String collectionName, ObjectNode request) {
    synchronized (lock) {
      ClusterCollection collection = plan.collection(database, collectionName);
      for (JsonNode existing : collection.plan().path("indexes")) {
        if (IndexCatalog.sameIndex(existing, request)) {
          ObjectNode shown = shown(collection, (ObjectNode) existing);
          shown.put("isNewlyCreated", false);
          return shown;
        }
      }
      ObjectNode created = null;
      for (String shard : collection.shards()) {
        created = dbServers.get(collection.serverOf(shard)).createIndex(database, shard, request);
      }
      String id = Long.toString(ids.next());
      ObjectNode index = created.deepCopy();
      index.remove("isNewlyCreated");
      index.put("id", id);
      ObjectNode entry = collection.plan().deepCopy();
      entry.withArray("indexes").add(index);
      Map<String, JsonNode> write = new LinkedHashMap<>();
      write.put(Plan.PLAN + "/Collections/" + database + "/" + collection.id(), entry);
      plan.write(write);
      ObjectNode shown = shown(collection, index);
      shown.put("isNewlyCreated", true);
      return shown;
    }
  }

  void dropIndex(String database, String collectionName, String indexId) {
    synchronized (lock) {
      ClusterCollection collection = plan.collection(database, collectionName);
      ObjectNode entry = collection.plan().deepCopy();
      ObjectNode found = IndexCatalog.remove(entry.withArray("indexes"), indexId);
      if (found == null) {
        throw new ArangoError(404, ArangoError.INDEX_NOT_FOUND, "index not found");
      }
      String name = found.path("name").asText();
      for (String shard : collection.shards()) {
        dbServers.get(collection.serverOf(shard)).dropIndex(database, shard, name);
      }
      Map<String, JsonNode> write = new LinkedHashMap<>();
      write.put(Plan.PLAN + "/Collections/" + database + "/" + collection.id(), entry);
      plan.write(write);
    }
  }

  /** The cluster's indexes for {@code /_api/index}: the built-in ones and those in the plan. */
  IndexCatalog indexCatalog() {
    return new IndexCatalog() {
      @Override
      public ArrayNode indexes(String database, String collectionName) {
        ClusterCollection collection = plan.collection(database, collectionName);
        ArrayNode all = IndexCatalog.builtIn(collection.name(), collection.isEdge());
        collection.plan().path("indexes").forEach(index -> all.add(shown(collection, (ObjectNode) index)));
        return all;
      }

      @Override
      public ObjectNode create(String database, String collectionName, ObjectNode request) {
        return createIndex(database, collectionName, request);
      }

      @Override
      public void drop(String database, String collectionName, String indexId) {
        dropIndex(database, collectionName, indexId);
      }
    };
  }

  /** The cluster's collections for {@code /_api/collection}: the plan, with counts and truncation over the shards. */
  CollectionCatalog collectionCatalog(ClusterDocuments documents) {
    return new CollectionCatalog() {
      @Override
      public List<ObjectNode> list(String database) {
        plan.requireDatabase(database);
        List<ObjectNode> all = new ArrayList<>();
        plan.collections(database).forEach(collection -> all.add(summaryOf(collection)));
        return all;
      }

      @Override
      public ObjectNode summary(String database, String name) {
        return summaryOf(plan.collection(database, name));
      }

      @Override
      public ObjectNode properties(String database, String name) {
        return propertiesOf(plan.collection(database, name));
      }

      @Override
      public long count(String database, String name) {
        return documents.count(plan.collection(database, name));
      }

      @Override
      public ObjectNode create(String database, ObjectNode request) {
        return propertiesOf(createCollection(database, request));
      }

      @Override
      public ObjectNode changeProperties(String database, String name, ObjectNode changes) {
        return propertiesOf(ClusterStructure.this.changeProperties(database, name, changes));
      }

      @Override
      public ObjectNode rename(String database, String name, String newName) {
        plan.collection(database, name);
        throw new ArangoError(403, ArangoError.FORBIDDEN, "renaming a collection is not supported in a cluster");
      }

      @Override
      public void truncate(String database, String name) {
        documents.truncate(database, name);
      }

      @Override
      public String drop(String database, String name, boolean allowSystem) {
        String id = plan.collection(database, name).id();
        dropCollection(database, name, allowSystem);
        return id;
      }

      @Override
      public ObjectNode shards(String database, String name) {
        return plan.collection(database, name).plan().get("shards").deepCopy();
      }
    };
  }

  private static ObjectNode summaryOf(ClusterCollection collection) {
    return CollectionCatalog.summary(collection.id(), collection.name(), collection.type(), collection.isSystem(),
        collection.globallyUniqueId());
  }

  /** The properties a coordinator reports: the plan entry less shards and indexes, plus status. */
  private static ObjectNode propertiesOf(ClusterCollection collection) {
    ObjectNode body = Json.object();
    collection.plan().fields().forEachRemaining(entry -> {
      if (!entry.getKey().equals("shards") && !entry.getKey().equals("indexes")) {
        body.set(entry.getKey(), entry.getValue().deepCopy());
      }
    });
    body.put("statusString", "loaded");
    return body;
  }

  /** The cluster's databases for {@code /_api/database}, as planned. */
  DatabaseCatalog databaseCatalog() {
    return new DatabaseCatalog() {
      @Override
      public List<String> names() {
        List<String> names = new ArrayList<>();
        plan.databases().fieldNames().forEachRemaining(names::add);
        return names;
      }

      @Override
      public ObjectNode current(String name) {
        plan.requireDatabase(name);
        JsonNode entry = plan.databases().get(name);
        ObjectNode result = Json.object();
        result.put("id", entry.path("id").asText());
        result.put("name", name);
        result.put("isSystem", name.equals("_system"));
        result.put("path", "none");
        result.put("sharding", entry.path("sharding").asText(""));
        result.put("replicationFactor", entry.path("replicationFactor").asInt(1));
        result.put("writeConcern", entry.path("writeConcern").asInt(1));
        return result;
      }

      @Override
      public void create(String name) {
        createDatabase(name);
      }

      @Override
      public void drop(String name) {
        dropDatabase(name);
      }
    };
  }

  /** An index as the API shows it: id qualified by the collection name. */
  static ObjectNode shown(ClusterCollection collection, ObjectNode index) {
    ObjectNode shown = index.deepCopy();
    shown.put("id", collection.name() + "/" + index.path("id").asText());
    return shown;
  }

  /** The shard collections of a cluster collection, for counts and figures. */
  List<Collection> shardCollections(ClusterCollection collection) {
    List<Collection> shards = new ArrayList<>();
    for (String shard : collection.shards()) {
      shards.add(dbServers.get(collection.serverOf(shard)).collection(collection.database(), shard));
    }
    return shards;
  }
}
