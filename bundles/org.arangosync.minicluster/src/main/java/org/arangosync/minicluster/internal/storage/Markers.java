package org.arangosync.minicluster.internal.storage;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Arrays;
import org.arangosync.minicluster.internal.http.Json;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;

/**
 * The replication marker types of ArangoDB ({@code TRI_replication_operation_e}) and how the store
 * records them in RocksDB's WAL.
 *
 * <p>Invariant: every marker is a {@code LogData} header immediately followed by exactly one
 * put, delete or delete-range. LogData takes no sequence number, the operation takes one, so the
 * marker's tick is the RocksDB sequence number of its operation: ticks are unique, increasing,
 * and exactly what {@code /_api/wal/tail} reports. Operations without a header (counters, index
 * entries) take sequence numbers but produce no marker.
 */
public final class Markers {

  public static final int DATABASE_CREATE = 1100;
  public static final int DATABASE_DROP = 1101;
  public static final int COLLECTION_CREATE = 2000;
  public static final int COLLECTION_DROP = 2001;
  public static final int COLLECTION_RENAME = 2002;
  public static final int COLLECTION_CHANGE = 2003;
  public static final int COLLECTION_TRUNCATE = 2004;
  public static final int INDEX_CREATE = 2100;
  public static final int INDEX_DROP = 2101;
  public static final int VIEW_CREATE = 2110;
  public static final int VIEW_DROP = 2111;
  public static final int VIEW_CHANGE = 2112;
  public static final int TRANSACTION_START = 2200;
  public static final int TRANSACTION_COMMIT = 2201;
  public static final int TRANSACTION_ABORT = 2202;
  public static final int DOCUMENT_UPSERT = 2300;
  public static final int DOCUMENT_REMOVE = 2302;

  /** Marks our LogData blobs and their format version. */
  static final byte HEADER_V1 = 'M';

  private Markers() {}

  /** A header for a marker of {@code type} in database {@code database}. */
  static ObjectNode header(int type, Database database) {
    ObjectNode header = Json.object();
    header.put("type", type);
    header.put("db", database.name());
    header.put("dbId", Long.toString(database.id()));
    return header;
  }

  /** A header for a marker about a collection. */
  static ObjectNode header(int type, Collection collection) {
    ObjectNode header = header(type, collection.database());
    header.put("cuid", collection.globallyUniqueId());
    header.put("cid", Long.toString(collection.id()));
    header.put("cname", collection.name());
    if (!collection.documentIdPrefix().equals(collection.name())) {
      header.put("idp", collection.documentIdPrefix()); // a shard: _id names its cluster collection
    }
    return header;
  }

  static void append(WriteBatch batch, ObjectNode header) {
    byte[] json = Json.bytes(header);
    byte[] blob = new byte[json.length + 1];
    blob[0] = HEADER_V1;
    System.arraycopy(json, 0, blob, 1, json.length);
    try {
      batch.putLogData(blob);
    } catch (RocksDBException e) {
      throw new StorageException("cannot add a marker to a write batch: " + e.getMessage(), e);
    }
  }

  /** The header in a LogData blob, or null when the blob is not one of ours. */
  static ObjectNode read(byte[] blob) {
    if (blob.length < 2 || blob[0] != HEADER_V1) {
      return null;
    }
    return (ObjectNode) Json.parse(Arrays.copyOfRange(blob, 1, blob.length));
  }
}
