package org.arangosync.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SyncStatusTest {

  @Test
  void readsEveryWireNameBack() {
    for (SyncStatus status : SyncStatus.values()) {
      assertThat(SyncStatus.fromWireName(status.wireName())).isSameAs(status);
    }
    assertThat(SyncStatus.INITIAL_SYNC.wireName()).isEqualTo("initial-sync");
  }

  @Test
  void normalisesAnEmptyStatusToInactiveAsArangoSyncDoes() {
    assertThat(SyncStatus.fromWireName("")).isSameAs(SyncStatus.INACTIVE);
    assertThat(SyncStatus.fromWireName(null)).isSameAs(SyncStatus.INACTIVE);
  }

  @Test
  void countsOnlyInitializingInitialSyncAndRunningAsActive() {
    assertThat(SyncStatus.values())
        .filteredOn(SyncStatus::isActive)
        .containsExactlyInAnyOrder(SyncStatus.INITIALIZING, SyncStatus.INITIAL_SYNC, SyncStatus.RUNNING);
  }

  @Test
  void namesTheValidStatusesWhenGivenAnUnknownOne() {
    assertThatThrownBy(() -> SyncStatus.fromWireName("paused"))
        .hasMessageContaining("'paused'")
        .hasMessageContaining("initial-sync");
  }

  @Test
  void knowsWhichTaskTypesArePersistent() {
    assertThat(TaskType.fromWireName("send-inventory").isPersistent()).isTrue();
    assertThat(TaskType.fromWireName("receive-shard").isPersistent()).isFalse();
    assertThat(TaskType.RECEIVE_SHARD.isShardTask()).isTrue();
    assertThatThrownBy(() -> TaskType.fromWireName("heartbeat")).hasMessageContaining("'heartbeat'");
  }
}
