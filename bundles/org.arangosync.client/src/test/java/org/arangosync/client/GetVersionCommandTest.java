package org.arangosync.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.ServiceLoader;
import org.arangosync.command.CommandProvider;
import org.arangosync.command.CommandRunner;
import org.arangosync.command.ExitCodes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code arangosync get version} end to end: the command line as the seed writes it, through the
 * command runner and the client, against a real HTTPS server that answers like a sync master.
 */
class GetVersionCommandTest {

  @TempDir Path tempDir;

  private final CommandRunner runner = CommandRunner.of(ServiceLoader.load(CommandProvider.class));
  private final List<String> requests = new ArrayList<>();
  private TestCertificates certificates;
  private HttpsServer server;
  private int answerStatus = 200;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @BeforeEach
  void startHttpsServer() throws Exception {
    certificates = new TestCertificates("CN=test master CA");
    server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setHttpsConfigurator(new HttpsConfigurator(certificates.serverContext()));
    server.createContext("/_api/version", this::answerVersion);
    server.start();
  }

  @AfterEach
  void stopHttpsServer() {
    server.stop(0);
  }

  private void answerVersion(HttpExchange exchange) throws IOException {
    String authorization = exchange.getRequestHeaders().getFirst("Authorization");
    synchronized (requests) {
      requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + " forward="
          + exchange.getRequestHeaders().getFirst("X-Allow-Forward-To-Leader") + " auth=" + authorization);
    }
    String expected = "Basic " + Base64.getEncoder().encodeToString("root:s3cret".getBytes(StandardCharsets.UTF_8));
    int status = answerStatus;
    String body = "{\"version\":\"2.19.5\",\"build\":\"abc123\",\"extra\":1}";
    if (status == 200 && !expected.equals(authorization)) {
      status = 401;
    }
    if (status != 200) {
      body = "{\"error\":\"" + (status == 401 ? "unauthorized" : "leader election in progress") + "\"}";
    }
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
    exchange.close();
  }

  private String endpoint() {
    return "https://127.0.0.1:" + server.getAddress().getPort();
  }

  private int run(String... arguments) {
    return runner.run(List.of(arguments), new PrintWriter(out), new PrintWriter(err));
  }

  private static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  @Test
  void printsTheVersionOfAMasterVerifiedByItsCa() throws Exception {
    Path ca = certificates.writeCaPem(tempDir.resolve("tls-ca.crt"));
    int code = run("get", "version", "--master.endpoint=" + endpoint(), "--master.cacert=" + ca,
        "--auth.user=root", "--auth.password=s3cret");
    assertThat(err.toString()).isEmpty();
    assertThat(code).isEqualTo(ExitCodes.OK);
    assertThat(out.toString()).contains("Version: 2.19.5").contains("Build:   abc123");
    assertThat(requests).singleElement().asString().startsWith("GET /_api/version forward=true auth=Basic ");
  }

  @Test
  void acceptsAnUnverifiedCertificateWithTheWarningWhenNoCaIsGiven() {
    int code = run("get", "version", "--master.endpoint", endpoint(), "--auth.user", "root", "--auth.password", "s3cret");
    assertThat(code).isEqualTo(ExitCodes.OK);
    assertThat(err.toString()).contains("accepting unverified master TLS certificate. Use --master.cacert.");
    assertThat(out.toString()).contains("Version: 2.19.5");
  }

  @Test
  void refusesAMasterWhoseCertificateAnotherCaSigned() throws Exception {
    Path otherCa = new TestCertificates("CN=someone else").writeCaPem(tempDir.resolve("other-ca.crt"));
    int code = run("get", "version", "--master.endpoint=" + endpoint(), "--master.cacert=" + otherCa,
        "--auth.user=root", "--auth.password=s3cret");
    assertThat(code).isEqualTo(ExitCodes.FAILURE);
    assertThat(err.toString()).contains("cannot reach the sync master at " + endpoint()).contains("TLS handshake failed");
    assertThat(out.toString()).isEmpty();
  }

  @Test
  void failsClearlyNamingTheEndpointWhenNothingListens() throws Exception {
    String dead = "https://127.0.0.1:" + closedPort();
    int code = run("get", "version", "--master.endpoint=" + dead);
    assertThat(code).isEqualTo(ExitCodes.FAILURE);
    assertThat(err.toString())
        .contains("Error: cannot reach the sync master at " + dead + ": connection refused")
        .contains("Check that a sync master runs at that address")
        .doesNotContain("Exception");
  }

  @Test
  void triesTheNextEndpointAfterAnUnreachableOneOrA503() throws Exception {
    String dead = "https://127.0.0.1:" + closedPort();
    assertThat(run("get", "version", "--master.endpoint=" + dead + "," + endpoint(), "--auth.user=root",
        "--auth.password=s3cret")).isEqualTo(ExitCodes.OK);
    assertThat(out.toString()).contains("Version: 2.19.5");

    answerStatus = 503;
    assertThat(run("get", "version", "--master.endpoint=" + endpoint(), "--master.endpoint=" + dead,
        "--auth.user=root", "--auth.password=s3cret")).isEqualTo(ExitCodes.FAILURE);
    assertThat(err.toString())
        .contains("no sync master answered GET /_api/version")
        .contains(endpoint() + " answered 503: leader election in progress")
        .contains(dead + ": connection refused");
  }

  @Test
  void stopsAtAnAuthenticationFailureAndSaysWhatToCheck() {
    int code = run("get", "version", "--master.endpoint=" + endpoint(), "--master.endpoint=" + endpoint(),
        "--auth.user=root", "--auth.password=wrong");
    assertThat(code).isEqualTo(ExitCodes.FAILURE);
    assertThat(err.toString()).contains("refused GET /_api/version with 401: unauthorized")
        .contains("Check --auth.user and --auth.password");
    assertThat(requests).hasSize(1);
  }

  @Test
  void rejectsAnEndpointThatIsNotHttpsAndABadCaFileAsUsageErrors() throws Exception {
    assertThat(run("get", "version", "--master.endpoint=http://127.0.0.1:8629")).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString()).contains("is not an https URL of a sync master");
    Path notPem = java.nio.file.Files.writeString(tempDir.resolve("ca.crt"), "hello");
    assertThat(run("get", "version", "--master.endpoint=" + endpoint(), "--master.cacert=" + notPem)).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString()).contains("--master.cacert: ").contains("ca.crt");
    assertThat(run("get", "version", "--master.endpoint=" + endpoint(), "--auth.password=x")).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString()).contains("--auth.password needs --auth.user");
    assertThat(requests).isEmpty();
  }

  @Test
  void printsHelpWithEveryFlag() {
    assertThat(run("get", "version", "--help")).isEqualTo(ExitCodes.OK);
    assertThat(out.toString()).contains("Usage: arangosync get version")
        .contains("--master.endpoint=URL").contains("--master.cacert=FILE").contains("--auth.user=USER")
        .contains("--auth.password=PASSWORD").contains("-v, --verbose");
  }
}
