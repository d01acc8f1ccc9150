package org.arangosync.core.internal.command;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.function.Supplier;
import org.arangosync.api.spi.replication.ReplicationConnector;
import org.arangosync.api.spi.replication.ReplicationException;
import org.arangosync.api.spi.replication.ReplicationLeader;
import org.arangosync.command.ExitCodes;
import org.arangosync.command.ReportsResult;
import org.arangosync.core.replication.ReplicationJson;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The replication logger's views, as {@code require("@arangodb/replication").logger.state()},
 * {@code .firstTick()} and {@code .tickRanges()} show them: ArangoDB's JSON, printed as arangosh
 * prints it. A program running them gets the same JSON, compact, as their result.
 */
final class LoggerCommands {

  private LoggerCommands() {}

  /** One view: ask the leader, print its answer as JSON and report it. */
  abstract static class View implements Callable<Integer>, ReportsResult {
    @Spec CommandSpec spec;
    @Mixin ServerOptions server;
    private final Supplier<ReplicationConnector> connector;
    private final Function<ReplicationLeader, JsonNode> view;

    /** The leader's answer as compact JSON; null until it answered. */
    private String resultJson;

    View(Supplier<ReplicationConnector> connector, Function<ReplicationLeader, JsonNode> view) {
      this.connector = connector;
      this.view = view;
    }

    @Override
    public Integer call() {
      JsonNode answer;
      try (ReplicationLeader leader = connector.get().leader(server.toEndpoint())) {
        answer = view.apply(leader);
      } catch (ReplicationException e) {
        throw server.explain(e);
      }
      // JsonNode.toString() writes valid, compact JSON (Jackson 2.10 and later).
      resultJson = answer.toString();
      spec.commandLine().getOut().println(ReplicationJson.pretty(answer));
      return ExitCodes.OK;
    }

    /** The JSON the command printed, compact. */
    @Override
    public String resultJson() {
      return resultJson;
    }
  }

  @Command(name = "logger-state", mixinStandardHelpOptions = true,
      description = "Show the state of the replication logger of a leader (GET /_api/replication/logger-state).")
  static final class State extends View {
    State(Supplier<ReplicationConnector> connector) {
      super(connector, server -> ReplicationJson.loggerState(server.loggerState()));
    }
  }

  @Command(name = "logger-first-tick", mixinStandardHelpOptions = true,
      description = "Show the oldest tick a leader can still serve to followers (GET /_api/replication/logger-first-tick).")
  static final class FirstTick extends View {
    FirstTick(Supplier<ReplicationConnector> connector) {
      super(connector, server -> ReplicationJson.firstTick(server.firstTick()));
    }
  }

  @Command(name = "logger-tick-ranges", mixinStandardHelpOptions = true,
      description = "Show the ticks each WAL file of a leader holds (GET /_api/replication/logger-tick-ranges).")
  static final class TickRanges extends View {
    TickRanges(Supplier<ReplicationConnector> connector) {
      super(connector, server -> ReplicationJson.tickRanges(server.tickRanges()));
    }
  }
}
