package org.arangosync.itests;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The distribution as an operator meets it: unpack the tar.gz, {@code bin/start}, a command through
 * {@code bin/client -b}, the standalone {@code bin/arangosync}, {@code bin/stop}.
 */
class DistributionIT {

  private static final Duration BOOT_TIMEOUT = Duration.ofSeconds(120);
  private static final String UNREACHABLE_MASTER = "https://127.0.0.1:1";

  @TempDir static Path workDir;

  private static Path home;
  private static int sshPort;
  private static String firstShellOutput;
  private static Duration coldStartToFirstCommand;

  @BeforeAll
  static void unpackAndStart() throws Exception {
    Path distribution = Path.of(System.getProperty("arangosync.distribution"));
    assertThat(run(workDir, Duration.ofMinutes(2), "tar", "xzf", distribution.toString()).exitCode).isZero();
    home = workDir.resolve("arangosync-karaf-" + System.getProperty("arangosync.version"));
    sshPort = KarafTestSupport.freePort();
    setProperty(home.resolve("etc/org.apache.karaf.shell.cfg"), "sshPort", sshPort);
    setProperty(home.resolve("etc/org.apache.karaf.management.cfg"), "rmiRegistryPort", KarafTestSupport.freePort());
    setProperty(home.resolve("etc/org.apache.karaf.management.cfg"), "rmiServerPort", KarafTestSupport.freePort());

    long started = System.nanoTime();
    assertThat(run(home, Duration.ofMinutes(1), "bin/start").exitCode).isZero();
    AtomicReference<String> output = new AtomicReference<>("");
    Awaitility.await("the shell answers arangosync:get-version through bin/client")
        .atMost(BOOT_TIMEOUT)
        .pollInterval(Duration.ofMillis(500))
        .until(() -> {
          output.set(client("arangosync:get-version --master.endpoint=" + UNREACHABLE_MASTER).output);
          return output.get().contains("sync master");
        });
    coldStartToFirstCommand = Duration.ofNanos(System.nanoTime() - started);
    firstShellOutput = output.get();
    System.out.printf("cold start (bin/start) to first arangosync command: %.1f s%n", coldStartToFirstCommand.toMillis() / 1000.0);
  }

  @AfterAll
  static void stop() throws Exception {
    if (home == null) {
      return;
    }
    run(home, Duration.ofMinutes(1), "bin/stop");
    String marker = home.toString();
    try {
      Awaitility.await("Karaf of " + marker + " to stop").atMost(Duration.ofSeconds(60))
          .until(() -> karafProcesses(marker).isEmpty());
    } finally {
      karafProcesses(marker).forEach(ProcessHandle::destroyForcibly);
    }
  }

  @Test
  void aShellCommandThroughBinClientPrintsTheClearConnectionError() {
    assertThat(firstShellOutput)
        .contains("cannot reach the sync master at " + UNREACHABLE_MASTER + ": connection refused")
        .contains("Check that a sync master runs at that address")
        .doesNotContain("Exception");
  }

  @Test
  void theFirstStartGeneratedAnAdminPasswordOnlyItsOwnerCanRead() throws IOException {
    Path passwordFile = home.resolve("etc/admin.password");
    String password = Files.readString(passwordFile).trim();
    assertThat(password).matches("[0-9a-f]{36}");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(passwordFile))).isEqualTo("rw-------");
    Path users = home.resolve("etc/users.properties");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(users))).isEqualTo("rw-------");
    assertThat(Files.readAllLines(users)).contains("admin = " + password + ",_g_:admingroup")
        .noneMatch(line -> line.startsWith("karaf"));
  }

  @Test
  void theConsoleListensOnLoopbackOnly() throws IOException {
    List<InetAddress> external = new ArrayList<>();
    for (NetworkInterface network : Collections.list(NetworkInterface.getNetworkInterfaces())) {
      for (InetAddress address : Collections.list(network.getInetAddresses())) {
        if (!address.isLoopbackAddress() && !address.isLinkLocalAddress()) {
          external.add(address);
        }
      }
    }
    try (Socket loopback = new Socket()) {
      loopback.connect(new InetSocketAddress("127.0.0.1", sshPort), 5_000);
    }
    for (InetAddress address : external) {
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress(address, sshPort), 2_000);
        throw new AssertionError("the console accepted a connection on " + address);
      } catch (IOException expected) {
        // refused: the console is not listening there
      }
    }
  }

  @Test
  void theLauncherPrintsTheProductVersion() throws Exception {
    Result result = run(home, Duration.ofSeconds(60), "bin/arangosync", "--version");
    assertThat(result.exitCode).isZero();
    assertThat(result.output).startsWith("arangosync " + System.getProperty("arangosync.version"));
  }

  @Test
  void theLauncherPrintsHelpForGetVersion() throws Exception {
    Result result = run(home, Duration.ofSeconds(60), "bin/arangosync", "get", "version", "--help");
    assertThat(result.exitCode).isZero();
    assertThat(result.output).contains("Usage: arangosync get version").contains("--master.endpoint=URL");
  }

  @Test
  void theLauncherNamesTheMasterItCannotReachAndExitsWithOne() throws Exception {
    Result result = run(home, Duration.ofSeconds(60), "bin/arangosync", "get", "version", "--master.endpoint", UNREACHABLE_MASTER);
    assertThat(result.exitCode).isEqualTo(1);
    assertThat(result.output).contains("Error: cannot reach the sync master at " + UNREACHABLE_MASTER + ": connection refused");
  }

  @Test
  void theLauncherSuggestsTheClosestCommandAndExitsWithTwo() throws Exception {
    Result result = run(home, Duration.ofSeconds(60), "bin/arangosync", "gett", "version");
    assertThat(result.exitCode).isEqualTo(2);
    assertThat(result.output).contains("'gett'").contains("Did you mean").contains("get").doesNotContain("Exception");
  }

  @Test
  void theLauncherRunsTheMiniClusterFromTheDistribution() throws Exception {
    Path dataDir = Files.createTempDirectory(workDir, "minicluster");
    Path log = workDir.resolve("minicluster.log");
    Process process = new ProcessBuilder(home.resolve("bin/arangosync").toString(), "minicluster", "--port=0", "--dbservers=1",
        "--data-dir=" + dataDir)
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    try {
      AtomicReference<String> endpoint = new AtomicReference<>();
      Awaitility.await("the mini cluster to print its endpoint").atMost(Duration.ofSeconds(60)).until(() -> {
        Matcher matcher = Pattern.compile("endpoint:\\s+(http://\\S+)").matcher(Files.readString(log));
        if (matcher.find()) {
          endpoint.set(matcher.group(1));
        }
        return endpoint.get() != null || !process.isAlive();
      });
      assertThat(endpoint.get()).as(Files.readString(log)).isNotNull();
      java.net.http.HttpResponse<String> health = java.net.http.HttpClient.newHttpClient().send(
          java.net.http.HttpRequest.newBuilder(java.net.URI.create(endpoint.get() + "/_admin/cluster/health"))
              .header("Authorization", "Basic cm9vdDo=").build(),
          java.net.http.HttpResponse.BodyHandlers.ofString());
      assertThat(health.statusCode()).isEqualTo(200);
      assertThat(health.body()).contains("\"Role\":\"AGENT\"").contains("\"Role\":\"COORDINATOR\"").contains("\"Role\":\"DBSERVER\"");
    } finally {
      process.destroy();
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
    assertThat(Files.readString(log)).doesNotContain("Exception");
  }

  /** The launcher carries the core and the adapter: a single-server mini cluster's logger state, and run applier's help. */
  @Test
  void theLauncherShowsTheLoggerStateOfALeader() throws Exception {
    Path dataDir = Files.createTempDirectory(workDir, "leader");
    Path log = workDir.resolve("leader.log");
    Process process = new ProcessBuilder(home.resolve("bin/arangosync").toString(), "minicluster", "--single", "--port=0",
        "--data-dir=" + dataDir)
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    try {
      AtomicReference<String> endpoint = new AtomicReference<>();
      Awaitility.await("the leader to print its endpoint").atMost(Duration.ofSeconds(60)).until(() -> {
        Matcher matcher = Pattern.compile("endpoint:\\s+http://(\\S+)").matcher(Files.readString(log));
        if (matcher.find()) {
          endpoint.set(matcher.group(1));
        }
        return endpoint.get() != null || !process.isAlive();
      });
      assertThat(endpoint.get()).as(Files.readString(log)).isNotNull();
      Result state = run(home, Duration.ofSeconds(60), "bin/arangosync", "replication", "logger-state", "--endpoint=tcp://" + endpoint.get(),
          "--auth.user=root", "--auth.password=");
      assertThat(state.exitCode).as(state.output).isZero();
      assertThat(state.output).contains("\"lastLogTick\" : \"").contains("\"engine\" : \"rocksdb\"");
    } finally {
      process.destroy();
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
    Result help = run(home, Duration.ofSeconds(60), "bin/arangosync", "run", "applier", "--help");
    assertThat(help.exitCode).isZero();
    assertThat(help.output).contains("Usage: arangosync run applier").contains("--follower.endpoint=URL");
  }

  private static Result client(String commandLine) throws Exception {
    return runWithInput(home, Duration.ofSeconds(60), commandLine + "\n", "bin/client", "-b");
  }

  private static Result run(Path directory, Duration timeout, String... command) throws Exception {
    return runWithInput(directory, timeout, null, command);
  }

  /** Runs a process to its end with the given standard input; output and errors together. */
  private static Result runWithInput(Path directory, Duration timeout, String input, String... command) throws Exception {
    Path log = Files.createTempFile(workDir, "process", ".log");
    ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile())
        .redirectErrorStream(true).redirectOutput(log.toFile());
    Map<String, String> environment = builder.environment();
    environment.put("JAVA_HOME", System.getProperty("java.home"));
    environment.keySet().removeIf(name -> name.startsWith("KARAF_") || name.equals("ARANGOSYNC_ADMIN_PASSWORD"));
    Process process = builder.start();
    try (var stdin = process.getOutputStream()) {
      if (input != null) {
        stdin.write(input.getBytes(StandardCharsets.UTF_8));
      }
    }
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly();
      throw new AssertionError(String.join(" ", command) + " did not end within " + timeout + ":\n" + Files.readString(log));
    }
    return new Result(process.exitValue(), Files.readString(log));
  }

  private static void setProperty(Path file, String key, int value) throws IOException {
    String text = Files.readString(file);
    Matcher matcher = Pattern.compile("(?m)^" + Pattern.quote(key) + "\\s*=.*$").matcher(text);
    assertThat(matcher.find()).as(key + " in " + file).isTrue();
    Files.writeString(file, matcher.replaceFirst(key + " = " + value));
  }

  private static List<ProcessHandle> karafProcesses(String marker) {
    List<ProcessHandle> found = new ArrayList<>();
    ProcessHandle.allProcesses()
        .filter(process -> process.info().commandLine().map(line -> line.contains(marker)).orElse(false))
        .forEach(found::add);
    return found;
  }

  private static final class Result {
    final int exitCode;
    final String output;

    Result(int exitCode, String output) {
      this.exitCode = exitCode;
      this.output = output;
    }
  }
}
