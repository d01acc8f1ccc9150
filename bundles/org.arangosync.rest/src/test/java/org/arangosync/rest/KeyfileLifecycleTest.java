package org.arangosync.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import javax.net.ssl.SSLSocket;
import org.arangosync.api.spi.auth.UserSource;
import org.arangosync.certificates.Issued;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server's own keyfile over time: a replaced keyfile is served to new connections without a
 * restart; an expired certificate stops the server, and a valid replacement brings it back on the
 * same port.
 */
class KeyfileLifecycleTest {

  @TempDir Path dir;

  private final TestPki pki = new TestPki();

  private static final String ROOT = "Basic " + Base64.getEncoder().encodeToString("root:pw".getBytes(StandardCharsets.UTF_8));

  private RestServer start(Path keyfile) {
    RestServer server = RestServer.builder(keyfile).host("127.0.0.1").keyfileCheckEvery(Duration.ofMillis(200))
        .userSource(UserSource.of(Map.of("root", "pw"))).start();
    server.addRoute(new VersionRoute());
    return server;
  }

  /** The certificate a new connection is served, or null when nothing listens. */
  private X509Certificate served(RestServer server) {
    try (SSLSocket socket = (SSLSocket) pki.client(null).getSocketFactory().createSocket("127.0.0.1", server.port())) {
      socket.startHandshake();
      return (X509Certificate) socket.getSession().getPeerCertificates()[0];
    } catch (IOException e) {
      return null;
    }
  }

  private BigInteger servedSerial(RestServer server) {
    X509Certificate certificate = served(server);
    return certificate == null ? null : certificate.getSerialNumber();
  }

  @Test
  void servesAReplacedKeyfileToNewConnectionsWithoutRestart() {
    Issued first = pki.serverCertificate(Instant.now().minusSeconds(60), Instant.now().plus(Duration.ofDays(90)));
    Path keyfile = pki.writeKeyfile(dir.resolve("tls.keyfile"), first);
    try (RestServer server = start(keyfile)) {
      assertThat(servedSerial(server)).isEqualTo(first.certificate().getSerialNumber());

      Issued second = pki.serverCertificate(Instant.now().minusSeconds(60), Instant.now().plus(Duration.ofDays(90)));
      pki.writeKeyfile(keyfile, second);
      await().atMost(Duration.ofSeconds(10)).until(() -> second.certificate().getSerialNumber().equals(servedSerial(server)));
      assertThat(TestPki.send(pki.client(null), "GET", server.endpoint("127.0.0.1").resolve("/_api/version"), ROOT, null).status())
          .isEqualTo(200);
    }
  }

  @Test
  void stopsServingWhenItsCertificateExpiresAndResumesWithANewOne() {
    Issued shortLived = pki.serverCertificate(Instant.now().minusSeconds(60), Instant.now().plusSeconds(3));
    Path keyfile = pki.writeKeyfile(dir.resolve("tls.keyfile"), shortLived);
    try (RestServer server = start(keyfile)) {
      int port = server.port();
      assertThat(server.serving()).isTrue();
      assertThat(served(server)).isNotNull();

      await().atMost(Duration.ofSeconds(15)).until(() -> !server.serving());
      assertThat(served(server)).as("nothing listens once the certificate expired").isNull();
      assertThat(server.daysUntilCertificateExpiry()).isLessThanOrEqualTo(0);

      Issued renewed = pki.serverCertificate(Instant.now().minusSeconds(60), Instant.now().plus(Duration.ofDays(90)));
      pki.writeKeyfile(keyfile, renewed);
      await().atMost(Duration.ofSeconds(15)).until(server::serving);
      assertThat(server.port()).isEqualTo(port);
      assertThat(servedSerial(server)).isEqualTo(renewed.certificate().getSerialNumber());
      assertThat(server.daysUntilCertificateExpiry()).isGreaterThanOrEqualTo(89);
    }
  }
}
