package org.arangosync.command;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.arangosync.command.internal.CommandGroup;
import org.arangosync.command.internal.RootCommand;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Assembles contributed commands into the {@code arangosync} command tree and runs command lines.
 *
 * <p>This is the single place where command lines are parsed, so that the standalone launcher, the
 * Karaf shell and JavaScript accept the same words and flags (the seed's {@code --a.b=value} and
 * {@code --a.b value}, repeatable flags, Go durations), print the same help and end with the same
 * {@link ExitCodes}. A runner is immutable; every {@link #run} builds fresh command objects, so one
 * runner may serve concurrent callers.
 */
public final class CommandRunner {

  /** What the intermediate words of the seed's commands mean, for their help text. */
  private static final Map<String, String> GROUP_DESCRIPTIONS = Map.ofEntries(
      Map.entry("get", "Show information from the sync masters of a datacenter."),
      Map.entry("configure", "Configure synchronization."),
      Map.entry("run", "Run a server."),
      Map.entry("stop", "Stop synchronization."),
      Map.entry("abort", "Abort synchronization."),
      Map.entry("set", "Change settings of a running synchronization."),
      Map.entry("reset", "Reset parts of a synchronization."),
      Map.entry("check", "Check synchronization."),
      Map.entry("create", "Create certificates, keyfiles and secrets."),
      Map.entry("replication", "Leader/follower replication: the replication logger and applier."));

  private static final int USAGE_WIDTH = 120;

  private final List<CommandDefinition> definitions;

  private CommandRunner(List<CommandDefinition> definitions) {
    this.definitions = definitions;
  }

  /**
   * A runner over the commands of the given providers.
   *
   * @throws IllegalStateException if two commands have the same path, or a command's path is also
   *     the start of another's (a word cannot be both a command and a group)
   */
  public static CommandRunner of(Iterable<? extends CommandProvider> providers) {
    List<CommandDefinition> all = new ArrayList<>();
    for (CommandProvider provider : providers) {
      all.addAll(provider.commands());
    }
    all.sort(Comparator.comparing(definition -> String.join(" ", definition.path())));
    for (int i = 1; i < all.size(); i++) {
      List<String> previous = all.get(i - 1).path();
      List<String> current = all.get(i).path();
      if (current.size() >= previous.size() && current.subList(0, previous.size()).equals(previous)) {
        throw new IllegalStateException(
            "two providers claim 'arangosync " + String.join(" ", previous) + "': " + previous + " and " + current);
      }
    }
    return new CommandRunner(List.copyOf(all));
  }

  /** Every command of this runner, sorted by path. */
  public List<CommandDefinition> definitions() {
    return definitions;
  }

  /**
   * Runs one command line, e.g. {@code ["get", "version", "--master.endpoint=https://h:8629"]}.
   *
   * @param out where the command's results and requested help go
   * @param err where errors, warnings and usage after a wrong command line go
   * @return the exit code, see {@link ExitCodes}
   */
  public int run(List<String> arguments, PrintWriter out, PrintWriter err) {
    CommandLine root = newCommandLine();
    root.setOut(out);
    root.setErr(err);
    try {
      return root.execute(arguments.toArray(String[]::new));
    } finally {
      out.flush();
      err.flush();
    }
  }

  /**
   * What one command line did, for a program that runs it: the exit code, what it printed to its
   * output and error streams, and, from a command that {@link ReportsResult reports a result}, that
   * result as JSON text (null otherwise).
   */
  public record Execution(int exitCode, String output, String errors, String resultJson) {}

  /**
   * Runs one command line as {@link #run} does, keeping what it printed and its result.
   *
   * @see Execution
   */
  public Execution execute(List<String> arguments) {
    java.io.StringWriter out = new java.io.StringWriter();
    java.io.StringWriter err = new java.io.StringWriter();
    CommandLine root = newCommandLine();
    root.setOut(new PrintWriter(out, true));
    root.setErr(new PrintWriter(err, true));
    int exitCode = root.execute(arguments.toArray(String[]::new));
    String result = null;
    CommandLine.ParseResult parsed = root.getParseResult();
    if (parsed != null) {
      while (parsed.hasSubcommand()) {
        parsed = parsed.subcommand();
      }
      if (parsed.commandSpec().userObject() instanceof ReportsResult reporting) {
        result = reporting.resultJson();
      }
    }
    return new Execution(exitCode, out.toString(), err.toString(), result);
  }

  /**
   * A fresh, fully configured picocli tree for this runner's commands. Front ends that need the
   * model itself (completion, listing options) use it; to run a command line use {@link #run}.
   */
  public CommandLine newCommandLine() {
    CommandLine root = new CommandLine(new RootCommand());
    root.addSubcommand("help", new CommandLine.HelpCommand());
    for (CommandDefinition definition : definitions) {
      CommandLine parent = root;
      List<String> path = definition.path();
      for (String group : path.subList(0, path.size() - 1)) {
        CommandLine child = parent.getSubcommands().get(group);
        if (child == null) {
          child = new CommandLine(new CommandGroup());
          child.getCommandSpec().usageMessage().description(
              GROUP_DESCRIPTIONS.getOrDefault(group, "Commands under '" + group + "'."));
          parent.addSubcommand(group, child);
        }
        parent = child;
      }
      parent.addSubcommand(path.get(path.size() - 1), new CommandLine(definition.factory().get()));
    }
    // Settings below propagate to every subcommand already in the tree, so they come last.
    root.registerConverter(Duration.class, CommandRunner::convertDuration);
    root.setAbbreviatedOptionsAllowed(false);
    root.setAbbreviatedSubcommandsAllowed(false);
    root.setCaseInsensitiveEnumValuesAllowed(true);
    // The seed's flags are long (--master.endpoint=URL[,URL...]); at 80 columns picocli breaks them
    // inside the name. Measuring the terminal would cost a process start on every command.
    root.setUsageHelpWidth(USAGE_WIDTH);
    root.setUsageHelpLongOptionsMaxWidth(40);
    root.setParameterExceptionHandler(CommandRunner::reportUsageError);
    root.setExecutionExceptionHandler(CommandRunner::reportFailure);
    return root;
  }

  private static Duration convertDuration(String text) {
    try {
      return GoDurations.parse(text);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.TypeConversionException(e.getMessage());
    }
  }

  private static int reportUsageError(ParameterException error, String[] arguments) {
    CommandLine command = error.getCommandLine();
    List<String> unmatched = command.getUnmatchedArguments();
    if (!(error instanceof UnmatchedArgumentException) && !unmatched.isEmpty()) {
      // picocli checks required options before it complains about unknown ones; a misspelt
      // required flag then reads as "missing", which hides the real mistake. Name the misspelling.
      error = new UnmatchedArgumentException(command, unmatched);
    }
    PrintWriter err = command.getErr();
    err.println("Error: " + error.getMessage());
    UnmatchedArgumentException.printSuggestions(error, err);
    err.println();
    command.usage(err);
    return ExitCodes.USAGE;
  }

  private static int reportFailure(Exception failure, CommandLine command, CommandLine.ParseResult parseResult) {
    PrintWriter err = command.getErr();
    if (failure instanceof CommandFailure) {
      err.println("Error: " + failure.getMessage());
      return ((CommandFailure) failure).exitCode();
    }
    // Not a user error but a defect: keep the stack trace, it is what a bug report needs.
    err.println("Error: unexpected failure in 'arangosync " + command.getCommandName() + "': " + failure);
    failure.printStackTrace(err);
    return ExitCodes.FAILURE;
  }
}
