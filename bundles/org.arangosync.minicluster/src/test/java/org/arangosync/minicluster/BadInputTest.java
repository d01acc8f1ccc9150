package org.arangosync.minicluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad requests get ArangoDB's error answer, never a 500, and write nothing. */
class BadInputTest {

  @TempDir Path dir;

  @Test
  void answersBadRequestsWithArangoDbsErrorsAndWritesNothing() throws Exception {
    try (MiniCluster cluster = MiniCluster.builder().dataDir(dir).single(true).start()) {
      ArangoTestClient root = ArangoTestClient.of(cluster.endpoint());
      root.json("POST", "/_api/collection", "{\"name\":\"c\"}");
      long tickBefore = Long.parseLong(root.json("GET", "/_api/wal/lastTick", null).get("tick").asText());

      assertThat(root.call("GET", "/_db/nope/_api/collection", null).body()).contains("\"errorNum\":1228");
      assertThat(root.call("POST", "/_api/collection", "{\"name\":\"1bad name\"}").body()).contains("\"errorNum\":1208");
      assertThat(root.call("POST", "/_api/database", "{\"name\":\"bad/name\"}").body()).contains("\"errorNum\":1229");
      assertThat(root.call("POST", "/_api/document/c", "{\"_key\":\"no spaces\"}").body()).contains("\"errorNum\":1221");
      assertThat(root.call("POST", "/_api/document/c", "[1, 2").body()).contains("\"errorNum\":600");
      assertThat(root.call("POST", "/_api/document/c", "\"just a string\"").body()).contains("\"errorNum\":1227");
      assertThat(root.call("DELETE", "/_api/version", null).statusCode()).isEqualTo(405);
      assertThat(root.call("GET", "/_api/replication/dump?collection=c&batchId=999", null).body()).contains("\"errorNum\":1600");
      assertThat(root.call("GET", "/_api/wal/tail?from=10&to=5", null).body()).contains("invalid from/to values");

      HttpResponse<String> badToken = HttpClient.newHttpClient().send(HttpRequest.newBuilder(cluster.endpoint().resolve("/_api/version"))
          .header("Authorization", "bearer not.a.token").build(), HttpResponse.BodyHandlers.ofString());
      assertThat(badToken.statusCode()).isEqualTo(401);
      assertThat(badToken.body()).contains("\"errorNum\":401");

      long tickAfter = Long.parseLong(root.json("GET", "/_api/wal/lastTick", null).get("tick").asText());
      assertThat(tickAfter).as("nothing written by refused requests").isEqualTo(tickBefore);
      assertThat(root.json("GET", "/_api/collection/c/count", null).get("count").asInt()).isZero();
    }
  }
}
