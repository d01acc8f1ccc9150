package org.arangosync.minicluster.internal.agency;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The agency's durable state: one JSON file holding the tree, the time to live of every node that
 * has one, and the commit index.
 *
 * <pre>{@code
 * {"format": "arangosync-agency", "version": 1, "commitIndex": 42,
 *  "tree": {"arangodb": {"arangosync": {"leader": "..."}}},
 *  "expiries": {"/arangodb/arangosync/leader": "2026-11-02T10:15:30.123Z"}}
 * }</pre>
 *
 * <p>The tree is written as it reads (objects are inner nodes, everything else a value), hidden
 * {@code .}-keys included. Expiries are absolute instants, so a key set with {@code ttl} before a
 * restart expires at the same moment after it, like the absolute time table ArangoDB persists
 * with its compaction snapshots ({@code Store::dumpToBuilder}).
 *
 * <p>{@link #save} replaces the file atomically: it writes a sibling temporary file, forces it to
 * disk, renames it over the state file and forces the directory, so a crash leaves either the old
 * or the new state, never a mixture. Not thread-safe; the store calls it under its lock.
 */
final class StateFile {

  static final String FORMAT = "arangosync-agency";
  static final int VERSION = 1;

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(StateFile.class);
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final Path file;
  private final Path temporary;
  private boolean directorySyncSupported = true;

  StateFile(Path file) {
    this.file = file.toAbsolutePath();
    this.temporary = this.file.resolveSibling(this.file.getFileName() + ".tmp");
  }

  /** What was last saved. */
  record Snapshot(Node root, long commitIndex) {}

  /**
   * The saved state, or empty if nothing was ever saved. A leftover temporary file is removed: it
   * belongs to a save that never completed and so was never acknowledged.
   *
   * @throws IOException if the file cannot be read or is not a state file of this format
   */
  Optional<Snapshot> load() throws IOException {
    Files.deleteIfExists(temporary);
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    JsonNode state;
    try {
      state = MAPPER.readTree(file.toFile());
    } catch (JsonProcessingException e) {
      throw new IOException("agency state file " + file + " is not valid JSON", e);
    }
    if (state == null
        || !state.isObject()
        || !FORMAT.equals(state.path("format").asText())
        || state.path("version").asInt() != VERSION
        || !state.path("commitIndex").isIntegralNumber()
        || !state.path("commitIndex").canConvertToLong()
        || state.path("commitIndex").longValue() < 0
        || !state.has("tree")
        || !state.path("expiries").isObject()) {
      throw new IOException(
          "agency state file " + file + " is not a " + FORMAT + " file of version " + VERSION);
    }
    Node root = Node.fromJson(state.get("tree"));
    for (Map.Entry<String, JsonNode> expiry : state.get("expiries").properties()) {
      root = withExpiry(root, expiry.getKey(), expiry.getValue());
    }
    return Optional.of(new Snapshot(root, state.get("commitIndex").longValue()));
  }

  private Node withExpiry(Node root, String key, JsonNode instant) throws IOException {
    List<String> path = AgencyPath.split(key);
    if (root.get(path) == null || !instant.isTextual()) {
      throw new IOException("agency state file " + file + " has an invalid expiry for " + key);
    }
    Instant expiresAt;
    try {
      expiresAt = Instant.parse(instant.textValue());
    } catch (DateTimeException e) {
      throw new IOException("agency state file " + file + " has an invalid expiry for " + key, e);
    }
    return root.update(path, node -> node.withExpiry(expiresAt));
  }

  /** Replaces the saved state by {@code root} and {@code commitIndex}, durably. */
  void save(Node root, long commitIndex) throws IOException {
    ObjectNode state = MAPPER.createObjectNode();
    state.put("format", FORMAT);
    state.put("version", VERSION);
    state.put("commitIndex", commitIndex);
    state.set("tree", root.render(true));
    ObjectNode expiries = state.putObject("expiries");
    root.forEachExpiry(
        (path, instant) -> expiries.put(AgencyPath.format(path), instant.toString()));
    byte[] bytes = MAPPER.writeValueAsBytes(state);

    Path directory = file.getParent();
    Files.createDirectories(directory);
    try (FileChannel channel =
        FileChannel.open(
            temporary,
            StandardOpenOption.CREATE,
            StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.WRITE)) {
      ByteBuffer buffer = ByteBuffer.wrap(bytes);
      while (buffer.hasRemaining()) {
        channel.write(buffer);
      }
      channel.force(true);
    }
    try {
      Files.move(
          temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      throw new IOException("cannot replace " + file + " atomically on this file system", e);
    }
    syncDirectory(directory);
  }

  /**
   * Forces the directory entry of the rename to disk, so the new state survives a power loss.
   * Some platforms (Windows) cannot open a directory for this; there the rename is as durable as
   * the file system makes it, which is said once in the log rather than failing every write.
   */
  private void syncDirectory(Path directory) throws IOException {
    if (!directorySyncSupported) {
      return;
    }
    FileChannel channel;
    try {
      channel = FileChannel.open(directory, StandardOpenOption.READ);
    } catch (IOException e) {
      directorySyncSupported = false;
      LOG.warn("Cannot open {} to force it to disk; agency renames rely on the file system alone", directory, e);
      return;
    }
    try (channel) {
      channel.force(true);
    }
  }
}
