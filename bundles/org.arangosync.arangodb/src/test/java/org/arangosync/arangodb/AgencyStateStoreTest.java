package org.arangosync.arangodb;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.UUID;
import org.arangosync.api.spi.state.LeaderLease;
import org.arangosync.api.spi.state.Transaction;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The agency as the sync masters' state store, and the leader lease on it. */
class AgencyStateStoreTest {

  private static TestCluster cluster;
  private static ArangoConnection connection;
  private static AgencyStateStore store;

  @BeforeAll
  static void start() throws Exception {
    cluster = TestCluster.start();
    connection = cluster.connect();
    // A fresh root per run, so that runs against a long-lived real agency do not meet each other.
    store = AgencyStateStore.discover(connection, "/arangodb/arangosync-test/" + UUID.randomUUID());
  }

  @AfterAll
  static void stop() throws Exception {
    connection.close();
    cluster.close();
  }

  @Test
  void writesAndReadsJsonValuesUnderItsRoot() {
    assertThat(store.agents()).isNotEmpty();
    assertThat(store.read("values/a")).isEmpty();
    assertThat(store.write(Transaction.builder().set("values/a", "{\"x\":[1,2]}").set("values/b", "\"text\"").build())).isTrue();
    assertThat(store.read("values/a")).hasValue("{\"x\":[1,2]}");
    assertThat(store.read("values/b")).hasValue("\"text\"");
    assertThat(store.write(Transaction.builder().delete("values/a").build())).isTrue();
    assertThat(store.read("values/a")).isEmpty();
  }

  @Test
  void appliesNothingWhenAPreconditionFails() {
    store.write(Transaction.builder().set("guarded", "1").build());
    assertThat(store.write(Transaction.builder().set("guarded", "2").set("other", "3").ifAbsent("guarded").build())).isFalse();
    assertThat(store.read("guarded")).hasValue("1");
    assertThat(store.read("other")).isEmpty();
    assertThat(store.write(Transaction.builder().set("guarded", "2").ifEquals("guarded", "1").build())).isTrue();
    assertThat(store.write(Transaction.builder().set("guarded", "3").ifEquals("guarded", "1").build())).isFalse();
    assertThat(store.write(Transaction.builder().increment("counter", 5).ifPresent("guarded").build())).isTrue();
    assertThat(store.write(Transaction.builder().increment("counter", 2).build())).isTrue();
    assertThat(store.read("counter")).hasValue("7");
  }

  @Test
  void forgetsAKeyWhenItsTimeToLiveIsOver() {
    store.write(Transaction.builder().set("ephemeral", "true", Duration.ofSeconds(1)).build());
    assertThat(store.read("ephemeral")).hasValue("true");
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> store.read("ephemeral").isEmpty());
  }

  @Test
  void letsOneCandidateLeadAtATimeAndAnotherTakeOverWhenTheLeaseLapses() {
    LeaderLease first = new LeaderLease(store, "leader", "master-1", Duration.ofSeconds(2));
    LeaderLease second = new LeaderLease(store, "leader", "master-2", Duration.ofSeconds(2));
    assertThat(first.acquireOrRenew()).isTrue();
    assertThat(second.acquireOrRenew()).isFalse();
    assertThat(first.acquireOrRenew()).isTrue();
    assertThat(first.isHeld()).isTrue();
    assertThat(second.holder()).hasValue("master-1");

    // master-1 stops renewing: once the lease lapses, master-2 takes it.
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(second::acquireOrRenew);
    assertThat(first.isHeld()).isFalse();
    assertThat(first.acquireOrRenew()).isFalse();
    assertThat(second.release()).isTrue();
    assertThat(first.acquireOrRenew()).isTrue();
  }
}
