package org.arangosync.minicluster.internal.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.net.ssl.SSLContext;
import org.arangosync.minicluster.internal.agency.AgencyStore;
import org.arangosync.minicluster.internal.http.Json;
import org.arangosync.minicluster.internal.server.Authentication;
import org.arangosync.minicluster.internal.server.DataServer;
import org.arangosync.minicluster.internal.server.Responses;
import org.arangosync.minicluster.internal.storage.RocksEngine;
import org.arangosync.minicluster.internal.storage.Store;

/**
 * A whole ArangoDB cluster in one process: one agent, C coordinators and N DB-Servers, each on a
 * port of its own (the coordinators from the base port on, then the agent, then the DB-Servers),
 * each DB-Server with its own RocksDB under the data directory. Coordinators are stateless: they
 * all read the same plan and reach the same DB-Servers, so any of them serves any request.
 *
 * <p>Server ids (AGNT-, CRDN-, PRMR-) and the cluster id are kept in {@code cluster.json}, so a
 * restart on the same data directory is the same cluster; the agency state, the DB-Servers' data
 * and the plan survive it.
 *
 * <p>The server mode ({@code /_admin/server/mode}) is the cluster's: kept in the agency, read by
 * every coordinator and DB-Server (see {@link ClusterServerMode}).
 */
public final class LocalCluster implements AutoCloseable {

  /** A server of the cluster as {@code /_admin/cluster/health} lists it. */
  public record Server(String id, String role, String shortName, String endpoint) {}

  private final ObjectNode layout;
  private final AgencyStore agency;
  private final Map<String, Store> stores = new LinkedHashMap<>();
  private final Map<String, DataServer> dbServers = new LinkedHashMap<>();
  private final Agent agent;
  private final List<Coordinator> coordinators = new ArrayList<>();
  private final List<AutoCloseable> toClose = new ArrayList<>();

  public LocalCluster(Path dataDirectory, String host, int basePort, int coordinatorCount, int dbServerCount, SSLContext tls,
      String jwtSecret, String rootPassword, RocksEngine.WalRetention retention) throws IOException {
    Files.createDirectories(dataDirectory);
    layout = loadOrCreateLayout(dataDirectory.resolve("cluster.json"), coordinatorCount, dbServerCount);
    try {
      agency = new AgencyStore(dataDirectory.resolve("agent").resolve("state.json"), Clock.systemUTC());
      Plan plan = new Plan(agency);
      Ids ids = new Ids(agency);
      List<String> dbServerIds = new ArrayList<>();
      layout.get("dbServers").forEach(id -> dbServerIds.add(id.asText()));
      for (int i = 0; i < dbServerIds.size(); i++) {
        Store store = new Store(dataDirectory.resolve("dbserver-" + (i + 1)), retention, false);
        stores.put(dbServerIds.get(i), store);
      }
      ClusterDocuments documents = new ClusterDocuments(plan, stores, ids);
      ClusterStructure structure = new ClusterStructure(plan, stores, ids);
      Authentication authentication = new Authentication(documents, jwtSecret);
      ClusterServerMode mode = new ClusterServerMode(plan);
      int coordinatorsOnPorts = layout.get("coordinators").size();
      int agentPort = basePort == 0 ? 0 : basePort + coordinatorsOnPorts;
      for (int i = 0; i < dbServerIds.size(); i++) {
        String id = dbServerIds.get(i);
        DataServer server = new DataServer(DataServer.PRIMARY, stores.get(id), mode, authentication, authentication, host,
            basePort == 0 ? 0 : basePort + coordinatorsOnPorts + 1 + i, tls);
        dbServers.put(id, server);
        toClose.add(server);
      }
      agent = new Agent(layout.get("agent").asText(), agency, authentication, host, agentPort, tls);
      toClose.add(agent);
      PlanViews views = new PlanViews(plan, ids);
      for (int i = 0; i < coordinatorsOnPorts; i++) {
        Coordinator coordinator = new Coordinator(layout.get("coordinators").get(i).asText(), plan, structure, documents, views,
            dbServers, mode, authentication, this::health, this::coordinatorEndpoints, host, basePort == 0 ? 0 : basePort + i, tls);
        coordinators.add(coordinator);
        toClose.add(coordinator);
      }
      register(plan);
      if (!plan.hasDatabase("_system")) {
        structure.createDatabase("_system");
      }
      authentication.ensureRoot(rootPassword);
    } catch (IOException | RuntimeException e) {
      close();
      throw e;
    }
  }

  /** The first coordinator's endpoint, where clients connect. */
  public String coordinatorEndpoint() {
    return coordinators.get(0).endpoint();
  }

  public String agentEndpoint() {
    return agent.endpoint();
  }

  /** Every server: the agent, the coordinators, the DB-Servers, in that order. */
  public List<Server> servers() {
    List<Server> servers = new ArrayList<>();
    servers.add(new Server(agent.id(), "AGENT", "Agent0001", agent.endpoint()));
    int c = 1;
    for (Coordinator coordinator : coordinators) {
      servers.add(new Server(coordinator.id(), "COORDINATOR", String.format("Coordinator%04d", c++), coordinator.endpoint()));
    }
    int n = 1;
    for (Map.Entry<String, DataServer> entry : dbServers.entrySet()) {
      servers.add(new Server(entry.getKey(), "DBSERVER", String.format("DBServer%04d", n++), entry.getValue().endpoint()));
    }
    return servers;
  }

  /** Records the servers in the agency as ArangoDB's servers register themselves. */
  private void register(Plan plan) {
    Map<String, JsonNode> changes = new LinkedHashMap<>();
    changes.put("/arango/Cluster", Json.NODES.textNode(layout.get("clusterId").asText()));
    long transaction = 1;
    for (Server server : servers()) {
      ObjectNode registered = Json.object();
      registered.put("endpoint", Agent.tcp(server.endpoint()));
      registered.put("advertisedEndpoint", "");
      registered.put("host", server.id());
      registered.put("version", 31104);
      registered.put("versionString", Responses.ARANGODB_VERSION);
      registered.put("engine", "rocksdb");
      registered.put("timestamp", Responses.now());
      if (!server.role().equals("AGENT")) {
        changes.put(Plan.CURRENT + "/ServersRegistered/" + server.id(), registered);
        ObjectNode shortId = Json.object();
        shortId.put("ShortName", server.shortName());
        shortId.put("TransactionID", transaction++);
        changes.put("/arango/Target/MapUniqueToShortID/" + server.id(), shortId);
        changes.put("/arango/Supervision/Health/" + server.id(), healthOf(server));
      }
      if (server.role().equals("DBSERVER")) {
        changes.put(Plan.PLAN + "/DBServers/" + server.id(), Json.NODES.textNode("none"));
        changes.put(Plan.CURRENT + "/DBServers/" + server.id(), Json.NODES.textNode(server.id()));
      } else if (server.role().equals("COORDINATOR")) {
        changes.put(Plan.PLAN + "/Coordinators/" + server.id(), Json.NODES.textNode("none"));
        changes.put(Plan.CURRENT + "/Coordinators/" + server.id(), Json.NODES.textNode(server.id()));
      }
    }
    plan.write(changes);
  }

  private static ObjectNode healthOf(Server server) {
    ObjectNode health = Json.object();
    health.put("Endpoint", Agent.tcp(server.endpoint()));
    health.put("Role", server.role());
    health.put("CanBeDeleted", false);
    health.put("Version", Responses.ARANGODB_VERSION);
    health.put("Engine", "rocksdb");
    health.put("Status", "GOOD");
    health.put("ShortName", server.shortName());
    health.put("Timestamp", Responses.now());
    if (!server.role().equals("AGENT")) {
      health.put("SyncStatus", "SERVING");
      health.put("Host", server.id());
    }
    return health;
  }

  /** {@code /_admin/cluster/health}. */
  private ObjectNode health() {
    ObjectNode body = Json.object();
    body.put("ClusterId", layout.get("clusterId").asText());
    ObjectNode all = body.putObject("Health");
    for (Server server : servers()) {
      ObjectNode health = healthOf(server);
      if (server.role().equals("AGENT")) {
        health.put("Leader", agent.id());
        health.put("Leading", true);
      }
      all.set(server.id(), health);
    }
    body.put("error", false);
    body.put("code", 200);
    return body;
  }

  private ArrayNode coordinatorEndpoints() {
    ArrayNode endpoints = Json.array();
    coordinators.forEach(coordinator -> endpoints.addObject().put("endpoint", Agent.tcp(coordinator.endpoint())));
    return endpoints;
  }

  private static ObjectNode loadOrCreateLayout(Path file, int coordinatorCount, int dbServerCount) throws IOException {
    ObjectNode layout;
    if (Files.exists(file)) {
      layout = (ObjectNode) Json.parse(Files.readAllBytes(file));
      int existing = layout.get("dbServers").size();
      if (existing > dbServerCount) {
        throw new IOException(file.getParent() + " holds a cluster with " + existing + " DB-Servers; start it with at least that many"
            + " (removing DB-Servers would lose their shards)");
      }
    } else {
      layout = Json.object();
      layout.put("clusterId", UUID.randomUUID().toString());
      layout.put("agent", "AGNT-" + UUID.randomUUID());
      layout.putArray("coordinators");
      layout.putArray("dbServers");
    }
    // Coordinators hold no data: their number may change from start to start.
    ArrayNode coordinators = layout.withArray("coordinators");
    while (coordinators.size() < coordinatorCount) {
      coordinators.add("CRDN-" + UUID.randomUUID());
    }
    while (coordinators.size() > coordinatorCount) {
      coordinators.remove(coordinators.size() - 1);
    }
    ArrayNode ids = (ArrayNode) layout.get("dbServers");
    while (ids.size() < dbServerCount) {
      ids.add("PRMR-" + UUID.randomUUID());
    }
    Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
    Files.write(temporary, Json.bytes(layout));
    Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    return layout;
  }

  @Override
  public void close() {
    for (int i = toClose.size() - 1; i >= 0; i--) {
      try {
        toClose.get(i).close();
      } catch (Exception e) {
        org.slf4j.LoggerFactory.getLogger(LocalCluster.class).warn("closing {} failed: {}", toClose.get(i), e.getMessage(), e);
      }
    }
    toClose.clear();
    for (DataServer server : dbServers.values()) {
      stores.remove(dbServerIdOf(server));
    }
    // Stores whose DataServer never started are closed here; the others closed with their server.
    stores.values().forEach(Store::close);
    stores.clear();
  }

  private String dbServerIdOf(DataServer server) {
    for (Map.Entry<String, DataServer> entry : dbServers.entrySet()) {
      if (entry.getValue() == server) {
        return entry.getKey();
      }
    }
    return null;
  }
}
