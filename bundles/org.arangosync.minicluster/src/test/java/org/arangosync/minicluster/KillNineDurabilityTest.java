package org.arangosync.minicluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every acknowledged write survives {@code kill -9} of the mini cluster process and a restart. */
class KillNineDurabilityTest {

  @TempDir Path dataDir;

  private static HttpResponse<String> call(URI base, String method, String path, String body) throws Exception {
    return ArangoTestClient.of(base).call(method, path, body);
  }

  @Test
  void keepsEveryAcknowledgedDocumentAfterKillNine() throws Exception {
    List<String> acknowledged = new ArrayList<>();
    MiniclusterProcess first = MiniclusterProcess.startSingle(dataDir);
    try {
      URI base = first.endpoint();
      assertThat(call(base, "POST", "/_api/collection", "{\"name\":\"durable\"}").statusCode()).isEqualTo(200);
      for (int i = 0; i < 100; i++) {
        boolean sync = i % 2 == 0;
        HttpResponse<String> response = call(base, "POST", "/_api/document/durable?waitForSync=" + sync,
            "{\"_key\":\"k" + i + "\",\"i\":" + i + "}");
        assertThat(response.statusCode()).isEqualTo(sync ? 201 : 202);
        acknowledged.add("k" + i);
      }
      HttpResponse<String> batch = call(base, "POST", "/_api/document/durable",
          "[{\"_key\":\"a1\"},{\"_key\":\"a2\"},{\"_key\":\"a3\"}]");
      assertThat(batch.statusCode()).isEqualTo(202);
      acknowledged.addAll(List.of("a1", "a2", "a3"));
    } finally {
      first.killHard();
    }

    try (MiniclusterProcess second = MiniclusterProcess.startSingle(dataDir)) {
      URI base = second.endpoint();
      for (String key : acknowledged) {
        assertThat(call(base, "GET", "/_api/document/durable/" + key, null).statusCode()).as(key).isEqualTo(200);
      }
      assertThat(call(base, "GET", "/_api/collection/durable/count", null).body()).contains("\"count\":" + acknowledged.size());
    }
  }
}
