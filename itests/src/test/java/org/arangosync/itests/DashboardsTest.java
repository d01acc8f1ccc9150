package org.arangosync.itests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.arangosync.metrics.SyncMetric;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The distribution's monitoring files against the metric catalogue: the Grafana dashboards query
 * only families of {@link SyncMetric} with their own labels (or those the scrape adds), every family
 * is on a dashboard, counters are read through {@code rate}/{@code increase}, and Prometheus accepts
 * the scrape configuration ({@code promtool check config}).
 */
class DashboardsTest {

  /**
   * Families deliberately on no dashboard, with the reason. Empty: every family is shown somewhere,
   * so none is recorded and then invisible.
   */
  private static final Map<SyncMetric, String> NOT_ON_A_DASHBOARD = new EnumMap<>(SyncMetric.class);

  /** The series a query may select besides our families: Prometheus' own {@code up} (the variables' queries), with only the scrape labels. */
  private static final Map<String, Set<String>> LABELS_BY_SERIES = labelsBySeries();

  private static final Pattern SELECTOR =
      Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)?\\s*\\{((?:[^{}\"]|\"(?:[^\"\\\\]|\\\\.)*\")*)}");
  private static final Pattern MATCHER =
      Pattern.compile("\\G\\s*([a-zA-Z_][a-zA-Z0-9_]*)\\s*(=~|!~|!=|=)\\s*\"(?:[^\"\\\\]|\\\\.)*\"\\s*(?:,|$)");
  private static final Pattern GROUPING = Pattern.compile("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\(([^)]*)\\)");
  private static final Pattern LABEL_VALUES = Pattern.compile("label_values\\((.*),\\s*([a-zA-Z_][a-zA-Z0-9_]*)\\s*\\)\\s*$");
  private static final Pattern LEGEND_LABEL = Pattern.compile("\\{\\{\\s*([a-zA-Z_][a-zA-Z0-9_]*)\\s*}}");
  private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
  private static final Pattern RANGE_FUNCTION_OF_OURS = Pattern.compile(
      "\\b([a-z_]+)\\(\\s*(arangosync_[a-z0-9_]+)\\s*(?:\\{(?:[^{}\"]|\"(?:[^\"\\\\]|\\\\.)*\")*})?\\s*\\[([^\\]]*)]\\s*\\)");
  private static final Pattern OUR_NAME = Pattern.compile("(?<![a-zA-Z0-9_:])arangosync_[a-z0-9_]+");
  private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z0-9]+)}");

  private static Map<String, Set<String>> labelsBySeries() {
    Map<String, Set<String>> labels = new HashMap<>();
    for (SyncMetric metric : SyncMetric.values()) {
      labels.put(metric.metricName(), Set.copyOf(metric.labelNames()));
    }
    labels.put("up", Set.of());
    return Map.copyOf(labels);
  }

  private static SyncMetric.Type typeOf(String metricName) {
    return Arrays.stream(SyncMetric.values()).filter(metric -> metric.metricName().equals(metricName)).findFirst()
        .map(SyncMetric::type).orElse(null);
  }

  // ------------------------------------------------------------------------------ the dashboards' shape

  @Test
  void thereAreTheFiveDashboards() {
    assertThat(Dashboards.files()).extracting(file -> file.getFileName().toString()).containsExactly(
        "arangosync-applier.json", "arangosync-overview.json", "arangosync-shards.json", "arangosync-transport.json",
        "arangosync-workers.json");
  }

  @Test
  void everyDashboardHasTitleUidAndPanelsWithUniqueIdsQueryingTheTemplatedDatasource() {
    Set<String> uids = new HashSet<>();
    for (Path file : Dashboards.files()) {
      JsonNode dashboard = Dashboards.read(file);
      String name = file.getFileName().toString();
      assertThat(dashboard.path("title").asText()).as(name + " title").isNotBlank();
      String uid = dashboard.path("uid").asText();
      assertThat(uid).as(name + " uid (Grafana allows 40 characters)").isNotBlank().hasSizeLessThanOrEqualTo(40);
      assertThat(uids.add(uid)).as(name + " uid " + uid + " is unique").isTrue();
      assertThat(dashboard.path("schemaVersion").asInt()).as(name + " schemaVersion").isBetween(36, 39);
      assertThat(dashboard.path("templating").path("list").findValuesAsText("name")).as(name + " variables")
          .contains("DS_PROMETHEUS");

      List<JsonNode> panels = Dashboards.panels(dashboard);
      assertThat(panels).as(name + " panels").isNotEmpty();
      Set<Integer> ids = new HashSet<>();
      for (JsonNode panel : panels) {
        String where = name + " / " + panel.path("title").asText();
        assertThat(panel.path("id").isInt()).as(where + " has an id").isTrue();
        assertThat(ids.add(panel.path("id").asInt())).as(where + " id " + panel.path("id") + " is unique").isTrue();
        JsonNode grid = panel.path("gridPos");
        assertThat(grid.path("x").asInt() + grid.path("w").asInt()).as(where + " fits the 24 columns").isBetween(1, 24);
        if ("row".equals(panel.path("type").asText())) {
          continue;
        }
        assertThat(panel.path("datasource").path("uid").asText()).as(where + " datasource").isEqualTo("${DS_PROMETHEUS}");
        assertThat(panel.path("fieldConfig").path("defaults").path("unit").asText()).as(where + " unit").isNotBlank();
        assertThat(panel.path("targets")).as(where + " targets").isNotEmpty();
        for (JsonNode target : panel.path("targets")) {
          assertThat(target.path("expr").asText()).as(where + " expr").isNotBlank();
          assertThat(target.path("datasource").path("uid").asText()).as(where + " target datasource").isEqualTo("${DS_PROMETHEUS}");
        }
      }
    }
  }

  /** A panel of rates shows a unit per second; a ratio of rates shows a fraction. */
  @Test
  void panelsOfRatesHaveAPerSecondUnit() {
    Set<String> perSecond = Set.of("ops", "reqps", "Bps", "binBps", "percentunit");
    List<String> wrong = new ArrayList<>();
    for (Path file : Dashboards.files()) {
      for (JsonNode panel : Dashboards.panels(Dashboards.read(file))) {
        List<String> exprs = panel.path("targets").findValuesAsText("expr");
        if (!exprs.isEmpty() && exprs.stream().allMatch(expr -> expr.contains("rate("))) {
          String unit = panel.path("fieldConfig").path("defaults").path("unit").asText();
          if (!perSecond.contains(unit)) {
            wrong.add(file.getFileName() + " / " + panel.path("title").asText() + ": " + unit);
          }
        }
      }
    }
    assertThat(wrong).as("rate panels whose unit is not per second").isEmpty();
  }

  // ------------------------------------------------------------------------------ the queries against SyncMetric

  @Test
  void everyMetricNameIsInTheCatalogue() {
    Set<String> catalogue = Arrays.stream(SyncMetric.values()).map(SyncMetric::metricName).collect(Collectors.toSet());
    assertThat(Dashboards.metricNames()).isNotEmpty().isSubsetOf(catalogue);
  }

  @Test
  void everyFamilyIsOnADashboardOrListedAsAnException() {
    Set<String> used = Dashboards.metricNames();
    List<String> invisible = Arrays.stream(SyncMetric.values())
        .filter(metric -> !NOT_ON_A_DASHBOARD.containsKey(metric))
        .map(SyncMetric::metricName)
        .filter(name -> !used.contains(name))
        .toList();
    assertThat(invisible).as("families on no dashboard").isEmpty();
    assertThat(NOT_ON_A_DASHBOARD.keySet()).as("exceptions that are on a dashboard after all")
        .noneMatch(metric -> used.contains(metric.metricName()));
  }

  @Test
  void everyLabelIsTheFamilysOrOneTheScrapeAdds() {
    List<String> problems = new ArrayList<>();
    for (Dashboards.Query query : Dashboards.queries()) {
      labelProblems(query.expr(), query.legend()).forEach(problem -> problems.add(query.where() + ": " + problem));
    }
    assertThat(problems).isEmpty();
  }

  @Test
  void countersAreReadThroughRateOrIncreaseAndGaugesNot() {
    List<String> problems = new ArrayList<>();
    for (Dashboards.Query query : Dashboards.queries()) {
      counterProblems(query.expr()).forEach(problem -> problems.add(query.where() + ": " + problem));
    }
    assertThat(problems).isEmpty();
  }

  /** The checks above find what they are for (so that their passing means something). */
  @Test
  void theChecksFindWrongQueries() {
    assertThat(labelProblems("sum by (dc, op) (rate(arangosync_worker_transport_errors_total{dc=~\"$dc\"}[5m]))", "{{dc}} {{op}}"))
        .isEmpty();
    assertThat(labelProblems("arangosync_worker_transport_errors_total{shard=\"1\"}", "")).singleElement().asString()
        .contains("'shard'");
    assertThat(labelProblems("sum by (database) (arangosync_master_shards)", "")).singleElement().asString()
        .contains("'database'");
    assertThat(labelProblems("sum(arangosync_master_shards) without (status, type)", "")).singleElement().asString()
        .contains("'type'");
    assertThat(labelProblems("sum by (status) (arangosync_master_shards)", "{{dc}}")).singleElement().asString()
        .contains("legend").contains("'dc'");
    assertThat(labelProblems("arangosync_master_shards{status=failed}", "")).singleElement().asString().contains("cannot parse");
    assertThat(labelProblems("{__name__=\"arangosync_master_shards\"}", "")).singleElement().asString().contains("no metric name");
    assertThat(labelProblems("arangosync_master_shard{status=\"failed\"}", "")).singleElement().asString()
        .contains("not in SyncMetric");
    assertThat(labelProblems("label_values(arangosync_applier_running, collection)", null)).singleElement().asString()
        .contains("'collection'");
    // the scrape's labels are everyone's; a family's label with the name of a scrape label is another family's
    assertThat(labelProblems("max by (dc, instance, job, role) (arangosync_master_workers{dc=\"A\"})", "{{role}}")).isEmpty();
    assertThat(labelProblems("arangosync_master_workers{type=\"master\"}", "")).singleElement().asString().contains("'type'");

    assertThat(counterProblems("rate(arangosync_worker_bytes_sent_total{dc=\"A\"}[$__rate_interval])")).isEmpty();
    assertThat(counterProblems("arangosync_worker_bytes_sent_total")).singleElement().asString().contains("counter");
    assertThat(counterProblems("max_over_time(arangosync_worker_bytes_sent_total[5m])")).singleElement().asString().contains("counter");
    assertThat(counterProblems("rate(arangosync_worker_shard_lag_ticks[5m])")).singleElement().asString().contains("gauge");

    assertThat(Dashboards.metricNames("sum(rate(arangosync_a_total{x=\"arangosync_b\"}[5m])) / arangosync_c"))
        .containsExactly("arangosync_a_total", "arangosync_c");
  }

  /**
   * What is wrong with the labels of {@code expr} (and of its {@code legend}, {@code null} for none):
   * a selector label, grouping label or {@code label_values} label that is neither one of the selected
   * family's labels (for grouping: of every family in the expression) nor one the scrape adds; a
   * selector that cannot be parsed or names no known series; a legend label the result cannot have.
   */
  static List<String> labelProblems(String expr, String legend) {
    List<String> problems = new ArrayList<>();
    Set<String> series = new TreeSet<>(Dashboards.metricNames(expr));
    Matcher selector = SELECTOR.matcher(expr);
    while (selector.find()) {
      String name = selector.group(1);
      if (name == null || name.isEmpty()) {
        problems.add("selector {" + selector.group(2) + "} has no metric name");
        continue;
      }
      series.add(name);
      Set<String> allowed = allowedLabels(name);
      String matchers = selector.group(2);
      Matcher matcher = MATCHER.matcher(matchers);
      int end = 0;
      while (end < matchers.length() && matcher.find(end) && matcher.start() == end && matcher.end() > end) {
        end = matcher.end();
        if (allowed != null && !allowed.contains(matcher.group(1))) {
          problems.add("label '" + matcher.group(1) + "' is not one of " + name + "'s " + allowed);
        }
      }
      if (!matchers.substring(end).isBlank()) {
        problems.add("cannot parse selector " + selector.group() + " from '" + matchers.substring(end) + "'");
      }
    }
    for (String name : series) {
      if (allowedLabels(name) == null) {
        problems.add(name + " is not in SyncMetric");
      }
    }
    Set<String> everyonesLabels = commonLabels(series);

    String code = Dashboards.STRING.matcher(expr).replaceAll("\"\"");
    Set<String> groupedBy = null;
    Matcher grouping = GROUPING.matcher(code);
    while (grouping.find()) {
      Set<String> labels = new TreeSet<>();
      for (String label : grouping.group(2).split(",")) {
        String trimmed = label.strip();
        if (trimmed.isEmpty()) {
          continue;
        }
        labels.add(trimmed);
        if (!LABEL_NAME.matcher(trimmed).matches() || !everyonesLabels.contains(trimmed)) {
          problems.add(grouping.group(1) + " label '" + trimmed + "' is not a label of every series of " + series);
        }
      }
      if (grouping.group(1).equals("by")) {
        if (groupedBy == null) {
          groupedBy = labels;
        } else {
          groupedBy.retainAll(labels);
        }
      }
    }
    Matcher labelValues = LABEL_VALUES.matcher(code);
    if (labelValues.find() && !everyonesLabels.contains(labelValues.group(2))) {
      problems.add("label_values of '" + labelValues.group(2) + "', not a label of " + series);
    }
    if (legend != null) {
      Set<String> resultLabels = groupedBy != null ? groupedBy : everyonesLabels;
      Matcher legendLabel = LEGEND_LABEL.matcher(legend);
      while (legendLabel.find()) {
        if (!resultLabels.contains(legendLabel.group(1))) {
          problems.add("legend label '" + legendLabel.group(1) + "' is not one of the result's " + resultLabels);
        }
      }
    }
    return problems;
  }

  /** The labels a series of {@code name} may have: its family's and the scrape's; {@code null} for an unknown name. */
  private static Set<String> allowedLabels(String name) {
    Set<String> own = LABELS_BY_SERIES.get(name);
    if (own == null) {
      return null;
    }
    Set<String> allowed = new TreeSet<>(own);
    allowed.addAll(Dashboards.SCRAPE_LABELS);
    return allowed;
  }

  private static Set<String> commonLabels(Set<String> series) {
    Set<String> common = new TreeSet<>(Dashboards.SCRAPE_LABELS);
    boolean first = true;
    for (String name : series) {
      Set<String> allowed = allowedLabels(name);
      if (allowed == null) {
        continue;
      }
      if (first) {
        common = allowed;
        first = false;
      } else {
        common.retainAll(allowed);
      }
    }
    return common;
  }

  /**
   * What is wrong with how {@code expr} reads our families: a counter anywhere but directly in
   * {@code rate}, {@code irate} or {@code increase} over a range (its value is a count since the
   * process started, meaningless on its own), or a gauge in one of them.
   */
  static List<String> counterProblems(String expr) {
    String code = Dashboards.STRING.matcher(expr).replaceAll("\"\"");
    Map<String, Integer> inRateOrIncrease = new LinkedHashMap<>();
    List<String> problems = new ArrayList<>();
    Matcher function = RANGE_FUNCTION_OF_OURS.matcher(code);
    while (function.find()) {
      String name = function.group(2);
      boolean perSecondOrIncrease = Set.of("rate", "irate", "increase").contains(function.group(1));
      if (typeOf(name) == SyncMetric.Type.GAUGE && perSecondOrIncrease) {
        problems.add(function.group(1) + " of gauge " + name);
      }
      if (typeOf(name) == SyncMetric.Type.COUNTER && perSecondOrIncrease) {
        inRateOrIncrease.merge(name, 1, Integer::sum);
      }
    }
    Map<String, Integer> occurrences = new LinkedHashMap<>();
    Matcher name = OUR_NAME.matcher(code);
    while (name.find()) {
      if (typeOf(name.group()) == SyncMetric.Type.COUNTER) {
        occurrences.merge(name.group(), 1, Integer::sum);
      }
    }
    occurrences.forEach((counter, count) -> {
      if (count > inRateOrIncrease.getOrDefault(counter, 0)) {
        problems.add("counter " + counter + " read other than through rate() or increase() over a range");
      }
    });
    return problems;
  }

  // ------------------------------------------------------------------------------ the Prometheus configuration

  /** The scrape's labels are the ones the dashboards may use, and none of them hides a family's own label. */
  @Test
  void theScrapeAddsTheLabelsTheDashboardsUseAndNoFamilysOwn() throws IOException {
    List<String> lines = Files.readAllLines(Dashboards.prometheusConfig(), StandardCharsets.UTF_8);
    Set<String> added = new TreeSet<>(Set.of("job", "instance"));
    Matcher targetLabel = Pattern.compile("^\\s*target_label:\\s*(\\S+)\\s*$").matcher("");
    for (int i = 0; i < lines.size(); i++) {
      if (targetLabel.reset(lines.get(i)).matches()) {
        added.add(targetLabel.group(1));
      }
      if (lines.get(i).strip().equals("labels:")) {
        int indent = indentOf(lines.get(i));
        for (int j = i + 1; j < lines.size() && indentOf(lines.get(j)) > indent; j++) {
          added.add(lines.get(j).strip().replaceFirst(":.*", ""));
        }
      }
    }
    assertThat(added).isEqualTo(Dashboards.SCRAPE_LABELS);
    Set<String> familyLabels = Arrays.stream(SyncMetric.values()).flatMap(metric -> metric.labelNames().stream())
        .collect(Collectors.toSet());
    assertThat(added).as("labels Prometheus would rename to exported_<label> in the families having them")
        .doesNotContainAnyElementsOf(familyLabels);
  }

  private static int indentOf(String line) {
    return line.isBlank() ? Integer.MAX_VALUE : line.length() - line.stripLeading().length();
  }

  @Test
  void promtoolAcceptsThePrometheusConfigurationWithThePlaceholdersFilledIn(@TempDir Path temp) throws Exception {
    String config = Files.readString(Dashboards.prometheusConfig(), StandardCharsets.UTF_8);
    Map<String, String> samples = new LinkedHashMap<>();
    samples.put("MONITORINGTOKEN", "monitoring-token-of-the-masters-and-workers");
    String[] hosts = {"IPMASTERA1", "IPMASTERA2", "IPMASTERB1", "IPMASTERB2", "IPWORKERA1", "IPWORKERA2", "IPWORKERB1", "IPWORKERB2"};
    for (int i = 0; i < hosts.length; i++) {
      samples.put(hosts[i], "10.0." + (hosts[i].charAt(8) == 'A' ? 1 : 2) + "." + (i + 1));
    }
    Set<String> placeholders = new TreeSet<>();
    Matcher placeholder = PLACEHOLDER.matcher(config);
    while (placeholder.find()) {
      placeholders.add(placeholder.group(1));
    }
    assertThat(placeholders).as("the placeholders").isEqualTo(samples.keySet());
    String header = config.lines().takeWhile(line -> line.startsWith("#")).collect(Collectors.joining("\n"));
    assertThat(header).as("the header explains every placeholder")
        .contains(samples.keySet().stream().map(name -> "${" + name + "}").toList())
        .contains("--monitoring.token").contains("ca_file").contains("arangosync create tls ca");

    String filled = config;
    for (Map.Entry<String, String> sample : samples.entrySet()) {
      filled = filled.replace("${" + sample.getKey() + "}", sample.getValue());
    }
    Path file = temp.resolve("prometheus.yml");
    Files.writeString(file, filled, StandardCharsets.UTF_8);
    assertThat(Promtool.checkConfig(file)).as("promtool check config").isEmpty();
  }
}
