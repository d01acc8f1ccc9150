package org.arangosync.itests;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.arangosync.itests.Launched.Result;
import org.arangosync.itests.Launched.Server;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The distribution as an operator meets it: unpack the tar.gz, {@code bin/start}, a command through
 * {@code bin/client -b}, the standalone {@code bin/arangosync}, {@code bin/stop}.
 */
class DistributionIT {

  private static final Duration BOOT_TIMEOUT = Duration.ofSeconds(120);
  private static final String UNREACHABLE_MASTER = "https://127.0.0.1:1";

  @TempDir static Path workDir;

  private static Path home;
  private static int sshPort;
  private static String firstShellOutput;
  private static Duration coldStartToFirstCommand;

  @BeforeAll
  static void unpackAndStart() throws Exception {
    Path distribution = Path.of(System.getProperty("arangosync.distribution"));
    assertThat(run(workDir, Duration.ofMinutes(2), "tar", "xzf", distribution.toString()).exitCode).isZero();
    home = workDir.resolve("arangosync-karaf-" + System.getProperty("arangosync.version"));
    sshPort = KarafTestSupport.freePort();
    setProperty(home.resolve("etc/org.apache.karaf.shell.cfg"), "sshPort", sshPort);
    setProperty(home.resolve("etc/org.apache.karaf.management.cfg"), "rmiRegistryPort", KarafTestSupport.freePort());
    setProperty(home.resolve("etc/org.apache.karaf.management.cfg"), "rmiServerPort", KarafTestSupport.freePort());

    long started = System.nanoTime();
    assertThat(run(home, Duration.ofMinutes(1), "bin/start").exitCode).isZero();
    AtomicReference<String> output = new AtomicReference<>("");
    Awaitility.await("the shell answers arangosync:get-version through bin/client")
        .atMost(BOOT_TIMEOUT)
        .pollInterval(Duration.ofMillis(500))
        .until(() -> {
          output.set(client("arangosync:get-version --master.endpoint=" + UNREACHABLE_MASTER).output);
          return output.get().contains("sync master");
        });
    coldStartToFirstCommand = Duration.ofNanos(System.nanoTime() - started);
    firstShellOutput = output.get();
    System.out.printf("cold start (bin/start) to first arangosync command: %.1f s%n", coldStartToFirstCommand.toMillis() / 1000.0);
  }

  @AfterAll
  static void stop() throws Exception {
    if (home == null) {
      return;
    }
    run(home, Duration.ofMinutes(1), "bin/stop");
    String marker = home.toString();
    try {
      Awaitility.await("Karaf of " + marker + " to stop").atMost(Duration.ofSeconds(60))
          .until(() -> karafProcesses(marker).isEmpty());
    } finally {
      karafProcesses(marker).forEach(ProcessHandle::destroyForcibly);
    }
  }

  @Test
  void aShellCommandThroughBinClientPrintsTheClearConnectionError() {
    assertThat(firstShellOutput)
        .contains("cannot reach the sync master at " + UNREACHABLE_MASTER + ": connection refused")
        .contains("Check that a sync master runs at that address")
        .doesNotContain("Exception");
  }

  @Test
  void theFirstStartGeneratedAnAdminPasswordOnlyItsOwnerCanRead() throws IOException {
    Path passwordFile = home.resolve("etc/admin.password");
    String password = Files.readString(passwordFile).trim();
    assertThat(password).matches("[0-9a-f]{36}");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(passwordFile))).isEqualTo("rw-------");
    Path users = home.resolve("etc/users.properties");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(users))).isEqualTo("rw-------");
    assertThat(Files.readAllLines(users)).contains("admin = " + password + ",_g_:admingroup")
        .noneMatch(line -> line.startsWith("karaf"));
  }

  @Test
  void theConsoleListensOnLoopbackOnly() throws IOException {
    List<InetAddress> external = new ArrayList<>();
    for (NetworkInterface network : Collections.list(NetworkInterface.getNetworkInterfaces())) {
      for (InetAddress address : Collections.list(network.getInetAddresses())) {
        if (!address.isLoopbackAddress() && !address.isLinkLocalAddress()) {
          external.add(address);
        }
      }
    }
    try (Socket loopback = new Socket()) {
      loopback.connect(new InetSocketAddress("127.0.0.1", sshPort), 5_000);
    }
    for (InetAddress address : external) {
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress(address, sshPort), 2_000);
        throw new AssertionError("the console accepted a connection on " + address);
      } catch (IOException expected) {
        // refused: the console is not listening there
      }
    }
  }

  @Test
  void theLauncherPrintsTheProductVersion() throws Exception {
    Result result = run(home, Duration.ofSeconds(60), "bin/arangosync", "--version");
    assertThat(result.exitCode).isZero();
    assertThat(result.output).startsWith("arangosync " + System.getProperty("arangosync.version"));
  }

  @Test
  void theLauncherPrintsHelpForGetVersion() throws Exception {
    Result result = run(home, Duration.ofSeconds(60), "bin/arangosync", "get", "version", "--help");
    assertThat(result.exitCode).isZero();
    assertThat(result.output).contains("Usage: arangosync get version").contains("--master.endpoint=URL");
  }

  @Test
  void theLauncherNamesTheMasterItCannotReachAndExitsWithOne() throws Exception {
    Result result = run(home, Duration.ofSeconds(60), "bin/arangosync", "get", "version", "--master.endpoint", UNREACHABLE_MASTER);
    assertThat(result.exitCode).isEqualTo(1);
    assertThat(result.output).contains("Error: cannot reach the sync master at " + UNREACHABLE_MASTER + ": connection refused");
  }

  @Test
  void theLauncherSuggestsTheClosestCommandAndExitsWithTwo() throws Exception {
    Result result = run(home, Duration.ofSeconds(60), "bin/arangosync", "gett", "version");
    assertThat(result.exitCode).isEqualTo(2);
    assertThat(result.output).contains("'gett'").contains("Did you mean").contains("get").doesNotContain("Exception");
  }

  /** bin/arangosync script: a runbook with both modules against a real leader, and a failing one named by file and line. */
  @Test
  void theLauncherRunsARunbookAndNamesTheFileAndLineOfItsError() throws Exception {
    Path script = workDir.resolve("logger-runbook.js");
    Files.writeString(script, "var replication = require('@arangodb/replication');\n"
        + "var state = replication.logger.state();\n"
        + "print('logger running: ' + state.state.running);\n"
        + "print('first tick is a ' + typeof replication.logger.firstTick());\n"
        + "require('arangosync').createJwtSecret({secret: ARGUMENTS[0]});\n"
        + "print('secret written');\n");
    Path secret = workDir.resolve("script.jwtsecret");
    try (Server leader = miniCluster("script-leader", "--single")) {
      Result result = run(home, Duration.ofSeconds(120), "bin/arangosync", "script", script.toString(), secret.toString(),
          "--server.endpoint=" + leader.address().replace("http://", "tcp://"), "--server.username=root", "--server.password=");
      assertThat(result.exitCode).as(result.output).isZero();
      assertThat(result.output).contains("logger running: true").contains("first tick is a string").contains("secret written");
      assertThat(secret).exists();
    }
    Path broken = workDir.resolve("broken-runbook.js");
    Files.writeString(broken, "print('before');\nnoSuchFunction();\n");
    Result failed = run(home, Duration.ofSeconds(120), "bin/arangosync", "script", broken.toString());
    assertThat(failed.exitCode).isEqualTo(1);
    assertThat(failed.output).contains("before").contains(broken + ":2:").contains("noSuchFunction is not defined");
  }

  @Test
  void theLauncherRunsTheMiniClusterFromTheDistribution() throws Exception {
    try (Server cluster = miniCluster("minicluster", "--dbservers=1")) {
      HttpResponse<String> health = http("GET", cluster.address() + "/_admin/cluster/health", "root", "", null);
      assertThat(health.statusCode()).isEqualTo(200);
      assertThat(health.body()).contains("\"Role\":\"AGENT\"").contains("\"Role\":\"COORDINATOR\"").contains("\"Role\":\"DBSERVER\"");
    }
  }

  /** The launcher carries the core and the adapter: a single-server mini cluster's logger state, and run applier's help. */
  @Test
  void theLauncherShowsTheLoggerStateOfALeader() throws Exception {
    try (Server leader = miniCluster("leader", "--single")) {
      Result state = run(home, Duration.ofSeconds(60), "bin/arangosync", "replication", "logger-state",
          "--endpoint=" + leader.address().replace("http://", "tcp://"), "--auth.user=root", "--auth.password=");
      assertThat(state.exitCode).as(state.output).isZero();
      assertThat(state.output).contains("\"lastLogTick\" : \"").contains("\"engine\" : \"rocksdb\"");
    }
    Result help = run(home, Duration.ofSeconds(60), "bin/arangosync", "run", "applier", "--help");
    assertThat(help.exitCode).isZero();
    assertThat(help.output).contains("Usage: arangosync run applier").contains("--follower.endpoint=URL");
  }

  /**
   * {@code run applier} as an operator runs it, beside the main Karaf of the same distribution: a
   * Karaf instance of its own fronts a follower (whose password has characters that configuration
   * files treat specially), the tutorial-style CLI makes it follow a leader, SIGTERM stops it
   * cleanly, and a restart resumes where it stopped with nothing lost.
   */
  @Test
  void runApplierHostsTheAppliersInAKarafInstanceOfItsOwn() throws Exception {
    String followerPassword = "f$ {pw}\\x";
    Path ca = workDir.resolve("applier-ca.crt");
    Path keyfile = workDir.resolve("applier.keyfile");
    assertThat(run(workDir, Duration.ofSeconds(60), home.resolve("bin/arangosync").toString(), "create", "tls", "ca", "--cert=" + ca,
        "--key=" + workDir.resolve("applier-ca.key"), "--curve=P256").exitCode).isZero();
    assertThat(run(workDir, Duration.ofSeconds(60), home.resolve("bin/arangosync").toString(), "create", "tls", "keyfile",
        "--cacert=" + ca, "--cakey=" + workDir.resolve("applier-ca.key"), "--keyfile=" + keyfile, "--host=127.0.0.1", "--curve=P256")
        .exitCode).isZero();
    Path instance = workDir.resolve("applier-instance");
    int port = KarafTestSupport.freePort();
    try (Server leader = miniCluster("applier-leader", "--single");
        Server follower = miniCluster("applier-follower", "--single", "--root-password=" + followerPassword)) {
      String followerTcp = follower.address().replace("http://", "tcp://");
      List<String> runApplier = List.of(home.resolve("bin/arangosync").toString(), "run", "applier", "--server.port=" + port,
          "--server.host=127.0.0.1", "--server.keyfile=" + keyfile, "--follower.endpoint=" + followerTcp, "--follower.user=root",
          "--follower.password=" + followerPassword, "--state.directory=" + instance);
      assertThat(http("POST", leader.address() + "/_api/collection", "root", "", "{\"name\":\"items\"}").statusCode()).isEqualTo(200);
      insert(leader, 0, 100);

      try (Server applier = start("run-applier-1", Pattern.compile("API:\\s+(https://\\S+)/_api"), runApplier)) {
        assertThat(applier.address()).isEqualTo("https://127.0.0.1:" + port);
        Result follow = run(home, Duration.ofSeconds(120), "bin/arangosync", "replication", "make-follower",
            "--endpoint=" + applier.address(), "--cacert=" + ca, "--auth.user=root", "--auth.password=" + followerPassword,
            "--leader.endpoint=" + leader.address().replace("http://", "tcp://"), "--leader.user=root", "--leader.password=",
            "--set", "autoStart=true");
        assertThat(follow.exitCode).as(follow.output).isZero();
        insert(leader, 100, 200);
        awaitCount(follower, followerPassword, 200);
        assertThat(karafProcesses("-Dkaraf.base=" + instance)).hasSize(1);
      }
      Awaitility.await("the instance's Karaf to stop with its launcher").atMost(Duration.ofSeconds(60))
          .until(() -> karafProcesses("-Dkaraf.base=" + instance).isEmpty());

      insert(leader, 200, 300);
      try (Server applier = start("run-applier-2", Pattern.compile("API:\\s+(https://\\S+)/_api"), runApplier)) {
        awaitCount(follower, followerPassword, 300);
        Result state = run(home, Duration.ofSeconds(60), "bin/arangosync", "replication", "applier-state",
            "--endpoint=" + applier.address(), "--cacert=" + ca, "--auth.user=root", "--auth.password=" + followerPassword);
        assertThat(state.exitCode).as(state.output).isZero();
        assertThat(state.output).contains("\"running\" : true").contains("\"errorNum\" : 0");
        // The applier's metrics, as Prometheus would scrape them: every applier family a dashboard queries, moving.
        HttpResponse<String> metrics = HttpClient.newBuilder().sslContext(Launched.trusting(ca)).build().send(HttpRequest.newBuilder(
            URI.create(applier.address() + "/metrics")).header("Authorization", "Basic " + java.util.Base64.getEncoder()
            .encodeToString(("root:" + followerPassword).getBytes(java.nio.charset.StandardCharsets.UTF_8))).build(),
            HttpResponse.BodyHandlers.ofString());
        assertThat(metrics.statusCode()).as(metrics.body()).isEqualTo(200);
        assertThat(Promtool.checkMetrics(metrics.body())).isEmpty();
        for (String family : Dashboards.metricNames()) {
          if (family.startsWith("arangosync_applier_")) {
            assertThat(metrics.body()).as("the applier's metrics").contains("# TYPE " + family + " ");
          }
        }
        assertThat(metrics.body()).containsPattern("(?m)^arangosync_applier_running\\{database=\"[^\"]+\"\\} 1")
            .containsPattern("(?m)^arangosync_applier_documents_total\\{database=\"[^\"]+\"\\} [1-9]");
        Result twice = run(home, Duration.ofSeconds(60), runApplier.toArray(String[]::new));
        assertThat(twice.exitCode).isEqualTo(1);
        assertThat(twice.output).contains("is running already");
        List<String> samePort = new ArrayList<>(runApplier);
        samePort.set(samePort.size() - 1, "--state.directory=" + workDir.resolve("another-instance"));
        Result busy = run(home, Duration.ofSeconds(60), samePort.toArray(String[]::new));
        assertThat(busy.exitCode).isEqualTo(2);
        assertThat(busy.output).contains("cannot listen on 127.0.0.1:" + port);
      }
    }
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(instance.resolve("etc/org.arangosync.applier-follower.cfg"))))
        .isEqualTo("rw-------");
    assertThat(Files.readString(instance.resolve("data/log/karaf.log"))).doesNotContain("ERROR").doesNotContain("Exception");
    assertThat(client("arangosync:get-version --master.endpoint=" + UNREACHABLE_MASTER).output)
        .as("the main instance is undisturbed").contains("sync master");
  }

  /**
   * Two {@code run master} processes with the tutorial's flags against one cluster: one leads, both
   * are listed by either, and when the leader gets SIGTERM the other takes over.
   */
  @Test
  void runMasterElectsOneLeaderAmongTheMastersOfADatacenter() throws Exception {
    Path ca = workDir.resolve("master-ca.crt");
    Path keyfile = workDir.resolve("master.keyfile");
    Path clusterSecret = workDir.resolve("cluster.jwtsecret");
    Path masterSecret = workDir.resolve("master.jwtsecret");
    String arangosync = home.resolve("bin/arangosync").toString();
    for (List<String> create : List.of(
        List.of(arangosync, "create", "tls", "ca", "--cert=" + ca, "--key=" + workDir.resolve("master-ca.key"), "--curve=P256"),
        List.of(arangosync, "create", "tls", "keyfile", "--cacert=" + ca, "--cakey=" + workDir.resolve("master-ca.key"),
            "--keyfile=" + keyfile, "--host=127.0.0.1", "--curve=P256"),
        List.of(arangosync, "create", "jwt-secret", "--secret=" + clusterSecret),
        List.of(arangosync, "create", "jwt-secret", "--secret=" + masterSecret))) {
      Result created = run(workDir, Duration.ofSeconds(60), create.toArray(String[]::new));
      assertThat(created.exitCode).as(created.output).isZero();
    }
    javax.net.ssl.SSLContext tls = Launched.trusting(ca);
    try (Server cluster = miniCluster("master-cluster", "--dbservers=1", "--jwt-secret=" + clusterSecret)) {
      String clusterTcp = cluster.address().replace("http://", "tcp://");
      java.util.function.IntFunction<List<String>> runMaster = port -> List.of(arangosync, "run", "master",
          "--log.level=debug", "--cluster.endpoint=" + clusterTcp, "--cluster.jwtSecret=" + clusterSecret,
          "--server.keyfile=" + keyfile, "--server.endpoint=https://127.0.0.1:" + port, "--server.port=" + port,
          "--server.host=127.0.0.1", "--master.jwtSecret=" + masterSecret, "--mq.type=direct",
          "--state.directory=" + workDir.resolve("master-" + port), "--log.file=" + workDir.resolve("logs/master-" + port + ".log"));
      int firstPort = KarafTestSupport.freePort();
      int secondPort = KarafTestSupport.freePort();
      Pattern ready = Pattern.compile("API:\\s+(https://\\S+)/_api");
      try (Server first = start("run-master-1", ready, runMaster.apply(firstPort))) {
        Awaitility.await("the first master to lead").atMost(Duration.ofSeconds(60)).ignoreExceptions()
            .until(() -> masters(tls, first.address()), body -> body.contains("\"leader\":true"));
        try (Server second = start("run-master-2", ready, runMaster.apply(secondPort))) {
          String both = Awaitility.await("both masters to be listed").atMost(Duration.ofSeconds(60)).ignoreExceptions()
              .until(() -> masters(tls, second.address()), body -> body.contains("127.0.0.1:" + firstPort)
                  && body.contains("127.0.0.1:" + secondPort));
          assertThat(both.split("\"leader\":true", -1)).as("one leader: " + both).hasSize(2);
          assertThat(both).contains("\"endpoint\":\"https://127.0.0.1:" + firstPort + "\",\"leader\":true");
          Result listed = run(home, Duration.ofSeconds(60), arangosync, "get", "masters", "--master.endpoint=" + second.address(),
              "--master.cacert=" + ca, "--auth.user=root", "--auth.password=");
          assertThat(listed.exitCode).as(listed.output).isZero();
          assertThat(listed.output).containsPattern("(?m)^[0-9a-f]{32}\\s+https://127\\.0\\.0\\.1:" + firstPort + "\\s+yes$")
              .containsPattern("(?m)^[0-9a-f]{32}\\s+https://127\\.0\\.0\\.1:" + secondPort + "\\s+no$");
          // The tutorial's command against the standby: the client asks for forwarding, the leader stores it.
          Result timeout = run(home, Duration.ofSeconds(60), arangosync, "set", "message", "timeout", "3h",
              "--master.endpoint=" + second.address(), "--master.cacert=" + ca, "--auth.user=root", "--auth.password=");
          assertThat(timeout.exitCode).as(timeout.output).isZero();
          assertThat(timeout.output).contains("Message timeout set to 3h");
          HttpResponse<String> withoutForwarding = HttpClient.newBuilder().sslContext(tls).build().send(HttpRequest.newBuilder(
              URI.create(second.address() + "/_api/message-timeout")).header("Authorization", "Basic "
              + Base64.getEncoder().encodeToString("root:".getBytes(StandardCharsets.UTF_8))).build(), HttpResponse.BodyHandlers.ofString());
          assertThat(withoutForwarding.statusCode()).isEqualTo(503);
          assertThat(withoutForwarding.body()).contains("https://127.0.0.1:" + firstPort);
          first.close();
          Awaitility.await("the second master to take over").atMost(Duration.ofSeconds(60)).ignoreExceptions()
              .until(() -> masters(tls, second.address()), body -> body.contains(
                  "\"endpoint\":\"https://127.0.0.1:" + secondPort + "\",\"leader\":true") && !body.contains(":" + firstPort));
          HttpResponse<String> kept = HttpClient.newBuilder().sslContext(tls).build().send(HttpRequest.newBuilder(
              URI.create(second.address() + "/_api/message-timeout")).header("Authorization", "Basic "
              + Base64.getEncoder().encodeToString("root:".getBytes(StandardCharsets.UTF_8))).build(), HttpResponse.BodyHandlers.ofString());
          assertThat(kept.body()).as("the new leader has the timeout from the agency").isEqualTo("{\"messageTimeout\":10800000000000}");
        }
      }
      // Karaf's launcher still notes its own start in data/log/karaf.log; everything after goes to --log.file.
      assertThat(Files.readString(workDir.resolve("master-" + secondPort).resolve("data/log/karaf.log")))
          .doesNotContain("is now the leader");
      assertThat(Files.readString(workDir.resolve("logs/master-" + secondPort + ".log")))
          .contains("is now the leader").doesNotContain("ERROR");
    }
  }

  /**
   * The tutorial's systemd unit for a sync master, shipped in etc/systemd, run as systemd would run
   * it (its ExecStart with the tutorial's variables filled in; Kafka brokers that do not answer are
   * fine, the transport contacts them only for channels): the master leads, and the Kafka transport
   * feature booted in its instance with the unit's topics.
   */
  @Test
  void theTutorialsMasterUnitRunsAsWritten() throws Exception {
    Path certificates = Files.createDirectories(workDir.resolve("unit-certificates"));
    String arangosync = home.resolve("bin/arangosync").toString();
    String c = certificates + "/";
    for (String create : List.of(
        "create tls ca --cert=" + c + "tls-ca.crt --key=" + c + "tls-ca.key --curve=P256",
        "create tls keyfile --cacert=" + c + "tls-ca.crt --cakey=" + c + "tls-ca.key --keyfile=" + c + "tls.keyfile --host=127.0.0.1 --curve=P256",
        "create client-auth ca --cert=" + c + "client-auth-ca.crt --key=" + c + "client-auth-ca.key --curve=P256",
        "create client-auth keyfile --cacert=" + c + "tls-ca.crt --cakey=" + c + "tls-ca.key --keyfile=" + c + "kafka-client.key --host=127.0.0.1 --curve=P256",
        "create jwt-secret --secret=" + c + "cluster.jwtsecret",
        "create jwt-secret --secret=" + c + "master.jwtsecret")) {
      List<String> command = new ArrayList<>(List.of(arangosync));
      command.addAll(List.of(create.split(" ")));
      Result created = run(workDir, Duration.ofSeconds(60), command.toArray(String[]::new));
      assertThat(created.exitCode).as(created.output).isZero();
    }
    List<String> unit = Files.readAllLines(home.resolve("etc/systemd/arangosync-master.service"));
    StringBuilder execStart = new StringBuilder();
    boolean inExecStart = false;
    for (String line : unit) {
      if (line.startsWith("ExecStart=")) {
        inExecStart = true;
        line = line.substring("ExecStart=".length());
      }
      if (inExecStart) {
        execStart.append(line.endsWith("\\") ? line.substring(0, line.length() - 1) : line).append(' ');
        inExecStart = line.endsWith("\\");
      }
    }
    int closedPort;
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    int masterPort = KarafTestSupport.freePort();
    try (Server cluster = miniCluster("unit-cluster", "--dbservers=1", "--jwt-secret=" + c + "cluster.jwtsecret")) {
      java.util.Map<String, String> environment = java.util.Map.of(
          "CLUSTERENDPOINTS", cluster.address().replace("http://", "tcp://"), "CLUSTERSECRET", c + "cluster.jwtsecret",
          "CERTIFICATEDIR", certificates.toString(), "PUBLICIP", "127.0.0.1", "MASTERPORT", Integer.toString(masterPort),
          "MASTERSECRET", c + "master.jwtsecret", "KAFKAENDPOINTS", "127.0.0.1:" + closedPort, "CLUSTERNAME", "dc-a",
          "STATEDIR", workDir.resolve("unit-master").toString());
      List<String> command = new ArrayList<>();
      for (String word : execStart.toString().trim().split("\\s+")) {
        Matcher variable = Pattern.compile("\\$\\{(\\w+)}").matcher(word);
        command.add(variable.replaceAll(match -> Matcher.quoteReplacement(environment.get(match.group(1))))
            .replace("/opt/arangosync/bin/arangosync", arangosync));
      }
      assertThat(command).contains("--mq.type=kafka", "--mq.transport-topic=dc-a-2");
      try (Server master = start("unit-master", Pattern.compile("API:\\s+(https://\\S+)/_api"), command)) {
        javax.net.ssl.SSLContext tls = Launched.trusting(certificates.resolve("tls-ca.crt"));
        Awaitility.await("the unit's master to lead").atMost(Duration.ofSeconds(60)).ignoreExceptions()
            .until(() -> masters(tls, master.address().replace("0.0.0.0", "127.0.0.1")), body -> body.contains("\"leader\":true"));
        Awaitility.await("the Kafka transport to start in the instance").atMost(Duration.ofSeconds(60))
            .until(() -> Files.readString(workDir.resolve("unit-master/data/log/karaf.log")),
                log -> log.contains("Kafka transport for brokers 127.0.0.1:" + closedPort + " over topics [dc-a-1, dc-a-2, dc-a-3]"));
      }
    }
  }

  /** GET /_api/masters as root of the cluster (empty password), trusting the masters' CA. */
  private static String masters(javax.net.ssl.SSLContext tls, String master) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create(master + "/_api/masters"))
        .header("Authorization", "Basic " + Base64.getEncoder().encodeToString("root:".getBytes(StandardCharsets.UTF_8))).build();
    HttpResponse<String> answer = HttpClient.newBuilder().sslContext(tls).build().send(request, HttpResponse.BodyHandlers.ofString());
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    return answer.body();
  }

  private static void insert(Server leader, int from, int to) throws Exception {
    StringBuilder documents = new StringBuilder("[");
    for (int i = from; i < to; i++) {
      documents.append(i == from ? "" : ",").append("{\"_key\":\"k").append(i).append("\",\"n\":").append(i).append('}');
    }
    HttpResponse<String> answer = http("POST", leader.address() + "/_api/document/items", "root", "", documents.append(']').toString());
    assertThat(answer.statusCode()).as(answer.body()).isIn(201, 202);
  }

  private static void awaitCount(Server follower, String password, int count) {
    Awaitility.await("the follower to hold " + count + " documents").atMost(Duration.ofSeconds(60)).ignoreExceptions()
        .until(() -> http("GET", follower.address() + "/_api/collection/items/count", "root", password, null).body()
            .matches("(?s).*\"count\":" + count + "[,}].*"));
  }

  private static HttpResponse<String> http(String method, String url, String user, String password, String body) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create(url))
        .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body)).build();
    return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
  }

  private static Server miniCluster(String name, String... options) throws Exception {
    return Launched.miniCluster(home, workDir, name, options);
  }

  private static Server start(String name, Pattern ready, List<String> command) throws Exception {
    return Launched.start(home, workDir, name, ready, command);
  }

  private static Result client(String commandLine) throws Exception {
    return runWithInput(home, Duration.ofSeconds(60), commandLine + "\n", "bin/client", "-b");
  }

  private static Result run(Path directory, Duration timeout, String... command) throws Exception {
    return Launched.run(directory, workDir, timeout, command);
  }

  private static Result runWithInput(Path directory, Duration timeout, String input, String... command) throws Exception {
    return Launched.runWithInput(directory, workDir, timeout, input, command);
  }

  private static void setProperty(Path file, String key, int value) throws IOException {
    String text = Files.readString(file);
    Matcher matcher = Pattern.compile("(?m)^" + Pattern.quote(key) + "\\s*=.*$").matcher(text);
    assertThat(matcher.find()).as(key + " in " + file).isTrue();
    Files.writeString(file, matcher.replaceFirst(key + " = " + value));
  }

  private static List<ProcessHandle> karafProcesses(String marker) {
    return Launched.karafProcesses(marker);
  }
}
