package org.arangosync.arangodb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.arangosync.api.Tick;
import org.arangosync.api.spi.store.Change;
import org.arangosync.api.spi.store.ChangeSink;
import org.arangosync.api.spi.store.ClusterStore;
import org.arangosync.api.spi.store.CollectionInfo;
import org.arangosync.api.spi.store.KeyChunk;
import org.arangosync.api.spi.store.KeyRevision;
import org.arangosync.api.spi.store.ShardLocation;
import org.arangosync.api.spi.store.ShardRef;
import org.arangosync.api.spi.store.Snapshot;
import org.arangosync.api.spi.store.TailResult;
import org.arangosync.arangodb.internal.MarkerParser;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;

/**
 * {@link ClusterStore} over ArangoDB's HTTP API: structure from the coordinators
 * ({@code clusterInventory}, {@code /_api/collection/<c>/shards?details=true},
 * {@code /_admin/cluster/health}), snapshots, dumps and WAL tails straight from the shard leader's
 * DB-Server with the cluster's superuser token, as ArangoSync's workers do. A single server is its
 * own "DB-Server" and its collections are their own shard 0.
 *
 * <p>Dump chunks and tail answers are bounded by their chunk size, so memory stays constant
 * whatever the shard's size.
 */
@Component(configurationPid = ArangoConfiguration.PID, configurationPolicy = ConfigurationPolicy.REQUIRE, service = ClusterStore.class,
    property = "arangosync.store=arangodb")
@Designate(ocd = ArangoConfiguration.class, factory = true)
public final class ArangoClusterStore implements ClusterStore {

  /** ArangoDB's dump and tail chunk size: large enough to amortise requests, small enough to hold. */
  public static final long DEFAULT_CHUNK_BYTES = 4L * 1024 * 1024;

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SINGLE_SERVER = "SNGL";

  private final ArangoConnection connection;
  private final Map<String, URI> serverEndpoints = new ConcurrentHashMap<>();

  public ArangoClusterStore(ArangoConnection connection) {
    this.connection = connection;
  }

  /**
   * As an OSGi service: one per factory configuration of {@code org.arangosync.arangodb}. Sends no
   * request yet, so an unreachable cluster makes calls fail, not the activation.
   */
  @Activate
  public ArangoClusterStore(ArangoConfiguration configuration) {
    this(ArangoConnection.open(ConnectionSettings.from(configuration)));
  }

  private static String db(String database) {
    return "/_db/" + URLEncoder.encode(database, StandardCharsets.UTF_8);
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  @Override
  public List<String> databases() {
    List<String> names = new ArrayList<>();
    connection.json("GET", "/_api/database", null, true).path("result").forEach(name -> names.add(name.asText()));
    return names;
  }

  @Override
  public List<CollectionInfo> collections(String database) {
    ArangoConnection.Answer answer = connection.exchange("GET", null, db(database) + "/_api/replication/clusterInventory", null, true);
    JsonNode inventory;
    if (answer.status() == 403 || answer.status() == 501) {
      inventory = singleServerInventory(database);
    } else {
      inventory = ArangoConnection.requireSuccess(answer);
    }
    List<CollectionInfo> collections = new ArrayList<>();
    for (JsonNode entry : inventory.path("collections")) {
      JsonNode parameters = entry.path("parameters");
      List<String> shardKeys = new ArrayList<>();
      parameters.path("shardKeys").forEach(key -> shardKeys.add(key.asText()));
      if (shardKeys.isEmpty()) {
        shardKeys.add("_key");
      }
      List<String> indexes = new ArrayList<>();
      entry.path("indexes").forEach(index -> indexes.add(index.toString()));
      collections.add(new CollectionInfo(database, parameters.path("name").asText(), parameters.path("id").asText(),
          parameters.path("globallyUniqueId").asText(), parameters.path("type").asInt(2), parameters.path("isSystem").asBoolean(false),
          parameters.path("numberOfShards").asInt(1), shardKeys, parameters.toString(), indexes));
    }
    return collections;
  }

  @Override
  public List<String> views(String database) {
    List<String> views = new ArrayList<>();
    for (JsonNode view : connection.json("GET", db(database) + "/_api/view", null, true).path("result")) {
      JsonNode properties = connection.json("GET", db(database) + "/_api/view/" + encode(view.path("name").asText()) + "/properties",
          null, true);
      ObjectNode definition = properties.deepCopy();
      definition.remove(List.of("error", "code"));
      views.add(definition.toString());
    }
    return views;
  }

  @Override
  public void createView(String database, String definition) {
    ObjectNode view;
    try {
      view = (ObjectNode) JSON.readTree(definition);
    } catch (IOException | ClassCastException e) {
      throw new IllegalArgumentException("a view definition must be a JSON object: " + definition, e);
    }
    view.remove(List.of("id", "globallyUniqueId", "error", "code"));
    ArangoConnection.Answer answer = connection.exchange("POST", null, db(database) + "/_api/view", ArangoConnection.bytes(view), false);
    if (answer.status() != 409) { // 1207: it exists already
      ArangoConnection.requireSuccess(answer);
    }
  }

  @Override
  public void dropView(String database, String name) {
    ArangoConnection.Answer answer = connection.exchange("DELETE", null, db(database) + "/_api/view/" + encode(name), null, true);
    if (answer.status() != 404) {
      ArangoConnection.requireSuccess(answer);
    }
  }

  @Override
  public boolean readOnly() {
    return "readonly".equals(connection.json("GET", "/_admin/server/mode", null, true).path("mode").asText());
  }

  @Override
  public void setReadOnly(boolean readOnly) {
    connection.json("PUT", "/_admin/server/mode", JSON.createObjectNode().put("mode", readOnly ? "readonly" : "default"), true);
  }

  /** A single server has no clusterInventory: its inventory comes with a short-lived batch. */
  private JsonNode singleServerInventory(String database) {
    ObjectNode ttl = JSON.createObjectNode().put("ttl", 60);
    String batchId = connection.json("POST", db(database) + "/_api/replication/batch", ttl, false).path("id").asText();
    try {
      return connection.json("GET", db(database) + "/_api/replication/inventory?includeSystem=true&batchId=" + batchId, null, true);
    } finally {
      connection.exchange("DELETE", null, db(database) + "/_api/replication/batch/" + batchId, null, true);
    }
  }

  @Override
  public ShardLocation locate(ShardRef shard) {
    String path = db(shard.database()) + "/_api/collection/" + encode(shard.collection()) + "/shards?details=true";
    ArangoConnection.Answer answer = connection.exchange("GET", null, path, null, true);
    if (answer.status() == 404 && ArangoConnection.errorNumOf(answer) != 1203 || answer.status() == 501 || answer.status() == 403) {
      // A single server: the collection is its own only shard.
      if (shard.shardIndex() != 0) {
        throw new ArangoException("a single server has only shard 0 of " + shard.collection(), 0, 0, path, false, null);
      }
      return new ShardLocation(shard, shard.collection(), SINGLE_SERVER, connection.endpoints().get(0));
    }
    JsonNode shards = ArangoConnection.requireSuccess(answer).path("shards");
    List<String> names = new ArrayList<>();
    shards.fieldNames().forEachRemaining(names::add);
    names.sort((a, b) -> Long.compare(shardNumber(a), shardNumber(b)));
    if (shard.shardIndex() >= names.size()) {
      throw new ArangoException(shard.collection() + " has " + names.size() + " shards, not " + (shard.shardIndex() + 1), 0, 0, path,
          false, null);
    }
    String name = names.get(shard.shardIndex());
    String server = shards.path(name).path(0).asText();
    return new ShardLocation(shard, name, server, endpointOf(server));
  }

  private static long shardNumber(String shardName) {
    try {
      return Long.parseLong(shardName.substring(1));
    } catch (NumberFormatException | IndexOutOfBoundsException e) {
      return Long.MAX_VALUE;
    }
  }

  private URI endpointOf(String serverId) {
    URI known = serverEndpoints.get(serverId);
    if (known != null) {
      return known;
    }
    connection.json("GET", "/_admin/cluster/health", null, true).path("Health").fields().forEachRemaining(server ->
        serverEndpoints.put(server.getKey(), ConnectionSettings.normalise(URI.create(server.getValue().path("Endpoint").asText()))));
    URI endpoint = serverEndpoints.get(serverId);
    if (endpoint == null) {
      throw new ArangoException("the cluster does not know server " + serverId, 0, 0, "/_admin/cluster/health", false, null);
    }
    return endpoint;
  }

  @Override
  public Snapshot snapshot(ShardLocation location, Duration timeToLive) {
    ObjectNode body = JSON.createObjectNode().put("ttl", Math.max(1, timeToLive.toSeconds()));
    JsonNode batch = connection.json(location.serverEndpoint(), "POST", db(location.shard().database()) + "/_api/replication/batch", body,
        false);
    String tick = batch.path("lastTick").asText(null);
    if (tick == null) {
      throw new ArangoException("a batch answer without lastTick", ArangoException.INVALID_RESPONSE, 200,
          location.serverEndpoint() + "/_api/replication/batch", false, null);
    }
    return new Snapshot(location, batch.path("id").asText(), Tick.parse(tick));
  }

  @Override
  public void extend(Snapshot snapshot, Duration timeToLive) {
    ObjectNode body = JSON.createObjectNode().put("ttl", Math.max(1, timeToLive.toSeconds()));
    ArangoConnection.requireSuccess(connection.exchange("PUT", snapshot.location().serverEndpoint(),
        db(snapshot.location().shard().database()) + "/_api/replication/batch/" + snapshot.batchId(), ArangoConnection.bytes(body), true));
  }

  @Override
  public void release(Snapshot snapshot) {
    String keysId = keyContexts.remove(keyContextId(snapshot));
    if (keysId != null) {
      connection.exchange("DELETE", snapshot.location().serverEndpoint(), keysPath(snapshot) + "/" + keysId, null, true);
    }
    ArangoConnection.Answer answer = connection.exchange("DELETE", snapshot.location().serverEndpoint(),
        db(snapshot.location().shard().database()) + "/_api/replication/batch/" + snapshot.batchId(), null, true);
    if (answer.status() != 404) { // already expired or released: the goal is reached
      ArangoConnection.requireSuccess(answer);
    }
  }

  @Override
  public long dump(Snapshot snapshot, ChangeSink sink) {
    ShardLocation location = snapshot.location();
    String path = db(location.shard().database()) + "/_api/replication/dump?collection=" + encode(location.shardName())
        + "&batchId=" + snapshot.batchId() + "&chunkSize=" + DEFAULT_CHUNK_BYTES;
    long documents = 0;
    while (true) {
      ArangoConnection.Answer answer = connection.exchange("GET", location.serverEndpoint(), path, null, true);
      if (answer.status() == 204) {
        return documents;
      }
      ArangoConnection.requireSuccess(answer);
      String checkMore = requireHeader(answer, "x-arango-replication-checkmore");
      List<Change> changes = parseAll(answer);
      for (Change change : changes) {
        if (change.type() != Change.DOCUMENT) {
          throw protocol(answer, "a dump line of type " + change.type() + " (expected 2300)");
        }
      }
      changes.forEach(sink::accept);
      documents += changes.size();
      if (!Boolean.parseBoolean(checkMore)) {
        return documents;
      }
    }
  }

  /** Keys contexts of snapshots (see {@link #keyContextId} → keys id), made on the first keyChunks call. */
  private final Map<String, String> keyContexts = new ConcurrentHashMap<>();

  /** Batch ids are only unique per DB-Server: two shards on two servers may have the same one. */
  private static String keyContextId(Snapshot snapshot) {
    return snapshot.location().serverEndpoint() + " " + snapshot.batchId();
  }

  private String keysPath(Snapshot snapshot) {
    return db(snapshot.location().shard().database()) + "/_api/replication/keys";
  }

  @Override
  public List<KeyChunk> keyChunks(Snapshot snapshot, int chunkSize) {
    String keysId = keyContexts.computeIfAbsent(keyContextId(snapshot), id -> connection.json(snapshot.location().serverEndpoint(), "POST",
        keysPath(snapshot) + "?collection=" + encode(snapshot.location().shardName()) + "&batchId=" + snapshot.batchId(), null, false)
        .path("id").asText());
    JsonNode chunks = connection.json(snapshot.location().serverEndpoint(), "GET", keysPath(snapshot) + "/" + keysId + "?chunkSize="
        + chunkSize, null, true);
    List<KeyChunk> result = new ArrayList<>();
    for (JsonNode chunk : chunks) {
      result.add(new KeyChunk(result.size(), chunk.path("low").asText(), chunk.path("high").asText(), chunk.path("hash").asText()));
    }
    return result;
  }

  private String chunkPath(Snapshot snapshot, KeyChunk chunk, int chunkSize, String type) {
    String keysId = keyContexts.get(keyContextId(snapshot));
    if (keysId == null) {
      throw new IllegalStateException("call keyChunks for snapshot " + snapshot.batchId() + " first");
    }
    return keysPath(snapshot) + "/" + keysId + "?type=" + type + "&chunk=" + chunk.index() + "&chunkSize=" + chunkSize + "&low="
        + encode(chunk.low());
  }

  @Override
  public List<KeyRevision> chunkKeys(Snapshot snapshot, KeyChunk chunk, int chunkSize) {
    JsonNode pairs = connection.json(snapshot.location().serverEndpoint(), "PUT", chunkPath(snapshot, chunk, chunkSize, "keys"), null, true);
    List<KeyRevision> keys = new ArrayList<>();
    for (JsonNode pair : pairs) {
      keys.add(new KeyRevision(pair.path(0).asText(), pair.path(1).asText()));
    }
    return keys;
  }

  @Override
  public List<Change> chunkDocuments(Snapshot snapshot, KeyChunk chunk, int chunkSize, List<Integer> positions) {
    Change[] documents = new Change[positions.size()];
    int offset = 0;
    // ArangoDB may cut a large answer short (null entries from the cut on): ask again from there.
    while (offset < positions.size()) {
      ArrayNode wanted = JSON.createArrayNode();
      positions.forEach(wanted::add);
      JsonNode answer = connection.json(snapshot.location().serverEndpoint(), "PUT",
          chunkPath(snapshot, chunk, chunkSize, "docs") + "&offset=" + offset, wanted, true);
      int next = offset;
      for (int i = offset; i < positions.size() && i < answer.size(); i++) {
        JsonNode document = answer.get(i);
        if (document == null || document.isNull()) {
          break;
        }
        documents[i] = new Change(Tick.ZERO, Change.DOCUMENT, "0", document.path("_key").asText(), document.path("_rev").asText(),
            ArangoConnection.bytes(document));
        next = i + 1;
      }
      if (next == offset) {
        throw new ArangoException("the keys API answered no documents from position " + offset, ArangoException.INVALID_RESPONSE, 200,
            snapshot.location().serverEndpoint() + keysPath(snapshot), false, null);
      }
      offset = next;
    }
    return java.util.Arrays.asList(documents);
  }

  @Override
  public TailResult tail(ShardLocation location, Tick from, long chunkBytes, ChangeSink sink) {
    String path = db(location.shard().database()) + "/_api/wal/tail?from=" + from + "&chunkSize=" + chunkBytes
        + "&collection=" + encode(location.shardName()) + "&includeSystem=true";
    ArangoConnection.Answer answer = connection.exchange("GET", location.serverEndpoint(), path, null, true);
    if (answer.status() != 200 && answer.status() != 204) {
      ArangoConnection.requireSuccess(answer);
    }
    Tick lastIncluded = Tick.parse(requireHeader(answer, "x-arango-replication-lastincluded"));
    Tick lastTick = Tick.parse(requireHeader(answer, "x-arango-replication-lasttick"));
    String scannedHeader = answer.header("x-arango-replication-lastscanned");
    Tick lastScanned = scannedHeader == null ? lastIncluded : Tick.parse(scannedHeader);
    boolean fromPresent = !"false".equals(answer.header("x-arango-replication-frompresent"));
    boolean checkMore = Boolean.parseBoolean(answer.header("x-arango-replication-checkmore"));
    List<Change> changes = answer.status() == 204 ? List.of() : parseAll(answer);
    // Everything is checked before anything reaches the sink: a broken answer applies nothing.
    Tick previous = from;
    for (Change change : changes) {
      if (!change.tick().isAfter(previous)) {
        throw protocol(answer, "tick " + change.tick() + " does not come after " + previous);
      }
      previous = change.tick();
    }
    if (!changes.isEmpty() && !previous.equals(lastIncluded)) {
      throw protocol(answer, "x-arango-replication-lastincluded is " + lastIncluded + " but the last marker is " + previous);
    }
    changes.forEach(sink::accept);
    // ArangoDB's own loop (TailingSyncer): continue after lastIncluded, or skip what was scanned and filtered.
    Tick next = from;
    if (lastIncluded.isAfter(from)) {
      next = lastIncluded;
    } else if (lastScanned.isAfter(from)) {
      next = new Tick(lastScanned.value() - 1);
    }
    return new TailResult(lastIncluded, lastScanned, lastTick, fromPresent, checkMore, next);
  }

  // ------------------------------------------------------------------------------------ write side

  /** At most this many bytes of documents go into one array request. */
  private static final int MAX_APPLY_BYTES = 4 * 1024 * 1024;

  @Override
  public void apply(String database, String collection, List<Change> changes) {
    applyRuns(database, collection, changes, null);
  }

  @Override
  public void applyAtomically(String database, String collection, List<Change> changes) {
    ObjectNode begin = JSON.createObjectNode();
    begin.putObject("collections").putArray("write").add(collection);
    String transaction = connection.json("POST", db(database) + "/_api/transaction/begin", begin, false).path("result").path("id").asText();
    boolean committed = false;
    try {
      applyRuns(database, collection, changes, transaction);
      connection.json("PUT", db(database) + "/_api/transaction/" + transaction, null, false);
      committed = true;
    } finally {
      if (!committed) {
        connection.exchange("DELETE", null, db(database) + "/_api/transaction/" + transaction, null, true);
      }
    }
  }

  /**
   * Consecutive upserts go out as one array insert with overwriteMode=replace, consecutive
   * removals as one array removal; the order of runs is kept, so the last change of a key wins.
   * Upserts carry {@code isRestore=true}: the target keeps the source's {@code _rev}, as ArangoDB's
   * own replication does, so that both sides can be compared by key and revision.
   */
  private void applyRuns(String database, String collection, List<Change> changes, String transaction) {
    List<Change> run = new ArrayList<>();
    int runType = 0;
    int runBytes = 0;
    for (Change change : changes) {
      if (!change.isDocument()) {
        continue;
      }
      int size = change.data() == null ? 32 : change.data().length;
      if (!run.isEmpty() && (change.type() != runType || runBytes + size > MAX_APPLY_BYTES)) {
        send(database, collection, run, runType, transaction);
        run.clear();
        runBytes = 0;
      }
      run.add(change);
      runType = change.type();
      runBytes += size;
    }
    if (!run.isEmpty()) {
      send(database, collection, run, runType, transaction);
    }
  }

  private void send(String database, String collection, List<Change> run, int type, String transaction) {
    java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
    body.write('[');
    for (int i = 0; i < run.size(); i++) {
      if (i > 0) {
        body.write(',');
      }
      Change change = run.get(i);
      if (type == Change.DOCUMENT) {
        if (change.data() == null) {
          throw new IllegalArgumentException("an upsert of " + change.key() + " without its document");
        }
        body.write(change.data(), 0, change.data().length);
      } else {
        byte[] key = JSON.getNodeFactory().textNode(change.key()).toString().getBytes(StandardCharsets.UTF_8);
        body.write(key, 0, key.length);
      }
    }
    body.write(']');
    String path = db(database) + "/_api/document/" + encode(collection)
        + (type == Change.DOCUMENT ? "?overwriteMode=replace&isRestore=true&silent=true" : "?ignoreRevs=true&silent=true");
    String method = type == Change.DOCUMENT ? "POST" : "DELETE";
    ArangoConnection.Answer answer = transaction == null
        ? connection.exchange(method, null, path, body.toByteArray(), true)
        : connection.exchangeInTransaction(method, path, body.toByteArray(), transaction);
    JsonNode results = ArangoConnection.requireSuccess(answer);
    for (int i = 0; i < results.size(); i++) {
      JsonNode result = results.get(i);
      if (result.path("error").asBoolean(false)) {
        int errorNum = result.path("errorNum").asInt();
        if (type == Change.REMOVE && errorNum == 1202) {
          continue; // removing what is not there: the goal is reached
        }
        throw new ArangoException("the cluster refused a change: " + result.path("errorMessage").asText(), errorNum, answer.status(),
            answer.url().toString(), false, null);
      }
    }
  }

  @Override
  public void createDatabase(String name) {
    ObjectNode body = JSON.createObjectNode().put("name", name);
    ArangoConnection.Answer answer = connection.exchange("POST", null, "/_api/database", ArangoConnection.bytes(body), false);
    if (answer.status() != 409) { // 1207: it exists already
      ArangoConnection.requireSuccess(answer);
    }
  }

  @Override
  public void dropDatabase(String name) {
    ArangoConnection.Answer answer = connection.exchange("DELETE", null, "/_api/database/" + encode(name), null, true);
    if (answer.status() != 404) {
      ArangoConnection.requireSuccess(answer);
    }
  }

  /** The properties a collection is created with, taken from the source's. */
  private static final List<String> CREATE_PROPERTIES = List.of("type", "waitForSync", "keyOptions", "schema", "computedValues",
      "cacheEnabled", "numberOfShards", "shardKeys", "replicationFactor", "writeConcern", "isSystem", "distributeShardsLike");

  @Override
  public void createCollection(CollectionInfo source) {
    JsonNode properties;
    try {
      properties = JSON.readTree(source.properties());
    } catch (IOException e) {
      throw new IllegalArgumentException("the source collection's properties are not JSON: " + e.getMessage(), e);
    }
    ObjectNode body = JSON.createObjectNode().put("name", source.name());
    for (String property : CREATE_PROPERTIES) {
      JsonNode value = properties.get(property);
      if (value != null && !value.isNull()) {
        body.set(property, value.deepCopy());
      }
    }
    if (body.get("keyOptions") instanceof ObjectNode keyOptions) {
      keyOptions.remove("lastValue");
    }
    body.put("numberOfShards", source.numberOfShards());
    ArrayNode shardKeys = body.putArray("shardKeys");
    source.shardKeys().forEach(shardKeys::add);
    ArangoConnection.Answer answer = connection.exchange("POST", null, db(source.database()) + "/_api/collection",
        ArangoConnection.bytes(body), false);
    if (answer.status() != 409) { // 1207: it exists already
      ArangoConnection.requireSuccess(answer);
    }
    for (String index : source.indexes()) {
      createIndex(source.database(), source.name(), index);
    }
  }

  @Override
  public void dropCollection(String database, String name) {
    ArangoConnection.Answer answer = connection.exchange("DELETE", null, db(database) + "/_api/collection/" + encode(name) + "?isSystem=true",
        null, true);
    if (answer.status() != 404) {
      ArangoConnection.requireSuccess(answer);
    }
  }

  /** The properties a collection may change after creation. */
  private static final List<String> ALTERABLE = List.of("waitForSync", "schema", "cacheEnabled", "computedValues", "replicationFactor",
      "writeConcern");

  @Override
  public void alterCollection(String database, String name, String properties) {
    JsonNode source;
    try {
      source = JSON.readTree(properties);
    } catch (IOException e) {
      throw new IllegalArgumentException("collection properties must be JSON: " + properties, e);
    }
    ObjectNode changes = JSON.createObjectNode();
    for (String property : ALTERABLE) {
      if (source.has(property)) {
        changes.set(property, source.get(property));
      }
    }
    connection.json("PUT", db(database) + "/_api/collection/" + encode(name) + "/properties", changes, true);
  }

  @Override
  public void renameCollection(String database, String name, String newName) {
    ObjectNode body = JSON.createObjectNode().put("name", newName);
    connection.json("PUT", db(database) + "/_api/collection/" + encode(name) + "/rename", body, false);
  }

  @Override
  public void truncateCollection(String database, String name) {
    connection.json("PUT", db(database) + "/_api/collection/" + encode(name) + "/truncate", null, true);
  }

  @Override
  public void dropIndex(String database, String collection, String indexName) {
    ArangoConnection.Answer answer = connection.exchange("DELETE", null,
        db(database) + "/_api/index/" + encode(collection) + "/" + encode(indexName), null, true);
    if (answer.status() != 404) {
      ArangoConnection.requireSuccess(answer);
    }
  }

  @Override
  public void saveUser(String name, String password, boolean active, Map<String, String> grants) {
    ObjectNode user = JSON.createObjectNode().put("user", name).put("passwd", password).put("active", active);
    ArangoConnection.Answer created = connection.exchange("POST", null, "/_api/user", ArangoConnection.bytes(user), false);
    if (created.status() == 409) { // 1702: it exists, so update it
      user.remove("user");
      connection.json("PATCH", "/_api/user/" + encode(name), user, true);
    } else {
      ArangoConnection.requireSuccess(created);
    }
    for (Map.Entry<String, String> grant : grants.entrySet()) {
      String[] target = grant.getKey().split("/", 2);
      String path = "/_api/user/" + encode(name) + "/database/" + encode(target[0]) + (target.length > 1 ? "/" + encode(target[1]) : "");
      connection.json("PUT", path, JSON.createObjectNode().put("grant", grant.getValue()), true);
    }
  }

  @Override
  public void dropUser(String name) {
    ArangoConnection.Answer answer = connection.exchange("DELETE", null, "/_api/user/" + encode(name), null, true);
    if (answer.status() != 404) {
      ArangoConnection.requireSuccess(answer);
    }
  }

  @Override
  public void createIndex(String database, String collection, String indexDefinition) {
    ObjectNode index;
    try {
      index = (ObjectNode) JSON.readTree(indexDefinition);
    } catch (IOException | ClassCastException e) {
      throw new IllegalArgumentException("an index definition must be a JSON object: " + indexDefinition, e);
    }
    index.remove(List.of("id", "objectId", "isNewlyCreated", "selectivityEstimate", "figures", "error", "code"));
    // POST /_api/index answers 200 for an equal existing index, so repeating this is harmless.
    connection.json("POST", db(database) + "/_api/index?collection=" + encode(collection), index, true);
  }

  private static List<Change> parseAll(ArangoConnection.Answer answer) {
    List<Change> changes = new ArrayList<>();
    try {
      MarkerParser.parseAll(answer.body(), changes::add);
    } catch (IOException e) {
      throw protocol(answer, "a line that is not a marker: " + e.getMessage());
    }
    return changes;
  }

  private static String requireHeader(ArangoConnection.Answer answer, String name) {
    String value = answer.header(name);
    if (value == null) {
      throw protocol(answer, "the answer has no " + name + " header");
    }
    return value;
  }

  private static ArangoException protocol(ArangoConnection.Answer answer, String what) {
    return new ArangoException("invalid replication answer: " + what, ArangoException.INVALID_RESPONSE, answer.status(),
        answer.url().toString(), false, null);
  }

  @Override
  @Deactivate
  public void close() {
    connection.close();
  }
}
