package org.arangosync.api.spi.replication;

import java.time.Duration;
import java.util.List;
import org.arangosync.api.Tick;
import org.arangosync.api.spi.store.ChangeSink;

/**
 * A leader as a follower sees it, in ArangoDB's replication API: its replication logger (state,
 * first tick, tick ranges), its WAL ({@code /_api/wal/tail}) and snapshots for the initial sync
 * (batch, inventory, dump). Every call is one request (a dump: one per chunk); failures throw
 * {@link ReplicationException} with the URL and ArangoDB's error — {@code httpStatus() == 0} when
 * the leader could not be reached.
 */
@org.osgi.annotation.versioning.ConsumerType
public interface ReplicationLeader extends AutoCloseable {

  /** {@code GET /_api/replication/logger-state}. */
  LoggerState loggerState();

  /** {@code GET /_api/replication/logger-first-tick}: the oldest tick replication clients can fetch. */
  Tick firstTick();

  /** {@code GET /_api/replication/logger-tick-ranges}: per WAL file, the ticks it holds. */
  List<TickRange> tickRanges();

  /** {@code GET /_api/replication/server-id}. */
  String serverId();

  /**
   * One round of {@code /_api/wal/tail}; markers are checked (ticks ascending, the last one equal
   * to {@code lastincluded}) before the batch is returned.
   */
  TailBatch tail(TailRequest request);

  /** {@code POST /_api/replication/batch}: a snapshot to dump from, kept for {@code ttl}. */
  LeaderBatch createBatch(Duration ttl);

  /** {@code PUT /_api/replication/batch/{id}}: keep the snapshot for another {@code ttl}. */
  void extendBatch(LeaderBatch batch, Duration ttl);

  /** {@code DELETE /_api/replication/batch/{id}}; a batch that is gone already is not an error. */
  void deleteBatch(LeaderBatch batch);

  /**
   * {@code GET /_api/replication/inventory}: ArangoDB's inventory JSON as the leader sent it
   * ({@code collections[]} with {@code parameters} and {@code indexes}, {@code views}, {@code state};
   * with {@code global}: {@code databases{name:{collections, views}}}).
   */
  byte[] inventory(LeaderBatch batch, boolean global, boolean includeSystem);

  /**
   * {@code GET /_db/{database}/_api/replication/dump} of one collection, chunk after chunk until
   * the leader has no more, each document to {@code sink} as a 2300 {@link
   * org.arangosync.api.spi.store.Change}.
   *
   * @return how many documents were dumped
   */
  long dump(LeaderBatch batch, String database, String collection, long chunkSize, ChangeSink sink);

  @Override
  void close();
}
