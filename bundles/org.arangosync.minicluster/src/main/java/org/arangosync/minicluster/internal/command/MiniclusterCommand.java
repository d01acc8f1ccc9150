package org.arangosync.minicluster.internal.command;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.arangosync.certificates.ReloadingKeyfile;
import org.arangosync.certificates.TlsContexts;
import org.arangosync.command.CommandFailure;
import org.arangosync.command.ExitCodes;
import org.arangosync.command.Foreground;
import org.arangosync.minicluster.MiniCluster;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code arangosync minicluster}: runs the ArangoDB-compatible mini cluster in this process until it
 * is stopped (Ctrl-C, SIGTERM, or an interrupt), printing its endpoints first.
 */
@Command(
    name = "minicluster",
    mixinStandardHelpOptions = true,
    description = "Run an ArangoDB-API-compatible mini cluster on RocksDB (the embedded default for development and tests).")
public final class MiniclusterCommand implements Callable<Integer> {

  @Spec private CommandSpec spec;

  @Option(names = "--data-dir", required = true, paramLabel = "DIR", description = "Where the data lives; kept across restarts.")
  Path dataDir;

  @Option(names = "--port", paramLabel = "PORT", defaultValue = "8529",
      description = "Port of the single server, or of the first coordinator (the other coordinators, the agent and the DB-Servers "
          + "take the following ports; 0 picks free ports). Default: ${DEFAULT-VALUE}.")
  int port;

  @Option(names = "--host", paramLabel = "ADDRESS", defaultValue = "127.0.0.1", description = "Address to listen on. Default: ${DEFAULT-VALUE}.")
  String host;

  @Option(names = "--dbservers", paramLabel = "N", defaultValue = "2", description = "Number of DB-Servers of a cluster. Default: ${DEFAULT-VALUE}.")
  int dbServers;

  @Option(names = "--coordinators", paramLabel = "N", defaultValue = "1", description = "Number of coordinators of a cluster. Default: ${DEFAULT-VALUE}.")
  int coordinators;

  @Option(names = "--wal.retention", paramLabel = "DURATION", defaultValue = "1h",
      description = "How long the WAL is kept for tailing clients, e.g. 10m or 24h. Default: ${DEFAULT-VALUE}.")
  java.time.Duration walRetention;

  @Option(names = "--wal.retention-size", paramLabel = "MIB", defaultValue = "1024",
      description = "How much WAL (in MiB) is kept for tailing clients. Default: ${DEFAULT-VALUE}.")
  long walRetentionMiB;

  @Option(names = "--single", description = "Run a single server instead of a cluster (for leader/follower replication).")
  boolean single;

  @Option(names = "--root-password", paramLabel = "PASSWORD", description = "Password of user root when it is first created. Default: empty.")
  String rootPassword = "";

  @Option(names = "--jwt-secret", paramLabel = "FILE", description = "File holding the JWT secret that signs superuser tokens.")
  Path jwtSecretFile;

  @Option(names = "--ssl.keyfile", paramLabel = "FILE",
      description = "Serve HTTPS on every role with this keyfile (certificate, chain and key; see 'arangosync create tls keyfile'), "
          + "as arangod's --ssl.keyfile.")
  Path sslKeyfile;

  @Override
  public Integer call() {
    if (port < 0 || port > 65535) {
      throw new ParameterException(spec.commandLine(), "--port must be between 0 and 65535, got " + port);
    }
    if (dbServers < 1) {
      throw new ParameterException(spec.commandLine(), "--dbservers must be at least 1, got " + dbServers);
    }
    if (coordinators < 1) {
      throw new ParameterException(spec.commandLine(), "--coordinators must be at least 1, got " + coordinators);
    }
    if (walRetentionMiB < 0) {
      throw new ParameterException(spec.commandLine(), "--wal.retention-size must not be negative, got " + walRetentionMiB);
    }
    String secret = null;
    if (jwtSecretFile != null) {
      try {
        secret = Files.readString(jwtSecretFile).strip();
      } catch (IOException e) {
        throw new ParameterException(spec.commandLine(), "--jwt-secret: cannot read " + jwtSecretFile + ": " + e.getMessage());
      }
      if (secret.isEmpty()) {
        throw new ParameterException(spec.commandLine(), "--jwt-secret: " + jwtSecretFile + " is empty");
      }
    }
    javax.net.ssl.SSLContext tls = null;
    if (sslKeyfile != null) {
      try {
        // Re-read when replaced on disk, as the product's own servers do (a systemd unit may re-create it).
        tls = TlsContexts.server(new ReloadingKeyfile(sslKeyfile, java.time.Duration.ofSeconds(2)), java.util.List.of());
      } catch (IllegalArgumentException e) {
        throw new ParameterException(spec.commandLine(), "--ssl.keyfile: " + e.getMessage());
      }
    }
    MiniCluster cluster;
    try {
      cluster = MiniCluster.builder().dataDir(dataDir).host(host).port(port).single(single).dbServers(dbServers).coordinators(coordinators)
          .walRetention(walRetention, walRetentionMiB * 1024 * 1024)
          .jwtSecret(secret).rootPassword(rootPassword).tls(tls).start();
    } catch (IOException | RuntimeException e) {
      throw new CommandFailure("cannot start the mini cluster in " + dataDir + ": " + e.getMessage(), e);
    }
    PrintWriter out = spec.commandLine().getOut();
    out.println("Mini cluster is ready (" + (single ? "single server" : "cluster with " + dbServers + " DB-Servers") + ").");
    out.println("  endpoint:       " + cluster.endpoint());
    if (!single) {
      for (MiniCluster.Server server : cluster.servers()) {
        out.printf("  %-12s %s  (%s)%n", server.role().toLowerCase(java.util.Locale.ROOT) + ":", server.endpoint(), server.id());
      }
    }
    out.println("  data directory: " + dataDir.toAbsolutePath());
    out.println("Stop it with Ctrl-C or SIGTERM.");
    out.flush();
    Foreground.runUntilStopped(cluster, "minicluster-shutdown");
    return ExitCodes.OK;
  }
}
