package org.arangosync.minicluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cluster roles end to end: agent, coordinator and DB-Servers, each on its own port. */
class ClusterModeTest {

  @TempDir Path dir;

  private final ObjectMapper json = new ObjectMapper();

  private static HttpResponse<String> call(URI base, String method, String path, String body) throws Exception {
    return ArangoTestClient.of(base).call(method, path, body);
  }

  private static JsonNode callJson(URI base, String method, String path, String body) throws Exception {
    return ArangoTestClient.of(base).json(method, path, body);
  }

  private static URI endpointOf(MiniCluster cluster, String role, int index) {
    return cluster.servers().stream().filter(server -> server.role().equals(role)).skip(index).findFirst().orElseThrow().endpoint();
  }

  @Test
  void shardsDocumentsOverDbServersAndServesReplicationOnThem() throws Exception {
    Set<String> keys = new HashSet<>();
    try (MiniCluster cluster = MiniCluster.builder().dataDir(dir).coordinators(2).dbServers(2).start()) {
      URI coordinator = cluster.endpoint();
      assertThat(cluster.servers()).extracting(MiniCluster.Server::role)
          .containsExactly("AGENT", "COORDINATOR", "COORDINATOR", "DBSERVER", "DBSERVER");

      JsonNode health = callJson(coordinator, "GET", "/_admin/cluster/health", null);
      assertThat(health.get("Health").size()).isEqualTo(5);
      JsonNode endpoints = callJson(coordinator, "GET", "/_api/cluster/endpoints", null).get("endpoints");
      assertThat(endpoints.size()).isEqualTo(2);
      assertThat(endpoints.get(0).get("endpoint").asText()).startsWith("tcp://127.0.0.1:");

      callJson(coordinator, "POST", "/_api/collection", "{\"name\":\"products\",\"numberOfShards\":3}");
      JsonNode shards = callJson(coordinator, "GET", "/_api/collection/products/shards?details=true", null).get("shards");
      assertThat(shards.size()).isEqualTo(3);
      Set<String> servers = new HashSet<>();
      shards.fields().forEachRemaining(entry -> servers.add(entry.getValue().get(0).asText()));
      assertThat(servers).hasSize(2);

      StringBuilder array = new StringBuilder("[");
      for (int i = 0; i < 60; i++) {
        array.append(i == 0 ? "" : ",").append("{\"n\":").append(i).append('}');
      }
      for (JsonNode result : callJson(coordinator, "POST", "/_api/document/products", array.append(']').toString())) {
        assertThat(result.get("_id").asText()).startsWith("products/");
        keys.add(result.get("_key").asText());
      }
      for (int i = 0; i < 40; i++) {
        keys.add(callJson(coordinator, "POST", "/_api/document/products", "{\"_key\":\"k" + i + "\",\"v\":" + i + "}")
            .get("_key").asText());
      }
      assertThat(keys).hasSize(100);
      // Coordinators share the plan: the second one sees what went through the first.
      assertThat(callJson(endpointOf(cluster, "COORDINATOR", 1), "GET", "/_api/document/products/k3", null).get("v").asInt()).isEqualTo(3);
      assertThat(callJson(coordinator, "GET", "/_api/collection/products/count", null).get("count").asInt()).isEqualTo(100);
      assertThat(callJson(coordinator, "GET", "/_api/document/products/k7", null).get("v").asInt()).isEqualTo(7);
      assertThat(call(coordinator, "DELETE", "/_api/document/products/k7", null).statusCode()).isEqualTo(202);
      assertThat(call(coordinator, "GET", "/_api/document/products/k7", null).statusCode()).isEqualTo(404);

      // The WAL lives on the DB-Servers: the coordinator refuses, each DB-Server tails its shards.
      assertThat(call(coordinator, "GET", "/_api/wal/tail", null).statusCode()).isEqualTo(501);
      int inserted = 0;
      for (int i = 0; i < 2; i++) {
        String body = call(endpointOf(cluster, "DBSERVER", i), "GET", "/_api/wal/tail?from=0&chunkSize=10000000", null).body();
        for (String line : body.split("\n")) {
          JsonNode marker = json.readTree(line);
          if (marker.get("type").asInt() == 2300 && marker.get("data").get("_id").asText().startsWith("products/")) {
            inserted++;
          }
        }
      }
      assertThat(inserted).isEqualTo(100);

      // clusterInventory and a dump of one shard through the coordinator.
      JsonNode inventory = callJson(coordinator, "GET", "/_api/replication/clusterInventory", null);
      List<String> names = new ArrayList<>();
      inventory.get("collections").forEach(c -> names.add(c.get("parameters").get("name").asText()));
      assertThat(names).contains("products", "_users", "_graphs");
      String shard = shards.fieldNames().next();
      String server = shards.get(shard).get(0).asText();
      String batch = callJson(coordinator, "POST", "/_api/replication/batch?DBserver=" + server, "{\"ttl\":60}").get("id").asText();
      HttpResponse<String> dump = call(coordinator, "GET",
          "/_api/replication/dump?DBserver=" + server + "&collection=" + shard + "&batchId=" + batch, null);
      assertThat(dump.statusCode()).isIn(200, 204);
      assertThat(call(coordinator, "DELETE", "/_api/replication/batch/" + batch + "?DBserver=" + server, null).statusCode()).isEqualTo(204);

      // The plan is in the agency, readable through the agent's API.
      JsonNode plan = callJson(endpointOf(cluster, "AGENT", 0), "POST", "/_api/agency/read", "[[\"/arango/Plan/Collections/_system\"]]");
      assertThat(plan.toString()).contains("\"name\":\"products\"");
    }

    try (MiniCluster again = MiniCluster.builder().dataDir(dir).dbServers(2).start()) {
      URI coordinator = again.endpoint();
      assertThat(callJson(coordinator, "GET", "/_api/collection/products/count", null).get("count").asInt()).isEqualTo(99);
      String newKey = callJson(coordinator, "POST", "/_api/document/products", "{}").get("_key").asText();
      assertThat(keys).doesNotContain(newKey);
    }
  }
}
