package org.arangosync.minicluster.conformance;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Replays transcripts against a running ArangoDB-compatible server over HTTP and judges each
 * recorded response with the {@link ShapeComparator}.
 *
 * <p>Per transcript: the {@link SetupRecipes recipe}'s setup steps, then every exchange in
 * recording order (requests without a recorded response are sent too, because later exchanges
 * depend on their effect), then the cleanup steps, which run even after a failure so one broken
 * transcript cannot spoil the next. Every request authenticates as {@code root} with an empty
 * password, the mini cluster's default.
 *
 * <p>Not thread-safe: replay transcripts one after another, since several share {@code _system}.
 */
public final class TranscriptReplayer {

  /** {@code Basic base64("root:")}. */
  private static final String ROOT_WITHOUT_PASSWORD = "Basic cm9vdDo=";
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);

  private final URI base;
  private final HttpClient client;
  private final ShapeComparator comparator = new ShapeComparator();

  /**
   * @param base the server's endpoint without trailing slash, for example {@code http://127.0.0.1:8529}
   */
  public TranscriptReplayer(URI base) {
    String text = base.toString();
    this.base = URI.create(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
    // HTTP/1.1 as curl used it; no h2c upgrade attempt on the first request.
    this.client = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(CONNECT_TIMEOUT)
        .followRedirects(HttpClient.Redirect.NEVER)
        .build();
  }

  /**
   * The result of replaying one transcript.
   *
   * @param transcript what was replayed
   * @param recipe the setup that was applied, for the report
   * @param differences every difference found, each prefixed with where it occurred; empty when it conforms
   */
  public record Outcome(Transcript transcript, SetupRecipes.Recipe recipe, List<String> differences) {
    public Outcome {
      differences = List.copyOf(differences);
    }

    public boolean passed() {
      return differences.isEmpty();
    }
  }

  /**
   * Replays one transcript. Failures of the server (wrong answers, failed setup, I/O errors) are
   * reported in the outcome, never thrown.
   *
   * @throws InterruptedException when the calling thread is interrupted while waiting for the server
   */
  public Outcome replay(Transcript transcript) throws InterruptedException {
    SetupRecipes.Recipe recipe = SetupRecipes.recipeFor(transcript);
    ReplaySession session = new ReplaySession(recipe.database());
    List<String> differences = new ArrayList<>();
    try {
      for (SetupRecipes.Step step : recipe.setup()) {
        step.perform(session);
      }
      List<Transcript.Exchange> exchanges = transcript.exchanges();
      for (int i = 0; i < exchanges.size(); i++) {
        Transcript.Exchange exchange = exchanges.get(i);
        SetupRecipes.PreparedRequest request = SetupRecipes.prepare(exchange, session);
        ActualResponse actual = session.send(request.method(), request.pathAndQuery(), request.headers(), request.body());
        String where = "exchange " + (i + 1) + " (" + exchange.request().describe() + ") ";
        if (exchange.response().isPresent()) {
          comparator.compare(exchange, actual).forEach(difference -> differences.add(where + difference));
        }
      }
    } catch (SetupRecipes.SetupFailure failure) {
      differences.add("setup: " + failure.getMessage());
    } catch (IOException failure) {
      differences.add("I/O: " + failure);
    } finally {
      for (SetupRecipes.Step step : recipe.cleanup()) {
        try {
          step.perform(session);
        } catch (SetupRecipes.SetupFailure | IOException failure) {
          differences.add("cleanup: " + failure.getMessage());
        }
      }
    }
    return new Outcome(transcript, recipe, differences);
  }

  /** Sends one request; {@code database} {@code _system} sends the path unprefixed, as the recordings did. */
  public ActualResponse send(String database, String method, String pathAndQuery, List<Transcript.HeaderField> headers,
      Optional<String> body) throws IOException, InterruptedException {
    String prefix = database.equals(SetupRecipes.SYSTEM_DATABASE) ? "" : "/_db/" + database;
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + prefix + pathAndQuery))
        .timeout(REQUEST_TIMEOUT)
        .header("Authorization", ROOT_WITHOUT_PASSWORD)
        .method(method, body
            .map(text -> HttpRequest.BodyPublishers.ofString(text, StandardCharsets.UTF_8))
            .orElseGet(HttpRequest.BodyPublishers::noBody));
    headers.forEach(header -> request.header(header.name(), header.value()));
    HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    return new ActualResponse(response.statusCode(), response.headers(), response.body());
  }

  /** The per-transcript state the recipe steps see. */
  private final class ReplaySession implements SetupRecipes.Session {
    private final String database;
    private String notedTick;

    ReplaySession(String database) {
      this.database = database;
    }

    @Override
    public ActualResponse send(String method, String pathAndQuery, List<Transcript.HeaderField> headers, Optional<String> body)
        throws IOException, InterruptedException {
      return TranscriptReplayer.this.send(database, method, pathAndQuery, headers, body);
    }

    @Override
    public ActualResponse sendToSystemDatabase(String method, String pathAndQuery, Optional<String> body)
        throws IOException, InterruptedException {
      return TranscriptReplayer.this.send(SetupRecipes.SYSTEM_DATABASE, method, pathAndQuery, List.of(), body);
    }

    @Override
    public void noteTick(String tick) {
      notedTick = tick;
    }

    @Override
    public Optional<String> notedTick() {
      return Optional.ofNullable(notedTick);
    }
  }
}
