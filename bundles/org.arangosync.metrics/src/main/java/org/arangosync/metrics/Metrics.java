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

  /**
   * Reads a sample of {@code metric} from {@code value} at every scrape, with the metric's own type:
   * a gauge, or a counter kept elsewhere (e.g. a total a component already counts). Registering it
   * again replaces the reader (a component restarted).
   */
  void observe(SyncMetric metric, Supplier<? extends Number> value, String... labelValues);

  /** The counter of {@code metric} (a {@link SyncMetric.Type#COUNTER}) for label values in the order of its label names. */
  default Counter counter(SyncMetric metric, String... labelValues) {
    if (metric.type() != SyncMetric.Type.COUNTER) {
      throw new IllegalArgumentException(metric.metricName() + " is a " + metric.type().exposed() + ", not a counter");
    }
    return counter(metric.metricName(), metric.help(), metric.labels(labelValues));
  }

  /** Removes the sample of {@code metric} for the label values (a shard that is no longer synchronised). */
  default void remove(SyncMetric metric, String... labelValues) {
    remove(metric.metricName(), metric.labels(labelValues));
  }

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
