package org.arangosync.api.spi.replication;

import java.net.URI;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How to reach one ArangoDB server for replication, as the applier configuration names it.
 *
 * @param endpoint {@code tcp://host:8529}, {@code ssl://host:8529}, {@code http(s)://host:8529}
 * @param database the database whose log and collections are meant ({@code _system} for the
 *     server-wide, global view)
 * @param user user for HTTP Basic, or null
 * @param password the user's password (never shown), or null
 * @param jwtSecret the server's JWT secret for superuser tokens, or null (preferred over the user)
 * @param trustedCertificates CAs for {@code ssl}/{@code https} endpoints; empty = the JVM's
 * @param requestTimeout how long one request may take
 * @param connectTimeout how long opening a connection may take (the applier's {@code connectTimeout})
 */
public record ReplicationEndpoint(URI endpoint, String database, String user, String password, String jwtSecret,
    List<X509Certificate> trustedCertificates, Duration requestTimeout, Duration connectTimeout) {

  /** ArangoDB's default connect timeout, when it is no longer than the request timeout. */
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);

  public ReplicationEndpoint {
    Objects.requireNonNull(endpoint, "endpoint");
    database = database == null || database.isEmpty() ? "_system" : database;
    trustedCertificates = List.copyOf(trustedCertificates);
    Objects.requireNonNull(requestTimeout, "requestTimeout");
    Objects.requireNonNull(connectTimeout, "connectTimeout");
  }

  /** With the default connect timeout: 10 s, or the request timeout when that is shorter. */
  public ReplicationEndpoint(URI endpoint, String database, String user, String password, String jwtSecret,
      List<X509Certificate> trustedCertificates, Duration requestTimeout) {
    this(endpoint, database, user, password, jwtSecret, trustedCertificates, requestTimeout,
        requestTimeout.compareTo(DEFAULT_CONNECT_TIMEOUT) < 0 ? requestTimeout : DEFAULT_CONNECT_TIMEOUT);
  }

  /** The same server and credentials, in another database. */
  public ReplicationEndpoint inDatabase(String otherDatabase) {
    return new ReplicationEndpoint(endpoint, otherDatabase, user, password, jwtSecret, trustedCertificates, requestTimeout, connectTimeout);
  }

  /** ArangoDB's {@code tcp://host:port} and {@code ssl://host:port} as the http(s) URLs HTTP clients speak; others unchanged. */
  public static URI httpUrl(URI endpoint) {
    String text = endpoint.toString();
    if (text.startsWith("tcp://")) {
      return URI.create("http://" + text.substring(6));
    }
    if (text.startsWith("ssl://")) {
      return URI.create("https://" + text.substring(6));
    }
    return endpoint;
  }

  @Override
  public String toString() {
    return endpoint + " (database " + database + ")";
  }
}
