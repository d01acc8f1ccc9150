package org.arangosync.minicluster.internal.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.arangosync.minicluster.internal.storage.DocumentTarget;

/**
 * A cluster collection as planned in the agency: its properties and its shards, each on one
 * DB-Server (the mini cluster keeps one copy of each shard: replicationFactor is stored and
 * reported but not acted on).
 *
 * <p>Shards are ordered by their number, which fixes the mapping from a document's shard-key hash
 * to a shard for the collection's lifetime.
 */
final class ClusterCollection implements DocumentTarget {

  private final String database;
  private final ObjectNode plan;
  private final List<String> shards = new ArrayList<>();
  private final List<String> shardKeys = new ArrayList<>();

  ClusterCollection(String database, ObjectNode plan) {
    this.database = database;
    this.plan = plan;
    plan.path("shards").fieldNames().forEachRemaining(shards::add);
    shards.sort((a, b) -> Long.compare(Long.parseLong(a.substring(1)), Long.parseLong(b.substring(1))));
    plan.path("shardKeys").forEach(key -> shardKeys.add(key.asText()));
    if (shardKeys.isEmpty()) {
      shardKeys.add("_key");
    }
  }

  String database() {
    return database;
  }

  ObjectNode plan() {
    return plan;
  }

  String id() {
    return plan.path("id").asText();
  }

  @Override
  public String name() {
    return plan.path("name").asText();
  }

  @Override
  public boolean isEdge() {
    return plan.path("type").asInt(2) == 3;
  }

  @Override
  public boolean waitForSync() {
    return plan.path("waitForSync").asBoolean(false);
  }

  boolean isSystem() {
    return plan.path("isSystem").asBoolean(false);
  }

  int type() {
    return plan.path("type").asInt(2);
  }

  String globallyUniqueId() {
    return plan.path("globallyUniqueId").asText();
  }

  /** Shard names in order, e.g. {@code [s10001, s10002]}. */
  List<String> shards() {
    return shards;
  }

  /** The DB-Server that holds a shard. */
  String serverOf(String shard) {
    JsonNode servers = plan.path("shards").path(shard);
    return servers.path(0).asText();
  }

  List<String> shardKeys() {
    return shardKeys;
  }

  /** Whether documents are placed by {@code _key} alone, so a key names its shard. */
  boolean shardedByKey() {
    return shardKeys.size() == 1 && shardKeys.get(0).equals("_key");
  }

  ObjectNode keyOptions() {
    return (ObjectNode) plan.path("keyOptions");
  }
}
