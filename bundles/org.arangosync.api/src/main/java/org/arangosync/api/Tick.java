package org.arangosync.api;

/**
 * A position in an ArangoDB write-ahead log: an unsigned 64-bit number.
 *
 * <p>ArangoDB sends ticks as decimal strings in JSON because they do not fit a JSON double; this
 * type keeps them exact. Invariants: the value is compared unsigned, {@link #toString()} gives the
 * decimal wire form, and {@code parse(t.toString()).equals(t)} holds for every tick.
 *
 * @param value the tick as the bits of an unsigned long (values above {@link Long#MAX_VALUE} are
 *     negative as a Java {@code long})
 */
public record Tick(long value) implements Comparable<Tick> {

  /** The tick before every real tick; ArangoDB uses "0" for "from the beginning". */
  public static final Tick ZERO = new Tick(0);

  /**
   * Reads a tick from its decimal wire form.
   *
   * @throws IllegalArgumentException if the text is not an unsigned decimal number below 2^64
   */
  public static Tick parse(String decimal) {
    if (decimal == null || decimal.isEmpty()) {
      throw new IllegalArgumentException("a tick must be an unsigned decimal number, got an empty value");
    }
    try {
      return new Tick(Long.parseUnsignedLong(decimal));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "a tick must be an unsigned decimal number below 2^64, got '" + decimal + "'", e);
    }
  }

  /** Whether this tick comes after {@code other} in the log. */
  public boolean isAfter(Tick other) {
    return compareTo(other) > 0;
  }

  @Override
  public int compareTo(Tick other) {
    return Long.compareUnsigned(value, other.value);
  }

  /** The decimal wire form, e.g. {@code "18446744073709551615"} for the largest tick. */
  @Override
  public String toString() {
    return Long.toUnsignedString(value);
  }
}
