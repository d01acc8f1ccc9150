package org.arangosync.minicluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Stream transactions: invisible until commit, gone on abort, refused on a write-write conflict. */
class StreamTransactionTest {

  @TempDir Path dir;

  private final ObjectMapper json = new ObjectMapper();

  private static HttpResponse<String> call(URI base, String trx, String method, String path, String body) throws Exception {
    ArangoTestClient client = ArangoTestClient.of(base);
    return (trx == null ? client : client.inTransaction(trx)).call(method, path, body);
  }

  private String begin(URI base) throws Exception {
    HttpResponse<String> begun = call(base, null, "POST", "/_api/transaction/begin", "{\"collections\":{\"write\":[\"c\"]}}");
    assertThat(begun.statusCode()).isEqualTo(201);
    JsonNode result = json.readTree(begun.body()).get("result");
    assertThat(result.get("status").asText()).isEqualTo("running");
    return result.get("id").asText();
  }

  @ParameterizedTest(name = "single={0}")
  @ValueSource(booleans = {true, false})
  void changesBecomeVisibleAtCommitVanishOnAbortAndConflictsAreRefused(boolean single) throws Exception {
    try (MiniCluster cluster = MiniCluster.builder().dataDir(dir).single(single).dbServers(2).start()) {
      URI base = cluster.endpoint();
      assertThat(call(base, null, "POST", "/_api/collection", "{\"name\":\"c\",\"numberOfShards\":3}").statusCode()).isEqualTo(200);
      call(base, null, "POST", "/_api/collection", "{\"name\":\"other\"}");

      String trx = begin(base);
      assertThat(call(base, trx, "POST", "/_api/document/c", "{\"_key\":\"a\"}").statusCode()).isEqualTo(202);
      assertThat(call(base, trx, "POST", "/_api/document/c", "[{\"_key\":\"b1\"},{\"_key\":\"b2\"}]").statusCode()).isEqualTo(202);
      assertThat(call(base, null, "GET", "/_api/document/c/a", null).statusCode()).isEqualTo(404);
      assertThat(call(base, trx, "GET", "/_api/document/c/a", null).statusCode()).isEqualTo(200);
      assertThat(call(base, trx, "DELETE", "/_api/document/c/a", null).statusCode()).isEqualTo(202);
      assertThat(call(base, trx, "POST", "/_api/document/other", "{}").body()).contains("\"errorNum\":1652");
      HttpResponse<String> committed = call(base, null, "PUT", "/_api/transaction/" + trx, null);
      assertThat(committed.body()).contains("\"status\":\"committed\"");
      assertThat(call(base, null, "GET", "/_api/document/c/b1", null).statusCode()).isEqualTo(200);
      assertThat(call(base, null, "GET", "/_api/document/c/a", null).statusCode()).isEqualTo(404);
      assertThat(json.readTree(call(base, null, "GET", "/_api/collection/c/count", null).body()).get("count").asInt()).isEqualTo(2);

      String aborted = begin(base);
      call(base, aborted, "POST", "/_api/document/c", "{\"_key\":\"x\"}");
      assertThat(call(base, null, "DELETE", "/_api/transaction/" + aborted, null).body()).contains("\"status\":\"aborted\"");
      assertThat(call(base, null, "GET", "/_api/document/c/x", null).statusCode()).isEqualTo(404);
      assertThat(call(base, null, "PUT", "/_api/transaction/" + aborted, null).statusCode()).isEqualTo(400);

      String conflicting = begin(base);
      assertThat(call(base, conflicting, "PATCH", "/_api/document/c/b1", "{\"by\":\"trx\"}").statusCode()).isEqualTo(202);
      assertThat(call(base, null, "PATCH", "/_api/document/c/b1", "{\"by\":\"outside\"}").statusCode()).isEqualTo(202);
      HttpResponse<String> refused = call(base, null, "PUT", "/_api/transaction/" + conflicting, null);
      assertThat(refused.statusCode()).isEqualTo(409);
      assertThat(refused.body()).contains("\"errorNum\":1200");
      assertThat(call(base, null, "GET", "/_api/document/c/b1", null).body()).contains("\"by\":\"outside\"");
      assertThat(call(base, null, "GET", "/_api/transaction/" + conflicting, null).body()).contains("\"status\":\"aborted\"");

      assertThat(call(base, null, "GET", "/_api/transaction/424242", null).body()).contains("\"errorNum\":1655");
      assertThat(call(base, "424242", "POST", "/_api/document/c", "{}").statusCode()).isEqualTo(404);
    }
  }
}
