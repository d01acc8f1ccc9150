package org.arangosync.benchmarks;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.arangosync.api.Tick;
import org.arangosync.api.spi.store.Change;
import org.arangosync.api.spi.store.ShardLocation;
import org.arangosync.api.spi.store.ShardRef;
import org.arangosync.api.spi.store.Snapshot;
import org.arangosync.arangodb.ArangoClusterStore;
import org.arangosync.arangodb.ArangoConnection;
import org.arangosync.arangodb.ConnectionSettings;
import org.arangosync.minicluster.MiniCluster;

/**
 * What the ArangoDB adapter costs on the hot path: a shard dump and an apply through
 * {@link ArangoClusterStore}, next to the same work done with plain HTTP requests in the same run
 * against the same mini cluster (the raw rate). The goal: the adapter costs no more than
 * 20% of the raw rate, i.e. its docs/s are at least 0.8 of the raw docs/s.
 *
 * <p>Arguments: the number of documents (default 1,000,000) and the report path.
 */
public final class AdapterBenchmark {

  private static final int DOCUMENT_BYTES = 200;
  private static final int APPLY_BATCH = 10_000;
  private static final long CHUNK_BYTES = 4L * 1024 * 1024;

  private AdapterBenchmark() {}

  public static void main(String[] arguments) throws Exception {
    int count = arguments.length > 0 && !arguments[0].isBlank() ? Integer.parseInt(arguments[0]) : 1_000_000;
    Path report = Path.of(arguments.length > 1 ? arguments[1] : "benchmarks/target/adapter-report.md");
    DocumentSet documents = DocumentSet.generate(count, DOCUMENT_BYTES);
    Path dataDir = Files.createTempDirectory("adapter-benchmark");
    Instant started = Instant.now();
    List<PhaseResult> phases = new ArrayList<>();
    try (MiniCluster cluster = MiniCluster.builder().dataDir(dataDir).single(true).start();
        ArangoClusterStore store = new ArangoClusterStore(ArangoConnection.open(
            ConnectionSettings.withUser(List.of(cluster.endpoint()), "root", "")));
        ArangoClusterStore storeH2 = new ArangoClusterStore(ArangoConnection.open(
            ConnectionSettings.withUser(List.of(cluster.endpoint()), "root", "").withProtocol(ConnectionSettings.Protocol.HTTP_2)))) {
      ArangoHttp raw = new ArangoHttp(cluster.endpoint(), "root", "");
      for (String collection : List.of("source", "warm_raw", "warm_adapter", "warm_h2", "raw_target", "adapter_target", "h2_target")) {
        raw.json("POST", "/_api/collection", java.util.Map.of("name", collection), 200);
      }
      load(raw, documents);
      List<Change> changes = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        changes.add(new Change(Tick.ZERO, Change.DOCUMENT, "0", documents.key(i), null, documents.json(i)));
      }
      ShardLocation source = store.locate(new ShardRef("_system", "source", 0));

      // Warm-up: the same code paths, untimed, so that the JIT does not decide the result.
      rawDump(raw, count);
      adapterDump(store, source, count);
      rawApply(raw, documents, "warm_raw", Math.min(count, 50_000));
      store.apply("_system", "warm_adapter", changes.subList(0, Math.min(count, 50_000)));
      adapterDump(storeH2, source, count);
      storeH2.apply("_system", "warm_h2", changes.subList(0, Math.min(count, 50_000)));

      phases.add(timed("raw dump (HTTP, lines counted)", count, documents.totalBytes(), null, () -> rawDump(raw, count)));
      phases.add(timed("adapter dump (ArangoClusterStore.dump)", count, documents.totalBytes(), "raw dump (HTTP, lines counted)",
          () -> adapterDump(store, source, count)));
      phases.add(timed("raw apply (HTTP arrays, overwriteMode=replace)", count, documents.totalBytes(), null,
          () -> rawApply(raw, documents, "raw_target", count)));
      phases.add(timed("adapter apply (ArangoClusterStore.apply)", count, documents.totalBytes(),
          "raw apply (HTTP arrays, overwriteMode=replace)", () -> {
            for (int from = 0; from < count; from += APPLY_BATCH) {
              store.apply("_system", "adapter_target", changes.subList(from, Math.min(count, from + APPLY_BATCH)));
            }
          }));
      phases.add(timed("adapter dump over HTTP/2 (h2c)", count, documents.totalBytes(), "raw dump (HTTP, lines counted)",
          () -> adapterDump(storeH2, source, count)));
      phases.add(timed("adapter apply over HTTP/2 (h2c)", count, documents.totalBytes(),
          "raw apply (HTTP arrays, overwriteMode=replace)", () -> {
            for (int from = 0; from < count; from += APPLY_BATCH) {
              storeH2.apply("_system", "h2_target", changes.subList(from, Math.min(count, from + APPLY_BATCH)));
            }
          }));
      for (String target : List.of("raw_target", "adapter_target", "h2_target")) {
        long stored = raw.json("GET", "/_api/collection/" + target + "/count", null, 200).path("count").asLong();
        if (stored != count) {
          throw new IllegalStateException(target + " holds " + stored + " documents, expected " + count);
        }
      }
    } finally {
      try (var files = Files.walk(dataDir)) {
        files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
      }
    }
    String markdown = markdown(phases, count, started);
    Files.createDirectories(report.toAbsolutePath().getParent());
    Files.writeString(report, markdown);
    System.out.println(markdown);
  }

  private interface Work {
    void run() throws Exception;
  }

  private static PhaseResult timed(String name, long count, long bytes, String baseline, Work work) throws Exception {
    long start = System.nanoTime();
    work.run();
    return new PhaseResult(name, count, System.nanoTime() - start, bytes, 0, baseline, "");
  }

  private static void load(ArangoHttp raw, DocumentSet documents) {
    for (int from = 0; from < documents.size(); from += APPLY_BATCH) {
      ByteArrayOutputStream lines = new ByteArrayOutputStream();
      for (int i = from; i < Math.min(documents.size(), from + APPLY_BATCH); i++) {
        lines.writeBytes(documents.json(i));
        lines.write('\n');
      }
      raw.call("POST", "/_api/import?collection=source&type=documents", lines.toByteArray(), 201);
    }
  }

  /** A dump over plain HTTP that counts lines: the transfer without the adapter's parsing. */
  private static void rawDump(ArangoHttp raw, long expected) {
    String batch = raw.json("POST", "/_api/replication/batch", java.util.Map.of("ttl", 600), 200).path("id").asText();
    long lines = 0;
    while (true) {
      ArangoHttp.Answer answer = raw.call("GET", "/_api/replication/dump?collection=source&batchId=" + batch + "&chunkSize=" + CHUNK_BYTES,
          null, 200, 204);
      for (byte b : answer.body()) {
        if (b == '\n') {
          lines++;
        }
      }
      if (answer.status() == 204 || !"true".equals(answer.header("x-arango-replication-checkmore"))) {
        break;
      }
    }
    raw.call("DELETE", "/_api/replication/batch/" + batch, null, 204);
    if (lines != expected) {
      throw new IllegalStateException("the raw dump returned " + lines + " lines, expected " + expected);
    }
  }

  private static void adapterDump(ArangoClusterStore store, ShardLocation source, long expected) {
    Snapshot snapshot = store.snapshot(source, Duration.ofMinutes(10));
    AtomicLong seen = new AtomicLong();
    long dumped = store.dump(snapshot, change -> seen.incrementAndGet());
    store.release(snapshot);
    if (dumped != expected || seen.get() != expected) {
      throw new IllegalStateException("the adapter dumped " + dumped + " documents, expected " + expected);
    }
  }

  /** Arrays of 10,000 documents with overwriteMode=replace over plain HTTP: what the adapter's apply sends. */
  private static void rawApply(ArangoHttp raw, DocumentSet documents, String collection, int count) {
    for (int from = 0; from < count; from += APPLY_BATCH) {
      ByteArrayOutputStream body = new ByteArrayOutputStream();
      body.write('[');
      for (int i = from; i < Math.min(count, from + APPLY_BATCH); i++) {
        if (i > from) {
          body.write(',');
        }
        body.writeBytes(documents.json(i));
      }
      body.write(']');
      raw.call("POST", "/_api/document/" + collection + "?overwriteMode=replace&silent=true", body.toByteArray(), 201, 202);
    }
  }

  private static String markdown(List<PhaseResult> phases, int count, Instant started) {
    StringBuilder md = new StringBuilder("# ArangoDB adapter overhead\n\n");
    md.append("Measured ").append(started).append(" by `org.arangosync.benchmarks.AdapterBenchmark`: ").append(String.format("%,d", count))
        .append(" documents of about ").append(DOCUMENT_BYTES).append(" bytes, a single-server mini cluster in the same JVM, ")
        .append(Runtime.getRuntime().availableProcessors()).append(" cores. Every phase ran once untimed first.\n\n");
    md.append("| phase | documents | seconds | docs/s | ratio to raw | adapter cost |\n|---|---:|---:|---:|---:|---:|\n");
    for (PhaseResult phase : phases) {
      String ratio = "";
      String cost = "";
      if (phase.baseline() != null) {
        PhaseResult baseline = phases.stream().filter(p -> p.name().equals(phase.baseline())).findFirst().orElseThrow();
        double value = phase.documentsPerSecond() / baseline.documentsPerSecond();
        ratio = String.format("%.2f", value);
        cost = String.format("%.0f%%", Math.max(0, (1 - value) * 100));
      }
      md.append(String.format("| %s | %,d | %.2f | %,.0f | %s | %s |%n", phase.name(), phase.documents(), phase.seconds(),
          phase.documentsPerSecond(), ratio, cost));
    }
    md.append("\nGoal (issue 4): adapter cost at most 20% (ratio at least 0.80). The raw dump only counts lines; the adapter also parses "
        + "each line and cuts out its document. The raw apply sends the same arrays the adapter sends. "
        + "The HTTP/2 rows are the same adapter with httpVersion=2 (one multiplexed h2c connection), against the same HTTP/1.1 raw rates.\n");
    return md.toString();
  }
}
