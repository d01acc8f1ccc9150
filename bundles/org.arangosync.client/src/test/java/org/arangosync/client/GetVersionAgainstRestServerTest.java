package org.arangosync.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.arangosync.command.CommandProvider;
import org.arangosync.command.CommandRunner;
import org.arangosync.command.ExitCodes;
import org.arangosync.command.ProductVersion;
import org.arangosync.rest.Audience;
import org.arangosync.rest.RestResponse;
import org.arangosync.rest.RestRoute;
import org.arangosync.rest.RestServer;
import org.arangosync.api.spi.auth.UserSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What an operator does, end to end: create the certificates with the {@code create} commands,
 * run the product's HTTPS server with them, and ask it with {@code get version}, logging in with a
 * password or with a client-authentication keyfile.
 */
class GetVersionAgainstRestServerTest {

  @TempDir Path dir;

  private final CommandRunner runner = CommandRunner.of(ServiceLoader.load(CommandProvider.class));
  private StringWriter out = new StringWriter();
  private StringWriter err = new StringWriter();
  private RestServer server;

  private int run(String... arguments) {
    out = new StringWriter();
    err = new StringWriter();
    return runner.run(List.of(arguments), new PrintWriter(out), new PrintWriter(err));
  }

  private String path(String name) {
    return dir.resolve(name).toString();
  }

  @BeforeEach
  void createCertificatesAndStartTheServer() {
    assertThat(run("create", "tls", "ca", "--cert=" + path("tls-ca.crt"), "--key=" + path("tls-ca.key"), "--curve=P256")).isZero();
    assertThat(run("create", "tls", "keyfile", "--cacert=" + path("tls-ca.crt"), "--cakey=" + path("tls-ca.key"),
        "--keyfile=" + path("master.keyfile"), "--host=127.0.0.1", "--curve=P256")).isZero();
    assertThat(run("create", "client-auth", "ca", "--cert=" + path("client-auth-ca.crt"), "--key=" + path("client-auth-ca.key"),
        "--curve=P256")).isZero();
    assertThat(run("create", "client-auth", "keyfile", "--cacert=" + path("client-auth-ca.crt"),
        "--cakey=" + path("client-auth-ca.key"), "--keyfile=" + path("operator.keyfile"), "--email=ops@example.com",
        "--curve=P256")).isZero();

    server = RestServer.builder(dir.resolve("master.keyfile"))
        .host("127.0.0.1")
        .clientCaFile(dir.resolve("client-auth-ca.crt"))
        .userSource(UserSource.of(Map.of("root", "s3cret")))
        .start();
    server.addRoute(new RestRoute() {
      @Override public String method() { return "GET"; }
      @Override public String path() { return "/_api/version"; }
      @Override public Audience audience() { return Audience.OPERATORS; }
      @Override public RestResponse handle(org.arangosync.rest.RestRequest request) {
        ProductVersion version = ProductVersion.current();
        return RestResponse.json(200, Map.of("version", version.version(), "build", version.build()));
      }
    });
  }

  @AfterEach
  void stopTheServer() {
    server.close();
  }

  private String endpoint() {
    return "--master.endpoint=https://127.0.0.1:" + server.port();
  }

  @Test
  void answersAnOperatorWithAPassword() {
    assertThat(run("get", "version", endpoint(), "--master.cacert=" + path("tls-ca.crt"), "--auth.user=root",
        "--auth.password=s3cret")).as(err.toString()).isEqualTo(ExitCodes.OK);
    assertThat(out.toString()).contains("Version: " + ProductVersion.current().version());
  }

  @Test
  void answersAnOperatorWithAClientCertificate() {
    assertThat(run("get", "version", endpoint(), "--master.cacert=" + path("tls-ca.crt"),
        "--auth.keyfile=" + path("operator.keyfile"))).as(err.toString()).isEqualTo(ExitCodes.OK);
    assertThat(out.toString()).contains("Version: " + ProductVersion.current().version());
  }

  @Test
  void refusesAClientCertificateOfAnotherCaAndSaysWhatToCheck() {
    assertThat(run("create", "client-auth", "ca", "--cert=" + path("other-ca.crt"), "--key=" + path("other-ca.key"),
        "--curve=P256")).isZero();
    assertThat(run("create", "client-auth", "keyfile", "--cacert=" + path("other-ca.crt"), "--cakey=" + path("other-ca.key"),
        "--keyfile=" + path("stranger.keyfile"), "--email=stranger@example.com", "--curve=P256")).isZero();
    int code = run("get", "version", endpoint(), "--master.cacert=" + path("tls-ca.crt"), "--auth.keyfile=" + path("stranger.keyfile"));
    assertThat(code).isEqualTo(ExitCodes.FAILURE);
    assertThat(err.toString()).contains("TLS handshake failed")
        .contains("The master refused the client certificate of --auth.keyfile. Check that --auth.keyfile was signed by the CA the masters accept client certificates from");
  }

  @Test
  void refusesAWrongPasswordAndUnusableAuthFlags() {
    assertThat(run("get", "version", endpoint(), "--master.cacert=" + path("tls-ca.crt"), "--auth.user=root",
        "--auth.password=wrong")).isEqualTo(ExitCodes.FAILURE);
    assertThat(err.toString()).contains("401: wrong user name or password");

    assertThat(run("get", "version", endpoint(), "--auth.user=root", "--auth.password=s3cret",
        "--auth.keyfile=" + path("operator.keyfile"))).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString()).contains("use either --auth.user/--auth.password or --auth.keyfile, not both");

    assertThat(run("get", "version", endpoint(), "--auth.keyfile=" + path("tls-ca.crt"))).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString()).contains("--auth.keyfile: ").contains("tls-ca.crt");
  }
}
