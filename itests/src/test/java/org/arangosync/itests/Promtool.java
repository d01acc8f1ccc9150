package org.arangosync.itests;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Prometheus's own checker ({@code promtool}, Debian's package {@code prometheus}, which
 * {@code .ci/run} installs) over what the product writes: a real parser rather than ours.
 */
final class Promtool {

  /**
   * The linter's findings that are decisions, not mistakes: the two counters whose names
   * ArangoSync's documentation fixes without the {@code _total} suffix, and the certificate gauges,
   * which count days (what an operator plans a renewal in) where the convention wants seconds.
   */
  static final List<String> ACCEPTED_LINT = List.of(
      "arangosync_master_worker_registrations counter metrics should have \"_total\" suffix",
      "arangosync_master_worker_storage counter metrics should have \"_total\" suffix",
      "arangosync_master_certificate_expiry_days use base unit \"seconds\" instead of \"days\"",
      "arangosync_worker_certificate_expiry_days use base unit \"seconds\" instead of \"days\"");

  private Promtool() {}

  /**
   * Runs {@code promtool check metrics} over a Prometheus text exposition. Fails (AssertionError)
   * when promtool is missing or cannot parse it; returns the linter's problems other than
   * {@link #ACCEPTED_LINT} (empty when all is well).
   */
  static List<String> checkMetrics(String exposition) throws IOException, InterruptedException {
    Result result = run(exposition, "check", "metrics");
    // Exit 0: fine; 3: parsed, with lint problems; anything else: it could not be read.
    if (result.exitCode() != 0 && result.exitCode() != 3) {
      throw new AssertionError("promtool check metrics could not read the exposition (exit " + result.exitCode() + "): "
          + result.output());
    }
    List<String> problems = new ArrayList<>();
    for (String line : result.output().split("\n")) {
      String problem = line.strip();
      if (problem.isEmpty() || ACCEPTED_LINT.contains(problem)) {
        continue;
      }
      problems.add(problem);
    }
    return problems;
  }

  /** Runs {@code promtool check config} on a configuration file; its output when it failed, empty when it passed. */
  static String checkConfig(Path file) throws IOException, InterruptedException {
    Result result = run(null, "check", "config", file.toString());
    return result.exitCode() == 0 ? "" : result.output();
  }

  private record Result(int exitCode, String output) {}

  private static Result run(String input, String... arguments) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add("promtool");
    command.addAll(List.of(arguments));
    Process process;
    try {
      process = new ProcessBuilder(command).redirectErrorStream(true).start();
    } catch (IOException e) {
      throw new AssertionError("promtool is not installed: install Debian's package 'prometheus' (apt-get install prometheus; "
          + ".ci/run does), which brings Prometheus's checker promtool", e);
    }
    Path output = Files.createTempFile("promtool", ".out");
    try {
      // Read the output on a thread of its own: a full pipe would block promtool while we write its input.
      Thread reader = new Thread(() -> {
        try {
          Files.copy(process.getInputStream(), output, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException ignored) {
          // the exit code tells
        }
      });
      reader.start();
      try (var stdin = process.getOutputStream()) {
        if (input != null) {
          stdin.write(input.getBytes(StandardCharsets.UTF_8));
        }
      }
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError("promtool " + String.join(" ", arguments) + " did not end within 60 s");
      }
      reader.join(10_000);
      return new Result(process.exitValue(), Files.readString(output));
    } finally {
      Files.deleteIfExists(output);
    }
  }
}
