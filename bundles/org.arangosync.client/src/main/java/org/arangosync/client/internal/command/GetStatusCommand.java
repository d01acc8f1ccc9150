package org.arangosync.client.internal.command;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.BooleanSupplier;
import org.arangosync.client.OutgoingSyncInfo;
import org.arangosync.client.ShardSyncInfo;
import org.arangosync.client.SyncClientException;
import org.arangosync.client.SyncInfo;
import org.arangosync.client.SyncMasterClient;
import org.arangosync.command.ExitCodes;
import org.arangosync.command.ReportsResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code arangosync get status}: the synchronization state of one datacenter ({@code GET /_api/sync}),
 * as a target (status, source, shards) and as a source (its targets). Run it on both datacenters for
 * the complete picture. {@code -v} fetches and lists every shard.
 *
 * <p>{@code --watch} redraws the report with a progress bar until nothing is left to wait for (every
 * shard runs, nothing is configured, or something failed and needs an operator). It needs a terminal:
 * redrawing into a file or pipe would only repeat the report, so there it prints once.
 */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description = "Show the synchronization status of a datacenter (GET /_api/sync): as a target its source and shards, "
        + "as a source its targets. With -v every shard with its status, delay and initial-sync progress.")
public final class GetStatusCommand implements Callable<Integer>, ReportsResult {

  static final Duration REDRAW_INTERVAL = Duration.ofSeconds(2);

  /** Moves the cursor home and clears the screen (ANSI), so each redraw replaces the last. */
  static final String CLEAR_SCREEN = "\u001b[H\u001b[2J";

  /** Waits between redraws; tests pass one that returns at once. */
  interface Pause {
    void pause(Duration duration) throws InterruptedException;
  }

  @Spec private CommandSpec spec;

  @Mixin private MasterOptions master;

  @Option(names = "--watch", description = "On a terminal: redraw every 2s with a progress bar until all shards run.")
  boolean watch;

  private final BooleanSupplier onTerminal;
  private final Pause pause;

  /** The last {@link SyncInfo} fetched, as JSON (with --watch the last redraw's); null until one was and once a fetch failed. */
  private String resultJson;

  public GetStatusCommand() {
    this(() -> System.console() != null, duration -> Thread.sleep(duration.toMillis()));
  }

  GetStatusCommand(BooleanSupplier onTerminal, Pause pause) {
    this.onTerminal = onTerminal;
    this.pause = pause;
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    SyncMasterClient client = master.connect(spec.commandLine().getErr());
    if (!watch) {
      StatusReport.print(out, fetch(client, master.verbose), master.verbose);
      return ExitCodes.OK;
    }
    if (!onTerminal.getAsBoolean()) {
      spec.commandLine().getErr().println("--watch redraws on a terminal only; showing the status once.");
      StatusReport.print(out, fetch(client, master.verbose), master.verbose);
      return ExitCodes.OK;
    }
    return watch(out, client);
  }

  private int watch(PrintWriter out, SyncMasterClient client) {
    while (true) {
      // The progress bar counts running shards, which only the full details list.
      SyncInfo info = fetch(client, true);
      StringWriter frame = new StringWriter();
      StatusReport.print(new PrintWriter(frame), info, master.verbose);
      out.print(CLEAR_SCREEN);
      out.print(frame);
      out.println();
      out.println(ProgressBar.render(runningShards(info), expectedShards(info)));
      out.flush();
      if (nothingLeftToWaitFor(info)) {
        return ExitCodes.OK;
      }
      try {
        pause.pause(REDRAW_INTERVAL);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return ExitCodes.OK;
      }
    }
  }

  private SyncInfo fetch(SyncMasterClient client, boolean details) {
    try {
      SyncInfo info = client.syncInfo(details);
      resultJson = Results.json(info);
      return info;
    } catch (SyncClientException e) {
      // The run fails: with --watch an earlier redraw's status would read as the outcome.
      resultJson = null;
      throw master.explain(e);
    }
  }

  /**
   * The {@code SyncInfo} as {@code GET /_api/sync} answers it: {@code source}, {@code status}, {@code shards}
   * (with -v or --watch), {@code shardsCount}, {@code totalShardsCount}, {@code outgoing}, {@code cancellationAborted}.
   */
  @Override
  public String resultJson() {
    return resultJson;
  }

  /** Incoming shards of the source's total, plus every outgoing target's shards. */
  static long expectedShards(SyncInfo info) {
    long expected = info.isTarget() ? Math.max(info.totalShardsCount(), info.shardsCount()) : 0;
    return expected + info.outgoing().stream().mapToLong(OutgoingSyncInfo::shardsCount).sum();
  }

  static long runningShards(SyncInfo info) {
    return info.runningShards() + info.outgoing().stream().mapToLong(target -> running(target.shards())).sum();
  }

  /**
   * Done when everything runs, when nothing is configured, or when anything failed: a failed shard
   * waits for an operator ({@code arangosync reset failed shard}), so watching on would never end.
   */
  static boolean nothingLeftToWaitFor(SyncInfo info) {
    if (info.isInactive() || anyFailed(info)) {
      return true;
    }
    boolean incomingDone = !info.isTarget() || (SyncInfo.RUNNING.equals(info.status()) && info.shardsCount() > 0
        && running(info.shards()) == info.shards().size());
    boolean outgoingDone = info.outgoing().stream().allMatch(target -> SyncInfo.RUNNING.equals(target.status())
        && running(target.shards()) == target.shards().size());
    return incomingDone && outgoingDone;
  }

  private static boolean anyFailed(SyncInfo info) {
    return "failed".equals(info.status()) || info.shards().stream().anyMatch(shard -> "failed".equals(shard.status()))
        || info.outgoing().stream().anyMatch(target -> "failed".equals(target.status())
            || target.shards().stream().anyMatch(shard -> "failed".equals(shard.status())));
  }

  private static long running(List<ShardSyncInfo> shards) {
    return shards.stream().filter(ShardSyncInfo::isRunning).count();
  }
}
