package org.arangosync.minicluster.internal.storage;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import org.arangosync.minicluster.internal.http.Json;

/**
 * How a document is stored: compact JSON that starts with {@code {"_key":"<key>"}, without
 * {@code _id} (which names the collection, and a rename must not rewrite every document).
 * {@code _id} is put back right after {@code _key} when the document is read, which keeps
 * ArangoDB's attribute order {@code _key, _id, _rev, ...}.
 *
 * <p>Keys and collection names consist of characters that JSON never escapes, so the key's
 * position in the stored bytes is known without parsing.
 */
public final class StoredDocument {

  private static final byte[] KEY_PREFIX = "{\"_key\":\"".getBytes(StandardCharsets.UTF_8);
  private static final byte[] ID_PREFIX = ",\"_id\":\"".getBytes(StandardCharsets.UTF_8);

  private StoredDocument() {}

  /** Serialises a document whose first attribute is {@code _key} and that has no {@code _id}. */
  public static byte[] encode(ObjectNode document) {
    return Json.bytes(document);
  }

  /** The stored bytes with {@code "_id":"<collection>/<key>"} after the key. */
  public static byte[] withId(byte[] stored, String collectionName) {
    int keyStart = KEY_PREFIX.length;
    int keyEnd = keyStart;
    while (stored[keyEnd] != '"') {
      keyEnd++;
    }
    int keyLength = keyEnd - keyStart;
    byte[] name = collectionName.getBytes(StandardCharsets.UTF_8);
    int insertAt = keyEnd + 1;
    byte[] out = new byte[stored.length + ID_PREFIX.length + name.length + 1 + keyLength + 1];
    System.arraycopy(stored, 0, out, 0, insertAt);
    int position = insertAt;
    System.arraycopy(ID_PREFIX, 0, out, position, ID_PREFIX.length);
    position += ID_PREFIX.length;
    System.arraycopy(name, 0, out, position, name.length);
    position += name.length;
    out[position++] = '/';
    System.arraycopy(stored, keyStart, out, position, keyLength);
    position += keyLength;
    out[position++] = '"';
    System.arraycopy(stored, insertAt, out, position, stored.length - insertAt);
    return out;
  }

  /** The {@code _rev} of a stored document: the attribute right after the key. */
  public static String revisionOf(byte[] stored) {
    String text = new String(stored, StandardCharsets.UTF_8);
    int start = text.indexOf("\"_rev\":\"") + 8;
    return text.substring(start, text.indexOf('"', start));
  }

  /** The document as the API shows it, {@code _id} included. */
  public static ObjectNode decode(byte[] stored, String collectionName) {
    return (ObjectNode) Json.parse(withId(stored, collectionName));
  }
}
