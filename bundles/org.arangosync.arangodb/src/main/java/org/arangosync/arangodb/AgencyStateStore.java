package org.arangosync.arangodb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.arangosync.api.spi.state.StateStore;
import org.arangosync.api.spi.state.StateStoreException;
import org.arangosync.api.spi.state.Transaction;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;

/**
 * A {@link StateStore} in an ArangoDB cluster's agency ({@code /_api/agency/read} and
 * {@code /_api/agency/write} of the agents), under a root path such as
 * {@code /arangodb/arangosync}, as ArangoSync keeps its state.
 *
 * <p>Agents are found through {@code /_admin/cluster/health} (role AGENT). Reads may be retried;
 * writes are sent once to each agent in turn only while none could be reached (a refused
 * connection means nothing was applied), so an increment is never applied twice. Time-to-live
 * values are whole seconds (the agency's unit), rounded up.
 */
@Component(configurationPid = ArangoConfiguration.PID, configurationPolicy = ConfigurationPolicy.REQUIRE, service = StateStore.class,
    property = "arangosync.store=arangodb")
public final class AgencyStateStore implements StateStore, AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final ArangoConnection connection;
  private final boolean ownsConnection;
  private volatile List<URI> agents;
  private final String root;

  /**
   * @param agents the agents' endpoints
   * @param root the path all keys are below, e.g. {@code /arangodb/arangosync}
   */
  public AgencyStateStore(ArangoConnection connection, List<URI> agents, String root) {
    if (agents.isEmpty()) {
      throw new IllegalArgumentException("an agency needs at least one agent endpoint");
    }
    this.connection = connection;
    this.ownsConnection = false;
    this.agents = List.copyOf(agents);
    this.root = "/" + trim(root);
  }

  /**
   * As an OSGi service, one per factory configuration of {@code org.arangosync.arangodb}: the
   * agents are found on first use, so an unreachable cluster makes calls fail, not the activation.
   */
  @Activate
  public AgencyStateStore(ArangoConfiguration configuration) {
    this.connection = ArangoConnection.open(ConnectionSettings.from(configuration));
    this.ownsConnection = true;
    this.agents = null;
    this.root = "/" + trim(configuration.stateRoot());
  }

  @Override
  @Deactivate
  public void close() {
    if (ownsConnection) {
      connection.close();
    }
  }

  /** The agency of the cluster behind {@code connection}, found through {@code /_admin/cluster/health}. */
  public static AgencyStateStore discover(ArangoConnection connection, String root) {
    return new AgencyStateStore(connection, agentsOf(connection), root);
  }

  private static List<URI> agentsOf(ArangoConnection connection) {
    JsonNode health = connection.json("GET", "/_admin/cluster/health", null, true).path("Health");
    List<URI> agents = new ArrayList<>();
    health.fields().forEachRemaining(server -> {
      if ("AGENT".equals(server.getValue().path("Role").asText())) {
        agents.add(ConnectionSettings.normalise(URI.create(server.getValue().path("Endpoint").asText())));
      }
    });
    if (agents.isEmpty()) {
      throw new ArangoException("the cluster reports no agent", 0, 200, connection.endpoints().get(0) + "/_admin/cluster/health", false,
          null);
    }
    return agents;
  }

  /** The agents, found through the coordinators on first use when not given. */
  public List<URI> agents() {
    List<URI> known = agents;
    if (known == null) {
      known = List.copyOf(agentsOf(connection));
      agents = known;
    }
    return known;
  }

  private String path(String key) {
    String relative = trim(key);
    return relative.isEmpty() ? root : root + "/" + relative;
  }

  @Override
  public Optional<String> read(String key) {
    String path = path(key);
    ArrayNode query = JSON.createArrayNode();
    query.addArray().add(path);
    JsonNode answer = call("/_api/agency/read", query, true);
    JsonNode value = answer.path(0);
    for (String part : path.split("/")) {
      if (!part.isEmpty()) {
        value = value.path(part);
      }
    }
    if (value.isMissingNode()) {
      return Optional.empty();
    }
    return Optional.of(value.toString());
  }

  @Override
  public boolean write(Transaction transaction) {
    ArrayNode body = JSON.createArrayNode();
    ArrayNode entry = body.addArray();
    ObjectNode operations = entry.addObject();
    for (Transaction.Operation operation : transaction.operations()) {
      ObjectNode op = operations.putObject(path(operation.key()));
      if (operation instanceof Transaction.Set set) {
        op.put("op", "set");
        op.set("new", parse(set.value()));
        if (set.timeToLive() != null) {
          long millis = set.timeToLive().toMillis();
          op.put("ttl", Math.max(1, (millis + 999) / 1000));
        }
      } else if (operation instanceof Transaction.Delete) {
        op.put("op", "delete");
      } else if (operation instanceof Transaction.Increment increment) {
        op.put("op", "increment");
        op.put("step", increment.step());
      }
    }
    ObjectNode preconditions = entry.addObject();
    for (Transaction.Precondition precondition : transaction.preconditions()) {
      ObjectNode condition = preconditions.putObject(path(precondition.key()));
      if (precondition instanceof Transaction.Equals equals) {
        condition.set("old", parse(equals.value()));
      } else if (precondition instanceof Transaction.Absent) {
        condition.put("oldEmpty", true);
      } else if (precondition instanceof Transaction.Present) {
        condition.put("oldEmpty", false);
      }
    }
    ArangoConnection.Answer answer = exchange("/_api/agency/write", body, false);
    if (answer.status() == 412) {
      return false;
    }
    JsonNode results = ArangoConnection.requireSuccess(answer).path("results");
    if (!results.isArray() || results.size() != 1) {
      throw new StateStoreException("the agency answered a write without one result: " + answer.json() + " (" + answer.url() + ")", null);
    }
    return results.get(0).asLong() > 0;
  }

  private JsonNode call(String path, JsonNode body, boolean idempotent) {
    try {
      return ArangoConnection.requireSuccess(exchange(path, body, idempotent));
    } catch (ArangoException e) {
      throw new StateStoreException("the agency refused " + path + ": " + e.getMessage(), e, e.outcomeUnknown());
    }
  }

  /** Tries the agents in turn; each one's connection retries only what is safe. */
  private ArangoConnection.Answer exchange(String path, JsonNode body, boolean idempotent) {
    ArangoException last = null;
    for (URI agent : agents()) {
      try {
        return connection.exchange("POST", agent, path, ArangoConnection.bytes(body), idempotent);
      } catch (ArangoException e) {
        if (e.outcomeUnknown()) {
          throw new StateStoreException("the agency write may or may not have been applied: " + e.getMessage(), e, true);
        }
        last = e;
      }
    }
    throw new StateStoreException("no agent answered " + path + ": " + last.getMessage(), last);
  }

  private static JsonNode parse(String json) {
    try {
      return JSON.readTree(json);
    } catch (IOException e) {
      throw new IllegalArgumentException("not a JSON value: " + json, e);
    }
  }

  private static String trim(String path) {
    String trimmed = path;
    while (trimmed.startsWith("/")) {
      trimmed = trimmed.substring(1);
    }
    while (trimmed.endsWith("/")) {
      trimmed = trimmed.substring(0, trimmed.length() - 1);
    }
    return trimmed;
  }
}
