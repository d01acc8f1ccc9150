package org.arangosync.minicluster.internal.storage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.DBOptions;
import org.rocksdb.FlushOptions;
import org.rocksdb.LogFile;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Snapshot;
import org.rocksdb.TransactionLogIterator;
import org.rocksdb.UInt64AddOperator;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * One server's RocksDB: the column families of the mini cluster and the WAL it keeps.
 *
 * <p>Column families: {@code meta} (databases, collections, views, counters, the tick reserve),
 * {@code documents} (collection object id + {@code _key} → document), {@code indexes} (unique
 * index entries), {@code markers} (one overwritten key that gives structural markers such as a
 * transaction's begin and commit a sequence number of their own).
 *
 * <p>Invariant: WAL ticks are RocksDB sequence numbers. The WAL is archived, not deleted, until it
 * is older than the retention age or the archive exceeds the retention size, so that tailing from
 * an old tick works exactly as long as the operator configured and then honestly fails.
 */
public final class RocksEngine implements AutoCloseable {

  static {
    RocksDB.loadLibrary();
  }

  /** How long and how much WAL to keep for tailing clients. */
  public record WalRetention(Duration age, long sizeBytes) {
    public static final WalRetention DEFAULT = new WalRetention(Duration.ofHours(1), 1024L * 1024 * 1024);
  }

  private static final long WRITE_BUFFER_BYTES = 16L * 1024 * 1024;
  private static final long MAX_TOTAL_WAL_BYTES = 64L * 1024 * 1024;

  private final Path directory;
  private final DBOptions dbOptions;
  private final ColumnFamilyOptions familyOptions;
  private final ColumnFamilyOptions metaOptions;
  private final RocksDB db;
  private final List<ColumnFamilyHandle> handles = new ArrayList<>();
  private final ColumnFamilyHandle meta;
  private final ColumnFamilyHandle documents;
  private final ColumnFamilyHandle indexes;
  private final ColumnFamilyHandle markers;
  private final WriteOptions plainWrites = new WriteOptions();
  private final WriteOptions syncedWrites = new WriteOptions().setSync(true);
  private final UInt64AddOperator addOperator = new UInt64AddOperator();

  public RocksEngine(Path directory, WalRetention retention) throws IOException {
    this.directory = directory;
    Files.createDirectories(directory);
    dbOptions = new DBOptions()
        .setCreateIfMissing(true)
        .setCreateMissingColumnFamilies(true)
        .setWalTtlSeconds(Math.max(0, retention.age().toSeconds()))
        .setWalSizeLimitMB(Math.max(0, retention.sizeBytes() / (1024 * 1024)))
        // Small WAL files: RocksDB finds a tailing client's start by reading its WAL file from the
        // beginning, so the file size bounds the cost of a tail request.
        .setMaxTotalWalSize(MAX_TOTAL_WAL_BYTES)
        .setMaxBackgroundJobs(2);
    familyOptions = new ColumnFamilyOptions().setWriteBufferSize(WRITE_BUFFER_BYTES);
    metaOptions = new ColumnFamilyOptions().setMergeOperator(addOperator);
    List<ColumnFamilyDescriptor> descriptors = List.of(
        new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY, familyOptions),
        new ColumnFamilyDescriptor("meta".getBytes(), metaOptions),
        new ColumnFamilyDescriptor("documents".getBytes(), familyOptions),
        new ColumnFamilyDescriptor("indexes".getBytes(), familyOptions),
        new ColumnFamilyDescriptor("markers".getBytes(), familyOptions));
    try {
      db = RocksDB.open(dbOptions, directory.toString(), descriptors, handles);
    } catch (RocksDBException e) {
      throw new IOException("cannot open RocksDB in " + directory + ": " + e.getMessage(), e);
    }
    meta = handles.get(1);
    documents = handles.get(2);
    indexes = handles.get(3);
    markers = handles.get(4);
  }

  public Path directory() {
    return directory;
  }

  public ColumnFamilyHandle meta() {
    return meta;
  }

  public ColumnFamilyHandle documents() {
    return documents;
  }

  public ColumnFamilyHandle indexes() {
    return indexes;
  }

  public ColumnFamilyHandle markers() {
    return markers;
  }

  /** Applies a batch atomically; with {@code sync} it is on disk before this returns. */
  public void write(WriteBatch batch, boolean sync) {
    try {
      db.write(sync ? syncedWrites : plainWrites, batch);
    } catch (RocksDBException e) {
      throw new StorageException("RocksDB write failed: " + e.getMessage(), e);
    }
  }

  public byte[] get(ColumnFamilyHandle family, byte[] key) {
    try {
      return db.get(family, key);
    } catch (RocksDBException e) {
      throw new StorageException("RocksDB read failed: " + e.getMessage(), e);
    }
  }

  public byte[] get(ColumnFamilyHandle family, ReadOptions options, byte[] key) {
    try {
      return db.get(family, options, key);
    } catch (RocksDBException e) {
      throw new StorageException("RocksDB read failed: " + e.getMessage(), e);
    }
  }

  public RocksIterator iterator(ColumnFamilyHandle family, ReadOptions options) {
    return db.newIterator(family, options);
  }

  public Snapshot snapshot() {
    return db.getSnapshot();
  }

  public void release(Snapshot snapshot) {
    db.releaseSnapshot(snapshot);
  }

  /** The newest tick: the sequence number of the last write. */
  public long latestSequence() {
    return db.getLatestSequenceNumber();
  }

  /** The WAL files still present (alive and archived), oldest first. */
  public List<LogFile> walFiles() {
    try {
      return db.getSortedWalFiles();
    } catch (RocksDBException e) {
      throw new StorageException("cannot list WAL files: " + e.getMessage(), e);
    }
  }

  /**
   * The write batches from the one containing {@code sequence} on.
   *
   * @throws RocksDBException when {@code sequence} is no longer (or not yet) in the WAL
   */
  public TransactionLogIterator updatesSince(long sequence) throws RocksDBException {
    return db.getUpdatesSince(sequence);
  }

  /** Flushes memtables, so that old WAL files become obsolete and can be archived and purged. */
  public void flush() {
    try (FlushOptions options = new FlushOptions().setWaitForFlush(true)) {
      db.flush(options, handles);
    } catch (RocksDBException e) {
      throw new StorageException("flush failed: " + e.getMessage(), e);
    }
  }

  /** Makes the WAL durable up to now (for writes that were acknowledged without sync). */
  public void syncWal() {
    try {
      db.syncWal();
    } catch (RocksDBException e) {
      throw new StorageException("WAL sync failed: " + e.getMessage(), e);
    }
  }

  private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

  @Override
  public void close() {
    // A second close would sync and close freed native handles: a JVM crash (SIGSEGV in syncWal).
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    try {
      db.syncWal();
    } catch (RocksDBException e) {
      // Closing anyway: RocksDB recovers from its WAL on the next open.
      org.slf4j.LoggerFactory.getLogger(RocksEngine.class).warn("WAL sync on close failed: {}", e.getMessage());
    }
    handles.forEach(ColumnFamilyHandle::close);
    db.close();
    plainWrites.close();
    syncedWrites.close();
    familyOptions.close();
    metaOptions.close();
    addOperator.close();
    dbOptions.close();
  }
}
