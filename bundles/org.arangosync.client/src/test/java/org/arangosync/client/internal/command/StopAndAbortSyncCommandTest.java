package org.arangosync.client.internal.command;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.arangosync.client.CannedMaster;
import org.arangosync.client.CannedMaster.Answer;
import org.arangosync.command.ExitCodes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code arangosync stop sync}, {@code abort sync} and {@code abort outgoing sync} against a canned
 * target (or source) master: the order of the requests, their bodies, the waiting, and what the
 * operator reads when something is in the way.
 */
class StopAndAbortSyncCommandTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> STOP = List.of("stop", "sync");
  private static final List<String> ABORT = List.of("abort", "sync");
  private static final List<String> ABORT_OUTGOING = List.of("abort", "outgoing", "sync");
  private static final String NL = System.lineSeparator();

  static final Answer NOT_IN_SYNC = Answer.ok("""
      {"in_sync_shards":2,"not_in_sync_shards":1,"SourceServerReadonly":true,
       "not_in_sync":[{"database":"shop","collection":"orders","shardIndex":1,"status":"running"}]}""");
  static final Answer IN_SYNC = Answer.ok("{\"in_sync_shards\":3,\"not_in_sync_shards\":0,\"SourceServerReadonly\":true}");
  static final Answer CANCELLING = Answer.ok("""
      {"source":["https://10.0.1.1:8629"],"status":"cancelling","shardsCount":3,"totalShardsCount":3,"outgoing":[]}""");
  static final Answer INACTIVE = Answer.ok("{\"source\":[],\"status\":\"\",\"shardsCount\":0,\"totalShardsCount\":0,\"outgoing\":[]}");
  static final Answer STOPPED = Answer.ok("""
      {"aborted":false,"source":["https://10.0.1.1:8629"],"cluster_id":"target-cluster-1","cancelling":true,"message":""}""");

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

  private void route(String method, String path, Answer... answers) {
    harness.master.route(method, path, CannedMaster.sequence(answers));
  }

  @Test
  void stopSyncWaitsForTheShardsThenStopsAndWaitsForInactive() throws Exception {
    route("POST", "/_api/sync/barrier", Answer.ok("{}"));
    route("GET", "/_api/sync/barrier", NOT_IN_SYNC, NOT_IN_SYNC, IN_SYNC);
    route("DELETE", "/_api/sync/barrier", Answer.ok("{}"));
    route("DELETE", "/_api/sync", STOPPED);
    route("GET", "/_api/sync", CANCELLING, INACTIVE);

    assertThat(harness.run(STOP, "-v")).as(harness.err.toString()).isEqualTo(ExitCodes.OK);

    assertThat(harness.out.toString().lines()).containsExactly(
        "Making the source datacenter read-only until every shard is in sync...",
        "Shards in sync: 2 of 3",
        "Shards in sync: 3 of 3",
        "Waiting for the synchronization to stop: status cancelling, 3 shards",
        "Synchronization stopped.");
    List<String> requests = harness.master.requests();
    assertThat(requests).hasSize(7);
    assertThat(requests.subList(0, 4)).containsExactly("POST /_api/sync/barrier", "GET /_api/sync/barrier",
        "GET /_api/sync/barrier", "GET /_api/sync/barrier");
    assertThat(requests.get(4)).startsWith("DELETE /_api/sync {");
    assertThat(JSON.readTree(requests.get(4).substring("DELETE /_api/sync ".length())))
        .isEqualTo(JSON.readTree("{\"force\":false,\"force_timeout\":0,\"source_server_mode\":\"default\"}"));
    assertThat(requests.subList(5, 7)).containsOnly("GET /_api/sync?details=short");
    // The barrier is not given up by hand: the stop switches the source back itself.
    assertThat(harness.requests("DELETE /_api/sync/barrier")).isEmpty();
    assertThat(harness.pauses).containsOnly(Duration.ofSeconds(1)).hasSize(3);
  }

  @Test
  void stopSyncSaysWithoutVerboseOnlyThatItStopped() {
    route("POST", "/_api/sync/barrier", Answer.ok("{}"));
    route("GET", "/_api/sync/barrier", IN_SYNC);
    route("DELETE", "/_api/sync", STOPPED);
    route("GET", "/_api/sync", INACTIVE);

    assertThat(harness.run(STOP)).as(harness.err.toString()).isEqualTo(ExitCodes.OK);

    assertThat(harness.out.toString()).isEqualTo("Synchronization stopped." + NL);
    assertThat(harness.pauses).isEmpty();
  }

  @Test
  void stopSyncGivesUpTheBarrierAndNamesTheShardsThatAreNotInSync() {
    StringBuilder shards = new StringBuilder();
    for (int i = 0; i < 12; i++) {
      shards.append(i == 0 ? "" : ",").append("{\"database\":\"shop\",\"collection\":\"orders\",\"shardIndex\":").append(i)
          .append(",\"status\":\"").append(i == 0 ? "initial-sync" : "running").append("\"}");
    }
    route("POST", "/_api/sync/barrier", Answer.ok("{}"));
    route("GET", "/_api/sync/barrier", Answer.ok("{\"in_sync_shards\":3,\"not_in_sync_shards\":12,\"SourceServerReadonly\":true,"
        + "\"not_in_sync\":[" + shards + "]}"));
    route("DELETE", "/_api/sync/barrier", Answer.ok("{}"));
    route("DELETE", "/_api/sync", STOPPED);

    assertThat(harness.run(STOP, "--wait-timeout=5s")).isEqualTo(ExitCodes.FAILURE);

    String err = harness.err.toString();
    assertThat(err).startsWith("Error: Not every shard is in sync after 5s (--wait-timeout): 12 of 15 shards are not: "
        + "shop/orders/0 (initial-sync), shop/orders/1 (running), ")
        .contains("shop/orders/9 (running) ... and 2 more." + NL)
        .doesNotContain("shop/orders/10")
        .contains("The synchronization was not stopped. The barrier was removed: the source datacenter is read-write again.")
        .contains("--wait-timeout=10m", "--ensure-in-sync=false");
    assertThat(harness.requests("DELETE")).containsExactly("DELETE /_api/sync/barrier");
    // Asked at 0s, 1s, ... 5s.
    assertThat(harness.requests("GET /_api/sync/barrier")).hasSize(6);
    assertThat(harness.out.toString()).doesNotContain("stopped.");
  }

  @Test
  void stopSyncWithoutEnsureInSyncStopsAtOnce() throws Exception {
    route("DELETE", "/_api/sync", STOPPED);
    route("GET", "/_api/sync", INACTIVE);

    assertThat(harness.run(STOP, "--ensure-in-sync=false")).as(harness.err.toString()).isEqualTo(ExitCodes.OK);

    assertThat(harness.out.toString()).isEqualTo("Synchronization stopped." + NL);
    assertThat(harness.master.requests()).hasSize(2);
    assertThat(harness.requests("POST")).isEmpty();
    assertThat(harness.requests("GET /_api/sync/barrier")).isEmpty();
    assertThat(JSON.readTree(harness.master.requests().get(0).substring("DELETE /_api/sync ".length())).path("force").asBoolean())
        .isFalse();
  }

  @Test
  void ensureInSyncIsOnByDefaultAndWithoutAValue() {
    route("POST", "/_api/sync/barrier", new Answer(412, "{\"error\":\"no synchronization configured\"}"));

    assertThat(harness.run(STOP, "--ensure-in-sync")).isEqualTo(ExitCodes.FAILURE);
    assertThat(harness.run(STOP, "--ensure-in-sync=true")).isEqualTo(ExitCodes.FAILURE);

    assertThat(harness.master.requests()).containsExactly("POST /_api/sync/barrier", "POST /_api/sync/barrier");
  }

  @Test
  void stopSyncSaysSoWhenNothingIsConfigured() {
    route("POST", "/_api/sync/barrier", new Answer(412, "{\"error\":\"no synchronization configured\"}"));
    route("DELETE", "/_api/sync", new Answer(412, "{\"error\":\"no synchronization configured\"}"));
    String expected = "Error: No synchronization is configured on " + harness.master.endpoint() + "; nothing to stop." + NL;

    assertThat(harness.run(STOP)).isEqualTo(ExitCodes.FAILURE);
    assertThat(harness.err.toString()).isEqualTo(expected);
    // No barrier was made, so there is none to give up.
    assertThat(harness.master.requests()).containsExactly("POST /_api/sync/barrier");

    assertThat(harness.run(STOP, "--ensure-in-sync=false")).isEqualTo(ExitCodes.FAILURE);
    assertThat(harness.err.toString()).isEqualTo(expected);
  }

  @Test
  void stopSyncSuggestsAbortWhenTheSourceCannotBeReachedAndFreesTheSource() {
    route("POST", "/_api/sync/barrier", Answer.ok("{}"));
    route("GET", "/_api/sync/barrier", IN_SYNC);
    route("DELETE", "/_api/sync/barrier", Answer.ok("{}"));
    route("DELETE", "/_api/sync", new Answer(502, "{\"error\":\"cannot reach the source masters: connection refused\"}"));

    assertThat(harness.run(STOP)).isEqualTo(ExitCodes.FAILURE);

    assertThat(harness.err.toString()).contains("502: cannot reach the source masters: connection refused")
        .contains("could not reach the source datacenter", "run 'arangosync abort sync'")
        .contains("The barrier was removed: the source datacenter is read-write again.");
    assertThat(harness.master.requests().get(harness.master.requests().size() - 1)).isEqualTo("DELETE /_api/sync/barrier");
  }

  @Test
  void stopSyncFailsWhenTheTargetDoesNotBecomeInactive() {
    route("DELETE", "/_api/sync", STOPPED);
    route("GET", "/_api/sync", CANCELLING);

    assertThat(harness.run(STOP, "--ensure-in-sync=false", "--wait-timeout=3s")).isEqualTo(ExitCodes.FAILURE);

    assertThat(harness.err.toString()).startsWith("Error: The synchronization has not stopped within 3s (--wait-timeout): "
        + "status cancelling, 3 shards. Follow it with 'arangosync get status -v'; if it does not end, run 'arangosync abort sync'.");
    assertThat(harness.requests("GET /_api/sync")).hasSize(4);
  }

  @Test
  void abortSyncForcesTheStopAndNamesTheCleanupOfTheSource() throws Exception {
    route("DELETE", "/_api/sync", Answer.ok("""
        {"aborted":true,"source":["https://10.0.1.1:8629"],"cluster_id":"target-cluster-1","cancelling":false,
         "message":"the source masters could not be reached: connection refused"}"""));
    route("GET", "/_api/sync", CANCELLING, INACTIVE);

    assertThat(harness.run(ABORT)).as(harness.err.toString()).isEqualTo(ExitCodes.OK);

    assertThat(harness.out.toString().lines()).containsExactly(
        "the source masters could not be reached: connection refused",
        "Synchronization aborted.",
        "When the source datacenter is back, run 'arangosync abort outgoing sync' against its masters.");
    String delete = harness.master.requests().get(0);
    assertThat(JSON.readTree(delete.substring("DELETE /_api/sync ".length())))
        .isEqualTo(JSON.readTree("{\"force\":true,\"force_timeout\":30000000000,\"source_server_mode\":\"default\"}"));
    assertThat(harness.requests("GET /_api/sync?details=short")).hasSize(2);
    assertThat(harness.requests("POST")).isEmpty();
  }

  @Test
  void abortSyncThatReachedTheSourceNeedsNoCleanup() {
    route("DELETE", "/_api/sync", STOPPED);
    route("GET", "/_api/sync", INACTIVE);

    assertThat(harness.run(ABORT)).as(harness.err.toString()).isEqualTo(ExitCodes.OK);

    assertThat(harness.out.toString()).isEqualTo("Synchronization aborted." + NL);
  }

  @Test
  void abortSyncSaysSoWhenNothingIsConfigured() {
    route("DELETE", "/_api/sync", new Answer(412, "{\"error\":\"no synchronization configured\"}"));

    assertThat(harness.run(ABORT)).isEqualTo(ExitCodes.FAILURE);

    assertThat(harness.err.toString())
        .isEqualTo("Error: No synchronization is configured on " + harness.master.endpoint() + "; nothing to abort." + NL);
  }

  static final Answer TWO_OUTGOING = Answer.ok("""
      {"source":[],"status":"","shardsCount":0,"totalShardsCount":0,
       "outgoing":[{"id":"target-1","endpoint":["https://10.0.2.1:8629"],"status":"running","shardsCount":3},
                   {"id":"target 2","endpoint":["https://10.0.3.1:8629"],"status":"failed","shardsCount":1}]}""");
  static final Answer ONE_OUTGOING = Answer.ok("""
      {"source":[],"status":"","shardsCount":0,"totalShardsCount":0,
       "outgoing":[{"id":"target 2","endpoint":["https://10.0.3.1:8629"],"status":"cancelling","shardsCount":1}]}""");

  @Test
  void abortOutgoingSyncRemovesEveryTargetAndWaits() {
    route("GET", "/_api/sync", TWO_OUTGOING, ONE_OUTGOING, INACTIVE);
    route("DELETE", "/_api/sync/outgoing/{id}", Answer.ok("{}"));

    assertThat(harness.run(ABORT_OUTGOING, "-v")).as(harness.err.toString()).isEqualTo(ExitCodes.OK);

    assertThat(harness.out.toString().lines()).containsExactly(
        "Aborting the outgoing synchronization to target-1 (https://10.0.2.1:8629)",
        "Aborting the outgoing synchronization to target 2 (https://10.0.3.1:8629)",
        "Outgoing synchronization aborted.");
    List<String> requests = new ArrayList<>(harness.master.requests());
    assertThat(requests).hasSize(5);
    assertThat(requests.get(0)).isEqualTo("GET /_api/sync?details=short");
    assertThat(requests.subList(1, 3)).containsExactly("DELETE /_api/sync/outgoing/target-1", "DELETE /_api/sync/outgoing/target%202");
    assertThat(requests.subList(3, 5)).containsOnly("GET /_api/sync?details=short");
  }

  @Test
  void abortOutgoingSyncWithoutOutgoingSynchronizationDoesNothing() {
    route("GET", "/_api/sync", INACTIVE);

    assertThat(harness.run(ABORT_OUTGOING)).as(harness.err.toString()).isEqualTo(ExitCodes.OK);

    assertThat(harness.out.toString()).isEqualTo("No outgoing synchronization; nothing to abort." + NL);
    assertThat(harness.master.requests()).containsExactly("GET /_api/sync?details=short");
  }

  @Test
  void abortOutgoingSyncFailsWhenATargetStays() {
    route("GET", "/_api/sync", ONE_OUTGOING);
    route("DELETE", "/_api/sync/outgoing/{id}", Answer.ok("{}"));

    assertThat(harness.run(ABORT_OUTGOING, "--wait-timeout=2s")).isEqualTo(ExitCodes.FAILURE);

    assertThat(harness.err.toString()).startsWith("Error: The outgoing synchronization is not gone after 2s (--wait-timeout): "
        + "target 2 (cancelling).");
  }
}
