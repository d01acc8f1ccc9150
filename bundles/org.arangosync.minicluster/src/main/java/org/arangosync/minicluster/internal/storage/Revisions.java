package org.arangosync.minicluster.internal.storage;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * ArangoDB's document revisions: a hybrid logical clock value, milliseconds since the epoch shifted
 * left by 20 bits plus a counter, written in ArangoDB's base64 alphabet (for example
 * {@code _gky3fka--_} is 2023-09-07T01:20:01.127Z, counter 1).
 *
 * <p>Invariant: every value handed out is larger than every earlier one of this clock, also when
 * the wall clock goes back, and larger than any value {@link #observe(long) observed}.
 */
public final class Revisions {

  private static final char[] ALPHABET = "-_ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".toCharArray();
  private static final int[] VALUES = new int[128];

  static {
    java.util.Arrays.fill(VALUES, -1);
    for (int i = 0; i < ALPHABET.length; i++) {
      VALUES[ALPHABET[i]] = i;
    }
  }

  private final AtomicLong last = new AtomicLong();
  private final LongSupplier millis;

  public Revisions(LongSupplier millis) {
    this.millis = millis;
  }

  public Revisions() {
    this(System::currentTimeMillis);
  }

  /** The next revision value. */
  public long next() {
    long physical = millis.getAsLong() << 20;
    return last.accumulateAndGet(physical, (previous, now) -> Math.max(previous + 1, now));
  }

  /** Makes sure later values exceed {@code value} (e.g. the newest revision found after a restart). */
  public void observe(long value) {
    last.accumulateAndGet(value, Math::max);
  }

  /** ArangoDB's text form: base64 digits, most significant first, no leading zeros. */
  public static String encode(long value) {
    if (value == 0) {
      return "-";
    }
    char[] buffer = new char[11];
    int position = buffer.length;
    long rest = value;
    while (rest != 0) {
      buffer[--position] = ALPHABET[(int) (rest & 63)];
      rest >>>= 6;
    }
    return new String(buffer, position, buffer.length - position);
  }

  /** Reads the text form back; -1 if it is not one. */
  public static long decode(String text) {
    if (text == null || text.isEmpty() || text.length() > 11) {
      return -1;
    }
    long value = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      int digit = c < 128 ? VALUES[c] : -1;
      if (digit < 0) {
        return -1;
      }
      value = (value << 6) | digit;
    }
    return value;
  }
}
