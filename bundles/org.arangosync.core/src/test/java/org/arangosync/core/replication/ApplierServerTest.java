package org.arangosync.core.replication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.ServiceLoader;
import org.arangosync.api.spi.replication.ReplicationEndpoint;
import org.arangosync.arangodb.ArangoConnection;
import org.arangosync.arangodb.ArangoReplicationConnector;
import org.arangosync.arangodb.ConnectionSettings;
import org.arangosync.certificates.Pem;
import org.arangosync.certificates.TlsContexts;
import org.arangosync.command.CommandProvider;
import org.arangosync.command.CommandRunner;
import org.arangosync.core.internal.ApplierHost;
import org.arangosync.metrics.Metrics;
import org.arangosync.metrics.SyncMetric;
import org.arangosync.metrics.internal.LabelledRegistry;
import org.arangosync.minicluster.MiniCluster;
import org.arangosync.rest.RestServer;
import org.arangosync.rest.VersionRoute;
import org.arangosync.minicluster.conformance.ActualResponse;
import org.arangosync.minicluster.conformance.ApplicableTranscripts;
import org.arangosync.minicluster.conformance.ShapeComparator;
import org.arangosync.minicluster.conformance.Transcript;
import org.arangosync.minicluster.conformance.TranscriptParser;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The applier's HTTP surface as {@code arangosync run applier} serves it (the same {@link
 * ApplierHost} on an HTTPS {@link RestServer}, here without Karaf, which {@code DistributionIT}
 * adds): operators log in with the follower's credentials and drive the applier through
 * ArangoDB's own routes, whose answers are compared with ArangoDB 3.11's recordings.
 */
class ApplierServerTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private final CommandRunner runner = CommandRunner.of(ServiceLoader.load(CommandProvider.class));
  private final Metrics metrics = Metrics.create();
  private MiniCluster leader;
  private MiniCluster follower;
  private ReplicationEndpoint followerEndpoint;
  private ApplierHost host;
  private RestServer server;
  private int port;
  private HttpClient http;

  private int run(String... arguments) {
    StringWriter err = new StringWriter();
    int code = runner.run(List.of(arguments), new PrintWriter(new StringWriter()), new PrintWriter(err));
    assertThat(code).as(err.toString()).isZero();
    return code;
  }

  @BeforeEach
  void start() throws Exception {
    leader = MiniCluster.builder().single(true).dataDir(dir.resolve("leader")).rootPassword("pw").start();
    follower = MiniCluster.builder().single(true).dataDir(dir.resolve("follower")).rootPassword("fpw").start();
    run("create", "tls", "ca", "--cert=" + dir.resolve("ca.crt"), "--key=" + dir.resolve("ca.key"), "--curve=P256");
    run("create", "tls", "keyfile", "--cacert=" + dir.resolve("ca.crt"), "--cakey=" + dir.resolve("ca.key"),
        "--keyfile=" + dir.resolve("applier.keyfile"), "--host=127.0.0.1", "--curve=P256");
    followerEndpoint = new ReplicationEndpoint(URI.create("tcp://127.0.0.1:" + follower.endpoint().getPort()),
        "_system", "root", "fpw", null, List.of(), Duration.ofMinutes(2));
    host = ApplierHost.open(new ArangoReplicationConnector(), followerEndpoint, dir.resolve("state"), metrics);
    server = RestServer.builder(dir.resolve("applier.keyfile")).host("127.0.0.1").port(0).userSource(host.users()).name("applier").start();
    server.addRoute(new VersionRoute());
    host.routes().forEach(server::addRoute);
    port = server.port();
    http = HttpClient.newBuilder().sslContext(TlsContexts.client(Pem.readCertificates(dir.resolve("ca.crt")), null)).build();
    await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> call("GET", "/_api/version", null, "fpw").statusCode() == 200);
  }

  @AfterEach
  void stop() throws Exception {
    server.close();
    host.close();
    leader.close();
    follower.close();
  }

  private HttpResponse<String> call(String method, String path, String body, String password) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + path))
        .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(("root:" + password).getBytes(StandardCharsets.UTF_8)))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static Transcript.Exchange recorded(String name) throws Exception {
    Path file = ApplicableTranscripts.transcriptsRoot().resolve("3.11").resolve(name + ".generated");
    return TranscriptParser.parse(file).exchanges().get(0);
  }

  private static List<String> conformance(Transcript.Exchange recorded, HttpResponse<String> actual) {
    return new ShapeComparator().compare(recorded, ActualResponse.of(actual.statusCode(), actual.headers().map(), actual.body()));
  }

  @Test
  void configurationRoutesAnswerExactlyAsArangoDb() throws Exception {
    Transcript.Exchange getConfig = recorded("RestReplicationApplierGetConfig");
    assertThat(conformance(getConfig, call("GET", "/_api/replication/applier-config", null, "fpw"))).isEmpty();

    Transcript.Exchange setConfig = recorded("RestReplicationApplierSetConfig");
    HttpResponse<String> set = call("PUT", "/_api/replication/applier-config", setConfig.request().body().orElseThrow(), "fpw");
    assertThat(conformance(setConfig, set)).isEmpty();
    assertThat(set.body()).doesNotContain("applier1234@foxx");

    HttpResponse<String> bad = call("PUT", "/_db/_system/_api/replication/applier-config", "{\"endpoint\":\"tcp://x:1\",\"chunkSize\":-5}", "fpw");
    assertThat(bad.statusCode()).isEqualTo(400);
    JsonNode error = JSON.readTree(bad.body());
    assertThat(error.get("error").asBoolean()).isTrue();
    assertThat(error.get("code").asInt()).isEqualTo(400);
    assertThat(error.get("errorNum").asInt()).isEqualTo(1410);
    assertThat(error.get("errorMessage").asText()).contains("'chunkSize'");
  }

  @Test
  void operatorsLogInWithTheFollowersCredentialsOnly() throws Exception {
    assertThat(call("GET", "/_api/replication/applier-state", null, "fpw").statusCode()).isEqualTo(200);
    assertThat(call("GET", "/_api/replication/applier-state", null, "pw").statusCode()).isEqualTo(401);
  }

  @Test
  void makeFollowerThenStateStopAndStartThroughTheRoutes() throws Exception {
    try (ArangoConnection leaderApi = ArangoConnection.open(ConnectionSettings.withUser(List.of(leader.endpoint()), "root", "pw"))) {
      leaderApi.json("POST", "/_api/collection", JSON.createObjectNode().put("name", "items"), false);
      ArrayNode documents = JSON.createArrayNode();
      for (int i = 0; i < 500; i++) {
        documents.addObject().put("_key", "i" + i).put("n", i);
      }
      leaderApi.json("POST", "/_api/document/items", documents, false);

      String body = JSON.createObjectNode().put("endpoint", "tcp://127.0.0.1:" + leader.endpoint().getPort()).put("username", "root")
          .put("password", "pw").put("idleMinWaitTime", 0.05).put("idleMaxWaitTime", 0.2).toString();
      HttpResponse<String> made = call("PUT", "/_api/replication/make-follower", body, "fpw");
      assertThat(made.statusCode()).as(made.body()).isEqualTo(200);
      assertThat(JSON.readTree(made.body()).get("state").get("running").asBoolean()).isTrue();

      leaderApi.json("POST", "/_api/document/items", JSON.createObjectNode().put("_key", "late"), false);
      try (ArangoConnection followerApi = ArangoConnection.open(ConnectionSettings.withUser(List.of(follower.endpoint()), "root", "fpw"))) {
        await().atMost(Duration.ofSeconds(20)).until(() ->
            followerApi.exchange("GET", null, "/_api/document/items/late", null, true).status() == 200);
        assertThat(followerApi.json("GET", "/_api/collection/items/count", null, true).get("count").asLong()).isEqualTo(501);
      }

      Transcript.Exchange running = recorded("RestReplicationApplierStateRunning");
      List<String> differences = conformance(running, call("GET", "/_api/replication/applier-state", null, "fpw"));
      // Times, ticks, counters and progress text belong to the recording's history: only values may
      // differ, never which fields there are or their JSON types.
      assertThat(differences).isNotEmpty().allSatisfy(difference -> assertThat(difference)
          .matches("\\$\\.(state|server)\\.[A-Za-z.]+: expected .*, got (a |an )?(string |number )?.*")
          .doesNotContain("missing").doesNotContain("unexpected field").doesNotContain("expected a number")
          .doesNotContain("expected an object").doesNotContain("expected a boolean").doesNotContain("expected an array"));

      HttpResponse<String> stopped = call("PUT", "/_api/replication/applier-stop", null, "fpw");
      JsonNode stoppedState = JSON.readTree(stopped.body()).get("state");
      assertThat(stoppedState.get("running").asBoolean()).isFalse();
      assertThat(stoppedState.get("progress").get("message").asText()).isEqualTo("applier shut down");

      HttpResponse<String> started = call("PUT", "/_api/replication/applier-start", null, "fpw");
      assertThat(JSON.readTree(started.body()).get("state").get("running").asBoolean()).isTrue();
      HttpResponse<String> busy = call("PUT", "/_api/replication/applier-config", body, "fpw");
      assertThat(JSON.readTree(busy.body()).get("errorNum").asInt()).isEqualTo(1411);

      HttpResponse<String> logger = call("GET", "/_api/replication/logger-state", null, "fpw");
      assertThat(JSON.readTree(logger.body()).get("server").get("engine").asText()).isEqualTo("rocksdb");
    }
  }

  /**
   * The {@code arangosync_applier_*} samples of {@code _system}'s applier as the host records them:
   * gauges follow the applier's state, counters grow with what it does and only grow, across a stop
   * and start and across the host closed and opened again; closing the host removes the gauges.
   */
  @Test
  void metricsFollowTheApplierAndItsCountersOnlyGrow() throws Exception {
    try (ArangoConnection leaderApi = ArangoConnection.open(ConnectionSettings.withUser(List.of(leader.endpoint()), "root", "pw"))) {
      leaderApi.json("POST", "/_api/collection", JSON.createObjectNode().put("name", "measured"), false);
      leaderApi.json("POST", "/_api/document/measured", documents(0, 100), false);
      assertThat(sample(SyncMetric.APPLIER_RUNNING)).as("no gauges before the applier's first run").isNull();

      String body = JSON.createObjectNode().put("endpoint", "tcp://127.0.0.1:" + leader.endpoint().getPort()).put("username", "root")
          .put("password", "pw").put("idleMinWaitTime", 0.05).put("idleMaxWaitTime", 0.2).put("autoStart", true).toString();
      assertThat(call("PUT", "/_api/replication/make-follower", body, "fpw").statusCode()).isEqualTo(200);
      assertThat(sample(SyncMetric.APPLIER_RUNNING)).isEqualTo(1.0);
      assertThat(sample(SyncMetric.APPLIER_REQUESTS)).isPositive();
      assertThat(sample(SyncMetric.APPLIER_DOCUMENTS)).as("the initial sync's documents").isGreaterThanOrEqualTo(100.0);
      assertThat(sample(SyncMetric.APPLIER_FAILED_CONNECTS)).isZero();
      assertThat(sample(SyncMetric.APPLIER_RESYNCS)).isZero();
      assertThat(sample(SyncMetric.APPLIER_ERRORS)).isZero();

      double events = sample(SyncMetric.APPLIER_EVENTS);
      double documents = sample(SyncMetric.APPLIER_DOCUMENTS);
      leaderApi.json("POST", "/_api/document/measured", documents(100, 50), false);
      await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
        assertThat(sample(SyncMetric.APPLIER_DOCUMENTS)).isGreaterThanOrEqualTo(documents + 50);
        assertThat(sample(SyncMetric.APPLIER_EVENTS)).isGreaterThanOrEqualTo(events + 50);
      });
      await().atMost(Duration.ofSeconds(20)).until(() -> sample(SyncMetric.APPLIER_LAG_TICKS) == 0.0);
      assertThat(sample(SyncMetric.APPLIER_LAST_APPLIED_TICK)).isPositive()
          .isEqualTo(JSON.readTree(call("GET", "/_api/replication/applier-state", null, "fpw").body()).get("state")
              .get("lastAppliedContinuousTick").asDouble());
    }

    call("PUT", "/_api/replication/applier-stop", null, "fpw");
    assertThat(sample(SyncMetric.APPLIER_RUNNING)).isZero();
    double requests = sample(SyncMetric.APPLIER_REQUESTS);
    double documents = sample(SyncMetric.APPLIER_DOCUMENTS);
    call("PUT", "/_api/replication/applier-start", null, "fpw");
    assertThat(sample(SyncMetric.APPLIER_RUNNING)).isEqualTo(1.0);
    await().atMost(Duration.ofSeconds(20)).until(() -> sample(SyncMetric.APPLIER_REQUESTS) > requests);
    assertThat(sample(SyncMetric.APPLIER_DOCUMENTS)).as("not back to 0 with the new run").isGreaterThanOrEqualTo(documents);

    host.close();
    assertThat(sample(SyncMetric.APPLIER_RUNNING)).as("gauges of closed appliers are removed").isNull();
    assertThat(sample(SyncMetric.APPLIER_LAG_TICKS)).isNull();
    double requestsBeforeReopen = sample(SyncMetric.APPLIER_REQUESTS);
    assertThat(requestsBeforeReopen).as("counters stay").isGreaterThan(requests);

    // The applier's configuration says autoStart: the host opened again starts it, and its counters go on from where they were.
    host = ApplierHost.open(new ArangoReplicationConnector(), followerEndpoint, dir.resolve("state"), metrics);
    await().atMost(Duration.ofSeconds(20)).until(() -> Double.valueOf(1.0).equals(sample(SyncMetric.APPLIER_RUNNING))
        && sample(SyncMetric.APPLIER_REQUESTS) > requestsBeforeReopen);
  }

  private static ArrayNode documents(int from, int count) {
    ArrayNode documents = JSON.createArrayNode();
    for (int i = from; i < from + count; i++) {
      documents.addObject().put("_key", "m" + i).put("n", i);
    }
    return documents;
  }

  /** The value of {@code metric}'s sample for {@code database="_system"}, as a scrape shows it; null when there is none. */
  private Double sample(SyncMetric metric) {
    for (var family : ((LabelledRegistry) metrics).snapshot().entrySet()) {
      if (!family.getKey().name().equals(metric.metricName())) {
        continue;
      }
      for (LabelledRegistry.Sample sample : family.getValue()) {
        if (sample.labels().equals(java.util.Map.of("database", "_system"))) {
          return sample.metric() instanceof com.codahale.metrics.Counter counter ? (double) counter.getCount()
              : ((Number) ((com.codahale.metrics.Gauge<?>) sample.metric()).getValue()).doubleValue();
        }
      }
    }
    return null;
  }

  /** require("@arangodb/replication") in a runbook, as arangosh users script it, over the same commands. */
  @Test
  void theReplicationModuleDrivesTheLoggerAndTheApplierAsArangoshDoes() throws Exception {
    try (ArangoConnection leaderApi = ArangoConnection.open(ConnectionSettings.withUser(List.of(leader.endpoint()), "root", "pw"))) {
      leaderApi.json("POST", "/_api/collection", JSON.createObjectNode().put("name", "scripted"), false);
      leaderApi.json("POST", "/_api/document/scripted", JSON.createObjectNode().put("_key", "one"), false);
    }
    String leaderTcp = "tcp://127.0.0.1:" + leader.endpoint().getPort();
    Path script = java.nio.file.Files.writeString(dir.resolve("replication.js"), "var replication = require('@arangodb/replication');\n"
        + "print('logger running ' + replication.logger.state().state.running);\n"
        + "print('first tick is a ' + typeof replication.logger.firstTick());\n"
        + "print('tick ranges are an array ' + Array.isArray(replication.logger.tickRanges()));\n"
        + "replication.connect({password: 'fpw'}); // the applier host checks logins against the follower's users\n"
        + "var leader = {endpoint: ARGUMENTS[0], username: 'root', password: 'pw', idleMinWaitTime: 0.05, idleMaxWaitTime: 0.2};\n"
        + "print('following ' + replication.setupReplication(leader).state.running);\n"
        + "print('phase ' + replication.applier.state().state.phase);\n"
        + "print('stopped ' + !replication.applier.stop().state.running);\n"
        + "print('retries ' + replication.applier.properties({maxConnectRetries: 7}).maxConnectRetries);\n"
        + "replication.applier.forget();\n"
        + "print('forgotten ' + (replication.applier.state().state.lastAppliedContinuousTick === null));\n"
        + "print('started ' + replication.applier.start().state.running);\n"
        + "replication.applier.stop();\n"
        + "print('synced one collection ' + (typeof replication.syncCollection('scripted', {endpoint: ARGUMENTS[0], "
        + "username: 'root', password: 'pw'})));\n");

    CommandRunner.Execution run = runner.execute(List.of("script", script.toString(), leaderTcp, "--server.endpoint=" + leaderTcp,
        "--server.username=root", "--server.password=pw", "--applier.endpoint=https://127.0.0.1:" + port,
        "--server.cacert=" + dir.resolve("ca.crt")));

    assertThat(run.exitCode()).as(run.output() + run.errors()).isZero();
    assertThat(run.output()).contains("logger running true", "first tick is a string", "tick ranges are an array true",
        "following true", "phase running", "stopped true", "retries 7", "forgotten true", "started true",
        "synced one collection object");
  }

  /** The applier commands against the same server, as an operator types them. */
  @Test
  void applierCommandsDriveTheServer() throws Exception {
    try (ArangoConnection leaderApi = ArangoConnection.open(ConnectionSettings.withUser(List.of(leader.endpoint()), "root", "pw"))) {
      leaderApi.json("POST", "/_api/collection", JSON.createObjectNode().put("name", "cmd"), false);
      leaderApi.json("POST", "/_api/document/cmd", JSON.createObjectNode().put("_key", "one"), false);
    }
    String[] target = {"--endpoint=https://127.0.0.1:" + port, "--cacert=" + dir.resolve("ca.crt"), "--auth.user=root",
        "--auth.password=fpw"};
    CommandOutput properties = command("replication", "applier-properties", target);
    assertThat(properties.code()).as(properties.err()).isZero();
    assertThat(JSON.readTree(properties.out()).get("maxConnectRetries").asInt()).isEqualTo(100);

    CommandOutput bad = command("replication", "applier-properties", target, "--set", "endpoint=tcp://127.0.0.1:1", "--set", "chunkSize=-1");
    assertThat(bad.code()).isEqualTo(1);
    assertThat(bad.err()).contains("answered 400").contains("'chunkSize'").contains("errorNum 1410");

    CommandOutput made = command("replication", "make-follower", target, "--leader.endpoint=tcp://127.0.0.1:" + leader.endpoint().getPort(),
        "--leader.user=root", "--leader.password=pw", "--set", "idleMinWaitTime=0.05", "--set", "idleMaxWaitTime=0.2");
    assertThat(made.code()).as(made.err()).isZero();
    assertThat(JSON.readTree(made.out()).get("state").get("running").asBoolean()).isTrue();

    CommandOutput state = command("replication", "applier-state", target);
    assertThat(JSON.readTree(state.out()).get("state").get("phase").asText()).isEqualTo("running");
    CommandOutput stopped = command("replication", "applier-stop", target);
    assertThat(JSON.readTree(stopped.out()).get("state").get("running").asBoolean()).isFalse();
    CommandOutput badTick = command("replication", "applier-start", target, "--from=soon");
    assertThat(badTick.code()).isEqualTo(2);
    assertThat(badTick.err()).contains("--from: a tick must be an unsigned decimal number");
    CommandOutput started = command("replication", "applier-start", target);
    assertThat(JSON.readTree(started.out()).get("state").get("running").asBoolean()).isTrue();

    // What a program running the commands gets: the printed JSON, compact; nothing when the server refused.
    CommandRunner.Execution forgetRunning = execute("replication", "applier-forget", target);
    assertThat(forgetRunning.exitCode()).isEqualTo(1);
    assertThat(forgetRunning.errors()).contains("answered 400").contains("cannot perform operation while applier is running");
    assertThat(forgetRunning.resultJson()).isNull();
    CommandRunner.Execution stopForForget = execute("replication", "applier-stop", target);
    assertThat(stopForForget.resultJson()).doesNotContain("\n");
    assertThat(JSON.readTree(stopForForget.resultJson())).isEqualTo(JSON.readTree(stopForForget.output()));
    CommandRunner.Execution forgotten = execute("replication", "applier-forget", target);
    assertThat(forgotten.exitCode()).as(forgotten.errors()).isZero();
    assertThat(JSON.readTree(forgotten.resultJson())).isEqualTo(JSON.readTree(forgotten.output()));
    assertThat(JSON.readTree(forgotten.resultJson()).at("/state/lastAppliedContinuousTick").isNull()).as("forgotten").isTrue();
    assertThat(JSON.readTree(forgotten.resultJson()).at("/state/running").asBoolean()).isFalse();
    CommandOutput stateAfterForget = command("replication", "applier-state", target);
    assertThat(JSON.readTree(stateAfterForget.out()).at("/state/safeResumeTick").isNull()).isTrue();
    CommandOutput wrongPassword = command("replication", "applier-state", "--endpoint=https://127.0.0.1:" + port,
        "--cacert=" + dir.resolve("ca.crt"), "--auth.user=root", "--auth.password=nope");
    assertThat(wrongPassword.code()).isEqualTo(1);
    assertThat(wrongPassword.err()).contains("answered 401").contains("Check --auth.user and --auth.password");
  }

  @Test
  void runApplierChecksItsFlagsBeforeStartingKaraf() throws Exception {
    String keyfile = "--server.keyfile=" + dir.resolve("applier.keyfile");
    String followerFlag = "--follower.endpoint=tcp://127.0.0.1:" + follower.endpoint().getPort();
    CommandOutput badKeyfile = command("run", "applier", "--server.port=1", "--server.keyfile=" + dir.resolve("ca.crt"), followerFlag,
        "--follower.user=root");
    assertThat(badKeyfile.code()).isEqualTo(2);
    assertThat(badKeyfile.err()).contains("--server.keyfile");

    CommandOutput notAPort = command("run", "applier", "--server.port=0", keyfile, followerFlag, "--follower.user=root");
    assertThat(notAPort.code()).isEqualTo(2);
    assertThat(notAPort.err()).contains("--server.port: 0 is not a TCP port");

    int freePort;
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
      freePort = socket.getLocalPort();
    }
    CommandOutput noDistribution = command("run", "applier", "--server.port=" + freePort, "--server.host=127.0.0.1", keyfile,
        followerFlag, "--follower.user=root", "--state.directory=" + dir.resolve("instance"));
    assertThat(noDistribution.code()).isEqualTo(1);
    assertThat(noDistribution.err()).contains("run it with the distribution's bin/arangosync");
    assertThat(dir.resolve("instance")).as("nothing written before the check").doesNotExist();
  }

  private record CommandOutput(int code, String out, String err) {}

  private CommandOutput command(String group, String name, String[] target, String... more) {
    List<String> arguments = new java.util.ArrayList<>(List.of(group, name));
    arguments.addAll(List.of(target));
    arguments.addAll(List.of(more));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = runner.run(arguments, new PrintWriter(out), new PrintWriter(err));
    return new CommandOutput(code, out.toString(), err.toString());
  }

  private CommandRunner.Execution execute(String group, String name, String[] target) {
    List<String> arguments = new java.util.ArrayList<>(List.of(group, name));
    arguments.addAll(List.of(target));
    return runner.execute(arguments);
  }

  private CommandOutput command(String group, String name, String... arguments) {
    return command(group, name, arguments, new String[0]);
  }
}
