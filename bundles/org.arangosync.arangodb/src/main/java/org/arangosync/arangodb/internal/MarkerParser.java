package org.arangosync.arangodb.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.Arrays;
import org.arangosync.api.Tick;
import org.arangosync.api.spi.replication.LogMarker;
import org.arangosync.api.spi.store.Change;

/**
 * Reads the lines of an {@code application/x-arango-dump} body ({@code /_api/wal/tail},
 * {@code /_api/replication/dump}) with Jackson's streaming parser: the envelope's fields are read,
 * the {@code data} object is cut out as bytes (its {@code _key} and {@code _rev} read on the way),
 * and no tree is built. Accepts the WAL shape ({@code tick}, {@code type}, {@code tid},
 * {@code data}), the RocksDB dump shape (no tick) and the legacy MMFiles shape (tick in the dump).
 */
public final class MarkerParser {

  private static final JsonFactory JSON = new JsonFactory();

  private MarkerParser() {}

  /**
   * Parses one line.
   *
   * @throws IOException if the line is not one JSON object with a numeric type
   */
  public static Change parse(byte[] buffer, int offset, int length) throws IOException {
    try (JsonParser parser = JSON.createParser(buffer, offset, length)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        throw new IOException("a marker line must be a JSON object");
      }
      return marker(parser, buffer, offset).change();
    }
  }

  /**
   * Parses every marker of a body (one JSON object per line) with one parser, in order.
   *
   * @throws IOException at the first value that is not a marker
   */
  public static void parseAll(byte[] body, java.util.function.Consumer<Change> each) throws IOException {
    parseFields(body, fields -> each.accept(fields.change()));
  }

  /** As {@link #parseAll}, keeping the database and collection of each marker (database-wide tailing). */
  public static void parseAllMarkers(byte[] body, java.util.function.Consumer<LogMarker> each) throws IOException {
    parseFields(body, fields -> each.accept(fields.logMarker()));
  }

  /** One marker's fields, before it becomes a {@link Change} or a {@link LogMarker}. */
  private record Fields(Tick tick, int type, String tid, String db, String cuid, String key, String revision, byte[] data) {
    Change change() {
      return new Change(tick, type, tid, key, revision, data);
    }

    LogMarker logMarker() {
      return new LogMarker(tick, type, db, cuid, tid, key, revision, data);
    }
  }

  private static void parseFields(byte[] body, java.util.function.Consumer<Fields> each) throws IOException {
    try (JsonParser parser = JSON.createParser(body)) {
      JsonToken token;
      while ((token = parser.nextToken()) != null) {
        if (token != JsonToken.START_OBJECT) {
          throw new IOException("a marker line must be a JSON object");
        }
        each.accept(marker(parser, body, 0));
      }
    }
  }

  /** Reads one marker object whose START_OBJECT the parser has just read. */
  private static Fields marker(JsonParser parser, byte[] buffer, int offset) throws IOException {
    Tick tick = Tick.ZERO;
    int type = -1;
    String tid = "0";
    String db = null;
    String cuid = null;
    String key = null;
    String revision = null;
    byte[] data = null;
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String field = parser.currentName();
      JsonToken value = parser.nextToken();
      switch (field) {
        case "tick":
          tick = Tick.parse(parser.getValueAsString());
          break;
        case "type":
          if (value != JsonToken.VALUE_NUMBER_INT) {
            throw new IOException("marker type must be a number");
          }
          type = parser.getIntValue();
          break;
        case "tid":
          tid = parser.getValueAsString();
          break;
        case "db":
          db = parser.getValueAsString();
          break;
        case "cuid":
          cuid = parser.getValueAsString();
          break;
        case "data":
          if (value == JsonToken.START_OBJECT) {
            int start = (int) parser.currentTokenLocation().getByteOffset();
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
              String name = parser.currentName();
              parser.nextToken();
              if (name.equals("_key")) {
                key = parser.getValueAsString();
              } else if (name.equals("_rev")) {
                revision = parser.getValueAsString();
              } else {
                parser.skipChildren();
              }
            }
            int end = (int) parser.currentLocation().getByteOffset();
            data = Arrays.copyOfRange(buffer, offset + start, offset + end);
          } else {
            parser.skipChildren();
          }
          break;
        default:
          parser.skipChildren();
      }
    }
    if (type < 0) {
      throw new IOException("a marker line has no type");
    }
    return new Fields(tick, type, tid, db, cuid, key, revision, data);
  }
}
