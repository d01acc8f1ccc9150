package org.arangosync.api.spi.replication;

import org.arangosync.api.Tick;

/**
 * One round of {@code /_api/wal/tail}.
 *
 * @param from exclusive lower tick
 * @param lastScanned the previous round's {@code lastscanned} ({@link Tick#ZERO} at first)
 * @param chunkSize approximate bytes per answer
 * @param global all databases (only from {@code _system}), else the endpoint's database
 * @param includeSystem whether markers of system collections come too
 * @param serverId the follower's id, for the leader's WAL retention and its logger-state clients
 */
public record TailRequest(Tick from, Tick lastScanned, long chunkSize, boolean global, boolean includeSystem, String serverId) {}
