package org.arangosync.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class GoDurationsTest {

  @Test
  void readsTheDurationsOfTheSeed() {
    assertThat(GoDurations.parse("15m")).isEqualTo(Duration.ofMinutes(15));
    assertThat(GoDurations.parse("3h")).isEqualTo(Duration.ofHours(3));
    assertThat(GoDurations.parse("1h")).isEqualTo(Duration.ofHours(1));
    assertThat(GoDurations.parse("12h")).isEqualTo(Duration.ofHours(12));
  }

  @Test
  void readsCompoundFractionalAndSmallUnitsAsGoDoes() {
    assertThat(GoDurations.parse("1h30m")).isEqualTo(Duration.ofMinutes(90));
    assertThat(GoDurations.parse("1.5h")).isEqualTo(Duration.ofMinutes(90));
    assertThat(GoDurations.parse("2m3.5s")).isEqualTo(Duration.ofMillis(123_500));
    assertThat(GoDurations.parse("300ms")).isEqualTo(Duration.ofMillis(300));
    assertThat(GoDurations.parse("7us")).isEqualTo(Duration.ofNanos(7_000));
    assertThat(GoDurations.parse("7µs")).isEqualTo(Duration.ofNanos(7_000));
    assertThat(GoDurations.parse("9ns")).isEqualTo(Duration.ofNanos(9));
    assertThat(GoDurations.parse(".5s")).isEqualTo(Duration.ofMillis(500));
    assertThat(GoDurations.parse("0")).isEqualTo(Duration.ZERO);
    assertThat(GoDurations.parse("131400h")).isEqualTo(Duration.ofDays(365 * 15));
  }

  @Test
  void rejectsWhatGoRejectsWithAMessageThatShowsTheForm() {
    for (String bad : new String[] {"", "15", "3d", "h", "1h 30m", "abc", "1.2.3s"}) {
      assertThatThrownBy(() -> GoDurations.parse(bad))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("15m, 3h");
    }
    assertThatThrownBy(() -> GoDurations.parse("-5m")).hasMessageContaining("negative");
  }

  @Test
  void formatsLikeGoAndReadsItsOwnOutputBack() {
    assertThat(GoDurations.format(Duration.ofHours(1))).isEqualTo("1h0m0s");
    assertThat(GoDurations.format(Duration.ofMinutes(15))).isEqualTo("15m0s");
    assertThat(GoDurations.format(Duration.ofMillis(1500))).isEqualTo("1.5s");
    assertThat(GoDurations.format(Duration.ofMillis(300))).isEqualTo("300ms");
    assertThat(GoDurations.format(Duration.ZERO)).isEqualTo("0s");
    for (Duration d : new Duration[] {Duration.ofHours(3), Duration.ofSeconds(3661, 5), Duration.ofNanos(1500), Duration.ofMillis(42)}) {
      assertThat(GoDurations.parse(GoDurations.format(d))).isEqualTo(d);
    }
  }
}
