package org.arangosync.core.internal.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import org.arangosync.certificates.Issued;
import org.arangosync.certificates.Pem;
import org.arangosync.command.CommandProvider;
import org.arangosync.command.CommandRunner;
import org.arangosync.core.internal.master.MessageTimeoutRoutes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runbooks of {@code scripts/} run end to end, as {@code arangosync script} runs them (the same
 * command tree the launcher has), against two datacenters in this JVM: the module functions they
 * use talk to real masters over HTTPS with a client certificate, and what each runbook promises is
 * checked on the datacenters themselves.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RunbooksTest {

  private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

  @TempDir static Path dir;
  private static InJvmDatacenter a;
  private static InJvmDatacenter b;
  private static Path caFile;
  private static Path caKeyFile;
  private static Path clientKeyfile;
  private static final CommandRunner COMMANDS = CommandRunner.of(ServiceLoader.load(CommandProvider.class));

  @BeforeAll
  static void start() throws Exception {
    InJvmDatacenter.Certificates certificates = InJvmDatacenter.Certificates.create();
    a = new InJvmDatacenter("a", dir, certificates);
    b = new InJvmDatacenter("b", dir, certificates);
    caFile = Files.writeString(dir.resolve("tls-ca.crt"), Pem.certificates(List.of(certificates.tlsCa().certificate())));
    caKeyFile = Files.writeString(dir.resolve("tls-ca.key"), Pem.privateKey(certificates.tlsCa().key()));
    Issued client = certificates.clientKeyfile("operator");
    clientKeyfile = Files.writeString(dir.resolve("client-auth.keyfile"), Pem.keyfile(client));
  }

  @AfterAll
  static void stop() throws Exception {
    for (InJvmDatacenter dc : new InJvmDatacenter[] {b, a}) {
      if (dc != null) {
        dc.worker.close();
      }
    }
    for (InJvmDatacenter dc : new InJvmDatacenter[] {b, a}) {
      if (dc != null) {
        dc.close();
      }
    }
  }

  /** {@code arangosync script scripts/<name> ARGS...}, as the launcher runs it. */
  private static CommandRunner.Execution runbook(String name, String... arguments) {
    List<String> line = new ArrayList<>(List.of("script", Path.of("../../scripts", name).toString()));
    line.addAll(List.of(arguments));
    CommandRunner.Execution execution = COMMANDS.execute(line);
    System.out.printf("--- %s%n%s%s", name, execution.output(), execution.errors());
    return execution;
  }

  /** {@code arangosync script FILE} with both datacenters' masters, the CA and the client keyfile as key=value arguments. */
  private static CommandRunner.Execution script(Path file) {
    return COMMANDS.execute(List.of("script", file.toString(), "target=" + b.masterEndpoint(), "source=" + a.masterEndpoint(),
        "cacert=" + caFile, "keyfile=" + clientKeyfile));
  }

  private static String[] login(String... more) {
    List<String> arguments = new ArrayList<>(List.of("cacert=" + caFile, "auth.keyfile=" + clientKeyfile));
    arguments.addAll(List.of(more));
    return arguments.toArray(String[]::new);
  }

  private static JsonNode status(InJvmDatacenter dc) {
    return dc.operator().call("GET", "/_api/sync?details=full", null);
  }

  private static void awaitRunning(InJvmDatacenter dc) {
    await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500))
        .until(() -> status(dc).path("status").asText(), "running"::equals);
  }

  @Test
  @Order(1)
  void theModuleConfiguresASynchronisationThroughTheCommands() throws Exception {
    a.connection.json("POST", "/_db/_system/_api/collection",
        JSON.createObjectNode().put("name", "orders").put("numberOfShards", 2), false);
    Path script = Files.writeString(dir.resolve("configure.js"), "var arangosync = require('arangosync');\n"
        + "var options = arangosync.options(ARGUMENTS);\n"
        + "var b = arangosync.datacenter({masterEndpoint: options.target, masterCacert: options.cacert, authKeyfile: options.keyfile});\n"
        + "print(JSON.stringify(b.configureSync({masterKeyfile: options.keyfile, sourceEndpoint: options.source, "
        + "sourceCacert: options.cacert})));\n"
        + "print('masters: ' + b.masters().masters.length);\n");
    CommandRunner.Execution run = script(script);

    assertThat(run.exitCode()).as(run.output() + run.errors()).isZero();
    assertThat(run.output()).contains("\"configured\":true").contains("masters: 1");
    awaitRunning(b);

    // The read functions, as plain objects.
    Path reads = Files.writeString(dir.resolve("reads.js"), "var arangosync = require('arangosync');\n"
        + "var options = arangosync.options(ARGUMENTS);\n"
        + "var b = arangosync.datacenter({masterEndpoint: options.target, masterCacert: options.cacert, authKeyfile: options.keyfile});\n"
        + "print('version ' + (typeof b.version().version));\n"
        + "print('workers ' + b.workers().workers.length);\n"
        + "print('receive tasks ' + b.tasks().tasks.filter(function (t) { return t.task.type === 'receive-shard'; }).length);\n"
        + "var status = b.status({verbose: true});\n"
        + "print('status ' + status.status + ' from ' + status.source[0] + ' with ' + status.shards.length + ' shards');\n"
        + "var check = b.checkSync();\n"
        + "print('check equal ' + check.equal + ' different ' + check.different);\n");
    CommandRunner.Execution read = script(reads);
    int shards = status(b).path("shards").size();

    assertThat(read.exitCode()).as(read.output() + read.errors()).isZero();
    assertThat(read.output()).contains("version string").contains("workers 1").contains("receive tasks " + shards)
        .contains("status running from " + a.masterEndpoint() + " with " + shards + " shards")
        .contains("check equal " + shards + " different 0");
  }

  @Test
  @Order(2)
  void plannedOutageRaisesTheMessageTimeoutOnBothDatacentersAndRestoresIt() {
    CommandRunner.Execution begin = runbook("planned-outage.js", login("phase=begin", "timeout=24h",
        "source.endpoint=" + a.masterEndpoint(), "target.endpoint=" + b.masterEndpoint()));

    assertThat(begin.exitCode()).as(begin.errors()).isZero();
    assertThat(MessageTimeoutRoutes.current(a.agency)).isEqualTo(Duration.ofHours(24));
    assertThat(MessageTimeoutRoutes.current(b.agency)).isEqualTo(Duration.ofHours(24));

    CommandRunner.Execution end = runbook("planned-outage.js", login("phase=end", "timeout=1h",
        "source.endpoint=" + a.masterEndpoint(), "target.endpoint=" + b.masterEndpoint()));

    assertThat(end.exitCode()).as(end.errors()).isZero();
    assertThat(MessageTimeoutRoutes.current(a.agency)).isEqualTo(Duration.ofHours(1));
    assertThat(MessageTimeoutRoutes.current(b.agency)).isEqualTo(Duration.ofHours(1));
    assertThat(end.output()).contains("Message timeouts restored");
  }

  @Test
  @Order(3)
  void resetFailedShardsResetsEveryFailedShardAndWaitsTillNoneIsFailed() {
    b.operator().call("PUT", "/_api/message-timeout",
        JSON.createObjectNode().put("messageTimeout", Duration.ofSeconds(2).toNanos()));
    a.worker.close();
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> {
      List<String> statuses = new ArrayList<>();
      status(b).path("shards").forEach(shard -> statuses.add(shard.path("status").asText()));
      return !statuses.isEmpty() && statuses.stream().allMatch("failed"::equals);
    });
    // The source stays away while the runbook runs: once it is back, a failed shard recovers by itself.
    b.operator().call("PUT", "/_api/message-timeout",
        JSON.createObjectNode().put("messageTimeout", Duration.ofHours(1).toNanos()));

    CommandRunner.Execution reset = runbook("reset-failed-shards.js", login("target.endpoint=" + b.masterEndpoint(), "wait=2m"));

    assertThat(reset.exitCode()).as(reset.errors()).isZero();
    assertThat(reset.output()).contains("reset _system/orders/0").contains("reset _system/orders/1").contains("none is failed now");
    a.worker = a.startWorker("a");
    awaitRunning(b);
  }

  @Test
  @Order(4)
  void reverseDirectionStopsInSyncAndSynchronisesTheOtherWay() {
    CommandRunner.Execution reverse = runbook("reverse-direction.js", login("source.endpoint=" + a.masterEndpoint(),
        "target.endpoint=" + b.masterEndpoint(), "client.keyfile=" + clientKeyfile, "wait=3m"));

    assertThat(reverse.exitCode()).as(reverse.errors()).isZero();
    assertThat(reverse.output()).contains("runs the other way round now");
    assertThat(status(a).path("status").asText()).isEqualTo("running");
    assertThat(status(a).path("source").get(0).asText()).isEqualTo(b.masterEndpoint());
    assertThat(status(b).path("outgoing")).hasSize(1);
  }

  @Test
  @Order(5)
  void failoverLeavesTheTargetInactiveAndSaysWhatToSwitch() {
    CommandRunner.Execution failover = runbook("failover.js", login("target.endpoint=" + a.masterEndpoint()));

    assertThat(failover.exitCode()).as(failover.errors()).isZero();
    assertThat(failover.output()).contains("Stopped: the target has everything").contains("independent now");
    assertThat(status(a).path("status").asText()).isEqualTo("inactive");
  }

  @Test
  @Order(6)
  void rotateCertificatesRenewsTheMastersKeyfileAndTheMastersStillAnswer() throws Exception {
    String before = Files.readString(a.keyfile);

    CommandRunner.Execution rotate = runbook("rotate-certificates.js", login("masters.endpoint=" + a.masterEndpoint(),
        "cakey=" + caKeyFile, "keyfiles=" + a.keyfile, "hosts=127.0.0.1", "validfor=720h"));

    assertThat(rotate.exitCode()).as(rotate.errors()).isZero();
    assertThat(rotate.output()).contains("renewed " + a.keyfile + " for 127.0.0.1").contains("Every keyfile is renewed");
    assertThat(Files.readString(a.keyfile)).isNotEqualTo(before).contains("BEGIN CERTIFICATE");
    assertThat(status(a).path("status").asText()).isEqualTo("inactive");
  }

  @Test
  @Order(7)
  void abortSyncAndAbortOutgoingSyncLeaveBothSidesInactive() throws Exception {
    Path script = Files.writeString(dir.resolve("abort.js"), "var arangosync = require('arangosync');\n"
        + "var options = arangosync.options(ARGUMENTS);\n"
        + "function dc(endpoint) { return arangosync.datacenter({masterEndpoint: endpoint, masterCacert: options.cacert, "
        + "authKeyfile: options.keyfile}); }\n"
        + "var a = dc(options.source), b = dc(options.target);\n"
        + "b.configureSync({masterKeyfile: options.keyfile, sourceEndpoint: options.source, sourceCacert: options.cacert});\n"
        + "arangosync.waitFor('running', function () { return b.status().status === 'running'; }, {timeout: '2m', interval: '1s'});\n"
        + "var aborted = b.abortSync();\n"
        + "print('target aborted, source left behind: ' + aborted.aborted);\n"
        + "var outgoing = a.abortOutgoingSync();\n"
        + "print('outgoing removed: ' + outgoing.aborted.length + ', left: ' + (a.status().outgoing || []).length);\n"
        + "print('target ' + b.status().status);\n");
    CommandRunner.Execution run = script(script);

    assertThat(run.exitCode()).as(run.output() + run.errors()).isZero();
    assertThat(run.output()).contains("outgoing removed: ").contains(", left: 0").contains("target inactive");
    assertThat(status(a).path("outgoing")).isEmpty();
  }

  @Test
  @Order(8)
  void aRunbookWithoutItsArgumentsSaysWhatIsMissing() {
    CommandRunner.Execution failover = runbook("failover.js");

    assertThat(failover.exitCode()).isEqualTo(1);
    assertThat(failover.errors()).contains("failover.js:").contains("give target.endpoint=");
  }
}
