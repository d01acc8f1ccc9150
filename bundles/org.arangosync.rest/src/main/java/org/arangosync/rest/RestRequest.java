package org.arangosync.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * One authenticated request, as a route sees it. Immutable.
 */
public final class RestRequest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final String method;
  private final String path;
  private final Map<String, String> pathParameters;
  private final Map<String, List<String>> query;
  private final Function<String, String> headers;
  private final byte[] body;
  private final Caller caller;

  /**
   * @param headers looks up a header by name, case-insensitively; null when absent
   */
  public RestRequest(String method, String path, Map<String, String> pathParameters, Map<String, List<String>> query,
      Function<String, String> headers, byte[] body, Caller caller) {
    this.method = Objects.requireNonNull(method, "method");
    this.path = Objects.requireNonNull(path, "path");
    this.pathParameters = Map.copyOf(pathParameters);
    this.query = Map.copyOf(query);
    this.headers = Objects.requireNonNull(headers, "headers");
    this.body = body.clone();
    this.caller = Objects.requireNonNull(caller, "caller");
  }

  public String method() {
    return method;
  }

  public String path() {
    return path;
  }

  /** The segment that matched {@code {name}} in the route's path. */
  public String pathParameter(String name) {
    String value = pathParameters.get(name);
    if (value == null) {
      throw new IllegalArgumentException("the route's path has no parameter {" + name + "}");
    }
    return value;
  }

  /** All query parameters with their values, in no particular order. */
  public Map<String, List<String>> queryParameters() {
    return query;
  }

  /** The first value of query parameter {@code name}, or null. */
  public String queryParameter(String name) {
    List<String> values = query.get(name);
    return values == null || values.isEmpty() ? null : values.get(0);
  }

  /** A request header, or null. */
  public String header(String name) {
    return headers.apply(name);
  }

  public byte[] body() {
    return body.clone();
  }

  /**
   * The body as JSON.
   *
   * @throws RestException 400 when the body is empty or not JSON
   */
  public JsonNode json() {
    if (body.length == 0) {
      throw new RestException(400, method + " " + path + " needs a JSON body");
    }
    try {
      return JSON.readTree(body);
    } catch (JsonProcessingException e) {
      throw new RestException(400, "the body of " + method + " " + path + " is not valid JSON: " + e.getOriginalMessage(), e);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("reading JSON from memory failed", e);
    }
  }

  /** Who sent it. */
  public Caller caller() {
    return caller;
  }
}
