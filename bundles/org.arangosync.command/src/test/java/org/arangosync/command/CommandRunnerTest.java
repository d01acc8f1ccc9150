package org.arangosync.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

class CommandRunnerTest {

  /** A command in the seed's style, used to exercise the parsing every real command relies on. */
  @Command(name = "timeout", description = "Set the message timeout.", mixinStandardHelpOptions = true)
  static final class SetTimeout implements Callable<Integer> {
    static final List<String> seen = new ArrayList<>();

    @Option(names = "--master.endpoint", required = true, split = ",", description = "Endpoints of the sync masters.")
    List<String> endpoints;

    @Option(names = {"--master.jwt-secret", "--master.jwtSecret"}, description = "JWT secret file.")
    String jwtSecret;

    @Option(names = {"-v", "--verbose"})
    boolean verbose;

    @Parameters(index = "0", description = "How long to hold off resynchronisation, e.g. 3h.")
    Duration timeout;

    @Override
    public Integer call() {
      seen.add(endpoints + " " + jwtSecret + " " + verbose + " " + timeout);
      return ExitCodes.OK;
    }
  }

  @Command(name = "fail", description = "Always fails.")
  static final class Fail implements Runnable {
    @Override
    public void run() {
      throw new CommandFailure("cannot reach the sync master at https://127.0.0.1:1: connection refused");
    }
  }

  private final CommandRunner runner = CommandRunner.of(List.of(() -> List.of(
      CommandDefinition.of(SetTimeout::new, "set", "message", "timeout"),
      CommandDefinition.of(Fail::new, "check", "fail"))));

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... arguments) {
    return runner.run(List.of(arguments), new PrintWriter(out), new PrintWriter(err));
  }

  @Test
  void acceptsTheSeedsFlagStylesRepeatedFlagsAliasesAndDurations() {
    SetTimeout.seen.clear();
    assertThat(run("set", "message", "timeout", "--master.endpoint=https://a:8629", "--master.endpoint", "https://b:8629",
        "--master.jwtSecret=/etc/secret", "-v", "3h")).isEqualTo(ExitCodes.OK);
    assertThat(run("set", "message", "timeout", "--master.endpoint=https://a:8629,https://c:8629", "15m")).isEqualTo(ExitCodes.OK);
    assertThat(SetTimeout.seen).containsExactly(
        "[https://a:8629, https://b:8629] /etc/secret true PT3H",
        "[https://a:8629, https://c:8629] null false PT15M");
    assertThat(err.toString()).isEmpty();
  }

  @Test
  void namesAnUnknownFlagAndTheClosestValidOneAndExitsWithTwo() {
    int code = run("set", "message", "timeout", "--master.endpont=https://a:8629", "3h");
    assertThat(code).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString())
        .contains("Unknown option: '--master.endpont=https://a:8629'")
        .contains("--master.endpoint")
        .contains("Usage: arangosync set message timeout");
    assertThat(err.toString()).doesNotContain("at org.").doesNotContain("Exception");
  }

  @Test
  void namesAnUnknownCommandAndTheClosestValidOne() {
    assertThat(run("sett", "message", "timeout")).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString()).contains("'sett'").contains("set").contains("Usage: arangosync");
  }

  @Test
  void explainsABadDurationAndExitsWithTwo() {
    assertThat(run("set", "message", "timeout", "--master.endpoint=https://a:8629", "3 days")).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString()).contains("'3 days' is not a duration").contains("15m, 3h");
  }

  @Test
  void reportsAMissingRequiredFlag() {
    assertThat(run("set", "message", "timeout", "3h")).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString()).contains("Missing required option: '--master.endpoint");
  }

  @Test
  void aGroupAloneIsAUsageErrorThatListsItsSubcommands() {
    assertThat(run("set")).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString()).contains("'arangosync set' needs a subcommand").contains("message");
    assertThat(run()).isEqualTo(ExitCodes.USAGE);
  }

  @Test
  void printsHelpForEveryCommandAndGroupOnStandardOutput() {
    assertThat(run("set", "message", "timeout", "--help")).isEqualTo(ExitCodes.OK);
    assertThat(out.toString()).contains("Usage: arangosync set message timeout").contains("--master.endpoint")
        .contains("Set the message timeout.");
    assertThat(run("help", "check")).isEqualTo(ExitCodes.OK);
    assertThat(out.toString()).contains("Usage: arangosync check").contains("fail");
    assertThat(run("--help")).isEqualTo(ExitCodes.OK);
    assertThat(out.toString()).contains("Commands:").contains("set").contains("check");
  }

  @Test
  void printsTheProductVersion() {
    assertThat(run("--version")).isEqualTo(ExitCodes.OK);
    assertThat(out.toString()).startsWith("arangosync " + ProductVersion.current().version());
    assertThat(ProductVersion.current().version()).matches("\\d+\\.\\d+\\.\\d+.*");
  }

  @Test
  void aCommandFailureIsOneClearLineAndExitCodeOne() {
    assertThat(run("check", "fail")).isEqualTo(ExitCodes.FAILURE);
    assertThat(err.toString().trim())
        .isEqualTo("Error: cannot reach the sync master at https://127.0.0.1:1: connection refused");
  }

  @Test
  void refusesTwoProvidersClaimingTheSameCommand() {
    CommandProvider first = () -> List.of(CommandDefinition.of(Fail::new, "check", "fail"));
    CommandProvider second = () -> List.of(CommandDefinition.of(Fail::new, "check", "fail"));
    assertThatThrownBy(() -> CommandRunner.of(List.of(first, second))).hasMessageContaining("arangosync check fail");
    CommandProvider group = () -> List.of(CommandDefinition.of(Fail::new, "check"));
    assertThatThrownBy(() -> CommandRunner.of(List.of(first, group))).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void givesTheShellNameOfACommand() {
    assertThat(CommandDefinition.of(Fail::new, "get", "version").shellName()).isEqualTo("get-version");
    assertThat(CommandDefinition.of(Fail::new, "get", "version").shellScope()).isEqualTo("arangosync");
    assertThat(CommandDefinition.of(Fail::new, "replication", "logger-state").shellName()).isEqualTo("logger-state");
    assertThat(CommandDefinition.of(Fail::new, "replication", "logger-state").shellScope()).isEqualTo("replication");
    assertThatThrownBy(() -> CommandDefinition.of(Fail::new, "Get")).hasMessageContaining("'Get'");
  }
}
