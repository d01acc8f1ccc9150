package org.arangosync.certificates;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Mutual TLS with the contexts of {@link TlsContexts}: real handshakes over loopback sockets; each
 * wrong certificate is refused with a message that names the check that failed.
 */
class TlsContextsTest {

  private static final CertificateIssuer ISSUER = new CertificateIssuer();
  private static final KeyType KEY = KeyType.of("P256", 0);
  private static final Issued TLS_CA = ISSUER.createCa("TLS CA", Duration.ofDays(30), KEY);
  private static final Issued CLIENT_CA = ISSUER.createCa("Client CA", Duration.ofDays(30), KEY);
  private static final Issued OTHER_CA = ISSUER.createCa("Other CA", Duration.ofDays(30), KEY);

  private final ExecutorService executor = Executors.newSingleThreadExecutor();

  @AfterEach
  void stop() {
    executor.shutdownNow();
  }

  private static Issued leaf(Issued ca, Purpose purpose, String host) {
    return ISSUER.issue(ca, purpose, List.of(host), List.of(), Duration.ofDays(1), KEY);
  }

  /** The outcome of one handshake on each side: null for success, else the failure's messages. */
  private record Outcome(String server, String client, java.math.BigInteger serverSerial) {}

  private Outcome handshake(SSLContext serverContext, SSLContext clientContext) throws Exception {
    try (SSLServerSocket server = (SSLServerSocket) serverContext.getServerSocketFactory().createServerSocket(0, 1,
        InetAddress.getLoopbackAddress())) {
      server.setNeedClientAuth(true);
      Future<String> serverSide = executor.submit(() -> {
        try (SSLSocket accepted = (SSLSocket) server.accept()) {
          accepted.setSoTimeout(10_000);
          accepted.startHandshake();
          accepted.getOutputStream().write(1); // completes TLS 1.3's client-certificate exchange
          accepted.getInputStream().read();
          return null;
        } catch (IOException e) {
          return messages(e);
        }
      });
      String clientSide;
      java.math.BigInteger serial = null;
      try (SSLSocket socket = (SSLSocket) clientContext.getSocketFactory().createSocket("localhost", server.getLocalPort())) {
        socket.setSoTimeout(10_000);
        SSLParameters parameters = socket.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        socket.setSSLParameters(parameters);
        socket.startHandshake();
        serial = ((java.security.cert.X509Certificate) socket.getSession().getPeerCertificates()[0]).getSerialNumber();
        socket.getInputStream().read();
        socket.getOutputStream().write(1);
        clientSide = null;
      } catch (IOException e) {
        clientSide = messages(e);
      }
      return new Outcome(serverSide.get(20, TimeUnit.SECONDS), clientSide, serial);
    }
  }

  private static String messages(Throwable error) {
    StringBuilder text = new StringBuilder();
    for (Throwable t = error; t != null; t = t.getCause()) {
      text.append(t.getMessage()).append(" | ");
    }
    return text.toString();
  }

  @Test
  void mutualTlsSucceedsWithTheRightCertificates() throws Exception {
    Outcome outcome = handshake(TlsContexts.server(leaf(TLS_CA, Purpose.SERVER, "localhost"), List.of(CLIENT_CA.certificate())),
        TlsContexts.client(List.of(TLS_CA.certificate()), leaf(CLIENT_CA, Purpose.CLIENT, "dc-b.example")));
    assertThat(outcome.server()).isNull();
    assertThat(outcome.client()).isNull();
  }

  @Test
  void refusesAServerSignedByAnotherCa() throws Exception {
    Outcome outcome = handshake(TlsContexts.server(leaf(TLS_CA, Purpose.SERVER, "localhost"), List.of(CLIENT_CA.certificate())),
        TlsContexts.client(List.of(OTHER_CA.certificate()), leaf(CLIENT_CA, Purpose.CLIENT, "dc-b.example")));
    assertThat(outcome.client()).contains("server certificate CN=localhost,O=ArangoDB is not signed by a trusted CA");
  }

  @Test
  void refusesACertificateUsedForTheWrongPurposeOnEitherSide() throws Exception {
    Outcome clientCertAsServer = handshake(
        TlsContexts.server(leaf(TLS_CA, Purpose.CLIENT, "localhost"), List.of(CLIENT_CA.certificate())),
        TlsContexts.client(List.of(TLS_CA.certificate()), leaf(CLIENT_CA, Purpose.CLIENT, "dc-b.example")));
    assertThat(clientCertAsServer.client()).contains("is not a TLS server certificate (no serverAuth usage)");

    Outcome serverCertAsClient = handshake(
        TlsContexts.server(leaf(TLS_CA, Purpose.SERVER, "localhost"), List.of(CLIENT_CA.certificate())),
        TlsContexts.client(List.of(TLS_CA.certificate()), leaf(CLIENT_CA, Purpose.SERVER, "dc-b.example")));
    assertThat(serverCertAsClient.server()).contains("client certificate CN=dc-b.example,O=ArangoDB is not a client-authentication certificate");
  }

  @Test
  void refusesAServerCertificateForAnotherHost() throws Exception {
    Outcome outcome = handshake(TlsContexts.server(leaf(TLS_CA, Purpose.SERVER, "other.example"), List.of(CLIENT_CA.certificate())),
        TlsContexts.client(List.of(TLS_CA.certificate()), leaf(CLIENT_CA, Purpose.CLIENT, "dc-b.example")));
    assertThat(outcome.client()).contains("is for [other.example], not for host localhost");
  }

  @Test
  void refusesAnExpiredCertificate() throws Exception {
    Instant now = Instant.now();
    Issued expired = ISSUER.issue(TLS_CA, Purpose.SERVER, List.of("localhost"), List.of(), now.minus(Duration.ofDays(3)),
        now.minus(Duration.ofDays(1)), KEY);
    Outcome outcome = handshake(TlsContexts.server(expired, List.of(CLIENT_CA.certificate())),
        TlsContexts.client(List.of(TLS_CA.certificate()), leaf(CLIENT_CA, Purpose.CLIENT, "dc-b.example")));
    assertThat(outcome.client()).contains("server certificate CN=localhost,O=ArangoDB expired on");
  }

  @Test
  void refusesAClientWithoutACertificateWhenClientAuthIsRequired() throws Exception {
    Outcome outcome = handshake(TlsContexts.server(leaf(TLS_CA, Purpose.SERVER, "localhost"), List.of(CLIENT_CA.certificate())),
        TlsContexts.client(List.of(TLS_CA.certificate()), null));
    assertThat(outcome.server()).isNotNull();
    assertThat(outcome.client()).isNotNull();
  }

  @Test
  void servesAReplacedKeyfileToNewConnectionsWithoutRestart(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
    java.nio.file.Path path = dir.resolve("tls.keyfile");
    Issued first = leaf(TLS_CA, Purpose.SERVER, "localhost");
    SecureFiles.writeAll(List.of(SecureFiles.secret(path, Pem.keyfile(first))));
    ReloadingKeyfile keyfile = new ReloadingKeyfile(path, Duration.ofMillis(100));
    SSLContext server = TlsContexts.server(keyfile, List.of(CLIENT_CA.certificate()));
    SSLContext client = TlsContexts.client(List.of(TLS_CA.certificate()), leaf(CLIENT_CA, Purpose.CLIENT, "dc-b.example"));
    assertThat(handshake(server, client).serverSerial()).isEqualTo(first.certificate().getSerialNumber());
    assertThat(keyfile.daysUntilExpiry()).isBetween(0L, 1L);

    Issued second = ISSUER.issue(TLS_CA, Purpose.SERVER, List.of("localhost"), List.of(), Duration.ofDays(10), KEY);
    SecureFiles.writeAll(List.of(SecureFiles.secret(path, Pem.keyfile(second))));
    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
        .until(() -> second.certificate().getSerialNumber().equals(handshake(server, client).serverSerial()));
    assertThat(keyfile.daysUntilExpiry()).isBetween(9L, 10L);

    // A replacement that cannot be used is refused; the last good certificate stays in service.
    SecureFiles.writeAll(List.of(SecureFiles.secret(path, "not a keyfile")));
    org.awaitility.Awaitility.await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5))
        .until(() -> second.certificate().getSerialNumber().equals(handshake(server, client).serverSerial()));
  }
}
