package org.arangosync.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.List;
import java.util.ServiceLoader;
import org.arangosync.command.CommandProvider;
import org.arangosync.command.CommandRunner;

/**
 * {@code bin/arangosync}: runs one command line of the seed, e.g.
 * {@code arangosync get version --master.endpoint=https://10.0.0.1:8629}, without a container.
 *
 * <p>The commands come from every {@link CommandProvider} on the class path, the same providers the
 * Karaf shell uses, so both accept the same command lines. The exit code is the command's.
 */
public final class Main {

  private Main() {}

  public static void main(String[] arguments) {
    System.exit(run(arguments, System.out, System.err));
  }

  /** Runs a command line and returns its exit code; {@link #main} exits with it. */
  static int run(String[] arguments, PrintStream out, PrintStream err) {
    CommandRunner runner = CommandRunner.of(ServiceLoader.load(CommandProvider.class, Main.class.getClassLoader()));
    return runner.run(List.of(arguments), new PrintWriter(out), new PrintWriter(err));
  }
}
