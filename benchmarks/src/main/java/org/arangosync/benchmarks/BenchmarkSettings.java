package org.arangosync.benchmarks;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The settings of one benchmark run, each declared once with its name, default and meaning.
 *
 * <p>A setting {@code x} is read from the program argument {@code --x=value}, else from the system
 * property {@code benchmark.x}, else its default. An empty value counts as not given, so that a build
 * can pass every setting through and leave the defaults to this class.
 *
 * @param documents documents in the bulk import, dump, WAL tail, keys and raw RocksDB phases
 * @param documentBytes the size of one generated document as JSON (the {@code _key} included)
 * @param singleDocuments documents per single-insert setting (a subset, one HTTP request each)
 * @param warmupDocuments documents of the untimed warm-up round before the measured one (0: none)
 * @param singleThreads the client thread counts of the single-insert phase, one measurement each
 * @param importBatch documents per {@code POST /_api/import} request
 * @param chunkBytes the {@code chunkSize} of dump and WAL tail requests
 * @param keysChunk the {@code chunkSize} (keys per chunk) of {@code GET /_api/replication/keys/{id}}
 * @param rawBatch documents per RocksDB WriteBatch in the raw baseline
 * @param report the Markdown report; the JSON report is written next to it with {@code .json}
 * @param dataDir the directory under which a fresh temporary data directory is made (and deleted)
 */
record BenchmarkSettings(
    int documents, int documentBytes, int singleDocuments, int warmupDocuments, List<Integer> singleThreads, int importBatch,
    long chunkBytes, int keysChunk, int rawBatch, Path report, Path dataDir) {

  /** The names a run understands, with their help, for the error message on an unknown one. */
  private static final Map<String, String> HELP = new LinkedHashMap<>();

  static {
    HELP.put("documents", "documents of the import, dump, tail, keys and raw phases (default 1000000)");
    HELP.put("documentBytes", "bytes of JSON per document (default 200)");
    HELP.put("singleDocuments", "documents per single-insert setting (default min(50000, documents))");
    HELP.put("warmupDocuments", "documents of the untimed warm-up round, 0 for none (default min(20000, documents))");
    HELP.put("singleThreads", "comma-separated client thread counts of the single inserts (default 2,8)");
    HELP.put("importBatch", "documents per import request (default 10000)");
    HELP.put("chunkBytes", "chunkSize of dump and WAL tail requests (default 4194304)");
    HELP.put("keysChunk", "keys per chunk of GET /_api/replication/keys, 100..20000 (default 5000)");
    HELP.put("rawBatch", "documents per RocksDB WriteBatch of the raw baseline (default 1000)");
    HELP.put("report", "the Markdown report, a .json next to it (default benchmarks/target/minicluster-report.md)");
    HELP.put("dataDir", "where the temporary data directory is made (default java.io.tmpdir)");
  }

  BenchmarkSettings {
    singleThreads = List.copyOf(singleThreads);
    positive("documents", documents);
    positive("documentBytes", documentBytes);
    positive("singleDocuments", singleDocuments);
    if (warmupDocuments < 0) {
      throw new IllegalArgumentException("warmupDocuments must not be negative, not " + warmupDocuments);
    }
    positive("importBatch", importBatch);
    positive("chunkBytes", chunkBytes);
    positive("keysChunk", keysChunk);
    positive("rawBatch", rawBatch);
    if (singleThreads.isEmpty()) {
      throw new IllegalArgumentException("singleThreads needs at least one thread count");
    }
    singleThreads.forEach(threads -> positive("singleThreads", threads));
    // ArangoDB (and the mini cluster) silently turn other chunk sizes into 5000 or 20000; the checks expect exact chunks.
    if (keysChunk < 100 || keysChunk > 20_000) {
      throw new IllegalArgumentException("keysChunk must be within 100..20000 as in ArangoDB, not " + keysChunk);
    }
    // The single inserts send the first documents of the generated set again, into collections of their own.
    if (singleDocuments > documents) {
      throw new IllegalArgumentException("singleDocuments (" + singleDocuments + ") must not exceed documents (" + documents + ")");
    }
  }

  /** The settings from program arguments and system properties. */
  static BenchmarkSettings from(String[] args) {
    Function<String, String> value = values(args, HELP);
    int documents = integer(value, "documents", 1_000_000);
    List<Integer> threads = integers(value, "singleThreads", "2,8");
    String report = value.apply("report");
    String dataDir = value.apply("dataDir");
    return new BenchmarkSettings(
        documents,
        integer(value, "documentBytes", 200),
        integer(value, "singleDocuments", Math.min(50_000, documents)),
        integer(value, "warmupDocuments", Math.min(20_000, documents)),
        threads,
        integer(value, "importBatch", 10_000),
        integer(value, "chunkBytes", 4 * 1024 * 1024),
        integer(value, "keysChunk", 5000),
        integer(value, "rawBatch", 1000),
        Path.of(report == null ? "benchmarks/target/minicluster-report.md" : report),
        Path.of(dataDir == null ? System.getProperty("java.io.tmpdir") : dataDir));
  }

  /** The JSON report: the Markdown report's name with {@code .json} instead of {@code .md}. */
  Path jsonReport() {
    String name = report.getFileName().toString();
    String base = name.endsWith(".md") ? name.substring(0, name.length() - 3) : name;
    return report.resolveSibling(base + ".json");
  }

  /**
   * The settings of a benchmark that understands the names in {@code help}: each name's value from
   * {@code --name=value} in {@code args}, else the system property {@code benchmark.name}; null when
   * neither gives a non-empty one.
   *
   * @throws IllegalArgumentException for an argument that is not {@code --name=value} of a known name
   */
  static Function<String, String> values(String[] args, Map<String, String> help) {
    Map<String, String> given = new HashMap<>();
    for (String arg : args) {
      int equals = arg.indexOf('=');
      if (!arg.startsWith("--") || equals < 0 || !help.containsKey(arg.substring(2, equals))) {
        throw new IllegalArgumentException("unknown argument '" + arg + "'; expected --name=value with a name of " + help);
      }
      given.put(arg.substring(2, equals), arg.substring(equals + 1).strip());
    }
    return name -> {
      String text = given.containsKey(name) ? given.get(name) : System.getProperty("benchmark." + name);
      return text == null || text.isBlank() ? null : text.strip();
    };
  }

  static int integer(Function<String, String> value, String name, int fallback) {
    String text = value.apply(name);
    return text == null ? fallback : parse(name, text);
  }

  /** A comma-separated list of whole numbers, {@code fallback} when not given. */
  static List<Integer> integers(Function<String, String> value, String name, String fallback) {
    String text = value.apply(name);
    List<Integer> numbers = new ArrayList<>();
    for (String part : (text == null ? fallback : text).split(",")) {
      numbers.add(parse(name, part.strip()));
    }
    return numbers;
  }

  private static int parse(String name, String text) {
    try {
      return Integer.parseInt(text.replace("_", ""));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be a whole number, not '" + text + "'", e);
    }
  }

  private static void positive(String name, long value) {
    if (value <= 0) {
      throw new IllegalArgumentException(name + " must be positive, not " + value);
    }
  }
}
