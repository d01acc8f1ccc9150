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

  /** Runs {@code arangosync <words> <arguments> <the flags that reach the master>}. */
  int run(List<String> words, String... arguments) {
    out = new StringWriter();
    err = new StringWriter();
    CommandProvider provider = () -> List.of(
        CommandDefinition.of(() -> new StopSyncCommand(waiter()), "stop", "sync"),
        CommandDefinition.of(() -> new AbortSyncCommand(waiter()), "abort", "sync"),
        CommandDefinition.of(() -> new AbortOutgoingSyncCommand(waiter()), "abort", "outgoing", "sync"),
        CommandDefinition.of(ResetFailedShardCommand::new, "reset", "failed", "shard"),
        CommandDefinition.of(CheckSyncCommand::new, "check", "sync"));
    List<String> all = new ArrayList<>(words);
    all.addAll(List.of(arguments));
    all.addAll(master.flags());
    return CommandRunner.of(List.of(provider)).run(all, new PrintWriter(out), new PrintWriter(err));
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
