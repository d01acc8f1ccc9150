package org.arangosync.itests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.arangosync.api.spi.store.CollectionInfo;
import org.arangosync.api.spi.store.ShardLocation;
import org.arangosync.api.spi.store.ShardRef;
import org.arangosync.api.spi.store.Snapshot;
import org.arangosync.arangodb.ArangoClusterStore;
import org.arangosync.arangodb.ArangoConnection;
import org.arangosync.arangodb.ConnectionSettings;
import org.arangosync.itests.Launched.Result;
import org.arangosync.itests.Launched.Server;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Datacenter-to-datacenter synchronisation end to end, as the tutorial sets it up: two datacenters
 * on loopback, each a mini cluster (3 DB-Servers) with 2 sync masters and 2 sync workers, every
 * one a process of its own started with the tutorial's command lines, TLS everywhere with
 * certificates from {@code arangosync create ...}; {@code arangosync configure sync} at the target.
 * Data in 3 databases, changes while synchronising (documents, collections created and dropped, an
 * index, a user), then faults: the target's leader master and a source worker are killed with
 * SIGKILL, and the target's cluster is stopped and started again. The target must end equal to the source, compared by count and checksum per collection
 * read straight from both clusters' DB-Servers. {@code -De2e.documents=100000} runs the long variant.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DatacenterSyncIT {

  private static final int DOCUMENTS = Integer.getInteger("e2e.documents", 6_000);
  private static final ObjectMapper JSON = new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);
  private static final Pattern READY = Pattern.compile("API:\\s+(https://\\S+)/_api");
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  /** Every master and worker runs with it (--monitoring.token), as the seed's Prometheus configuration expects. */
  private static final String MONITORING_TOKEN = "monitoring-" + java.util.UUID.randomUUID();

  @TempDir static Path workDir;
  private static Path home;
  private static Path certificates;
  private static String arangosync;
  private static Datacenter source;
  private static Datacenter target;
  private static Path targetClusterData;
  private static int targetClusterPort;
  private static final List<Server> started = new ArrayList<>();

  /** One datacenter's processes and how to reach its cluster. */
  private record Datacenter(String name, Server cluster, List<Server> masters, List<Server> workers, ArangoClusterStore store,
      ArangoConnection connection) {

    String http() {
      return cluster.address();
    }

    String masterEndpoints() {
      return String.join(",", masters.stream().map(Server::address).toList());
    }
  }

  @BeforeAll
  static void startTwoDatacenters() throws Exception {
    Path distribution = Path.of(System.getProperty("arangosync.distribution"));
    assertThat(Launched.run(workDir, workDir, Duration.ofMinutes(2), "tar", "xzf", distribution.toString()).exitCode).isZero();
    home = workDir.resolve("arangosync-karaf-" + System.getProperty("arangosync.version"));
    arangosync = home.resolve("bin/arangosync").toString();
    certificates = java.nio.file.Files.createDirectories(workDir.resolve("certificates"));
    String c = certificates + "/";
    List<List<String>> creates = new ArrayList<>(List.of(
        List.of(arangosync, "create", "tls", "ca", "--cert=" + c + "tls-ca.crt", "--key=" + c + "tls-ca.key", "--curve=P256"),
        List.of(arangosync, "create", "tls", "keyfile", "--cacert=" + c + "tls-ca.crt", "--cakey=" + c + "tls-ca.key",
            "--keyfile=" + c + "tls.keyfile", "--host=127.0.0.1", "--curve=P256"),
        List.of(arangosync, "create", "client-auth", "ca", "--cert=" + c + "client-auth-ca.crt", "--key=" + c + "client-auth-ca.key",
            "--curve=P256"),
        List.of(arangosync, "create", "client-auth", "keyfile", "--cacert=" + c + "client-auth-ca.crt",
            "--cakey=" + c + "client-auth-ca.key", "--keyfile=" + c + "client-auth.keyfile", "--host=127.0.0.1", "--curve=P256")));
    for (String dc : List.of("a", "b")) {
      creates.add(List.of(arangosync, "create", "jwt-secret", "--secret=" + c + "cluster-" + dc + ".jwtsecret"));
      creates.add(List.of(arangosync, "create", "jwt-secret", "--secret=" + c + "master-" + dc + ".jwtsecret"));
    }
    for (List<String> create : creates) {
      Result created = Launched.run(workDir, workDir, Duration.ofSeconds(60), create.toArray(String[]::new));
      assertThat(created.exitCode).as(created.output).isZero();
    }
    ExecutorService starting = Executors.newFixedThreadPool(4);
    try {
      // The target's cluster on fixed ports and data directory: the test restarts it.
      targetClusterData = java.nio.file.Files.createDirectories(workDir.resolve("cluster-b-data"));
      targetClusterPort = Launched.freePorts(5);
      List<Server> clusters = all(starting, List.of(
          () -> Launched.miniCluster(home, workDir, "cluster-a", "--dbservers=3", "--jwt-secret=" + c + "cluster-a.jwtsecret"),
          () -> targetCluster("cluster-b")));
      int[][] masterPorts = {{KarafTestSupport.freePort(), KarafTestSupport.freePort()}, {KarafTestSupport.freePort(),
          KarafTestSupport.freePort()}};
      List<Callable<Server>> masters = new ArrayList<>();
      for (int dc = 0; dc < 2; dc++) {
        for (int m = 0; m < 2; m++) {
          masters.add(master(dc == 0 ? "a" : "b", clusters.get(dc), masterPorts[dc][m]));
        }
      }
      List<Server> allMasters = all(starting, masters);
      List<Callable<Server>> workers = new ArrayList<>();
      for (int dc = 0; dc < 2; dc++) {
        for (int w = 0; w < 2; w++) {
          workers.add(worker(dc == 0 ? "a" : "b", w, allMasters.subList(dc * 2, dc * 2 + 2)));
        }
      }
      List<Server> allWorkers = all(starting, workers);
      source = datacenter("a", clusters.get(0), allMasters.subList(0, 2), allWorkers.subList(0, 2));
      target = datacenter("b", clusters.get(1), allMasters.subList(2, 4), allWorkers.subList(2, 4));
    } finally {
      starting.shutdown();
    }
  }

  private static Server targetCluster(String name) throws Exception {
    return Launched.miniCluster(home, workDir, name, targetClusterData, targetClusterPort, "--dbservers=3",
        "--jwt-secret=" + certificates.resolve("cluster-b.jwtsecret"));
  }

  private static List<Server> all(ExecutorService pool, List<Callable<Server>> starts) throws Exception {
    List<Future<Server>> futures = new ArrayList<>();
    for (Callable<Server> start : starts) {
      futures.add(pool.submit(start));
    }
    List<Server> servers = new ArrayList<>();
    Exception failure = null;
    for (Future<Server> future : futures) {
      try {
        Server server = future.get();
        servers.add(server);
        synchronized (started) {
          started.add(server);
        }
      } catch (java.util.concurrent.ExecutionException e) {
        failure = e.getCause() instanceof Exception cause ? cause : e;
      }
    }
    if (failure != null) {
      throw failure;
    }
    return servers;
  }

  /** The tutorial's master command line (its systemd unit's ExecStart, with the direct transport). */
  private static Callable<Server> master(String dc, Server cluster, int port) {
    String c = certificates + "/";
    return () -> Launched.start(home, workDir, "master-" + dc + "-" + port, READY, List.of(arangosync, "run", "master",
        "--log.level=debug",
        "--cluster.endpoint=" + cluster.address().replace("http://", "tcp://"),
        "--cluster.jwtSecret=" + c + "cluster-" + dc + ".jwtsecret",
        "--server.keyfile=" + c + "tls.keyfile",
        "--server.client-cafile=" + c + "client-auth-ca.crt",
        "--server.endpoint=https://127.0.0.1:" + port,
        "--server.port=" + port,
        "--server.host=127.0.0.1",
        "--master.jwtSecret=" + c + "master-" + dc + ".jwtsecret",
        "--mq.type=direct",
        "--monitoring.token=" + MONITORING_TOKEN,
        "--state.directory=" + workDir.resolve("master-" + dc + "-" + port)));
  }

  /** The tutorial's worker command line (its systemd unit's ExecStart). */
  private static Callable<Server> worker(String dc, int index, List<Server> masters) {
    String c = certificates + "/";
    return () -> {
      int port = KarafTestSupport.freePort();
      return Launched.start(home, workDir, "worker-" + dc + "-" + index, Pattern.compile("endpoint:\\s+(https://\\S+)"), List.of(
          arangosync, "run", "worker",
          "--log.level=debug",
          "--server.port=" + port,
          "--server.endpoint=https://127.0.0.1:" + port,
          "--server.host=127.0.0.1",
          "--master.endpoint=" + String.join(",", masters.stream().map(Server::address).toList()),
          "--master.jwtSecret=" + c + "master-" + dc + ".jwtsecret",
          "--monitoring.token=" + MONITORING_TOKEN,
          "--state.directory=" + workDir.resolve("worker-" + dc + "-" + index)));
    };
  }

  private static Datacenter datacenter(String name, Server cluster, List<Server> masters, List<Server> workers) throws Exception {
    String secret = java.nio.file.Files.readString(certificates.resolve("cluster-" + name + ".jwtsecret")).strip();
    ArangoConnection connection = ArangoConnection.open(ConnectionSettings.withJwtSecret(List.of(URI.create(cluster.address())), secret));
    return new Datacenter(name, cluster, new ArrayList<>(masters), new ArrayList<>(workers), new ArangoClusterStore(connection),
        connection);
  }

  @AfterAll
  static void stopAll() throws Exception {
    try {
      stopAllProcesses();
    } finally {
      keepLogs();
    }
  }

  /**
   * Copies every process's log (masters, workers, clusters, commands) to
   * {@code target/DatacenterSyncIT-logs}, for the failure that only shows once in a while.
   */
  private static void keepLogs() throws java.io.IOException {
    Path kept = Path.of("target", "DatacenterSyncIT-logs");
    if (java.nio.file.Files.isDirectory(kept)) { // an earlier run's
      try (java.util.stream.Stream<Path> old = java.nio.file.Files.list(kept)) {
        for (Path file : old.toList()) {
          java.nio.file.Files.delete(file);
        }
      }
    }
    java.nio.file.Files.createDirectories(kept);
    try (java.util.stream.Stream<Path> files = java.nio.file.Files.walk(workDir)) {
      // The processes' own output (beside the work directory's data) and the Karaf logs of masters and workers.
      for (Path log : files.filter(file -> java.nio.file.Files.isRegularFile(file) && (file.toString().endsWith("data/log/karaf.log")
          || file.getParent().equals(workDir) && file.toString().endsWith(".log") && !file.getFileName().toString().startsWith("process")))
          .toList()) {
        String name = workDir.relativize(log).toString().replace('/', '_');
        java.nio.file.Files.copy(log, kept.resolve(name), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      }
    }
  }

  private static void stopAllProcesses() throws Exception {
    for (Datacenter dc : new Datacenter[] {source, target}) {
      if (dc != null) {
        dc.connection().close();
      }
    }
    // Workers and masters first, clusters last, each group at once.
    List<Server> servers;
    synchronized (started) {
      servers = new ArrayList<>(started);
    }
    java.util.Collections.reverse(servers);
    ExecutorService stopping = Executors.newFixedThreadPool(8);
    List<Future<?>> stops = new ArrayList<>();
    for (Server server : servers) {
      if (!server.name().startsWith("cluster-")) {
        stops.add(stopping.submit(() -> {
          server.close();
          return null;
        }));
      }
    }
    for (Future<?> stop : stops) {
      stop.get();
    }
    for (Server server : servers) {
      if (server.name().startsWith("cluster-")) {
        server.close();
      }
    }
    stopping.shutdown();
  }

  // ------------------------------------------------------------------------------------ helpers

  private static HttpResponse<String> http(String method, String url, String body) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
        .header("Authorization", "Basic " + Base64.getEncoder().encodeToString("root:".getBytes(StandardCharsets.UTF_8)))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body)).build();
    return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private static void ok(HttpResponse<String> answer) {
    assertThat(answer.statusCode()).as(answer.request().method() + " " + answer.request().uri() + ": " + answer.body())
        .isBetween(200, 299);
  }

  private static void insert(Datacenter dc, String database, String collection, int from, int count, String tag) throws Exception {
    for (int start = from; start < from + count; start += 2000) {
      StringBuilder documents = new StringBuilder("[");
      for (int i = start; i < Math.min(from + count, start + 2000); i++) {
        documents.append(i == start ? "" : ",").append("{\"_key\":\"k").append(i).append("\",\"n\":").append(i)
            .append(",\"tag\":\"").append(tag).append("\"}");
      }
      ok(http("POST", dc.http() + "/_db/" + database + "/_api/document/" + collection, documents.append(']').toString()));
    }
  }

  private static Result cli(String... arguments) throws Exception {
    return cli(Duration.ofSeconds(120), arguments);
  }

  private static Result cli(Duration timeout, String... arguments) throws Exception {
    List<String> command = new ArrayList<>(List.of(arangosync));
    command.addAll(List.of(arguments));
    return Launched.run(home, workDir, timeout, command.toArray(String[]::new));
  }

  private static Result status(Datacenter dc, boolean verbose) throws Exception {
    List<String> arguments = new ArrayList<>(List.of("get", "status", "--master.endpoint=" + dc.masterEndpoints(),
        "--master.cacert=" + certificates.resolve("tls-ca.crt"), "--auth.user=root", "--auth.password="));
    if (verbose) {
      arguments.add("-v");
    }
    return cli(arguments.toArray(String[]::new));
  }

  /** Count and SHA-256 of every user collection, from every shard's dump on the DB-Servers. */
  private static Map<String, String> checksums(Datacenter dc) throws Exception {
    Map<String, String> result = new TreeMap<>();
    for (String database : dc.store().databases()) {
      for (CollectionInfo collection : dc.store().collections(database)) {
        if (collection.system()) {
          continue;
        }
        TreeMap<String, String> documents = new TreeMap<>();
        for (int shard = 0; shard < collection.numberOfShards(); shard++) {
          ShardLocation location = dc.store().locate(new ShardRef(database, collection.name(), shard));
          Snapshot snapshot = dc.store().snapshot(location, Duration.ofMinutes(2));
          try {
            dc.store().dump(snapshot, change -> {
              try {
                documents.put(change.key(), JSON.writeValueAsString(JSON.treeToValue(JSON.readTree(change.data()), Object.class)));
              } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
              }
            });
          } finally {
            dc.store().release(snapshot);
          }
        }
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        documents.forEach((key, document) -> digest.update((key + "\n" + document + "\n").getBytes(StandardCharsets.UTF_8)));
        result.put(database + "/" + collection.name() + " (" + collection.numberOfShards() + " shards)",
            documents.size() + " documents, sha256 " + HexFormat.of().formatHex(digest.digest()).substring(0, 16));
      }
    }
    return result;
  }

  private static void awaitEqual(Duration within) throws Exception {
    try {
      Awaitility.await("the target to equal the source").atMost(within).pollInterval(Duration.ofSeconds(2)).ignoreExceptions()
          .untilAsserted(() -> assertThat(checksums(target)).isEqualTo(checksums(source)));
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      // What an operator would look at first: both sides' shard status (the logs are kept, see keepLogs).
      System.out.println("target:\n" + status(target, true).output + "\nsource:\n" + status(source, true).output);
      throw e;
    }
  }

  /** Changes the source keeps making: inserts, updates and removals in three collections of three databases. */
  private static final class Writer implements Runnable {
    final AtomicBoolean running = new AtomicBoolean(true);
    final AtomicLong writes = new AtomicLong();
    volatile Exception failure;

    @Override
    public void run() {
      int next = DOCUMENTS;
      try {
        while (running.get()) {
          String[][] targets = {{"shop", "orders"}, {"crm", "customers"}, {"logs", "events"}};
          String[] where = targets[next % 3];
          insert(source, where[0], where[1], next, 20, "ongoing");
          int existing = ThreadLocalRandom.current().nextInt(DOCUMENTS);
          HttpResponse<String> patched = http("PATCH", source.http() + "/_db/" + where[0] + "/_api/document/" + where[1] + "/k"
              + existing, "{\"tag\":\"updated " + next + "\"}");
          if (patched.statusCode() != 404) { // removed by an earlier round
            ok(patched);
          }
          http("DELETE", source.http() + "/_db/" + where[0] + "/_api/document/" + where[1] + "/k" + (existing + 1), null);
          writes.addAndGet(22);
          next += 20;
        }
      } catch (Exception e) {
        failure = e;
      }
    }
  }

  private static String leaderOf(Datacenter dc) throws Exception {
    Result masters = cli("get", "masters", "--master.endpoint=" + dc.masterEndpoints(),
        "--master.cacert=" + certificates.resolve("tls-ca.crt"), "--auth.user=root", "--auth.password=");
    Matcher leader = Pattern.compile("(?m)^\\S+\\s+(https://\\S+)\\s+yes$").matcher(masters.output);
    assertThat(leader.find()).as(masters.output).isTrue();
    return leader.group(1);
  }

  // ------------------------------------------------------------------------------------ the test

  @Test
  @Order(1)
  void theTutorialsCommandsSynchroniseTwoDatacentersThroughAKilledMasterAWorkerAndARestartedCluster() throws Exception {
    for (String[] collection : new String[][] {{"shop", "orders", "3"}, {"crm", "customers", "2"}, {"logs", "events", "3"}}) {
      ok(http("POST", source.http() + "/_api/database", "{\"name\":\"" + collection[0] + "\"}"));
      ok(http("POST", source.http() + "/_db/" + collection[0] + "/_api/collection",
          "{\"name\":\"" + collection[1] + "\",\"numberOfShards\":" + collection[2] + "}"));
      insert(source, collection[0], collection[1], 0, DOCUMENTS, "initial");
    }
    ok(http("POST", source.http() + "/_db/shop/_api/index?collection=orders", "{\"type\":\"persistent\",\"fields\":[\"tag\"]}"));

    long configured = System.nanoTime();
    Result configure = cli("configure", "sync", "--master.endpoint=" + target.masterEndpoints(),
        "--master.keyfile=" + certificates.resolve("client-auth.keyfile"), "--source.endpoint=" + source.masterEndpoints(),
        "--source.cacert=" + certificates.resolve("tls-ca.crt"), "--master.cacert=" + certificates.resolve("tls-ca.crt"),
        "--auth.user=root", "--auth.password=");
    assertThat(configure.exitCode).as(configure.output).isZero();
    assertThat(configure.output).contains("Synchronization activated.");
    try {
      Awaitility.await("every shard of the target to run").atMost(Duration.ofMinutes(DOCUMENTS > 10_000 ? 15 : 5))
          .pollInterval(Duration.ofSeconds(2))
          .until(() -> status(target, false).output, text -> text.matches("(?s).*Status:\\s+running.*"));
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      // What an operator would look at first: both sides' status, and the workers' warnings.
      System.out.println("target:\n" + status(target, true).output + "\nsource:\n" + status(source, true).output);
      for (String worker : List.of("worker-a-0", "worker-a-1", "worker-b-0", "worker-b-1")) {
        Path log = workDir.resolve(worker).resolve("data/log/karaf.log");
        if (java.nio.file.Files.exists(log)) {
          List<String> lines = java.nio.file.Files.readAllLines(log);
          lines.stream().filter(line -> line.contains("WARN") || line.contains("ERROR")).skip(Math.max(0,
              lines.stream().filter(line -> line.contains("WARN") || line.contains("ERROR")).count() - 20))
              .forEach(line -> System.out.println(worker + ": " + line));
        }
      }
      throw e;
    }
    Duration toRunning = Duration.ofNanos(System.nanoTime() - configured);
    awaitEqual(Duration.ofMinutes(2));
    System.out.printf("configure sync to all shards running: %.1f s (%d documents in 3 collections)%n", toRunning.toMillis() / 1000.0,
        3 * DOCUMENTS);

    // Ongoing writes, structure changes, and how far behind the target is.
    Writer writer = new Writer();
    Thread writing = new Thread(writer, "source writer");
    writing.start();
    try {
      ok(http("POST", source.http() + "/_db/crm/_api/collection", "{\"name\":\"later\",\"numberOfShards\":2}"));
      insert(source, "crm", "later", 0, 500, "later");
      ok(http("POST", source.http() + "/_db/logs/_api/collection", "{\"name\":\"dropped\",\"numberOfShards\":1}"));
      ok(http("POST", source.http() + "/_db/crm/_api/index?collection=customers", "{\"type\":\"persistent\",\"fields\":[\"n\"]}"));
      ok(http("POST", source.http() + "/_api/user", "{\"user\":\"alice\",\"passwd\":\"wonderland\"}"));
      List<Long> lags = new ArrayList<>();
      for (int probe = 0; probe < 10; probe++) {
        long written = System.nanoTime();
        ok(http("POST", source.http() + "/_db/logs/_api/document/events", "{\"_key\":\"probe" + probe + "\"}"));
        String url = target.http() + "/_db/logs/_api/document/events/probe" + probe;
        Awaitility.await("probe " + probe + " to arrive").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(20))
            .ignoreExceptions().until(() -> http("GET", url, null).statusCode() == 200);
        lags.add(Duration.ofNanos(System.nanoTime() - written).toMillis());
      }
      lags.sort(Long::compare);
      System.out.printf("replication lag under ongoing writes: median %d ms, max %d ms (10 probes)%n", lags.get(lags.size() / 2),
          lags.get(lags.size() - 1));
      ok(http("DELETE", source.http() + "/_db/logs/_api/collection/dropped", null));

      // The target's leader master dies; its standby takes over.
      String oldLeader = leaderOf(target);
      Server killed = target.masters().stream().filter(master -> master.address().equals(oldLeader)).findFirst().orElseThrow();
      killed.kill();
      Awaitility.await("the target's standby master to lead").atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofSeconds(2))
          .ignoreExceptions().until(() -> !leaderOf(target).equals(oldLeader));

      // A source worker dies; its tasks move to the other one.
      Server deadWorker = source.workers().get(0);
      deadWorker.kill();
      Result tasks = Awaitility.await("the source's tasks on one worker").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(3))
          .ignoreExceptions().until(() -> cli("get", "workers", "--master.endpoint=" + source.masterEndpoints(),
              "--master.cacert=" + certificates.resolve("tls-ca.crt"), "--auth.user=root", "--auth.password="),
              result -> result.output.lines().filter(line -> line.contains("https://127.0.0.1:")).count() == 1);
      assertThat(tasks.output).doesNotContain(deadWorker.address());

      // The target's cluster stops and starts again; the shards go on from the ticks saved in its agency.
      int stoppedClusterIndex;
      synchronized (started) {
        stoppedClusterIndex = started.indexOf(target.cluster());
      }
      target.cluster().close();
      Server restarted = targetCluster("cluster-b-again");
      synchronized (started) {
        started.set(stoppedClusterIndex, restarted);
      }
      assertThat(restarted.address()).isEqualTo(target.http());
    } finally {
      // Also when a step fails: later tests compare both sides and must not see this writer at work.
      writer.running.set(false);
      writing.join();
    }
    assertThat(writer.failure).isNull();
    long stopped = System.nanoTime();
    awaitEqual(Duration.ofMinutes(4));
    System.out.printf("after %d ongoing writes, a killed master, a killed worker and a restarted target cluster: equal %.1f s after the writes stopped%n",
        writer.writes.get(), Duration.ofNanos(System.nanoTime() - stopped).toMillis() / 1000.0);
    Map<String, String> sums = checksums(target);
    assertThat(sums).containsKeys("crm/later (2 shards)").doesNotContainKey("logs/dropped (1 shards)");
    Awaitility.await("alice to exist in the target").atMost(Duration.ofMinutes(1)).ignoreExceptions()
        .until(() -> http("GET", target.http() + "/_api/user/alice", null).statusCode() == 200);
    // Shards whose sender was on the killed worker, or whose receiver lost its cluster, come back to running.
    AtomicReference<String> lastStatus = new AtomicReference<>("");
    Result verbose;
    try {
      verbose = Awaitility.await("every shard of the target to run again").atMost(Duration.ofMinutes(3))
          .pollInterval(Duration.ofSeconds(3)).until(() -> status(target, true), result -> {
            lastStatus.set(result.output);
            return result.output.matches("(?s)Status:\\s+running.*") && !result.output.contains("failed");
          });
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      System.out.println("target, last seen:\n" + lastStatus.get() + "\nsource:\n" + status(source, true).output);
      throw e;
    }
    assertThat(verbose.output).contains("orders");
    sums.forEach((collection, sum) -> System.out.println("  " + collection + ": " + sum));
  }
  /** An administration command against {@code dc}'s masters, with the tutorial's flags. */
  private static Result admin(Datacenter dc, String... words) throws Exception {
    List<String> arguments = new ArrayList<>(List.of(words));
    arguments.addAll(List.of("--master.endpoint=" + dc.masterEndpoints(), "--master.cacert=" + certificates.resolve("tls-ca.crt"),
        "--auth.user=root", "--auth.password="));
    // Longer than the 2 minutes stop and abort wait by default: they must end by themselves, and say why.
    return cli(Duration.ofMinutes(4), arguments.toArray(String[]::new));
  }

  private static Result configure(Datacenter from, Datacenter to) throws Exception {
    Result configure = admin(to, "configure", "sync", "--master.keyfile=" + certificates.resolve("client-auth.keyfile"),
        "--source.endpoint=" + from.masterEndpoints(), "--source.cacert=" + certificates.resolve("tls-ca.crt"));
    assertThat(configure.exitCode).as(configure.output).isZero();
    return configure;
  }

  private static void awaitRunning(Datacenter dc) {
    Awaitility.await(dc.name() + " to run").atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofSeconds(2))
        .until(() -> status(dc, false).output, text -> text.matches("(?s).*Status:\\s+running.*"));
  }

  private static void awaitInactive(Datacenter dc) {
    Awaitility.await(dc.name() + " to be inactive").atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofSeconds(1))
        .ignoreExceptions().until(() -> status(dc, false).output, text -> text.matches("(?s).*Status:\\s+inactive.*")
            && !text.contains("Outgoing"));
  }

  /** {@code GET path} of a master's HTTPS server, verified with the tutorial's TLS CA, as root. */
  private static HttpResponse<String> masterGet(String master, String path) throws Exception {
    javax.net.ssl.SSLContext tls = Launched.trusting(certificates.resolve("tls-ca.crt"));
    HttpRequest request = HttpRequest.newBuilder(URI.create(master + path)).timeout(Duration.ofSeconds(30))
        .header("Authorization", "Basic " + Base64.getEncoder().encodeToString("root:".getBytes(StandardCharsets.UTF_8))).build();
    return HttpClient.newBuilder().sslContext(tls).build().send(request, HttpResponse.BodyHandlers.ofString());
  }

  @Test
  @Order(2)
  void theLeadingMastersMetricsShowTheWorkerRegistryAsArangoSyncNamesIt() throws Exception {
    String leader = leaderOf(target);
    HttpResponse<String> text = masterGet(leader, "/metrics");
    assertThat(text.statusCode()).as(text.body()).isEqualTo(200);
    assertThat(text.body()).contains("# HELP arangosync_master_worker_registrations Total number of registrations\n"
        + "# TYPE arangosync_master_worker_registrations counter\n");
    assertThat(text.body()).containsPattern("(?m)^arangosync_master_worker_storage\\{kind=\"\",op=\"save\",result=\"success\"\\} [1-9]");
    HttpResponse<String> json = masterGet(leader, "/metrics.json");
    assertThat(json.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(json.body()).path("arangosync_master_worker_storage").path("help").asText())
        .isEqualTo("Number of times worker info is stored, loaded");

    // As Prometheus scrapes them (the shipped etc/prometheus/prometheus.yml): the leaders and the
    // workers of each datacenter with the monitoring token. Every family a dashboard queries is
    // there, and promtool reads each output.
    Set<String> families = new java.util.TreeSet<>();
    List<String> scraped = new ArrayList<>();
    for (Datacenter dc : new Datacenter[] {source, target}) {
      scraped.add(leaderOf(dc));
      dc.workers().stream().filter(worker -> worker.process().isAlive()).forEach(worker -> scraped.add(worker.address()));
    }
    for (String server : scraped) {
      assertThat(scrape(server, "/metrics", null).statusCode()).as("%s without a token", server).isEqualTo(401);
      assertThat(scrape(server, "/metrics", "wrong-" + MONITORING_TOKEN).statusCode()).as("%s with a wrong token", server)
          .isEqualTo(401);
      HttpResponse<String> metrics = scrape(server, "/metrics", MONITORING_TOKEN);
      assertThat(metrics.statusCode()).as("%s: %s", server, metrics.body()).isEqualTo(200);
      assertThat(Promtool.checkMetrics(metrics.body())).as("promtool on %s's metrics", server).isEmpty();
      java.util.regex.Matcher type = Pattern.compile("(?m)^# TYPE (\\S+) ").matcher(metrics.body());
      while (type.find()) {
        families.add(type.group(1));
      }
      HttpResponse<String> jsonMetrics = scrape(server, "/metrics.json", MONITORING_TOKEN);
      assertThat(jsonMetrics.statusCode()).isEqualTo(200);
      assertThat(scrape(server, "/metrics.json", null).statusCode()).isEqualTo(401);
    }
    Set<String> used = new java.util.TreeSet<>(Dashboards.metricNames());
    used.removeIf(name -> name.startsWith("arangosync_applier_")); // an applier's own process shows those (DistributionIT)
    assertThat(families).as("families of the masters' and workers' outputs").containsAll(used);
    assertThat(families).contains("arangosync_worker_shard_lag_seconds", "arangosync_master_shards",
        "arangosync_worker_certificate_expiry_days", "arangosync_master_certificate_expiry_days");
  }

  /**
   * {@code GET path} of a master's or worker's HTTPS server as Prometheus does it: with the
   * monitoring token as bearer token (none when null), and, as the shipped scrape configuration's
   * {@code insecure_skip_verify}, without verifying the certificate — a worker's comes from the
   * datacenter's worker CA in the agency, which Prometheus does not have either.
   */
  private static HttpResponse<String> scrape(String server, String path, String token) throws Exception {
    javax.net.ssl.SSLContext trustingAll = javax.net.ssl.SSLContext.getInstance("TLS");
    trustingAll.init(null, new javax.net.ssl.TrustManager[] {new javax.net.ssl.X509TrustManager() {
      @Override
      public void checkClientTrusted(java.security.cert.X509Certificate[] chain, String authType) {}

      @Override
      public void checkServerTrusted(java.security.cert.X509Certificate[] chain, String authType) {}

      @Override
      public java.security.cert.X509Certificate[] getAcceptedIssuers() {
        return new java.security.cert.X509Certificate[0];
      }
    }}, null);
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server + path)).timeout(Duration.ofSeconds(30));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return HttpClient.newBuilder().sslContext(trustingAll).build().send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  @Order(3)
  void checkStopReverseAbortAndAbortOutgoingAsTheTutorialRunsThem() throws Exception {
    // check sync: equal, then a document changed straight in the target.
    Result check = admin(target, "check", "sync");
    assertThat(check.exitCode).as(check.output).isZero();
    assertThat(check.output).contains("The whole data is the same.");
    ok(http("POST", source.http() + "/_db/shop/_api/document/orders", "{\"_key\":\"checked\"}"));
    Awaitility.await("the checked document in the target").atMost(Duration.ofMinutes(1)).ignoreExceptions()
        .until(() -> http("GET", target.http() + "/_db/shop/_api/document/orders/checked", null).statusCode() == 200);
    ok(http("PATCH", target.http() + "/_db/shop/_api/document/orders/checked", "{\"tag\":\"changed in the target\"}"));
    check = admin(target, "check", "sync");
    assertThat(check.exitCode).as(check.output).isNotZero();
    assertThat(check.output).contains("DIFFERENT").contains("The data is NOT the same: 1 of");
    ok(http("PATCH", source.http() + "/_db/shop/_api/document/orders/checked", "{\"tag\":\"changed at the source\"}"));

    // stop sync under ongoing writes: the source is read-only until every shard is in sync, then read-write again.
    List<String> acknowledged = java.util.Collections.synchronizedList(new ArrayList<>());
    AtomicLong firstRefusal = new AtomicLong(-1);
    AtomicBoolean writing = new AtomicBoolean(true);
    Thread writer = new Thread(() -> {
      for (int i = 0; writing.get(); i++) {
        try {
          HttpResponse<String> answer = http("POST", source.http() + "/_db/crm/_api/document/customers", "{\"_key\":\"s" + i + "\"}");
          if (answer.statusCode() == 202 || answer.statusCode() == 201) {
            acknowledged.add("s" + i);
          } else if (answer.statusCode() == 403 && firstRefusal.get() < 0) {
            firstRefusal.set(acknowledged.size());
          }
        } catch (Exception e) {
          return;
        }
      }
    }, "writer during stop sync");
    writer.start();
    Result stop;
    try {
      Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> acknowledged.size() > 20);
      stop = admin(target, "stop", "sync");
      Awaitility.await("a write after the stop").atMost(Duration.ofSeconds(30)).until(() -> acknowledged.size() > firstRefusal.get() + 1);
    } finally {
      writing.set(false);
      writer.join();
    }
    assertThat(stop.exitCode).as(stop.output).isZero();
    assertThat(stop.output).contains("Synchronization stopped.");
    assertThat(firstRefusal.get()).as("writes were refused while the source was read-only").isPositive();
    List<String> beforeReadOnly = List.copyOf(acknowledged.subList(0, (int) firstRefusal.get()));
    for (String key : beforeReadOnly) {
      assertThat(http("GET", target.http() + "/_db/crm/_api/document/customers/" + key, null).statusCode()).as(key).isEqualTo(200);
    }
    awaitInactive(target);
    awaitInactive(source);
    Result nothing = admin(target, "stop", "sync");
    assertThat(nothing.exitCode).isNotZero();
    assertThat(nothing.output).contains("nothing to stop");

    // Reversed: the old target sends to the old source.
    configure(target, source);
    awaitRunning(source);
    Awaitility.await("the old source to equal the old target").atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(2))
        .ignoreExceptions().untilAsserted(() -> assertThat(checksums(source)).isEqualTo(checksums(target)));
    stop = admin(source, "stop", "sync");
    assertThat(stop.exitCode).as(stop.output).isZero();

    // The original direction again; its source's masters die; the target aborts, the source cleans up when back.
    configure(source, target);
    Awaitility.await("the source to send").atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofSeconds(1))
        .until(() -> status(source, false).output, text -> text.contains("Outgoing"));
    List<Integer> ports = new ArrayList<>();
    for (Server master : source.masters()) {
      ports.add(URI.create(master.address()).getPort());
      master.kill();
    }
    Result abort = admin(target, "abort", "sync");
    assertThat(abort.exitCode).as(abort.output).isZero();
    assertThat(abort.output).contains("Synchronization aborted.").contains("abort outgoing sync");
    awaitInactive(target);
    List<Callable<Server>> restarts = new ArrayList<>();
    for (int port : ports) {
      restarts.add(master("a", source.cluster(), port));
    }
    ExecutorService starting = Executors.newFixedThreadPool(2);
    try {
      List<Server> again = all(starting, restarts);
      source.masters().clear();
      source.masters().addAll(again);
    } finally {
      starting.shutdown();
    }
    assertThat(status(source, false).output).contains("Outgoing");
    Result cleanup = admin(source, "abort", "outgoing", "sync");
    assertThat(cleanup.exitCode).as(cleanup.output).isZero();
    assertThat(cleanup.output).contains("Outgoing synchronization aborted.");
    awaitInactive(source);

    // And a new configuration works.
    configure(source, target);
    awaitRunning(target);
    awaitEqual(Duration.ofMinutes(3));
  }
}
