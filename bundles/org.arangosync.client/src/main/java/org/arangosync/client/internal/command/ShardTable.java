package org.arangosync.client.internal.command;

import static org.arangosync.client.internal.command.GetWorkersCommand.text;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import org.arangosync.client.ShardSyncInfo;

/**
 * The per-shard table of {@code get status -v}: Database, Collection, Shard, Status, Delay, Message,
 * and a Progress column ({@code done/total (pct%)}) after Status while any shard reports how far its
 * initial sync has come. Without such a shard the column is left out, so that a datacenter in
 * steady state shows no column of dashes.
 */
final class ShardTable {

  private ShardTable() {}

  static void print(PrintWriter out, List<ShardSyncInfo> shards) {
    boolean withProgress = shards.stream().anyMatch(ShardSyncInfo::hasProgress);
    List<String> header = new ArrayList<>(List.of("Database", "Collection", "Shard", "Status"));
    if (withProgress) {
      header.add("Progress");
    }
    header.addAll(List.of("Delay", "Message"));
    List<List<String>> rows = new ArrayList<>();
    for (ShardSyncInfo shard : shards) {
      List<String> row = new ArrayList<>(List.of(text(shard.database()), text(shard.collection()),
          Integer.toString(shard.shardIndex()), shard.status()));
      if (withProgress) {
        row.add(shard.hasProgress() ? progress(shard.documentsDone(), shard.documentsTotal()) : "-");
      }
      row.addAll(List.of(HumanDurations.format(shard.delay()), text(shard.statusMessage())));
      rows.add(row);
    }
    GetWorkersCommand.printTable(out, header, rows);
  }

  /**
   * {@code 1200/5000 (24%)}. The percentage is rounded down, so that 100% means done; an empty
   * shard (total 0) is done. Done beyond total (documents written during the copy) reads 100%.
   */
  static String progress(long done, long total) {
    long percent = total <= 0 ? 100 : Math.min(100, Math.max(0, done) * 100 / total);
    return done + "/" + total + " (" + percent + "%)";
  }
}
