package org.arangosync.benchmarks;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.rocksdb.Options;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * The ceiling the mini cluster is measured against: the same documents written to and read from
 * RocksDB through rocksdbjni directly, in the same JVM, on the same disk, in the same run.
 *
 * <p>The options mirror what the mini cluster's engine gives its document column family (RocksDB
 * defaults, two background jobs, WAL on, no sync per write), so that the ratio shows the cost of
 * the server (HTTP, JSON, revisions, markers, counters) and not a difference in RocksDB tuning.
 * Keys are the documents' {@code _key}s, values their JSON bytes.
 */
final class RawRocksBaseline {

  static {
    RocksDB.loadLibrary();
  }

  private RawRocksBaseline() {}

  /** Puts all documents in WriteBatches of {@code batchSize}, then scans them; returns both phases. */
  static List<PhaseResult> run(DocumentSet documents, Path directory, int batchSize) throws RocksDBException {
    int count = documents.size();
    // Encoded before the clock starts: the server receives keys as bytes too.
    byte[][] keys = new byte[count][];
    for (int i = 0; i < count; i++) {
      keys[i] = documents.key(i).getBytes(StandardCharsets.UTF_8);
    }
    try (Options options = new Options().setCreateIfMissing(true).setMaxBackgroundJobs(2);
        WriteOptions writeOptions = new WriteOptions();
        RocksDB db = RocksDB.open(options, directory.toString())) {
      long start = System.nanoTime();
      for (int from = 0; from < count; from += batchSize) {
        int to = Math.min(count, from + batchSize);
        try (WriteBatch batch = new WriteBatch()) {
          for (int i = from; i < to; i++) {
            batch.put(keys[i], documents.json(i));
          }
          db.write(writeOptions, batch);
        }
      }
      long putNanos = System.nanoTime() - start;
      PhaseResult put = new PhaseResult(PhaseResult.RAW_PUT, count, putNanos, documents.totalBytes(), 0, null,
          "WriteBatch of " + batchSize + " puts per write, WAL on, no sync");

      long scanned = 0;
      long scannedBytes = 0;
      start = System.nanoTime();
      try (ReadOptions readOptions = new ReadOptions(); RocksIterator it = db.newIterator(readOptions)) {
        for (it.seekToFirst(); it.isValid(); it.next()) {
          // Copying key and value out is what any reader has to do; the sum keeps the JIT from dropping it.
          scannedBytes += it.key().length + it.value().length;
          scanned++;
        }
        it.status();
      }
      long scanNanos = System.nanoTime() - start;
      long expectedBytes = documents.totalBytes();
      for (byte[] key : keys) {
        expectedBytes += key.length;
      }
      if (scanned != count || scannedBytes != expectedBytes) {
        throw new IllegalStateException("raw RocksDB scan found " + scanned + " entries of " + scannedBytes
            + " bytes; expected " + count + " entries of " + expectedBytes + " bytes");
      }
      PhaseResult scan = new PhaseResult(PhaseResult.RAW_SCAN, count, scanNanos, documents.totalBytes(), 0, null,
          "one iterator over all entries, key and value copied to Java; verified " + count + " entries and their bytes");
      return List.of(put, scan);
    }
  }
}
