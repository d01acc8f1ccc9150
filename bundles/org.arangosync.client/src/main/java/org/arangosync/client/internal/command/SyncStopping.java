package org.arangosync.client.internal.command;

import java.io.PrintWriter;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.arangosync.client.SyncClientException;
import org.arangosync.client.SyncInfo;
import org.arangosync.client.SyncMasterClient;
import org.arangosync.command.CommandFailure;
import org.arangosync.command.GoDurations;

/** What {@code stop sync}, {@code abort sync} and {@code abort outgoing sync} share. */
final class SyncStopping {

  static final String DEFAULT_WAIT_TIMEOUT = "2m";

  private SyncStopping() {}

  /** Whether a master answered {@code status}. */
  static boolean answered(SyncClientException error, int status) {
    return error.failures().stream().anyMatch(failure -> failure.status() == status);
  }

  static String endpoints(List<URI> endpoints) {
    return endpoints.stream().map(URI::toString).collect(Collectors.joining(", "));
  }

  /** 412: nothing configured; 502: the target could not reach the source; else the general explanation. */
  static CommandFailure explain(MasterOptions master, SyncClientException error, List<URI> endpoints, String verb) {
    if (answered(error, 412)) {
      return new CommandFailure("No synchronization is configured on " + endpoints(endpoints) + "; nothing to " + verb + ".", error);
    }
    if (answered(error, 502)) {
      return new CommandFailure(master.explain(error).getMessage() + "\nThe target masters could not reach the source "
          + "datacenter, so the synchronization cannot be stopped gracefully. If the source datacenter is down, run "
          + "'arangosync abort sync' against the target masters, and 'arangosync abort outgoing sync' against the source "
          + "masters once they are back.", error);
    }
    return master.explain(error);
  }

  /**
   * Polls {@code GET /_api/sync?details=short} until the datacenter is inactive (status inactive, no
   * shard, no outgoing target).
   *
   * @param hint what to do when it is not inactive by the deadline
   * @throws CommandFailure when it is not inactive by the deadline or a request fails
   */
  static void awaitInactive(SyncMasterClient client, MasterOptions master, Waiter waiter, Waiter.Deadline deadline,
      Duration timeout, PrintWriter out, String hint) {
    SyncInfo[] last = new SyncInfo[1];
    boolean inactive = waiter.until(deadline, () -> {
      SyncInfo info;
      try {
        info = client.syncInfo(false);
      } catch (SyncClientException e) {
        throw master.explain(e);
      }
      if (master.verbose && !info.isInactive() && (last[0] == null || !describe(last[0]).equals(describe(info)))) {
        out.println("Waiting for the synchronization to stop: " + describe(info));
        out.flush();
      }
      last[0] = info;
      return info.isInactive();
    });
    if (!inactive) {
      throw new CommandFailure(notInactiveMessage(last[0], timeout, hint));
    }
  }

  static String notInactiveMessage(SyncInfo info, Duration timeout, String hint) {
    return "The synchronization has not stopped within " + GoDurations.format(timeout) + " (--wait-timeout): " + describe(info)
        + ". " + hint;
  }

  /** {@code status cancelling, 3 shards, 1 outgoing target}. */
  static String describe(SyncInfo info) {
    String text = "status " + info.status() + ", " + info.shardsCount() + (info.shardsCount() == 1 ? " shard" : " shards");
    if (!info.outgoing().isEmpty()) {
      text += ", " + info.outgoing().size() + (info.outgoing().size() == 1 ? " outgoing target" : " outgoing targets");
    }
    return text;
  }
}
