package org.arangosync.core.internal.master;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.arangosync.certificates.Issued;
import org.arangosync.certificates.Pem;
import org.arangosync.rest.Audience;
import org.arangosync.rest.RestException;
import org.arangosync.rest.RestRequest;
import org.arangosync.rest.RestResponse;
import org.arangosync.rest.RestRoute;

/**
 * The worker half of the master's internal API, with ArangoSync's field names:
 * {@code PUT /_api/worker} (register or renew), {@code GET /_api/worker},
 * {@code GET|DELETE /_api/worker/{id}} and {@code POST /_api/worker/configure}. All leader-only: a
 * standby passes them to the leader (or refuses), so one master decides about workers at a time.
 *
 * <p>Registering and configuring are for sync components only (the answer of configure carries the
 * cluster's JWT secret and a private key); listing and removing are open to operators too.
 */
public final class WorkerRoutes {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** ArangoDB's replication factor bounds, as ArangoSync sends them unless configured otherwise. */
  static final int MIN_REPLICATION_FACTOR = 1;
  static final int MAX_REPLICATION_FACTOR = Integer.MAX_VALUE;

  private WorkerRoutes() {}

  /**
   * @param leaderOnly makes a route leader-only, e.g. {@code forwarding::leaderOnly} of {@link LeaderForwarding}
   */
  public static List<RestRoute> of(WorkerRegistry registry, WorkerCa ca, WorkerSettings settings, UnaryOperator<RestRoute> leaderOnly) {
    return List.of(
        leaderOnly.apply(RestRoute.of("PUT", "/_api/worker", Audience.SYNC_COMPONENTS, request -> register(registry, request))),
        leaderOnly.apply(RestRoute.of("GET", "/_api/worker", Audience.OPERATORS, request -> RestResponse.json(200,
            Map.of("workers", registry.list().stream().map(WorkerRoutes::json).toList())))),
        leaderOnly.apply(RestRoute.of("GET", "/_api/worker/{id}", Audience.OPERATORS, request -> RestResponse.json(200,
            json(registry.get(workerId(request)).orElseThrow(() -> unknownWorker(request)))))),
        leaderOnly.apply(RestRoute.of("DELETE", "/_api/worker/{id}", Audience.OPERATORS, request -> {
          if (!registry.remove(workerId(request))) {
            throw unknownWorker(request);
          }
          return RestResponse.json(200, Map.of());
        })),
        leaderOnly.apply(RestRoute.of("POST", "/_api/worker/configure", Audience.SYNC_COMPONENTS,
            request -> configure(ca, settings, requiredText(request, request.json(), "endpoint")))));
  }

  private static RestResponse register(WorkerRegistry registry, RestRequest request) {
    JsonNode body = request.json();
    WorkerRegistry.Registration registration = new WorkerRegistry.Registration(requiredText(request, body, "endpoint"),
        optionalText(request, body, "token"), optionalText(request, body, "HostID"), optionalText(request, body, "dbServerAffinity"));
    WorkerRegistry.Worker worker;
    try {
      worker = registry.register(registration);
    } catch (IllegalArgumentException e) {
      throw new RestException(400, e.getMessage(), e);
    }
    return RestResponse.json(200, json(worker)
        .put("messageTimeout", registry.messageTimeout().toNanos())
        .put("expiresDuration", registry.ttl().toNanos()));
  }

  private static RestResponse configure(WorkerCa ca, WorkerSettings settings, String endpoint) {
    String host;
    try {
      host = WorkerRegistry.hostOf(endpoint);
    } catch (IllegalArgumentException e) {
      throw new RestException(400, e.getMessage(), e);
    }
    Issued certificate = ca.issue(host);
    ObjectNode configuration = JSON.createObjectNode();
    ObjectNode cluster = configuration.putObject("cluster");
    settings.clusterEndpoints().forEach(cluster.putArray("endpoints")::add);
    cluster.put("jwtSecret", settings.clusterJwtSecret())
        .put("maxDocumentSize", settings.maxDocumentSize())
        .put("min-replication-factor", MIN_REPLICATION_FACTOR)
        .put("max-replication-factor", MAX_REPLICATION_FACTOR)
        .put("exclude-root-user", false);
    configuration.putObject("httpServer")
        .put("certificate", Pem.certificates(certificate.certificates())) // the worker's certificate, then the CA
        .put("key", Pem.privateKey(certificate.key()));
    if (!settings.masterCaCertificate().isEmpty()) {
      configuration.put("masterCaCertificate", settings.masterCaCertificate());
    }
    ObjectNode mq = configuration.putObject("mq").put("type", settings.mq().type());
    settings.mq().endpoints().forEach(mq.putArray("endpoints")::add);
    mq.set("authentication", JSON.valueToTree(settings.mq().authentication()));
    return RestResponse.json(200, configuration);
  }

  /** A worker as the API shows it: never its token, which is the masters' credential towards it. */
  private static ObjectNode json(WorkerRegistry.Worker worker) {
    return JSON.createObjectNode().put("id", worker.id()).put("endpoint", worker.endpoint())
        .put("expiresAt", WorkerRegistry.rfc3339Nano(worker.expiresAt())).put("serverID", worker.serverId())
        .put("host", worker.host()).put("dbServerAffinity", worker.dbServerAffinity());
  }

  private static String workerId(RestRequest request) {
    String id = request.pathParameter("id");
    if (!WorkerRegistry.isId(id)) {
      throw unknownWorker(request);
    }
    return id;
  }

  private static RestException unknownWorker(RestRequest request) {
    return new RestException(404, "no worker with id '" + request.pathParameter("id")
        + "' is registered; it may have stopped renewing its registration (GET /_api/worker lists the workers)");
  }

  /** The text field {@code name} of {@code body}; 400 naming the field when it is missing, empty or not text. */
  static String requiredText(RestRequest request, JsonNode body, String name) {
    JsonNode value = body.path(name);
    if (!value.isTextual() || value.asText().isBlank()) {
      throw new RestException(400, request.method() + " " + request.path() + " needs the field '" + name + "' (a non-empty string)");
    }
    return value.asText();
  }

  /** The text field {@code name} of {@code body}, empty when absent or null; 400 when it is not text. */
  static String optionalText(RestRequest request, JsonNode body, String name) {
    JsonNode value = body.path(name);
    if (value.isMissingNode() || value.isNull()) {
      return "";
    }
    if (!value.isTextual()) {
      throw new RestException(400, "the field '" + name + "' of " + request.method() + " " + request.path() + " must be a string");
    }
    return value.asText();
  }
}
