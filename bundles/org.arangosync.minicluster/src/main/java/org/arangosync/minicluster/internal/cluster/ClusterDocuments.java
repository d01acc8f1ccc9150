package org.arangosync.minicluster.internal.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import net.jpountz.xxhash.XXHash64;
import net.jpountz.xxhash.XXHashFactory;
import org.arangosync.minicluster.internal.http.ArangoError;
import org.arangosync.minicluster.internal.http.Json;
import org.arangosync.minicluster.internal.storage.Collection;
import org.arangosync.minicluster.internal.storage.DocumentBackend;
import org.arangosync.minicluster.internal.storage.DocumentKeys;
import org.arangosync.minicluster.internal.storage.DocumentTarget;
import org.arangosync.minicluster.internal.storage.Documents;
import org.arangosync.minicluster.internal.storage.Documents.Options;
import org.arangosync.minicluster.internal.storage.Documents.Outcome;
import org.arangosync.minicluster.internal.storage.Store;

/**
 * The document API of a coordinator: each document goes to the shard its shard-key values hash to,
 * on the DB-Server that holds the shard. An array request is split by shard and each part runs as
 * one transaction on its DB-Server (as in ArangoDB, there is no transaction across shards); the
 * answers come back in the order of the request.
 *
 * <p>The coordinator generates missing keys (cluster-wide unique ids), so a document's shard is
 * known before it is written.
 */
final class ClusterDocuments implements DocumentBackend {

  private static final XXHash64 XXH64 = XXHashFactory.fastestJavaInstance().hash64();
  private static final long SHARD_HASH_SEED = 0x5eed;

  private final Plan plan;
  private final Map<String, Store> dbServers;
  private final Ids ids;

  ClusterDocuments(Plan plan, Map<String, Store> dbServers, Ids ids) {
    this.plan = plan;
    this.dbServers = dbServers;
    this.ids = ids;
  }

  @Override
  public DocumentTarget collection(String database, String name) {
    return plan.collection(database, name);
  }

  /** The shard collection on its DB-Server. */
  Collection shard(ClusterCollection collection, String shard) {
    Store store = dbServers.get(collection.serverOf(shard));
    if (store == null) {
      throw new ArangoError(503, 1478, "the DB-Server of shard " + shard + " is not available");
    }
    return store.collection(collection.database(), shard);
  }

  private Documents documentsOf(ClusterCollection collection, String shard) {
    return dbServers.get(collection.serverOf(shard)).documents();
  }

  /** The shard a document with these shard-key values belongs to. */
  static String shardFor(ClusterCollection collection, JsonNode document) {
    ArrayNode values = Json.array();
    for (String key : collection.shardKeys()) {
      JsonNode value = document.get(key);
      values.add(value == null ? Json.NODES.nullNode() : value);
    }
    byte[] bytes = Json.bytes(values);
    long hash = XXH64.hash(bytes, 0, bytes.length, SHARD_HASH_SEED);
    return collection.shards().get((int) Long.remainderUnsigned(hash, collection.shards().size()));
  }

  /** The shard that holds {@code key}, or null when the key is nowhere. */
  private String shardOfKey(ClusterCollection collection, String key) {
    if (collection.shardedByKey()) {
      ObjectNode probe = Json.object();
      probe.put("_key", key);
      return shardFor(collection, probe);
    }
    for (String shard : collection.shards()) {
      if (documentsOf(collection, shard).read(shard(collection, shard), key) != null) {
        return shard;
      }
    }
    return null;
  }

  @Override
  public ObjectNode read(DocumentTarget target, String key, String transactionId) {
    ClusterCollection collection = (ClusterCollection) target;
    if (!DocumentKeys.isValid(key)) {
      return null;
    }
    String shard = shardOfKey(collection, key);
    if (shard == null) {
      return null;
    }
    String local = transactionId == null ? null : localTransaction(transactionId, collection.serverOf(shard));
    return documentsOf(collection, shard).read(shard(collection, shard), key, local);
  }

  // ------------------------------------------------------------------------ stream transactions

  /** A coordinator's stream transaction: one local transaction on every DB-Server it involves. */
  private static final class ClusterTransaction {
    final String id;
    final Map<String, String> localIds;
    volatile String status = "running";

    ClusterTransaction(String id, Map<String, String> localIds) {
      this.id = id;
      this.localIds = localIds;
    }
  }

  private final Map<String, ClusterTransaction> transactions = new java.util.concurrent.ConcurrentHashMap<>();

  private ClusterTransaction transaction(String id) {
    ClusterTransaction transaction = id == null ? null : transactions.get(id);
    if (transaction == null) {
      throw new ArangoError(404, ArangoError.TRANSACTION_NOT_FOUND, "transaction '" + id + "' not found");
    }
    return transaction;
  }

  /** The DB-Server's own transaction that stands for {@code transactionId} there. */
  private String localTransaction(String transactionId, String server) {
    String local = transaction(transactionId).localIds.get(server);
    if (local == null) {
      throw new ArangoError(400, 1652, "collection not registered with transaction '" + transactionId + "'");
    }
    return local;
  }

  private Options forServer(Options options, String server) {
    return options.transactionId() == null ? options : options.inTransaction(localTransaction(options.transactionId(), server));
  }

  /**
   * Stream transactions through a coordinator. Commit commits each DB-Server's part in turn; as in
   * a cluster without two-phase commit, a conflict found on a later DB-Server cannot undo an
   * earlier one's commit (the remaining parts are aborted and the conflict is reported).
   */
  org.arangosync.minicluster.internal.storage.TransactionManager transactionManager() {
    return new org.arangosync.minicluster.internal.storage.TransactionManager() {
      @Override
      public State begin(String database, List<String> write, List<String> read, boolean waitForSync) {
        Map<String, List<String>> writeShards = new LinkedHashMap<>();
        Map<String, List<String>> readShards = new LinkedHashMap<>();
        for (String name : write) {
          ClusterCollection collection = plan.collection(database, name);
          collection.shards().forEach(shard -> writeShards.computeIfAbsent(collection.serverOf(shard), s -> new ArrayList<>()).add(shard));
        }
        for (String name : read) {
          ClusterCollection collection = plan.collection(database, name);
          collection.shards().forEach(shard -> readShards.computeIfAbsent(collection.serverOf(shard), s -> new ArrayList<>()).add(shard));
        }
        Map<String, String> localIds = new LinkedHashMap<>();
        java.util.Set<String> servers = new java.util.LinkedHashSet<>(writeShards.keySet());
        servers.addAll(readShards.keySet());
        for (String server : servers) {
          localIds.put(server, dbServers.get(server).transactions()
              .begin(database, writeShards.getOrDefault(server, List.of()), readShards.getOrDefault(server, List.of()), waitForSync).id());
        }
        ClusterTransaction transaction = new ClusterTransaction(Long.toString(ids.next()), localIds);
        transactions.put(transaction.id, transaction);
        return new State(transaction.id, transaction.status);
      }

      @Override
      public State status(String id) {
        ClusterTransaction transaction = transaction(id);
        return new State(id, transaction.status);
      }

      @Override
      public State commit(String id) {
        ClusterTransaction transaction = transaction(id);
        synchronized (transaction) {
          if (transaction.status.equals("aborted")) {
            throw new ArangoError(400, 1653, "transaction '" + id + "' is aborted");
          }
          if (transaction.status.equals("running")) {
            try {
              transaction.localIds.forEach((server, local) -> dbServers.get(server).transactions().commit(local));
              transaction.status = "committed";
            } catch (ArangoError conflict) {
              transaction.status = "aborted";
              transaction.localIds.forEach((server, local) -> {
                if (dbServers.get(server).transactions().get(local).status().equals("running")) {
                  dbServers.get(server).transactions().abort(local);
                }
              });
              throw conflict;
            }
          }
          return new State(id, transaction.status);
        }
      }

      @Override
      public State abort(String id) {
        ClusterTransaction transaction = transaction(id);
        synchronized (transaction) {
          if (transaction.status.equals("committed")) {
            throw new ArangoError(400, 1653, "transaction '" + id + "' is committed");
          }
          if (transaction.status.equals("running")) {
            transaction.localIds.forEach((server, local) -> dbServers.get(server).transactions().abort(local));
            transaction.status = "aborted";
          }
          return new State(id, transaction.status);
        }
      }

      @Override
      public List<State> running() {
        List<State> running = new ArrayList<>();
        transactions.values().forEach(t -> {
          if (t.status.equals("running")) {
            running.add(new State(t.id, t.status));
          }
        });
        return running;
      }
    };
  }

  @Override
  public List<Outcome> insert(DocumentTarget target, List<JsonNode> documents, Options options, boolean array) {
    return insert((ClusterCollection) target, documents, options, array, false);
  }

  @Override
  public List<Outcome> insertAllOrNothing(DocumentTarget target, List<JsonNode> documents, Options options) {
    // All or nothing per shard; a failure on a later shard does not undo an earlier shard.
    return insert((ClusterCollection) target, documents, options, true, true);
  }

  private List<Outcome> insert(ClusterCollection collection, List<JsonNode> documents, Options options, boolean array, boolean allOrNothing) {
    Outcome[] outcomes = new Outcome[documents.size()];
    Map<String, List<Integer>> byShard = new LinkedHashMap<>();
    List<JsonNode> prepared = new ArrayList<>(documents.size());
    for (int i = 0; i < documents.size(); i++) {
      JsonNode document = documents.get(i);
      prepared.add(document);
      if (!document.isObject()) {
        outcomes[i] = failed(400, ArangoError.DOCUMENT_TYPE_INVALID, "invalid document type");
        continue;
      }
      ObjectNode copy = (ObjectNode) document;
      if (copy.has("_key")) {
        if (!collection.keyOptions().path("allowUserKeys").asBoolean(true) && options.overwriteMode() == null) {
          outcomes[i] = failed(400, ArangoError.DOCUMENT_KEY_UNEXPECTED, "must not specify _key for this collection");
          continue;
        }
      } else {
        copy = document.deepCopy();
        copy.put("_key", generateKey(collection));
        prepared.set(i, copy);
      }
      byShard.computeIfAbsent(shardFor(collection, copy), shard -> new ArrayList<>()).add(i);
    }
    byShard.forEach((shard, indexes) -> {
      List<JsonNode> part = new ArrayList<>();
      indexes.forEach(index -> part.add(prepared.get(index)));
      Collection target = shard(collection, shard);
      Options shardOptions = forServer(options, collection.serverOf(shard));
      List<Outcome> answers = allOrNothing
          ? documentsOf(collection, shard).insertAllOrNothing(target, part, shardOptions)
          : documentsOf(collection, shard).insert(target, part, shardOptions, array);
      for (int j = 0; j < answers.size(); j++) {
        outcomes[indexes.get(j)] = answers.get(j);
      }
    });
    return Arrays.asList(outcomes);
  }

  private String generateKey(ClusterCollection collection) {
    switch (collection.keyOptions().path("type").asText("traditional")) {
      case "uuid":
        return UUID.randomUUID().toString();
      case "padded":
        return String.format("%016x", ids.next());
      default:
        return Long.toString(ids.next());
    }
  }

  @Override
  public List<Outcome> replace(DocumentTarget target, List<JsonNode> documents, List<String> keys, Options options, boolean array) {
    return byKey((ClusterCollection) target, documents, keys,
        (shard, part) -> documentsOf((ClusterCollection) target, shard).replace(shard((ClusterCollection) target, shard),
            part.documents, part.keys, forServer(options, ((ClusterCollection) target).serverOf(shard)), array));
  }

  @Override
  public List<Outcome> update(DocumentTarget target, List<JsonNode> documents, List<String> keys, Options options, boolean array) {
    return byKey((ClusterCollection) target, documents, keys,
        (shard, part) -> documentsOf((ClusterCollection) target, shard).update(shard((ClusterCollection) target, shard),
            part.documents, part.keys, forServer(options, ((ClusterCollection) target).serverOf(shard)), array));
  }

  @Override
  public List<Outcome> remove(DocumentTarget target, List<JsonNode> selectors, Options options, boolean array) {
    List<String> keys = new ArrayList<>();
    for (JsonNode selector : selectors) {
      String key = selector.isTextual() ? selector.asText() : selector.path("_key").asText(null);
      if (key != null && key.contains("/")) {
        key = key.substring(key.indexOf('/') + 1);
      }
      keys.add(key);
    }
    return byKey((ClusterCollection) target, selectors, keys,
        (shard, part) -> documentsOf((ClusterCollection) target, shard).remove(shard((ClusterCollection) target, shard),
            part.documents, forServer(options, ((ClusterCollection) target).serverOf(shard)), array));
  }

  private static final class Part {
    final List<JsonNode> documents = new ArrayList<>();
    final List<String> keys = new ArrayList<>();
    final List<Integer> indexes = new ArrayList<>();
  }

  private interface ShardCall {
    List<Outcome> apply(String shard, Part part);
  }

  /** Routes each element by its key; a key that is nowhere answers 404/1202 like a shard would. */
  private List<Outcome> byKey(ClusterCollection collection, List<JsonNode> documents, List<String> keys, ShardCall call) {
    Outcome[] outcomes = new Outcome[documents.size()];
    Map<String, Part> parts = new LinkedHashMap<>();
    for (int i = 0; i < documents.size(); i++) {
      String key = keys.get(i);
      if (key == null || !DocumentKeys.isValid(key)) {
        outcomes[i] = failed(400, ArangoError.DOCUMENT_HANDLE_BAD, "invalid document handle");
        continue;
      }
      String shard = shardOfKey(collection, key);
      if (shard == null) {
        outcomes[i] = failed(404, ArangoError.DOCUMENT_NOT_FOUND, "document not found");
        continue;
      }
      Part part = parts.computeIfAbsent(shard, s -> new Part());
      part.documents.add(documents.get(i));
      part.keys.add(key);
      part.indexes.add(i);
    }
    parts.forEach((shard, part) -> {
      List<Outcome> answers = call.apply(shard, part);
      for (int j = 0; j < answers.size(); j++) {
        outcomes[part.indexes.get(j)] = answers.get(j);
      }
    });
    return Arrays.asList(outcomes);
  }

  @Override
  public void truncate(String database, String name) {
    ClusterCollection collection = plan.collection(database, name);
    for (String shard : collection.shards()) {
      dbServers.get(collection.serverOf(shard)).truncate(database, shard);
    }
  }

  @Override
  public List<ObjectNode> all(DocumentTarget target) {
    ClusterCollection collection = (ClusterCollection) target;
    List<ObjectNode> documents = new ArrayList<>();
    for (String shard : collection.shards()) {
      documents.addAll(documentsOf(collection, shard).all(shard(collection, shard)));
    }
    return documents;
  }

  /** The number of documents over all shards. */
  long count(ClusterCollection collection) {
    long count = 0;
    for (String shard : collection.shards()) {
      count += shard(collection, shard).documentCount();
    }
    return count;
  }

  private static Outcome failed(int status, int errorNum, String message) {
    return new Outcome(null, new ArangoError(status, errorNum, message), null, null, null, Documents.Kind.FAILED);
  }
}
