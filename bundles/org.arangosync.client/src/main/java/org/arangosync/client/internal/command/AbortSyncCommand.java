package org.arangosync.client.internal.command;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.arangosync.client.StopSyncResult;
import org.arangosync.client.SyncClientException;
import org.arangosync.client.SyncMasterClient;
import org.arangosync.command.ExitCodes;
import org.arangosync.command.GoDurations;
import org.arangosync.command.ReportsResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code arangosync abort sync}: run against the <em>target</em> datacenter's masters when the
 * source datacenter is unreachable. Stops the synchronization by force ({@code DELETE /_api/sync}
 * with {@code force: true}, giving the source {@value #FORCE_TIMEOUT_TEXT}) and waits until the
 * target is inactive. The source may then still hold its outgoing synchronization, to be removed
 * with {@code arangosync abort outgoing sync} once it is back.
 */
@Command(
    name = "sync",
    mixinStandardHelpOptions = true,
    description = "Abort the synchronization into the datacenter of --master.endpoint (the target), also when the source "
        + "datacenter cannot be reached (DELETE /_api/sync with force), and wait until the target is inactive.")
public final class AbortSyncCommand implements Callable<Integer>, ReportsResult {

  static final String FORCE_TIMEOUT_TEXT = "30s";

  /** How long the target masters try to reach the source before they abort without it. */
  static final Duration FORCE_TIMEOUT = GoDurations.parse(FORCE_TIMEOUT_TEXT);

  static final String SOURCE_CLEANUP_HINT =
      "When the source datacenter is back, run 'arangosync abort outgoing sync' against its masters.";

  @Spec private CommandSpec spec;

  @Mixin private MasterOptions master;

  @Mixin private WaitTimeoutOption wait;

  private final Waiter waiter;

  /** The master's answer to the forced stop, as JSON; null unless the target stopped and became inactive. */
  private String resultJson;

  public AbortSyncCommand() {
    this(Waiter.system());
  }

  AbortSyncCommand(Waiter waiter) {
    this.waiter = waiter;
  }

  @Override
  public Integer call() {
    Duration waitTimeout = wait.checked("abort");
    PrintWriter out = spec.commandLine().getOut();
    SyncMasterClient client = master.connect(spec.commandLine().getErr());
    Waiter.Deadline deadline = waiter.after(waitTimeout);
    StopSyncResult result;
    try {
      result = client.stopSync(true, FORCE_TIMEOUT, "default");
    } catch (SyncClientException e) {
      throw SyncStopping.explain(master, e, client.endpoints(), "abort");
    }
    if (!result.message().isBlank()) {
      out.println(result.message());
      out.flush();
    }
    SyncStopping.awaitInactive(client, master, waiter, deadline, waitTimeout, out,
        "Follow it with 'arangosync get status -v', or run 'arangosync abort sync' again with a longer --wait-timeout."
            + (result.aborted() ? "\n" + SOURCE_CLEANUP_HINT : ""));
    resultJson = Results.json(result);
    out.println("Synchronization aborted.");
    if (sourceNotReached(result)) {
      out.println(SOURCE_CLEANUP_HINT);
    }
    return ExitCodes.OK;
  }

  /** The {@code StopSyncResult} as {@code DELETE /_api/sync} answered: {@code {"aborted", "source", "cluster_id", "cancelling", "message"}}; {@code aborted: true} means the source still holds its outgoing synchronization. */
  @Override
  public String resultJson() {
    return resultJson;
  }

  /** The target stopped without the source's cooperation, so the source still sends (see {@link StopSyncResult#aborted()}). */
  static boolean sourceNotReached(StopSyncResult result) {
    return result.aborted();
  }
}
