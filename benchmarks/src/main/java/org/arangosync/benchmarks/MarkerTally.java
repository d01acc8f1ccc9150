package org.arangosync.benchmarks;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.BitSet;

/**
 * Reads {@code application/x-arango-dump} bodies (dump chunks and WAL tail chunks) and checks that
 * every document of the {@link DocumentSet} comes back exactly once.
 *
 * <p>Each line is parsed with Jackson's streaming parser: the marker's {@code tick}, {@code type}
 * and {@code cuid} and the document's {@code _key} are read, everything else is skipped token by
 * token. That is what a syncing client has to do at the least, so the parse is part of the timed
 * phase, and it is strict enough that a truncated or garbled line fails the run.
 *
 * <p>A 2300 marker counts when its collection matches (dump lines name none; tail lines carry the
 * collection's {@code cuid}) and its tick is within the range (tail only). Other markers (the
 * 2200/2201 frame of each import transaction) are counted separately.
 */
final class MarkerTally {

  private static final JsonFactory JSON = new JsonFactory();
  private static final int DOCUMENT_UPSERT = 2300;

  private final DocumentSet documents;
  private final String collectionId;
  private final long maxTick;
  private final BitSet seen;
  private long upserts;
  private long otherMarkers;
  private long lines;
  private long parseNanos;

  /**
   * @param collectionId the {@code globallyUniqueId} a tail line must carry, or null for dump lines
   * @param maxTick the last tick to count (unsigned), or -1 (the largest unsigned value) for no limit
   */
  MarkerTally(DocumentSet documents, String collectionId, long maxTick) {
    this.documents = documents;
    this.collectionId = collectionId;
    this.maxTick = maxTick;
    this.seen = new BitSet(documents.size());
  }

  /** Counts the lines of one chunk. */
  void add(byte[] body) {
    long began = System.nanoTime();
    int start = 0;
    while (start < body.length) {
      int end = start;
      while (end < body.length && body[end] != '\n') {
        end++;
      }
      if (end > start) {
        line(body, start, end - start);
      }
      start = end + 1;
    }
    parseNanos += System.nanoTime() - began;
  }

  /** 2300 markers of the collection counted (each a distinct document of the set). */
  long upserts() {
    return upserts;
  }

  long otherMarkers() {
    return otherMarkers;
  }

  long lines() {
    return lines;
  }

  /** Time spent in {@link #add}: the client's share of a phase, reported so that it can be told from the server's. */
  double parseSeconds() {
    return parseNanos / 1e9;
  }

  /** Throws unless every document of the set was seen, exactly once, and nothing else of the collection. */
  void verifyComplete(String what) {
    if (upserts != documents.size() || seen.cardinality() != documents.size()) {
      int firstMissing = seen.nextClearBit(0);
      throw new IllegalStateException(what + " returned " + upserts + " documents (" + seen.cardinality()
          + " distinct) of " + documents.size() + " imported"
          + (firstMissing < documents.size() ? "; first missing key " + documents.key(firstMissing) : ""));
    }
  }

  private void line(byte[] body, int offset, int length) {
    lines++;
    String tick = null;
    int type = -1;
    String cuid = null;
    String key = null;
    try (JsonParser parser = JSON.createParser(body, offset, length)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        throw malformed(body, offset, length, "not a JSON object");
      }
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String field = parser.currentName();
        JsonToken value = parser.nextToken();
        switch (field) {
          case "tick" -> tick = parser.getText();
          case "type" -> type = parser.getIntValue();
          case "cuid" -> cuid = parser.getText();
          case "data" -> key = keyOf(parser, value);
          default -> parser.skipChildren();
        }
      }
      if (parser.currentToken() != JsonToken.END_OBJECT || parser.nextToken() != null) {
        throw malformed(body, offset, length, "trailing content");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("invalid x-arango-dump line: " + excerpt(body, offset, length), e);
    }
    if (tick != null && Long.compareUnsigned(Long.parseUnsignedLong(tick), maxTick) > 0) {
      return;
    }
    if (type != DOCUMENT_UPSERT) {
      otherMarkers++;
      return;
    }
    if (collectionId != null && !collectionId.equals(cuid)) {
      return;
    }
    int index = documents.indexOf(key);
    if (index < 0) {
      throw malformed(body, offset, length, "a document that was never imported (key " + key + ")");
    }
    if (seen.get(index)) {
      throw malformed(body, offset, length, "document " + key + " a second time");
    }
    seen.set(index);
    upserts++;
  }

  /** The {@code _key} of a marker's {@code data} object; the rest of it is skipped. */
  private static String keyOf(JsonParser parser, JsonToken value) throws IOException {
    if (value != JsonToken.START_OBJECT) {
      parser.skipChildren();
      return null;
    }
    String key = null;
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String field = parser.currentName();
      parser.nextToken();
      if (field.equals("_key")) {
        key = parser.getText();
      } else {
        parser.skipChildren();
      }
    }
    return key;
  }

  private static IllegalStateException malformed(byte[] body, int offset, int length, String problem) {
    return new IllegalStateException("x-arango-dump line with " + problem + ": " + excerpt(body, offset, length));
  }

  private static String excerpt(byte[] body, int offset, int length) {
    return new String(body, offset, Math.min(length, 300), java.nio.charset.StandardCharsets.UTF_8);
  }
}
