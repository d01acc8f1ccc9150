package org.arangosync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.arangosync.command.ExitCodes;
import org.arangosync.command.ProductVersion;
import org.junit.jupiter.api.Test;

class MainTest {

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... arguments) {
    return Main.run(arguments, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @Test
  void findsTheCommandsOfEveryBundleOnTheClassPath() {
    assertThat(run("--help")).isEqualTo(ExitCodes.OK);
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("get").contains("help");
    assertThat(run("get", "--help")).isEqualTo(ExitCodes.OK);
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("version");
  }

  @Test
  void printsTheVersionAndExitsWithZero() {
    assertThat(run("--version")).isEqualTo(ExitCodes.OK);
    assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("arangosync " + ProductVersion.current().version());
  }

  @Test
  void exitsWithTwoAndASuggestionForAMisspeltCommand() {
    assertThat(run("get", "versoin", "--master.endpoint=https://127.0.0.1:1")).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("'versoin'").contains("version");
  }
}
