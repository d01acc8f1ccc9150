package org.arangosync.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import org.arangosync.command.CommandProvider;
import org.arangosync.command.CommandRunner;
import org.arangosync.command.ExitCodes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code arangosync get status} end to end against the product's HTTPS server answering with a
 * master's {@code SyncInfo}: a target in initial sync and a source sending to one target, each short
 * and with {@code -v}.
 */
class GetStatusCommandTest {

  /** A target: one shard copied completely, one copying (progress fields), one waiting for its tasks. */
  static final String TARGET_FULL = """
      {"source":["https://10.0.1.1:8629","https://10.0.1.2:8629"],"status":"initial-sync",
       "shards":[
        {"database":"_system","collection":"users","shardIndex":0,"status":"running","status_message":"","delay":1234567891,
         "last_message":"2026-11-22T08:40:00Z","last_data_change":"","last_shard_master_change":"","shard_master_known":true,
         "in_sync":false,"future":1},
        {"database":"shop","collection":"orders","shardIndex":1,"status":"initial-sync","status_message":"copying documents",
         "delay":95000000000,"last_message":"","last_data_change":"","last_shard_master_change":"","shard_master_known":true,
         "in_sync":false,"documents_done":1200,"documents_total":5000},
        {"database":"shop","collection":"orders","shardIndex":2,"status":"","status_message":"","delay":350000000,
         "last_message":"","last_data_change":"","last_shard_master_change":"","shard_master_known":false,"in_sync":false}],
       "shardsCount":3,"totalShardsCount":4,"outgoing":[],"cancellationAborted":false}""";
  static final String TARGET_SHORT = """
      {"source":["https://10.0.1.1:8629","https://10.0.1.2:8629"],"status":"initial-sync",
       "shardsCount":3,"totalShardsCount":4,"outgoing":[],"cancellationAborted":false}""";
  /** A source: not a target itself (status ""), sending to one target. */
  static final String SOURCE_FULL = """
      {"source":[],"status":"","shardsCount":0,"totalShardsCount":0,"cancellationAborted":false,
       "outgoing":[{"id":"target-cluster-1","endpoint":["https://10.0.2.1:8629"],"status":"running","shardsCount":1,
        "active_barrier":false,"shards":[
         {"database":"_system","collection":"users","shardIndex":0,"status":"running","status_message":"","delay":0,
          "last_message":"","last_data_change":"","last_shard_master_change":"","shard_master_known":true,"in_sync":false}]}]}""";
  static final String SOURCE_SHORT = """
      {"source":[],"status":"","shardsCount":0,"totalShardsCount":0,"cancellationAborted":false,
       "outgoing":[{"id":"target-cluster-1","endpoint":["https://10.0.2.1:8629"],"status":"running","shardsCount":1,
        "active_barrier":false}]}""";

  @TempDir Path dir;

  private final CommandRunner runner = CommandRunner.of(ServiceLoader.load(CommandProvider.class));
  private StringWriter out = new StringWriter();
  private StringWriter err = new StringWriter();
  private CannedMaster master;
  private String full = TARGET_FULL;
  private String brief = TARGET_SHORT;

  @BeforeEach
  void startTheMaster() {
    master = new CannedMaster(dir);
    // GET /_api/sync answers the full or the short form, as the master does for details=full|short.
    master.route("GET", "/_api/sync", () -> CannedMaster.Answer.ok(master.requests().get(master.requests().size() - 1)
        .contains("details=short") ? brief : full));
  }

  @AfterEach
  void stopTheMaster() {
    master.close();
  }

  private int run(String... arguments) {
    out = new StringWriter();
    err = new StringWriter();
    List<String> all = new ArrayList<>(List.of("get", "status"));
    all.addAll(List.of(arguments));
    all.addAll(master.flags());
    return runner.run(all, new PrintWriter(out), new PrintWriter(err));
  }

  @Test
  void showsATargetsStatusSourceAndShardCounts() {
    assertThat(run()).as(err.toString()).isEqualTo(ExitCodes.OK);

    assertThat(out.toString().lines()).containsExactly(
        "Status:  initial-sync",
        "Source:  https://10.0.1.1:8629, https://10.0.1.2:8629",
        "Shards:  3 of 4");
    assertThat(master.requests()).containsExactly("GET /_api/sync?details=short");
  }

  @Test
  void listsATargetsShardsWithProgressAndDelayWhenVerbose() {
    assertThat(run("-v")).as(err.toString()).isEqualTo(ExitCodes.OK);

    assertThat(out.toString().lines()).containsExactly(
        "Status:          initial-sync",
        "Source:          https://10.0.1.1:8629, https://10.0.1.2:8629",
        "Shards:          3 of 4",
        "Shards running:  1 of 3",
        "",
        "Database  Collection  Shard  Status        Progress         Delay  Message",
        "_system   users       0      running       -                1.2s   -",
        "shop      orders      1      initial-sync  1200/5000 (24%)  1m35s  copying documents",
        "shop      orders      2      inactive      -                350ms  -");
    assertThat(master.requests()).containsExactly("GET /_api/sync?details=full");
  }

  @Test
  void leavesTheProgressColumnOutWhenNoShardIsCopying() {
    full = SOURCE_FULL;
    assertThat(run("-v")).as(err.toString()).isEqualTo(ExitCodes.OK);
    assertThat(out.toString()).doesNotContain("Progress").contains("Database  Collection  Shard  Status   Delay  Message");
  }

  @Test
  void showsASourcesTargets() {
    brief = SOURCE_SHORT;
    assertThat(run()).as(err.toString()).isEqualTo(ExitCodes.OK);

    assertThat(out.toString().lines()).containsExactly(
        "Status:  inactive",
        "",
        "Outgoing synchronization:",
        "ID                Endpoint               Status   Shards",
        "target-cluster-1  https://10.0.2.1:8629  running  1");
  }

  @Test
  void listsTheShardsSentToEachTargetWhenVerbose() {
    full = SOURCE_FULL;
    assertThat(run("-v")).as(err.toString()).isEqualTo(ExitCodes.OK);

    assertThat(out.toString().lines()).containsExactly(
        "Status:  inactive",
        "",
        "Outgoing synchronization:",
        "ID                Endpoint               Status   Shards  Barrier",
        "target-cluster-1  https://10.0.2.1:8629  running  1       -",
        "",
        "Shards sent to target-cluster-1:",
        "Database  Collection  Shard  Status   Delay  Message",
        "_system   users       0      running  0s     -");
  }

  @Test
  void saysSoWhenNothingIsConfigured() {
    brief = "{\"status\":\"\",\"shardsCount\":0,\"totalShardsCount\":0}";
    assertThat(run()).as(err.toString()).isEqualTo(ExitCodes.OK);
    assertThat(out.toString().lines()).containsExactly("Status:  inactive",
        "No synchronization is configured. Configure it on the target datacenter with 'arangosync configure sync'.");
  }

  @Test
  void watchWithoutATerminalPrintsOnce() {
    assertThat(run("--watch")).as(err.toString()).isEqualTo(ExitCodes.OK);
    assertThat(err.toString()).contains("--watch redraws on a terminal only");
    assertThat(out.toString()).startsWith("Status:  initial-sync");
    assertThat(master.requests()).hasSize(1);
  }

  @Test
  void showsTheMastersRefusal() {
    master.close();
    master = new CannedMaster(dir);
    master.route("GET", "/_api/sync", () -> new CannedMaster.Answer(503, "{\"error\":\"no leader\"}"));
    assertThat(run()).isEqualTo(ExitCodes.FAILURE);
    assertThat(err.toString()).contains("503: no leader");
  }

  @Test
  void theClientReadsSyncInfoIntoRecords() throws Exception {
    SyncMasterClient client = SyncMasterClient.builder(List.of(java.net.URI.create(master.endpoint())))
        .trustedCertificates(org.arangosync.certificates.Pem.readCertificates(master.caFile)).basicAuthentication("root", "pw").build();

    SyncInfo info = client.syncInfo(true);

    assertThat(info.isTarget()).isTrue();
    assertThat(info.isInactive()).isFalse();
    assertThat(info.source()).containsExactly("https://10.0.1.1:8629", "https://10.0.1.2:8629");
    assertThat(info.runningShards()).isEqualTo(1);
    assertThat(info.shards().get(1)).isEqualTo(new ShardSyncInfo("shop", "orders", 1, "initial-sync", "copying documents",
        95_000_000_000L, "", "", "", true, false, 1200L, 5000L));
    assertThat(info.shards().get(1).delay()).hasSeconds(95);
    assertThat(info.shards().get(2).status()).isEqualTo(SyncInfo.INACTIVE);
    assertThat(info.shards().get(2).hasProgress()).isFalse();
    assertThat(info.outgoing()).isEmpty();

    full = SOURCE_FULL;
    SyncInfo source = client.syncInfo(true);
    assertThat(source.status()).isEqualTo(SyncInfo.INACTIVE);
    assertThat(source.isInactive()).isFalse();
    assertThat(source.outgoing()).singleElement().satisfies(target -> {
      assertThat(target.id()).isEqualTo("target-cluster-1");
      assertThat(target.endpoint()).containsExactly("https://10.0.2.1:8629");
      assertThat(target.shards()).hasSize(1);
      assertThat(target.activeBarrier()).isFalse();
    });
  }
}
