package org.arangosync.client.internal.command;

import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.arangosync.client.MasterInfo;
import org.arangosync.client.SyncClientException;
import org.arangosync.command.ExitCodes;
import org.arangosync.command.ReportsResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code arangosync get masters}: the sync masters of a datacenter and which one leads. */
@Command(
    name = "masters",
    mixinStandardHelpOptions = true,
    description = "Show the sync masters of a datacenter and which one is the leader (GET /_api/masters).")
public final class GetMastersCommand implements Callable<Integer>, ReportsResult {

  @Spec private CommandSpec spec;

  @Mixin private MasterOptions master;

  /** The masters a master listed, as JSON; null until one answered. */
  private String resultJson;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    List<MasterInfo> masters;
    try {
      masters = master.connect(spec.commandLine().getErr()).masters();
    } catch (SyncClientException e) {
      throw master.explain(e);
    }
    resultJson = Results.json(Map.of("masters", masters));
    int idWidth = Math.max("ID".length(), masters.stream().mapToInt(each -> each.id().length()).max().orElse(0));
    int endpointWidth = Math.max("Endpoint".length(), masters.stream().mapToInt(each -> each.endpoint().length()).max().orElse(0));
    String row = "%-" + idWidth + "s  %-" + endpointWidth + "s  %s%n";
    out.printf(row, "ID", "Endpoint", "Leader");
    for (MasterInfo each : masters) {
      out.printf(row, each.id(), each.endpoint(), each.leader() ? "yes" : "no");
    }
    if (masters.stream().noneMatch(MasterInfo::leader)) {
      out.println("No master leads right now; a leader is elected within the masters' lease time.");
    }
    return ExitCodes.OK;
  }

  /** {@code {"masters": [{"id", "endpoint", "leader"}]}}, as {@code GET /_api/masters} answers. */
  @Override
  public String resultJson() {
    return resultJson;
  }
}
