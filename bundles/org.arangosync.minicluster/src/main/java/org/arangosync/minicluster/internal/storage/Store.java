package org.arangosync.minicluster.internal.storage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.arangosync.minicluster.internal.http.ArangoError;
import org.arangosync.minicluster.internal.http.Json;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;

/**
 * The data of one server (a single server, or one DB-Server of a cluster): databases, collections,
 * views and documents in one {@link RocksEngine}, with every change recorded as a replication
 * marker in the WAL (see {@link Markers}).
 *
 * <p>Structure changes are serialised by one lock; document changes lock their collection.
 * Every change is one RocksDB write batch, so it is atomic, and a crash either keeps it whole or
 * loses it whole (an acknowledged {@code waitForSync} change is never lost).
 */
public final class Store implements AutoCloseable {

  /** The system collections every database has, as in ArangoDB 3.11. */
  public static final List<String> SYSTEM_COLLECTIONS = List.of("_analyzers", "_appbundles", "_apps",
      "_aqlfunctions", "_frontend", "_graphs", "_jobs", "_pregel_queries", "_queues");

  /** Only _system has these. */
  public static final List<String> SYSTEM_DATABASE_COLLECTIONS =
      List.of("_users", "_statistics", "_statistics15", "_statisticsRaw");

  private static final byte[] SERVER_ID_KEY = "S".getBytes(StandardCharsets.UTF_8);

  private final RocksEngine engine;
  private final TickGenerator ticks;
  private final Revisions revisions = new Revisions();
  private final long serverId;
  private final Map<String, Database> databases = new ConcurrentHashMap<>();
  private final Object structureLock = new Object();
  private final Documents documents;
  private final Transactions transactions;
  private final boolean localSystemCollections;

  /** A single server's store: every database gets its system collections. */
  public Store(Path directory, RocksEngine.WalRetention retention) throws IOException {
    this(directory, retention, true);
  }

  /**
   * @param localSystemCollections false for a DB-Server, whose databases hold only the shards the
   *     coordinator places there (system collections are cluster collections, sharded like others)
   */
  public Store(Path directory, RocksEngine.WalRetention retention, boolean localSystemCollections) throws IOException {
    this.localSystemCollections = localSystemCollections;
    engine = new RocksEngine(directory, retention);
    ticks = new TickGenerator(engine);
    serverId = loadOrCreateServerId();
    load();
    documents = new Documents(this);
    transactions = new Transactions(this, System::currentTimeMillis);
    if (!databases.containsKey("_system")) {
      createDatabase("_system", 1);
    }
  }

  public RocksEngine engine() {
    return engine;
  }

  public Documents documents() {
    return documents;
  }

  /** The stream transactions of this server. */
  public Transactions transactions() {
    return transactions;
  }

  public Revisions revisions() {
    return revisions;
  }

  public TickGenerator ticks() {
    return ticks;
  }

  /** The server id, a positive number below 2^48 (ArangoDB prints it as a decimal string). */
  public long serverId() {
    return serverId;
  }

  // ---------------------------------------------------------------------------------- databases

  public List<String> databaseNames() {
    List<String> names = new ArrayList<>(databases.keySet());
    names.sort(null);
    return names;
  }

  /** The database, or ArangoDB's 404/1228. */
  public Database database(String name) {
    Database database = databases.get(name);
    if (database == null) {
      throw ArangoError.databaseNotFound(name);
    }
    return database;
  }

  public boolean hasDatabase(String name) {
    return databases.containsKey(name);
  }

  /** Creates a database with its system collections: one 1100 marker, then one 2000 per collection. */
  public Database createDatabase(String name) {
    return createDatabase(name, 0);
  }

  /**
   * Creates a database with a given id (a DB-Server takes the id the coordinator planned), or a
   * new id when {@code fixedId} is 0.
   */
  public Database createDatabase(String name, long fixedId) {
    if (!isValidDatabaseName(name)) {
      throw new ArangoError(400, ArangoError.DATABASE_NAME_INVALID, "database name invalid");
    }
    synchronized (structureLock) {
      if (databases.containsKey(name)) {
        throw new ArangoError(409, ArangoError.DUPLICATE_NAME, "duplicate database name '" + name + "'");
      }
      long id = fixedId > 0 ? fixedId : ticks.next();
      ObjectNode definition = Json.object();
      definition.put("id", Long.toString(id));
      definition.put("name", name);
      Database database = new Database(definition);
      try (WriteBatch batch = new WriteBatch()) {
        ObjectNode header = Markers.header(Markers.DATABASE_CREATE, database);
        ObjectNode data = header.putObject("data");
        data.put("database", id);
        data.put("id", Long.toString(id));
        data.put("name", name);
        Markers.append(batch, header);
        batch.put(engine.meta(), databaseKey(name), Json.bytes(definition));
        engine.write(batch, true);
      } catch (RocksDBException e) {
        throw new StorageException("cannot create database " + name + ": " + e.getMessage(), e);
      }
      databases.put(name, database);
      if (!localSystemCollections) {
        return database;
      }
      for (String system : SYSTEM_COLLECTIONS) {
        createSystemCollection(database, system);
      }
      if (database.isSystem()) {
        for (String system : SYSTEM_DATABASE_COLLECTIONS) {
          createSystemCollection(database, system);
        }
      }
      return database;
    }
  }

  private void createSystemCollection(Database database, String name) {
    ObjectNode request = Json.object();
    request.put("name", name);
    request.put("isSystem", true);
    createCollection(database.name(), request);
  }

  /** Drops a database and everything in it: one 1101 marker. */
  public void dropDatabase(String name) {
    synchronized (structureLock) {
      Database database = database(name);
      if (database.isSystem()) {
        throw new ArangoError(403, ArangoError.FORBIDDEN, "forbidden");
      }
      try (WriteBatch batch = new WriteBatch()) {
        Markers.append(batch, Markers.header(Markers.DATABASE_DROP, database));
        batch.delete(engine.meta(), databaseKey(name));
        for (Collection collection : database.collections()) {
          deleteCollectionData(batch, collection);
        }
        for (String view : database.viewsByName.keySet()) {
          batch.delete(engine.meta(), viewKey(database, database.viewsByName.get(view)));
        }
        engine.write(batch, true);
      } catch (RocksDBException e) {
        throw new StorageException("cannot drop database " + name + ": " + e.getMessage(), e);
      }
      databases.remove(name);
    }
  }

  /** ArangoDB's traditional database names: a letter first, then letters, digits, '_' and '-'; 64 at most. */
  public static boolean isValidDatabaseName(String name) {
    if (name == null || name.isEmpty() || name.length() > 64) {
      return false;
    }
    if (name.equals("_system")) {
      return true;
    }
    if (!Character.isLetter(name.charAt(0))) {
      return false;
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (!(Character.isLetterOrDigit(c) || c == '_' || c == '-') || c > 127) {
        return false;
      }
    }
    return true;
  }

  // -------------------------------------------------------------------------------- collections

  /** The collection by name or id, or ArangoDB's 404/1203. */
  public Collection collection(String database, String nameOrId) {
    Collection collection = database(database).collection(nameOrId);
    if (collection == null) {
      throw ArangoError.collectionNotFound(nameOrId);
    }
    return collection;
  }

  /**
   * Creates a collection from a {@code POST /_api/collection} body (name, type, waitForSync,
   * keyOptions, isSystem, schema, cacheEnabled, computedValues, and the cluster properties, which
   * a single server stores and reports). One 2000 marker.
   */
  public Collection createCollection(String databaseName, ObjectNode request) {
    JsonNode nameNode = request.get("name");
    if (nameNode == null || !nameNode.isTextual()) {
      throw new ArangoError(400, ArangoError.ILLEGAL_NAME, "illegal name");
    }
    String name = nameNode.asText();
    boolean isSystem = request.path("isSystem").asBoolean(false);
    if (!isValidCollectionName(name, isSystem)) {
      throw new ArangoError(400, ArangoError.ILLEGAL_NAME, "illegal name: '" + name + "'");
    }
    int type = request.path("type").asInt(Collection.DOCUMENT);
    if (type != Collection.DOCUMENT && type != Collection.EDGE) {
      throw new ArangoError(400, ArangoError.COLLECTION_TYPE_INVALID, "invalid collection type");
    }
    ObjectNode keyOptions = keyOptions(request.get("keyOptions"));
    synchronized (structureLock) {
      Database database = database(databaseName);
      if (database.collection(name) != null || database.view(name) != null) {
        throw new ArangoError(409, ArangoError.DUPLICATE_NAME, "duplicate name: " + name);
      }
      long objectId = ticks.next();
      long id = ticks.next();
      ObjectNode definition = Json.object();
      definition.put("writeConcern", request.path("writeConcern").asInt(1));
      definition.put("waitForSync", request.path("waitForSync").asBoolean(false));
      definition.put("usesRevisionsAsDocumentIds", true);
      definition.put("syncByRevision", true);
      definition.put("id", Long.toString(id));
      definition.put("isSmartChild", false);
      definition.set("schema", request.hasNonNull("schema") ? request.get("schema") : Json.NODES.nullNode());
      definition.put("name", name);
      definition.put("type", type);
      definition.put("cacheEnabled", request.path("cacheEnabled").asBoolean(false));
      definition.put("isSystem", isSystem || name.startsWith("_"));
      definition.put("internalValidatorType", 0);
      definition.put("globallyUniqueId", isSystem || name.startsWith("_") ? name : "h" + Long.toHexString(serverId).toUpperCase(Locale.ROOT) + "/" + id);
      definition.set("keyOptions", keyOptions);
      definition.set("computedValues", request.hasNonNull("computedValues") ? request.get("computedValues") : Json.NODES.nullNode());
      definition.put("objectId", Long.toString(objectId));
      for (String clusterProperty : List.of("numberOfShards", "shardKeys", "replicationFactor", "minReplicationFactor",
          "distributeShardsLike", "shardingStrategy", "planId", "isSmart", "smartJoinAttribute", "clusterName")) {
        if (request.has(clusterProperty)) {
          definition.set(clusterProperty, request.get(clusterProperty));
        }
      }
      definition.putArray("indexes");
      Collection collection = new Collection(database, definition);
      try (WriteBatch batch = new WriteBatch()) {
        ObjectNode header = Markers.header(Markers.COLLECTION_CREATE, collection);
        header.set("data", markerData(collection));
        Markers.append(batch, header);
        batch.put(engine.meta(), collectionKey(collection), Json.bytes(definition));
        engine.write(batch, true);
      } catch (RocksDBException e) {
        throw new StorageException("cannot create collection " + name + ": " + e.getMessage(), e);
      }
      database.collectionsByName.put(name, collection);
      database.collectionsById.put(id, collection);
      return collection;
    }
  }

  /** Drops a collection with its documents and indexes: one 2001 marker. */
  public void dropCollection(String databaseName, String nameOrId, boolean allowSystem) {
    synchronized (structureLock) {
      Collection collection = collection(databaseName, nameOrId);
      if (collection.isSystem() && !allowSystem) {
        throw new ArangoError(403, ArangoError.FORBIDDEN, "forbidden");
      }
      Database database = collection.database();
      collection.writeLock().lock();
      try (WriteBatch batch = new WriteBatch()) {
        ObjectNode header = Markers.header(Markers.COLLECTION_DROP, collection);
        Markers.append(batch, header);
        deleteCollectionData(batch, collection);
        engine.write(batch, true);
      } catch (RocksDBException e) {
        throw new StorageException("cannot drop collection " + collection + ": " + e.getMessage(), e);
      } finally {
        collection.writeLock().unlock();
      }
      database.collectionsByName.remove(collection.name());
      database.collectionsById.remove(collection.id());
    }
  }

  /** The definition delete comes first: it is the operation that carries a 2001 marker. */
  private void deleteCollectionData(WriteBatch batch, Collection collection) throws RocksDBException {
    batch.delete(engine.meta(), collectionKey(collection));
    batch.deleteRange(engine.documents(), DocumentKeys.collectionStart(collection.objectId()),
        DocumentKeys.collectionEnd(collection.objectId()));
    for (ObjectNode index : collection.indexes()) {
      long indexObjectId = index.path("objectId").asLong();
      batch.deleteRange(engine.indexes(), DocumentKeys.collectionStart(indexObjectId), DocumentKeys.collectionEnd(indexObjectId));
    }
    batch.delete(engine.meta(), counterKey(collection.objectId()));
  }

  /** Renames a collection: one 2002 marker. */
  public Collection renameCollection(String databaseName, String nameOrId, String newName) {
    synchronized (structureLock) {
      Collection collection = collection(databaseName, nameOrId);
      if (collection.isSystem()) {
        throw new ArangoError(403, ArangoError.FORBIDDEN, "forbidden");
      }
      if (!isValidCollectionName(newName, false)) {
        throw new ArangoError(400, ArangoError.ILLEGAL_NAME, "illegal name: '" + newName + "'");
      }
      Database database = collection.database();
      if (database.collection(newName) != null || database.view(newName) != null) {
        throw new ArangoError(409, ArangoError.DUPLICATE_NAME, "duplicate name: " + newName);
      }
      ObjectNode definition = collection.definition().deepCopy();
      definition.put("name", newName);
      collection.writeLock().lock();
      try (WriteBatch batch = new WriteBatch()) {
        ObjectNode header = Markers.header(Markers.COLLECTION_RENAME, collection);
        header.putObject("data").put("name", newName);
        Markers.append(batch, header);
        batch.put(engine.meta(), collectionKey(collection), Json.bytes(definition));
        engine.write(batch, true);
        database.collectionsByName.remove(collection.name());
        collection.rename(newName);
        collection.redefine(definition);
        database.collectionsByName.put(newName, collection);
      } catch (RocksDBException e) {
        throw new StorageException("cannot rename " + collection + ": " + e.getMessage(), e);
      } finally {
        collection.writeLock().unlock();
      }
      return collection;
    }
  }

  /** Changes waitForSync, schema, cacheEnabled, computedValues, replicationFactor, writeConcern: one 2003 marker. */
  public Collection changeProperties(String databaseName, String nameOrId, ObjectNode changes) {
    synchronized (structureLock) {
      Collection collection = collection(databaseName, nameOrId);
      ObjectNode definition = collection.definition().deepCopy();
      for (String property : List.of("waitForSync", "schema", "cacheEnabled", "computedValues", "replicationFactor",
          "writeConcern", "minReplicationFactor")) {
        if (changes.has(property)) {
          definition.set(property, changes.get(property));
        }
      }
      writeDefinition(collection, definition, Markers.COLLECTION_CHANGE, markerDataOf(collection, definition));
      return collection;
    }
  }

  /** Removes every document: one 2004 marker. */
  public void truncate(String databaseName, String nameOrId) {
    Collection collection = collection(databaseName, nameOrId);
    collection.writeLock().lock();
    try (WriteBatch batch = new WriteBatch()) {
      Markers.append(batch, Markers.header(Markers.COLLECTION_TRUNCATE, collection));
      batch.deleteRange(engine.documents(), DocumentKeys.collectionStart(collection.objectId()),
          DocumentKeys.collectionEnd(collection.objectId()));
      for (ObjectNode index : collection.indexes()) {
        long indexObjectId = index.path("objectId").asLong();
        batch.deleteRange(engine.indexes(), DocumentKeys.collectionStart(indexObjectId), DocumentKeys.collectionEnd(indexObjectId));
      }
      batch.put(engine.meta(), counterKey(collection.objectId()), encodeCount(0));
      engine.write(batch, collection.waitForSync());
      collection.countCell().set(0);
    } catch (RocksDBException e) {
      throw new StorageException("cannot truncate " + collection + ": " + e.getMessage(), e);
    } finally {
      collection.writeLock().unlock();
    }
  }

  /** Stores a changed definition under a marker of {@code type} whose data is {@code data}. */
  void writeDefinition(Collection collection, ObjectNode definition, int type, JsonNode data) {
    collection.writeLock().lock();
    try (WriteBatch batch = new WriteBatch()) {
      ObjectNode header = Markers.header(type, collection);
      if (data != null) {
        header.set("data", data);
      }
      Markers.append(batch, header);
      batch.put(engine.meta(), collectionKey(collection), Json.bytes(definition));
      engine.write(batch, true);
      collection.redefine(definition);
    } catch (RocksDBException e) {
      throw new StorageException("cannot change " + collection + ": " + e.getMessage(), e);
    } finally {
      collection.writeLock().unlock();
    }
  }

  /**
   * ArangoDB's collection names: letters, digits, '_' and '-', starting with a letter (or '_' for
   * system collections), at most 256 characters.
   */
  public static boolean isValidCollectionName(String name, boolean allowSystem) {
    if (name == null || name.isEmpty() || name.length() > 256) {
      return false;
    }
    char first = name.charAt(0);
    boolean letter = (first >= 'a' && first <= 'z') || (first >= 'A' && first <= 'Z');
    if (!letter && !(first == '_' && allowSystem && name.length() > 1)) {
      return false;
    }
    for (int i = 1; i < name.length(); i++) {
      char c = name.charAt(i);
      if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-')) {
        return false;
      }
    }
    return true;
  }

  /** Validated keyOptions of a create request, with ArangoDB's defaults. */
  public static ObjectNode keyOptions(JsonNode requested) {
    ObjectNode options = Json.object();
    String type = requested == null ? "traditional" : requested.path("type").asText("traditional");
    if (!List.of("traditional", "autoincrement", "uuid", "padded").contains(type)) {
      throw ArangoError.badParameter("invalid key generator type '" + type + "'");
    }
    options.put("allowUserKeys", requested == null || requested.path("allowUserKeys").asBoolean(true));
    options.put("type", type);
    if (type.equals("autoincrement")) {
      options.put("increment", requested.path("increment").asLong(1));
      options.put("offset", requested.path("offset").asLong(0));
    }
    options.put("lastValue", 0);
    return options;
  }

  /** The data of a 2000 marker: the definition with ArangoDB's {@code cid} and {@code deleted}. */
  static ObjectNode markerData(Collection collection) {
    return markerDataOf(collection, collection.definition());
  }

  private static ObjectNode markerDataOf(Collection collection, ObjectNode definition) {
    ObjectNode data = definition.deepCopy();
    data.put("cid", Long.toString(collection.id()));
    data.put("deleted", false);
    data.put("version", 7);
    return data;
  }

  // ------------------------------------------------------------------------------------ loading

  private long loadOrCreateServerId() {
    byte[] stored = engine.get(engine.meta(), SERVER_ID_KEY);
    if (stored != null) {
      return ByteBuffer.wrap(stored).getLong();
    }
    long id = (new SecureRandom().nextLong() & 0xFFFF_FFFF_FFFFL) | 1L << 40;
    try (WriteBatch batch = new WriteBatch()) {
      batch.put(engine.meta(), SERVER_ID_KEY, ByteBuffer.allocate(8).putLong(id).array());
      engine.write(batch, true);
    } catch (RocksDBException e) {
      throw new StorageException("cannot store the server id: " + e.getMessage(), e);
    }
    return id;
  }

  private void load() {
    Map<Long, Database> byId = new ConcurrentHashMap<>();
    try (ReadOptions options = new ReadOptions(); RocksIterator it = engine.iterator(engine.meta(), options)) {
      for (it.seek(new byte[] {'D'}); it.isValid() && it.key()[0] == 'D'; it.next()) {
        Database database = new Database((ObjectNode) Json.parse(it.value()));
        databases.put(database.name(), database);
        byId.put(database.id(), database);
      }
      for (it.seek(new byte[] {'C'}); it.isValid() && it.key()[0] == 'C'; it.next()) {
        long databaseId = ByteBuffer.wrap(it.key(), 1, 8).getLong();
        Database database = byId.get(databaseId);
        if (database == null) {
          continue; // the database drop removed it in the same batch; nothing to load
        }
        Collection collection = new Collection(database, (ObjectNode) Json.parse(it.value()));
        database.collectionsByName.put(collection.name(), collection);
        database.collectionsById.put(collection.id(), collection);
        byte[] count = engine.get(engine.meta(), counterKey(collection.objectId()));
        collection.countCell().set(decodeCount(count));
        byte[] keyValue = engine.get(engine.meta(), keyGeneratorKey(collection.objectId()));
        if (keyValue != null) {
          collection.keyGeneratorValue().set(ByteBuffer.wrap(keyValue).getLong());
        }
      }
      for (it.seek(new byte[] {'V'}); it.isValid() && it.key()[0] == 'V'; it.next()) {
        long databaseId = ByteBuffer.wrap(it.key(), 1, 8).getLong();
        Database database = byId.get(databaseId);
        if (database != null) {
          ObjectNode view = (ObjectNode) Json.parse(it.value());
          database.viewsByName.put(view.get("name").asText(), view);
        }
      }
    }
  }

  // -------------------------------------------------------------------------------- meta keys

  static byte[] databaseKey(String name) {
    byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
    return ByteBuffer.allocate(1 + bytes.length).put((byte) 'D').put(bytes).array();
  }

  static byte[] collectionKey(Collection collection) {
    return ByteBuffer.allocate(17).put((byte) 'C').putLong(collection.database().id()).putLong(collection.id()).array();
  }

  static byte[] viewKey(Database database, ObjectNode view) {
    return ByteBuffer.allocate(17).put((byte) 'V').putLong(database.id()).putLong(view.get("id").asLong()).array();
  }

  static byte[] counterKey(long objectId) {
    return ByteBuffer.allocate(9).put((byte) 'N').putLong(objectId).array();
  }

  static byte[] keyGeneratorKey(long objectId) {
    return ByteBuffer.allocate(9).put((byte) 'K').putLong(objectId).array();
  }

  /** RocksDB's uint64add merge operator reads little-endian fixed 64-bit values. */
  static byte[] encodeCount(long delta) {
    return ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(delta).array();
  }

  static long decodeCount(byte[] stored) {
    return stored == null ? 0 : ByteBuffer.wrap(stored).order(ByteOrder.LITTLE_ENDIAN).getLong();
  }

  /** Views of a database, for the view API (create, drop, change: 2110, 2111, 2112). */
  public ObjectNode createView(String databaseName, ObjectNode request) {
    String name = request.path("name").asText("");
    if (!isValidCollectionName(name, false)) {
      throw new ArangoError(400, ArangoError.ILLEGAL_NAME, "illegal name: '" + name + "'");
    }
    String type = request.path("type").asText("");
    if (!type.equals("arangosearch") && !type.equals("search-alias")) {
      throw ArangoError.badParameter("invalid view type '" + type + "'");
    }
    synchronized (structureLock) {
      Database database = database(databaseName);
      if (database.collection(name) != null || database.view(name) != null) {
        throw new ArangoError(409, ArangoError.DUPLICATE_NAME, "duplicate name: " + name);
      }
      long id = ticks.next();
      ObjectNode view = Views.withDefaults(request);
      view.put("id", Long.toString(id));
      view.put("name", name);
      view.put("type", type);
      view.put("globallyUniqueId", "h" + Long.toHexString(serverId).toUpperCase(Locale.ROOT) + "/" + id);
      writeView(database, view, Markers.VIEW_CREATE, false);
      database.viewsByName.put(name, view);
      return view;
    }
  }

  public void dropView(String databaseName, String name) {
    synchronized (structureLock) {
      Database database = database(databaseName);
      ObjectNode view = database.view(name);
      if (view == null) {
        throw ArangoError.collectionNotFound(name);
      }
      writeView(database, view, Markers.VIEW_DROP, true);
      database.viewsByName.remove(name);
    }
  }

  public ObjectNode changeView(String databaseName, String name, ObjectNode properties, boolean replace) {
    synchronized (structureLock) {
      Database database = database(databaseName);
      ObjectNode view = database.view(name);
      if (view == null) {
        throw ArangoError.collectionNotFound(name);
      }
      ObjectNode changed = view.deepCopy();
      if (replace) {
        List<String> keep = List.of("id", "name", "type", "globallyUniqueId");
        List<String> drop = new ArrayList<>();
        changed.fieldNames().forEachRemaining(field -> {
          if (!keep.contains(field)) {
            drop.add(field);
          }
        });
        changed.remove(drop);
      }
      properties.fields().forEachRemaining(entry -> {
        if (!List.of("id", "name", "type", "globallyUniqueId").contains(entry.getKey())) {
          changed.set(entry.getKey(), entry.getValue());
        }
      });
      writeView(database, changed, Markers.VIEW_CHANGE, false);
      database.viewsByName.put(name, changed);
      return changed;
    }
  }

  /** Renames a view: one 2112 marker with the new definition. */
  public ObjectNode renameView(String databaseName, String name, String newName) {
    synchronized (structureLock) {
      Database database = database(databaseName);
      ObjectNode view = database.view(name);
      if (view == null) {
        throw ArangoError.collectionNotFound(name);
      }
      if (!isValidCollectionName(newName, false)) {
        throw new ArangoError(400, ArangoError.ILLEGAL_NAME, "illegal name: '" + newName + "'");
      }
      if (database.collection(newName) != null || database.view(newName) != null) {
        throw new ArangoError(409, ArangoError.DUPLICATE_NAME, "duplicate name: " + newName);
      }
      ObjectNode renamed = view.deepCopy();
      renamed.put("name", newName);
      writeView(database, renamed, Markers.VIEW_CHANGE, false);
      database.viewsByName.remove(name);
      database.viewsByName.put(newName, renamed);
      return renamed;
    }
  }

  private void writeView(Database database, ObjectNode view, int type, boolean delete) {
    try (WriteBatch batch = new WriteBatch()) {
      ObjectNode header = Markers.header(type, database);
      header.put("cuid", view.get("globallyUniqueId").asText());
      if (!delete) {
        header.set("data", view);
      }
      Markers.append(batch, header);
      if (delete) {
        batch.delete(engine.meta(), viewKey(database, view));
      } else {
        batch.put(engine.meta(), viewKey(database, view), Json.bytes(view));
      }
      engine.write(batch, true);
    } catch (RocksDBException e) {
      throw new StorageException("cannot write view " + view.path("name").asText() + ": " + e.getMessage(), e);
    }
  }

  /** Index definitions: stored in the collection's definition (2100 and 2101 markers). */
  public ArrayNode indexesWithPrimary(Collection collection) {
    ArrayNode all = IndexCatalog.builtIn(collection.name(), collection.isEdge());
    for (ObjectNode index : collection.indexes()) {
      all.add(publicIndex(collection, index));
    }
    return all;
  }

  /** An index as the API shows it: id qualified by the collection name, no internal object id. */
  public static ObjectNode publicIndex(Collection collection, ObjectNode stored) {
    ObjectNode shown = stored.deepCopy();
    shown.remove("objectId");
    shown.put("id", collection.name() + "/" + stored.get("id").asText());
    return shown;
  }

  /**
   * Creates an index from a {@code POST /_api/index} body, or returns the existing equal one
   * (same type, fields, unique, sparse) with {@code isNewlyCreated:false}. Unique persistent
   * indexes are filled from the existing documents; a duplicate refuses the index (1210).
   * One 2100 marker.
   */
  public ObjectNode createIndex(String databaseName, String collectionName, ObjectNode request) {
    String type = request.path("type").asText("");
    if (!List.of("persistent", "hash", "skiplist", "ttl", "geo", "fulltext", "inverted", "zkd", "mdi").contains(type)) {
      throw ArangoError.badParameter("invalid index type '" + type + "'");
    }
    if (!request.path("fields").isArray() || request.path("fields").isEmpty()) {
      throw ArangoError.badParameter("index definition needs a non-empty 'fields' array");
    }
    synchronized (structureLock) {
      Collection collection = collection(databaseName, collectionName);
      for (ObjectNode existing : collection.indexes()) {
        if (IndexCatalog.sameIndex(existing, request)) {
          ObjectNode shown = publicIndex(collection, existing);
          shown.put("isNewlyCreated", false);
          return shown;
        }
      }
      long id = ticks.next();
      ObjectNode index = Json.object();
      index.put("id", Long.toString(id));
      index.put("type", type);
      index.set("fields", request.get("fields"));
      index.put("unique", request.path("unique").asBoolean(false));
      index.put("sparse", request.path("sparse").asBoolean(false) || type.equals("geo") || type.equals("fulltext"));
      index.put("name", request.path("name").asText("idx_" + id));
      if (type.equals("persistent") || type.equals("hash") || type.equals("skiplist")) {
        index.put("deduplicate", request.path("deduplicate").asBoolean(true));
        index.put("estimates", request.path("estimates").asBoolean(true));
        index.put("cacheEnabled", request.path("cacheEnabled").asBoolean(false));
        if (request.has("storedValues")) {
          index.set("storedValues", request.get("storedValues"));
        }
      }
      for (String extra : List.of("expireAfter", "geoJson", "legacyPolygons", "minLength", "analyzer", "features",
          "includeAllFields", "trackListPositions", "primarySort", "storedValues", "fieldValueTypes", "inBackground")) {
        if (request.has(extra) && !index.has(extra)) {
          index.set(extra, request.get(extra));
        }
      }
      index.put("objectId", Long.toString(ticks.next()));
      ObjectNode definition = collection.definition().deepCopy();
      definition.withArray("indexes").add(index);
      collection.writeLock().lock();
      try (WriteBatch batch = new WriteBatch()) {
        ObjectNode header = Markers.header(Markers.INDEX_CREATE, collection);
        ObjectNode data = publicIndex(collection, index);
        data.put("id", Long.toString(id));
        header.set("data", data);
        Markers.append(batch, header);
        batch.put(engine.meta(), collectionKey(collection), Json.bytes(definition));
        if (Documents.isEnforcedUnique(index)) {
          fillUniqueIndex(batch, collection, index);
        }
        engine.write(batch, true);
        collection.redefine(definition);
      } catch (RocksDBException e) {
        throw new StorageException("cannot create an index on " + collection + ": " + e.getMessage(), e);
      } finally {
        collection.writeLock().unlock();
      }
      ObjectNode shown = publicIndex(collection, index);
      shown.put("isNewlyCreated", true);
      return shown;
    }
  }

  private void fillUniqueIndex(WriteBatch batch, Collection collection, ObjectNode index) throws RocksDBException {
    java.util.Map<java.nio.ByteBuffer, String> seen = new java.util.HashMap<>();
    try (ReadOptions options = new ReadOptions().setIterateUpperBound(new org.rocksdb.Slice(DocumentKeys.collectionEnd(collection.objectId())));
        RocksIterator it = engine.iterator(engine.documents(), options)) {
      for (it.seek(DocumentKeys.collectionStart(collection.objectId())); it.isValid(); it.next()) {
        String key = DocumentKeys.keyOf(it.key());
        byte[] entry = Documents.indexEntry(index, Json.parse(it.value()));
        if (entry == null) {
          continue;
        }
        String previous = seen.put(java.nio.ByteBuffer.wrap(entry), key);
        if (previous != null) {
          throw new ArangoError(409, ArangoError.UNIQUE_CONSTRAINT_VIOLATED,
              "unique constraint violated - in index " + index.path("name").asText() + " of type "
                  + index.path("type").asText() + "; conflicting key: " + previous);
        }
        batch.put(engine.indexes(), entry, key.getBytes(StandardCharsets.UTF_8));
      }
    }
  }

  /** Drops a user index: one 2101 marker. The primary and edge indexes cannot be dropped. */
  public void dropIndex(String databaseName, String collectionName, String indexId) {
    synchronized (structureLock) {
      Collection collection = collection(databaseName, collectionName);
      ObjectNode definition = collection.definition().deepCopy();
      ObjectNode found = IndexCatalog.remove(definition.withArray("indexes"), indexId);
      if (found == null) {
        if (indexId.equals("0") || indexId.equals("primary") || indexId.equals("2") || indexId.equals("edge")) {
          throw new ArangoError(403, ArangoError.FORBIDDEN, "cannot drop primary or edge index");
        }
        throw new ArangoError(404, ArangoError.INDEX_NOT_FOUND, "index not found");
      }
      long indexObjectId = found.path("objectId").asLong();
      collection.writeLock().lock();
      try (WriteBatch batch = new WriteBatch()) {
        ObjectNode header = Markers.header(Markers.INDEX_DROP, collection);
        header.putObject("data").put("id", found.path("id").asText());
        Markers.append(batch, header);
        batch.put(engine.meta(), collectionKey(collection), Json.bytes(definition));
        batch.deleteRange(engine.indexes(), DocumentKeys.collectionStart(indexObjectId), DocumentKeys.collectionEnd(indexObjectId));
        engine.write(batch, true);
        collection.redefine(definition);
      } catch (RocksDBException e) {
        throw new StorageException("cannot drop an index of " + collection + ": " + e.getMessage(), e);
      } finally {
        collection.writeLock().unlock();
      }
    }
  }

  Object structureLock() {
    return structureLock;
  }

  @Override
  public void close() {
    engine.close();
  }
}
