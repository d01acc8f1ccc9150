package org.arangosync.metrics.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The two exposition formats against the seed's examples of {@code /metrics} and {@code /metrics.json}. */
class ExpositionTest {

  private static final String STORAGE_HELP = "Number of times worker info is stored, loaded";

  private static LabelledRegistry seedExample() {
    LabelledRegistry registry = new LabelledRegistry();
    registry.counter("arangosync_master_worker_registrations", "Total number of registrations").inc(2);
    registry.counter("arangosync_master_worker_storage", STORAGE_HELP, "kind", "", "op", "save", "result", "success").inc(20);
    registry.counter("arangosync_master_worker_storage", STORAGE_HELP, "kind", "empty", "op", "load", "result", "success").inc();
    return registry;
  }

  @Test
  void prometheusTextIsTheSeedsExample() {
    assertThat(Exposition.prometheus(seedExample())).isEqualTo("""
        # HELP arangosync_master_worker_registrations Total number of registrations
        # TYPE arangosync_master_worker_registrations counter
        arangosync_master_worker_registrations 2
        # HELP arangosync_master_worker_storage Number of times worker info is stored, loaded
        # TYPE arangosync_master_worker_storage counter
        arangosync_master_worker_storage{kind="",op="save",result="success"} 20
        arangosync_master_worker_storage{kind="empty",op="load",result="success"} 1
        """);
  }

  @Test
  void jsonHasTheSeedsShape() throws Exception {
    JsonNode json = new ObjectMapper().readTree(Exposition.json(seedExample()).toString());
    JsonNode registrations = json.path("arangosync_master_worker_registrations");
    assertThat(registrations.path("help").asText()).isEqualTo("Total number of registrations");
    assertThat(registrations.path("type").asText()).isEqualTo("counter");
    assertThat(registrations.path("samples")).hasSize(1);
    assertThat(registrations.path("samples").get(0).path("value").isIntegralNumber()).isTrue();
    assertThat(registrations.path("samples").get(0).path("value").asLong()).isEqualTo(2);
    assertThat(registrations.path("samples").get(0).has("labels")).as("no labels, no 'labels'").isFalse();
    JsonNode storage = json.path("arangosync_master_worker_storage").path("samples");
    assertThat(storage).hasSize(2);
    assertThat(storage.get(1).path("labels").toString()).isEqualTo("{\"kind\":\"empty\",\"op\":\"load\",\"result\":\"success\"}");
    assertThat(storage.get(1).path("value").asLong()).isEqualTo(1);
  }

  @Test
  void gaugesAreReadAtEveryScrapeAndLabelValuesAreEscaped() {
    LabelledRegistry registry = new LabelledRegistry();
    AtomicLong lag = new AtomicLong(3);
    registry.gauge("arangosync_worker_shard_lag_ticks", "Ticks the target is behind", lag::get, "database", "a\"b\\c\nd");
    assertThat(Exposition.prometheus(registry)).contains("arangosync_worker_shard_lag_ticks{database=\"a\\\"b\\\\c\\nd\"} 3\n")
        .contains("# TYPE arangosync_worker_shard_lag_ticks gauge\n");
    lag.set(7);
    assertThat(Exposition.prometheus(registry)).contains("} 7\n");
    registry.remove("arangosync_worker_shard_lag_ticks", "database", "a\"b\\c\nd");
    assertThat(Exposition.prometheus(registry)).isEmpty();
    assertThat(registry.registry().getMetrics()).isEmpty();
  }

  @Test
  void aFamilyKeepsItsTypeAndHelpAndNamesMustBeValid() {
    LabelledRegistry registry = new LabelledRegistry();
    registry.counter("arangosync_master_x", "help");
    assertThat(registry.counter("arangosync_master_x", "help")).isSameAs(registry.counter("arangosync_master_x", "help"));
    assertThatThrownBy(() -> registry.gauge("arangosync_master_x", "help", () -> 1)).hasMessageContaining("exists as a counter");
    assertThatThrownBy(() -> registry.counter("arangosync_master_x", "other help")).hasMessageContaining("other help");
    assertThatThrownBy(() -> registry.counter("not-a-name", "h")).hasMessageContaining("not a metric name");
    assertThatThrownBy(() -> registry.counter("arangosync_y", "h", "bad-label", "v")).hasMessageContaining("not a label name");
    assertThatThrownBy(() -> registry.counter("arangosync_y", "h", "odd")).hasMessageContaining("pairs");
  }
}
