package org.arangosync.client.internal.command;

import static org.arangosync.client.internal.command.GetWorkersCommand.text;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import org.arangosync.client.OutgoingSyncInfo;
import org.arangosync.client.SyncInfo;

/**
 * Writes a datacenter's {@link SyncInfo} as {@code get status} shows it: first the datacenter as a
 * target (status, source, shard counts), then what it sends as a source (one row per target). The
 * two sides are printed independently because a datacenter may be both, and an operator needs both
 * datacenters' reports for the complete picture.
 *
 * <p>{@code verbose} adds the shard tables; it must match whether the info was fetched with details,
 * since the short form has no shards to count or list.
 */
final class StatusReport {

  private StatusReport() {}

  static void print(PrintWriter out, SyncInfo info, boolean verbose) {
    List<List<String>> summary = new ArrayList<>();
    summary.add(List.of("Status:", info.status()));
    if (info.isTarget()) {
      summary.add(List.of("Source:", String.join(", ", info.source())));
    }
    if (info.isTarget() || info.shardsCount() > 0) {
      summary.add(List.of("Shards:", info.shardsCount() + " of " + info.totalShardsCount()));
      if (verbose) {
        summary.add(List.of("Shards running:", info.runningShards() + " of " + info.shardsCount()));
      }
    }
    printLabelled(out, summary);
    if (info.cancellationAborted()) {
      out.println("Stopping the synchronization was aborted; the source may still hold outgoing state "
          + "('arangosync abort outgoing sync' on the source cleans it up).");
    }
    if (info.isInactive()) {
      out.println("No synchronization is configured. Configure it on the target datacenter with 'arangosync configure sync'.");
      return;
    }
    if (verbose && info.isTarget()) {
      out.println();
      if (info.shards().isEmpty()) {
        out.println("No shards yet; they appear once the source's inventory has arrived.");
      } else {
        ShardTable.print(out, info.shards());
      }
    }
    if (!info.outgoing().isEmpty()) {
      printOutgoing(out, info.outgoing(), verbose);
    }
  }

  private static void printOutgoing(PrintWriter out, List<OutgoingSyncInfo> targets, boolean verbose) {
    out.println();
    out.println("Outgoing synchronization:");
    List<String> header = new ArrayList<>(List.of("ID", "Endpoint", "Status", "Shards"));
    if (verbose) {
      header.add("Barrier");
    }
    List<List<String>> rows = new ArrayList<>();
    for (OutgoingSyncInfo target : targets) {
      List<String> row = new ArrayList<>(List.of(text(target.id()), text(String.join(", ", target.endpoint())), target.status(),
          Integer.toString(target.shardsCount())));
      if (verbose) {
        row.add(target.activeBarrier() ? "active" : "-");
      }
      rows.add(row);
    }
    GetWorkersCommand.printTable(out, header, rows);
    if (!verbose) {
      return;
    }
    for (OutgoingSyncInfo target : targets) {
      out.println();
      out.println("Shards sent to " + text(target.id()) + ":");
      if (target.shards().isEmpty()) {
        out.println("No shards yet.");
      } else {
        ShardTable.print(out, target.shards());
      }
    }
  }

  /** {@code Label:  value} lines with the values aligned. */
  private static void printLabelled(PrintWriter out, List<List<String>> lines) {
    int width = lines.stream().mapToInt(line -> line.get(0).length()).max().orElse(0);
    for (List<String> line : lines) {
      out.printf("%-" + width + "s  %s%n", line.get(0), line.get(1));
    }
  }
}
