package org.arangosync.core.internal.command;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.arangosync.certificates.Pem;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/**
 * What the {@code run ...} commands check before their Karaf instance starts, so that a mistake is
 * an error on the terminal and not in a log, and the HTTPS server configuration they all write.
 */
final class ServerLaunch {

  private ServerLaunch() {}

  /**
   * Checks the server flags: a TCP port, a readable keyfile and a readable client CA.
   */
  static void check(CommandLine commandLine, int port, Path keyfile, Path clientCaFile) {
    if (port <= 0 || port > 65535) {
      throw new ParameterException(commandLine, "--server.port: " + port + " is not a TCP port (1-65535)");
    }
    readable(commandLine, "--server.keyfile", () -> Pem.readKeyfile(keyfile));
    if (clientCaFile != null) {
      readable(commandLine, "--server.client-cafile", () -> Pem.readCertificates(clientCaFile));
    }
  }

  /** {@code --log.file} must name a file, not a directory. */
  static void checkLogFile(CommandLine commandLine, Path logFile) {
    if (logFile != null && java.nio.file.Files.isDirectory(logFile)) {
      throw new ParameterException(commandLine, "--log.file: " + logFile + " is a directory; name the log file, e.g. "
          + logFile.resolve("arangosync.log"));
    }
  }

  /** Refuses an address another server listens on (checked after the instance lock, so not against ourselves). */
  static void requireFree(CommandLine commandLine, String host, int port) {
    try (ServerSocket probe = new ServerSocket()) {
      probe.bind(new InetSocketAddress(host, port));
    } catch (IOException e) {
      throw new ParameterException(commandLine, "--server.port: cannot listen on " + host + ":" + port + " (" + e.getMessage()
          + "); is another server using it?");
    }
  }

  /** The {@code org.arangosync.rest} configuration of the instance's HTTPS server {@code name}. */
  static Map<String, String> restServer(String name, String host, int port, Path keyfile, Path clientCaFile, Path jwtSecretFile,
      String monitoringToken) {
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

  /** The lines a started server prints, after its own: where its instance and console are, and how to stop it. */
  static List<String> readyLines(KarafInstance instance, KarafInstance.Running karaf, Path logFile, List<String> own) {
    List<String> lines = new java.util.ArrayList<>(own);
    lines.add("  instance:        " + instance.base() + " (log: " + (logFile == null ? "data/log/karaf.log" : absolute(logFile)) + ")");
    lines.add("  Karaf shell:     ssh -p " + karaf.sshPort() + " admin@127.0.0.1 (password: etc/admin.password)");
    lines.add("Stop it with Ctrl-C or SIGTERM.");
    return lines;
  }

  static String shownHost(String host) {
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
}
