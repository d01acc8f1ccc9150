package org.arangosync.core.internal.command;

import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ServiceLoader;
import java.util.concurrent.Callable;
import org.arangosync.api.spi.auth.UserSource;
import org.arangosync.api.spi.replication.ReplicationConnector;
import org.arangosync.api.spi.replication.ReplicationEndpoint;
import org.arangosync.command.CommandFailure;
import org.arangosync.command.ExitCodes;
import org.arangosync.command.Foreground;
import org.arangosync.core.replication.ApplierManager;
import org.arangosync.core.replication.ApplierRoutes;
import org.arangosync.rest.VersionRoute;
import org.arangosync.rest.RestRoute;
import org.arangosync.rest.RestServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code arangosync run applier}: runs, in the foreground, the replication appliers that write
 * into one follower, and serves ArangoDB's applier routes for them on an HTTPS port. Operators and
 * scripts configure and start appliers through those routes (or {@code arangosync replication
 * ...}), as with an ArangoDB follower's own applier. Stops cleanly on Ctrl-C or SIGTERM.
 */
@Command(name = "applier", mixinStandardHelpOptions = true,
    description = "Run the replication appliers of a follower and serve their HTTP API (ArangoDB's /_api/replication/applier-*).")
public final class RunApplierCommand implements Callable<Integer> {

  @Spec private CommandSpec spec;

  @Option(names = "--server.port", required = true, paramLabel = "PORT", description = "HTTPS port of the applier's API.")
  int port;

  @Option(names = "--server.host", paramLabel = "ADDRESS", defaultValue = "0.0.0.0", description = "Address to listen on (default: ${DEFAULT-VALUE}).")
  String host;

  @Option(names = "--server.keyfile", required = true, paramLabel = "FILE", description = "TLS keyfile of the API ('arangosync create tls keyfile').")
  Path keyfile;

  @Option(names = "--server.client-cafile", paramLabel = "FILE", description = "Accept client certificates signed by this CA.")
  Path clientCaFile;

  @Option(names = "--monitoring.token", paramLabel = "TOKEN", description = "Bearer token that opens /metrics only.")
  String monitoringToken;

  @Option(names = "--follower.endpoint", required = true, paramLabel = "URL", converter = ServerOptions.ArangoEndpointConverter.class,
      description = "The follower the appliers write into, e.g. tcp://10.0.0.2:8529.")
  URI followerEndpoint;

  @Option(names = "--follower.user", paramLabel = "USER", description = "Follower user (also: API logins are checked against the follower's users).")
  String followerUser;

  @Option(names = "--follower.password", paramLabel = "PASSWORD", description = "Password of --follower.user.")
  String followerPassword;

  @Option(names = "--follower.jwt-secret", paramLabel = "FILE", description = "The follower's JWT secret: write as superuser.")
  Path followerJwtSecret;

  @Option(names = "--follower.cacert", paramLabel = "FILE", description = "CA certificate of an ssl:// follower.")
  Path followerCa;

  @Option(names = "--state.directory", paramLabel = "DIR", defaultValue = "arangosync-applier",
      description = "Where the appliers keep configuration and progress (default: ${DEFAULT-VALUE}).")
  Path stateDirectory;

  @Override
  public Integer call() {
    ReplicationEndpoint follower = ServerOptions.endpoint(spec.commandLine(), "--follower.", "--follower.cacert", followerEndpoint,
        "_system", followerUser, followerPassword, followerJwtSecret, followerCa, Duration.ofMinutes(2));
    if (port <= 0 || port > 65535) {
      throw new ParameterException(spec.commandLine(), "--server.port: " + port + " is not a TCP port (1-65535)");
    }
    ReplicationConnector connector = ServiceLoader.load(ReplicationConnector.class, RunApplierCommand.class.getClassLoader())
        .findFirst().orElseThrow(() -> new CommandFailure("no ArangoDB adapter on the class path (no ReplicationConnector)"));
    ApplierServer server = ApplierServer.start(connector, follower, stateDirectory, RestServer.builder(keyfile).host(host).port(port),
        clientCaFile, monitoringToken);
    PrintWriter out = spec.commandLine().getOut();
    out.println("Replication applier server is ready.");
    out.println("  API:             https://" + host + ":" + server.rest().port() + "/_api/replication/applier-state");
    out.println("  follower:        " + followerEndpoint);
    out.println("  state directory: " + stateDirectory.toAbsolutePath());
    out.println("Stop it with Ctrl-C or SIGTERM.");
    out.flush();
    Foreground.runUntilStopped(server, "applier-shutdown");
    return ExitCodes.OK;
  }

  /** The running parts, closed in reverse order of starting. */
  record ApplierServer(ApplierManager appliers, RestServer rest, UserSource users) implements AutoCloseable {

    static ApplierServer start(ReplicationConnector connector, ReplicationEndpoint follower, Path stateDirectory, RestServer.Builder rest,
        Path clientCaFile, String monitoringToken) {
      ApplierManager appliers = new ApplierManager(connector, follower, stateDirectory);
      UserSource users = connector.users(follower);
      RestServer server;
      try {
        if (clientCaFile != null) {
          rest.clientCaFile(clientCaFile);
        }
        server = rest.monitoringToken(monitoringToken).userSource(users).name("applier").start();
      } catch (RuntimeException e) {
        throw new CommandFailure("cannot start the applier's HTTPS server: " + e.getMessage(), e);
      }
      server.addRoute(new VersionRoute());
      for (RestRoute route : new ApplierRoutes(appliers, connector, follower).routes()) {
        server.addRoute(route);
      }
      appliers.startConfigured();
      return new ApplierServer(appliers, server, users);
    }

    @Override
    public void close() throws Exception {
      rest.close();
      appliers.close();
      if (users instanceof AutoCloseable closeable) {
        closeable.close();
      }
    }
  }
}
