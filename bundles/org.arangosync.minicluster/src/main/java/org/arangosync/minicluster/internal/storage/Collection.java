package org.arangosync.minicluster.internal.storage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A collection (on a DB-Server: a shard) of one database.
 *
 * <p>Its stored definition is the JSON that {@code GET /_api/collection/<name>/properties} shows,
 * less the fields computed on the fly (status, count, key generator position), plus the user
 * indexes. Writers of documents hold {@link #writeLock()} from reading the old state to writing
 * the new one, so that revision checks and unique indexes see no interleaving.
 */
public final class Collection implements DocumentTarget {

  public static final int DOCUMENT = 2;
  public static final int EDGE = 3;

  private final Database database;
  private final long id;
  private final long objectId;
  private final String globallyUniqueId;
  private final int type;
  private volatile String name;
  private volatile ObjectNode definition;
  private final ReentrantLock writeLock = new ReentrantLock();
  private final AtomicLong keyGeneratorValue = new AtomicLong();
  private final AtomicLong count = new AtomicLong();

  Collection(Database database, ObjectNode definition) {
    this.database = database;
    this.definition = definition;
    this.id = Long.parseLong(definition.get("id").asText());
    this.objectId = Long.parseLong(definition.get("objectId").asText());
    this.globallyUniqueId = definition.get("globallyUniqueId").asText();
    this.type = definition.get("type").asInt();
    this.name = definition.get("name").asText();
    this.keyGeneratorValue.set(definition.path("keyOptions").path("lastValue").asLong(0));
  }

  public Database database() {
    return database;
  }

  public long id() {
    return id;
  }

  public long objectId() {
    return objectId;
  }

  public String globallyUniqueId() {
    return globallyUniqueId;
  }

  public int type() {
    return type;
  }

  @Override
  public boolean isEdge() {
    return type == EDGE;
  }

  @Override
  public String name() {
    return name;
  }

  /**
   * The collection name that documents' {@code _id} carry: the name itself, or for a shard on a
   * DB-Server the name of its cluster collection (stored as {@code clusterName}).
   */
  public String documentIdPrefix() {
    JsonNode clusterName = definition.get("clusterName");
    return clusterName != null && clusterName.isTextual() ? clusterName.asText() : name;
  }

  public boolean isSystem() {
    return name.startsWith("_");
  }

  @Override
  public boolean waitForSync() {
    return definition.path("waitForSync").asBoolean(false);
  }

  /** The stored definition; a copy may be changed, this one must not. */
  public ObjectNode definition() {
    return definition;
  }

  public ObjectNode keyOptions() {
    return (ObjectNode) definition.get("keyOptions");
  }

  /** The user-defined indexes (not primary or edge). */
  public List<ObjectNode> indexes() {
    List<ObjectNode> indexes = new ArrayList<>();
    JsonNode stored = definition.get("indexes");
    if (stored instanceof ArrayNode) {
      stored.forEach(index -> indexes.add((ObjectNode) index));
    }
    return indexes;
  }

  public ReentrantLock writeLock() {
    return writeLock;
  }

  public long documentCount() {
    return count.get();
  }

  AtomicLong countCell() {
    return count;
  }

  /** The key generator's last value, as keyOptions.lastValue reports it. */
  public long keyGeneratorValueNow() {
    return keyGeneratorValue.get();
  }

  AtomicLong keyGeneratorValue() {
    return keyGeneratorValue;
  }

  void rename(String newName) {
    this.name = newName;
  }

  void redefine(ObjectNode newDefinition) {
    this.definition = newDefinition;
  }

  @Override
  public String toString() {
    return database.name() + "/" + name;
  }
}
