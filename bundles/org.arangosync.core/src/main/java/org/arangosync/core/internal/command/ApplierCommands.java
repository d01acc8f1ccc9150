package org.arangosync.core.internal.command;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.arangosync.api.Tick;
import org.arangosync.api.spi.replication.ApiAnswer;
import org.arangosync.api.spi.replication.ReplicationConnector;
import org.arangosync.api.spi.replication.ReplicationException;
import org.arangosync.command.ExitCodes;
import org.arangosync.command.ReportsResult;
import org.arangosync.core.replication.ReplicationJson;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The applier commands, as {@code require("@arangodb/replication").applier.state()},
 * {@code .start()}, {@code .stop()}, {@code .forget()}, {@code .properties()},
 * {@code .setupReplication()} and {@code .sync()} do it: one request of ArangoDB's applier API to
 * {@code --endpoint} — an {@code arangosync run applier} server or an ArangoDB follower — and its
 * JSON answer printed, and reported (compact) to a program running the command.
 */
final class ApplierCommands {

  private static final ObjectMapper JSON = new ObjectMapper();

  private ApplierCommands() {}

  /** One request: the method and command given to the constructor; subclasses add flags, a body, a query. */
  abstract static class Call implements Callable<Integer>, ReportsResult {
    @Spec CommandSpec spec;
    @Mixin ServerOptions server;

    @Option(names = "--global", description = "The server-wide applier (all databases) instead of the one of --database.")
    boolean global;

    private final Supplier<ReplicationConnector> connector;
    private final String method;
    private final String command;

    /** The server's successful answer as compact JSON; null until it answered with success. */
    private String resultJson;

    /**
     * @param method the request's method
     * @param command below {@code /_api/replication/}
     */
    Call(Supplier<ReplicationConnector> connector, String method, String command) {
      this.connector = connector;
      this.method = method;
      this.command = command;
    }

    String method() {
      return method;
    }

    /** Below {@code /_api/replication/}, with its query string if any. */
    String command() {
      return command;
    }

    byte[] body() {
      return null;
    }

    @Override
    public Integer call() {
      String command = command();
      String path = "/_api/replication/" + command + (global ? (command.contains("?") ? "&" : "?") + "global=true" : "");
      ApiAnswer answer;
      try {
        answer = connector.get().call(server.toEndpoint(), method(), path, body());
      } catch (ReplicationException e) {
        throw server.explain(e);
      }
      JsonNode json;
      try {
        json = answer.body().length == 0 ? JSON.createObjectNode() : JSON.readTree(answer.body());
      } catch (java.io.IOException e) {
        throw server.explain(answer.status(), 0, "the server answered " + answer.status() + " with something that is not JSON", e);
      }
      if (!answer.isSuccess()) {
        throw server.explain(answer.status(), json.path("errorNum").asInt(0),
            "the server answered " + answer.status() + ": " + json.path("errorMessage").asText(json.toString()), null);
      }
      // JsonNode.toString() writes valid, compact JSON (Jackson 2.10 and later).
      resultJson = json.toString();
      spec.commandLine().getOut().println(ReplicationJson.pretty(json));
      return ExitCodes.OK;
    }

    /** The JSON the command printed, compact. */
    @Override
    public String resultJson() {
      return resultJson;
    }

    /** {@code --set key=value} pairs as a JSON object: values that read as JSON are JSON, others strings. */
    ObjectNode settings(List<String> pairs) {
      ObjectNode body = JSON.createObjectNode();
      for (String pair : pairs) {
        int equals = pair.indexOf('=');
        if (equals <= 0) {
          throw new ParameterException(spec.commandLine(), "--set: '" + pair + "' is not key=value, e.g. --set chunkSize=4194304");
        }
        String value = pair.substring(equals + 1);
        JsonNode parsed;
        try {
          parsed = JSON.readTree(value);
        } catch (JsonProcessingException e) {
          parsed = null;
        }
        body.set(pair.substring(0, equals), parsed == null || parsed.isMissingNode() ? JSON.getNodeFactory().textNode(value) : parsed);
      }
      return body;
    }

    static byte[] bytes(JsonNode json) {
      try {
        return JSON.writeValueAsBytes(json);
      } catch (JsonProcessingException e) {
        throw new IllegalStateException("a JSON tree always renders", e);
      }
    }
  }

  @Command(name = "applier-state", mixinStandardHelpOptions = true,
      description = "Show the state of a replication applier (GET /_api/replication/applier-state).")
  static final class State extends Call {
    State(Supplier<ReplicationConnector> connector) {
      super(connector, "GET", "applier-state");
    }
  }

  @Command(name = "applier-start", mixinStandardHelpOptions = true,
      description = "Start a replication applier (PUT /_api/replication/applier-start), from its saved position or --from.")
  static final class Start extends Call {
    @Option(names = "--from", paramLabel = "TICK", description = "Start after this tick instead of where it stopped.")
    String from;

    Start(Supplier<ReplicationConnector> connector) {
      super(connector, "PUT", "applier-start");
    }

    @Override
    String command() {
      if (from == null) {
        return super.command();
      }
      try {
        return "applier-start?from=" + Tick.parse(from);
      } catch (IllegalArgumentException e) {
        throw new ParameterException(spec.commandLine(), "--from: " + e.getMessage());
      }
    }
  }

  @Command(name = "applier-stop", mixinStandardHelpOptions = true,
      description = "Stop a replication applier (PUT /_api/replication/applier-stop).")
  static final class Stop extends Call {
    Stop(Supplier<ReplicationConnector> connector) {
      super(connector, "PUT", "applier-stop");
    }
  }

  @Command(name = "applier-forget", mixinStandardHelpOptions = true,
      description = "Make a stopped replication applier forget how far it came, so that it starts from scratch "
          + "(DELETE /_api/replication/applier-state).")
  static final class Forget extends Call {
    Forget(Supplier<ReplicationConnector> connector) {
      super(connector, "DELETE", "applier-state");
    }
  }

  @Command(name = "applier-properties", mixinStandardHelpOptions = true,
      description = "Show a replication applier's configuration, or change it with --set (GET/PUT /_api/replication/applier-config).")
  static final class Properties extends Call {
    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Change an option, e.g. --set endpoint=tcp://10.0.0.1:8529 "
        + "--set autoStart=true --set restrictCollections='[\"a\",\"b\"]'. Repeatable.")
    List<String> set = new ArrayList<>();

    Properties(Supplier<ReplicationConnector> connector) {
      super(connector, "GET", "applier-config");
    }

    @Override
    String method() {
      return set.isEmpty() ? "GET" : "PUT";
    }

    @Override
    byte[] body() {
      return set.isEmpty() ? null : bytes(settings(set));
    }
  }

  /** make-follower and sync: the leader named by flags, plus any option. */
  abstract static class FromLeader extends Call {
    @Option(names = "--leader.endpoint", required = true, paramLabel = "URL", converter = ServerOptions.ArangoEndpointConverter.class,
        description = "The leader, e.g. tcp://10.0.0.1:8529.")
    URI leaderEndpoint;

    @Option(names = "--leader.database", paramLabel = "NAME", description = "The leader's database (default: the same as --database).")
    String leaderDatabase;

    @Option(names = "--leader.user", paramLabel = "USER", description = "User on the leader.")
    String leaderUser;

    @Option(names = "--leader.password", paramLabel = "PASSWORD", description = "Password of --leader.user.")
    String leaderPassword;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Any other applier option, e.g. --set incremental=true. Repeatable.")
    List<String> set = new ArrayList<>();

    FromLeader(Supplier<ReplicationConnector> connector, String command) {
      super(connector, "PUT", command);
    }

    @Override
    byte[] body() {
      ObjectNode body = settings(set);
      body.put("endpoint", leaderEndpoint.toString());
      if (leaderDatabase != null) {
        body.put("database", leaderDatabase);
      }
      if (leaderUser != null) {
        body.put("username", leaderUser);
        body.put("password", leaderPassword == null ? "" : leaderPassword);
      }
      return bytes(body);
    }
  }

  @Command(name = "make-follower", mixinStandardHelpOptions = true,
      description = "Copy everything from a leader, then keep following it (PUT /_api/replication/make-follower).")
  static final class MakeFollower extends FromLeader {
    MakeFollower(Supplier<ReplicationConnector> connector) {
      super(connector, "make-follower");
    }
  }

  @Command(name = "sync", mixinStandardHelpOptions = true,
      description = "Copy everything from a leader once, without following it (PUT /_api/replication/sync).")
  static final class Sync extends FromLeader {
    Sync(Supplier<ReplicationConnector> connector) {
      super(connector, "sync");
    }
  }
}
