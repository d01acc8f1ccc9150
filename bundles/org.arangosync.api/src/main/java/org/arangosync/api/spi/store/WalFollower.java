package org.arangosync.api.spi.store;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.arangosync.api.Tick;

/**
 * Follows one shard's WAL: runs {@link ClusterStore#tail} rounds one after another, at once while
 * the server says more is waiting, and otherwise after an idle wait that starts at
 * {@code idleMin} and doubles up to {@code idleMax} while nothing comes (ArangoDB's adaptive
 * polling). Stops promptly: the idle wait is a wait on the stop signal.
 *
 * <p>Invariants: changes reach the sink in tick order, each once per run; the position only moves
 * past changes the sink accepted; a start that is no longer in the WAL ends the run with
 * {@link StartTickGoneException} instead of silently skipping changes.
 */
public final class WalFollower {

  /** The shard's WAL no longer holds the start tick: changes are lost, resynchronise the shard. */
  public static final class StartTickGoneException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** ArangoDB's ERROR_REPLICATION_START_TICK_NOT_PRESENT. */
    public static final int ERROR_NUM = 1414;

    private final transient Tick from;

    public StartTickGoneException(ShardLocation location, Tick from) {
      super("the WAL of " + location.shard() + " on " + location.serverId() + " no longer holds tick " + from
          + " (errorNum " + ERROR_NUM + "): the shard must be resynchronised");
      this.from = from;
    }

    public Tick from() {
      return from;
    }
  }

  private final ClusterStore store;
  private final ShardLocation location;
  private final long chunkBytes;
  private final Duration idleMin;
  private final Duration idleMax;
  private final CountDownLatch stopped = new CountDownLatch(1);
  private volatile Tick position;

  public WalFollower(ClusterStore store, ShardLocation location, Tick from, long chunkBytes, Duration idleMin, Duration idleMax) {
    this.store = Objects.requireNonNull(store, "store");
    this.location = Objects.requireNonNull(location, "location");
    this.position = Objects.requireNonNull(from, "from");
    this.chunkBytes = chunkBytes;
    this.idleMin = idleMin;
    this.idleMax = idleMax;
  }

  /** The tick the next round starts after: everything up to it was handed to the sink. */
  public Tick position() {
    return position;
  }

  /**
   * Follows until {@link #stop()} (returns normally), the sink throws, or the store fails (the
   * exception propagates; {@link #position()} tells where to resume).
   */
  public void run(ChangeSink sink) {
    Duration idle = idleMin;
    while (stopped.getCount() > 0) {
      TailResult round = store.tail(location, position, chunkBytes, sink);
      if (!round.fromPresent()) {
        throw new StartTickGoneException(location, position);
      }
      position = round.next();
      if (round.checkMore()) {
        idle = idleMin;
        continue;
      }
      boolean received = round.lastIncluded().compareTo(Tick.ZERO) > 0;
      idle = received ? idleMin : min(idle.multipliedBy(2), idleMax);
      try {
        if (stopped.await(idle.toMillis(), TimeUnit.MILLISECONDS)) {
          return;
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** Makes {@link #run} return after its current round; safe from any thread. */
  public void stop() {
    stopped.countDown();
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }
}
