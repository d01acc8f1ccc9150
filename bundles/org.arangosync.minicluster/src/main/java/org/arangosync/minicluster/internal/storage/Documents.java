package org.arangosync.minicluster.internal.storage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.arangosync.minicluster.internal.http.ArangoError;
import org.arangosync.minicluster.internal.http.Json;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;

/**
 * Document operations of ArangoDB's document API on one collection: insert (with overwrite
 * modes), replace, update, remove and read, in single and array form.
 *
 * <p>An array operation is one transaction: one write batch framed by 2200/2201 markers, in which
 * each document succeeds or fails on its own (ArangoDB answers a result or an error per element).
 * A single-document operation is a standalone marker with tid "0". The collection's write lock is
 * held from reading the current state to writing the batch.
 */
public final class Documents {

  /**
   * The query options of a document request.
   *
   * @param transactionId the stream transaction the request runs in ({@code x-arango-trx-id}), or null
   */
  /**
   * @param isRestore keep the {@code _rev} the document brings (replication and restore write
   *     the leader's revisions, as ArangoDB's {@code isRestore=true}), instead of making a new one
   */
  public record Options(
      boolean waitForSync, boolean returnNew, boolean returnOld, boolean silent, String overwriteMode,
      boolean keepNull, boolean mergeObjects, boolean ignoreRevs, String ifMatch, String transactionId, boolean isRestore) {

    public Options(boolean waitForSync, boolean returnNew, boolean returnOld, boolean silent, String overwriteMode,
        boolean keepNull, boolean mergeObjects, boolean ignoreRevs, String ifMatch, String transactionId) {
      this(waitForSync, returnNew, returnOld, silent, overwriteMode, keepNull, mergeObjects, ignoreRevs, ifMatch, transactionId, false);
    }

    /** Options outside a stream transaction. */
    public Options(boolean waitForSync, boolean returnNew, boolean returnOld, boolean silent, String overwriteMode,
        boolean keepNull, boolean mergeObjects, boolean ignoreRevs, String ifMatch) {
      this(waitForSync, returnNew, returnOld, silent, overwriteMode, keepNull, mergeObjects, ignoreRevs, ifMatch, null);
    }

    public static Options defaults() {
      return new Options(false, false, false, false, null, true, true, true, null, null);
    }

    /** The same options inside stream transaction {@code id}. */
    public Options inTransaction(String id) {
      return new Options(waitForSync, returnNew, returnOld, silent, overwriteMode, keepNull, mergeObjects, ignoreRevs, ifMatch, id,
          isRestore);
    }

    /** The same options, keeping the revisions documents bring. */
    public Options restoring() {
      return new Options(waitForSync, returnNew, returnOld, silent, overwriteMode, keepNull, mergeObjects, ignoreRevs, ifMatch,
          transactionId, true);
    }
  }

  /**
   * The result of one element: the answer object, or an error. {@code current} is the current
   * revision of the document when the error is a revision conflict (for the 412 body and etag).
   */
  public record Outcome(ObjectNode result, ArangoError error, String id, String key, String current, Kind kind) {
    static Outcome ok(ObjectNode result, Kind kind) {
      return new Outcome(result, null, null, null, null, kind);
    }

    static Outcome failed(ArangoError error) {
      return new Outcome(null, error, null, null, null, Kind.FAILED);
    }

    static Outcome conflict(String id, String key, String currentRev) {
      return new Outcome(null, new ArangoError(412, ArangoError.CONFLICT, "conflict, _rev values do not match"), id, key,
          currentRev, Kind.FAILED);
    }

    public boolean isError() {
      return error != null;
    }
  }

  /** What happened to one element. */
  public enum Kind {
    CREATED,
    REPLACED,
    IGNORED,
    REMOVED,
    FAILED
  }

  private final Store store;
  private final RocksEngine engine;

  Documents(Store store) {
    this.store = store;
    this.engine = store.engine();
  }

  /** The document as the API shows it, or null. */
  public ObjectNode read(Collection collection, String key) {
    return read(collection, key, null);
  }

  /** The document as the API shows it, or null; inside a stream transaction its own changes count. */
  public ObjectNode read(Collection collection, String key, String transactionId) {
    if (!DocumentKeys.isValid(key)) {
      return null;
    }
    byte[] stored;
    if (transactionId != null) {
      Transactions.StreamTransaction transaction = store.transactions().use(transactionId, collection, false);
      synchronized (transaction) {
        stored = transaction.batch().on(collection).peek(key);
      }
    } else {
      stored = engine.get(engine.documents(), DocumentKeys.documentKey(collection.objectId(), key));
    }
    return stored == null ? null : StoredDocument.decode(stored, collection.documentIdPrefix());
  }

  /** Every document of the collection, in key order (for small collections such as _users). */
  public List<ObjectNode> all(Collection collection) {
    List<ObjectNode> documents = new ArrayList<>();
    try (org.rocksdb.Slice upper = new org.rocksdb.Slice(DocumentKeys.collectionEnd(collection.objectId()));
        org.rocksdb.ReadOptions options = new org.rocksdb.ReadOptions().setIterateUpperBound(upper);
        org.rocksdb.RocksIterator it = engine.iterator(engine.documents(), options)) {
      for (it.seek(DocumentKeys.collectionStart(collection.objectId())); it.isValid(); it.next()) {
        documents.add(StoredDocument.decode(it.value(), collection.documentIdPrefix()));
      }
    }
    return documents;
  }

  /** Whether a write with these options is synced to disk before it is acknowledged (201 vs 202). */
  public static boolean synced(Collection collection, Options options) {
    return options.waitForSync() || collection.waitForSync();
  }

  public List<Outcome> insert(Collection collection, List<JsonNode> documents, Options options, boolean array) {
    return run(collection, documents, options, array, false, (batch, document) -> insertOne(batch, document, options));
  }

  /**
   * Inserts like {@link #insert}, but writes nothing at all if any element fails (the import
   * API's {@code complete=true}).
   */
  public List<Outcome> insertAllOrNothing(Collection collection, List<JsonNode> documents, Options options) {
    return run(collection, documents, options, true, true, (batch, document) -> insertOne(batch, document, options));
  }

  public List<Outcome> replace(Collection collection, List<JsonNode> documents, List<String> keys, Options options, boolean array) {
    Iterator<String> keyIterator = keys.iterator();
    return run(collection, documents, options, array, false, (batch, document) -> replaceOne(batch, keyIterator.next(), document, options, false));
  }

  public List<Outcome> update(Collection collection, List<JsonNode> documents, List<String> keys, Options options, boolean array) {
    Iterator<String> keyIterator = keys.iterator();
    return run(collection, documents, options, array, false, (batch, document) -> replaceOne(batch, keyIterator.next(), document, options, true));
  }

  /** Removes documents named by key strings or by objects with {@code _key} (and {@code _rev}). */
  public List<Outcome> remove(Collection collection, List<JsonNode> selectors, Options options, boolean array) {
    return run(collection, selectors, options, array, false, (batch, selector) -> removeOne(batch, selector, options));
  }

  private interface Operation {
    Outcome apply(CollectionBatch batch, JsonNode document);
  }

  /**
   * Runs one request's elements. Outside a transaction they form one write batch, written at the
   * end (an array as one transaction, tid = a new id); inside a stream transaction they are staged
   * in the transaction's batch, written when it commits.
   */
  private List<Outcome> run(Collection collection, List<JsonNode> documents, Options options, boolean array,
      boolean allOrNothing, Operation operation) {
    List<Outcome> outcomes = new ArrayList<>(documents.size());
    if (options.transactionId() != null) {
      Transactions.StreamTransaction transaction = store.transactions().use(options.transactionId(), collection, true);
      synchronized (transaction) {
        collection.writeLock().lock();
        try {
          CollectionBatch batch = transaction.batch().on(collection);
          for (JsonNode document : documents) {
            outcomes.add(operation.apply(batch, document));
          }
          return outcomes;
        } finally {
          collection.writeLock().unlock();
        }
      }
    }
    collection.writeLock().lock();
    try (PendingBatch pending = new PendingBatch(array ? Long.toString(store.ticks().next()) : "0", false)) {
      CollectionBatch batch = pending.on(collection);
      boolean failed = false;
      for (JsonNode document : documents) {
        Outcome outcome = operation.apply(batch, document);
        failed |= outcome.isError();
        outcomes.add(outcome);
        if (failed && allOrNothing) {
          return outcomes;
        }
      }
      pending.commit(synced(collection, options));
      return outcomes;
    } finally {
      collection.writeLock().unlock();
    }
  }

  private Outcome insertOne(CollectionBatch batch, JsonNode document, Options options) {
    Collection collection = batch.collection;
    if (!document.isObject()) {
      return Outcome.failed(new ArangoError(400, ArangoError.DOCUMENT_TYPE_INVALID, "invalid document type"));
    }
    String key;
    JsonNode givenKey = document.get("_key");
    if (givenKey != null) {
      if (!collection.keyOptions().path("allowUserKeys").asBoolean(true) && options.overwriteMode() == null) {
        return Outcome.failed(new ArangoError(400, ArangoError.DOCUMENT_KEY_UNEXPECTED, "must not specify _key for this collection"));
      }
      if (!givenKey.isTextual() || !DocumentKeys.isValid(givenKey.asText())) {
        return Outcome.failed(new ArangoError(400, ArangoError.DOCUMENT_KEY_BAD, "illegal document key"));
      }
      key = givenKey.asText();
    } else {
      key = batch.generateKey();
    }
    ArangoError edgeError = checkEdge(collection, document);
    if (edgeError != null) {
      return Outcome.failed(edgeError);
    }
    byte[] existing = batch.current(key);
    ObjectNode old = existing == null ? null : StoredDocument.decode(existing, collection.documentIdPrefix());
    if (old != null) {
      String mode = options.overwriteMode() == null ? "conflict" : options.overwriteMode();
      switch (mode) {
        case "ignore":
          return Outcome.ok(meta(collection, key, old.get("_rev").asText(), null), Kind.IGNORED);
        case "replace":
        case "update":
          return write(batch, key, old, "update".equals(mode) ? merged(old, document, options) : fresh(collection, key, document, options), options, true);
        default:
          return Outcome.failed(new ArangoError(409, ArangoError.UNIQUE_CONSTRAINT_VIOLATED,
              "unique constraint violated - in index primary of type primary over '_key'; conflicting key: " + key));
      }
    }
    return write(batch, key, null, fresh(collection, key, document, options), options, false);
  }

  private Outcome replaceOne(CollectionBatch batch, String key, JsonNode document, Options options, boolean patch) {
    Collection collection = batch.collection;
    if (!document.isObject()) {
      return Outcome.failed(new ArangoError(400, ArangoError.DOCUMENT_TYPE_INVALID, "invalid document type"));
    }
    Existing existing = existing(batch, key);
    if (existing.failure() != null) {
      return existing.failure();
    }
    ObjectNode old = existing.document();
    Outcome conflict = checkRevision(collection, key, old, document, options);
    if (conflict != null) {
      return conflict;
    }
    if (!patch) {
      ArangoError edgeError = checkEdge(collection, document);
      if (edgeError != null) {
        return Outcome.failed(edgeError);
      }
    }
    return write(batch, key, old, patch ? merged(old, document, options) : fresh(collection, key, document, options), options, true);
  }

  private Outcome removeOne(CollectionBatch batch, JsonNode selector, Options options) {
    Collection collection = batch.collection;
    String key = selector.isTextual() ? selector.asText() : selector.path("_key").asText(null);
    if (key != null && key.contains("/")) {
      key = key.substring(key.indexOf('/') + 1);
    }
    Existing existing = existing(batch, key);
    if (existing.failure() != null) {
      return existing.failure();
    }
    ObjectNode old = existing.document();
    Outcome conflict = checkRevision(collection, key, old, selector.isObject() ? selector : Json.object(), options);
    if (conflict != null) {
      return conflict;
    }
    String removalRev = Revisions.encode(store.revisions().next());
    ObjectNode header = Markers.header(Markers.DOCUMENT_REMOVE, collection);
    header.put("tid", batch.tid());
    ObjectNode data = header.putObject("data");
    data.put("_key", key);
    data.put("_rev", removalRev);
    batch.delete(key, old, header);
    ObjectNode result = meta(collection, key, old.get("_rev").asText(), null);
    if (options.returnOld()) {
      result.set("old", old);
    }
    return Outcome.ok(result, Kind.REMOVED);
  }

  /** The document a replace, update or remove works on, or why there is none. */
  private record Existing(ObjectNode document, Outcome failure) {}

  private static Existing existing(CollectionBatch batch, String key) {
    if (key == null || !DocumentKeys.isValid(key)) {
      return new Existing(null, Outcome.failed(new ArangoError(400, ArangoError.DOCUMENT_HANDLE_BAD, "invalid document handle")));
    }
    byte[] stored = batch.current(key);
    if (stored == null) {
      return new Existing(null, Outcome.failed(new ArangoError(404, ArangoError.DOCUMENT_NOT_FOUND, "document not found")));
    }
    return new Existing(StoredDocument.decode(stored, batch.collection.documentIdPrefix()), null);
  }

  /** If-Match (single form) or, with ignoreRevs=false, the body's _rev must equal the current revision. */
  private static Outcome checkRevision(Collection collection, String key, ObjectNode old, JsonNode body, Options options) {
    String current = old.get("_rev").asText();
    String expected = options.ifMatch();
    if (expected == null && !options.ignoreRevs() && body.hasNonNull("_rev")) {
      expected = body.get("_rev").asText();
    }
    if (expected != null && !expected.equals(current)) {
      return Outcome.conflict(collection.documentIdPrefix() + "/" + key, key, current);
    }
    return null;
  }

  /**
   * With {@code isRestore}, the revision the document brings, if it is one; the clock moves past
   * it so that later writes here still get newer revisions. Else null.
   */
  private String restoredRevision(ObjectNode document, Options options) {
    if (!options.isRestore() || !document.path("_rev").isTextual()) {
      return null;
    }
    String rev = document.get("_rev").asText();
    long value = Revisions.decode(rev);
    if (value <= 0) {
      return null; // not a revision this server can read: make a new one, as for any other document
    }
    store.revisions().observe(value);
    return rev;
  }

  private Outcome write(CollectionBatch batch, String key, ObjectNode old, ObjectNode document, Options options, boolean overwrite) {
    Collection collection = batch.collection;
    String rev = restoredRevision(document, options);
    if (rev == null) {
      rev = Revisions.encode(store.revisions().next());
    }
    document.put("_rev", rev);
    // _rev is the second attribute: rebuild so that the order is _key, _rev, ...
    ObjectNode ordered = Json.object();
    ordered.put("_key", key);
    ordered.put("_rev", rev);
    document.fields().forEachRemaining(entry -> {
      if (!entry.getKey().equals("_key") && !entry.getKey().equals("_rev")) {
        ordered.set(entry.getKey(), entry.getValue());
      }
    });
    byte[] stored = StoredDocument.encode(ordered);
    ArangoError indexError = batch.indexChanges(key, old, ordered);
    if (indexError != null) {
      return Outcome.failed(indexError);
    }
    ObjectNode header = Markers.header(Markers.DOCUMENT_UPSERT, collection);
    header.put("tid", batch.tid());
    batch.put(key, stored, old == null, header);
    ObjectNode result = meta(collection, key, rev, overwrite && old != null ? old.get("_rev").asText() : null);
    if (options.returnOld() && old != null) {
      result.set("old", old);
    }
    if (options.returnNew()) {
      result.set("new", StoredDocument.decode(stored, collection.documentIdPrefix()));
    }
    return Outcome.ok(result, old == null ? Kind.CREATED : Kind.REPLACED);
  }

  private static ObjectNode meta(Collection collection, String key, String rev, String oldRev) {
    ObjectNode meta = Json.object();
    meta.put("_id", collection.documentIdPrefix() + "/" + key);
    meta.put("_key", key);
    meta.put("_rev", rev);
    if (oldRev != null) {
      meta.put("_oldRev", oldRev);
    }
    return meta;
  }

  /**
   * A new document from a request body: system attributes dropped, _from/_to kept for edges, and
   * _rev kept only with isRestore (for {@link #write} to use).
   */
  private static ObjectNode fresh(Collection collection, String key, JsonNode body, Options options) {
    ObjectNode document = Json.object();
    document.put("_key", key);
    if (options.isRestore() && body.path("_rev").isTextual()) {
      document.put("_rev", body.get("_rev").asText());
    }
    if (collection.isEdge()) {
      document.set("_from", body.get("_from"));
      document.set("_to", body.get("_to"));
    }
    body.fields().forEachRemaining(entry -> {
      String name = entry.getKey();
      if (!name.equals("_key") && !name.equals("_id") && !name.equals("_rev") && !name.equals("_from") && !name.equals("_to")
          && !name.equals("_oldRev")) {
        document.set(name, entry.getValue());
      }
    });
    return document;
  }

  /** The old document patched with {@code patch} (keepNull, mergeObjects as requested). */
  private static ObjectNode merged(ObjectNode old, JsonNode patch, Options options) {
    ObjectNode document = old.deepCopy();
    document.remove("_id");
    document.remove("_rev");
    mergeInto(document, patch, options, true);
    return document;
  }

  private static void mergeInto(ObjectNode target, JsonNode patch, Options options, boolean top) {
    patch.fields().forEachRemaining(entry -> {
      String name = entry.getKey();
      if (top && (name.equals("_key") || name.equals("_id") || name.equals("_rev") || name.equals("_oldRev"))) {
        return;
      }
      JsonNode value = entry.getValue();
      if (value.isNull() && !options.keepNull()) {
        target.remove(name);
      } else if (value.isObject() && options.mergeObjects() && target.get(name) instanceof ObjectNode) {
        mergeInto((ObjectNode) target.get(name), value, options, false);
      } else if (value.isObject() && !options.keepNull()) {
        ObjectNode copy = Json.object();
        mergeInto(copy, value, options, false);
        target.set(name, copy);
      } else {
        target.set(name, value);
      }
    });
  }

  private static ArangoError checkEdge(Collection collection, JsonNode document) {
    if (!collection.isEdge()) {
      return null;
    }
    if (!isHandle(document.get("_from")) || !isHandle(document.get("_to"))) {
      return new ArangoError(400, ArangoError.INVALID_EDGE_ATTRIBUTE, "edge attribute missing or invalid");
    }
    return null;
  }

  private static boolean isHandle(JsonNode value) {
    if (value == null || !value.isTextual()) {
      return false;
    }
    String handle = value.asText();
    int slash = handle.indexOf('/');
    return slash > 0 && Store.isValidCollectionName(handle.substring(0, slash), true)
        && DocumentKeys.isValid(handle.substring(slash + 1));
  }

  /** The value array a unique index stores for a document, or null if a sparse index skips it. */
  static byte[] indexEntry(ObjectNode index, JsonNode document) {
    ArrayNode values = Json.array();
    boolean sparse = index.path("sparse").asBoolean(false);
    for (JsonNode field : index.path("fields")) {
      JsonNode value = document;
      for (String part : field.asText().split("\\.")) {
        value = value == null ? null : value.get(part);
      }
      if (value == null || value.isNull()) {
        if (sparse) {
          return null;
        }
        values.addNull();
      } else {
        values.add(value);
      }
    }
    byte[] encoded = Json.bytes(values);
    return ByteBuffer.allocate(8 + encoded.length).putLong(index.path("objectId").asLong()).put(encoded).array();
  }

  static boolean isEnforcedUnique(ObjectNode index) {
    String type = index.path("type").asText();
    return index.path("unique").asBoolean(false)
        && (type.equals("persistent") || type.equals("hash") || type.equals("skiplist"));
  }

  /**
   * Changes staged before they are written as one RocksDB write batch: one request's, or a stream
   * transaction's over several requests. Reads through it see the staged changes. With a tid other
   * than "0" the batch is framed by 2200/2201 markers.
   *
   * <p>In a stream transaction ({@code tracking}), the revision of every document first read from
   * the database is remembered, and {@link #validate} refuses the commit if any of them changed
   * since (optimistic concurrency, as RocksDB's engine detects write-write conflicts).
   */
  final class PendingBatch implements AutoCloseable {
    private final String tid;
    private final boolean tracking;
    private final WriteBatch batch = new WriteBatch();
    private final Map<Long, CollectionBatch> collections = new java.util.TreeMap<>();
    private boolean begun;
    private int operations;
    private Database database;

    PendingBatch(String tid, boolean tracking) {
      this.tid = tid;
      this.tracking = tracking;
    }

    CollectionBatch on(Collection collection) {
      return collections.computeIfAbsent(collection.objectId(), id -> new CollectionBatch(this, collection));
    }

    /** The collections this batch changes or read, ordered by object id (the lock order). */
    List<Collection> collections() {
      List<Collection> all = new ArrayList<>();
      collections.values().forEach(state -> all.add(state.collection));
      return all;
    }

    private void beginIfFramed(Database of) throws RocksDBException {
      if (!begun && !tid.equals("0")) {
        database = of;
        ObjectNode header = Markers.header(Markers.TRANSACTION_START, of);
        header.put("tid", tid);
        Markers.append(batch, header);
        batch.put(engine.markers(), TRANSACTION_KEY, tid.getBytes(StandardCharsets.UTF_8));
      }
      begun = true;
    }

    /**
     * Checks that nothing this batch read has changed and that its unique index entries are still
     * free. The caller holds the write locks of all {@link #collections()}.
     */
    void validate() {
      for (CollectionBatch state : collections.values()) {
        for (Map.Entry<String, String> seen : state.seen.entrySet()) {
          byte[] now = engine.get(engine.documents(), DocumentKeys.documentKey(state.collection.objectId(), seen.getKey()));
          String revision = now == null ? ABSENT : StoredDocument.revisionOf(now);
          if (!revision.equals(seen.getValue())) {
            throw new ArangoError(409, ArangoError.CONFLICT, "write-write conflict");
          }
        }
        for (Map.Entry<ByteBuffer, String> entry : state.pendingIndex.entrySet()) {
          if (entry.getValue() == null) {
            continue;
          }
          byte[] owner = engine.get(engine.indexes(), entry.getKey().array());
          if (owner != null && !new String(owner, StandardCharsets.UTF_8).equals(entry.getValue())
              && !state.removedIndexEntries.contains(entry.getKey())) {
            throw new ArangoError(409, ArangoError.UNIQUE_CONSTRAINT_VIOLATED, "unique constraint violated; conflicting key: "
                + new String(owner, StandardCharsets.UTF_8));
          }
        }
      }
    }

    /** Writes what was staged; nothing when nothing was. */
    void commit(boolean sync) {
      boolean keyValuesChanged = collections.values().stream().anyMatch(state -> state.keyValueChanged);
      if (operations == 0 && !keyValuesChanged) {
        return;
      }
      try {
        if (operations > 0 && !tid.equals("0")) {
          ObjectNode header = Markers.header(Markers.TRANSACTION_COMMIT, database);
          header.put("tid", tid);
          Markers.append(batch, header);
          batch.put(engine.markers(), TRANSACTION_KEY, tid.getBytes(StandardCharsets.UTF_8));
        }
        for (CollectionBatch state : collections.values()) {
          if (state.countDelta != 0) {
            batch.merge(engine.meta(), Store.counterKey(state.collection.objectId()), Store.encodeCount(state.countDelta));
          }
          if (state.keyValueChanged) {
            batch.put(engine.meta(), Store.keyGeneratorKey(state.collection.objectId()), ByteBuffer.allocate(8).putLong(state.keyValue).array());
          }
        }
      } catch (RocksDBException e) {
        throw new StorageException("cannot finish a write batch: " + e.getMessage(), e);
      }
      engine.write(batch, sync);
      for (CollectionBatch state : collections.values()) {
        state.collection.countCell().addAndGet(state.countDelta);
        if (state.keyValueChanged) {
          state.collection.keyGeneratorValue().accumulateAndGet(state.keyValue, Math::max);
        }
      }
    }

    @Override
    public void close() {
      batch.close();
    }
  }

  /** What a seen map records for a key that did not exist. */
  private static final String ABSENT = "";

  /** The part of a {@link PendingBatch} that concerns one collection. */
  final class CollectionBatch {
    private final PendingBatch parent;
    private final Collection collection;
    private final Map<String, byte[]> pendingDocuments = new HashMap<>();
    private final Map<ByteBuffer, String> pendingIndex = new HashMap<>();
    private final java.util.Set<ByteBuffer> removedIndexEntries = new java.util.HashSet<>();
    private final Map<String, String> seen = new HashMap<>();
    private final List<ObjectNode> uniqueIndexes = new ArrayList<>();
    private long countDelta;
    private long keyValue;
    private boolean keyValueChanged;

    CollectionBatch(PendingBatch parent, Collection collection) {
      this.parent = parent;
      this.collection = collection;
      this.keyValue = collection.keyGeneratorValue().get();
      for (ObjectNode index : collection.indexes()) {
        if (isEnforcedUnique(index)) {
          uniqueIndexes.add(index);
        }
      }
    }

    String tid() {
      return parent.tid;
    }

    /** The current stored document (staged changes first); remembered for conflict checks in a transaction. */
    byte[] current(String key) {
      if (pendingDocuments.containsKey(key)) {
        return pendingDocuments.get(key);
      }
      byte[] stored = engine.get(engine.documents(), DocumentKeys.documentKey(collection.objectId(), key));
      if (parent.tracking) {
        seen.putIfAbsent(key, stored == null ? ABSENT : StoredDocument.revisionOf(stored));
      }
      return stored;
    }

    /** Like {@link #current} for a plain read, which does not make a conflict. */
    byte[] peek(String key) {
      if (pendingDocuments.containsKey(key)) {
        return pendingDocuments.get(key);
      }
      return engine.get(engine.documents(), DocumentKeys.documentKey(collection.objectId(), key));
    }

    String generateKey() {
      ObjectNode keyOptions = collection.keyOptions();
      String type = keyOptions.path("type").asText("traditional");
      switch (type) {
        case "uuid":
          return UUID.randomUUID().toString();
        case "autoincrement": {
          long increment = Math.max(1, keyOptions.path("increment").asLong(1));
          long offset = keyOptions.path("offset").asLong(0);
          long next = keyValue < offset ? Math.max(offset, 1) : keyValue + increment;
          keyValue = next;
          keyValueChanged = true;
          return Long.toString(next);
        }
        case "padded": {
          long tick = store.ticks().next();
          keyValue = tick;
          keyValueChanged = true;
          return String.format("%016x", tick);
        }
        default: {
          long tick = store.ticks().next();
          keyValue = Math.max(keyValue, tick);
          keyValueChanged = true;
          return Long.toString(tick);
        }
      }
    }

    /** Checks and stages unique index entries; an error stages nothing. */
    ArangoError indexChanges(String key, ObjectNode old, ObjectNode document) {
      List<byte[]> added = new ArrayList<>();
      List<byte[]> removed = new ArrayList<>();
      for (ObjectNode index : uniqueIndexes) {
        byte[] oldEntry = old == null ? null : indexEntry(index, old);
        byte[] newEntry = document == null ? null : indexEntry(index, document);
        if (newEntry != null && (oldEntry == null || !java.util.Arrays.equals(oldEntry, newEntry))) {
          String owner = indexOwner(newEntry);
          if (owner != null && !owner.equals(key)) {
            return new ArangoError(409, ArangoError.UNIQUE_CONSTRAINT_VIOLATED,
                "unique constraint violated - in index " + index.path("name").asText() + " of type "
                    + index.path("type").asText() + " over '" + String.join(", ", fieldsOf(index)) + "'; conflicting key: " + owner);
          }
          added.add(newEntry);
        }
        if (oldEntry != null && (newEntry == null || !java.util.Arrays.equals(oldEntry, newEntry))) {
          removed.add(oldEntry);
        }
      }
      try {
        for (byte[] entry : removed) {
          parent.batch.delete(engine.indexes(), entry);
          pendingIndex.put(ByteBuffer.wrap(entry), null);
          removedIndexEntries.add(ByteBuffer.wrap(entry));
        }
        for (byte[] entry : added) {
          parent.batch.put(engine.indexes(), entry, key.getBytes(StandardCharsets.UTF_8));
          pendingIndex.put(ByteBuffer.wrap(entry), key);
        }
      } catch (RocksDBException e) {
        throw new StorageException("cannot stage index entries: " + e.getMessage(), e);
      }
      return null;
    }

    private String indexOwner(byte[] entry) {
      ByteBuffer wrapped = ByteBuffer.wrap(entry);
      if (pendingIndex.containsKey(wrapped)) {
        return pendingIndex.get(wrapped);
      }
      byte[] owner = engine.get(engine.indexes(), entry);
      return owner == null ? null : new String(owner, StandardCharsets.UTF_8);
    }

    void put(String key, byte[] stored, boolean isNew, ObjectNode header) {
      try {
        parent.beginIfFramed(collection.database());
        Markers.append(parent.batch, header);
        parent.batch.put(engine.documents(), DocumentKeys.documentKey(collection.objectId(), key), stored);
      } catch (RocksDBException e) {
        throw new StorageException("cannot stage a document: " + e.getMessage(), e);
      }
      pendingDocuments.put(key, stored);
      if (isNew) {
        countDelta++;
      }
      parent.operations++;
    }

    void delete(String key, ObjectNode old, ObjectNode header) {
      ArangoError ignored = indexChanges(key, old, null);
      if (ignored != null) {
        throw new IllegalStateException("removing index entries cannot conflict", ignored);
      }
      try {
        parent.beginIfFramed(collection.database());
        Markers.append(parent.batch, header);
        parent.batch.delete(engine.documents(), DocumentKeys.documentKey(collection.objectId(), key));
      } catch (RocksDBException e) {
        throw new StorageException("cannot stage a removal: " + e.getMessage(), e);
      }
      pendingDocuments.put(key, null);
      countDelta--;
      parent.operations++;
    }
  }

  private static final byte[] TRANSACTION_KEY = "t".getBytes(StandardCharsets.UTF_8);

  private static List<String> fieldsOf(ObjectNode index) {
    List<String> fields = new ArrayList<>();
    index.path("fields").forEach(field -> fields.add(field.asText()));
    return fields;
  }
}
