package org.arangosync.minicluster.internal.storage;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.rocksdb.WriteBatch;
import org.rocksdb.RocksDBException;

/**
 * The server's tick counter, source of database, collection, index and transaction ids and of
 * traditional document keys, as ArangoDB's {@code TRI_NewTickServer}.
 *
 * <p>Invariant: no id is handed out twice, also across crashes. Ids are reserved in blocks; the
 * end of the current block is persisted (synchronously) before any id of it is used, and after a
 * restart counting resumes past the persisted end.
 */
public final class TickGenerator {

  private static final byte[] RESERVE_KEY = "T".getBytes(StandardCharsets.UTF_8);
  private static final long BLOCK = 10_000;

  private final RocksEngine engine;
  private long current;
  private long reservedUpTo;

  public TickGenerator(RocksEngine engine) {
    this.engine = engine;
    byte[] stored = engine.get(engine.meta(), RESERVE_KEY);
    long start = stored == null ? 100 : ByteBuffer.wrap(stored).getLong();
    current = start;
    reservedUpTo = start;
  }

  public synchronized long next() {
    current++;
    if (current > reservedUpTo) {
      reservedUpTo = current + BLOCK;
      try (WriteBatch batch = new WriteBatch()) {
        batch.put(engine.meta(), RESERVE_KEY, ByteBuffer.allocate(8).putLong(reservedUpTo).array());
        engine.write(batch, true);
      } catch (RocksDBException e) {
        throw new StorageException("cannot reserve ids: " + e.getMessage(), e);
      }
    }
    return current;
  }

  /** The last id handed out (0 before the first). */
  public synchronized long last() {
    return current;
  }
}
