package org.arangosync.core.internal.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import org.arangosync.command.CommandProvider;
import org.arangosync.command.CommandRunner;
import org.arangosync.command.ExitCodes;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The tutorial's run master command line, and what is refused before any Karaf starts. */
class RunMasterCommandTest {

  @TempDir Path dir;

  private final CommandRunner runner = CommandRunner.of(ServiceLoader.load(CommandProvider.class));
  private String errors;

  @BeforeEach
  void certificatesAndSecrets() {
    assertThat(run("create", "tls", "ca", "--cert=" + dir.resolve("ca.crt"), "--key=" + dir.resolve("ca.key"), "--curve=P256"))
        .isZero();
    assertThat(run("create", "tls", "keyfile", "--cacert=" + dir.resolve("ca.crt"), "--cakey=" + dir.resolve("ca.key"),
        "--keyfile=" + dir.resolve("tls.keyfile"), "--host=127.0.0.1", "--curve=P256")).isZero();
    assertThat(run("create", "jwt-secret", "--secret=" + dir.resolve("cluster.jwt"))).isZero();
  }

  private int run(String... arguments) {
    StringWriter err = new StringWriter();
    int code = runner.run(List.of(arguments), new PrintWriter(new StringWriter()), new PrintWriter(err));
    errors = err.toString();
    return code;
  }

  /** The tutorial's flags (with a direct transport), then {@code changes} (flag=value replaces the flag, or is added). */
  private int runMaster(String... changes) {
    List<String> arguments = new ArrayList<>(List.of("run", "master", "--log.level=debug", "--cluster.endpoint=tcp://127.0.0.1:1",
        "--cluster.jwtSecret=" + dir.resolve("cluster.jwt"), "--server.keyfile=" + dir.resolve("tls.keyfile"),
        "--server.endpoint=https://127.0.0.1:18629", "--server.port=18629", "--mq.type=direct",
        "--state.directory=" + dir.resolve("instance")));
    for (String change : changes) {
      String flag = change.substring(0, change.indexOf('=') + 1);
      arguments.removeIf(argument -> argument.startsWith(flag));
      arguments.add(change);
    }
    return run(arguments.toArray(String[]::new));
  }

  @Test
  void badFlagsAreRefusedWithTheFlagAndWhatToDoBeforeKarafStarts() throws Exception {
    assertThat(runMaster("--mq.type=rabbit")).isEqualTo(ExitCodes.USAGE);
    assertThat(errors).contains("--mq.type: unknown transport 'rabbit'; use direct or kafka");

    assertThat(runMaster("--mq.type=kafka")).isEqualTo(ExitCodes.USAGE);
    assertThat(errors).contains("--mq.type=kafka needs --mq.kafka-addr");
    assertThat(runMaster("--mq.type=kafka", "--mq.kafka-addr=k1:9092")).isEqualTo(ExitCodes.USAGE);
    assertThat(errors).contains("--mq.transport-topic (repeatable) or --mq.transport-topicsfile");

    assertThat(runMaster("--server.endpoint=http://127.0.0.1:18629")).isEqualTo(ExitCodes.USAGE);
    assertThat(errors).contains("--server.endpoint: 'http://127.0.0.1:18629' must be https://host:port");
    assertThat(runMaster("--cluster.endpoint=ftp://127.0.0.1:8529")).isEqualTo(ExitCodes.USAGE);
    assertThat(errors).contains("not an ArangoDB endpoint");

    Files.writeString(dir.resolve("empty.jwt"), "\n");
    assertThat(runMaster("--cluster.jwtSecret=" + dir.resolve("empty.jwt"))).isEqualTo(ExitCodes.USAGE);
    assertThat(errors).contains("--cluster.jwt-secret: ").contains("is empty; create one with 'arangosync create jwt-secret'");
    assertThat(runMaster("--master.jwtSecret=" + dir.resolve("missing.jwt"))).isEqualTo(ExitCodes.USAGE);
    assertThat(errors).contains("--master.jwt-secret: cannot read");
    assertThat(runMaster("--server.keyfile=" + dir.resolve("ca.crt"))).isEqualTo(ExitCodes.USAGE);
    assertThat(errors).contains("--server.keyfile: ");
    assertThat(runMaster("--log.level=loud")).isEqualTo(ExitCodes.USAGE);
    assertThat(errors).contains("--log.level: 'loud' is not one of trace, debug, info, warning, error");
    assertThat(runMaster("--log.file=" + dir)).isEqualTo(ExitCodes.USAGE);
    assertThat(errors).contains("--log.file: " + dir + " is a directory");
    assertThat(runMaster("--mq.direct-token-ttl=0s")).isEqualTo(ExitCodes.USAGE);
    assertThat(errors).contains("--mq.direct-token-ttl");
  }

  @Test
  void validFlagsGetAsFarAsTheDistributionThisCommandMustRunFrom() {
    // Outside bin/arangosync there is no Karaf to start: a clear failure, not a half-written instance.
    assertThat(runMaster("--mq.direct-token-ttl=12h")).isEqualTo(ExitCodes.FAILURE);
    assertThat(errors).contains("arangosync run master");
    assertThat(dir.resolve("instance")).doesNotExist();
  }
}
