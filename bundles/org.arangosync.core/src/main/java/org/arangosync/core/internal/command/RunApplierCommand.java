package org.arangosync.core.internal.command;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.arangosync.core.internal.ApplierHostConfiguration;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code arangosync run applier}: starts, in the foreground, a Karaf instance that hosts the
 * replication appliers writing into one follower and serves ArangoDB's applier routes for them on
 * an HTTPS port. Operators and scripts configure and start appliers through those routes (or
 * {@code arangosync replication ...}, or the instance's shell), as with an ArangoDB follower's own
 * applier. The flags become the instance's configurations {@code org.arangosync.rest-applier} (the
 * HTTPS server) and {@code org.arangosync.applier-follower} (the appliers), rewritten at every
 * start. Stops cleanly on Ctrl-C or SIGTERM.
 */
@Command(name = "applier", mixinStandardHelpOptions = true,
    description = "Run, in a Karaf instance of its own, the replication appliers of a follower and serve their HTTP API (ArangoDB's /_api/replication/applier-*).")
public final class RunApplierCommand implements Callable<Integer> {

  /** The HTTPS server's name in the instance, which the appliers' configuration refers to. */
  private static final String SERVER_NAME = "applier";

  @Spec private CommandSpec spec;

  @Mixin private ServerLaunch server = new ServerLaunch();

  @Option(names = "--server.port", required = true, paramLabel = "PORT", description = "HTTPS port of the applier's API.")
  int port;





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
      description = "The instance's directory: Karaf's configuration and data, the appliers' configuration and progress "
          + "(default: ${DEFAULT-VALUE}).")
  Path stateDirectory;

  @Override
  public Integer call() {
    CommandLine commandLine = spec.commandLine();
    // Checked here, before Karaf starts, so that a mistake is an error on the terminal and not in a log.
    ServerOptions.endpoint(commandLine, "--follower.", "--follower.cacert", followerEndpoint, "_system", followerUser,
        followerPassword, followerJwtSecret, followerCa, Duration.ofMinutes(2));
    server.check(commandLine, port);
    KarafInstance instance = KarafInstance.in(stateDirectory, "arangosync run applier");
    instance.refuseWhileRunning();
    server.requireFree(commandLine, port);
    Map<String, String> rest = server.restServer(SERVER_NAME, port, null);
    Map<String, String> appliers = new LinkedHashMap<>();
    appliers.put("follower.endpoint", followerEndpoint.toString());
    appliers.put("follower.user", followerUser);
    appliers.put(".follower.password", followerPassword);
    appliers.put("follower.jwtSecretFile", ServerLaunch.absolute(followerJwtSecret));
    appliers.put("follower.caCertificateFile", ServerLaunch.absolute(followerCa));
    appliers.put("server", SERVER_NAME);
    appliers.put("stateDirectory", instance.base().resolve("appliers").toString());
    KarafInstance.Running karaf = instance.configuration("org.arangosync.rest-" + SERVER_NAME, rest)
        .configuration(ApplierHostConfiguration.PID + "-follower", appliers)
        .logFile(server.logFile)
        .start();
    String shown = server.shownHost();
    return karaf.runInForeground(server.host, port, commandLine.getOut(), server.readyLines(instance, karaf, List.of(
        "Replication applier server is ready.",
        "  API:             https://" + shown + ":" + port + "/_api/replication/applier-state",
        "  follower:        " + followerEndpoint)));
  }
}
