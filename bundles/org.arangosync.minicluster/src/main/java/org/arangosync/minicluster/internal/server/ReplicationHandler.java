package org.arangosync.minicluster.internal.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import org.arangosync.minicluster.internal.http.ApiRequest;
import org.arangosync.minicluster.internal.http.ApiResponse;
import org.arangosync.minicluster.internal.http.ArangoError;
import org.arangosync.minicluster.internal.http.Json;
import org.arangosync.minicluster.internal.storage.Batches;
import org.arangosync.minicluster.internal.storage.Collection;
import org.arangosync.minicluster.internal.storage.Database;
import org.arangosync.minicluster.internal.storage.Store;
import org.arangosync.minicluster.internal.storage.WalReader;

/**
 * The replication API of a server that holds data (a single server or a DB-Server):
 * {@code /_api/replication/*} (logger state, ticks, server id, logger-follow, batches, inventory,
 * dump, keys) and {@code /_api/wal/*} (range, lastTick, tail, open-transactions).
 */
final class ReplicationHandler implements AutoCloseable {

  private static final long DEFAULT_TAIL_CHUNK = 1024 * 1024;
  private static final long MAX_CHUNK = 128L * 1024 * 1024;
  private static final long DEFAULT_DUMP_CHUNK = 128 * 1024;
  private static final List<String> FOXX_QUEUES = List.of("_jobs", "_queues");

  private final Store store;
  private final WalReader wal;
  private final Batches batches;
  /** Tailing clients by server id (or syncer id), for logger-state's {@code clients}. */
  private final Map<String, ObjectNode> clients = new ConcurrentHashMap<>();

  ReplicationHandler(Store store, Batches batches) {
    this.store = store;
    this.wal = new WalReader(store.engine());
    this.batches = batches;
  }

  ApiResponse replication(ApiRequest request) {
    String command = request.segment(2);
    if (command == null) {
      throw ArangoError.badParameter("expecting URL /_api/replication/<command>");
    }
    switch (command) {
      case "logger-state":
        Responses.requireMethod(request, "GET");
        return ApiResponse.json(200, loggerState());
      case "logger-first-tick": {
        Responses.requireMethod(request, "GET");
        ObjectNode body = Json.object();
        body.put("firstTick", Long.toUnsignedString(wal.firstTick()));
        return ApiResponse.json(200, body);
      }
      case "logger-tick-ranges": {
        Responses.requireMethod(request, "GET");
        ArrayNode body = Json.array();
        wal.tickRanges().forEach(body::add);
        return ApiResponse.json(200, body);
      }
      case "server-id": {
        Responses.requireMethod(request, "GET");
        ObjectNode body = Json.object();
        body.put("serverId", Long.toString(store.serverId()));
        return ApiResponse.json(200, body);
      }
      case "logger-follow":
        Responses.requireMethod(request, "GET", "PUT");
        return tail(request, WalReader.Format.LOGGER);
      case "batch":
        return batch(request);
      case "inventory":
        Responses.requireMethod(request, "GET");
        return inventory(request);
      case "dump":
        Responses.requireMethod(request, "GET");
        return dump(request);
      case "keys":
        return keys(request);
      case "barrier":
        return barrier(request);
      case "clusterInventory":
        throw new ArangoError(403, ArangoError.CLUSTER_ONLY_ON_COORDINATOR, "this operation is only valid on a coordinator in a cluster");
      case "determine-open-transactions": {
        ArrayNode none = Json.array();
        return ApiResponse.json(200, none).header("x-arango-replication-frompresent", "true")
            .header("x-arango-replication-lastincluded", "0");
      }
      default:
        throw ArangoError.badParameter("invalid command");
    }
  }

  ApiResponse wal(ApiRequest request) {
    String command = request.segment(2);
    if (command == null) {
      throw ArangoError.badParameter("expecting URL /_api/wal/<command>");
    }
    switch (command) {
      case "range": {
        Responses.requireMethod(request, "GET");
        ObjectNode body = Json.object();
        body.put("time", Responses.now());
        body.put("tickMin", Long.toUnsignedString(wal.firstTick()));
        body.put("tickMax", Long.toUnsignedString(wal.lastTick()));
        body.set("server", serverInfo(false));
        return ApiResponse.json(200, body);
      }
      case "lastTick": {
        Responses.requireMethod(request, "GET");
        ObjectNode body = Json.object();
        body.put("time", Responses.now());
        body.put("tick", Long.toUnsignedString(wal.lastTick()));
        body.set("server", serverInfo(false));
        return ApiResponse.json(200, body);
      }
      case "tail":
        Responses.requireMethod(request, "GET", "PUT");
        return tail(request, WalReader.Format.WAL);
      case "open-transactions": {
        Responses.requireMethod(request, "GET");
        // RocksDB's WAL holds committed transactions only, so none is ever open.
        return ApiResponse.empty(204).header("x-arango-replication-frompresent", "true")
            .header("x-arango-replication-lastincluded", "0");
      }
      default:
        throw ArangoError.badParameter("invalid command");
    }
  }

  private ObjectNode serverInfo(boolean withEngine) {
    ObjectNode server = Json.object();
    server.put("version", Responses.ARANGODB_VERSION);
    server.put("serverId", Long.toString(store.serverId()));
    if (withEngine) {
      server.put("engine", "rocksdb");
    }
    return server;
  }

  private ObjectNode loggerState() {
    ObjectNode body = Json.object();
    ObjectNode state = body.putObject("state");
    long last = wal.lastTick();
    state.put("running", true);
    state.put("lastLogTick", Long.toUnsignedString(last));
    state.put("lastUncommittedLogTick", Long.toUnsignedString(last));
    state.put("totalEvents", last);
    state.put("time", Responses.now());
    body.set("server", serverInfo(true));
    ArrayNode list = body.putArray("clients");
    clients.values().forEach(list::add);
    return body;
  }

  private ApiResponse tail(ApiRequest request, WalReader.Format format) {
    long from = request.queryLong("from", 0);
    long to = request.queryLong("to", -1L);
    if (request.query("to") != null && (to == 0 || Long.compareUnsigned(from, to) > 0)) {
      throw ArangoError.badParameter("invalid from/to values");
    }
    long chunkSize = Math.min(MAX_CHUNK, Math.max(1, request.queryLong("chunkSize", DEFAULT_TAIL_CHUNK)));
    boolean global = request.queryBool("global", false);
    if (global && !request.database().equals("_system")) {
      throw new ArangoError(403, ArangoError.FORBIDDEN, "global tailing is only possible from within _system database");
    }
    Database database = store.database(request.database());
    String collectionName = request.query("collection");
    Collection only = null;
    if (collectionName != null && !global) {
      only = store.collection(database.name(), collectionName);
    }
    boolean includeSystem = request.queryBool("includeSystem", true);
    boolean includeFoxxQueues = request.queryBool("includeFoxxQueues", false);
    Predicate<ObjectNode> include = filter(global ? null : database.name(), only, includeSystem, includeFoxxQueues)
        .and(this::collectionStillExists);
    WalReader.Tail tail = wal.tail(from, to, chunkSize, include, format);
    registerClient(request, tail.lastIncluded() > 0 ? tail.lastIncluded() : from);
    ApiResponse response = ApiResponse.dump(tail.markers() == 0 ? 204 : 200, tail.body());
    response.header("x-arango-replication-checkmore", Boolean.toString(tail.checkMore()));
    response.header("x-arango-replication-frompresent", Boolean.toString(tail.fromPresent()));
    response.header("x-arango-replication-lastincluded", Long.toUnsignedString(tail.lastIncluded()));
    response.header("x-arango-replication-lastscanned", Long.toUnsignedString(tail.lastScanned()));
    response.header("x-arango-replication-lasttick", Long.toUnsignedString(tail.lastTick()));
    if (format == WalReader.Format.LOGGER) {
      response.header("x-arango-replication-active", "true");
    }
    return response;
  }

  private static Predicate<ObjectNode> filter(String database, Collection only, boolean includeSystem, boolean includeFoxxQueues) {
    return header -> {
      if (database != null && !database.equals(header.path("db").asText())) {
        return false;
      }
      JsonNode name = header.get("cname");
      if (name == null) {
        return only == null; // database, view and transaction markers
      }
      if (only != null) {
        return only.globallyUniqueId().equals(header.path("cuid").asText());
      }
      String collection = name.asText();
      if (collection.startsWith("_")) {
        if (!includeSystem) {
          return false;
        }
        return includeFoxxQueues || !FOXX_QUEUES.contains(collection);
      }
      return true;
    };
  }

  /**
   * ArangoDB leaves out the markers of collections that no longer exist when the tail is read; only
   * their drop marker (2001) remains, so that a follower never recreates what is gone.
   */
  private boolean collectionStillExists(ObjectNode header) {
    JsonNode cid = header.get("cid");
    if (cid == null || header.path("type").asInt() == org.arangosync.minicluster.internal.storage.Markers.COLLECTION_DROP) {
      return true;
    }
    if (!store.hasDatabase(header.path("db").asText())) {
      return false;
    }
    return store.database(header.path("db").asText()).collection(cid.asText()) != null;
  }

  private void registerClient(ApiRequest request, long servedTick) {
    String syncerId = request.query("syncerId");
    String serverId = request.query("serverId");
    String id = syncerId != null && !syncerId.equals("0") ? "syncer-" + syncerId : serverId;
    if (id == null || id.isEmpty() || id.equals("0")) {
      return;
    }
    ObjectNode client = Json.object();
    if (syncerId != null) {
      client.put("syncerId", syncerId);
    }
    client.put("serverId", serverId == null ? "" : serverId);
    if (request.query("clientInfo") != null) {
      client.put("clientInfo", request.query("clientInfo"));
    }
    client.put("time", Responses.now());
    client.put("expires", java.time.Instant.now().plusSeconds(7200).truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString());
    client.put("lastServedTick", Long.toUnsignedString(servedTick));
    clients.put(id, client);
  }

  private ApiResponse batch(ApiRequest request) {
    String id = request.segment(3);
    switch (request.method()) {
      case "POST": {
        if (id != null) {
          throw ArangoError.methodNotAllowed();
        }
        long ttl = Batches.DEFAULT_TTL_SECONDS;
        if (request.hasBody()) {
          JsonNode body = request.json();
          if (!body.isObject()) {
            throw ArangoError.badParameter("invalid JSON");
          }
          ttl = body.path("ttl").asLong(ttl);
        }
        Batches.Batch batch = batches.create(ttl);
        ObjectNode body = Json.object();
        body.put("id", batch.id());
        body.put("lastTick", Long.toUnsignedString(batch.lastTick()));
        if (request.queryBool("state", false)) {
          body.set("state", loggerState().get("state"));
        }
        return ApiResponse.json(200, body);
      }
      case "PUT": {
        long ttl = Batches.DEFAULT_TTL_SECONDS;
        if (request.hasBody() && request.json().isObject()) {
          ttl = request.json().path("ttl").asLong(ttl);
        }
        batches.extend(id, ttl);
        return ApiResponse.empty(204);
      }
      case "DELETE":
        batches.delete(id);
        return ApiResponse.empty(204);
      default:
        throw ArangoError.methodNotAllowed();
    }
  }

  private ApiResponse inventory(ApiRequest request) {
    String batchId = request.query("batchId");
    if (batchId == null) {
      throw new ArangoError(404, ArangoError.CURSOR_NOT_FOUND, "batchId not specified");
    }
    Batches.Batch batch = batches.get(batchId);
    boolean includeSystem = request.queryBool("includeSystem", true);
    boolean includeFoxxQueues = request.queryBool("includeFoxxQueues", false);
    String collectionName = request.query("collection");
    ObjectNode body = Json.object();
    if (request.queryBool("global", false)) {
      if (!request.database().equals("_system")) {
        throw new ArangoError(403, ArangoError.FORBIDDEN, "global inventory can only be fetched from within _system database");
      }
      ObjectNode databases = body.putObject("databases");
      for (String name : store.databaseNames()) {
        Database database = store.database(name);
        ObjectNode entry = databases.putObject(name);
        entry.put("id", Long.toString(database.id()));
        entry.put("name", name);
        fillInventory(entry, database, null, includeSystem, includeFoxxQueues);
      }
    } else {
      Database database = store.database(request.database());
      fillInventory(body, database, collectionName, includeSystem, includeFoxxQueues);
    }
    ObjectNode state = body.putObject("state");
    state.put("running", true);
    state.put("lastLogTick", Long.toUnsignedString(batch.lastTick()));
    state.put("lastUncommittedLogTick", Long.toUnsignedString(batch.lastTick()));
    state.put("totalEvents", batch.lastTick());
    state.put("time", Responses.now());
    body.put("tick", Long.toUnsignedString(wal.lastTick()));
    return ApiResponse.json(200, body);
  }

  private void fillInventory(ObjectNode into, Database database, String collectionName, boolean includeSystem, boolean includeFoxxQueues) {
    ArrayNode collections = into.putArray("collections");
    for (Collection collection : database.collections()) {
      if (collectionName != null && !collection.name().equals(collectionName)) {
        continue;
      }
      if (collection.isSystem() && (!includeSystem || (!includeFoxxQueues && FOXX_QUEUES.contains(collection.name())))) {
        continue;
      }
      ObjectNode entry = collections.addObject();
      entry.set("parameters", inventoryParameters(collection));
      ArrayNode indexes = entry.putArray("indexes");
      collection.indexes().forEach(index -> {
        ObjectNode shown = Store.publicIndex(collection, index);
        shown.put("id", index.get("id").asText());
        indexes.add(shown);
      });
    }
    ArrayNode views = into.putArray("views");
    if (collectionName == null) {
      database.views().forEach(views::add);
    }
  }

  /** A collection's parameters in an inventory: its definition with cid, status, version, count. */
  static ObjectNode inventoryParameters(Collection collection) {
    ObjectNode parameters = collection.definition().deepCopy();
    parameters.remove("indexes");
    parameters.put("cid", Long.toString(collection.id()));
    parameters.put("status", 3);
    parameters.put("deleted", false);
    parameters.put("version", 7);
    ((ObjectNode) parameters.get("keyOptions")).put("lastValue", collection.keyGeneratorValueNow());
    return parameters;
  }

  private ApiResponse dump(ApiRequest request) {
    String collectionName = request.query("collection");
    if (collectionName == null || collectionName.isEmpty()) {
      throw ArangoError.badParameter("invalid collection parameter");
    }
    String batchId = request.query("batchId");
    if (batchId == null) {
      throw new ArangoError(404, 400, "replication dump - request misses batchId");
    }
    Batches.Batch batch;
    try {
      batch = batches.get(batchId);
    } catch (ArangoError missing) {
      throw new ArangoError(404, ArangoError.CURSOR_NOT_FOUND, "replication dump - unable to find context (it could be expired)");
    }
    Collection collection = store.collection(request.database(), collectionName);
    long chunkSize = Math.min(MAX_CHUNK, Math.max(1, request.queryLong("chunkSize", DEFAULT_DUMP_CHUNK)));
    Batches.Dump dump = batches.dump(batch, collection, chunkSize);
    ApiResponse response = ApiResponse.dump(dump.documents() == 0 ? 204 : 200, dump.body());
    response.header("x-arango-replication-checkmore", Boolean.toString(dump.hasMore()));
    response.header("x-arango-replication-lastincluded", Long.toString(dump.documents() == 0 ? 0 : dump.documents()));
    return response;
  }

  private ApiResponse keys(ApiRequest request) {
    String keysId = request.segment(3);
    switch (request.method()) {
      case "POST": {
        String collectionName = request.query("collection");
        if (collectionName == null) {
          throw ArangoError.badParameter("invalid collection parameter");
        }
        String batchId = request.query("batchId");
        if (batchId == null) {
          throw new ArangoError(404, ArangoError.CURSOR_NOT_FOUND, "batchId not specified");
        }
        Batches.Batch batch = batches.get(batchId);
        Collection collection = store.collection(request.database(), collectionName);
        long[] count = new long[1];
        String id = batches.createKeys(batch, collection, count);
        ObjectNode body = Json.object();
        body.put("id", id);
        body.put("count", count[0]);
        return ApiResponse.json(200, body);
      }
      case "GET": {
        int chunkSize = chunkSize(request);
        ArrayNode body = Json.array();
        for (Batches.Chunk chunk : batches.keyChunks(keysId, chunkSize)) {
          ObjectNode entry = body.addObject();
          entry.put("low", chunk.low());
          entry.put("high", chunk.high());
          entry.put("hash", Long.toUnsignedString(chunk.hash()));
        }
        return ApiResponse.json(200, body);
      }
      case "PUT": {
        String type = request.query("type");
        int chunkSize = chunkSize(request);
        String low = request.query("low");
        if ("keys".equals(type)) {
          ArrayNode body = Json.array();
          for (String[] pair : batches.chunkKeys(keysId, low, chunkSize)) {
            body.addArray().add(pair[0]).add(pair[1]);
          }
          return ApiResponse.json(200, body);
        }
        if ("docs".equals(type)) {
          JsonNode wanted = request.json();
          if (!wanted.isArray()) {
            throw ArangoError.badParameter("expecting an array of positions");
          }
          List<Integer> positions = new java.util.ArrayList<>();
          wanted.forEach(position -> positions.add(position.asInt()));
          ArrayNode body = Json.array();
          for (byte[] document : batches.chunkDocuments(keysId, low, chunkSize, positions)) {
            body.add(document == null ? Json.NODES.nullNode() : Json.parse(document));
          }
          return ApiResponse.json(200, body);
        }
        throw ArangoError.badParameter("invalid 'type' value");
      }
      case "DELETE": {
        batches.deleteKeys(keysId);
        ObjectNode body = Json.object();
        body.put("id", keysId);
        body.put("error", false);
        body.put("code", 202);
        return ApiResponse.json(202, body);
      }
      default:
        throw ArangoError.methodNotAllowed();
    }
  }

  /** ArangoDB's keys chunk size: default 5000, below 100 means the default, at most 20000. */
  private static int chunkSize(ApiRequest request) {
    long size = request.queryLong("chunkSize", 5000);
    if (size < 100) {
      size = 5000;
    }
    return (int) Math.min(size, 20000);
  }

  @Override
  public void close() {
    wal.close();
  }

  /** A no-op on RocksDB in every version, kept for old clients. */
  private ApiResponse barrier(ApiRequest request) {
    switch (request.method()) {
      case "POST": {
        ObjectNode body = Json.object();
        body.put("id", Long.toString(store.ticks().next()));
        return ApiResponse.json(201, body);
      }
      case "GET":
        return ApiResponse.json(200, Json.array());
      case "PUT":
      case "DELETE":
        return ApiResponse.empty(204);
      default:
        throw ArangoError.methodNotAllowed();
    }
  }
}
