package org.arangosync.api.spi.state;

import java.time.Duration;
import java.util.Objects;

/**
 * A leader lease on one key of a {@link StateStore}: whoever holds the key leads until the key's
 * time to live runs out, as ArangoSync's masters elect their leader in the agency.
 *
 * <p>Invariant: at most one candidate holds the lease at a time, because taking it requires the
 * key to be absent and renewing it requires the key to hold this candidate's id, each checked by
 * the store atomically with the write. A holder that stops renewing loses the lease once the time
 * to live is over, so renew well within it (for example every third of it).
 *
 * <p>Not thread-safe: one lease object belongs to one candidate's election loop.
 */
public final class LeaderLease {

  private final StateStore store;
  private final String key;
  private final String candidateJson;
  private final Duration timeToLive;

  /**
   * @param key the lease key, e.g. {@code leader}
   * @param candidateId this candidate's id (stored as a JSON string)
   * @param timeToLive how long the lease lasts without renewal
   */
  public LeaderLease(StateStore store, String key, String candidateId, Duration timeToLive) {
    this.store = Objects.requireNonNull(store, "store");
    this.key = Objects.requireNonNull(key, "key");
    this.candidateJson = quote(Objects.requireNonNull(candidateId, "candidateId"));
    this.timeToLive = Objects.requireNonNull(timeToLive, "timeToLive");
  }

  /**
   * Renews the lease if this candidate holds it, else takes it if nobody does.
   *
   * @return whether this candidate holds the lease now
   */
  public boolean acquireOrRenew() {
    boolean renewed = store.write(Transaction.builder().set(key, candidateJson, timeToLive).ifEquals(key, candidateJson).build());
    if (renewed) {
      return true;
    }
    return store.write(Transaction.builder().set(key, candidateJson, timeToLive).ifAbsent(key).build());
  }

  /** Whether this candidate holds the lease according to the store now. */
  public boolean isHeld() {
    return store.read(key).map(candidateJson::equals).orElse(false);
  }

  /** The current holder's id, if any candidate holds the lease. */
  public java.util.Optional<String> holder() {
    return store.read(key).map(LeaderLease::unquote);
  }

  /**
   * Gives the lease up if this candidate holds it, so another can take it at once.
   *
   * @return whether this candidate held it
   */
  public boolean release() {
    return store.write(Transaction.builder().delete(key).ifEquals(key, candidateJson).build());
  }

  private static String quote(String text) {
    StringBuilder json = new StringBuilder("\"");
    for (char c : text.toCharArray()) {
      switch (c) {
        case '"':
          json.append("\\\"");
          break;
        case '\\':
          json.append("\\\\");
          break;
        default:
          if (c < 0x20) {
            json.append(String.format("\\u%04x", (int) c));
          } else {
            json.append(c);
          }
      }
    }
    return json.append('"').toString();
  }

  private static String unquote(String json) {
    String trimmed = json.trim();
    if (trimmed.length() >= 2 && trimmed.startsWith("\"") && trimmed.endsWith("\"")) {
      return trimmed.substring(1, trimmed.length() - 1).replace("\\\"", "\"").replace("\\\\", "\\");
    }
    return trimmed;
  }
}
