package org.arangosync.command.internal;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * An intermediate word of a command such as {@code get} in {@code get version}: it only groups
 * subcommands, so running it alone is a usage error that lists them.
 */
@Command(mixinStandardHelpOptions = true)
public final class CommandGroup implements Runnable {

  @Spec private CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(
        spec.commandLine(),
        "'" + spec.qualifiedName() + "' needs a subcommand: one of " + spec.subcommands().keySet());
  }
}
