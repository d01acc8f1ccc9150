package org.arangosync.api.spi.store;

import org.arangosync.api.Tick;

/**
 * A consistent snapshot of one shard kept on its DB-Server for a time to live: dump it, then tail
 * the WAL from {@link #tick()} so that nothing written after the snapshot is missed.
 */
public record Snapshot(ShardLocation location, String batchId, Tick tick) {}
