package org.arangosync.arangodb;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.arangosync.certificates.Pem;

/**
 * How to reach an ArangoDB cluster.
 *
 * @param endpoints coordinators (or a single server), tried in order; {@code tcp://} and
 *     {@code ssl://} are read as {@code http://} and {@code https://}, as ArangoDB writes them
 * @param jwtSecret the cluster's JWT secret: requests carry a superuser token signed with it; or null
 * @param user with {@code password}, HTTP Basic authentication when there is no JWT secret
 * @param trustedCertificates CA certificates for https endpoints; empty means the JVM's defaults
 * @param requestTimeout how long one request may take
 * @param retryFor how long transient failures of safe requests are retried before giving up
 * @param protocol HTTP/1.1 (pooled connections) or HTTP/2 (h2 by ALPN on https, h2c by prior knowledge on
 *     http; requests multiplexed over one connection per endpoint), as ArangoDB 3.7+ serves both
 * @param connectTimeout how long opening a connection may take
 */
public record ConnectionSettings(List<URI> endpoints, String jwtSecret, String user, String password,
    List<X509Certificate> trustedCertificates, Duration requestTimeout, Duration retryFor, Protocol protocol,
    Duration connectTimeout) {

  /** With the default connect timeout: 10 s, or the request timeout when that is shorter. */
  public ConnectionSettings(List<URI> endpoints, String jwtSecret, String user, String password,
      List<X509Certificate> trustedCertificates, Duration requestTimeout, Duration retryFor, Protocol protocol) {
    this(endpoints, jwtSecret, user, password, trustedCertificates, requestTimeout, retryFor, protocol,
        requestTimeout != null && requestTimeout.compareTo(Duration.ofSeconds(10)) < 0 ? requestTimeout : Duration.ofSeconds(10));
  }

  /** The HTTP version spoken to ArangoDB. */
  public enum Protocol {
    HTTP_1_1("1.1"), HTTP_2("2");

    private final String setting;

    Protocol(String setting) {
      this.setting = setting;
    }

    /** The value of the {@code httpVersion} setting that selects this protocol. */
    public String setting() {
      return setting;
    }

    /** "1.1" or "2" (also "http/1.1", "h2"); anything else is refused with the accepted values. */
    public static Protocol fromSetting(String value) {
      String v = value == null ? "" : value.strip().toLowerCase(java.util.Locale.ROOT);
      return switch (v) {
        case "1.1", "http/1.1", "http1.1" -> HTTP_1_1;
        case "2", "h2", "http/2", "http2" -> HTTP_2;
        default -> throw new IllegalArgumentException("unknown HTTP version '" + value + "'; use 1.1 or 2");
      };
    }
  }

  public ConnectionSettings {
    if (endpoints == null || endpoints.isEmpty()) {
      throw new IllegalArgumentException("at least one ArangoDB endpoint is needed");
    }
    endpoints = endpoints.stream().map(ConnectionSettings::normalise).toList();
    trustedCertificates = trustedCertificates == null ? List.of() : List.copyOf(trustedCertificates);
    Objects.requireNonNull(requestTimeout, "requestTimeout");
    Objects.requireNonNull(retryFor, "retryFor");
    protocol = protocol == null ? Protocol.HTTP_1_1 : protocol;
    Objects.requireNonNull(connectTimeout, "connectTimeout");
  }

  /** Settings with a JWT secret and the defaults: 2 minutes per request, 1 minute of retries. */
  public static ConnectionSettings withJwtSecret(List<URI> endpoints, String jwtSecret) {
    return new ConnectionSettings(endpoints, jwtSecret, null, null, List.of(), Duration.ofMinutes(2), Duration.ofMinutes(1), Protocol.HTTP_1_1);
  }

  /** Settings with user and password and the defaults. */
  public static ConnectionSettings withUser(List<URI> endpoints, String user, String password) {
    return new ConnectionSettings(endpoints, null, user, password, List.of(), Duration.ofMinutes(2), Duration.ofMinutes(1), Protocol.HTTP_1_1);
  }

  public ConnectionSettings withRetryFor(Duration duration) {
    return new ConnectionSettings(endpoints, jwtSecret, user, password, trustedCertificates, requestTimeout, duration, protocol, connectTimeout);
  }

  public ConnectionSettings withTrustedCertificates(List<X509Certificate> certificates) {
    return new ConnectionSettings(endpoints, jwtSecret, user, password, certificates, requestTimeout, retryFor, protocol, connectTimeout);
  }

  public ConnectionSettings withProtocol(Protocol newProtocol) {
    return new ConnectionSettings(endpoints, jwtSecret, user, password, trustedCertificates, requestTimeout, retryFor, newProtocol, connectTimeout);
  }

  /** Settings from an OSGi configuration; errors name the setting that is wrong. */
  public static ConnectionSettings from(ArangoConfiguration configuration) {
    if (configuration.endpoints() == null || configuration.endpoints().length == 0) {
      throw new IllegalArgumentException("org.arangosync.arangodb: 'endpoints' is empty; name at least one coordinator URL");
    }
    List<URI> endpoints = new ArrayList<>();
    for (String value : configuration.endpoints()) {
      // A .cfg file gives a list as one comma-separated value.
      for (String endpoint : value.split(",")) {
        if (!endpoint.isBlank()) {
          endpoints.add(URI.create(endpoint.trim()));
        }
      }
    }
    String secret = null;
    if (!configuration.jwtSecretFile().isBlank()) {
      try {
        secret = Files.readString(Path.of(configuration.jwtSecretFile())).strip();
      } catch (IOException e) {
        throw new IllegalArgumentException("org.arangosync.arangodb: cannot read 'jwtSecretFile' " + configuration.jwtSecretFile() + ": "
            + e.getMessage(), e);
      }
    }
    List<X509Certificate> cas = List.of();
    if (!configuration.caCertificateFile().isBlank()) {
      try {
        cas = Pem.readCertificates(Path.of(configuration.caCertificateFile()));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("org.arangosync.arangodb: 'caCertificateFile': " + e.getMessage(), e);
      }
    }
    String user = configuration.user().isBlank() ? null : configuration.user();
    Protocol protocol;
    try {
      protocol = Protocol.fromSetting(configuration.httpVersion());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("org.arangosync.arangodb: 'httpVersion': " + e.getMessage(), e);
    }
    return new ConnectionSettings(endpoints, secret, user, configuration._password(), cas, Duration.ofMinutes(2), Duration.ofMinutes(1),
        protocol);
  }

  /** ArangoDB's {@code tcp://host:port} and {@code ssl://host:port} as http(s) URLs. */
  public static URI normalise(URI endpoint) {
    return org.arangosync.api.spi.replication.ReplicationEndpoint.httpUrl(endpoint);
  }
}
