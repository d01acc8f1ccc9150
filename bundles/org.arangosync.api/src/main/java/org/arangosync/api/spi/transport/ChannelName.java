package org.arangosync.api.spi.transport;

import java.util.regex.Pattern;

/**
 * The name of a channel, as ArangoSync forms them: the receiving datacenter's prefix and random
 * characters, e.g. {@code sync_b_m1.YO7BEgRXDdTSq0oj7pjK}. Names are safe in URLs, file names and
 * Kafka keys: 1 to 200 characters of {@code A-Z a-z 0-9 . _ -}.
 */
public record ChannelName(String value) {

  private static final Pattern ALLOWED = Pattern.compile("[A-Za-z0-9._-]{1,200}");

  public ChannelName {
    if (value == null || !ALLOWED.matcher(value).matches()) {
      throw new IllegalArgumentException("a channel name has 1 to 200 characters of A-Z a-z 0-9 . _ -, got '" + value + "'");
    }
  }

  @Override
  public String toString() {
    return value;
  }
}
