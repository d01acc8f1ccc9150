package org.arangosync.core.internal.sync;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.arangosync.api.spi.state.StateStore;
import org.arangosync.api.spi.store.ClusterStore;
import org.arangosync.api.spi.transport.Transport;
import org.arangosync.certificates.Pem;
import org.arangosync.client.SyncMasterClient;
import org.arangosync.core.internal.ConfigLists;
import org.arangosync.metrics.Metrics;
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
 * This process's sync worker in Karaf: a {@link SyncWorker} over the datacenter's cluster, state
 * store and transport, talking to the masters with the master JWT secret. The three services are
 * optional and greedy, so that the core bundle resolves without the adapter and the transport, and
 * the worker starts (is reactivated) once all three are there.
 */
@Component(configurationPid = SyncWorkerConfiguration.PID, configurationPolicy = ConfigurationPolicy.REQUIRE, service = {})
@Designate(ocd = SyncWorkerConfiguration.class)
public final class SyncWorkerComponent {

  private static final Logger LOG = LoggerFactory.getLogger(SyncWorkerComponent.class);

  @Reference(name = "stateStore", cardinality = ReferenceCardinality.OPTIONAL, policyOption = ReferencePolicyOption.GREEDY)
  private StateStore stateStore;

  @Reference(name = "clusterStore", cardinality = ReferenceCardinality.OPTIONAL, policyOption = ReferencePolicyOption.GREEDY)
  private ClusterStore clusterStore;

  @Reference(name = "transport", cardinality = ReferenceCardinality.OPTIONAL, policyOption = ReferencePolicyOption.GREEDY)
  private Transport transport;

  /** Mandatory: the metrics bundle comes with the core's feature. */
  @Reference
  private Metrics metrics;

  private SyncWorker worker;

  @Activate
  public void activate(SyncWorkerConfiguration configuration) {
    if (stateStore == null || clusterStore == null || transport == null) {
      LOG.info("sync worker: waiting for {}{}{}", stateStore == null ? "the state store " + configuration.stateStore_target() + " " : "",
          clusterStore == null ? "the cluster " + configuration.clusterStore_target() + " " : "",
          transport == null ? "the transport " + configuration.transport_target() : "");
      return;
    }
    List<URI> masters = ConfigLists.split(configuration.masterEndpoints()).stream().map(URI::create).toList();
    if (masters.isEmpty()) {
      throw new IllegalArgumentException(SyncWorkerConfiguration.PID + ": 'masterEndpoints' names no master");
    }
    String secret;
    try {
      secret = Files.readString(Path.of(configuration.jwtSecretFile())).strip();
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException(SyncWorkerConfiguration.PID + ": cannot read jwtSecretFile " + configuration.jwtSecretFile()
          + ": " + e.getMessage(), e);
    }
    SyncMasterClient.Builder client = SyncMasterClient.builder(masters).jwtSecret(secret, "worker " + configuration.endpoint());
    if (configuration.masterCaFile().isBlank()) {
      LOG.warn("sync worker: accepting unverified master TLS certificates (no masterCaFile)");
      client.acceptUnverifiedCertificates();
    } else {
      client.trustedCertificates(Pem.readCertificates(Path.of(configuration.masterCaFile())));
    }
    String hostId = configuration.hostId().isBlank() ? hostName() : configuration.hostId();
    worker = new SyncWorker(client.build()::call, clusterStore, stateStore, transport, new SyncWorker.Settings(configuration.endpoint(),
        hostId, Duration.ofMillis(configuration.pollIntervalMillis()), Duration.ofMillis(configuration.inventoryIntervalMillis()),
        ShardSyncSettings.defaults()), new WorkerMetrics(metrics)).start();
    LOG.info("sync worker {} on {} with masters {} ({} transport)", configuration.endpoint(), hostId, masters, transport.type());
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "localhost";
    }
  }

  @Deactivate
  public void deactivate() {
    if (worker != null) {
      worker.close();
      worker = null;
    }
  }
}
