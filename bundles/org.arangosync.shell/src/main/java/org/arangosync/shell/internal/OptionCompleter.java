package org.arangosync.shell.internal;

import java.util.List;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.arangosync.command.CommandDefinition;
import picocli.CommandLine.Model.OptionSpec;

/** Completes the flags of one arangosync command, taken from its picocli model. */
final class OptionCompleter implements Completer {

  private final StringsCompleter names = new StringsCompleter();

  OptionCompleter(CommandDefinition definition) {
    for (OptionSpec option : new picocli.CommandLine(definition.factory().get()).getCommandSpec().options()) {
      names.getStrings().add(option.longestName());
    }
  }

  @Override
  public int complete(Session session, CommandLine commandLine, List<String> candidates) {
    return names.complete(session, commandLine, candidates);
  }
}
