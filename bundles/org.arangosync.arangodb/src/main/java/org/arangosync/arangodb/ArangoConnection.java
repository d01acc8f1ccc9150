package org.arangosync.arangodb;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.HttpClientTransport;
import org.eclipse.jetty.client.InputStreamResponseListener;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.client.transport.HttpClientTransportOverHTTP;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http2.client.HTTP2Client;
import org.eclipse.jetty.http2.client.transport.HttpClientTransportOverHTTP2;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A connection to an ArangoDB cluster (or single server): Jetty's HTTP client with pooled
 * connections, the cluster's superuser JWT or Basic authentication, and failover.
 *
 * <p>Failures are handled by what is safe: a request that never reached a server (connection
 * refused, unknown host) or that a server refused with 503 (ArangoDB answers that before it does
 * anything) moves on to the next endpoint and is retried with backoff for
 * {@link ConnectionSettings#retryFor()} (then the last 503 is the answer); a request that may have been processed (timeout or broken
 * connection after sending, 502/504 from a proxy) is retried only when it is idempotent, and
 * otherwise fails with {@link ArangoException#outcomeUnknown()} set. Unlike ArangoDB's own applier
 * (arangodb issue 20686), a 503 is never a reason to stop for good.
 *
 * <p>Thread-safe; close it to release its connections.
 */
public final class ArangoConnection implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ArangoConnection.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<Integer> REFUSED_BEFORE_PROCESSING = Set.of(503);
  private static final Set<Integer> MAYBE_PROCESSED = Set.of(502, 504);
  private static final Duration FIRST_BACKOFF = Duration.ofMillis(100);
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(2);

  /**
   * What a server answered: status, headers (lower-case names), body, and the HTTP version it was
   * answered with ({@code HTTP/1.1} or {@code HTTP/2.0}).
   */
  public record Answer(int status, Map<String, String> headers, byte[] body, URI url, String protocol) {
    public String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }

    public boolean isSuccess() {
      return status >= 200 && status < 300;
    }

    /** The body as JSON; a body that is not JSON is a protocol violation (1401). */
    public JsonNode json() {
      try {
        return body.length == 0 ? JSON.createObjectNode() : JSON.readTree(body);
      } catch (IOException e) {
        throw new ArangoException("the answer is not JSON: " + e.getMessage(), ArangoException.INVALID_RESPONSE, status, url.toString(),
            false, e);
      }
    }
  }

  private final ConnectionSettings settings;
  private final HttpClient http;
  private final String authorization;
  private volatile List<URI> endpoints;
  private volatile int current;

  private ArangoConnection(ConnectionSettings settings, HttpClient http, String authorization) {
    this.settings = settings;
    this.http = http;
    this.authorization = authorization;
    this.endpoints = settings.endpoints();
  }

  /** Opens a connection (starts the HTTP client; no request is sent yet). */
  public static ArangoConnection open(ConnectionSettings settings) {
    SslContextFactory.Client tls = new SslContextFactory.Client();
    if (!settings.trustedCertificates().isEmpty()) {
      try {
        KeyStore trustStore = KeyStore.getInstance("PKCS12");
        trustStore.load(null, null);
        int index = 0;
        for (X509Certificate certificate : settings.trustedCertificates()) {
          trustStore.setCertificateEntry("ca-" + index++, certificate);
        }
        tls.setTrustStore(trustStore);
      } catch (Exception e) {
        throw new IllegalArgumentException("cannot use the given CA certificates: " + e.getMessage(), e);
      }
    }
    ClientConnector connector = new ClientConnector();
    connector.setSslContextFactory(tls);
    HttpClientTransport transport = settings.protocol() == ConnectionSettings.Protocol.HTTP_2
        ? new HttpClientTransportOverHTTP2(new HTTP2Client(connector))
        : new HttpClientTransportOverHTTP(connector);
    HttpClient http = new HttpClient(transport);
    http.setFollowRedirects(true);
    // Credentials are sent up front; a 401 is an answer to hand to the caller, not a challenge for
    // Jetty to answer (its handler fails on a 401 without WWW-Authenticate, which some servers send).
    http.getProtocolHandlers().remove(org.eclipse.jetty.client.WWWAuthenticationProtocolHandler.NAME);
    http.setUserAgentField(null);
    http.setConnectTimeout(settings.connectTimeout().toMillis());
    try {
      http.start();
    } catch (Exception e) {
      throw new IllegalStateException("cannot start the HTTP client: " + e.getMessage(), e);
    }
    return new ArangoConnection(settings, http, authorizationOf(settings));
  }

  private static String authorizationOf(ConnectionSettings settings) {
    if (settings.jwtSecret() != null) {
      // The superuser token of ArangoDB's cluster components: HS256, iss "arangodb", a server_id.
      String token = JWT.create().withIssuer("arangodb").withClaim("server_id", "arangosync").withIssuedAt(Instant.now())
          .sign(Algorithm.HMAC256(settings.jwtSecret().getBytes(StandardCharsets.UTF_8)));
      return "bearer " + token;
    }
    if (settings.user() != null) {
      String credentials = settings.user() + ":" + (settings.password() == null ? "" : settings.password());
      return "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
    }
    return null;
  }

  public List<URI> endpoints() {
    return endpoints;
  }

  /**
   * Asks the cluster for its coordinators ({@code /_api/cluster/endpoints}) and uses them from now
   * on; on a single server (which answers 501) the endpoints stay as they are.
   */
  public void refreshEndpoints() {
    Answer answer = exchange("GET", null, "/_api/cluster/endpoints", null, true);
    if (answer.status() == 501 || answer.status() == 403) {
      return;
    }
    JsonNode body = requireSuccess(answer);
    List<URI> fresh = new ArrayList<>();
    body.path("endpoints").forEach(entry -> fresh.add(ConnectionSettings.normalise(URI.create(entry.path("endpoint").asText()))));
    if (!fresh.isEmpty()) {
      endpoints = List.copyOf(fresh);
      current = 0;
    }
  }

  /** A request to the coordinators whose answer must be 2xx JSON; ArangoDB's errors become {@link ArangoException}. */
  public JsonNode json(String method, String path, JsonNode body, boolean idempotent) {
    return requireSuccess(exchange(method, null, path, body == null ? null : bytes(body), idempotent));
  }

  /** The same to one server, e.g. an agent or a DB-Server. */
  public JsonNode json(URI server, String method, String path, JsonNode body, boolean idempotent) {
    return requireSuccess(exchange(method, server, path, body == null ? null : bytes(body), idempotent));
  }

  /**
   * A request inside stream transaction {@code transactionId} (header {@code x-arango-trx-id}), to
   * the coordinators. Never retried after it may have been sent: the transaction holds its effect.
   */
  public Answer exchangeInTransaction(String method, String path, byte[] body, String transactionId) {
    return exchange(method, null, path, body, false, transactionId);
  }

  /** ArangoDB's errorNum in an error answer's body, 0 when there is none. */
  public static int errorNumOf(Answer answer) {
    try {
      return JSON.readTree(answer.body()).path("errorNum").asInt(0);
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }

  /** A 2xx answer's JSON body, or the {@link ArangoException} for any other status. */
  public static JsonNode requireSuccess(Answer answer) {
    if (answer.isSuccess()) {
      return answer.json();
    }
    int errorNum = 0;
    String message = new String(answer.body(), StandardCharsets.UTF_8);
    try {
      JsonNode error = JSON.readTree(answer.body());
      errorNum = error.path("errorNum").asInt(0);
      message = error.path("errorMessage").asText(message);
    } catch (IOException | RuntimeException e) {
      // Not ArangoDB's error body (a proxy answered): the raw text is the message.
    }
    throw new ArangoException(message.isBlank() ? "request refused" : message, errorNum, answer.status(), answer.url().toString(), false, null);
  }

  /**
   * Sends a request and returns whatever the server answered (any status), retrying as described
   * in the class comment.
   *
   * @param server the server to ask, or null for the cluster's coordinators (with failover)
   */
  public Answer exchange(String method, URI server, String path, byte[] body, boolean idempotent) {
    return exchange(method, server, path, body, idempotent, null);
  }

  private Answer exchange(String method, URI server, String path, byte[] body, boolean idempotent, String transactionId) {
    long deadline = System.nanoTime() + settings.retryFor().toNanos();
    Duration backoff = FIRST_BACKOFF;
    List<String> failures = new ArrayList<>();
    while (true) {
      URI base = server != null ? server : endpoints.get(Math.floorMod(current, endpoints.size()));
      URI url = base.resolve(path);
      boolean retry;
      boolean sent = false;
      Exception cause;
      Answer refused = null;
      try {
        Answer answer = send(method, url, body, transactionId);
        if (REFUSED_BEFORE_PROCESSING.contains(answer.status()) || (idempotent && MAYBE_PROCESSED.contains(answer.status()))) {
          failures.add(url + " answered " + answer.status());
          cause = null;
          refused = answer;
          retry = true;
        } else {
          return answer;
        }
      } catch (NotSentException e) {
        failures.add(url + ": " + e.getMessage());
        cause = e;
        retry = true;
      } catch (SentException e) {
        failures.add(url + ": " + e.getMessage());
        cause = e;
        sent = true;
        retry = idempotent;
      } catch (TlsException e) {
        // A certificate the settings do not trust is a configuration error: retrying only delays it.
        throw new ArangoException("TLS handshake with " + url + " failed: " + e.getMessage()
            + "; check the CA certificate in the connection settings", 0, 0, url.toString(), false, e);
      }
      if (!retry || System.nanoTime() > deadline) {
        if (refused != null) {
          // Retrying did not help: the caller gets the server's last answer (a 503 stays a 503, with
          // ArangoDB's error body), not a connection failure it is not.
          return refused;
        }
        throw new ArangoException(failures.size() == 1 ? failures.get(0) : "no ArangoDB server answered: " + String.join("; ", failures),
            0, 0, url.toString(), sent && !idempotent, cause);
      }
      if (server == null) {
        current++;
      }
      LOG.debug("retrying {} {} after: {}", method, path, failures.get(failures.size() - 1));
      try {
        Thread.sleep(backoff.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ArangoException("interrupted while retrying", 0, 0, url.toString(), sent && !idempotent, e);
      }
      backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
    }
  }

  /** The request could not reach the server: nothing was processed. */
  private static final class NotSentException extends Exception {
    private static final long serialVersionUID = 1L;

    NotSentException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** The TLS handshake failed: nothing was sent, and trying again will not help. */
  private static final class TlsException extends Exception {
    private static final long serialVersionUID = 1L;

    TlsException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** The request may have reached the server, but no answer came back. */
  private static final class SentException extends Exception {
    private static final long serialVersionUID = 1L;

    SentException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  private Answer send(String method, URI url, byte[] body, String transactionId) throws NotSentException, SentException, TlsException {
    Request request = http.newRequest(url).method(method).timeout(settings.requestTimeout().toMillis(), TimeUnit.MILLISECONDS)
        .headers(headers -> {
          headers.put("Accept", "application/json");
          if (authorization != null) {
            headers.put("Authorization", authorization);
          }
          if (transactionId != null) {
            headers.put("x-arango-trx-id", transactionId);
          }
        });
    if (body != null) {
      request.body(new BytesRequestContent("application/json", body));
    }
    InputStreamResponseListener listener = new InputStreamResponseListener();
    request.send(listener);
    Response response;
    try {
      response = listener.get(settings.requestTimeout().toMillis(), TimeUnit.MILLISECONDS);
      try (InputStream in = listener.getInputStream()) {
        byte[] content = in.readAllBytes();
        Map<String, String> headers = new TreeMap<>();
        for (HttpField field : response.getHeaders()) {
          headers.merge(field.getLowerCaseName(), field.getValue(), (a, b) -> a + ", " + b);
        }
        return new Answer(response.getStatus(), headers, content, url, response.getVersion().asString());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      request.abort(e);
      throw new SentException("interrupted", e);
    } catch (ExecutionException e) {
      Throwable root = e.getCause();
      while (root.getCause() != null && root.getCause() != root) {
        root = root.getCause();
      }
      if (root instanceof javax.net.ssl.SSLHandshakeException || root instanceof java.security.cert.CertificateException
          || e.getCause() instanceof javax.net.ssl.SSLHandshakeException) {
        throw new TlsException(String.valueOf(root.getMessage()), e);
      }
      if (root instanceof ConnectException || root instanceof UnresolvedAddressException) {
        throw new NotSentException(root instanceof UnresolvedAddressException ? "unknown host" : "connection refused", e);
      }
      throw new SentException(String.valueOf(e.getCause().getMessage()), e);
    } catch (TimeoutException e) {
      request.abort(e);
      throw new SentException("no answer within " + settings.requestTimeout().toSeconds() + "s", e);
    } catch (IOException e) {
      throw new SentException("the answer broke off: " + e.getMessage(), e);
    }
  }

  static byte[] bytes(JsonNode node) {
    try {
      return JSON.writeValueAsBytes(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JsonNode always serialises", e);
    }
  }

  @Override
  public void close() {
    try {
      http.stop();
    } catch (Exception e) {
      LOG.warn("stopping the HTTP client failed: {}", e.getMessage(), e);
    }
  }
}
