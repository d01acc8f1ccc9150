package org.arangosync.minicluster.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpHeaders;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One recorded ArangoDB documentation example: the HTTP exchanges a real {@code arangod} answered
 * while the docs were built, in the order they happened.
 *
 * <p>The transcripts are the mini cluster's truth (see DESIGN.md §5), so this model keeps what a
 * replay needs and nothing of the HTML rendering: the request as curl sent it, and the response as
 * the server answered it, or nothing when the docs example printed no response.
 *
 * @param version the ArangoDB release folder the file came from, for example {@code "3.11"}
 * @param name the example name, the file name without {@code .generated}
 * @param exchanges the request/response pairs in recording order; never empty
 */
public record Transcript(String version, String name, List<Exchange> exchanges) {

  public Transcript {
    exchanges = List.copyOf(exchanges);
  }

  /** {@code version/name}, the identifier used in reports. */
  public String id() {
    return version + "/" + name;
  }

  /** Whether at least one exchange carries a recorded response, i.e. whether there is anything to compare. */
  public boolean hasRecordedResponse() {
    return exchanges.stream().anyMatch(exchange -> exchange.response().isPresent());
  }

  /**
   * One request and, when the docs printed it, its response.
   *
   * @param request what curl sent
   * @param response what the server answered; empty when the docs example logged only the request
   */
  public record Exchange(Request request, Optional<Response> response) {}

  /**
   * A recorded request.
   *
   * @param method the HTTP method ({@code -X}, or curl's default)
   * @param pathAndQuery the URL without scheme and authority, for example {@code /_api/wal/tail?from=189479}
   * @param headers the {@code --header} values in the order given
   * @param body the here-document body exactly as sent, or empty when the command sent none
   */
  public record Request(String method, String pathAndQuery, List<HeaderField> headers, Optional<String> body) {

    public Request {
      headers = List.copyOf(headers);
    }

    /** The path without the query string. */
    public String path() {
      int question = pathAndQuery.indexOf('?');
      return question < 0 ? pathAndQuery : pathAndQuery.substring(0, question);
    }

    /** The raw query string without {@code ?}, or an empty string. */
    public String query() {
      int question = pathAndQuery.indexOf('?');
      return question < 0 ? "" : pathAndQuery.substring(question + 1);
    }

    /** The first value of a query parameter (not URL-decoded: the recordings use plain values). */
    public Optional<String> queryParameter(String name) {
      for (String pair : query().split("&")) {
        int equals = pair.indexOf('=');
        String key = equals < 0 ? pair : pair.substring(0, equals);
        if (key.equals(name)) {
          return Optional.of(equals < 0 ? "" : pair.substring(equals + 1));
        }
      }
      return Optional.empty();
    }

    /** The value of a request header, matched case-insensitively as HTTP requires. */
    public Optional<String> header(String name) {
      return headers.stream()
          .filter(header -> header.name().equalsIgnoreCase(name))
          .map(HeaderField::value)
          .findFirst();
    }

    /** {@code METHOD /path?query}, for reports. */
    public String describe() {
      return method + " " + pathAndQuery;
    }
  }

  /**
   * One request header as curl sent it.
   *
   * @param name the header name as written in the recording
   * @param value the header value, quotes included (etags are quoted strings)
   */
  public record HeaderField(String name, String value) {}

  /**
   * A recorded response.
   *
   * @param status the status line
   * @param headers the response headers; names are lower-case, as ArangoDB sends them
   * @param body the body, already classified and parsed
   */
  public record Response(Status status, HttpHeaders headers, Body body) {

    /** The media type of {@code content-type} without parameters, lower-case; empty when the header is absent. */
    public Optional<String> mediaType() {
      return headers.firstValue("content-type").map(Transcript::mediaTypeOf);
    }
  }

  /**
   * The status line.
   *
   * <p>The 3.4 and 3.5 docs generator printed {@code HTTP/1.1 OK} without the code. The reason
   * phrases it printed are the standard ones of RFC 9110, each of which names exactly one code, so
   * the code is inferred from the phrase ({@code codePrinted} is then false). Only a phrase that is
   * not a standard one leaves the code unknown; the comparator then checks headers and body only.
   *
   * @param code the status code when printed or inferred from a standard reason phrase
   * @param reasonPhrase the reason phrase as printed, possibly empty
   * @param codePrinted whether the recording printed the numeric code itself
   */
  public record Status(OptionalInt code, String reasonPhrase, boolean codePrinted) {

    private static final Map<String, Integer> STANDARD_REASON_PHRASES = Map.ofEntries(
        Map.entry("ok", 200),
        Map.entry("created", 201),
        Map.entry("accepted", 202),
        Map.entry("no content", 204),
        Map.entry("not modified", 304),
        Map.entry("bad request", 400),
        Map.entry("unauthorized", 401),
        Map.entry("forbidden", 403),
        Map.entry("not found", 404),
        Map.entry("method not allowed", 405),
        Map.entry("conflict", 409),
        Map.entry("precondition failed", 412),
        Map.entry("internal server error", 500),
        Map.entry("not implemented", 501),
        Map.entry("service unavailable", 503));

    /** The code a standard reason phrase stands for, or empty for an unknown phrase. */
    static OptionalInt codeOfReasonPhrase(String reasonPhrase) {
      Integer code = STANDARD_REASON_PHRASES.get(reasonPhrase.trim().toLowerCase(Locale.ROOT));
      return code == null ? OptionalInt.empty() : OptionalInt.of(code);
    }
  }

  /**
   * A response body, classified by what the comparator must do with it.
   *
   * <p>Recorded bodies are pretty-printed by the docs generator while real ones are compact, so
   * bodies are compared as parsed JSON, never as text.
   */
  public sealed interface Body permits Body.Empty, Body.Json, Body.Dump, Body.Text {

    /** The body text as recorded or received (for a recording: after HTML stripping). */
    String text();

    /** No body at all (204, HEAD, or nothing printed after the headers). */
    record Empty() implements Body {
      @Override
      public String text() {
        return "";
      }
    }

    /** One JSON value. */
    record Json(JsonNode value, String text) implements Body {}

    /**
     * An {@code application/x-arango-dump} body: one JSON object per line. In a recording each
     * object is pretty-printed over several lines and ends with {@code ↩}; on the wire each object
     * is one compact line ending in {@code \n}.
     */
    record Dump(List<JsonNode> lines, String text) implements Body {
      public Dump {
        lines = List.copyOf(lines);
      }
    }

    /** Text that is none of the above; compared verbatim. */
    record Text(String text) implements Body {}
  }

  /** The media type of a content-type value: parameters dropped, lower-case. */
  static String mediaTypeOf(String contentType) {
    int semicolon = contentType.indexOf(';');
    String mediaType = semicolon < 0 ? contentType : contentType.substring(0, semicolon);
    return mediaType.trim().toLowerCase(Locale.ROOT);
  }
}
