package org.arangosync.client.internal.command;

import java.time.Duration;
import org.arangosync.command.GoDurations;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code --wait-timeout}: how long a command that waits for the masters (stop, abort) may take in all. */
final class WaitTimeoutOption {

  @Spec(Spec.Target.MIXEE) private CommandSpec mixee;

  @Option(names = "--wait-timeout", defaultValue = SyncStopping.DEFAULT_WAIT_TIMEOUT, paramLabel = "DURATION",
      description = "How long the whole command may take, e.g. 30s, 5m; default 2m.")
  Duration waitTimeout;

  /** The timeout, refused (usage error) unless positive; {@code action} names what it leaves no time for. */
  Duration checked(String action) {
    if (waitTimeout.isNegative() || waitTimeout.isZero()) {
      throw new ParameterException(mixee.commandLine(),
          "--wait-timeout: " + GoDurations.format(waitTimeout) + " leaves no time to " + action + "; use e.g. 2m");
    }
    return waitTimeout;
  }
}
