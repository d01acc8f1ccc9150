package org.arangosync.client.internal.command;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import org.arangosync.client.OutgoingSyncInfo;
import org.arangosync.client.SyncClientException;
import org.arangosync.client.SyncMasterClient;
import org.arangosync.command.CommandFailure;
import org.arangosync.command.ExitCodes;
import org.arangosync.command.GoDurations;
import org.arangosync.command.ReportsResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code arangosync abort outgoing sync}: run against the <em>source</em> datacenter's masters after
 * an {@code abort sync} that could not reach them. Removes every outgoing synchronization ({@code
 * DELETE /_api/sync/outgoing/{id}} for each target {@code GET /_api/sync} lists) and waits until none
 * is left.
 */
@Command(
    name = "sync",
    mixinStandardHelpOptions = true,
    description = "Remove the outgoing synchronization of the datacenter of --master.endpoint (the source) after "
        + "'arangosync abort sync' could not reach it (DELETE /_api/sync/outgoing/{id}), and wait until none is left.")
public final class AbortOutgoingSyncCommand implements Callable<Integer>, ReportsResult {

  @Spec private CommandSpec spec;

  @Mixin private MasterOptions master;

  @Mixin private WaitTimeoutOption wait;

  private final Waiter waiter;

  /** The outgoing synchronizations removed, as JSON; null unless every one is gone. */
  private String resultJson;

  /**
   * What {@code abort outgoing sync} removed.
   *
   * @param aborted the outgoing synchronizations as {@code GET /_api/sync} listed them before they were
   *     removed; empty when there was none
   */
  record OutgoingAborted(List<OutgoingSyncInfo> aborted) {}

  public AbortOutgoingSyncCommand() {
    this(Waiter.system());
  }

  AbortOutgoingSyncCommand(Waiter waiter) {
    this.waiter = waiter;
  }

  @Override
  public Integer call() {
    Duration waitTimeout = wait.checked("abort");
    PrintWriter out = spec.commandLine().getOut();
    SyncMasterClient client = master.connect(spec.commandLine().getErr());
    Waiter.Deadline deadline = waiter.after(waitTimeout);
    try {
      List<OutgoingSyncInfo> targets = client.syncInfo(false).outgoing();
      if (targets.isEmpty()) {
        resultJson = Results.json(new OutgoingAborted(targets));
        out.println("No outgoing synchronization; nothing to abort.");
        return ExitCodes.OK;
      }
      for (OutgoingSyncInfo target : targets) {
        if (master.verbose) {
          out.println("Aborting the outgoing synchronization to " + target.id() + " (" + String.join(", ", target.endpoint()) + ")");
          out.flush();
        }
        abort(client, target.id());
      }
      AtomicReference<List<OutgoingSyncInfo>> left = new AtomicReference<>(targets);
      boolean gone = waiter.until(deadline, () -> {
        left.set(client.syncInfo(false).outgoing());
        return left.get().isEmpty();
      });
      if (!gone) {
        throw new CommandFailure(notGoneMessage(left.get(), waitTimeout));
      }
      resultJson = Results.json(new OutgoingAborted(targets));
    } catch (SyncClientException e) {
      throw master.explain(e);
    }
    out.println("Outgoing synchronization aborted.");
    return ExitCodes.OK;
  }

  /** {@code {"aborted": [{"id", "endpoint", "status", "shards", "shardsCount", "active_barrier"}]}}. */
  @Override
  public String resultJson() {
    return resultJson;
  }

  /** A target that is gone already (404) is what was asked for. */
  private static void abort(SyncMasterClient client, String targetId) {
    try {
      client.abortOutgoingSync(targetId);
    } catch (SyncClientException e) {
      if (!SyncStopping.answered(e, 404)) {
        throw e;
      }
    }
  }

  static String notGoneMessage(List<OutgoingSyncInfo> left, Duration timeout) {
    StringBuilder ids = new StringBuilder();
    for (OutgoingSyncInfo target : left) {
      ids.append(ids.length() == 0 ? "" : ", ").append(target.id()).append(" (").append(target.status()).append(')');
    }
    return "The outgoing synchronization is not gone after " + GoDurations.format(timeout) + " (--wait-timeout): " + ids
        + ". Follow it with 'arangosync get status -v' on this datacenter, or run 'arangosync abort outgoing sync' again "
        + "with a longer --wait-timeout.";
  }
}
