package org.arangosync.client.internal.command;

import java.time.Duration;
import java.util.concurrent.Callable;
import org.arangosync.client.SyncClientException;
import org.arangosync.command.ExitCodes;
import org.arangosync.command.GoDurations;
import org.arangosync.command.ReportsResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code arangosync set message timeout <duration>}: how long a task channel may stay silent
 * before its shard counts as out of sync and is synchronized again (default 1h). Raise it before a
 * planned network outage and restore it afterwards, on both datacenters.
 */
@Command(
    name = "timeout",
    mixinStandardHelpOptions = true,
    description = "Set the message timeout of a datacenter's sync (PUT /_api/message-timeout); default 1h. Run it on both datacenters.")
public final class SetMessageTimeoutCommand implements Callable<Integer>, ReportsResult {

  @Spec private CommandSpec spec;

  @Mixin private MasterOptions master;

  @Parameters(index = "0", paramLabel = "DURATION", description = "E.g. 15m, 3h.")
  Duration timeout;

  /** The timeout now in force, as JSON; null until the masters answered. */
  private String resultJson;

  /**
   * The message timeout the masters answered with, which is the one in force.
   *
   * @param messageTimeout as a Go duration, e.g. {@code 3h0m0s}
   * @param nanoseconds the same in nanoseconds, as the REST API carries it
   */
  record MessageTimeoutSet(String messageTimeout, long nanoseconds) {}

  @Override
  public Integer call() {
    if (timeout.isNegative() || timeout.isZero()) {
      throw new ParameterException(spec.commandLine(), "DURATION: " + GoDurations.format(timeout) + " is not a timeout; use e.g. 3h");
    }
    Duration set;
    try {
      set = master.connect(spec.commandLine().getErr()).setMessageTimeout(timeout);
    } catch (SyncClientException e) {
      throw master.explain(e);
    }
    resultJson = Results.json(new MessageTimeoutSet(GoDurations.format(set), set.toNanos()));
    spec.commandLine().getOut().println("Message timeout set to " + GoDurations.format(set) + ".");
    return ExitCodes.OK;
  }

  /** {@code {"messageTimeout": "3h0m0s", "nanoseconds": 10800000000000}}. */
  @Override
  public String resultJson() {
    return resultJson;
  }
}
