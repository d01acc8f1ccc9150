package org.arangosync.core.internal.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.arangosync.certificates.Pem;
import org.arangosync.certificates.SecureFiles;
import org.arangosync.client.SyncClientException;
import org.arangosync.client.SyncMasterClient;
import org.arangosync.command.CommandFailure;
import org.arangosync.core.internal.sync.SyncWorkerConfiguration;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code arangosync run worker}, with the tutorial's flags: asks the datacenter's masters for its
 * configuration ({@code POST /_api/worker/configure}, signed in with the master JWT secret: the
 * cluster, the transport, and a TLS certificate for this worker from the masters' worker CA), then
 * starts, in the foreground, a Karaf instance that runs the worker. As in ArangoSync a worker has
 * no cluster or transport flags of its own. The first contact with the masters accepts their
 * certificate unverified unless {@code --master.cacert} is given; the CA they send is then pinned.
 */
@Command(name = "worker", mixinStandardHelpOptions = true,
    description = "Run a sync worker of this datacenter, in a Karaf instance of its own, in the foreground.")
public final class RunWorkerCommand implements Callable<Integer> {

  static final String SERVER_NAME = "worker";
  private static final String CLUSTER_NAME = "local";

  @Spec private CommandSpec spec;

  @Mixin private ServerLaunch server = new ServerLaunch();

  @Option(names = "--server.endpoint", required = true, paramLabel = "URL",
      description = "How the masters of this datacenter reach this worker, e.g. https://10.0.0.1:8729.")
  String serverEndpoint;

  @Option(names = "--server.port", paramLabel = "PORT", defaultValue = "8729", description = "HTTPS port (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(names = "--master.endpoint", required = true, paramLabel = "URL", split = ",",
      description = "The masters of this datacenter (repeatable).")
  List<String> masterEndpoints = new ArrayList<>();

  @Option(names = {"--master.jwt-secret", "--master.jwtSecret"}, required = true, paramLabel = "FILE",
      description = "File holding the secret shared by the masters and workers of this datacenter ('arangosync create jwt-secret').")
  Path masterJwtSecret;

  @Option(names = "--master.cacert", paramLabel = "FILE",
      description = "CA of the masters' certificates (default: trust what the masters show at the first contact, then pin their CA).")
  Path masterCa;

  @Option(names = "--log.level", paramLabel = "LEVEL", description = "Level of arangosync's own log: trace, debug, info, warning, error.")
  String logLevel;

  @Option(names = "--state.directory", paramLabel = "DIR", defaultValue = "arangosync-worker",
      description = "The instance's directory: Karaf's configuration, data and log (default: ${DEFAULT-VALUE}).")
  Path stateDirectory;

  @Override
  public Integer call() {
    CommandLine commandLine = spec.commandLine();
    String endpoint = ServerLaunch.httpsEndpoint(commandLine, "--server.endpoint", serverEndpoint);
    List<URI> masters = new ArrayList<>();
    for (String each : masterEndpoints) {
      masters.add(URI.create(ServerLaunch.httpsEndpoint(commandLine, "--master.endpoint", each)));
    }
    server.checkOptionalKeyfile(commandLine, port);
    String secret = ServerLaunch.secret(commandLine, "--master.jwt-secret", masterJwtSecret);
    String level = logLevel == null ? null : ServerLaunch.logLevel(commandLine, logLevel);
    if (masterCa != null) {
      ServerLaunch.readable(commandLine, "--master.cacert", () -> Pem.readCertificates(masterCa));
    }

    KarafInstance instance = KarafInstance.in(stateDirectory, "arangosync run worker");
    instance.refuseWhileRunning();
    server.requireFree(commandLine, port);
    JsonNode configuration = configure(masters, secret, endpoint);
    String type = configuration.path("mq").path("type").asText("direct").toLowerCase(Locale.ROOT);
    if (type.equals("kafka")) {
      throw new CommandFailure("the masters use the Kafka transport; workers over Kafka are not finished yet (issue 8): run the "
          + "masters with --mq.type=direct");
    }

    Path tls = instance.base().resolve("tls");
    Path keyfile = server.keyfile != null ? server.keyfile : tls.resolve("worker.keyfile");
    Path masterCaFile = masterCa != null ? masterCa : tls.resolve("master-ca.crt");
    Path clusterSecretFile = tls.resolve("cluster.jwtsecret");
    List<SecureFiles.Content> files = new ArrayList<>();
    if (server.keyfile == null) {
      files.add(SecureFiles.secret(keyfile, configuration.path("httpServer").path("certificate").asText() + "\n"
          + configuration.path("httpServer").path("key").asText()));
    }
    String pinned = configuration.path("masterCaCertificate").asText("");
    if (masterCa == null && !pinned.isEmpty()) {
      files.add(SecureFiles.file(masterCaFile, pinned));
    }
    files.add(SecureFiles.secret(clusterSecretFile, configuration.path("cluster").path("jwtSecret").asText()));
    try {
      Files.createDirectories(tls);
      SecureFiles.writeAll(files);
    } catch (java.io.IOException | IllegalArgumentException e) {
      throw new CommandFailure("cannot write the worker's certificate and secrets in " + tls + ": " + e.getMessage());
    }
    String workerCa = Pem.certificates(Pem.readKeyfile(keyfile).chain());

    List<String> clusterEndpoints = new ArrayList<>();
    configuration.path("cluster").path("endpoints").forEach(each -> clusterEndpoints.add(each.asText()));
    if (clusterEndpoints.isEmpty()) {
      throw new CommandFailure("the masters gave no cluster endpoints; start the masters with --cluster.endpoint");
    }
    Map<String, String> cluster = new LinkedHashMap<>();
    cluster.put("endpoints", String.join(",", clusterEndpoints));
    cluster.put("jwtSecretFile", ServerLaunch.absolute(clusterSecretFile));
    cluster.put("arangosync.cluster", CLUSTER_NAME);
    Map<String, String> rest = server.restServer(SERVER_NAME, port, masterJwtSecret);
    rest.put("keyfile", ServerLaunch.absolute(keyfile));
    Map<String, String> worker = new LinkedHashMap<>();
    worker.put("endpoint", endpoint);
    worker.put("masterEndpoints", String.join(",", masters.stream().map(URI::toString).toList()));
    worker.put("jwtSecretFile", ServerLaunch.absolute(masterJwtSecret));
    worker.put("masterCaFile", Files.exists(masterCaFile) ? ServerLaunch.absolute(masterCaFile) : "");
    worker.put("stateStore.target", "(arangosync.cluster=" + CLUSTER_NAME + ")");
    worker.put("clusterStore.target", "(arangosync.cluster=" + CLUSTER_NAME + ")");
    worker.put("transport.target", "(arangosync.transport=" + type + ")");
    instance.configuration("org.arangosync.arangodb-" + CLUSTER_NAME, cluster)
        .configuration("org.arangosync.rest-" + SERVER_NAME, rest)
        .configuration(SyncWorkerConfiguration.PID, worker)
        .logLevel(level)
        .logFile(server.logFile);
    Map<String, String> direct = new LinkedHashMap<>();
    direct.put("server", SERVER_NAME);
    direct.put("endpoints", endpoint);
    direct.put("caCertificateFile", ServerLaunch.absolute(tls.resolve("worker-ca.crt")));
    try {
      SecureFiles.writeAll(List.of(SecureFiles.file(tls.resolve("worker-ca.crt"), workerCa)));
    } catch (IllegalArgumentException e) {
      throw new CommandFailure("cannot write " + tls.resolve("worker-ca.crt") + ": " + e.getMessage());
    }
    instance.configuration("org.arangosync.transport.direct", direct).withoutConfiguration("org.arangosync.transport.kafka");

    KarafInstance.Running karaf = instance.start();
    String shown = server.shownHost();
    return karaf.runInForeground(server.host, port, commandLine.getOut(), server.readyLines(instance, karaf, List.of(
        "Sync worker is ready.",
        "  API:             https://" + shown + ":" + port + "/_api/version",
        "  endpoint:        " + endpoint,
        "  masters:         " + String.join(",", masters.stream().map(URI::toString).toList()),
        "  cluster:         " + String.join(",", clusterEndpoints),
        "  transport:       " + type)));
  }

  /** {@code POST /_api/worker/configure}: what the masters tell this worker. */
  private JsonNode configure(List<URI> masters, String secret, String endpoint) {
    SyncMasterClient.Builder client = SyncMasterClient.builder(masters).jwtSecret(secret, "worker " + endpoint);
    if (masterCa != null) {
      client.trustedCertificates(Pem.readCertificates(masterCa));
    } else {
      spec.commandLine().getErr().println("Accepting unverified master TLS certificates for the first contact; their CA is pinned "
          + "from then on. Use --master.cacert to verify them from the start.");
      client.acceptUnverifiedCertificates();
    }
    try {
      return client.build().call("POST", "/_api/worker/configure", JsonNodeFactory.instance.objectNode().put("endpoint", endpoint));
    } catch (SyncClientException e) {
      throw new CommandFailure("cannot get this worker's configuration from the masters: " + e.getMessage()
          + "\nCheck --master.endpoint and that --master.jwt-secret is the masters' secret.");
    }
  }
}
