package org.arangosync.minicluster.internal.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.arangosync.minicluster.internal.http.ArangoError;
import org.arangosync.minicluster.internal.storage.Store;
import org.arangosync.minicluster.internal.storage.ViewCatalog;
import org.arangosync.minicluster.internal.storage.Views;

/** A cluster's views: definitions in {@code /arango/Plan/Views/<db>/<id>}, as ArangoDB plans them. */
final class PlanViews implements ViewCatalog {

  private final Plan plan;
  private final Ids ids;
  private final Object lock = new Object();

  PlanViews(Plan plan, Ids ids) {
    this.plan = plan;
    this.ids = ids;
  }

  @Override
  public List<ObjectNode> views(String database) {
    plan.requireDatabase(database);
    return plan.views(database);
  }

  @Override
  public ObjectNode view(String database, String name) {
    for (ObjectNode view : views(database)) {
      if (view.path("name").asText().equals(name) || view.path("id").asText().equals(name)) {
        return view;
      }
    }
    return null;
  }

  @Override
  public ObjectNode create(String database, ObjectNode request) {
    String name = request.path("name").asText("");
    if (!Store.isValidCollectionName(name, false)) {
      throw new ArangoError(400, ArangoError.ILLEGAL_NAME, "illegal name: '" + name + "'");
    }
    synchronized (lock) {
      if (view(database, name) != null || plan.findCollection(database, name) != null) {
        throw new ArangoError(409, ArangoError.DUPLICATE_NAME, "duplicate name: " + name);
      }
      ObjectNode view = Views.withDefaults(request);
      long id = ids.next();
      view.put("id", Long.toString(id));
      view.put("globallyUniqueId", "c" + id);
      store(database, view);
      return view;
    }
  }

  @Override
  public ObjectNode change(String database, String name, ObjectNode properties, boolean replace) {
    synchronized (lock) {
      ObjectNode view = require(database, name);
      ObjectNode changed = replace ? Views.withDefaults(identity(view)) : view.deepCopy();
      properties.fields().forEachRemaining(entry -> {
        if (!List.of("id", "name", "type", "globallyUniqueId").contains(entry.getKey())) {
          changed.set(entry.getKey(), entry.getValue());
        }
      });
      store(database, changed);
      return changed;
    }
  }

  @Override
  public ObjectNode rename(String database, String name, String newName) {
    synchronized (lock) {
      ObjectNode view = require(database, name);
      if (!Store.isValidCollectionName(newName, false)) {
        throw new ArangoError(400, ArangoError.ILLEGAL_NAME, "illegal name: '" + newName + "'");
      }
      if (view(database, newName) != null || plan.findCollection(database, newName) != null) {
        throw new ArangoError(409, ArangoError.DUPLICATE_NAME, "duplicate name: " + newName);
      }
      ObjectNode renamed = view.deepCopy();
      renamed.put("name", newName);
      store(database, renamed);
      return renamed;
    }
  }

  @Override
  public void drop(String database, String name) {
    synchronized (lock) {
      ObjectNode view = require(database, name);
      Map<String, JsonNode> changes = new LinkedHashMap<>();
      changes.put(Plan.PLAN + "/Views/" + database + "/" + view.path("id").asText(), null);
      plan.write(changes);
    }
  }

  private ObjectNode require(String database, String name) {
    ObjectNode view = view(database, name);
    if (view == null) {
      throw ArangoError.collectionNotFound(name);
    }
    return view;
  }

  /** The fields that identify a view, which a replace keeps. */
  private static ObjectNode identity(ObjectNode view) {
    ObjectNode kept = view.objectNode();
    for (String field : List.of("id", "name", "type", "globallyUniqueId")) {
      kept.set(field, view.get(field));
    }
    return kept;
  }

  private void store(String database, ObjectNode view) {
    Map<String, JsonNode> changes = new LinkedHashMap<>();
    changes.put(Plan.PLAN + "/Views/" + database + "/" + view.path("id").asText(), view);
    plan.write(changes);
  }
}
