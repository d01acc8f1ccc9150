package org.arangosync.client.internal.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.ServiceLoader;
import org.arangosync.client.CannedMaster.Answer;
import org.arangosync.client.ShardChecksum;
import org.arangosync.command.CommandProvider;
import org.arangosync.command.CommandRunner;
import org.arangosync.command.ExitCodes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code arangosync reset failed shard} and {@code check sync} against a canned master, and that
 * every operator command of part 2 is registered for the launcher and the shell.
 */
class ResetAndCheckCommandTest {

  private static final List<String> RESET = List.of("reset", "failed", "shard");
  private static final List<String> CHECK = List.of("check", "sync");
  private static final String NL = System.lineSeparator();

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

  @Test
  void resetFailedShardResetsTheShard() {
    harness.master.route("PUT", "/_api/sync/database/{db}/collection/{col}/shard/{i}/reset", () -> Answer.ok("{}"));

    assertThat(harness.run(RESET, "--database=my db", "--collection=orders", "--shard=2")).as(harness.err.toString())
        .isEqualTo(ExitCodes.OK);

    assertThat(harness.out.toString()).isEqualTo(
        "A new set of tasks synchronizes shard my db/orders/2; follow it with 'arangosync get status -v'." + NL);
    assertThat(harness.master.requests()).containsExactly("PUT /_api/sync/database/my%20db/collection/orders/shard/2/reset");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "no database | --collection=orders | --shard=0 | Missing required option: '--database=NAME'",
      "no shard | --database=shop | --collection=orders | Missing required option: '--shard=INDEX'",
      "negative shard | --database=shop --collection=orders | --shard=-1 | --shard: -1 is not a shard index; shards are numbered from 0",
      "shard not a number | --database=shop --collection=orders | --shard=first | Invalid value for option '--shard'",
      "empty database | --database= --collection=orders | --shard=0 | --database is empty"})
  void resetFailedShardRefusesBadArgumentsBeforeAnyRequest(String name, String first, String second, String message) {
    List<String> arguments = new java.util.ArrayList<>(List.of(first.split(" ")));
    arguments.add(second);

    assertThat(harness.run(RESET, arguments.toArray(String[]::new))).isEqualTo(ExitCodes.USAGE);

    assertThat(harness.err.toString()).startsWith("Error: ").contains(message);
    assertThat(harness.master.requests()).isEmpty();
  }

  @Test
  void resetFailedShardExplainsAShardThatHasNotFailed() {
    harness.master.route("PUT", "/_api/sync/database/{db}/collection/{col}/shard/{i}/reset",
        () -> new Answer(412, "{\"error\":\"shard shop/orders/1 is running, not failed\"}"));

    assertThat(harness.run(RESET, "--database=shop", "--collection=orders", "--shard=1")).isEqualTo(ExitCodes.FAILURE);

    assertThat(harness.err.toString()).contains("412: shard shop/orders/1 is running, not failed")
        .contains("Only a failed shard can be reset", "'arangosync get status -v'");
  }

  @Test
  void resetFailedShardExplainsAnUnknownShard() {
    harness.master.route("PUT", "/_api/sync/database/{db}/collection/{col}/shard/{i}/reset",
        () -> new Answer(404, "{\"error\":\"unknown shard\"}"));

    assertThat(harness.run(RESET, "--database=shop", "--collection=orderz", "--shard=9")).isEqualTo(ExitCodes.FAILURE);

    assertThat(harness.err.toString()).contains("404: unknown shard").contains("Check --database, --collection and --shard");
  }

  static final String TWO_SHARDS = """
      {"source":["https://10.0.1.1:8629"],"status":"running","shardsCount":2,"totalShardsCount":2,"outgoing":[],
       "shards":[{"database":"shop","collection":"orders","shardIndex":1,"status":"running"},
                 {"database":"shop","collection":"orders","shardIndex":0,"status":"running"}]}""";

  private static String checksums(int shard, String sourceChecksum, long sourceCount, String targetChecksum, long targetCount) {
    return "{\"databases\":{\"shop\":{\"collections\":{\"orders\":{\"shards\":{\"" + shard + "\":["
        + "{\"datacenter\":\"source\",\"cluster_id\":\"A\",\"checksum\":\"" + sourceChecksum + "\",\"count\":" + sourceCount + "},"
        + "{\"datacenter\":\"target\",\"cluster_id\":\"B\",\"checksum\":\"" + targetChecksum + "\",\"count\":" + targetCount + "}]}}}}}}";
  }

  private void routeChecksums(int shard, String json) {
    harness.master.route("GET", "/_api/sync/database/shop/collection/orders/shard/" + shard + "/checksum", () -> Answer.ok(json));
  }

  @Test
  void checkSyncSaysTheWholeDataIsTheSame() {
    harness.master.route("GET", "/_api/sync", () -> Answer.ok(TWO_SHARDS));
    routeChecksums(0, checksums(0, "1f2e", 1200, "1f2e", 1200));
    routeChecksums(1, checksums(1, "0", 0, "0", 0));

    assertThat(harness.run(CHECK)).as(harness.err.toString()).isEqualTo(ExitCodes.OK);

    assertThat(harness.out.toString().lines()).containsExactly(
        "shop/orders/0: same (1200 documents)",
        "shop/orders/1: same (0 documents)",
        "The whole data is the same.");
    assertThat(harness.master.requests()).containsExactly("GET /_api/sync?details=full",
        "GET /_api/sync/database/shop/collection/orders/shard/0/checksum",
        "GET /_api/sync/database/shop/collection/orders/shard/1/checksum");
  }

  @Test
  void checkSyncNamesTheShardsThatDiffer() {
    harness.master.route("GET", "/_api/sync", () -> Answer.ok(TWO_SHARDS));
    routeChecksums(0, checksums(0, "1f2e", 1200, "1f2e", 1200));
    routeChecksums(1, checksums(1, "aa01", 17, "bb02", 16));

    assertThat(harness.run(CHECK)).isEqualTo(ExitCodes.FAILURE);

    assertThat(harness.out.toString().lines()).containsExactly(
        "shop/orders/0: same (1200 documents)",
        "shop/orders/1: DIFFERENT (source 17 documents, checksum aa01; target 16 documents, checksum bb02)",
        "The data is NOT the same: 1 of 2 shards differ.");
  }

  @Test
  void checkSyncGoesOnWhenAShardCannotBeChecked() {
    harness.master.route("GET", "/_api/sync", () -> Answer.ok(TWO_SHARDS));
    routeChecksums(0, checksums(0, "1f2e", 1200, "1f2e", 1200));
    harness.master.route("GET", "/_api/sync/database/shop/collection/orders/shard/1/checksum",
        () -> new Answer(404, "{\"error\":\"shard is not synchronized\"}"));

    assertThat(harness.run(CHECK)).isEqualTo(ExitCodes.FAILURE);

    assertThat(harness.out.toString().lines()).containsExactly(
        "shop/orders/0: same (1200 documents)",
        "shop/orders/1: not checked: " + harness.master.endpoint() + " answered 404: shard is not synchronized",
        "The data could not be compared completely: 1 of 2 shards not checked, the others are the same. "
            + "Run 'arangosync check sync' again.");
  }

  @Test
  void checkSyncWithoutShardsFails() {
    harness.master.route("GET", "/_api/sync", () -> Answer.ok("{\"status\":\"\",\"shardsCount\":0,\"totalShardsCount\":0}"));

    assertThat(harness.run(CHECK)).isEqualTo(ExitCodes.FAILURE);

    assertThat(harness.err.toString()).startsWith("Error: No shard is turned on for synchronizing.");
    assertThat(harness.out.toString()).isEmpty();
  }

  @Test
  void compareNeedsBothDatacenters() {
    assertThat(CheckSyncCommand.compare("a/b/0", List.of(new ShardChecksum("target", "B", "00", 1))).line())
        .isEqualTo("a/b/0: not checked: the master reported no checksum of the source datacenter");
    assertThat(CheckSyncCommand.compare("a/b/0", List.of(new ShardChecksum("source", "A", "00", 1),
        new ShardChecksum("target", "B", "00", 2))).verdict()).isEqualTo(CheckSyncCommand.Verdict.DIFFERENT);
  }

  @Test
  void theLauncherAndTheShellKnowEveryOperatorCommand() {
    CommandRunner runner = CommandRunner.of(ServiceLoader.load(CommandProvider.class));
    for (List<String> words : List.of(List.of("stop", "sync"), List.of("abort", "sync"), List.of("abort", "outgoing", "sync"),
        List.of("reset", "failed", "shard"), List.of("check", "sync"))) {
      StringWriter out = new StringWriter();
      List<String> help = new java.util.ArrayList<>(words);
      help.add("--help");
      assertThat(runner.run(help, new PrintWriter(out), new PrintWriter(new StringWriter()))).isEqualTo(ExitCodes.OK);
      assertThat(out.toString()).contains("Usage: arangosync " + String.join(" ", words), "--master.endpoint");
    }
    StringWriter out = new StringWriter();
    runner.run(List.of("stop", "sync", "--help"), new PrintWriter(out), new PrintWriter(new StringWriter()));
    assertThat(out.toString()).contains("--ensure-in-sync", "--wait-timeout");
  }
}
