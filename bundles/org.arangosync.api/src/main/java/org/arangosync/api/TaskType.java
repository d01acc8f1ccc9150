package org.arangosync.api;

/**
 * The kinds of task a sync master hands to its workers, with ArangoSync's wire names.
 *
 * <p>Inventory tasks are persistent: when their worker goes away, the master gives them to
 * another worker. Shard tasks exist once per shard and carry database, collection and shard index.
 */
public enum TaskType {
  SEND_INVENTORY("send-inventory", true),
  RECEIVE_INVENTORY("receive-inventory", true),
  SEND_SHARD("send-shard", false),
  RECEIVE_SHARD("receive-shard", false);

  private final String wireName;
  private final boolean persistent;

  TaskType(String wireName, boolean persistent) {
    this.wireName = wireName;
    this.persistent = persistent;
  }

  public String wireName() {
    return wireName;
  }

  /** Whether the master reassigns this task when its worker unregisters or expires. */
  public boolean isPersistent() {
    return persistent;
  }

  /** Whether this task works on one shard (and so names database, collection and shard index). */
  public boolean isShardTask() {
    return this == SEND_SHARD || this == RECEIVE_SHARD;
  }

  /**
   * Reads a task type from its wire name.
   *
   * @throws IllegalArgumentException for an unknown name
   */
  public static TaskType fromWireName(String name) {
    for (TaskType type : values()) {
      if (type.wireName.equals(name)) {
        return type;
      }
    }
    throw new IllegalArgumentException(
        "unknown task type '" + name + "'; expected send-inventory, receive-inventory, send-shard or receive-shard");
  }

  @Override
  public String toString() {
    return wireName;
  }
}
