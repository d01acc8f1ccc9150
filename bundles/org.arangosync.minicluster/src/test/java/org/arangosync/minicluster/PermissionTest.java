package org.arangosync.minicluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Stored permissions govern access: database and collection levels, admin operations. */
class PermissionTest {

  @TempDir Path dir;

  @ParameterizedTest(name = "single={0}")
  @ValueSource(booleans = {true, false})
  void enforcesDatabaseAndCollectionLevelsAsArangoDbDoes(boolean single) throws Exception {
    try (MiniCluster cluster = MiniCluster.builder().dataDir(dir).single(single).dbServers(1).start()) {
      ArangoTestClient root = ArangoTestClient.of(cluster.endpoint());
      ArangoTestClient bob = root.as("bob:pw");
      root.json("POST", "/_api/collection", "{\"name\":\"c\"}");
      root.json("POST", "/_api/collection", "{\"name\":\"d\"}");
      root.json("POST", "/_api/document/c", "{\"_key\":\"k\"}");
      root.json("POST", "/_api/user", "{\"user\":\"bob\",\"passwd\":\"pw\"}");

      assertThat(bob.call("GET", "/_api/version", null).statusCode()).isEqualTo(200);
      assertThat(bob.call("GET", "/_api/collection", null).statusCode()).isEqualTo(401);

      root.json("PUT", "/_api/user/bob/database/_system", "{\"grant\":\"ro\"}");
      assertThat(bob.call("GET", "/_api/collection", null).statusCode()).isEqualTo(200);
      assertThat(bob.call("GET", "/_api/document/c/k", null).statusCode()).isEqualTo(200);
      assertThat(bob.call("POST", "/_api/document/c", "{}").body()).contains("\"errorNum\":11");
      assertThat(bob.call("POST", "/_api/collection", "{\"name\":\"e\"}").statusCode()).isEqualTo(403);

      root.json("PUT", "/_api/user/bob/database/_system/c", "{\"grant\":\"rw\"}");
      assertThat(bob.call("POST", "/_api/document/c", "{}").statusCode()).isEqualTo(202);
      assertThat(bob.call("POST", "/_api/document/d", "{}").statusCode()).isEqualTo(403);
      root.json("PUT", "/_api/user/bob/database/_system/d", "{\"grant\":\"none\"}");
      assertThat(bob.call("GET", "/_api/document/d/x", null).statusCode()).isEqualTo(403);

      assertThat(bob.call("POST", "/_api/database", "{\"name\":\"mine\"}").statusCode()).isEqualTo(403);
      assertThat(bob.call("GET", "/_api/user/bob", null).statusCode()).isEqualTo(200);
      assertThat(bob.call("GET", "/_api/user", null).statusCode()).isEqualTo(403);
      assertThat(bob.call("POST", "/_api/user", "{\"user\":\"eve\"}").statusCode()).isEqualTo(403);
      if (single) {
        assertThat(bob.call("GET", "/_api/wal/lastTick", null).statusCode()).isEqualTo(403);
      }
      assertThat(root.call("GET", "/_api/collection", null).statusCode()).isEqualTo(200);
    }
  }
}
