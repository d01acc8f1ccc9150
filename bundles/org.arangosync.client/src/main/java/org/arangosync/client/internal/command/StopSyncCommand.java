package org.arangosync.client.internal.command;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import org.arangosync.client.BarrierStatus;
import org.arangosync.client.StopSyncResult;
import org.arangosync.client.SyncClientException;
import org.arangosync.client.SyncMasterClient;
import org.arangosync.command.CommandFailure;
import org.arangosync.command.ExitCodes;
import org.arangosync.command.GoDurations;
import org.arangosync.command.ReportsResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code arangosync stop sync}: run against the <em>target</em> datacenter's masters, stops the
 * synchronization gracefully. With {@code --ensure-in-sync} (the default) it first holds a barrier
 * ({@code POST /_api/sync/barrier}: the source datacenter turns read-only) until every shard is in
 * sync, then stops ({@code DELETE /_api/sync}; the source turns read-write again) and waits until
 * the target is inactive. Whatever fails once the barrier is held, the barrier is removed, so the
 * source never stays read-only because of this command.
 */
@Command(
    name = "sync",
    mixinStandardHelpOptions = true,
    description = "Stop the synchronization into the datacenter of --master.endpoint (the target) gracefully: make every "
        + "shard in sync while the source is read-only, stop, and wait until the target is inactive (DELETE /_api/sync). "
        + "If the source datacenter is unreachable use 'arangosync abort sync'.")
public final class StopSyncCommand implements Callable<Integer>, ReportsResult {

  /** At most this many not-in-sync shards are named in a failure. */
  static final int SHARDS_NAMED = 10;

  @Spec private CommandSpec spec;

  @Mixin private MasterOptions master;

  @Option(names = "--ensure-in-sync", arity = "0..1", defaultValue = "true", fallbackValue = "true", paramLabel = "BOOL",
      description = "Make every shard in sync (the source is read-only meanwhile) before stopping; default true. "
          + "--ensure-in-sync=false stops at once.")
  boolean ensureInSync;

  @Mixin private WaitTimeoutOption wait;

  private final Waiter waiter;

  /** The master's answer to the stop, as JSON; null unless the target stopped and became inactive. */
  private String resultJson;

  public StopSyncCommand() {
    this(Waiter.system());
  }

  StopSyncCommand(Waiter waiter) {
    this.waiter = waiter;
  }

  @Override
  public Integer call() {
    Duration waitTimeout = wait.checked("stop");
    PrintWriter out = spec.commandLine().getOut();
    SyncMasterClient client = master.connect(spec.commandLine().getErr());
    Waiter.Deadline deadline = waiter.after(waitTimeout);
    boolean barrierHeld = false;
    boolean stopped = false;
    try {
      if (ensureInSync) {
        if (master.verbose) {
          out.println("Making the source datacenter read-only until every shard is in sync...");
          out.flush();
        }
        client.createBarrier();
        barrierHeld = true;
        awaitInSync(client, deadline, out);
      }
      StopSyncResult result = client.stopSync(false, Duration.ZERO, "default");
      stopped = true;
      if (master.verbose && !result.message().isBlank()) {
        out.println(result.message());
      }
      SyncStopping.awaitInactive(client, master, waiter, deadline, waitTimeout, out, "Follow it with 'arangosync get status -v'; "
          + "if it does not end, run 'arangosync abort sync'.");
      resultJson = Results.json(result);
    } catch (SyncClientException e) {
      CommandFailure failure = SyncStopping.explain(master, e, client.endpoints(), "stop");
      throw barrierHeld ? releaseAfter(client, failure, stopped) : failure;
    } catch (NotInSync e) {
      String releaseFailure = releaseBarrier(client);
      throw new CommandFailure(notInSyncMessage(e.status, waitTimeout, releaseFailure));
    } catch (CommandFailure e) {
      throw barrierHeld ? releaseAfter(client, e, stopped) : e;
    }
    out.println("Synchronization stopped.");
    return ExitCodes.OK;
  }

  /** The {@code StopSyncResult} as {@code DELETE /_api/sync} answered: {@code {"aborted", "source", "cluster_id", "cancelling", "message"}}. */
  @Override
  public String resultJson() {
    return resultJson;
  }

  private void awaitInSync(SyncMasterClient client, Waiter.Deadline deadline, PrintWriter out) {
    BarrierStatus[] last = new BarrierStatus[1];
    boolean inSync = waiter.until(deadline, () -> {
      BarrierStatus status = client.barrier();
      if (master.verbose && (last[0] == null || last[0].inSyncShards() != status.inSyncShards()
          || last[0].notInSyncShards() != status.notInSyncShards())) {
        out.println(progress(status));
        out.flush();
      }
      last[0] = status;
      return status.allInSync();
    });
    if (!inSync) {
      throw new NotInSync(last[0]);
    }
  }

  /** {@code Shards in sync: 3 of 5}. */
  static String progress(BarrierStatus status) {
    return "Shards in sync: " + status.inSyncShards() + " of " + (status.inSyncShards() + status.notInSyncShards());
  }

  /** Removes the barrier after {@code failure}; says so unless the stop went through (which frees the source itself). */
  private CommandFailure releaseAfter(SyncMasterClient client, CommandFailure failure, boolean stopped) {
    String releaseFailure = releaseBarrier(client);
    if (stopped) {
      return failure;
    }
    return new CommandFailure(failure.getMessage() + "\n" + sourceModeNote(releaseFailure), failure.getCause());
  }

  /** {@code DELETE /_api/sync/barrier}, best effort: null when it worked, else why not. */
  private static String releaseBarrier(SyncMasterClient client) {
    try {
      client.deleteBarrier();
      return null;
    } catch (SyncClientException e) {
      return e.getMessage();
    }
  }

  private static String sourceModeNote(String releaseFailure) {
    return releaseFailure == null
        ? "The barrier was removed: the source datacenter is read-write again."
        : "Removing the barrier failed too (" + releaseFailure + "): the source datacenter may still be read-only. Run "
            + "'arangosync stop sync --ensure-in-sync=false' once the target masters answer; it switches the source back "
            + "to read-write.";
  }

  /**
   * Why the shards did not get in sync: how many, the first {@value #SHARDS_NAMED} by name, whether
   * the source is writable again, and what to do.
   */
  static String notInSyncMessage(BarrierStatus status, Duration timeout, String releaseFailure) {
    int notInSync = Math.max(status.notInSyncShards(), status.notInSync().size());
    int total = status.inSyncShards() + notInSync;
    StringBuilder text = new StringBuilder("Not every shard is in sync after " + GoDurations.format(timeout)
        + " (--wait-timeout): " + notInSync + " of " + total + (total == 1 ? " shard is" : " shards are") + " not");
    List<BarrierStatus.Shard> named = status.notInSync().subList(0, Math.min(SHARDS_NAMED, status.notInSync().size()));
    if (!named.isEmpty()) {
      text.append(": ");
      for (int i = 0; i < named.size(); i++) {
        BarrierStatus.Shard shard = named.get(i);
        text.append(i == 0 ? "" : ", ").append(shard).append(" (").append(shard.status()).append(')');
      }
      if (notInSync > named.size()) {
        text.append(" ... and ").append(notInSync - named.size()).append(" more");
      }
    }
    text.append(".\nThe synchronization was not stopped. ").append(sourceModeNote(releaseFailure))
        .append("\nGive the shards more time with a longer --wait-timeout (e.g. --wait-timeout=10m), or stop without "
            + "waiting for them with --ensure-in-sync=false (the target may then lack the source's latest writes).");
    return text.toString();
  }

  /** The shards did not get in sync in time. */
  private static final class NotInSync extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient BarrierStatus status;

    NotInSync(BarrierStatus status) {
      super(null, null, false, false);
      this.status = status;
    }
  }
}
