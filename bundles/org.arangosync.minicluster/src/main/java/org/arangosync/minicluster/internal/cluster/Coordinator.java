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
import org.arangosync.minicluster.internal.server.ServerMode;
import org.arangosync.minicluster.internal.server.ServerModeHandler;

/**
 * A coordinator: the cluster's client API. Documents go to their shards' DB-Servers; structure
 * lives in the agency plan; the replication API answers 501 for what only DB-Servers can do (WAL,
 * keys) and forwards {@code ?DBserver=<id>} batches, dumps and inventories to that DB-Server,
 * as ArangoDB's coordinators do. {@code clusterInventory}, {@code /_admin/cluster/health} and
 * {@code /_api/cluster/endpoints} describe the cluster. {@code /_admin/server/mode} reads and sets
 * the cluster-wide mode; while it is read-only, writes are refused here.
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

  Coordinator(String id, Plan plan, ClusterStructure structure, ClusterDocuments documents, PlanViews views,
      Map<String, DataServer> dbServers, ServerMode mode, Authentication authentication, Supplier<ObjectNode> health, Supplier<ArrayNode> coordinatorEndpoints, String host, int port,
      SSLContext tls) throws IOException {
    this.id = id;
    this.plan = plan;
    this.structure = structure;
    this.documents = documents;
    this.dbServers = dbServers;
    this.health = health;
    this.coordinatorEndpoints = coordinatorEndpoints;
    DocumentHandler documentHandler = new DocumentHandler(documents);
    ImportHandler importHandler = new ImportHandler(documents);
    ServerModeHandler serverMode = new ServerModeHandler(mode);
    // Documents reach the DB-Servers' stores in-process, past the DB-Servers' own gates: this one must refuse them.
    Router router = new Router().guardedBy(serverMode::refuseWrites)
        .add("/_api/version", request -> Responses.version(request, "COORDINATOR"))
        .add("/_api/endpoint", request -> ApiResponse.json(200, endpointsAsHttp()))
        .add("/_api/database", new org.arangosync.minicluster.internal.server.DatabaseHandler(structure.databaseCatalog())::handle)
        .add("/_api/collection", new org.arangosync.minicluster.internal.server.CollectionHandler(structure.collectionCatalog(documents))::handle)
        .add("/_api/index", new org.arangosync.minicluster.internal.server.IndexHandler(structure.indexCatalog())::handle)
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
        .add("/_admin/server/role", request -> Responses.role(request, "COORDINATOR"))
        .add("/_admin/server/mode", serverMode::handle)
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
    return frontend.endpoint();
  }

  int port() {
    return frontend.port();
  }

  private static ArangoError notOnCoordinator() {
    return new ArangoError(501, ArangoError.CLUSTER_UNSUPPORTED, "replication API is not supported on a coordinator");
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
