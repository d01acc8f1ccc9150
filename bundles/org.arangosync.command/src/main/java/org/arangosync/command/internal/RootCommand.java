package org.arangosync.command.internal;

import org.arangosync.command.ProductVersion;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The top of the tree: {@code arangosync [--help] [--version] <command>}. */
@Command(
    name = "arangosync",
    mixinStandardHelpOptions = true,
    versionProvider = RootCommand.Version.class,
    description = "ArangoSync for Java: datacenter-to-datacenter replication and leader/follower replication for ArangoDB.",
    footer = {"", "Run 'arangosync help <command>' or 'arangosync <command> --help' for the flags of a command."})
public final class RootCommand implements Runnable {

  @Spec private CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "missing command: name one of " + spec.subcommands().keySet());
  }

  /** Prints {@code arangosync <version>} for {@code --version}. */
  public static final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() {
      ProductVersion version = ProductVersion.current();
      return new String[] {"arangosync " + version.version(), "build " + version.build()};
    }
  }
}
