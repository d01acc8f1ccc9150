package org.arangosync.client;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.arangosync.api.spi.auth.UserSource;
import org.arangosync.certificates.CertificateIssuer;
import org.arangosync.certificates.Issued;
import org.arangosync.certificates.KeyType;
import org.arangosync.certificates.Pem;
import org.arangosync.certificates.Purpose;
import org.arangosync.rest.Audience;
import org.arangosync.rest.RestResponse;
import org.arangosync.rest.RestRoute;
import org.arangosync.rest.RestServer;

/**
 * The product's HTTPS server standing in for a sync master: TLS with a throw-away CA (written to
 * {@code ca.crt} in the given directory), user {@code root}/{@code pw}, and routes that answer canned
 * JSON while recording each request as {@code METHOD path?query body}.
 */
public final class CannedMaster implements AutoCloseable {

  public static final KeyType P256 = KeyType.of("P256", 0);

  /** One answer of a canned route. */
  public record Answer(int status, String json) {
    public static Answer ok(String json) {
      return new Answer(200, json);
    }
  }

  /** The answers in turn, one per request; the last one again for every request after. */
  public static Supplier<Answer> sequence(Answer... answers) {
    java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
    return () -> answers[Math.min(next.getAndIncrement(), answers.length - 1)];
  }

  public final CertificateIssuer issuer = new CertificateIssuer();
  public final Path caFile;
  private final RestServer server;
  private final List<String> requests = new ArrayList<>();

  public CannedMaster(Path dir) {
    Issued ca = issuer.createCa("test master CA", Duration.ofDays(1), P256);
    caFile = dir.resolve("ca.crt");
    try {
      Files.writeString(caFile, Pem.certificates(List.of(ca.certificate())));
      Files.writeString(dir.resolve("master.keyfile"),
          Pem.keyfile(issuer.issue(ca, Purpose.SERVER, List.of("127.0.0.1"), List.of(), Duration.ofDays(1), P256)));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    server = RestServer.builder(dir.resolve("master.keyfile")).host("127.0.0.1").userSource(UserSource.of(Map.of("root", "pw"))).start();
  }

  /** Answers {@code method path} with whatever {@code answer} supplies at the time of the request. */
  public void route(String method, String path, Supplier<Answer> answer) {
    server.addRoute(RestRoute.of(method, path, Audience.OPERATORS, request -> {
      String query = request.queryParameters().isEmpty() ? "" : "?" + queryOf(request.queryParameters());
      String body = new String(request.body(), StandardCharsets.UTF_8);
      synchronized (requests) {
        requests.add(method + " " + request.path() + query + (body.isEmpty() ? "" : " " + body));
      }
      Answer each = answer.get();
      return new RestResponse(each.status(), "application/json", each.json().getBytes(StandardCharsets.UTF_8));
    }));
  }

  private static String queryOf(Map<String, List<String>> query) {
    List<String> pairs = new ArrayList<>();
    query.forEach((name, values) -> values.forEach(value -> pairs.add(name + "=" + value)));
    return String.join("&", pairs);
  }

  /** Every request so far, in order. */
  public List<String> requests() {
    synchronized (requests) {
      return List.copyOf(requests);
    }
  }

  /** The flags that reach this master as root, verifying it with its CA. */
  public List<String> flags() {
    return List.of("--master.endpoint=https://127.0.0.1:" + server.port(), "--master.cacert=" + caFile, "--auth.user=root",
        "--auth.password=pw");
  }

  public String endpoint() {
    return "https://127.0.0.1:" + server.port();
  }

  @Override
  public void close() {
    server.close();
  }
}
