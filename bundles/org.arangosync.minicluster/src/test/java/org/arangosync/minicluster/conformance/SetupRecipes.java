package org.arangosync.minicluster.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * What must exist before a transcript is replayed, and how a recorded request is adjusted to the
 * server under test.
 *
 * <p>A transcript shows only the requests the docs example logged; the example script first
 * created collections and documents (for example {@code products} with a document whose key the
 * URL then names). Those preconditions are derived here from the transcript itself, by the generic
 * rules below, with a few per-name overrides where the recording cannot show what the script did.
 * Every step carries a one-line reason, printed when a replay fails.
 *
 * <p>Generic rules, applied in this order:
 * <ol>
 *   <li><b>Database.</b> Transcripts of server-wide or {@code _system}-only APIs (databases,
 *       version, endpoints, replication logger, WAL) replay in {@code _system}, as recorded. All
 *       others replay in a fresh database of their own, created first and dropped afterwards, so
 *       that no two transcripts see each other's collections.
 *   <li><b>Tailing.</b> A {@code wal/tail} or {@code logger-follow} request that expects markers
 *       replays the docs' products lifecycle (drop {@code products}; note the last log tick;
 *       create {@code products}; insert {@code p1}, {@code p2}; remove {@code p1}; update
 *       {@code p2}; drop {@code products}) and then asks {@code from} the noted tick; one that
 *       expects no markers asks from the last tick noted just before.
 *   <li><b>Databases.</b> A database the URL drops is created first, unless the recording answers
 *       "database not found".
 *   <li><b>Collections.</b> A collection the request names (document URL, collection URL, import
 *       {@code collection} parameter) is created first, unless the first request naming it is
 *       answered "collection or view not found" (1203): then the case is about an unknown
 *       collection. It is an edge collection when a request body holds {@code _from}/{@code _to};
 *       it syncs ({@code waitForSync: true}) when a document write without
 *       {@code ?waitForSync=true} is answered 200 or 201, which ArangoDB only does for syncing
 *       collections.
 *   <li><b>Documents.</b> A document the URL names is inserted with that key, unless the first
 *       request naming it is answered "document not found" (1202). Its fields are those of the
 *       first recorded full read of it, minus the fields earlier requests wrote.
 *   <li><b>Selectors.</b> The documents a multi-document delete or read names are inserted, except
 *       those the recording answers with "document not found"; a read result's fields are used.
 * </ol>
 *
 * <p>Request adjustments ({@link #prepare}): a revision the recording shows was stale (an
 * {@code If-Match} answered 412, a selector {@code _rev} answered with an error) is kept, because
 * it will not match ours either, which is the point; a revision the recording shows matched is
 * replaced by the document's current revision on the server under test. A tailing {@code from} is
 * replaced by the tick the recipe noted.
 */
public final class SetupRecipes {

  public static final String SYSTEM_DATABASE = "_system";

  private static final int DOCUMENT_COLLECTION = 2;
  private static final int EDGE_COLLECTION = 3;
  private static final int ERROR_DOCUMENT_NOT_FOUND = 1202;
  private static final int ERROR_DATA_SOURCE_NOT_FOUND = 1203;
  private static final int ERROR_DATABASE_NOT_FOUND = 1228;
  private static final int MAX_DATABASE_NAME_LENGTH = 64;
  private static final Set<String> SYSTEM_ATTRIBUTES = Set.of("_key", "_id", "_rev", "_oldRev");

  /** API paths that exist only in {@code _system} or are the same in every database. */
  private static final List<String> SYSTEM_SCOPED_PATHS = List.of(
      "/_api/database", "/_api/version", "/_api/endpoint", "/_api/replication/", "/_api/wal/");

  private static final List<String> TAILING_PATHS = List.of("/_api/wal/tail", "/_api/replication/logger-follow");

  /**
   * Where the generic rules cannot see what the docs script did. Each override names its reason.
   * They apply to every version of the named example.
   */
  private static final Map<String, RecipeOverride> OVERRIDES = Map.of(
      "RestDocumentHandlerDeleteDocumentUnknownHandle", new RecipeOverride(
          "the docs script created products with waitForSync: true, which a 404 cannot show",
          (draft, because) -> draft.syncing("products", because)),
      "RestDocumentHandlerDeleteDocumentUnknownHandleMulti", new RecipeOverride(
          "the docs script created products with waitForSync: true, which a 404 cannot show",
          (draft, because) -> draft.syncing("products", because)),
      "RestDocumentHandlerDeleteDocumentRevConflictMulti", new RecipeOverride(
          "the docs script created products with waitForSync: true; ArangoDB answers 202 when every item fails",
          (draft, because) -> draft.syncing("products", because)),
      "RestDocumentHandlerDeleteDocumentUnknownMulti", new RecipeOverride(
          "the docs script created products and other with waitForSync: true and stored other/2,"
              + " so the selector other/2 names an existing document of another collection",
          (draft, because) -> {
            draft.syncing("products", because);
            draft.collection("other", DOCUMENT_COLLECTION, true, because);
            draft.document("other", "2", Json.MAPPER.createObjectNode(), because);
          }),
      "RestCollectionIdentifierTruncate", new RecipeOverride(
          "the docs script created products with waitForSync: true, which the truncate answer does not show",
          (draft, because) -> draft.syncing("products", because)),
      "RestImportJsonEdgeInvalid", new RecipeOverride(
          "the docs script created links as an edge collection; the invalid edge in the body lacks _from/_to",
          (draft, because) -> draft.edges("links", because)),
      "RestImportJsonEdge", new RecipeOverride(
          "the docs script also created products, the collection the edges point into",
          (draft, because) -> draft.collection("products", DOCUMENT_COLLECTION, false, because)));

  private SetupRecipes() {}

  /** A setup or cleanup step could not be carried out, or a request could not be prepared. */
  public static final class SetupFailure extends Exception {
    private static final long serialVersionUID = 1L;

    public SetupFailure(String message) {
      super(message);
    }
  }

  /**
   * What the replay of one transcript does besides sending its requests.
   *
   * @param database the database the transcript's requests go to
   * @param setup the steps before the first request, in order
   * @param cleanup the steps after the last request, run even when something failed
   */
  public record Recipe(String database, List<Step> setup, List<Step> cleanup) {
    public Recipe {
      setup = List.copyOf(setup);
      cleanup = List.copyOf(cleanup);
    }

    /** One line per step with its reason, for reports. */
    public List<String> describe() {
      List<String> lines = new ArrayList<>();
      lines.add("replay in database " + database);
      setup.forEach(step -> lines.add("setup: " + step.describe() + " -- " + step.because()));
      cleanup.forEach(step -> lines.add("cleanup: " + step.describe() + " -- " + step.because()));
      return lines;
    }
  }

  /** What the replay needs of the server besides sending requests; implemented by {@link TranscriptReplayer}. */
  public interface Session {

    /** Sends a request to the replay database ({@code _system} requests go unprefixed, as recorded). */
    ActualResponse send(String method, String pathAndQuery, List<Transcript.HeaderField> headers, Optional<String> body)
        throws IOException, InterruptedException;

    /** Sends a request to {@code _system}, for database administration. */
    ActualResponse sendToSystemDatabase(String method, String pathAndQuery, Optional<String> body)
        throws IOException, InterruptedException;

    /** Remembers the tick a recipe noted, for {@code from} parameters. */
    void noteTick(String tick);

    /** The tick noted last. */
    Optional<String> notedTick();
  }

  /** One precondition or cleanup action, performed over HTTP. */
  public sealed interface Step permits CreateDatabase, DropDatabase, CreateCollection, DropCollection,
      InsertDocument, RemoveDocument, UpdateDocument, NoteLastLogTick {

    /** Why the step is needed, in one line. */
    String because();

    /** What the step does, in one line. */
    String describe();

    void perform(Session session) throws SetupFailure, IOException, InterruptedException;
  }

  /** Creates a database (in {@code _system}). */
  public record CreateDatabase(String name, String because) implements Step {
    @Override
    public String describe() {
      return "create database " + name;
    }

    @Override
    public void perform(Session session) throws SetupFailure, IOException, InterruptedException {
      ObjectNode body = Json.MAPPER.createObjectNode().put("name", name);
      expectStatus(session.sendToSystemDatabase("POST", "/_api/database", Optional.of(body.toString())), describe(), 201);
    }
  }

  /** Drops a database (in {@code _system}); with {@code ifExists}, a missing database is fine. */
  public record DropDatabase(String name, boolean ifExists, String because) implements Step {
    @Override
    public String describe() {
      return "drop database " + name + (ifExists ? " if it exists" : "");
    }

    @Override
    public void perform(Session session) throws SetupFailure, IOException, InterruptedException {
      ActualResponse response = session.sendToSystemDatabase("DELETE", "/_api/database/" + name, Optional.empty());
      if (ifExists) {
        expectStatus(response, describe(), 200, 404);
      } else {
        expectStatus(response, describe(), 200);
      }
    }
  }

  /** Creates a collection of the given type (2 document, 3 edge). */
  public record CreateCollection(String name, int type, boolean waitForSync, String because) implements Step {
    @Override
    public String describe() {
      return "create " + (type == EDGE_COLLECTION ? "edge " : "") + "collection " + name
          + (waitForSync ? " with waitForSync" : "");
    }

    @Override
    public void perform(Session session) throws SetupFailure, IOException, InterruptedException {
      ObjectNode body = Json.MAPPER.createObjectNode().put("name", name).put("type", type).put("waitForSync", waitForSync);
      expectStatus(session.send("POST", "/_api/collection", List.of(), Optional.of(body.toString())), describe(), 200);
    }
  }

  /** Drops a collection; with {@code ifExists}, a missing collection is fine. */
  public record DropCollection(String name, boolean ifExists, String because) implements Step {
    @Override
    public String describe() {
      return "drop collection " + name + (ifExists ? " if it exists" : "");
    }

    @Override
    public void perform(Session session) throws SetupFailure, IOException, InterruptedException {
      ActualResponse response = session.send("DELETE", "/_api/collection/" + name, List.of(), Optional.empty());
      if (ifExists) {
        expectStatus(response, describe(), 200, 404);
      } else {
        expectStatus(response, describe(), 200);
      }
    }
  }

  /** Inserts a document with a given key and fields. */
  public record InsertDocument(String collection, String key, ObjectNode fields, String because) implements Step {
    @Override
    public String describe() {
      return "insert " + collection + "/" + key + " " + fields;
    }

    @Override
    public void perform(Session session) throws SetupFailure, IOException, InterruptedException {
      ObjectNode document = Json.MAPPER.createObjectNode().put("_key", key);
      document.setAll(fields);
      expectStatus(session.send("POST", "/_api/document/" + collection, List.of(), Optional.of(document.toString())),
          describe(), 201, 202);
    }
  }

  /** Removes a document. */
  public record RemoveDocument(String collection, String key, String because) implements Step {
    @Override
    public String describe() {
      return "remove " + collection + "/" + key;
    }

    @Override
    public void perform(Session session) throws SetupFailure, IOException, InterruptedException {
      expectStatus(session.send("DELETE", "/_api/document/" + collection + "/" + key, List.of(), Optional.empty()),
          describe(), 200, 202);
    }
  }

  /** Partially updates a document. */
  public record UpdateDocument(String collection, String key, ObjectNode fields, String because) implements Step {
    @Override
    public String describe() {
      return "update " + collection + "/" + key + " with " + fields;
    }

    @Override
    public void perform(Session session) throws SetupFailure, IOException, InterruptedException {
      expectStatus(session.send("PATCH", "/_api/document/" + collection + "/" + key, List.of(), Optional.of(fields.toString())),
          describe(), 201, 202);
    }
  }

  /** Notes {@code state.lastLogTick} of the logger state, as the docs scripts did before acting. */
  public record NoteLastLogTick(String because) implements Step {
    @Override
    public String describe() {
      return "note state.lastLogTick of GET /_api/replication/logger-state";
    }

    @Override
    public void perform(Session session) throws SetupFailure, IOException, InterruptedException {
      ActualResponse response = session.send("GET", "/_api/replication/logger-state", List.of(), Optional.empty());
      expectStatus(response, describe(), 200);
      JsonNode tick = Json.tryParse(response.bodyText()).map(state -> state.path("state").path("lastLogTick"))
          .orElseThrow(() -> new SetupFailure(describe() + ": body is not JSON: " + response.bodyText()));
      if (!tick.isTextual()) {
        throw new SetupFailure(describe() + ": no string state.lastLogTick in " + response.bodyText());
      }
      session.noteTick(tick.asText());
    }
  }

  private static void expectStatus(ActualResponse response, String step, int... accepted) throws SetupFailure {
    for (int status : accepted) {
      if (response.statusCode() == status) {
        return;
      }
    }
    throw new SetupFailure(step + ": HTTP " + response.statusCode() + " " + response.bodyText());
  }

  /** The recipe for one transcript, derived by the rules in the class comment plus its override, if any. */
  public static Recipe recipeFor(Transcript transcript) {
    boolean systemScoped = transcript.exchanges().stream()
        .anyMatch(exchange -> SYSTEM_SCOPED_PATHS.stream().anyMatch(exchange.request().path()::startsWith));
    String database = systemScoped ? SYSTEM_DATABASE : replayDatabaseName(transcript);
    Draft draft = new Draft();
    List<Step> setup = new ArrayList<>();
    List<Step> cleanup = new ArrayList<>();

    if (!systemScoped) {
      setup.add(new CreateDatabase(database, "each transcript replays in a database of its own"));
    }
    deriveTailing(transcript, setup, cleanup);
    deriveDatabases(transcript, setup, cleanup);
    deriveCollections(transcript, draft);
    deriveDocumentsNamedByUrl(transcript, draft);
    deriveDocumentsNamedBySelectors(transcript, draft);
    RecipeOverride override = OVERRIDES.get(transcript.name());
    if (override != null) {
      override.change().accept(draft, "override: " + override.reason());
    }
    setup.addAll(draft.steps());

    if (systemScoped) {
      // Anything created in _system would leak into later transcripts.
      draft.collections.keySet().forEach(name ->
          cleanup.add(new DropCollection(name, true, "leave _system as it was")));
    } else {
      cleanup.add(new DropDatabase(database, true, "leave the server as it was"));
    }
    return new Recipe(database, setup, cleanup);
  }

  /** {@code v<version>_<name>}, cut to ArangoDB's 64-character limit for database names. */
  static String replayDatabaseName(Transcript transcript) {
    String name = "v" + transcript.version().replace('.', '_') + "_" + transcript.name();
    return name.length() <= MAX_DATABASE_NAME_LENGTH ? name : name.substring(0, MAX_DATABASE_NAME_LENGTH);
  }

  private static void deriveTailing(Transcript transcript, List<Step> setup, List<Step> cleanup) {
    Optional<Transcript.Exchange> tailing = transcript.exchanges().stream()
        .filter(exchange -> isTailingRequest(exchange.request()))
        .findFirst();
    if (tailing.isEmpty()) {
      return;
    }
    boolean expectsMarkers = tailing.get().response()
        .map(response -> !(response.body() instanceof Transcript.Body.Empty))
        .orElse(false);
    if (!expectsMarkers) {
      setup.add(new NoteLastLogTick("the docs asked from the last tick, expecting nothing after it"));
      return;
    }
    String because = "the docs' products lifecycle, whose markers the recording shows";
    setup.add(new DropCollection("products", true, because));
    setup.add(new NoteLastLogTick(because + ": tailing starts after this tick"));
    setup.add(new CreateCollection("products", DOCUMENT_COLLECTION, false, because));
    setup.add(new InsertDocument("products", "p1", fields("{\"name\":\"flux compensator\"}"), because));
    setup.add(new InsertDocument("products", "p2", fields("{\"name\":\"hybrid hovercraft\",\"hp\":5100}"), because));
    setup.add(new RemoveDocument("products", "p1", because));
    setup.add(new UpdateDocument("products", "p2", fields("{\"name\":\"broken hovercraft\"}"), because));
    setup.add(new DropCollection("products", false, because));
    cleanup.add(new DropCollection("products", true, "leave _system as it was if the lifecycle stopped half-way"));
  }

  private static void deriveDatabases(Transcript transcript, List<Step> setup, List<Step> cleanup) {
    Set<String> seen = new HashSet<>();
    for (Transcript.Exchange exchange : transcript.exchanges()) {
      Transcript.Request request = exchange.request();
      List<String> segments = segments(request.path());
      if (segments.size() == 3 && segments.get(1).equals("database") && !segments.get(2).equals("current")
          && request.method().equals("DELETE") && seen.add(segments.get(2))) {
        if (expectedErrorNum(exchange).orElse(0) != ERROR_DATABASE_NOT_FOUND) {
          setup.add(new CreateDatabase(segments.get(2), "the request drops database " + segments.get(2)));
        }
        cleanup.add(new DropDatabase(segments.get(2), true, "leave the server as it was"));
      }
      if (request.method().equals("POST") && request.path().equals("/_api/database")) {
        requestValues(request).stream()
            .map(value -> value.path("name").asText(""))
            .filter(name -> !name.isEmpty() && seen.add(name))
            .forEach(name -> cleanup.add(new DropDatabase(name, true, "the request creates database " + name)));
      }
    }
  }

  private static void deriveCollections(Transcript transcript, Draft draft) {
    Map<String, Boolean> firstAnswerWasUnknown = new LinkedHashMap<>();
    Set<String> edgeCollections = new HashSet<>();
    Set<String> syncingCollections = new HashSet<>();
    for (Transcript.Exchange exchange : transcript.exchanges()) {
      Optional<String> collection = collectionNamedBy(exchange.request());
      if (collection.isEmpty()) {
        continue;
      }
      firstAnswerWasUnknown.putIfAbsent(collection.get(),
          expectedErrorNum(exchange).orElse(0) == ERROR_DATA_SOURCE_NOT_FOUND);
      if (requestValues(exchange.request()).stream().anyMatch(SetupRecipes::holdsEdge)) {
        edgeCollections.add(collection.get());
      }
      if (isAnsweredAsSynced(exchange)) {
        syncingCollections.add(collection.get());
      }
    }
    firstAnswerWasUnknown.forEach((name, unknown) -> {
      if (!unknown) {
        draft.collection(name, edgeCollections.contains(name) ? EDGE_COLLECTION : DOCUMENT_COLLECTION,
            syncingCollections.contains(name), "the request names collection " + name);
      }
    });
  }

  private static void deriveDocumentsNamedByUrl(Transcript transcript, Draft draft) {
    List<Transcript.Exchange> exchanges = transcript.exchanges();
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < exchanges.size(); i++) {
      Transcript.Request request = exchanges.get(i).request();
      List<String> segments = segments(request.path());
      if (segments.size() != 4 || !segments.get(1).equals("document") || request.method().equals("POST")) {
        continue;
      }
      String collection = segments.get(2);
      String key = segments.get(3);
      if (!seen.add(collection + "/" + key)) {
        continue;
      }
      int errorNum = expectedErrorNum(exchanges.get(i)).orElse(0);
      if (errorNum == ERROR_DOCUMENT_NOT_FOUND || errorNum == ERROR_DATA_SOURCE_NOT_FOUND) {
        continue;
      }
      draft.document(collection, key, initialFields(exchanges, request.path(), key),
          "the URL names document " + collection + "/" + key);
    }
  }

  /** The fields of the first recorded full read of a document, minus those earlier requests wrote. */
  private static ObjectNode initialFields(List<Transcript.Exchange> exchanges, String documentPath, String key) {
    Set<String> writtenEarlier = new HashSet<>();
    for (Transcript.Exchange exchange : exchanges) {
      Transcript.Request request = exchange.request();
      if (!request.path().equals(documentPath)) {
        continue;
      }
      Optional<JsonNode> read = exchange.response()
          .filter(response -> request.method().equals("GET") && response.status().code().orElse(0) == 200)
          .map(Transcript.Response::body)
          .filter(Transcript.Body.Json.class::isInstance)
          .map(body -> ((Transcript.Body.Json) body).value())
          .filter(value -> value.path("_key").asText().equals(key));
      if (read.isPresent()) {
        ObjectNode fields = userFields(read.get());
        fields.remove(writtenEarlier);
        return fields;
      }
      requestValues(request).stream()
          .filter(JsonNode::isObject)
          .forEach(value -> value.fieldNames().forEachRemaining(writtenEarlier::add));
    }
    return Json.MAPPER.createObjectNode();
  }

  private static void deriveDocumentsNamedBySelectors(Transcript transcript, Draft draft) {
    for (Transcript.Exchange exchange : transcript.exchanges()) {
      Transcript.Request request = exchange.request();
      List<String> segments = segments(request.path());
      boolean multiDocument = segments.size() == 3 && segments.get(1).equals("document")
          && (request.method().equals("DELETE")
              || (request.method().equals("PUT") && request.queryParameter("onlyget").orElse("").equals("true")));
      Optional<JsonNode> selectors = request.body().flatMap(Json::tryParse).filter(JsonNode::isArray);
      if (!multiDocument || selectors.isEmpty()) {
        continue;
      }
      String collection = segments.get(2);
      JsonNode results = expectedBody(exchange).filter(JsonNode::isArray).orElse(Json.MAPPER.createArrayNode());
      for (int i = 0; i < selectors.get().size(); i++) {
        Optional<String[]> target = selectorTarget(selectors.get().get(i), collection);
        JsonNode result = results.path(i);
        if (target.isEmpty() || !target.get()[0].equals(collection)
            || result.path("errorNum").asInt() == ERROR_DOCUMENT_NOT_FOUND) {
          continue;
        }
        boolean resultIsTheDocument = !result.path("error").asBoolean(false)
            && result.path("_key").asText().equals(target.get()[1]);
        draft.document(collection, target.get()[1],
            resultIsTheDocument ? userFields(result) : Json.MAPPER.createObjectNode(),
            "the request body selects document " + collection + "/" + target.get()[1]);
      }
    }
  }

  /** {@code [collection, key]} of a selector: {@code "key"}, {@code "collection/key"} or {@code {"_key": ...}}. */
  private static Optional<String[]> selectorTarget(JsonNode selector, String urlCollection) {
    String handle = selector.isTextual() ? selector.asText() : selector.path("_key").asText("");
    if (handle.isEmpty()) {
      return Optional.empty();
    }
    int slash = handle.indexOf('/');
    return Optional.of(slash < 0
        ? new String[] {urlCollection, handle}
        : new String[] {handle.substring(0, slash), handle.substring(slash + 1)});
  }

  /**
   * The request as it is sent to the server under test: the tailing {@code from} replaced by the
   * noted tick, and recorded revisions that matched in the recording replaced by current ones.
   */
  public static PreparedRequest prepare(Transcript.Exchange exchange, Session session)
      throws SetupFailure, IOException, InterruptedException {
    Transcript.Request request = exchange.request();
    String pathAndQuery = request.pathAndQuery();
    if (isTailingRequest(request) && request.queryParameter("from").isPresent()) {
      String tick = session.notedTick().orElseThrow(() -> new SetupFailure("no tick was noted for the from parameter"));
      pathAndQuery = withQueryParameter(request, "from", tick);
    }
    OptionalInt expectedStatus = exchange.response().map(response -> response.status().code()).orElse(OptionalInt.empty());
    List<Transcript.HeaderField> headers = new ArrayList<>();
    for (Transcript.HeaderField header : request.headers()) {
      boolean staleOnPurpose =
          (header.name().equalsIgnoreCase("If-Match") && expectedStatus.orElse(0) == 412)
              || (header.name().equalsIgnoreCase("If-None-Match") && expectedStatus.orElse(0) == 200);
      boolean revisionHeader = header.name().equalsIgnoreCase("If-Match") || header.name().equalsIgnoreCase("If-None-Match");
      if (revisionHeader && !staleOnPurpose) {
        headers.add(new Transcript.HeaderField(header.name(), "\"" + currentRevision(session, request.path()) + "\""));
      } else {
        headers.add(header);
      }
    }
    return new PreparedRequest(request.method(), pathAndQuery, headers, withCurrentSelectorRevisions(exchange, session));
  }

  /**
   * The request to send.
   *
   * @param method the HTTP method
   * @param pathAndQuery the path relative to the replay database
   * @param headers the request headers
   * @param body the body, if any
   */
  public record PreparedRequest(String method, String pathAndQuery, List<Transcript.HeaderField> headers, Optional<String> body) {}

  private static Optional<String> withCurrentSelectorRevisions(Transcript.Exchange exchange, Session session)
      throws SetupFailure, IOException, InterruptedException {
    Transcript.Request request = exchange.request();
    List<String> segments = segments(request.path());
    Optional<JsonNode> selectors = request.body().flatMap(Json::tryParse).filter(JsonNode::isArray);
    Optional<JsonNode> results = expectedBody(exchange).filter(JsonNode::isArray);
    if (segments.size() != 3 || !segments.get(1).equals("document") || selectors.isEmpty() || results.isEmpty()) {
      return request.body();
    }
    ArrayNode adjusted = (ArrayNode) selectors.get().deepCopy();
    boolean changed = false;
    for (int i = 0; i < adjusted.size(); i++) {
      JsonNode selector = adjusted.get(i);
      JsonNode result = results.get().path(i);
      boolean matchedInRecording = result.isObject() && !result.path("error").asBoolean(false)
          && result.path("_rev").asText().equals(selector.path("_rev").asText(null));
      if (selector.isObject() && selector.has("_rev") && matchedInRecording) {
        String documentPath = "/_api/document/" + segments.get(2) + "/" + selector.path("_key").asText();
        ((ObjectNode) selector).put("_rev", currentRevision(session, documentPath));
        changed = true;
      }
    }
    return changed ? Optional.of(adjusted.toString()) : request.body();
  }

  private static String currentRevision(Session session, String documentPath)
      throws SetupFailure, IOException, InterruptedException {
    ActualResponse response = session.send("GET", documentPath, List.of(), Optional.empty());
    Optional<JsonNode> revision = Json.tryParse(response.bodyText()).map(document -> document.path("_rev"));
    if (response.statusCode() != 200 || revision.isEmpty() || !revision.get().isTextual()) {
      throw new SetupFailure("reading the current revision of " + documentPath + ": HTTP " + response.statusCode()
          + " " + response.bodyText());
    }
    return revision.get().asText();
  }

  private static String withQueryParameter(Transcript.Request request, String name, String value) {
    List<String> pairs = new ArrayList<>();
    for (String pair : request.query().split("&")) {
      pairs.add(pair.startsWith(name + "=") ? name + "=" + value : pair);
    }
    return request.path() + "?" + String.join("&", pairs);
  }

  private static boolean isTailingRequest(Transcript.Request request) {
    return TAILING_PATHS.contains(request.path());
  }

  /** The collection a request addresses by URL or import parameter. */
  private static Optional<String> collectionNamedBy(Transcript.Request request) {
    List<String> segments = segments(request.path());
    if (segments.size() >= 3 && (segments.get(1).equals("document") || segments.get(1).equals("collection"))) {
      return Optional.of(segments.get(2));
    }
    if (request.path().equals("/_api/import")) {
      return request.queryParameter("collection");
    }
    return Optional.empty();
  }

  /** A document write answered 200/201 without asking for a sync: ArangoDB does that only for a syncing collection. */
  private static boolean isAnsweredAsSynced(Transcript.Exchange exchange) {
    Transcript.Request request = exchange.request();
    List<String> segments = segments(request.path());
    boolean documentWrite = segments.size() >= 3 && segments.get(1).equals("document")
        && List.of("POST", "PUT", "PATCH", "DELETE").contains(request.method())
        && !request.queryParameter("onlyget").orElse("").equals("true");
    int status = exchange.response().flatMap(response -> {
      OptionalInt code = response.status().code();
      return code.isPresent() ? Optional.of(code.getAsInt()) : Optional.empty();
    }).orElse(0);
    return documentWrite && (status == 200 || status == 201)
        && !request.queryParameter("waitForSync").orElse("").equals("true");
  }

  private static boolean holdsEdge(JsonNode value) {
    if (value.isArray()) {
      for (JsonNode element : value) {
        if (holdsEdge(element)) {
          return true;
        }
      }
      return false;
    }
    return value.has("_from") || value.has("_to");
  }

  /** {@code /_api/document/products/1} gives {@code [_api, document, products, 1]}. */
  private static List<String> segments(String path) {
    List<String> segments = new ArrayList<>();
    for (String segment : path.split("/")) {
      if (!segment.isEmpty()) {
        segments.add(segment);
      }
    }
    return segments;
  }

  /** The request body as JSON values: one value, or one per line for JSON-lines bodies. */
  private static List<JsonNode> requestValues(Transcript.Request request) {
    if (request.body().isEmpty()) {
      return List.of();
    }
    Optional<JsonNode> whole = Json.tryParse(request.body().get());
    if (whole.isPresent()) {
      return List.of(whole.get());
    }
    List<JsonNode> lines = new ArrayList<>();
    for (String line : request.body().get().split("\n")) {
      Json.tryParse(line).ifPresent(lines::add);
    }
    return lines;
  }

  private static Optional<JsonNode> expectedBody(Transcript.Exchange exchange) {
    return exchange.response()
        .map(Transcript.Response::body)
        .filter(Transcript.Body.Json.class::isInstance)
        .map(body -> ((Transcript.Body.Json) body).value());
  }

  private static OptionalInt expectedErrorNum(Transcript.Exchange exchange) {
    return expectedBody(exchange)
        .filter(body -> body.path("error").asBoolean(false) && body.path("errorNum").isInt())
        .map(body -> OptionalInt.of(body.get("errorNum").asInt()))
        .orElse(OptionalInt.empty());
  }

  private static ObjectNode userFields(JsonNode document) {
    ObjectNode fields = Json.MAPPER.createObjectNode();
    Iterator<Map.Entry<String, JsonNode>> entries = document.fields();
    while (entries.hasNext()) {
      Map.Entry<String, JsonNode> entry = entries.next();
      if (!SYSTEM_ATTRIBUTES.contains(entry.getKey())) {
        fields.set(entry.getKey(), entry.getValue().deepCopy());
      }
    }
    return fields;
  }

  private static ObjectNode fields(String json) {
    return (ObjectNode) Json.tryParse(json).orElseThrow();
  }

  /**
   * A per-name correction of the derived recipe.
   *
   * @param reason why the generic rules are wrong for this example
   * @param change what it changes, given the draft and the reason to record on the steps it adds
   */
  private record RecipeOverride(String reason, BiConsumer<Draft, String> change) {}

  /** The collections and documents a recipe will create, while rules and overrides refine them. */
  private static final class Draft {
    private final Map<String, CollectionSpec> collections = new LinkedHashMap<>();
    private final Map<String, DocumentSpec> documents = new LinkedHashMap<>();

    private record CollectionSpec(String name, int type, boolean waitForSync, String because) {}

    private record DocumentSpec(String collection, String key, ObjectNode fields, String because) {}

    void collection(String name, int type, boolean waitForSync, String because) {
      collections.put(name, new CollectionSpec(name, type, waitForSync, because));
    }

    void syncing(String name, String because) {
      CollectionSpec existing = collections.get(name);
      int type = existing == null ? DOCUMENT_COLLECTION : existing.type();
      collections.put(name, new CollectionSpec(name, type, true, because));
    }

    void edges(String name, String because) {
      CollectionSpec existing = collections.get(name);
      boolean waitForSync = existing != null && existing.waitForSync();
      collections.put(name, new CollectionSpec(name, EDGE_COLLECTION, waitForSync, because));
    }

    void document(String collection, String key, ObjectNode fields, String because) {
      documents.putIfAbsent(collection + "/" + key, new DocumentSpec(collection, key, fields, because));
    }

    List<Step> steps() {
      List<Step> steps = new ArrayList<>();
      collections.values().forEach(spec ->
          steps.add(new CreateCollection(spec.name(), spec.type(), spec.waitForSync(), spec.because())));
      documents.values().forEach(spec ->
          steps.add(new InsertDocument(spec.collection(), spec.key(), spec.fields(), spec.because())));
      return steps;
    }
  }
}
