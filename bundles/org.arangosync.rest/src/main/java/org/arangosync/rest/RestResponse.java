package org.arangosync.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * What a route answers: a status, a content type and the body's bytes.
 *
 * @param status the HTTP status
 * @param contentType the body's media type
 * @param body the body; empty for none
 */
public record RestResponse(int status, String contentType, byte[] body) {

  private static final ObjectMapper JSON = new ObjectMapper();

  public RestResponse {
    Objects.requireNonNull(contentType, "contentType");
    Objects.requireNonNull(body, "body");
  }

  /** {@code value} (a Jackson tree, a record, a map, ...) as JSON. */
  public static RestResponse json(int status, Object value) {
    try {
      return new RestResponse(status, "application/json", JSON.writeValueAsBytes(value));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("cannot write the answer as JSON: " + e.getOriginalMessage(), e);
    }
  }

  /** Plain text of the given media type, e.g. Prometheus' {@code text/plain; version=0.0.4}. */
  public static RestResponse text(int status, String contentType, String text) {
    return new RestResponse(status, contentType, text.getBytes(StandardCharsets.UTF_8));
  }

  /** ArangoSync's error body {@code {"error": message}}. */
  public static RestResponse error(int status, String message) {
    return json(status, java.util.Map.of("error", message));
  }
}
