package org.arangosync.arangodb;

import java.net.URI;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

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
 */
public record ConnectionSettings(List<URI> endpoints, String jwtSecret, String user, String password,
    List<X509Certificate> trustedCertificates, Duration requestTimeout, Duration retryFor) {

  public ConnectionSettings {
    if (endpoints == null || endpoints.isEmpty()) {
      throw new IllegalArgumentException("at least one ArangoDB endpoint is needed");
    }
    endpoints = endpoints.stream().map(ConnectionSettings::normalise).toList();
    trustedCertificates = trustedCertificates == null ? List.of() : List.copyOf(trustedCertificates);
    Objects.requireNonNull(requestTimeout, "requestTimeout");
    Objects.requireNonNull(retryFor, "retryFor");
  }

  /** Settings with a JWT secret and the defaults: 2 minutes per request, 1 minute of retries. */
  public static ConnectionSettings withJwtSecret(List<URI> endpoints, String jwtSecret) {
    return new ConnectionSettings(endpoints, jwtSecret, null, null, List.of(), Duration.ofMinutes(2), Duration.ofMinutes(1));
  }

  /** Settings with user and password and the defaults. */
  public static ConnectionSettings withUser(List<URI> endpoints, String user, String password) {
    return new ConnectionSettings(endpoints, null, user, password, List.of(), Duration.ofMinutes(2), Duration.ofMinutes(1));
  }

  public ConnectionSettings withRetryFor(Duration duration) {
    return new ConnectionSettings(endpoints, jwtSecret, user, password, trustedCertificates, requestTimeout, duration);
  }

  public ConnectionSettings withTrustedCertificates(List<X509Certificate> certificates) {
    return new ConnectionSettings(endpoints, jwtSecret, user, password, certificates, requestTimeout, retryFor);
  }

  /** ArangoDB's {@code tcp://host:port} and {@code ssl://host:port} as http(s) URLs. */
  public static URI normalise(URI endpoint) {
    String text = endpoint.toString();
    if (text.startsWith("tcp://")) {
      return URI.create("http://" + text.substring(6));
    }
    if (text.startsWith("ssl://")) {
      return URI.create("https://" + text.substring(6));
    }
    return endpoint;
  }
}
