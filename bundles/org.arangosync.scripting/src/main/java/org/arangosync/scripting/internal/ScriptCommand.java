package org.arangosync.scripting.internal;

import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.arangosync.command.CommandFailure;
import org.arangosync.command.CommandRunner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code arangosync script FILE [ARGS...]} (in the Karaf shell {@code arangosync:run-script}): runs
 * a JavaScript runbook with the {@code arangosync} and {@code @arangodb/replication} modules. Thin:
 * the options become the engine's settings.
 */
@Command(name = "script", mixinStandardHelpOptions = true,
    description = {"Run a JavaScript runbook (GraalJS) with require(\"arangosync\") (every command of arangosync) and "
        + "require(\"@arangodb/replication\") (logger and applier, as in arangosh).",
        "The script sees its arguments as ARGUMENTS; print() writes to standard output; the exit code is 0 unless it throws."})
public final class ScriptCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "FILE", description = "The script, e.g. scripts/failover.js.")
  Path file;

  @Parameters(index = "1..*", paramLabel = "ARGS", description = "Arguments for the script (ARGUMENTS).")
  List<String> arguments = new ArrayList<>();

  @Option(names = "--server.endpoint", paramLabel = "URL",
      description = "The ArangoDB server @arangodb/replication's logger talks to, e.g. tcp://10.0.0.1:8529.")
  String serverEndpoint;

  @Option(names = "--server.username", paramLabel = "USER", description = "User for --server.endpoint and --applier.endpoint.")
  String serverUsername;

  @Option(names = "--server.password", paramLabel = "PASSWORD", description = "Password of --server.username.")
  String serverPassword;

  @Option(names = "--server.database", paramLabel = "NAME", defaultValue = "_system",
      description = "The database @arangodb/replication works on (default: ${DEFAULT-VALUE}).")
  String serverDatabase;

  @Option(names = "--server.cacert", paramLabel = "FILE", description = "CA certificate of an ssl:// or https:// server.")
  String serverCacert;

  @Option(names = "--applier.endpoint", paramLabel = "URL",
      description = "The applier host @arangodb/replication's applier talks to (an arangosync run applier), e.g. https://10.0.0.2:8630.")
  String applierEndpoint;

  @Option(names = "--script.timeout", paramLabel = "DURATION", defaultValue = "1h",
      description = "Stop the script when it runs longer (default: ${DEFAULT-VALUE}).")
  Duration timeout;

  private final Supplier<CommandRunner> commands;

  /** @param commands every command of this process (the launcher's or the Karaf instance's), made when the script starts */
  public ScriptCommand(Supplier<CommandRunner> commands) {
    this.commands = commands;
  }

  @Override
  public Integer call() {
    if (!Files.isRegularFile(file)) {
      throw new CommandFailure("there is no script " + file.toAbsolutePath() + "; the runbooks are in the distribution's scripts/");
    }
    if (timeout.isZero() || timeout.isNegative()) {
      throw new CommandFailure("--script.timeout must be positive, e.g. 30m");
    }
    ScriptEngine.Settings settings = new ScriptEngine.Settings(timeout, ScriptEngine.connection(serverEndpoint, serverUsername,
        serverPassword, serverDatabase, applierEndpoint, serverCacert));
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    return new ScriptEngine(new CommandBridge(commands.get())).run(file, arguments, settings, stream(out), stream(err));
  }

  /** The command's writer as the stream GraalJS writes to (so that the shell and the launcher see the script's output in order). */
  private static OutputStream stream(PrintWriter writer) {
    return new OutputStream() {
      @Override
      public void write(int b) {
        write(new byte[] {(byte) b}, 0, 1);
      }

      @Override
      public void write(byte[] bytes, int offset, int length) {
        writer.write(new String(bytes, offset, length, StandardCharsets.UTF_8));
      }

      @Override
      public void flush() {
        writer.flush();
      }
    };
  }
}
