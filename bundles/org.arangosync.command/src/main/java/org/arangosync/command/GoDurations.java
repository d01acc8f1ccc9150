package org.arangosync.command;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations in the notation of Go's {@code time.ParseDuration}, which ArangoSync's flags use:
 * {@code 15m}, {@code 3h}, {@code 1h30m}, {@code 1.5h}, {@code 300ms}.
 *
 * <p>Units: {@code ns}, {@code us} (or {@code µs}), {@code ms}, {@code s}, {@code m}, {@code h}.
 * A bare {@code 0} is zero. Negative durations are rejected, since no flag of ours means one.
 */
public final class GoDurations {

  private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d*)?|\\.\\d+)(ns|us|µs|μs|ms|s|m|h)");
  private static final long NANOS_PER_SECOND = 1_000_000_000L;

  private GoDurations() {}

  /**
   * Reads a Go duration.
   *
   * @throws IllegalArgumentException naming the text and the accepted form
   */
  public static Duration parse(String text) {
    if (text == null || text.isBlank()) {
      throw invalid(text, "it is empty");
    }
    String trimmed = text.trim();
    if (trimmed.equals("0")) {
      return Duration.ZERO;
    }
    if (trimmed.startsWith("-")) {
      throw invalid(text, "it is negative");
    }
    if (trimmed.startsWith("+")) {
      trimmed = trimmed.substring(1);
    }
    Matcher matcher = PART.matcher(trimmed);
    BigDecimal nanos = BigDecimal.ZERO;
    int position = 0;
    while (position < trimmed.length()) {
      if (!matcher.find(position) || matcher.start() != position) {
        throw invalid(text, "'" + trimmed.substring(position) + "' is not a number followed by a unit");
      }
      nanos = nanos.add(new BigDecimal(numberOf(matcher.group(1))).multiply(BigDecimal.valueOf(nanosPer(matcher.group(2)))));
      position = matcher.end();
    }
    try {
      BigDecimal whole = nanos.setScale(0, RoundingMode.DOWN);
      BigDecimal[] secondsAndNanos = whole.divideAndRemainder(BigDecimal.valueOf(NANOS_PER_SECOND));
      return Duration.ofSeconds(secondsAndNanos[0].longValueExact(), secondsAndNanos[1].longValueExact());
    } catch (ArithmeticException e) {
      throw invalid(text, "it is too long");
    }
  }

  /**
   * Writes a duration the way Go prints one, e.g. {@code 1h0m0s}, {@code 15m0s}, {@code 1.5s},
   * {@code 300ms}, so that values read back with {@link #parse(String)}.
   */
  public static String format(Duration duration) {
    if (duration.isNegative()) {
      return "-" + format(duration.negated());
    }
    if (duration.isZero()) {
      return "0s";
    }
    long seconds = duration.getSeconds();
    int nanos = duration.getNano();
    if (seconds == 0) {
      if (nanos < 1_000) {
        return nanos + "ns";
      }
      if (nanos < 1_000_000) {
        return fraction(nanos, 1_000) + "µs";
      }
      return fraction(nanos, 1_000_000) + "ms";
    }
    StringBuilder out = new StringBuilder();
    long hours = seconds / 3600;
    long minutes = (seconds % 3600) / 60;
    long restSeconds = seconds % 60;
    if (hours > 0) {
      out.append(hours).append('h');
    }
    if (hours > 0 || minutes > 0) {
      out.append(minutes).append('m');
    }
    out.append(restSeconds);
    if (nanos > 0) {
      out.append('.').append(String.format("%09d", nanos).replaceAll("0+$", ""));
    }
    return out.append('s').toString();
  }

  private static String fraction(long value, long unit) {
    return BigDecimal.valueOf(value).divide(BigDecimal.valueOf(unit)).stripTrailingZeros().toPlainString();
  }

  private static String numberOf(String digits) {
    return digits.endsWith(".") ? digits.substring(0, digits.length() - 1) : digits;
  }

  private static long nanosPer(String unit) {
    switch (unit) {
      case "ns":
        return 1L;
      case "us":
      case "µs":
      case "μs":
        return 1_000L;
      case "ms":
        return 1_000_000L;
      case "s":
        return NANOS_PER_SECOND;
      case "m":
        return 60 * NANOS_PER_SECOND;
      case "h":
        return 3600 * NANOS_PER_SECOND;
      default:
        throw new IllegalStateException("the pattern admits no unit " + unit);
    }
  }

  private static IllegalArgumentException invalid(String text, String why) {
    return new IllegalArgumentException(
        "'" + text + "' is not a duration (" + why + "); write a number and a unit such as 90s, 15m, 3h or 1h30m"
            + " (units: ns, us, ms, s, m, h)");
  }
}
