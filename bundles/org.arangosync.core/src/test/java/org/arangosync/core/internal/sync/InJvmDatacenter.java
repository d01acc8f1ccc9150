package org.arangosync.core.internal.sync;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.arangosync.arangodb.AgencyStateStore;
import org.arangosync.arangodb.ArangoClusterStore;
import org.arangosync.arangodb.ArangoConnection;
import org.arangosync.arangodb.ConnectionSettings;
import org.arangosync.certificates.CertificateIssuer;
import org.arangosync.certificates.Issued;
import org.arangosync.certificates.KeyType;
import org.arangosync.certificates.Pem;
import org.arangosync.certificates.Purpose;
import org.arangosync.certificates.TlsContexts;
import org.arangosync.client.SyncMasterClient;
import org.arangosync.core.internal.master.LeaderForwarding;
import org.arangosync.core.internal.master.MasterElection;
import org.arangosync.core.internal.master.MasterRoutes;
import org.arangosync.core.internal.master.MasterSync;
import org.arangosync.core.internal.master.MessageTimeoutRoutes;
import org.arangosync.core.internal.master.RemoteMaster;
import org.arangosync.core.internal.master.WorkerSettings;
import org.arangosync.metrics.Metrics;
import org.arangosync.minicluster.MiniCluster;
import org.arangosync.rest.RestServer;
import org.arangosync.transport.direct.internal.DirectTransport;

/**
 * One datacenter in this JVM for the tests: its own mini cluster (agency, coordinator, 2
 * DB-Servers), a sync master (HTTPS with JWT and client certificates, leader election in its
 * agency) and a sync worker (direct transport over TLS), each with metrics of its own.
 */
final class InJvmDatacenter implements AutoCloseable {

  static final String CLUSTER_SECRET = "cluster-secret";
  static final String MASTER_SECRET = "master-secret";

  /** The certificates of a test: one TLS CA and server keyfile for every server, one client-auth CA. */
  record Certificates(Issued tlsCa, Issued serverKeyfile, Issued clientAuthCa) {
    static Certificates create() {
      CertificateIssuer issuer = new CertificateIssuer();
      KeyType p256 = KeyType.of("P256", 0);
      Issued tlsCa = issuer.createCa("DC2DC test TLS CA", Duration.ofDays(1), p256);
      Issued server = issuer.issue(tlsCa, Purpose.SERVER_AND_CLIENT, List.of("127.0.0.1"), List.of(), Duration.ofDays(1), p256);
      return new Certificates(tlsCa, server, issuer.createCa("DC2DC test client-auth CA", Duration.ofDays(1), p256));
    }

    /** A client-authentication keyfile the masters accept (a target presents one to its source). */
    Issued clientKeyfile(String name) {
      return new CertificateIssuer().issue(clientAuthCa, Purpose.CLIENT, List.of(name), List.of(), Duration.ofDays(1),
          KeyType.of("P256", 0));
    }
  }

  final Certificates certificates;

  final MiniCluster cluster;
  final ArangoConnection connection;
  final ArangoClusterStore store;
  final AgencyStateStore agency;
  final RestServer masterServer;
  final MasterElection election;
  final MasterSync sync;
  final RestServer workerServer;
  final DirectTransport transport;
  final Path keyfile;
  /** The master's and the worker's metrics, as if each ran in a process of its own. */
  final Metrics masterMetrics = Metrics.create();
  final Metrics workerMetrics = Metrics.create();
  SyncWorker worker;
  /** While set, every call of the worker to its masters fails as in a network partition. */
  final AtomicBoolean workerCutOff = new AtomicBoolean();
  private final List<AutoCloseable> extraWorkers = new ArrayList<>();

  /**
   * @param dir where its cluster keeps its data and its files live
   * @param certificates the TLS CA and server keyfile of every master and worker, the client CA the masters accept
   */
  InJvmDatacenter(String name, Path dir, Certificates certificates) throws Exception {
    this.certificates = certificates;
    cluster = MiniCluster.builder().dataDir(dir.resolve(name)).dbServers(2).jwtSecret(CLUSTER_SECRET).start();
    connection = ArangoConnection.open(ConnectionSettings.withJwtSecret(List.of(cluster.endpoint()), CLUSTER_SECRET));
    store = new ArangoClusterStore(connection);
    agency = AgencyStateStore.discover(connection, "/arangodb/arangosync");
    keyfile = dir.resolve(name + "-server.keyfile");
    Files.writeString(keyfile, Pem.keyfile(certificates.serverKeyfile()));
    masterServer = RestServer.builder(keyfile).host("127.0.0.1").port(0).jwtSecret(MASTER_SECRET)
        .clientCas(List.of(certificates.clientAuthCa().certificate())).name("master-" + name).start();
    String endpoint = masterServer.endpoint("127.0.0.1").toString();
    election = new MasterElection(agency, "master-" + name, endpoint, List.of(endpoint), Duration.ofSeconds(3));
    election.start();
    LeaderForwarding forwarding = new LeaderForwarding(election, TlsContexts.client(List.of(certificates.tlsCa().certificate()), null),
        Duration.ofSeconds(30));
    sync = new MasterSync(election, forwarding, store, List.of(endpoint), new WorkerSettings(List.of(cluster.endpoint().toString()),
        CLUSTER_SECRET, 0, new WorkerSettings.Mq("direct", List.of(), Map.of())), Duration.ofSeconds(5), Duration.ofMillis(200), masterMetrics);
    masterServer.addRoute(new org.arangosync.rest.VersionRoute()); // in Karaf, the rest bundle registers it
    MasterRoutes.of(election).forEach(masterServer::addRoute);
    MessageTimeoutRoutes.of(agency, forwarding).forEach(masterServer::addRoute);
    sync.routes().forEach(masterServer::addRoute);
    sync.start();
    workerServer = workerServer("worker-" + name);
    transport = transport(workerServer, dir.resolve("spill-" + name));
    worker = startWorker(name);
  }

  private RestServer workerServer(String name) throws Exception {
    return RestServer.builder(keyfile).host("127.0.0.1").port(0).clientCas(List.of(certificates.tlsCa().certificate())).name(name).start();
  }

  /** The direct transport of a worker whose HTTPS server is {@code server}. */
  private DirectTransport transport(RestServer server, Path spill) {
    DirectTransport direct = new DirectTransport(new DirectTransport.Settings(List.of(server.endpoint("127.0.0.1")),
        Pem.certificates(List.of(certificates.tlsCa().certificate())), certificates.serverKeyfile(), spill, 64L << 20, 256L << 20,
        Duration.ofHours(1)));
    direct.routes().forEach(server::addRoute);
    server.addTokenAuthority(direct.tokenAuthority());
    return direct;
  }

  /**
   * A second worker of this datacenter, as if on another machine: an HTTPS server and a direct
   * transport of its own (its channels are not the first worker's). Closed with the datacenter.
   */
  SyncWorker startSecondWorker(String name, Path dir) throws Exception {
    RestServer server = workerServer("worker-" + name);
    DirectTransport direct = transport(server, dir.resolve("spill-" + name));
    SyncWorker second = startWorker(name, server, direct, new AtomicBoolean());
    extraWorkers.add(() -> {
      second.close();
      direct.close();
      server.close();
    });
    return second;
  }

  SyncWorker startWorker(String name) {
    return startWorker(name, workerServer, transport, workerCutOff);
  }

  private SyncWorker startWorker(String name, RestServer server, DirectTransport direct, AtomicBoolean cutOff) {
    SyncMasterClient workerClient = SyncMasterClient.builder(List.of(URI.create(masterEndpoint())))
        .trustedCertificates(List.of(certificates.tlsCa().certificate())).jwtSecret(MASTER_SECRET, "worker-" + name).build();
    ShardSyncSettings shards = ShardSyncSettings.defaults().withHeartbeatInterval(Duration.ofSeconds(1))
        .withRetryWait(Duration.ofMillis(500)).withChunkSize(500);
    RemoteMaster masters = (method, path, body) -> {
      if (cutOff.get()) {
        throw new IllegalStateException("no route to the masters of " + name + " (a partition the test made)");
      }
      return workerClient.call(method, path, body);
    };
    return new SyncWorker(masters, store, agency, direct, new SyncWorker.Settings(
        server.endpoint("127.0.0.1").toString(), name + "-host", Duration.ofMillis(200), Duration.ofMillis(200), shards),
        new WorkerMetrics(workerMetrics)).start();
  }

  String masterEndpoint() {
    return masterServer.endpoint("127.0.0.1").toString();
  }

  SyncMasterClient operator() {
    return SyncMasterClient.builder(List.of(URI.create(masterEndpoint()))).trustedCertificates(List.of(certificates.tlsCa().certificate()))
        .jwtSecret(MASTER_SECRET, "operator").build();
  }

  @Override
  public void close() throws Exception {
    for (AutoCloseable extra : extraWorkers) {
      extra.close();
    }
    worker.close();
    transport.close();
    workerServer.close();
    sync.close();
    election.close();
    masterServer.close();
    connection.close();
    cluster.close();
  }
}
