package org.arangosync.minicluster.internal.storage;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.arangosync.minicluster.internal.http.ArangoError;

/**
 * Stream transactions of one server ({@code /_api/transaction/begin}, then document requests with
 * {@code x-arango-trx-id}, then commit or abort).
 *
 * <p>A transaction stages its changes in a {@link Documents.PendingBatch} that no one else sees
 * and holds no lock between requests. Commit takes the write locks of every collection it
 * touched (in object id order, so commits never deadlock), checks that nothing it read changed
 * meanwhile (else 409/1200 "write-write conflict" and the transaction is aborted), and writes one
 * batch framed by 2200/2201 markers. A transaction unused for {@link #IDLE_TIMEOUT_MILLIS} is
 * aborted, as ArangoDB aborts idle stream transactions.
 */
public final class Transactions {

  /** ArangoDB's {@code --transaction.streaming-idle-timeout} default: 60 seconds. */
  static final long IDLE_TIMEOUT_MILLIS = 60_000;

  /** One stream transaction. Callers synchronise on it while they use it. */
  public static final class StreamTransaction {
    private final String id;
    private final String database;
    private final Set<Long> writable;
    private final Set<Long> readable;
    private final boolean waitForSync;
    private final Documents.PendingBatch batch;
    private volatile String status = "running";
    private volatile long lastUsed;

    StreamTransaction(String id, String database, Set<Long> writable, Set<Long> readable, boolean waitForSync,
        Documents.PendingBatch batch, long now) {
      this.id = id;
      this.database = database;
      this.writable = writable;
      this.readable = readable;
      this.waitForSync = waitForSync;
      this.batch = batch;
      this.lastUsed = now;
    }

    public String id() {
      return id;
    }

    /** running, committed or aborted. */
    public String status() {
      return status;
    }

    public String database() {
      return database;
    }

    Documents.PendingBatch batch() {
      return batch;
    }
  }

  private final Store store;
  private final LongSupplier clock;
  private final Map<String, StreamTransaction> transactions = new ConcurrentHashMap<>();

  Transactions(Store store, LongSupplier clock) {
    this.store = store;
    this.clock = clock;
  }

  /**
   * Begins a transaction on the given collections (names or ids of one database).
   *
   * @throws ArangoError 404/1203 for an unknown collection
   */
  public StreamTransaction begin(String databaseName, List<String> write, List<String> read, boolean waitForSync) {
    purgeIdle();
    Database database = store.database(databaseName);
    Set<Long> writable = new HashSet<>();
    Set<Long> readable = new HashSet<>();
    for (String name : write) {
      writable.add(store.collection(database.name(), name).objectId());
    }
    for (String name : read) {
      readable.add(store.collection(database.name(), name).objectId());
    }
    readable.addAll(writable);
    String id = Long.toString(store.ticks().next());
    StreamTransaction transaction = new StreamTransaction(id, database.name(), writable, readable, waitForSync,
        store.documents().new PendingBatch(id, true), clock.getAsLong());
    transactions.put(id, transaction);
    return transaction;
  }

  /** The transaction, or ArangoDB's 404/1655; finished ones stay visible until purged. */
  public StreamTransaction get(String id) {
    StreamTransaction transaction = id == null ? null : transactions.get(id);
    if (transaction == null) {
      throw new ArangoError(404, ArangoError.TRANSACTION_NOT_FOUND, "transaction '" + id + "' not found");
    }
    return transaction;
  }

  /**
   * The running transaction for a document request on {@code collection}.
   *
   * @throws ArangoError 404/1655 unknown, 400/1653 finished, 400/1652 collection not declared
   */
  StreamTransaction use(String id, Collection collection, boolean write) {
    purgeIdle();
    StreamTransaction transaction = get(id);
    if (!transaction.status.equals("running")) {
      throw new ArangoError(400, 1653, "transaction '" + id + "' is " + transaction.status);
    }
    Set<Long> allowed = write ? transaction.writable : transaction.readable;
    if (!allowed.contains(collection.objectId())) {
      throw new ArangoError(400, 1652, "collection '" + collection.name() + "' not registered with the transaction for "
          + (write ? "writing" : "reading"));
    }
    transaction.lastUsed = clock.getAsLong();
    return transaction;
  }

  public StreamTransaction commit(String id) {
    StreamTransaction transaction = get(id);
    synchronized (transaction) {
      if (!transaction.status.equals("running")) {
        if (transaction.status.equals("committed")) {
          return transaction;
        }
        throw new ArangoError(400, 1653, "transaction '" + id + "' is " + transaction.status);
      }
      List<Collection> collections = transaction.batch.collections();
      List<Collection> locked = new ArrayList<>();
      try {
        for (Collection collection : collections) {
          collection.writeLock().lock();
          locked.add(collection);
        }
        transaction.batch.validate();
        transaction.batch.commit(transaction.waitForSync || collections.stream().anyMatch(Collection::waitForSync));
        transaction.status = "committed";
      } catch (ArangoError conflict) {
        transaction.status = "aborted";
        throw conflict;
      } finally {
        for (Collection collection : locked) {
          collection.writeLock().unlock();
        }
        if (!transaction.status.equals("running")) {
          transaction.batch.close();
        }
      }
      return transaction;
    }
  }

  public StreamTransaction abort(String id) {
    StreamTransaction transaction = get(id);
    synchronized (transaction) {
      if (transaction.status.equals("committed")) {
        throw new ArangoError(400, 1653, "transaction '" + id + "' is committed");
      }
      if (transaction.status.equals("running")) {
        transaction.status = "aborted";
        transaction.batch.close();
      }
      return transaction;
    }
  }

  public List<StreamTransaction> running() {
    purgeIdle();
    List<StreamTransaction> running = new ArrayList<>();
    for (StreamTransaction transaction : transactions.values()) {
      if (transaction.status.equals("running")) {
        running.add(transaction);
      }
    }
    return running;
  }

  /** Aborts idle transactions and forgets finished ones once they have been idle as long. */
  private void purgeIdle() {
    long now = clock.getAsLong();
    for (StreamTransaction transaction : transactions.values()) {
      if (now - transaction.lastUsed > IDLE_TIMEOUT_MILLIS) {
        synchronized (transaction) {
          if (transaction.status.equals("running")) {
            transaction.status = "aborted";
            transaction.batch.close();
          }
          transactions.remove(transaction.id, transaction);
        }
      }
    }
  }
}
