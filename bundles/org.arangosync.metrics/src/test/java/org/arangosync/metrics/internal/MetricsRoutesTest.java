package org.arangosync.metrics.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.arangosync.certificates.CertificateIssuer;
import org.arangosync.certificates.Issued;
import org.arangosync.certificates.KeyType;
import org.arangosync.certificates.Pem;
import org.arangosync.certificates.Purpose;
import org.arangosync.certificates.TlsContexts;
import org.arangosync.rest.RestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code /metrics} and {@code /metrics.json} on a real HTTPS server: the monitoring token opens them, nothing else does without a login. */
class MetricsRoutesTest {

  @TempDir Path dir;

  @Test
  void bothEndpointsAnswerTheMonitoringTokenAndRefuseNoneOrAWrongOne() throws Exception {
    CertificateIssuer issuer = new CertificateIssuer();
    KeyType p256 = KeyType.of("P256", 0);
    Issued ca = issuer.createCa("metrics test CA", Duration.ofDays(1), p256);
    Issued certificate = issuer.issue(ca, Purpose.SERVER_AND_CLIENT, List.of("127.0.0.1"), List.of(), Duration.ofDays(1), p256);
    Path keyfile = dir.resolve("tls.keyfile");
    Files.writeString(keyfile, Pem.keyfile(certificate));
    LabelledRegistry registry = new LabelledRegistry();
    registry.counter("arangosync_master_worker_registrations", "Total number of registrations").inc(2);
    RestServer server = RestServer.builder(keyfile).host("127.0.0.1").port(0).monitoringToken("the-token").start();
    try {
      MetricsComponent.routes(registry).forEach(server::addRoute);
      HttpClient client = HttpClient.newBuilder().sslContext(TlsContexts.client(List.of(ca.certificate()), null)).build();
      for (String path : List.of("/metrics", "/metrics.json")) {
        URI uri = server.endpoint("127.0.0.1").resolve(path);
        HttpResponse<String> withToken = client.send(HttpRequest.newBuilder(uri).header("Authorization", "Bearer the-token").build(),
            HttpResponse.BodyHandlers.ofString());
        assertThat(withToken.statusCode()).isEqualTo(200);
        assertThat(withToken.body()).contains("arangosync_master_worker_registrations");
        assertThat(client.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);
        assertThat(client.send(HttpRequest.newBuilder(uri).header("Authorization", "Bearer wrong").build(),
            HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);
      }
      HttpResponse<String> text = client.send(HttpRequest.newBuilder(server.endpoint("127.0.0.1").resolve("/metrics"))
          .header("Authorization", "Bearer the-token").build(), HttpResponse.BodyHandlers.ofString());
      assertThat(text.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/plain; version=0.0.4"));
    } finally {
      server.close();
    }
  }
}
