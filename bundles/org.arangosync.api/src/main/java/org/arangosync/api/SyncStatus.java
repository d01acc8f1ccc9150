package org.arangosync.api;

import java.util.Locale;

/**
 * The synchronization state of a datacenter, of one outgoing target, or of one shard, with the
 * wire names that ArangoSync uses in its REST API and in {@code arangosync get status}.
 */
public enum SyncStatus {
  INACTIVE("inactive"),
  INITIALIZING("initializing"),
  INITIAL_SYNC("initial-sync"),
  RUNNING("running"),
  CANCELLING("cancelling"),
  FAILED("failed");

  private final String wireName;

  SyncStatus(String wireName) {
    this.wireName = wireName;
  }

  /** The name as it appears in JSON and in command output, e.g. {@code initial-sync}. */
  public String wireName() {
    return wireName;
  }

  /** Whether synchronization is under way: initializing, in its initial sync, or running. */
  public boolean isActive() {
    return this == INITIALIZING || this == INITIAL_SYNC || this == RUNNING;
  }

  /**
   * Reads a status from its wire name. ArangoSync normalises an empty status to {@code inactive},
   * and so does this method.
   *
   * @throws IllegalArgumentException for a name that is not a status, naming the valid ones
   */
  public static SyncStatus fromWireName(String name) {
    if (name == null || name.isEmpty()) {
      return INACTIVE;
    }
    String lower = name.toLowerCase(Locale.ROOT);
    for (SyncStatus status : values()) {
      if (status.wireName.equals(lower)) {
        return status;
      }
    }
    throw new IllegalArgumentException(
        "unknown synchronization status '" + name + "'; expected one of " + validNames());
  }

  private static String validNames() {
    StringBuilder names = new StringBuilder();
    for (SyncStatus status : values()) {
      if (names.length() > 0) {
        names.append(", ");
      }
      names.append(status.wireName);
    }
    return names.toString();
  }

  @Override
  public String toString() {
    return wireName;
  }
}
