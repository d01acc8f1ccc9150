package org.arangosync.certificates;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.arangosync.command.CommandProvider;
import org.arangosync.command.CommandRunner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code create ...} commands as the seed writes them, their files checked by the real OpenSSL
 * (which {@code .ci/run} installs when missing).
 */
class CreateCommandsTest {

  @TempDir Path dir;

  private final CommandRunner runner = CommandRunner.of(ServiceLoader.load(CommandProvider.class));
  private StringWriter out = new StringWriter();
  private StringWriter err = new StringWriter();

  private int run(String... arguments) {
    out = new StringWriter();
    err = new StringWriter();
    return runner.run(List.of(arguments), new PrintWriter(out, true), new PrintWriter(err, true));
  }

  private String file(String name) {
    return dir.resolve(name).toString();
  }

  /** Runs openssl with the arguments; returns its output, failing the test on a non-zero exit. */
  private static String openssl(String... arguments) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("openssl"));
    command.addAll(List.of(arguments));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as("openssl %s: %s", command, output).isZero();
    return output;
  }

  private static String mode(Path path) throws IOException {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
  }

  private List<String> files() throws IOException {
    try (Stream<Path> list = Files.list(dir)) {
      return list.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void createsATlsCaAndAServerKeyfileThatOpenSslAccepts() throws Exception {
    assertThat(run("create", "tls", "ca", "--cert=" + file("tls-ca.crt"), "--key=" + file("tls-ca.key"))).as(err.toString()).isZero();
    assertThat(run("create", "tls", "keyfile", "--cacert=" + file("tls-ca.crt"), "--cakey=" + file("tls-ca.key"),
        "--keyfile=" + file("my-tls-cert.keyfile"), "--host=sync.example.com", "--host=10.0.0.1,::1", "--email=ops@example.com"))
        .as(err.toString()).isZero();
    assertThat(out.toString()).contains("Created keyfile").contains("my-tls-cert.keyfile");

    assertThat(mode(dir.resolve("tls-ca.key"))).isEqualTo("rw-------");
    assertThat(mode(dir.resolve("tls-ca.crt"))).isEqualTo("rw-r--r--");
    assertThat(mode(dir.resolve("my-tls-cert.keyfile"))).isEqualTo("rw-------");
    assertThat(openssl("verify", "-CAfile", file("tls-ca.crt"), file("my-tls-cert.keyfile"))).contains(": OK");
    String ca = openssl("x509", "-in", file("tls-ca.crt"), "-noout", "-text");
    assertThat(ca).contains("CA:TRUE").contains("Certificate Sign").contains("ASN1 OID: secp521r1");
    String leaf = openssl("x509", "-in", file("my-tls-cert.keyfile"), "-noout", "-text");
    assertThat(leaf).contains("TLS Web Server Authentication").doesNotContain("TLS Web Client Authentication")
        .contains("DNS:sync.example.com").contains("IP Address:10.0.0.1").contains("IP Address:0:0:0:0:0:0:0:1")
        .contains("email:ops@example.com").contains("CA:FALSE");
    // The keys are unencrypted PKCS#8 that OpenSSL (and so curl) reads.
    assertThat(openssl("pkey", "-in", file("tls-ca.key"), "-noout", "-text")).contains("Private-Key");
    assertThat(Files.readString(dir.resolve("tls-ca.key"))).startsWith("-----BEGIN PRIVATE KEY-----");
    assertThat(openssl("pkey", "-in", file("my-tls-cert.keyfile"), "-noout", "-text")).contains("Private-Key");

    // The seed's systemd unit re-creates the keyfile on every start: a leaf keyfile is replaced, still 0600.
    String first = Files.readString(dir.resolve("my-tls-cert.keyfile"));
    assertThat(run("create", "tls", "keyfile", "--cacert=" + file("tls-ca.crt"), "--cakey=" + file("tls-ca.key"),
        "--keyfile=" + file("my-tls-cert.keyfile"), "--host=sync.example.com")).as(err.toString()).isZero();
    assertThat(Files.readString(dir.resolve("my-tls-cert.keyfile"))).isNotEqualTo(first);
    assertThat(mode(dir.resolve("my-tls-cert.keyfile"))).isEqualTo("rw-------");
    assertThat(files()).containsExactly("my-tls-cert.keyfile", "tls-ca.crt", "tls-ca.key");

    // Two years by default, as ArangoSync.
    X509Certificate certificate = Pem.readKeyfile(dir.resolve("my-tls-cert.keyfile")).certificate();
    long days = TimeUnit.MILLISECONDS.toDays(certificate.getNotAfter().getTime() - System.currentTimeMillis());
    assertThat(days).isBetween(729L, 730L);
  }

  @Test
  void createsClientAuthCertificatesForClientsOnly() throws Exception {
    assertThat(run("create", "client-auth", "ca", "--cert=" + file("client-auth-ca.crt"), "--key=" + file("client-auth-ca.key"),
        "--curve=P256")).as(err.toString()).isZero();
    assertThat(run("create", "client-auth", "keyfile", "--cacert=" + file("client-auth-ca.crt"),
        "--cakey=" + file("client-auth-ca.key"), "--keyfile=" + file("client-auth.keyfile"), "--host=dc-a.example.com", "--rsa-bits=2048"))
        .as(err.toString()).isZero();
    assertThat(openssl("verify", "-CAfile", file("client-auth-ca.crt"), "-purpose", "sslclient", file("client-auth.keyfile")))
        .contains(": OK");
    String leaf = openssl("x509", "-in", file("client-auth.keyfile"), "-noout", "-text");
    assertThat(leaf).contains("TLS Web Client Authentication").doesNotContain("TLS Web Server Authentication")
        .contains("Public-Key: (2048 bit)").contains("DNS:dc-a.example.com");
    long days = TimeUnit.MILLISECONDS.toDays(Pem.readKeyfile(dir.resolve("client-auth.keyfile")).certificate().getNotAfter().getTime()
        - System.currentTimeMillis());
    assertThat(days).isBetween(364L, 365L);
  }

  @Test
  void writesSeparateFilesAKeystoreAndAJwtSecret() throws Exception {
    assertThat(run("create", "tls", "ca", "--cert=" + file("tls-ca.crt"), "--key=" + file("tls-ca.key"), "--validfor=8760h")).isZero();
    assertThat(run("create", "tls", "certificate", "--cacert=" + file("tls-ca.crt"), "--cakey=" + file("tls-ca.key"),
        "--host=localhost", "--cert=" + file("tls.crt"), "--key=" + file("tls.key"))).as(err.toString()).isZero();
    assertThat(openssl("verify", "-CAfile", file("tls-ca.crt"), file("tls.crt"))).contains(": OK");
    assertThat(mode(dir.resolve("tls.key"))).isEqualTo("rw-------");
    assertThat(mode(dir.resolve("tls.crt"))).isEqualTo("rw-r--r--");
    assertThat(Pem.readCertificates(dir.resolve("tls.crt"))).hasSize(2);

    assertThat(run("create", "tls", "keystore", "--cacert=" + file("tls-ca.crt"), "--cakey=" + file("tls-ca.key"),
        "--host=localhost", "--keystore=" + file("tls.jks"), "--keystore-password=changeit", "--alias=sync")).as(err.toString()).isZero();
    KeyStore keystore = KeyStore.getInstance("JKS");
    try (InputStream in = new FileInputStream(file("tls.jks"))) {
      keystore.load(in, "changeit".toCharArray());
    }
    assertThat(keystore.isKeyEntry("sync")).isTrue();
    assertThat(keystore.getCertificateChain("sync")).hasSize(2);
    assertThat(keystore.getKey("sync", "changeit".toCharArray())).isNotNull();

    assertThat(run("create", "jwt-secret", "--secret=" + file("secret.jwt"))).isZero();
    assertThat(Files.readString(dir.resolve("secret.jwt"))).matches("[0-9a-f]{64}");
    assertThat(mode(dir.resolve("secret.jwt"))).isEqualTo("rw-------");
    assertThat(run("create", "jwt-secret", "--secret=" + file("long.jwt"), "--length=64")).isZero();
    assertThat(Files.readString(dir.resolve("long.jwt"))).matches("[0-9a-f]{128}");
  }

  /** {@code {"name": "path", ...}} for paths without characters JSON escapes, as the temporary directory's are. */
  private static String filesJson(String... namesAndPaths) {
    StringBuilder json = new StringBuilder("{");
    for (int i = 0; i < namesAndPaths.length; i += 2) {
      assertThat(namesAndPaths[i + 1]).doesNotContain("\"", "\\");
      json.append(i == 0 ? "" : ",").append('"').append(namesAndPaths[i]).append("\":\"").append(namesAndPaths[i + 1]).append('"');
    }
    return json.append('}').toString();
  }

  /** What a program running the commands gets: the files written, as absolute paths, never their content. */
  @Test
  void eachCreateCommandReportsTheFilesItWrote() throws Exception {
    // A path with ".." is reported normalized: the file a script can open regardless of its working directory.
    Files.createDirectory(dir.resolve("sub"));
    CommandRunner.Execution ca = runner.execute(List.of("create", "tls", "ca", "--cert=" + dir.resolve("sub/../tls-ca.crt"),
        "--key=" + file("tls-ca.key"), "--curve=P256"));
    assertThat(ca.exitCode()).as(ca.errors()).isZero();
    assertThat(ca.resultJson()).isEqualTo(filesJson("cert", file("tls-ca.crt"), "key", file("tls-ca.key")));
    assertThat(ca.output()).startsWith("Created CA certificate");

    String tlsCa = "--cacert=" + file("tls-ca.crt");
    String tlsCaKey = "--cakey=" + file("tls-ca.key");
    assertThat(runner.execute(List.of("create", "tls", "keyfile", tlsCa, tlsCaKey, "--host=localhost", "--curve=P256",
        "--keyfile=" + file("tls.keyfile"))).resultJson()).isEqualTo(filesJson("keyfile", file("tls.keyfile")));
    assertThat(runner.execute(List.of("create", "tls", "certificate", tlsCa, tlsCaKey, "--host=localhost", "--curve=P256",
        "--cert=" + file("tls.crt"), "--key=" + file("tls.key"))).resultJson())
        .isEqualTo(filesJson("cert", file("tls.crt"), "key", file("tls.key")));
    assertThat(runner.execute(List.of("create", "tls", "keystore", tlsCa, tlsCaKey, "--host=localhost", "--curve=P256",
        "--keystore=" + file("tls.jks"), "--keystore-password=changeit", "--alias=sync")).resultJson())
        .isEqualTo(filesJson("keystore", file("tls.jks"), "alias", "sync"));
    assertThat(runner.execute(List.of("create", "client-auth", "ca", "--cert=" + file("client-auth-ca.crt"),
        "--key=" + file("client-auth-ca.key"), "--curve=P256")).resultJson())
        .isEqualTo(filesJson("cert", file("client-auth-ca.crt"), "key", file("client-auth-ca.key")));
    assertThat(runner.execute(List.of("create", "client-auth", "keyfile", "--cacert=" + file("client-auth-ca.crt"),
        "--cakey=" + file("client-auth-ca.key"), "--email=ops@example.com", "--curve=P256",
        "--keyfile=" + file("client-auth.keyfile"))).resultJson()).isEqualTo(filesJson("keyfile", file("client-auth.keyfile")));
    CommandRunner.Execution secret = runner.execute(List.of("create", "jwt-secret", "--secret=" + file("secret.jwt")));
    assertThat(secret.resultJson()).isEqualTo(filesJson("secret", file("secret.jwt")))
        .doesNotContain(Files.readString(dir.resolve("secret.jwt")).strip());
    for (String written : List.of("tls-ca.crt", "tls-ca.key", "tls.keyfile", "tls.crt", "tls.key", "tls.jks", "client-auth-ca.crt",
        "client-auth-ca.key", "client-auth.keyfile", "secret.jwt")) {
      assertThat(dir.resolve(written)).exists();
    }

    // A failed command reports nothing.
    CommandRunner.Execution existing = runner.execute(List.of("create", "tls", "ca", "--cert=" + file("other.crt"),
        "--key=" + file("tls-ca.key"), "--curve=P256"));
    assertThat(existing.exitCode()).isEqualTo(1);
    assertThat(existing.resultJson()).isNull();
    assertThat(runner.execute(List.of("create", "jwt-secret", "--secret=" + file("s.jwt"), "--length=4")).resultJson()).isNull();
  }

  @Test
  void badInputGetsOneClearLineAndLeavesNoFiles() throws Exception {
    List<String> before = files();
    assertThat(run("create", "tls", "keyfile", "--cacert=" + file("missing.crt"), "--cakey=" + file("missing.key"), "--host=a",
        "--keyfile=" + file("x.keyfile"))).isEqualTo(1);
    assertThat(err.toString()).contains("missing.crt does not exist");
    assertThat(run("create", "tls", "ca", "--cert=" + file("c.crt"), "--key=" + file("c.key"), "--curve=P999")).isEqualTo(1);
    assertThat(err.toString()).contains("--curve: unknown curve 'P999'; use P256, P384 or P521");
    assertThat(run("create", "tls", "ca", "--cert=" + file("c.crt"), "--key=" + file("c.key"), "--validfor=15y")).isEqualTo(1);
    assertThat(err.toString()).contains("--validfor: '15y' is not a duration");
    assertThat(files()).isEqualTo(before);

    // A CA key that belongs to another CA.
    assertThat(run("create", "tls", "ca", "--cert=" + file("a.crt"), "--key=" + file("a.key"))).isZero();
    assertThat(run("create", "tls", "ca", "--cert=" + file("b.crt"), "--key=" + file("b.key"))).isZero();
    before = files();
    assertThat(run("create", "tls", "keyfile", "--cacert=" + file("a.crt"), "--cakey=" + file("b.key"), "--host=a",
        "--keyfile=" + file("x.keyfile"))).isEqualTo(1);
    assertThat(err.toString()).contains("the CA key does not belong to the CA certificate");
    // Neither hosts nor e-mail addresses.
    assertThat(run("create", "tls", "keyfile", "--cacert=" + file("a.crt"), "--cakey=" + file("a.key"), "--keyfile=" + file("x.keyfile")))
        .isEqualTo(1);
    assertThat(err.toString()).contains("name at least one --host or --email");
    // A password-protected CA key.
    openssl("pkcs8", "-topk8", "-in", file("a.key"), "-out", file("a-encrypted.key"), "-v2", "aes256", "-passout", "pass:secret");
    before = files();
    assertThat(run("create", "tls", "keyfile", "--cacert=" + file("a.crt"), "--cakey=" + file("a-encrypted.key"), "--host=a",
        "--keyfile=" + file("x.keyfile"))).isEqualTo(1);
    assertThat(err.toString()).contains("a-encrypted.key holds a password-protected private key");
    assertThat(files()).isEqualTo(before);

    // An existing file is never replaced: the CA key would be lost.
    String key = Files.readString(dir.resolve("a.key"));
    assertThat(run("create", "tls", "ca", "--cert=" + file("new.crt"), "--key=" + file("a.key"))).isEqualTo(1);
    assertThat(err.toString()).contains("a.key exists already");
    assertThat(Files.readString(dir.resolve("a.key"))).isEqualTo(key);
    assertThat(files()).isEqualTo(before);
    assertThat(run("create", "jwt-secret", "--secret=" + file("s.jwt"), "--length=4")).isEqualTo(1);
    assertThat(err.toString()).contains("--length 4 is out of range");
  }

  /** Karaf bundles may register BouncyCastle as the first JCA provider; keyfiles must read the same then. */
  @Test
  void keyfilesAndCaKeysReadWithBouncyCastleAsTheFirstProvider() {
    for (String curve : List.of("--curve=P256", "--rsa-bits=2048")) {
      Path ca = dir.resolve("ca-" + curve.hashCode());
      assertThat(run("create", "tls", "ca", "--cert=" + ca + ".crt", "--key=" + ca + ".key", curve)).as(err.toString()).isZero();
      assertThat(run("create", "tls", "keyfile", "--cacert=" + ca + ".crt", "--cakey=" + ca + ".key", "--keyfile=" + ca + ".keyfile",
          "--host=localhost", curve)).as(err.toString()).isZero();
      java.security.Security.insertProviderAt(new org.bouncycastle.jce.provider.BouncyCastleProvider(), 1);
      try {
        Issued keyfile = Pem.readKeyfile(Path.of(ca + ".keyfile"));
        assertThat(keyfile.certificate().getSubjectX500Principal().getName()).contains("localhost");
        // The JDK's TLS engine chooses a server key by this name; BouncyCastle's EC keys say "ECDSA".
        assertThat(keyfile.key().getAlgorithm()).isIn("EC", "RSA");
        assertThat(Pem.readCa(Path.of(ca + ".crt"), Path.of(ca + ".key")).certificate()).isNotNull();
      } finally {
        java.security.Security.removeProvider(org.bouncycastle.jce.provider.BouncyCastleProvider.PROVIDER_NAME);
      }
    }
  }
}
