package org.arangosync.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TickTest {

  @Test
  void roundTripsTheLargestUnsignedTickExactly() {
    Tick max = Tick.parse("18446744073709551615");
    assertThat(max.toString()).isEqualTo("18446744073709551615");
    assertThat(Tick.parse(max.toString())).isEqualTo(max);
  }

  @Test
  void comparesTicksAboveLongMaxAsUnsigned() {
    Tick big = Tick.parse("9223372036854775808"); // Long.MAX_VALUE + 1: negative as a signed long
    Tick small = Tick.parse("42");
    assertThat(big.isAfter(small)).isTrue();
    assertThat(small.compareTo(big)).isNegative();
    assertThat(Tick.ZERO.compareTo(small)).isNegative();
  }

  @Test
  void rejectsTextThatIsNotAnUnsignedDecimal() {
    assertThatThrownBy(() -> Tick.parse("-1")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'-1'");
    assertThatThrownBy(() -> Tick.parse("18446744073709551616"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("below 2^64");
    assertThatThrownBy(() -> Tick.parse("")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Tick.parse("12a")).isInstanceOf(IllegalArgumentException.class);
  }
}
