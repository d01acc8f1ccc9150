package org.arangosync.api.spi.replication;

import org.arangosync.api.Tick;

/**
 * A snapshot of the leader held open for an initial sync ({@code /_api/replication/batch}):
 * dumps read the data as of {@code lastTick}, and the leader keeps its WAL from there on.
 */
public record LeaderBatch(String id, Tick lastTick) {}
