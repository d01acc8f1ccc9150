package org.arangosync.core.internal.command;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.arangosync.certificates.Pem;
import org.arangosync.core.internal.master.MasterConfiguration;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code arangosync run master}, with the tutorial's flags: starts, in the foreground, a Karaf
 * instance that runs one sync master of this datacenter. The flags become the instance's
 * configurations, rewritten at every start: the HTTPS server ({@code org.arangosync.rest-master}),
 * the cluster ({@code org.arangosync.arangodb-local}, whose agency holds the masters' state), the
 * master ({@code org.arangosync.master}) and the transport named by {@code --mq.type}. Stops
 * cleanly on Ctrl-C or SIGTERM, as systemd expects.
 *
 * <p>The master takes part in the election of the datacenter's leader, registers the workers and
 * configures them ({@code arangosync run worker}), keeps the tasks and assigns them, and runs the
 * synchronisation ({@code configure sync}, {@code get status}); see {@code MasterSync}.
 */
@Command(name = "master", mixinStandardHelpOptions = true,
    description = "Run a sync master of this datacenter, in a Karaf instance of its own, in the foreground.")
public final class RunMasterCommand implements Callable<Integer> {

  static final String SERVER_NAME = "master";
  private static final String CLUSTER_NAME = "local";

  @Spec private CommandSpec spec;

  @Mixin private ServerLaunch server = new ServerLaunch();

  @Option(names = "--server.endpoint", required = true, paramLabel = "URL",
      description = "How the workers and the other masters of this datacenter reach this master, e.g. https://10.0.0.1:8629.")
  String serverEndpoint;

  @Option(names = "--server.port", paramLabel = "PORT", defaultValue = "8629", description = "HTTPS port (default: ${DEFAULT-VALUE}).")
  int port;




  @Option(names = "--master.endpoint", paramLabel = "URL", split = ",",
      description = "Public URL(s) of this datacenter's masters, as the other datacenter reaches them (repeatable).")
  List<String> masterEndpoints = new ArrayList<>();

  @Option(names = {"--master.jwt-secret", "--master.jwtSecret"}, paramLabel = "FILE",
      description = "File holding the secret shared by the masters and workers of this datacenter ('arangosync create jwt-secret').")
  Path masterJwtSecret;

  @Option(names = "--cluster.endpoint", required = true, paramLabel = "URL", split = ",",
      converter = ServerOptions.ArangoEndpointConverter.class, description = "Coordinator(s) of this datacenter's cluster (repeatable).")
  List<URI> clusterEndpoints = new ArrayList<>();

  @Option(names = {"--cluster.jwt-secret", "--cluster.jwtSecret"}, required = true, paramLabel = "FILE",
      description = "File holding the cluster's JWT secret (arangod --server.jwt-secret).")
  Path clusterJwtSecret;

  @Option(names = "--cluster.cacert", paramLabel = "FILE", description = "CA certificate of an ssl:// cluster.")
  Path clusterCa;

  @Option(names = "--mq.type", paramLabel = "TYPE", defaultValue = "direct",
      description = "Transport between the datacenters: direct or kafka (default: ${DEFAULT-VALUE}).")
  String mqType;

  @Option(names = "--mq.direct-token-ttl", paramLabel = "DURATION", description = "Lifetime of direct-MQ channel tokens, e.g. 12h (default 6h).")
  Duration directTokenTtl;

  @Option(names = "--mq.kafka-addr", paramLabel = "HOST:PORT", split = ",", description = "Kafka brokers of this datacenter (repeatable).")
  List<String> kafkaAddresses = new ArrayList<>();

  @Option(names = "--mq.kafka-client-keyfile", paramLabel = "FILE", description = "Client certificate and key for the Kafka brokers.")
  Path kafkaClientKeyfile;

  @Option(names = "--mq.kafka-cacert", paramLabel = "FILE", description = "CA certificate of the Kafka brokers.")
  Path kafkaCa;

  @Option(names = "--mq.transport-topic", paramLabel = "TOPIC", description = "A transport topic (repeatable).")
  List<String> transportTopics = new ArrayList<>();

  @Option(names = "--mq.transport-topicsfile", paramLabel = "FILE", description = "File with one transport topic per line.")
  Path transportTopicsFile;


  @Option(names = "--log.level", paramLabel = "LEVEL", description = "Level of arangosync's own log: trace, debug, info, warning, error.")
  String logLevel;


  @Option(names = "--state.directory", paramLabel = "DIR", defaultValue = "arangosync-master",
      description = "The instance's directory: Karaf's configuration, data and log (default: ${DEFAULT-VALUE}).")
  Path stateDirectory;

  @Override
  public Integer call() {
    CommandLine commandLine = spec.commandLine();
    String endpoint = ServerLaunch.httpsEndpoint(commandLine, "--server.endpoint", serverEndpoint);
    List<String> publicEndpoints = new ArrayList<>();
    for (String each : masterEndpoints) {
      publicEndpoints.add(ServerLaunch.httpsEndpoint(commandLine, "--master.endpoint", each));
    }
    server.check(commandLine, port);
    ServerLaunch.secret(commandLine, "--cluster.jwt-secret", clusterJwtSecret);
    if (masterJwtSecret != null) {
      ServerLaunch.secret(commandLine, "--master.jwt-secret", masterJwtSecret);
    }
    if (clusterCa != null) {
      ServerLaunch.readable(commandLine, "--cluster.cacert", () -> Pem.readCertificates(clusterCa));
    }
    String level = logLevel == null ? null : ServerLaunch.logLevel(commandLine, logLevel);
    String type = mqType.strip().toLowerCase(Locale.ROOT);
    if (!List.of("direct", "kafka").contains(type)) {
      throw new ParameterException(commandLine, "--mq.type: unknown transport '" + mqType + "'; use direct or kafka");
    }
    if (type.equals("kafka")) {
      checkKafka(commandLine);
    }
    if (directTokenTtl != null && directTokenTtl.toSeconds() <= 0) {
      throw new ParameterException(commandLine, "--mq.direct-token-ttl: " + directTokenTtl + " is not a lifetime; use e.g. 12h");
    }

    KarafInstance instance = KarafInstance.in(stateDirectory, "arangosync run master");
    instance.refuseWhileRunning();
    server.requireFree(commandLine, port);
    Map<String, String> cluster = new LinkedHashMap<>();
    cluster.put("endpoints", clusterEndpoints.stream().map(RunMasterCommand::arangoUrl).collect(Collectors.joining(",")));
    cluster.put("jwtSecretFile", ServerLaunch.absolute(clusterJwtSecret));
    cluster.put("caCertificateFile", ServerLaunch.absolute(clusterCa));
    cluster.put("arangosync.cluster", CLUSTER_NAME);
    Map<String, String> rest = server.restServer(SERVER_NAME, port, masterJwtSecret);
    // Operators log in with the cluster's users (--auth.user root ...).
    rest.put("userSource.target", "(arangosync.cluster=" + CLUSTER_NAME + ")");
    Map<String, String> master = new LinkedHashMap<>();
    master.put("server", SERVER_NAME);
    master.put("endpoint", endpoint);
    master.put("keyfile", ServerLaunch.absolute(server.keyfile));
    master.put("masterEndpoints", String.join(",", publicEndpoints));
    master.put("stateStore.target", "(arangosync.cluster=" + CLUSTER_NAME + ")");
    master.put("clusterStore.target", "(arangosync.cluster=" + CLUSTER_NAME + ")");
    // What the workers of this datacenter are given: they have no cluster or transport flags of their own.
    master.put("clusterEndpoints", cluster.get("endpoints"));
    master.put("clusterJwtSecretFile", ServerLaunch.absolute(clusterJwtSecret));
    master.put("mqType", type);
    if (type.equals("kafka")) {
      master.put("mqKafkaAddr", String.join(",", kafkaAddresses));
      master.put("mqTransportTopics", String.join(",", transportTopics));
      master.put("mqTransportTopicsFile", ServerLaunch.absolute(transportTopicsFile));
      master.put("mqKafkaCaFile", ServerLaunch.absolute(kafkaCa));
      master.put("mqKafkaClientKeyfile", ServerLaunch.absolute(kafkaClientKeyfile));
    }
    instance.configuration("org.arangosync.arangodb-" + CLUSTER_NAME, cluster)
        .configuration("org.arangosync.rest-" + SERVER_NAME, rest)
        .configuration(MasterConfiguration.PID, master)
        .logLevel(level)
        .logFile(server.logFile);
    // One transport per master: the other's configuration from an earlier start goes.
    if (type.equals("kafka")) {
      instance.bootFeature("arangosync-transport-kafka").configuration("org.arangosync.transport.kafka", kafka())
          .withoutConfiguration("org.arangosync.transport.direct");
    } else {
      instance.configuration("org.arangosync.transport.direct", direct(endpoint)).withoutConfiguration("org.arangosync.transport.kafka");
    }
    KarafInstance.Running karaf = instance.start();
    String shown = server.shownHost();
    return karaf.runInForeground(server.host, port, commandLine.getOut(), server.readyLines(instance, karaf, List.of(
        "Sync master is ready.",
        "  API:             https://" + shown + ":" + port + "/_api/masters",
        "  endpoint:        " + endpoint,
        "  cluster:         " + clusterEndpoints.stream().map(URI::toString).collect(Collectors.joining(",")),
        "  transport:       " + type)));
  }


  /** ArangoDB's tcp:// and ssl:// as the HTTP URLs the adapter speaks. */
  private static String arangoUrl(URI endpoint) {
    String scheme = endpoint.getScheme().toLowerCase(Locale.ROOT);
    String http = scheme.equals("tcp") ? "http" : scheme.equals("ssl") ? "https" : scheme;
    return http + "://" + endpoint.getRawAuthority();
  }



  private void checkKafka(CommandLine commandLine) {
    if (kafkaAddresses.stream().allMatch(String::isBlank)) {
      throw new ParameterException(commandLine, "--mq.type=kafka needs --mq.kafka-addr=<host:port> of this datacenter's brokers");
    }
    if (transportTopics.isEmpty() && transportTopicsFile == null) {
      throw new ParameterException(commandLine, "--mq.type=kafka needs the transport topics: --mq.transport-topic (repeatable) "
          + "or --mq.transport-topicsfile");
    }
    if (transportTopicsFile != null && !Files.isReadable(transportTopicsFile)) {
      throw new ParameterException(commandLine, "--mq.transport-topicsfile: cannot read " + transportTopicsFile);
    }
    if (kafkaCa != null) {
      ServerLaunch.readable(commandLine, "--mq.kafka-cacert", () -> Pem.readCertificates(kafkaCa));
    }
    if (kafkaClientKeyfile != null) {
      ServerLaunch.readable(commandLine, "--mq.kafka-client-keyfile", () -> Pem.readKeyfile(kafkaClientKeyfile));
    }
  }

  private Map<String, String> kafka() {
    Map<String, String> kafka = new LinkedHashMap<>();
    kafka.put("kafkaAddr", String.join(",", kafkaAddresses));
    kafka.put("transportTopics", String.join(",", transportTopics));
    kafka.put("transportTopicsFile", ServerLaunch.absolute(transportTopicsFile));
    kafka.put("caCertificateFile", ServerLaunch.absolute(kafkaCa));
    kafka.put("clientKeyfile", ServerLaunch.absolute(kafkaClientKeyfile));
    return kafka;
  }

  private Map<String, String> direct(String endpoint) {
    Map<String, String> direct = new LinkedHashMap<>();
    direct.put("server", SERVER_NAME);
    direct.put("endpoints", endpoint);
    if (directTokenTtl != null) {
      direct.put("tokenTtlSeconds", Long.toString(directTokenTtl.toSeconds()));
    }
    return direct;
  }
}
