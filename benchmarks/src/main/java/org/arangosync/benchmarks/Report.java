package org.arangosync.benchmarks;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;
import org.rocksdb.RocksDB;

/**
 * The benchmark's report: a Markdown table for people and the same numbers as JSON for tools that
 * compare runs, both with the settings and the facts of the machine they were measured on.
 *
 * <p>Ratios are computed against the raw RocksDB phases of the same run ({@link PhaseResult#baseline}),
 * never against numbers from another run or machine: only a same-run ratio survives a change of
 * hardware, load or JVM.
 */
final class Report {

  /** The facts of the machine that make two reports comparable, or not. */
  record Machine(int cores, long maxHeapBytes, long physicalMemoryBytes, String cpu, String java, String os, String rocksdb,
      double loadAverageAtStart, double loadAverageAtEnd) {

    /** The system's one-minute load average, or -1 where the platform has none. */
    static double loadAverage() {
      return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    /** The machine now; {@code loadAverageAtStart} as {@link #loadAverage()} gave it when the run began. */
    static Machine current(double loadAverageAtStart) {
      long physical = ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
          ? os.getTotalMemorySize() : -1;
      return new Machine(
          Runtime.getRuntime().availableProcessors(),
          Runtime.getRuntime().maxMemory(),
          physical,
          cpuModel().orElse("unknown"),
          System.getProperty("java.vm.vendor") + " " + System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"),
          System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"),
          RocksDB.rocksdbVersion().toString(),
          loadAverageAtStart,
          loadAverage());
    }

    /** The CPU model where Linux tells it; other systems report none rather than a guess. */
    private static Optional<String> cpuModel() {
      Path cpuinfo = Path.of("/proc/cpuinfo");
      if (!Files.isReadable(cpuinfo)) {
        return Optional.empty();
      }
      try (Stream<String> lines = Files.lines(cpuinfo)) {
        return lines.filter(line -> line.startsWith("model name"))
            .map(line -> line.substring(line.indexOf(':') + 1).strip())
            .findFirst();
      } catch (IOException | java.io.UncheckedIOException e) {
        return Optional.empty();
      }
    }
  }

  private final BenchmarkSettings settings;
  private final Machine machine;
  private final List<PhaseResult> phases;
  private final long totalDocumentBytes;
  private final Instant started;
  private final double totalSeconds;

  Report(BenchmarkSettings settings, Machine machine, List<PhaseResult> phases, long totalDocumentBytes, Instant started,
      double totalSeconds) {
    this.settings = settings;
    this.machine = machine;
    this.phases = List.copyOf(phases);
    this.totalDocumentBytes = totalDocumentBytes;
    this.started = started;
    this.totalSeconds = totalSeconds;
  }

  /** Writes the Markdown and the JSON report, creating their directory. */
  void write() throws IOException {
    Path markdown = settings.report().toAbsolutePath();
    Files.createDirectories(markdown.getParent());
    Files.writeString(markdown, markdown(), StandardCharsets.UTF_8);
    ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    Files.write(settings.jsonReport().toAbsolutePath(), mapper.writeValueAsBytes(json(mapper)));
  }

  /** The ratio of a phase's docs/s to its baseline's, or null where no baseline applies. */
  Double ratio(PhaseResult phase) {
    if (phase.baseline() == null) {
      return null;
    }
    PhaseResult baseline = phases.stream().filter(candidate -> candidate.name().equals(phase.baseline())).findFirst()
        .orElseThrow(() -> new IllegalStateException("phase " + phase.name() + " names a missing baseline " + phase.baseline()));
    return phase.documentsPerSecond() / baseline.documentsPerSecond();
  }

  String markdown() {
    StringBuilder md = new StringBuilder();
    md.append("# Mini cluster throughput baselines\n\n");
    md.append("Measured ").append(started).append(" in ").append(format("%.0f", totalSeconds))
        .append(" s by `org.arangosync.benchmarks.MiniClusterBenchmark` (single server, in the benchmark's JVM, over HTTP on 127.0.0.1).\n\n");
    md.append(format("%,d", settings.documents())).append(" documents of about ").append(settings.documentBytes())
        .append(" bytes of JSON (").append(format("%,d", totalDocumentBytes)).append(" bytes in all). Single inserts use a subset of ")
        .append(format("%,d", settings.singleDocuments())).append(" documents per thread setting.")
        .append(settings.warmupDocuments() == 0 ? " No warm-up round."
            : format(" An untimed warm-up round of every phase with %,d other documents ran first.", settings.warmupDocuments()))
        .append("\n\n");
    md.append("| phase | documents | seconds | docs/s | MB/s | wire MB/s | ratio to raw RocksDB |\n");
    md.append("|---|---:|---:|---:|---:|---:|---|\n");
    for (PhaseResult phase : phases) {
      Double ratio = ratio(phase);
      md.append("| ").append(phase.name())
          .append(" | ").append(format("%,d", phase.documents()))
          .append(" | ").append(format("%.2f", phase.seconds()))
          .append(" | ").append(format("%,.0f", phase.documentsPerSecond()))
          .append(" | ").append(megabytes(phase.megabytesPerSecond()))
          .append(" | ").append(phase.wireBytes() == 0 ? "–" : megabytes(phase.wireMegabytesPerSecond()))
          .append(" | ").append(ratio == null ? "(baseline)" : format("%.3f", ratio) + " of " + phase.baseline())
          .append(" |\n");
    }
    md.append("\nMB = 10^6 bytes. MB/s counts the documents' JSON as generated; wire MB/s the HTTP bodies sent and received ")
        .append("(with `_id`, `_rev` and marker envelopes). The ratio divides docs/s by the docs/s of the raw RocksDB phase named.\n\n");
    md.append("## How each phase ran\n\n");
    for (PhaseResult phase : phases) {
      md.append("- **").append(phase.name()).append("**: ").append(phase.detail()).append('\n');
    }
    md.append("\n## Machine\n\n");
    md.append("- cores: ").append(machine.cores()).append('\n');
    md.append("- CPU: ").append(machine.cpu()).append('\n');
    md.append("- physical memory: ").append(gibibytes(machine.physicalMemoryBytes())).append('\n');
    md.append("- max heap: ").append(gibibytes(machine.maxHeapBytes())).append('\n');
    md.append("- Java: ").append(machine.java()).append('\n');
    md.append("- OS: ").append(machine.os()).append('\n');
    md.append("- RocksDB (rocksdbjni): ").append(machine.rocksdb()).append('\n');
    md.append("- load average (1 min) at start and end: ").append(format("%.2f", machine.loadAverageAtStart())).append(", ")
        .append(format("%.2f", machine.loadAverageAtEnd()))
        .append(" (the run's own threads count; a high value at the start means other work shared the cores)\n");
    md.append("\n## Settings\n\n");
    md.append("- documents: ").append(settings.documents()).append('\n');
    md.append("- documentBytes: ").append(settings.documentBytes()).append('\n');
    md.append("- singleDocuments: ").append(settings.singleDocuments()).append('\n');
    md.append("- warmupDocuments: ").append(settings.warmupDocuments()).append('\n');
    md.append("- singleThreads: ").append(settings.singleThreads()).append('\n');
    md.append("- importBatch: ").append(settings.importBatch()).append('\n');
    md.append("- chunkBytes: ").append(settings.chunkBytes()).append('\n');
    md.append("- keysChunk: ").append(settings.keysChunk()).append('\n');
    md.append("- rawBatch: ").append(settings.rawBatch()).append('\n');
    return md.toString();
  }

  private ObjectNode json(ObjectMapper mapper) {
    ObjectNode root = mapper.createObjectNode();
    root.put("benchmark", "minicluster");
    root.put("started", started.toString());
    root.put("totalSeconds", totalSeconds);
    ObjectNode config = root.putObject("settings");
    config.put("documents", settings.documents());
    config.put("documentBytes", settings.documentBytes());
    config.put("totalDocumentBytes", totalDocumentBytes);
    config.put("singleDocuments", settings.singleDocuments());
    config.put("warmupDocuments", settings.warmupDocuments());
    ArrayNode threads = config.putArray("singleThreads");
    settings.singleThreads().forEach(threads::add);
    config.put("importBatch", settings.importBatch());
    config.put("chunkBytes", settings.chunkBytes());
    config.put("keysChunk", settings.keysChunk());
    config.put("rawBatch", settings.rawBatch());
    ObjectNode host = root.putObject("machine");
    host.put("cores", machine.cores());
    host.put("cpu", machine.cpu());
    host.put("physicalMemoryBytes", machine.physicalMemoryBytes());
    host.put("maxHeapBytes", machine.maxHeapBytes());
    host.put("java", machine.java());
    host.put("os", machine.os());
    host.put("rocksdb", machine.rocksdb());
    host.put("loadAverageAtStart", machine.loadAverageAtStart());
    host.put("loadAverageAtEnd", machine.loadAverageAtEnd());
    ArrayNode list = root.putArray("phases");
    for (PhaseResult phase : phases) {
      ObjectNode entry = list.addObject();
      entry.put("name", phase.name());
      entry.put("documents", phase.documents());
      entry.put("seconds", phase.seconds());
      entry.put("docsPerSecond", phase.documentsPerSecond());
      entry.put("mbPerSecond", phase.megabytesPerSecond());
      entry.put("documentBytes", phase.documentBytes());
      entry.put("wireBytes", phase.wireBytes());
      entry.put("wireMbPerSecond", phase.wireMegabytesPerSecond());
      if (phase.baseline() == null) {
        entry.putNull("baseline");
        entry.putNull("ratioToBaseline");
      } else {
        entry.put("baseline", phase.baseline());
        entry.put("ratioToBaseline", ratio(phase));
      }
      entry.put("detail", phase.detail());
    }
    return root;
  }

  /** Two decimals below 10 MB/s, so that the small answers of the keys phase do not show as 0.0. */
  private static String megabytes(double perSecond) {
    return format(perSecond < 10 ? "%.2f" : "%.1f", perSecond);
  }

  private static String gibibytes(long bytes) {
    return bytes < 0 ? "unknown" : format("%.1f GiB", bytes / (1024.0 * 1024 * 1024));
  }

  /** Formats with fixed separators, so that reports from machines in other locales read the same. */
  private static String format(String pattern, Object... values) {
    return String.format(Locale.ROOT, pattern, values);
  }
}
