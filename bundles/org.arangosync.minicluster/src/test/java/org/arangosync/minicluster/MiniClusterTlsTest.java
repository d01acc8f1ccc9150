package org.arangosync.minicluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import javax.net.ssl.SSLHandshakeException;
import org.arangosync.client.TestCertificates;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The mini cluster over real TLS: every role serves HTTPS and names its endpoints with ssl://. */
class MiniClusterTlsTest {

  @TempDir Path dir;

  @Test
  void servesEveryRoleOverHttpsWithTheGivenCertificate() throws Exception {
    TestCertificates certificates = new TestCertificates("CN=mini cluster test CA");
    try (MiniCluster cluster = MiniCluster.builder().dataDir(dir).dbServers(1).tls(certificates.serverContext()).start()) {
      assertThat(cluster.servers()).allSatisfy(server -> assertThat(server.endpoint().getScheme()).isEqualTo("https"));
      HttpClient trusting = HttpClient.newBuilder().sslContext(certificates.clientContext()).build();
      for (MiniCluster.Server server : cluster.servers()) {
        HttpResponse<String> version = trusting.send(HttpRequest.newBuilder(server.endpoint().resolve("/_api/version"))
            .header("Authorization", "Basic cm9vdDo=").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(version.statusCode()).as(server.role()).isEqualTo(200);
      }
      HttpResponse<String> health = trusting.send(HttpRequest.newBuilder(cluster.endpoint().resolve("/_admin/cluster/health"))
          .header("Authorization", "Basic cm9vdDo=").build(), HttpResponse.BodyHandlers.ofString());
      assertThat(health.body()).contains("\"Endpoint\":\"ssl://127.0.0.1:");

      HttpClient other = HttpClient.newBuilder().sslContext(new TestCertificates("CN=another CA").clientContext()).build();
      try {
        other.send(HttpRequest.newBuilder(cluster.endpoint().resolve("/_api/version")).build(), HttpResponse.BodyHandlers.ofString());
        throw new AssertionError("a client that trusts another CA must not connect");
      } catch (SSLHandshakeException expected) {
        assertThat(expected.getMessage()).isNotEmpty();
      }
    }
  }
}
