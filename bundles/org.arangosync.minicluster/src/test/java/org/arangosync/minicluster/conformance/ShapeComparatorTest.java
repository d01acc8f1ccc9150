package org.arangosync.minicluster.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ShapeComparatorTest {

  private static final Path ROOT = ApplicableTranscripts.transcriptsRoot();

  private final ShapeComparator comparator = new ShapeComparator();

  private static Transcript.Exchange exchange(String version, String name, int index) throws IOException {
    return TranscriptParser.parse(ROOT.resolve(version).resolve(name + ".generated")).exchanges().get(index);
  }

  private static Transcript.Exchange exchange(String version, String name) throws IOException {
    return exchange(version, name, 0);
  }

  /** The response a conforming server would send: the recording with a compact body. */
  private static ResponseBuilder replayOf(Transcript.Exchange exchange) {
    return new ResponseBuilder(exchange.response().orElseThrow());
  }

  /** A mutable copy of a recorded response, to derive the responses under test from. */
  private static final class ResponseBuilder {
    private int status;
    private final Map<String, List<String>> headers = new LinkedHashMap<>();
    private JsonNode json;
    private List<JsonNode> dumpLines;
    private String rawBody;

    ResponseBuilder(Transcript.Response recorded) {
      status = recorded.status().code().orElseThrow();
      recorded.headers().map().forEach((name, values) -> headers.put(name, new ArrayList<>(values)));
      Transcript.Body body = recorded.body();
      if (body instanceof Transcript.Body.Json recordedJson) {
        json = recordedJson.value().deepCopy();
      } else if (body instanceof Transcript.Body.Dump dump) {
        dumpLines = new ArrayList<>();
        dump.lines().forEach(line -> dumpLines.add(line.deepCopy()));
      } else {
        rawBody = body.text();
      }
    }

    ResponseBuilder status(int code) {
      status = code;
      return this;
    }

    ResponseBuilder header(String name, String value) {
      headers.put(name, List.of(value));
      return this;
    }

    ResponseBuilder withoutHeader(String name) {
      headers.remove(name);
      return this;
    }

    ResponseBuilder json(Consumer<JsonNode> change) {
      change.accept(json);
      return this;
    }

    ResponseBuilder dumpLines(Consumer<List<JsonNode>> change) {
      change.accept(dumpLines);
      return this;
    }

    ResponseBuilder rawBody(String body) {
      rawBody = body;
      json = null;
      dumpLines = null;
      return this;
    }

    ActualResponse build() {
      String body;
      if (json != null) {
        body = json.toString();
      } else if (dumpLines != null) {
        body = dumpLines.stream().map(line -> line + "\n").collect(Collectors.joining());
      } else {
        body = rawBody;
      }
      return ActualResponse.of(status, headers, body);
    }
  }

  private static ObjectNode object(JsonNode node) {
    return (ObjectNode) node;
  }

  @Test
  void acceptsEveryRecordingReplayedAsItsOwnCompactResponse() throws IOException {
    List<String> rejected = new ArrayList<>();
    for (Path file : ApplicableTranscripts.allTranscriptFiles(ROOT)) {
      if (file.getParent().getFileName().toString().equals("3.3")) {
        continue;
      }
      Transcript transcript = TranscriptParser.parse(file);
      for (Transcript.Exchange exchange : transcript.exchanges()) {
        if (exchange.response().isPresent()) {
          List<String> differences = comparator.compare(exchange, replayOf(exchange).build());
          differences.forEach(difference -> rejected.add(transcript.id() + ": " + difference));
        }
      }
    }
    assertThat(rejected).isEmpty();
  }

  @Test
  void acceptsADocumentResponseThatDiffersOnlyInGeneratedKeyIdAndRevision() throws IOException {
    Transcript.Exchange created = exchange("3.11", "RestDocumentHandlerPostCreate1");

    ActualResponse actual = replayOf(created)
        .header("etag", "\"_hAbCdE---\"")
        .header("location", "/_db/v3_11_RestDocumentHandlerPostCreate1/_api/document/products/12")
        .json(body -> object(body).put("_key", "12").put("_id", "products/12").put("_rev", "_hAbCdE---"))
        .build();

    assertThat(comparator.compare(created, actual)).isEmpty();
  }

  @Test
  void acceptsAWalTailThatDiffersOnlyInTicksIdsAndHeaderValues() throws IOException {
    Transcript.Exchange tail = exchange("3.11", "RestWalAccessTailingSome");

    ActualResponse actual = replayOf(tail)
        .header("x-arango-replication-lastincluded", "42")
        .header("x-arango-replication-lastscanned", "43")
        .header("x-arango-replication-lasttick", "43")
        .header("x-arango-replication-checkmore", "false")
        .dumpLines(lines -> object(lines.get(0)).put("tick", "42").put("cuid", "hDEADBEEF/7"))
        .build();

    assertThat(comparator.compare(tail, actual)).isEmpty();
  }

  @Test
  void acceptsServerStateThatDiffersOnlyInHistoryAndIdentity() throws IOException {
    Transcript.Exchange state = exchange("3.11", "RestReplicationLoggerStateActive");

    ActualResponse actual = replayOf(state)
        .json(body -> {
          object(body.get("state")).put("lastLogTick", "17").put("lastUncommittedLogTick", "17")
              .put("totalEvents", 17).put("time", "2030-01-02T03:04:05Z");
          object(body.get("server")).put("version", "3.11.99").put("serverId", "123");
        })
        .build();

    assertThat(comparator.compare(state, actual)).isEmpty();
  }

  @Test
  void acceptsANewCollectionWithOtherIdsAndKeyGeneratorState() throws IOException {
    Transcript.Exchange create = exchange("3.11", "RestCollectionCreateCollection", 1);

    ActualResponse actual = replayOf(create)
        .json(body -> {
          object(body).put("id", "7").put("objectId", "8").put("globallyUniqueId", "hCAFE/7");
          object(body.get("keyOptions")).put("lastValue", 99);
        })
        .build();

    assertThat(comparator.compare(create, actual)).isEmpty();
  }

  @Test
  void reportsAMissingField() throws IOException {
    Transcript.Exchange read = exchange("3.11", "RestDocumentHandlerReadDocument");

    ActualResponse actual = replayOf(read).json(body -> object(body).remove("hello")).build();

    assertThat(comparator.compare(read, actual)).containsExactly("$.hello: missing (ArangoDB sends \"world\")");
  }

  @Test
  void reportsAWrongType() throws IOException {
    Transcript.Exchange conflict = exchange("3.11", "RestDocumentHandlerUpdateDocumentIfMatchOther");

    ActualResponse actual = replayOf(conflict).json(body -> object(body).put("errorNum", "1200")).build();

    assertThat(comparator.compare(conflict, actual))
        .containsExactly("$.errorNum: expected a number like 1200, got string \"1200\"");
  }

  @Test
  void reportsAFieldArangoDbDoesNotSend() throws IOException {
    Transcript.Exchange read = exchange("3.11", "RestDocumentHandlerReadDocument");

    ActualResponse actual = replayOf(read).json(body -> object(body).put("_internal", 1)).build();

    assertThat(comparator.compare(read, actual))
        .containsExactly("$._internal: unexpected field (ArangoDB does not send it), got 1");
  }

  @Test
  void reportsAWrongErrorNum() throws IOException {
    Transcript.Exchange conflict = exchange("3.11", "RestDocumentHandlerUpdateDocumentIfMatchOther");

    ActualResponse actual = replayOf(conflict).json(body -> object(body).put("errorNum", 1202)).build();

    assertThat(comparator.compare(conflict, actual)).containsExactly("$.errorNum: expected 1200, got 1202");
  }

  @Test
  void reportsAWrongStatus() throws IOException {
    Transcript.Exchange conflict = exchange("3.11", "RestDocumentHandlerUpdateDocumentIfMatchOther");

    ActualResponse actual = replayOf(conflict).status(409).build();

    assertThat(comparator.compare(conflict, actual)).containsExactly("status: expected 412 (Precondition Failed), got 409");
  }

  @Test
  void judgesTheStatusOf34RecordingsByTheInferredCode() throws IOException {
    Transcript.Exchange conflict = exchange("3.4", "RestDocumentHandlerUpdateDocumentIfMatchOther");

    assertThat(comparator.compare(conflict, replayOf(conflict).status(200).build()))
        .containsExactly("status: expected 412 (Precondition Failed), got 200");
  }

  @Test
  void comparesAKeyTheRequestNamedExactly() throws IOException {
    Transcript.Exchange delete = exchange("3.11", "RestDocumentHandlerDeleteDocument");

    ActualResponse actual = replayOf(delete)
        .json(body -> object(body).put("_key", "69528").put("_id", "products/69528"))
        .build();

    assertThat(comparator.compare(delete, actual))
        .containsExactly("$._id: expected \"products/69527\", got \"products/69528\"",
            "$._key: expected \"69527\", got \"69528\"");
  }

  @Test
  void comparesTheCollectionPartOfAGeneratedDocumentId() throws IOException {
    Transcript.Exchange created = exchange("3.11", "RestDocumentHandlerPostCreate1");

    ActualResponse actual = replayOf(created).json(body -> object(body).put("_id", "other/69675")).build();

    assertThat(comparator.compare(created, actual)).containsExactly("$._id: expected an id in products/..., got \"other/69675\"");
  }

  @Test
  void comparesTheErrorMessageExactly() throws IOException {
    Transcript.Exchange notFound = exchange("3.11", "RestDocumentHandlerDeleteDocumentUnknownHandle");

    ActualResponse actual = replayOf(notFound).json(body -> object(body).put("errorMessage", "Document not found")).build();

    assertThat(comparator.compare(notFound, actual))
        .containsExactly("$.errorMessage: expected \"document not found\", got \"Document not found\"");
  }

  @Test
  void masksAVolatileValueEmbeddedInAnErrorMessage() {
    Transcript.Exchange recorded = syntheticExchange(
        "{\"error\":true,\"code\":409,\"errorNum\":1210,\"_key\":\"123456\","
            + "\"errorMessage\":\"unique constraint violated - in index primary of type primary over '_key'; conflicting key: 123456\"}");
    String conforming = "{\"error\":true,\"code\":409,\"errorNum\":1210,\"_key\":\"77\","
        + "\"errorMessage\":\"unique constraint violated - in index primary of type primary over '_key'; conflicting key: 77\"}";
    String otherText = "{\"error\":true,\"code\":409,\"errorNum\":1210,\"_key\":\"77\","
        + "\"errorMessage\":\"unique constraint violated; conflicting key: 77\"}";

    assertThat(comparator.compare(recorded, jsonResponse(409, conforming))).isEmpty();
    assertThat(comparator.compare(recorded, jsonResponse(409, otherText))).hasSize(1)
        .allSatisfy(difference -> assertThat(difference).startsWith("$.errorMessage: expected"));
  }

  @Test
  void acceptsTheNewerWordingForAn34ErrorMessageButNotTheReverse() throws IOException {
    Transcript.Exchange old = exchange("3.4", "RestDocumentHandlerUpdateDocumentIfMatchOther");
    Transcript.Exchange newest = exchange("3.11", "RestDocumentHandlerUpdateDocumentIfMatchOther");

    ActualResponse newWording = replayOf(old)
        .json(body -> object(body).put("errorMessage", "conflict, _rev values do not match"))
        .build();
    ActualResponse oldWording = replayOf(newest)
        .json(body -> object(body).put("errorMessage", "precondition failed"))
        .build();

    assertThat(comparator.compare(old, newWording)).isEmpty();
    assertThat(comparator.compare(newest, oldWording))
        .containsExactly("$.errorMessage: expected \"conflict, _rev values do not match\", got \"precondition failed\"");
  }

  @Test
  void checksTheKindOfReplicationHeaderValues() throws IOException {
    Transcript.Exchange tail = exchange("3.11", "RestWalAccessTailingSome");

    ActualResponse actual = replayOf(tail)
        .header("x-arango-replication-checkmore", "1")
        .header("x-arango-replication-lasttick", "true")
        .build();

    assertThat(comparator.compare(tail, actual)).containsExactly(
        "header x-arango-replication-checkmore: expected a boolean like true, got 1",
        "header x-arango-replication-lasttick: expected a number like 189505, got true");
  }

  @Test
  void reportsReplicationHeadersThatAreMissingOrNotSentByArangoDb() throws IOException {
    Transcript.Exchange tail = exchange("3.11", "RestWalAccessTailingSome");

    ActualResponse actual = replayOf(tail)
        .withoutHeader("x-arango-replication-frompresent")
        .header("x-arango-replication-active", "true")
        .build();

    assertThat(comparator.compare(tail, actual)).containsExactly(
        "header x-arango-replication-active: unexpected (ArangoDB does not send it), got true",
        "header x-arango-replication-frompresent: missing (ArangoDB sends true)");
  }

  @Test
  void treatsLastIncludedZeroAsTheEmptySentinel() throws IOException {
    Transcript.Exchange empty = exchange("3.11", "RestWalAccessTailingEmpty");

    ActualResponse actual = replayOf(empty).header("x-arango-replication-lastincluded", "5").build();

    assertThat(comparator.compare(empty, actual))
        .containsExactly("header x-arango-replication-lastincluded: expected 0 (nothing included), got 5");
  }

  @Test
  void comparesTheMediaTypeButNotItsCharset() throws IOException {
    Transcript.Exchange read = exchange("3.4", "RestDocumentHandlerReadDocument");

    assertThat(comparator.compare(read, replayOf(read).header("content-type", "application/json").build())).isEmpty();
    assertThat(comparator.compare(read, replayOf(read).header("content-type", "text/plain").build()))
        .containsExactly("header content-type: expected application/json, got text/plain");
  }

  @Test
  void requiresEtagAndLocationExactlyWhenArangoDbSendsThem() throws IOException {
    Transcript.Exchange created = exchange("3.11", "RestDocumentHandlerPostCreate1");
    Transcript.Exchange notFound = exchange("3.11", "RestDocumentHandlerDeleteDocumentUnknownHandle");

    assertThat(comparator.compare(created, replayOf(created).withoutHeader("location").build()))
        .containsExactly("header location: missing (ArangoDB sends /_db/_system/_api/document/products/69675)");
    assertThat(comparator.compare(notFound, replayOf(notFound).header("etag", "\"_x\"").build()))
        .containsExactly("header etag: unexpected (ArangoDB does not send it), got \"_x\"");
  }

  @Test
  void requiresTheEtagToQuoteTheBodysRevision() throws IOException {
    Transcript.Exchange read = exchange("3.11", "RestDocumentHandlerReadDocument");

    ActualResponse actual = replayOf(read).header("etag", "\"_other---\"").build();

    assertThat(comparator.compare(read, actual))
        .containsExactly("header etag: expected the body's _rev in double quotes (\"_gky3fmO---\"), got \"_other---\"");
  }

  @Test
  void comparesMultiDocumentResultsPositionally() throws IOException {
    Transcript.Exchange badJsonMulti = exchange("3.11", "RestDocumentHandlerPostBadJsonMulti");

    ActualResponse reversed = replayOf(badJsonMulti)
        .json(body -> {
          ArrayNode results = (ArrayNode) body;
          JsonNode first = results.remove(0);
          results.add(first);
        })
        .build();
    ActualResponse shorter = replayOf(badJsonMulti).json(body -> ((ArrayNode) body).remove(1)).build();

    assertThat(comparator.compare(badJsonMulti, reversed)).isNotEmpty()
        .anySatisfy(difference -> assertThat(difference).startsWith("$[0]."));
    assertThat(comparator.compare(badJsonMulti, shorter)).containsExactly("$: expected 2 element(s), got 1");
  }

  @Test
  void comparesHistoryListsByElementShapeOnly() throws IOException {
    Transcript.Exchange collections = exchange("3.11", "RestCollectionGetAllCollections");

    ActualResponse fewerCollections = replayOf(collections)
        .json(body -> {
          ArrayNode result = (ArrayNode) body.get("result");
          while (result.size() > 2) {
            result.remove(2);
          }
          object(result.get(0)).put("name", "_analyzers").put("id", "5");
        })
        .build();
    ActualResponse elementWithoutStatus = replayOf(collections)
        .json(body -> object(body.get("result").get(0)).remove("status"))
        .build();

    assertThat(comparator.compare(collections, fewerCollections)).isEmpty();
    assertThat(comparator.compare(collections, elementWithoutStatus)).containsExactly("$.result[0].status: missing (ArangoDB sends 3)");
  }

  @Test
  void ignoresTheRecordingEnvironmentsUserMarkersInALoggerFollowDump() throws IOException {
    Transcript.Exchange follow = exchange("3.11", "RestReplicationLoggerFollowSome");

    ActualResponse onlyTheDrop = replayOf(follow)
        .dumpLines(lines -> lines.removeIf(ShapeComparator::isRecordingEnvironmentMarker))
        .build();
    ActualResponse dropAndInsert = replayOf(follow)
        .dumpLines(lines -> {
          lines.removeIf(ShapeComparator::isRecordingEnvironmentMarker);
          ObjectNode insert = lines.get(0).deepCopy();
          insert.put("type", 2300);
          lines.add(0, insert);
        })
        .build();

    assertThat(comparator.compare(follow, onlyTheDrop)).isEmpty();
    assertThat(comparator.compare(follow, dropAndInsert))
        .contains("body: expected 1 dump line(s) of type(s) [2001], got 2 of type(s) [2300, 2001]",
            "dump line 1 $.type: expected 2001, got 2300");
  }

  @Test
  void judgesOnlyStatusAndHeadersWhenTheRecordedDumpHeldOnlyEnvironmentMarkers() throws IOException {
    Transcript.Exchange bufferLimit = exchange("3.11", "RestReplicationLoggerFollowBufferLimit");

    ActualResponse anyMarker = replayOf(bufferLimit)
        .rawBody("{\"tick\":\"9\",\"type\":2001,\"database\":\"1\",\"cuid\":\"h1/2\",\"cid\":\"2\",\"data\":{\"id\":\"2\",\"name\":\"\"}}\n")
        .build();

    assertThat(comparator.compare(bufferLimit, anyMarker)).isEmpty();
    assertThat(comparator.compare(bufferLimit, replayOf(bufferLimit).withoutHeader("x-arango-replication-active").build()))
        .containsExactly("header x-arango-replication-active: missing (ArangoDB sends true)");
  }

  @Test
  void requiresEveryDumpLineToEndWithANewline() throws IOException {
    Transcript.Exchange tail = exchange("3.11", "RestWalAccessTailingSome");
    String line = replayOf(tail).build().bodyText().strip();

    assertThat(comparator.compare(tail, replayOf(tail).rawBody(line).build()))
        .containsExactly("body: x-arango-dump must end every line with \\n, the last line does not");
  }

  @Test
  void reportsABodyWhereArangoDbSendsNone() throws IOException {
    Transcript.Exchange empty = exchange("3.11", "RestWalAccessTailingEmpty");

    assertThat(comparator.compare(empty, replayOf(empty).rawBody("{}").build()))
        .containsExactly("body: expected none, got \"{}\"");
  }

  @Test
  void checksTheFormatOfVolatileValues() throws IOException {
    Transcript.Exchange range = exchange("3.11", "RestWalAccessTickRange");

    ActualResponse actual = replayOf(range)
        .json(body -> object(body).put("time", "yesterday").put("tickMax", "0x10"))
        .build();

    assertThat(comparator.compare(range, actual)).containsExactly(
        "$.time: expected a time like 2023-09-07T01:20:10Z, got \"yesterday\"",
        "$.tickMax: expected a decimal string (TICK), got \"0x10\"");
  }

  @Test
  void checksThatADocumentIdEndsWithItsKey() throws IOException {
    Transcript.Exchange created = exchange("3.11", "RestDocumentHandlerPostReturnNew");

    ActualResponse actual = replayOf(created)
        .json(body -> object(body.get("new")).put("_key", "1").put("_id", "products/2"))
        .build();

    assertThat(comparator.compare(created, actual)).containsExactly("$.new._id: products/2 does not end with the document's _key 1");
  }

  @Test
  void requiresOnlyTheModeRoleAndVersionAmongTheBuildDetails() throws IOException {
    Transcript.Exchange details = exchange("3.11", "RestVersionDetails");

    ActualResponse ownBuild = replayOf(details)
        .json(body -> object(body).set("details", Json.tryParse(
            "{\"mode\":\"server\",\"role\":\"SINGLE\",\"server-version\":\"3.11.0\",\"engine\":\"rocksdb\"}").orElseThrow()))
        .build();
    ActualResponse coordinator = replayOf(details)
        .json(body -> object(body.get("details")).put("role", "COORDINATOR").remove("server-version"))
        .build();

    assertThat(comparator.compare(details, ownBuild)).isEmpty();
    assertThat(comparator.compare(details, coordinator)).containsExactlyInAnyOrder(
        "$.details.role: expected \"SINGLE\", got \"COORDINATOR\"",
        "$.details.server-version: missing (ArangoDB sends \"3.11.4\")");
  }

  @Test
  void judgesBehaviourFieldsExactlyEvenWhereAVolatileRuleWouldApply() {
    ShapeComparator.RequestFacts request = ShapeComparator.RequestFacts.of(
        new Transcript.Request("GET", "/_api/collection", List.of(), Optional.empty()));
    JsonNode three = Json.tryParse("3").orElseThrow();

    assertThat(ShapeComparator.ValueRule.judge("status", "$.status", three, request))
        .isEqualTo(ShapeComparator.ValueRule.BEHAVIOUR);
    assertThat(ShapeComparator.ValueRule.judge("type", "$.details.type", three, request))
        .isEqualTo(ShapeComparator.ValueRule.BEHAVIOUR);
    assertThat(ShapeComparator.ValueRule.judge("result", "$.result", Json.tryParse("true").orElseThrow(), request))
        .isEqualTo(ShapeComparator.ValueRule.BEHAVIOUR);
  }

  private static Transcript.Exchange syntheticExchange(String body) {
    Transcript.Request request = new Transcript.Request("POST", "/_api/document/products", List.of(), Optional.of("{}"));
    Transcript.Response response = new Transcript.Response(
        new Transcript.Status(java.util.OptionalInt.of(409), "Conflict", true),
        java.net.http.HttpHeaders.of(Map.of("content-type", List.of("application/json")), (name, value) -> true),
        new Transcript.Body.Json(Json.tryParse(body).orElseThrow(), body));
    return new Transcript.Exchange(request, Optional.of(response));
  }

  private static ActualResponse jsonResponse(int status, String body) {
    return ActualResponse.of(status, Map.of("content-type", List.of("application/json")), body);
  }
}
