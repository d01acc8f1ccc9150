package org.arangosync.client.internal.command;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.arangosync.client.CannedMaster;
import org.arangosync.command.CommandDefinition;
import org.arangosync.command.CommandProvider;
import org.arangosync.command.CommandRunner;

/**
 * Runs the operator commands against a {@link CannedMaster} with a clock that only the waiter's
 * pauses advance, so that waiting takes no time. Records each pause.
 */
final class CommandHarness implements AutoCloseable {

  final CannedMaster master;
  final List<Duration> pauses = new ArrayList<>();
  private long nanos;
  StringWriter out = new StringWriter();
  StringWriter err = new StringWriter();

  CommandHarness(Path dir) {
    master = new CannedMaster(dir);
  }

  private Waiter waiter() {
    return new Waiter(() -> nanos, duration -> {
      pauses.add(duration);
      nanos += duration.toNanos();
    });
  }

  /**
   * Every administration command, the waiting ones with this harness's waiter; {@code get status}
   * acts as on a terminal (so {@code --watch} redraws) and its redraw pauses are recorded too.
   */
  private CommandProvider commands() {
    return () -> List.of(
        CommandDefinition.of(GetVersionCommand::new, "get", "version"),
        CommandDefinition.of(GetMastersCommand::new, "get", "masters"),
        CommandDefinition.of(GetWorkersCommand::new, "get", "workers"),
        CommandDefinition.of(GetTasksCommand::new, "get", "tasks"),
        CommandDefinition.of(() -> new GetStatusCommand(() -> true, pauses::add), "get", "status"),
        CommandDefinition.of(ConfigureSyncCommand::new, "configure", "sync"),
        CommandDefinition.of(SetMessageTimeoutCommand::new, "set", "message", "timeout"),
        CommandDefinition.of(() -> new StopSyncCommand(waiter()), "stop", "sync"),
        CommandDefinition.of(() -> new AbortSyncCommand(waiter()), "abort", "sync"),
        CommandDefinition.of(() -> new AbortOutgoingSyncCommand(waiter()), "abort", "outgoing", "sync"),
        CommandDefinition.of(ResetFailedShardCommand::new, "reset", "failed", "shard"),
        CommandDefinition.of(CheckSyncCommand::new, "check", "sync"));
  }

  /** {@code <words> <arguments> <the flags that reach the master>}. */
  private List<String> commandLine(List<String> words, String... arguments) {
    List<String> all = new ArrayList<>(words);
    all.addAll(List.of(arguments));
    all.addAll(master.flags());
    return all;
  }

  /** Runs {@code arangosync <words> <arguments> <the flags that reach the master>}. */
  int run(List<String> words, String... arguments) {
    out = new StringWriter();
    err = new StringWriter();
    return CommandRunner.of(List.of(commands())).run(commandLine(words, arguments), new PrintWriter(out), new PrintWriter(err));
  }

  /** Runs the same command line as a program does, keeping what it printed and the result it reports. */
  CommandRunner.Execution execute(List<String> words, String... arguments) {
    return CommandRunner.of(List.of(commands())).execute(commandLine(words, arguments));
  }

  /** The requests to the master that start with {@code prefix}. */
  List<String> requests(String prefix) {
    return master.requests().stream().filter(request -> request.startsWith(prefix)).toList();
  }

  @Override
  public void close() {
    master.close();
  }
}
