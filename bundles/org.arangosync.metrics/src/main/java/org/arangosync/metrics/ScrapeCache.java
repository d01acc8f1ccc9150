package org.arangosync.metrics;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * A value that several gauges read at every scrape, computed at most once per {@code maxAge}: a
 * scrape reads each sample separately, and the value (tasks by type and status, a registry read
 * from the agency) is one computation for all of them.
 *
 * <p>Thread-safe; a failed computation is not cached (the next read tries again) and its
 * exception reaches the reader.
 */
public final class ScrapeCache<T> implements Supplier<T> {

  private final Supplier<T> compute;
  private final long maxAgeNanos;
  private T value;
  private long computedAtNanos;
  private boolean computed;

  public ScrapeCache(Supplier<T> compute, Duration maxAge) {
    this.compute = Objects.requireNonNull(compute, "compute");
    this.maxAgeNanos = maxAge.toNanos();
  }

  @Override
  public synchronized T get() {
    long now = System.nanoTime();
    if (!computed || now - computedAtNanos >= maxAgeNanos) {
      value = compute.get();
      computedAtNanos = now;
      computed = true;
    }
    return value;
  }
}
