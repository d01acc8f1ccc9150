package org.arangosync.core.replication;

/**
 * What one applier does, told as it happens: for totals that must outlive the applier's run and
 * its {@link ApplierState}, e.g. the process's metrics counters. {@link ApplierState}'s own totals
 * belong to one applier object and begin at 0 with the next one (a host reopened), so they
 * cannot serve as counters that only ever grow.
 *
 * <p>{@link ApplierState} tells these from the same methods that count its own totals, so both
 * count the same things. It calls them on the applier's threads while holding its lock:
 * implementations must be thread-safe and quick, and must not call back into the applier.
 */
public interface ApplierEvents {

  /** Tells nobody. */
  ApplierEvents NONE = new ApplierEvents() {};

  /** A run began ({@code applier-start}, {@code make-follower}, {@code autoStart}). */
  default void started() {}

  /** A request to the leader, answered or not; {@code connectFailed}: the leader could not be reached. */
  default void requested(boolean connectFailed) {}

  /** Log events (markers) received and handled, those the configuration excludes included ({@code totalEvents}). */
  default void events(long count) {}

  /** Documents inserted or updated and documents removed in the follower ({@code totalDocuments + totalRemovals}). */
  default void documents(long count) {}

  /** A full resynchronisation began because the leader no longer had the start tick ({@code autoResync}). */
  default void resynced() {}

  /** An error was recorded as the applier's {@code lastError}. */
  default void failed(int errorNum) {}
}
