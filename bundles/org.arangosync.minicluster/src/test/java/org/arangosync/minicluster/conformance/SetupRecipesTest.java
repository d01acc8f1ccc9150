package org.arangosync.minicluster.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SetupRecipesTest {

  private static final Path ROOT = ApplicableTranscripts.transcriptsRoot();

  private static Transcript transcript(String version, String name) throws IOException {
    return TranscriptParser.parse(ROOT.resolve(version).resolve(name + ".generated"));
  }

  private static SetupRecipes.Recipe recipe(String version, String name) throws IOException {
    return SetupRecipes.recipeFor(transcript(version, name));
  }

  private static ObjectNode fields(String json) {
    return (ObjectNode) Json.tryParse(json).orElseThrow();
  }

  /** Records what the recipe steps and request preparation ask of the server, and answers like ArangoDB would. */
  private static final class RecordingSession implements SetupRecipes.Session {
    private final List<String> requests = new ArrayList<>();
    private Optional<String> tick = Optional.empty();

    @Override
    public ActualResponse send(String method, String pathAndQuery, List<Transcript.HeaderField> headers, Optional<String> body) {
      requests.add(method + " " + pathAndQuery);
      return ActualResponse.of(200, java.util.Map.of(), "{\"_rev\":\"_current---\"}");
    }

    @Override
    public ActualResponse sendToSystemDatabase(String method, String pathAndQuery, Optional<String> body) {
      requests.add("_system " + method + " " + pathAndQuery);
      return ActualResponse.of(201, java.util.Map.of(), "{}");
    }

    @Override
    public void noteTick(String noted) {
      tick = Optional.of(noted);
    }

    @Override
    public Optional<String> notedTick() {
      return tick;
    }
  }

  @Test
  void replaysDocumentTranscriptsInAFreshDatabaseThatIsDroppedAfterwards() throws IOException {
    SetupRecipes.Recipe recipe = recipe("3.11", "RestDocumentHandlerPostCreate1");

    assertThat(recipe.database()).isEqualTo("v3_11_RestDocumentHandlerPostCreate1");
    assertThat(recipe.setup()).first().isEqualTo(new SetupRecipes.CreateDatabase(
        "v3_11_RestDocumentHandlerPostCreate1", "each transcript replays in a database of its own"));
    assertThat(recipe.cleanup()).containsExactly(new SetupRecipes.DropDatabase(
        "v3_11_RestDocumentHandlerPostCreate1", true, "leave the server as it was"));
  }

  @Test
  void createsASyncingCollectionWhenAWriteWithoutWaitForSyncWasAnsweredAsSynced() throws IOException {
    assertThat(recipe("3.11", "RestDocumentHandlerPostCreate1").setup())
        .contains(new SetupRecipes.CreateCollection("products", 2, true, "the request names collection products"));
    assertThat(recipe("3.11", "RestDocumentHandlerPostWait1").setup())
        .contains(new SetupRecipes.CreateCollection("products", 2, false, "the request names collection products"));
    assertThat(recipe("3.11", "RestDocumentHandlerPostAccept1").setup())
        .contains(new SetupRecipes.CreateCollection("products", 2, false, "the request names collection products"));
  }

  @Test
  void createsNoCollectionWhenTheCaseIsAboutAnUnknownCollection() throws IOException {
    for (String name : List.of("RestDocumentHandlerPostUnknownCollection1", "RestDocumentHandlerReadDocumentUnknownHandle",
        "RestImportJsonInvalidCollection")) {
      assertThat(recipe("3.11", name).setup()).as(name).noneMatch(SetupRecipes.CreateCollection.class::isInstance);
    }
    assertThat(recipe("3.4", "RestDocumentHandlerReadDocumentAllCollectionDoesNotExist").setup())
        .noneMatch(SetupRecipes.CreateCollection.class::isInstance);
  }

  @Test
  void insertsTheDocumentTheUrlNamesWithTheFieldsOfItsFirstRead() throws IOException {
    assertThat(recipe("3.11", "RestDocumentHandlerReadDocument").setup()).contains(new SetupRecipes.InsertDocument(
        "products", "69735", fields("{\"hello\":\"world\"}"), "the URL names document products/69735"));
    assertThat(recipe("3.11", "RestDocumentHandlerPatchDocumentMerge").setup()).contains(new SetupRecipes.InsertDocument(
        "products", "69637", fields("{\"inhabitants\":{\"china\":1366980000,\"india\":1263590000,\"usa\":319220000}}"),
        "the URL names document products/69637"));
  }

  @Test
  void leavesOutOfTheInitialDocumentTheFieldsEarlierPatchesWrote() throws IOException {
    assertThat(recipe("3.11", "RestDocumentHandlerPatchDocument").setup()).contains(new SetupRecipes.InsertDocument(
        "products", "69623", fields("{\"one\":\"world\"}"), "the URL names document products/69623"));
  }

  @Test
  void insertsNoDocumentWhenTheCaseIsAboutAnUnknownDocument() throws IOException {
    for (String name : List.of("RestDocumentHandlerDeleteDocumentUnknownHandle", "RestDocumentHandlerUpdateDocumentUnknownHandle")) {
      assertThat(recipe("3.11", name).setup()).as(name).noneMatch(SetupRecipes.InsertDocument.class::isInstance);
    }
  }

  @Test
  void insertsTheSelectedDocumentsExceptThoseAnsweredAsNotFound() throws IOException {
    assertThat(recipe("3.11", "RestDocumentHandlerDeleteDocumentIdentifierMulti").setup())
        .filteredOn(SetupRecipes.InsertDocument.class::isInstance)
        .extracting(step -> ((SetupRecipes.InsertDocument) step).key())
        .containsExactly("1", "2");
    assertThat(recipe("3.11", "RestDocumentHandlerReadMultiDocument").setup())
        .contains(new SetupRecipes.InsertDocument("products", "doc2", fields("{\"say\":\"hi to mom\"}"),
            "the request body selects document products/doc2"));
    assertThat(recipe("3.11", "RestDocumentHandlerDeleteDocumentUnknownMulti").setup())
        .filteredOn(SetupRecipes.InsertDocument.class::isInstance)
        .extracting(step -> ((SetupRecipes.InsertDocument) step).collection() + "/" + ((SetupRecipes.InsertDocument) step).key())
        .containsExactly("other/2");
  }

  @Test
  void appliesTheOverridesWhereTheRecordingCannotShowTheScript() throws IOException {
    assertThat(recipe("3.11", "RestImportJsonEdgeInvalid").setup())
        .filteredOn(SetupRecipes.CreateCollection.class::isInstance)
        .extracting(step -> ((SetupRecipes.CreateCollection) step).type())
        .containsExactly(3);
    assertThat(recipe("3.11", "RestDocumentHandlerDeleteDocumentRevConflictMulti").setup())
        .filteredOn(SetupRecipes.CreateCollection.class::isInstance)
        .extracting(step -> ((SetupRecipes.CreateCollection) step).waitForSync())
        .containsExactly(true);
  }

  @Test
  void detectsAnEdgeCollectionFromTheImportedDocuments() throws IOException {
    assertThat(recipe("3.11", "RestImportJsonEdge").setup())
        .filteredOn(SetupRecipes.CreateCollection.class::isInstance)
        .extracting(step -> ((SetupRecipes.CreateCollection) step).name() + ":" + ((SetupRecipes.CreateCollection) step).type())
        .containsExactly("links:3", "products:2");
  }

  @Test
  void replaysTailingInSystemAfterTheDocsProductsLifecycle() throws IOException {
    SetupRecipes.Recipe recipe = recipe("3.11", "RestWalAccessTailingSome");

    assertThat(recipe.database()).isEqualTo("_system");
    assertThat(recipe.setup()).extracting(SetupRecipes.Step::describe).containsExactly(
        "drop collection products if it exists",
        "note state.lastLogTick of GET /_api/replication/logger-state",
        "create collection products",
        "insert products/p1 {\"name\":\"flux compensator\"}",
        "insert products/p2 {\"name\":\"hybrid hovercraft\",\"hp\":5100}",
        "remove products/p1",
        "update products/p2 with {\"name\":\"broken hovercraft\"}",
        "drop collection products");
    assertThat(recipe("3.11", "RestWalAccessTailingEmpty").setup()).extracting(SetupRecipes.Step::describe)
        .containsExactly("note state.lastLogTick of GET /_api/replication/logger-state");
  }

  @Test
  void createsTheDatabaseARequestDropsAndDropsTheOneARequestCreates() throws IOException {
    SetupRecipes.Recipe drop = recipe("3.11", "RestDatabaseDrop");
    SetupRecipes.Recipe create = recipe("3.11", "RestDatabaseCreate");

    assertThat(drop.database()).isEqualTo("_system");
    assertThat(drop.setup()).extracting(SetupRecipes.Step::describe).containsExactly("create database example");
    assertThat(create.setup()).isEmpty();
    assertThat(create.cleanup()).extracting(SetupRecipes.Step::describe).containsExactly("drop database example if it exists");
  }

  @Test
  void asksTailingFromTheNotedTick() throws Exception {
    Transcript.Exchange tail = transcript("3.11", "RestWalAccessTailingBufferLimit").exchanges().get(0);
    RecordingSession session = new RecordingSession();
    session.noteTick("7");

    SetupRecipes.PreparedRequest request = SetupRecipes.prepare(tail, session);

    assertThat(request.pathAndQuery()).isEqualTo("/_api/wal/tail?from=7&chunkSize=400");
  }

  @Test
  void keepsARevisionTheRecordingShowsStaleAndReplacesOneItShowsMatching() throws Exception {
    RecordingSession session = new RecordingSession();

    SetupRecipes.PreparedRequest stale = SetupRecipes.prepare(
        transcript("3.11", "RestDocumentHandlerUpdateDocumentIfMatchOther").exchanges().get(0), session);
    SetupRecipes.PreparedRequest conflict = SetupRecipes.prepare(
        transcript("3.11", "RestDocumentHandlerDeleteDocumentRevConflictMulti").exchanges().get(0), session);
    SetupRecipes.PreparedRequest matching = SetupRecipes.prepare(
        transcript("3.11", "RestDocumentHandlerDeleteDocumentRevMulti").exchanges().get(0), session);

    assertThat(stale.headers()).contains(new Transcript.HeaderField("If-Match", "\"_gky3fnG--_\""));
    assertThat(conflict.body()).hasValueSatisfying(body -> assertThat(body).contains("non-matching revision"));
    assertThat(matching.body()).hasValue("[{\"_key\":\"1\",\"_rev\":\"_current---\"},{\"_key\":\"2\",\"_rev\":\"_current---\"}]");
    assertThat(session.requests).containsExactly("GET /_api/document/products/1", "GET /_api/document/products/2");
  }

  @Test
  void replacesAnIfNoneMatchRevisionByTheCurrentOne() throws Exception {
    RecordingSession session = new RecordingSession();

    SetupRecipes.PreparedRequest request = SetupRecipes.prepare(
        transcript("3.11", "RestDocumentHandlerReadDocumentIfNoneMatch").exchanges().get(0), session);

    assertThat(request.headers()).contains(new Transcript.HeaderField("If-None-Match", "\"_current---\""));
  }

  @Test
  void derivesARecipeForEveryApplicableTranscript() throws IOException {
    for (Transcript transcript : ApplicableTranscripts.select(ROOT).applicable()) {
      SetupRecipes.Recipe recipe = SetupRecipes.recipeFor(transcript);
      assertThat(recipe.database()).as(transcript.id()).hasSizeLessThanOrEqualTo(64);
      assertThat(recipe.setup()).as(transcript.id()).allSatisfy(step -> assertThat(step.because()).isNotBlank());
    }
  }
}
