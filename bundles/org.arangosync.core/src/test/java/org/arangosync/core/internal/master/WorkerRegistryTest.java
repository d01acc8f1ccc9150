package org.arangosync.core.internal.master;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.arangosync.api.spi.state.StateStore;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Workers registering, renewing, expiring and leaving, in the agency of a real mini cluster. */
class WorkerRegistryTest {

  @RegisterExtension static final WorkerTestAgency AGENCY = new WorkerTestAgency();

  private StateStore store;

  @BeforeEach
  void freshRoot() {
    store = AGENCY.freshStore();
  }

  @Test
  void aWorkerRegisteringAgainKeepsItsIdAndServerIdAndGetsANewExpiry() {
    SteppingClock clock = new SteppingClock();
    WorkerRegistry registry = new WorkerRegistry(store, Duration.ofMinutes(1), clock);

    WorkerRegistry.Worker first = registry.register(new WorkerRegistry.Registration("https://10.0.0.7:8729", "t1", "", "PRMR-1"));
    assertThat(first.id()).matches("[a-z0-9]{20}");
    assertThat(first.serverId()).isPositive();
    assertThat(first.host()).as("without HostID, the endpoint's host").isEqualTo("10.0.0.7");
    assertThat(first.expiresAt()).isEqualTo(clock.instant().plus(Duration.ofMinutes(1)));

    clock.advance(Duration.ofSeconds(20));
    WorkerRegistry.Worker renewed = registry.register(new WorkerRegistry.Registration("https://10.0.0.7:8729", "t2", "machine-7", "PRMR-1"));
    assertThat(renewed.id()).isEqualTo(first.id());
    assertThat(renewed.serverId()).isEqualTo(first.serverId());
    assertThat(renewed.expiresAt()).isEqualTo(first.expiresAt().plusSeconds(20));
    assertThat(renewed.host()).isEqualTo("machine-7");
    assertThat(registry.get(first.id())).hasValueSatisfying(stored -> {
      assertThat(stored.token()).isEqualTo("t2");
      assertThat(stored.expiresAt()).isEqualTo(renewed.expiresAt());
    });

    WorkerRegistry.Worker other = registry.register(new WorkerRegistry.Registration("https://10.0.0.8:8729", "", "", ""));
    assertThat(other.id()).isNotEqualTo(first.id());
    assertThat(other.serverId()).isNotEqualTo(first.serverId());
    assertThat(registry.list()).extracting(WorkerRegistry.Worker::endpoint)
        .containsExactlyInAnyOrder("https://10.0.0.7:8729", "https://10.0.0.8:8729");
  }

  @Test
  void aWorkerThatStopsRenewingDisappearsFromTheStore() {
    WorkerRegistry registry = new WorkerRegistry(store, Duration.ofSeconds(1), Clock.systemUTC());
    WorkerRegistry.Worker quiet = registry.register(new WorkerRegistry.Registration("https://10.0.0.9:8729", "", "", ""));
    WorkerRegistry.Worker busy = registry.register(new WorkerRegistry.Registration("https://10.0.0.10:8729", "", "", ""));
    assertThat(registry.list()).hasSize(2);

    Awaitility.await("the quiet worker's key to run out").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
        .until(() -> {
          registry.register(new WorkerRegistry.Registration(busy.endpoint(), "", "", ""));
          return store.read(WorkerRegistry.WORKERS_KEY + "/" + quiet.id()).isEmpty();
        });
    assertThat(registry.get(quiet.id())).isEmpty();
    assertThat(registry.list()).extracting(WorkerRegistry.Worker::id).containsExactly(busy.id());
  }

  @Test
  void aRegistrationWhoseExpiryPassedIsHiddenBeforeTheStoreDropsIt() {
    SteppingClock clock = new SteppingClock();
    WorkerRegistry registry = new WorkerRegistry(store, Duration.ofMinutes(1), clock);
    WorkerRegistry.Worker worker = registry.register(new WorkerRegistry.Registration("https://10.0.0.11:8729", "", "", ""));
    clock.advance(Duration.ofMinutes(2)); // the store's own clock has not moved: its key is still there
    assertThat(registry.list()).isEmpty();
    assertThat(registry.get(worker.id())).isEmpty();
  }

  @Test
  void removingAWorkerUnregistersItOnce() {
    WorkerRegistry registry = new WorkerRegistry(store, Duration.ofMinutes(1), Clock.systemUTC());
    WorkerRegistry.Worker worker = registry.register(new WorkerRegistry.Registration("https://worker-1.example:8729", "", "", ""));
    assertThat(registry.remove(worker.id())).isTrue();
    assertThat(registry.get(worker.id())).isEmpty();
    assertThat(registry.remove(worker.id())).isFalse();
  }

  @Test
  void refusesAnEndpointThatIsNoUrlAndATooShortTimeToLive() {
    WorkerRegistry registry = new WorkerRegistry(store, Duration.ofMinutes(1), Clock.systemUTC());
    assertThatThrownBy(() -> registry.register(new WorkerRegistry.Registration("10.0.0.7", "", "", "")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a URL with a host");
    assertThatThrownBy(() -> new WorkerRegistry(store, Duration.ofMillis(500), Clock.systemUTC()))
        .hasMessageContaining("at least 1s");
  }

  @Test
  void writesTimesAsGoWritesRfc3339Nano() {
    assertThat(WorkerRegistry.rfc3339Nano(Instant.parse("2026-11-22T08:36:46Z"))).isEqualTo("2026-11-22T08:36:46Z");
    assertThat(WorkerRegistry.rfc3339Nano(Instant.parse("2026-11-22T08:36:46.120Z"))).isEqualTo("2026-11-22T08:36:46.12Z");
    assertThat(WorkerRegistry.rfc3339Nano(Instant.parse("2026-11-22T08:36:46.000000001Z"))).isEqualTo("2026-11-22T08:36:46.000000001Z");
  }

  /** A clock tests move by hand; starts at the real time, since the store's time to live runs on real time. */
  static final class SteppingClock extends Clock {
    private volatile Instant now = Instant.now();

    void advance(Duration step) {
      now = now.plus(step);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }

  @Test
  void registrationsAndStorageAreCountedUnderArangoSyncsMetricNames() {
    org.arangosync.metrics.Metrics metrics = org.arangosync.metrics.Metrics.create();
    WorkerRegistry registry = new WorkerRegistry(store, Duration.ofMinutes(1), Clock.systemUTC(), metrics);
    registry.register(new WorkerRegistry.Registration("https://10.0.1.1:8729", "", "", ""));
    registry.register(new WorkerRegistry.Registration("https://10.0.1.2:8729", "", "", ""));
    registry.register(new WorkerRegistry.Registration("https://10.0.1.1:8729", "", "", "")); // a renewal
    var counters = metrics.registry().getCounters();
    assertThat(counters.get("arangosync_master_worker_registrations").getCount()).isEqualTo(2);
    assertThat(counters.get("arangosync_master_worker_storage{kind=\"\",op=\"save\",result=\"success\"}").getCount()).isEqualTo(3);
    long loads = counters.entrySet().stream().filter(each -> each.getKey().contains("op=\"load\""))
        .mapToLong(each -> each.getValue().getCount()).sum();
    assertThat(loads).isEqualTo(3);
  }
}
