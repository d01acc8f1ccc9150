package org.arangosync.minicluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code /_api/view} on a single server and on a cluster's coordinator. */
class ViewApiTest {

  @TempDir Path dir;

  private static HttpResponse<String> call(URI base, String method, String path, String body) throws Exception {
    return ArangoTestClient.of(base).call(method, path, body);
  }

  @ParameterizedTest(name = "single={0}")
  @ValueSource(booleans = {true, false})
  void createsListsChangesRenamesAndDropsViews(boolean single) throws Exception {
    try (MiniCluster cluster = MiniCluster.builder().dataDir(dir).single(single).dbServers(1).start()) {
      URI base = cluster.endpoint();
      HttpResponse<String> created = call(base, "POST", "/_api/view", "{\"name\":\"search\",\"type\":\"arangosearch\"}");
      assertThat(created.statusCode()).isEqualTo(201);
      assertThat(created.body()).contains("\"consolidationIntervalMsec\":1000").contains("\"links\":{}");
      assertThat(call(base, "POST", "/_api/view", "{\"name\":\"search\",\"type\":\"arangosearch\"}").statusCode()).isEqualTo(409);
      assertThat(call(base, "POST", "/_api/view", "{\"name\":\"x\",\"type\":\"nope\"}").statusCode()).isEqualTo(400);
      assertThat(call(base, "GET", "/_api/view", null).body()).contains("\"name\":\"search\"");
      assertThat(call(base, "PATCH", "/_api/view/search/properties", "{\"commitIntervalMsec\":2000}").body())
          .contains("\"commitIntervalMsec\":2000").contains("\"consolidationIntervalMsec\":1000");
      assertThat(call(base, "PUT", "/_api/view/search/rename", "{\"name\":\"found\"}").statusCode()).isEqualTo(200);
      assertThat(call(base, "GET", "/_api/view/search", null).statusCode()).isEqualTo(404);
      assertThat(call(base, "GET", "/_api/view/found/properties", null).body()).contains("\"commitIntervalMsec\":2000");
      assertThat(call(base, "DELETE", "/_api/view/found", null).body()).contains("\"result\":true");
      assertThat(call(base, "GET", "/_api/view", null).body()).doesNotContain("found");
    }
  }
}
