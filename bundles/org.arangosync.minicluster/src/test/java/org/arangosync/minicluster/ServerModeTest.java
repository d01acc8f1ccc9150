package org.arangosync.minicluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code /_admin/server/mode}: read-only mode refuses every write of data and structure with
 * 403/1004 while reads, replication and administration go on; in a cluster the mode is the
 * cluster's, kept in the agency.
 */
class ServerModeTest {

  @TempDir Path dir;

  private static void assertReadOnlyRefusal(HttpResponse<String> response) throws Exception {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(403);
    JsonNode body = ArangoTestClient.parse(response.body());
    assertThat(body.path("error").asBoolean()).isTrue();
    assertThat(body.path("code").asInt()).isEqualTo(403);
    assertThat(body.path("errorNum").asInt()).isEqualTo(1004);
    assertThat(body.path("errorMessage").asText()).isEqualTo("read only");
  }

  private static String mode(ArangoTestClient client) throws Exception {
    return client.json("GET", "/_admin/server/mode", null).path("mode").asText();
  }

  @ParameterizedTest(name = "single={0}")
  @ValueSource(booleans = {true, false})
  void readOnlyRefusesWritesAndKeepsReadsAndReplication(boolean single) throws Exception {
    try (MiniCluster cluster = MiniCluster.builder().dataDir(dir).single(single).dbServers(1).start()) {
      ArangoTestClient root = ArangoTestClient.of(cluster.endpoint());
      JsonNode initial = root.json("GET", "/_admin/server/mode", null);
      assertThat(initial.toString()).isEqualTo("{\"error\":false,\"code\":200,\"mode\":\"default\"}");

      // Things to change, read and drop while read-only.
      root.json("POST", "/_api/collection", "{\"name\":\"items\"}");
      root.json("POST", "/_api/document/items", "{\"_key\":\"k1\",\"n\":1}");
      String index = root.json("POST", "/_api/index?collection=items", "{\"type\":\"persistent\",\"fields\":[\"n\"]}").path("id").asText();
      root.json("POST", "/_api/view", "{\"name\":\"search\",\"type\":\"arangosearch\"}");
      root.json("POST", "/_api/database", "{\"name\":\"other\"}");
      root.json("POST", "/_api/user", "{\"user\":\"bob\",\"passwd\":\"pw\"}");
      root.json("PUT", "/_api/user/bob/database/_system", "{\"grant\":\"ro\"}");

      // Only an administrator sets the mode; everybody may read it.
      ArangoTestClient bob = root.as("bob:pw");
      HttpResponse<String> notAdmin = bob.call("PUT", "/_admin/server/mode", "{\"mode\":\"readonly\"}");
      assertThat(notAdmin.statusCode()).isEqualTo(403);
      assertThat(notAdmin.body()).contains("\"errorNum\":11");
      assertThat(mode(bob)).isEqualTo("default");

      JsonNode switched = root.json("PUT", "/_admin/server/mode", "{\"mode\":\"readonly\"}");
      assertThat(switched.toString()).isEqualTo("{\"error\":false,\"code\":200,\"mode\":\"readonly\"}");
      assertThat(mode(root)).isEqualTo("readonly");

      // Documents, single and batch.
      assertReadOnlyRefusal(root.call("POST", "/_api/document/items", "{\"_key\":\"k2\"}"));
      assertReadOnlyRefusal(root.call("POST", "/_api/document/items", "[{\"_key\":\"k3\"},{\"_key\":\"k4\"}]"));
      assertReadOnlyRefusal(root.call("PUT", "/_api/document/items/k1", "{\"n\":2}"));
      assertReadOnlyRefusal(root.call("PATCH", "/_api/document/items/k1", "{\"n\":2}"));
      assertReadOnlyRefusal(root.call("PATCH", "/_api/document/items", "[{\"_key\":\"k1\",\"n\":2}]"));
      assertReadOnlyRefusal(root.call("DELETE", "/_api/document/items/k1", null));
      assertReadOnlyRefusal(root.call("DELETE", "/_api/document/items", "[\"k1\"]"));
      assertReadOnlyRefusal(root.call("POST", "/_api/import?collection=items&type=documents", "{\"_key\":\"k5\"}"));
      // Structure: collections, indexes, views, databases, users.
      assertReadOnlyRefusal(root.call("POST", "/_api/collection", "{\"name\":\"more\"}"));
      assertReadOnlyRefusal(root.call("PUT", "/_api/collection/items/truncate", null));
      assertReadOnlyRefusal(root.call("PUT", "/_api/collection/items/properties", "{\"waitForSync\":true}"));
      assertReadOnlyRefusal(root.call("PUT", "/_api/collection/items/rename", "{\"name\":\"renamed\"}"));
      assertReadOnlyRefusal(root.call("DELETE", "/_api/collection/items", null));
      assertReadOnlyRefusal(root.call("POST", "/_api/index?collection=items", "{\"type\":\"persistent\",\"fields\":[\"m\"]}"));
      assertReadOnlyRefusal(root.call("DELETE", "/_api/index/" + index, null));
      assertReadOnlyRefusal(root.call("POST", "/_api/view", "{\"name\":\"search2\",\"type\":\"arangosearch\"}"));
      assertReadOnlyRefusal(root.call("PUT", "/_api/view/search/properties", "{}"));
      assertReadOnlyRefusal(root.call("DELETE", "/_api/view/search", null));
      assertReadOnlyRefusal(root.call("POST", "/_api/database", "{\"name\":\"another\"}"));
      assertReadOnlyRefusal(root.call("DELETE", "/_api/database/other", null));
      assertReadOnlyRefusal(root.call("POST", "/_api/user", "{\"user\":\"eve\",\"passwd\":\"pw\"}"));
      assertReadOnlyRefusal(root.call("PATCH", "/_api/user/bob", "{\"active\":false}"));
      assertReadOnlyRefusal(root.call("PUT", "/_api/user/bob/database/_system", "{\"grant\":\"rw\"}"));
      assertReadOnlyRefusal(root.call("DELETE", "/_api/user/bob", null));
      // Stream transactions: one that would write is refused at its beginning; a reading one runs.
      assertReadOnlyRefusal(root.call("POST", "/_api/transaction/begin", "{\"collections\":{\"write\":[\"items\"]}}"));
      assertReadOnlyRefusal(root.call("POST", "/_api/transaction/begin", "{\"collections\":{\"exclusive\":\"items\"}}"));
      String reading = root.json("POST", "/_api/transaction/begin", "{\"collections\":{\"read\":[\"items\"]}}").path("result").path("id").asText();
      assertThat(root.inTransaction(reading).json("GET", "/_api/document/items/k1", null).path("n").asInt()).isEqualTo(1);
      root.json("PUT", "/_api/transaction/" + reading, null);

      // Reads, including batch reads by PUT, and everything refused above left the data as it was.
      assertThat(root.json("GET", "/_api/document/items/k1", null).path("n").asInt()).isEqualTo(1);
      assertThat(root.json("PUT", "/_api/document/items?onlyget=true", "[\"k1\"]").get(0).path("n").asInt()).isEqualTo(1);
      assertThat(root.json("GET", "/_api/collection/items/count", null).path("count").asInt()).isEqualTo(1);
      assertThat(root.json("GET", "/_api/index?collection=items", null).path("indexes").toString()).contains(index);
      assertThat(root.call("GET", "/_api/view/search", null).statusCode()).isEqualTo(200);
      assertThat(root.call("GET", "/_db/other/_api/collection", null).statusCode()).isEqualTo(200);
      assertThat(root.call("GET", "/_api/user/bob", null).statusCode()).isEqualTo(200);
      assertThat(root.call("PUT", "/_api/collection/items/load", null).statusCode()).isEqualTo(200);

      // Replication reads: a snapshot batch with a dump of it, created, extended and deleted.
      if (single) {
        assertSnapshotAndDumpWork(root, "", "items", "k1");
        assertThat(root.call("GET", "/_api/wal/tail?from=0", null).statusCode()).isIn(200, 204);
        assertThat(root.call("GET", "/_api/replication/logger-follow?from=0", null).statusCode()).isIn(200, 204);
      } else {
        JsonNode shards = root.json("GET", "/_api/collection/items/shards?details=true", null).path("shards");
        String shard = shards.fieldNames().next();
        String server = shards.path(shard).get(0).asText();
        assertSnapshotAndDumpWork(root, "DBserver=" + server + "&", shard, "k1");
        assertThat(root.call("GET", "/_api/replication/clusterInventory", null).statusCode()).isEqualTo(200);
      }

      // Bodies that are no mode, refused as ArangoDB refuses them; the mode stays.
      for (String bad : new String[] {"{\"mode\":\"maintenance\"}", "{\"mode\":1}", "{}", "[\"readonly\"]", "\"readonly\"", "{nope"}) {
        HttpResponse<String> refused = root.call("PUT", "/_admin/server/mode", bad);
        assertThat(refused.statusCode()).as(bad).isEqualTo(400);
        JsonNode error = ArangoTestClient.parse(refused.body());
        assertThat(error.path("error").asBoolean()).isTrue();
        assertThat(error.path("code").asInt()).isEqualTo(400);
        assertThat(error.path("errorNum").asInt()).isEqualTo(400);
      }
      assertThat(mode(root)).isEqualTo("readonly");

      // Back to default: writes work again.
      assertThat(root.json("PUT", "/_admin/server/mode", "{\"mode\":\"default\"}").path("mode").asText()).isEqualTo("default");
      assertThat(root.call("POST", "/_api/document/items", "{\"_key\":\"k2\"}").statusCode()).isEqualTo(202);
      assertThat(root.call("POST", "/_api/collection", "{\"name\":\"more\"}").statusCode()).isEqualTo(200);
      assertThat(root.call("POST", "/_api/database", "{\"name\":\"another\"}").statusCode()).isEqualTo(201);
      assertThat(root.call("POST", "/_api/index?collection=items", "{\"type\":\"persistent\",\"fields\":[\"m\"]}").statusCode()).isIn(200, 201);
      assertThat(root.json("GET", "/_api/collection/items/count", null).path("count").asInt()).isEqualTo(2);
    }
  }

  /** A replication batch, a dump of {@code collection} in it that holds {@code key}, its extension and its end. */
  private static void assertSnapshotAndDumpWork(ArangoTestClient root, String serverParameter, String collection, String key)
      throws Exception {
    String batch = root.json("POST", "/_api/replication/batch?" + serverParameter, "{\"ttl\":60}").path("id").asText();
    assertThat(root.call("PUT", "/_api/replication/batch/" + batch + "?" + serverParameter, "{\"ttl\":120}").statusCode()).isEqualTo(204);
    HttpResponse<String> dump = root.call("GET",
        "/_api/replication/dump?" + serverParameter + "collection=" + collection + "&batchId=" + batch, null);
    assertThat(dump.statusCode()).isEqualTo(200);
    assertThat(dump.body()).contains("\"_key\":\"" + key + "\"");
    assertThat(root.call("DELETE", "/_api/replication/batch/" + batch + "?" + serverParameter, null).statusCode()).isEqualTo(204);
  }

  @Test
  void clusterModeIsSharedByAllServersAndKeptInTheAgency() throws Exception {
    String shard;
    try (MiniCluster cluster = MiniCluster.builder().dataDir(dir).coordinators(2).dbServers(1).start()) {
      ArangoTestClient first = ArangoTestClient.of(cluster.endpoint());
      ArangoTestClient second = ArangoTestClient.of(endpointOf(cluster, "COORDINATOR", 1));
      ArangoTestClient agent = ArangoTestClient.of(endpointOf(cluster, "AGENT", 0));
      first.json("POST", "/_api/collection", "{\"name\":\"items\",\"numberOfShards\":1}");
      shard = first.json("GET", "/_api/collection/items/shards", null).path("shards").get(0).asText();
      ArangoTestClient onDbServer = ArangoTestClient.of(endpointOf(cluster, "DBSERVER", 0));
      // A client of the DB-Server may write its shard directly, as long as the cluster is read-write.
      assertThat(onDbServer.call("POST", "/_api/document/" + shard, "{\"_key\":\"direct\"}").statusCode()).isEqualTo(202);

      second.json("PUT", "/_admin/server/mode", "{\"mode\":\"readonly\"}");
      assertThat(mode(first)).isEqualTo("readonly");
      assertThat(mode(onDbServer)).isEqualTo("readonly");
      assertThat(agent.json("POST", "/_api/agency/read", "[[\"/arango/Readonly\"]]").get(0).path("arango").path("Readonly").asBoolean())
          .isTrue();
      assertReadOnlyRefusal(first.call("POST", "/_api/document/items", "{}"));
      assertReadOnlyRefusal(second.call("POST", "/_api/document/items", "{}"));
      assertReadOnlyRefusal(onDbServer.call("POST", "/_api/document/" + shard, "{\"_key\":\"direct2\"}"));
      assertReadOnlyRefusal(onDbServer.call("DELETE", "/_api/document/" + shard + "/direct", null));
      assertThat(onDbServer.json("GET", "/_api/document/" + shard + "/direct", null).path("_key").asText()).isEqualTo("direct");
      assertThat(onDbServer.call("GET", "/_api/wal/tail?from=0", null).statusCode()).isIn(200, 204);
      String batch = onDbServer.json("POST", "/_api/replication/batch", "{\"ttl\":60}").path("id").asText();
      assertThat(onDbServer.call("POST", "/_api/replication/keys?collection=" + shard + "&batchId=" + batch, null).statusCode())
          .isEqualTo(200);
      assertThat(onDbServer.call("DELETE", "/_api/replication/batch/" + batch, null).statusCode()).isEqualTo(204);
    }

    // The agency keeps the mode across a restart, as ArangoDB's does.
    try (MiniCluster again = MiniCluster.builder().dataDir(dir).dbServers(1).start()) {
      ArangoTestClient coordinator = ArangoTestClient.of(again.endpoint());
      assertThat(mode(coordinator)).isEqualTo("readonly");
      assertReadOnlyRefusal(coordinator.call("POST", "/_api/document/items", "{}"));
      coordinator.json("PUT", "/_admin/server/mode", "{\"mode\":\"default\"}");
      assertThat(coordinator.call("POST", "/_api/document/items", "{}").statusCode()).isEqualTo(202);
      ArangoTestClient onDbServer = ArangoTestClient.of(endpointOf(again, "DBSERVER", 0));
      assertThat(onDbServer.call("POST", "/_api/document/" + shard, "{\"_key\":\"direct2\"}").statusCode()).isEqualTo(202);
      assertThat(coordinator.json("GET", "/_api/collection/items/count", null).path("count").asInt()).isEqualTo(3);
    }
  }

  private static URI endpointOf(MiniCluster cluster, String role, int index) {
    return cluster.servers().stream().filter(server -> server.role().equals(role)).skip(index).findFirst().orElseThrow().endpoint();
  }
}
