package org.arangosync.rest;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.arangosync.api.spi.auth.UserSource;
import org.arangosync.certificates.Pem;
import org.arangosync.certificates.ReloadingKeyfile;
import org.arangosync.certificates.TlsContexts;
import org.arangosync.rest.internal.Authenticator;
import org.arangosync.rest.internal.ExpiryWatch;
import org.arangosync.rest.internal.RestHandler;
import org.arangosync.rest.internal.RouteTable;
import org.arangosync.rest.internal.TlsFailureLog;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The product's HTTPS server: one TLS port on which masters, workers, the applier and the direct
 * transport mount their {@link RestRoute}s. TLS only; the keyfile is re-read when replaced on
 * disk (new connections get the new certificate within {@code keyfileCheckEvery}); once the
 * certificate in use has expired the server stops listening, with an error in the log, and
 * listens again as soon as a valid keyfile is in place.
 *
 * <p>Every request is authenticated before routing (401 with {@code {"error": ...}} otherwise), then
 * matched to a route (404/405), then checked against the route's {@link Audience} (403).
 *
 * <p>Thread safety: routes and the user source may be changed at any time from any thread.
 */
public final class RestServer implements AutoCloseable {

  /** How often the keyfile on disk is looked at, for rotation and expiry, unless set otherwise. */
  public static final Duration DEFAULT_KEYFILE_CHECK = Duration.ofSeconds(10);

  private final String name;
  private final Server jetty;
  private final ServerConnector connector;
  private final RouteTable routes;
  private final AtomicReference<UserSource> userSource;
  private final List<TokenAuthority> tokenAuthorities = new CopyOnWriteArrayList<>();
  private final ReloadingKeyfile keyfile;
  private final ExpiryWatch expiryWatch;

  private RestServer(Builder builder) throws Exception {
    this.name = builder.name;
    this.keyfile = new ReloadingKeyfile(builder.keyfile, builder.keyfileCheckEvery);
    this.routes = new RouteTable();
    this.userSource = new AtomicReference<>(builder.userSource);
    Authenticator authenticator = new Authenticator(builder.jwtSecret, builder.monitoringToken, userSource, tokenAuthorities);

    QueuedThreadPool threads = new QueuedThreadPool(builder.maxThreads, 2);
    threads.setName("arangosync-rest-" + name);
    this.jetty = new Server(threads);

    SslContextFactory.Server tls = new SslContextFactory.Server();
    tls.setSslContext(TlsContexts.server(keyfile, builder.clientCas));
    // Client certificates are one way to log in among several, so they are asked for, not required.
    tls.setWantClientAuth(!builder.clientCas.isEmpty());
    // Host names are for clients to check; a server that checked them would refuse client certificates.
    tls.setEndpointIdentificationAlgorithm(null);

    HttpConfiguration http = new HttpConfiguration();
    http.setSendServerVersion(false);
    SecureRequestCustomizer secure = new SecureRequestCustomizer();
    // Clients connect by IP address as often as by name; they verify the certificate's names themselves.
    secure.setSniHostCheck(false);
    http.addCustomizer(secure);

    this.connector = new ServerConnector(jetty, new SslConnectionFactory(tls, HttpVersion.HTTP_1_1.asString()),
        new HttpConnectionFactory(http));
    connector.setHost(builder.host);
    connector.setPort(builder.port);
    connector.addBean(new TlsFailureLog(name));
    jetty.addConnector(connector);
    jetty.setHandler(new RestHandler(authenticator, routes, builder.maxRequestBytes));
    try {
      jetty.start();
    } catch (Exception e) {
      jetty.stop();
      throw e;
    }
    // A restart after expiry must come back on the same port, also when the port was chosen freely.
    connector.setPort(connector.getLocalPort());
    this.expiryWatch = new ExpiryWatch(name, builder.keyfile, keyfile, connector, builder.keyfileCheckEvery);
  }

  /** A server that presents the certificate of {@code keyfile} (leaf, chain and key in one PEM file). */
  public static Builder builder(Path keyfile) {
    return new Builder(keyfile);
  }

  /** This server's name (configuration {@code name}; routes may be restricted to it). */
  public String name() {
    return name;
  }

  /** The port it listens on (the chosen one when configured with port 0). */
  public int port() {
    return connector.getPort();
  }

  /** {@code https://<host>:<port>} for the host it is reached at. */
  public URI endpoint(String host) {
    return URI.create("https://" + host + ":" + port());
  }

  /** Whether it listens now: false after its own certificate expired, until a valid one is in place. */
  public boolean serving() {
    return connector.isOpen();
  }

  /** Whole days until the certificate in use expires (negative once it has). */
  public long daysUntilCertificateExpiry() {
    return keyfile.daysUntilExpiry();
  }

  /**
   * Mounts {@code route}; new requests see it at once.
   *
   * @return false (and the route is not mounted) when another route has the same method and path
   */
  public boolean addRoute(RestRoute route) {
    return routes.add(route);
  }

  /** Unmounts {@code route} (the same instance that was added). */
  public void removeRoute(RestRoute route) {
    routes.remove(route);
  }

  /** Asks {@code authority} about opaque bearer tokens from now on (after those added before). */
  public void addTokenAuthority(TokenAuthority authority) {
    tokenAuthorities.add(authority);
  }

  public void removeTokenAuthority(TokenAuthority authority) {
    tokenAuthorities.remove(authority);
  }

  /** Replaces the source of users for HTTP Basic authentication; null refuses Basic authentication. */
  public void userSource(UserSource source) {
    userSource.set(source);
  }

  /** Stops listening and finishes nothing more; idempotent. */
  @Override
  public void close() {
    expiryWatch.close();
    try {
      jetty.stop();
    } catch (Exception e) {
      throw new IllegalStateException("cannot stop the HTTPS server " + name + ": " + e.getMessage(), e);
    }
  }

  /** Configures a {@link RestServer}. */
  public static final class Builder {
    private final Path keyfile;
    private String name = "default";
    private String host = "0.0.0.0";
    private int port;
    private List<X509Certificate> clientCas = List.of();
    private byte[] jwtSecret;
    private String monitoringToken;
    private UserSource userSource;
    private Duration keyfileCheckEvery = DEFAULT_KEYFILE_CHECK;
    private int maxThreads = 64;
    private int maxRequestBytes = 64 << 20;

    private Builder(Path keyfile) {
      this.keyfile = Objects.requireNonNull(keyfile, "keyfile");
    }

    public Builder name(String name) {
      this.name = Objects.requireNonNull(name, "name");
      return this;
    }

    /** The address to listen on; {@code 0.0.0.0} (every interface) unless set. */
    public Builder host(String host) {
      this.host = Objects.requireNonNull(host, "host");
      return this;
    }

    /** The port; 0 picks a free one. */
    public Builder port(int port) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port " + port + " is not a TCP port (0-65535)");
      }
      this.port = port;
      return this;
    }

    /** Accept client certificates signed by these CAs ({@code --server.client-cafile}). */
    public Builder clientCas(List<X509Certificate> cas) {
      this.clientCas = List.copyOf(cas);
      return this;
    }

    /** Reads the client CA from a PEM file. */
    public Builder clientCaFile(Path file) {
      return clientCas(Pem.readCertificates(file));
    }

    /** Accept JWTs signed HS256 with this secret (the master JWT secret). */
    public Builder jwtSecret(String secret) {
      if (secret == null || secret.isBlank()) {
        throw new IllegalArgumentException("the JWT secret is empty");
      }
      this.jwtSecret = secret.strip().getBytes(StandardCharsets.UTF_8);
      return this;
    }

    /** Reads the JWT secret from a file ({@code --master.jwt-secret}), as ArangoSync does: its text, trimmed. */
    public Builder jwtSecretFile(Path file) {
      String secret;
      try {
        secret = Files.readString(file, StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new IllegalArgumentException("cannot read the JWT secret file " + file + ": " + e.getMessage()
            + "; create one with 'arangosync create jwt-secret --secret=" + file + "'", e);
      }
      if (secret.isBlank()) {
        throw new IllegalArgumentException("the JWT secret file " + file + " is empty; create one with 'arangosync create jwt-secret'");
      }
      return jwtSecret(secret);
    }

    /** Accept {@code Authorization: bearer <token>} for {@code /metrics} and {@code /metrics.json} only. */
    public Builder monitoringToken(String token) {
      this.monitoringToken = token == null || token.isBlank() ? null : token.strip();
      return this;
    }

    public Builder userSource(UserSource source) {
      this.userSource = source;
      return this;
    }

    public Builder keyfileCheckEvery(Duration interval) {
      if (interval.isNegative() || interval.isZero()) {
        throw new IllegalArgumentException("the keyfile check interval must be positive");
      }
      this.keyfileCheckEvery = interval;
      return this;
    }

    public Builder maxThreads(int threads) {
      this.maxThreads = threads;
      return this;
    }

    /** Larger bodies are refused with 413. */
    public Builder maxRequestBytes(int bytes) {
      this.maxRequestBytes = bytes;
      return this;
    }

    /**
     * Starts listening.
     *
     * @throws IllegalArgumentException for an unusable keyfile, CA or secret
     * @throws IllegalStateException when the port cannot be opened
     */
    public RestServer start() {
      try {
        return new RestServer(this);
      } catch (IllegalArgumentException e) {
        throw e;
      } catch (Exception e) {
        throw new IllegalStateException("cannot listen on " + host + ":" + port + ": " + e.getMessage(), e);
      }
    }
  }
}
