package org.arangosync.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManager;
import org.arangosync.certificates.Issued;
import org.arangosync.certificates.Pem;
import org.arangosync.certificates.TlsContexts;
import org.arangosync.client.SyncClientException.EndpointFailure;
import org.arangosync.client.internal.UnverifiedServerTrust;

/**
 * Talks to the sync masters (or workers) of one datacenter over HTTPS.
 *
 * <p>Endpoints are tried in the order given. A connection failure, a 408 or a 5xx answer moves on
 * to the next endpoint; any other answer is final, as in ArangoSync's own client. Instances are
 * immutable and thread-safe.
 */
public final class SyncMasterClient {

  /** ArangoSync's client waits this long for an answer by default. */
  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofMinutes(2);

  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);

  private static final ObjectMapper JSON = new ObjectMapper();

  private final List<URI> endpoints;
  private final HttpClient http;
  private final String authorization;
  private final String clientId;
  private final Duration connectTimeout;
  private final Duration requestTimeout;

  private SyncMasterClient(Builder builder) {
    this.endpoints = List.copyOf(builder.endpoints);
    this.authorization = builder.authorization;
    this.clientId = builder.clientId;
    this.connectTimeout = builder.connectTimeout;
    this.requestTimeout = builder.requestTimeout;
    this.http = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(connectTimeout)
        .sslContext(builder.sslContext())
        .build();
  }

  /** A builder for a client of the masters at the given endpoints, e.g. {@code https://10.0.0.1:8629}. */
  public static Builder builder(List<URI> endpoints) {
    return new Builder(endpoints);
  }

  public List<URI> endpoints() {
    return endpoints;
  }

  /** {@code GET /_api/version}: the program version of the first master that answers. */
  public VersionInfo version() {
    return get("/_api/version", VersionInfo.class);
  }

  /** {@code GET /_api/masters}: the masters of the datacenter, as the first master that answers sees them. */
  public java.util.List<MasterInfo> masters() {
    return List.of(get("/_api/masters", Masters.class).masters());
  }

  @com.fasterxml.jackson.annotation.JsonIgnoreProperties(ignoreUnknown = true)
  private record Masters(MasterInfo[] masters) {
    Masters {
      masters = masters == null ? new MasterInfo[0] : masters;
    }
  }

  /** {@code GET /_api/worker}: the workers registered with the datacenter's leading master. */
  public List<WorkerInfo> workers() {
    return List.of(get("/_api/worker", Workers.class).workers());
  }

  @com.fasterxml.jackson.annotation.JsonIgnoreProperties(ignoreUnknown = true)
  private record Workers(WorkerInfo[] workers) {
    Workers {
      workers = workers == null ? new WorkerInfo[0] : workers;
    }
  }

  /** {@code GET /_api/task}: every task of the datacenter's workers, assigned or waiting for a worker. */
  public List<TaskInfo> tasks() {
    return List.of(get("/_api/task", Tasks.class).tasks());
  }

  @com.fasterxml.jackson.annotation.JsonIgnoreProperties(ignoreUnknown = true)
  private record Tasks(TaskInfo[] tasks) {
    Tasks {
      tasks = tasks == null ? new TaskInfo[0] : tasks;
    }
  }

  /**
   * {@code GET /_api/sync}: the datacenter's synchronization state, incoming and outgoing.
   *
   * @param details whether to include every shard ({@code details=full}); without, the shard lists
   *     are empty and only the counts are filled ({@code details=short})
   */
  public SyncInfo syncInfo(boolean details) {
    return get("/_api/sync?details=" + (details ? "full" : "short"), SyncInfo.class);
  }

  /**
   * {@code POST /_api/sync}, sent to the <em>target</em> datacenter's masters: start synchronizing
   * from the source masters. The target master presents {@code clientKeyfile} to the source masters
   * and verifies them with {@code sourceCa}; both travel as PEM.
   *
   * @param source the source datacenter's master endpoints (https)
   * @param clientKeyfile a client-authentication certificate (with its chain) and key, signed by the
   *     CA the source masters accept client certificates from
   * @param sourceCa the CA certificates that signed the source masters' TLS certificates
   * @throws SyncClientException e.g. 400 when a synchronization is configured already, 502 when the
   *     target cannot reach or is refused by the source
   */
  public void configureSync(List<URI> source, Issued clientKeyfile, List<X509Certificate> sourceCa) {
    if (source.isEmpty() || sourceCa.isEmpty()) {
      throw new IllegalArgumentException("configure sync needs at least one source endpoint and one CA certificate");
    }
    ObjectNode body = JSON.createObjectNode();
    ArrayNode sourceEndpoints = body.putArray("source");
    source.forEach(endpoint -> sourceEndpoints.add(endpoint.toString()));
    body.putObject("authentication")
        .put("clientCertificate", Pem.certificates(clientKeyfile.certificates()))
        .put("clientKey", Pem.privateKey(clientKeyfile.key()))
        .put("caCertificate", Pem.certificates(sourceCa));
    call("POST", "/_api/sync", body);
  }

  /** {@code GET path}, answered as JSON and read into {@code type}. */
  public <T> T get(String path, Class<T> type) {
    return read(send("GET", path), type, "GET " + path);
  }

  /**
   * {@code PUT /_api/message-timeout}: how long a task channel may stay silent before its shard is
   * synchronized again; the masters answer with the value now in force.
   */
  public java.time.Duration setMessageTimeout(java.time.Duration timeout) {
    JsonNode answer = send("PUT", "/_api/message-timeout", JSON.createObjectNode().put("messageTimeout", timeout.toNanos()).toString());
    return java.time.Duration.ofNanos(answer.path("messageTimeout").asLong());
  }

  /** {@code GET /_api/message-timeout}. */
  public java.time.Duration messageTimeout() {
    return java.time.Duration.ofNanos(send("GET", "/_api/message-timeout").path("messageTimeout").asLong());
  }

  /**
   * {@code POST /_api/sync/barrier}, sent to the <em>target</em> masters: switch the source datacenter
   * read-only so that every shard can catch up, the first step of a graceful stop.
   *
   * @throws SyncClientException with status 412 when no synchronization is configured
   */
  public void createBarrier() {
    send("POST", "/_api/sync/barrier");
  }

  /** {@code GET /_api/sync/barrier}: how many shards are in sync while the target holds its barrier. */
  public BarrierStatus barrier() {
    return get("/_api/sync/barrier", BarrierStatus.class);
  }

  /** {@code DELETE /_api/sync/barrier}: give up the barrier, the source datacenter is read-write again. */
  public void deleteBarrier() {
    send("DELETE", "/_api/sync/barrier");
  }

  /**
   * {@code DELETE /_api/sync}, sent to the <em>target</em> masters: stop synchronizing from the source.
   *
   * @param force stop even when the source cannot be reached (abort)
   * @param forceTimeout how long a forced stop waits for the source before it gives up on it
   * @param sourceServerMode the mode the source datacenter is left in: {@code default} (read-write)
   *     or {@code readonly}
   * @throws SyncClientException with status 412 when no synchronization is configured, 502 when
   *     (not forced) the source cannot be reached
   */
  public StopSyncResult stopSync(boolean force, Duration forceTimeout, String sourceServerMode) {
    ObjectNode body = JSON.createObjectNode()
        .put("force", force)
        .put("force_timeout", forceTimeout.toNanos())
        .put("source_server_mode", Objects.requireNonNull(sourceServerMode, "sourceServerMode"));
    return read(send("DELETE", "/_api/sync", body.toString()), StopSyncResult.class, "DELETE /_api/sync");
  }

  /**
   * {@code DELETE /_api/sync/outgoing/{targetId}}, sent to the <em>source</em> masters: forget the
   * synchronization to one target, after the target aborted it without reaching the source.
   *
   * @param targetId the target's cluster id, as {@code syncInfo(false).outgoing()} lists it
   */
  public void abortOutgoingSync(String targetId) {
    send("DELETE", "/_api/sync/outgoing/" + segment(targetId));
  }

  /**
   * {@code PUT /_api/sync/database/{db}/collection/{col}/shard/{i}/reset}: synchronize a failed shard
   * again with a new set of tasks.
   *
   * @throws SyncClientException with status 404 for a shard the master does not know, 412 when the
   *     shard has not failed
   */
  public void resetFailedShard(String database, String collection, int shard) {
    send("PUT", shardPath(database, collection, shard) + "/reset");
  }

  /**
   * {@code GET /_api/sync/database/{db}/collection/{col}/shard/{i}/checksum}, sent to the
   * <em>target</em> masters: the shard's checksum and document count in each datacenter, normally one
   * {@value ShardChecksum#SOURCE} and one {@value ShardChecksum#TARGET} entry; empty when the
   * answer names no such shard.
   */
  public List<ShardChecksum> shardChecksums(String database, String collection, int shard) {
    String path = shardPath(database, collection, shard) + "/checksum";
    JsonNode entries = send("GET", path).path("databases").path(database).path("collections").path(collection)
        .path("shards").path(Integer.toString(shard));
    List<ShardChecksum> checksums = new ArrayList<>();
    for (JsonNode entry : entries) {
      checksums.add(read(entry, ShardChecksum.class, "GET " + path));
    }
    return List.copyOf(checksums);
  }

  private static String shardPath(String database, String collection, int shard) {
    if (shard < 0) {
      throw new IllegalArgumentException("shard indexes start at 0, got " + shard);
    }
    return "/_api/sync/database/" + segment(database) + "/collection/" + segment(collection) + "/shard/" + shard;
  }

  /** One path segment, percent-encoded (a space as %20, not +). */
  private static String segment(String value) {
    return java.net.URLEncoder.encode(Objects.requireNonNull(value), StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static <T> T read(JsonNode answer, Class<T> type, String request) {
    try {
      return JSON.treeToValue(answer, type);
    } catch (JsonProcessingException e) {
      throw new SyncClientException(
          "the answer of " + request + " does not have the expected shape: " + e.getOriginalMessage(), List.of(), e);
    }
  }

  /**
   * Any call of the master API: {@code body} (or null) as JSON, the answer as JSON. For the calls
   * this class has no method of its own for (master to master, worker to master).
   *
   * @throws SyncClientException naming each master tried and what it answered
   */
  public JsonNode call(String method, String path, JsonNode body) {
    return send(method, path, body == null ? null : body.toString());
  }

  private JsonNode send(String method, String path) {
    return send(method, path, null);
  }

  private JsonNode send(String method, String path, String body) {
    List<EndpointFailure> failures = new ArrayList<>();
    IOException lastError = null;
    for (URI endpoint : endpoints) {
      HttpRequest.Builder request = HttpRequest.newBuilder(endpoint.resolve(path))
          .timeout(requestTimeout)
          .header("Accept", "application/json")
          .header("X-Allow-Forward-To-Leader", "true")
          .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
      if (body != null) {
        request.header("Content-Type", "application/json");
      }
      if (authorization != null) {
        request.header("Authorization", authorization);
      }
      if (clientId != null) {
        request.header("X-ArangoSync-Client-ID", clientId);
      }
      HttpResponse<String> response;
      try {
        response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      } catch (IOException e) {
        lastError = e;
        failures.add(new EndpointFailure(endpoint, 0, describe(e)));
        continue;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new SyncClientException("interrupted while waiting for " + endpoint, failures, e);
      }
      int status = response.statusCode();
      if (status >= 200 && status < 300) {
        return parse(endpoint, method, path, response.body());
      }
      failures.add(new EndpointFailure(endpoint, status, errorMessageOf(response.body())));
      if (status != 408 && status < 500) {
        break;
      }
    }
    throw new SyncClientException(summary(method, path, failures), failures, lastError);
  }

  private static JsonNode parse(URI endpoint, String method, String path, String body) {
    try {
      return JSON.readTree(body.isEmpty() ? "{}" : body);
    } catch (JsonProcessingException e) {
      throw new SyncClientException(
          endpoint + " answered " + method + " " + path + " with something that is not JSON: " + e.getOriginalMessage(),
          List.of(), e);
    }
  }

  private static String summary(String method, String path, List<EndpointFailure> failures) {
    if (failures.size() == 1) {
      EndpointFailure only = failures.get(0);
      return only.status() > 0
          ? "the sync master at " + only.endpoint() + " refused " + method + " " + path + " with " + only.status() + ": " + only.reason()
          : "cannot reach the sync master at " + only.endpoint() + ": " + only.reason();
    }
    StringBuilder text = new StringBuilder("no sync master answered " + method + " " + path + ":");
    for (EndpointFailure failure : failures) {
      text.append("\n  ").append(failure);
    }
    return text.toString();
  }

  /** ArangoSync answers errors as {@code {"error": "..."}}, ArangoDB as {@code {"errorMessage": "..."}}. */
  static String errorMessageOf(String body) {
    if (body == null || body.isBlank()) {
      return "no error message";
    }
    try {
      JsonNode json = JSON.readTree(body);
      if (json.path("errorMessage").isTextual()) {
        return json.get("errorMessage").asText();
      }
      if (json.path("error").isTextual()) {
        return json.get("error").asText();
      }
    } catch (JsonProcessingException e) {
      // Not JSON: a proxy or a server of another kind answered; its text is the best message there is.
    }
    String text = body.strip();
    return text.length() > 200 ? text.substring(0, 200) + "..." : text;
  }

  private String describe(IOException error) {
    if (error instanceof HttpConnectTimeoutException) {
      return "no connection within " + connectTimeout.toSeconds() + "s";
    }
    if (error instanceof HttpTimeoutException) {
      return "no answer within " + requestTimeout.toSeconds() + "s";
    }
    Throwable root = error;
    String message = error.getMessage();
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
      if (message == null) {
        message = root.getMessage();
      }
    }
    if (root instanceof UnresolvedAddressException) {
      return "unknown host";
    }
    if (error instanceof SSLHandshakeException || root instanceof SSLHandshakeException) {
      return "TLS handshake failed: " + (message == null ? root.toString() : message);
    }
    if (message == null) {
      // The JDK leaves a refused connection without a message.
      return error instanceof ConnectException ? "connection refused" : error.getClass().getSimpleName();
    }
    return message.toLowerCase(Locale.ROOT).startsWith("connection refused") ? "connection refused" : message;
  }

  /** Configures a {@link SyncMasterClient}. */
  public static final class Builder {
    private final List<URI> endpoints;
    private List<X509Certificate> trustedCertificates = List.of();
    private boolean acceptUnverified;
    private Issued clientKeyfile;
    private String authorization;
    private String clientId;
    private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
    private Duration requestTimeout = DEFAULT_REQUEST_TIMEOUT;

    private Builder(List<URI> endpoints) {
      if (endpoints == null || endpoints.isEmpty()) {
        throw new IllegalArgumentException("at least one sync master endpoint is needed");
      }
      this.endpoints = List.copyOf(endpoints);
    }

    /** Trust only servers whose certificate chains to one of these CA certificates. */
    public Builder trustedCertificates(List<X509Certificate> certificates) {
      this.trustedCertificates = List.copyOf(certificates);
      return this;
    }

    /**
     * Accept any server certificate. This is what ArangoSync's command line does when no
     * {@code --master.cacert} is given (it warns); it protects against nothing but eavesdropping.
     */
    public Builder acceptUnverifiedCertificates() {
      this.acceptUnverified = true;
      return this;
    }

    /**
     * Authenticate with a client certificate, as {@code --auth.keyfile}: a keyfile from
     * {@code arangosync create client-auth keyfile}, signed by the masters' {@code --server.client-cafile}.
     */
    public Builder clientKeyfile(Issued keyfile) {
      this.clientKeyfile = Objects.requireNonNull(keyfile, "keyfile");
      return this;
    }

    /** HTTP Basic authentication, as {@code --auth.user}/{@code --auth.password}. */
    public Builder basicAuthentication(String user, String password) {
      String credentials = Objects.requireNonNull(user, "user") + ":" + (password == null ? "" : password);
      this.authorization = "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
      return this;
    }

    /**
     * Signs in as a sync component: a JWT signed HS256 with the master JWT secret ({@code
     * --master.jwt-secret}), issuer {@code arangosync}, naming {@code serverId}, as ArangoSync's
     * workers and masters send it.
     */
    public Builder jwtSecret(String secret, String serverId) {
      if (secret == null || secret.isBlank()) {
        throw new IllegalArgumentException("the JWT secret is empty; create one with 'arangosync create jwt-secret'");
      }
      String token = com.auth0.jwt.JWT.create().withIssuer("arangosync").withClaim("server_id", serverId)
          .withIssuedAt(java.time.Instant.now())
          .sign(com.auth0.jwt.algorithms.Algorithm.HMAC256(secret.strip().getBytes(StandardCharsets.UTF_8)));
      return bearerToken(token);
    }

    /** A bearer token: a JWT signed with the master secret, the monitoring token, or a direct-MQ token. */
    public Builder bearerToken(String token) {
      this.authorization = "bearer " + Objects.requireNonNull(token, "token");
      return this;
    }

    /** Names the caller in {@code X-ArangoSync-Client-ID}. */
    public Builder clientId(String id) {
      this.clientId = id;
      return this;
    }

    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = timeout;
      return this;
    }

    public Builder requestTimeout(Duration timeout) {
      this.requestTimeout = timeout;
      return this;
    }

    public SyncMasterClient build() {
      return new SyncMasterClient(this);
    }

    private SSLContext sslContext() {
      if (!trustedCertificates.isEmpty()) {
        return TlsContexts.client(trustedCertificates, clientKeyfile);
      }
      try {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(clientKeyfile == null ? null : TlsContexts.keyManagers(clientKeyfile),
            // Without a CA: any certificate when the caller accepted that, else the JVM's default trust store.
            acceptUnverified ? new TrustManager[] {new UnverifiedServerTrust()} : null, null);
        return context;
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("cannot set up TLS for the sync master client: " + e.getMessage(), e);
      }
    }
  }
}
