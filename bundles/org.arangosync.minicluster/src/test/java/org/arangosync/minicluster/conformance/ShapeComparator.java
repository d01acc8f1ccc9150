package org.arangosync.minicluster.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Decides whether a response of the server under test conforms to a recorded ArangoDB response,
 * and says how it does not.
 *
 * <p>A recording cannot be compared byte for byte: the docs generator pretty-printed the bodies,
 * and many values (ticks, revisions, ids, times) belong to the recording server's history. So the
 * comparison has three layers, each stated once in this class:
 * <ol>
 *   <li>the status code, when the recording shows it;
 *   <li>the headers a client acts on ({@link #compareHeaders}); all others are ignored;
 *   <li>the body as parsed JSON: the same field names (a missing field and a field ArangoDB does
 *       not send are both differences), the same JSON types and nesting, arrays element by
 *       element, and every scalar judged by exactly one {@link ValueRule}: either compared exactly
 *       (the default, because a value is behaviour unless shown otherwise) or, for values that are
 *       volatile, checked for type and format only.
 * </ol>
 *
 * <p>The comparator is stateless and thread-safe. It never throws for a non-conforming response;
 * every finding is one human-readable line, and an empty list means the response conforms.
 */
public final class ShapeComparator {

  private static final String ROOT = "$";
  private static final String ETAG = "etag";
  private static final String LOCATION = "location";
  private static final String ERROR_CODES = "x-arango-error-codes";
  private static final String REPLICATION_HEADER_PREFIX = "x-arango-replication-";
  private static final String LAST_INCLUDED = "x-arango-replication-lastincluded";
  private static final Pattern DECIMAL = Pattern.compile("\\d+");
  private static final Pattern ISO_SECONDS_UTC = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z");

  /**
   * Arrays whose length, order and elements record the recording server's history rather than the
   * request's effect: which collections and databases existed, which WAL files, which tailing
   * clients, which listening endpoints. Their elements are compared by shape only (names and types
   * of fields), each actual element against any recorded element; an empty recorded list accepts
   * any list, as it shows no element shape. Every other array is compared element by element,
   * because multi-document results are positional (result i answers request item i).
   */
  private static final List<HistoryList> HISTORY_LISTS = List.of(
      new HistoryList("/_api/collection", "$.result"),
      new HistoryList("/_api/database", "$.result"),
      new HistoryList("/_api/replication/logger-tick-ranges", ROOT),
      new HistoryList("/_api/replication/logger-state", "$.clients"),
      new HistoryList("/_api/endpoint", ROOT));

  /**
   * The keys of {@code details} in {@code GET /_api/version?details=true} that are required. The
   * others are facts of the C++ build (compiler, library versions, CPU flags, host) that no other
   * implementation can truthfully report, so they may be missing and others may be added. Required
   * are the keys a client can act on: the server's {@code mode} and {@code role}, compared exactly
   * (a single server answers {@code "server"} and {@code "SINGLE"}), and {@code server-version},
   * volatile like {@code version}.
   */
  private static final Set<String> REQUIRED_VERSION_DETAILS = Set.of("mode", "role", "server-version");

  /**
   * Error messages whose wording ArangoDB changed after the recording: a recorded (older) wording
   * also accepts the newer one for the same error, because the mini cluster speaks the 3.11 API
   * and clients act on {@code errorNum}, not on the text. Only the direction old to new is
   * accepted; a 3.11 recording still requires its own wording.
   */
  private static final Map<String, Set<String>> LATER_WORDINGS = Map.of(
      // errorNum 1200 with HTTP 412: 3.4 "precondition failed", 3.11 "conflict, _rev values do not match".
      "precondition failed", Set.of("conflict, _rev values do not match"));

  /**
   * How one scalar value of a recorded body is judged. {@link #judge} applies the rules in
   * declaration order and the first that applies wins; {@link #BEHAVIOUR} and
   * {@link #ERROR_MESSAGE} come first so that no volatility rule can ever hide an error code, a
   * marker type or a collection status.
   */
  enum ValueRule {

    /**
     * {@code error}, {@code code}, {@code errorNum}, {@code type} (replication marker type,
     * collection type), {@code status} and {@code statusString} of a collection, and boolean
     * {@code result}s: these values are the behaviour under test, so they are always compared
     * exactly, whatever else a rule below might say about their field.
     */
    BEHAVIOUR(Format.EXACT),

    /**
     * {@code errorMessage}: compared exactly, because clients show and log it. Two allowances:
     * values that are volatile elsewhere in the same recorded body (a generated key, an id) are
     * masked where the message embeds them, and an older wording also accepts the newer one listed
     * in {@link #LATER_WORDINGS}.
     */
    ERROR_MESSAGE(Format.EXACT),

    /** {@code _rev}, {@code _oldRev}: hybrid-logical-clock revisions of the recording server. */
    REVISION(Format.NON_EMPTY_STRING),

    /**
     * {@code _key} the server generated: volatile because key generators count per server. A key
     * the request named (in the URL, a query parameter or the body) is behaviour and compared.
     */
    GENERATED_KEY(Format.NON_EMPTY_STRING),

    /**
     * {@code _id} whose key part the server generated: the collection part is still compared, only
     * the part after {@code /} may differ.
     */
    GENERATED_DOCUMENT_ID(Format.SAME_COLLECTION_DOCUMENT_ID),

    /**
     * {@code id}, {@code cid}, {@code objectId}, {@code planId}; {@code database} when it holds a
     * database id (logger-follow markers), and {@code tid} of a real transaction (not the
     * {@code "0"} of a standalone operation, which is behaviour): numbers a server hands out from
     * its own counters. ArangoDB writes them as decimal strings, and that format is checked.
     */
    SERVER_ASSIGNED_ID(Format.DECIMAL_STRING),

    /**
     * {@code globallyUniqueId}, {@code cuid} of a user collection ({@code "h<server>/<id>"}).
     * A system collection's GUID is its name (for example {@code "_users"}), which is behaviour and
     * compared.
     */
    GLOBALLY_UNIQUE_ID(Format.NON_EMPTY_STRING),

    /** Ticks ({@code tick}, {@code lastLogTick}, {@code tickMin}, ...): WAL positions of the recording server, decimal strings. */
    TICK(Format.DECIMAL_STRING),

    /** {@code time}: the wall clock of the recording, in ArangoDB's {@code YYYY-MM-DDTHH:MM:SSZ} format, which is checked. */
    TIME(Format.ISO_SECONDS_UTC),

    /** {@code serverId}: random per server, a decimal string. */
    SERVER_ID(Format.DECIMAL_STRING),

    /**
     * {@code version}, {@code server-version}, {@code license}, {@code endpoint}, {@code datafile}:
     * which build, edition, address and WAL file names the recording server had; configuration,
     * not behaviour.
     */
    SERVER_IDENTITY(Format.SAME_TYPE),

    /**
     * {@code details} of {@code GET /_api/version?details=true} other than {@code mode} and
     * {@code role}: build facts of the recording binary (see {@link #REQUIRED_VERSION_DETAILS}).
     */
    BUILD_DETAIL(Format.SAME_TYPE),

    /** {@code totalEvents}, {@code lastValue}: counters that grow with everything the server ever did. */
    HISTORY_COUNTER(Format.SAME_TYPE),

    /** Anything else: compared exactly, because a value is behaviour unless a rule above says why not. */
    EXACT_BY_DEFAULT(Format.EXACT);

    private static final Set<String> BEHAVIOUR_FIELDS =
        Set.of("error", "code", "errorNum", "type", "status", "statusString");
    private static final Set<String> SERVER_ASSIGNED_ID_FIELDS = Set.of("id", "cid", "objectId", "planId");
    private static final Set<String> TICK_FIELDS = Set.of("tick", "lastLogTick", "lastUncommittedLogTick",
        "tickMin", "tickMax", "firstTick", "lastTick", "lastServedTick", "lastScanned", "lastIncluded");
    private static final Set<String> SERVER_IDENTITY_FIELDS =
        Set.of("version", "server-version", "license", "endpoint", "datafile");
    private static final Set<String> VERSION_DETAILS_BEHAVIOUR = Set.of("mode", "role");
    private static final Set<String> HISTORY_COUNTER_FIELDS = Set.of("totalEvents", "lastValue");

    private final Format format;

    ValueRule(Format format) {
      this.format = format;
    }

    Format format() {
      return format;
    }

    /**
     * The rule for one recorded scalar.
     *
     * @param field the name of the field holding the value, or null for an array element or a root value
     * @param path the JSON path of the value, for example {@code $.details.compiler}
     * @param expected the recorded value
     * @param request what the recorded request named and where it went
     */
    static ValueRule judge(String field, String path, JsonNode expected, RequestFacts request) {
      if (field == null) {
        return EXACT_BY_DEFAULT;
      }
      if (BEHAVIOUR_FIELDS.contains(field) || (field.equals("result") && expected.isBoolean())) {
        return BEHAVIOUR;
      }
      if (field.equals("errorMessage")) {
        return ERROR_MESSAGE;
      }
      if (field.equals("_rev") || field.equals("_oldRev")) {
        return REVISION;
      }
      if (field.equals("_key")) {
        return request.names(expected.asText()) ? EXACT_BY_DEFAULT : GENERATED_KEY;
      }
      if (field.equals("_id") && expected.isTextual()) {
        return request.names(keyPartOf(expected.asText())) ? EXACT_BY_DEFAULT : GENERATED_DOCUMENT_ID;
      }
      if (SERVER_ASSIGNED_ID_FIELDS.contains(field)
          || (field.equals("database") && isDecimalString(expected))
          || (field.equals("tid") && !expected.asText().equals("0"))) {
        return SERVER_ASSIGNED_ID;
      }
      if ((field.equals("globallyUniqueId") || field.equals("cuid")) && !expected.asText().startsWith("_")) {
        return GLOBALLY_UNIQUE_ID;
      }
      if (TICK_FIELDS.contains(field)) {
        return TICK;
      }
      if (field.equals("time")) {
        return TIME;
      }
      if (field.equals("serverId")) {
        return SERVER_ID;
      }
      if (isVersionDetails(request, parentOf(path)) && !VERSION_DETAILS_BEHAVIOUR.contains(field)
          && !SERVER_IDENTITY_FIELDS.contains(field)) {
        return BUILD_DETAIL;
      }
      if (SERVER_IDENTITY_FIELDS.contains(field)) {
        return SERVER_IDENTITY;
      }
      if (HISTORY_COUNTER_FIELDS.contains(field)) {
        return HISTORY_COUNTER;
      }
      return EXACT_BY_DEFAULT;
    }

    boolean isVolatile() {
      return format != Format.EXACT;
    }
  }

  /** What is still checked of a value whose rule is volatile (types are always checked first). */
  enum Format {
    /** The value itself. */
    EXACT,
    /** Only the JSON type. */
    SAME_TYPE,
    /** A non-empty string. */
    NON_EMPTY_STRING,
    /** A string of decimal digits, ArangoDB's rendering of 64-bit ids and ticks. */
    DECIMAL_STRING,
    /** A time in whole seconds, UTC, as ArangoDB prints it. */
    ISO_SECONDS_UTC,
    /** {@code <recorded collection>/<non-empty key>}. */
    SAME_COLLECTION_DOCUMENT_ID
  }

  private record HistoryList(String requestPath, String jsonPath) {}

  /**
   * What the recorded request named: the strings a response may echo as behaviour (keys chosen by
   * the client), and the API path that decides which arrays are history lists.
   */
  record RequestFacts(String path, Set<String> namedValues) {

    static RequestFacts of(Transcript.Request request) {
      Set<String> named = new HashSet<>();
      for (String segment : request.path().split("/")) {
        named.add(segment);
      }
      for (String pair : request.query().split("&")) {
        int equals = pair.indexOf('=');
        if (equals >= 0) {
          named.add(pair.substring(equals + 1));
        }
      }
      request.body().ifPresent(body -> {
        Optional<JsonNode> whole = Json.tryParse(body);
        if (whole.isPresent()) {
          collectScalars(whole.get(), named);
        } else {
          // JSON-lines bodies (import type=documents): every line is a value of its own.
          for (String line : body.split("\n")) {
            Json.tryParse(line).ifPresent(value -> collectScalars(value, named));
          }
        }
      });
      Set<String> withKeyParts = new HashSet<>(named);
      named.forEach(value -> withKeyParts.add(keyPartOf(value)));
      withKeyParts.remove("");
      return new RequestFacts(request.path(), Set.copyOf(withKeyParts));
    }

    boolean names(String value) {
      return namedValues.contains(value);
    }

    private static void collectScalars(JsonNode node, Set<String> into) {
      if (node.isContainerNode()) {
        node.forEach(child -> collectScalars(child, into));
      } else if (!node.isNull()) {
        into.add(node.asText());
      }
    }
  }

  /**
   * Compares one recorded exchange with the response the server under test gave to its replay.
   *
   * @param expected a recorded exchange that has a response
   * @param actual the response to judge
   * @return the differences, one sentence each; empty when the response conforms
   * @throws IllegalArgumentException when the exchange has no recorded response
   */
  public List<String> compare(Transcript.Exchange expected, ActualResponse actual) {
    Transcript.Response recorded = expected.response()
        .orElseThrow(() -> new IllegalArgumentException("no recorded response for " + expected.request().describe()));
    RequestFacts request = RequestFacts.of(expected.request());
    List<String> differences = new ArrayList<>();
    compareStatus(recorded.status(), actual.statusCode(), differences);
    compareHeaders(recorded, actual, differences);
    compareBodies(recorded.body(), actual, request, differences);
    compareEtagWithRevision(recorded, actual, differences);
    return differences;
  }

  private static void compareStatus(Transcript.Status status, int actualCode, List<String> differences) {
    // An unknown code (3.4/3.5 printed a non-standard phrase) leaves headers and body to judge.
    status.code().ifPresent(code -> {
      if (code != actualCode) {
        differences.add("status: expected " + code + " (" + status.reasonPhrase() + "), got " + actualCode);
      }
    });
  }

  /**
   * The headers a client acts on:
   * <ul>
   *   <li>{@code content-type}: the media type only; {@code ; charset=utf-8} (3.4, 3.5) is a
   *       detail of those releases, not something a client reads;
   *   <li>{@code etag} and {@code location}: present exactly when ArangoDB sends them (their values
   *       hold revisions, keys and the database name, all volatile);
   *   <li>{@code x-arango-replication-*}: present exactly when ArangoDB sends them, with the same
   *       kind of value (boolean or number); additionally a {@code lastincluded} of {@code 0} is
   *       the documented "nothing included" sentinel, so zero and non-zero must agree;
   *   <li>{@code x-arango-error-codes}: present exactly when ArangoDB sends it, with the same JSON
   *       value, because it counts the errors of a multi-document request.
   * </ul>
   * Everything else ({@code content-length} of a pretty-printed body, {@code server},
   * {@code connection}, caching and security headers, {@code x-arango-queue-time-seconds}) says
   * nothing about the API and is ignored.
   */
  private static void compareHeaders(Transcript.Response recorded, ActualResponse actual, List<String> differences) {
    recorded.mediaType().ifPresent(expectedType -> {
      Optional<String> actualType = actual.mediaType();
      if (actualType.isEmpty()) {
        differences.add("header content-type: missing, expected " + expectedType);
      } else if (!actualType.get().equals(expectedType)) {
        differences.add("header content-type: expected " + expectedType + ", got " + actualType.get());
      }
    });
    comparePresence(ETAG, recorded, actual, differences);
    comparePresence(LOCATION, recorded, actual, differences);

    Set<String> replicationHeaders = new TreeSet<>();
    recorded.headers().map().keySet().stream()
        .map(name -> name.toLowerCase(Locale.ROOT))
        .filter(name -> name.startsWith(REPLICATION_HEADER_PREFIX))
        .forEach(replicationHeaders::add);
    actual.headers().map().keySet().stream()
        .map(name -> name.toLowerCase(Locale.ROOT))
        .filter(name -> name.startsWith(REPLICATION_HEADER_PREFIX))
        .forEach(replicationHeaders::add);
    for (String name : replicationHeaders) {
      Optional<String> expectedValue = recorded.headers().firstValue(name);
      Optional<String> actualValue = actual.headers().firstValue(name);
      if (!comparePresence(name, expectedValue, actualValue, differences)) {
        continue;
      }
      String expectedKind = headerValueKind(expectedValue.get());
      String actualKind = headerValueKind(actualValue.get());
      if (!expectedKind.equals(actualKind)) {
        differences.add("header " + name + ": expected a " + expectedKind + " like " + expectedValue.get()
            + ", got " + actualValue.get());
      } else if (name.equals(LAST_INCLUDED) && expectedKind.equals("number")
          && isZero(expectedValue.get()) != isZero(actualValue.get())) {
        differences.add("header " + name + ": expected " + (isZero(expectedValue.get()) ? "0 (nothing included)" : "a non-zero tick")
            + ", got " + actualValue.get());
      }
    }

    Optional<String> expectedErrorCodes = recorded.headers().firstValue(ERROR_CODES);
    Optional<String> actualErrorCodes = actual.headers().firstValue(ERROR_CODES);
    if (comparePresence(ERROR_CODES, expectedErrorCodes, actualErrorCodes, differences)) {
      Optional<JsonNode> expectedCounts = Json.tryParse(expectedErrorCodes.get());
      Optional<JsonNode> actualCounts = Json.tryParse(actualErrorCodes.get());
      if (actualCounts.isEmpty() || !expectedCounts.equals(actualCounts)) {
        differences.add("header " + ERROR_CODES + ": expected " + expectedErrorCodes.get() + ", got " + actualErrorCodes.get());
      }
    }
  }

  private static void comparePresence(String name, Transcript.Response recorded, ActualResponse actual, List<String> differences) {
    comparePresence(name, recorded.headers().firstValue(name), actual.headers().firstValue(name), differences);
  }

  /** Reports a header present on one side only; returns whether both sides have it. */
  private static boolean comparePresence(String name, Optional<String> expected, Optional<String> actual, List<String> differences) {
    if (expected.isPresent() && actual.isEmpty()) {
      differences.add("header " + name + ": missing (ArangoDB sends " + expected.get() + ")");
      return false;
    }
    if (expected.isEmpty() && actual.isPresent()) {
      differences.add("header " + name + ": unexpected (ArangoDB does not send it), got " + actual.get());
      return false;
    }
    return expected.isPresent();
  }

  private static String headerValueKind(String value) {
    if (value.equals("true") || value.equals("false")) {
      return "boolean";
    }
    return DECIMAL.matcher(value).matches() ? "number" : "text";
  }

  private static boolean isZero(String decimal) {
    return DECIMAL.matcher(decimal).matches() && decimal.chars().allMatch(digit -> digit == '0');
  }

  /**
   * ArangoDB's etag is the document revision in double quotes. When the recording shows that
   * relation, the actual response must show it too, which catches an etag that names another
   * revision than the body even though both values are volatile.
   */
  private static void compareEtagWithRevision(Transcript.Response recorded, ActualResponse actual, List<String> differences) {
    Optional<String> recordedRevision = revisionOf(recorded.body());
    Optional<String> recordedEtag = recorded.headers().firstValue(ETAG);
    if (recordedRevision.isEmpty() || recordedEtag.isEmpty() || !recordedEtag.get().equals(quoted(recordedRevision.get()))) {
      return;
    }
    Optional<String> actualRevision = revisionOf(actual.body());
    Optional<String> actualEtag = actual.headers().firstValue(ETAG);
    if (actualRevision.isPresent() && actualEtag.isPresent() && !actualEtag.get().equals(quoted(actualRevision.get()))) {
      differences.add("header etag: expected the body's _rev in double quotes (" + quoted(actualRevision.get())
          + "), got " + actualEtag.get());
    }
  }

  private static Optional<String> revisionOf(Transcript.Body body) {
    if (body instanceof Transcript.Body.Json json && json.value().path("_rev").isTextual()) {
      return Optional.of(json.value().get("_rev").asText());
    }
    return Optional.empty();
  }

  private static String quoted(String value) {
    return "\"" + value + "\"";
  }

  private void compareBodies(Transcript.Body recorded, ActualResponse actual, RequestFacts request, List<String> differences) {
    if (recorded instanceof Transcript.Body.Empty) {
      if (!actual.bodyText().isEmpty()) {
        differences.add("body: expected none, got " + abbreviate(actual.bodyText()));
      }
    } else if (recorded instanceof Transcript.Body.Dump dump) {
      compareDump(dump, actual, request, differences);
    } else if (recorded instanceof Transcript.Body.Json json) {
      Transcript.Body actualBody = actual.body();
      if (actualBody instanceof Transcript.Body.Json actualJson) {
        Set<String> maskable = new HashSet<>();
        collectVolatileValues(null, ROOT, json.value(), request, maskable);
        compareValue(null, ROOT, json.value(), actualJson.value(), new Context(request, maskable, false), differences);
      } else if (actualBody instanceof Transcript.Body.Empty) {
        differences.add("body: missing, expected " + Json.typeName(json.value()) + " " + Json.render(json.value()));
      } else {
        differences.add("body: expected one JSON " + Json.typeName(json.value()) + ", got " + abbreviate(actual.bodyText()));
      }
    } else if (!recorded.text().equals(actual.bodyText())) {
      differences.add("body: expected text " + abbreviate(recorded.text()) + ", got " + abbreviate(actual.bodyText()));
    }
  }

  /**
   * Markers written by the docs build's own activity, not by the example: while the examples ran,
   * the build kept granting and revoking the root user's collection permissions, so
   * {@code logger-follow} recordings interleave {@code _users} updates with the example's markers.
   * They are dropped from both sides before lines are compared.
   */
  static boolean isRecordingEnvironmentMarker(JsonNode line) {
    return line.path("cname").asText().equals("_users") || line.path("cuid").asText().equals("_users");
  }

  /**
   * Dump lines are compared in order, one recorded marker against one actual marker, after the
   * environment markers are dropped; the wire format (compact lines, each ending in {@code \n}) is
   * checked as well. If the recorded body held only environment markers, it says nothing about the
   * request and only status and headers are judged.
   */
  private void compareDump(Transcript.Body.Dump recorded, ActualResponse actual, RequestFacts request, List<String> differences) {
    String text = actual.bodyText();
    List<JsonNode> actualLines = new ArrayList<>();
    String[] rawLines = text.isEmpty() ? new String[0] : text.split("\n");
    for (int i = 0; i < rawLines.length; i++) {
      if (rawLines[i].isEmpty()) {
        continue;
      }
      Optional<JsonNode> line = Json.tryParse(rawLines[i]);
      if (line.isEmpty()) {
        differences.add("dump line " + (i + 1) + ": not one JSON value: " + abbreviate(rawLines[i]));
        return;
      }
      actualLines.add(line.get());
    }
    if (!text.isEmpty() && !text.endsWith("\n")) {
      differences.add("body: x-arango-dump must end every line with \\n, the last line does not");
    }
    List<JsonNode> expectedMarkers = recorded.lines().stream().filter(line -> !isRecordingEnvironmentMarker(line)).toList();
    List<JsonNode> actualMarkers = actualLines.stream().filter(line -> !isRecordingEnvironmentMarker(line)).toList();
    if (expectedMarkers.isEmpty() && !recorded.lines().isEmpty()) {
      return;
    }
    if (expectedMarkers.size() != actualMarkers.size()) {
      differences.add("body: expected " + expectedMarkers.size() + " dump line(s) of type(s) " + markerTypes(expectedMarkers)
          + ", got " + actualMarkers.size() + " of type(s) " + markerTypes(actualMarkers));
    }
    for (int i = 0; i < Math.min(expectedMarkers.size(), actualMarkers.size()); i++) {
      Set<String> maskable = new HashSet<>();
      collectVolatileValues(null, ROOT, expectedMarkers.get(i), request, maskable);
      List<String> lineDifferences = new ArrayList<>();
      compareValue(null, ROOT, expectedMarkers.get(i), actualMarkers.get(i), new Context(request, maskable, false), lineDifferences);
      int lineNumber = i + 1;
      lineDifferences.forEach(difference -> differences.add("dump line " + lineNumber + " " + difference));
    }
  }

  private static List<String> markerTypes(List<JsonNode> markers) {
    return markers.stream().map(marker -> marker.path("type").asText("?")).toList();
  }

  /**
   * @param request what the recorded request named
   * @param maskable volatile values of the recorded body, masked where an error message embeds them
   * @param shapeOnly inside a history list: names and types only, no values
   */
  private record Context(RequestFacts request, Set<String> maskable, boolean shapeOnly) {
    Context shapeOnlyContext() {
      return new Context(request, maskable, true);
    }
  }

  private void compareValue(String field, String path, JsonNode expected, JsonNode actual, Context context, List<String> differences) {
    if (!Json.typeName(expected).equals(Json.typeName(actual))) {
      differences.add(path + ": expected " + article(Json.typeName(expected)) + " like " + Json.render(expected)
          + ", got " + Json.typeName(actual) + " " + Json.render(actual));
      return;
    }
    if (expected.isObject()) {
      compareObject(path, expected, actual, context, differences);
    } else if (expected.isArray()) {
      compareArray(path, expected, actual, context, differences);
    } else if (!context.shapeOnly()) {
      compareScalar(field, path, expected, actual, context, differences);
    }
  }

  private void compareObject(String path, JsonNode expected, JsonNode actual, Context context, List<String> differences) {
    Iterator<Map.Entry<String, JsonNode>> expectedFields = expected.fields();
    while (expectedFields.hasNext()) {
      Map.Entry<String, JsonNode> field = expectedFields.next();
      String fieldPath = path + "." + field.getKey();
      JsonNode actualValue = actual.get(field.getKey());
      if (actualValue == null) {
        if (!isOptionalBuildDetail(context.request(), path, field.getKey())) {
          differences.add(fieldPath + ": missing (ArangoDB sends " + Json.render(field.getValue()) + ")");
        }
      } else {
        compareValue(field.getKey(), fieldPath, field.getValue(), actualValue, context, differences);
      }
    }
    Iterator<String> actualNames = actual.fieldNames();
    while (actualNames.hasNext()) {
      String name = actualNames.next();
      if (!expected.has(name) && !isOptionalBuildDetail(context.request(), path, name)) {
        differences.add(path + "." + name + ": unexpected field (ArangoDB does not send it), got " + Json.render(actual.get(name)));
      }
    }
    if (!context.shapeOnly()) {
      compareDocumentIdWithKey(path, actual, differences);
    }
  }

  private static boolean isOptionalBuildDetail(RequestFacts request, String objectPath, String field) {
    return isVersionDetails(request, objectPath) && !REQUIRED_VERSION_DETAILS.contains(field);
  }

  private static boolean isVersionDetails(RequestFacts request, String objectPath) {
    return request.path().equals("/_api/version") && objectPath.equals("$.details");
  }

  /** {@code $.details.compiler} gives {@code $.details}; only field steps occur where this is used. */
  private static String parentOf(String path) {
    int dot = path.lastIndexOf('.');
    return dot < 0 ? path : path.substring(0, dot);
  }

  /** A document's {@code _id} is {@code <collection>/<_key>}; checked even when both are volatile. */
  private static void compareDocumentIdWithKey(String path, JsonNode actual, List<String> differences) {
    JsonNode id = actual.get("_id");
    JsonNode key = actual.get("_key");
    if (id != null && key != null && id.isTextual() && key.isTextual() && !id.asText().endsWith("/" + key.asText())) {
      differences.add(path + "._id: " + id.asText() + " does not end with the document's _key " + key.asText());
    }
  }

  private void compareArray(String path, JsonNode expected, JsonNode actual, Context context, List<String> differences) {
    if (context.shapeOnly() || isHistoryList(context.request(), path)) {
      compareHistoryList(path, expected, actual, context, differences);
      return;
    }
    if (expected.size() != actual.size()) {
      differences.add(path + ": expected " + expected.size() + " element(s), got " + actual.size());
    }
    for (int i = 0; i < Math.min(expected.size(), actual.size()); i++) {
      compareValue(null, path + "[" + i + "]", expected.get(i), actual.get(i), context, differences);
    }
  }

  private static boolean isHistoryList(RequestFacts request, String path) {
    return HISTORY_LISTS.stream()
        .anyMatch(list -> list.requestPath().equals(request.path()) && list.jsonPath().equals(path));
  }

  private void compareHistoryList(String path, JsonNode expected, JsonNode actual, Context context, List<String> differences) {
    if (expected.isEmpty()) {
      return;
    }
    Context shapeOnly = context.shapeOnlyContext();
    for (int i = 0; i < actual.size(); i++) {
      String elementPath = path + "[" + i + "]";
      List<String> closest = null;
      for (JsonNode candidate : expected) {
        List<String> candidateDifferences = new ArrayList<>();
        compareValue(null, elementPath, candidate, actual.get(i), shapeOnly, candidateDifferences);
        if (candidateDifferences.isEmpty()) {
          closest = null;
          break;
        }
        if (closest == null || candidateDifferences.size() < closest.size()) {
          closest = candidateDifferences;
        }
      }
      if (closest != null) {
        differences.addAll(closest);
      }
    }
  }

  private void compareScalar(String field, String path, JsonNode expected, JsonNode actual, Context context, List<String> differences) {
    ValueRule rule = ValueRule.judge(field, path, expected, context.request());
    switch (rule.format()) {
      case EXACT -> {
        if (rule == ValueRule.ERROR_MESSAGE && expected.isTextual()) {
          compareErrorMessage(path, expected.asText(), actual.asText(), context.maskable(), differences);
        } else if (!scalarsEqual(expected, actual)) {
          differences.add(path + ": expected " + Json.render(expected) + ", got " + Json.render(actual));
        }
      }
      case SAME_TYPE -> {
        // The type was compared by compareValue; nothing else is stable.
      }
      case NON_EMPTY_STRING -> {
        if (expected.isTextual() && actual.asText().isEmpty()) {
          differences.add(path + ": expected a non-empty string (" + rule + "), got \"\"");
        }
      }
      case DECIMAL_STRING -> {
        if (expected.isTextual() && !DECIMAL.matcher(actual.asText()).matches()) {
          differences.add(path + ": expected a decimal string (" + rule + "), got " + Json.render(actual));
        }
      }
      case ISO_SECONDS_UTC -> {
        if (expected.isTextual() && !ISO_SECONDS_UTC.matcher(actual.asText()).matches()) {
          differences.add(path + ": expected a time like " + expected.asText() + ", got " + Json.render(actual));
        }
      }
      case SAME_COLLECTION_DOCUMENT_ID -> {
        String collectionPrefix = expected.asText().substring(0, expected.asText().indexOf('/') + 1);
        String actualId = actual.asText();
        if (!actualId.startsWith(collectionPrefix) || actualId.length() == collectionPrefix.length()) {
          differences.add(path + ": expected an id in " + collectionPrefix + "..., got " + Json.render(actual));
        }
      }
    }
  }

  private static void compareErrorMessage(String path, String expected, String actual, Set<String> maskable, List<String> differences) {
    if (expected.equals(actual) || LATER_WORDINGS.getOrDefault(expected, Set.of()).contains(actual)) {
      return;
    }
    Optional<Pattern> masked = maskedPattern(expected, maskable);
    if (masked.isPresent() && masked.get().matcher(actual).matches()) {
      return;
    }
    differences.add(path + ": expected \"" + expected + "\", got \"" + actual + "\"");
  }

  /** The message as a pattern in which every embedded volatile value matches any non-empty text. */
  static Optional<Pattern> maskedPattern(String message, Set<String> maskable) {
    List<String> embedded = maskable.stream()
        .filter(value -> value.length() >= 2 && message.contains(value))
        .sorted((left, right) -> right.length() - left.length())
        .toList();
    if (embedded.isEmpty()) {
      return Optional.empty();
    }
    StringBuilder regex = new StringBuilder();
    int position = 0;
    while (position < message.length()) {
      String match = null;
      for (String value : embedded) {
        if (message.startsWith(value, position)) {
          match = value;
          break;
        }
      }
      if (match != null) {
        regex.append(".+?");
        position += match.length();
      } else {
        regex.append(Pattern.quote(String.valueOf(message.charAt(position))));
        position++;
      }
    }
    return Optional.of(Pattern.compile(regex.toString(), Pattern.DOTALL));
  }

  /** Every string value a volatile rule covers in a recorded body, so that error messages can mask it. */
  private static void collectVolatileValues(String field, String path, JsonNode node, RequestFacts request, Set<String> into) {
    if (node.isObject()) {
      node.fields().forEachRemaining(entry ->
          collectVolatileValues(entry.getKey(), path + "." + entry.getKey(), entry.getValue(), request, into));
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        collectVolatileValues(null, path + "[" + i + "]", node.get(i), request, into);
      }
    } else if (node.isValueNode() && ValueRule.judge(field, path, node, request).isVolatile()) {
      into.add(node.asText());
      if (field != null && field.equals("_id")) {
        into.add(keyPartOf(node.asText()));
      }
    }
  }

  private static boolean scalarsEqual(JsonNode expected, JsonNode actual) {
    if (expected.isNumber() && actual.isNumber()) {
      return expected.decimalValue().compareTo(actual.decimalValue()) == 0;
    }
    return expected.equals(actual);
  }

  private static boolean isDecimalString(JsonNode node) {
    return node.isTextual() && DECIMAL.matcher(node.asText()).matches();
  }

  /** The part after the first {@code /} of a document id, or the whole value if it has none. */
  static String keyPartOf(String value) {
    int slash = value.indexOf('/');
    return slash < 0 ? value : value.substring(slash + 1);
  }

  private static String article(String typeName) {
    return (typeName.startsWith("a") || typeName.startsWith("o") ? "an " : "a ") + typeName;
  }

  private static String abbreviate(String text) {
    String oneLine = text.replace("\n", "\\n");
    return oneLine.length() <= 120 ? "\"" + oneLine + "\"" : "\"" + oneLine.substring(0, 117) + "...\"";
  }
}
