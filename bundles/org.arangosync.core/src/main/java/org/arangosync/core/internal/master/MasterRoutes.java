package org.arangosync.core.internal.master;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.arangosync.rest.Audience;
import org.arangosync.rest.RestException;
import org.arangosync.rest.RestResponse;
import org.arangosync.rest.RestRoute;

/**
 * The routes every sync master answers itself, leader or not (they read the election's keys):
 * {@code GET /_api/role}, {@code /_api/masters}, {@code /_api/endpoints},
 * {@code /_api/leader/endpoint} and {@code /_api/health}, with ArangoSync's field names.
 */
public final class MasterRoutes {

  private MasterRoutes() {}

  public static List<RestRoute> of(MasterElection election) {
    return List.of(
        RestRoute.of("GET", "/_api/role", Audience.OPERATORS, request -> RestResponse.json(200, Map.of("role", "master"))),
        RestRoute.of("GET", "/_api/masters", Audience.OPERATORS, request -> RestResponse.json(200,
            Map.of("masters", election.masters().stream().map(MasterRoutes::json).toList()))),
        RestRoute.of("GET", "/_api/endpoints", Audience.OPERATORS, request -> {
          // What the other datacenter may use: the public endpoints, else the internal one.
          Set<String> endpoints = new LinkedHashSet<>();
          for (MasterElection.Master master : election.masters()) {
            endpoints.addAll(master.endpoints().isEmpty() ? List.of(master.endpoint()) : master.endpoints());
          }
          return RestResponse.json(200, Map.of("endpoints", List.copyOf(endpoints)));
        }),
        RestRoute.of("GET", "/_api/leader/endpoint", Audience.OPERATORS, request -> RestResponse.json(200,
            Map.of("endpoints", List.of(leaderOf(election).endpoint())))),
        RestRoute.of("GET", "/_api/health", Audience.MONITORING, request -> {
          leaderOf(election);
          return RestResponse.json(200, Map.of());
        }));
  }

  private static MasterElection.Master leaderOf(MasterElection election) {
    return election.leader().orElseThrow(() -> new RestException(503, "no sync master of this datacenter leads right now; "
        + "a leader is elected within the masters' time to live, check that at least one master runs and reaches the agency"));
  }

  private static Map<String, Object> json(MasterElection.Master master) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("id", master.id());
    json.put("endpoint", master.endpoint());
    json.put("leader", master.leader());
    return json;
  }
}
