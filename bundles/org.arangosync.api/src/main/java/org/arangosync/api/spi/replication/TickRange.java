package org.arangosync.api.spi.replication;

import org.arangosync.api.Tick;

/**
 * The ticks one WAL file holds, as {@code logger-tick-ranges} reports them.
 *
 * @param datafile e.g. {@code /archive/000004.log}
 * @param status {@code collected} (archived) or {@code open}
 */
public record TickRange(String datafile, String status, Tick tickMin, Tick tickMax) {}
