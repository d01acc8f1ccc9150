package org.arangosync.metrics.internal;

import com.codahale.metrics.Counter;
import com.codahale.metrics.Gauge;
import com.codahale.metrics.Metric;
import com.codahale.metrics.MetricRegistry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.arangosync.metrics.Metrics;
import org.arangosync.metrics.SyncMetric;

/**
 * {@link Metrics} over a Dropwizard registry: each sample is a Dropwizard metric named
 * {@code family{label="value",...}} (so JMX lists one bean per sample), and the families' help and
 * type are kept beside it for the exposition formats.
 *
 * <p>Invariants: a family's type and help never change once made; names and label names are valid
 * Prometheus identifiers; a sample's Dropwizard name is its Prometheus series name.
 */
public final class LabelledRegistry implements Metrics {

  private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
  private static final Pattern LABEL = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

  /** A metric family as the exposition formats describe it. */
  public record Family(String name, String help, String type) {}

  /** One sample: its family, its labels in the order given, and the Dropwizard metric. */
  public record Sample(Family family, Map<String, String> labels, Metric metric) {}

  private final MetricRegistry registry = new MetricRegistry();
  private final Map<String, Family> families = new ConcurrentHashMap<>();
  private final Map<String, Sample> samples = new ConcurrentHashMap<>();

  @Override
  public Counter counter(String name, String help, String... labels) {
    Family family = family(name, help, "counter");
    Map<String, String> labelMap = labels(labels);
    String series = series(name, labelMap);
    Counter counter = registry.counter(series);
    samples.putIfAbsent(series, new Sample(family, labelMap, counter));
    return counter;
  }

  @Override
  public void gauge(String name, String help, Supplier<? extends Number> value, String... labels) {
    register(family(name, help, "gauge"), value, labels);
  }

  @Override
  public void observe(SyncMetric metric, Supplier<? extends Number> value, String... labelValues) {
    register(family(metric.metricName(), metric.help(), metric.type().exposed()), value, metric.labels(labelValues));
  }

  /** A sample read from {@code value} at every scrape (a Dropwizard gauge, also for a counter family). */
  private void register(Family family, Supplier<? extends Number> value, String... labels) {
    String name = family.name();
    Map<String, String> labelMap = labels(labels);
    String series = series(name, labelMap);
    Gauge<Number> gauge = value::get;
    synchronized (this) {
      registry.remove(series);
      registry.register(series, gauge);
      samples.put(series, new Sample(family, labelMap, gauge));
    }
  }

  @Override
  public void remove(String name, String... labels) {
    String series = series(name, labels(labels));
    synchronized (this) {
      registry.remove(series);
      samples.remove(series);
    }
  }

  @Override
  public MetricRegistry registry() {
    return registry;
  }

  /** Every family with its samples, by family name. */
  public Map<Family, List<Sample>> snapshot() {
    Map<String, List<Sample>> byName = new TreeMap<>();
    for (Sample sample : samples.values()) {
      byName.computeIfAbsent(sample.family().name(), any -> new ArrayList<>()).add(sample);
    }
    Map<Family, List<Sample>> result = new LinkedHashMap<>();
    byName.forEach((name, list) -> {
      list.sort((a, b) -> series(name, a.labels()).compareTo(series(name, b.labels())));
      result.put(families.get(name), list);
    });
    return result;
  }

  private Family family(String name, String help, String type) {
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("'" + name + "' is not a metric name ([a-zA-Z_:][a-zA-Z0-9_:]*)");
    }
    Family family = families.computeIfAbsent(name, any -> new Family(name, help, type));
    if (!family.type().equals(type) || !Objects.equals(family.help(), help)) {
      throw new IllegalArgumentException("metric " + name + " exists as a " + family.type() + " with help '" + family.help()
          + "'; it cannot also be a " + type + " with help '" + help + "'");
    }
    return family;
  }

  private static Map<String, String> labels(String... labels) {
    if (labels.length % 2 != 0) {
      throw new IllegalArgumentException("labels come in name, value pairs; got " + labels.length + " strings");
    }
    Map<String, String> map = new LinkedHashMap<>();
    for (int i = 0; i < labels.length; i += 2) {
      if (!LABEL.matcher(labels[i]).matches()) {
        throw new IllegalArgumentException("'" + labels[i] + "' is not a label name ([a-zA-Z_][a-zA-Z0-9_]*)");
      }
      map.put(labels[i], Objects.requireNonNull(labels[i + 1], "the value of label " + labels[i]));
    }
    return map;
  }

  /** The Prometheus series name: {@code name} or {@code name{a="x",b="y"}}, values escaped. */
  static String series(String name, Map<String, String> labels) {
    if (labels.isEmpty()) {
      return name;
    }
    StringBuilder text = new StringBuilder(name).append('{');
    String separator = "";
    for (Map.Entry<String, String> label : labels.entrySet()) {
      text.append(separator).append(label.getKey()).append("=\"").append(escapeLabelValue(label.getValue())).append('"');
      separator = ",";
    }
    return text.append('}').toString();
  }

  static String escapeLabelValue(String value) {
    return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
  }
}
