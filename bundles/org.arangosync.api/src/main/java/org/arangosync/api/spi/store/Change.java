package org.arangosync.api.spi.store;

import org.arangosync.api.Tick;

/**
 * One replication marker of a shard: a document written or removed, a transaction boundary, or a
 * structure change, as ArangoDB's WAL and dump report them.
 *
 * @param tick the marker's WAL tick; {@link Tick#ZERO} for documents from a snapshot dump
 * @param type ArangoDB's marker type: 2300 document, 2302 removal, 2200/2201/2202 transaction
 *     start/commit/abort, 2000–2004 collection, 2100/2101 index, 2110–2112 view
 * @param transactionId the tid, "0" for a standalone operation
 * @param key the document key for 2300/2302, else null
 * @param revision the document revision for 2300/2302, else null
 * @param data the marker's {@code data} object as JSON bytes (the whole new document for 2300), or
 *     null; shared, never modified by anyone
 */
public record Change(Tick tick, int type, String transactionId, String key, String revision, byte[] data) {

  public static final int DOCUMENT = 2300;
  public static final int REMOVE = 2302;
  public static final int TRANSACTION_START = 2200;
  public static final int TRANSACTION_COMMIT = 2201;
  public static final int TRANSACTION_ABORT = 2202;

  public boolean isDocument() {
    return type == DOCUMENT || type == REMOVE;
  }
}
