package org.arangosync.minicluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * A small HTTP client for tests of the mini cluster: Basic authentication (root with an empty
 * password unless told otherwise), optional stream transaction, string bodies.
 */
final class ArangoTestClient {

  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final ObjectMapper JSON = new ObjectMapper();

  private final URI base;
  private final String credentials;
  private final String transaction;

  private ArangoTestClient(URI base, String credentials, String transaction) {
    this.base = base;
    this.credentials = credentials;
    this.transaction = transaction;
  }

  /** A client of {@code base} as user root with an empty password. */
  static ArangoTestClient of(URI base) {
    return new ArangoTestClient(base, "root:", null);
  }

  /** The same client as another user, e.g. {@code as("alice:secret")}. */
  ArangoTestClient as(String userColonPassword) {
    return new ArangoTestClient(base, userColonPassword, transaction);
  }

  /** The same client inside stream transaction {@code id} (header x-arango-trx-id). */
  ArangoTestClient inTransaction(String id) {
    return new ArangoTestClient(base, credentials, id);
  }

  HttpResponse<String> call(String method, String path, String body) throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path))
        .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (transaction != null) {
      request.header("x-arango-trx-id", transaction);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** A call that must succeed (status below 300), answered as JSON. */
  JsonNode json(String method, String path, String body) throws IOException, InterruptedException {
    HttpResponse<String> response = call(method, path, body);
    assertThat(response.statusCode()).as(method + " " + path + ": " + response.body()).isLessThan(300);
    return JSON.readTree(response.body());
  }

  static JsonNode parse(String text) throws IOException {
    return JSON.readTree(text);
  }
}
