package org.arangosync.api.spi.replication;

import java.util.List;
import org.arangosync.api.Tick;

/**
 * What one round of {@code /_api/wal/tail} returned: markers in tick order and the headers the
 * reference loop needs.
 *
 * @param markers the markers, each tick after the previous
 * @param lastIncluded the last marker's tick, {@link Tick#ZERO} when none
 * @param lastScanned the last WAL tick the leader examined (filtered markers included)
 * @param lastTick the newest tick in the leader's WAL
 * @param fromPresent false when {@code from} is no longer in the leader's WAL
 * @param checkMore whether more is waiting now
 */
public record TailBatch(List<LogMarker> markers, Tick lastIncluded, Tick lastScanned, Tick lastTick, boolean fromPresent,
    boolean checkMore) {

  public TailBatch {
    markers = List.copyOf(markers);
  }
}
