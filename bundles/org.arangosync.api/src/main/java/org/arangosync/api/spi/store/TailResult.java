package org.arangosync.api.spi.store;

import org.arangosync.api.Tick;

/**
 * What one round of WAL tailing found.
 *
 * @param lastIncluded the tick of the last change handed to the sink, or {@link Tick#ZERO}
 * @param lastScanned the last WAL tick the server examined (filtered markers included)
 * @param lastTick the newest tick of the server's WAL
 * @param fromPresent false when the requested start is no longer in the WAL: changes may be lost,
 *     the shard must be resynchronised
 * @param checkMore whether more changes are waiting right now (poll again at once)
 * @param next the tick to continue from in the next round
 */
public record TailResult(Tick lastIncluded, Tick lastScanned, Tick lastTick, boolean fromPresent, boolean checkMore, Tick next) {}
