package org.arangosync.metrics.internal;

import com.codahale.metrics.Counter;
import com.codahale.metrics.Gauge;
import com.codahale.metrics.Metric;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;

/**
 * The two formats of {@code /metrics} and {@code /metrics.json}, both with each family's help:
 * Prometheus' text format 0.0.4 ({@code # HELP}, {@code # TYPE}, one line per sample) and
 * ArangoSync's JSON ({@code {name: {help, type, samples: [{value, labels?}]}}}, labels left out of
 * a sample that has none, as the seed shows it).
 */
public final class Exposition {

  /** The content type of the Prometheus text format. */
  public static final String PROMETHEUS_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private Exposition() {}

  public static String prometheus(LabelledRegistry registry) {
    StringBuilder text = new StringBuilder();
    for (Map.Entry<LabelledRegistry.Family, List<LabelledRegistry.Sample>> family : registry.snapshot().entrySet()) {
      String name = family.getKey().name();
      text.append("# HELP ").append(name).append(' ').append(escapeHelp(family.getKey().help())).append('\n');
      text.append("# TYPE ").append(name).append(' ').append(family.getKey().type()).append('\n');
      for (LabelledRegistry.Sample sample : family.getValue()) {
        text.append(LabelledRegistry.series(name, sample.labels())).append(' ').append(format(value(sample.metric()))).append('\n');
      }
    }
    return text.toString();
  }

  public static ObjectNode json(LabelledRegistry registry) {
    ObjectNode root = JsonNodeFactory.instance.objectNode();
    for (Map.Entry<LabelledRegistry.Family, List<LabelledRegistry.Sample>> family : registry.snapshot().entrySet()) {
      ObjectNode node = root.putObject(family.getKey().name()).put("help", family.getKey().help()).put("type", family.getKey().type());
      var samples = node.putArray("samples");
      for (LabelledRegistry.Sample sample : family.getValue()) {
        ObjectNode each = samples.addObject();
        double value = value(sample.metric());
        if (value == Math.rint(value) && !Double.isInfinite(value) && Math.abs(value) < 1e15) {
          each.put("value", (long) value);
        } else {
          each.put("value", value);
        }
        if (!sample.labels().isEmpty()) {
          ObjectNode labels = each.putObject("labels");
          sample.labels().forEach(labels::put);
        }
      }
    }
    return root;
  }

  private static double value(Metric metric) {
    if (metric instanceof Counter counter) {
      return counter.getCount();
    }
    if (metric instanceof Gauge<?> gauge) {
      Object value = gauge.getValue();
      return value instanceof Number number ? number.doubleValue() : Double.NaN;
    }
    throw new IllegalStateException("a labelled registry holds counters and gauges only, not " + metric.getClass().getName());
  }

  /** Integers without a decimal point, the rest as Java prints doubles (Prometheus reads both, and NaN, +Inf, -Inf). */
  private static String format(double value) {
    if (Double.isNaN(value)) {
      return "NaN";
    }
    if (Double.isInfinite(value)) {
      return value > 0 ? "+Inf" : "-Inf";
    }
    if (value == Math.rint(value) && Math.abs(value) < 1e15) {
      return Long.toString((long) value);
    }
    return Double.toString(value);
  }

  private static String escapeHelp(String help) {
    return help.replace("\\", "\\\\").replace("\n", "\\n");
  }
}
