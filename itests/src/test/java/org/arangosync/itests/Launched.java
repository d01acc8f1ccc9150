package org.arangosync.itests;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;

/**
 * Processes of the unpacked distribution, as the end-to-end tests start them: commands run to
 * their end ({@link #run}), and long-running servers ({@link #start}) that are ready once their
 * output shows a pattern and stop on SIGTERM. Every process gets the test's JDK and none of the
 * Karaf environment of the build.
 */
final class Launched {

  static final Duration BOOT_TIMEOUT = Duration.ofSeconds(180);

  private Launched() {}

  /** A long-running process; {@link #address()} is what its ready pattern captured. Closing sends SIGTERM and waits. */
  record Server(String name, Process process, Path log, AtomicReference<String> found) implements AutoCloseable {

    String address() {
      return found.get();
    }

    /** Kills the server and every process it started (a run master's Karaf) at once, as a crash would. */
    void kill() throws InterruptedException {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
      process.waitFor(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
      process.destroy();
      if (!process.waitFor(90, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError(name + " did not stop within 90 s of SIGTERM");
      }
    }
  }

  /** What a command printed (output and errors together) and how it ended. */
  static final class Result {
    final int exitCode;
    final String output;

    Result(int exitCode, String output) {
      this.exitCode = exitCode;
      this.output = output;
    }
  }

  /**
   * Starts a long-running command in {@code directory} and waits until its output shows
   * {@code ready} (group 1: its address); logs go to a file in {@code workDir}.
   */
  static Server start(Path directory, Path workDir, String name, Pattern ready, List<String> command) throws Exception {
    Path log = Files.createTempFile(workDir, name, ".log");
    ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
    builder.environment().keySet().removeIf(variable -> variable.startsWith("KARAF_"));
    Process process = builder.start();
    Server server = new Server(name, process, log, new AtomicReference<>());
    try {
      Awaitility.await(name + " to be ready").atMost(BOOT_TIMEOUT).until(() -> {
        Matcher matcher = ready.matcher(Files.readString(log));
        if (matcher.find()) {
          server.found().set(matcher.group(1));
        }
        return server.found().get() != null || !process.isAlive();
      });
      assertThat(server.found().get()).as(name + " did not start:\n" + Files.readString(log)).isNotNull();
      return server;
    } catch (RuntimeException | AssertionError e) {
      server.close();
      throw e;
    }
  }

  /** The distribution's mini cluster on free ports; its address is the coordinator's http:// URL. */
  static Server miniCluster(Path home, Path workDir, String name, String... options) throws Exception {
    return miniCluster(home, workDir, name, Files.createTempDirectory(workDir, name), 0, options);
  }

  /**
   * The mini cluster with its data in {@code dataDir} on {@code port} (the coordinator; the agent and
   * the DB-Servers on the ports after it), so that it can be stopped and started again where it was.
   */
  static Server miniCluster(Path home, Path workDir, String name, Path dataDir, int port, String... options) throws Exception {
    List<String> command = new ArrayList<>(List.of(home.resolve("bin/arangosync").toString(), "minicluster", "--port=" + port,
        "--data-dir=" + dataDir));
    command.addAll(List.of(options));
    return start(home, workDir, name, Pattern.compile("endpoint:\\s+(http://\\S+)"), command);
  }

  /** The first of {@code count} consecutive ports that are free now. */
  static int freePorts(int count) {
    for (int attempt = 0; attempt < 200; attempt++) {
      int first = 20_000 + java.util.concurrent.ThreadLocalRandom.current().nextInt(30_000);
      boolean free = true;
      for (int port = first; port < first + count && free; port++) {
        try (java.net.ServerSocket socket = new java.net.ServerSocket()) {
          socket.bind(new java.net.InetSocketAddress("127.0.0.1", port));
        } catch (java.io.IOException e) {
          free = false;
        }
      }
      if (free) {
        return first;
      }
    }
    throw new IllegalStateException("no " + count + " consecutive free ports found");
  }

  static Result run(Path directory, Path workDir, Duration timeout, String... command) throws Exception {
    return runWithInput(directory, workDir, timeout, null, command);
  }

  /** Runs a process to its end with the given standard input. */
  static Result runWithInput(Path directory, Path workDir, Duration timeout, String input, String... command) throws Exception {
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

  /** The Karaf JVMs whose command line contains {@code marker} (an instance directory). */
  static List<ProcessHandle> karafProcesses(String marker) {
    List<ProcessHandle> found = new ArrayList<>();
    ProcessHandle.allProcesses()
        .filter(process -> process.info().commandLine().map(line -> line.contains(marker)).orElse(false))
        .forEach(found::add);
    return found;
  }

  /** A TLS context that trusts the CA certificate in {@code caFile} only. */
  static javax.net.ssl.SSLContext trusting(Path caFile) throws Exception {
    java.security.KeyStore trust = java.security.KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    try (var in = Files.newInputStream(caFile)) {
      trust.setCertificateEntry("ca", java.security.cert.CertificateFactory.getInstance("X.509").generateCertificate(in));
    }
    javax.net.ssl.TrustManagerFactory factory = javax.net.ssl.TrustManagerFactory.getInstance(
        javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
    factory.init(trust);
    javax.net.ssl.SSLContext context = javax.net.ssl.SSLContext.getInstance("TLS");
    context.init(null, factory.getTrustManagers(), null);
    return context;
  }
}
