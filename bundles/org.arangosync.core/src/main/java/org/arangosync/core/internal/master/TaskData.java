package org.arangosync.core.internal.master;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;
import org.arangosync.api.TaskType;

/**
 * What a task is to do, as ArangoSync's {@code TaskData}:
 * {@code {type, persistent, channels:{data, control}, target_id, database, collection, shardIndex}},
 * plus the optional {@code dbServer} hint (this implementation's): the DB-Server that holds the
 * shard, so the task goes to a worker next to it.
 *
 * <p>Invariant: a shard task ({@link TaskType#isShardTask()}) names its database, collection and a
 * shard index of 0 or more; other tasks leave them empty.
 *
 * @param persistent whether the task is reassigned, never finished, when it fails or its worker goes away
 * @param channels the message queue channels the task uses
 * @param targetId the id of the other datacenter's cluster the task works with; may be empty
 * @param database the shard's database; empty for inventory tasks
 * @param collection the shard's collection; empty for inventory tasks
 * @param shardIndex the shard's 0-based index; 0 for inventory tasks
 * @param dbServer the DB-Server holding the shard, to place the task next to it; empty for no preference
 */
public record TaskData(TaskType type, boolean persistent, Channels channels, String targetId, String database, String collection,
    int shardIndex, String dbServer) {

  /**
   * @param data the channel from the source to the target datacenter
   * @param control the channel from the target back to the source datacenter
   */
  public record Channels(String data, String control) {
    public Channels {
      data = Objects.requireNonNullElse(data, "");
      control = Objects.requireNonNullElse(control, "");
    }
  }

  public TaskData {
    Objects.requireNonNull(type, "type");
    channels = Objects.requireNonNullElse(channels, new Channels("", ""));
    targetId = Objects.requireNonNullElse(targetId, "");
    database = Objects.requireNonNullElse(database, "");
    collection = Objects.requireNonNullElse(collection, "");
    dbServer = Objects.requireNonNullElse(dbServer, "");
    if (type.isShardTask() && (database.isEmpty() || collection.isEmpty() || shardIndex < 0)) {
      throw new IllegalArgumentException("a " + type + " task needs a database, a collection and a shard index >= 0");
    }
  }

  /** An inventory task, persistent as its type is. */
  public static TaskData inventory(TaskType type, Channels channels, String targetId) {
    return new TaskData(type, type.isPersistent(), channels, targetId, "", "", 0, "");
  }

  /** A task for one shard, preferably on a worker next to {@code dbServer} (empty for any). */
  public static TaskData shard(TaskType type, Channels channels, String targetId, String database, String collection, int shardIndex,
      String dbServer) {
    return new TaskData(type, type.isPersistent(), channels, targetId, database, collection, shardIndex, dbServer);
  }

  ObjectNode toJson() {
    ObjectNode json = JsonNodeFactory.instance.objectNode().put("type", type.wireName()).put("persistent", persistent);
    json.putObject("channels").put("data", channels.data()).put("control", channels.control());
    json.put("target_id", targetId).put("database", database).put("collection", collection).put("shardIndex", shardIndex);
    if (!dbServer.isEmpty()) {
      json.put("dbServer", dbServer);
    }
    return json;
  }

  /** @throws IllegalArgumentException when {@code json} is not a task's data */
  static TaskData fromJson(JsonNode json) {
    JsonNode channels = json.path("channels");
    return new TaskData(TaskType.fromWireName(json.path("type").asText()), json.path("persistent").asBoolean(),
        new Channels(channels.path("data").asText(""), channels.path("control").asText("")), json.path("target_id").asText(""),
        json.path("database").asText(""), json.path("collection").asText(""), json.path("shardIndex").asInt(0),
        json.path("dbServer").asText(""));
  }
}
