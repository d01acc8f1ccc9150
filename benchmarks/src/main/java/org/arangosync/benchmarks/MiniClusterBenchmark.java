package org.arangosync.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.arangosync.minicluster.MiniCluster;

/**
 * The throughput baselines of the mini cluster's single server, which the ArangoDB adapter and the
 * sync will be measured against: single-document inserts, bulk import, dump, WAL tail and keys
 * hashes, each against raw RocksDB measured in the same run (see {@code benchmarks/README.md}).
 *
 * <p>A benchmark, not a test: it measures and reports, and asserts nothing about speed. It does
 * assert correctness, because a fast wrong answer is worthless: every phase checks that exactly the
 * documents written come back (counts, and for dump and tail every key exactly once), and the run
 * fails with the first discrepancy instead of writing a report.
 *
 * <p>The phases run one after another on one server, in this order: raw RocksDB put and scan (then
 * deleted), single inserts per thread count (each into a collection of its own), bulk import into
 * the benchmark collection, its dump from a replication batch, the WAL tail over exactly the
 * import's ticks, and the keys hashes. Each phase is timed with {@link System#nanoTime()} around its
 * requests (and the client's parsing of the answers) only; documents are generated before any clock
 * starts. An untimed warm-up round of the same phases on a smaller set of documents comes first.
 */
public final class MiniClusterBenchmark {

  private static final String SIMPLE_LOGGER_LEVEL = "org.slf4j.simpleLogger.defaultLogLevel";

  private final BenchmarkSettings settings;
  private final List<PhaseResult> results = new ArrayList<>();

  private MiniClusterBenchmark(BenchmarkSettings settings) {
    this.settings = settings;
  }

  /** Runs the benchmark with settings from {@code --name=value} arguments or {@code -Dbenchmark.name=value}. */
  public static void main(String[] args) throws Exception {
    // Jetty's start-up and shutdown chatter at info would bury the progress lines; warnings still show.
    if (System.getProperty(SIMPLE_LOGGER_LEVEL) == null) {
      System.setProperty(SIMPLE_LOGGER_LEVEL, "warn");
    }
    new MiniClusterBenchmark(BenchmarkSettings.from(args)).run();
  }

  private void run() throws Exception {
    Instant started = Instant.now();
    double loadAtStart = Report.Machine.loadAverage();
    long begin = System.nanoTime();
    Files.createDirectories(settings.dataDir());
    Path root = Files.createTempDirectory(settings.dataDir(), "arangosync-benchmark-");
    Throwable failure = null;
    try {
      progress("generating %,d documents of %d bytes", settings.documents(), settings.documentBytes());
      DocumentSet documents = DocumentSet.generate(settings.documents(), settings.documentBytes());
      DocumentSet warmup = settings.warmupDocuments() == 0 ? null
          : DocumentSet.generate(settings.warmupDocuments(), settings.documentBytes());

      if (warmup != null) {
        RawRocksBaseline.run(warmup, root.resolve("raw-warmup"), settings.rawBatch()).forEach(MiniClusterBenchmark::warmedUp);
        deleteRecursively(root.resolve("raw-warmup"));
      }
      Path raw = root.resolve("raw");
      RawRocksBaseline.run(documents, raw, settings.rawBatch()).forEach(this::record);
      // The server should not share the disk and page cache with a database nobody reads any more.
      deleteRecursively(raw);

      try (MiniCluster cluster = MiniCluster.builder().dataDir(root.resolve("minicluster")).single(true).start()) {
        progress("mini cluster single server at %s", cluster.endpoint());
        ArangoHttp http = new ArangoHttp(cluster.endpoint(), "root", "");
        if (warmup != null) {
          // The same requests on other collections first, so that the measured round meets a JIT-compiled
          // server and client instead of timing the interpreter (a cold first phase ran at half speed).
          serverRound(http, warmup, Math.max(1, warmup.size() / 4), "warmup_", MiniClusterBenchmark::warmedUp);
        }
        serverRound(http, documents, settings.singleDocuments(), "", this::record);
      }

      Report report = new Report(settings, Report.Machine.current(loadAtStart), results, documents.totalBytes(), started,
          (System.nanoTime() - begin) / 1e9);
      report.write();
      System.out.println();
      System.out.print(report.markdown());
      progress("report written to %s and %s", settings.report().toAbsolutePath(), settings.jsonReport().toAbsolutePath());
    } catch (Exception | Error e) {
      failure = e;
      throw e;
    } finally {
      try {
        deleteRecursively(root);
      } catch (IOException e) {
        // The reason the run failed matters more than the leftover directory, which the message names.
        if (failure == null) {
          throw new IOException("cannot delete the benchmark data directory " + root, e);
        }
        failure.addSuppressed(e);
      }
    }
  }

  /**
   * One round of the server phases over {@code documents}, each phase handed to {@code done}. Collections
   * are named with {@code prefix}, so that a warm-up round and the measured round do not meet.
   */
  private void serverRound(ArangoHttp http, DocumentSet documents, int singleDocuments, String prefix,
      Consumer<PhaseResult> done) throws InterruptedException {
    for (int threads : settings.singleThreads()) {
      done.accept(singleInserts(http, documents, singleDocuments, threads, prefix + "single_" + threads));
    }
    String collection = prefix + "benchmark";
    // Created before the first tick is taken, so that the tail range holds the import and nothing else.
    String collectionId = createCollection(http, collection);
    long beforeImport = lastTick(http);
    done.accept(bulkImport(http, documents, collection));
    long afterImport = lastTick(http);
    done.accept(dump(http, documents, collection));
    done.accept(walTail(http, documents, collectionId, beforeImport, afterImport));
    done.accept(keys(http, documents, collection));
  }

  /** POST /_api/document one document per request from {@code threads} clients, into a fresh collection. */
  private PhaseResult singleInserts(ArangoHttp http, DocumentSet documents, int count, int threads, String collection)
      throws InterruptedException {
    createCollection(http, collection);
    String path = "/_api/document/" + collection;
    AtomicInteger next = new AtomicInteger();
    AtomicBoolean failed = new AtomicBoolean();
    Callable<Void> client = () -> {
      try {
        for (int i = next.getAndIncrement(); i < count && !failed.get(); i = next.getAndIncrement()) {
          http.call("POST", path, documents.json(i), 201, 202);
        }
        return null;
      } catch (RuntimeException e) {
        // The other clients stop at their next document instead of running on to the end.
        failed.set(true);
        throw e;
      }
    };
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    long wireBefore = http.wireBytes();
    long start = System.nanoTime();
    long nanos;
    try {
      List<Future<Void>> clients = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        clients.add(pool.submit(client));
      }
      for (Future<Void> running : clients) {
        try {
          running.get();
        } catch (ExecutionException e) {
          throw e.getCause() instanceof RuntimeException cause ? cause : new IllegalStateException(e.getCause());
        }
      }
      nanos = System.nanoTime() - start;
    } finally {
      pool.shutdownNow();
    }
    long wire = http.wireBytes() - wireBefore;
    long stored = collectionCount(http, collection);
    if (stored != count) {
      throw new IllegalStateException("collection " + collection + " holds " + stored + " documents after " + count + " single inserts");
    }
    return new PhaseResult("single inserts, " + threads + " threads", count, nanos, documents.bytes(0, count), wire,
        PhaseResult.RAW_PUT, format("POST /_api/document/%s, one document per request, %d client threads sharing one "
            + "HTTP/1.1 client, %,d documents (a subset of the %,d); verified the collection count", collection, threads, count,
            documents.size()));
  }

  /** POST /_api/import?type=documents with {@code importBatch} JSON lines per request, one client. */
  private PhaseResult bulkImport(ArangoHttp http, DocumentSet documents, String collection) {
    String path = "/_api/import?collection=" + collection + "&type=documents";
    int requests = 0;
    long wireBefore = http.wireBytes();
    long start = System.nanoTime();
    for (int from = 0; from < documents.size(); from += settings.importBatch()) {
      int to = Math.min(documents.size(), from + settings.importBatch());
      JsonNode answer = http.json("POST", path, documents.jsonLines(from, to), 201);
      requests++;
      if (answer.path("created").asLong(-1) != to - from || answer.path("errors").asLong(-1) != 0) {
        throw new IllegalStateException("import of documents " + from + ".." + (to - 1) + " answered " + answer);
      }
    }
    long nanos = System.nanoTime() - start;
    long wire = http.wireBytes() - wireBefore;
    long stored = collectionCount(http, collection);
    if (stored != documents.size()) {
      throw new IllegalStateException("collection " + collection + " holds " + stored + " documents after importing " + documents.size());
    }
    return new PhaseResult("bulk import", documents.size(), nanos, documents.totalBytes(), wire, PhaseResult.RAW_PUT,
        format("POST /_api/import?type=documents, %,d JSON lines per request, %d requests from one client; verified "
            + "created and errors of every answer and the collection count", settings.importBatch(), requests));
  }

  /** A replication batch and GET /_api/replication/dump until checkmore is false. */
  private PhaseResult dump(ArangoHttp http, DocumentSet documents, String collection) {
    MarkerTally tally = new MarkerTally(documents, null, -1L);
    int requests = 0;
    long wireBefore = http.wireBytes();
    long start = System.nanoTime();
    String batchId = createBatch(http);
    String path = "/_api/replication/dump?collection=" + collection + "&batchId=" + batchId + "&chunkSize=" + settings.chunkBytes();
    while (true) {
      ArangoHttp.Answer answer = http.call("GET", path, null, 200, 204);
      requests++;
      if (answer.status() == 204) {
        break;
      }
      long linesBefore = tally.lines();
      tally.add(answer.body());
      boolean checkMore = Boolean.parseBoolean(answer.requiredHeader("x-arango-replication-checkmore"));
      if (checkMore && tally.lines() == linesBefore) {
        throw new IllegalStateException("dump request " + requests + " answered 200 with no documents but checkmore true");
      }
      if (!checkMore) {
        break;
      }
    }
    http.call("DELETE", "/_api/replication/batch/" + batchId, null, 204);
    long nanos = System.nanoTime() - start;
    long wire = http.wireBytes() - wireBefore;
    tally.verifyComplete("the dump");
    if (tally.otherMarkers() != 0) {
      throw new IllegalStateException("the dump returned " + tally.otherMarkers() + " lines that are not type 2300");
    }
    return new PhaseResult("dump", tally.upserts(), nanos, documents.totalBytes(), wire, PhaseResult.RAW_SCAN,
        format("POST /_api/replication/batch, GET /_api/replication/dump?chunkSize=%d until checkmore is false (%d requests), "
            + "DELETE batch; every line parsed (%.2f s of the phase); verified each of the %,d keys exactly once",
            settings.chunkBytes(), requests, tally.parseSeconds(), tally.upserts()));
  }

  /** GET /_api/wal/tail from the tick before the import until the import's last tick, counting 2300 markers. */
  private PhaseResult walTail(ArangoHttp http, DocumentSet documents, String collectionId, long fromTick, long toTick) {
    MarkerTally tally = new MarkerTally(documents, collectionId, toTick);
    int requests = 0;
    long from = fromTick;
    long wireBefore = http.wireBytes();
    long start = System.nanoTime();
    while (Long.compareUnsigned(from, toTick) < 0) {
      ArangoHttp.Answer answer = http.call("GET", "/_api/wal/tail?from=" + Long.toUnsignedString(from) + "&chunkSize="
          + settings.chunkBytes(), null, 200, 204);
      requests++;
      if (!Boolean.parseBoolean(answer.requiredHeader("x-arango-replication-frompresent"))) {
        throw new IllegalStateException("the WAL no longer holds tick " + Long.toUnsignedString(from) + " (frompresent false)");
      }
      if (answer.status() == 204) {
        // Nothing left that a client would be shown: the ticks up to toTick were operations without markers.
        break;
      }
      tally.add(answer.body());
      long lastIncluded = Long.parseUnsignedLong(answer.requiredHeader("x-arango-replication-lastincluded"));
      if (Long.compareUnsigned(lastIncluded, from) <= 0) {
        throw new IllegalStateException("WAL tail from " + Long.toUnsignedString(from) + " answered 200 but lastincluded "
            + Long.toUnsignedString(lastIncluded));
      }
      from = lastIncluded;
      if (!Boolean.parseBoolean(answer.requiredHeader("x-arango-replication-checkmore"))) {
        break;
      }
    }
    long nanos = System.nanoTime() - start;
    long wire = http.wireBytes() - wireBefore;
    tally.verifyComplete("the WAL tail");
    return new PhaseResult("WAL tail", tally.upserts(), nanos, documents.totalBytes(), wire, PhaseResult.RAW_SCAN,
        format("GET /_api/wal/tail?chunkSize=%d from tick %s (before the import) to %s (after it), continuing from "
            + "lastincluded while checkmore (%d requests); every line parsed (%.2f s of the phase); verified each of the %,d "
            + "keys exactly once in type 2300 markers of the collection (%,d other markers, the transaction frames of the import)",
            settings.chunkBytes(), Long.toUnsignedString(fromTick), Long.toUnsignedString(toTick), requests, tally.parseSeconds(),
            tally.upserts(), tally.otherMarkers()));
  }

  /** A replication batch, POST /_api/replication/keys and GET keys/{id}: the chunk hashes of the whole collection. */
  private PhaseResult keys(ArangoHttp http, DocumentSet documents, String collection) {
    long wireBefore = http.wireBytes();
    long start = System.nanoTime();
    String batchId = createBatch(http);
    JsonNode context = http.json("POST", "/_api/replication/keys?collection=" + collection + "&batchId=" + batchId, null, 200);
    String keysId = context.path("id").asText();
    long count = context.path("count").asLong(-1);
    JsonNode chunks = http.json("GET", "/_api/replication/keys/" + keysId + "?chunkSize=" + settings.keysChunk(), null, 200);
    http.call("DELETE", "/_api/replication/keys/" + keysId, null, 202);
    http.call("DELETE", "/_api/replication/batch/" + batchId, null, 204);
    long nanos = System.nanoTime() - start;
    long wire = http.wireBytes() - wireBefore;
    if (count != documents.size()) {
      throw new IllegalStateException("POST /_api/replication/keys counted " + count + " documents of " + documents.size() + ": " + context);
    }
    verifyChunks(chunks, documents);
    return new PhaseResult("keys hashes", count, nanos, documents.totalBytes(), wire, PhaseResult.RAW_SCAN,
        format("POST /_api/replication/batch, POST /_api/replication/keys, GET /_api/replication/keys/{id}?chunkSize=%d "
            + "(%,d chunks in one answer), DELETE keys and batch; verified the count and that the chunks cover every key "
            + "in order", settings.keysChunk(), chunks.size()));
  }

  /** The chunks must partition the keys in order: chunk i spans keys i*chunk .. (i+1)*chunk-1, with a hash. */
  private void verifyChunks(JsonNode chunks, DocumentSet documents) {
    int chunk = settings.keysChunk();
    int expected = (documents.size() + chunk - 1) / chunk;
    if (!chunks.isArray() || chunks.size() != expected) {
      throw new IllegalStateException("GET /_api/replication/keys returned " + chunks.size() + " chunks, expected " + expected);
    }
    for (int i = 0; i < expected; i++) {
      JsonNode entry = chunks.get(i);
      String low = documents.key(i * chunk);
      String high = documents.key(Math.min(documents.size(), (i + 1) * chunk) - 1);
      String hash = entry.path("hash").asText("");
      if (!low.equals(entry.path("low").asText()) || !high.equals(entry.path("high").asText()) || !hash.matches("[0-9]{1,20}")) {
        throw new IllegalStateException("keys chunk " + i + " is " + entry + ", expected low " + low + ", high " + high
            + " and a decimal hash");
      }
      Long.parseUnsignedLong(hash);
    }
  }

  private static String createCollection(ArangoHttp http, String name) {
    JsonNode created = http.json("POST", "/_api/collection", Map.of("name", name), 200);
    String id = created.path("globallyUniqueId").asText("");
    if (id.isEmpty()) {
      throw new IllegalStateException("POST /_api/collection answered without globallyUniqueId: " + created);
    }
    return id;
  }

  private static long collectionCount(ArangoHttp http, String name) {
    return http.json("GET", "/_api/collection/" + name + "/count", null, 200).path("count").asLong(-1);
  }

  private static long lastTick(ArangoHttp http) {
    return Long.parseUnsignedLong(http.json("GET", "/_api/wal/lastTick", null, 200).path("tick").asText());
  }

  private static String createBatch(ArangoHttp http) {
    JsonNode batch = http.json("POST", "/_api/replication/batch", Map.of("ttl", 600), 200);
    String id = batch.path("id").asText("");
    if (id.isEmpty()) {
      throw new IllegalStateException("POST /_api/replication/batch answered without id: " + batch);
    }
    return id;
  }

  private void record(PhaseResult phase) {
    results.add(phase);
    progress("%-26s %,11d docs %9.2f s %,12.0f docs/s %8.1f MB/s", phase.name(), phase.documents(), phase.seconds(),
        phase.documentsPerSecond(), phase.megabytesPerSecond());
  }

  private static void warmedUp(PhaseResult phase) {
    progress("(warm-up) %-17s %,11d docs %9.2f s", phase.name(), phase.documents(), phase.seconds());
  }

  private static void progress(String pattern, Object... values) {
    System.out.println("[benchmark] " + format(pattern, values));
  }

  private static String format(String pattern, Object... values) {
    return String.format(Locale.ROOT, pattern, values);
  }

  private static void deleteRecursively(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }
}
