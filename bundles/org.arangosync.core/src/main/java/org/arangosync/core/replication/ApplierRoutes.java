package org.arangosync.core.replication;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.arangosync.api.Tick;
import org.arangosync.api.spi.replication.ReplicationConnector;
import org.arangosync.api.spi.replication.ReplicationEndpoint;
import org.arangosync.api.spi.replication.ReplicationException;
import org.arangosync.api.spi.replication.ReplicationLeader;
import org.arangosync.rest.Audience;
import org.arangosync.rest.RestRequest;
import org.arangosync.rest.RestResponse;
import org.arangosync.rest.RestRoute;

/**
 * ArangoDB's replication routes on the product's HTTPS server, so that tools and scripts written
 * for ArangoDB's applier work against ours: {@code applier-config}, {@code applier-state},
 * {@code applier-state-all}, {@code applier-start}, {@code applier-stop}, {@code make-follower}
 * (and {@code make-slave}), {@code sync}, and the logger views of the follower this server fronts;
 * each under {@code /_api/replication/} ({@code _system}) and {@code /_db/{db}/_api/replication/},
 * with {@code ?global=true} for the server-wide applier. Answers and errors are ArangoDB's JSON
 * ({@code {"error":true,"code","errorNum","errorMessage"}}).
 */
public final class ApplierRoutes {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final ApplierManager appliers;
  private final ReplicationConnector connector;
  private final ReplicationEndpoint follower;

  public ApplierRoutes(ApplierManager appliers, ReplicationConnector connector, ReplicationEndpoint follower) {
    this.appliers = appliers;
    this.connector = connector;
    this.follower = follower;
  }

  /** Every route, with and without the {@code /_db/{db}} prefix. */
  public List<RestRoute> routes() {
    List<RestRoute> routes = new ArrayList<>();
    add(routes, "GET", "applier-config", request -> ok(applier(request).configuration().toJson()));
    add(routes, "PUT", "applier-config", request -> ok(applier(request).configure(request.json()).toJson()));
    add(routes, "GET", "applier-state", request -> ok(applier(request).stateJson()));
    add(routes, "DELETE", "applier-state", request -> {
      Applier applier = applier(request);
      applier.forget();
      return ok(applier.stateJson());
    });
    add(routes, "GET", "applier-state-all", request -> {
      ObjectNode all = NODES.objectNode();
      appliers.databaseAppliers().forEach((name, applier) -> all.set(name, applier.stateJson()));
      return ok(all);
    });
    add(routes, "PUT", "applier-start", request -> {
      Applier applier = applier(request);
      String from = request.queryParameter("from");
      Tick tick;
      try {
        tick = from == null || from.isEmpty() ? null : Tick.parse(from);
      } catch (IllegalArgumentException e) {
        throw new ReplicationError(400, 400, "invalid value for 'from': " + e.getMessage());
      }
      applier.start(tick);
      return ok(applier.stateJson());
    });
    add(routes, "PUT", "applier-stop", request -> {
      Applier applier = applier(request);
      applier.stop();
      return ok(applier.stateJson());
    });
    Function<RestRequest, RestResponse> makeFollower = request -> ok(applier(request).makeFollower(request.json()));
    add(routes, "PUT", "make-follower", makeFollower);
    add(routes, "PUT", "make-slave", makeFollower);
    add(routes, "PUT", "sync", request -> ok(applier(request).syncOnce(request.json())));
    add(routes, "GET", "logger-state", request -> ok(followerView(request, server -> ReplicationJson.loggerState(server.loggerState()))));
    add(routes, "GET", "logger-first-tick", request -> ok(followerView(request, server -> ReplicationJson.firstTick(server.firstTick()))));
    add(routes, "GET", "logger-tick-ranges", request -> ok(followerView(request, server -> ReplicationJson.tickRanges(server.tickRanges()))));
    return routes;
  }

  private void add(List<RestRoute> routes, String method, String command, Function<RestRequest, RestResponse> handler) {
    // ArangoDB's error bodies, whatever went wrong.
    Function<RestRequest, RestResponse> answering = request -> {
      try {
        return handler.apply(request);
      } catch (ReplicationError e) {
        return error(e);
      } catch (org.arangosync.rest.RestException e) {
        return error(new ReplicationError(e.status(), e.status(), e.getMessage()));
      }
    };
    routes.add(RestRoute.of(method, "/_api/replication/" + command, Audience.OPERATORS, answering));
    routes.add(RestRoute.of(method, "/_db/{db}/_api/replication/" + command, Audience.OPERATORS, answering));
  }

  private Applier applier(RestRequest request) {
    String database = request.path().startsWith("/_db/") ? request.pathParameter("db") : "_system";
    boolean global = "true".equals(request.queryParameter("global"));
    if (global && !database.equals("_system")) {
      throw new ReplicationError(400, 400, "global applier operations are only possible from within the _system database");
    }
    return appliers.applier(database, global);
  }

  private JsonNode followerView(RestRequest request, Function<ReplicationLeader, JsonNode> view) {
    String database = request.path().startsWith("/_db/") ? request.pathParameter("db") : "_system";
    try (ReplicationLeader server = connector.leader(follower.inDatabase(database))) {
      return view.apply(server);
    } catch (ReplicationException e) {
      throw new ReplicationError(e.httpStatus() == 0 ? 503 : e.httpStatus(), e.errorNum(), e.getMessage());
    }
  }

  private static RestResponse ok(JsonNode body) {
    return RestResponse.json(200, body);
  }

  /** ArangoDB's error body. */
  static RestResponse error(ReplicationError error) {
    ObjectNode body = NODES.objectNode();
    body.put("error", true);
    body.put("code", error.httpStatus());
    body.put("errorNum", error.errorNum());
    body.put("errorMessage", error.getMessage());
    return RestResponse.json(error.httpStatus(), body);
  }
}
