package org.arangosync.core.internal.master;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.arangosync.api.spi.store.ClusterStore;
import org.arangosync.certificates.Issued;
import org.arangosync.certificates.Pem;
import org.arangosync.metrics.Metrics;
import org.arangosync.client.SyncMasterClient;
import org.arangosync.rest.RestRoute;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything a master serves and runs beyond its election: the worker and task registries, the
 * synchronisation coordinator, their routes (all leader-only through {@link LeaderForwarding}), and
 * the leader's assignment loop, which every {@code assignInterval} gives the tasks of workers that
 * went away (and new tasks) to live workers.
 */
public final class MasterSync implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(MasterSync.class);

  private final MasterElection election;
  private final WorkerRegistry workers;
  private final TaskRegistry tasks;
  private final SyncCoordinator coordinator;
  private final List<RestRoute> routes = new ArrayList<>();
  private final CountDownLatch stopped = new CountDownLatch(1);
  private final Thread assigner;
  private final Duration assignInterval;

  /**
   * @param cluster this datacenter's cluster (switched read-only by a barrier, read for checksums)
   * @param publicEndpoints this datacenter's master URLs as the other datacenter reaches them
   * @param workerSettings what workers are told when they are configured
   * @param workerTtl how long a worker stays registered without renewing
   * @param metrics where the master's metrics are counted
   */
  public MasterSync(MasterElection election, LeaderForwarding forwarding, ClusterStore cluster, List<String> publicEndpoints,
      WorkerSettings workerSettings, Duration workerTtl, Duration assignInterval, Metrics metrics) {
    this.election = election;
    this.assignInterval = assignInterval;
    var store = election.store();
    this.workers = new WorkerRegistry(store, workerTtl, Clock.systemUTC(), metrics);
    this.tasks = new TaskRegistry(store, Clock.systemUTC());
    this.coordinator = new SyncCoordinator(new SyncState(store), tasks, cluster, publicEndpoints, MasterSync::sourceMasters);
    MasterMetrics.record(metrics, election, workers, tasks, coordinator.state());
    routes.addAll(WorkerRoutes.of(workers, new WorkerCa(store), workerSettings, forwarding::leaderOnly));
    routes.addAll(TaskRoutes.of(tasks, forwarding::leaderOnly));
    routes.addAll(SyncRoutes.of(coordinator, forwarding::leaderOnly));
    this.assigner = new Thread(this::assignLoop, "sync master task assignment");
  }

  /** The source masters of an {@code incoming} configuration, called with its client certificate over TLS verified by its CA. */
  static RemoteMaster sourceMasters(JsonNode incoming) {
    List<URI> endpoints = new ArrayList<>();
    incoming.path("source").forEach(endpoint -> endpoints.add(URI.create(endpoint.asText())));
    JsonNode authentication = incoming.path("authentication");
    Issued certificate = Pem.parseKeyfile(authentication.path("clientCertificate").asText() + "\n" + authentication.path("clientKey").asText(),
        "the client certificate and key of the synchronisation");
    SyncMasterClient client = SyncMasterClient.builder(endpoints)
        .trustedCertificates(Pem.parseCertificates(authentication.path("caCertificate").asText(), "the source CA certificate"))
        .clientKeyfile(certificate).clientId("arangosync-target-master").build();
    return client::call;
  }

  public List<RestRoute> routes() {
    return List.copyOf(routes);
  }

  public SyncCoordinator coordinator() {
    return coordinator;
  }

  public MasterSync start() {
    assigner.start();
    return this;
  }

  private void assignLoop() {
    try {
      while (!stopped.await(assignInterval.toMillis(), TimeUnit.MILLISECONDS)) {
        if (!election.isLeader()) {
          continue;
        }
        try {
          for (TaskRegistry.Move move : tasks.assign(workers.list())) {
            LOG.info("task {} assigned to worker {}{}", move.taskId(), move.toWorkerId(),
                move.fromWorkerId() == null || move.fromWorkerId().isEmpty() ? "" : " (was on " + move.fromWorkerId() + ")");
          }
        } catch (RuntimeException e) {
          LOG.warn("assigning tasks failed: {}; trying again in {}", e.getMessage(), assignInterval);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    stopped.countDown();
    org.arangosync.core.internal.Stopping.join(assigner, Duration.ofSeconds(5));
  }
}
