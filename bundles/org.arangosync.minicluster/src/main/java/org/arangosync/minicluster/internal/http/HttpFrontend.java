package org.arangosync.minicluster.internal.http;

import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javax.net.ssl.SSLContext;
import org.eclipse.jetty.alpn.server.ALPNServerConnectionFactory;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http2.server.HTTP2CServerConnectionFactory;
import org.eclipse.jetty.http2.server.HTTP2ServerConnectionFactory;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One HTTP(S) endpoint of the mini cluster (a coordinator, a DB-Server, the agent or a single
 * server), answering like ArangoDB: {@code /_db/<name>/} selects the database (default
 * {@code _system}), every route but {@code /_open/*} needs authentication, errors carry ArangoDB's
 * error body, and a handler failure that is not an {@link ArangoError} is a 500 with errorNum 4,
 * logged, never a stack trace in the answer.
 */
public final class HttpFrontend implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(HttpFrontend.class);

  /** ArangoDB's default for --http.max-request-size is far larger; 512 MiB keeps a test JVM alive. */
  public static final int MAX_BODY_BYTES = 512 * 1024 * 1024;

  private static final Set<String> OPEN_PREFIXES = Set.of("_open");

  private final Server server;
  private final ServerConnector connector;
  private final Router router;
  private final Authenticator authenticator;
  private final String name;
  private final String scheme;
  private final String host;

  /**
   * @param name how logs call this endpoint, e.g. "coordinator"
   * @param port 0 for a free port
   * @param tls null for plain HTTP
   */
  public HttpFrontend(String name, String host, int port, SSLContext tls, Router router, Authenticator authenticator) {
    this.name = name;
    this.scheme = tls == null ? "http" : "https";
    this.host = host;
    this.router = router;
    this.authenticator = authenticator;
    QueuedThreadPool threads = new QueuedThreadPool(64, 4);
    threads.setName("minicluster-" + name);
    server = new Server(threads);
    HttpConfiguration config = new HttpConfiguration();
    config.setSendServerVersion(false);
    config.setSendDateHeader(false);
    // HTTP/1.1 and HTTP/2 as ArangoDB 3.7+ serves them: h2c by prior knowledge or upgrade on plain
    // connections, h2 negotiated by ALPN on TLS, HTTP/1.1 for clients that ask for nothing else.
    // Receive windows as large as the HTTP/2 client's (16 MiB per session, 8 MiB per stream): Jetty's
    // server defaults (1 MiB / 512 KiB) make bulk uploads wait for WINDOW_UPDATEs.
    HTTP2CServerConnectionFactory h2c = new HTTP2CServerConnectionFactory(config);
    HTTP2ServerConnectionFactory h2 = new HTTP2ServerConnectionFactory(config);
    for (var factory : List.of(h2c, h2)) {
      factory.setInitialSessionRecvWindow(16 * 1024 * 1024);
      factory.setInitialStreamRecvWindow(8 * 1024 * 1024);
    }
    if (tls == null) {
      connector = new ServerConnector(server, new HttpConnectionFactory(config), h2c);
    } else {
      SslContextFactory.Server ssl = new SslContextFactory.Server();
      ssl.setSslContext(tls);
      config.addCustomizer(new SecureRequestCustomizer(false));
      ALPNServerConnectionFactory alpn = new ALPNServerConnectionFactory("h2", "http/1.1");
      alpn.setDefaultProtocol("http/1.1");
      connector = new ServerConnector(server, new SslConnectionFactory(ssl, alpn.getProtocol()), alpn,
          h2, new HttpConnectionFactory(config));
    }
    connector.setHost(host);
    connector.setPort(port);
    server.addConnector(connector);
    server.setHandler(new Dispatcher());
  }

  public void start() throws IOException {
    try {
      server.start();
    } catch (IOException e) {
      throw e;
    } catch (Exception e) {
      throw new IOException("cannot start the " + name + " endpoint on port " + connector.getPort() + ": " + e.getMessage(), e);
    }
  }

  /** Where clients reach it, e.g. {@code http://127.0.0.1:8529}. */
  public String endpoint() {
    return scheme + "://" + host + ":" + port();
  }

  /** The port it listens on (the chosen one when started with 0). */
  public int port() {
    return connector.getLocalPort();
  }

  @Override
  public void close() {
    try {
      server.stop();
    } catch (Exception e) {
      LOG.warn("stopping the {} endpoint failed: {}", name, e.getMessage(), e);
    }
  }

  private final class Dispatcher extends org.eclipse.jetty.server.Handler.Abstract {
    @Override
    public boolean handle(Request request, Response response, Callback callback) {
      ApiResponse answer;
      String method = request.getMethod();
      try {
        answer = dispatch(request);
      } catch (ArangoError error) {
        answer = ApiResponse.error(error);
      } catch (Exception | StackOverflowError e) {
        LOG.error("{}: {} {} failed", name, method, request.getHttpURI().getPathQuery(), e);
        answer = ApiResponse.error(new ArangoError(500, 4, "internal error: " + e));
      }
      response.setStatus(answer.status());
      if (answer.contentType() != null) {
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, answer.contentType());
      }
      answer.headers().forEach((header, value) -> response.getHeaders().put(header, value));
      if (answer.status() == 401 && !request.getHeaders().contains("x-omit-www-authenticate")) {
        // As ArangoDB: the challenge that makes browsers ask for a password, unless the client asked to omit it.
        response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, "Basic, realm=\"ArangoDB\"");
      }
      response.getHeaders().put(HttpHeader.CONTENT_LENGTH, answer.body().length);
      if ("HEAD".equals(method) || answer.body().length == 0) {
        response.write(true, null, callback);
      } else {
        response.write(true, ByteBuffer.wrap(answer.body()), callback);
      }
      return true;
    }
  }

  private ApiResponse dispatch(Request request) throws Exception {
    List<String> segments = decodeSegments(request.getHttpURI().getPath());
    String database = "_system";
    if (segments.size() >= 2 && segments.get(0).equals("_db")) {
      database = segments.get(1);
      segments = segments.subList(2, segments.size());
    }
    Map<String, String> headers = new HashMap<>();
    for (HttpField field : request.getHeaders()) {
      headers.merge(field.getLowerCaseName(), field.getValue(), (a, b) -> a + ", " + b);
    }
    Authenticator.Principal principal = null;
    if (segments.isEmpty() || !OPEN_PREFIXES.contains(segments.get(0))) {
      principal = authenticator.authenticate(headers.get("authorization"));
    }
    Handler handler = router.find(segments);
    if (handler == null) {
      throw new ArangoError(404, 404, "unknown path '" + request.getHttpURI().getPath() + "'");
    }
    byte[] body = readBody(request);
    ApiRequest apiRequest = new ApiRequest(request.getMethod().toUpperCase(Locale.ROOT), database, segments,
        parseQuery(request.getHttpURI().getQuery()), headers, body, principal == null ? null : principal.name());
    if (principal != null) {
      authenticator.authorize(principal, apiRequest);
    }
    return handler.handle(apiRequest);
  }

  private static byte[] readBody(Request request) throws IOException {
    long declared = request.getLength();
    if (declared > MAX_BODY_BYTES) {
      throw new ArangoError(413, ArangoError.HTTP_REQUEST_TOO_LARGE, "request too large: " + declared + " bytes");
    }
    try (InputStream in = Content.Source.asInputStream(request)) {
      byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
      if (body.length > MAX_BODY_BYTES) {
        throw new ArangoError(413, ArangoError.HTTP_REQUEST_TOO_LARGE, "request too large");
      }
      return body;
    }
  }

  static List<String> decodeSegments(String rawPath) {
    List<String> segments = new ArrayList<>();
    for (String part : rawPath.split("/")) {
      if (!part.isEmpty()) {
        // '+' is a literal plus in a path, not a space.
        segments.add(URLDecoder.decode(part.replace("+", "%2B"), StandardCharsets.UTF_8));
      }
    }
    return segments;
  }

  static Map<String, List<String>> parseQuery(String rawQuery) {
    Map<String, List<String>> query = new LinkedHashMap<>();
    if (rawQuery == null || rawQuery.isEmpty()) {
      return query;
    }
    for (String pair : rawQuery.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int equals = pair.indexOf('=');
      String key = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
      String value = equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
      query.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
    }
    return query;
  }
}
