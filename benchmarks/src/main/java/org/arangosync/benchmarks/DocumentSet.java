package org.arangosync.benchmarks;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * The benchmark's documents: small JSON objects of a chosen size, generated once, deterministically,
 * before anything is timed, and shared by every phase so that the mini cluster and raw RocksDB
 * handle exactly the same bytes.
 *
 * <p>Document {@code i} has the key {@code d} followed by {@code i} zero-padded to a fixed width, so
 * that key order is index order (the keys API returns chunks in key order) and a key read back from
 * the server maps to its index without a lookup table. The other attributes look like a small
 * business record; a {@code note} of random letters pads the document to the requested size and
 * keeps it from compressing unrealistically well.
 */
final class DocumentSet {

  private static final byte[] ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789 ".getBytes(StandardCharsets.US_ASCII);
  private static final String[] TAGS = {"red", "green", "blue", "urgent", "archived", "export", "retail", "b2b"};
  /** Fixed, so that two runs store the same bytes. */
  private static final long SEED = 0x5eed_2024L;

  private final byte[][] documents;
  private final int keyWidth;
  private final long totalBytes;

  private DocumentSet(byte[][] documents, int keyWidth, long totalBytes) {
    this.documents = documents;
    this.keyWidth = keyWidth;
    this.totalBytes = totalBytes;
  }

  /** {@code count} documents of {@code targetBytes} each, or slightly more where the fixed attributes need it. */
  static DocumentSet generate(int count, int targetBytes) {
    int keyWidth = Math.max(7, Integer.toString(count - 1).length());
    SplittableRandom random = new SplittableRandom(SEED);
    byte[][] documents = new byte[count][];
    long total = 0;
    for (int i = 0; i < count; i++) {
      StringBuilder json = new StringBuilder(targetBytes + 16);
      json.append("{\"_key\":\"").append(key(i, keyWidth)).append('"');
      json.append(",\"customer\":\"c-").append(random.nextInt(1_000_000)).append('"');
      int cents = random.nextInt(10_000_000);
      json.append(",\"amount\":").append(cents / 100).append('.').append(cents % 100 / 10).append(cents % 10);
      json.append(",\"quantity\":").append(1 + random.nextInt(100));
      json.append(",\"open\":").append(random.nextBoolean());
      json.append(",\"tags\":[\"").append(TAGS[random.nextInt(TAGS.length)]).append("\",\"")
          .append(TAGS[random.nextInt(TAGS.length)]).append("\"]");
      json.append(",\"note\":\"");
      // Whatever the fixed part leaves of the target, minus the closing quote and brace.
      int filler = Math.max(0, targetBytes - json.length() - 2);
      for (int c = 0; c < filler; c++) {
        json.append((char) ALPHABET[random.nextInt(ALPHABET.length)]);
      }
      json.append("\"}");
      documents[i] = json.toString().getBytes(StandardCharsets.US_ASCII);
      total += documents[i].length;
    }
    return new DocumentSet(documents, keyWidth, total);
  }

  int size() {
    return documents.length;
  }

  /** The JSON of document {@code index}; shared, not to be modified. */
  byte[] json(int index) {
    return documents[index];
  }

  String key(int index) {
    return key(index, keyWidth);
  }

  /** The index of the document with this key, or -1 when no document of this set has it. */
  int indexOf(String key) {
    if (key == null || key.length() != keyWidth + 1 || key.charAt(0) != 'd') {
      return -1;
    }
    int index = 0;
    for (int i = 1; i < key.length(); i++) {
      char digit = key.charAt(i);
      if (digit < '0' || digit > '9') {
        return -1;
      }
      index = index * 10 + (digit - '0');
    }
    return index < documents.length ? index : -1;
  }

  /** The JSON bytes of all documents. */
  long totalBytes() {
    return totalBytes;
  }

  /** The JSON bytes of documents {@code from} (inclusive) to {@code to} (exclusive). */
  long bytes(int from, int to) {
    long sum = 0;
    for (int i = from; i < to; i++) {
      sum += documents[i].length;
    }
    return sum;
  }

  /** Documents {@code from} (inclusive) to {@code to} (exclusive) as JSON lines, the import's {@code type=documents}. */
  byte[] jsonLines(int from, int to) {
    ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(Integer.MAX_VALUE - 8, bytes(from, to) + (to - from)));
    for (int i = from; i < to; i++) {
      out.write(documents[i], 0, documents[i].length);
      out.write('\n');
    }
    return out.toByteArray();
  }

  private static String key(int index, int width) {
    String digits = Integer.toString(index);
    StringBuilder key = new StringBuilder(width + 1).append('d');
    for (int pad = digits.length(); pad < width; pad++) {
      key.append('0');
    }
    return key.append(digits).toString();
  }
}
