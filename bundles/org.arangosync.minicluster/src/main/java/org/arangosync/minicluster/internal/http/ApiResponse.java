package org.arangosync.minicluster.internal.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** What a handler answers: status, headers and a body with its content type. */
public final class ApiResponse {

  public static final String JSON = "application/json; charset=utf-8";
  public static final String DUMP = "application/x-arango-dump";

  private final int status;
  private final String contentType;
  private final byte[] body;
  private final Map<String, String> headers = new LinkedHashMap<>();

  private ApiResponse(int status, String contentType, byte[] body) {
    this.status = status;
    this.contentType = contentType;
    this.body = body;
  }

  public static ApiResponse json(int status, JsonNode body) {
    return new ApiResponse(status, JSON, Json.bytes(body));
  }

  /** A body of compact JSON lines, each ending in a line feed (x-arango-dump). */
  public static ApiResponse dump(int status, byte[] lines) {
    return new ApiResponse(status, DUMP, lines);
  }

  public static ApiResponse empty(int status) {
    return new ApiResponse(status, null, new byte[0]);
  }

  public static ApiResponse text(int status, String contentType, String body) {
    return new ApiResponse(status, contentType, body.getBytes(StandardCharsets.UTF_8));
  }

  /** The body ArangoDB sends for an error. */
  public static ApiResponse error(ArangoError error) {
    com.fasterxml.jackson.databind.node.ObjectNode body = Json.object();
    body.put("code", error.httpStatus());
    body.put("error", true);
    body.put("errorMessage", error.getMessage());
    body.put("errorNum", error.errorNum());
    return json(error.httpStatus(), body);
  }

  public ApiResponse header(String name, String value) {
    headers.put(name, value);
    return this;
  }

  public int status() {
    return status;
  }

  public String contentType() {
    return contentType;
  }

  public byte[] body() {
    return body;
  }

  public Map<String, String> headers() {
    return headers;
  }
}
