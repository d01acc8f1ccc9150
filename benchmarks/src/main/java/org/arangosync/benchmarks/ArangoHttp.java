package org.arangosync.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.concurrent.atomic.LongAdder;

/**
 * A minimal ArangoDB HTTP client on {@link java.net.http.HttpClient}: one method per call shape, the
 * root user's Basic authentication, and a count of body bytes on the wire.
 *
 * <p>Every call states the statuses it accepts and throws with the request, the status and the start
 * of the answer otherwise: a benchmark that carried on after a failed request would report a
 * throughput of errors. Safe for concurrent use (the single-insert phase shares one instance).
 */
final class ArangoHttp {

  /** An answer: status, the headers the replication API reports progress in, and the body. */
  record Answer(int status, HttpResponse<byte[]> response) {
    byte[] body() {
      return response.body();
    }

    String header(String name) {
      return response.headers().firstValue(name).orElse(null);
    }

    /** A header that must be there, e.g. {@code x-arango-replication-checkmore}. */
    String requiredHeader(String name) {
      String value = header(name);
      if (value == null) {
        throw new IllegalStateException(response.request().method() + " " + response.request().uri()
            + " answered " + status + " without header " + name);
      }
      return value;
    }
  }

  static final String JSON = "application/json";

  private static final ObjectMapper MAPPER = new ObjectMapper();
  /** Long enough for the keys of a big collection in one answer, short enough that a hung server fails the run. */
  private static final Duration REQUEST_TIMEOUT = Duration.ofMinutes(10);

  private final HttpClient client;
  private final URI base;
  private final String authorization;
  private final LongAdder wireBytes = new LongAdder();

  ArangoHttp(URI base, String user, String password) {
    this.base = base;
    this.authorization = "Basic " + Base64.getEncoder()
        .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    // HTTP/1.1 with keep-alive, like ArangoDB's own drivers; h2c would try an upgrade first.
    this.client = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(30))
        .build();
  }

  /** Request and response body bytes sent through this client so far. */
  long wireBytes() {
    return wireBytes.sum();
  }

  /**
   * Sends a request and checks its status.
   *
   * @param pathAndQuery e.g. {@code /_api/wal/tail?from=12}, already URL-encoded
   * @param body null for none
   */
  Answer call(String method, String pathAndQuery, byte[] body, int... acceptedStatuses) {
    HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(pathAndQuery))
        .timeout(REQUEST_TIMEOUT)
        .header("Authorization", authorization);
    if (body == null) {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      request.header("Content-Type", JSON).method(method, HttpRequest.BodyPublishers.ofByteArray(body));
    }
    HttpResponse<byte[]> response;
    try {
      response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException(method + " " + pathAndQuery + " failed: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(method + " " + pathAndQuery + " was interrupted", e);
    }
    wireBytes.add((body == null ? 0 : body.length) + response.body().length);
    int status = response.statusCode();
    if (Arrays.stream(acceptedStatuses).noneMatch(accepted -> accepted == status)) {
      String text = new String(response.body(), 0, Math.min(response.body().length, 500), StandardCharsets.UTF_8);
      throw new IllegalStateException(method + " " + pathAndQuery + " answered " + status + ", expected one of "
          + Arrays.toString(acceptedStatuses) + ": " + text);
    }
    return new Answer(status, response);
  }

  /** {@link #call} with a JSON answer. */
  JsonNode json(String method, String pathAndQuery, Object body, int... acceptedStatuses) {
    byte[] bytes;
    try {
      bytes = body == null ? null : body instanceof byte[] raw ? raw : MAPPER.writeValueAsBytes(body);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot serialise the body of " + method + " " + pathAndQuery, e);
    }
    return parse(call(method, pathAndQuery, bytes, acceptedStatuses), method + " " + pathAndQuery);
  }

  static JsonNode parse(Answer answer, String what) {
    try {
      return MAPPER.readTree(answer.body());
    } catch (IOException e) {
      throw new UncheckedIOException(what + " answered " + answer.status() + " with invalid JSON", e);
    }
  }
}
