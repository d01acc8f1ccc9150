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

    // The masters first: a worker that cannot get its configuration should say so before anything else.
    JsonNode configuration = configure(masters, secret, endpoint);
    KarafInstance instance = KarafInstance.in(stateDirectory, "arangosync run worker");
    instance.refuseWhileRunning();
    server.requireFree(commandLine, port);
    Setup setup = setup(configuration, instance.base().resolve("tls"), server.keyfile, masterCa, endpoint, masters, masterJwtSecret);
    try {
      Files.createDirectories(instance.base().resolve("tls"));
      SecureFiles.writeAll(setup.files());
    } catch (java.io.IOException | IllegalArgumentException e) {
      throw new CommandFailure("cannot write the worker's certificate and secrets in " + instance.base().resolve("tls") + ": "
          + e.getMessage());
    }
    Map<String, String> rest = server.restServer(SERVER_NAME, port, masterJwtSecret);
    rest.put("keyfile", ServerLaunch.absolute(setup.keyfile()));
    instance.configuration("org.arangosync.rest-" + SERVER_NAME, rest).logLevel(level).logFile(server.logFile);
    setup.configurations().forEach(instance::configuration);
    if (setup.type().equals("kafka")) {
      instance.bootFeature("arangosync-transport-kafka").withoutConfiguration("org.arangosync.transport.direct");
    } else {
      instance.withoutConfiguration("org.arangosync.transport.kafka");
    }
    String type = setup.type();
    List<String> clusterEndpoints = setup.clusterEndpoints();

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

  /**
   * What a worker's instance is made of, from the masters' configuration: the files to write
   * (keyfile, pinned CA, secrets, Kafka material) and the configurations by PID.
   */
  record Setup(List<SecureFiles.Content> files, Map<String, Map<String, String>> configurations, String type,
      List<String> clusterEndpoints, Path keyfile) {}

  /**
   * Turns the masters' {@code WorkerConfiguration} into files below {@code tls} and the instance's
   * configurations: the cluster ({@code org.arangosync.arangodb-local}), the worker, and the
   * transport the masters use (direct: this worker's own server; kafka: the brokers, topics, CA and
   * client keyfile the masters passed on).
   *
   * @throws CommandFailure when the configuration lacks what a worker needs
   */
  static Setup setup(JsonNode configuration, Path tls, Path ownKeyfile, Path masterCa, String endpoint, List<URI> masters,
      Path masterJwtSecret) {
    List<SecureFiles.Content> files = new ArrayList<>();
    Map<String, Map<String, String>> configurations = new LinkedHashMap<>();
    Path keyfile = ownKeyfile != null ? ownKeyfile : tls.resolve("worker.keyfile");
    String certificate = configuration.path("httpServer").path("certificate").asText("");
    String key = configuration.path("httpServer").path("key").asText("");
    if (ownKeyfile == null) {
      if (certificate.isEmpty() || key.isEmpty()) {
        throw new CommandFailure("the masters sent no TLS certificate for this worker; give it one with --server.keyfile");
      }
      files.add(SecureFiles.secret(keyfile, certificate + "\n" + key));
    }
    Path masterCaFile = masterCa != null ? masterCa : tls.resolve("master-ca.crt");
    String pinned = configuration.path("masterCaCertificate").asText("");
    if (masterCa == null && !pinned.isEmpty()) {
      files.add(SecureFiles.file(masterCaFile, pinned));
    }
    Path clusterSecretFile = tls.resolve("cluster.jwtsecret");
    files.add(SecureFiles.secret(clusterSecretFile, configuration.path("cluster").path("jwtSecret").asText()));
    List<String> clusterEndpoints = new ArrayList<>();
    configuration.path("cluster").path("endpoints").forEach(each -> clusterEndpoints.add(each.asText()));
    if (clusterEndpoints.isEmpty()) {
      throw new CommandFailure("the masters gave no cluster endpoints; start the masters with --cluster.endpoint");
    }
    String type = configuration.path("mq").path("type").asText("direct").toLowerCase(Locale.ROOT);

    Map<String, String> cluster = new LinkedHashMap<>();
    cluster.put("endpoints", String.join(",", clusterEndpoints));
    cluster.put("jwtSecretFile", ServerLaunch.absolute(clusterSecretFile));
    cluster.put("arangosync.cluster", CLUSTER_NAME);
    configurations.put("org.arangosync.arangodb-" + CLUSTER_NAME, cluster);
    Map<String, String> worker = new LinkedHashMap<>();
    worker.put("endpoint", endpoint);
    worker.put("masterEndpoints", String.join(",", masters.stream().map(URI::toString).toList()));
    worker.put("jwtSecretFile", ServerLaunch.absolute(masterJwtSecret));
    worker.put("masterCaFile", masterCa != null || !pinned.isEmpty() ? ServerLaunch.absolute(masterCaFile) : "");
    worker.put("stateStore.target", "(arangosync.cluster=" + CLUSTER_NAME + ")");
    worker.put("clusterStore.target", "(arangosync.cluster=" + CLUSTER_NAME + ")");
    worker.put("transport.target", "(arangosync.transport=" + type + ")");
    configurations.put(SyncWorkerConfiguration.PID, worker);
    if (type.equals("kafka")) {
      JsonNode mq = configuration.path("mq");
      JsonNode authentication = mq.path("authentication");
      List<String> brokers = new ArrayList<>();
      mq.path("endpoints").forEach(each -> brokers.add(each.asText()));
      if (brokers.isEmpty()) {
        throw new CommandFailure("the masters use Kafka but gave no brokers; start the masters with --mq.kafka-addr");
      }
      Map<String, String> kafka = new LinkedHashMap<>();
      kafka.put("kafkaAddr", String.join(",", brokers));
      kafka.put("transportTopics", authentication.path("transportTopics").asText(""));
      kafka.put("transportTopicsFile", written(files, tls.resolve("transport-topics"),
          authentication.path("transportTopicsFile").asText(""), false));
      kafka.put("caCertificateFile", written(files, tls.resolve("kafka-ca.crt"), authentication.path("caCertificate").asText(""), false));
      kafka.put("clientKeyfile", written(files, tls.resolve("kafka-client.keyfile"), authentication.path("clientKeyfile").asText(""),
          true));
      configurations.put("org.arangosync.transport.kafka", kafka);
    } else if (type.equals("direct")) {
      Map<String, String> direct = new LinkedHashMap<>();
      direct.put("server", SERVER_NAME);
      direct.put("endpoints", endpoint);
      // Consumers in the other datacenter verify this worker with the CA of its certificate, which they get with the channel's access.
      List<java.security.cert.X509Certificate> chain = ownKeyfile != null ? Pem.readKeyfile(ownKeyfile).chain()
          : Pem.parseCertificates(certificate, "the worker certificate from the masters").stream().skip(1).toList();
      direct.put("caCertificateFile", written(files, tls.resolve("worker-ca.crt"), chain.isEmpty() ? "" : Pem.certificates(chain), false));
      configurations.put("org.arangosync.transport.direct", direct);
    } else {
      throw new CommandFailure("the masters use transport '" + type + "', which this worker does not know; use direct or kafka");
    }
    return new Setup(files, configurations, type, clusterEndpoints, keyfile);
  }

  /** Adds a file holding {@code text} unless it is empty; its path, or "" when there is none. */
  private static String written(List<SecureFiles.Content> files, Path file, String value, boolean secret) {
    if (value.isBlank()) {
      return "";
    }
    files.add(secret ? SecureFiles.secret(file, value) : SecureFiles.file(file, value));
    return ServerLaunch.absolute(file);
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
