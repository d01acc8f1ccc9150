package org.arangosync.minicluster.internal.storage;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** A database of one server, with its collections and views. */
public final class Database {

  private final String name;
  private final long id;
  private final ObjectNode definition;
  final Map<String, Collection> collectionsByName = new ConcurrentHashMap<>();
  final Map<Long, Collection> collectionsById = new ConcurrentHashMap<>();
  final Map<String, ObjectNode> viewsByName = new ConcurrentHashMap<>();

  Database(ObjectNode definition) {
    this.definition = definition;
    this.name = definition.get("name").asText();
    this.id = Long.parseLong(definition.get("id").asText());
  }

  public String name() {
    return name;
  }

  public long id() {
    return id;
  }

  public ObjectNode definition() {
    return definition;
  }

  public boolean isSystem() {
    return name.equals("_system");
  }

  /** The collection with this name or numeric id, or null. */
  public Collection collection(String nameOrId) {
    Collection byName = collectionsByName.get(nameOrId);
    if (byName != null) {
      return byName;
    }
    if (!nameOrId.isEmpty() && Character.isDigit(nameOrId.charAt(0))) {
      try {
        return collectionsById.get(Long.parseLong(nameOrId));
      } catch (NumberFormatException e) {
        return null;
      }
    }
    return null;
  }

  public List<Collection> collections() {
    List<Collection> all = new ArrayList<>(collectionsByName.values());
    all.sort((a, b) -> a.name().compareTo(b.name()));
    return all;
  }

  public ObjectNode view(String name) {
    return viewsByName.get(name);
  }

  public List<ObjectNode> views() {
    return new ArrayList<>(viewsByName.values());
  }
}
