package org.arangosync.minicluster.internal.storage;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** Document keys: ArangoDB's rules for a valid {@code _key}, and their byte layout in RocksDB. */
public final class DocumentKeys {

  /** ArangoDB accepts keys of at most 254 bytes. */
  public static final int MAX_LENGTH = 254;

  private DocumentKeys() {}

  /** Whether {@code key} is a valid document key: 1–254 characters of letters, digits and {@code _-:.@()+,=;$!*'%}. */
  public static boolean isValid(String key) {
    if (key == null || key.isEmpty() || key.length() > MAX_LENGTH) {
      return false;
    }
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || "_-:.@()+,=;$!*'%".indexOf(c) >= 0;
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  /** The RocksDB key of a document: the collection's object id (big-endian) and the key's bytes. */
  public static byte[] documentKey(long objectId, String key) {
    byte[] keyBytes = key.getBytes(StandardCharsets.UTF_8);
    return ByteBuffer.allocate(8 + keyBytes.length).putLong(objectId).put(keyBytes).array();
  }

  /** The first RocksDB key of a collection (inclusive). */
  public static byte[] collectionStart(long objectId) {
    return ByteBuffer.allocate(8).putLong(objectId).array();
  }

  /** The first RocksDB key after a collection (exclusive). */
  public static byte[] collectionEnd(long objectId) {
    return ByteBuffer.allocate(8).putLong(objectId + 1).array();
  }

  /** The document key part of a RocksDB key. */
  public static String keyOf(byte[] rocksKey) {
    return new String(rocksKey, 8, rocksKey.length - 8, StandardCharsets.UTF_8);
  }

  public static long objectIdOf(byte[] rocksKey) {
    return ByteBuffer.wrap(rocksKey, 0, 8).getLong();
  }
}
