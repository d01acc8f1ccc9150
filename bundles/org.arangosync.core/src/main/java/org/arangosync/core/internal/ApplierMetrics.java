package org.arangosync.core.internal;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.arangosync.core.replication.Applier;
import org.arangosync.core.replication.ApplierEvents;
import org.arangosync.core.replication.ApplierState;
import org.arangosync.metrics.Metrics;
import org.arangosync.metrics.SyncMetric;

/**
 * The {@code arangosync_applier_*} families of one host's appliers, labelled {@code database}; the
 * server-wide applier is {@value #GLOBAL}, a name no database can have (ArangoDB keeps names
 * beginning with {@code _} for {@code _system}).
 *
 * <p>Counters are the process's {@link Metrics} counters, incremented as an applier tells its
 * {@link ApplierEvents}. So they only grow while the process lives: across stops and starts of an
 * applier and across the host closed and opened again (a changed configuration), whereas
 * {@link ApplierState}'s totals begin at 0 with every applier object.
 *
 * <p>Gauges (running, last applied tick, lag) are read from the applier's state at every scrape.
 * They appear with an applier's first run, not when it is made: a request naming any database
 * makes an applier, so only appliers that ran (and counters of appliers that did something) keep
 * the label values to the databases actually replicated. {@link #close()} removes the gauges, as
 * the host's appliers are gone; the counters stay, to go on from their values when it opens again.
 *
 * <p>Thread safety: appliers tell events on their own threads; the set of labels with gauges is
 * concurrent.
 */
final class ApplierMetrics implements AutoCloseable {

  /** The {@code database} label of the server-wide applier. */
  static final String GLOBAL = "_global";

  private static final List<SyncMetric> GAUGES =
      List.of(SyncMetric.APPLIER_RUNNING, SyncMetric.APPLIER_LAST_APPLIED_TICK, SyncMetric.APPLIER_LAG_TICKS);
  private static final List<SyncMetric> COUNTERS = List.of(SyncMetric.APPLIER_REQUESTS, SyncMetric.APPLIER_FAILED_CONNECTS,
      SyncMetric.APPLIER_EVENTS, SyncMetric.APPLIER_DOCUMENTS, SyncMetric.APPLIER_RESYNCS, SyncMetric.APPLIER_ERRORS);

  private final Metrics metrics;
  private final Set<String> withGauges = ConcurrentHashMap.newKeySet();

  ApplierMetrics(Metrics metrics) {
    this.metrics = metrics;
  }

  /** Where {@code applier} tells its events: the counters of its database. */
  ApplierEvents eventsOf(Applier applier) {
    String database = applier.global() ? GLOBAL : applier.database();
    ApplierState state = applier.state();
    return new ApplierEvents() {
      @Override
      public void started() {
        // Counters shown at 0 from the first run on, so that rates start there rather than at the first event.
        COUNTERS.forEach(counter -> metrics.counter(counter, database));
        metrics.observe(SyncMetric.APPLIER_RUNNING, () -> state.running() ? 1 : 0, database);
        metrics.observe(SyncMetric.APPLIER_LAST_APPLIED_TICK, () -> state.lastAppliedTick().value(), database);
        metrics.observe(SyncMetric.APPLIER_LAG_TICKS, state::lagTicks, database);
        withGauges.add(database);
      }

      @Override
      public void requested(boolean connectFailed) {
        metrics.counter(SyncMetric.APPLIER_REQUESTS, database).inc();
        if (connectFailed) {
          metrics.counter(SyncMetric.APPLIER_FAILED_CONNECTS, database).inc();
        }
      }

      @Override
      public void events(long count) {
        metrics.counter(SyncMetric.APPLIER_EVENTS, database).inc(count);
      }

      @Override
      public void documents(long count) {
        metrics.counter(SyncMetric.APPLIER_DOCUMENTS, database).inc(count);
      }

      @Override
      public void resynced() {
        metrics.counter(SyncMetric.APPLIER_RESYNCS, database).inc();
      }

      @Override
      public void failed(int errorNum) {
        metrics.counter(SyncMetric.APPLIER_ERRORS, database).inc();
      }
    };
  }

  /** Removes the gauges of every applier that ran: they would read appliers that are gone. */
  @Override
  public void close() {
    for (String database : withGauges) {
      GAUGES.forEach(gauge -> metrics.remove(gauge, database));
    }
    withGauges.clear();
  }
}
