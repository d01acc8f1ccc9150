package org.arangosync.itests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The monitoring files the distribution ships (from the source tree, {@code karaf-assembly}'s
 * {@code assembly} folder): the Grafana dashboards in {@code etc/grafana} and the Prometheus
 * configuration in {@code etc/prometheus}, and what the dashboards query.
 */
public final class Dashboards {

  /**
   * Labels Prometheus adds to every series it scrapes with {@code etc/prometheus/prometheus.yml}:
   * {@code job} and {@code instance} (the latter relabelled to the target's number), {@code dc} and
   * {@code role} from its relabelling and static labels. Dashboards may select and group on these
   * besides a family's own labels.
   */
  public static final Set<String> SCRAPE_LABELS = Set.of("dc", "instance", "job", "role");

  /** A metric name of ours, not preceded by more of an identifier. */
  private static final Pattern METRIC_NAME = Pattern.compile("(?<![a-zA-Z0-9_:])arangosync_[a-z0-9_]+");
  /** A double-quoted PromQL string, escapes included. */
  static final Pattern STRING = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"");

  private static final ObjectMapper JSON = new ObjectMapper();

  private Dashboards() {}

  /**
   * The distribution's resources in the source tree, {@code karaf-assembly/src/main/resources/assembly},
   * found from the module's base directory (Maven's {@code basedir}, else the working directory) or
   * one of its parents.
   */
  public static Path assemblyDir() {
    Path start = Paths.get(System.getProperty("basedir", System.getProperty("user.dir"))).toAbsolutePath();
    for (Path dir = start; dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve("karaf-assembly/src/main/resources/assembly");
      if (Files.isDirectory(candidate)) {
        return candidate;
      }
    }
    throw new IllegalStateException("no karaf-assembly/src/main/resources/assembly in " + start + " or its parents");
  }

  /** The Prometheus configuration, with its placeholders. */
  public static Path prometheusConfig() {
    return assemblyDir().resolve("etc/prometheus/prometheus.yml");
  }

  /** The dashboard files, {@code etc/grafana/*.json}, by name. */
  public static List<Path> files() {
    try (Stream<Path> files = Files.list(assemblyDir().resolve("etc/grafana"))) {
      return files.filter(file -> file.getFileName().toString().endsWith(".json")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static JsonNode read(Path dashboard) {
    try {
      return JSON.readTree(dashboard.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read dashboard " + dashboard, e);
    }
  }

  /** Every panel of {@code dashboard}, rows and the panels inside (collapsed) rows included. */
  public static List<JsonNode> panels(JsonNode dashboard) {
    List<JsonNode> panels = new ArrayList<>();
    collectPanels(dashboard.path("panels"), panels);
    return panels;
  }

  private static void collectPanels(JsonNode list, List<JsonNode> into) {
    for (JsonNode panel : list) {
      into.add(panel);
      collectPanels(panel.path("panels"), into);
    }
  }

  /** One query of a dashboard: where it is, its PromQL and its legend ({@code null} for a variable's query). */
  public record Query(String where, String expr, String legend) {}

  /** Every query of {@code dashboard}: each panel's {@code targets[].expr}, and each query variable's query. */
  public static List<Query> queries(JsonNode dashboard) {
    String title = dashboard.path("title").asText();
    List<Query> queries = new ArrayList<>();
    for (JsonNode panel : panels(dashboard)) {
      for (JsonNode target : panel.path("targets")) {
        queries.add(new Query(title + " / " + panel.path("title").asText() + " / " + target.path("refId").asText(),
            target.path("expr").asText(), target.path("legendFormat").asText("")));
      }
    }
    for (JsonNode variable : dashboard.path("templating").path("list")) {
      if ("query".equals(variable.path("type").asText())) {
        JsonNode query = variable.path("query");
        String text = query.isTextual() ? query.asText() : query.path("query").asText();
        queries.add(new Query(title + " / variable " + variable.path("name").asText(), text, null));
      }
    }
    return queries;
  }

  /** Every query of every dashboard. */
  public static List<Query> queries() {
    List<Query> queries = new ArrayList<>();
    for (Path file : files()) {
      queries.addAll(queries(read(file)));
    }
    return queries;
  }

  /**
   * Every metric name the dashboards query (panels and variables), e.g. to check that a running
   * master and worker expose them.
   */
  public static Set<String> metricNames() {
    Set<String> names = new TreeSet<>();
    for (Query query : queries()) {
      names.addAll(metricNames(query.expr()));
    }
    return names;
  }

  /**
   * The metric names in a PromQL expression: identifiers {@code arangosync_...} outside strings
   * (a label value may name anything) that are not called (none of PromQL's functions starts so,
   * but a recording rule's function-like use would not be a metric).
   */
  public static Set<String> metricNames(String expr) {
    String code = STRING.matcher(expr).replaceAll("\"\"");
    Set<String> names = new TreeSet<>();
    Matcher name = METRIC_NAME.matcher(code);
    while (name.find()) {
      if (!code.substring(name.end()).stripLeading().startsWith("(")) {
        names.add(name.group());
      }
    }
    return names;
  }
}
