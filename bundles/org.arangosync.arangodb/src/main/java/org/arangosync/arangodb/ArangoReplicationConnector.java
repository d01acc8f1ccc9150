package org.arangosync.arangodb;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.arangosync.api.Tick;
import org.arangosync.api.spi.auth.UserSource;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import org.arangosync.api.spi.replication.ApiAnswer;
import org.arangosync.api.spi.replication.LeaderBatch;
import org.arangosync.api.spi.replication.LogMarker;
import org.arangosync.api.spi.replication.LoggerState;
import org.arangosync.api.spi.replication.ReplicationConnector;
import org.arangosync.api.spi.replication.ReplicationEndpoint;
import org.arangosync.api.spi.replication.ReplicationException;
import org.arangosync.api.spi.replication.ReplicationLeader;
import org.arangosync.api.spi.replication.TailBatch;
import org.arangosync.api.spi.replication.TailRequest;
import org.arangosync.api.spi.replication.TickRange;
import org.arangosync.api.spi.store.Change;
import org.arangosync.api.spi.store.ChangeSink;
import org.arangosync.api.spi.store.ClusterStore;
import org.arangosync.arangodb.internal.MarkerParser;
import org.osgi.service.component.annotations.Component;

/**
 * ArangoDB's replication API over {@link ArangoConnection}: one connection per leader, asked once
 * per call (no retries: a view should show a down leader at once, and the applier has retry rules
 * of its own). Answers are checked field by field; a missing or malformed field is
 * {@link ReplicationException#INVALID_RESPONSE}.
 */
@Component(service = ReplicationConnector.class, property = "arangosync.store=arangodb")
public final class ArangoReplicationConnector implements ReplicationConnector {

  @Override
  public ReplicationLeader leader(ReplicationEndpoint endpoint) {
    return new Leader(ArangoConnection.open(settings(endpoint)), endpoint);
  }

  @Override
  public ClusterStore store(ReplicationEndpoint endpoint) {
    // A follower's document and collection API is a coordinator's, so the cluster store serves it;
    // its writes are idempotent, so they may be retried for a while.
    return new ArangoClusterStore(ArangoConnection.open(settings(endpoint).withRetryFor(endpoint.requestTimeout())));
  }

  @Override
  public UserSource users(ReplicationEndpoint endpoint) {
    return new ArangoUserSource(settings(endpoint).withRetryFor(Duration.ofSeconds(5)));
  }

  @Override
  public ApiAnswer call(ReplicationEndpoint endpoint, String method, String pathAndQuery, byte[] body) {
    String path = "/_db/" + URLEncoder.encode(endpoint.database(), StandardCharsets.UTF_8) + pathAndQuery;
    try (ArangoConnection connection = ArangoConnection.open(settings(endpoint))) {
      ArangoConnection.Answer answer = connection.exchange(method, null, path, body, method.equals("GET"));
      return new ApiAnswer(answer.status(), answer.body());
    } catch (ArangoException e) {
      throw new ReplicationException("could not connect to " + endpoint.endpoint() + " for URL " + path + ": " + e.getMessage(),
          e.httpStatus(), e.httpStatus() == 0 ? ReplicationException.NO_RESPONSE : e.errorNum(), e);
    }
  }

  private static ConnectionSettings settings(ReplicationEndpoint endpoint) {
    return new ConnectionSettings(List.of(ConnectionSettings.normalise(endpoint.endpoint())), endpoint.jwtSecret(),
        endpoint.user(), endpoint.password(), endpoint.trustedCertificates(), endpoint.requestTimeout(), Duration.ZERO,
        ConnectionSettings.Protocol.HTTP_1_1, endpoint.connectTimeout());
  }

  private static final class Leader implements ReplicationLeader {
    private final ArangoConnection connection;
    private final ReplicationEndpoint endpoint;
    private final String prefix;

    Leader(ArangoConnection connection, ReplicationEndpoint endpoint) {
      this.connection = connection;
      this.endpoint = endpoint;
      this.prefix = "/_db/" + URLEncoder.encode(endpoint.database(), StandardCharsets.UTF_8);
    }

    @Override
    public LoggerState loggerState() {
      JsonNode answer = get("/_api/replication/logger-state");
      JsonNode state = required(answer, "state", "logger-state");
      JsonNode server = required(answer, "server", "logger-state");
      List<LoggerState.Client> clients = new ArrayList<>();
      for (JsonNode client : answer.path("clients")) {
        clients.add(new LoggerState.Client(text(client, "serverId"), text(client, "syncerId"), text(client, "clientInfo"),
            text(client, "time"), text(client, "expires"), tick(client, "lastServedTick", "logger-state clients")));
      }
      return new LoggerState(state.path("running").asBoolean(), tick(state, "lastLogTick", "logger-state"),
          tick(state, "lastUncommittedLogTick", "logger-state"), state.path("totalEvents").asLong(), text(state, "time"),
          new LoggerState.ServerInfo(text(server, "version"), text(server, "serverId"), text(server, "engine")), clients);
    }

    @Override
    public Tick firstTick() {
      return tick(get("/_api/replication/logger-first-tick"), "firstTick", "logger-first-tick");
    }

    @Override
    public List<TickRange> tickRanges() {
      JsonNode answer = get("/_api/replication/logger-tick-ranges");
      if (!answer.isArray()) {
        throw invalid("logger-tick-ranges is not a list");
      }
      List<TickRange> ranges = new ArrayList<>();
      for (JsonNode range : answer) {
        ranges.add(new TickRange(text(range, "datafile"), text(range, "status"), tick(range, "tickMin", "logger-tick-ranges"),
            tick(range, "tickMax", "logger-tick-ranges")));
      }
      return ranges;
    }

    @Override
    public String serverId() {
      JsonNode answer = get("/_api/replication/server-id");
      String id = text(answer, "serverId");
      if (id == null) {
        throw invalid("server-id has no 'serverId'");
      }
      return id;
    }

    @Override
    public TailBatch tail(TailRequest request) {
      String path = "/_api/wal/tail?from=" + request.from() + "&lastScanned=" + request.lastScanned() + "&chunkSize="
          + request.chunkSize() + "&includeSystem=" + request.includeSystem() + "&includeFoxxQueues=false"
          + (request.global() ? "&global=true" : "") + (request.serverId() != null ? "&serverId=" + request.serverId() : "");
      ArangoConnection.Answer answer = send("GET", path, null);
      if (answer.status() != 200 && answer.status() != 204) {
        fail(path, answer);
      }
      Tick lastIncluded = headerTick(answer, "x-arango-replication-lastincluded", path);
      Tick lastTick = headerTick(answer, "x-arango-replication-lasttick", path);
      Tick lastScanned = answer.header("x-arango-replication-lastscanned") == null ? lastIncluded
          : headerTick(answer, "x-arango-replication-lastscanned", path);
      List<LogMarker> markers = new ArrayList<>();
      if (answer.status() == 200) {
        try {
          MarkerParser.parseAllMarkers(answer.body(), markers::add);
        } catch (java.io.IOException | IllegalArgumentException e) {
          throw invalid(path + " sent a line that is not a marker: " + e.getMessage());
        }
      }
      Tick previous = request.from();
      for (LogMarker marker : markers) {
        if (!marker.tick().isAfter(previous)) {
          throw invalid(path + ": tick " + marker.tick() + " does not come after " + previous);
        }
        previous = marker.tick();
      }
      if (!markers.isEmpty() && !previous.equals(lastIncluded)) {
        throw invalid(path + ": x-arango-replication-lastincluded is " + lastIncluded + " but the last marker is " + previous);
      }
      return new TailBatch(markers, lastIncluded, lastScanned, lastTick,
          !"false".equals(answer.header("x-arango-replication-frompresent")),
          Boolean.parseBoolean(answer.header("x-arango-replication-checkmore")));
    }

    @Override
    public LeaderBatch createBatch(Duration ttl) {
      String path = "/_api/replication/batch";
      JsonNode answer = json("POST", path, ArangoConnection.bytes(JsonNodeFactory.instance.objectNode().put("ttl", ttl.toSeconds())));
      String id = text(answer, "id");
      if (id == null) {
        throw invalid("batch has no 'id'");
      }
      return new LeaderBatch(id, answer.has("lastTick") ? tick(answer, "lastTick", "batch") : Tick.ZERO);
    }

    @Override
    public void extendBatch(LeaderBatch batch, Duration ttl) {
      String path = "/_api/replication/batch/" + batch.id();
      ArangoConnection.Answer answer = send("PUT", path,
          ArangoConnection.bytes(JsonNodeFactory.instance.objectNode().put("ttl", ttl.toSeconds())));
      if (!answer.isSuccess()) {
        fail(path, answer);
      }
    }

    @Override
    public void deleteBatch(LeaderBatch batch) {
      String path = "/_api/replication/batch/" + batch.id();
      ArangoConnection.Answer answer = send("DELETE", path, null);
      if (!answer.isSuccess() && answer.status() != 404) { // gone already: the goal is reached
        fail(path, answer);
      }
    }

    @Override
    public byte[] inventory(LeaderBatch batch, boolean global, boolean includeSystem) {
      String path = "/_api/replication/inventory?batchId=" + batch.id() + "&includeSystem=" + includeSystem
          + "&includeFoxxQueues=false" + (global ? "&global=true" : "");
      ArangoConnection.Answer answer = send("GET", path, null);
      if (!answer.isSuccess()) {
        fail(path, answer);
      }
      return answer.body();
    }

    @Override
    public long dump(LeaderBatch batch, String database, String collection, long chunkSize, ChangeSink sink) {
      String path = "/_db/" + URLEncoder.encode(database, StandardCharsets.UTF_8) + "/_api/replication/dump?collection="
          + URLEncoder.encode(collection, StandardCharsets.UTF_8) + "&batchId=" + batch.id() + "&chunkSize=" + chunkSize;
      long documents = 0;
      while (true) {
        ArangoConnection.Answer answer = sendAbsolute("GET", path, null);
        if (answer.status() == 204) {
          return documents;
        }
        if (answer.status() != 200) {
          fail(path, answer);
        }
        List<Change> changes = new ArrayList<>();
        try {
          MarkerParser.parseAll(answer.body(), changes::add);
        } catch (java.io.IOException | IllegalArgumentException e) {
          throw invalid(path + " sent a line that is not a document: " + e.getMessage());
        }
        for (Change change : changes) {
          if (change.type() != Change.DOCUMENT) {
            throw invalid(path + " sent a line of type " + change.type() + " (expected 2300)");
          }
        }
        changes.forEach(sink::accept);
        documents += changes.size();
        if (!Boolean.parseBoolean(answer.header("x-arango-replication-checkmore"))) {
          return documents;
        }
      }
    }

    private Tick headerTick(ArangoConnection.Answer answer, String header, String path) {
      String value = answer.header(header);
      if (value == null) {
        throw invalid(path + " has no " + header + " header");
      }
      try {
        return Tick.parse(value);
      } catch (IllegalArgumentException e) {
        throw invalid(path + ": " + header + ": " + e.getMessage());
      }
    }

    private JsonNode json(String method, String path, byte[] body) {
      ArangoConnection.Answer answer = send(method, path, body);
      if (!answer.isSuccess()) {
        fail(path, answer);
      }
      return answer.json();
    }

    /** {@code path} in the endpoint's database. */
    private ArangoConnection.Answer send(String method, String path, byte[] body) {
      return sendAbsolute(method, prefix + path, body);
    }

    private ArangoConnection.Answer sendAbsolute(String method, String path, byte[] body) {
      try {
        return connection.exchange(method, null, path, body, !method.equals("POST"));
      } catch (ArangoException e) {
        throw failure(path, e);
      }
    }

    private void fail(String path, ArangoConnection.Answer answer) {
      try {
        ArangoConnection.requireSuccess(answer);
      } catch (ArangoException e) {
        throw failure(path, e);
      }
    }

    private ReplicationException failure(String path, ArangoException e) {
      int errorNum = e.httpStatus() == 0 ? ReplicationException.NO_RESPONSE : e.errorNum();
      String message = e.httpStatus() == 0
          ? "could not connect to leader at " + endpoint.endpoint() + " for URL " + path + ": " + e.getMessage()
          : "leader at " + endpoint.endpoint() + " answered " + e.httpStatus() + " to " + path + ": " + e.getMessage();
      return new ReplicationException(message, e.httpStatus(), errorNum, e);
    }

    private JsonNode get(String path) {
      try {
        return ArangoConnection.requireSuccess(connection.exchange("GET", null, prefix + path, null, true));
      } catch (ArangoException e) {
        throw failure(prefix + path, e);
      }
    }

    private ReplicationException invalid(String what) {
      return new ReplicationException("invalid response from leader at " + endpoint.endpoint() + ": " + what, 200,
          ReplicationException.INVALID_RESPONSE, null);
    }

    private JsonNode required(JsonNode parent, String field, String route) {
      JsonNode value = parent.get(field);
      if (value == null || !value.isObject()) {
        throw invalid(route + " has no '" + field + "' object");
      }
      return value;
    }

    private Tick tick(JsonNode parent, String field, String route) {
      JsonNode value = parent.get(field);
      if (value == null || !(value.isTextual() || value.isIntegralNumber())) {
        throw invalid(route + " has no tick '" + field + "'");
      }
      try {
        return Tick.parse(value.asText());
      } catch (IllegalArgumentException e) {
        throw invalid(route + ": '" + field + "': " + e.getMessage());
      }
    }

    private static String text(JsonNode parent, String field) {
      JsonNode value = parent.get(field);
      return value == null || value.isNull() ? null : value.asText();
    }

    @Override
    public void close() {
      connection.close();
    }
  }
}
