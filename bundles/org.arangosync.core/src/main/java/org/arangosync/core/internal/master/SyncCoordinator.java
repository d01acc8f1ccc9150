package org.arangosync.core.internal.master;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.arangosync.api.SyncStatus;
import org.arangosync.api.TaskType;
import org.arangosync.api.spi.store.ClusterStore;
import org.arangosync.api.spi.store.ShardRef;
import org.arangosync.client.SyncClientException;
import org.arangosync.core.internal.sync.ShardProgress;
import org.arangosync.rest.RestException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a leader master does for synchronisation, on both sides. On a target: {@code configure sync}
 * ({@link #configure}: the source master is asked to send, a {@code receive-inventory} task made),
 * the shards the received inventory names ({@link #shardsWanted}: a {@code send-shard} task at the
 * source and a {@code receive-shard} task here for each), and the status ({@link #syncInfo}). On a
 * source: the outgoing synchronisation to each target and its shards. Channel access descriptions
 * pass through here between the datacenters: only the target calls the source, never the reverse.
 *
 * <p>Stop, abort, the barrier, reset and checksums are {@link SyncControl}'s, under this object's lock.
 *
 * <p>Invariants: all state is in {@link SyncState} (a new leader continues); a configure that the
 * source refuses, or that finds a synchronisation already configured, changes nothing.
 */
public final class SyncCoordinator {

  private static final Logger LOG = LoggerFactory.getLogger(SyncCoordinator.class);
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String CHANNEL_CHARACTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

  private final SyncState state;
  private final TaskRegistry tasks;
  private final ClusterStore cluster;
  private final List<String> publicEndpoints;
  private final Function<JsonNode, RemoteMaster> sourceMasters;
  private final Object sourceLock = new Object();
  private String sourceKey;
  private RemoteMaster sourceRemote;

  /**
   * @param publicEndpoints this datacenter's master URLs as the other datacenter reaches them
   * @param sourceMasters the source's masters for an {@code incoming} configuration (endpoints,
   *     client certificate and key, CA)
   */
  public SyncCoordinator(SyncState state, TaskRegistry tasks, ClusterStore cluster, List<String> publicEndpoints,
      Function<JsonNode, RemoteMaster> sourceMasters) {
    this.state = state;
    this.tasks = tasks;
    this.cluster = cluster;
    this.publicEndpoints = List.copyOf(publicEndpoints);
    this.sourceMasters = sourceMasters;
  }

  public SyncState state() {
    return state;
  }

  TaskRegistry tasks() {
    return tasks;
  }

  /** This datacenter's cluster. */
  ClusterStore cluster() {
    return cluster;
  }

  // ------------------------------------------------------------------------------------ target

  /**
   * {@code POST /_api/sync}: {@code {source:[urls], authentication:{clientCertificate, clientKey,
   * caCertificate}}}.
   *
   * @throws RestException 400 for a bad request or a synchronisation already configured, 502 when
   *     the source masters cannot be reached or refuse
   */
  public void configure(JsonNode body) {
    List<String> source = new ArrayList<>();
    body.path("source").forEach(endpoint -> source.add(endpoint.asText()));
    if (source.isEmpty()) {
      throw new RestException(400, "'source' must list the source datacenter's master endpoints, e.g. [\"https://dc-a:8629\"]");
    }
    for (String endpoint : source) {
      URI uri;
      try {
        uri = URI.create(endpoint);
      } catch (IllegalArgumentException e) {
        uri = null;
      }
      if (uri == null || !"https".equals(uri.getScheme()) || uri.getHost() == null) {
        throw new RestException(400, "source endpoint '" + endpoint + "' is not an https://host:port URL");
      }
    }
    JsonNode authentication = body.path("authentication");
    for (String field : List.of("clientCertificate", "clientKey", "caCertificate")) {
      if (!authentication.path(field).isTextual() || authentication.path(field).asText().isBlank()) {
        throw new RestException(400, "authentication." + field + " is missing: configure sync needs --master.keyfile (the client "
            + "certificate and key the target presents to the source) and --source.cacert (the CA of the source masters)");
      }
    }
    Optional<ObjectNode> existing = state.incoming();
    if (existing.isPresent()) {
      throw new RestException(400, "a synchronisation from " + existing.get().path("source") + " is configured already; stop it "
          + "('arangosync stop sync') before configuring another");
    }
    ObjectNode incoming = JSON.objectNode();
    incoming.set("source", JSON.arrayNode().addAll(source.stream().map(JSON::textNode).toList()));
    incoming.set("authentication", authentication.deepCopy());
    String inventoryChannel = channelName();
    incoming.putObject("channels").put("inventory", inventoryChannel);
    ObjectNode outgoing = JSON.objectNode().put("id", state.clusterId());
    outgoing.set("target", JSON.arrayNode().addAll(publicEndpoints.stream().map(JSON::textNode).toList()));
    outgoing.putObject("channels").put("inventory", inventoryChannel);
    JsonNode answer;
    try {
      answer = source(incoming).call("POST", "/_api/sync/outgoing", outgoing);
    } catch (RuntimeException e) {
      throw new RestException(502, "the source masters did not accept the synchronisation: " + e.getMessage());
    }
    incoming.put("source-cluster-id", answer.path("id").asText(""));
    incoming.put("state", SyncStatus.RUNNING.wireName());
    if (!state.createIncoming(incoming)) {
      throw new RestException(400, "a synchronisation was configured at the same time; check with 'arangosync get status'");
    }
    String task = tasks.create(TaskData.inventory(TaskType.RECEIVE_INVENTORY, new TaskData.Channels(inventoryChannel, ""),
        answer.path("id").asText("")));
    LOG.info("synchronisation from {} configured (receive-inventory task {}, inventory channel {})", source, task, inventoryChannel);
  }

  /** A channel name as ArangoSync forms them: a prefix and 20 random characters. */
  static String channelName() {
    StringBuilder name = new StringBuilder("sync_");
    for (int i = 0; i < 20; i++) {
      name.append(CHANNEL_CHARACTERS.charAt(RANDOM.nextInt(CHANNEL_CHARACTERS.length())));
    }
    return name.toString();
  }

  /**
   * The source masters of the configured synchronisation, made once per configuration: every
   * client holds connections and threads, so one is kept while the configuration stays the same.
   */
  RemoteMaster source(ObjectNode incoming) {
    String key = incoming.path("source").toString() + incoming.path("authentication").toString();
    synchronized (sourceLock) {
      if (!key.equals(sourceKey)) {
        sourceRemote = sourceMasters.apply(incoming);
        sourceKey = key;
      }
      return sourceRemote;
    }
  }

  /**
   * The shards the target's inventory now holds (reported by the {@code receive-inventory} task
   * after it applied the source's structure): tasks for new shards, none for gone ones.
   * Synchronized: a report retried while the first is still at work must not make a shard's tasks twice.
   */
  public synchronized void shardsWanted(List<ShardRef> wanted) {
    ObjectNode incoming = state.incoming().orElseThrow(() -> new RestException(412, "no synchronisation is configured"));
    if (SyncStatus.CANCELLING.wireName().equals(incoming.path("state").asText())) {
      throw new RestException(412, "the synchronisation is being stopped");
    }
    String myId = state.clusterId();
    String sourceId = incoming.path("source-cluster-id").asText("");
    Map<String, ObjectNode> existing = state.incomingShards();
    Set<String> wantedIds = new LinkedHashSet<>();
    List<ShardRef> added = new ArrayList<>();
    List<TaskData> receivers = new ArrayList<>();
    ObjectNode request = JSON.objectNode();
    ArrayNode requested = request.putArray("shards");
    for (ShardRef shard : wanted) {
      String id = ShardProgress.shardId(shard);
      boolean firstMention = wantedIds.add(id);
      if (!firstMention || existing.containsKey(id)) {
        continue;
      }
      TaskData.Channels channels = new TaskData.Channels(channelName(), channelName());
      // A tick left by an earlier synchronisation (from another source, or saved by a task while it
      // was being stopped) must not make the new one resume: its first session compares instead.
      new ShardProgress(state.store(), shard).clear();
      added.add(shard);
      receivers.add(TaskData.shard(TaskType.RECEIVE_SHARD, channels, sourceId, shard.database(), shard.collection(), shard.shardIndex(),
          ""));
      ObjectNode each = shardJson(shard);
      each.putObject("channels").put("data", channels.data()).put("control", channels.control());
      requested.add(each);
    }
    if (!added.isEmpty()) {
      // The source first: a shard is only ever recorded here once its sender exists there.
      source(incoming).call("POST", "/_api/sync/outgoing/" + myId + "/shards", request);
      List<String> taskIds = tasks.createAll(receivers);
      Map<String, ObjectNode> entries = new LinkedHashMap<>();
      for (int i = 0; i < added.size(); i++) {
        ObjectNode entry = ((ObjectNode) requested.get(i)).deepCopy().put("task", taskIds.get(i));
        entries.put(ShardProgress.shardId(added.get(i)), entry);
      }
      state.putIncomingShards(entries);
      LOG.info("synchronising {} more shards", added.size());
    }
    for (Map.Entry<String, ObjectNode> gone : existing.entrySet()) {
      if (wantedIds.contains(gone.getKey())) {
        continue;
      }
      ShardRef shard = shardOf(gone.getValue());
      cancelIfPresent(gone.getValue().path("task").asText());
      try {
        source(incoming).call("DELETE", outgoingShardPath(myId, shard), null);
      } catch (RuntimeException e) {
        LOG.warn("the source did not remove its send-shard task of {}: {}", shard, e.getMessage());
      }
      state.deleteIncomingShard(gone.getKey());
      state.deleteTaskStatus(gone.getValue().path("task").asText());
      new ShardProgress(state.store(), shard).clear();
    }
  }

  /** Cancels a task unless it is gone already (finished and removed): the goal is reached either way. */
  void cancelIfPresent(String taskId) {
    try {
      tasks.cancel(taskId);
    } catch (java.util.NoSuchElementException e) {
      LOG.debug("task {} is gone already", taskId);
    }
  }

  static String outgoingShardPath(String targetId, ShardRef shard) {
    return "/_api/sync/outgoing/" + targetId + "/database/" + encode(shard.database()) + "/collection/" + encode(shard.collection())
        + "/shard/" + shard.shardIndex();
  }

  private static String encode(String name) {
    return URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
  }

  static ObjectNode shardJson(ShardRef shard) {
    return JSON.objectNode().put("database", shard.database()).put("collection", shard.collection()).put("shardIndex", shard.shardIndex());
  }

  static ShardRef shardOf(JsonNode json) {
    return new ShardRef(json.path("database").asText(), json.path("collection").asText(), json.path("shardIndex").asInt());
  }

  // ------------------------------------------------------------------------------------ source

  /** {@code POST /_api/sync/outgoing}: a target asks this datacenter to send to it. */
  public ObjectNode outgoingCreate(JsonNode body) {
    String targetId = body.path("id").asText("");
    String inventory = body.path("channels").path("inventory").asText("");
    if (targetId.isEmpty() || inventory.isEmpty()) {
      throw new RestException(400, "an outgoing synchronisation needs the target's 'id' and 'channels.inventory'");
    }
    Optional<ObjectNode> existing = Optional.ofNullable(state.outgoing().get(targetId));
    if (existing.isEmpty() || !existing.get().path("channels").path("inventory").asText().equals(inventory)) {
      ObjectNode outgoing = JSON.objectNode().put("id", targetId).put("state", SyncStatus.RUNNING.wireName());
      outgoing.set("target", body.path("target").deepCopy());
      outgoing.putObject("channels").put("inventory", inventory);
      String task = tasks.create(TaskData.inventory(TaskType.SEND_INVENTORY, new TaskData.Channels(inventory, ""), targetId));
      outgoing.put("task", task);
      existing.ifPresent(old -> cancelIfPresent(old.path("task").asText()));
      state.putOutgoing(targetId, outgoing);
      LOG.info("outgoing synchronisation to {} ({}) configured: send-inventory task {}", targetId, body.path("target"), task);
    }
    return JSON.objectNode().put("id", state.clusterId());
  }

  /** {@code POST /_api/sync/outgoing/{target}/database/{db}/collection/{col}/shard/{i}}: a send-shard task. */
  public void outgoingShardCreate(String targetId, ShardRef shard, JsonNode body) {
    ObjectNode one = shardJson(shard);
    one.set("channels", body.path("channels").deepCopy());
    ObjectNode batch = JSON.objectNode();
    batch.putArray("shards").add(one);
    outgoingShardsCreate(targetId, batch);
  }

  /**
   * {@code POST /_api/sync/outgoing/{target}/shards}: {@code send-shard} tasks for many shards at once
   * ({@code {shards:[{database, collection, shardIndex, channels:{data, control}}]}}), in a few
   * writes of the state store whatever their number.
   */
  public void outgoingShardsCreate(String targetId, JsonNode body) {
    requireOutgoing(targetId);
    Map<String, ObjectNode> existing = state.outgoingShards(targetId);
    List<TaskData> senders = new ArrayList<>();
    List<ObjectNode> entries = new ArrayList<>();
    for (JsonNode each : body.path("shards")) {
      ShardRef shard = shardOf(each);
      TaskData.Channels channels = new TaskData.Channels(each.path("channels").path("data").asText(""),
          each.path("channels").path("control").asText(""));
      if (channels.data().isEmpty() || channels.control().isEmpty()) {
        throw new RestException(400, "shard " + shard + ": a shard's synchronisation needs channels.data and channels.control");
      }
      ObjectNode old = existing.get(ShardProgress.shardId(shard));
      if (old != null) {
        if (old.path("channels").path("data").asText().equals(channels.data())) {
          continue; // asked again (the target retried): done already
        }
        cancelIfPresent(old.path("task").asText());
        state.deleteTaskStatus(old.path("task").asText());
      }
      senders.add(TaskData.shard(TaskType.SEND_SHARD, channels, targetId, shard.database(), shard.collection(), shard.shardIndex(), ""));
      ObjectNode entry = shardJson(shard);
      entry.putObject("channels").put("data", channels.data()).put("control", channels.control());
      entries.add(entry);
    }
    List<String> taskIds = tasks.createAll(senders);
    Map<String, ObjectNode> byShard = new LinkedHashMap<>();
    for (int i = 0; i < entries.size(); i++) {
      byShard.put(ShardProgress.shardId(shardOf(entries.get(i))), entries.get(i).put("task", taskIds.get(i)));
    }
    state.putOutgoingShards(targetId, byShard);
  }

  /** {@code DELETE .../shard/{i}}: the target no longer has the shard. */
  public void outgoingShardDelete(String targetId, ShardRef shard) {
    requireOutgoing(targetId);
    String id = ShardProgress.shardId(shard);
    ObjectNode existing = state.outgoingShards(targetId).get(id);
    if (existing != null) {
      cancelIfPresent(existing.path("task").asText());
      state.deleteOutgoingShard(targetId, id);
      state.deleteTaskStatus(existing.path("task").asText());
    }
  }

  /** The outgoing synchronisation to {@code targetId}, or 404. */
  ObjectNode requireOutgoing(String targetId) {
    ObjectNode outgoing = state.outgoing().get(targetId);
    if (outgoing == null) {
      throw new RestException(404, "no outgoing synchronisation to '" + targetId + "' ('arangosync get status' on this datacenter "
          + "lists them by id); configure sync at the target first");
    }
    return outgoing;
  }

  // ------------------------------------------------------------------------------------ channels

  /**
   * How to reach {@code channel}: known here (produced in this datacenter, or pushed by the
   * target), or, on a target, asked of the source.
   */
  public Optional<ObjectNode> channelAccess(String channel) {
    Optional<ObjectNode> local = state.channelAccess(channel);
    if (local.isPresent()) {
      return local;
    }
    Optional<ObjectNode> incoming = state.incoming();
    if (incoming.isEmpty()) {
      return Optional.empty();
    }
    JsonNode remote;
    try {
      remote = source(incoming.get()).call("GET", "/_api/sync/outgoing/" + state.clusterId() + "/access/" + channel, null);
    } catch (SyncClientException e) {
      if (e.failures().stream().anyMatch(failure -> failure.status() == 404)) {
        return Optional.empty(); // its producer at the source has not started yet: the worker asks again
      }
      throw sourceUnavailable("tell how to reach channel " + channel, e);
    }
    return remote.path("access").isObject() ? Optional.of((ObjectNode) remote.get("access")) : Optional.empty();
  }

  /**
   * A worker here produces {@code channel}: kept here, and on a target also given to the source
   * (whose workers consume the control channels; the source never calls the target).
   */
  public void putChannelAccess(String channel, ObjectNode access) {
    state.putChannelAccess(channel, access);
    Optional<ObjectNode> incoming = state.incoming();
    if (incoming.isPresent()) {
      ObjectNode body = JSON.objectNode();
      body.set("access", access);
      try {
        source(incoming.get()).call("PUT", "/_api/sync/outgoing/" + state.clusterId() + "/access/" + channel, body);
      } catch (SyncClientException e) {
        throw sourceUnavailable("be told how to reach channel " + channel, e);
      }
    }
  }

  /** A 503 for a worker whose request needs the source's masters, which failed: it asks again, nothing is wrong here. */
  private static RestException sourceUnavailable(String what, SyncClientException failure) {
    return new RestException(503, "the source datacenter's masters cannot " + what + " now (" + failure.getMessage()
        + "); ask again shortly", failure);
  }

  /** A target pushes the access of a channel its workers produce (the control channels). */
  public void putRemoteChannelAccess(String targetId, String channel, ObjectNode access) {
    requireOutgoing(targetId);
    state.putChannelAccess(channel, access);
  }

  // ------------------------------------------------------------------------------------ status

  /** {@code PUT /_api/sync/multiple/status}: the statuses workers report for their tasks. */
  public void taskStatuses(JsonNode body) {
    Map<String, ObjectNode> statuses = new LinkedHashMap<>();
    for (JsonNode entry : body.path("entries")) {
      String task = entry.path("task").asText("");
      if (!task.isEmpty() && entry.path("status").isObject()) {
        statuses.put(task, (ObjectNode) entry.get("status"));
      }
    }
    state.putTaskStatuses(statuses);
  }

  /** {@code GET /_api/sync}: ArangoSync's {@code SyncInfo} of this datacenter. */
  public ObjectNode syncInfo(boolean full) {
    Map<String, ObjectNode> statuses = state.taskStatuses();
    ObjectNode info = JSON.objectNode();
    Optional<ObjectNode> incoming = state.incoming();
    ArrayNode source = info.putArray("source");
    incoming.ifPresent(in -> in.path("source").forEach(source::add));
    List<ObjectNode> shards = new ArrayList<>();
    state.incomingShards().values().forEach(shard -> shards.add(shardInfo(shard, statuses)));
    if (incoming.isPresent() && incoming.get().path("barrier").asBoolean(false)) {
      markInSync(shards);
    }
    String status;
    if (incoming.isEmpty()) {
      status = SyncStatus.INACTIVE.wireName();
    } else if (SyncStatus.CANCELLING.wireName().equals(incoming.get().path("state").asText())) {
      status = SyncStatus.CANCELLING.wireName();
    } else {
      status = overall(shards).wireName();
    }
    info.put("status", status);
    if (full) {
      info.putArray("shards").addAll(shards);
    }
    info.put("shardsCount", shards.size());
    info.put("totalShardsCount", shards.size());
    ArrayNode outgoing = info.putArray("outgoing");
    for (ObjectNode target : state.outgoing().values()) {
      String targetId = target.path("id").asText();
      List<ObjectNode> targetShards = new ArrayList<>();
      state.outgoingShards(targetId).values().forEach(shard -> targetShards.add(shardInfo(shard, statuses)));
      ObjectNode each = outgoing.addObject().put("id", targetId);
      each.set("endpoint", target.path("target").deepCopy());
      each.put("status", overall(targetShards).wireName());
      if (full) {
        each.putArray("shards").addAll(targetShards);
      }
      each.put("shardsCount", targetShards.size());
      each.put("active_barrier", target.path("active_barrier").asBoolean(false));
    }
    info.put("cancellationAborted", false);
    return info;
  }

  /**
   * While a barrier holds the source read-only: each shard's {@code in_sync}, as the barrier sees it
   * now. A source that does not answer leaves every shard not in sync.
   */
  private void markInSync(List<ObjectNode> shards) {
    java.util.Set<String> inSync = new java.util.HashSet<>();
    try {
      SyncControl.Barrier barrier = new SyncControl(this).barrierStatus();
      barrier.inSync().forEach(shard -> inSync.add(ShardProgress.shardId(shard)));
    } catch (RuntimeException e) {
      LOG.debug("the barrier's state is unknown: {}", e.getMessage());
    }
    for (ObjectNode shard : shards) {
      shard.put("in_sync", inSync.contains(ShardProgress.shardId(shardOf(shard))));
    }
  }

  private static SyncStatus overall(List<ObjectNode> shards) {
    if (shards.isEmpty()) {
      return SyncStatus.INITIALIZING;
    }
    boolean allRunning = shards.stream().allMatch(shard -> SyncStatus.RUNNING.wireName().equals(shard.path("status").asText()));
    return allRunning ? SyncStatus.RUNNING : SyncStatus.INITIAL_SYNC;
  }

  private static ObjectNode shardInfo(ObjectNode shard, Map<String, ObjectNode> statuses) {
    ObjectNode info = JSON.objectNode().put("database", shard.path("database").asText())
        .put("collection", shard.path("collection").asText()).put("shardIndex", shard.path("shardIndex").asInt());
    ObjectNode status = statuses.getOrDefault(shard.path("task").asText(), JSON.objectNode());
    info.put("status", status.path("status").asText(SyncStatus.INITIALIZING.wireName()));
    info.put("status_message", status.path("status_message").asText(""));
    info.put("delay", status.path("delay").asLong(0));
    info.put("last_message", status.path("last_message").asText(""));
    info.put("last_data_change", status.path("last_data_change").asText(""));
    info.put("last_shard_master_change", "");
    info.put("shard_master_known", true);
    info.put("in_sync", false);
    if (status.has("documents_total")) {
      info.put("documents_done", status.path("documents_done").asLong());
      info.put("documents_total", status.path("documents_total").asLong());
    }
    return info;
  }

  /** The shards named in a wanted-shards body: {@code {shards:[{database, collection, shardIndex}]}}. */
  public static List<ShardRef> shardsOf(JsonNode body) {
    List<ShardRef> shards = new ArrayList<>();
    for (JsonNode shard : body.path("shards")) {
      shards.add(shardOf(shard));
    }
    return shards;
  }

  /** The body of a wanted-shards report. */
  public static ObjectNode shardsBody(List<ShardRef> shards) {
    ObjectNode body = JSON.objectNode();
    ArrayNode list = body.putArray("shards");
    shards.forEach(shard -> list.add(shardJson(shard)));
    return body;
  }
}
