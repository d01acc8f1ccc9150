package org.arangosync.client.internal.command;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import org.arangosync.certificates.Issued;
import org.arangosync.certificates.Pem;
import org.arangosync.certificates.Purpose;
import org.arangosync.client.CannedMaster;
import org.arangosync.client.CannedMaster.Answer;
import org.arangosync.command.CommandRunner.Execution;
import org.arangosync.command.ExitCodes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What each administration command reports to a program ({@code CommandRunner.execute}, as a
 * JavaScript runbook runs it): the data the master answered, under the master's field names, or
 * what the command did; nothing when it failed, except {@code check sync}'s comparison.
 */
class CommandResultsTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  static final String TARGET_FULL = """
      {"source":["https://10.0.1.1:8629"],"status":"initial-sync",
       "shards":[
        {"database":"shop","collection":"orders","shardIndex":1,"status":"initial-sync","status_message":"copying documents",
         "delay":95000000000,"last_message":"2026-11-22T08:40:00Z","last_data_change":"","last_shard_master_change":"",
         "shard_master_known":true,"in_sync":false,"documents_done":1200,"documents_total":5000,"future":1}],
       "shardsCount":1,"totalShardsCount":2,"outgoing":[],"cancellationAborted":false}""";
  static final String TARGET_RUNNING = """
      {"source":["https://10.0.1.1:8629"],"status":"running",
       "shards":[{"database":"shop","collection":"orders","shardIndex":1,"status":"running","delay":0}],
       "shardsCount":1,"totalShardsCount":1,"outgoing":[]}""";

  @TempDir Path dir;

  private CommandHarness harness;

  @BeforeEach
  void startTheMaster() {
    harness = new CommandHarness(dir);
  }

  @AfterEach
  void stopTheMaster() {
    harness.close();
  }

  private static JsonNode result(Execution execution, int exitCode) throws Exception {
    assertThat(execution.exitCode()).as(execution.errors()).isEqualTo(exitCode);
    assertThat(execution.resultJson()).as("a result, and compact").isNotNull().doesNotContain("\n");
    return JSON.readTree(execution.resultJson());
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new java.util.ArrayList<>();
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      names.add(it.next());
    }
    return names;
  }

  @Test
  void getVersionReportsTheVersionTheMasterAnswered() throws Exception {
    harness.master.route("GET", "/_api/version", () -> Answer.ok("{\"version\":\"2.19.5\",\"build\":\"f00d\"}"));

    Execution execution = harness.execute(List.of("get", "version"));

    assertThat(result(execution, ExitCodes.OK)).isEqualTo(JSON.readTree("{\"version\":\"2.19.5\",\"build\":\"f00d\"}"));
    assertThat(execution.output()).contains("Version: 2.19.5");
  }

  @Test
  void getMastersWorkersAndTasksReportTheListsUnderTheMastersNames() throws Exception {
    harness.master.route("GET", "/_api/masters", () -> Answer.ok(
        "{\"masters\":[{\"id\":\"aa\",\"endpoint\":\"https://10.0.0.1:8629\",\"leader\":true}]}"));
    harness.master.route("GET", "/_api/worker", () -> Answer.ok("""
        {"workers":[{"id":"w1","endpoint":"https://10.0.0.7:8729","expiresAt":"2026-11-22T08:40:00Z","serverID":42,
         "host":"machine-7","dbServerAffinity":"PRMR-1"}]}"""));
    harness.master.route("GET", "/_api/task", () -> Answer.ok("""
        {"tasks":[{"id":"t1","task":{"type":"receive-shard","persistent":false,"channels":{"data":"d-7","control":"c-7"},
         "target_id":"remote-1","database":"shop","collection":"orders","shardIndex":2},"cancelled":false,
         "assignment":{"worker_id":"w1","created_at":"2026-11-22T08:31:00Z","counter":1},"last_error":"source unreachable"}]}"""));

    assertThat(result(harness.execute(List.of("get", "masters")), ExitCodes.OK))
        .isEqualTo(JSON.readTree("{\"masters\":[{\"id\":\"aa\",\"endpoint\":\"https://10.0.0.1:8629\",\"leader\":true}]}"));
    JsonNode worker = result(harness.execute(List.of("get", "workers")), ExitCodes.OK).get("workers").get(0);
    assertThat(fieldNames(worker)).containsExactly("id", "endpoint", "expiresAt", "serverID", "host", "dbServerAffinity");
    assertThat(worker.get("serverID").asLong()).isEqualTo(42);
    JsonNode task = result(harness.execute(List.of("get", "tasks")), ExitCodes.OK).get("tasks").get(0);
    assertThat(task.at("/task/target_id").asText()).isEqualTo("remote-1");
    assertThat(task.at("/task/shardIndex").asInt()).isEqualTo(2);
    assertThat(task.at("/assignment/worker_id").asText()).isEqualTo("w1");
    assertThat(task.get("last_error").asText()).isEqualTo("source unreachable");
  }

  @Test
  void getStatusReportsTheSyncInfoAsTheMasterAnsweredIt() throws Exception {
    harness.master.route("GET", "/_api/sync", () -> Answer.ok(TARGET_FULL));

    Execution execution = harness.execute(List.of("get", "status"), "-v");

    JsonNode status = result(execution, ExitCodes.OK);
    assertThat(fieldNames(status)).as("the record's components, no derived isTarget()/isInactive()")
        .containsExactly("source", "status", "shards", "shardsCount", "totalShardsCount", "outgoing", "cancellationAborted");
    assertThat(status.get("status").asText()).isEqualTo("initial-sync");
    assertThat(status.get("totalShardsCount").asInt()).isEqualTo(2);
    JsonNode shard = status.get("shards").get(0);
    assertThat(fieldNames(shard)).containsExactly("database", "collection", "shardIndex", "status", "status_message", "delay",
        "last_message", "last_data_change", "last_shard_master_change", "shard_master_known", "in_sync", "documents_done",
        "documents_total");
    assertThat(shard.get("delay").asLong()).isEqualTo(95_000_000_000L);
    assertThat(shard.get("documents_done").asLong()).isEqualTo(1200);
    assertThat(execution.output()).as("prints as before").contains("initial-sync");
  }

  @Test
  void getStatusWithWatchReportsTheLastStatusFetched() throws Exception {
    harness.master.route("GET", "/_api/sync", CannedMaster.sequence(Answer.ok(TARGET_FULL), Answer.ok(TARGET_RUNNING)));

    JsonNode status = result(harness.execute(List.of("get", "status"), "--watch"), ExitCodes.OK);

    assertThat(status.get("status").asText()).isEqualTo("running");
    assertThat(harness.master.requests()).hasSize(2);
  }

  @Test
  void aFailedCommandReportsNothing() {
    harness.master.route("GET", "/_api/sync", () -> new Answer(401, "{\"error\":\"unauthorized\"}"));

    Execution execution = harness.execute(List.of("get", "status"));

    assertThat(execution.exitCode()).isEqualTo(ExitCodes.FAILURE);
    assertThat(execution.resultJson()).isNull();
  }

  @Test
  void getStatusWithWatchReportsNothingWhenALaterFetchFails() {
    harness.master.route("GET", "/_api/sync", CannedMaster.sequence(Answer.ok(TARGET_FULL), new Answer(401, "{\"error\":\"no\"}")));

    Execution execution = harness.execute(List.of("get", "status"), "--watch");

    assertThat(execution.exitCode()).isEqualTo(ExitCodes.FAILURE);
    assertThat(execution.resultJson()).as("not the first redraw's status").isNull();
  }

  @Test
  void configureSyncReportsTheSourceItConfigured() throws Exception {
    harness.master.route("POST", "/_api/sync", () -> Answer.ok("{}"));
    Issued clientAuthCa = harness.master.issuer.createCa("client-auth CA", Duration.ofDays(1), CannedMaster.P256);
    Files.writeString(dir.resolve("client-auth.keyfile"), Pem.keyfile(harness.master.issuer.issue(clientAuthCa, Purpose.CLIENT,
        List.of(), List.of("target@example.com"), Duration.ofDays(1), CannedMaster.P256)));

    JsonNode configured = result(harness.execute(List.of("configure", "sync"), "--master.keyfile=" + dir.resolve("client-auth.keyfile"),
        "--source.endpoint=ssl://10.0.1.1:8629", "--source.cacert=" + harness.master.caFile), ExitCodes.OK);

    assertThat(configured).isEqualTo(JSON.readTree("{\"configured\":true,\"source\":[\"https://10.0.1.1:8629\"]}"));
  }

  @Test
  void setMessageTimeoutReportsTheTimeoutTheMastersAnswered() throws Exception {
    harness.master.route("PUT", "/_api/message-timeout", () -> Answer.ok("{\"messageTimeout\":10800000000000}"));

    JsonNode set = result(harness.execute(List.of("set", "message", "timeout"), "3h"), ExitCodes.OK);

    assertThat(set).isEqualTo(JSON.readTree("{\"messageTimeout\":\"3h0m0s\",\"nanoseconds\":10800000000000}"));
  }

  @Test
  void stopAndAbortSyncReportTheMastersAnswerToTheStop() throws Exception {
    harness.master.route("POST", "/_api/sync/barrier", () -> Answer.ok("{}"));
    harness.master.route("GET", "/_api/sync/barrier", () -> StopAndAbortSyncCommandTest.IN_SYNC);
    harness.master.route("DELETE", "/_api/sync", () -> Answer.ok("""
        {"aborted":true,"source":["https://10.0.1.1:8629"],"cluster_id":"target-cluster-1","cancelling":false,
         "message":"the source masters could not be reached"}"""));
    harness.master.route("GET", "/_api/sync", () -> StopAndAbortSyncCommandTest.INACTIVE);
    JsonNode expected = JSON.readTree("""
        {"aborted":true,"source":["https://10.0.1.1:8629"],"cluster_id":"target-cluster-1","cancelling":false,
         "message":"the source masters could not be reached"}""");

    assertThat(result(harness.execute(List.of("stop", "sync")), ExitCodes.OK)).isEqualTo(expected);
    assertThat(result(harness.execute(List.of("abort", "sync")), ExitCodes.OK)).isEqualTo(expected);
  }

  @Test
  void stopSyncThatFindsNothingConfiguredReportsNothing() {
    harness.master.route("POST", "/_api/sync/barrier", () -> new Answer(412, "{\"error\":\"no synchronization configured\"}"));

    Execution execution = harness.execute(List.of("stop", "sync"));

    assertThat(execution.exitCode()).isEqualTo(ExitCodes.FAILURE);
    assertThat(execution.resultJson()).isNull();
  }

  @Test
  void abortOutgoingSyncReportsTheTargetsItRemoved() throws Exception {
    harness.master.route("GET", "/_api/sync", CannedMaster.sequence(StopAndAbortSyncCommandTest.TWO_OUTGOING,
        StopAndAbortSyncCommandTest.INACTIVE));
    harness.master.route("DELETE", "/_api/sync/outgoing/{id}", () -> Answer.ok("{}"));

    JsonNode aborted = result(harness.execute(List.of("abort", "outgoing", "sync")), ExitCodes.OK).get("aborted");

    assertThat(aborted).hasSize(2);
    assertThat(aborted.get(0).get("id").asText()).isEqualTo("target-1");
    assertThat(aborted.get(1).get("status").asText()).isEqualTo("failed");
    assertThat(fieldNames(aborted.get(0))).containsExactly("id", "endpoint", "status", "shards", "shardsCount", "active_barrier");
  }

  @Test
  void abortOutgoingSyncWithNothingToAbortReportsAnEmptyList() throws Exception {
    harness.master.route("GET", "/_api/sync", () -> StopAndAbortSyncCommandTest.INACTIVE);

    assertThat(result(harness.execute(List.of("abort", "outgoing", "sync")), ExitCodes.OK))
        .isEqualTo(JSON.readTree("{\"aborted\":[]}"));
  }

  @Test
  void resetFailedShardReportsTheShardItReset() throws Exception {
    harness.master.route("PUT", "/_api/sync/database/{db}/collection/{col}/shard/{i}/reset", () -> Answer.ok("{}"));

    JsonNode reset = result(harness.execute(List.of("reset", "failed", "shard"), "--database=my db", "--collection=orders",
        "--shard=2"), ExitCodes.OK);

    assertThat(reset).isEqualTo(JSON.readTree("{\"database\":\"my db\",\"collection\":\"orders\",\"shard\":2,\"reset\":true}"));
  }

  @Test
  void checkSyncReportsEveryShardAlsoWhenTheDataDiffers() throws Exception {
    harness.master.route("GET", "/_api/sync", () -> Answer.ok(ResetAndCheckCommandTest.TWO_SHARDS));
    harness.master.route("GET", "/_api/sync/database/shop/collection/orders/shard/0/checksum", () -> Answer.ok(
        "{\"databases\":{\"shop\":{\"collections\":{\"orders\":{\"shards\":{\"0\":["
            + "{\"datacenter\":\"source\",\"cluster_id\":\"A\",\"checksum\":\"aa01\",\"count\":17},"
            + "{\"datacenter\":\"target\",\"cluster_id\":\"B\",\"checksum\":\"bb02\",\"count\":16}]}}}}}}"));
    harness.master.route("GET", "/_api/sync/database/shop/collection/orders/shard/1/checksum",
        () -> new Answer(404, "{\"error\":\"shard is not synchronized\"}"));

    Execution execution = harness.execute(List.of("check", "sync"));

    JsonNode check = result(execution, ExitCodes.FAILURE);
    assertThat(execution.output()).contains("The data is NOT the same: 1 of 2 shards differ (1 not checked).");
    assertThat(fieldNames(check)).containsExactly("shards", "equal", "different", "notChecked");
    assertThat(check.get("equal").asInt()).isZero();
    assertThat(check.get("different").asInt()).isEqualTo(1);
    assertThat(check.get("notChecked").asInt()).isEqualTo(1);
    JsonNode differing = check.get("shards").get(0);
    assertThat(differing).isEqualTo(JSON.readTree("""
        {"database":"shop","collection":"orders","shard":0,"verdict":"different","equal":false,
         "source":{"datacenter":"source","cluster_id":"A","checksum":"aa01","count":17},
         "target":{"datacenter":"target","cluster_id":"B","checksum":"bb02","count":16},"reason":null}"""));
    JsonNode notChecked = check.get("shards").get(1);
    assertThat(notChecked.get("verdict").asText()).isEqualTo("not-checked");
    assertThat(notChecked.get("equal").asBoolean()).isFalse();
    assertThat(notChecked.get("source").isNull()).isTrue();
    assertThat(notChecked.get("reason").asText()).isEqualTo(harness.master.endpoint() + " answered 404: shard is not synchronized");
  }

  @Test
  void checkSyncOfEqualDataCountsTheShardsAsEqual() throws Exception {
    harness.master.route("GET", "/_api/sync", () -> Answer.ok(ResetAndCheckCommandTest.TWO_SHARDS));
    harness.master.route("GET", "/_api/sync/database/shop/collection/orders/shard/{i}/checksum", () -> Answer.ok(
        "{\"databases\":{\"shop\":{\"collections\":{\"orders\":{\"shards\":{\"0\":["
            + "{\"datacenter\":\"source\",\"cluster_id\":\"A\",\"checksum\":\"1f2e\",\"count\":5},"
            + "{\"datacenter\":\"target\",\"cluster_id\":\"B\",\"checksum\":\"1f2e\",\"count\":5}],\"1\":["
            + "{\"datacenter\":\"source\",\"cluster_id\":\"A\",\"checksum\":\"0\",\"count\":0},"
            + "{\"datacenter\":\"target\",\"cluster_id\":\"B\",\"checksum\":\"0\",\"count\":0}]}}}}}}"));

    JsonNode check = result(harness.execute(List.of("check", "sync")), ExitCodes.OK);

    assertThat(check.get("equal").asInt()).isEqualTo(2);
    assertThat(check.get("different").asInt()).isZero();
    assertThat(check.get("shards").findValuesAsText("verdict")).containsExactly("same", "same");
    assertThat(check.get("shards").get(1).get("equal").asBoolean()).isTrue();
  }

  @Test
  void checkSyncWithoutShardsReportsNothing() {
    harness.master.route("GET", "/_api/sync", () -> Answer.ok("{\"status\":\"\",\"shardsCount\":0,\"totalShardsCount\":0}"));

    Execution execution = harness.execute(List.of("check", "sync"));

    assertThat(execution.exitCode()).isEqualTo(ExitCodes.FAILURE);
    assertThat(execution.resultJson()).isNull();
  }
}
