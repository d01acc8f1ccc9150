package org.arangosync.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.stream.Stream;
import org.arangosync.certificates.Issued;
import org.arangosync.certificates.Pem;
import org.arangosync.certificates.Purpose;
import org.arangosync.command.CommandProvider;
import org.arangosync.command.CommandRunner;
import org.arangosync.command.ExitCodes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code arangosync configure sync} end to end against the product's HTTPS server standing in for
 * the target master: the exact {@code POST /_api/sync} body, the refusals of the master, and the
 * bad input that must be caught before any request.
 */
class ConfigureSyncCommandTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private final CommandRunner runner = CommandRunner.of(ServiceLoader.load(CommandProvider.class));
  private StringWriter out = new StringWriter();
  private StringWriter err = new StringWriter();
  private CannedMaster target;
  private CannedMaster.Answer answer = CannedMaster.Answer.ok("{}");
  private Issued clientKeyfile;
  private Issued sourceCa;

  @BeforeEach
  void startTheTargetMasterAndWriteTheFiles() throws Exception {
    target = new CannedMaster(dir);
    target.route("POST", "/_api/sync", () -> answer);
    Issued clientAuthCa = target.issuer.createCa("client-auth CA", Duration.ofDays(1), CannedMaster.P256);
    clientKeyfile = target.issuer.issue(clientAuthCa, Purpose.CLIENT, List.of(), List.of("target@example.com"), Duration.ofDays(1),
        CannedMaster.P256);
    Files.writeString(dir.resolve("client-auth.keyfile"), Pem.keyfile(clientKeyfile));
    sourceCa = target.issuer.createCa("source TLS CA", Duration.ofDays(1), CannedMaster.P256);
    Files.writeString(dir.resolve("source-ca.crt"), Pem.certificates(List.of(sourceCa.certificate())));
  }

  @AfterEach
  void stopTheTargetMaster() {
    target.close();
  }

  private int run(String... arguments) {
    out = new StringWriter();
    err = new StringWriter();
    List<String> all = new ArrayList<>(List.of("configure", "sync"));
    all.addAll(List.of(arguments));
    all.addAll(target.flags());
    return runner.run(all, new PrintWriter(out), new PrintWriter(err));
  }

  private String[] validFlags(String... overrides) {
    List<String> flags = new ArrayList<>(List.of("--master.keyfile=" + dir.resolve("client-auth.keyfile"),
        "--source.endpoint=https://10.0.1.1:8629", "--source.cacert=" + dir.resolve("source-ca.crt")));
    for (String override : overrides) {
      String name = override.substring(0, override.indexOf('=') + 1);
      flags.removeIf(flag -> flag.startsWith(name));
      if (!override.endsWith("=<none>")) {
        flags.add(override);
      }
    }
    return flags.toArray(String[]::new);
  }

  @Test
  void postsTheSourceAndTheAuthenticationAsPemAndSaysSo() throws Exception {
    int exit = run("--master.keyfile=" + dir.resolve("client-auth.keyfile"), "--source.endpoint=ssl://10.0.1.1:8629,https://10.0.1.2:8629",
        "--source.endpoint=tcp://dc-a.example.com:8629", "--source.cacert=" + dir.resolve("source-ca.crt"));

    assertThat(exit).as(err.toString()).isEqualTo(ExitCodes.OK);
    assertThat(out.toString()).isEqualTo("Synchronization activated." + System.lineSeparator());
    assertThat(target.requests()).hasSize(1).first().asString().startsWith("POST /_api/sync {");
    JsonNode sent = JSON.readTree(target.requests().get(0).substring("POST /_api/sync ".length()));
    ObjectNode expected = JSON.createObjectNode();
    expected.putArray("source").add("https://10.0.1.1:8629").add("https://10.0.1.2:8629").add("https://dc-a.example.com:8629");
    expected.putObject("authentication")
        .put("clientCertificate", Pem.certificates(clientKeyfile.certificates()))
        .put("clientKey", Pem.privateKey(clientKeyfile.key()))
        .put("caCertificate", Pem.certificates(List.of(sourceCa.certificate())));
    assertThat(sent).isEqualTo(expected);
    // The target master puts certificate and key back together into a keyfile; that must give ours.
    Issued received = Pem.parseKeyfile(sent.at("/authentication/clientCertificate").asText() + sent.at("/authentication/clientKey").asText(),
        "request");
    assertThat(received.certificate()).isEqualTo(clientKeyfile.certificate());
    assertThat(received.key().getEncoded()).isEqualTo(clientKeyfile.key().getEncoded());
  }

  static Stream<Arguments> badInput() {
    return Stream.of(
        Arguments.of("no keyfile flag", new String[] {"--master.keyfile=<none>"},
            List.of("--master.keyfile is missing", "arangosync create client-auth keyfile")),
        Arguments.of("no keyfile", new String[] {"--master.keyfile=absent.keyfile"},
            List.of("--master.keyfile: absent.keyfile does not exist", "arangosync create client-auth keyfile")),
        Arguments.of("keyfile without key", new String[] {"--master.keyfile=SOURCE_CA"},
            List.of("holds no PEM private key", "arangosync create client-auth keyfile")),
        Arguments.of("CA without certificate", new String[] {"--source.cacert=KEY_ONLY"},
            List.of("--source.cacert:", "holds no PEM certificate")),
        Arguments.of("no CA flag", new String[] {"--source.cacert=<none>"}, List.of("--source.cacert is missing")),
        Arguments.of("no source", new String[] {"--source.endpoint=<none>"}, List.of("--source.endpoint is missing")),
        Arguments.of("plain http source", new String[] {"--source.endpoint=http://10.0.1.1:8629"},
            List.of("'http://10.0.1.1:8629' is plain HTTP, but sync masters serve HTTPS only")),
        Arguments.of("source without scheme", new String[] {"--source.endpoint=10.0.1.1:8629"},
            List.of("'10.0.1.1:8629' is not the https URL of a sync master")),
        Arguments.of("source with a path", new String[] {"--source.endpoint=https://10.0.1.1:8629/_api/sync"},
            List.of("is not the https URL of a sync master")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badInput")
  void refusesBadInputBeforeAnyRequest(String name, String[] overrides, List<String> messages) throws Exception {
    Files.writeString(dir.resolve("key-only.pem"), Pem.privateKey(clientKeyfile.key()));
    String[] flags = validFlags(overrides);
    for (int i = 0; i < flags.length; i++) {
      flags[i] = flags[i].replace("SOURCE_CA", dir.resolve("source-ca.crt").toString())
          .replace("KEY_ONLY", dir.resolve("key-only.pem").toString());
    }

    assertThat(run(flags)).isEqualTo(ExitCodes.USAGE);

    assertThat(err.toString().lines().findFirst()).get().asString().startsWith("Error: ").contains(messages);
    assertThat(out.toString()).isEmpty();
    assertThat(target.requests()).isEmpty();
  }

  @Test
  void showsTheRefusalOfTheMaster() {
    answer = new CannedMaster.Answer(400, "{\"error\":\"a synchronisation from [\\\"https://10.0.1.1:8629\\\"] is configured already\"}");

    assertThat(run(validFlags())).isEqualTo(ExitCodes.FAILURE);

    assertThat(err.toString()).startsWith("Error: the sync master at " + target.endpoint() + " refused POST /_api/sync with 400: "
        + "a synchronisation from [\"https://10.0.1.1:8629\"] is configured already");
    assertThat(out.toString()).doesNotContain("activated");
    assertThat(target.requests()).hasSize(1);
  }

  @Test
  void saysWhichFlagsToCheckWhenTheSourceIsUnreachable() {
    answer = new CannedMaster.Answer(502, "{\"error\":\"the source masters did not accept the synchronisation: connection refused\"}");

    assertThat(run(validFlags())).isEqualTo(ExitCodes.FAILURE);

    assertThat(err.toString()).contains("502: the source masters did not accept the synchronisation: connection refused")
        .contains("check --source.endpoint, that --source.cacert signed their TLS certificates");
  }

  @Test
  void helpNamesTheFlags() {
    out = new StringWriter();
    assertThat(runner.run(List.of("configure", "sync", "--help"), new PrintWriter(out), new PrintWriter(err))).isEqualTo(ExitCodes.OK);
    assertThat(out.toString()).contains("--master.endpoint", "--master.keyfile", "--source.endpoint", "--source.cacert",
        "--auth.user", "--master.cacert");
  }
}
