package org.arangosync.minicluster.internal.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.arangosync.minicluster.internal.agency.AgencyStore;
import org.arangosync.minicluster.internal.agency.WriteResult;
import org.arangosync.minicluster.internal.http.ArangoError;
import org.arangosync.minicluster.internal.http.Json;

/**
 * The cluster's plan in the agency, in ArangoDB's layout: {@code /arango/Plan/Databases/<db>},
 * {@code /arango/Plan/Collections/<db>/<id>} (with {@code shards: {shard: [server]}}),
 * {@code /arango/Plan/Views/<db>/<id>}, {@code /arango/Plan/Version}, and the matching
 * {@code /arango/Current/Collections} entries. Coordinators read it on every request (it is an
 * in-memory tree), so every coordinator sees every change at once.
 */
final class Plan {

  static final String PLAN = "/arango/Plan";
  static final String CURRENT = "/arango/Current";

  private final AgencyStore agency;

  Plan(AgencyStore agency) {
    this.agency = agency;
  }

  AgencyStore agency() {
    return agency;
  }

  /** The value at an agency path, or a missing node. */
  JsonNode get(String path) {
    ArrayNode query = Json.array();
    query.addArray().add(path);
    JsonNode node = agency.read(query).path(0);
    for (String part : path.split("/")) {
      if (!part.isEmpty()) {
        node = node.path(part);
      }
    }
    return node;
  }

  ObjectNode databases() {
    JsonNode databases = get(PLAN + "/Databases");
    return databases.isObject() ? (ObjectNode) databases : Json.object();
  }

  boolean hasDatabase(String name) {
    return databases().has(name);
  }

  void requireDatabase(String name) {
    if (!hasDatabase(name)) {
      throw ArangoError.databaseNotFound(name);
    }
  }

  /** The collections of a database, by id. */
  List<ClusterCollection> collections(String database) {
    List<ClusterCollection> collections = new ArrayList<>();
    JsonNode all = get(PLAN + "/Collections/" + database);
    all.fields().forEachRemaining(entry -> collections.add(new ClusterCollection(database, (ObjectNode) entry.getValue())));
    collections.sort((a, b) -> a.name().compareTo(b.name()));
    return collections;
  }

  /** The collection by name or id, or null. */
  ClusterCollection findCollection(String database, String nameOrId) {
    JsonNode byId = get(PLAN + "/Collections/" + database + "/" + nameOrId);
    if (byId.isObject()) {
      return new ClusterCollection(database, (ObjectNode) byId);
    }
    for (ClusterCollection collection : collections(database)) {
      if (collection.name().equals(nameOrId)) {
        return collection;
      }
    }
    return null;
  }

  /** The collection, or ArangoDB's 404/1228 (database) or 404/1203 (collection). */
  ClusterCollection collection(String database, String nameOrId) {
    requireDatabase(database);
    ClusterCollection collection = findCollection(database, nameOrId);
    if (collection == null) {
      throw ArangoError.collectionNotFound(nameOrId);
    }
    return collection;
  }

  List<ObjectNode> views(String database) {
    List<ObjectNode> views = new ArrayList<>();
    get(PLAN + "/Views/" + database).fields().forEachRemaining(entry -> views.add((ObjectNode) entry.getValue()));
    return views;
  }

  /**
   * Applies one agency transaction of {@code set} (value) and {@code delete} (null value)
   * operations and bumps {@code Plan/Version}.
   */
  void write(Map<String, JsonNode> changes) {
    ArrayNode transactions = Json.array();
    ObjectNode operations = transactions.addArray().addObject();
    changes.forEach((path, value) -> {
      if (value == null || value instanceof MissingNode) {
        operations.putObject(path).put("op", "delete");
      } else {
        operations.putObject(path).put("op", "set").set("new", value);
      }
    });
    operations.putObject(PLAN + "/Version").put("op", "increment");
    WriteResult result = agency.write(transactions);
    if (!result.allApplied()) {
      throw new ArangoError(500, 4, "the agency did not apply a plan change: " + result.results());
    }
  }
}
