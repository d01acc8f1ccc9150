package org.arangosync.api.spi.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class TransactionTest {

  @Test
  void keepsOperationsAndPreconditionsInOrder() {
    Transaction transaction = Transaction.builder()
        .set("leader", "\"m1\"", Duration.ofSeconds(15))
        .increment("version", 1)
        .delete("old")
        .ifAbsent("leader")
        .ifEquals("state", "\"running\"")
        .ifPresent("config")
        .build();
    assertThat(transaction.operations()).extracting(Transaction.Operation::key).containsExactly("leader", "version", "old");
    assertThat(transaction.preconditions()).extracting(Transaction.Precondition::key).containsExactly("leader", "state", "config");
    assertThat(((Transaction.Set) transaction.operations().get(0)).timeToLive()).isEqualTo(Duration.ofSeconds(15));
  }

  @Test
  void refusesAnEmptyTransactionAndANonPositiveTimeToLive() {
    assertThatThrownBy(() -> Transaction.builder().ifAbsent("x").build()).hasMessageContaining("at least one operation");
    assertThatThrownBy(() -> Transaction.builder().set("x", "1", Duration.ZERO)).hasMessageContaining("must be positive");
    assertThatThrownBy(() -> Transaction.builder().set("x", null)).isInstanceOf(NullPointerException.class);
  }
}
