package org.arangosync.itests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.arangosync.metrics.SyncMetric;
import org.arangosync.metrics.internal.Exposition;
import org.arangosync.metrics.internal.LabelledRegistry;
import org.junit.jupiter.api.Test;

/**
 * The Prometheus text of every family in the catalogue through Prometheus's own parser and linter,
 * {@code promtool check metrics} (see {@link Promtool}; without it the test fails rather than skips).
 */
class ExpositionPromtoolTest {

  /** A label value with what the text format must escape (quote, backslash, newline) and what it passes as is (UTF-8). */
  private static final String AWKWARD = "say \"hi\" C:\\dir\nnext line ünïcødé ✓";

  @Test
  void promtoolParsesEveryFamilyAndFindsNoLintProblemButTheAcceptedOnes() throws Exception {
    LabelledRegistry registry = new LabelledRegistry();
    int sample = 0;
    for (SyncMetric metric : SyncMetric.values()) {
      String[] values = metric.labelNames().stream().map(label -> label + ": " + AWKWARD).toArray(String[]::new);
      if (metric.type() == SyncMetric.Type.COUNTER) {
        registry.counter(metric, values).inc(++sample);
      } else {
        // negative and fractional values too (a certificate expired, a lag in seconds)
        double value = sample++ % 2 == 0 ? -2.5 : 1234567.125;
        registry.observe(metric, () -> value, values);
      }
    }
    // the seed's example of /metrics, an empty label value included
    registry.counter(SyncMetric.MASTER_WORKER_STORAGE, "", "save", "success").inc(20);
    registry.counter(SyncMetric.MASTER_WORKER_STORAGE, "empty", "load", "success").inc();
    String text = Exposition.prometheus(registry);
    assertThat(text).contains("\\\"hi\\\"", "C:\\\\dir", "\\nnext line", "ünïcødé ✓").doesNotContain(AWKWARD.substring(0, 12));
    for (SyncMetric metric : SyncMetric.values()) {
      assertThat(text).contains("# TYPE " + metric.metricName() + " " + metric.type().exposed() + "\n");
    }

    assertThat(Promtool.checkMetrics(text)).as("promtool's lint problems").isEmpty();
  }

  /** What the test above relies on: promtool reads the text from stdin and says when it cannot parse it. */
  @Test
  void promtoolRejectsALabelValueWithARawNewline() {
    String broken = "# HELP arangosync_master_workers Workers\n# TYPE arangosync_master_workers gauge\n"
        + "arangosync_master_workers{dc=\"A\nB\"} 1\n";

    assertThatThrownBy(() -> Promtool.checkMetrics(broken)).isInstanceOf(AssertionError.class).hasMessageContaining("parsing error");
  }

  /** And that a lint problem of our own (a counter without _total) is reported, not filtered away. */
  @Test
  void promtoolReportsACounterWithoutTotalSuffixOfOurOwn() throws Exception {
    String text = "# HELP arangosync_worker_things Things\n# TYPE arangosync_worker_things counter\narangosync_worker_things 1\n";

    assertThat(Promtool.checkMetrics(text)).containsExactly("arangosync_worker_things counter metrics should have \"_total\" suffix");
  }
}
