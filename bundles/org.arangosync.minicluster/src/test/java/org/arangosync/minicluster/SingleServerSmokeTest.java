package org.arangosync.minicluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SingleServerSmokeTest {

  @TempDir Path dir;

  private final HttpClient http = HttpClient.newHttpClient();

  private static HttpResponse<String> call(URI base, String method, String path, String body) throws Exception {
    return ArangoTestClient.of(base).call(method, path, body);
  }

  @Test
  void answersTheDocumentAndWalApiLikeArangoDb() throws Exception {
    try (MiniCluster cluster = MiniCluster.builder().dataDir(dir).single(true).start()) {
      URI base = cluster.endpoint();
      assertThat(call(base, "GET", "/_api/version", null).body()).contains("\"server\":\"arango\"");
      HttpResponse<String> unauthorized = http.send(HttpRequest.newBuilder(base.resolve("/_api/version")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(unauthorized.statusCode()).isEqualTo(401);
      String tick = call(base, "GET", "/_api/wal/lastTick", null).body().replaceAll(".*\"tick\":\"(\\d+)\".*", "$1");
      assertThat(call(base, "POST", "/_api/collection", "{\"name\":\"products\"}").statusCode()).isEqualTo(200);
      HttpResponse<String> created = call(base, "POST", "/_api/document/products", "{\"_key\":\"p1\",\"hello\":\"world\"}");
      assertThat(created.statusCode()).isEqualTo(202);
      assertThat(created.headers().firstValue("location")).hasValue("/_db/_system/_api/document/products/p1");
      assertThat(call(base, "GET", "/_api/document/products/p1", null).body()).contains("\"_id\":\"products/p1\"");
      assertThat(call(base, "POST", "/_api/document/products", "{ 1: \"x\" }").body()).contains("\"errorNum\":600");
      HttpResponse<String> tail = call(base, "GET", "/_api/wal/tail?from=" + tick, null);
      assertThat(tail.statusCode()).isEqualTo(200);
      assertThat(tail.headers().firstValue("x-arango-replication-frompresent")).hasValue("true");
      assertThat(tail.body()).contains("\"type\":2000").contains("\"type\":2300");
      assertThat(call(base, "GET", "/_api/nothing", null).statusCode()).isEqualTo(404);
    }
  }
}
