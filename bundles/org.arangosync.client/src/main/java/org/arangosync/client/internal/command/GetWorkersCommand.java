package org.arangosync.client.internal.command;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.arangosync.client.SyncClientException;
import org.arangosync.client.WorkerInfo;
import org.arangosync.command.ExitCodes;
import org.arangosync.command.ReportsResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code arangosync get workers}: the sync workers registered with a datacenter's masters. */
@Command(
    name = "workers",
    mixinStandardHelpOptions = true,
    description = "Show the sync workers registered with the masters of a datacenter (GET /_api/worker). "
        + "With -v also their server IDs and the DB-Servers they run next to.")
public final class GetWorkersCommand implements Callable<Integer>, ReportsResult {

  @Spec private CommandSpec spec;

  @Mixin private MasterOptions master;

  /** The workers a master listed, as JSON; null until one answered. */
  private String resultJson;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    List<WorkerInfo> workers;
    try {
      workers = master.connect(spec.commandLine().getErr()).workers();
    } catch (SyncClientException e) {
      throw master.explain(e);
    }
    resultJson = Results.json(Map.of("workers", workers));
    List<String> header = new ArrayList<>(List.of("ID", "Endpoint", "Host", "Expires"));
    if (master.verbose) {
      header.addAll(List.of("ServerID", "DB-Server"));
    }
    List<List<String>> rows = new ArrayList<>();
    for (WorkerInfo worker : workers) {
      List<String> row = new ArrayList<>(List.of(worker.id(), worker.endpoint(), text(worker.host()), text(worker.expiresAt())));
      if (master.verbose) {
        row.addAll(List.of(Long.toString(worker.serverId()), text(worker.dbServerAffinity())));
      }
      rows.add(row);
    }
    printTable(out, header, rows);
    if (workers.isEmpty()) {
      out.println("No worker is registered; workers register with the leading master once they run (arangosync run worker).");
    }
    return ExitCodes.OK;
  }

  /** {@code -} for a missing or empty value, so columns never collapse. */
  static String text(String value) {
    return value == null || value.isEmpty() ? "-" : value;
  }

  /** Prints {@code rows} under {@code header} in left-aligned columns two spaces apart; the last column is not padded. */
  static void printTable(PrintWriter out, List<String> header, List<List<String>> rows) {
    int[] widths = new int[header.size()];
    for (List<String> row : concat(header, rows)) {
      for (int column = 0; column < row.size(); column++) {
        widths[column] = Math.max(widths[column], row.get(column).length());
      }
    }
    for (List<String> row : concat(header, rows)) {
      StringBuilder line = new StringBuilder();
      for (int column = 0; column < row.size(); column++) {
        boolean last = column == row.size() - 1;
        line.append(last ? row.get(column) : String.format("%-" + widths[column] + "s  ", row.get(column)));
      }
      out.println(line);
    }
  }

  private static List<List<String>> concat(List<String> header, List<List<String>> rows) {
    List<List<String>> all = new ArrayList<>(rows.size() + 1);
    all.add(header);
    all.addAll(rows);
    return all;
  }

  /** {@code {"workers": [{"id", "endpoint", "expiresAt", "serverID", "host", "dbServerAffinity"}]}}, as {@code GET /_api/worker} answers. */
  @Override
  public String resultJson() {
    return resultJson;
  }
}
