package org.arangosync.minicluster.conformance;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Which recorded transcripts the mini cluster must reproduce, and why the others are left out.
 *
 * <p>The mini cluster is a single RocksDB server speaking the 3.11 API (DESIGN.md §5), so the
 * newest recording of each example is its truth: every 3.11 file of the families it serves
 * (replication logger, server id, WAL access, documents, import, collections, databases, version,
 * endpoint), plus the 3.4 document-handler files, which record the oldest supported release of the
 * API a replicator writes with. Every other file is reported as skipped with a reason, so nothing
 * disappears silently; a file that fits no rule fails the selection instead of being guessed.
 */
public final class ApplicableTranscripts {

  /** The system property surefire sets to the repository's {@code ../shared}. */
  public static final String SHARED_DIRECTORY_PROPERTY = "arangosync.shared.dir";

  /** Where the shared material lives when the property is missing (a standalone run). */
  static final Path DEFAULT_SHARED_DIRECTORY = Path.of("/work/shared");

  static final String NEWEST_VERSION = "3.11";
  static final String OLDEST_DOCUMENT_API_VERSION = "3.4";
  static final String OUT_OF_RANGE_VERSION = "3.3";

  static final String APPLIER_REASON =
      "the applier is served by arangosync run applier, issue 6, not by the server";
  static final String MMFILES_REASON = "MMFiles engine; the mini cluster is RocksDB";
  static final String PRE_34_REASON = "pre-3.4, outside the supported range";
  static final String NO_RESPONSE_REASON = "transcript records no response";
  static final String SIMPLE_QUERIES_REASON =
      "calls the Simple Queries API (PUT /_api/simple/all-keys), not the document API the mini cluster serves";
  static final String SUPERSEDED_REASON =
      "older recording of an example whose 3.11 recording is replayed";

  /** File-name prefixes of the 3.11 families the mini cluster serves. */
  private static final List<String> SERVED_FAMILIES = List.of(
      "RestReplicationLogger",
      "RestReplicationServerId",
      "RestWalAccess",
      "RestDocumentHandler",
      "RestImportJson",
      "RestCollection",
      "RestDatabase",
      "RestVersion",
      "RestEndpointGet");

  private ApplicableTranscripts() {}

  /**
   * A transcript left out of the replay.
   *
   * @param id {@code version/name}
   * @param reason why it is not replayed
   */
  public record Skipped(String id, String reason) {}

  /**
   * The outcome of the selection.
   *
   * @param applicable the transcripts to replay, ordered by version and name
   * @param skipped every other transcript file with its reason, in the same order
   */
  public record Selection(List<Transcript> applicable, List<Skipped> skipped) {
    public Selection {
      applicable = List.copyOf(applicable);
      skipped = List.copyOf(skipped);
    }
  }

  /** {@code <shared>/arangodb-transcripts}, from {@value #SHARED_DIRECTORY_PROPERTY} or the default location. */
  public static Path transcriptsRoot() {
    String configured = System.getProperty(SHARED_DIRECTORY_PROPERTY);
    Path shared = configured == null || configured.isBlank() ? DEFAULT_SHARED_DIRECTORY : Path.of(configured);
    return shared.resolve("arangodb-transcripts");
  }

  /** Every {@code .generated} file under the root, ordered by version folder and file name. */
  public static List<Path> allTranscriptFiles(Path root) throws IOException {
    try (Stream<Path> files = Files.walk(root, 2)) {
      return files
          .filter(file -> file.getFileName().toString().endsWith(".generated"))
          .sorted(Comparator.comparing((Path file) -> versionKey(file.getParent().getFileName().toString()))
              .thenComparing(file -> file.getFileName().toString()))
          .toList();
    }
  }

  /** Selects from every transcript file under the root; 3.3 files are skipped without being parsed. */
  public static Selection select(Path root) throws IOException {
    List<Transcript> applicable = new ArrayList<>();
    List<Skipped> skipped = new ArrayList<>();
    for (Path file : allTranscriptFiles(root)) {
      String version = file.getParent().getFileName().toString();
      String name = file.getFileName().toString().replaceFirst("\\.generated$", "");
      Optional<String> reasonWithoutParsing = reasonToSkipByName(version, name);
      if (reasonWithoutParsing.isPresent()) {
        skipped.add(new Skipped(version + "/" + name, reasonWithoutParsing.get()));
        continue;
      }
      Transcript transcript = TranscriptParser.parse(file);
      if (!transcript.hasRecordedResponse()) {
        skipped.add(new Skipped(transcript.id(), NO_RESPONSE_REASON));
      } else {
        applicable.add(transcript);
      }
    }
    return new Selection(applicable, skipped);
  }

  /**
   * The reason a file is not replayed that follows from its version and name alone, or empty when
   * it belongs to a served family (it is then replayed if it records a response).
   *
   * @throws IllegalStateException for a 3.4+ file no rule covers, so a new fixture is classified on purpose
   */
  static Optional<String> reasonToSkipByName(String version, String name) {
    if (version.equals(OUT_OF_RANGE_VERSION)) {
      return Optional.of(PRE_34_REASON);
    }
    if (name.startsWith("RestReplicationApplier")) {
      return Optional.of(APPLIER_REASON);
    }
    if (name.endsWith("_mmfiles")) {
      return Optional.of(MMFILES_REASON);
    }
    boolean servedFamily = SERVED_FAMILIES.stream().anyMatch(name::startsWith);
    if (version.equals(NEWEST_VERSION) && servedFamily) {
      return Optional.empty();
    }
    if (version.equals(OLDEST_DOCUMENT_API_VERSION) && name.startsWith("RestDocumentHandlerReadDocumentAll")
        && !name.equals("RestDocumentHandlerReadDocumentAllCollectionDoesNotExist")) {
      return Optional.of(SIMPLE_QUERIES_REASON);
    }
    if (version.equals(OLDEST_DOCUMENT_API_VERSION) && name.startsWith("RestDocumentHandler")) {
      return Optional.empty();
    }
    if (servedFamily && !version.equals(NEWEST_VERSION)) {
      return Optional.of(SUPERSEDED_REASON);
    }
    throw new IllegalStateException("no selection rule covers transcript " + version + "/" + name
        + "; classify it in ApplicableTranscripts");
  }

  /** Orders "3.4" before "3.10" (numeric, not lexical). */
  private static String versionKey(String version) {
    String[] parts = version.split("\\.");
    StringBuilder key = new StringBuilder();
    for (String part : parts) {
      key.append(String.format("%05d", parseOrZero(part)));
    }
    return key.toString();
  }

  private static int parseOrZero(String number) {
    try {
      return Integer.parseInt(number);
    } catch (NumberFormatException notANumber) {
      return 0;
    }
  }
}
