package org.arangosync.core.internal.command;

import java.util.Locale;
import java.nio.charset.StandardCharsets;
import java.net.URI;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.arangosync.certificates.Pem;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * The HTTPS server flags that every {@code run ...} command shares (a picocli mixin; the port and
 * the instance directory stay with each command, whose defaults differ), what these commands check
 * before their Karaf instance starts, so that a mistake is an error on the terminal and not in a
 * log, and the HTTPS server configuration they all write.
 */
final class ServerLaunch {

  @Option(names = "--server.host", paramLabel = "ADDRESS", defaultValue = "0.0.0.0", description = "Address to listen on (default: ${DEFAULT-VALUE}).")
  String host;

  @Option(names = "--server.keyfile", paramLabel = "FILE", description = "TLS keyfile of the server ('arangosync create tls keyfile').")
  Path keyfile;

  @Option(names = "--server.client-cafile", paramLabel = "FILE", description = "Accept client certificates signed by this CA.")
  Path clientCaFile;

  @Option(names = "--monitoring.token", paramLabel = "TOKEN", description = "Bearer token that opens /metrics only.")
  String monitoringToken;

  @Option(names = "--log.file", paramLabel = "FILE",
      description = "Write the log to this file (rolled over as FILE.1, FILE.2, ...) instead of the instance's data/log/karaf.log.")
  Path logFile;

  /**
   * Checks the server flags: a TCP port, a readable keyfile and client CA, and a log file that is
   * not a directory.
   */
  void check(CommandLine commandLine, int port) {
    if (keyfile == null) {
      throw new ParameterException(commandLine, "Missing required option: '--server.keyfile=FILE' (create one with "
          + "'arangosync create tls keyfile')");
    }
    checkOptionalKeyfile(commandLine, port);
  }

  /** {@link #check} for a server whose keyfile may come from elsewhere (a worker's, from its masters). */
  void checkOptionalKeyfile(CommandLine commandLine, int port) {
    if (port <= 0 || port > 65535) {
      throw new ParameterException(commandLine, "--server.port: " + port + " is not a TCP port (1-65535)");
    }
    if (keyfile != null) {
      readable(commandLine, "--server.keyfile", () -> Pem.readKeyfile(keyfile));
    }
    if (clientCaFile != null) {
      readable(commandLine, "--server.client-cafile", () -> Pem.readCertificates(clientCaFile));
    }
    if (logFile != null && Files.isDirectory(logFile)) {
      throw new ParameterException(commandLine, "--log.file: " + logFile + " is a directory; name the log file, e.g. "
          + logFile.resolve("arangosync.log"));
    }
  }

  /** Refuses an address another server listens on (checked after the instance lock, so not against ourselves). */
  void requireFree(CommandLine commandLine, int port) {
    try (ServerSocket probe = new ServerSocket()) {
      probe.bind(new InetSocketAddress(host, port));
    } catch (IOException e) {
      throw new ParameterException(commandLine, "--server.port: cannot listen on " + host + ":" + port + " (" + e.getMessage()
          + "); is another server using it?");
    }
  }

  /** The {@code org.arangosync.rest} configuration of the instance's HTTPS server {@code name}. */
  Map<String, String> restServer(String name, int port, Path jwtSecretFile) {
    Map<String, String> rest = new LinkedHashMap<>();
    rest.put("name", name);
    rest.put("host", host);
    rest.put("port", Integer.toString(port));
    rest.put("keyfile", absolute(keyfile));
    rest.put("clientCaFile", absolute(clientCaFile));
    rest.put("jwtSecretFile", absolute(jwtSecretFile));
    rest.put(".monitoring.token", monitoringToken);
    return rest;
  }

  /** The lines a started server prints, after its own: where its instance, log and console are, and how to stop it. */
  List<String> readyLines(KarafInstance instance, KarafInstance.Running karaf, List<String> own) {
    List<String> lines = new ArrayList<>(own);
    lines.add("  instance:        " + instance.base() + " (log: " + (logFile == null ? "data/log/karaf.log" : absolute(logFile)) + ")");
    lines.add("  Karaf shell:     ssh -p " + karaf.sshPort() + " admin@127.0.0.1 (password: etc/admin.password)");
    lines.add("Stop it with Ctrl-C or SIGTERM.");
    return lines;
  }

  /** The address to show: where a client on this machine reaches the server. */
  String shownHost() {
    return host.equals("0.0.0.0") ? "127.0.0.1" : host;
  }

  static String absolute(Path file) {
    return file == null ? null : file.toAbsolutePath().normalize().toString();
  }

  static void readable(CommandLine commandLine, String flag, Runnable read) {
    try {
      read.run();
    } catch (RuntimeException e) {
      throw new ParameterException(commandLine, flag + ": " + e.getMessage());
    }
  }

  private static final List<String> LOG_LEVELS = List.of("trace", "debug", "info", "warning", "warn", "error");

  /** A server API is TLS only: https:// (or ArangoDB's ssl://) with a host and a port, given back as https://host:port. */
  static String httpsEndpoint(CommandLine commandLine, String flag, String value) {
    URI uri;
    try {
      uri = URI.create(value.strip());
    } catch (IllegalArgumentException e) {
      throw new ParameterException(commandLine, flag + ": '" + value + "' is not a URL");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!List.of("https", "ssl").contains(scheme) || uri.getHost() == null || uri.getPort() <= 0) {
      throw new ParameterException(commandLine, flag + ": '" + value + "' must be https://host:port (the API is TLS only)");
    }
    return "https://" + uri.getRawAuthority();
  }

  /** The secret in {@code file} (a JWT secret file), trimmed; refused when unreadable or empty. */
  static String secret(CommandLine commandLine, String flag, Path file) {
    String secret;
    try {
      secret = Files.readString(file, StandardCharsets.UTF_8).strip();
    } catch (java.io.IOException e) {
      throw new ParameterException(commandLine, flag + ": cannot read " + file + ": " + e.getMessage());
    }
    if (secret.isEmpty()) {
      throw new ParameterException(commandLine, flag + ": " + file + " is empty; create one with 'arangosync create jwt-secret'");
    }
    return secret;
  }

  /** {@code --log.level} as a log4j level. */
  static String logLevel(CommandLine commandLine, String value) {
    String level = value.strip().toLowerCase(Locale.ROOT);
    if (!LOG_LEVELS.contains(level)) {
      throw new ParameterException(commandLine, "--log.level: '" + value + "' is not one of trace, debug, info, warning, error");
    }
    return level.startsWith("warn") ? "WARN" : level.toUpperCase(Locale.ROOT);
  }
}
