package org.arangosync.core.replication;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.ServiceLoader;
import org.arangosync.api.Tick;
import org.arangosync.arangodb.ArangoConnection;
import org.arangosync.arangodb.ConnectionSettings;
import org.arangosync.command.CommandProvider;
import org.arangosync.command.CommandRunner;
import org.arangosync.command.ExitCodes;
import org.arangosync.minicluster.MiniCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The logger views end to end: the command line, the core commands, the adapter's
 * ReplicationConnector (found by ServiceLoader, as in the launcher) and a leader — a mini cluster
 * single server — answering ArangoDB's replication API.
 */
class LoggerCommandsTest {

  private static final String SECRET = "logger-test-secret";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path dir;

  private static MiniCluster leader;
  private static String endpoint;

  private final CommandRunner runner = CommandRunner.of(ServiceLoader.load(CommandProvider.class));
  private StringWriter out;
  private StringWriter err;

  @BeforeAll
  static void startLeader() throws Exception {
    leader = MiniCluster.builder().single(true).dataDir(dir.resolve("leader")).rootPassword("pw").jwtSecret(SECRET).start();
    endpoint = "tcp://" + leader.endpoint().getHost() + ":" + leader.endpoint().getPort();
  }

  @AfterAll
  static void stopLeader() {
    leader.close();
  }

  private int run(String... arguments) {
    out = new StringWriter();
    err = new StringWriter();
    return runner.run(List.of(arguments), new PrintWriter(out), new PrintWriter(err));
  }

  private JsonNode loggerState() throws Exception {
    assertThat(run("replication", "logger-state", "--endpoint=" + endpoint, "--auth.user=root", "--auth.password=pw"))
        .as(err.toString()).isEqualTo(ExitCodes.OK);
    return JSON.readTree(out.toString());
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new java.util.ArrayList<>();
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      names.add(it.next());
    }
    return names;
  }

  @Test
  void loggerStateHasTheSeedsFieldsAndTypesAndMovesWithWrites() throws Exception {
    JsonNode before = loggerState();
    assertThat(out.toString()).startsWith("{\n  \"state\" : {\n    \"running\" : true,");
    assertThat(fieldNames(before)).containsExactly("state", "server", "clients");
    JsonNode state = before.get("state");
    assertThat(fieldNames(state)).containsExactly("running", "lastLogTick", "lastUncommittedLogTick", "totalEvents", "time");
    assertThat(state.get("lastLogTick").isTextual()).isTrue();
    assertThat(state.get("lastUncommittedLogTick")).isEqualTo(state.get("lastLogTick"));
    assertThat(state.get("totalEvents").isIntegralNumber()).isTrue();
    assertThat(state.get("time").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
    assertThat(fieldNames(before.get("server"))).containsExactly("version", "serverId", "engine");
    assertThat(before.get("server").get("engine").asText()).isEqualTo("rocksdb");
    assertThat(before.get("clients").isArray()).isTrue();

    try (ArangoConnection connection = ArangoConnection.open(ConnectionSettings.withJwtSecret(List.of(leader.endpoint()), SECRET))) {
      connection.json("POST", "/_api/collection", JsonNodeFactory.instance.objectNode().put("name", "logged"), false);
      connection.json("POST", "/_api/document/logged", JsonNodeFactory.instance.objectNode().put("_key", "a"), false);
    }
    JsonNode after = loggerState();
    assertThat(Tick.parse(after.get("state").get("lastLogTick").asText()))
        .isGreaterThan(Tick.parse(state.get("lastLogTick").asText()));
  }

  @Test
  void aProgramGetsThePrintedJsonCompactAndNothingFromAFailure() throws Exception {
    CommandRunner.Execution state = runner.execute(List.of("replication", "logger-state", "--endpoint=" + endpoint,
        "--auth.user=root", "--auth.password=pw"));
    assertThat(state.exitCode()).as(state.errors()).isEqualTo(ExitCodes.OK);
    assertThat(state.resultJson()).startsWith("{\"state\":{\"running\":true,").doesNotContain("\n");
    assertThat(JSON.readTree(state.resultJson())).isEqualTo(JSON.readTree(state.output()));

    CommandRunner.Execution ranges = runner.execute(List.of("replication", "logger-tick-ranges", "--endpoint=" + endpoint,
        "--auth.user=root", "--auth.password=pw"));
    assertThat(JSON.readTree(ranges.resultJson()).isArray()).isTrue();

    CommandRunner.Execution refused = runner.execute(List.of("replication", "logger-state", "--endpoint=" + endpoint,
        "--auth.user=root", "--auth.password=wrong"));
    assertThat(refused.exitCode()).isEqualTo(ExitCodes.FAILURE);
    assertThat(refused.resultJson()).isNull();
  }

  @Test
  void firstTickAndTickRangesDescribeTheWal() throws Exception {
    Path secret = Files.writeString(dir.resolve("leader.jwt"), SECRET + "\n");
    assertThat(run("replication", "logger-first-tick", "--endpoint=" + endpoint, "--auth.jwt-secret=" + secret))
        .as(err.toString()).isEqualTo(ExitCodes.OK);
    JsonNode first = JSON.readTree(out.toString());
    assertThat(fieldNames(first)).containsExactly("firstTick");
    Tick firstTick = Tick.parse(first.get("firstTick").asText());

    assertThat(run("replication", "logger-tick-ranges", "--endpoint=" + endpoint, "--auth.jwt-secret=" + secret))
        .as(err.toString()).isEqualTo(ExitCodes.OK);
    JsonNode ranges = JSON.readTree(out.toString());
    assertThat(ranges.isArray()).isTrue();
    assertThat(ranges.size()).isPositive();
    for (JsonNode range : ranges) {
      assertThat(fieldNames(range)).containsExactly("datafile", "status", "tickMin", "tickMax");
      assertThat(range.get("status").asText()).isIn("open", "collected");
      assertThat(Tick.parse(range.get("tickMax").asText())).isGreaterThanOrEqualTo(Tick.parse(range.get("tickMin").asText()));
    }
    assertThat(Tick.parse(ranges.get(0).get("tickMin").asText())).isGreaterThanOrEqualTo(firstTick);
  }

  @Test
  void failuresSayWhatIsWrongAndWhatToCheck() throws Exception {
    assertThat(run("replication", "logger-state", "--endpoint=" + endpoint, "--auth.user=root", "--auth.password=wrong"))
        .isEqualTo(ExitCodes.FAILURE);
    assertThat(err.toString()).contains("answered 401").contains("Check --auth.user and --auth.password");

    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    assertThat(run("replication", "logger-state", "--endpoint=tcp://127.0.0.1:" + closedPort, "--auth.user=root"))
        .isEqualTo(ExitCodes.FAILURE);
    assertThat(err.toString()).contains("could not connect to leader at tcp://127.0.0.1:" + closedPort)
        .contains("errorNum 1400").contains("Check that an ArangoDB server runs at --endpoint");

    assertThat(run("replication", "logger-state", "--endpoint=mysql://127.0.0.1:1")).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString()).contains("is not an ArangoDB endpoint; write it like tcp://10.0.0.1:8529");
    assertThat(run("replication", "logger-state", "--endpoint=" + endpoint, "--auth.user=root",
        "--auth.jwt-secret=" + dir.resolve("missing.jwt"))).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString()).contains("use either --auth.user/--auth.password or --auth.jwt-secret");
    assertThat(run("replication", "logger-state", "--endpoint=" + endpoint, "--auth.jwt-secret=" + dir.resolve("missing.jwt")))
        .isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString()).contains("--auth.jwt-secret: cannot read").contains("missing.jwt");
  }
}
