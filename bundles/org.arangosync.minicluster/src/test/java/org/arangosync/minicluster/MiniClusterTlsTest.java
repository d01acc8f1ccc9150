package org.arangosync.minicluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.ServiceLoader;
import javax.net.ssl.SSLHandshakeException;
import org.arangosync.certificates.CertificateIssuer;
import org.arangosync.certificates.Issued;
import org.arangosync.certificates.KeyType;
import org.arangosync.certificates.Pem;
import org.arangosync.certificates.Purpose;
import org.arangosync.certificates.SecureFiles;
import org.arangosync.certificates.TlsContexts;
import org.arangosync.client.TestCertificates;
import org.arangosync.command.CommandProvider;
import org.arangosync.command.CommandRunner;
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

  @Test
  void theCommandServesHttpsWithTheKeyfileOfCreateTlsKeyfile() throws Exception {
    CertificateIssuer issuer = new CertificateIssuer();
    Issued ca = issuer.createCa("command test CA", Duration.ofDays(1), KeyType.DEFAULT);
    Issued server = issuer.issue(ca, Purpose.SERVER, List.of("127.0.0.1", "localhost"), List.of(), Duration.ofDays(1), KeyType.DEFAULT);
    Path keyfile = dir.resolve("tls.keyfile");
    SecureFiles.writeAll(List.of(SecureFiles.secret(keyfile, Pem.keyfile(server))));

    try (MiniclusterProcess process = MiniclusterProcess.startSingle(dir.resolve("data"), "--ssl.keyfile=" + keyfile)) {
      assertThat(process.endpoint().getScheme()).isEqualTo("https");
      HttpClient trusting = HttpClient.newBuilder().sslContext(TlsContexts.client(List.of(ca.certificate()), null)).build();
      HttpResponse<String> version = trusting.send(HttpRequest.newBuilder(process.endpoint().resolve("/_api/version"))
          .header("Authorization", "Basic cm9vdDo=").build(), HttpResponse.BodyHandlers.ofString());
      assertThat(version.statusCode()).isEqualTo(200);
    }

    StringWriter err = new StringWriter();
    int code = CommandRunner.of(ServiceLoader.load(CommandProvider.class)).run(
        List.of("minicluster", "--single", "--data-dir=" + dir.resolve("other"), "--ssl.keyfile=" + dir.resolve("missing.keyfile")),
        new PrintWriter(new StringWriter()), new PrintWriter(err, true));
    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("--ssl.keyfile: " + dir.resolve("missing.keyfile") + " does not exist");
  }
}
