package org.arangosync.client.internal.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.arangosync.client.CannedMaster;
import org.arangosync.command.ExitCodes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/** The pieces of {@code get status}'s output: delays, progress, the progress bar and {@code --watch} on a terminal. */
class StatusRenderingTest {

  @TempDir Path dir;

  @ParameterizedTest
  @CsvSource({"0, 0s", "-5000000, 0s", "400, 0s", "350000000, 350ms", "999400000, 999ms", "1234567891, 1.2s",
      "59960000000, 1m0s", "95000000000, 1m35s", "3599400000000, 59m59s", "11220000000000, 3h7m"})
  void delaysReadAsPreciselyAsUseful(long nanos, String expected) {
    assertThat(HumanDurations.format(Duration.ofNanos(nanos))).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource({"1200, 5000, 1200/5000 (24%)", "4999, 5000, 4999/5000 (99%)", "5000, 5000, 5000/5000 (100%)",
      "0, 0, 0/0 (100%)", "5100, 5000, 5100/5000 (100%)"})
  void progressIsRoundedDownSoThatOnlyDoneReadsHundred(long done, long total, String expected) {
    assertThat(ShardTable.progress(done, total)).isEqualTo(expected);
  }

  @Test
  void theProgressBarFillsInProportion() {
    assertThat(ProgressBar.render(1, 4)).isEqualTo("[#######-----------------------] 1/4 shards running (25%)");
    assertThat(ProgressBar.render(4, 4)).isEqualTo("[##############################] 4/4 shards running (100%)");
    assertThat(ProgressBar.render(0, 0)).isEqualTo("[------------------------------] 0/0 shards running (0%)");
  }

  @Test
  void watchOnATerminalRedrawsUntilEveryShardRuns() {
    String copying = """
        {"source":["https://10.0.1.1:8629"],"status":"initial-sync","shardsCount":2,"totalShardsCount":2,
         "shards":[{"database":"db","collection":"c","shardIndex":0,"status":"running","delay":0},
                   {"database":"db","collection":"c","shardIndex":1,"status":"initial-sync","delay":0,
                    "documents_done":10,"documents_total":40}]}""";
    String done = """
        {"source":["https://10.0.1.1:8629"],"status":"running","shardsCount":2,"totalShardsCount":2,
         "shards":[{"database":"db","collection":"c","shardIndex":0,"status":"running","delay":0},
                   {"database":"db","collection":"c","shardIndex":1,"status":"running","delay":0}]}""";
    List<String> answers = List.of(copying, copying, done);
    AtomicInteger served = new AtomicInteger();
    List<Duration> pauses = new ArrayList<>();
    try (CannedMaster master = new CannedMaster(dir)) {
      master.route("GET", "/_api/sync", () -> CannedMaster.Answer.ok(answers.get(served.getAndIncrement())));
      CommandLine command = new CommandLine(new GetStatusCommand(() -> true, pauses::add));
      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();
      command.setOut(new PrintWriter(out));
      command.setErr(new PrintWriter(err));
      List<String> arguments = new ArrayList<>(List.of("--watch"));
      arguments.addAll(master.flags());

      assertThat(command.execute(arguments.toArray(String[]::new))).as(err.toString()).isEqualTo(ExitCodes.OK);

      assertThat(master.requests()).containsOnly("GET /_api/sync?details=full").hasSize(3);
      assertThat(pauses).containsExactly(GetStatusCommand.REDRAW_INTERVAL, GetStatusCommand.REDRAW_INTERVAL);
      String[] frames = out.toString().split(java.util.regex.Pattern.quote(GetStatusCommand.CLEAR_SCREEN), -1);
      assertThat(frames).hasSize(4);
      assertThat(frames[1]).startsWith("Status:  initial-sync").endsWith(
          "[###############---------------] 1/2 shards running (50%)" + System.lineSeparator());
      assertThat(frames[3]).startsWith("Status:  running").endsWith(
          "[##############################] 2/2 shards running (100%)" + System.lineSeparator());
    }
  }

  @Test
  void watchStopsAtAFailedShardSinceOnlyAnOperatorCanHelpIt() {
    String failed = """
        {"source":["https://10.0.1.1:8629"],"status":"initial-sync","shardsCount":1,"totalShardsCount":1,
         "shards":[{"database":"db","collection":"c","shardIndex":0,"status":"failed","status_message":"disk full","delay":0}]}""";
    List<Duration> pauses = new ArrayList<>();
    try (CannedMaster master = new CannedMaster(dir)) {
      master.route("GET", "/_api/sync", () -> CannedMaster.Answer.ok(failed));
      CommandLine command = new CommandLine(new GetStatusCommand(() -> true, pauses::add));
      StringWriter out = new StringWriter();
      command.setOut(new PrintWriter(out));
      command.setErr(new PrintWriter(new StringWriter()));
      List<String> arguments = new ArrayList<>(List.of("--watch", "-v"));
      arguments.addAll(master.flags());

      assertThat(command.execute(arguments.toArray(String[]::new))).isEqualTo(ExitCodes.OK);

      assertThat(pauses).isEmpty();
      assertThat(out.toString()).contains("failed", "disk full").contains("0/1 shards running (0%)");
    }
  }
}
