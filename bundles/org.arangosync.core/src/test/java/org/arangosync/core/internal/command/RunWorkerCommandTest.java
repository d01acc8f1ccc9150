package org.arangosync.core.internal.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.arangosync.certificates.CertificateIssuer;
import org.arangosync.certificates.Issued;
import org.arangosync.certificates.KeyType;
import org.arangosync.certificates.Pem;
import org.arangosync.certificates.Purpose;
import org.arangosync.certificates.SecureFiles;
import org.arangosync.command.CommandFailure;
import org.arangosync.command.CommandProvider;
import org.arangosync.command.CommandRunner;
import org.arangosync.command.ExitCodes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The tutorial's run worker command line, what is refused before any Karaf starts, and what the masters' configuration becomes. */
class RunWorkerCommandTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private final CommandRunner runner = CommandRunner.of(ServiceLoader.load(CommandProvider.class));
  private String errors;

  private int run(String... arguments) {
    StringWriter err = new StringWriter();
    int code = runner.run(List.of(arguments), new PrintWriter(new StringWriter()), new PrintWriter(err));
    errors = err.toString();
    return code;
  }

  private int runWorker(String... changes) throws Exception {
    Path secret = dir.resolve("master.jwtsecret");
    if (!Files.exists(secret)) {
      Files.writeString(secret, "0123456789abcdef");
    }
    List<String> arguments = new ArrayList<>(List.of("run", "worker", "--log.level=debug", "--server.port=18729",
        "--server.endpoint=https://127.0.0.1:18729", "--master.endpoint=https://127.0.0.1:1", "--master.jwtSecret=" + secret,
        "--state.directory=" + dir.resolve("instance")));
    for (String change : changes) {
      String flag = change.substring(0, change.indexOf('=') + 1);
      arguments.removeIf(argument -> argument.startsWith(flag));
      arguments.add(change);
    }
    return run(arguments.toArray(String[]::new));
  }

  @Test
  void badFlagsAndUnreachableMastersAreRefusedWithWhatToDo() throws Exception {
    assertThat(runWorker("--server.endpoint=http://127.0.0.1:18729")).isEqualTo(ExitCodes.USAGE);
    assertThat(errors).contains("--server.endpoint: 'http://127.0.0.1:18729' must be https://host:port");
    Files.writeString(dir.resolve("empty.jwtsecret"), "");
    assertThat(runWorker("--master.jwtSecret=" + dir.resolve("empty.jwtsecret"))).isEqualTo(ExitCodes.USAGE);
    assertThat(errors).contains("is empty; create one with 'arangosync create jwt-secret'");
    assertThat(runWorker("--server.port=0")).isEqualTo(ExitCodes.USAGE);
    assertThat(errors).contains("--server.port: 0 is not a TCP port");
    assertThat(run("run", "worker", "--server.endpoint=https://127.0.0.1:18729", "--master.endpoint=https://127.0.0.1:1"))
        .isEqualTo(ExitCodes.USAGE);
    assertThat(errors).contains("--master.jwt-secret");
    assertThat(runWorker()).isEqualTo(ExitCodes.FAILURE);
    assertThat(errors).contains("cannot get this worker's configuration from the masters").contains("127.0.0.1:1")
        .contains("--master.jwt-secret is the masters' secret");
    assertThat(dir.resolve("instance")).doesNotExist();
  }

  private static ObjectNode configuration(Issued workerKeyfile, String mqType) {
    ObjectNode configuration = JSON.createObjectNode();
    ObjectNode cluster = configuration.putObject("cluster");
    cluster.putArray("endpoints").add("http://10.0.0.1:8529").add("http://10.0.0.2:8529");
    cluster.put("jwtSecret", "cluster-secret");
    configuration.putObject("httpServer").put("certificate", Pem.certificates(workerKeyfile.certificates()))
        .put("key", Pem.privateKey(workerKeyfile.key()));
    configuration.put("masterCaCertificate", "-----BEGIN CERTIFICATE-----\nMASTERS\n-----END CERTIFICATE-----\n");
    configuration.putObject("mq").put("type", mqType);
    return configuration;
  }

  private static String text(SecureFiles.Content content) {
    return new String(content.bytes(), StandardCharsets.US_ASCII);
  }

  @Test
  void theMastersConfigurationBecomesTheWorkersFilesAndConfigurations() throws Exception {
    CertificateIssuer issuer = new CertificateIssuer();
    KeyType p256 = KeyType.of("P256", 0);
    Issued workerCa = issuer.createCa("worker CA", Duration.ofDays(1), p256);
    Issued worker = issuer.issue(workerCa, Purpose.SERVER_AND_CLIENT, List.of("10.0.0.5"), List.of(), Duration.ofDays(1), p256);
    Path tls = dir.resolve("tls");
    List<URI> masters = List.of(URI.create("https://10.0.0.1:8629"));
    Path secret = dir.resolve("master.jwtsecret");

    RunWorkerCommand.Setup direct = RunWorkerCommand.setup(configuration(worker, "direct"), tls, null, null, "https://10.0.0.5:8729",
        masters, secret);
    assertThat(direct.type()).isEqualTo("direct");
    assertThat(direct.keyfile()).isEqualTo(tls.resolve("worker.keyfile"));
    Map<Path, SecureFiles.Content> files = new java.util.HashMap<>();
    direct.files().forEach(file -> files.put(file.target(), file));
    assertThat(files.get(tls.resolve("worker.keyfile")).secret()).isTrue();
    assertThat(files.get(tls.resolve("cluster.jwtsecret")).secret()).isTrue();
    assertThat(text(files.get(tls.resolve("cluster.jwtsecret")))).isEqualTo("cluster-secret");
    assertThat(text(files.get(tls.resolve("master-ca.crt")))).contains("MASTERS");
    assertThat(Pem.parseCertificates(text(files.get(tls.resolve("worker-ca.crt"))), "ca").get(0)).isEqualTo(workerCa.certificate());
    assertThat(direct.configurations().get("org.arangosync.arangodb-local")).containsEntry("endpoints",
        "http://10.0.0.1:8529,http://10.0.0.2:8529");
    assertThat(direct.configurations().get("org.arangosync.worker")).containsEntry("endpoint", "https://10.0.0.5:8729")
        .containsEntry("masterEndpoints", "https://10.0.0.1:8629").containsEntry("transport.target", "(arangosync.transport=direct)")
        .containsEntry("masterCaFile", tls.resolve("master-ca.crt").toAbsolutePath().toString());
    assertThat(direct.configurations().get("org.arangosync.transport.direct")).containsEntry("server", "worker")
        .containsEntry("endpoints", "https://10.0.0.5:8729");
    assertThat(direct.configurations()).doesNotContainKey("org.arangosync.transport.kafka");

    ObjectNode kafkaConfiguration = configuration(worker, "kafka");
    ObjectNode mq = (ObjectNode) kafkaConfiguration.get("mq");
    mq.putArray("endpoints").add("k1:9092").add("k2:9092");
    mq.putObject("authentication").put("transportTopics", "dc-a-1,dc-a-2").put("caCertificate", "KAFKA CA")
        .put("clientKeyfile", "KAFKA KEYFILE").put("transportTopicsFile", "");
    RunWorkerCommand.Setup kafka = RunWorkerCommand.setup(kafkaConfiguration, tls, null, null, "https://10.0.0.5:8729", masters, secret);
    assertThat(kafka.type()).isEqualTo("kafka");
    assertThat(kafka.configurations().get("org.arangosync.transport.kafka")).containsEntry("kafkaAddr", "k1:9092,k2:9092")
        .containsEntry("transportTopics", "dc-a-1,dc-a-2").containsEntry("transportTopicsFile", "")
        .containsEntry("caCertificateFile", tls.resolve("kafka-ca.crt").toAbsolutePath().toString())
        .containsEntry("clientKeyfile", tls.resolve("kafka-client.keyfile").toAbsolutePath().toString());
    assertThat(kafka.configurations().get("org.arangosync.worker")).containsEntry("transport.target", "(arangosync.transport=kafka)");
    assertThat(kafka.files()).anyMatch(file -> file.target().equals(tls.resolve("kafka-client.keyfile")) && file.secret());

    ObjectNode noBrokers = configuration(worker, "kafka");
    assertThatThrownBy(() -> RunWorkerCommand.setup(noBrokers, tls, null, null, "https://10.0.0.5:8729", masters, secret))
        .isInstanceOf(CommandFailure.class).hasMessageContaining("--mq.kafka-addr");
    ObjectNode noCertificate = configuration(worker, "direct");
    noCertificate.remove("httpServer");
    assertThatThrownBy(() -> RunWorkerCommand.setup(noCertificate, tls, null, null, "https://10.0.0.5:8729", masters, secret))
        .isInstanceOf(CommandFailure.class).hasMessageContaining("--server.keyfile");
    ObjectNode noCluster = configuration(worker, "direct");
    ((ObjectNode) noCluster.get("cluster")).remove("endpoints");
    assertThatThrownBy(() -> RunWorkerCommand.setup(noCluster, tls, null, null, "https://10.0.0.5:8729", masters, secret))
        .isInstanceOf(CommandFailure.class).hasMessageContaining("--cluster.endpoint");
  }
}
