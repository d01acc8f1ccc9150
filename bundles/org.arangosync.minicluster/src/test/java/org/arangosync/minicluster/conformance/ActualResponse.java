package org.arangosync.minicluster.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpHeaders;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the server under test answered to one replayed request.
 *
 * <p>Unlike a recording, this is the wire format: a dump body is compact JSON, one object per
 * {@code \n}-terminated line, and a JSON body is one compact value.
 *
 * @param statusCode the HTTP status code
 * @param headers the response headers (looked up case-insensitively)
 * @param bodyText the body as received
 */
public record ActualResponse(int statusCode, HttpHeaders headers, String bodyText) {

  /** A response built in code, for tests of the comparator. */
  public static ActualResponse of(int statusCode, Map<String, List<String>> headers, String bodyText) {
    return new ActualResponse(statusCode, HttpHeaders.of(headers, (name, value) -> true), bodyText);
  }

  /** The media type of {@code content-type} without parameters, lower-case; empty when absent. */
  public Optional<String> mediaType() {
    return headers.firstValue("content-type").map(Transcript::mediaTypeOf);
  }

  /**
   * The body classified like a recorded one, so both can be compared as parsed JSON. A dump line
   * that is not JSON makes the whole body {@link Transcript.Body.Text}, which the comparator
   * reports as such.
   */
  public Transcript.Body body() {
    if (bodyText.isEmpty()) {
      return new Transcript.Body.Empty();
    }
    if (mediaType().filter("application/x-arango-dump"::equals).isPresent()) {
      List<JsonNode> lines = new ArrayList<>();
      for (String line : bodyText.split("\n")) {
        if (line.isEmpty()) {
          continue;
        }
        Optional<JsonNode> parsed = Json.tryParse(line);
        if (parsed.isEmpty()) {
          return new Transcript.Body.Text(bodyText);
        }
        lines.add(parsed.get());
      }
      return new Transcript.Body.Dump(lines, bodyText);
    }
    return Json.tryParse(bodyText)
        .<Transcript.Body>map(value -> new Transcript.Body.Json(value, bodyText))
        .orElseGet(() -> new Transcript.Body.Text(bodyText));
  }
}
