package org.arangosync.benchmarks;

/**
 * The measurement of one benchmark phase.
 *
 * <p>Throughput is given twice in bytes: {@code documentBytes} counts the generated JSON of the
 * documents the phase handled (the same measure in every phase, so MB/s compare like docs/s do),
 * {@code wireBytes} the HTTP request and response bodies actually transferred (with {@code _id},
 * {@code _rev} and marker envelopes; 0 for the raw RocksDB phases, which have no wire).
 *
 * @param name the phase as the report shows it
 * @param documents documents handled (written, read or hashed) and verified
 * @param nanos elapsed time by {@link System#nanoTime()}
 * @param documentBytes JSON bytes of those documents as generated
 * @param wireBytes HTTP body bytes sent and received
 * @param baseline the raw RocksDB phase this one is compared to, or null for none
 * @param detail how the phase ran (requests, threads, chunk size) and what was verified
 */
record PhaseResult(String name, long documents, long nanos, long documentBytes, long wireBytes, String baseline, String detail) {

  /** The name of the raw RocksDB write phase, the ceiling of the write phases. */
  static final String RAW_PUT = "raw RocksDB put";
  /** The name of the raw RocksDB scan phase, the ceiling of the read phases. */
  static final String RAW_SCAN = "raw RocksDB scan";

  double seconds() {
    return nanos / 1e9;
  }

  double documentsPerSecond() {
    return documents / seconds();
  }

  /** Document JSON megabytes (10^6 bytes) per second. */
  double megabytesPerSecond() {
    return documentBytes / 1e6 / seconds();
  }

  /** HTTP body megabytes (10^6 bytes) per second. */
  double wireMegabytesPerSecond() {
    return wireBytes / 1e6 / seconds();
  }
}
