package org.arangosync.metrics;

import com.codahale.metrics.Counter;
import com.codahale.metrics.MetricRegistry;
import java.util.function.Supplier;

/**
 * The process's metrics, as Prometheus families: a family has a name ({@code arangosync_master_*},
 * {@code arangosync_worker_*}), a help text, a type, and one sample per combination of label
 * values. Label values must come from a bounded set (a database, collection and shard index, an
 * operation, a result), never from request data.
 *
 * <p>Thread-safe. Asking twice for the same family and labels returns the same counter; asking for
 * a family with another help text or type than it was made with fails.
 */
@org.osgi.annotation.versioning.ProviderType
public interface Metrics {

  /**
   * The counter of family {@code name} for {@code labels} (names and values alternating, e.g.
   * {@code "op", "save", "result", "success"}; none for a family without labels).
   */
  Counter counter(String name, String help, String... labels);

  /**
   * A gauge of family {@code name} for {@code labels}, read from {@code value} at every scrape;
   * registering it again replaces the reader (a component restarted).
   */
  void gauge(String name, String help, Supplier<? extends Number> value, String... labels);

  /** Removes the sample of family {@code name} for {@code labels} (a shard that is no longer synchronised). */
  void remove(String name, String... labels);

  /** The underlying Dropwizard registry (what JMX shows), for reporters. */
  MetricRegistry registry();

  /**
   * A registry of its own, not published anywhere: for components run outside OSGi (tests, the
   * standalone launcher). In Karaf, use the {@code Metrics} service, which {@code /metrics} shows.
   */
  static Metrics create() {
    return new org.arangosync.metrics.internal.LabelledRegistry();
  }
}
