package org.arangosync.core.internal.sync;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.arangosync.api.Tick;
import org.arangosync.api.spi.store.Change;
import org.arangosync.api.spi.store.KeyChunk;
import org.arangosync.api.spi.store.KeyRevision;
import org.arangosync.api.spi.transport.EnvelopeException;

/**
 * The messages of one shard's synchronisation, as the payload of transport envelopes (JSON with a
 * {@code type}). Requests go on the shard's control channel (target to source), answers, changes
 * and heartbeats on its data channel (source to target).
 *
 * <p>Every message carries the {@code session} of the target's request it belongs to: a target
 * starts a new session whenever it starts over (restart, resynchronisation), and both sides ignore
 * messages of other sessions, so that messages delivered again (at-least-once) or left over from
 * an earlier session never mix into the current one.
 *
 * <p>The protocol: the target asks {@link Sync} (with the signatures of its own key chunks) or
 * {@link Resume} (from the last tick it applied). For a sync the source takes a snapshot and
 * answers {@link Plan} (the snapshot's tick and which of the target's chunks are equal to one of
 * its own), then {@link Keys} for each of its chunks that no target chunk equals, in key order, and
 * {@link KeysDone}. The target compares those keys with its own, removes what the source lacks and
 * asks {@link Fetch} for what differs; the source answers {@link Documents}. When all is fetched the
 * target says {@link Synced}, and the source tails the WAL from the snapshot's tick: {@link Changes}.
 * A source whose WAL no longer holds the tick to resume from answers {@link Resync}.
 * {@link Heartbeat}s flow both ways while nothing else does.
 *
 * <p>Each side numbers the messages it sends in a session ({@code seq} 1, 2, 3, ...; a heartbeat
 * carries the number of the last message sent before it), so that the other side notices a message
 * that never reached it — taken by a second reader of the channel (a task that moved while its old
 * worker still ran it), or dropped by a producer that started its channel afresh — instead of
 * resuming past it. A resent message keeps no number of its own: numbers may repeat after a failed
 * send, never skip. A message without {@code seq} (0) is not checked.
 */
sealed interface ShardMessage {

  /** The format this version writes and the newest it reads. */
  int FORMAT = 1;

  long session();

  /** Target to source: synchronise incrementally against these target key chunks. */
  record Sync(long session, List<KeyChunk> targetChunks) implements ShardMessage {}

  /** Target to source: continue with the changes after {@code tick}. */
  record Resume(long session, Tick tick) implements ShardMessage {}

  /** Target to source: the documents at {@code positions} of the source's chunk {@code chunk}. */
  record Fetch(long session, int chunk, List<Integer> positions) implements ShardMessage {}

  /** Target to source: the initial synchronisation is complete; send changes after the snapshot. */
  record Synced(long session) implements ShardMessage {}

  /**
   * Source to target: the snapshot's tick, about how many documents it holds, and the indexes of
   * the target's chunks that equal a source chunk (their keys are skipped on both sides).
   */
  record Plan(long session, Tick tick, long documents, int sourceChunks, List<Integer> equalTargetChunks) implements ShardMessage {}

  /** Source to target: the keys and revisions of one source chunk that no target chunk equals. */
  record Keys(long session, int chunk, List<KeyRevision> keys) implements ShardMessage {}

  /** Source to target: every differing chunk's keys were sent. */
  record KeysDone(long session) implements ShardMessage {}

  /** Source to target: fetched documents of one chunk; {@code last} ends the answer to one fetch. */
  record Documents(long session, int chunk, boolean last, List<Change> documents) implements ShardMessage {}

  /** Source to target: document changes from the WAL, in tick order; {@code sentAt} in epoch millis. */
  record Changes(long session, long sentAt, List<Change> changes) implements ShardMessage {}

  /** Source to target: the WAL no longer holds the tick to resume from; synchronise again. */
  record Resync(long session, String reason) implements ShardMessage {}

  /**
   * Either way: alive. From the source, {@code position} is the WAL position everything before
   * which was sent (the target may resume from there); from the target it is the applied tick.
   */
  record Heartbeat(long session, long sentAt, Tick position) implements ShardMessage {}

  // ------------------------------------------------------------------------------------ codec

  ObjectMapper JSON = new ObjectMapper();

  /** A message as it was read, with its sequence number in its session (0: not numbered). */
  record Numbered(long seq, ShardMessage message) {}

  /** The message as JSON bytes, without a sequence number. */
  static byte[] encode(ShardMessage message) {
    return encode(message, 0);
  }

  /** The message as JSON bytes, numbered {@code seq} in its session; document data is embedded as JSON, not re-encoded. */
  static byte[] encode(ShardMessage message, long seq) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    try (JsonGenerator json = JSON.getFactory().createGenerator(out)) {
      json.writeStartObject();
      json.writeNumberField("format", FORMAT);
      json.writeStringField("type", typeName(message));
      json.writeNumberField("session", message.session());
      if (seq > 0) {
        json.writeNumberField("seq", seq);
      }
      if (message instanceof Sync sync) {
        json.writeArrayFieldStart("chunks");
        for (KeyChunk chunk : sync.targetChunks()) {
          json.writeStartArray();
          json.writeString(chunk.low());
          json.writeString(chunk.high());
          json.writeString(chunk.hash());
          json.writeEndArray();
        }
        json.writeEndArray();
      } else if (message instanceof Resume resume) {
        json.writeStringField("tick", resume.tick().toString());
      } else if (message instanceof Fetch fetch) {
        json.writeNumberField("chunk", fetch.chunk());
        json.writeArrayFieldStart("positions");
        for (int position : fetch.positions()) {
          json.writeNumber(position);
        }
        json.writeEndArray();
      } else if (message instanceof Plan plan) {
        json.writeStringField("tick", plan.tick().toString());
        json.writeNumberField("documents", plan.documents());
        json.writeNumberField("sourceChunks", plan.sourceChunks());
        json.writeArrayFieldStart("equalTargetChunks");
        for (int index : plan.equalTargetChunks()) {
          json.writeNumber(index);
        }
        json.writeEndArray();
      } else if (message instanceof Keys keys) {
        json.writeNumberField("chunk", keys.chunk());
        json.writeArrayFieldStart("keys");
        for (KeyRevision key : keys.keys()) {
          json.writeStartArray();
          json.writeString(key.key());
          json.writeString(key.revision());
          json.writeEndArray();
        }
        json.writeEndArray();
      } else if (message instanceof Documents documents) {
        json.writeNumberField("chunk", documents.chunk());
        json.writeBooleanField("last", documents.last());
        writeChanges(json, "documents", documents.documents());
      } else if (message instanceof Changes changes) {
        json.writeNumberField("sentAt", changes.sentAt());
        writeChanges(json, "changes", changes.changes());
      } else if (message instanceof Resync resync) {
        json.writeStringField("reason", resync.reason());
      } else if (message instanceof Heartbeat heartbeat) {
        json.writeNumberField("sentAt", heartbeat.sentAt());
        json.writeStringField("position", heartbeat.position().toString());
      }
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private static void writeChanges(JsonGenerator json, String field, List<Change> changes) throws IOException {
    json.writeArrayFieldStart(field);
    for (Change change : changes) {
      json.writeStartObject();
      json.writeStringField("tick", change.tick().toString());
      json.writeNumberField("type", change.type());
      json.writeStringField("key", change.key());
      if (change.revision() != null) {
        json.writeStringField("rev", change.revision());
      }
      if (change.data() != null) {
        json.writeFieldName("data");
        json.writeRawValue(new String(change.data(), StandardCharsets.UTF_8));
      }
      json.writeEndObject();
    }
    json.writeEndArray();
  }

  /**
   * Reads a message.
   *
   * @throws EnvelopeException naming what is wrong: not JSON, a newer format (upgrade this side),
   *     an unknown type, a missing field
   */
  static ShardMessage decode(byte[] payload) {
    return decodeNumbered(payload).message();
  }

  /** Reads a message and its sequence number; fails as {@link #decode} does. */
  static Numbered decodeNumbered(byte[] payload) {
    JsonNode json;
    try {
      json = JSON.readTree(payload);
    } catch (IOException e) {
      throw new EnvelopeException("a shard message that is not JSON: " + e.getMessage());
    }
    if (json == null || !json.isObject()) {
      throw new EnvelopeException("a shard message must be a JSON object");
    }
    int format = json.path("format").asInt(0);
    if (format > FORMAT) {
      throw new EnvelopeException("shard message format " + format + " is newer than this arangosync reads (" + FORMAT
          + "); upgrade this side to the other datacenter's version");
    }
    long session = required(json, "session").asLong();
    String type = required(json, "type").asText();
    try {
      return new Numbered(json.path("seq").asLong(0), message(json, session, type));
    } catch (IllegalArgumentException e) {
      throw new EnvelopeException("a " + type + " shard message with a bad field: " + e.getMessage());
    }
  }

  private static ShardMessage message(JsonNode json, long session, String type) {
    return switch (type) {
      case "sync" -> {
        List<KeyChunk> chunks = new ArrayList<>();
        for (JsonNode chunk : required(json, "chunks")) {
          chunks.add(new KeyChunk(chunks.size(), chunk.path(0).asText(), chunk.path(1).asText(), chunk.path(2).asText()));
        }
        yield new Sync(session, chunks);
      }
      case "resume" -> new Resume(session, Tick.parse(required(json, "tick").asText()));
      case "fetch" -> new Fetch(session, required(json, "chunk").asInt(), integers(required(json, "positions")));
      case "synced" -> new Synced(session);
      case "plan" -> new Plan(session, Tick.parse(required(json, "tick").asText()), json.path("documents").asLong(),
          required(json, "sourceChunks").asInt(), integers(required(json, "equalTargetChunks")));
      case "keys" -> {
        List<KeyRevision> keys = new ArrayList<>();
        for (JsonNode pair : required(json, "keys")) {
          keys.add(new KeyRevision(pair.path(0).asText(), pair.path(1).asText()));
        }
        yield new Keys(session, required(json, "chunk").asInt(), keys);
      }
      case "keys-done" -> new KeysDone(session);
      case "documents" -> new Documents(session, required(json, "chunk").asInt(), json.path("last").asBoolean(),
          changes(required(json, "documents")));
      case "changes" -> new Changes(session, json.path("sentAt").asLong(), changes(required(json, "changes")));
      case "resync" -> new Resync(session, json.path("reason").asText(""));
      case "heartbeat" -> new Heartbeat(session, json.path("sentAt").asLong(), Tick.parse(required(json, "position").asText()));
      default -> throw new EnvelopeException("a shard message of unknown type '" + type + "'; upgrade this side");
    };
  }

  private static JsonNode required(JsonNode json, String field) {
    JsonNode value = json.get(field);
    if (value == null || value.isNull()) {
      throw new EnvelopeException("a shard message without '" + field + "'");
    }
    return value;
  }

  private static List<Integer> integers(JsonNode array) {
    List<Integer> values = new ArrayList<>(array.size());
    array.forEach(value -> values.add(value.asInt()));
    return values;
  }

  private static List<Change> changes(JsonNode array) {
    List<Change> changes = new ArrayList<>(array.size());
    for (JsonNode change : array) {
      JsonNode data = change.get("data");
      changes.add(new Change(Tick.parse(change.path("tick").asText("0")), change.path("type").asInt(), "0",
          change.path("key").asText(null), change.path("rev").asText(null), data == null ? null : bytes(data)));
    }
    return changes;
  }

  private static byte[] bytes(JsonNode node) {
    try {
      return JSON.writeValueAsBytes(node);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String typeName(ShardMessage message) {
    // The wire name of each record: its simple name in kebab case (KeysDone: keys-done).
    return message.getClass().getSimpleName().replaceAll("([a-z])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT);
  }
}
