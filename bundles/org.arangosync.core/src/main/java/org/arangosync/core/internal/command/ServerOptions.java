package org.arangosync.core.internal.command;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.arangosync.api.spi.replication.ReplicationEndpoint;
import org.arangosync.api.spi.replication.ReplicationException;
import org.arangosync.certificates.Pem;
import org.arangosync.command.CommandFailure;
import org.arangosync.command.GoDurations;
import org.arangosync.command.UserOptions;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * How the replication commands reach an ArangoDB server: {@code --endpoint} (ArangoDB's
 * {@code tcp://}/{@code ssl://} or http(s) URLs), {@code --database}, and either a user
 * ({@code --auth.user}/{@code --auth.password}) or the server's JWT secret ({@code --auth.jwt-secret}).
 */
public final class ServerOptions {

  @Spec(Spec.Target.MIXEE) private CommandSpec mixee;

  @Option(names = "--endpoint", required = true, paramLabel = "URL", converter = ArangoEndpointConverter.class,
      description = "The ArangoDB server, e.g. tcp://10.0.0.1:8529, ssl://10.0.0.1:8529 or https://10.0.0.1:8529.")
  URI endpoint;

  @Option(names = "--database", paramLabel = "NAME", defaultValue = "_system", description = "Database (default: ${DEFAULT-VALUE}).")
  String database;

  @Mixin UserOptions login;

  @Option(names = "--auth.jwt-secret", paramLabel = "FILE",
      description = "File with the server's JWT secret: authenticate as superuser instead of as a user.")
  Path jwtSecret;

  @Option(names = "--cacert", paramLabel = "FILE", description = "CA certificate (PEM) of an ssl:// or https:// server; default: the JVM's trusted CAs.")
  Path caCertificate;

  @Option(names = "--request-timeout", paramLabel = "DURATION", defaultValue = "30s", description = "How long one request may take (default: ${DEFAULT-VALUE}).")
  String requestTimeout;

  /** The endpoint as the SPI takes it; flag errors are usage errors naming the flag. */
  ReplicationEndpoint toEndpoint() {
    Duration timeout;
    try {
      timeout = GoDurations.parse(requestTimeout);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(mixee.commandLine(), "--request-timeout: " + e.getMessage());
    }
    return endpoint(mixee.commandLine(), "--auth.", "--cacert", endpoint, database, login.user(), login.password(), jwtSecret,
        caCertificate, timeout);
  }

  /**
   * An endpoint from flags named {@code <prefix>user}, {@code <prefix>password},
   * {@code <prefix>jwt-secret} and {@code caFlag}; shared with {@code run applier}'s
   * {@code --follower.*} flags.
   */
  static ReplicationEndpoint endpoint(CommandLine commandLine, String prefix, String caFlag, URI endpoint, String database, String user,
      String password, Path jwtSecret, Path caCertificate, Duration timeout) {
    if (password != null && user == null) {
      throw new ParameterException(commandLine, prefix + "password needs " + prefix + "user");
    }
    if (user != null && jwtSecret != null) {
      throw new ParameterException(commandLine, "use either " + prefix + "user/" + prefix + "password or " + prefix + "jwt-secret, not both");
    }
    String secret = null;
    if (jwtSecret != null) {
      try {
        secret = Files.readString(jwtSecret, StandardCharsets.UTF_8).strip();
      } catch (IOException e) {
        throw new ParameterException(commandLine, prefix + "jwt-secret: cannot read " + jwtSecret + ": " + e.getMessage());
      }
      if (secret.isEmpty()) {
        throw new ParameterException(commandLine, prefix + "jwt-secret: " + jwtSecret + " is empty");
      }
    }
    List<java.security.cert.X509Certificate> cas = List.of();
    if (caCertificate != null) {
      try {
        cas = Pem.readCertificates(caCertificate);
      } catch (IllegalArgumentException e) {
        throw new ParameterException(commandLine, caFlag + ": " + e.getMessage());
      }
    }
    return new ReplicationEndpoint(endpoint, database, user, user == null ? null : (password == null ? "" : password), secret, cas,
        timeout);
  }

  /** A failed request as the operator reads it, with what to check. */
  CommandFailure explain(ReplicationException error) {
    return explain(error.httpStatus(), error.errorNum(), error.getMessage(), error);
  }

  /** An answer or a failure (status 0: no answer) as the operator reads it, with what to check. */
  CommandFailure explain(int status, int errorNum, String message, Throwable cause) {
    String hint;
    if (status == 401) {
      hint = "Check --auth.user and --auth.password (or --auth.jwt-secret).";
    } else if (status == 0) {
      hint = "Check that an ArangoDB server runs at --endpoint " + endpoint + ".";
    } else if (status == 404) {
      hint = "Check --database (" + database + ").";
    } else {
      hint = "";
    }
    String text = message + (errorNum != 0 ? " (errorNum " + errorNum + ")" : "");
    return new CommandFailure(hint.isEmpty() ? text : text + "\n" + hint, cause);
  }

  /** ArangoDB's endpoint forms: tcp://, ssl://, http://, https://, each with a host and a port. */
  public static final class ArangoEndpointConverter implements CommandLine.ITypeConverter<URI> {
    @Override
    public URI convert(String value) {
      URI uri;
      try {
        uri = new URI(value.trim());
      } catch (URISyntaxException e) {
        throw new CommandLine.TypeConversionException("'" + value + "' is not a URL: " + e.getReason());
      }
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
      if (!List.of("tcp", "ssl", "http", "https").contains(scheme) || uri.getHost() == null || uri.getPort() < 0) {
        throw new CommandLine.TypeConversionException(
            "'" + value + "' is not an ArangoDB endpoint; write it like tcp://10.0.0.1:8529 or ssl://10.0.0.1:8529");
      }
      return uri;
    }
  }
}
