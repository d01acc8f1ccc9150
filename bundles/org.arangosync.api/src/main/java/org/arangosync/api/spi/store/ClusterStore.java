package org.arangosync.api.spi.store;

import java.time.Duration;
import java.util.List;
import org.arangosync.api.Tick;

/**
 * What synchronisation needs of one ArangoDB cluster: on the source its structure, shard
 * snapshots and the WAL of each shard; on the target idempotent apply and structure changes.
 *
 * <p>Threading: implementations are thread-safe; different shards are read concurrently. Blocking:
 * every call blocks until it is done or fails (bounded by the implementation's timeouts and
 * retries); {@link #dump} and {@link #tail} call the sink on the calling thread. A call that fails
 * throws an unchecked exception naming the URL; a protocol violation by the server (a missing
 * replication header, a line that is not JSON, a tick going backwards) fails with ArangoDB's
 * errorNum 1401 and hands nothing from that answer to the sink.
 */
public interface ClusterStore extends AutoCloseable {

  List<String> databases();

  /** The collections of a database, system collections included. */
  List<CollectionInfo> collections(String database);

  /** The view definitions of a database (JSON objects with name, type and properties). */
  List<String> views(String database);

  /** Where a shard lives now. */
  ShardLocation locate(ShardRef shard);

  /** Takes a snapshot of the shard on its leader, kept for {@code timeToLive}. */
  Snapshot snapshot(ShardLocation location, Duration timeToLive);

  /** Keeps a snapshot for {@code timeToLive} more. */
  void extend(Snapshot snapshot, Duration timeToLive);

  /** Releases a snapshot. */
  void release(Snapshot snapshot);

  /**
   * Streams every document of the snapshot to the sink as 2300 changes (tick zero), in key order,
   * in constant memory.
   *
   * @return the number of documents
   */
  long dump(Snapshot snapshot, ChangeSink sink);

  /**
   * The key chunks of a snapshot: ranges of {@code chunkSize} keys in key order, each with its
   * hash (ArangoDB's {@code /_api/replication/keys}).
   */
  List<KeyChunk> keyChunks(Snapshot snapshot, int chunkSize);

  /** The keys and revisions of one chunk returned by {@link #keyChunks}. */
  List<KeyRevision> chunkKeys(Snapshot snapshot, KeyChunk chunk, int chunkSize);

  /**
   * The documents at the given positions of one chunk, as 2300 changes (tick zero), in the order
   * of the positions.
   */
  List<Change> chunkDocuments(Snapshot snapshot, KeyChunk chunk, int chunkSize, List<Integer> positions);

  /**
   * One round of ArangoDB's tailing loop on the shard's leader: the changes after {@code from}, up to
   * about {@code chunkBytes}, handed to the sink in tick order.
   */
  TailResult tail(ShardLocation location, Tick from, long chunkBytes, ChangeSink sink);

  /**
   * Applies document changes (2300 upserts, 2302 removals; others are ignored) to a collection,
   * in order, idempotently: applying the same changes again leaves the same state, an upsert
   * replaces whatever is there, and removing a missing document is not an error. Not atomic: a
   * failure leaves a prefix applied, which is safe to apply again.
   *
   * @throws RuntimeException naming the first document the cluster refused, and why
   */
  void apply(String database, String collection, List<Change> changes);

  /**
   * Applies the document changes of one source transaction all or nothing (through a stream
   * transaction), with the same idempotent semantics as {@link #apply}.
   */
  void applyAtomically(String database, String collection, List<Change> changes);

  /** Creates the database unless it exists. */
  void createDatabase(String name);

  /** Drops the database if it exists. */
  void dropDatabase(String name);

  /**
   * Creates a collection like {@code source} (type, shard count, shard keys, key options, wait for
   * sync, schema) unless one of that name exists; its indexes are created too.
   */
  void createCollection(CollectionInfo source);

  /** Drops the collection if it exists. */
  void dropCollection(String database, String name);

  /** Changes a collection's changeable properties (waitForSync, schema, cacheEnabled, computedValues, replicationFactor, writeConcern). */
  void alterCollection(String database, String name, String properties);

  /**
   * Renames a collection (single servers; ArangoDB clusters refuse renames, and so does this
   * call there).
   */
  void renameCollection(String database, String name, String newName);

  /** Creates an index (JSON definition as the source reports it) unless an equal one exists. */
  void createIndex(String database, String collection, String indexDefinition);

  /** Removes every document of the collection, keeping the collection and its indexes. */
  void truncateCollection(String database, String name);

  /** Drops the index with this name (or id) if it exists. */
  void dropIndex(String database, String collection, String indexName);

  /**
   * Creates or updates a user with a password and its database and collection grants ("rw",
   * "ro", "none"; a collection grant is keyed "database/collection").
   */
  void saveUser(String name, String password, boolean active, java.util.Map<String, String> grants);

  /** Removes a user if it exists. */
  void dropUser(String name);

  /** Creates a view from a definition as {@link #views} reports it, unless one of that name exists. */
  void createView(String database, String definition);

  /** Drops the view if it exists. */
  void dropView(String database, String name);

  /**
   * Whether the whole cluster is read-only ({@code GET /_admin/server/mode} answers
   * {@code "readonly"}): no document, collection, index, view, database or user can be changed,
   * while reading, dumping and tailing go on.
   */
  boolean readOnly();

  /**
   * Switches the whole cluster to read-only ({@code PUT /_admin/server/mode {"mode":"readonly"}})
   * or back to read-write ({@code "default"}). Idempotent; once it returns, a write that starts
   * is refused.
   */
  void setReadOnly(boolean readOnly);

  @Override
  void close();
}
