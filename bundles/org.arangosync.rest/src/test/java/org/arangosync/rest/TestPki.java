package org.arangosync.rest;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import javax.net.ssl.SSLContext;
import org.arangosync.certificates.CertificateIssuer;
import org.arangosync.certificates.Issued;
import org.arangosync.certificates.KeyType;
import org.arangosync.certificates.Pem;
import org.arangosync.certificates.Purpose;
import org.arangosync.certificates.SecureFiles;
import org.arangosync.certificates.TlsContexts;

/** The certificates of one test datacenter, issued the way the {@code create} commands issue them, and an HTTPS client. */
final class TestPki {

  static final KeyType KEYS = KeyType.of("P256", 0);

  final CertificateIssuer issuer = new CertificateIssuer();
  final Issued tlsCa = issuer.createCa("Test TLS CA", Duration.ofDays(30), KEYS);
  final Issued clientCa = issuer.createCa("Test client-auth CA", Duration.ofDays(30), KEYS);

  Issued serverCertificate(Instant notBefore, Instant notAfter) {
    return issuer.issue(tlsCa, Purpose.SERVER, List.of("127.0.0.1", "localhost"), List.of(), notBefore, notAfter, KEYS);
  }

  Path writeKeyfile(Path file, Issued issued) {
    SecureFiles.writeAll(List.of(SecureFiles.secret(file, Pem.keyfile(issued))));
    return file;
  }

  Path writeCertificate(Path file, Issued issued) {
    SecureFiles.writeAll(List.of(SecureFiles.file(file, Pem.certificates(List.of(issued.certificate())))));
    return file;
  }

  Issued clientCertificate(Issued ca, Purpose purpose, Duration validFor) {
    return issuer.issue(ca, purpose, List.of(), List.of("operator@example.com"), validFor, KEYS);
  }

  /** A client that trusts the TLS CA and presents {@code clientKeyfile} (null: none). */
  SSLContext client(Issued clientKeyfile) {
    return TlsContexts.client(List.of(tlsCa.certificate()), clientKeyfile);
  }

  /** An answer, or the reason the connection failed. */
  record Answer(int status, String body, String failure) {
    boolean refusedByTls() {
      return failure != null;
    }

    @Override
    public String toString() {
      return failure != null ? "connection failed: " + failure : status + " " + body;
    }
  }

  static Answer send(SSLContext tls, String method, URI uri, String authorization, String body) {
    HttpClient http = HttpClient.newBuilder().sslContext(tls).connectTimeout(Duration.ofSeconds(5)).build();
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    try {
      HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      return new Answer(response.statusCode(), response.body(), null);
    } catch (java.io.IOException e) {
      Throwable root = e;
      while (root.getCause() != null) {
        root = root.getCause();
      }
      return new Answer(0, null, e + " / " + root);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
