package org.arangosync.minicluster.internal.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One HTTP request as a handler sees it: the database it addresses (from {@code /_db/<name>/} or
 * {@code _system}), the path below that prefix split into segments, query parameters, headers
 * (names lower-case), the body, and the authenticated user.
 */
public final class ApiRequest {

  private final String method;
  private final String database;
  private final List<String> segments;
  private final Map<String, List<String>> query;
  private final Map<String, String> headers;
  private final byte[] body;
  private final String user;
  private JsonNode json;

  public ApiRequest(String method, String database, List<String> segments, Map<String, List<String>> query,
      Map<String, String> headers, byte[] body, String user) {
    this.method = method;
    this.database = database;
    this.segments = List.copyOf(segments);
    this.query = query;
    this.headers = headers;
    this.body = body;
    this.user = user;
  }

  public String method() {
    return method;
  }

  public String database() {
    return database;
  }

  /** The path below the database prefix, e.g. {@code [_api, document, products, 123]}. */
  public List<String> segments() {
    return segments;
  }

  /** Segment {@code index}, or null if the path is shorter. */
  public String segment(int index) {
    return index < segments.size() ? segments.get(index) : null;
  }

  public String header(String name) {
    return headers.get(name.toLowerCase(Locale.ROOT));
  }

  public byte[] body() {
    return body;
  }

  public boolean hasBody() {
    return body != null && body.length > 0;
  }

  /** The body as JSON; malformed JSON is ArangoDB's 400/600. */
  public JsonNode json() {
    if (json == null) {
      json = Json.parse(body);
    }
    return json;
  }

  public String user() {
    return user;
  }

  public String query(String name) {
    List<String> values = query.get(name);
    return values == null || values.isEmpty() ? null : values.get(0);
  }

  public List<String> queryAll(String name) {
    return query.getOrDefault(name, List.of());
  }

  /** A boolean parameter as ArangoDB reads it: "true", "yes", "on" and "1" are true. */
  public boolean queryBool(String name, boolean fallback) {
    String value = query(name);
    if (value == null) {
      return fallback;
    }
    String lower = value.toLowerCase(Locale.ROOT);
    return lower.equals("true") || lower.equals("yes") || lower.equals("on") || lower.equals("1") || lower.isEmpty();
  }

  public long queryLong(String name, long fallback) {
    String value = query(name);
    if (value == null || value.isEmpty()) {
      return fallback;
    }
    try {
      return Long.parseUnsignedLong(value);
    } catch (NumberFormatException e) {
      throw ArangoError.badParameter("invalid value for parameter '" + name + "': " + value);
    }
  }
}
