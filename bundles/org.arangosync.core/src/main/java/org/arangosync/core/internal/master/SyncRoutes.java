package org.arangosync.core.internal.master;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.arangosync.api.spi.store.ShardRef;
import org.arangosync.rest.Audience;
import org.arangosync.rest.RestException;
import org.arangosync.rest.RestRequest;
import org.arangosync.rest.RestResponse;
import org.arangosync.rest.RestRoute;

/**
 * The master's synchronisation routes (ArangoSync's, {@code ../shared/reference/arangosync-surface.md}
 * §2.2 and §2.3), all leader-only, answered by a {@link SyncCoordinator}:
 *
 * <ul>
 *   <li>operators: {@code GET /_api/sync?details=full|short}, {@code POST /_api/sync} (configure sync),
 *       {@code DELETE /_api/sync} (stop, abort), {@code POST|GET|DELETE /_api/sync/barrier},
 *       {@code PUT .../shard/{i}/reset}, {@code GET .../shard/{i}/checksum} and, on a source,
 *       {@code DELETE /_api/sync/outgoing/{id}} (abort outgoing sync); see {@link SyncControl};
 *   <li>the other datacenter's masters (client certificate): {@code POST /_api/sync/outgoing},
 *       {@code POST|DELETE /_api/sync/outgoing/{id}/database/{db}/collection/{col}/shard/{i}},
 *       {@code POST /_api/sync/outgoing/{id}/shards} (many shards at once),
 *       {@code GET|PUT /_api/sync/outgoing/{id}/access/{channel}},
 *       {@code POST|GET|DELETE /_api/sync/outgoing/{id}/barrier}, {@code PUT|GET .../shard/{i}/reset|checksum};
 *   <li>this datacenter's workers (JWT): {@code PUT /_api/sync/multiple/status},
 *       {@code PUT /_api/sync/inventory-shards}, {@code GET|PUT /_api/mq/access/{channel}}.
 * </ul>
 */
public final class SyncRoutes {

  private static final String SHARD = "/database/{db}/collection/{col}/shard/{index}";
  private static final JsonNode EMPTY = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();

  private SyncRoutes() {}

  public static List<RestRoute> of(SyncCoordinator sync, UnaryOperator<RestRoute> leaderOnly) {
    SyncControl control = new SyncControl(sync);
    return List.of(
        leaderOnly.apply(RestRoute.of("DELETE", "/_api/sync", Audience.OPERATORS,
            request -> RestResponse.json(200, control.stop(request.body().length == 0 ? EMPTY : request.json())))),
        leaderOnly.apply(RestRoute.of("POST", "/_api/sync/barrier", Audience.OPERATORS,
            request -> RestResponse.json(200, control.createBarrier()))),
        leaderOnly.apply(RestRoute.of("GET", "/_api/sync/barrier", Audience.OPERATORS,
            request -> RestResponse.json(200, control.barrierInfo()))),
        leaderOnly.apply(RestRoute.of("DELETE", "/_api/sync/barrier", Audience.OPERATORS,
            request -> RestResponse.json(200, control.deleteBarrier()))),
        leaderOnly.apply(RestRoute.of("PUT", "/_api/sync" + SHARD + "/reset", Audience.OPERATORS, request -> {
          control.resetShard(shard(request));
          return RestResponse.json(200, Map.of());
        })),
        leaderOnly.apply(RestRoute.of("GET", "/_api/sync" + SHARD + "/checksum", Audience.OPERATORS,
            request -> RestResponse.json(200, control.checksums(shard(request))))),
        leaderOnly.apply(RestRoute.of("DELETE", "/_api/sync/outgoing/{target}", Audience.OPERATORS, request -> {
          control.deleteOutgoing(request.pathParameter("target"), request.queryParameter("server_mode"));
          return RestResponse.json(200, Map.of());
        })),
        leaderOnly.apply(RestRoute.of("POST", "/_api/sync/outgoing/{target}/barrier", Audience.SYNC_COMPONENTS, request -> {
          control.createOutgoingBarrier(request.pathParameter("target"));
          return RestResponse.json(200, Map.of());
        })),
        leaderOnly.apply(RestRoute.of("GET", "/_api/sync/outgoing/{target}/barrier", Audience.SYNC_COMPONENTS,
            request -> RestResponse.json(200, control.outgoingBarrier(request.pathParameter("target"))))),
        leaderOnly.apply(RestRoute.of("DELETE", "/_api/sync/outgoing/{target}/barrier", Audience.SYNC_COMPONENTS, request -> {
          control.deleteOutgoingBarrier(request.pathParameter("target"));
          return RestResponse.json(200, Map.of());
        })),
        leaderOnly.apply(RestRoute.of("PUT", "/_api/sync/outgoing/{target}" + SHARD + "/reset", Audience.SYNC_COMPONENTS, request -> {
          sync.outgoingShardCreate(request.pathParameter("target"), shard(request), request.json());
          return RestResponse.json(200, Map.of());
        })),
        leaderOnly.apply(RestRoute.of("GET", "/_api/sync/outgoing/{target}" + SHARD + "/checksum", Audience.SYNC_COMPONENTS,
            request -> RestResponse.json(200, control.outgoingChecksum(request.pathParameter("target"), shard(request))))),
        leaderOnly.apply(RestRoute.of("GET", "/_api/sync", Audience.OPERATORS,
            request -> RestResponse.json(200, sync.syncInfo(!"short".equals(request.queryParameter("details")))))),
        leaderOnly.apply(RestRoute.of("POST", "/_api/sync", Audience.OPERATORS, request -> {
          sync.configure(request.json());
          return RestResponse.json(200, Map.of());
        })),
        leaderOnly.apply(RestRoute.of("POST", "/_api/sync/outgoing", Audience.SYNC_COMPONENTS,
            request -> RestResponse.json(200, sync.outgoingCreate(request.json())))),
        leaderOnly.apply(RestRoute.of("POST", "/_api/sync/outgoing/{target}" + SHARD, Audience.SYNC_COMPONENTS, request -> {
          sync.outgoingShardCreate(request.pathParameter("target"), shard(request), request.json());
          return RestResponse.json(200, Map.of());
        })),
        leaderOnly.apply(RestRoute.of("POST", "/_api/sync/outgoing/{target}/shards", Audience.SYNC_COMPONENTS, request -> {
          sync.outgoingShardsCreate(request.pathParameter("target"), request.json());
          return RestResponse.json(200, Map.of());
        })),
        leaderOnly.apply(RestRoute.of("DELETE", "/_api/sync/outgoing/{target}" + SHARD, Audience.SYNC_COMPONENTS, request -> {
          sync.outgoingShardDelete(request.pathParameter("target"), shard(request));
          return RestResponse.json(200, Map.of());
        })),
        leaderOnly.apply(RestRoute.of("GET", "/_api/sync/outgoing/{target}/access/{channel}", Audience.SYNC_COMPONENTS,
            request -> access(sync.state().channelAccess(request.pathParameter("channel")).orElse(null), request))),
        leaderOnly.apply(RestRoute.of("PUT", "/_api/sync/outgoing/{target}/access/{channel}", Audience.SYNC_COMPONENTS, request -> {
          sync.putRemoteChannelAccess(request.pathParameter("target"), request.pathParameter("channel"), accessOf(request));
          return RestResponse.json(200, Map.of());
        })),
        leaderOnly.apply(RestRoute.of("PUT", "/_api/sync/multiple/status", Audience.SYNC_COMPONENTS, request -> {
          sync.taskStatuses(request.json());
          return RestResponse.json(200, Map.of());
        })),
        leaderOnly.apply(RestRoute.of("PUT", "/_api/sync/inventory-shards", Audience.SYNC_COMPONENTS, request -> {
          sync.shardsWanted(SyncCoordinator.shardsOf(request.json()));
          return RestResponse.json(200, Map.of());
        })),
        leaderOnly.apply(RestRoute.of("GET", "/_api/mq/access/{channel}", Audience.SYNC_COMPONENTS,
            request -> access(sync.channelAccess(request.pathParameter("channel")).orElse(null), request))),
        leaderOnly.apply(RestRoute.of("PUT", "/_api/mq/access/{channel}", Audience.SYNC_COMPONENTS, request -> {
          sync.putChannelAccess(request.pathParameter("channel"), accessOf(request));
          return RestResponse.json(200, Map.of());
        })));
  }

  private static RestResponse access(ObjectNode access, RestRequest request) {
    if (access == null) {
      throw new RestException(404, "channel " + request.pathParameter("channel") + " is not open yet: its producing task has not "
          + "started; ask again shortly");
    }
    return RestResponse.json(200, Map.of("access", access));
  }

  private static ObjectNode accessOf(RestRequest request) {
    JsonNode access = request.json().path("access");
    if (!access.isObject()) {
      throw new RestException(400, "the body must be {\"access\": {...}} as the channel's producer describes it");
    }
    return (ObjectNode) access;
  }

  private static ShardRef shard(RestRequest request) {
    try {
      return new ShardRef(request.pathParameter("db"), request.pathParameter("col"), Integer.parseInt(request.pathParameter("index")));
    } catch (IllegalArgumentException e) {
      throw new RestException(400, "a shard is named by database, collection and a shard index from 0: " + e.getMessage());
    }
  }
}
