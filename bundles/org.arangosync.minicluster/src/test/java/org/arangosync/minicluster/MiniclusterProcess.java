package org.arangosync.minicluster;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.ServiceLoader;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.arangosync.command.CommandProvider;
import org.arangosync.command.CommandRunner;

/**
 * Runs {@code arangosync minicluster} in a JVM of its own, as an operator would, so that tests can
 * kill it for real. {@link #main} is what the child JVM runs.
 */
final class MiniclusterProcess implements AutoCloseable {

  private final Process process;
  private final URI endpoint;

  private MiniclusterProcess(Process process, URI endpoint) {
    this.process = process;
    this.endpoint = endpoint;
  }

  /** The child JVM: the command line through the same command model as bin/arangosync. */
  public static void main(String[] arguments) {
    int code = CommandRunner.of(ServiceLoader.load(CommandProvider.class))
        .run(List.of(arguments), new PrintWriter(System.out, true), new PrintWriter(System.err, true));
    System.exit(code);
  }

  /** Starts a single server on a free port over {@code dataDir} and waits for its endpoint line. */
  static MiniclusterProcess startSingle(Path dataDir, String... moreFlags) throws IOException {
    String javaBinary = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of(javaBinary, "-cp", System.getProperty("java.class.path"),
        MiniclusterProcess.class.getName(), "minicluster", "--single", "--port=0", "--data-dir=" + dataDir));
    command.addAll(java.util.List.of(moreFlags));
    Process process = new ProcessBuilder(command)
        .redirectErrorStream(true)
        .start();
    BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    CompletableFuture<URI> endpoint = CompletableFuture.supplyAsync(() -> {
      try {
        StringBuilder seen = new StringBuilder();
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
          seen.append(line).append('\n');
          if (line.trim().startsWith("endpoint:")) {
            return URI.create(line.trim().substring("endpoint:".length()).trim());
          }
        }
        throw new IllegalStateException("the mini cluster ended before printing its endpoint:\n" + seen);
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    });
    try {
      URI uri = endpoint.get(Duration.ofSeconds(60).toMillis(), TimeUnit.MILLISECONDS);
      // Keep draining the output so that the child never blocks on a full pipe.
      Thread drain = new Thread(() -> lines.lines().forEach(line -> { }), "minicluster-output");
      drain.setDaemon(true);
      drain.start();
      return new MiniclusterProcess(process, uri);
    } catch (Exception e) {
      process.destroyForcibly();
      throw new IOException("the mini cluster process did not start: " + e.getMessage(), e);
    }
  }

  URI endpoint() {
    return endpoint;
  }

  /** SIGKILL, as {@code kill -9}: no shutdown hook, no flush. */
  void killHard() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
