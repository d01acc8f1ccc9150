package org.arangosync.core.internal.master;

import java.net.URI;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Hashtable;
import java.util.List;
import java.nio.file.Path;
import javax.net.ssl.SSLContext;
import org.arangosync.api.spi.state.StateStore;
import org.arangosync.api.spi.store.ClusterStore;
import org.arangosync.metrics.Metrics;
import org.arangosync.certificates.Issued;
import org.arangosync.certificates.Pem;
import org.arangosync.certificates.TlsContexts;
import org.arangosync.core.internal.ConfigLists;
import org.arangosync.rest.RestRoute;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This process's sync master in Karaf: joins the leader election in the state store named by
 * {@code stateStore.target} and mounts the master routes on the configured HTTPS server. The
 * master gets a new random id (32 hex digits, as ArangoSync's) at every start; the announcement
 * of an earlier run runs out with its time to live.
 */
@Component(configurationPid = MasterConfiguration.PID, configurationPolicy = ConfigurationPolicy.REQUIRE, service = {})
@Designate(ocd = MasterConfiguration.class)
public final class MasterComponent {

  private static final Logger LOG = LoggerFactory.getLogger(MasterComponent.class);

  /**
   * Optional and greedy, so that the core bundle resolves without the ArangoDB adapter, and the
   * master starts (is reactivated) once the store appears; its configuration usually arrives
   * together with this one.
   */
  @Reference(name = "stateStore", cardinality = ReferenceCardinality.OPTIONAL, policyOption = ReferencePolicyOption.GREEDY)
  private StateStore stateStore;

  /** Mandatory: the metrics bundle comes with the core's feature. */
  @Reference
  private Metrics metrics;

  @Reference(name = "clusterStore", cardinality = ReferenceCardinality.OPTIONAL, policyOption = ReferencePolicyOption.GREEDY)
  private ClusterStore clusterStore;

  private final List<ServiceRegistration<?>> registrations = new ArrayList<>();
  private MasterElection election;
  private MasterSync sync;

  @Activate
  public void activate(MasterConfiguration configuration, BundleContext context) {
    if (stateStore == null || clusterStore == null) {
      LOG.info("sync master: waiting for the datacenter's {} {} (an org.arangosync.arangodb configuration of the "
          + "cluster; the feature arangosync-arangodb)", stateStore == null ? "state store" : "cluster",
          stateStore == null ? configuration.stateStore_target() : configuration.clusterStore_target());
      return;
    }
    String endpoint = checkedEndpoint(configuration.endpoint(), "endpoint");
    List<String> publicEndpoints = new ArrayList<>();
    for (String each : ConfigLists.split(configuration.masterEndpoints())) {
      publicEndpoints.add(checkedEndpoint(each, "masterEndpoints"));
    }
    byte[] random = new byte[16];
    new SecureRandom().nextBytes(random);
    election = new MasterElection(stateStore, HexFormat.of().formatHex(random), endpoint, publicEndpoints,
        Duration.ofSeconds(configuration.leaseSeconds()));
    election.start();
    Hashtable<String, Object> onServer = new Hashtable<>();
    onServer.put(RestRoute.SERVER_PROPERTY, configuration.server());
    LeaderForwarding forwarding = new LeaderForwarding(election, forwardingTls(configuration.keyfile()), Duration.ofMinutes(2));
    List<RestRoute> routes = new ArrayList<>(MasterRoutes.of(election));
    routes.addAll(MessageTimeoutRoutes.of(stateStore, forwarding));
    sync = new MasterSync(election, forwarding, clusterStore, publicEndpoints.isEmpty() ? List.of(endpoint) : publicEndpoints,
        workerSettings(configuration), Duration.ofSeconds(configuration.workerTtlSeconds()), Duration.ofSeconds(1), metrics);
    routes.addAll(sync.routes());
    sync.start();
    for (RestRoute route : routes) {
      registrations.add(context.registerService(RestRoute.class, route, onServer));
    }
    LOG.info("sync master {} at {} on HTTPS server '{}'", election.id(), endpoint, configuration.server());
  }

  /** What workers are told in their configuration: the cluster, the transport type, the CA of the masters' certificates. */
  private static WorkerSettings workerSettings(MasterConfiguration configuration) {
    List<String> clusterEndpoints = ConfigLists.split(configuration.clusterEndpoints());
    if (clusterEndpoints.isEmpty() || configuration.clusterJwtSecretFile().isBlank()) {
      throw new IllegalArgumentException(MasterConfiguration.PID + ": 'clusterEndpoints' and 'clusterJwtSecretFile' are needed to "
          + "configure workers (arangosync run master writes them from --cluster.endpoint and --cluster.jwt-secret)");
    }
    String secret;
    try {
      secret = java.nio.file.Files.readString(Path.of(configuration.clusterJwtSecretFile())).strip();
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException(MasterConfiguration.PID + ": cannot read clusterJwtSecretFile "
          + configuration.clusterJwtSecretFile() + ": " + e.getMessage(), e);
    }
    String masterCa = configuration.keyfile().isBlank() ? ""
        : Pem.certificates(Pem.readKeyfile(Path.of(configuration.keyfile())).chain());
    return new WorkerSettings(clusterEndpoints, secret, 0, mq(configuration), masterCa);
  }

  /**
   * The transport section of the workers' configuration. Kafka: the brokers, and in
   * {@code authentication} the topics and the contents of the CA, client keyfile and topics file
   * (workers have no files of the masters' machines).
   */
  private static WorkerSettings.Mq mq(MasterConfiguration configuration) {
    if (!"kafka".equals(configuration.mqType())) {
      return new WorkerSettings.Mq(configuration.mqType(), List.of(), java.util.Map.of());
    }
    java.util.Map<String, Object> authentication = new java.util.LinkedHashMap<>();
    authentication.put("transportTopics", String.join(",", ConfigLists.split(configuration.mqTransportTopics())));
    authentication.put("transportTopicsFile", text(configuration.mqTransportTopicsFile(), "mqTransportTopicsFile"));
    authentication.put("caCertificate", text(configuration.mqKafkaCaFile(), "mqKafkaCaFile"));
    authentication.put("clientKeyfile", text(configuration.mqKafkaClientKeyfile(), "mqKafkaClientKeyfile"));
    return new WorkerSettings.Mq("kafka", ConfigLists.split(configuration.mqKafkaAddr()), authentication);
  }

  private static String text(String file, String attribute) {
    if (file == null || file.isBlank()) {
      return "";
    }
    try {
      return java.nio.file.Files.readString(Path.of(file));
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException(MasterConfiguration.PID + ": cannot read " + attribute + " " + file + ": " + e.getMessage(), e);
    }
  }

  /** Trusts the CA(s) in this master's own keyfile chain: the other masters' certificates come from the same CA. */
  private static SSLContext forwardingTls(String keyfile) {
    if (keyfile.isBlank()) {
      try {
        return SSLContext.getDefault();
      } catch (java.security.NoSuchAlgorithmException e) {
        throw new IllegalStateException("no default TLS context: " + e.getMessage(), e);
      }
    }
    Issued own = Pem.readKeyfile(Path.of(keyfile));
    if (own.chain().isEmpty()) {
      throw new IllegalArgumentException(MasterConfiguration.PID + ": the keyfile " + keyfile + " holds no CA certificate after "
          + "its own; create it with 'arangosync create tls keyfile', or leave 'keyfile' empty to trust the JVM's CAs");
    }
    return TlsContexts.client(own.chain(), null);
  }

  private static String checkedEndpoint(String value, String attribute) {
    String endpoint = value == null ? "" : value.strip();
    URI uri;
    try {
      uri = URI.create(endpoint);
    } catch (IllegalArgumentException e) {
      uri = null;
    }
    if (uri == null || !"https".equals(uri.getScheme()) || uri.getHost() == null || uri.getPort() <= 0) {
      throw new IllegalArgumentException(MasterConfiguration.PID + ": '" + attribute + "' = '" + endpoint + "' must be an "
          + "https://host:port URL (the master API is TLS only)");
    }
    return endpoint;
  }

  @Deactivate
  public void deactivate() {
    registrations.forEach(ServiceRegistration::unregister);
    registrations.clear();
    if (sync != null) {
      sync.close();
    }
    if (election != null) {
      election.close();
    }
  }
}
