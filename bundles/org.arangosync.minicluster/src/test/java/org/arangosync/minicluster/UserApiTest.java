package org.arangosync.minicluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code /_api/user} and logging in as the users it creates, on a single server and a cluster. */
class UserApiTest {

  @TempDir Path dir;

  private static HttpResponse<String> call(URI base, String credentials, String method, String path, String body) throws Exception {
    return ArangoTestClient.of(base).as(credentials).call(method, path, body);
  }

  @ParameterizedTest(name = "single={0}")
  @ValueSource(booleans = {true, false})
  void managesUsersPasswordsAndPermissions(boolean single) throws Exception {
    try (MiniCluster cluster = MiniCluster.builder().dataDir(dir).single(single).dbServers(1).rootPassword("rootpw").start()) {
      URI base = cluster.endpoint();
      assertThat(call(base, "root:", "GET", "/_api/version", null).statusCode()).isEqualTo(401);
      HttpResponse<String> created = call(base, "root:rootpw", "POST", "/_api/user",
          "{\"user\":\"alice\",\"passwd\":\"secret\",\"extra\":{\"team\":\"sync\"}}");
      assertThat(created.statusCode()).isEqualTo(201);
      assertThat(created.body()).contains("\"user\":\"alice\"").contains("\"team\":\"sync\"");
      assertThat(call(base, "root:rootpw", "POST", "/_api/user", "{\"user\":\"alice\"}").body()).contains("\"errorNum\":1702");
      assertThat(call(base, "root:rootpw", "GET", "/_api/user", null).body()).contains("\"user\":\"alice\"").contains("\"user\":\"root\"");
      assertThat(call(base, "alice:secret", "GET", "/_api/version", null).statusCode()).isEqualTo(200);
      assertThat(call(base, "alice:wrong", "GET", "/_api/version", null).statusCode()).isEqualTo(401);

      assertThat(call(base, "root:rootpw", "PUT", "/_api/user/alice/database/_system", "{\"grant\":\"ro\"}").body())
          .contains("\"_system\":\"ro\"");
      assertThat(call(base, "root:rootpw", "PUT", "/_api/user/alice/database/_system/_graphs", "{\"grant\":\"rw\"}").statusCode())
          .isEqualTo(200);
      assertThat(call(base, "root:rootpw", "GET", "/_api/user/alice/database/_system", null).body()).contains("\"result\":\"ro\"");
      assertThat(call(base, "root:rootpw", "GET", "/_api/user/alice/database?full=true", null).body()).contains("\"_graphs\":\"rw\"");

      assertThat(call(base, "root:rootpw", "PATCH", "/_api/user/alice", "{\"passwd\":\"changed\"}").statusCode()).isEqualTo(200);
      assertThat(call(base, "alice:secret", "GET", "/_api/version", null).statusCode()).isEqualTo(401);
      assertThat(call(base, "alice:changed", "GET", "/_api/version", null).statusCode()).isEqualTo(200);
      assertThat(call(base, "root:rootpw", "DELETE", "/_api/user/alice", null).statusCode()).isEqualTo(202);
      assertThat(call(base, "root:rootpw", "GET", "/_api/user/alice", null).body()).contains("\"errorNum\":1703");
      assertThat(call(base, "alice:changed", "GET", "/_api/version", null).statusCode()).isEqualTo(401);
    }
  }
}
