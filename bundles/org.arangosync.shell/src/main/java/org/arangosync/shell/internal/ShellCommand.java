package org.arangosync.shell.internal;

import java.io.ByteArrayOutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.apache.karaf.shell.api.console.Command;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Parser;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.CommandException;
import org.arangosync.command.CommandDefinition;
import org.arangosync.command.CommandRunner;
import org.arangosync.command.ExitCodes;
import picocli.CommandLine;

/**
 * One arangosync command in the Karaf shell, e.g. {@code arangosync:get-version} or
 * {@code replication:logger-state}. A thin wrapper:
 * it hands the words typed after the command name to the {@link CommandRunner}, exactly as the
 * standalone launcher does, so parsing, help and errors are the same in both.
 *
 * <p>Results go to the session's console. A non-zero exit code becomes a {@link CommandException}
 * whose text is what the launcher would print on standard error, so that Karaf shows it and
 * scripts (and tests) see the command fail.
 */
final class ShellCommand implements Command {

  private final CommandDefinition definition;
  private final Supplier<CommandRunner> runner;
  private final String description;

  ShellCommand(CommandDefinition definition, Supplier<CommandRunner> runner) {
    this.definition = definition;
    this.runner = runner;
    String[] lines = new CommandLine(definition.factory().get()).getCommandSpec().usageMessage().description();
    this.description = lines.length == 0 ? "arangosync " + String.join(" ", definition.path()) : lines[0];
  }

  @Override
  public String getScope() {
    return definition.shellScope();
  }

  @Override
  public String getName() {
    return definition.shellName();
  }

  @Override
  public String getDescription() {
    return description;
  }

  @Override
  public Completer getCompleter(boolean scoped) {
    return new OptionCompleter(definition);
  }

  @Override
  public Parser getParser() {
    return null; // Karaf's own tokenizer: quotes and variables work as everywhere in the shell
  }

  @Override
  public Object execute(Session session, List<Object> arguments) throws Exception {
    List<String> commandLine = new ArrayList<>(definition.path());
    for (Object argument : arguments) {
      commandLine.add(String.valueOf(argument));
    }
    PrintWriter out = new PrintWriter(new OutputStreamWriter(session.getConsole(), StandardCharsets.UTF_8), true);
    ByteArrayOutputStream errors = new ByteArrayOutputStream();
    PrintWriter err = new PrintWriter(new OutputStreamWriter(errors, StandardCharsets.UTF_8), true);
    int exitCode = runner.get().run(commandLine, out, err);
    String errorText = errors.toString(StandardCharsets.UTF_8).stripTrailing();
    if (exitCode != ExitCodes.OK) {
      throw new CommandException(errorText, errorText);
    }
    if (!errorText.isEmpty()) {
      out.println(errorText); // warnings of a successful command
    }
    return null;
  }

  @Override
  public String toString() {
    return getScope() + ":" + getName();
  }
}
