package org.arangosync.client.internal.command;

import static org.arangosync.client.internal.command.GetWorkersCommand.text;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.arangosync.client.SyncClientException;
import org.arangosync.client.TaskInfo;
import org.arangosync.command.ExitCodes;
import org.arangosync.command.ReportsResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code arangosync get tasks}: the tasks of a datacenter's workers and who runs them. */
@Command(
    name = "tasks",
    mixinStandardHelpOptions = true,
    description = "Show the tasks of the sync workers of a datacenter and which worker runs each (GET /_api/task). "
        + "With -v also their channels, target, assignment counter and last error.")
public final class GetTasksCommand implements Callable<Integer>, ReportsResult {

  @Spec private CommandSpec spec;

  @Mixin private MasterOptions master;

  /** The tasks a master listed, as JSON; null until one answered. */
  private String resultJson;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    List<TaskInfo> tasks;
    try {
      tasks = master.connect(spec.commandLine().getErr()).tasks();
    } catch (SyncClientException e) {
      throw master.explain(e);
    }
    resultJson = Results.json(Map.of("tasks", tasks));
    List<String> header = new ArrayList<>(List.of("ID", "Type", "Database/Collection/Shard", "Worker"));
    if (master.verbose) {
      header.addAll(List.of("Persistent", "Data channel", "Control channel", "Target", "Counter", "Assigned at", "Last error"));
    }
    List<List<String>> rows = new ArrayList<>();
    for (TaskInfo task : tasks) {
      TaskInfo.Task data = task.task();
      TaskInfo.Assignment assignment = task.assignment();
      String worker = assignment == null || text(assignment.workerId()).equals("-") ? "(waiting)" : assignment.workerId();
      List<String> row = new ArrayList<>(List.of(task.id(), data == null ? "-" : text(data.type()), shardOf(data),
          task.cancelled() ? worker + " (cancelled)" : worker));
      if (master.verbose) {
        TaskInfo.Channels channels = data == null ? null : data.channels();
        row.addAll(List.of(data != null && data.persistent() ? "yes" : "no", channels == null ? "-" : text(channels.data()),
            channels == null ? "-" : text(channels.control()), data == null ? "-" : text(data.targetId()),
            assignment == null ? "0" : Long.toString(assignment.counter()), assignment == null ? "-" : text(assignment.createdAt()),
            text(task.lastError())));
      }
      rows.add(row);
    }
    GetWorkersCommand.printTable(out, header, rows);
    if (tasks.isEmpty()) {
      out.println("No tasks; synchronization creates them (arangosync configure sync).");
    }
    return ExitCodes.OK;
  }

  private static String shardOf(TaskInfo.Task data) {
    if (data == null || !data.isShardTask()) {
      return "-";
    }
    return data.database() + "/" + data.collection() + "/" + data.shardIndex();
  }

  /** {@code {"tasks": [{"id", "task", "cancelled", "assignment", "last_error"}]}}, as {@code GET /_api/task} answers. */
  @Override
  public String resultJson() {
    return resultJson;
  }
}
