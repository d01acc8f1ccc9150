package org.arangosync.client.internal.command;

import java.time.Duration;
import org.arangosync.command.GoDurations;

/**
 * Durations for people reading a status table: Go's notation, but only as precise as a reader can
 * use. A shard's delay of 1.234567891s reads {@code 1.2s}; nanoseconds are noise at that scale.
 */
final class HumanDurations {

  private HumanDurations() {}

  /**
   * {@code 0s}, {@code 350ms}, {@code 1.2s}, {@code 2m5s}, {@code 3h7m}: milliseconds below a second,
   * tenths of a second below a minute, seconds below an hour, minutes above. A negative duration
   * (clocks of two datacenters disagree) reads {@code 0s}: no shard is ahead of its source.
   */
  static String format(Duration duration) {
    if (duration.isNegative() || duration.isZero()) {
      return "0s";
    }
    if (duration.compareTo(Duration.ofSeconds(1)) < 0) {
      return GoDurations.format(roundTo(duration, Duration.ofMillis(1)));
    }
    if (duration.compareTo(Duration.ofMinutes(1)) < 0) {
      return GoDurations.format(roundTo(duration, Duration.ofMillis(100)));
    }
    if (duration.compareTo(Duration.ofHours(1)) < 0) {
      return GoDurations.format(roundTo(duration, Duration.ofSeconds(1)));
    }
    Duration minutes = roundTo(duration, Duration.ofMinutes(1));
    return minutes.toHours() + "h" + minutes.toMinutesPart() + "m";
  }

  /** {@code duration} rounded half up to a multiple of {@code unit}. */
  private static Duration roundTo(Duration duration, Duration unit) {
    long units = duration.plus(unit.dividedBy(2)).dividedBy(unit);
    return unit.multipliedBy(units);
  }
}
