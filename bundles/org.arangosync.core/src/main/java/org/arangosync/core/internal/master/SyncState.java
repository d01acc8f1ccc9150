package org.arangosync.core.internal.master;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.SecureRandom;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.arangosync.api.spi.state.StateStore;
import org.arangosync.api.spi.state.Transaction;
import org.arangosync.core.internal.sync.ShardProgress;

/**
 * The synchronisation state of one datacenter in its state store (the agency), shared by its
 * masters so that a new leader continues where the old one stopped. Layout (keys relative to the
 * store's root):
 *
 * <ul>
 *   <li>{@code clusterId}: this datacenter's id, made once;
 *   <li>{@code incoming}: on a target, the configured synchronisation ({@code source},
 *       {@code authentication}, {@code channels.inventory}, {@code state});
 *   <li>{@code incomingShards/<shardId>}: on a target, each synchronised shard (database,
 *       collection, shardIndex, channels, task ids);
 *   <li>{@code outgoing/<targetId>}, {@code outgoingShards/<targetId>/<shardId>}: the same on a
 *       source, per target datacenter;
 *   <li>{@code channelAccess/<channel>}: how a consumer reaches a channel produced here (or, on a
 *       source, a control channel produced in the target);
 *   <li>{@code taskStatus/<taskId>}: the last status a worker reported for a task.
 * </ul>
 *
 * <p>Every value is a JSON object written whole; parents are never written whole, so that writing
 * one entry never removes another.
 */
public final class SyncState {

  private static final SecureRandom RANDOM = new SecureRandom();

  private final StateStore store;

  public SyncState(StateStore store) {
    this.store = store;
  }

  public StateStore store() {
    return store;
  }

  /** This datacenter's id (16 hex digits), made by the first master that asks. */
  public String clusterId() {
    Optional<String> known = store.read("clusterId");
    if (known.isPresent()) {
      return StoredJson.parse(known.get(), "a synchronisation value").asText();
    }
    byte[] random = new byte[8];
    RANDOM.nextBytes(random);
    String id = HexFormat.of().formatHex(random);
    store.write(Transaction.builder().set("clusterId", "\"" + id + "\"").ifAbsent("clusterId").build());
    return StoredJson.parse(store.read("clusterId").orElseThrow(), "a synchronisation value").asText();
  }

  public Optional<ObjectNode> incoming() {
    return object("incoming");
  }

  public void setIncoming(ObjectNode incoming) {
    set("incoming", incoming);
  }

  /** Writes {@code incoming} only if there is none: false when a synchronisation is configured already. */
  public boolean createIncoming(ObjectNode incoming) {
    return store.write(Transaction.builder().set("incoming", incoming.toString()).ifAbsent("incoming").build());
  }

  public Map<String, ObjectNode> incomingShards() {
    return children("incomingShards");
  }

  public void putIncomingShard(String shardId, ObjectNode shard) {
    set(incomingShardKey(shardId), shard);
  }

  /** The key of a synchronised shard's entry on a target. */
  public static String incomingShardKey(String shardId) {
    return "incomingShards/" + shardId;
  }

  /** Writes several shards' entries at once (one state-store write). */
  public void putIncomingShards(Map<String, ObjectNode> shards) {
    putAll("incomingShards/", shards);
  }

  public void deleteIncomingShard(String shardId) {
    store.write(Transaction.builder().delete("incomingShards/" + shardId).build());
  }

  public Map<String, ObjectNode> outgoing() {
    return children("outgoing");
  }

  public void putOutgoing(String targetId, ObjectNode outgoing) {
    set("outgoing/" + targetId, outgoing);
  }

  public Map<String, ObjectNode> outgoingShards(String targetId) {
    return children("outgoingShards/" + targetId);
  }

  public void putOutgoingShard(String targetId, String shardId, ObjectNode shard) {
    set("outgoingShards/" + targetId + "/" + shardId, shard);
  }

  /** Writes several shards' entries at once (one state-store write). */
  public void putOutgoingShards(String targetId, Map<String, ObjectNode> shards) {
    putAll("outgoingShards/" + targetId + "/", shards);
  }

  public void deleteOutgoingShard(String targetId, String shardId) {
    store.write(Transaction.builder().delete("outgoingShards/" + targetId + "/" + shardId).build());
  }

  public Optional<ObjectNode> channelAccess(String channel) {
    return object("channelAccess/" + channel);
  }

  public void putChannelAccess(String channel, ObjectNode access) {
    set("channelAccess/" + channel, access);
  }

  public Map<String, ObjectNode> taskStatuses() {
    return children("taskStatus");
  }

  /** Writes the statuses of several tasks at once (one state-store write). */
  public void putTaskStatuses(Map<String, ObjectNode> statuses) {
    putAll("taskStatus/", statuses);
  }

  private void putAll(String prefix, Map<String, ObjectNode> values) {
    if (values.isEmpty()) {
      return;
    }
    Transaction.Builder write = Transaction.builder();
    values.forEach((key, value) -> write.set(prefix + key, value.toString()));
    store.write(write.build());
  }

  /**
   * Removes the incoming synchronisation in one write: {@code incoming}, its shards, their saved
   * ticks, the statuses of {@code taskIds} and the access of {@code channels}.
   */
  public void removeIncoming(Collection<String> shardIds, Collection<String> taskIds, Collection<String> channels) {
    Transaction.Builder write = Transaction.builder().delete("incoming");
    for (String shardId : shardIds) {
      write.delete("incomingShards/" + shardId).delete(ShardProgress.ROOT + "/" + shardId);
    }
    removeTasksAndChannels(write, taskIds, channels);
    store.write(write.build());
  }

  /** Removes the outgoing synchronisation to {@code targetId} in one write, like {@link #removeIncoming}. */
  public void removeOutgoing(String targetId, Collection<String> taskIds, Collection<String> channels) {
    Transaction.Builder write = Transaction.builder().delete("outgoing/" + targetId).delete("outgoingShards/" + targetId);
    removeTasksAndChannels(write, taskIds, channels);
    store.write(write.build());
  }

  private static void removeTasksAndChannels(Transaction.Builder write, Collection<String> taskIds, Collection<String> channels) {
    taskIds.stream().filter(id -> !id.isEmpty()).forEach(id -> write.delete("taskStatus/" + id));
    channels.stream().filter(channel -> !channel.isEmpty()).forEach(channel -> write.delete("channelAccess/" + channel));
  }

  public void deleteTaskStatus(String taskId) {
    store.write(Transaction.builder().delete("taskStatus/" + taskId).build());
  }

  private void set(String key, ObjectNode value) {
    store.write(Transaction.builder().set(key, value.toString()).build());
  }

  private Optional<ObjectNode> object(String key) {
    return store.read(key).map(json -> StoredJson.parse(json, "a synchronisation value")).filter(JsonNode::isObject).map(ObjectNode.class::cast);
  }

  private Map<String, ObjectNode> children(String key) {
    Map<String, ObjectNode> children = new LinkedHashMap<>();
    object(key).ifPresent(parent -> parent.fields().forEachRemaining(entry -> {
      if (entry.getValue().isObject()) {
        children.put(entry.getKey(), (ObjectNode) entry.getValue());
      }
    }));
    return children;
  }

}
