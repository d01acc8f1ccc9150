package org.arangosync.minicluster.internal.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Map;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import org.arangosync.minicluster.internal.http.ApiRequest;
import org.arangosync.minicluster.internal.http.ApiResponse;
import org.arangosync.minicluster.internal.http.ArangoError;
import org.arangosync.minicluster.internal.http.HttpFrontend;
import org.arangosync.minicluster.internal.http.Json;
import org.arangosync.minicluster.internal.http.Router;
import org.arangosync.minicluster.internal.server.Authentication;
import org.arangosync.minicluster.internal.server.DataServer;
import org.arangosync.minicluster.internal.server.DocumentHandler;
import org.arangosync.minicluster.internal.server.ImportHandler;
import org.arangosync.minicluster.internal.server.Responses;

/**
 * A coordinator: the cluster's client API. Documents go to their shards' DB-Servers; structure
 * lives in the agency plan; the replication API answers 501 for what only DB-Servers can do (WAL,
 * keys) and forwards {@code ?DBserver=<id>} batches, dumps and inventories to that DB-Server,
 * as ArangoDB's coordinators do. {@code clusterInventory}, {@code /_admin/cluster/health} and
 * {@code /_api/cluster/endpoints} describe the cluster.
 */
final class Coordinator implements AutoCloseable {

  private final String id;
  private final Plan plan;
  private final ClusterStructure structure;
  private final ClusterDocuments documents;
  private final Map<String, DataServer> dbServers;
  private final Supplier<ObjectNode> health;
  private final Supplier<ArrayNode> coordinatorEndpoints;
  private final HttpFrontend frontend;
  private final String scheme;
  private final String host;

  Coordinator(String id, Plan plan, ClusterStructure structure, ClusterDocuments documents, PlanViews views,
      Map<String, DataServer> dbServers, Authentication authentication, Supplier<ObjectNode> health, Supplier<ArrayNode> coordinatorEndpoints, String host, int port,
      SSLContext tls) throws IOException {
    this.id = id;
    this.plan = plan;
    this.structure = structure;
    this.documents = documents;
    this.dbServers = dbServers;
    this.health = health;
    this.coordinatorEndpoints = coordinatorEndpoints;
    this.host = host;
    this.scheme = tls == null ? "http" : "https";
    DocumentHandler documentHandler = new DocumentHandler(documents);
    ImportHandler importHandler = new ImportHandler(documents);
    Router router = new Router()
        .add("/_api/version", this::version)
        .add("/_api/endpoint", request -> ApiResponse.json(200, endpointsAsHttp()))
        .add("/_api/database", this::database)
        .add("/_api/collection", this::collection)
        .add("/_api/index", this::index)
        .add("/_api/document", documentHandler::handle)
        .add("/_api/import", importHandler::handle)
        .add("/_api/user", new org.arangosync.minicluster.internal.server.UserHandler(documents)::handle)
        .add("/_api/transaction", new org.arangosync.minicluster.internal.server.TransactionHandler(documents.transactionManager())::handle)
        .add("/_api/view", new org.arangosync.minicluster.internal.server.ViewHandler(views)::handle)
        .add("/_api/replication", this::replication)
        .add("/_api/wal", request -> {
          throw notOnCoordinator();
        })
        .add("/_api/cluster/endpoints", this::clusterEndpoints)
        .add("/_admin/cluster/health", request -> ApiResponse.json(200, health.get()))
        .add("/_admin/server/role", request -> {
          ObjectNode body = Responses.okBody(200);
          body.put("role", "COORDINATOR");
          body.put("mode", "default");
          return ApiResponse.json(200, body);
        })
        .add("/_admin/server/id", request -> {
          ObjectNode body = Responses.okBody(200);
          body.put("id", id);
          return ApiResponse.json(200, body);
        })
        .add("/_open/auth", authentication::openAuth);
    this.frontend = new HttpFrontend("coordinator", host, port, tls, router, authentication);
    frontend.start();
  }

  String id() {
    return id;
  }

  String endpoint() {
    return scheme + "://" + host + ":" + frontend.port();
  }

  int port() {
    return frontend.port();
  }

  private static ArangoError notOnCoordinator() {
    return new ArangoError(501, ArangoError.CLUSTER_UNSUPPORTED, "replication API is not supported on a coordinator");
  }

  private ApiResponse version(ApiRequest request) {
    Responses.requireMethod(request, "GET");
    ObjectNode body = Json.object();
    body.put("server", "arango");
    body.put("version", Responses.ARANGODB_VERSION);
    body.put("license", "community");
    if (request.queryBool("details", false)) {
      ObjectNode details = body.putObject("details");
      details.put("engine", "rocksdb");
      details.put("mode", "server");
      details.put("role", "COORDINATOR");
      details.put("server-version", Responses.ARANGODB_VERSION);
      details.put("implementation", "arangosync mini cluster");
    }
    return ApiResponse.json(200, body);
  }

  private ArrayNode endpointsAsHttp() {
    ArrayNode list = Json.array();
    list.addObject().put("endpoint", endpoint());
    return list;
  }

  private ApiResponse clusterEndpoints(ApiRequest request) {
    Responses.requireMethod(request, "GET");
    ObjectNode body = Responses.okBody(200);
    body.set("endpoints", coordinatorEndpoints.get());
    return ApiResponse.json(200, body);
  }

  // ---------------------------------------------------------------------------------- databases

  private ApiResponse database(ApiRequest request) {
    String sub = request.segment(2);
    switch (request.method()) {
      case "GET": {
        ObjectNode body = Responses.okBody(200);
        if (sub == null || sub.equals("user")) {
          if (sub == null && !request.database().equals("_system")) {
            throw new ArangoError(403, ArangoError.USE_SYSTEM_DATABASE, "operation only allowed in system database");
          }
          ArrayNode names = body.putArray("result");
          plan.databases().fieldNames().forEachRemaining(names::add);
          return Responses.ok(body);
        }
        if (sub.equals("current")) {
          plan.requireDatabase(request.database());
          JsonNode entry = plan.databases().get(request.database());
          ObjectNode result = body.putObject("result");
          result.put("id", entry.path("id").asText());
          result.put("name", request.database());
          result.put("isSystem", request.database().equals("_system"));
          result.put("path", "none");
          result.put("sharding", entry.path("sharding").asText(""));
          result.put("replicationFactor", entry.path("replicationFactor").asInt(1));
          result.put("writeConcern", entry.path("writeConcern").asInt(1));
          return Responses.ok(body);
        }
        throw new ArangoError(404, 404, "unknown path");
      }
      case "POST": {
        if (!request.database().equals("_system")) {
          throw new ArangoError(403, ArangoError.USE_SYSTEM_DATABASE, "operation only allowed in system database");
        }
        if (!request.json().path("name").isTextual()) {
          throw new ArangoError(400, ArangoError.DATABASE_NAME_INVALID, "database name invalid");
        }
        structure.createDatabase(request.json().get("name").asText());
        ObjectNode body = Responses.okBody(201);
        body.put("result", true);
        return Responses.ok(body);
      }
      case "DELETE": {
        if (!request.database().equals("_system")) {
          throw new ArangoError(403, ArangoError.USE_SYSTEM_DATABASE, "operation only allowed in system database");
        }
        if (sub == null) {
          throw ArangoError.badParameter("expecting DELETE /_api/database/<databasename>");
        }
        structure.dropDatabase(sub);
        ObjectNode body = Responses.okBody(200);
        body.put("result", true);
        return Responses.ok(body);
      }
      default:
        throw ArangoError.methodNotAllowed();
    }
  }

  // -------------------------------------------------------------------------------- collections

  /** The properties a coordinator reports: the plan entry less shards and indexes, plus status. */
  private static ObjectNode properties(ClusterCollection collection) {
    ObjectNode body = Responses.okBody(200);
    collection.plan().fields().forEachRemaining(entry -> {
      if (!entry.getKey().equals("shards") && !entry.getKey().equals("indexes")) {
        body.set(entry.getKey(), entry.getValue().deepCopy());
      }
    });
    body.put("statusString", "loaded");
    return body;
  }

  private static ObjectNode summary(ClusterCollection collection) {
    ObjectNode body = Responses.okBody(200);
    body.put("globallyUniqueId", collection.globallyUniqueId());
    body.put("isSystem", collection.isSystem());
    body.put("status", 3);
    body.put("type", collection.type());
    body.put("name", collection.name());
    body.put("id", collection.id());
    return body;
  }

  private ApiResponse collection(ApiRequest request) {
    String database = request.database();
    String name = request.segment(2);
    String action = request.segment(3);
    switch (request.method()) {
      case "GET": {
        if (name == null) {
          plan.requireDatabase(database);
          ObjectNode body = Responses.okBody(200);
          ArrayNode result = body.putArray("result");
          boolean excludeSystem = request.queryBool("excludeSystem", false);
          for (ClusterCollection collection : plan.collections(database)) {
            if (excludeSystem && collection.isSystem()) {
              continue;
            }
            ObjectNode entry = result.addObject();
            entry.put("id", collection.id());
            entry.put("name", collection.name());
            entry.put("status", 3);
            entry.put("type", collection.type());
            entry.put("isSystem", collection.isSystem());
            entry.put("globallyUniqueId", collection.globallyUniqueId());
          }
          return Responses.ok(body);
        }
        ClusterCollection collection = plan.collection(database, name);
        if (action == null) {
          return Responses.ok(summary(collection));
        }
        switch (action) {
          case "properties":
            return Responses.ok(properties(collection));
          case "count": {
            ObjectNode body = properties(collection);
            body.put("count", documents.count(collection));
            return Responses.ok(body);
          }
          case "shards": {
            ObjectNode body = properties(collection);
            if (request.queryBool("details", false)) {
              body.set("shards", collection.plan().get("shards").deepCopy());
            } else {
              ArrayNode shards = body.putArray("shards");
              collection.shards().forEach(shards::add);
            }
            return Responses.ok(body);
          }
          default:
            throw new ArangoError(404, 404, "unknown path '/_api/collection/" + name + "/" + action + "'");
        }
      }
      case "POST": {
        if (name != null || !request.json().isObject()) {
          throw ArangoError.badParameter("expecting POST /_api/collection with a JSON object");
        }
        return Responses.ok(properties(structure.createCollection(database, (ObjectNode) request.json())));
      }
      case "PUT": {
        if (name == null || action == null) {
          throw ArangoError.badParameter("expecting one of the actions 'load', 'unload', 'truncate', 'properties', 'rename'");
        }
        ClusterCollection collection = plan.collection(database, name);
        String location = Responses.location(request, "/_api/collection/" + name + "/" + action);
        switch (action) {
          case "truncate":
            documents.truncate(database, name);
            return Responses.ok(summary(collection)).header("location", location);
          case "properties":
            if (!request.json().isObject()) {
              throw ArangoError.badParameter("expecting a JSON object as body");
            }
            return Responses.ok(properties(structure.changeProperties(database, name, (ObjectNode) request.json())))
                .header("location", location);
          case "rename":
            throw new ArangoError(403, ArangoError.FORBIDDEN, "renaming a collection is not supported in a cluster");
          case "load":
          case "unload":
            return Responses.ok(summary(collection)).header("location", location);
          default:
            throw ArangoError.badParameter("expecting one of the actions 'load', 'unload', 'truncate', 'properties', 'rename'");
        }
      }
      case "DELETE": {
        if (name == null) {
          throw ArangoError.methodNotAllowed();
        }
        ClusterCollection collection = plan.collection(database, name);
        structure.dropCollection(database, name, request.queryBool("isSystem", false));
        ObjectNode body = Responses.okBody(200);
        body.put("id", collection.id());
        return Responses.ok(body);
      }
      default:
        throw ArangoError.methodNotAllowed();
    }
  }

  private ApiResponse index(ApiRequest request) {
    String database = request.database();
    switch (request.method()) {
      case "GET": {
        String collectionName = request.segment(2) != null ? request.segment(2) : request.query("collection");
        if (collectionName == null) {
          throw new ArangoError(400, ArangoError.COLLECTION_PARAMETER_MISSING, "collection parameter missing");
        }
        ClusterCollection collection = plan.collection(database, collectionName);
        ArrayNode indexes = Json.array();
        ObjectNode primary = indexes.addObject();
        primary.putArray("fields").add("_key");
        primary.put("id", collection.name() + "/0");
        primary.put("name", "primary");
        primary.put("sparse", false);
        primary.put("type", "primary");
        primary.put("unique", true);
        if (collection.isEdge()) {
          ObjectNode edge = indexes.addObject();
          edge.putArray("fields").add("_from").add("_to");
          edge.put("id", collection.name() + "/2");
          edge.put("name", "edge");
          edge.put("sparse", false);
          edge.put("type", "edge");
          edge.put("unique", false);
        }
        collection.plan().path("indexes").forEach(index -> indexes.add(ClusterStructure.shown(collection, (ObjectNode) index)));
        if (request.segment(3) != null) {
          for (JsonNode index : indexes) {
            if (index.get("id").asText().equals(collection.name() + "/" + request.segment(3))) {
              ObjectNode body = ((ObjectNode) index).deepCopy();
              body.put("error", false);
              body.put("code", 200);
              return Responses.ok(body);
            }
          }
          throw new ArangoError(404, ArangoError.INDEX_NOT_FOUND, "index not found");
        }
        ObjectNode body = Responses.okBody(200);
        body.set("indexes", indexes);
        ObjectNode identifiers = body.putObject("identifiers");
        indexes.forEach(index -> identifiers.set(index.get("id").asText(), index));
        return Responses.ok(body);
      }
      case "POST": {
        String collectionName = request.query("collection");
        if (collectionName == null) {
          throw new ArangoError(400, ArangoError.COLLECTION_PARAMETER_MISSING, "collection parameter missing");
        }
        if (!request.json().isObject()) {
          throw ArangoError.badParameter("expecting a JSON object as body");
        }
        ObjectNode index = structure.createIndex(database, collectionName, (ObjectNode) request.json());
        boolean created = index.path("isNewlyCreated").asBoolean();
        index.put("error", false);
        index.put("code", created ? 201 : 200);
        return ApiResponse.json(created ? 201 : 200, index);
      }
      case "DELETE": {
        String collectionName = request.segment(2);
        String indexId = request.segment(3);
        if (collectionName == null || indexId == null) {
          throw new ArangoError(400, ArangoError.INDEX_HANDLE_BAD, "invalid index identifier");
        }
        structure.dropIndex(database, collectionName, indexId);
        ObjectNode body = Responses.okBody(200);
        body.put("id", collectionName + "/" + indexId);
        return Responses.ok(body);
      }
      default:
        throw ArangoError.methodNotAllowed();
    }
  }

  // -------------------------------------------------------------------------------- replication

  private ApiResponse replication(ApiRequest request) {
    String command = request.segment(2);
    if (command == null) {
      throw ArangoError.badParameter("expecting URL /_api/replication/<command>");
    }
    switch (command) {
      case "clusterInventory":
        Responses.requireMethod(request, "GET");
        return ApiResponse.json(200, clusterInventory(request));
      case "batch":
      case "dump":
      case "inventory": {
        String server = request.query("DBserver");
        if (server == null) {
          throw ArangoError.badParameter("need \"DBserver\" parameter");
        }
        DataServer target = dbServers.get(server);
        if (target == null) {
          throw new ArangoError(404, 1477, "unknown DB-Server '" + server + "'");
        }
        return target.replication(request);
      }
      case "logger-state":
      case "server-id": {
        ObjectNode body = Json.object();
        if (command.equals("server-id")) {
          body.put("serverId", id);
          return ApiResponse.json(200, body);
        }
        throw notOnCoordinator();
      }
      default:
        throw notOnCoordinator();
    }
  }

  /** {@code clusterInventory}: every collection of the database as planned, with shards and indexes. */
  private ObjectNode clusterInventory(ApiRequest request) {
    plan.requireDatabase(request.database());
    boolean includeSystem = request.queryBool("includeSystem", true);
    ObjectNode body = Json.object();
    ObjectNode properties = body.putObject("properties");
    JsonNode database = plan.databases().get(request.database());
    properties.put("id", database.path("id").asText());
    properties.put("name", request.database());
    properties.put("isSystem", request.database().equals("_system"));
    properties.put("sharding", database.path("sharding").asText(""));
    properties.put("replicationFactor", database.path("replicationFactor").asInt(1));
    properties.put("writeConcern", database.path("writeConcern").asInt(1));
    ArrayNode collections = body.putArray("collections");
    long tick = 0;
    for (ClusterCollection collection : plan.collections(request.database())) {
      if (collection.isSystem() && !includeSystem) {
        continue;
      }
      ObjectNode entry = collections.addObject();
      ObjectNode parameters = collection.plan().deepCopy();
      parameters.remove("indexes");
      parameters.put("planId", collection.id());
      parameters.put("deleted", false);
      entry.set("parameters", parameters);
      ArrayNode indexes = entry.putArray("indexes");
      collection.plan().path("indexes").forEach(indexes::add);
    }
    ArrayNode views = body.putArray("views");
    plan.views(request.database()).forEach(views::add);
    for (DataServer server : dbServers.values()) {
      tick = Math.max(tick, server.store().engine().latestSequence());
    }
    body.put("tick", Long.toUnsignedString(tick));
    body.put("state", "unused");
    return body;
  }

  @Override
  public void close() {
    frontend.close();
  }
}
