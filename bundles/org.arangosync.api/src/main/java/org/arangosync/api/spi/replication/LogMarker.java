package org.arangosync.api.spi.replication;

import java.util.Objects;
import org.arangosync.api.Tick;

/**
 * One marker of a leader's write-ahead log as {@code /_api/wal/tail} reports it.
 *
 * @param tick the marker's tick
 * @param type ArangoDB's marker type (1100/1101 database, 2000–2004 collection, 2100/2101 index,
 *     2110–2112 view, 2200–2202 transaction, 2300 document, 2302 removal)
 * @param database the database name ({@code db}), or null where the marker has none
 * @param collectionGuid the collection's (or view's) globally unique id ({@code cuid}), or null
 * @param transactionId the tid, {@code "0"} (or null) for a standalone operation
 * @param key the document key for 2300/2302, else null
 * @param revision the document revision for 2300/2302, else null
 * @param data the marker's {@code data} object as JSON bytes, or null; never modified by anyone
 */
public record LogMarker(Tick tick, int type, String database, String collectionGuid, String transactionId, String key,
    String revision, byte[] data) {

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
  public static final int DOCUMENT = 2300;
  public static final int REMOVE = 2302;

  public LogMarker {
    Objects.requireNonNull(tick, "tick");
  }

  /** Whether it belongs to a transaction that is committed or aborted by later markers. */
  public boolean inTransaction() {
    return transactionId != null && !transactionId.isEmpty() && !transactionId.equals("0");
  }

  public boolean isDocument() {
    return type == DOCUMENT || type == REMOVE;
  }
}
