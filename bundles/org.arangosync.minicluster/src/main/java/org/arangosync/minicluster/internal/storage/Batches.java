package org.arangosync.minicluster.internal.storage;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import net.jpountz.xxhash.XXHash64;
import net.jpountz.xxhash.XXHashFactory;
import org.arangosync.minicluster.internal.http.ArangoError;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksIterator;
import org.rocksdb.Slice;
import org.rocksdb.Snapshot;

/**
 * Replication batches: a RocksDB snapshot kept alive for a TTL, from which a client dumps
 * collections and compares key ranges while the server goes on writing, as
 * {@code /_api/replication/batch}, {@code dump} and {@code keys} do in ArangoDB.
 *
 * <p>Invariant: a batch's snapshot is released exactly once, when the batch is deleted or found
 * expired; every read of a batch extends nothing but checks expiry first.
 */
public final class Batches implements AutoCloseable {

  /** ArangoDB's {@code BatchInfo::DefaultTimeout}. */
  public static final long DEFAULT_TTL_SECONDS = 7200;

  /** The seed of VelocyPack's {@code hashString} (XXH64). */
  private static final long VPACK_HASH_SEED = 0xdeadbeefL;
  private static final long KEYS_HASH_START = 0x012345678L;
  private static final XXHash64 XXH64 = XXHashFactory.fastestJavaInstance().hash64();

  /** One batch. Dump positions are per collection: each dump call continues after the last key. */
  public static final class Batch {
    private final String id;
    private final Snapshot snapshot;
    private final long lastTick;
    private volatile long expiresAtMillis;
    private final Map<Long, byte[]> dumpPositions = new ConcurrentHashMap<>();
    private final Map<String, KeyChunks> keyContexts = new ConcurrentHashMap<>();

    Batch(String id, Snapshot snapshot, long lastTick, long expiresAtMillis) {
      this.id = id;
      this.snapshot = snapshot;
      this.lastTick = lastTick;
      this.expiresAtMillis = expiresAtMillis;
    }

    public String id() {
      return id;
    }

    /** The snapshot's tick: tailing from here after the dump misses nothing. */
    public long lastTick() {
      return lastTick;
    }
  }

  /** The chunk boundaries of one keys context: chunk i starts at {@code lows.get(i)}. */
  private record KeyChunks(long objectId, String collectionName, List<String> lows, long count) {}

  private final RocksEngine engine;
  private final TickGenerator ticks;
  private final LongSupplier clock;
  private final Map<String, Batch> batches = new ConcurrentHashMap<>();

  public Batches(RocksEngine engine, TickGenerator ticks, LongSupplier clock) {
    this.engine = engine;
    this.ticks = ticks;
    this.clock = clock;
  }

  public Batch create(long ttlSeconds) {
    purgeExpired();
    Snapshot snapshot = engine.snapshot();
    Batch batch = new Batch(Long.toString(ticks.next()), snapshot, snapshot.getSequenceNumber(),
        clock.getAsLong() + ttlSeconds * 1000);
    batches.put(batch.id, batch);
    return batch;
  }

  /** The batch, or ArangoDB's 404/1600 when it does not exist or has expired. */
  public Batch get(String id) {
    purgeExpired();
    Batch batch = id == null ? null : batches.get(id);
    if (batch == null) {
      throw new ArangoError(404, ArangoError.CURSOR_NOT_FOUND, "batch id not found");
    }
    return batch;
  }

  public void extend(String id, long ttlSeconds) {
    get(id).expiresAtMillis = clock.getAsLong() + ttlSeconds * 1000;
  }

  public void delete(String id) {
    Batch batch = get(id);
    if (batches.remove(id, batch)) {
      engine.release(batch.snapshot);
    }
  }

  public void purgeExpired() {
    long now = clock.getAsLong();
    for (Batch batch : batches.values()) {
      if (batch.expiresAtMillis < now && batches.remove(batch.id, batch)) {
        engine.release(batch.snapshot);
      }
    }
  }

  /** A dump chunk: x-arango-dump lines and whether more follow. */
  public record Dump(byte[] body, int documents, boolean hasMore) {}

  /**
   * The next documents of {@code collection} in the batch's snapshot, as
   * {@code {"type":2300,"data":{...}}} lines, until about {@code chunkSize} bytes.
   */
  public Dump dump(Batch batch, Collection collection, long chunkSize) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] prefix = "{\"type\":2300,\"data\":".getBytes(StandardCharsets.UTF_8);
    int documents = 0;
    boolean hasMore = false;
    try (Slice upper = new Slice(DocumentKeys.collectionEnd(collection.objectId()));
        ReadOptions options = new ReadOptions().setSnapshot(batch.snapshot).setIterateUpperBound(upper);
        RocksIterator it = engine.iterator(engine.documents(), options)) {
      byte[] position = batch.dumpPositions.get(collection.objectId());
      if (position == null) {
        it.seek(DocumentKeys.collectionStart(collection.objectId()));
      } else {
        it.seek(position);
        if (it.isValid() && java.util.Arrays.equals(it.key(), position)) {
          it.next();
        }
      }
      for (; it.isValid(); it.next()) {
        if (out.size() >= chunkSize) {
          hasMore = true;
          break;
        }
        byte[] document = StoredDocument.withId(it.value(), collection.documentIdPrefix());
        out.write(prefix, 0, prefix.length);
        out.write(document, 0, document.length);
        out.write('}');
        out.write('\n');
        documents++;
        batch.dumpPositions.put(collection.objectId(), it.key());
      }
    }
    return new Dump(out.toByteArray(), documents, hasMore);
  }

  /** {@code POST keys}: prepares a keys context; returns its id and the document count. */
  public String createKeys(Batch batch, Collection collection, long[] count) {
    String id = batch.id + "-" + collection.id();
    // The count is kept in the same write batches as the documents, so the snapshot's value of the
    // counter is exactly the snapshot's number of documents: no need to scan them.
    try (ReadOptions options = new ReadOptions().setSnapshot(batch.snapshot)) {
      count[0] = Store.decodeCount(engine.get(engine.meta(), options, Store.counterKey(collection.objectId())));
    }
    batch.keyContexts.put(id, new KeyChunks(collection.objectId(), collection.documentIdPrefix(), new ArrayList<>(), count[0]));
    return id;
  }

  private Batch batchOfKeys(String keysId) {
    int dash = keysId == null ? -1 : keysId.indexOf('-');
    Batch batch = dash < 0 ? null : batches.get(keysId.substring(0, dash));
    if (batch == null || !batch.keyContexts.containsKey(keysId)) {
      throw new ArangoError(404, ArangoError.CURSOR_NOT_FOUND, "keys context not found");
    }
    return batch;
  }

  /** A key range and the hash over its keys and revisions. */
  public record Chunk(String low, String high, long hash) {}

  /** {@code GET keys/<id>}: the chunks of {@code chunkSize} keys, in key order, with their hashes. */
  public List<Chunk> keyChunks(String keysId, int chunkSize) {
    Batch batch = batchOfKeys(keysId);
    KeyChunks context = batch.keyContexts.get(keysId);
    List<Chunk> chunks = new ArrayList<>();
    context.lows.clear();
    try (Slice upper = new Slice(DocumentKeys.collectionEnd(context.objectId));
        ReadOptions options = new ReadOptions().setSnapshot(batch.snapshot).setIterateUpperBound(upper);
        RocksIterator it = engine.iterator(engine.documents(), options)) {
      String low = null;
      String high = null;
      long hash = KEYS_HASH_START;
      int inChunk = 0;
      for (it.seek(DocumentKeys.collectionStart(context.objectId)); it.isValid(); it.next()) {
        String key = DocumentKeys.keyOf(it.key());
        if (inChunk == 0) {
          low = key;
          hash = KEYS_HASH_START;
        }
        high = key;
        hash ^= vpackStringHash(key) ^ vpackStringHash(StoredDocument.revisionOf(it.value()));
        if (++inChunk == chunkSize) {
          chunks.add(new Chunk(low, high, hash));
          context.lows.add(low);
          inChunk = 0;
        }
      }
      if (inChunk > 0) {
        chunks.add(new Chunk(low, high, hash));
        context.lows.add(low);
      }
    }
    return chunks;
  }

  /** {@code PUT keys/<id>?type=keys}: the keys and revisions of chunk {@code chunk} starting at {@code low}. */
  public List<String[]> chunkKeys(String keysId, String low, int chunkSize) {
    List<String[]> keys = new ArrayList<>();
    forChunk(keysId, low, chunkSize, (key, value) -> keys.add(new String[] {key, StoredDocument.revisionOf(value)}));
    return keys;
  }

  /** {@code PUT keys/<id>?type=docs}: the documents at the given positions of a chunk. */
  public List<byte[]> chunkDocuments(String keysId, String low, int chunkSize, List<Integer> positions) {
    Batch batch = batchOfKeys(keysId);
    String collectionName = batch.keyContexts.get(keysId).collectionName;
    List<byte[]> inChunk = new ArrayList<>();
    forChunk(keysId, low, chunkSize, (key, value) -> inChunk.add(value));
    List<byte[]> documents = new ArrayList<>();
    for (int position : positions) {
      documents.add(position >= 0 && position < inChunk.size() ? StoredDocument.withId(inChunk.get(position), collectionName) : null);
    }
    return documents;
  }

  public void deleteKeys(String keysId) {
    Batch batch = batchOfKeys(keysId);
    batch.keyContexts.remove(keysId);
  }

  private void forChunk(String keysId, String low, int chunkSize, java.util.function.BiConsumer<String, byte[]> visitor) {
    Batch batch = batchOfKeys(keysId);
    KeyChunks context = batch.keyContexts.get(keysId);
    try (Slice upper = new Slice(DocumentKeys.collectionEnd(context.objectId));
        ReadOptions options = new ReadOptions().setSnapshot(batch.snapshot).setIterateUpperBound(upper);
        RocksIterator it = engine.iterator(engine.documents(), options)) {
      it.seek(low == null ? DocumentKeys.collectionStart(context.objectId) : DocumentKeys.documentKey(context.objectId, low));
      for (int n = 0; it.isValid() && n < chunkSize; it.next(), n++) {
        visitor.accept(DocumentKeys.keyOf(it.key()), it.value());
      }
    }
  }

  /** VelocyPack's {@code Slice::hashString()} of a string: XXH64 over its VelocyPack encoding. */
  static long vpackStringHash(String value) {
    byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
    byte[] slice;
    if (utf8.length <= 126) {
      slice = new byte[utf8.length + 1];
      slice[0] = (byte) (0x40 + utf8.length);
      System.arraycopy(utf8, 0, slice, 1, utf8.length);
    } else {
      slice = new byte[utf8.length + 9];
      slice[0] = (byte) 0xbf;
      long length = utf8.length;
      for (int i = 0; i < 8; i++) {
        slice[1 + i] = (byte) (length >>> (8 * i));
      }
      System.arraycopy(utf8, 0, slice, 9, utf8.length);
    }
    return XXH64.hash(slice, 0, slice.length, VPACK_HASH_SEED);
  }

  @Override
  public void close() {
    for (Batch batch : batches.values()) {
      if (batches.remove(batch.id, batch)) {
        engine.release(batch.snapshot);
      }
    }
  }
}
