package org.arangosync.minicluster.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class TranscriptParserTest {

  private static final Path ROOT = ApplicableTranscripts.transcriptsRoot();

  private static Transcript parse(String version, String name) throws IOException {
    return TranscriptParser.parse(ROOT.resolve(version).resolve(name + ".generated"));
  }

  private static Transcript.Response response(Transcript transcript, int exchange) {
    return transcript.exchanges().get(exchange).response().orElseThrow();
  }

  @Test
  void parsesEveryTranscriptOfVersions34To311WithoutException() throws IOException {
    List<String> failures = new ArrayList<>();
    int parsed = 0;
    for (Path file : ApplicableTranscripts.allTranscriptFiles(ROOT)) {
      if (file.getParent().getFileName().toString().equals("3.3")) {
        continue;
      }
      try {
        Transcript transcript = TranscriptParser.parse(file);
        assertThat(transcript.exchanges()).isNotEmpty();
        parsed++;
      } catch (IOException | RuntimeException failure) {
        failures.add(file + ": " + failure.getMessage());
      }
    }
    assertThat(failures).isEmpty();
    assertThat(parsed).isEqualTo(260);
  }

  @Test
  void everyRecordedBodyIsEmptyJsonOrADump() throws IOException {
    List<String> textBodies = new ArrayList<>();
    for (Path file : ApplicableTranscripts.allTranscriptFiles(ROOT)) {
      if (file.getParent().getFileName().toString().equals("3.3")) {
        continue;
      }
      Transcript transcript = TranscriptParser.parse(file);
      transcript.exchanges().forEach(exchange -> exchange.response()
          .filter(response -> response.body() instanceof Transcript.Body.Text)
          .ifPresent(response -> textBodies.add(transcript.id())));
    }
    assertThat(textBodies).isEmpty();
  }

  @Test
  void createCollectionHasTwoExchangesAndTheSecondCreatesAnEdgeCollection() throws IOException {
    Transcript transcript = parse("3.11", "RestCollectionCreateCollection");

    assertThat(transcript.exchanges()).hasSize(2);
    Transcript.Exchange second = transcript.exchanges().get(1);
    assertThat(second.request().method()).isEqualTo("POST");
    assertThat(second.request().pathAndQuery()).isEqualTo("/_api/collection");
    assertThat(second.request().body()).hasValueSatisfying(body -> assertThat(body).contains("\"testCollectionEdges\""));
    Transcript.Body.Json body = (Transcript.Body.Json) response(transcript, 1).body();
    assertThat(body.value().get("type").asInt()).isEqualTo(3);
    assertThat(body.value().get("name").asText()).isEqualTo("testCollectionEdges");
    assertThat(response(transcript, 1).status().code()).isEqualTo(OptionalInt.of(200));
  }

  @Test
  void walTailingSomeHasStatusHeadersAndOneDumpLine() throws IOException {
    Transcript transcript = parse("3.11", "RestWalAccessTailingSome");

    Transcript.Exchange exchange = transcript.exchanges().get(0);
    assertThat(exchange.request().method()).isEqualTo("GET");
    assertThat(exchange.request().pathAndQuery()).isEqualTo("/_api/wal/tail?from=189479");
    assertThat(exchange.request().queryParameter("from")).hasValue("189479");
    Transcript.Response response = exchange.response().orElseThrow();
    assertThat(response.status()).isEqualTo(new Transcript.Status(OptionalInt.of(200), "OK", true));
    assertThat(response.headers().firstValue("x-arango-replication-lastincluded")).hasValue("189495");
    assertThat(response.headers().firstValue("x-arango-replication-checkmore")).hasValue("true");
    assertThat(response.mediaType()).hasValue("application/x-arango-dump");
    Transcript.Body.Dump dump = (Transcript.Body.Dump) response.body();
    assertThat(dump.lines()).hasSize(1);
    assertThat(dump.lines().get(0).get("type").asInt()).isEqualTo(2001);
    assertThat(dump.lines().get(0).get("tick").asText()).isEqualTo("189495");
  }

  @Test
  void loggerFollowSomeSplitsTheDumpAtTheLineEndMarkers() throws IOException {
    Transcript.Body.Dump dump = (Transcript.Body.Dump) response(parse("3.11", "RestReplicationLoggerFollowSome"), 0).body();

    assertThat(dump.lines()).extracting(line -> line.get("type").asInt()).containsExactly(2300, 2001, 2300);
  }

  @Test
  void aChunkLimitedDumpPrintedWithoutLineEndMarkersIsOneLine() throws IOException {
    Transcript.Body.Dump dump = (Transcript.Body.Dump) response(parse("3.11", "RestWalAccessTailingBufferLimit"), 0).body();

    assertThat(dump.lines()).hasSize(1);
    assertThat(dump.lines().get(0).get("type").asInt()).isEqualTo(2001);
  }

  @Test
  void updateIfMatchOtherExpectsPreconditionFailedWithConflictError() throws IOException {
    Transcript transcript = parse("3.11", "RestDocumentHandlerUpdateDocumentIfMatchOther");

    Transcript.Request request = transcript.exchanges().get(0).request();
    assertThat(request.method()).isEqualTo("PUT");
    assertThat(request.header("if-match")).hasValue("\"_gky3fnG--_\"");
    assertThat(request.body()).hasValue("{\"other\":\"content\"}");
    Transcript.Response response = response(transcript, 0);
    assertThat(response.status().code()).isEqualTo(OptionalInt.of(412));
    assertThat(response.headers().firstValue("etag")).hasValue("\"_gky3fnG---\"");
    Transcript.Body.Json body = (Transcript.Body.Json) response.body();
    assertThat(body.value().get("errorNum").asInt()).isEqualTo(1200);
    assertThat(body.value().get("errorMessage").asText()).isEqualTo("conflict, _rev values do not match");
  }

  @Test
  void infersTheStatusCodeFromTheReasonPhraseWhen34PrintedNone() throws IOException {
    Transcript.Response response = response(parse("3.4", "RestDocumentHandlerUpdateDocumentIfMatchOther"), 0);

    assertThat(response.status()).isEqualTo(new Transcript.Status(OptionalInt.of(412), "Precondition Failed", false));
    assertThat(response.mediaType()).hasValue("application/json");
    assertThat(response.headers().firstValue("content-type")).hasValue("application/json; charset=utf-8");
  }

  @Test
  void leavesTheStatusCodeUnknownForANonStandardReasonPhrase() {
    Transcript.Status status = TranscriptParser.parseStatusLine("HTTP/1.1 Teapot Brewing", 1);

    assertThat(status.code()).isEmpty();
    assertThat(status.codePrinted()).isFalse();
    assertThat(status.reasonPhrase()).isEqualTo("Teapot Brewing");
  }

  @Test
  void recordsAnExchangeWithoutResponseWhenTheDocsLoggedOnlyTheRequest() throws IOException {
    Transcript head = parse("3.11", "RestDocumentHandlerReadDocumentHead");
    assertThat(head.exchanges()).hasSize(1);
    assertThat(head.exchanges().get(0).request().method()).isEqualTo("HEAD");
    assertThat(head.exchanges().get(0).response()).isEmpty();
    assertThat(head.hasRecordedResponse()).isFalse();

    Transcript merge = parse("3.11", "RestDocumentHandlerPatchDocumentMerge");
    assertThat(merge.exchanges()).hasSize(5);
    assertThat(merge.exchanges()).extracting(exchange -> exchange.response().isPresent())
        .containsExactly(true, false, true, true, true);
    assertThat(merge.exchanges().get(1).request().pathAndQuery())
        .isEqualTo("/_api/document/products/69637?mergeObjects=true");
  }

  @Test
  void keepsTheHereDocumentBytesIncludingBlankLines() throws IOException {
    Transcript.Request request = parse("3.11", "RestImportJsonLines").exchanges().get(0).request();

    assertThat(request.pathAndQuery()).isEqualTo("/_api/import?collection=products&type=documents");
    assertThat(request.queryParameter("type")).hasValue("documents");
    assertThat(request.body()).hasValue(
        "{ \"_key\": \"abc\", \"value1\": 25, \"value2\": \"test\",\"allowed\": true }\n"
            + "{ \"_key\": \"foo\", \"name\": \"baz\" }\n"
            + "\n"
            + "{ \"name\": { \"detailed\": \"detailed name\", \"short\": \"short name\" } }\n");
  }

  @Test
  void keepsAnInvalidJsonRequestBodyVerbatimAndUnescapesTheErrorMessage() throws IOException {
    Transcript transcript = parse("3.11", "RestDocumentHandlerPostBadJson1");

    assertThat(transcript.exchanges().get(0).request().body()).hasValue("{ 1: \"World\" }");
    Transcript.Body.Json body = (Transcript.Body.Json) response(transcript, 0).body();
    assertThat(body.value().get("errorMessage").asText()).isEqualTo("VPackError error: Expecting '\"' or '}'");
  }

  @Test
  void aRequestWithoutDataHasNoBodyAndAnEmptyResponseBodyIsEmpty() throws IOException {
    Transcript transcript = parse("3.11", "RestWalAccessTailingEmpty");

    assertThat(transcript.exchanges().get(0).request().body()).isEmpty();
    Transcript.Response response = response(transcript, 0);
    assertThat(response.status().code()).isEqualTo(OptionalInt.of(204));
    assertThat(response.body()).isInstanceOf(Transcript.Body.Empty.class);
    assertThat(response.headers().firstValue("x-arango-replication-lastincluded")).hasValue("0");
  }

  @Test
  void readsMultiDocumentResultsAsOneJsonArray() throws IOException {
    Transcript.Response response = response(parse("3.11", "RestDocumentHandlerDeleteDocumentRevConflictMulti"), 0);

    Transcript.Body.Json body = (Transcript.Body.Json) response.body();
    assertThat(body.value().isArray()).isTrue();
    assertThat(body.value()).hasSize(2);
    assertThat(response.headers().firstValue("x-arango-error-codes")).hasValue("{\"1200\":2}");
  }

  @Test
  void rejectsTextThatIsNotATranscript() {
    assertThatThrownBy(() -> TranscriptParser.parse("3.11", "Broken", "HTTP/1.1 200 OK\n"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("expected 'shell> curl ...'");
  }

  @Test
  void splitsCurlWordsHonouringQuotes() {
    assertThat(TranscriptParser.shellWords("curl --header 'If-Match: \"_x\"' http://h/p?a=1&b=2"))
        .containsExactly("curl", "--header", "If-Match: \"_x\"", "http://h/p?a=1&b=2");
  }
}
